"""Real playbooks: a fleet under the rate limit with forks 20, and two playbooks fighting over the same instances; the
fleet modules' threads under the rate limit, in real time."""

from __future__ import annotations

import math
import threading

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._fleet import converge_fleet
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS

from .conftest import record_figures, run_playbook

KEY = 'oc_live_reliability_fleet_secret'
LIMIT, WINDOW = 100, 6.0  # 100 requests a minute, scaled down ten times in time
INSTANCES = 60
ACTION_SECONDS = 0.3  # start and stop take effect after 3 s, scaled the same way

CONVERGE = '''
- name: Converge the fleet
  hosts: all
  gather_facts: false
  tasks:
    - name: Converge this host's instance
      openclaw.hosting.clawhosters_instance:
        id: "{{ instance_id }}"
        state: %s
        wait_timeout: 30
'''


def fleet_scene(simulator, statuses, rate_limit=None):
    config = {'clawhosters': {KEY: [{'name': 'bot-%02d' % index, 'status': status} for index, status in enumerate(statuses)]},
              'timings': {'action': ACTION_SECONDS, 'restart': ACTION_SECONDS}}
    if rate_limit:
        config['rate_limit'] = rate_limit
    ids = simulator.control('POST', '/reset', config)['clawhosters'][KEY]
    return {'bot-%02d' % index: {'instance_id': instance_id} for index, instance_id in enumerate(ids)}


def environment(simulator, forks):
    return {'CLAWHOSTERS_API_KEY': KEY, 'CLAWHOSTERS_API_URL': simulator.api_url, 'ANSIBLE_FORKS': str(forks)}


def test_forks_20_drive_60_instances_under_the_rate_limit(simulator, tmp_path):
    # a mixed start: two in three are running and must be stopped, the others are already stopped
    statuses = ['running' if index % 3 else 'stopped' for index in range(INSTANCES)]
    hosts = fleet_scene(simulator, statuses, {'limit': LIMIT, 'window': WINDOW})
    code, output, seconds, recap = run_playbook(tmp_path, CONVERGE % 'stopped', hosts, environment(simulator, 20))
    assert code == 0, output[-3000:]
    assert sorted(recap) == sorted(hosts) and all(counts['failed'] == 0 for counts in recap.values())
    changed = sum(counts['changed'] for counts in recap.values())
    assert changed == statuses.count('running')
    assert {inst['status'] for inst in simulator.instances().values()} == {'stopped'}
    assert KEY not in output and 'Traceback' not in output

    served = simulator.control('GET', '/requests')['requests']
    answered = [r for r in served if r['status'] != 429]
    # the least a converge can cost: one read per instance, then an action and one read that shows it done
    minimum = INSTANCES + 2 * changed
    bound = math.ceil(minimum / LIMIT - 1) * WINDOW  # all but the first window's worth must wait for a new window
    # every task decides from its own read of its instance's details: tasks by id never read a list
    lists = [r for r in served if r['path'].endswith('/instances')]
    acted, first_reads = set(), len(lists)
    for entry in served:  # in the order served: a detail read of an instance before its action is a first read
        instance = entry['path'].split('/')[-1 if entry['method'] == 'GET' else -2]
        if entry['method'] == 'POST':
            acted.add(instance)
        elif entry not in lists and instance not in acted:
            first_reads += 1
    record_figures('fleet', {
        'instances': INSTANCES, 'forks': 20, 'limit': '%d per %gs' % (LIMIT, WINDOW), 'changed': changed,
        'requests': len(served), 'answered': len(answered), 'rate_limited_429': len(served) - len(answered),
        'minimum_requests': minimum, 'seconds': round(seconds, 1), 'rate_limit_bound_seconds': bound,
        'list_requests': len(lists), 'first_read_requests': first_reads,
        'failed_tasks': 0,
    })
    assert len(answered) <= minimum + changed * 3  # a few polls per change; no retry storm
    assert len(served) == len(answered)  # the first requests wait for the answer that tells the window: no 429
    assert seconds >= bound
    assert lists == [] and first_reads == INSTANCES, (len(lists), first_reads)


def test_two_playbooks_converging_the_same_instances_to_different_states(simulator, tmp_path):
    statuses = ['running', 'stopped'] * 5
    hosts = fleet_scene(simulator, statuses)
    results = {}

    def play(state):
        results[state] = run_playbook(tmp_path, CONVERGE % state, hosts, environment(simulator, 10), name=state)

    players = [threading.Thread(target=play, args=(state,)) for state in ('stopped', 'started')]
    for player in players:
        player.start()
    for player in players:
        player.join()

    failed = 0
    for dummy, output, dummy2, recap in results.values():
        assert sorted(recap) == sorted(hosts), output[-3000:]
        assert 'Traceback' not in output and 'MODULE FAILURE' not in output and KEY not in output, output[-3000:]
        fatal = [line for line in output.splitlines() if line.startswith('fatal:')]
        failed += sum(counts['failed'] for counts in recap.values())
        # a task that loses the fight fails with a message that says so
        messages = [line for line in output.splitlines() if line.startswith('[ERROR]: Task failed: Module failed: ')]
        assert len(fatal) == len(messages) == sum(counts['failed'] for counts in recap.values()), output[-3000:]
        assert all('something else may have changed the instance since' in msg or 'kept changing under this task' in msg
                   for msg in messages), messages
    final = {inst['status'] for inst in simulator.instances().values()}
    assert final <= {'running', 'stopped'}, final
    record_figures('concurrency', {'instances': len(hosts), 'tasks': 2 * len(hosts), 'failed_tasks': failed,
                                   'final_statuses': sorted(final), 'seconds': round(max(r[2] for r in results.values()), 1)})


def test_two_playbooks_sharing_one_key_share_its_rate_limit(simulator, tmp_path):
    # two playbooks at once, each stopping 15 instances with per-host tasks (forks 10), under 20 requests per 2 s:
    # every module process of both takes its requests from the one window the key has, and none provokes a 429
    statuses = ['running'] * 30
    hosts = fleet_scene(simulator, statuses, {'limit': 20, 'window': 2.0})
    names = sorted(hosts)
    results = {}

    def play(half):
        chosen = {name: hosts[name] for name in names[half::2]}
        results[half] = run_playbook(tmp_path, CONVERGE % 'stopped', chosen, environment(simulator, 10), name='half-%d' % half)

    players = [threading.Thread(target=play, args=(half,)) for half in (0, 1)]
    for player in players:
        player.start()
    for player in players:
        player.join()
    for code, output, dummy, recap in results.values():
        assert code == 0, output[-3000:]
        assert all(counts['failed'] == 0 and counts['changed'] == 1 for counts in recap.values()) and len(recap) == 15
    served = simulator.control('GET', '/requests')['requests']
    rate_limited = [r for r in served if r['status'] == 429]
    record_figures('shared_rate_limit', {'playbooks': 2, 'instances': 30, 'forks': 10, 'limit': '20 per 2s',
                                         'requests': len(served), 'rate_limited_429': len(rate_limited),
                                         'seconds': round(max(result[2] for result in results.values()), 1)})
    assert rate_limited == [], '%d of %d requests answered 429' % (len(rate_limited), len(served))
    assert {inst['status'] for inst in simulator.instances().values()} == {'stopped'}


def test_a_fleets_threads_under_the_rate_limit_provoke_no_429(simulator):
    # threads that share one window in real time: each takes a slot and sends its request at once
    config = {'clawhosters': {KEY: [{'name': 'bot-%d' % i, 'status': 'running'} for i in range(12)]},
              'timings': {'action': 0.4, 'restart': 0.4}, 'rate_limit': {'limit': 5, 'window': 1.0}}
    ids = simulator.control('POST', '/reset', config)['clawhosters'][KEY]
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    fleet = [{'id': instance_id, 'state': 'stopped'} for instance_id in ids]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, Deadline(60), False, concurrency=8, stop_on_failure=False)
    assert all(o['actions'] == ['stop'] and o['status'] == 'stopped' for o in outcomes)
    statuses = [status for dummy, dummy2, status in simulator.requests()]
    assert 429 not in statuses and client.rate_limited == 0
    assert len(statuses) == 3 * len(ids)  # by id: no list; a read of its details, a stop and one read showing it done, each

"""The details decide: per-host tasks started together give the result a task alone gives, whatever the timing.

Each case runs a real playbook (forks: all hosts at once) against the simulator. A list has no can_* flags, so a
task that decided from one would call a start in flight "already stopped", or refuse to stop a
pending_configuration instance that its details say can be stopped.
"""

from __future__ import annotations

import pytest
import requests

from .conftest import run_module, run_playbook
from .test_fleet import environment

KEY = 'oc_live_reliability_details_secret'

CONVERGE = '''
- name: Converge
  hosts: all
  gather_facts: false
  tasks:
    - name: Converge this host's instance
      openclaw.hosting.clawhosters_instance:
        %s
        state: %s
        wait_timeout: 60
        api_retries: %d
'''
ADDRESS = {'id': 'id: "{{ instance_id }}"', 'name': 'name: "{{ inventory_hostname }}"'}


def scene(simulator, specs, action_seconds=1.0):
    """A scene of named instances ({name: spec}); returns the hosts ({name: {instance_id}})."""
    config = {'clawhosters': {KEY: [dict(spec, name=name) for name, spec in specs.items()]},
              'timings': {'action': action_seconds, 'restart': action_seconds, 'deleting': 0.5}}
    ids = simulator.control('POST', '/reset', config)['clawhosters'][KEY]
    return {name: {'instance_id': instance_id} for name, instance_id in zip(specs, ids)}


def converge(simulator, tmp_path, hosts, by, state, retries=5, name='playbook'):
    env = dict(environment(simulator, len(hosts)), CLAWHOSTERS_API_KEY=KEY)
    return run_playbook(tmp_path, CONVERGE % (ADDRESS[by], state, retries), hosts, env, name=name)


def lists(simulator):
    return [entry for entry in simulator.requests() if entry[1] == '/api/v1/instances']


def statuses(simulator):
    return {inst['name']: inst['status'] for inst in simulator.instances().values()}


@pytest.mark.parametrize('by', ['name', 'id'])
def test_starts_in_flight_are_waited_for_and_then_stopped(simulator, tmp_path, by):
    # another client has just started three stopped instances: for 8 s the API still shows them stopped, every flag
    # false; the list shows only "stopped"
    hosts = scene(simulator, {'bot-%d' % index: {'status': 'stopped' if index < 3 else 'running'} for index in range(6)},
                  action_seconds=8.0)
    for host in sorted(hosts)[:3]:
        answer = requests.post('%s/instances/%d/start' % (simulator.api_url, hosts[host]['instance_id']),
                               headers={'Authorization': 'Bearer %s' % KEY}, timeout=5)
        assert answer.status_code == 200
    code, output, dummy, recap = converge(simulator, tmp_path, hosts, by, 'stopped')
    assert code == 0, output[-3000:]
    assert all(counts['changed'] == 1 and counts['failed'] == 0 for counts in recap.values()), recap
    assert set(statuses(simulator).values()) == {'stopped'}
    assert len(lists(simulator)) <= (1 if by == 'name' else 0)  # one list finds every name; by id, none


def test_pending_configuration_is_stopped_by_per_host_tasks_as_by_a_task_alone(simulator, tmp_path):
    specs = dict({'bot-%d' % index: {'status': 'running'} for index in range(5)},
                 pending={'status': 'pending_configuration', 'llm_configured': False})
    alone = scene(simulator, specs)
    result = run_module_alone(simulator, alone['pending']['instance_id'])
    assert result['changed'] and result['instance']['status'] == 'stopped', result
    for attempt in range(2):
        hosts = scene(simulator, specs)
        code, output, dummy, recap = converge(simulator, tmp_path, hosts, 'name', 'stopped', name='run-%d' % attempt)
        assert code == 0, output[-3000:]
        assert all(counts['changed'] == 1 and counts['failed'] == 0 for counts in recap.values()), recap
        assert set(statuses(simulator).values()) == {'stopped'}


def run_module_alone(simulator, instance_id):
    from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance  # noqa: PLC0415

    return run_module(clawhosters_instance, dict(api_key=KEY, api_url=simulator.api_url, id=instance_id, state='stopped'))


def test_tasks_by_id_never_take_absent_from_a_list(simulator, tmp_path):
    # the list answers with only some instances (a paginating proxy, a replica behind): tasks by id never read it
    hosts = scene(simulator, {'bot-%d' % index: {'status': 'running'} for index in range(6)})
    first = sorted(hosts)[0]
    simulator.faults({'kind': 'answer', 'method': 'GET', 'path': '^/instances$', 'count': None, 'status': 200,
                      'body': {'data': [{'id': hosts[first]['instance_id'], 'name': first, 'status': 'running'}]}})
    code, output, dummy, recap = converge(simulator, tmp_path, hosts, 'id', 'absent')
    assert code == 0, output[-3000:]
    assert all(counts['changed'] == 1 for counts in recap.values()), recap
    assert statuses(simulator) == {} and lists(simulator) == []


def test_a_list_that_fails_fails_no_task_by_id_and_one_task_by_name(simulator, tmp_path):
    hosts = scene(simulator, {'bot-%d' % index: {'status': 'running'} for index in range(6)})
    simulator.faults({'kind': 'error', 'status': 500, 'method': 'GET', 'path': '^/instances$', 'count': None})
    code, output, dummy, recap = converge(simulator, tmp_path, hosts, 'id', 'stopped')
    assert code == 0 and all(counts['changed'] == 1 for counts in recap.values()), output[-3000:]
    # by name, the list is each task's own read: the task whose list failed fails, the others list again and go on
    hosts = scene(simulator, {'bot-%d' % index: {'status': 'running'} for index in range(6)})
    simulator.faults({'kind': 'error', 'status': 500, 'method': 'GET', 'path': '^/instances$', 'count': 1})
    code, output, dummy, recap = converge(simulator, tmp_path, hosts, 'name', 'stopped', retries=0, name='by-name')
    assert sum(counts['failed'] for counts in recap.values()) == 1, output[-3000:]
    assert sum(counts['changed'] for counts in recap.values()) == 5
    assert 'Traceback' not in output


def test_a_slow_list_holds_up_no_other_task(simulator, tmp_path):
    # the first list takes 8 s to answer: the tasks that start with it wait at most 3 s for it, then list for themselves
    hosts = scene(simulator, {'bot-%d' % index: {'status': 'running'} for index in range(5)})
    simulator.faults({'kind': 'slow', 'delay': 8, 'method': 'GET', 'path': '^/instances$', 'count': 1})
    code, output, dummy, recap = converge(simulator, tmp_path, hosts, 'name', 'stopped')
    assert code == 0 and all(counts['changed'] == 1 for counts in recap.values()), output[-3000:]
    served = simulator.control('GET', '/requests')['requests']
    slow = next(entry for entry in served if entry['fault'] == 'slow/before')
    # before the slow list was answered, the other four had listed, read and stopped their instances
    stops = [entry for entry in served if entry['method'] == 'POST' and entry['time'] < slow['time'] + 8]
    assert len(stops) == 4, [(entry['method'], entry['path'], entry['time'] - slow['time']) for entry in served]

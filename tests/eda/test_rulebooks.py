"""The shipped rulebooks, end to end: a real ansible-rulebook (and its JVM) runs them against the simulator."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from .conftest import COLLECTION_ROOT

KEY = 'oc_live_eda_rulebooks_secret'
INTERVAL = 1  # seconds between polls (the rulebooks' default is 30)
STARTUP = 90  # seconds for the JVM and the first poll, on a busy machine


@pytest.fixture
def rulebook(simulator, tmp_path):
    """Start a shipped rulebook by its FQCN (with variables); it is stopped at the end of the test."""
    started = []

    def start(name, variables):
        inventory = tmp_path / 'inventory.yml'
        inventory.write_text(json.dumps({'all': {'hosts': {'localhost': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}}))
        (tmp_path / 'vars.yml').write_text(json.dumps(dict(variables, interval=INTERVAL)))
        log = open(tmp_path / 'rulebook.log', 'w')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), CLAWHOSTERS_API_KEY=KEY,
                   CLAWHOSTERS_API_URL=simulator.api_url, ANSIBLE_NOCOLOR='1', ANSIBLE_HOST_KEY_CHECKING='false',
                   PATH='%s:%s' % (os.path.dirname(sys.executable), os.environ.get('PATH', '')))
        process = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), 'ansible-rulebook'), '-r', 'openclaw.hosting.' + name,
             '-i', str(inventory), '--vars', str(tmp_path / 'vars.yml'), '-v', '--print-events'],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    output = (tmp_path / 'rulebook.log').read_text() if (tmp_path / 'rulebook.log').exists() else ''
    assert KEY not in output, 'the key is in the rulebook output'


def wait_for(condition, timeout, process, what):
    """Poll `condition` until it holds; fails when the rulebook ended or the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        assert process.poll() is None, 'ansible-rulebook ended (exit %s) while waiting for %s' % (process.returncode, what)
        time.sleep(0.2)
    raise AssertionError('no %s within %d s' % (what, timeout))


def requests(simulator, method=None, suffix=''):
    return [entry for entry in simulator.control('GET', '/requests')['requests']
            if (method is None or entry['method'] == method) and entry['path'].endswith(suffix)]


def test_self_heal_restarts_an_unhealthy_instance_exactly_once_in_its_throttle_window(simulator, rulebook, tmp_path):
    ids = simulator.reset({KEY: [{'name': 'sick'}, {'name': 'fine'}]}, timings={'restart': 1.0})[KEY]
    process = rulebook('clawhosters_self_heal', {})
    wait_for(lambda: len(requests(simulator, 'GET', '/instances')) >= 2, STARTUP, process, 'second poll')

    simulator.control('PATCH', '/clawhosters/instances/%d' % ids[0], {'health_status': 'unhealthy'})
    turned = time.time()
    restarts = wait_for(lambda: requests(simulator, 'POST', '/restart'), 60, process, 'restart')
    accepted = restarts[0]['time'] - turned
    # the restart is over in 1 s, and the instance still fails its health check: its health goes unknown, then
    # unhealthy again, which is a new "changed" event inside the 10-minute throttle: no second restart
    wait_for(lambda: simulator.instances()[ids[0]]['status'] == 'running' and len(requests(simulator, 'GET', '/instances')) > 8,
             60, process, 'polls after the restart')
    time.sleep(INTERVAL * 4)
    restarted = requests(simulator, 'POST', '/restart')
    assert [entry['path'] for entry in restarted] == ['/api/v1/instances/%d/restart' % ids[0]]
    assert restarted[0]['status'] == 200
    # it did turn unhealthy twice (the events, as --print-events shows them): the throttle held the second restart
    events = (tmp_path / 'rulebook.log').read_text()
    assert len(re.findall(r"'health_status': \{'new': 'unhealthy'", events)) == 2
    assert process.poll() is None  # the engine runs on
    polls = requests(simulator, 'GET', '/instances')
    span = polls[-1]['time'] - polls[0]['time']
    print('self-heal: restart accepted %.1f s after the instance turned unhealthy (interval %d s); %d polls in %.0f s'
          % (accepted, INTERVAL, len(polls), span))
    assert accepted < INTERVAL * 2 + 15


def test_balance_guard_stops_exactly_the_listed_instances_when_the_balance_runs_low(simulator, rulebook):
    ids = simulator.reset({KEY: [{'name': 'staging', 'tier': 'pro'}, {'name': 'demo'}, {'name': 'critical'}]},
                          timings={'action': 0.5}, billing={KEY: {'claws_balance': 10000}})[KEY]
    process = rulebook('clawhosters_balance_guard', {'billing_interval': INTERVAL, 'balance_guard_instances': ['staging', ids[1]]})
    wait_for(lambda: len(requests(simulator, 'GET', '/billing/summary')) >= 2, STARTUP, process, 'second billing read')
    assert requests(simulator, 'POST') == []  # not low: nothing stopped

    simulator.control('PATCH', '/clawhosters/billing', {'api_key': KEY, 'claws_balance': 300})  # under 3 days
    wait_for(lambda: len(requests(simulator, 'POST', '/stop')) >= 2, 90, process, 'two stops')
    wait_for(lambda: simulator.instances()[ids[0]]['status'] == 'stopped' == simulator.instances()[ids[1]]['status'], 30,
             process, 'stopped instances')
    time.sleep(INTERVAL * 4)  # still low, no flip: no second run
    stops = sorted(entry['path'] for entry in requests(simulator, 'POST'))
    assert stops == sorted('/api/v1/instances/%d/stop' % instance_id for instance_id in ids[:2])
    assert simulator.instances()[ids[2]]['status'] == 'running'
    assert process.poll() is None


def test_faults_on_the_list_do_not_end_the_engine(simulator, rulebook):
    ids = simulator.reset({KEY: [{'name': 'sick'}]}, timings={'restart': 1.0})[KEY]
    process = rulebook('clawhosters_self_heal', {})
    wait_for(lambda: requests(simulator, 'GET', '/instances'), STARTUP, process, 'first poll')
    simulator.faults({'kind': 'error', 'status': 503, 'method': 'GET', 'path': '^/instances$', 'count': 2},
                     {'kind': 'html', 'method': 'GET', 'path': '^/instances$', 'count': 1},
                     {'kind': 'drop', 'method': 'GET', 'path': '^/instances$', 'count': 1})
    simulator.control('PATCH', '/clawhosters/instances/%d' % ids[0], {'health_status': 'unhealthy'})
    wait_for(lambda: requests(simulator, 'POST', '/restart'), 120, process, 'restart after the faults')
    failed = [entry for entry in requests(simulator, 'GET', '/instances') if entry['status'] != 200]
    assert len(failed) == 4, failed
    assert process.poll() is None


RULEBOOKS = sorted((COLLECTION_ROOT / 'extensions' / 'eda' / 'rulebooks').glob('*.yml'))


@pytest.mark.parametrize('path', RULEBOOKS, ids=[path.stem for path in RULEBOOKS])
def test_every_shipped_rulebook_passes_the_schema_of_the_installed_ansible_rulebook(path):
    import yaml  # noqa: PLC0415  pylint: disable=import-outside-toplevel
    from ansible_rulebook.validators import Validate  # noqa: PLC0415  pylint: disable=import-outside-toplevel

    Validate.rulebook(yaml.safe_load(path.read_text()))  # raises ValidationError, naming what is wrong


@pytest.mark.parametrize('name', ['clawhosters_self_heal', 'clawhosters_balance_guard'])
def test_each_controller_rulebook_is_its_command_line_twin_acting_through_a_job_template(name):
    import yaml  # noqa: PLC0415  pylint: disable=import-outside-toplevel

    folder = COLLECTION_ROOT / 'extensions' / 'eda' / 'rulebooks'
    (cli,), (controller,) = (yaml.safe_load((folder / ('%s.yml' % stem)).read_text()) for stem in (name, name + '_controller'))
    assert controller['sources'] == cli['sources']
    for cli_rule, rule in zip(cli['rules'], controller['rules'], strict=True):
        assert {key: value for key, value in rule.items() if key != 'action'} == {
            key: value for key, value in cli_rule.items() if key != 'action'}
        assert list(rule['action']) == ['run_job_template']  # what EDA controller runs; run_playbook/run_module are CLI-only
        template = rule['action']['run_job_template']
        assert template['name'] == '{{ %s_job_template }}' % name.split('_', 1)[1]
        assert template['organization'] == '{{ job_template_organization }}'


def test_the_self_heal_playbook_restarts_the_instance_it_is_given(simulator, tmp_path):
    ids = simulator.reset({KEY: [{'name': 'sick', 'status': 'running'}]}, timings={'restart': 0.2})[KEY]
    process = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), 'openclaw.hosting.self_heal',
         '-i', 'localhost,', '-c', 'local', '-e', 'self_heal_instance_id=%d' % ids[0],
         '-e', 'ansible_python_interpreter=%s' % sys.executable],
        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), CLAWHOSTERS_API_KEY=KEY,
                 CLAWHOSTERS_API_URL=simulator.api_url, ANSIBLE_NOCOLOR='1'),
        capture_output=True, text=True, check=False, timeout=120)
    assert process.returncode == 0, process.stdout[-2000:]
    assert 'Instance %d: restart' % ids[0] in process.stdout
    assert [entry for entry in simulator.requests() if entry[0] == 'POST'] == [
        ('POST', '/api/v1/instances/%d/restart' % ids[0], 200)]

"""A playbook run through ansible-runner, the engine under AWX and Automation Controller, against the simulator.

Run by scripts/gates.sh with the tools virtualenv: ANSIBLE_COLLECTIONS_PATH points at the collection installed
from the built tarball, so this also proves that the tarball works.
"""

from __future__ import annotations

import json
import os
import sys

import ansible_runner


KEY = 'oc_live_runner_secret'

PLAYBOOK = """
- name: Stop the night shift, as an AWX job would
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Stop the bot
      openclaw.hosting.clawhosters_instance:
        name: night-bot
        state: stopped
      register: stopped

    - name: Read the balance
      openclaw.hosting.clawhosters_billing_info:
      register: account
"""


def run_job(tmp_path, simulator, name):
    """One ansible-runner job in its own private data directory, the way AWX lays one out."""
    private = tmp_path / name
    (private / 'project').mkdir(parents=True)
    (private / 'project' / 'stop.yml').write_text(PLAYBOOK)
    (private / 'inventory').mkdir()
    (private / 'inventory' / 'hosts').write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    # AWX injects credentials as environment variables, as a custom credential type would
    envvars = {'CLAWHOSTERS_API_KEY': KEY, 'CLAWHOSTERS_API_URL': simulator.api_url,
               'ANSIBLE_COLLECTIONS_PATH': os.environ['ANSIBLE_COLLECTIONS_PATH']}
    return ansible_runner.run(private_data_dir=str(private), playbook='stop.yml', envvars=envvars, quiet=True)


def task_results(job, task):
    return [event['event_data']['res'] for event in job.events
            if event['event'] == 'runner_on_ok' and event['event_data'].get('task') == task]


def test_a_job_converges_reports_and_repeats_without_change(tmp_path, simulator):
    simulator.reset({KEY: [{'name': 'night-bot', 'status': 'running'}]}, timings={'action': 0.5})
    first = run_job(tmp_path, simulator, 'first')
    assert (first.status, first.rc) == ('successful', 0)
    assert first.stats['changed'] == {'localhost': 1} and first.stats['failures'] == {}
    stopped, = task_results(first, 'Stop the bot')
    assert stopped['changed'] is True and stopped['actions'] == ['stop'] and stopped['instance']['status'] == 'stopped'
    account, = task_results(first, 'Read the balance')
    assert account['billing']['running_instances_count'] == 0
    output = first.stdout.read()
    assert 'Stop the bot' in output and KEY not in output
    assert KEY not in json.dumps(list(first.events))

    second = run_job(tmp_path, simulator, 'second')
    assert second.status == 'successful' and second.stats['changed'] == {}
    assert task_results(second, 'Stop the bot')[0]['actions'] == []

"""An agent's parts under faults, with real playbooks against the simulator process: a lost answer on a file write
(sent once more: the same content twice is the same file), on a skill install and on a connect (read again, never
sent twice); a stopped instance; a file the agent changed meanwhile; and secrets, at -vvvv and under ANSIBLE_DEBUG."""

from __future__ import annotations

import re

import pytest

from .conftest import run_playbook

KEY = 'chd_org_reliability_agent_secret'
SEARCH_KEY, TOKEN, MODEL_KEY = 'search-reliability-agent-secret', '123:telegram-reliability-agent-secret', 'sk-ant-reliability-agent'

PLAY = '''
- name: Agent
  hosts: localhost
  gather_facts: false
  tasks:
%s
'''


def tasks(*bodies):
    return PLAY % ''.join(bodies)


def scene(simulator, status='running'):
    return simulator.reset_chowder({KEY: [{'name': 'bot', 'status': status}]})[KEY][0]


def run(simulator, tmp_path, playbook, **env):
    code, output, dummy, recap = run_playbook(tmp_path, playbook, {'localhost': {}},
                                              dict({'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url}, **env))
    assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    return output, recap


def writes(simulator):
    return [(method, path.split('/')[-1].split('?')[0], status) for method, path, status in simulator.requests() if method != 'GET']


FILE = '''
    - name: The soul
      openclaw.hosting.chowder_file:
        instance: bot
        path: workspace/SOUL.md
        content: "%s"
        force: %s
        backup: %s
      register: result
'''
CHECK = '''
    - name: Check
      ansible.builtin.assert:
        that: %s
'''


@pytest.mark.parametrize('part, fault, task, written', [
    ('file', {'method': 'PUT', 'path': 'files/content'}, FILE % ('# Soul', 'true', 'false'), [('PUT', 'content', None), ('PUT', 'content', 204)]),
    ('skill', {'method': 'POST', 'path': 'skills/install'},
     '\n    - name: Weather\n      openclaw.hosting.chowder_skill:\n        instance: bot\n        name: weather\n      register: result\n',
     [('POST', 'install', None)]),
    ('channel', {'method': 'POST', 'path': 'connect'},
     '\n    - name: Discord\n      openclaw.hosting.chowder_channel:\n        instance: bot\n        channel: nostr\n      register: result\n',
     [('POST', 'connect', None)]),
])
def test_a_lost_answer_to_a_write_is_settled_without_a_blind_second_send(simulator, tmp_path, part, fault, task, written):
    scene(simulator)
    simulator.faults(dict(fault, kind='drop', phase='after'))
    run(simulator, tmp_path, tasks(task, CHECK % '[result is changed]'))
    assert writes(simulator) == written, part


def test_a_stopped_instance_fails_every_part_before_any_write(simulator, tmp_path):
    scene(simulator, 'stopped')
    playbook = tasks(FILE.replace('register: result', 'register: result\n      ignore_errors: true') % ('x', 'true', 'false'),
                     CHECK % '''["result is failed", "'is not running' in result.msg", "'start it' in result.msg"]''')
    run(simulator, tmp_path, playbook)
    assert writes(simulator) == []


def test_a_file_the_agent_changed_is_written_again_with_its_backup_and_left_without_force(simulator, tmp_path):
    scene(simulator)
    run(simulator, tmp_path, tasks(FILE % ('# Soul', 'true', 'false')))
    run(simulator, tmp_path, tasks(FILE % ('# Soul, as the agent rewrote it', 'true', 'false')))  # the agent's own write
    simulator.clear()
    run(simulator, tmp_path, tasks(FILE % ('# Soul', 'false', 'true'), CHECK % '[result is not changed, "result.size == 31"]',
                                   FILE % ('# Soul', 'true', 'true'),
                                   CHECK % '''[result is changed, "result.actions == ['backup', 'write']"]'''))
    assert writes(simulator) == [('PUT', 'content', 204), ('PUT', 'content', 204)]  # the backup (a copy), the file


ROLE = '''
- name: Agent
  hosts: localhost
  gather_facts: false
  tasks:
    - name: The agent
      ansible.builtin.include_role:
        name: openclaw.hosting.chowder_agent
      vars:
        chowder_agent:
          name: bot
          model_api_key: "%s"
          files: [{path: workspace/SOUL.md, content: "# Soul"}]
          skills: [{name: web-search, env: {SEARCH_API_KEY: "%s"}, enabled: false}]
          channels: [{channel: telegram, config: {token: "%s"}}]
''' % (MODEL_KEY, SEARCH_KEY, TOKEN)


@pytest.mark.parametrize('debug', [False, True])
def test_the_agents_secrets_are_in_no_output(simulator, tmp_path, debug):
    scene(simulator)
    output, recap = run(simulator, tmp_path, ROLE, ANSIBLE_VERBOSITY='4', ANSIBLE_DEBUG='1' if debug else '0')
    assert recap['localhost']['changed'] == 1 and KEY not in output  # the one task of the whole agent
    assert re.search(r'"skills":\s*\{\s*"web-search":\s*\[\s*"install",\s*"update"\s*\]', output), output[-3000:]
    if debug:  # ANSIBLE_DEBUG prints module arguments whatever no_log says; the API's echo of env never shows
        assert 'env_applied' not in output and output.count(SEARCH_KEY) == output.count("'SEARCH_API_KEY': '%s'" % SEARCH_KEY)
    else:
        assert not [secret for secret in (SEARCH_KEY, TOKEN, MODEL_KEY) if secret in output]


AGENT = '''
    - name: The whole agent
      openclaw.hosting.chowder_agent:
        name: bot
        files: [{path: workspace/SOUL.md, content: "# Soul"}]
        skills: [{name: weather}]
        channels: [{channel: nostr}]
        state: %s
      register: result
'''


@pytest.mark.parametrize('fault, written', [
    ({'method': 'PUT', 'path': 'files/content'}, [('PUT', 'content', None), ('PUT', 'content', 204)]),  # sent once more
    ({'method': 'POST', 'path': 'skills/install'}, [('POST', 'install', None)]),  # settled by a read
    ({'method': 'POST', 'path': 'connect'}, [('POST', 'connect', None)]),  # settled by a read
])
def test_a_lost_answer_in_a_whole_agent_is_settled_like_in_its_part(simulator, tmp_path, fault, written):
    scene(simulator)
    simulator.faults(dict(fault, kind='drop', phase='after'))
    run(simulator, tmp_path, tasks(AGENT % 'started', CHECK % '[result is changed, "result.not_applied == {}"]'))
    assert [write for write in writes(simulator) if write[1] == written[0][1]] == written
    assert len(writes(simulator)) == 3 + len(written) - 1  # the other two parts' one write each


def test_a_stopped_agent_is_left_stopped_and_its_parts_are_not_applied(simulator, tmp_path):
    scene(simulator, 'stopped')
    run(simulator, tmp_path, tasks(AGENT % 'stopped', CHECK % '''[result is not changed, "result.not_applied | length == 3",
            "'not running' in result.not_applied.files"]'''))
    assert writes(simulator) == []

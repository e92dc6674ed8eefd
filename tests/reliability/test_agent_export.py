"""An agent exported with its every secret in the scene (model keys, skill env, channel tokens, raw keys, the
organization key), run by ansible-playbook at -vvvv and under ANSIBLE_DEBUG (which prints every module's answer):
no secret value in the output, in any file under dest, or in the result."""

from __future__ import annotations

import json

import pytest

from .conftest import run_playbook

KEY = 'chd_org_reliability_export_secret'
SECRETS = (KEY, 'sk-ant-reliability-export-secret', 'ghp-reliability-export-secret', '123:telegram-reliability-export-secret',
           'gateway-reliability-export-secret', 'weather-reliability-export-secret', 'chd_sk_reliability_export_frontend',
           'pw-reliability-export-secret')
PLAYBOOK = '''
- name: Export
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read it
      openclaw.hosting.chowder_agent_info:
        instance: bot
        include: [config, workspace, memory, skills, channels, api_keys]
      register: info

    - name: Export it
      openclaw.hosting.chowder_agent_export:
        instance: bot
        dest: "%s"
        include: [config, workspace, memory, skills, channels, api_keys]
        force_memory: true
      register: exported

    - name: Show both
      ansible.builtin.debug:
        msg: "{{ [info, exported] | to_json }}"
'''


@pytest.mark.parametrize('debug', [False, True])
def test_no_secret_of_the_agent_leaves_the_module(simulator, tmp_path, debug):
    simulator.reset_chowder({KEY: {'model_providers': ['anthropic'], 'instances': [{
        'name': 'bot', 'status': 'running',
        'openclaw_config': {'gateway.auth.token': 'gateway-reliability-export-secret',
                            'mcp': {'servers': [{'url': 'https://u:pw-reliability-export-secret@mcp.example'}]}},
        'agent': {'files': {'workspace/SOUL.md': '# Soul\n', 'workspace/MEMORY.md': '# Memory\n'},
                  'skills': {'github': {'env': {'GITHUB_TOKEN': 'ghp-reliability-export-secret'}},
                             'weather': {'apiKey': 'weather-reliability-export-secret'}},
                  'channels': {'telegram': {'token': '123:telegram-reliability-export-secret'}}}}],
        'scoped_keys': {'chd_sk_reliability_export_frontend': {'name': 'frontend', 'instances': [0], 'permissions': ['read']}}}})
    (tmp_path / 'dest').mkdir()
    code, output, dummy, recap = run_playbook(tmp_path, PLAYBOOK % (tmp_path / 'dest'), {'localhost': {}}, {
        'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url, 'ANSIBLE_VERBOSITY': '4',
        'ANSIBLE_DEBUG': '1' if debug else '0'})
    assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    files = ''.join(path.read_text(errors='replace') for path in (tmp_path / 'dest').rglob('*') if path.is_file())
    assert [secret for secret in SECRETS if secret in output or secret in files] == []
    assert json.dumps('{{ bot_skills_github_env_github_token }}')[1:-1] in files  # the placeholder, in agent.yml

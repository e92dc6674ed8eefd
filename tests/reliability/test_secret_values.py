"""No secret value in job output: openclaw_config entries that look like secrets are masked in results and diffs.

A real playbook with --diff at -v changes an instance's config (a channel token, a skill's API key, a plain setting)
and reads it back with the info module; its output must hold neither secret, the diff must show the plain setting and
a changed fingerprint for each secret, and the change must be made.
"""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._secrets import is_secret_key, masked, without_secrets

from .conftest import run_playbook

KEY = 'chd_org_reliability_secret_values_secret'
TOKEN, API_KEY = '123456:AAE-telegram-bot-token-value', 'sk-search-api-key-value'
OLD_TOKEN = 'old-telegram-token-value'

PLAYBOOK = '''
- name: Configure the agent
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Set the config
      openclaw.hosting.chowder_instance:
        name: bot
        openclaw_config:
          channels.telegram.botToken: "%s"
          skills.entries.web-search.apiKey: "%s"
          agent.model: claude-sonnet-4-5
          channels: {slack: {signingSecret: "%s"}}
      diff: true

    - name: Read it back
      openclaw.hosting.chowder_instance_info:
        name: bot
''' % (TOKEN, API_KEY, API_KEY + '-slack')


def test_a_diff_at_v_shows_the_change_and_no_secret_value(simulator, tmp_path):
    simulator.control('POST', '/reset', {'chowder': {KEY: [{'name': 'bot', 'status': 'running', 'openclaw_config': {
        'channels.telegram.botToken': OLD_TOKEN, 'agent.model': 'claude-haiku'}}]}})
    env = {'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url, 'ANSIBLE_VERBOSITY': '1'}
    code, output, dummy, recap = run_playbook(tmp_path, PLAYBOOK, {'localhost': {}}, env)
    assert code == 0 and recap['localhost']['changed'] == 1, output[-3000:]
    for secret in (TOKEN, API_KEY, OLD_TOKEN, 'AAE-telegram', 'sk-search'):
        assert secret not in output
    assert '-        "agent.model": "claude-haiku",' in output and '+        "agent.model": "claude-sonnet-4-5",' in output
    assert masked(OLD_TOKEN) in output and masked(TOKEN) in output  # the token changed: its fingerprint did too
    config, = [inst['openclaw_config'] for inst in simulator.instances('chowder').values()]
    assert config['channels.telegram.botToken'] == TOKEN and config['skills.entries.web-search.apiKey'] == API_KEY


@pytest.mark.parametrize('key, secret', [
    ('channels.telegram.botToken', True), ('skills.entries.web-search.apiKey', True), ('agent.model', False),
    ('PASSWORD', True), ('gateway.auth.privateKeyPem', True), ('credentials', True), ('models.default', False),
])
def test_which_keys_hold_secrets(key, secret):
    assert is_secret_key(key) is secret


def test_a_nested_secret_is_masked_whole_and_the_rest_stays_visible():
    shown = without_secrets({'channels': {'slack': {'signingSecret': 's3cr3t', 'enabled': True}},
                             'apiKeys': {'openai': 'sk-1'}, 'agent.model': 'm'})
    assert shown == {'channels': {'slack': {'signingSecret': masked('s3cr3t'), 'enabled': True}},
                     'apiKeys': masked({'openai': 'sk-1'}), 'agent.model': 'm'}

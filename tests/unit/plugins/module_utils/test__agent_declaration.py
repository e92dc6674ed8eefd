"""A live agent as a declaration (_agent_declaration, pure) and its export on disk (_agent_bundle): placeholders and
their names, omissions, the key rules, !unsafe text, and a bundle that writes only what differs and never through a
link; and the reading itself (_agent_read) against the simulator in process, with the requests it costs."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_bundle import contents, marked, write_bundle
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_declaration import (
    DEFAULT_INCLUDE, INCLUDE, UNASKED, Placeholders, Reading, declaration, default_prefix, file_omission,
)
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_read import read_agent
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

CAP = 1024 * 1024


@pytest.mark.parametrize('path, size, include, why', [
    ('workspace/SOUL.md', 10, DEFAULT_INCLUDE, None),
    ('workspace/SOUL.md~', 10, DEFAULT_INCLUDE, 'backup'),
    ('workspace/.env', 10, DEFAULT_INCLUDE, 'secret'),
    ('workspace/certs/bot.pem', 10, DEFAULT_INCLUDE, 'secret'),
    ('workspace/MEMORY.md', 10, DEFAULT_INCLUDE, 'memory'),
    ('workspace/memory/2026-12-01.md', 10, DEFAULT_INCLUDE, 'memory'),
    ('workspace/MEMORY.md', 10, INCLUDE, None),
    ('workspace/SOUL.md', 10, ('memory',), UNASKED),  # memory alone: the rest of the workspace is not asked for
    ('workspace/big.bin', CAP + 1, DEFAULT_INCLUDE, 'large'),
])
def test_which_files_are_left_out(path, size, include, why):
    assert file_omission(path, size, include, CAP) == why


def test_placeholders_are_named_by_part_item_and_field_and_never_collide():
    secret = Placeholders('support_bot_')
    assert secret('skills[github].env.GITHUB_TOKEN', 'skills', 'github', 'env', 'GITHUB_TOKEN') == \
        '{{ support_bot_skills_github_env_github_token }}'
    assert secret('x', 'skills', 'github', 'env', 'github-token') == '{{ support_bot_skills_github_env_github_token_2 }}'
    assert secret.within({'channels': {'telegram': {'botToken': 'x', 'enabled': True}}, 'agent.model': 'm'},
                         'openclaw_config', 'config') == {
        'channels': {'telegram': {'botToken': '{{ support_bot_config_channels_telegram_bottoken }}', 'enabled': True}},
        'agent.model': 'm'}
    assert [entry['path'] for entry in secret.listed][-1] == 'openclaw_config.channels.telegram.botToken'
    assert default_prefix('Support Bot-2') == 'support_bot_2_'


def reading(**given):
    base = dict(instance={'id': 'i1', 'name': 'bot', 'status': 'running', 'model_provider': 'anthropic'}, files={},
                config=None, skills=(), channels=(), keys=(), left_out=())
    return Reading(**dict(base, **given))


def test_a_declaration_of_every_part_holds_no_secret():
    found = reading(
        instance={'id': 'i1', 'name': 'bot', 'status': 'running', 'openclaw_config': {'gateway.auth.token': 'gw-secret'}},
        files={'workspace/SOUL.md': b'# Soul\n', 'workspace/IDENTITY.md': b'# I\n', 'workspace/logo.png': b'\x89PNG\xff'},
        config={'skills': {'entries': {'db': {'env': {'URL': 'pg-secret'}, 'apiKey': 'k-secret', 'config': {'units': 'm'}}}}},
        skills=('db', 'weather'),
        channels=({'channel': 'telegram', 'connection_type': 'token', 'required_fields': {'token': 'Bot token'}},
                  {'channel': 'whatsapp', 'connection_type': 'interactive', 'required_fields': {}}),
        keys=({'id': 'k1', 'name': 'front', 'instances': [{'instance_id': 'i1', 'permissions': ['read', 'interact']}]},
              {'id': 'k2', 'name': 'shared', 'instances': [{'instance_id': 'i1', 'permissions': ['read']},
                                                           {'instance_id': 'i2', 'permissions': ['read']}]},
              {'id': 'k3', 'name': 'elsewhere', 'instances': [{'instance_id': 'i2', 'permissions': ['read']}]}))
    agent, secrets, omitted = declaration(found, DEFAULT_INCLUDE, 'bot_')
    assert 'secret' not in str(agent) and 'secret' not in str(secrets)
    assert agent['openclaw_config'] == {'gateway.auth.token': '{{ bot_config_gateway_auth_token }}'}
    assert agent['files'] == [{'path': 'workspace/IDENTITY.md', 'content': '# I\n', 'force': False},
                              {'path': 'workspace/SOUL.md', 'content': '# Soul\n'}]
    assert agent['skills'] == [{'name': 'db', 'enabled': True, 'env': {'URL': '{{ bot_skills_db_env_url }}'},
                                'skill_api_key': '{{ bot_skills_db_skill_api_key }}', 'config': {'units': 'm'}},
                               {'name': 'weather', 'enabled': True}]
    assert agent['channels'] == [{'channel': 'telegram', 'config': {'token': '{{ bot_channels_telegram_token }}'}},
                                 {'channel': 'whatsapp'}]
    assert agent['api_keys'] == [{'name': 'front', 'permissions': ['interact', 'read']}]  # elsewhere: not this agent's
    assert [entry['what'] for entry in omitted] == ['workspace/logo.png', 'channels[whatsapp] pairing', 'api_keys[shared]']
    sources, dummy, dummy2 = declaration(found, DEFAULT_INCLUDE, 'bot_', sources=True)
    assert sources['files'][2] == {'path': 'workspace/logo.png', 'src': 'workspace/logo.png'}


def test_memory_is_force_false_unless_the_export_is_a_restore_point():
    found = reading(files={'workspace/MEMORY.md': b'm'})
    assert declaration(found, INCLUDE, 'b_')[0]['files'] == [{'path': 'workspace/MEMORY.md', 'content': 'm', 'force': False}]
    assert declaration(found, INCLUDE, 'b_', sources=True, force_memory=True)[0]['files'] == [
        {'path': 'workspace/MEMORY.md', 'src': 'workspace/MEMORY.md'}]


def test_text_that_would_be_templated_is_written_unsafe_and_placeholders_are_not():
    agent = {'name': 'bot', 'openclaw_config': {'greeting': 'Hi {{ user }}', 'prompt': '{% raw %}', 'key': '{{ bot_config_key }}'}}
    dumped = contents(agent, [{'name': 'bot_config_key', 'path': 'openclaw_config.key'}], {})['agent.yml'].decode()
    assert "greeting: !unsafe 'Hi {{ user }}'" in dumped and "prompt: !unsafe '{% raw %}'" in dumped
    assert "key: '{{ bot_config_key }}'" in dumped and "files_dir: '{{ playbook_dir }}/files'" in dumped
    assert marked(['{# c #}'])[0].__class__.__name__ == 'Unsafe'


def test_a_bundle_writes_what_differs_keeps_secrets_yml_and_never_goes_through_a_link(tmp_path):
    agent, secrets = {'name': 'bot', 'files': []}, [{'name': 'bot_x', 'path': 'skills[x].skill_api_key'}]
    files = contents(agent, secrets, {'workspace/SOUL.md': b'# Soul\n'})
    root = str(tmp_path / 'bot')
    assert write_bundle(root, files, 'bot', secrets, check_mode=True)[0] == ['agent.yml', 'apply.yml', 'files/workspace/SOUL.md',
                                                                             'secrets.yml']
    assert not os.path.exists(root)
    written, missing, warnings = write_bundle(root, files, 'bot', secrets, check_mode=False)
    assert len(written) == 4 and missing == [] and oct(os.stat(os.path.join(root, 'secrets.yml')).st_mode & 0o777) == '0o600'
    assert yaml.safe_load(open(os.path.join(root, 'secrets.yml'))) == {'bot_x': ''}
    with open(os.path.join(root, 'secrets.yml'), 'w') as handle:
        handle.write('$ANSIBLE_VAULT;1.1;AES256\n6162\n')  # vaulted
    written, missing, warnings = write_bundle(root, files, 'bot', [*secrets, {'name': 'bot_y', 'path': 'p'}], check_mode=False)
    assert written == [] and missing == ['bot_x', 'bot_y'] and 'perhaps because it is vaulted' in warnings[0]
    assert open(os.path.join(root, 'secrets.yml')).read().startswith('$ANSIBLE_VAULT')  # never touched
    os.rename(os.path.join(root, 'files'), str(tmp_path / 'elsewhere'))
    os.symlink(str(tmp_path / 'elsewhere'), os.path.join(root, 'files'))
    with pytest.raises(TaskFailed, match='which is a link or not a folder'):
        write_bundle(root, files, 'bot', secrets, check_mode=False)


ORG = 'chd_org_unit_agent_read_secret'


def test_the_reading_costs_a_listing_per_folder_and_a_download_per_file_kept(simulator):
    ids = simulator.reset_chowder({ORG: {'instances': [{'name': 'bot', 'status': 'running', 'agent': {
        'files': {'workspace/SOUL.md': 's', 'workspace/a/b.md': 'b', 'workspace/a/.git/HEAD': 'h', 'workspace/x~': 'x',
                  'workspace/memory/d.md': 'm'},
        'skills': {'github': {'env': {'GITHUB_TOKEN': 'ghp-unit-secret'}}}, 'channels': {'telegram': {'token': 't-unit-secret'}}}}]}})[ORG]
    client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
    simulator.clear()
    found = read_agent(client, ids[0], DEFAULT_INCLUDE)
    assert sorted(found.files) == ['workspace/AGENTS.md', 'workspace/SOUL.md', 'workspace/a/b.md'] and found.skills == ('github',)
    assert dict(found.left_out) == {'workspace/a/.git/': 'git', 'workspace/x~': 'backup', 'workspace/memory/': 'memory',
                                    'skills/': 'skills'}
    paths = [path.split('/v1/')[-1].replace('instances/%s' % ids[0], '~').split('?')[0] for dummy, path, dummy2 in simulator.requests()]
    assert paths == ['~', '~/files', '~/files/download', '~/files/download', '~/files', '~/files/download', '~/files',
                     '~/files/content', '~/channels', '~/channels/telegram', 'keys']

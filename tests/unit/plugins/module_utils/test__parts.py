"""The engine of declared parts (_parts), each of its rules through real parts against the simulator in process:
plan before any write, check mode, the diff's header, masking at any depth, a lost idempotent write sent once more,
a lost non-idempotent one settled by a read, a failure after an item's first change; and each part's comparison,
pure, as a table."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_api import Agent
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_channel import Channel, channel_changes
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_file import FilePart, Found, file_changes
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_skill import Skill, SkillPart, skill_changes
from ansible_collections.openclaw.hosting.plugins.module_utils._api_key import Key, key_changes
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._organization import changes as organization_changes
from ansible_collections.openclaw.hosting.plugins.module_utils._parts import apply, plan, run
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._secrets import masked, without_secrets

ORG = 'chd_org_unit_parts_secret'
SECRET = 'postgres://u:pw-unit-parts-secret@h/db'


def agent(simulator):
    bot = simulator.reset_chowder({ORG: [{'name': 'bot', 'status': 'running'}]})[ORG][0]
    client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
    found = Agent(client, bot)
    found.instance_id = bot
    return found


def writes(simulator):
    return [(method, path.rsplit('/', 1)[-1].split('?')[0], status) for method, path, status in simulator.requests() if method != 'GET']


def test_plan_reads_and_compares_without_a_write_and_check_mode_applies_nothing(simulator):
    bot = agent(simulator)
    planned = plan(SkillPart(bot, 'weather', wanted={'enabled': False}))
    assert planned.actions == ['install', 'update'] and writes(simulator) == []
    result = apply(planned, check_mode=True, diff=True)
    assert result['changed'] is True and result['actions'] == ['install', 'update'] and writes(simulator) == []


def test_the_diff_names_the_part_and_item_and_masks_every_secret_at_any_depth(simulator):
    bot = agent(simulator)
    result = run(SkillPart(bot, 'weather', wanted={'env': {'DATABASE_URL': SECRET}, 'config': {'servers': [{'token': 'x-secret'}]}}),
                 check_mode=False, diff=True)
    diff = result['diff']
    assert diff['before_header'] == diff['after_header'] == 'skill weather' and diff['before'] == {'state': 'absent'}
    assert diff['after']['env'] == {'DATABASE_URL': masked(SECRET)}  # a skill's env: every value, whatever its name
    assert diff['after']['config'] == {'servers': [{'token': masked('x-secret')}]}  # a secret-looking key inside a list
    assert SECRET not in str(result) and 'x-secret' not in str(result)


def test_without_secrets_looks_inside_lists():
    shown = without_secrets({'mcp': {'servers': [{'token': 'X', 'url': 'u'}, ['pwd']]}, 'pwd': 'Y'})
    assert shown == {'mcp': {'servers': [{'token': masked('X'), 'url': 'u'}, ['pwd']]}, 'pwd': masked('Y')}


def test_a_lost_idempotent_write_is_sent_once_more(simulator):
    bot = agent(simulator)
    simulator.faults({'kind': 'drop', 'method': 'PUT', 'path': 'files/content', 'phase': 'after'})
    result = run(FilePart(bot, 'workspace/A.md', b'a'), check_mode=False, diff=False)
    assert result['actions'] == ['write'] and writes(simulator) == [('PUT', 'content', None), ('PUT', 'content', 204)]


@pytest.mark.parametrize('phase, carried_out', [('after', True), ('before', False)])
def test_a_lost_non_idempotent_write_is_settled_by_a_read_never_sent_again(simulator, phase, carried_out):
    bot = agent(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': 'skills/install', 'phase': phase})
    part = SkillPart(bot, 'weather')
    if carried_out:
        assert run(part, check_mode=False, diff=False)['actions'] == ['install']
    else:
        with pytest.raises(TaskFailed, match=r'The install of the skill weather got no clear answer .*; a read shows it was '
                                             'not carried out'):
            run(part, check_mode=False, diff=False)
    assert writes(simulator) == [('POST', 'install', None)]


def test_a_failure_after_an_items_first_change_says_it_changed_and_keeps_what_it_gave(simulator):
    bot = agent(simulator)
    run(FilePart(bot, 'workspace/B.md', b'old'), check_mode=False, diff=False)
    # the backup passes; the write fails, and so does the one more send its lost answer earns
    simulator.faults({'kind': 'error', 'status': 500, 'method': 'PUT', 'path': 'files/content', 'skip': 1, 'count': 2})
    with pytest.raises(TaskFailed) as failure:
        run(FilePart(bot, 'workspace/B.md', b'new', backup=True), check_mode=False, diff=False)
    fields = failure.value.result()
    assert fields['changed'] is True and fields['actions'] == ['backup'] and fields['backup_file'].startswith('workspace/B.md.')
    assert 'Already done for the file workspace/B.md before it failed: backup.' in fields['msg']
    assert bot.read_text('workspace/B.md') == 'old' and bot.read_text(fields['backup_file']) == 'old'  # nothing lost


# --- each part's comparison, pure ---------------------------------------------------------------

@pytest.mark.parametrize('declared, force, backup, found, actions', [
    (b'a', True, False, Found(False), ['write']),
    (b'a', True, True, Found(False), ['write']),  # nothing to back up
    (b'a', True, False, Found(True, b'a', 1), []),
    (b'a', True, True, Found(True, b'b', 1), ['backup', 'write']),
    (b'a', False, True, Found(True, b'b', 1), []),  # without force, an existing file is the agent's
    (b'a', True, False, Found(True, None, 7), ['write']),  # a binary file of another size
])
def test_file_changes(declared, force, backup, found, actions):
    changes = file_changes(declared, force, backup, found)
    assert [change.action for change in changes] == actions and all(change.idempotent for change in changes)


@pytest.mark.parametrize('wanted, found, actions, update', [
    ({}, Skill(None, {}), ['install'], None),
    ({'enabled': True}, Skill({'name': 's'}, {}), [], None),  # no enabled in the entry: enabled
    ({'enabled': False}, Skill({'name': 's'}, {}), ['update'], {'enabled': False}),
    ({'env': {'K': 'v'}}, Skill(None, {}), ['install'], None),  # the install sends the env
    ({'env': {'K': 'v'}, 'config': {'a': 1}}, Skill({'name': 's'}, {'env': {'K': 'v'}}), ['update'], {'config': {'a': 1}}),
    ({'skill_api_key': 'k'}, Skill({'name': 's'}, None), ['update'], {'apiKey': 'k'}),  # openclaw.json unreadable: sent
    ({'enabled': True}, Skill({'name': 's'}, None), ['update'], {'enabled': True}),
])
def test_skill_changes(wanted, found, actions, update):
    changes = skill_changes(wanted, found)
    assert [change.action for change in changes] == actions
    assert [change.data for change in changes if change.action == 'update'] == ([update] if update else [])
    assert [change.idempotent for change in changes] == [action == 'update' for action in actions]


TELEGRAM = {'connection_type': 'token', 'required_fields': {'token': 'Bot token'}}


@pytest.mark.parametrize('state, always, config, status, description, actions', [
    ('connected', False, {'token': 't'}, {'enabled': False}, TELEGRAM, ['connect']),
    ('connected', False, {'token': 't'}, {'enabled': True}, None, []),
    ('connected', True, {'token': 't'}, {'enabled': True}, TELEGRAM, ['connect']),
    ('disconnected', False, None, {'enabled': True}, None, ['disconnect']),
    ('disconnected', False, None, {'enabled': False}, None, []),
])
def test_channel_changes(state, always, config, status, description, actions):
    changes = channel_changes(state, always, config, Channel(dict(status, channel='telegram'), description))
    assert [change.action for change in changes] == actions and not any(change.idempotent for change in changes)


def test_a_channel_without_a_required_field_is_refused():
    with pytest.raises(TaskFailed, match='The telegram channel needs token in config'):
        channel_changes('connected', False, {'tokn': 't'}, Channel({'enabled': False, 'channel': 'telegram'}, TELEGRAM))


KEY = {'id': 'key_1', 'name': 'front', 'instances': [{'instance_id': 'i1', 'permissions': ['read']}], 'expires_at': None}
WANTED = dict(permissions=['read'], expires_at=None, recreate='never', raw_key_path='/k', return_raw_key=False, bound_to=None)


@pytest.mark.parametrize('present, wanted, found, actions', [
    (True, {}, Key(None, ('i1',)), ['create']),
    (True, {}, Key(KEY, ('i1',)), []),
    (True, {'recreate': 'always'}, Key(KEY, ('i1',)), ['create', 'revoke']),
    (True, {'recreate': 'on_change', 'permissions': ['files']}, Key(KEY, ('i1',)), ['create', 'revoke']),
    (True, {'bound_to': 'i1'}, Key(KEY, ('i1',)), []),
    (False, {}, Key(KEY, active=(KEY, dict(KEY, id='key_2'))), ['revoke', 'revoke']),
])
def test_key_changes(present, wanted, found, actions):
    changes = key_changes('front', present, dict(WANTED, **wanted), found)
    assert [change.action for change in changes] == actions and not any(change.idempotent for change in changes)


@pytest.mark.parametrize('wanted, found, refusal', [
    ({'permissions': ['files']}, Key(KEY, ('i1',)), 'differs in permissions'),
    ({'bound_to': 'i2'}, Key(KEY, ('i1',)), 'is not bound to this agent'),
    ({'raw_key_path': None}, Key(None, ('i1',)), 'would be created, and its raw key is shown once'),
])
def test_key_refusals(wanted, found, refusal):
    with pytest.raises(TaskFailed, match=refusal):
        key_changes('front', True, dict(WANTED, **wanted), found)


@pytest.mark.parametrize('name, keys, update, purge, body', [
    (None, {'anthropic': 'k'}, 'on_create', False, {}),
    (None, {'anthropic': 'k'}, 'always', False, {'model_api_keys': {'anthropic': 'k'}}),
    (None, {'openai': 'k'}, 'on_create', True, {'model_api_keys': {'openai': 'k', 'anthropic': ''}}),
    ('New', None, 'on_create', False, {'name': 'New'}),
])
def test_organization_changes(name, keys, update, purge, body):
    assert organization_changes({'name': 'Org', 'model_providers': ['anthropic']}, name, keys, update, purge) == body


def test_one_policy_masks_every_secret_tree_and_the_password_of_a_url():
    config = {'skills': {'entries': {'db': {'env': {'DATABASE_URL': SECRET}, 'apiKey': 'k',
                                            'config': {'units': 'metric', 'mirror': 'https://u:p4ss@m.example/x'}}}},
              'mcp': {'servers': [{'headers': {'X-Auth': 'h'}, 'url': 'https://a.example'}]},
              'channels': {'telegram': {'enabled': True, 'dmPolicy': 'pairing'}}, 'agent.model': 'claude'}
    assert without_secrets(config) == {
        'skills': {'entries': {'db': {'env': {'DATABASE_URL': masked(SECRET)}, 'apiKey': masked('k'),
                                      'config': {'units': 'metric', 'mirror': 'https://u:%s@m.example/x' % masked('p4ss')}}}},
        'mcp': {'servers': [{'headers': {'X-Auth': masked('h')}, 'url': 'https://a.example'}]},
        'channels': {'telegram': {'enabled': True, 'dmPolicy': masked('pairing')}}, 'agent.model': 'claude'}

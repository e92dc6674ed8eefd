"""A skill of an instance, declared (_agent_skill.AgentSkill), against the simulator in process: install, the settings
compared with openclaw.json, missing env, a renamed install, a lost install never sent again, secrets never shown."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_api import Agent
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_skill import SkillPart
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._parts import run
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._secrets import masked

ORG = 'chd_org_unit_skills_secret'
SECRET = 'search-key-unit-secret'


def scene(simulator):
    return simulator.reset_chowder({ORG: [{'name': 'bot', 'status': 'running'}]})[ORG][0]


class skill:  # a skill declared, run as chowder_skill runs it
    def __init__(self, simulator, bot, name, check_mode=False):
        client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
        self.agent, self.name, self.check_mode = Agent(client, bot), name, check_mode

    def run(self, slug, wanted):
        return run(SkillPart(self.agent, self.name, slug=slug, wanted=wanted), self.check_mode, diff=True)


def served(simulator, bot):
    return ['%s %s %s' % (m, p.replace('/v1/instances/%s/' % bot, '~').split('?')[0], s) for m, p, s in simulator.requests()]


def test_install_with_env_then_settings_then_a_repeat_reads_twice_and_writes_nothing(simulator):
    bot = scene(simulator)
    result = skill(simulator, bot, 'web-search').run('web-search', {'env': {'SEARCH_API_KEY': SECRET}, 'enabled': True})
    # an entry without enabled is enabled (OpenClaw's default): enabled: true sends nothing
    assert result['actions'] == ['install'] and SECRET not in str(result)
    assert served(simulator, bot) == ['GET ~skills/web-search 404', 'GET /v1/instances 200', 'GET ~files/content 200',
                                      'POST ~skills/install 200']
    simulator.clear()
    again = skill(simulator, bot, 'web-search').run('web-search', {'env': {'SEARCH_API_KEY': SECRET}, 'enabled': True})
    assert again['actions'] == [] and served(simulator, bot) == ['GET ~skills/web-search 200', 'GET ~files/content 200']
    changed = skill(simulator, bot, 'web-search').run('web-search', {'skill_api_key': 'k2', 'config': {'a': 1}})
    assert changed['actions'] == ['update'] and changed['diff']['after']['config'] == {'a': 1}
    assert changed['diff']['after']['apiKey'].startswith('<secret, sha256 ') and 'enabled' not in changed['diff']['before']
    assert changed['diff']['before']['env'] == {'SEARCH_API_KEY': masked(SECRET)}  # its names show, never its values


def test_missing_env_fails_after_installing_naming_the_variables(simulator):
    bot = scene(simulator)
    with pytest.raises(TaskFailed, match='needs the environment variables GITHUB_TOKEN') as failure:
        skill(simulator, bot, 'github').run('github', {})
    assert failure.value.result()['changed'] is True and failure.value.result()['missing_env'] == ['GITHUB_TOKEN']


def test_an_install_under_another_name_fails_naming_it(simulator):
    bot = scene(simulator)
    with pytest.raises(TaskFailed, match='installed acme/notes-pro as the skill "notes", not "notes-pro": set name: notes'):
        skill(simulator, bot, 'notes-pro').run('acme/notes-pro', {})


@pytest.mark.parametrize('phase, installed', [('after', True), ('before', False)])
def test_a_lost_install_is_never_sent_again(simulator, phase, installed):
    bot = scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': 'skills/install', 'phase': phase})
    if installed:
        assert skill(simulator, bot, 'weather').run('weather', {})['actions'] == ['install']
    else:
        with pytest.raises(TaskFailed, match='a read shows it was not carried out'):
            skill(simulator, bot, 'weather').run('weather', {})
    assert [line for line in served(simulator, bot) if line.startswith('POST')] == ['POST ~skills/install None']


def test_check_mode_installs_and_sends_nothing(simulator):
    bot = scene(simulator)
    result = skill(simulator, bot, 'weather', check_mode=True).run('weather', {'enabled': False})
    assert result['actions'] == ['install', 'update'] and result['diff']['before'] == {'state': 'absent'}
    assert result['diff']['after'] == {'enabled': False} and result['diff']['before_header'] == 'skill weather'
    assert [line.split(' ')[0] for line in served(simulator, bot)] == ['GET', 'GET', 'GET']  # the skill, the list, openclaw.json

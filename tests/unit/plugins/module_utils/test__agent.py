"""A whole agent (_agent.AgentRun), its declaration validated by Ansible's own ArgumentSpecValidator as the module's
is, against the simulator in process on its virtual clock: the first run, a converged re-run's requests, check mode,
a refusal before any write, a failure that says what was done before it, a stopped agent, absent."""

from __future__ import annotations

import json
import pathlib
import re

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.openclaw.hosting.plugins.module_utils._agent import AgentRun
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import agent_problems, placeholders
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import agent_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

ORG = 'chd_org_unit_agent_secret'
TOKEN = '123:unit-agent-telegram-secret'
AGENT = dict(name='support-bot', model_provider='anthropic', model_api_key='sk-ant-unit-agent-secret',
             files=[{'path': 'workspace/SOUL.md', 'content': '# Soul\n'}, {'path': 'workspace/IDENTITY.md', 'content': '# I\n', 'force': False}],
             skills=[{'name': 'weather', 'enabled': True}], channels=[{'channel': 'telegram', 'config': {'token': TOKEN}}],
             smoke_test={'model': 'claude-sonnet-4-20250514', 'input': 'hello', 'expect': 'hello'})


def scene(simulator, instances=()):
    return simulator.reset_chowder({ORG: {'model_providers': [], 'instances': list(instances)}}, chowder_timings={'provisioning': 5})


def declared(**given):
    """The module's params: validated and completed with their defaults by Ansible, as AnsibleModule does."""
    spec = dict(agent_argument_spec(), api_key=dict(type='str', no_log=True))
    result = ArgumentSpecValidator(spec).validate(dict(AGENT, api_key=ORG, **given))
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def agent(simulator, check_mode=False, diff=False, **given):
    params = declared(**given)
    problems, data = agent_problems(params)
    assert [problem for problem in problems if problem] == []
    deadline = Deadline(params['wait_timeout'], simulator.clock)
    client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, deadline=deadline, transport=simulator.transport)
    return AgentRun(client, params, data, deadline, check_mode, diff)


def writes(simulator):
    return [(method, path.split('/v1/')[-1].split('?')[0].split('/', 2)[-1]) for method, path, status in simulator.requests()
            if method != 'GET']


def test_a_first_run_makes_every_part_and_a_rerun_reads_once_each_and_writes_only_the_message(simulator):
    scene(simulator)
    first = agent(simulator).run()
    assert first['actions'] == {'organization': ['update'], 'instance': ['create'],
                                'files': {'workspace/SOUL.md': ['write'], 'workspace/IDENTITY.md': ['write']},
                                'skills': {'weather': ['install']}, 'channels': {'telegram': ['connect']}, 'api_keys': {}}
    assert first['smoke_test'] == 'You said: hello' and first['not_applied'] == {} and first['changed'] is True
    simulator.clear()
    again = agent(simulator).run()
    assert again['changed'] is False and again['msg'] == 'support-bot: nothing to change'
    bot = again['instance']['id']
    assert ['%s %s' % (method, path.replace('/v1/instances/%s/' % bot, '~')) for method, path, status in simulator.requests()] == [
        'GET /v1/organization', 'GET /v1/instances', 'GET /v1/instances/%s' % bot,
        'GET ~files/content?path=workspace%2FSOUL.md', 'GET ~files/content?path=workspace%2FIDENTITY.md',
        'GET ~skills/weather', 'GET ~files/content?path=openclaw.json', 'GET ~channels/telegram/status', 'POST ~responses']


def test_check_mode_plans_a_new_agent_and_writes_nothing(simulator):
    scene(simulator)
    result = agent(simulator, check_mode=True, diff=True).run()
    assert result['actions']['instance'] == ['create'] and set(result['not_applied']) == {'files', 'skills', 'channels', 'smoke_test'}
    assert result['msg'] == 'support-bot: would change: organization (1), instance (1)' and writes(simulator) == []
    assert [diff['before_header'] for diff in result['diff']] == ['organization', 'instance support-bot']


def test_a_refusal_anywhere_leaves_everything_untouched(simulator):
    scene(simulator, [{'name': 'support-bot', 'status': 'running'}])
    with pytest.raises(TaskFailed, match='The slack channel needs app_token in config'):
        agent(simulator, channels=[{'channel': 'telegram', 'config': {'token': TOKEN}},
                                   {'channel': 'slack', 'config': {'bot_token': 'x'}}]).run()
    assert writes(simulator) == []  # not even the organization's key, declared first


def test_a_failure_says_what_every_part_did_before_it(simulator):
    scene(simulator, [{'name': 'support-bot', 'status': 'running'}])
    simulator.faults({'kind': 'error', 'status': 400, 'method': 'POST', 'path': 'skills/install'})
    with pytest.raises(TaskFailed) as failure:
        agent(simulator).run()
    fields = failure.value.result()
    assert fields['changed'] is True and fields['actions']['files'] == {'workspace/SOUL.md': ['write'], 'workspace/IDENTITY.md': ['write']}
    assert fields['actions']['organization'] == ['update'] and fields['actions']['skills'] == {}
    assert 'HTTP 400' in fields['msg'] and 'install of the skill weather' in fields['msg']


def test_a_stopped_agent_is_left_stopped_and_absent_removes_it(simulator):
    scene(simulator, [{'name': 'support-bot', 'status': 'stopped'}])
    result = agent(simulator, state='stopped').run()
    assert result['actions']['instance'] == [] and 'not running' in result['not_applied']['files']
    assert writes(simulator) == [('PATCH', 'organization')]
    removed = agent(simulator, state='absent').run()
    assert removed['actions']['instance'] == ['delete'] and removed['instance'] is None


@pytest.mark.parametrize('value, found', [
    ({'a': '{{ vault_x }}'}, ['o.a']), ({'a': ['x', '{{x}}']}, ['o.a[1]']), ({'a': 'text {{ x }} more'}, []), ('{{ x.y }}', []),
])
def test_placeholders_are_values_that_are_exactly_one(value, found):
    assert placeholders(value, 'o') == found


def test_absent_revokes_its_own_keys_never_another_agents_of_the_same_name(simulator, tmp_path):
    scene(simulator, [{'name': 'support-bot', 'status': 'running'}, {'name': 'other', 'status': 'running'}])
    keys = [{'name': 'front', 'permissions': ['read'], 'raw_key_path': str(tmp_path / 'front.key')}]
    agent(simulator, name='other', api_keys=keys, files=[], skills=[], channels=[], smoke_test=None).run()
    removed = agent(simulator, state='absent', api_keys=keys).run()
    assert removed['actions']['api_keys'] == {} and removed['actions']['instance'] == ['delete']
    organization, = simulator.organizations().values()
    assert [(key['name'], key['revoked']) for key in organization['keys']] == [('front', False)]


GUIDE = pathlib.Path(__file__).resolve().parents[4] / 'docs' / 'docsite' / 'rst' / 'guide_agent_as_code.rst'


def test_the_agent_guides_request_counts_are_what_its_example_costs(simulator, tmp_path):
    """The guide's example, on the built-in scene's organization and timings: the counts the guide quotes."""
    text = ' '.join(GUIDE.read_text().split())
    writes_first, about, again = (int(number) for number in re.search(
        r'the example above made (\d+) writes in its first run.*?In all it made about (\d+) requests.*?The second run '
        r'made (\d+) requests', text).groups())
    scene = json.loads((pathlib.Path(__file__).resolve().parents[3] / 'simulator' / 'examples' / 'default.json').read_text())
    simulator.reset_chowder({ORG: dict(scene['chowder']['chd_org_simulator_key'], instances=[], scoped_keys={})},
                            chowder_timings=scene['chowder_timings'])
    example = dict(files=[{'path': 'workspace/SOUL.md', 'content': '# Soul\n'}, {'path': 'workspace/AGENTS.md', 'content': '# A\n'},
                          {'path': 'workspace/IDENTITY.md', 'content': '# I\n', 'force': False}],
                   skills=[{'name': 'web-search', 'env': {'SEARCH_API_KEY': 's'}, 'enabled': True}],
                   api_keys=[{'name': 'support-frontend', 'permissions': ['read', 'interact'], 'raw_key_path': str(tmp_path / 'k')}],
                   smoke_test={'model': 'claude-sonnet-4-20250514', 'input': 'Say hello', 'expect': '(?i)hello'})
    agent(simulator, **example).run()
    assert len(writes(simulator)) == writes_first  # its reads depend on how long the instance takes to provision
    assert abs(len(simulator.requests()) - about) <= 1, len(simulator.requests())
    simulator.clear()
    agent(simulator, **example).run()
    assert (len(simulator.requests()), len(writes(simulator))) == (again, 1)

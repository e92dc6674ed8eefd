"""The reconcile loop with the Chowder profile, against the real simulator: create, update, stop+start, 204, 409, 402."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._reconcile import Reconciler
from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

ORG = 'chd_org_unit_runner_secret'
SCOPED = 'chd_sk_unit_runner_secret'


def scene(simulator, *specs, **settings):
    """A new Chowder scene for ORG; returns the ids of its instances."""
    return simulator.reset_chowder({ORG: dict(settings, instances=list(specs))}, **fast_timings(0.4))[ORG]


def converge(simulator, desired, instance_id=None, name=None, wanted=None, wait=True, check_mode=False, key=ORG):
    """Run one task the way chowder_instance does; returns (its outcome, final instance, requests), or raises its failure."""
    client = Client(CHOWDER, key, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
    reconciler = Reconciler(client, CHOWDER, desired, wait, Deadline(30, simulator.clock), check_mode, wanted=wanted, name=name)
    outcome = reconciler.converge(instance_id)
    if outcome.failure:
        raise outcome.failure
    return outcome, outcome.last, [(m, p.replace('/v1/instances', '~'), s) for m, p, s in simulator.requests()]


def test_create_by_name_waits_until_running_and_a_repeat_costs_a_list_and_a_read(simulator):
    scene(simulator)
    reconciler, last, served = converge(simulator, 'present', name='bot', wanted={'openclaw_config': {'a.b': 1}})
    assert list(reconciler.actions) == ['create'] and last['status'] == 'running' and last['openclaw_config'] == {'a.b': 1}
    assert served == [('GET', '~', 200), ('POST', '~', 201), ('GET', '~/%s' % last['id'], 200)]
    simulator.clear()
    reconciler, again, served = converge(simulator, 'present', name='bot', wanted={'openclaw_config': {'a.b': 1}})
    # the list finds the name, the details decide
    assert list(reconciler.actions) == [] and again['id'] == last['id'] and served == [('GET', '~', 200), ('GET', '~/' + last['id'], 200)]


def test_a_repeat_during_provisioning_does_not_create_a_second_instance(simulator):
    scene(simulator)
    first, dummy, dummy2 = converge(simulator, 'started', name='bot', wait=False)
    assert first.actions == ('create',) and first.last['status'] == 'provisioning'
    second, last, served = converge(simulator, 'started', name='bot')
    assert second.actions == () and last['status'] == 'running'
    assert [m for m, dummy, dummy2 in served].count('POST') == 1 and len(simulator.instances('chowder')) == 1


@pytest.mark.parametrize('desired', ['stopped', 'restarted'])
def test_stopped_or_restarted_by_a_name_no_instance_has_fails_and_creates_nothing(simulator, desired):
    scene(simulator, {'name': 'bot', 'status': 'running'})
    with pytest.raises(TaskFailed, match=r"^Chowder instance named 'bto' was not found"):
        converge(simulator, desired, name='bto')
    assert simulator.requests() == [('GET', '/v1/instances', 200)] and len(simulator.instances('chowder')) == 1


def test_restarted_is_stop_then_start_trusting_their_answers(simulator):
    running, stopped = scene(simulator, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'stopped'})
    reconciler, last, served = converge(simulator, 'restarted', instance_id=running)
    assert list(reconciler.actions) == ['stop', 'start'] and last['status'] == 'running'
    assert served == [('GET', '~/' + running, 200), ('POST', '~/%s/stop' % running, 200), ('POST', '~/%s/start' % running, 200)]
    assert converge(simulator, 'restarted', instance_id=stopped)[0].actions == ('start',)


def test_absent_is_one_delete_and_terminated_counts_as_absent(simulator):
    bot, = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, 'absent', name='bot')
    assert list(reconciler.actions) == ['delete'] and last is None
    assert served == [('GET', '~', 200), ('GET', '~/' + bot, 200), ('DELETE', '~/' + bot, 204)]
    simulator.clear()
    reconciler, last, served = converge(simulator, 'absent', instance_id=bot)
    assert list(reconciler.actions) == [] and served == [('GET', '~/' + bot, 200)]  # it reads as terminated
    with pytest.raises(TaskFailed, match='was not found'):
        converge(simulator, 'started', instance_id=bot)


def test_a_failed_provisioning_fails_with_its_error_message_after_the_create(simulator):
    scene(simulator, model_providers=['anthropic'])
    with pytest.raises(TaskFailed, match=r"provisioning failed with error_message .*model provider 'openai'.*create it again") as caught:
        converge(simulator, 'started', name='bot', wanted={'model_provider': 'openai'})
    assert caught.value.api_error is None
    assert [inst['status'] for inst in simulator.instances('chowder').values()] == ['error']


def test_what_cannot_change_fails_before_any_change(simulator):
    bot, = scene(simulator, {'name': 'bot', 'status': 'running', 'model_provider': 'anthropic'})
    with pytest.raises(TaskFailed, match=r"its model_provider is 'anthropic', not 'gemini'.*cannot change after creation"):
        converge(simulator, 'started', instance_id=bot, wanted={'model_provider': 'gemini', 'openclaw_config': {'x': 1}})
    assert simulator.requests() == [('GET', '/v1/instances/' + bot, 200)]


def test_config_and_name_are_updated_in_place(simulator):
    bot, = scene(simulator, {'name': 'bot', 'status': 'stopped', 'openclaw_config': {'a': 1}})
    reconciler, last, served = converge(simulator, 'started', instance_id=bot, wanted={'name': 'bot2', 'openclaw_config': {'a': 2}})
    assert list(reconciler.actions) == ['update', 'start'] and (last['name'], last['openclaw_config'], last['status']) == ('bot2', {'a': 2}, 'running')
    assert [m for m, dummy, dummy2 in served] == ['GET', 'PATCH', 'POST']


def test_a_409_race_is_absorbed_by_planning_again(simulator):
    bot, = scene(simulator, {'name': 'bot', 'status': 'running'})
    client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, **simulator.seams())
    reconciler = Reconciler(client, CHOWDER, 'stopped', True, Deadline(30, simulator.clock), False)
    first = client.read_instance(bot)
    client.act('stop', bot)  # someone else stops it between our read and our stop
    last = reconciler.run(first, 'bot')
    assert list(reconciler.actions) == [] and last['status'] == 'stopped'
    assert [s for dummy, dummy2, s in simulator.requests()] == [200, 200, 409, 200]


def test_a_create_whose_answer_was_lost_is_found_by_name_not_sent_twice(simulator):
    scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'phase': 'after'})
    reconciler, last, dummy = converge(simulator, 'present', name='bot')
    assert list(reconciler.actions) == ['create'] and last['status'] == 'running'
    assert len(simulator.instances('chowder')) == 1


def test_check_mode_predicts_every_action_and_sends_none(simulator):
    bot, = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, 'restarted', name='bot', check_mode=True)
    assert list(reconciler.actions) == ['stop', 'start'] and served == [('GET', '~', 200), ('GET', '~/' + bot, 200)]
    reconciler, last, served = converge(simulator, 'started', name='new', check_mode=True, wanted={'region': 'eu'})
    assert list(reconciler.actions) == ['create'] and last == {'name': 'new', 'region': 'eu', 'id': None, 'status': 'running'}
    assert list(simulator.instances('chowder')) == [bot]


def test_the_plan_limit_and_scoped_keys_get_messages_that_say_what_to_do(simulator):
    simulator.reset_chowder({ORG: {'instances': [{'name': 'a'}], 'instance_limit': 1,
                                   'scoped_keys': {SCOPED: {'instances': [0], 'permissions': ['read']}}}})
    with pytest.raises(TaskFailed) as caught:
        converge(simulator, 'present', name='b')
    assert caught.value.api_error.status == 402 and 'instance limit' in caught.value.msg
    with pytest.raises(TaskFailed) as caught:
        converge(simulator, 'stopped', name='a', key=SCOPED)
    assert caught.value.msg.startswith("Chowder API error while working on Chowder instance named 'a': HTTP 403")
    assert 'organization key (chd_org_...)' in caught.value.msg and caught.value.api_error.status == 403


def test_wait_false_sends_what_needs_no_waiting_and_says_what_is_left(simulator):
    running, = scene(simulator, {'name': 'a', 'status': 'running'})
    reconciler, last, dummy = converge(simulator, 'restarted', instance_id=running, wait=False)
    assert list(reconciler.actions) == ['stop', 'start'] and last['status'] == 'running'
    reconciler, last, dummy = converge(simulator, 'started', name='new', wait=False)
    assert list(reconciler.actions) == ['create'] and last['status'] == 'provisioning'
    assert 'it is not started yet' in reconciler.warnings[0] and 'wait is false' in reconciler.warnings[0]

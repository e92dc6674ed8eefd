"""The planner as a table: every status (settled and mid-action) x every desired state."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._messages import cannot_reach, waiting_for
from ansible_collections.openclaw.hosting.plugins.module_utils._planner import (
    ACCEPTED, ACT, BLOCKED, DONE, FAIL, LEFT_AS_IS, NOT_FOUND, NOT_REPEATED, SETTLING, TAKING_EFFECT, UNANSWERED,
    UNANSWERED_READS, Memory, Step, next_step, plan,
)
from ansible_collections.openclaw.hosting.plugins.module_utils._predict import predict
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER, CLAWHOSTERS


def words(step, desired='started'):
    """What the user reads about a step that fails or waits."""
    return cannot_reach('bot', step.status, desired, step) if step.kind == FAIL else waiting_for(step)


def instance(status, can_start=None, can_stop=None, can_restart=None, **extra):
    """A detail object; flags left None are absent, as in a list object."""
    inst = dict(id=7, name='bot', status=status, **extra)
    for flag, value in (('can_start', can_start), ('can_stop', can_stop), ('can_restart', can_restart)):
        if value is not None:
            inst[flag] = value
    return inst


# The documented flags per status (get-instance page), plus the in-progress variants.
RUNNING = instance('running', False, True, True)
RUNNING_BUSY = instance('running', False, False, False)  # a restart or stop in progress
STOPPED = instance('stopped', True, False, False)
STOPPED_BUSY = instance('stopped', False, False, False)  # a start in progress
PENDING = instance('pending_configuration', False, False, False)
PENDING_STOPPABLE = instance('pending_configuration', False, True, False)
OFF = dict(can_start=False, can_stop=False, can_restart=False)

TABLE = [
    # observed, desired, expected kind, expected action
    (None, 'started', FAIL, ''),
    (None, 'stopped', FAIL, ''),
    (None, 'restarted', FAIL, ''),
    (None, 'absent', DONE, ''),
    (RUNNING, 'started', DONE, ''),
    (RUNNING, 'stopped', ACT, 'stop'),
    (RUNNING, 'restarted', ACT, 'restart'),
    (RUNNING, 'absent', ACT, 'delete'),
    (RUNNING_BUSY, 'started', SETTLING, ''),
    (RUNNING_BUSY, 'stopped', BLOCKED, ''),
    (RUNNING_BUSY, 'restarted', BLOCKED, ''),
    (RUNNING_BUSY, 'absent', ACT, 'delete'),
    (STOPPED, 'started', ACT, 'start'),
    (STOPPED, 'stopped', DONE, ''),
    (STOPPED, 'restarted', ACT, 'start'),
    (STOPPED, 'absent', ACT, 'delete'),
    (STOPPED_BUSY, 'started', BLOCKED, ''),
    (STOPPED_BUSY, 'stopped', SETTLING, ''),
    (STOPPED_BUSY, 'restarted', BLOCKED, ''),
    (instance('provisioning', **OFF), 'started', SETTLING, ''),
    (instance('provisioning', **OFF), 'stopped', BLOCKED, ''),
    (instance('provisioning', **OFF), 'restarted', BLOCKED, ''),
    (instance('provisioning', **OFF), 'absent', ACT, 'delete'),
    (instance('deploying', **OFF), 'started', SETTLING, ''),
    (instance('deploying', **OFF), 'stopped', BLOCKED, ''),
    (instance('deploying', **OFF), 'restarted', BLOCKED, ''),
    (PENDING, 'started', FAIL, ''),
    (PENDING, 'restarted', FAIL, ''),
    (PENDING, 'stopped', FAIL, ''),
    (PENDING_STOPPABLE, 'stopped', ACT, 'stop'),
    (PENDING, 'absent', ACT, 'delete'),
    (instance('paused', **OFF), 'started', FAIL, ''),
    (instance('paused', **OFF), 'restarted', FAIL, ''),
    (instance('paused', **OFF), 'stopped', DONE, ''),
    (instance('paused', **OFF), 'absent', ACT, 'delete'),
    (instance('error', **OFF), 'started', FAIL, ''),
    (instance('error', **OFF), 'stopped', FAIL, ''),
    (instance('error', **OFF), 'restarted', FAIL, ''),
    (instance('error', **OFF), 'absent', ACT, 'delete'),
    (instance('deploy_failed', **OFF), 'started', FAIL, ''),
    (instance('deploy_failed', **OFF), 'stopped', FAIL, ''),
    (instance('deploy_failed', **OFF), 'absent', ACT, 'delete'),
    (instance('deleting', **OFF), 'started', FAIL, ''),
    (instance('deleting', **OFF), 'stopped', FAIL, ''),
    (instance('deleting', **OFF), 'restarted', FAIL, ''),
    (instance('deleting', **OFF), 'absent', SETTLING, ''),
    (instance('hibernating', **OFF), 'started', BLOCKED, ''),
    (instance('hibernating', **OFF), 'stopped', BLOCKED, ''),
    (instance('hibernating', **OFF), 'absent', ACT, 'delete'),
    # an instance without flags (a prediction, an action's answer cut short; the client refuses details without
    # them): the documented table decides
    (instance('running'), 'started', DONE, ''),
    (instance('running'), 'stopped', ACT, 'stop'),
    (instance('running'), 'restarted', ACT, 'restart'),
    (instance('stopped'), 'started', ACT, 'start'),
    (instance('stopped'), 'stopped', DONE, ''),
    (instance('provisioning'), 'started', SETTLING, ''),
    # present: it exists, whatever its power state; nothing is ever sent, a missing one cannot be created
    (None, 'present', FAIL, ''),
    (RUNNING, 'present', DONE, ''),
    (RUNNING_BUSY, 'present', DONE, ''),
    (STOPPED, 'present', DONE, ''),
    (PENDING, 'present', DONE, ''),
    (instance('paused', **OFF), 'present', DONE, ''),
    (instance('provisioning', **OFF), 'present', SETTLING, ''),
    (instance('deploying', **OFF), 'present', SETTLING, ''),
    (instance('error', **OFF), 'present', FAIL, ''),
    (instance('deploy_failed', **OFF), 'present', FAIL, ''),
    (instance('deleting', **OFF), 'present', FAIL, ''),
    (instance('hibernating', **OFF), 'present', DONE, ''),
]


@pytest.mark.parametrize('observed, desired, kind, action', TABLE,
                         ids=['%s-%s' % ((o or {}).get('status', 'absent'), d) for o, d, k, a in TABLE])
def test_plan_table(observed, desired, kind, action):
    step = plan(desired, observed, CLAWHOSTERS)
    assert (step.kind, step.action) == (kind, action)
    if kind in (FAIL, BLOCKED, SETTLING):
        assert step.reason and words(step), 'a step that stops or waits says why'


def test_present_says_why_it_cannot_create_and_warns_of_a_pause():
    """ClawHosters has no create: a missing instance fails saying so (Chowder's by id does not: it could create one by
    name); a paused one is present, with the advice to resume it."""
    missing = plan('present', None, CLAWHOSTERS)
    assert missing == Step(FAIL, reason=NOT_FOUND, detail=True)
    assert words(missing, 'present') == (
        'bot was not found (it does not exist, was deleted, or belongs to another account). Its API cannot create '
        'instances, so state=present only checks that one exists: create it in the dashboard.')
    assert 'cannot create' not in words(plan('started', None, CLAWHOSTERS))
    assert 'cannot create' not in words(plan('present', None, CHOWDER), 'present')
    paused = plan('present', instance('paused', **OFF), CLAWHOSTERS)
    assert (paused.kind, paused.reason) == (DONE, LEFT_AS_IS) and 'resume it in the ClawHosters dashboard' in paused.detail


def test_flags_outrank_the_table():
    # a running instance whose API says it can be started is started, whatever the table says
    assert plan('started', instance('stopped', can_start=False), CLAWHOSTERS).kind == BLOCKED
    assert plan('stopped', instance('running', can_stop=False), CLAWHOSTERS).kind == BLOCKED


def test_the_details_decide_what_a_list_item_cannot():
    # a start in flight (another client's): the details show the old status with every flag down; a list item shows
    # only the status, which would read as "already stopped"
    assert plan('stopped', STOPPED_BUSY, CLAWHOSTERS).kind == SETTLING
    assert plan('stopped', instance('stopped'), CLAWHOSTERS).kind == DONE
    # pending_configuration: the details say whether it can be stopped; the documented table does not list it
    assert plan('stopped', PENDING_STOPPABLE, CLAWHOSTERS) == Step(ACT, 'stop')
    assert plan('stopped', instance('pending_configuration'), CLAWHOSTERS).kind == FAIL


def test_restarted_is_satisfied_by_one_restart_or_start():
    assert plan('restarted', RUNNING, CLAWHOSTERS, ['restart']).kind == DONE
    assert plan('restarted', RUNNING, CLAWHOSTERS, ['start']).kind == DONE
    assert plan('restarted', RUNNING_BUSY, CLAWHOSTERS, ['restart']).kind == SETTLING


def test_an_accepted_action_is_not_sent_again_while_it_takes_effect():
    # the API may still show the old state with its flags up just after accepting the stop
    assert plan('stopped', RUNNING, CLAWHOSTERS, ['stop']) == Step(SETTLING, 'stop', ACCEPTED, 'running')
    assert plan('absent', RUNNING, CLAWHOSTERS, ['delete']).kind == SETTLING


def test_an_action_the_table_forbids_but_the_api_took_is_waited_for():
    # found by the reliability suite's Hypothesis test: pending_configuration may allow stop (its flag says so);
    # while the stop takes effect every flag is false, which must not read as "the API does not allow stopping it"
    assert plan('stopped', PENDING, CLAWHOSTERS).kind == FAIL
    assert plan('stopped', PENDING, CLAWHOSTERS, ['stop']) == Step(SETTLING, 'stop', TAKING_EFFECT, 'pending_configuration')
    assert waiting_for(plan('stopped', PENDING, CLAWHOSTERS, ['stop'])) == 'the stop to take effect'
    assert plan('stopped', instance('error', False, False, False), CLAWHOSTERS, ['stop']).kind == FAIL  # it broke: no waiting


def test_messages_tell_the_user_what_to_do():
    def said(desired, observed):
        return words(plan(desired, observed, CLAWHOSTERS), desired)

    assert 'top up' in said('started', instance('paused', **OFF))
    assert 'LLM provider' in said('started', PENDING)
    assert 'dashboard' in said('stopped', instance('error', **OFF))
    assert 'being deleted' in said('started', instance('deleting', **OFF))
    assert plan('started', None, CLAWHOSTERS).reason == NOT_FOUND and 'was not found' in said('started', None)
    left = plan('stopped', instance('paused', **OFF), CLAWHOSTERS)
    assert (left.kind, left.reason) == (DONE, LEFT_AS_IS) and 'paused' in left.detail  # the warning
    assert 'hibernating' in said('started', instance('hibernating', **OFF))
    assert 'provisioning' in said('started', instance('provisioning', **OFF))


def test_predict():
    assert predict(RUNNING, 'stop', CLAWHOSTERS) == dict(STOPPED)
    assert predict(STOPPED, 'start', CLAWHOSTERS) == dict(RUNNING)
    assert predict(RUNNING, 'delete', CLAWHOSTERS) is None
    assert predict(instance('running'), 'stop', CLAWHOSTERS) == instance('stopped')


# --- Chowder: no flags, no restart endpoint, create and update, terminated ---------------

def chowder(status, **extra):
    """A Chowder instance object."""
    return dict(dict(id='f47ac10b', name='bot', status=status, model_provider='anthropic', openclaw_version='v1',
                     region=None, openclaw_config=None, error_message=None), **extra)


CHOWDER_TABLE = [
    # observed, desired, can_create, expected kind, expected action
    (None, 'present', True, ACT, 'create'),
    (None, 'started', True, ACT, 'create'),
    (None, 'stopped', True, FAIL, ''),  # a stopped or restarted instance should exist: a typo creates nothing
    (None, 'restarted', True, FAIL, ''),
    (None, 'present', False, FAIL, ''),  # by id: never created
    (None, 'absent', True, DONE, ''),
    (chowder('terminated'), 'present', True, ACT, 'create'),
    (chowder('terminated'), 'started', False, FAIL, ''),
    (chowder('terminated'), 'restarted', True, FAIL, ''),
    (chowder('terminated'), 'absent', False, DONE, ''),
    (chowder('provisioning'), 'present', True, SETTLING, ''),
    (chowder('provisioning'), 'started', True, SETTLING, ''),
    (chowder('provisioning'), 'stopped', True, BLOCKED, ''),
    (chowder('provisioning'), 'restarted', True, BLOCKED, ''),
    (chowder('provisioning'), 'absent', True, ACT, 'delete'),
    (chowder('running'), 'present', True, DONE, ''),
    (chowder('running'), 'started', True, DONE, ''),
    (chowder('running'), 'stopped', True, ACT, 'stop'),
    (chowder('running'), 'restarted', True, ACT, 'stop'),
    (chowder('running'), 'absent', True, ACT, 'delete'),
    (chowder('stopped'), 'present', True, DONE, ''),
    (chowder('stopped'), 'started', True, ACT, 'start'),
    (chowder('stopped'), 'stopped', True, DONE, ''),
    (chowder('stopped'), 'restarted', True, ACT, 'start'),
    (chowder('stopped'), 'absent', True, ACT, 'delete'),
    (chowder('error'), 'present', True, FAIL, ''),
    (chowder('error'), 'started', True, FAIL, ''),
    (chowder('error'), 'stopped', True, FAIL, ''),
    (chowder('error'), 'restarted', True, FAIL, ''),
    (chowder('error'), 'absent', True, ACT, 'delete'),
    (chowder('suspended'), 'started', True, BLOCKED, ''),
    (chowder('suspended'), 'present', True, DONE, ''),
]


@pytest.mark.parametrize('observed, desired, can_create, kind, action', CHOWDER_TABLE,
                         ids=['%s-%s-%s' % ((o or {}).get('status', 'missing'), d, 'by-name' if c else 'by-id')
                              for o, d, c, k, a in CHOWDER_TABLE])
def test_chowder_plan_table(observed, desired, can_create, kind, action):
    step = plan(desired, observed, CHOWDER, can_create=can_create)
    assert (step.kind, step.action) == (kind, action)
    if kind in (FAIL, BLOCKED, SETTLING):
        assert step.reason and words(step), 'a step that stops or waits says why'


def test_chowder_restarted_is_a_stop_then_a_start():
    assert plan('restarted', chowder('running'), CHOWDER, ['stop']).kind == SETTLING  # the stop has not shown yet
    assert plan('restarted', chowder('stopped'), CHOWDER, ['stop']) == Step(ACT, 'start')
    assert plan('restarted', chowder('running'), CHOWDER, ['stop', 'start']).kind == DONE
    assert plan('restarted', chowder('provisioning'), CHOWDER, ['create']).kind == SETTLING  # it comes up by itself
    assert plan('restarted', chowder('running'), CHOWDER, ['create']).kind == DONE  # a new instance is fresh enough


def test_chowder_updates_what_differs_and_refuses_what_cannot_change():
    configured = chowder('running', openclaw_config={'a.b': 1})
    assert plan('present', configured, CHOWDER, wanted={'openclaw_config': {'a.b': 1}}).kind == DONE
    assert plan('present', configured, CHOWDER, wanted={'openclaw_config': {'a.b': 2}}) == Step(ACT, 'update')
    assert plan('stopped', configured, CHOWDER, ['update'], wanted={'openclaw_config': {'a.b': 2}}) == Step(ACT, 'stop')
    assert plan('present', chowder('running'), CHOWDER, wanted={'openclaw_config': {}}).kind == DONE  # {} == no overrides
    assert plan('present', chowder('running'), CHOWDER, wanted={'name': 'renamed'}) == Step(ACT, 'update')
    step = plan('started', chowder('stopped'), CHOWDER, wanted={'model_provider': 'openai', 'region': 'eu', 'openclaw_config': {'x': 1}})
    assert step.kind == FAIL
    assert "its model_provider is 'anthropic', not 'openai'; its region is not set, not 'eu'" in words(step)
    assert 'cannot change after creation' in words(step)
    assert plan('present', chowder('running'), CHOWDER, wanted={'model_provider': 'anthropic'}).kind == DONE
    # an instance in error is not updated on the way to failing
    assert plan('present', chowder('error'), CHOWDER, wanted={'openclaw_config': {'x': 1}}).kind == FAIL


def test_chowder_error_shows_the_instance_error_message():
    step = plan('started', chowder('error', error_message='no key for openai'), CHOWDER)
    assert "error_message 'no key for openai'" in words(step) and 'create it again' in words(step)


def test_chowder_predict():
    assert predict(None, 'create', CHOWDER, {'name': 'bot'}) == {'name': 'bot', 'id': None, 'status': 'running'}
    assert predict(chowder('running'), 'update', CHOWDER, {'name': 'new'})['name'] == 'new'
    assert predict(chowder('running'), 'stop', CHOWDER)['status'] == 'stopped'


# --- the loop's memory: an action without a clear answer is waited for, settled, sent again or never repeated ---------

LOST_STOP = Memory(unanswered='stop', reads_left=UNANSWERED_READS)


@pytest.mark.parametrize('memory, observed, step, after', [
    # while it has reads left, an action without a clear answer is waited for, not sent
    (LOST_STOP, instance('running', False, True, True), Step(SETTLING, 'stop', UNANSWERED, 'running'), LOST_STOP),
    # a read shows it carried out: it counts as accepted, and the plan goes on from there
    (LOST_STOP, instance('stopped', True, False, False), Step(DONE), Memory(accepted=('stop',))),
    # its reads ran out without a sign of it: it is sent again
    (LOST_STOP._replace(reads_left=0), instance('running', False, True, True), Step(ACT, 'stop'), Memory()),
    # an accepted action is never sent twice
    (Memory(accepted=('stop',)), instance('running', False, True, True), Step(SETTLING, 'stop', ACCEPTED, 'running'),
     Memory(accepted=('stop',))),
])
def test_the_loops_memory_decides_whether_an_action_is_sent_again(memory, observed, step, after):
    assert next_step('stopped', observed, CLAWHOSTERS, memory) == (step, after)


def test_a_create_without_a_clear_answer_is_never_sent_twice():
    lost = Memory(unanswered='create', reads_left=UNANSWERED_READS)
    assert next_step('present', None, CHOWDER, lost, can_create=True) == (Step(SETTLING, 'create', UNANSWERED), lost)
    step, after = next_step('present', None, CHOWDER, lost._replace(reads_left=0), can_create=True)
    assert step == Step(FAIL, 'create', NOT_REPEATED) and after == Memory()
    assert 'It is not sent again (a second create would make a second instance)' in words(step, 'present')
    found = instance('provisioning')
    assert next_step('present', found, CHOWDER, lost._replace(reads_left=2), can_create=True)[1] == Memory(accepted=('create',))


def test_memory_counts_reads_and_accepted_actions():
    memory = Memory().without_answer('stop')
    assert memory == Memory(unanswered='stop', reads_left=UNANSWERED_READS)
    assert memory.after_read().after_read().after_read().after_read().reads_left == 0
    assert Memory().accept('stop').accept('start').accepted == ('stop', 'start')

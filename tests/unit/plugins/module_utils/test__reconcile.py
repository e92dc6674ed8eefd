"""The reconcile loop against the real simulator: actions, waits, races and failures, with request counts."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.module_utils._find import pick_by_name
from ansible_collections.openclaw.hosting.plugins.module_utils._outcome import outcome_fields
from ansible_collections.openclaw.hosting.plugins.module_utils._reconcile import Reconciler, poll_intervals
from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

KEY = 'oc_live_unit_runner_secret'
FAST = fast_timings(0.4)


def converge(simulator, instance_id, desired, wait=True, wait_timeout=30, check_mode=False):
    """Run one reconcile from a fresh read; returns (reconciler, final instance, requests)."""
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    first = client.read_instance(instance_id)
    reconciler = Reconciler(client, CLAWHOSTERS, desired, wait, Deadline(wait_timeout, simulator.clock), check_mode)
    last = reconciler.run(first, 'instance %s' % instance_id)
    return reconciler, last, simulator.requests()


def scene(simulator, *specs):
    ids = simulator.reset({KEY: list(specs)}, **FAST)[KEY]
    return ids[0] if len(ids) == 1 else ids


def methods(served):
    return [method for method, dummy, dummy2 in served]


def test_stop_then_nothing_more(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped' and last['can_start'] is True
    assert methods(served) == ['GET', 'POST', 'GET']  # the first poll, when a stop is usually done, sees it stopped
    simulator.clear()
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == [] and len(served) == 1


def test_restarted_restarts_a_running_and_starts_a_stopped_instance(simulator):
    running, stopped = scene(simulator, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'stopped'})
    assert converge(simulator, running, 'restarted')[0].actions == ['restart']
    assert converge(simulator, stopped, 'restarted')[0].actions == ['start']


def test_absent_waits_until_the_api_answers_404(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'stopped'})
    reconciler, last, served = converge(simulator, bot, 'absent')
    assert reconciler.actions == ['delete'] and last is None
    assert served[-1] == ('GET', '/api/v1/instances/%d' % bot, 404)


def test_a_busy_instance_is_waited_for_then_planned_again(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'provisioning'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served).count('POST') == 1


def test_wait_false_returns_once_the_action_is_accepted(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, bot, 'stopped', wait=False)
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'  # as the API's answer expects it
    assert methods(served) == ['GET', 'POST']


@pytest.mark.parametrize('desired', ['stopped', 'started', 'restarted'])
def test_wait_false_on_a_busy_instance_fails_saying_what_it_waits_for(simulator, desired):
    # started too: a provisioning instance comes up by itself, but it is not started yet
    bot = scene(simulator, {'name': 'bot', 'status': 'provisioning'})
    with pytest.raises(TaskFailed, match='is provisioning and cannot be %s yet: waiting for its status provisioning to end, '
                                         'but wait is false' % desired):
        converge(simulator, bot, desired, wait=False)
    assert methods(simulator.requests()) == ['GET']


def test_unknown_status_is_waited_for_until_the_deadline(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'hibernating'})
    with pytest.raises(TaskFailed, match=r"Timed out after wait_timeout=2s.*'hibernating'"):
        converge(simulator, bot, 'started', wait_timeout=2)
    assert len(simulator.requests()) <= 2  # reads at 0 s and 2 s: polling never hammers the API


def test_stuck_statuses_fail_with_advice_and_no_action(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'paused'})
    with pytest.raises(TaskFailed, match=r'paused and cannot be started: .*top up Claws'):
        converge(simulator, bot, 'started')
    reconciler, dummy, dummy2 = converge(simulator, bot, 'stopped')
    assert reconciler.actions == [] and 'left paused' in reconciler.warnings[0]
    assert 'POST' not in methods(simulator.requests())


def test_a_refusal_that_is_not_a_race_fails_with_the_api_error_and_an_explanation(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running', 'billing_mode': 'monthly'})
    with pytest.raises(TaskFailed) as caught:
        converge(simulator, bot, 'absent')
    assert 'cancel the subscription' in caught.value.msg
    assert caught.value.api_error.status == 422
    assert methods(simulator.requests()) == ['GET', 'DELETE', 'GET']


def test_a_race_is_absorbed_by_planning_again(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    first = client.read_instance(bot)
    # someone else stops it between our read and our stop: the API answers 422
    client.act('stop', bot)
    reconciler = Reconciler(client, CLAWHOSTERS, 'stopped', True, Deadline(30, simulator.clock), False)
    last = reconciler.run(first, 'bot')
    assert reconciler.actions == [] and last['status'] == 'stopped'
    assert [(m, s) for m, dummy, s in simulator.requests()][:4] == [('GET', 200), ('POST', 200), ('POST', 422), ('GET', 200)]


def test_an_action_whose_answer_was_lost_is_not_sent_twice(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    simulator.faults({'kind': 'drop', 'method': 'POST', 'phase': 'after'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served).count('POST') == 1


def test_an_action_lost_before_the_server_acted_is_sent_again_after_three_reads(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'POST', 'phase': 'before'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    # a gateway's 502 may hide a stop the API still carries out: three reads (about 10 s) show none, then it is sent again
    assert methods(served)[:6] == ['GET', 'POST', 'GET', 'GET', 'GET', 'POST']


def test_an_action_that_timed_out_and_lands_late_is_not_sent_again(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    # the API holds the stop for 1.5 s and then carries it out; the task gave up after api_timeout (1 s)
    simulator.faults({'kind': 'slow', 'delay': 1.5, 'method': 'POST', 'phase': 'before'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=1, retries=2, **simulator.seams())
    reconciler = Reconciler(client, CLAWHOSTERS, 'stopped', True, Deadline(30, simulator.clock), False)
    last = reconciler.run(client.read_instance(bot), 'bot')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(simulator.requests()).count('POST') == 1


def test_check_mode_sends_no_action(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, bot, 'stopped', check_mode=True)
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served) == ['GET'] and simulator.instances()[bot]['status'] == 'running'


def test_pick_by_name(simulator):
    ids = scene(simulator, {'name': 'twin'}, {'name': 'twin'}, {'name': 'solo'}, {'name': 'gone', 'status': 'deleting'})
    listed = Client(CLAWHOSTERS, KEY, simulator.api_url, **simulator.seams()).list_instances()
    with pytest.raises(TaskFailed, match=r"2 ClawHosters instances are named 'twin' \(ids %d, %d\)" % (ids[0], ids[1])):
        pick_by_name(listed, CLAWHOSTERS, 'twin')
    assert pick_by_name(listed, CLAWHOSTERS, 'solo')['id'] == ids[2]
    assert pick_by_name(listed, CLAWHOSTERS, 'gone')['status'] == 'deleting'
    assert pick_by_name(listed, CLAWHOSTERS, 'nobody') is None


def test_poll_intervals_never_spend_more_than_a_request_per_two_seconds_and_back_off():
    for first in (None, 0.5, 3.0, 5.0):
        polls = poll_intervals(first)
        intervals = [next(polls) for dummy in range(12)]
        assert min(intervals) >= 2.0 and max(intervals) == 10.0
    polls = poll_intervals(5.0)
    assert [next(polls) for dummy in range(6)] == [5.0, 2.0, 3.0, 5.0, 8.0, 10.0]  # when usually done, then back off


def test_a_timeout_after_an_undone_action_says_something_else_changed_it(simulator):
    # someone starts the instance again after this task's stop took effect (0.4 s after it was sent) and before the
    # task reads it again (at the deadline, as the documented 3 s of a stop are longer): the stop must be sent within
    # 1.1 s of the scene's start, which a loaded machine running the suites at once has missed with less room
    bot = scene(simulator, {'name': 'bot', 'status': 'running', 'then': [{'after': 1.5, 'status': 'running'}]})
    with pytest.raises(TaskFailed, match='The API accepted the stop, so something else may have changed the instance since'):
        converge(simulator, bot, 'stopped', wait_timeout=3)


def test_a_timeout_without_an_accepted_action_does_not_blame_anyone(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'hibernating'})
    with pytest.raises(TaskFailed) as failure:
        converge(simulator, bot, 'started', wait_timeout=1)
    assert 'something else' not in failure.value.msg


@pytest.mark.parametrize('listed_as', [
    {'name': 'ghost'},  # another task's list names an instance that no longer has that name (renamed, or an id reused)
    {'name': 'ghost', 'id': 999},  # ... or one that is gone since
])
def test_a_name_found_in_another_tasks_list_is_looked_up_again_when_the_details_disagree(simulator, listed_as):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    reconciler = Reconciler(client, CLAWHOSTERS, 'absent', True, Deadline(30, simulator.clock), False, name='ghost')
    stale = [dict({'id': bot, 'status': 'running'}, **listed_as)]
    outcome = reconciler.converge(None, stale, complete=False)
    assert outcome.last is None and outcome.actions == () and outcome.failure is None
    read = listed_as.get('id', bot)
    assert simulator.requests() == [('GET', '/api/v1/instances/%d' % read, 200 if read == bot else 404),
                                    ('GET', '/api/v1/instances', 200)]  # its own list: no 'ghost', nothing deleted
    assert simulator.instances()[bot]['status'] == 'running'


def test_the_outcome_says_how_long_the_instance_took_on_the_deadlines_clock(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    outcome = Reconciler(client, CLAWHOSTERS, 'stopped', True, Deadline(30, simulator.clock), False).converge(bot)
    assert outcome.actions == ('stop',) and outcome.elapsed == pytest.approx(CLAWHOSTERS.lifecycle.action_seconds['stop'])
    assert outcome_fields(outcome, CLAWHOSTERS, False)['elapsed'] == 3.0  # the first read after a stop comes when one is usually done

"""The reconcile loop against the real simulator: actions, waits, races and failures, with request counts."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client, list_instances, read_instance
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.module_utils._runner import (
    Reconciler, TaskFailed, converge_fleet, fleet_problems, pick_by_name, poll_intervals,
)

KEY = 'oc_live_unit_runner_secret'
FAST = {'action': 0.4, 'restart': 0.4, 'deleting': 0.4, 'provisioning': 0.4, 'deploying': 0.4}


def converge(simulator, instance_id, desired, wait=True, wait_timeout=30, check_mode=False):
    """Run one reconcile from a fresh read; returns (reconciler, final instance, requests)."""
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    first = read_instance(client, instance_id)
    reconciler = Reconciler(client, CLAWHOSTERS, desired, wait, wait_timeout, check_mode)
    last = reconciler.run(first, 'instance %s' % instance_id)
    return reconciler, last, simulator.requests()


def scene(simulator, *specs):
    ids = simulator.reset({KEY: list(specs)}, timings=FAST)[KEY]
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


def test_wait_false_on_a_busy_instance_fails_saying_what_it_waits_for(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'provisioning'})
    with pytest.raises(TaskFailed, match='waiting for its status provisioning to end, but wait is false'):
        converge(simulator, bot, 'stopped', wait=False)


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
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    first = read_instance(client, bot)
    # someone else stops it between our read and our stop: the API answers 422
    client.request('POST', '/instances/%d/stop' % bot)
    reconciler = Reconciler(client, CLAWHOSTERS, 'stopped', True, 30, False)
    last = reconciler.run(first, 'bot')
    assert reconciler.actions == [] and last['status'] == 'stopped'
    assert [(m, s) for m, dummy, s in simulator.requests()][:4] == [('GET', 200), ('POST', 200), ('POST', 422), ('GET', 200)]


def test_an_action_whose_answer_was_lost_is_not_sent_twice(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    simulator.faults({'kind': 'drop', 'method': 'POST', 'phase': 'after'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served).count('POST') == 1


def test_an_action_lost_before_the_server_acted_is_sent_again_after_a_read(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'POST', 'phase': 'before'})
    reconciler, last, served = converge(simulator, bot, 'stopped')
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served)[:4] == ['GET', 'POST', 'GET', 'POST']


def test_check_mode_sends_no_action(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'running'})
    reconciler, last, served = converge(simulator, bot, 'stopped', check_mode=True)
    assert reconciler.actions == ['stop'] and last['status'] == 'stopped'
    assert methods(served) == ['GET'] and simulator.instances()[bot]['status'] == 'running'


def test_pick_by_name(simulator):
    ids = scene(simulator, {'name': 'twin'}, {'name': 'twin'}, {'name': 'solo'}, {'name': 'gone', 'status': 'deleting'})
    listed = list_instances(Client(CLAWHOSTERS, KEY, simulator.api_url))
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
    # someone starts the instance again right after this task's stop took effect
    bot = scene(simulator, {'name': 'bot', 'status': 'running', 'then': [{'after': 0.8, 'status': 'running'}]})
    with pytest.raises(TaskFailed, match='The API accepted the stop, so something else may have changed the instance since'):
        converge(simulator, bot, 'stopped', wait_timeout=2)


def test_a_timeout_without_an_accepted_action_does_not_blame_anyone(simulator):
    bot = scene(simulator, {'name': 'bot', 'status': 'hibernating'})
    with pytest.raises(TaskFailed) as failure:
        converge(simulator, bot, 'started', wait_timeout=1)
    assert 'something else' not in failure.value.msg


def test_a_fleet_reads_every_instance_with_one_list_request(simulator):
    ids = scene(simulator, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'stopped'},
                {'name': 'c', 'status': 'running'}, {'name': 'd', 'status': 'stopped'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    fleet = [{'name': 'a', 'state': 'stopped'}, {'id': ids[1], 'state': 'stopped'}, {'id': ids[2], 'state': 'started'},
             {'name': 'd', 'state': 'started'}, {'name': 'nobody', 'state': 'started'}]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, 30, False, concurrency=3, stop_on_failure=False)
    assert [o['actions'] for o in outcomes] == [['stop'], [], [], ['start'], []]
    assert [o['status'] for o in outcomes] == ['stopped', 'stopped', 'running', 'running', None]
    assert [o['failed'] for o in outcomes] == [False, False, False, False, True]
    assert 'was not found' in outcomes[4]['msg'] and outcomes[0]['instance'] == 'a' and outcomes[1]['instance'] == str(ids[1])
    served = simulator.requests()
    # one list for all five, then per changed instance its action and the read that shows it done
    assert served[0] == ('GET', '/api/v1/instances', 200) and len(served) == 5
    assert sorted(path for dummy, path, dummy2 in served if path != '/api/v1/instances') == sorted(
        ['/api/v1/instances/%d/stop' % ids[0], '/api/v1/instances/%d' % ids[0],
         '/api/v1/instances/%d/start' % ids[3], '/api/v1/instances/%d' % ids[3]])


def test_a_fleet_stopping_on_failure_goes_one_at_a_time_and_tries_no_more(simulator):
    ids = scene(simulator, {'name': 'a', 'status': 'paused'}, {'name': 'b', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    fleet = [{'id': ids[0], 'state': 'started'}, {'id': ids[1], 'state': 'stopped'}]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, 30, False, concurrency=10, stop_on_failure=True)
    assert len(outcomes) == 1 and outcomes[0]['failed'] and 'top up Claws' in outcomes[0]['msg']
    assert simulator.requests() == [('GET', '/api/v1/instances', 200)]


def test_a_fleet_under_the_rate_limit_provokes_no_429(simulator):
    ids = simulator.reset({KEY: [{'name': 'bot-%d' % i, 'status': 'running'} for i in range(12)]},
                          timings=FAST, rate_limit={'limit': 5, 'window': 1.0})[KEY]
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2)
    fleet = [{'id': instance_id, 'state': 'stopped'} for instance_id in ids]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, 60, False, concurrency=8, stop_on_failure=False)
    assert all(o['actions'] == ['stop'] and o['status'] == 'stopped' for o in outcomes)
    statuses = [status for dummy, dummy2, status in simulator.requests()]
    assert 429 not in statuses and client.rate_limited == 0
    assert len(statuses) == 1 + 2 * len(ids)  # the list, then a stop and one read showing it done, each


@pytest.mark.parametrize('fleet, problem', [
    ([{'id': 'x1'}], 'instances[0]: a ClawHosters instance id is a positive integer'),
    ([{'name': ' '}], 'instances[0].name is empty'),
    ([{'id': 7}, {'name': 'a'}, {'id': '7'}], "instances[2]: the instance with id 7 is listed twice"),
    ([{'name': 'a'}, {'name': 'a'}], "instances[1]: the instance with name 'a' is listed twice"),
])
def test_fleet_problems_are_found_before_any_request(fleet, problem):
    assert problem in '; '.join(fleet_problems(CLAWHOSTERS, fleet, 1))
    assert fleet_problems(CLAWHOSTERS, [], 0) == ['concurrency must be at least 1']

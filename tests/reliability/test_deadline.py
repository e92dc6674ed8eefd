"""Rate-limit waits that trust no clock and no header blindly, and one deadline (wait_timeout) that holds.

Each case runs the real module against the simulator, with its clock set off from the controller's, its rate
limit tight, or its answers slow, and asserts what the task sent, when, and how long it took.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

from .conftest import BASE_PATHS, MODULES, run_module

KEYS = {'clawhosters': 'oc_live_reliability_deadline_secret', 'chowder': 'chd_org_reliability_deadline_secret'}


def scene(simulator, provider='clawhosters', status='running', rate_limit=None, **timings):
    """One instance of `provider` in `status`; its id."""
    config = dict(fast_timings(0, **timings), **{provider: {KEYS[provider]: [{'name': 'target', 'status': status}]}})
    if rate_limit:
        config['rate_limit'] = rate_limit
    return simulator.control('POST', '/reset', config)[provider][KEYS[provider]][0]


def converge(simulator, instance_id, provider='clawhosters', **options):
    """Run the provider's *_instance module on the instance; (result, seconds it took, requests served)."""
    args = dict(api_key=KEYS[provider], api_url=simulator.url + BASE_PATHS[provider], id=instance_id, **options)
    started = time.monotonic()
    result = run_module(MODULES[provider], args)
    return result, time.monotonic() - started, simulator.control('GET', '/requests')['requests']


# --- clock skew ------------------------------------------------------------------------------------

@pytest.mark.parametrize('skew', [3600, -3600], ids=['api-clock-an-hour-ahead', 'api-clock-an-hour-behind'])
def test_the_window_is_read_on_the_api_clock(simulator, fast_time, skew):
    # 2 requests per 3 s; stopping takes 3 (read, stop, read): one window wait. Read on the controller's clock, an
    # hour-ahead reset was slept on 120 s at a time for the whole hour, and an hour-behind one (already past) let
    # the requests go straight into 429s until the retries ran out.
    instance_id = scene(simulator, rate_limit={'limit': 2, 'window': 3, 'clock_skew': skew})
    result, seconds, served = converge(simulator, instance_id, state='stopped', wait_timeout=60)
    assert not result.get('failed'), result
    assert result['changed'] and result['instance']['status'] == 'stopped'
    assert [entry['status'] for entry in served].count(429) == 0, served
    assert seconds < 10, 'the window of 3 s took %.1f s to wait for' % seconds


def test_a_429_whose_reset_is_past_is_not_followed_straight_by_another_request(simulator):
    # the controller's clock a little ahead of the API's: X-RateLimit-Reset reads as past; Date says the same
    instance_id = scene(simulator)
    now = time.time()
    simulator.faults({'kind': 'answer', 'method': 'GET', 'path': '^/instances/[0-9]+$', 'status': 429, 'count': 2,
                      'body': {'error': {'code': 'rate_limit_exceeded', 'message': 'Rate limit exceeded'}},
                      'headers': {'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0',
                                  'X-RateLimit-Reset': str(int(now - 5))}})
    result, dummy, served = converge(simulator, instance_id, state='started', api_retries=3)
    assert not result.get('failed'), result
    assert [entry['status'] for entry in served] == [429, 429, 200]
    gaps = [later['time'] - earlier['time'] for earlier, later in zip(served, served[1:])]
    assert min(gaps) >= 1.0, 'requests back to back after a 429: %s' % gaps


def test_a_relative_hint_wins_over_a_reset_that_disagrees(simulator, fast_time):
    # Retry-After says 1 s; X-RateLimit-Reset, on a clock far ahead, says an hour: the task waits about 1 s
    instance_id = scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'GET', 'path': '^/instances/[0-9]+$', 'status': 429, 'count': 1,
                      'body': {'error': {'code': 'rate_limit_exceeded', 'message': 'Rate limit exceeded'}},
                      'headers': {'Retry-After': '1', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': str(int(time.time() + 3600))}})
    result, seconds, served = converge(simulator, instance_id, state='started', wait_timeout=60)
    assert not result.get('failed'), result
    assert [entry['status'] for entry in served] == [429, 200]
    assert seconds < 5, seconds


# --- one deadline ----------------------------------------------------------------------------------

def test_slow_reads_end_within_wait_timeout_plus_one_api_timeout(simulator):
    # every read answers after 3 s, api_timeout 1: reads time out and are retried with backoff; once, a task with
    # wait_timeout 3 ran for as long as its six attempts and their backoff took
    instance_id = scene(simulator)
    simulator.faults({'kind': 'slow', 'method': 'GET', 'delay': 3, 'count': None})
    result, seconds, served = converge(simulator, instance_id, state='stopped', api_timeout=1, api_retries=5, wait_timeout=3)
    assert result['failed'] and not result['changed']
    assert result['msg'].startswith('Timed out after wait_timeout=3s reading ClawHosters instance %s. It gave up on: GET '
                                    % instance_id), result['msg']
    assert 'got no answer within api_timeout' in result['msg'] and result['api_error']['code'] == 'timeout'
    assert seconds < 3 + 1 + 0.5, seconds
    assert [entry['method'] for entry in served] == ['GET'] * len(served)


def test_no_action_is_sent_once_the_deadline_has_passed(simulator):
    # Chowder answers a stop once it is done: here after 3 s, past the deadline of 2 s; the start must not follow
    instance_id = scene(simulator, provider='chowder', chowder_answer=3)
    result, seconds, served = converge(simulator, instance_id, provider='chowder', state='restarted', api_timeout=10, wait_timeout=2)
    assert result['failed'] and result['actions'] == ['stop']
    assert [(entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in served] == [('GET', instance_id), ('POST', 'stop')]
    assert result['msg'] == ("Timed out after wait_timeout=2s: Chowder instance %s ('target') did not reach the state "
                             "restarted; its status is stopped, and the start it needs was not sent: the deadline had passed." % instance_id)
    assert seconds < 2 + 10


def test_a_rate_limit_wait_past_the_deadline_is_not_begun(simulator):
    # the window (2 requests per 60 s) is used up by the read and the stop; its reset is after wait_timeout
    instance_id = scene(simulator, rate_limit={'limit': 2, 'window': 60})
    result, seconds, served = converge(simulator, instance_id, state='stopped', wait_timeout=5)
    assert result['failed'] and result['actions'] == ['stop']
    assert len(served) == 2, served
    assert 'still waiting for the stop to take effect. It gave up on: GET /instances/%s: the rate limit allows the next ' \
           'request in' % instance_id in result['msg'], result['msg']
    assert result['msg'].endswith('s, after the deadline.') and result['api_error']['code'] == 'rate_limited'
    assert seconds < 5 + 1, seconds

"""The event sources against the simulator, with an asyncio queue: what they emit, what they send, how they fail."""

from __future__ import annotations

import asyncio
import pathlib
import re
import time

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import settings

from .conftest import Running

KEY = 'oc_live_eda_sources_secret'
CHOWDER_KEY = 'chd_org_eda_sources_secret'
INTERVAL = 0.3


def args(simulator, **more):
    return dict({'api_key': KEY, 'api_url': simulator.api_url, 'interval': INTERVAL, 'billing_interval': 0}, **more)


def scene(simulator, *specs, billing=None):
    """A fresh account; the ids of its instances. A delete lasts 1 s, so that a poll sees the instance deleting."""
    return simulator.reset({KEY: list(specs)}, timings={'action': 0.2, 'restart': 0.2, 'deleting': 1.0},
                           billing={KEY: billing or {}})[KEY]


def served(simulator):
    return ['%s %s %s' % (method, path, status) for method, path, status in simulator.requests()]


def kinds(events):
    return [event['openclaw']['type'] for event in events]


def test_the_first_poll_adds_every_instance_and_the_billing(simulator):
    ids = scene(simulator, {'name': 'alpha'}, {'name': 'beta', 'status': 'stopped'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, billing_interval=300))
        events = await source.take(3)
        await source.quiet(INTERVAL * 3)  # nothing changed: nothing more
        await source.stop()
        return events

    events = asyncio.run(scenario())
    assert kinds(events) == ['added', 'added', 'billing']
    assert [event['openclaw']['instance']['id'] for event in events[:2]] == ids
    assert events[0]['openclaw']['instance']['status'] == 'running' and 'changes' not in events[0]['openclaw']
    assert {event['openclaw']['provider'] for event in events} == {'clawhosters'}
    assert events[2]['openclaw']['billing']['low_balance'] is False
    assert 'meta' not in events[0]  # set_hosts is off by default
    requests = served(simulator)
    assert requests[:2] == ['GET /api/v1/instances 200', 'GET /api/v1/billing/summary 200']
    assert set(requests[2:]) == {'GET /api/v1/instances 200'}  # then one list request per poll, no more billing reads
    assert 3 <= len(requests) - 1 <= 8, requests  # polls at the interval: about 3 * INTERVAL of quiet
    assert KEY not in repr(events)


def test_changes_are_one_event_per_instance_and_change(simulator):
    ids = scene(simulator, {'name': 'alpha'}, {'name': 'beta'}, {'name': 'gamma'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url)

    async def scenario():
        source = Running('clawhosters_events', args(simulator, initial=False))
        await source.quiet(INTERVAL * 2)  # not initial: the first poll is only the baseline
        simulator.control('PATCH', '/clawhosters/instances/%d' % ids[0], {'health_status': 'unhealthy'})
        changed = await source.take(1)
        added = simulator.control('POST', '/clawhosters/instances', {'api_key': KEY, 'name': 'delta'})
        new = await source.take(1)
        client.act('delete', ids[1])  # deleting, then gone
        gone = await source.take(2)
        await source.quiet(INTERVAL * 2)
        await source.stop()
        return changed, added, new, gone

    changed, added, new, gone = asyncio.run(scenario())
    assert changed == [{'openclaw': {'provider': 'clawhosters', 'type': 'changed', 'instance': changed[0]['openclaw']['instance'],
                                     'changes': {'health_status': {'old': 'healthy', 'new': 'unhealthy'}}}}]
    assert changed[0]['openclaw']['instance']['id'] == ids[0]
    assert kinds(new) == ['added'] and new[0]['openclaw']['instance']['id'] == added['id']
    assert kinds(gone) == ['changed', 'removed']
    assert gone[0]['openclaw']['changes']['status'] == {'old': 'running', 'new': 'deleting'}
    assert gone[1]['openclaw']['instance']['id'] == ids[1] and gone[1]['openclaw']['instance']['status'] == 'deleting'


def test_the_billing_event_comes_when_low_balance_flips(simulator):
    scene(simulator, {'name': 'alpha', 'tier': 'pro'}, billing={'claws_balance': 5000})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, billing_interval=INTERVAL, initial=False))
        await source.quiet(INTERVAL * 3)
        simulator.control('PATCH', '/clawhosters/billing', {'api_key': KEY, 'claws_balance': 100})  # under 3 days
        low = await source.take(1)
        await source.quiet(INTERVAL * 3)  # still low: no new event
        simulator.control('PATCH', '/clawhosters/billing', {'api_key': KEY, 'claws_balance': 5000})
        topped_up = await source.take(1)
        await source.stop()
        return low, topped_up

    low, topped_up = asyncio.run(scenario())
    assert kinds(low) == ['billing'] and low[0]['openclaw']['billing']['low_balance'] is True
    assert low[0]['openclaw']['billing']['claws_balance'] == 100
    assert kinds(topped_up) == ['billing'] and topped_up[0]['openclaw']['billing']['low_balance'] is False


def test_a_streak_of_failed_polls_is_one_error_event_and_loses_or_repeats_no_change(simulator):
    ids = scene(simulator, {'name': 'alpha'}, {'name': 'beta'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, initial=False))
        await source.quiet(INTERVAL * 2)
        simulator.faults({'kind': 'error', 'status': 503, 'method': 'GET', 'path': '^/instances$', 'count': 2},
                         {'kind': 'answer', 'method': 'GET', 'path': '^/instances$', 'status': 200, 'body': {'data': 'no list'},
                          'count': 1})
        simulator.control('PATCH', '/clawhosters/instances/%d' % ids[1], {'status': 'stopped'})  # during the outage
        events = await source.take(2, timeout=15)
        await source.quiet(INTERVAL * 3)
        await source.stop()
        return events

    events = asyncio.run(scenario())
    assert kinds(events) == ['error', 'changed']
    assert 'ClawHosters API error while listing the instances: HTTP 503' in events[0]['openclaw']['message']
    assert events[1]['openclaw']['changes'] == {'status': {'old': 'running', 'new': 'stopped'},
                                                'health_status': {'old': 'healthy', 'new': 'unknown'}}
    statuses = [line.rsplit(' ', 1)[1] for line in served(simulator)]
    assert statuses.count('503') == 2
    assert KEY not in repr(events)


def test_set_hosts_names_each_instance_as_the_inventory_plugin_does(simulator):
    ids = scene(simulator, {'name': 'alpha'}, {'name': 'twin'}, {'name': 'twin'}, {'name': 'localhost'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, set_hosts=True))
        events = await source.take(4)
        await source.stop()
        return events

    events = asyncio.run(scenario())
    assert [event['meta']['hosts'] for event in events] == [
        'alpha', 'twin_%d' % ids[1], 'twin_%d' % ids[2], 'localhost_%d' % ids[3]]


@pytest.mark.parametrize('given, problem', [
    ({'api_key': ''}, 'no api_key: give it as an argument or in the CLAWHOSTERS_API_KEY environment variable'),
    ({'interval': 0}, 'interval must be a number of seconds over 0, got 0'),
    ({'interval': 'often'}, "interval must be a number of seconds over 0, got 'often'"),
    ({'billing_interval': -1}, 'billing_interval must be a number of seconds of at least 0, got -1'),
    ({'initial': 'maybe'}, "initial must be true or false, got 'maybe'"),
    ({'api_url': 'http://clawhosters.com/api/v1'}, 'api_url must be an https:// URL'),
    ({'api_key': 'chd_org_x'}, 'Chowder'),
    ({'intervall': 5}, "unknown argument 'intervall'"),
])
def test_bad_arguments_end_the_source_before_any_request(simulator, monkeypatch, given, problem):
    scene(simulator, {'name': 'alpha'})
    monkeypatch.delenv('CLAWHOSTERS_API_KEY', raising=False)

    async def scenario():
        source = Running('clawhosters_events', args(simulator, **given))
        with pytest.raises(Exception) as caught:
            await source.take(1)
        return caught.value

    failure = asyncio.run(scenario())
    assert type(failure).__name__ == 'SourceFailed' and problem in str(failure)
    assert str(failure).startswith('openclaw.hosting.clawhosters_events: ')
    assert served(simulator) == []


@pytest.mark.parametrize('environment, argument, verify', [
    ('false', None, False), ('', None, True), ('0', True, True), (None, None, True), ('yes', 'off', False),
])
def test_validate_certs_comes_from_the_argument_else_the_environment(monkeypatch, environment, argument, verify):
    """CLAWHOSTERS_VALIDATE_CERTS when the rulebook does not give validate_certs; an empty one counts as not set."""
    monkeypatch.delenv('CLAWHOSTERS_VALIDATE_CERTS', raising=False)
    if environment is not None:
        monkeypatch.setenv('CLAWHOSTERS_VALIDATE_CERTS', environment)
    given = {'api_key': KEY} if argument is None else {'api_key': KEY, 'validate_certs': argument}
    assert settings(given, CLAWHOSTERS, 'openclaw.hosting.clawhosters_events', billing=True).validate_certs is verify


def test_a_key_the_api_refuses_ends_the_source_with_what_to_fix(simulator):
    scene(simulator, {'name': 'alpha'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, api_key='oc_live_revoked_key'))
        with pytest.raises(Exception) as caught:
            await source.take(1)
        return caught.value

    failure = asyncio.run(scenario())
    assert 'HTTP 401' in str(failure) and 'CLAWHOSTERS_API_KEY' in str(failure)
    assert 'oc_live_revoked_key' not in str(failure)
    assert served(simulator) == ['GET /api/v1/instances 401']


def test_the_key_and_url_come_from_the_environment_as_for_the_modules(simulator, monkeypatch):
    scene(simulator, {'name': 'alpha'})
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    monkeypatch.setenv('CLAWHOSTERS_API_URL', simulator.api_url)

    async def scenario():
        source = Running('clawhosters_events', {'interval': INTERVAL, 'billing_interval': 0})
        events = await source.take(1)
        await source.stop()
        return events

    assert kinds(asyncio.run(scenario())) == ['added']


def test_cancelling_ends_the_source_at_once_even_while_it_backs_off(simulator):
    scene(simulator, {'name': 'alpha'})
    simulator.faults({'kind': 'error', 'status': 503, 'method': 'GET', 'path': '^/instances$', 'count': 100})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, interval=30))
        events = await source.take(1)  # the error; it now waits 30 s before the next poll
        return events, await source.stop()

    events, seconds = asyncio.run(scenario())
    assert kinds(events) == ['error'] and seconds < 0.5


def test_chowder_events_never_carry_openclaw_config(simulator):
    simulator.reset_chowder({CHOWDER_KEY: [{'name': 'alpha', 'openclaw_config': {'telegram_token': 'tg-secret-token'}}]})

    async def scenario():
        source = Running('chowder_events', {'api_key': CHOWDER_KEY, 'api_url': simulator.chowder_url, 'interval': INTERVAL})
        events = await source.take(1)
        await source.stop()
        return events

    events = asyncio.run(scenario())
    assert kinds(events) == ['added'] and events[0]['openclaw']['provider'] == 'chowder'
    assert 'openclaw_config' not in events[0]['openclaw']['instance'] and 'tg-secret-token' not in repr(events)
    assert events[0]['openclaw']['instance']['name'] == 'alpha'


@pytest.mark.parametrize('status', [404, 403, 401])
def test_a_refusal_after_good_polls_is_a_streak_and_the_change_meanwhile_is_reported(simulator, status):
    # a proxy, a deploy of the API, a key being rotated: after good polls the source rides it out
    ids = scene(simulator, {'name': 'alpha', 'status': 'running'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, initial=True))
        first = await source.take(1)
        simulator.faults({'kind': 'error', 'status': status, 'method': 'GET', 'path': '^/instances$', 'count': 2})
        simulator.control('PATCH', '/clawhosters/instances/%d' % ids[0], {'status': 'stopped'})
        later = await source.take(2, timeout=10)
        await source.stop()
        return first + later

    events = asyncio.run(scenario())
    assert kinds(events) == ['added', 'error', 'changed'], events
    assert ('HTTP %d' % status) in events[1]['openclaw']['message']
    assert events[2]['openclaw']['changes']['status'] == {'old': 'running', 'new': 'stopped'}


def test_a_key_refused_for_longer_than_auth_failure_timeout_ends_the_source(simulator):
    scene(simulator, {'name': 'alpha'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, auth_failure_timeout=1))
        await source.take(1)
        simulator.faults({'kind': 'error', 'status': 401, 'method': 'GET', 'path': '^/instances$', 'count': None})
        events = await source.take(1)
        with pytest.raises(Exception) as caught:
            await source.take(1, timeout=10)
        return events, caught.value

    events, failure = asyncio.run(scenario())
    assert kinds(events) == ['error']
    assert type(failure).__name__ == 'SourceFailed' and 'more than auth_failure_timeout' in str(failure)
    assert KEY not in str(failure)


def test_a_failing_billing_read_never_delays_the_polls(simulator):
    ids = scene(simulator, {'name': 'alpha', 'status': 'running'})
    simulator.faults({'kind': 'error', 'status': 500, 'method': 'GET', 'path': '^/billing/summary$', 'count': None})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, billing_interval=INTERVAL, initial=False))
        failed = await source.take(1)  # the billing read's streak begins: one error event
        await source.quiet(2.5)  # it keeps failing (more than 8 intervals), backing off on its own schedule
        simulator.control('PATCH', '/clawhosters/instances/%d' % ids[0], {'status': 'stopped'})
        changed = await source.take(1, timeout=2 * INTERVAL + 0.5)  # within two intervals, whatever the billing does
        await source.stop()
        return failed + changed

    events = asyncio.run(scenario())
    assert kinds(events) == ['error', 'changed'] and 'billing summary' in events[0]['openclaw']['message']


def test_cancelling_in_the_middle_of_a_slow_request_returns_within_a_second(simulator):
    scene(simulator, {'name': 'alpha'})
    simulator.faults({'kind': 'slow', 'delay': 10, 'method': 'GET', 'path': '^/instances$', 'count': 1})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, api_timeout=30))
        await asyncio.sleep(0.5)  # its first list request is on its way
        return await source.stop()

    started = time.monotonic()
    seconds = asyncio.run(scenario())
    assert seconds < 1.0 and time.monotonic() - started < 2.0  # asyncio.run waits for no thread either


GUIDE = pathlib.Path(__file__).resolve().parents[2] / 'docs' / 'docsite' / 'rst' / 'guide_eda.rst'


def test_the_requests_a_minute_the_guide_quotes_are_one_list_per_interval_and_one_billing_read_per_billing_interval(simulator):
    # the guide's figures at the defaults, from the defaults the source takes
    text = ' '.join(GUIDE.read_text().split())
    interval, billing, total, lists, reads, fast, fast_total = re.search(
        r'default ``interval`` of (\d+) s and ``billing_interval`` of (\d+) s, the ClawHosters source spends ([\d.]+) '
        r'requests a minute: (\d+) list requests and ([\d.]+) billing reads.*?``interval: (\d+)`` spends (\d+) a minute', text).groups()
    defaults = settings({'api_key': KEY}, CLAWHOSTERS, 'openclaw.hosting.clawhosters_events', billing=True)
    assert (defaults.interval, defaults.billing_interval) == (float(interval), float(billing))
    assert (float(lists), float(reads), float(total)) == (60 / float(interval), 60 / float(billing), 60 / float(interval) + 60 / float(billing))
    assert int(fast_total) == 60 / int(fast)
    # and the source does spend that: one list per interval, one billing read per billing_interval (scaled down)
    scene(simulator, {'name': 'alpha'})

    async def scenario():
        source = Running('clawhosters_events', args(simulator, billing_interval=INTERVAL * 5, initial=False))
        await asyncio.sleep(INTERVAL * 10 + 0.1)
        await source.stop()

    asyncio.run(scenario())
    requests = served(simulator)
    assert 9 <= requests.count('GET /api/v1/instances 200') <= 12, requests
    assert 2 <= requests.count('GET /api/v1/billing/summary 200') <= 3, requests

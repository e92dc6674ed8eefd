"""The client against the simulator in process: envelopes, errors, retries, rate limits, timeouts; and against recorded
answers over HTTP: answers of the wrong shape."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import USER_AGENT, ApiError, Client
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import FOLDER_ENV

KEY = 'oc_live_unit_client_secret'


@pytest.fixture
def scene(simulator):
    """A fresh account with one running and one stopped instance; returns their ids."""
    ids = simulator.reset({KEY: [{'name': 'alpha', 'status': 'running'}, {'name': 'beta', 'status': 'stopped'}],
                           'oc_live_other_account': [{'name': 'theirs'}]},
                          timings={'action': 0.3})
    return ids


def client(simulator, **kwargs):
    kwargs.setdefault('retries', 2)
    kwargs.setdefault('timeout', 5)
    return Client(CLAWHOSTERS, kwargs.pop('key', KEY), simulator.api_url, **kwargs, **simulator.seams())


def test_envelope_headers_and_user_agent(simulator, scene):
    listed = client(simulator).list_instances()
    assert [inst['name'] for inst in listed] == ['alpha', 'beta']
    detail = client(simulator).read_instance(scene[KEY][0])
    assert detail['name'] == 'alpha' and detail['can_stop'] is True
    served = simulator.control('GET', '/requests')['requests']
    assert {r['user_agent'] for r in served} == {USER_AGENT}
    assert USER_AGENT.startswith('openclaw.hosting/')
    assert {r['content_type'] for r in served} == {'application/json'}


def test_error_envelope_becomes_api_error(simulator, scene):
    their_id = scene['oc_live_other_account'][0]
    with pytest.raises(ApiError) as caught:
        client(simulator).request('GET', '/instances/%d' % their_id)
    assert (caught.value.status, caught.value.code, caught.value.message) == (404, 'not_found', 'Instance not found')
    assert client(simulator).read_instance(their_id) is None


def test_unauthorized_and_the_key_is_never_in_the_error(simulator, scene):
    with pytest.raises(ApiError) as caught:
        client(simulator, key='oc_live_wrong_secret_key').list_instances()
    assert caught.value.status == 401 and caught.value.code == 'unauthorized'
    assert 'oc_live_wrong_secret_key' not in str(caught.value.to_dict())


def test_html_502_on_a_read_is_retried(simulator, scene):
    simulator.clear()
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'GET', 'count': 1})
    assert len(client(simulator).list_instances()) == 2
    assert [status for dummy, dummy2, status in simulator.requests()] == [502, 200]


def test_html_error_gives_a_short_clean_message(simulator, scene):
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'GET', 'count': 1})
    with pytest.raises(ApiError) as caught:
        client(simulator, retries=0).list_instances()
    assert caught.value.status == 502
    assert 'text/html' in caught.value.message and '<html' not in caught.value.message


@pytest.mark.parametrize('kind', ['error', 'html'])
def test_a_failed_action_is_never_repeated_by_the_client(simulator, scene, kind):
    simulator.clear()
    simulator.faults({'kind': kind, 'status': 503, 'method': 'POST', 'count': 1})
    with pytest.raises(ApiError) as caught:
        client(simulator).act('stop', scene[KEY][0])
    assert caught.value.maybe_applied and caught.value.status == 503
    assert [method for method, dummy, dummy2 in simulator.requests()] == ['POST']


def test_a_refused_action_is_not_maybe_applied(simulator, scene):
    with pytest.raises(ApiError) as caught:
        client(simulator).act('start', scene[KEY][0])
    assert caught.value.status == 422 and not caught.value.maybe_applied
    assert caught.value.message == 'Instance cannot be started in its current state'


@pytest.mark.parametrize('kind', ['drop', 'invalid_json', 'truncate'])
def test_broken_answers_to_reads_are_retried(simulator, scene, kind):
    simulator.clear()
    simulator.faults({'kind': kind, 'method': 'GET', 'count': 1})
    assert client(simulator).read_instance(scene[KEY][1])['status'] == 'stopped'
    assert len(simulator.requests()) == 2


def test_connection_dropped_after_an_action_is_maybe_applied(simulator, scene):
    simulator.faults({'kind': 'drop', 'method': 'POST', 'phase': 'after', 'count': 1})
    with pytest.raises(ApiError) as caught:
        client(simulator).act('stop', scene[KEY][0])
    assert caught.value.status is None and caught.value.maybe_applied
    assert caught.value.code == 'connection_error'


def test_slow_answers_time_out_and_reads_are_retried(simulator, scene):
    simulator.clear()
    simulator.faults({'kind': 'slow', 'delay': 1.5, 'method': 'GET', 'count': 1})
    assert len(client(simulator, timeout=0.5).list_instances()) == 2
    assert len(simulator.requests()) == 2
    simulator.faults({'kind': 'slow', 'delay': 1.5, 'method': 'POST', 'count': 1})
    with pytest.raises(ApiError) as caught:
        client(simulator, timeout=0.5).act('stop', scene[KEY][0])
    assert caught.value.code == 'timeout' and caught.value.maybe_applied


def test_an_exhausted_window_is_waited_for_instead_of_provoking_429(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit={'limit': 3, 'window': 1.0})
    api = client(simulator)
    started = simulator.clock.monotonic()
    for dummy in range(7):
        api.list_instances()
    statuses = [status for dummy, dummy2, status in simulator.requests()]
    assert statuses == [200] * 7 and api.rate_limited == 0
    assert simulator.clock.monotonic() - started >= 2.0  # seven requests at three a window need at least two resets


@pytest.mark.parametrize('rate_limit', [
    {'headers': True},  # X-RateLimit-Reset
    {'headers': False, 'retry_after': True},  # Retry-After
    {'headers': False},  # "Try again in N seconds." in the message
])
def test_429_waits_for_the_reset_and_retries(simulator, rate_limit, monkeypatch):
    monkeypatch.setenv(FOLDER_ENV, 'off')  # each client keeps its own window, as on a controller without file locks
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit=dict(rate_limit, limit=1, window=1.0))
    first, second = client(simulator), client(simulator)  # two tasks sharing one key
    first.list_instances()
    assert len(second.list_instances()) == 1
    assert [status for dummy, dummy2, status in simulator.requests()] == [200, 429, 200]
    assert second.rate_limited == 1


def test_two_clients_of_one_key_share_its_window_and_provoke_no_429(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit={'limit': 1, 'window': 1.0})
    first, second = client(simulator), client(simulator)  # two tasks (two processes: one state file) sharing one key
    first.list_instances()
    started = simulator.clock.monotonic()
    assert len(second.list_instances()) == 1
    assert [status for dummy, dummy2, status in simulator.requests()] == [200, 200]
    assert second.rate_limited == 0 and simulator.clock.monotonic() - started >= 0.5  # it waited for the next window
    assert first.window.problem is None and second.window.problem is None


def test_429_gives_up_after_the_retries(simulator):
    simulator.reset({KEY: []}, rate_limit={'limit': 0, 'window': 1.0})
    with pytest.raises(ApiError) as caught:
        client(simulator, retries=1).list_instances()
    assert caught.value.status == 429 and caught.value.code == 'rate_limit_exceeded'


# --- answers of the wrong shape: a clean ApiError at the boundary, never a traceback further in ---------

def recorded_client(api, **kwargs):
    return Client(CLAWHOSTERS, KEY, api.url + '/api/v1', timeout=5, retries=kwargs.pop('retries', 2), **kwargs)


@pytest.mark.parametrize('body', [
    {'data': [None]},
    {'data': [{'name': 'no id'}]},
    {'data': [{'id': True}]},
    {'data': [{'id': 1, 'status': ['running']}]},
    {'data': {'id': 1}},
    {'data': 'instances'},
])
def test_a_list_of_the_wrong_shape_is_a_bad_answer(recorded_api, body):
    recorded_api.answer('/api/v1/instances', body)
    with pytest.raises(ApiError) as caught:
        recorded_client(recorded_api).list_instances()
    assert caught.value.code == 'bad_answer' and 'did not answer with a list of instances' in caught.value.message
    assert len(recorded_api.seen) == 1  # a wrong shape is not a transient failure: not retried


@pytest.mark.parametrize('body', [{'data': ['a', 'list']}, {'data': None}, {'data': {'id': {'nested': 1}}}, {'data': 7}])
def test_a_detail_of_the_wrong_shape_is_a_bad_answer(recorded_api, body):
    recorded_api.answer('/api/v1/instances/7', body)
    with pytest.raises(ApiError) as caught:
        recorded_client(recorded_api).read_instance(7)
    assert caught.value.code == 'bad_answer' and caught.value.message == 'GET /instances/7 did not answer with an instance (an object with an id)'


@pytest.mark.parametrize('flags', [{}, {'can_start': True, 'can_stop': False}, {'can_start': 'yes', 'can_stop': False, 'can_restart': 0}])
def test_details_without_their_flags_are_a_bad_answer(recorded_api, flags):
    # the flags decide which action the API allows; details without them cannot decide anything
    recorded_api.answer('/api/v1/instances/7', {'data': dict({'id': 7, 'name': 'bot', 'status': 'running'}, **flags)})
    with pytest.raises(ApiError) as caught:
        recorded_client(recorded_api).read_instance(7)
    assert caught.value.code == 'bad_answer' and caught.value.message == (
        'GET /instances/7 did not answer with the details of an instance (its can_start, can_stop, can_restart must be true or false)')


def test_an_error_whose_code_and_message_are_not_text_is_rendered_as_text(recorded_api):
    recorded_api.answer('/api/v1/instances', {'error': {'code': 42, 'message': ['no', 7]}}, status=400)
    with pytest.raises(ApiError) as caught:
        recorded_client(recorded_api).list_instances()
    assert (caught.value.status, caught.value.code, caught.value.message) == (400, '42', '["no", 7]')


@pytest.mark.parametrize('headers', [
    {'X-RateLimit-Limit': 'lots', 'X-RateLimit-Remaining': 'soon', 'X-RateLimit-Reset': 'later'},
    {'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': 'nan', 'X-RateLimit-Reset': 'inf'},
    {'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '-inf', 'X-RateLimit-Reset': '1e999'},
])
def test_rate_limit_headers_that_are_not_numbers_are_ignored(recorded_api, headers):
    recorded_api.answer('/api/v1/instances', {'data': []}, headers=headers)
    api = recorded_client(recorded_api)
    assert api.list_instances() == () and api.list_instances() == ()
    assert len(recorded_api.seen) == 2


def test_an_accepted_action_whose_answer_shows_nothing_is_an_empty_instance(recorded_api):
    recorded_api.answer('/api/v1/instances/7/stop', {'data': ['ok']}, method='POST')
    assert recorded_client(recorded_api).act('stop', 7) == {}

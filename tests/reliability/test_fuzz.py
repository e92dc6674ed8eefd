"""Answers of any shape (Hypothesis), served by the simulator at every request position of a transition.

Whatever a request is answered with (any status, any JSON or none, any header values), a task ends converged or
failed with a message: 0 tracebacks, and not one unexpected exception turned into a clean failure either.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

from .conftest import BASE_PATHS, MODULES, record_figures, run_module

KEYS = {'clawhosters': 'oc_live_reliability_fuzz_secret', 'chowder': 'chd_org_reliability_fuzz_secret'}
# (provider, the instance's status or None when it does not exist yet, the task's options, the requests of a clean run)
TRANSITIONS = [
    ('clawhosters', 'running', {'state': 'stopped'}, [('GET', '/instances/[0-9]+'), ('POST', '/instances/[0-9]+/stop')]),
    ('clawhosters', 'running', {'state': 'stopped', 'by_name': True}, [('GET', '/instances'), ('POST', '/instances/[0-9]+/stop')]),
    ('chowder', 'running', {'state': 'restarted'},
     [('GET', '/instances/[^/]+'), ('POST', '/instances/[^/]+/stop'), ('POST', '/instances/[^/]+/start')]),
    ('chowder', None, {'state': 'present', 'by_name': True}, [('GET', '/instances'), ('POST', '/instances')]),
]

JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
INSTANCE_LIKE = st.fixed_dictionaries({'id': JSON, 'status': JSON},
                                      optional={'name': JSON, 'can_stop': JSON, 'can_start': JSON})
BODIES = st.one_of(
    JSON,
    st.builds(lambda data: {'data': data}, JSON | INSTANCE_LIKE | st.lists(INSTANCE_LIKE | JSON, max_size=3)),
    st.builds(lambda code, message, details: {'error': {'code': code, 'message': message, 'details': details}}, JSON, JSON, JSON),
    st.builds(lambda detail: {'detail': detail}, JSON),
    st.builds(lambda text: {'raw': text}, st.text(max_size=40)),
)
HEADER_VALUE = st.one_of(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=10),
                         st.integers(-100, 3).map(str))
HEADERS = st.dictionaries(st.sampled_from(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After']),
                          HEADER_VALUE, max_size=4)
STATUSES = st.sampled_from([200, 201, 202, 204, 301, 400, 401, 404, 409, 422, 429, 500, 502, 503])


@pytest.fixture(scope='module')
def tally():
    """The answers served and what came of them, recorded once the module is done."""
    counts = {'answers': 0, 'tracebacks': 0, 'unexpected': 0}
    yield counts
    record_figures('fuzz', counts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_answer_at_any_position_ends_in_a_result_or_a_message(simulator, fast_time, tally, data):
    provider, status, options, positions = data.draw(st.sampled_from(TRANSITIONS), label='transition')
    method, path = data.draw(st.sampled_from(positions), label='request')
    # after the model: what the API did stays true, only its answer is anything at all
    answer = {'kind': 'answer', 'phase': 'after', 'status': data.draw(STATUSES, label='status'), 'body': data.draw(BODIES, label='body'),
              'headers': data.draw(HEADERS, label='headers')}
    key = KEYS[provider]
    specs = [{'name': 'target', 'status': status}] if status else []
    config = dict(fast_timings(0, chowder_answer=0), **{provider: {key: specs}})
    ids = simulator.control('POST', '/reset', config)[provider][key]
    simulator.faults(dict(answer, method=method, path='^%s$' % path, count=1))  # paths relative to the API's base
    args = {name: value for name, value in options.items() if name != 'by_name'}
    args.update(api_key=key, api_url=simulator.url + BASE_PATHS[provider], api_timeout=2, api_retries=1, wait_timeout=3)
    if options.get('by_name'):
        args['name'] = 'target'
    else:
        args['id'] = ids[0]
    tally['answers'] += 1
    try:
        result = run_module(MODULES[provider], args)  # a traceback escapes from here
    except Exception:
        tally['tracebacks'] += 1
        raise
    tally['unexpected'] += 'failed unexpectedly' in result.get('msg', '')
    fired = [entry for entry in simulator.control('GET', '/requests')['requests'] if entry['fault']]
    assert fired, 'the answer was never served: the test would prove nothing'
    if result.get('failed'):
        assert isinstance(result['msg'], str) and result['msg'].strip(), result
    assert 'failed unexpectedly' not in result.get('msg', ''), result['msg']
    assert key not in json.dumps(result)

"""Properties of the planner and the client (Hypothesis), and the simulator's state machine against the planner's table."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.openclaw.hosting.plugins.module_utils import _api_clock, _client
from ansible_collections.openclaw.hosting.plugins.module_utils._connection import check_api_url
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import cannot_reach, waiting_for
from ansible_collections.openclaw.hosting.plugins.module_utils._planner import (
    ACCEPTED, ACT, BLOCKED, CREATE, DELETE, DONE, FAIL, SETTLING, TAKING_EFFECT, UPDATE, is_allowed, plan,
)
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import PROFILES
from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

from .conftest import BASE_PATHS, MODULES, run_module

STATES = ('present', 'started', 'stopped', 'restarted', 'absent')
KNOWN_STATUSES = {
    'clawhosters': ('provisioning', 'deploying', 'running', 'stopped', 'pending_configuration', 'paused', 'error',
                    'deploy_failed', 'deleting'),
    'chowder': ('provisioning', 'running', 'stopped', 'error', 'terminated'),
}
FLAG = st.one_of(st.booleans(), st.none(), st.just('missing'))


@st.composite
def situations(draw):
    """A profile, an instance as an API could show it (or none), a desired state, the actions already done."""
    profile = PROFILES[draw(st.sampled_from(sorted(PROFILES)))]
    instance = None
    if draw(st.booleans()):
        status = draw(st.one_of(st.sampled_from(KNOWN_STATUSES[profile.name]), st.text(max_size=12), st.none()))
        instance = {'id': 7, 'name': 'bot', 'status': status, 'error_message': draw(st.none() | st.text(max_size=8))}
        for action in profile.lifecycle.actions:
            flag = draw(FLAG)
            if action.flag and flag != 'missing':
                instance[action.flag] = flag
    names = [action.name for action in profile.lifecycle.actions] + [UPDATE, DELETE]
    done = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
    wanted = {'openclaw_config': draw(st.none() | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))} \
        if profile.schema.updatable_fields and draw(st.booleans()) else {}
    return profile, instance, draw(st.sampled_from(STATES)), done, wanted, draw(st.booleans())


@settings(max_examples=3000, deadline=None)
@given(situations())
def test_the_plan_is_a_valid_step_or_a_clear_failure(situation):
    profile, instance, desired, done, wanted, can_create = situation
    step = plan(desired, instance, profile, done, wanted, can_create)
    assert step.kind in (DONE, ACT, BLOCKED, SETTLING, FAIL)
    if step.kind in (BLOCKED, SETTLING):
        assert waiting_for(step).strip()
    if step.kind == FAIL:
        assert cannot_reach('bot', None, desired, step).strip()
    if step.reason in (ACCEPTED, TAKING_EFFECT):
        assert step.kind == SETTLING and step.action in done  # waiting for an action of this task's, never sending it again
        return
    if step.kind != ACT:
        assert step.action == ''
        return
    if step.action == DELETE:
        assert desired == 'absent' and DELETE not in done
    elif step.action == CREATE:
        assert instance is None or instance.get('status') in profile.lifecycle.gone_statuses
        assert can_create and desired != 'absent' and CREATE not in done
    elif step.action == UPDATE:
        assert desired != 'absent' and UPDATE not in done and wanted
    else:  # a power action: allowed now, not sent twice, and towards the desired state
        action = profile.lifecycle.action(step.action)
        assert desired in ('started', 'stopped', 'restarted') and is_allowed(action, instance)
        assert action.name not in done
        assert action.to_status == ('stopped' if desired == 'stopped' else 'running') or action.name in profile.lifecycle.restart_via


# --- a successful run leaves nothing for a second run to do ----------------------------------------

KEYS = {'clawhosters': 'oc_live_reliability_properties_secret', 'chowder': 'chd_org_reliability_properties_secret'}
STARTS = {  # the statuses the simulator can hold an instance in
    'clawhosters': ('running', 'stopped', 'provisioning', 'pending_configuration', 'paused', 'error', 'deploy_failed', 'deleting'),
    'chowder': ('running', 'stopped', 'provisioning', 'error'),
}
FAST = fast_timings(0.1, chowder_answer=0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(provider=st.sampled_from(sorted(KEYS)), data=st.data(), desired=st.sampled_from(STATES))
def test_after_a_successful_run_a_second_run_changes_nothing(simulator, scaled_sleep, provider, data, desired):
    status = data.draw(st.sampled_from(STARTS[provider]), label='status')
    if provider == 'clawhosters' and desired == 'present':
        desired = 'started'  # ClawHosters has no "present": instances are made in the dashboard
    spec = {'name': 'bot', 'status': status}
    if status == 'pending_configuration':
        spec['llm_configured'] = False
    ids = simulator.control('POST', '/reset', dict(FAST, **{provider: {KEYS[provider]: [spec]}}))[provider][KEYS[provider]]
    args = {'id': ids[0], 'state': desired, 'api_key': KEYS[provider], 'api_url': simulator.url + BASE_PATHS[provider], 'wait_timeout': 20}
    first = run_module(MODULES[provider], args)
    if first.get('failed'):
        assert first['msg'].strip() and not first['changed'], first
        return
    second = run_module(MODULES[provider], args)
    assert not second.get('failed'), second
    assert second['changed'] == (desired == 'restarted'), (first, second)


# --- the simulator's state machine agrees with the planner's table ----------------------------------

@pytest.mark.parametrize('provider, status', [(p, s) for p in sorted(STARTS) for s in STARTS[p]])
def test_the_simulator_accepts_exactly_the_actions_the_planner_allows(simulator, provider, status):
    profile = PROFILES[provider]
    for action in profile.lifecycle.actions:
        if action.name == CREATE:
            continue
        spec = {'name': 'bot', 'status': status, 'llm_configured': status != 'pending_configuration'}
        ids = simulator.control('POST', '/reset', dict(FAST, **{provider: {KEYS[provider]: [spec]}}))[provider][KEYS[provider]]
        client = _client.Client(profile, KEYS[provider], simulator.url + BASE_PATHS[provider], retries=0)
        instance = client.read_instance(ids[0])
        try:
            answer = client.act(action.name, ids[0])
            accepted = True
        except _client.ApiError as error:
            assert error.status in profile.wire.conflict_statuses, error.message
            accepted = False
        assert accepted == is_allowed(action, instance), '%s %s from %s' % (provider, action.name, status)
        if accepted:
            assert answer['status'] == action.to_status


# --- the client ----------------------------------------------------------------------------------

@given(st.text(min_size=1, max_size=40))
def test_an_id_that_passes_is_safe_in_a_url_path(text):
    for profile in PROFILES.values():
        try:
            parsed = str(profile.schema.parse_id(text))
        except ValueError:
            continue
        assert parsed and all(char.isalnum() or char in '-_' for char in parsed) and parsed.isascii()


@given(st.from_regex(r'[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){0,3}', fullmatch=True) | st.ip_addresses().map(str))
def test_plain_http_is_refused_unless_the_host_is_loopback(host):
    url = 'http://%s/api/v1' % (host if ':' not in host else '[%s]' % host)
    loopback = host == 'localhost' or host.startswith('127.') or host == '::1'
    assert (check_api_url(url) is None) == loopback


@given(st.text(max_size=40))
def test_retry_after_is_never_negative(value):
    seconds = _api_clock.retry_after(value, {}, 1_800_000_000.0)
    assert seconds is None or seconds >= 0

"""Faults on every request position of every state transition, for both providers.

For each transition a clean run first records the requests it takes. Then, for each
position in that sequence and each kind of fault, the scene is set again, the fault is
armed for exactly that request, and the module runs. Whatever happens, the task must
end converged or failed with a message (never a traceback); `changed` must be true
exactly when the simulator carried out an action; a second run without faults must
converge (and change nothing more, unless the state is restarted); and the
bystander instance must be untouched.
"""

from __future__ import annotations

import json
import re

import pytest

from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

from .conftest import BASE_PATHS, MODULES, record_figures, run_module

KEYS = {'clawhosters': 'oc_live_reliability_faults_secret', 'chowder': 'chd_org_reliability_faults_secret'}
TIMINGS = fast_timings(0, chowder_answer=0)  # actions settle at once: the request sequence of a run is the same every time
SETTLED = {'started': 'running', 'restarted': 'running', 'present': 'running', 'stopped': 'stopped', 'absent': None}

# (provider, the instance's starting status or None when it does not exist yet, the task's options)
TRANSITIONS = [
    ('clawhosters', 'running', {'state': 'stopped'}),
    ('clawhosters', 'stopped', {'state': 'started'}),
    ('clawhosters', 'running', {'state': 'restarted'}),
    ('clawhosters', 'stopped', {'state': 'absent'}),
    ('clawhosters', 'running', {'state': 'stopped', 'by_name': True}),
    ('chowder', 'running', {'state': 'stopped'}),
    ('chowder', 'stopped', {'state': 'started'}),
    ('chowder', 'running', {'state': 'restarted'}),
    ('chowder', 'running', {'state': 'absent'}),
    ('chowder', None, {'state': 'present', 'by_name': True, 'model_provider': 'anthropic'}),
]

# Every fault the simulator can inject; "after" means the model has acted before the fault hits the answer.
# A mangled body (invalid JSON, cut short) is the answer of a server that acted, so it only comes "after".
FAULTS = (
    [{'kind': 'error', 'status': status, 'phase': phase} for status in (500, 502, 503, 504) for phase in ('before', 'after')]
    + [{'kind': 'html', 'phase': phase} for phase in ('before', 'after')]
    + [{'kind': 'invalid_json', 'phase': 'after'}, {'kind': 'truncate', 'phase': 'after'}]
    + [{'kind': 'drop', 'phase': phase} for phase in ('before', 'after')]
    + [{'kind': 'slow', 'delay': 1.2, 'phase': phase} for phase in ('before', 'after')]  # past api_timeout (1 s)
)
INSTANCE_ID = re.compile(r'^(/instances/)[^/]+')


def fault_id(fault):
    return '-'.join(str(fault[key]) for key in ('kind', 'status', 'phase') if key in fault)


def transition_id(transition):
    provider, status, options = transition
    return '%s-%s-to-%s%s' % (provider, status or 'missing', options['state'], '-by-name' if options.get('by_name') else '')


def set_scene(simulator, provider, status):
    """The target instance (unless it should not exist) and a bystander of the same account; returns their ids."""
    specs = ([{'name': 'target', 'status': status}] if status else []) + [{'name': 'bystander', 'status': 'running'}]
    ids = simulator.control('POST', '/reset', dict(TIMINGS, **{provider: {KEYS[provider]: specs}}))[provider][KEYS[provider]]
    return (ids[0] if status else None), ids[-1]


def task_args(simulator, provider, target_id, options):
    args = {key: value for key, value in options.items() if key != 'by_name'}
    args.update(api_key=KEYS[provider], api_url=simulator.url + BASE_PATHS[provider], api_timeout=1, wait_timeout=30)
    if options.get('by_name'):
        args['name'] = 'target'
    else:
        args['id'] = target_id
    return args


def served(simulator, provider):
    """The requests served since the scene was set: (method, path relative to the API, entry)."""
    base = BASE_PATHS[provider]
    return [(r['method'], r['path'][len(base):], r) for r in simulator.control('GET', '/requests')['requests']]


def acted(requests):
    """Whether the simulator carried out an action: a non-GET request its model accepted."""
    return any(method != 'GET' and entry['handled'] is not None and 200 <= entry['handled'] < 300
               for method, dummy, entry in requests)


def pattern(path):
    """A request path with its instance id generalised: a created instance's id is new on every run."""
    return INSTANCE_ID.sub(r'\1[^/]+', re.escape(path).replace('\\/', '/'))


def settled_status(simulator, provider, name='target'):
    found = [inst for inst in simulator.instances(provider).values() if inst['name'] == name and inst['status'] != 'terminated']
    return found[0]['status'] if found else None


_clean_runs = {}


def clean_positions(simulator, transition):
    """The (method, path pattern) of each request of a clean run of the transition, recorded once."""
    key = transition_id(transition)
    if key not in _clean_runs:
        provider, status, options = transition
        target, dummy = set_scene(simulator, provider, status)
        result = run_module(MODULES[provider], task_args(simulator, provider, target, options))
        assert not result.get('failed') and result['changed'], result
        assert settled_status(simulator, provider) == SETTLED[options['state']]
        _clean_runs[key] = [(method, pattern(path)) for method, path, dummy in served(simulator, provider)]
        record_figures('fault_matrix', {'faults': len(FAULTS), 'positions': {name: len(run) for name, run in _clean_runs.items()},
                                        'faulted_runs': len(FAULTS) * sum(len(run) for run in _clean_runs.values())})
    return _clean_runs[key]


@pytest.mark.parametrize('fault', FAULTS, ids=fault_id)
@pytest.mark.parametrize('transition', TRANSITIONS, ids=transition_id)
def test_every_request_position_survives_the_fault(simulator, fast_time, transition, fault):
    provider, status, options = transition
    positions = clean_positions(simulator, transition)
    assert len(positions) >= 2
    for index, (method, path) in enumerate(positions):
        where = '%s at request %d (%s %s)' % (fault_id(fault), index + 1, method, path)
        target, bystander = set_scene(simulator, provider, status)
        earlier = positions[:index].count((method, path))
        simulator.faults(dict(fault, method=method, path='^%s$' % path, skip=earlier, count=1))
        args = task_args(simulator, provider, target, options)

        first = run_module(MODULES[provider], args)
        requests = served(simulator, provider)
        assert [entry['fault'] for dummy, dummy2, entry in requests if entry['fault']], 'the fault never fired: ' + where
        assert first['changed'] == acted(requests), '%s: changed=%s but the server %s' % (
            where, first['changed'], 'acted' if acted(requests) else 'did not act')
        if first.get('failed'):
            assert isinstance(first.get('msg'), str) and first['msg'].strip(), where
            assert 'Traceback' not in first['msg'], where
        else:
            assert settled_status(simulator, provider) == SETTLED[options['state']], where
        assert KEYS[provider] not in json.dumps(first) and 'Bearer' not in json.dumps(first), where

        simulator.clear()
        second = run_module(MODULES[provider], args)
        requests_again = served(simulator, provider)
        assert not second.get('failed'), '%s: the re-run failed: %s' % (where, second.get('msg'))
        assert second['changed'] == acted(requests_again), where
        if not first.get('failed'):  # converged: a re-run changes nothing, but restarted restarts again by definition
            assert second['changed'] == (options['state'] == 'restarted'), '%s: the re-run changed=%s' % (where, second['changed'])
        assert settled_status(simulator, provider) == SETTLED[options['state']], where

        bystander_path = '/instances/%s' % bystander
        touched = [path for dummy, path, dummy2 in requests + requests_again if path.startswith(bystander_path)]
        assert not touched and settled_status(simulator, provider, 'bystander') == 'running', where

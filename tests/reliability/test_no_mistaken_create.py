"""Nothing created by mistake: Chowder creates only for present and started, and never sends a create twice.

Each case runs chowder_instance against the simulator and asserts the creates it sent and the instances that exist.
"""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

from .conftest import BASE_PATHS, MODULES, run_module

KEY = 'chd_org_reliability_create_secret'


def scene(simulator, *specs):
    simulator.control('POST', '/reset', dict(fast_timings(0, chowder_answer=0), chowder={KEY: list(specs)}))


def converge(simulator, name, state, **options):
    args = dict(api_key=KEY, api_url=simulator.url + BASE_PATHS['chowder'], name=name, state=state, api_timeout=1, **options)
    return run_module(MODULES['chowder'], args)


def creates(simulator):
    return [(method, path) for method, path, dummy in simulator.requests() if (method, path) == ('POST', '/v1/instances')]


def live(simulator):
    return sorted(inst['name'] for inst in simulator.instances('chowder').values() if inst['status'] != 'terminated')


@pytest.mark.parametrize('state', ['stopped', 'restarted'])
def test_a_typo_in_the_name_of_an_instance_to_stop_or_restart_creates_nothing(simulator, fast_time, state):
    scene(simulator, {'name': 'assistant', 'status': 'running'})
    result = converge(simulator, 'asistant', state)
    assert result['failed'] and not result['changed']
    assert result['msg'].startswith("Chowder instance named 'asistant' was not found"), result['msg']
    assert simulator.requests() == [('GET', '/v1/instances', 200)] and live(simulator) == ['assistant']


def test_a_create_whose_answer_was_lost_is_found_by_name_and_counted_once(simulator, fast_time):
    scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': '^/instances$', 'phase': 'after'})
    result = converge(simulator, 'assistant', 'present')
    assert not result.get('failed') and result['changed'] and result['actions'] == ['create'], result
    assert len(creates(simulator)) == 1 and live(simulator) == ['assistant']


def test_a_create_that_never_arrived_is_not_sent_again(simulator, fast_time):
    # the connection dropped before the API saw the create: it cannot tell that from a lost answer, so it reads a
    # few times, then fails without a second create (which, had the first been carried out, would be billed twice)
    scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': '^/instances$', 'phase': 'before'})
    result = converge(simulator, 'assistant', 'started')
    assert result['failed'] and not result['changed']
    assert result['msg'].startswith("The create of Chowder instance named 'assistant' got no clear answer, and 3 reads "
                                    'after it show no sign of it'), result['msg']
    assert len(creates(simulator)) == 1 and live(simulator) == []
    simulator.clear()
    again = converge(simulator, 'assistant', 'started')  # the re-run the message asks for
    assert not again.get('failed') and again['changed'] and len(creates(simulator)) == 1 and live(simulator) == ['assistant']


def test_a_create_accepted_with_an_answer_that_shows_nothing_is_waited_for_by_name(simulator, fast_time):
    # 202 with a body that is no instance, and a list that does not show the new instance at once
    scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'POST', 'path': '^/instances$', 'phase': 'after', 'status': 202,
                      'body': {'accepted': True}},
                     {'kind': 'answer', 'method': 'GET', 'path': '^/instances$', 'skip': 1, 'status': 200, 'body': []})
    result = converge(simulator, 'assistant', 'started')
    assert not result.get('failed') and result['changed'] and result['actions'] == ['create'], result
    assert result['instance']['name'] == 'assistant' and result['instance']['status'] == 'running'
    assert len(creates(simulator)) == 1 and live(simulator) == ['assistant']


@pytest.mark.parametrize('kind', ['invalid_json', 'truncate'])
def test_a_create_whose_answer_was_cut_off_returns_the_instance_without_waiting(simulator, fast_time, kind):
    # the 201 arrived cut short: the instance exists, and a playbook that registers the result uses its id
    scene(simulator)
    simulator.faults({'kind': kind, 'method': 'POST', 'path': '^/instances$', 'phase': 'after'})
    result = converge(simulator, 'assistant', 'present', wait=False)
    assert not result.get('failed') and result['changed'] and result['actions'] == ['create'], result
    made, = simulator.instances('chowder').values()
    assert result['instance']['id'] == made['id'] and result['instance']['name'] == 'assistant'
    assert len(creates(simulator)) == 1 and live(simulator) == ['assistant']
    assert [method for method, dummy, dummy2 in simulator.requests()][:3] == ['GET', 'POST', 'GET']  # then its list finds it

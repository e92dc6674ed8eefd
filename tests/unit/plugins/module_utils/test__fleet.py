"""Fleets against the simulator in process: one list request, threads under one rate window, stop_on_failure."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._fleet import converge_fleet, fleet_problems
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER, CLAWHOSTERS

from ansible_collections.openclaw.hosting.tests.simulator.plugin import fast_timings

KEY = 'oc_live_unit_fleet_secret'
ORG = 'chd_org_unit_fleet_secret'
FAST = fast_timings(0.4)


def scene(simulator, *specs):
    """A new ClawHosters scene for KEY; returns the ids of its instances."""
    return simulator.reset({KEY: list(specs)}, **FAST)[KEY]


def chowder_scene(simulator, *specs):
    """A new Chowder scene for ORG; returns the ids of its instances."""
    return simulator.reset_chowder({ORG: {'instances': list(specs)}}, **FAST)[ORG]


def test_a_fleet_finds_names_with_one_list_and_decides_from_each_instances_details(simulator):
    ids = scene(simulator, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'stopped'},
                {'name': 'c', 'status': 'running'}, {'name': 'd', 'status': 'stopped'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    fleet = [{'name': 'a', 'state': 'stopped'}, {'id': ids[1], 'state': 'stopped'}, {'id': ids[2], 'state': 'started'},
             {'name': 'd', 'state': 'started'}, {'name': 'nobody', 'state': 'started'}]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, Deadline(30, simulator.clock), False, concurrency=3, stop_on_failure=False)
    assert [o['actions'] for o in outcomes] == [['stop'], [], [], ['start'], []]
    assert [o['status'] for o in outcomes] == ['stopped', 'stopped', 'running', 'running', None]
    assert [o['failed'] for o in outcomes] == [False, False, False, False, True]
    assert 'was not found' in outcomes[4]['msg'] and outcomes[0]['instance'] == 'a' and outcomes[1]['instance'] == str(ids[1])
    served = simulator.requests()
    # one list for all five (the one named 'nobody' is not in it: no instance), a detail read of each of the four,
    # then per changed instance its action and the read that shows it done
    assert served[0] == ('GET', '/api/v1/instances', 200) and len(served) == 9
    assert sorted(path for dummy, path, dummy2 in served if path != '/api/v1/instances') == sorted(
        ['/api/v1/instances/%d' % instance_id for instance_id in ids]
        + ['/api/v1/instances/%d/stop' % ids[0], '/api/v1/instances/%d' % ids[0],
           '/api/v1/instances/%d/start' % ids[3], '/api/v1/instances/%d' % ids[3]])


def test_a_fleet_stopping_on_failure_goes_one_at_a_time_and_tries_no_more(simulator):
    ids = scene(simulator, {'name': 'a', 'status': 'paused'}, {'name': 'b', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    fleet = [{'id': ids[0], 'state': 'started'}, {'id': ids[1], 'state': 'stopped'}]
    outcomes = converge_fleet(client, CLAWHOSTERS, fleet, True, Deadline(30, simulator.clock), False, concurrency=10, stop_on_failure=True)
    assert len(outcomes) == 1 and outcomes[0]['failed'] and 'top up Claws' in outcomes[0]['msg']
    assert simulator.requests() == [('GET', '/api/v1/instances/%d' % ids[0], 200)]  # by id only: no list


def test_a_fleet_restarts_creates_and_leaves_alone_after_one_list_request_and_a_read_of_each(simulator):
    running, stopped = chowder_scene(simulator, {'name': 'x', 'status': 'running'}, {'name': 'y', 'status': 'stopped'})
    client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
    fleet = [{'name': 'x', 'state': 'restarted'}, {'id': stopped, 'state': 'stopped'}, {'name': 'fresh', 'state': 'present'}]
    outcomes = converge_fleet(client, CHOWDER, fleet, True, Deadline(30, simulator.clock), False, concurrency=3, stop_on_failure=False)
    assert [o['actions'] for o in outcomes] == [['stop', 'start'], [], ['create']]
    assert [o['status'] for o in outcomes] == ['running', 'stopped', 'running'] and not any(o['failed'] for o in outcomes)
    served = [(m, p.replace('/v1/instances', '~')) for m, p, dummy in simulator.requests()]
    assert served[0] == ('GET', '~') and served.count(('GET', '~')) == 1  # one list read all three
    assert sorted(served[1:]) == sorted([('GET', '~/%s' % running), ('GET', '~/%s' % stopped),
                                         ('POST', '~/%s/stop' % running), ('POST', '~/%s/start' % running), ('POST', '~'),
                                         ('GET', '~/%s' % outcomes[2]['id'])])  # start and stop answer once done
    assert converge_fleet(client, CHOWDER, [], True, Deadline(30, simulator.clock), False, concurrency=3, stop_on_failure=False) == []


@pytest.mark.parametrize('fleet, problem', [
    ([{'id': 'x1'}], 'instances[0]: a ClawHosters instance id is a positive integer'),
    ([{'name': ' '}], 'instances[0].name is empty'),
    ([{'id': 7}, {'name': 'a'}, {'id': '7'}], "instances[2]: the instance with id 7 is listed twice"),
    ([{'name': 'a'}, {'name': 'a'}], "instances[1]: the instance with name 'a' is listed twice"),
])
def test_fleet_problems_are_found_before_any_request(fleet, problem):
    assert problem in '; '.join(fleet_problems(CLAWHOSTERS, fleet, 1))
    assert fleet_problems(CLAWHOSTERS, [], 0) == ['concurrency must be at least 1']


def test_a_fleet_naming_one_instance_by_id_and_by_name_fails_before_any_action(simulator):
    ids = scene(simulator, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'running'})
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=2, **simulator.seams())
    fleet = [{'name': 'b', 'state': 'stopped'}, {'id': ids[0], 'state': 'restarted'}, {'name': 'a', 'state': 'restarted'}]
    with pytest.raises(TaskFailed, match=r'instances\[1\] and instances\[2\] are the same ClawHosters instance %d\. '
                                         r'Each instance may be listed once; nothing was changed' % ids[0]):
        converge_fleet(client, CLAWHOSTERS, fleet, True, Deadline(30, simulator.clock), False, concurrency=3, stop_on_failure=False)
    assert simulator.requests() == [('GET', '/api/v1/instances', 200)]

"""The fresh list against the simulator in process: who asks for the list, who takes it, and that nothing shared holds a task up."""

from __future__ import annotations

import fcntl
import json
import os
import stat

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError
from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import LOCK_PAUSE, LOCK_WAIT
from ansible_collections.openclaw.hosting.plugins.module_utils._fresh_list import FETCH_PAUSE, FreshList
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS

KEY = 'oc_live_unit_fresh_list_secret'


def task(simulator, seconds=2.0, deadline=5.0):
    """One task's client and shared list (each task of a play is its own process: its own client, one state folder)."""
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=1, **simulator.seams())
    return client, FreshList(client.state_file, seconds, Deadline(deadline, simulator.clock))


def paths(simulator):
    return [path for dummy, path, dummy2 in simulator.requests()]


def test_the_first_task_asks_for_the_list_and_the_tasks_starting_with_it_take_it(simulator):
    ids = simulator.reset({KEY: [{'name': 'bot-%d' % index} for index in range(7)]})[KEY]
    client, shared = task(simulator)
    listed, complete = shared.names(client.list_instances)
    assert complete and [inst['id'] for inst in listed] == ids
    for dummy in ids[1:]:
        client, shared = task(simulator)
        listed, complete = shared.names(client.list_instances)
        assert not complete and [inst['id'] for inst in listed] == ids
    assert paths(simulator) == ['/api/v1/instances']  # seven tasks, one request


def test_a_list_older_than_its_seconds_is_not_served(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator, seconds=0.3)
    shared.names(client.list_instances)
    simulator.clock.advance(0.4)
    client, shared = task(simulator, seconds=0.3)
    assert shared.names(client.list_instances)[1] is True
    assert paths(simulator) == ['/api/v1/instances'] * 2


def test_the_list_file_is_private_and_holds_no_key(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    shared.names(client.list_instances)
    assert stat.S_IMODE(os.stat(shared.file.path).st_mode) == 0o600
    content = open(shared.file.path, 'rb').read()
    assert b'alpha' in content
    assert not any(KEY[start:start + 8].encode() in content for start in range(len(KEY) - 7))


def test_a_corrupt_list_file_is_read_as_no_list_and_replaced(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    for corrupt in (b'{"at": 1e400, "instances": [', b'[1, 2]', b'{"at": "now", "instances": [{"id": 1}]}',
                    b'{"at": %d, "instances": [{"no": "id"}]}' % simulator.clock.time(), b'{"at": NaN, "instances": []}',
                    b'{"at": %d, "instances": []}' % (simulator.clock.time() + 3600), b'[' * 100000 + b']' * 100000):
        with open(shared.file.path, 'wb') as handle:
            handle.write(corrupt)
        assert shared.names(client.list_instances)[1] is True  # fetched again
        assert json.loads(open(shared.file.path).read())['instances'][0]['name'] == 'alpha'
    assert paths(simulator) == ['/api/v1/instances'] * 7


def test_a_list_file_that_cannot_be_used_leaves_the_task_to_read_for_itself(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    os.makedirs(shared.file.path)  # a folder where the file should be
    try:
        assert shared.names(client.list_instances)[1] is True
    finally:
        os.rmdir(shared.file.path)
    assert paths(simulator) == ['/api/v1/instances']


def test_a_lock_held_by_a_stuck_process_costs_a_task_half_a_second_at_most(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    holder = os.open(shared.file.path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a process stopped while it held the lock
    try:
        started = simulator.clock.monotonic()
        assert shared.names(client.list_instances)[1] is True
        assert simulator.clock.monotonic() - started <= 2 * (LOCK_WAIT + LOCK_PAUSE)  # the claim, and the list it leaves
    finally:
        os.close(holder)
    assert paths(simulator) == ['/api/v1/instances']


def test_a_task_waits_for_another_tasks_answer_only_so_long(simulator):
    # another task said it was fetching the list, and never answered (it hangs, or died): this one asks for itself
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator, deadline=0.4)
    with open(shared.file.path, 'w') as handle:
        handle.write(json.dumps({'fetching': simulator.clock.time()}))
    started = simulator.clock.monotonic()
    assert shared.names(client.list_instances)[1] is True
    assert 0.4 <= simulator.clock.monotonic() - started < 0.4 + FETCH_PAUSE + LOCK_PAUSE  # waited until the deadline
    assert paths(simulator) == ['/api/v1/instances']


def test_a_failed_list_ends_the_wait_of_the_others(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    simulator.faults({'kind': 'error', 'status': 500, 'path': '/instances$', 'count': None})
    client, shared = task(simulator)
    with pytest.raises(ApiError):
        shared.names(client.list_instances)
    assert json.loads(open(shared.file.path).read()) == {}  # no one waits for an answer that will not come

"""The fresh list against the real simulator: who reads for itself, who asks for the list, who takes it."""

from __future__ import annotations

import fcntl
import os
import stat
import time

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._fresh_list import ON_ITS_OWN, FreshList
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS

KEY = 'oc_live_unit_fresh_list_secret'


def task(simulator, seconds=2.0, deadline=5.0):
    """One task's client and shared list (each task of a play is its own process: its own client, one state folder)."""
    client = Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, retries=1)
    return client, FreshList(client.state_file, seconds, Deadline(deadline))


def paths(simulator):
    return [path for dummy, path, dummy2 in simulator.requests()]


def test_a_task_alone_reads_for_itself_the_next_asks_for_the_list_the_others_take_it(simulator):
    ids = simulator.reset({KEY: [{'name': 'bot-%d' % index} for index in range(7)]})[KEY]
    client, shared = task(simulator)
    assert shared.first_read(client.list_instances, needs_list=False, instance='id %d' % ids[0]) == ON_ITS_OWN
    assert paths(simulator) == []  # the lone task's first read is its own detail request, as ever

    client, shared = task(simulator)
    second = shared.first_read(client.list_instances, needs_list=False, instance='id %d' % ids[1])
    assert second.complete and [inst['id'] for inst in second.instances] == ids
    for instance_id in ids[2:]:
        client, shared = task(simulator)
        later = shared.first_read(client.list_instances, needs_list=False, instance='id %d' % instance_id)
        assert not later.complete and [inst['id'] for inst in later.instances] == ids
    assert paths(simulator) == ['/api/v1/instances']  # seven tasks, one request


def test_the_next_task_on_the_same_instance_reads_for_itself(simulator):
    # a play's tasks on one host run one after the other: the second starts from what the first left, not a list
    ids = simulator.reset({KEY: [{'name': 'alpha'}, {'name': 'beta'}]})[KEY]
    client, shared = task(simulator)
    shared.first_read(client.list_instances, needs_list=True, instance='id %d' % ids[0])
    assert shared.first_read(client.list_instances, needs_list=False, instance='id %d' % ids[1]).instances
    assert shared.first_read(client.list_instances, needs_list=False, instance='id %d' % ids[0]) == ON_ITS_OWN
    assert paths(simulator) == ['/api/v1/instances']


def test_a_task_by_name_asks_for_the_list_it_needs_and_shares_it(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    assert shared.first_read(client.list_instances, needs_list=True, instance='name alpha').complete
    client, shared = task(simulator)
    assert shared.first_read(client.list_instances, needs_list=False, instance='id 1').complete is False
    assert paths(simulator) == ['/api/v1/instances']


def test_a_list_older_than_its_seconds_is_not_served(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator, seconds=0.3)
    shared.first_read(client.list_instances, needs_list=True, instance='name alpha')
    time.sleep(0.4)
    client, shared = task(simulator, seconds=0.3)
    assert shared.first_read(client.list_instances, needs_list=False, instance='id 1') == ON_ITS_OWN  # and no task began within 0.3 s
    assert paths(simulator) == ['/api/v1/instances']


def test_a_task_that_acted_leaves_the_instance_as_it_last_read_it(simulator):
    ids = simulator.reset({KEY: [{'name': 'alpha', 'status': 'running'}, {'name': 'beta', 'status': 'running'}]})[KEY]
    client, shared = task(simulator)
    shared.first_read(client.list_instances, needs_list=True, instance='name alpha')
    shared.remember(ids[0], dict(client.read_instance(ids[0]), status='stopped'))
    shared.remember(ids[1], None)  # deleted
    client, shared = task(simulator)
    listed = shared.first_read(client.list_instances, needs_list=False, instance='id 99').instances
    assert [(inst['id'], inst['status']) for inst in listed] == [(ids[0], 'stopped')]
    assert paths(simulator) == ['/api/v1/instances', '/api/v1/instances/%d' % ids[0]]


def test_the_list_file_is_private_and_holds_no_key(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    shared.first_read(client.list_instances, needs_list=True, instance='name alpha')
    assert stat.S_IMODE(os.stat(shared.path).st_mode) == 0o600
    content = open(shared.path, 'rb').read()
    assert b'alpha' in content
    assert not any(KEY[start:start + 8].encode() in content for start in range(len(KEY) - 7))


def test_a_corrupt_list_file_is_read_as_no_list(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    for corrupt in (b'{"at": 1e400, "instances": [', b'[1, 2]', b'{"at": "now", "instances": [{"id": 1}]}',
                    b'{"at": %d, "instances": [{"no": "id"}]}' % time.time()):
        with open(shared.path, 'wb') as handle:
            handle.write(corrupt)
        assert shared.first_read(client.list_instances, needs_list=True, instance='name alpha').complete  # fetched again
    assert paths(simulator) == ['/api/v1/instances'] * 4


def test_a_list_file_that_cannot_be_opened_leaves_the_task_to_read_for_itself(simulator, tmp_path):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator)
    os.makedirs(shared.path)  # a folder where the file should be
    try:
        assert shared.first_read(client.list_instances, needs_list=True, instance='name alpha') == ON_ITS_OWN
    finally:
        os.rmdir(shared.path)
    assert paths(simulator) == []


def test_a_task_waits_for_another_tasks_list_but_not_past_its_deadline(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]})
    client, shared = task(simulator, deadline=0.3)
    holder = os.open(shared.path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another task asking for the list, and slow about it
    try:
        started = time.monotonic()
        assert shared.first_read(client.list_instances, needs_list=True, instance='name alpha') == ON_ITS_OWN
        assert 0.2 < time.monotonic() - started < 0.6
    finally:
        os.close(holder)

"""The shared files: what is read as no state, what is replaced, how long a lock is waited for, where the folder is."""

from __future__ import annotations

import fcntl
import json
import os
import time

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils import _file_store
from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import SharedFile, finite, parse
from ansible_collections.openclaw.hosting.tests.simulator.clock import VirtualClock


def numbers(found, now):
    """A clean function keeping the numeric field 'n' between 0 and 10, whatever the time."""
    return {'n': found['n']} if finite(found.get('n'), 0, 10) else {}


@pytest.mark.parametrize('raw', [b'', b'   ', b'[1]', b'"text"', b'{"n": NaN}', b'{"n": Infinity}', b'\xff\xfe',
                                 b'{' * 10, b'[' * 100000 + b']' * 100000, b'{"n": 1}' + b' ' * 100])
def test_anything_but_a_json_object_of_a_sane_size_parses_as_no_state(raw):
    assert parse(raw, 64) == {}


def test_a_valid_object_parses_and_numbers_are_checked_for_range():
    assert parse(b'{"n": 3}', 64) == {'n': 3}
    assert [finite(value, 0, 10) for value in (3, 0, 10, -1, 11, True, '3', None, float('inf'), 10 ** 400)] == [
        True, True, True, False, False, False, False, False, False, False]


def test_junk_is_replaced_by_what_the_caller_keeps(tmp_path):
    path = str(tmp_path / 'state.json')
    with open(path, 'w') as handle:
        handle.write('{"n": 99, "other": 1}')
    shared = SharedFile(path, 64, numbers)
    with shared.locked() as content:
        assert content == {}
        content['n'] = 4
    assert json.loads(open(path).read()) == {'n': 4}


def test_a_lock_another_process_holds_is_given_up_after_lock_wait(tmp_path):
    path = str(tmp_path / 'state.json')
    holder = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        clock = VirtualClock()
        shared = SharedFile(path, 64, numbers, clock)
        with shared.locked() as content:
            assert content is None
        assert _file_store.LOCK_WAIT <= clock.monotonic() < _file_store.LOCK_WAIT + 2 * _file_store.LOCK_PAUSE
        assert 'another process held its lock' in shared.problem
    finally:
        os.close(holder)


def test_the_folder_follows_ansible_home_and_prunes_files_untouched_for_a_day(tmp_path, monkeypatch):
    monkeypatch.delenv(_file_store.FOLDER_ENV, raising=False)
    monkeypatch.setenv('ANSIBLE_HOME', str(tmp_path / 'home'))
    folder, problem = _file_store.shared_folder()
    assert problem is None and folder == str(tmp_path / 'home' / 'openclaw.hosting')
    old, new, other = (os.path.join(folder, name) for name in ('old.json', 'new.json', 'notes.txt'))
    for path in (old, new, other):
        open(path, 'w').close()
    os.utime(old, (time.time() - 2 * _file_store.PRUNE_AFTER,) * 2)
    os.utime(other, (time.time() - 2 * _file_store.PRUNE_AFTER,) * 2)
    _file_store.shared_folder()
    assert sorted(os.listdir(folder)) == ['new.json', 'notes.txt']  # only the collection's own kind of file goes
    monkeypatch.setenv(_file_store.FOLDER_ENV, 'off')
    assert _file_store.shared_folder() == (None, None)

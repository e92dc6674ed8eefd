# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One fresh list for the first reads of a run: tasks of one key and URL that start within a few seconds of each
other on different instances (the forks of a play, one task per inventory host) take their first read from one list
answer instead of one detail request each, as a fleet module does in its own process.

A task that starts alone reads for itself, as it always did: it only notes when it started, and on which instance.
The next task to start within `seconds` of that on another instance asks for the list, while it holds the file's
lock, so the tasks starting with it wait for that answer instead of asking too; the list then serves every first
read for `seconds`. A task on an instance another task started on a moment ago (the next task of a play on the same
host) reads for itself. Reads after an action always go to the API, and a task that acted writes the instance as it
last read it into the list, so that a later task on it does not start from what it was before.

The file lies beside the rate-limit state (_rate_state's folder, 0700; the file 0600) and holds only what the list
answered and when tasks began. A file that cannot be used is no failure: the task then reads for itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from typing import Any, Callable, Dict, Iterator, List, Mapping, NamedTuple, Optional, Sequence

from ._client import is_instance
from ._deadline import Deadline
from ._rate_state import StateFile, fcntl

FRESHNESS_ENV = 'OPENCLAW_HOSTING_LIST_FRESHNESS'  # the list_freshness option's environment variable
LOCK_PAUSE = 0.02  # how often a task waiting for another's list answer tries the lock again


class FirstRead(NamedTuple):
    """What a task's first read takes from a shared list: the instances, and whether the list is this task's own
    answer (complete: an instance missing from it does not exist). `instances` None: the task reads for itself."""
    instances: Optional[Sequence[Mapping[str, Any]]]
    complete: bool


ON_ITS_OWN = FirstRead(None, True)


class FreshList:
    """The list answer of one key and URL, shared by the tasks that start within `seconds` of each other."""

    def __init__(self, state: StateFile, seconds: float, deadline: Deadline) -> None:
        self.path = state.path[:-len('.json')] + '.list.json'
        self.seconds = seconds
        self.deadline = deadline

    def first_read(self, fetch: Callable[[], Sequence[Mapping[str, Any]]], needs_list: bool, instance: str) -> FirstRead:
        """The list for the first read of a task on `instance` (its id or name): a fresh one another task fetched, else
        one fetched now (by `fetch`, one list request) when the task needs a list anyway or a task on another
        instance started a moment ago; ON_ITS_OWN when it starts alone or another task started on it a moment ago."""
        with self._locked() as content:
            if content is None:
                return ON_ITS_OWN
            now = time.time()
            began = {key: at for key, at in _mapping(content.get('began')).items()
                     if isinstance(at, (int, float)) and 0 <= now - at < self.seconds}
            content['began'] = dict(began, **{instance: now})
            if began.pop(instance, None) is not None:
                return ON_ITS_OWN  # the next task on the same instance: it reads what the last one left
            if self._fresh(content, now):
                return FirstRead(content['instances'], complete=False)
            if not needs_list and not began:
                return ON_ITS_OWN  # alone so far: its own detail read, as a single task always makes
            fetched = fetch()  # under the lock: the tasks starting now wait for this answer
            content.update(at=time.time(), instances=list(fetched))
            return FirstRead(fetched, complete=True)

    def remember(self, instance_id: Any, instance: Optional[Mapping[str, Any]]) -> None:
        """After a task acted: the instance as it last read it (None: gone) replaces it in a list that is still fresh."""
        with self._locked() as content:
            if content is not None and self._fresh(content, time.time()):
                kept = [item for item in content['instances'] if str(item.get('id')) != str(instance_id)]
                content['instances'] = kept + ([dict(instance)] if instance else [])

    def _fresh(self, content: Mapping[str, Any], now: float) -> bool:
        """Whether the file holds a list of instances read less than `seconds` ago."""
        at, instances = content.get('at'), content.get('instances')
        return (isinstance(at, (int, float)) and 0 <= now - at < self.seconds and isinstance(instances, list)
                and all(is_instance(item) for item in instances))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[Optional[Dict[str, Any]]]:
        """The file's content (empty when new or corrupt) under its lock, written back when changed; None when the
        file cannot be used, or another task holds it until the deadline."""
        try:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        except OSError:
            yield None
            return
        try:
            if not self._lock(handle):
                yield None
                return
            content = _parse(_read_all(handle))
            before = json.dumps(content, sort_keys=True)
            yield content
            if json.dumps(content, sort_keys=True) != before:
                with contextlib.suppress(OSError):  # a list that cannot be kept only costs the next task a request
                    os.lseek(handle, 0, os.SEEK_SET)
                    os.ftruncate(handle, 0)
                    os.write(handle, json.dumps(content).encode())
        finally:
            os.close(handle)  # and so the lock

    def _lock(self, handle: int) -> bool:
        """Take the file's lock, waiting while another task fetches the list, but not past the deadline."""
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if not self.deadline.allows(LOCK_PAUSE):
                    return False
                time.sleep(LOCK_PAUSE)
            except OSError:
                return False


def _mapping(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parse(raw: bytes) -> Dict[str, Any]:
    try:
        found = json.loads(raw.decode('utf-8')) if raw.strip() else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _read_all(handle: int) -> bytes:
    chunks: List[bytes] = []
    while True:
        chunk = os.read(handle, 1 << 16)
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One recent list to find instances by name in, shared by the tasks (module processes) of one key and URL that
start together: the forks of a play, one task per inventory host, each naming its instance by name.

A list only turns a name into an id: every task then reads its instance's details for itself, and decides from them
alone. The first task that needs a list says so in the file, fetches it (the lock is not held meanwhile) and leaves
it there; the tasks that start within `seconds` take it instead of asking again. A task waits at most FETCH_WAIT for
another's answer, then asks for itself. An instance made since another task's list was read is missing from it, so a
name not in it (or whose instance is gone) is looked up again in a list of the task's own.

The file lies in the shared folder (_file_store) and holds only what the list answered and when.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple

from ._deadline import Deadline
from ._errors import is_instance
from ._file_store import SharedFile, finite

FRESHNESS_ENV = 'OPENCLAW_HOSTING_LIST_FRESHNESS'  # the list_freshness option's environment variable
MAX_FRESHNESS = 60.0  # list_freshness's maximum: a list older than a minute is no help in finding a name
FETCH_WAIT = 3.0  # the longest wait for another task's list answer; then a task asks for itself
FETCH_PAUSE = 0.05
MAX_BYTES = 8 << 20  # the answer of a list of some 20,000 instances

Listed = Sequence[Mapping[str, Any]]


class FreshList:
    """The list answer of one key and URL, shared by the tasks that start within `seconds` of each other."""

    def __init__(self, state: SharedFile, seconds: float, deadline: Deadline) -> None:
        self.file = SharedFile(state.path[:-len('.json')] + '.list.json', MAX_BYTES, clean, state.clock)
        self.clock = state.clock
        self.seconds = seconds
        self.deadline = deadline

    def names(self, fetch: Callable[[], Listed]) -> Tuple[Listed, bool]:
        """A list to find instances by name in, and whether it is this task's own (complete: a name missing from it has
        no instance): a fresh one another task read, else one read now with `fetch` and left for the others."""
        give_up = self.clock.monotonic() + min(FETCH_WAIT, max(self.deadline.left(), 0.0))
        while True:
            with self.file.locked() as content:
                if content is None:
                    return fetch(), True  # no file to share: the task's own list
                now = self.clock.time()
                if self._fresh(content, now):
                    return content['instances'], False
                waiting = 'fetching' in content and self.clock.monotonic() < give_up
                if not waiting:
                    content['fetching'] = now  # the tasks that start now wait for this task's answer
            if not waiting:
                break
            self.clock.sleep(FETCH_PAUSE)
        fetched: Optional[Listed] = None
        try:
            fetched = fetch()
        finally:  # a failed list ends the others' wait: they ask for themselves
            with self.file.locked() as content:
                if content is not None:
                    content.pop('fetching', None)
                    if fetched is not None:
                        content.update(at=self.clock.time(), instances=list(fetched))
        return fetched, True

    def _fresh(self, content: Mapping[str, Any], now: float) -> bool:
        """Whether the file holds a list read less than `seconds` ago."""
        return 'instances' in content and now - content['at'] < self.seconds


def clean(found: Dict[str, Any], now: float) -> Dict[str, Any]:
    """What of a list file is valid at `now`: a list read at most MAX_FRESHNESS ago, a fetch begun at most FETCH_WAIT
    ago."""
    content: Dict[str, Any] = {}
    if (finite(found.get('at'), now - MAX_FRESHNESS, now) and isinstance(found.get('instances'), list)
            and all(is_instance(item) for item in found['instances'])):
        content.update(at=found['at'], instances=found['instances'])
    if finite(found.get('fetching'), now - FETCH_WAIT, now):
        content['fetching'] = found['fetching']
    return content

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rate-limit window as the API's answers describe it, so requests wait for a reset instead of provoking a 429.

One window per client; the threads of a fleet module share their client, and the processes
that use the same key and URL share a state file (_rate_state), so a request still in flight
is counted too. No header is trusted blindly: X-RateLimit-Reset is an
instant on the API's clock, so it is read against the answer's own Date header (not the
controller's clock, which may be off by an hour); a relative hint (Retry-After, "try
again in N seconds") wins over it; a value that is not a finite number is ignored; and
every wait is bounded, by WAIT_CAP and by the task's deadline.
"""

from __future__ import annotations

import math
import random
import re
import threading
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Dict, Mapping, Optional, TypeVar

from ._clock import REAL_CLOCK, Clock
from ._deadline import Deadline
from ._file_store import SharedFile
from ._rate_state import WAIT_CAP

T = TypeVar('T')

MIN_PAUSE = 1.0  # after a 429, never less than this before the next request, whatever the headers say
PROBE_WAIT = 2.0  # the longest wait for the answer of the first request, which tells the window
PROBE_PAUSE = 0.05
TRY_AGAIN = re.compile(r'try again in (\d+(?:\.\d+)?) seconds?', re.IGNORECASE)


class RateWindow:
    """What is left of the current window (X-RateLimit-Limit, -Remaining, -Reset), shared by threads, and by
    processes when it is given a state file.

    Its state: `limit`, `remaining` (less the requests taken and not answered yet), `window` (the API's own
    X-RateLimit-Reset, which tells one window from the next), `reset_at` (when the window ends, in this
    controller's epoch seconds) and `probe_at` (when the first request went, alone, while nothing was known; 0 once
    an answer came). `problem` says why a state file given could not be used (the window is then this
    process's own).
    """

    def __init__(self, shared: Optional[SharedFile] = None, problem: Optional[str] = None, clock: Clock = REAL_CLOCK) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._own: Dict[str, Any] = {}
        self._shared = shared
        self.problem = problem

    def _change(self, change: Callable[[Dict[str, Any], float], T]) -> T:
        """Apply `change` to the state (the shared one while it can be used) at this moment; what it returns."""
        with self._lock:
            if self._shared is not None:
                with self._shared.locked() as state:
                    if state is not None:
                        return change(state, self.clock.time())
                self.problem = '%s: this process keeps its own window' % self._shared.problem
                self._shared = None
            return change(self._own, self.clock.time())

    def note(self, headers: Mapping[str, str]) -> None:
        """Remember what an answer says is left of the window; answers of one window may arrive out of order."""
        limit = number(headers.get('X-RateLimit-Limit'))
        remaining = number(headers.get('X-RateLimit-Remaining'))
        window = number(headers.get('X-RateLimit-Reset'))
        seconds = seconds_until(window, headers.get('Date'), self.clock.time()) if window else 0.0

        def change(state: Dict[str, Any], now: float) -> None:
            state['probe_at'] = 0  # answered: the requests held back for it may go
            if remaining is None or not window:
                return  # an answer without the headers (a proxy's error page) says nothing about the window
            state['limit'] = int(limit) if limit is not None else None
            if state.get('window') is not None and window < state['window']:
                return  # the answer to a request of a window that has ended
            if state.get('remaining') is not None and state.get('window') in (None, window):
                state['remaining'] = min(state['remaining'], int(remaining))  # this window, as counted here so far
            else:
                state['remaining'] = int(remaining)
            state['window'], state['reset_at'] = window, now + seconds

        self._change(change)

    def take_slot(self, deadline: Optional[Deadline] = None) -> Optional[float]:
        """Count the next request against the window, or wait for the next window when this one is used up.

        None once a slot is taken; else the seconds until the window resets, when that is past the deadline
        (nothing was waited for).
        """
        while True:
            delay = self._change(_take)
            if delay is None:
                return None
            delay += random.uniform(0.05, 0.5)
            if deadline is not None and not deadline.allows(delay):
                return delay
            self.clock.sleep(delay)

    def after_429(self, headers: Mapping[str, str], text: str) -> Optional[float]:
        """The seconds a 429 asks to wait (between MIN_PAUSE and WAIT_CAP), or None when it does not say.

        A relative hint (Retry-After, else the message's "try again in N seconds") wins over X-RateLimit-Reset, an
        instant on a clock that may not be ours. The window stays closed for that long, for every thread and process.
        """
        now = self.clock.time()
        wait = _retry_after(headers.get('Retry-After'), headers.get('Date'), now)
        if wait is None:
            match = TRY_AGAIN.search(text or '')
            wait = float(match.group(1)) if match else None
        reset = number(headers.get('X-RateLimit-Reset'))
        if wait is None and reset:
            wait = seconds_until(reset, headers.get('Date'), now)
        if wait is None:
            return None
        wait = min(max(wait, MIN_PAUSE), WAIT_CAP)

        def change(state: Dict[str, Any], now: float) -> None:
            state['remaining'], state['reset_at'] = 0, now + wait

        self._change(change)
        return wait


def _take(state: Dict[str, Any], now: float) -> Optional[float]:
    """Take a slot of the window: None; or the seconds to wait, until it resets when it is used up."""
    if state.get('reset_at') is not None and state['reset_at'] <= now:
        # a new window, whole until its first answer says otherwise
        state.update(remaining=state.get('limit'), reset_at=None, window=None)
    remaining, reset_at = state.get('remaining'), state.get('reset_at')
    if remaining is None and state.get('probe_at') is None:
        state['probe_at'] = now  # nothing is known of the window: this request goes alone, to learn it
        return None
    if remaining is None and 0 <= now - state['probe_at'] < PROBE_WAIT:
        return PROBE_PAUSE  # the others wait for its answer, so that a burst of first requests meets no 429
    if remaining is None or remaining > 0 or reset_at is None:
        if remaining:
            state['remaining'] = remaining - 1
        return None
    return min(reset_at - now, WAIT_CAP)


def number(value: Any) -> Optional[float]:
    """A header's value as a finite number; None when it is missing or not one ("soon", "nan", "inf")."""
    try:
        found = float(value) if value is not None else None
    except ValueError:
        return None
    return found if found is None or math.isfinite(found) else None


def seconds_until(instant: float, date: Optional[str], now: float) -> float:
    """The seconds from an answer to an instant (epoch seconds) on the API's clock, between 0 and WAIT_CAP.

    Measured from the answer's Date header, the API's own clock; from this controller's clock (`now`) only when the
    answer has no usable Date.
    """
    answered = _http_date(date)
    return min(max(instant - (now if answered is None else answered), 0.0), WAIT_CAP)


def _http_date(value: Optional[str]) -> Optional[float]:
    """An HTTP date as epoch seconds; None when it is missing or not a date."""
    try:
        return parsedate_to_datetime(value).timestamp() if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _retry_after(value: Optional[str], date: Optional[str], now: float) -> Optional[float]:
    """Retry-After as seconds (never negative): a number, or an HTTP date on the API's clock; None when neither."""
    seconds = number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    instant = _http_date(value)
    return None if instant is None else seconds_until(instant, date, now)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rate-limit window as the API's answers describe it, so requests wait for its end, and no longer, instead of
provoking a 429.

One window per client; the threads of a fleet module share their client, and the processes that use the same key and
URL share a state file (_rate_state), so a request still in flight is counted too. Its end is known to a fraction of a
second: X-RateLimit-Reset is an instant on the API's clock, rounded up to the second, read on ours through the offset
that the answers' Date headers bound (_api_clock); and the answer that opened a window (the first its count holds)
says when it began, within the request's round trip, so its end is that start plus its length in whole seconds. When an
answer shows a window still open after that estimate (an API whose windows are set by its clock, not by the first
request), the estimate is dropped for the Reset alone. After an end, one request goes alone and its answer says what
the new window holds. Requests sent in bursts at each window's start are answered at one phase of the API's second,
which would leave the offset's bounds a second wide for good: while they are wide, the last request of a window waits
(within it) for the moment that halves them.

Controllers that cannot share a state (job slices on other nodes, with the same key) share what the API counts: each
answer's X-RateLimit-Remaining holds their requests too, and a window's count less this state's own requests is what
the others spent; the next window this state takes no more than the rest (its share). What it cannot see is a request
sent after its own last answer of a window.

No header is trusted blindly: a relative hint (Retry-After, "try again in N seconds") wins over X-RateLimit-Reset after
a 429; a value that is not a finite number is ignored; every wait is bounded, by WAIT_CAP and by the task's deadline.
"""

from __future__ import annotations

import math
import random
import re
import threading
from typing import Any, Callable, Dict, Mapping, Optional, TypeVar

from ._api_clock import http_date, latest_here, learn_offset, number, retry_after
from ._clock import REAL_CLOCK, Clock
from ._deadline import Deadline
from ._file_store import SharedFile
from ._rate_state import WAIT_CAP

T = TypeVar('T')

MIN_PAUSE = 1.0  # after a 429, never less than this before the next request, whatever the headers say
PROBE_WAIT = 2.0  # the longest wait for the answer of the request that went alone to learn the window
PROBE_PAUSE = 0.01
SHARP = 0.1  # the offset's bounds are narrowed on purpose while wider than this
BISECT_LATE = 0.05  # a request this soon after the moment meant to halve them still halves them, nearly
JITTER = (0.05, 0.5)  # added to a wait for the window's end by a process that shares its window with no other
TRY_AGAIN = re.compile(r'try again in (\d+(?:\.\d+)?) seconds?', re.IGNORECASE)


class RateWindow:
    """The current window (X-RateLimit-Limit, -Remaining, -Reset), shared by threads, and by processes when it is given
    a state file.

    Its state: `limit`; `remaining`, the slots this state may still take (the API's count less the requests taken and
    not answered yet, within its share); `window`, the API's own X-RateLimit-Reset, which tells one window from the
    next; `reset_at`, when the window ends at the latest, on this controller's clock; `probe_at`, when a request went
    alone to learn the window (0 once an answer came); the offset's bounds (_api_clock); `span`, the window's length in
    whole seconds at most; `began_by`, when this state's first answer of the window came (it began before);
    `opened_after`, when the request that opened it was sent, when it was this state's; `counted` and `ours`, what the
    API counted in the window and how much of it was this state's; `share`, the slots a window leaves this state; and
    `reset_only`, once a window's end proved later than its start tells. `problem` says why a state file given could
    not be used (the window is then this process's own).
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

    def note(self, sent: float, status: Optional[int] = None, headers: Optional[Mapping[str, str]] = None) -> None:
        """Remember what the answer to a request sent at `sent` (this clock's time) says of the window: its `status`
        and `headers`, None when no answer came. Answers of one window may arrive out of order."""
        headers = headers or {}
        limit = number(headers.get('X-RateLimit-Limit'))
        remaining = number(headers.get('X-RateLimit-Remaining'))
        reset = number(headers.get('X-RateLimit-Reset'))
        date = http_date(headers.get('Date'))

        def change(state: Dict[str, Any], now: float) -> None:
            state['probe_at'] = 0  # answered: the requests held back for it may go
            learn_offset(state, date, sent, now)
            if remaining is not None and reset:  # else (a proxy's error page, no answer) it says nothing of the window
                _count(state, int(limit) if limit is not None else None, int(remaining), reset, status != 429, sent, now)

        self._change(change)

    def take_slot(self, deadline: Optional[Deadline] = None) -> Optional[float]:
        """Count the next request against the window, or wait for the next window when this one is used up.

        None once a slot is taken; else the seconds until the window resets, when that is past the deadline
        (nothing was waited for).
        """
        while True:
            delay = self._take_now(sharpen=deadline is None or deadline.allows(1.0))  # a hold never costs the task its deadline
            if delay is None:
                return None
            if deadline is not None and not deadline.allows(delay):
                return delay
            self.clock.sleep(delay)

    def _take_now(self, sharpen: bool) -> Optional[float]:
        """_take on the state, at this moment; jitter only while this process keeps its own window."""
        return self._change(lambda state, now: _take(state, now, sharpen, alone=self._shared is None))

    def after_429(self, headers: Mapping[str, str], text: str) -> Optional[float]:
        """The seconds a 429 asks to wait (between MIN_PAUSE and WAIT_CAP), or None when it does not say.

        A relative hint (Retry-After, else the message's "try again in N seconds") wins over X-RateLimit-Reset, an
        instant on a clock that may not be ours. The window stays closed for that long, for every thread and process.
        """
        match = TRY_AGAIN.search(text or '')
        reset = number(headers.get('X-RateLimit-Reset'))

        def change(state: Dict[str, Any], now: float) -> Optional[float]:
            wait = retry_after(headers.get('Retry-After'), state, now)
            if wait is None and match:
                wait = float(match.group(1))
            if wait is None and reset:
                wait = latest_here(reset, state) - now
            if wait is None:
                return None
            wait = min(max(wait, MIN_PAUSE), WAIT_CAP)
            state['remaining'], state['reset_at'] = 0, now + wait
            return wait

        return self._change(change)


def _count(state: Dict[str, Any], limit: Optional[int], remaining: int, reset: float, accepted: bool, sent: float,
           received: float) -> None:
    """Note an answer's window: `remaining` of `limit` are left until `reset` (the API's clock); `accepted`: the
    request was counted (not refused with a 429)."""
    window = state.get('window')
    if window is not None and reset < window:
        return  # the answer to a request of a window that has ended
    if window is None or reset > window:  # the first answer of a window: it began before this request was counted
        if window is not None and limit is not None:  # what the others spent of the last one leaves this state its share
            state['share'] = max(limit - max((state.get('counted') or 0) - (state.get('ours') or 0), 0), 1)
        share = state.get('share')
        opened = limit is not None and remaining == limit - 1  # this request opened it: it began after its send
        state.update(window=reset, reset_at=None, counted=0, ours=0, began_by=received,
                     opened_after=sent if opened else None,
                     remaining=remaining if share is None else min(remaining, max(share - 1, 0)))
    else:
        if state.get('reset_at') is not None and state['reset_at'] <= sent:
            # sent once this window was thought over, yet answered in it: its start does not tell its end
            state.update(reset_only=1, span=None, reset_at=None)
        known = state.get('remaining')
        state['remaining'] = remaining if known is None else min(known, remaining)
    _learn_span(state, reset)
    end = _end(state, reset, received)  # the offset may have narrowed since this window's first answer
    state['reset_at'] = end if state.get('reset_at') is None else min(end, state['reset_at'])
    state['limit'] = limit
    if limit is not None:
        state['counted'] = max(state.get('counted') or 0, limit - remaining)
    state['ours'] = (state.get('ours') or 0) + int(accepted)


def _learn_span(state: Dict[str, Any], reset: float) -> None:
    """Learn the window's length in whole seconds (`span`, at most) when this state's request opened it (the first it
    counted): the window began while that request was on its way, so it lasts at most from its send to the Reset,
    read through the offset."""
    opened_after = state.get('opened_after')
    if state.get('reset_only') or state.get('offset_low') is None or opened_after is None:
        return
    span = math.floor(latest_here(reset, state) - opened_after)
    if span >= 1:
        state['span'] = min(span, state.get('span') or WAIT_CAP)


def _end(state: Dict[str, Any], reset: float, received: float) -> float:
    """The latest a window can end, on this clock, as an answer tells it: its Reset read through the offset, and no
    later than its length after this state's first answer of it, as it began before that."""
    end = latest_here(reset, state)
    if state.get('span') and state.get('began_by') is not None and not state.get('reset_only'):
        end = min(end, state['began_by'] + state['span'])
    return min(max(end, received), received + WAIT_CAP)


def _sharpen(state: Dict[str, Any], now: float) -> Optional[float]:
    """The seconds to hold the last request of a window so that its answer's Date halves the offset's bounds, while
    they are wider than SHARP: until a second of the API's clock begins if the offset is in their middle (within
    the window, before the earliest it can end). None: send it now. Answers all sent at one phase of the API's second
    (bursts at each window's start) would otherwise never narrow them."""
    low, high, window = state.get('offset_low'), state.get('offset_high'), state.get('window')
    if low is None or high is None or window is None or high - low <= SHARP:
        return None
    middle = (low + high) / 2
    wait = -(now + middle) % 1.0  # until the next whole second of the API's clock, the offset taken as the middle
    if wait < 1.0 - BISECT_LATE and now + wait + BISECT_LATE < window - 1 - high:
        return wait
    return None


def _take(state: Dict[str, Any], now: float, sharpen: bool = True, alone: bool = False) -> Optional[float]:
    """Take a slot of the window: None; or the seconds to wait, until it resets when it is used up (plus jitter when
    the state is this process's `alone`: others of this key may wait for the same end, unseen), or until the moment
    its last request halves the offset's bounds (when it may `sharpen` them)."""
    probe_at, reset_at, remaining = state.get('probe_at'), state.get('reset_at'), state.get('remaining')
    if probe_at and 0 <= now - probe_at < PROBE_WAIT:
        return PROBE_PAUSE  # the others wait for its answer, so that a burst of requests meets no 429
    if probe_at is None or (reset_at is not None and reset_at <= now):
        # nothing is known of the window, or it has ended: this request goes alone, and its answer tells the window
        state.update(probe_at=now, remaining=None)
        return None
    if remaining is None or remaining > 0 or reset_at is None:
        wait = _sharpen(state, now) if sharpen and remaining == 1 else None
        if wait:
            return wait
        if remaining:
            state['remaining'] = remaining - 1
        return None
    wait = min(reset_at - now, WAIT_CAP)
    return wait + random.uniform(*JITTER) if alone and wait > PROBE_PAUSE else wait

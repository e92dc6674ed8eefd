# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rate-limit window as the API's answers describe it, so requests wait for a reset instead of provoking a 429.

One window per client; the threads of a fleet module share their client, so a request
still in flight is counted too. No header is trusted blindly: X-RateLimit-Reset is an
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
import time
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping, Optional

from ._deadline import Deadline

WAIT_CAP = 120.0  # no window lasts longer: a reset further away than this is a clock problem, not a window
MIN_PAUSE = 1.0  # after a 429, never less than this before the next request, whatever the headers say
TRY_AGAIN = re.compile(r'try again in (\d+(?:\.\d+)?) seconds?', re.IGNORECASE)


class RateWindow:
    """What is left of the current window (X-RateLimit-Limit, -Remaining, -Reset), shared by threads.

    `_reset_at` is when the window ends on this process's monotonic clock; `_window` the API's own
    X-RateLimit-Reset, which tells one window from the next.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limit: Optional[int] = None
        self._remaining: Optional[int] = None
        self._window: Optional[float] = None
        self._reset_at: Optional[float] = None

    def note(self, headers: Mapping[str, str]) -> None:
        """Remember what an answer says is left of the window; answers of one window may arrive out of order."""
        limit = number(headers.get('X-RateLimit-Limit'))
        remaining = number(headers.get('X-RateLimit-Remaining'))
        window = number(headers.get('X-RateLimit-Reset'))
        with self._lock:
            if remaining is None or not window:
                self._limit, self._remaining, self._window, self._reset_at = None, None, None, None
                return
            self._limit = int(limit) if limit is not None else None
            if self._window is not None and window < self._window:
                return  # the answer to a request of a window that has ended
            if self._remaining is not None and self._window in (None, window):
                self._remaining = min(self._remaining, int(remaining))  # this window, as counted here so far
            else:
                self._remaining = int(remaining)
            self._window = window
            self._reset_at = time.monotonic() + seconds_until(window, headers.get('Date'))

    def take_slot(self, sleep: Callable[[float], None], deadline: Optional[Deadline] = None) -> Optional[float]:
        """Count the next request against the window, or wait for the next window when this one is used up.

        None once a slot is taken; else the seconds until the window resets, when that is past the deadline
        (nothing was waited for).
        """
        while True:
            with self._lock:
                now = time.monotonic()
                if self._reset_at is not None and self._reset_at <= now:
                    self._remaining, self._reset_at = self._limit, None  # a new window, whole until its first answer
                if self._remaining is None or self._remaining > 0 or self._reset_at is None:  # else: used up until reset
                    if self._remaining:
                        self._remaining -= 1
                    return None
                delay = self._reset_at - now + random.uniform(0.05, 0.5)
            if deadline is not None and not deadline.allows(delay):
                return delay
            sleep(delay)

    def after_429(self, headers: Mapping[str, str], text: str) -> Optional[float]:
        """The seconds a 429 asks to wait (between MIN_PAUSE and WAIT_CAP), or None when it does not say.

        A relative hint (Retry-After, else the message's "try again in N seconds") wins over X-RateLimit-Reset, an
        instant on a clock that may not be ours. The window stays closed for that long, for every thread.
        """
        wait = _retry_after(headers.get('Retry-After'), headers.get('Date'))
        if wait is None:
            match = TRY_AGAIN.search(text or '')
            wait = float(match.group(1)) if match else None
        reset = number(headers.get('X-RateLimit-Reset'))
        if wait is None and reset:
            wait = seconds_until(reset, headers.get('Date'))
        if wait is None:
            return None
        wait = min(max(wait, MIN_PAUSE), WAIT_CAP)
        with self._lock:
            self._remaining, self._reset_at = 0, time.monotonic() + wait
        return wait


def number(value: Any) -> Optional[float]:
    """A header's value as a finite number; None when it is missing or not one ("soon", "nan", "inf")."""
    try:
        found = float(value) if value is not None else None
    except ValueError:
        return None
    return found if found is None or math.isfinite(found) else None


def seconds_until(instant: float, date: Optional[str]) -> float:
    """The seconds from an answer to an instant (epoch seconds) on the API's clock, between 0 and WAIT_CAP.

    Measured from the answer's Date header, the API's own clock; from this controller's clock only when the answer
    has no usable Date.
    """
    now = _http_date(date)
    return min(max(instant - (time.time() if now is None else now), 0.0), WAIT_CAP)


def _http_date(value: Optional[str]) -> Optional[float]:
    """An HTTP date as epoch seconds; None when it is missing or not a date."""
    try:
        return parsedate_to_datetime(value).timestamp() if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _retry_after(value: Optional[str], date: Optional[str] = None) -> Optional[float]:
    """Retry-After as seconds (never negative): a number, or an HTTP date on the API's clock; None when neither."""
    seconds = number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    instant = _http_date(value)
    return None if instant is None else seconds_until(instant, date)

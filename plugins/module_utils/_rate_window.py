# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rate-limit window as the API's answers describe it, so requests wait for a reset instead of provoking a 429.

One window per client; the threads of a fleet module share their client, so a request
still in flight is counted too.
"""

from __future__ import annotations

import math
import random
import re
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping, Optional

WAIT_CAP = 120.0  # a reset further away than this is a clock problem, not a window
TRY_AGAIN = re.compile(r'try again in (\d+(?:\.\d+)?) seconds?', re.IGNORECASE)


class RateWindow:
    """What is left of the current window (X-RateLimit-Limit, -Remaining, -Reset), shared by threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limit: Optional[int] = None
        self._remaining: Optional[int] = None
        self._reset_at: Optional[float] = None

    def note(self, headers: Mapping[str, str]) -> None:
        """Remember what an answer says is left of the window; answers of one window may arrive out of order."""
        limit = number(headers.get('X-RateLimit-Limit'))
        remaining = number(headers.get('X-RateLimit-Remaining'))
        reset = number(headers.get('X-RateLimit-Reset'))
        with self._lock:
            if remaining is None or not reset:
                self._limit, self._remaining, self._reset_at = None, None, None
                return
            self._limit = int(limit) if limit is not None else None
            if self._reset_at is not None and reset < self._reset_at:
                return  # the answer to a request of a window that has ended
            if self._remaining is not None and self._reset_at in (None, reset):
                self._remaining = min(self._remaining, int(remaining))  # this window, as counted here so far
            else:
                self._remaining = int(remaining)
            self._reset_at = reset

    def take_slot(self, sleep: Callable[[float], None]) -> None:
        """Count the next request against the window, or wait for the next window when this one is used up."""
        while True:
            with self._lock:
                now = time.time()
                if self._reset_at is not None and self._reset_at <= now:
                    self._remaining, self._reset_at = self._limit, None  # a new window, whole until its first answer
                if self._remaining is None or self._remaining > 0 or self._reset_at is None:  # else: used up until reset
                    if self._remaining:
                        self._remaining -= 1
                    return
                delay = min(self._reset_at - now, WAIT_CAP)
            sleep(delay + random.uniform(0.05, 0.5))

    def after_429(self, headers: Mapping[str, str], text: str) -> Optional[float]:
        """The seconds a 429 asks to wait; 0 when the window's reset is known (the next take_slot waits for it).

        Else Retry-After, else the message's "try again in N seconds"; None when the answer does not say.
        """
        reset = number(headers.get('X-RateLimit-Reset'))
        if reset:
            with self._lock:
                self._remaining, self._reset_at = 0, reset
            return 0.0
        retry_after = _retry_after(headers.get('Retry-After'))
        if retry_after is not None:
            return min(retry_after, WAIT_CAP)
        match = TRY_AGAIN.search(text or '')
        return min(float(match.group(1)), WAIT_CAP) if match else None


def number(value: Any) -> Optional[float]:
    """A header's value as a finite number; None when it is missing or not one ("soon", "nan", "inf")."""
    try:
        found = float(value) if value is not None else None
    except ValueError:
        return None
    return found if found is None or math.isfinite(found) else None


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: either a number or an HTTP date."""
    if value is None:
        return None
    seconds = number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None

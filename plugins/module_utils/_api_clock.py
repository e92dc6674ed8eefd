# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's clock as its answers show it, so that an instant it names (X-RateLimit-Reset, an HTTP date in
Retry-After) is read on this controller's clock, which may be off by an hour.

An answer's Date header has whole seconds: it was stamped at some moment between the request's send and its answer's
arrival, so it bounds the offset (the API's clock less ours) to an interval a little over a second wide. The answers
of a run arrive at every fraction of a second, so the intersection of their intervals narrows to the round trip: the
offset to a fraction of a second. An interval that contradicts the others (a clock was set, a Date lies) starts the
estimate again, and bounds learnt a while ago widen as clocks may drift apart (DRIFT), so no stale estimate holds.
"""

from __future__ import annotations

import math
from email.utils import parsedate_to_datetime
from typing import Any, Dict, Optional

DRIFT = 1e-4  # seconds two clocks may drift apart per second (twice what an undisciplined quartz clock does)
OFFSET_FIELDS = ('offset_low', 'offset_high', 'offset_at')  # the bounds, and when (on our clock) they were learnt


def number(value: Any) -> Optional[float]:
    """A header's value as a finite number; None when it is missing or not one ("soon", "nan", "inf")."""
    try:
        found = float(value) if value is not None else None
    except ValueError:
        return None
    return found if found is None or math.isfinite(found) else None


def http_date(value: Optional[str]) -> Optional[float]:
    """An HTTP date as epoch seconds; None when it is missing or not a date."""
    try:
        return parsedate_to_datetime(value).timestamp() if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def learn_offset(state: Dict[str, Any], date: Optional[float], sent: float, received: float) -> None:
    """Narrow the state's bounds of the offset with one answer's Date (epoch seconds) to a request sent at `sent` and
    answered at `received` (our clock)."""
    if date is None or not sent <= received:
        return
    low, high = date - received, date + 1 - sent
    if all(state.get(field) is not None for field in OFFSET_FIELDS):
        slack = DRIFT * max(received - state['offset_at'], 0.0)
        old_low, old_high = state['offset_low'] - slack, state['offset_high'] + slack
        if max(low, old_low) <= min(high, old_high):  # else a clock was set (or a Date lies): start again
            low, high = max(low, old_low), min(high, old_high)
    state.update(offset_low=low, offset_high=high, offset_at=received)


def latest_here(instant: float, state: Dict[str, Any]) -> float:
    """The latest moment on our clock that an instant on the API's clock can be; the instant itself when nothing is
    known of the offset (no answer had a Date)."""
    return instant if state.get('offset_low') is None else instant - state['offset_low']


def retry_after(value: Optional[str], state: Dict[str, Any], now: float) -> Optional[float]:
    """Retry-After as seconds from now (never negative): a number, or an HTTP date on the API's clock; None when
    neither."""
    seconds = number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    instant = http_date(value)
    return None if instant is None else max(latest_here(instant, state) - now, 0.0)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one retry policy: which failed request is sent again, and after how long.

A 429 was not carried out, whatever the method: it is sent again. A read is sent again after a failure that may not
happen again. An action (POST, DELETE, PATCH) never is: the reconcile loop reads the instance and plans again instead.
"""

from __future__ import annotations

import random
from typing import Optional

from ._errors import ApiError
from ._rate_window import MIN_PAUSE

RETRY_STATUSES = (500, 502, 503, 504)
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0


def backoff(attempt: int) -> float:
    """Capped exponential backoff with full jitter."""
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)))


def is_transient(error: ApiError) -> bool:
    """A failure that may not happen again: no answer in time or a lost connection, a gateway or server error, a
    2xx body cut short."""
    if error.status is None:
        return error.code in ('timeout', 'connection_error')
    return error.status in RETRY_STATUSES or 200 <= error.status < 300


def retry_delay(method: str, error: ApiError, attempt: int, retries: int) -> Optional[float]:
    """The seconds to wait before sending the request again, or None to give up."""
    if attempt >= retries:
        return None
    if error.status == 429:  # the window, closed for the wait it asked for, holds the next request back; else a pause
        return 0.0 if error.retry_after is not None else max(backoff(attempt), MIN_PAUSE)
    if method == 'GET' and is_transient(error):
        return backoff(attempt)
    return None

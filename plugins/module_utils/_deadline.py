# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One task's deadline: wait_timeout seconds from its start, for everything it does (reads, retries, rate-limit
waits, polls). A fleet task has one for all its instances."""

from __future__ import annotations

import time
from typing import Callable

MAX_WAIT_TIMEOUT = 86400  # seconds: the longest deadline a task may be given (wait_timeout's maximum)
DEFAULT_WAIT_TIMEOUT = 600  # seconds: wait_timeout's default, and the bound of a client given no deadline


class Deadline:
    """`seconds` from now, on a clock that no change of the system's time can move."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._at = clock() + seconds

    def left(self) -> float:
        """The seconds left; 0 or less once it has passed."""
        return self._at - self._clock()

    def allows(self, wait: float) -> bool:
        """Whether a wait of this many seconds still ends before the deadline."""
        return wait < self.left()

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One task's deadline: wait_timeout seconds from its start, for everything it does (reads, retries, rate-limit
waits, polls). A fleet task has one for all its instances. It carries the task's clock."""

from __future__ import annotations

from ._clock import REAL_CLOCK, Clock

MAX_WAIT_TIMEOUT = 86400  # seconds: the longest deadline a task may be given (wait_timeout's maximum)
DEFAULT_WAIT_TIMEOUT = 600  # seconds: wait_timeout's default, and the bound of a client given no deadline


class Deadline:
    """`seconds` from now, on the clock's monotonic time, which no change of the system's time can move."""

    def __init__(self, seconds: float, clock: Clock = REAL_CLOCK) -> None:
        self.seconds = seconds
        self.clock = clock
        self._at = clock.monotonic() + seconds

    def left(self) -> float:
        """The seconds left; 0 or less once it has passed."""
        return self._at - self.clock.monotonic()

    def allows(self, wait: float) -> bool:
        """Whether a wait of this many seconds still ends before the deadline."""
        return wait < self.left()

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clock: the one seam through which the collection reads the time and waits.

Everything that waits or reads the time (a task's deadline, the client's retries, the rate window, the shared files,
the reconcile loop's polls) takes it from the clock it is given, never from the time module; the real one is the
default. Tests give a virtual one, on which a wait of a minute passes at once.
"""

from __future__ import annotations

import time


class Clock:
    """Real time: the system's clock (`time`: epoch seconds, which the system may move), a clock no change of the
    system's time moves (`monotonic`), and `sleep`."""

    def time(self) -> float:
        """Epoch seconds, as the system tells them (files and HTTP dates are on this clock)."""
        return time.time()

    def monotonic(self) -> float:
        """Seconds from an arbitrary start, never moved back: deadlines are on this clock."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Wait this long."""
        time.sleep(seconds)


REAL_CLOCK = Clock()

"""The simulator's clocks: real time for the process the test suites talk HTTP to, and a virtual one for its request
handlers in process, which the collection's code is given too (its Clock seam: time, monotonic, sleep)."""

from __future__ import annotations

import threading
import time


class RealClock:
    """The system's time."""

    def time(self):
        return time.time()

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


class VirtualClock:
    """Time that passes only when someone sleeps: a sleep of a minute moves it a minute forward, at once.

    Threads share it: each sleep moves the one clock forward, so parallel sleepers see time pass faster than each
    asked for, never slower (a wait always ends no earlier than it should). `slept` adds up every sleep.
    """

    def __init__(self, start=1_800_000_000.0):
        self._lock = threading.Lock()
        self._now = float(start)
        self._start = float(start)
        self.slept = 0.0
        self.overshoot = 0.0  # how much later than asked a sleep ends, as a real one does (the scheduler, the wake-up)

    def time(self):
        with self._lock:
            return self._now

    def monotonic(self):
        with self._lock:
            return self._now - self._start

    def sleep(self, seconds):
        if seconds < 0:
            raise ValueError('sleep length must be non-negative')
        with self._lock:
            self._now += seconds + self.overshoot
            self.slept += seconds + self.overshoot

    def advance(self, seconds):
        """Move the clock forward, exactly (the simulator's own passing of time)."""
        with self._lock:
            self._now += seconds

"""Controllers on one key in virtual time, for the unit layer: each with its own rate-window state (the job slices of an
Automation Platform job on other nodes, or one controller alone), its workers running one task per host (a read of
the instance; for a running one its stop, and a read once the stop is done), against the simulator's RateLimiter.

The collection's RateWindow decides when each request goes; events run in time order and nothing sleeps, so a run of
minutes takes a fraction of a second and every run with the same seed is the same.
"""

from __future__ import annotations

import email.utils
import heapq
import itertools
import math
import random

from ansible_collections.openclaw.hosting.plugins.module_utils._rate_window import RateWindow, _take
from ansible_collections.openclaw.hosting.tests.simulator.server import RateLimiter

START = 1_800_000_000.4  # no whole second of either clock


class EventClock:
    """The time of the event being run; nothing may sleep on it (waits are events)."""

    def __init__(self):
        self.now = START

    def time(self):
        return self.now

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        raise AssertionError('a controller waits through an event, not a sleep')


class Controller:
    """One controller: its window state, the statuses of its hosts still to run ('running': to be stopped), its
    figures."""

    def __init__(self, clock, hosts):
        self.window = RateWindow(clock=clock)
        self.hosts = list(hosts)
        self.requests = self.refused = 0
        self.ended = None


def run(controllers, limit=10, window=3.0, workers=10, round_trip=(0.005, 0.05), module_start=(0.2, 0.5), step=(0.0, 0.02),
        action=3.0, skew=0.0, seed=0):
    """Run `controllers` (one list of host statuses each) together on one key, `workers` at a time in each; their figures:
    requests, 429s, and when each controller's last task ended, in seconds from the start."""
    clock, chance, api = EventClock(), random.Random(seed), RateLimiter(limit, window, clock_skew=skew)
    running = [Controller(clock, hosts) for hosts in controllers]
    events, order = [], itertools.count()

    def request(controller):
        while True:
            delay = controller.window._change(_take)
            if delay is not None:
                yield delay
                continue
            sent, wire = clock.now, chance.uniform(*round_trip)
            yield wire / 2
            allowed, headers, dummy = api.take('key', clock.now)
            headers['Date'] = email.utils.formatdate(math.floor(clock.now + skew), usegmt=True)
            yield wire / 2
            controller.requests += 1
            controller.window.note(sent, 200 if allowed else 429, headers)
            if allowed:
                return
            controller.refused += 1
            yield controller.window.after_429(headers, '') or 1.0

    def worker(controller):
        while controller.hosts:
            stop = controller.hosts.pop(0) == 'running'
            yield chance.uniform(*module_start)
            yield from request(controller)
            if stop:
                yield chance.uniform(*step)
                yield from request(controller)
                yield action + chance.uniform(*step)
                yield from request(controller)
        controller.ended = max(controller.ended or 0.0, clock.now - START)

    for controller in running:
        for dummy in range(workers):
            heapq.heappush(events, (clock.now, next(order), worker(controller)))
    while events:
        clock.now, dummy, task = heapq.heappop(events)
        try:
            heapq.heappush(events, (clock.now + next(task), next(order), task))
        except StopIteration:
            pass
    return [{'requests': c.requests, 'refused': c.refused, 'seconds': round(c.ended, 2)} for c in running]


def mixed(size):
    """A mixed start, the benchmark's: two in three running (to be stopped), the others stopped already."""
    return ['running' if index % 3 else 'stopped' for index in range(size)]

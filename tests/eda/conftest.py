"""The event sources' tests: the sources run as ansible-rulebook runs them, against the simulator.

They run with .work/venv-eda's Python (ansible-rulebook, its JDK and the newest ansible-core), inside the collection
tree; scripts/test.sh runs them as the `eda` layer.
"""

from __future__ import annotations

import asyncio
import pathlib
import runpy
import time

from ansible_collections.openclaw.hosting.tests.simulator.plugin import (  # noqa: F401  pylint: disable=unused-import
    COLLECTION_ROOT, private_rate_state, simulator,
)

SOURCES = COLLECTION_ROOT / 'extensions' / 'eda' / 'plugins' / 'event_source'
RULEBOOKS = COLLECTION_ROOT / 'extensions' / 'eda' / 'rulebooks'


def source_main(name):
    """A source's main(), loaded the way ansible-rulebook loads it: the file run by its path."""
    return runpy.run_path(str(pathlib.Path(SOURCES, name + '.py')))['main']


class Running:
    """A source running in the test's event loop: take its events, then cancel it."""

    def __init__(self, name, args):
        self.queue = asyncio.Queue()
        self.task = asyncio.create_task(source_main(name)(self.queue, args))

    async def take(self, count, timeout=10.0):
        """The next `count` events; fails when they do not come in time, and raises what the source raised if it ended."""
        events = []
        deadline = time.monotonic() + timeout
        while len(events) < count:
            getter = asyncio.ensure_future(self.queue.get())
            done, dummy = await asyncio.wait({getter, self.task}, timeout=max(deadline - time.monotonic(), 0.01),
                                             return_when=asyncio.FIRST_COMPLETED)
            if getter in done:
                events.append(getter.result())
                continue
            getter.cancel()
            if self.task in done:
                self.task.result()  # what it raised, if it raised
                raise AssertionError('the source ended after %d events: %r' % (len(events), events))
            raise AssertionError('%d of %d events in %.1f s: %r' % (len(events), count, timeout, events))
        return events

    async def quiet(self, seconds):
        """Assert that no event comes for `seconds`."""
        await asyncio.sleep(seconds)
        assert self.queue.empty(), 'unexpected events: %r' % [self.queue.get_nowait() for dummy in range(self.queue.qsize())]
        assert not self.task.done() or self.task.result()

    async def stop(self):
        """Cancel the source; it must end at once."""
        started = time.monotonic()
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass
        return time.monotonic() - started

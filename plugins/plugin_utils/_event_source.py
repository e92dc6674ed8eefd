# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The event sources' loop (ansible-rulebook's `main(queue, args)`): check the arguments, then poll for ever.

Each poll is one list request (and, every billing_interval, one billing read), sent through the collection's client
in a daemon thread of its own, so the event loop never waits on the network and cancelling the source ends it at
once, even in the middle of a request. Before the first good poll, a failure that will repeat (the arguments, the key,
the URL) ends the source with a message that says what to fix. After it, every failure is a streak of its kind of
read: one error event, then backoff, and polling goes on (a proxy, a deploy of the API, a key being rotated); only a
key refused for longer than auth_failure_timeout ends the source. The list and the billing read count their failures
apart, and a failing billing read never delays a list poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from typing import Any, Callable, List, Mapping, NamedTuple, Optional, Tuple, TypeVar

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._connection import (
    DEFAULT_API_TIMEOUT, connect, connection_problems, given, switch, switch_problem,
)
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError, OutOfTime
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import api_failure
from ansible_collections.openclaw.hosting.plugins.module_utils._profile import Profile
from ansible_collections.openclaw.hosting.plugins.module_utils._words import quoted
from ansible_collections.openclaw.hosting.plugins.plugin_utils._events import Changes

T = TypeVar('T')
BACKOFF_CAP = 300.0  # the longest pause after failed polls (or the interval, when that is longer)
FATAL_STATUSES = (401, 403, 404)  # before the first good poll: the key or the URL is wrong, polling again cannot help
AUTH_STATUSES = (401, 403)  # after it: the key refused, which ends the source only after auth_failure_timeout
FATAL_CODES = ('redirect', 'tls_error', 'invalid_request')
MAX_INTERVAL = 86400.0  # interval's, billing_interval's and auth_failure_timeout's maximum: a day
AUTH_FAILURE_TIMEOUT = 900.0  # how long the key may be refused in a row after a good poll (a rotation) before the source ends


class SourceFailed(Exception):
    """A failure that ends the source: what to fix."""


class Settings(NamedTuple):
    api_key: str
    api_url: str
    validate_certs: bool
    api_timeout: float
    interval: float
    initial: bool
    set_hosts: bool
    billing_interval: float  # 0: never
    auth_failure_timeout: float


def settings(args: Mapping[str, Any], profile: Profile, name: str, billing: bool) -> Settings:
    """The source's arguments, with the modules' environment fallbacks and defaults; SourceFailed naming every problem.

    `billing`: whether the source reads the account's billing (and so takes billing_interval).
    """
    problems: List[str] = []
    known = set(Settings._fields) - (set() if billing else {'billing_interval'})
    problems += ['unknown argument %s (the arguments are %s)' % (quoted(arg), ', '.join(sorted(known)))
                 for arg in sorted(args) if arg not in known and not str(arg).startswith('eda_')]
    env = profile.credentials.env

    def number(arg: str, default: Any, least: float, strict: bool, most: float = MAX_INTERVAL) -> float:
        value = default if given(args.get(arg)) is None else args[arg]
        try:
            found = float(value)
        except (TypeError, ValueError):
            found = float('nan')
        if isinstance(value, bool) or not (found > least if strict else found >= least) or found == float('inf'):
            problems.append('%s must be a number of seconds %s %g, got %s' % (arg, 'over' if strict else 'of at least', least, quoted(value)))
            return 0.0
        if found > most:
            problems.append('%s must be at most %g seconds, got %s' % (arg, most, quoted(value)))
        return found

    def flag(arg: str, default: Any) -> bool:
        value = args.get(arg, default)
        problems.extend(filter(None, [switch_problem(arg, value)]))
        return bool(switch(value))

    def setting(arg: str) -> Any:  # the argument, else its environment variable; an empty one is not set
        return given(os.environ.get(env[arg])) if given(args.get(arg)) is None else args[arg]

    api_key = str(setting('api_key') or '').strip()
    api_url = str(setting('api_url') or profile.wire.default_url)
    # api_timeout's maximum is checked with the other connection options
    timeout = number('api_timeout', given(os.environ.get(env['api_timeout'])) or DEFAULT_API_TIMEOUT, 0, strict=True,
                     most=float('inf'))
    found = Settings(api_key=api_key, api_url=api_url, api_timeout=timeout,
                     validate_certs=flag('validate_certs', given(os.environ.get(env['validate_certs'])) or True),
                     interval=number('interval', 30, 0, strict=True), initial=flag('initial', True),
                     set_hosts=flag('set_hosts', False),
                     billing_interval=number('billing_interval', 300, 0, strict=False) if billing else 0,
                     auth_failure_timeout=number('auth_failure_timeout', AUTH_FAILURE_TIMEOUT, 0, strict=False))
    if not api_key:
        problems.append('no api_key: give it as an argument or in the %s environment variable' % env['api_key'])
    else:
        problems += connection_problems(profile, api_key, api_url, timeout)
    if problems:
        raise SourceFailed('%s: %s' % (name, '; '.join(problems)))
    return found


def fatal(error: ApiError) -> bool:
    """Whether a failure will come again whatever the source waits: a key or URL that is wrong."""
    return error.status in FATAL_STATUSES or error.code in FATAL_CODES


def pause(interval: float, failures: int, error: ApiError) -> float:
    """How long to wait after the `failures`-th failed poll in a row: doubling from the interval, at most
    BACKOFF_CAP (or the interval), and never less than what a 429 asked for."""
    backoff = min(interval * 2 ** (failures - 1), max(interval, BACKOFF_CAP))
    return max(backoff, error.retry_after or 0.0)


class Streak:
    """The failures in a row of one kind of read (the list, the billing), and since when they are auth failures."""

    def __init__(self) -> None:
        self.failures = 0
        self.auth_since: Optional[float] = None  # when the failures in a row began to be 401s and 403s

    def failed(self, error: ApiError) -> None:
        """Count a failure."""
        self.failures += 1
        auth = error.status in AUTH_STATUSES
        self.auth_since = (self.auth_since or time.monotonic()) if auth else None

    def auth_for(self) -> float:
        """How long the key has been refused in a row (0 when the last failure was of another kind)."""
        return time.monotonic() - self.auth_since if self.auth_since is not None else 0.0


async def in_thread(call: Callable[[], T]) -> T:
    """A blocking call run in a daemon thread of its own: cancelling the awaiting task returns at once, even in the
    middle of a request, and the thread, left to finish it, keeps no process alive."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(result: Any, error: Optional[BaseException]) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result, error = call(), None
        except BaseException as failure:  # pylint: disable=broad-exception-caught  # handed to the awaiting task
            result, error = None, failure
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits for the answer any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, daemon=True).start()
    return await future


async def watch(queue: Any, args: Mapping[str, Any], profile: Profile, name: str, billing: bool = False) -> None:
    """Poll the provider for ever, putting an event on `queue` for each change (see _events); `name` is the source's,
    for messages, and `billing` whether it reads the account's billing too.

    Before the first good poll, a key or URL that is wrong ends the source. After it, every failure is a streak of its
    kind of read (the list, the billing): one error event, then backoff; only the key refused for longer than
    auth_failure_timeout ends the source. A failing billing read is retried on its own schedule, never delaying a poll.
    """
    config = settings(args, profile, name, billing)
    changes = Changes(profile, config.set_hosts, config.initial)
    streaks = {'list': Streak(), 'billing': Streak()}
    billing_due = time.monotonic()  # when the next billing read is due
    polled = False  # whether a list poll has succeeded yet

    def client() -> Client:  # one per read: its deadline is the read's, so no thread sleeps past it
        return connect(profile, config.api_key, config.api_url, config.api_timeout, retries=0,
                       validate_certs=config.validate_certs, deadline=Deadline(config.api_timeout))

    async def read(call: Callable[[Client], T], kind: str, doing: str) -> Tuple[Optional[T], float]:
        """One read off the event loop: its answer, or None and how long to wait before this read is tried again."""
        try:
            return await in_thread(lambda: call(client())), 0.0
        except OutOfTime as error:  # the rate window is used up (by this key's other users too): no failure, a wait
            return None, max(error.retry_after or 0.0, config.interval)
        except ApiError as error:
            failure = error
        streak = streaks[kind]
        streak.failed(failure)
        message = api_failure(failure, profile, doing).msg
        if fatal(failure) and not polled:
            raise SourceFailed('%s: %s' % (name, message))
        if streak.auth_for() > config.auth_failure_timeout:
            raise SourceFailed('%s: the API has refused the key for %.0f s (more than auth_failure_timeout): %s'
                               % (name, streak.auth_for(), message))
        if streak.failures == 1:
            await queue.put(changes.error(message))
        return None, pause(config.interval, streak.failures, failure)

    while True:
        listed, wait = await read(lambda api: api.list_instances(), 'list', 'listing the instances')
        if listed is not None:
            polled, streaks['list'] = True, Streak()
            for event in changes.of_instances(listed):
                await queue.put(event)
            wait = config.interval
            if config.billing_interval and time.monotonic() >= billing_due:
                summary, billing_wait = await read(lambda api: api.read_billing('summary'), 'billing',
                                                   'reading the billing summary')
                if summary is not None:
                    streaks['billing'] = Streak()
                    for event in changes.of_billing(summary):
                        await queue.put(event)
                billing_due = time.monotonic() + (config.billing_interval if summary is not None else billing_wait)
        await asyncio.sleep(wait)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The event sources' loop (ansible-rulebook's `main(queue, args)`): check the arguments, then poll for ever.

Each poll is one list request (and, every billing_interval, one billing read), sent through the collection's client
in a thread, so the event loop never waits on the network; every wait is an asyncio sleep, so cancelling the source
ends it at once. A failure the API or the network may not repeat (no answer, 5xx, 429, an answer of the wrong shape)
never ends the source: it emits one error event for the streak and tries again later, backing off. A failure that
will repeat (the arguments, the key, the URL) ends it with a message that says what to fix.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, TypeVar

from ansible_collections.openclaw.hosting.plugins.module_utils._client import ApiError, Client, OutOfTime
from ansible_collections.openclaw.hosting.plugins.module_utils._connection import DEFAULT_API_TIMEOUT, connection_problems, given
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import api_failure
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import Profile
from ansible_collections.openclaw.hosting.plugins.plugin_utils._events import Changes

T = TypeVar('T')
BACKOFF_CAP = 300.0  # the longest pause after failed polls (or the interval, when that is longer)
FATAL_STATUSES = (401, 403, 404)  # the key or the URL is wrong: polling again cannot help
FATAL_CODES = ('redirect', 'tls_error', 'invalid_request')
MAX_INTERVAL = 86400.0  # interval's and billing_interval's maximum: a day
TRUE, FALSE = ('true', 'yes', 'on', '1'), ('false', 'no', 'off', '0')


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


def settings(args: Mapping[str, Any], profile: Profile, name: str, billing: bool) -> Settings:
    """The source's arguments, with the modules' environment fallbacks and defaults; SourceFailed naming every problem.

    `billing`: whether the source reads the account's billing (and so takes billing_interval).
    """
    problems: List[str] = []
    known = set(Settings._fields) - (set() if billing else {'billing_interval'})
    problems += ['unknown argument %r (the arguments are %s)' % (arg, ', '.join(sorted(known)))
                 for arg in sorted(args) if arg not in known and not str(arg).startswith('eda_')]
    env = profile.env

    def number(arg: str, default: Any, least: float, strict: bool, most: float = MAX_INTERVAL) -> float:
        value = default if given(args.get(arg)) is None else args[arg]
        try:
            found = float(value)
        except (TypeError, ValueError):
            found = float('nan')
        if isinstance(value, bool) or not (found > least if strict else found >= least) or found == float('inf'):
            problems.append('%s must be a number of seconds %s %g, got %r' % (arg, 'over' if strict else 'of at least', least, value))
            return 0.0
        if found > most:
            problems.append('%s must be at most %g seconds, got %r' % (arg, most, value))
        return found

    def flag(arg: str, default: bool) -> bool:
        value = args.get(arg, default)
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in TRUE + FALSE:
            return str(value).strip().lower() in TRUE
        problems.append('%s must be true or false, got %r' % (arg, value))
        return default

    def setting(arg: str) -> Any:  # the argument, else its environment variable; an empty one is not set
        return given(os.environ.get(env[arg])) if given(args.get(arg)) is None else args[arg]

    api_key = str(setting('api_key') or '').strip()
    api_url = str(setting('api_url') or profile.default_url)
    # api_timeout's maximum is checked with the other connection options
    timeout = number('api_timeout', setting('api_timeout') or DEFAULT_API_TIMEOUT, 0, strict=True, most=float('inf'))
    found = Settings(api_key=api_key, api_url=api_url, validate_certs=flag('validate_certs', True), api_timeout=timeout,
                     interval=number('interval', 30, 0, strict=True), initial=flag('initial', True),
                     set_hosts=flag('set_hosts', False),
                     billing_interval=number('billing_interval', 300, 0, strict=False) if billing else 0)
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


async def watch(queue: Any, args: Mapping[str, Any], profile: Profile, name: str, billing: bool = False) -> None:
    """Poll the provider for ever, putting an event on `queue` for each change (see _events); `name` is the source's,
    for messages, and `billing` whether it reads the account's billing too."""
    config = settings(args, profile, name, billing)
    changes = Changes(profile, config.set_hosts, config.initial)
    billing_due = time.monotonic()  # when the next billing read is due
    failures = 0

    def client() -> Client:  # one per read: its deadline is the read's, so no thread sleeps past it
        return Client(profile, config.api_key, config.api_url, timeout=config.api_timeout, retries=0,
                      validate_certs=config.validate_certs, deadline=Deadline(config.api_timeout))

    async def read(call: Callable[[Client], T], doing: str) -> Optional[T]:
        """One read off the event loop; None when it failed (an error event begins the streak)."""
        nonlocal failures
        try:
            return await asyncio.to_thread(call, client())
        except OutOfTime as error:  # the rate window is used up (by this key's other users too): no failure, a wait
            await asyncio.sleep(max(error.retry_after or 0.0, config.interval))
            return None
        except ApiError as error:
            failure = error
        message = api_failure(failure, profile, doing).msg
        if fatal(failure):
            raise SourceFailed('%s: %s' % (name, message))
        failures += 1
        if failures == 1:
            await queue.put(changes.error(message))
        await asyncio.sleep(pause(config.interval, failures, failure))
        return None

    while True:
        listed = await read(lambda api: api.list_instances(), 'listing the instances')
        if listed is None:
            continue
        for event in changes.of_instances(listed):
            await queue.put(event)
        if config.billing_interval and time.monotonic() >= billing_due:
            summary: Optional[Dict[str, Any]] = await read(lambda api: api.read_billing('summary'), 'reading the billing summary')
            if summary is None:
                continue
            billing_due = time.monotonic() + config.billing_interval
            for event in changes.of_billing(summary):
                await queue.put(event)
        failures = 0
        await asyncio.sleep(config.interval)

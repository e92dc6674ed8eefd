# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection options (api_key, api_url, api_timeout, api_retries, validate_certs), checked before any request is
sent, and connect(): the one factory of a checked client, for the modules, the inventory plugins and the event sources.

A key that an HTTP header cannot carry or that belongs to the other provider, a URL that is not https (but on
loopback) or that holds a credential, never reach the client.
"""

from __future__ import annotations

import ipaddress
from typing import Any, List, Optional, Sequence
from urllib.parse import urlsplit

from . import _transport
from ._client import Client
from ._profile import Profile
from ._profiles import PROFILES
from ._words import quoted

DEFAULT_API_TIMEOUT = 30  # seconds
MAX_API_TIMEOUT = 600  # seconds: no answer is worth waiting longer for
MAX_API_RETRIES = 20
TRUE, FALSE = ('true', 'yes', 'on', '1'), ('false', 'no', 'off', '0')  # a boolean option's words


class InvalidOptions(Exception):
    """Options refused before any request: `problems` says what is wrong, `missing_library` names a Python library
    the controller lacks."""

    def __init__(self, problems: Sequence[str], missing_library: Optional[str] = None) -> None:
        super().__init__('; '.join(problems) or missing_library)
        self.problems = list(problems)
        self.missing_library = missing_library


def connect(profile: Profile, api_key: Any, api_url: str, api_timeout: float, where: str = '', problems: Sequence[str] = (),
            **client_options: Any) -> Client:
    """A client of the API, once the connection options and the caller's own `problems` are found right; else
    InvalidOptions. `where` says where a key can be set; `client_options` go to Client (retries, validate_certs,
    deadline, clock, transport)."""
    if _transport.requests is None and client_options.get('transport') is None:
        raise InvalidOptions([], missing_library='requests')
    problems = connection_problems(profile, api_key, api_url, api_timeout, where) + list(problems)
    if problems:
        raise InvalidOptions(problems)
    return Client(profile, str(api_key), api_url, timeout=api_timeout, **client_options)


def given(value: Any) -> Any:
    """An option's value as set, or None when it is an empty or white-space string: an environment variable set to ""
    (what Automation Platform injects for a credential field left blank) counts as not set."""
    return None if isinstance(value, str) and not value.strip() else value


def check_api_url(url: str) -> Optional[str]:
    """An error message when the URL is not https (or http on a loopback host), else None."""
    try:
        parts = urlsplit(url)
        port = parts.port  # a port out of range or not a number raises ValueError
    except ValueError as error:
        return 'api_url is not a URL that can be parsed (%s): %s' % (error, quoted(url))
    if port == 0:
        return 'api_url has port 0, which cannot be connected to'
    if parts.username is not None or parts.password is not None:  # not echoed: it holds a credential
        return 'api_url must not hold a user or password (user:password@): the API key is the only credential sent'
    if parts.scheme == 'https' and parts.hostname:
        return None
    if parts.scheme == 'http' and parts.hostname and _is_loopback(parts.hostname):
        return None
    return ('api_url must be an https:// URL (http:// is accepted only for loopback hosts such as '
            '127.0.0.1, ::1 and localhost), got %s' % quoted(url))


def _is_loopback(host: str) -> bool:
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connection_problems(profile: Profile, api_key: Any, api_url: str, api_timeout: float, where: str = '') -> List[str]:
    """What is wrong with the connection options, found before any request; `where` says where a key can be set."""
    problems = []
    if api_key is None or not str(api_key).strip():
        problems.append('api_key is %s (set it%s, or the %s environment variable)'
                        % ('not set' if api_key is None else 'empty', where, profile.credentials.env['api_key']))
    elif not _fits_a_header(str(api_key).strip()):
        problems.append('api_key holds a space, a line break or a character that is not printable ASCII inside it; '
                        'an HTTP header cannot carry it (surrounding white space is trimmed)')
    else:
        problems.extend('api_key begins with %s, the prefix of %s keys, but this is %s: give a %s key (%s)'
                        % (prefix, other.title, profile.title, profile.title, profile.credentials.env['api_key'])
                        for other in PROFILES.values() if other is not profile
                        for prefix in other.credentials.key_prefixes if str(api_key).strip().startswith(prefix))
    url_problem = check_api_url(api_url)
    if url_problem:
        problems.append(url_problem)
    if api_timeout < 1:
        problems.append('api_timeout must be at least 1 second')
    too_long = at_most('api_timeout', api_timeout, MAX_API_TIMEOUT)
    return [*problems, too_long] if too_long else problems


def retries_problem(retries: int) -> Optional[str]:
    """The problem of an api_retries value outside 0 to MAX_API_RETRIES, else None."""
    if retries < 0:
        return 'api_retries must not be negative'
    return at_most('api_retries', retries, MAX_API_RETRIES, 'retries')


def switch(value: Any) -> Optional[bool]:
    """A boolean option's value, from a bool or one of its words (TRUE, FALSE); None when it is neither."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    return word in TRUE if word in TRUE + FALSE else None


def switch_problem(name: str, value: Any) -> Optional[str]:
    """The problem of a boolean option whose value is neither a bool nor one of its words, else None."""
    return None if switch(value) is not None else '%s must be true or false, got %s' % (name, quoted(value))


def at_most(name: str, value: Any, most: float, unit: str = 'seconds') -> Optional[str]:
    """The problem of a number option above its documented maximum, else None."""
    return '%s must be at most %g %s, got %s' % (name, most, unit, value) if value is not None and value > most else None


def _fits_a_header(key: str) -> bool:
    return key.isascii() and key.isprintable() and ' ' not in key

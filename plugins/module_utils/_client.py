# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP client shared by every module and inventory plugin: the only place that knows URLs and verbs.

One requests.Session per task: bearer auth, a timeout on every request, the
provider's envelopes, the rate-limit window (_rate_window), and one retry
policy (retry_delay). Actions (POST, DELETE, PATCH) are never repeated here:
the reconcile loop re-reads the instance and plans again instead.
"""

from __future__ import annotations

import json
import random
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

try:
    import requests
except ImportError:  # pragma: no cover - reported by the module with missing_required_lib()
    requests = None  # type: ignore[assignment]

from ._deadline import DEFAULT_WAIT_TIMEOUT, Deadline
from ._profiles import Profile
from ._rate_state import state_file
from ._rate_window import MIN_PAUSE, RateWindow
from ._version import COLLECTION_VERSION

USER_AGENT = 'openclaw.hosting/%s (Ansible collection; +https://galaxy.ansible.com/ui/repo/published/openclaw/hosting/)' % COLLECTION_VERSION

RETRY_STATUSES = (500, 502, 503, 504)
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
# the API's verbs and paths of an action on an instance; any other action is POST /instances/<id>/<action>
ACTION_ROUTES = {'create': ('POST', '/instances'), 'update': ('PATCH', '/instances/{id}'), 'delete': ('DELETE', '/instances/{id}')}


class ApiError(Exception):
    """A failed API call: HTTP status, the API's code, message and details.

    `status` is None when no HTTP answer came back (connection, timeout).
    `maybe_applied` is True when a non-GET request may have been carried out
    although no success came back: the caller must re-read before deciding.
    `retry_after` is the wait a 429 asked for, for which the rate window stays closed (None: it did not say).
    """

    def __init__(self, message: str, status: Optional[int] = None, code: Optional[str] = None,
                 details: Optional[Dict[str, Any]] = None, maybe_applied: bool = False,
                 retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details
        self.maybe_applied = maybe_applied
        self.retry_after = retry_after

    def to_dict(self) -> Dict[str, Any]:
        """The structured form returned to the user as api_error."""
        return {'status': self.status, 'code': self.code, 'message': self.message, 'details': self.details}


def is_instance(value: Any) -> bool:
    """An instance as the APIs describe one: an object whose id is a string or an integer, and whose status and name,
    when it has them, are strings."""
    if not isinstance(value, dict) or isinstance(value.get('id'), bool) or not isinstance(value.get('id'), (str, int)):
        return False
    return all(isinstance(value.get(field), (str, type(None))) for field in ('status', 'name'))


def _text(value: Any) -> Optional[str]:
    """An error's code or message as text, whatever JSON type the API gave it."""
    return value if value is None or isinstance(value, str) else json.dumps(value)[:500]


class OutOfTime(ApiError):
    """A request given up because waiting to send it (again) would pass the task's deadline; the last failure's
    status, code and details, if there was one."""

    @classmethod
    def after(cls, error: ApiError, wait: float) -> OutOfTime:
        """Given up after `error`, which asked for `wait` more seconds than the deadline leaves."""
        return cls('%s (trying again in %.0f s would pass the deadline)' % (error.message, wait), status=error.status,
                   code=error.code, details=error.details, maybe_applied=error.maybe_applied)


class BearerAuth:
    """The session's auth hook: the key as a Bearer header, so that neither ~/.netrc nor a URL can put another there."""

    def __init__(self, api_key: str) -> None:
        self._header = 'Bearer %s' % api_key

    def __call__(self, request: Any) -> Any:
        request.headers['Authorization'] = self._header
        return request

    def __repr__(self) -> str:
        return 'BearerAuth(<key hidden>)'


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
    """The one retry policy: the seconds to wait before trying again, or None to give up.

    A 429 was not carried out, whatever the method: it is tried again after the wait it asked for.
    Reads are tried again after a transient failure; actions never (the caller re-reads and plans again).
    """
    if attempt >= retries:
        return None
    if error.status == 429:  # the window, closed for the wait it asked for, holds the next request back; else a pause
        return 0.0 if error.retry_after is not None else max(backoff(attempt), MIN_PAUSE)
    if method == 'GET' and is_transient(error):
        return backoff(attempt)
    return None


class Client:
    """Talks to one provider's API with one key, within a deadline (the task's; else DEFAULT_WAIT_TIMEOUT from now): no
    wait (for the rate limit, before a retry) that would pass it is begun."""

    def __init__(self, profile: Profile, api_key: str, api_url: str, timeout: float = 30, retries: int = 5,
                 validate_certs: bool = True, sleep: Optional[Callable[[float], None]] = None,
                 deadline: Optional[Deadline] = None) -> None:
        self.profile = profile
        self.deadline = deadline or Deadline(DEFAULT_WAIT_TIMEOUT)  # no client waits without end
        self.retries_429 = deadline is None  # without a task's deadline to wait them out in, 429s count as retries
        self.base_url = api_url.rstrip('/')
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep or time.sleep
        self.validate_certs = validate_certs
        self.session = requests.Session()
        self.session.auth = BearerAuth(api_key.strip())
        self.session.headers.update({
            'Accept': 'application/json',
            'Content-Type': 'application/json',
            'User-Agent': USER_AGENT,
        })
        # shared by every process of this key and URL: the rate window, and the list of _fresh_list
        self.state_file, problem = state_file(self.base_url, api_key.strip())
        self.window = RateWindow(self.state_file, problem)
        self._count_lock = threading.Lock()  # a client may serve several threads (the fleet modules)
        self.requests_sent = 0
        self.rate_limited = 0

    def list_instances(self) -> Tuple[Dict[str, Any], ...]:
        """Every instance the key can see."""
        payload = self.request('GET', '/instances')
        if not isinstance(payload, list) or not all(is_instance(item) for item in payload):
            raise ApiError('GET /instances did not answer with a list of instances (objects with an id)', status=200,
                           code='bad_answer')
        return tuple(payload)

    def read_instance(self, instance_id: Any) -> Optional[Dict[str, Any]]:
        """The instance's details, or None when the API answers 404."""
        path = '/instances/%s' % instance_id
        try:
            payload = self.request('GET', path)
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        if not is_instance(payload):
            raise ApiError('GET %s did not answer with an instance (an object with an id)' % path, status=200, code='bad_answer')
        flags = [action.flag for action in self.profile.actions if action.flag]
        if not all(isinstance(payload.get(flag), bool) for flag in flags):  # what decides which action the API allows
            raise ApiError('GET %s did not answer with the details of an instance (its %s must be true or false)'
                           % (path, ', '.join(flags)), status=200, code='bad_answer')
        return payload

    def act(self, action: str, instance_id: Any, body: Optional[Mapping[str, Any]] = None) -> Optional[Dict[str, Any]]:
        """Send an action (create, update, delete, or a power action such as stop) on an instance.

        The answer: the instance as the API shows it, None when it answered nothing (204), {} when it accepted the
        action with an answer that is not an instance (the instance is read again).
        """
        method, path = ACTION_ROUTES.get(action, ('POST', '/instances/{id}/' + action))
        answer = self.request(method, path.format(id=instance_id), body or None)
        return answer if answer is None or is_instance(answer) else {}

    def read_billing(self, part: str) -> Dict[str, Any]:
        """A part of the account's billing ("summary", "usage"): a JSON object."""
        path = '/billing/%s' % part
        payload = self.request('GET', path)
        if not isinstance(payload, dict):
            raise ApiError('GET %s did not answer with an object' % path)
        return payload

    def request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        """Send one request, waiting for the rate window and trying again as retry_delay() allows; the payload."""
        attempt = 0
        while True:
            wait = self.window.take_slot(self.sleep, self.deadline)
            if wait is not None:
                raise OutOfTime('%s %s: the rate limit allows the next request in %.0f s, after the deadline' % (method, path, wait),
                                code='rate_limited', retry_after=wait)
            try:
                return self._send(method, path, body)
            except ApiError as error:
                delay = retry_delay(method, error, attempt, self.retries)
                if delay is None:
                    raise
                if not self.deadline.allows(delay):
                    raise OutOfTime.after(error, delay) from error
                if delay:
                    self.sleep(delay)
                if error.status != 429 or self.retries_429:
                    attempt += 1  # within a task's deadline, a rate limit is waited out, not counted against api_retries

    def _send(self, method: str, path: str, body: Optional[Mapping[str, Any]]) -> Any:
        """One HTTP exchange: the payload, or an ApiError that says what went wrong."""
        try:
            # verify per request: a session's verify=False loses to REQUESTS_CA_BUNDLE, which requests reads on every call
            # no redirect is followed: an action must not turn into a GET elsewhere, nor the key go to another host
            response = self.session.request(method, self.base_url + path, json=body, timeout=self.timeout,
                                            verify=self.validate_certs, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise ApiError('%s %s: the TLS connection failed (%s). If the API uses a private CA, give it with the '
                           'REQUESTS_CA_BUNDLE environment variable.' % (method, path, _first_line(exc)), code='tls_error') from exc
        except requests.exceptions.Timeout as exc:
            raise ApiError('%s %s got no answer within api_timeout (%ss)' % (method, path, self.timeout),
                           code='timeout', maybe_applied=method != 'GET') from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise ApiError('%s %s lost the connection or could not connect (%s)' % (method, path, type(exc).__name__),
                           code='connection_error', maybe_applied=method != 'GET') from exc
        except requests.exceptions.RequestException as exc:  # the request could not be made: nothing was sent
            raise ApiError('%s %s could not be sent (%s: %s)' % (method, path, type(exc).__name__, _first_line(exc)),
                           code='invalid_request') from exc
        finally:
            with self._count_lock:
                self.requests_sent += 1
        self.window.note(response.headers)
        return self._payload(method, path, response)

    def _payload(self, method: str, path: str, response: Any) -> Any:
        """The answer's payload without its envelope, or the API's error as an ApiError."""
        status = response.status_code
        try:
            body = response.json() if response.content.strip() else None
            parsed = True
        except ValueError:
            body, parsed = None, False
        if 300 <= status < 400:
            raise ApiError('%s %s: the API answered with a redirect (HTTP %d) to %s, which is not followed: check api_url'
                           % (method, path, status, response.headers.get('Location', 'no address')), status=status, code='redirect')
        if 200 <= status < 300:
            if not parsed and method == 'GET':
                raise ApiError('GET %s answered HTTP %d with a body that is not valid JSON' % (path, status), status=status)
            if self.profile.envelope and isinstance(body, dict) and self.profile.envelope in body:
                return body[self.profile.envelope]
            return body
        code, message, details = self.profile.parse_error(body) if parsed else (None, None, None)
        code, message = _text(code), _text(message)
        if not message:
            content_type = response.headers.get('Content-Type', 'unknown').split(';')[0]
            message = 'HTTP %d %s from %s %s (the response was not a JSON API error but %s)' % (
                status, response.reason or '', method, path, content_type)
        retry_after = None
        if status == 429:
            with self._count_lock:
                self.rate_limited += 1
            retry_after = self.window.after_429(response.headers, response.text)
        raise ApiError(message, status=status, code=code, details=details, maybe_applied=method != 'GET' and status >= 500,
                       retry_after=retry_after)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__

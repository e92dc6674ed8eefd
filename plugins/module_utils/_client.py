# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP client shared by every module and inventory plugin: the only place that knows URLs and verbs.

One requests.Session per task: bearer auth, a timeout on every request, the
provider's envelopes, the rate-limit window (_rate_window), and one retry
policy (retry_delay). Actions (POST, DELETE, PATCH) are never repeated here:
the reconcile loop re-reads the instance and plans again instead.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

try:
    import requests
except ImportError:  # pragma: no cover - reported by the module with missing_required_lib()
    requests = None  # type: ignore[assignment]

from ._profiles import Profile
from ._rate_window import RateWindow

COLLECTION_VERSION = '0.1.0'
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
    `retry_after` is the wait a 429 asked for (0: the rate window waits; None: it did not say).
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
    if error.status == 429:
        return error.retry_after if error.retry_after is not None else backoff(attempt)
    if method == 'GET' and is_transient(error):
        return backoff(attempt)
    return None


class Client:
    """Talks to one provider's API with one key."""

    def __init__(self, profile: Profile, api_key: str, api_url: str, timeout: float = 30, retries: int = 5,
                 validate_certs: bool = True, sleep: Optional[Callable[[float], None]] = None) -> None:
        self.profile = profile
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
        self.window = RateWindow()
        self._count_lock = threading.Lock()  # a client may serve several threads (the fleet modules)
        self.requests_sent = 0
        self.rate_limited = 0

    def list_instances(self) -> Tuple[Dict[str, Any], ...]:
        """Every instance the key can see."""
        payload = self.request('GET', '/instances')
        if not isinstance(payload, list):
            raise ApiError('GET /instances did not answer with a list of instances')
        return tuple(payload)

    def read_instance(self, instance_id: Any) -> Optional[Dict[str, Any]]:
        """The instance's details, or None when the API answers 404."""
        try:
            return self.request('GET', '/instances/%s' % instance_id)
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    def act(self, action: str, instance_id: Any, body: Optional[Mapping[str, Any]] = None) -> Any:
        """Send an action (create, update, delete, or a power action such as stop) on an instance; the answer."""
        method, path = ACTION_ROUTES.get(action, ('POST', '/instances/{id}/' + action))
        return self.request(method, path.format(id=instance_id), body or None)

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
            self.window.take_slot(self.sleep)
            try:
                return self._send(method, path, body)
            except ApiError as error:
                delay = retry_delay(method, error, attempt, self.retries)
                if delay is None:
                    raise
                if delay:
                    self.sleep(delay)
                attempt += 1

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

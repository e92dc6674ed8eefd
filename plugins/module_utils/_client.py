# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP client shared by every module and inventory plugin.

One requests.Session per task: bearer auth, a timeout on every request, the
provider's envelopes, rate limits respected before they bite, and retries where
a retry cannot do harm. Actions (POST, DELETE, PATCH) are never repeated here:
the runner re-reads the instance and plans again instead.
"""

from __future__ import annotations

import ipaddress
import random
import re
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

try:
    import requests
except ImportError:  # pragma: no cover - reported by the module with missing_required_lib()
    requests = None  # type: ignore[assignment]

from ._profiles import PROFILES, Profile

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'openclaw.hosting/%s (Ansible collection; +https://galaxy.ansible.com/ui/repo/published/openclaw/hosting/)' % COLLECTION_VERSION

RETRY_STATUSES = (500, 502, 503, 504)
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
RATE_LIMIT_WAIT_CAP = 120.0  # a reset further away than this is a clock problem, not a window
TRY_AGAIN = re.compile(r'try again in (\d+(?:\.\d+)?) seconds?', re.IGNORECASE)


class ApiError(Exception):
    """A failed API call: HTTP status, the API's code, message and details.

    `status` is None when no HTTP answer came back (connection, timeout).
    `maybe_applied` is True when a non-GET request may have been carried out
    although no success came back: the caller must re-read before deciding.
    """

    def __init__(self, message: str, status: Optional[int] = None, code: Optional[str] = None,
                 details: Optional[Dict[str, Any]] = None, maybe_applied: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details
        self.maybe_applied = maybe_applied

    def to_dict(self) -> Dict[str, Any]:
        """The structured form returned to the user as api_error."""
        return {'status': self.status, 'code': self.code, 'message': self.message, 'details': self.details}


def check_api_url(url: str) -> Optional[str]:
    """An error message when the URL is not https (or http on a loopback host), else None."""
    parts = urlsplit(url)
    if parts.scheme == 'https' and parts.hostname:
        return None
    if parts.scheme == 'http' and parts.hostname and _is_loopback(parts.hostname):
        return None
    return ('api_url must be an https:// URL (http:// is accepted only for loopback hosts such as '
            '127.0.0.1, ::1 and localhost), got %r' % url)


def connection_problems(profile: Profile, api_key: Any, api_url: str, api_timeout: int, where: str = '') -> List[str]:
    """What is wrong with the connection options, found before any request; `where` says where a key can be set."""
    problems = []
    if api_key is None or not str(api_key).strip():
        problems.append('api_key is %s (set it%s, or the %s environment variable)'
                        % ('not set' if api_key is None else 'empty', where, profile.env['api_key']))
    else:
        problems.extend('api_key begins with %s, the prefix of %s keys, but this is %s: give a %s key (%s)'
                        % (prefix, other.title, profile.title, profile.title, profile.env['api_key'])
                        for other in PROFILES.values() if other is not profile
                        for prefix in other.key_prefixes if str(api_key).strip().startswith(prefix))
    url_problem = check_api_url(api_url)
    if url_problem:
        problems.append(url_problem)
    if api_timeout < 1:
        problems.append('api_timeout must be at least 1 second')
    return problems


def _is_loopback(host: str) -> bool:
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _backoff(attempt: int) -> float:
    """Capped exponential backoff with full jitter."""
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)))


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
        self.session.headers.update({
            'Authorization': 'Bearer %s' % api_key,
            'Accept': 'application/json',
            'Content-Type': 'application/json',
            'User-Agent': USER_AGENT,
        })
        self.requests_sent = 0
        self.rate_limited = 0
        # the rate-limit window as the last answers announced it; a client may serve several threads (the fleet modules)
        self._lock = threading.Lock()
        self._limit: Optional[int] = None
        self._remaining: Optional[int] = None
        self._reset_at: Optional[float] = None

    def get(self, path: str) -> Any:
        """GET a resource; the payload without its envelope."""
        return self.request('GET', path)

    def request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        """Send one request, with the waits and retries that are safe for its method."""
        url = self.base_url + path
        attempt = 0
        while True:
            self._take_slot()
            try:
                # verify per request: a session's verify=False loses to REQUESTS_CA_BUNDLE, which requests reads on every call
                response = self.session.request(method, url, json=body, timeout=self.timeout, verify=self.validate_certs)
            except requests.exceptions.SSLError as exc:
                raise ApiError('%s %s: the TLS connection failed (%s). If the API uses a private CA, give it with the '
                               'REQUESTS_CA_BUNDLE environment variable.' % (method, path, _first_line(exc)), code='tls_error') from exc
            except requests.exceptions.RequestException as exc:
                error = self._transport_error(method, path, exc)
                if method == 'GET' and attempt < self.retries:
                    self.sleep(_backoff(attempt))
                    attempt += 1
                    continue
                raise error from exc
            finally:
                with self._lock:
                    self.requests_sent += 1
            self._note_rate_limit(response)
            if response.status_code == 429 and attempt < self.retries:
                with self._lock:
                    self.rate_limited += 1
                wait = self._rate_limit_wait(response, attempt)
                if wait:
                    self.sleep(wait)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and method == 'GET' and attempt < self.retries:
                self.sleep(_backoff(attempt))
                attempt += 1
                continue
            try:
                return self._payload(method, path, response)
            except ApiError as error:
                # a 2xx GET whose body was cut short is worth reading again
                if method == 'GET' and error.status is not None and error.status < 300 and attempt < self.retries:
                    self.sleep(_backoff(attempt))
                    attempt += 1
                    continue
                raise

    def _transport_error(self, method: str, path: str, exc: Exception) -> ApiError:
        if isinstance(exc, requests.exceptions.Timeout):
            what, code = 'got no answer within api_timeout (%ss)' % self.timeout, 'timeout'
        else:
            what, code = 'lost the connection or could not connect (%s)' % type(exc).__name__, 'connection_error'
        return ApiError('%s %s %s' % (method, path, what), code=code, maybe_applied=method != 'GET')

    def _payload(self, method: str, path: str, response: Any) -> Any:
        status = response.status_code
        try:
            body = response.json() if response.content.strip() else None
            parsed = True
        except ValueError:
            body, parsed = None, False
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
        maybe_applied = method != 'GET' and status >= 500
        raise ApiError(message, status=status, code=code, details=details, maybe_applied=maybe_applied)

    def _note_rate_limit(self, response: Any) -> None:
        """Remember what the answer says is left of the window; answers of one window may arrive out of order."""
        limit = _number(response.headers.get('X-RateLimit-Limit'))
        remaining = _number(response.headers.get('X-RateLimit-Remaining'))
        reset = _number(response.headers.get('X-RateLimit-Reset'))
        with self._lock:
            if remaining is None or not reset:
                self._limit, self._remaining, self._reset_at = None, None, None
                return
            self._limit = int(limit) if limit is not None else None
            if self._reset_at is not None and reset < self._reset_at:
                return  # the answer to a request of a window that has ended
            if self._remaining is not None and self._reset_at in (None, reset):
                self._remaining = min(self._remaining, int(remaining))  # this window, as counted here so far
            else:
                self._remaining = int(remaining)
            self._reset_at = reset

    def _take_slot(self) -> None:
        """Count the next request against the window, or wait for the next window when this one is used up.

        Requests still in flight (of other threads sharing the client: the fleet modules) are
        counted too, so they do not provoke a 429 either.
        """
        while True:
            with self._lock:
                now = time.time()
                if self._reset_at is not None and self._reset_at <= now:
                    self._remaining, self._reset_at = self._limit, None  # a new window, whole until its first answer
                if self._remaining is None or self._remaining > 0 or self._reset_at is None:  # else: used up until reset
                    if self._remaining:
                        self._remaining -= 1
                    return
                delay = min(self._reset_at - now, RATE_LIMIT_WAIT_CAP)
            self.sleep(delay + random.uniform(0.05, 0.5))

    def _rate_limit_wait(self, response: Any, attempt: int) -> float:
        """Seconds to wait after a 429 (none when the window's reset is known: the next request waits for it).

        Else Retry-After, else the message's "try again in N seconds", else backoff.
        """
        reset = _number(response.headers.get('X-RateLimit-Reset'))
        if reset:
            with self._lock:
                self._remaining, self._reset_at = 0, reset
            return 0.0
        retry_after = _retry_after(response.headers.get('Retry-After'))
        if retry_after is not None:
            return min(retry_after, RATE_LIMIT_WAIT_CAP)
        match = TRY_AGAIN.search(response.text or '')
        if match:
            return min(float(match.group(1)), RATE_LIMIT_WAIT_CAP)
        return _backoff(attempt)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _number(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: either a number or an HTTP date."""
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def read_instance(client: Client, instance_id: Any) -> Optional[Dict[str, Any]]:
    """The instance's details, or None when the API answers 404."""
    try:
        return client.get('/instances/%s' % instance_id)
    except ApiError as error:
        if error.status == 404:
            return None
        raise


def read_object(client: Client, path: str) -> Dict[str, Any]:
    """A resource that must be a JSON object."""
    payload = client.get(path)
    if not isinstance(payload, dict):
        raise ApiError('GET %s did not answer with an object' % path)
    return payload


def list_instances(client: Client) -> Tuple[Dict[str, Any], ...]:
    """Every instance the key can see."""
    payload = client.get('/instances')
    if not isinstance(payload, list):
        raise ApiError('GET /instances did not answer with a list of instances')
    return tuple(payload)

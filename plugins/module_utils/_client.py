# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API client shared by every module, inventory plugin and event source: the only place that knows URLs and verbs.

Bearer auth, a timeout on every request, the provider's envelopes, the checks of every answer's shape, the rate-limit
window (_rate_window), and one retry policy (_retry), all within one deadline. Requests go out through a transport
(_transport) and every wait is on a clock (_clock): the real ones unless others are given.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, Mapping, Optional, Tuple

from ._clock import REAL_CLOCK, Clock
from ._deadline import DEFAULT_WAIT_TIMEOUT, Deadline
from ._errors import ApiError, OutOfTime, is_instance
from ._profile import Profile
from ._rate_state import state_file
from ._rate_window import RateWindow
from ._retry import retry_delay
from ._transport import HttpTransport, NoAnswer, Response, Transport
from ._version import COLLECTION_VERSION

USER_AGENT = 'openclaw.hosting/%s (Ansible collection; +https://galaxy.ansible.com/ui/repo/published/openclaw/hosting/)' % COLLECTION_VERSION

# the API's verbs and paths of an action on an instance; any other action is POST /instances/<id>/<action>
ACTION_ROUTES = {'create': ('POST', '/instances'), 'update': ('PATCH', '/instances/{id}'), 'delete': ('DELETE', '/instances/{id}')}
NOT_FOUND = object()  # what read() returns for a 404: distinct from any payload, null included
NO_ANSWER = {  # NoAnswer's code -> the message of the ApiError it becomes
    'tls_error': '{request}: the TLS connection failed ({detail}). If the API uses a private CA, give it with the '
                 'REQUESTS_CA_BUNDLE environment variable.',
    'timeout': '{request} got no answer within api_timeout ({timeout}s)',
    'connection_error': '{request} lost the connection or could not connect ({detail})',
    'invalid_request': '{request} could not be sent ({detail})',
}


class Client:
    """Talks to one provider's API with one key, within a deadline (the task's; else DEFAULT_WAIT_TIMEOUT from now on
    `clock`): no wait (for the rate limit, before a retry) that would pass it is begun."""

    def __init__(self, profile: Profile, api_key: str, api_url: str, timeout: float = 30, retries: int = 5,
                 validate_certs: bool = True, deadline: Optional[Deadline] = None, clock: Clock = REAL_CLOCK,
                 transport: Optional[Transport] = None) -> None:
        self.profile = profile
        self.deadline = deadline or Deadline(DEFAULT_WAIT_TIMEOUT, clock)  # no client waits without end
        self.clock = self.deadline.clock
        self.retries_429 = deadline is None  # without a task's deadline to wait them out in, 429s count as retries
        self.base_url = api_url.rstrip('/')
        self.timeout = timeout
        self.retries = retries
        self.transport = transport or HttpTransport(validate_certs)
        self.headers = {'Authorization': 'Bearer %s' % api_key.strip(), 'Accept': 'application/json',
                        'User-Agent': USER_AGENT}
        # shared by every process of this key and URL: the rate window, and the list of _fresh_list
        self.state_file, problem = state_file(self.base_url, api_key.strip(), self.clock)
        self.window = RateWindow(self.state_file, problem, self.clock)
        self._count_lock = threading.Lock()  # a client may serve several threads (the fleet modules)
        self.requests_sent = 0
        self.rate_limited = 0

    def __repr__(self) -> str:
        return 'Client(%s, %s, <key hidden>)' % (self.profile.name, self.base_url)

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
        payload = self.read(path)
        if payload is NOT_FOUND:
            return None
        if not is_instance(payload):
            raise ApiError('GET %s did not answer with an instance (an object with an id)' % path, status=200, code='bad_answer')
        flags = [action.flag for action in self.profile.lifecycle.actions if action.flag]
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

    def read(self, path: str) -> Any:
        """GET something that may not exist: its payload, or NOT_FOUND when the API answers 404."""
        try:
            return self.request('GET', path)
        except ApiError as error:
            if error.status == 404:
                return NOT_FOUND
            raise

    def read_billing(self, part: str) -> Dict[str, Any]:
        """A part of the account's billing ("summary", "usage"): a JSON object."""
        path = '/billing/%s' % part
        payload = self.request('GET', path)
        if not isinstance(payload, dict):
            raise ApiError('GET %s did not answer with an object' % path)
        return payload

    def request(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None, upload: Optional[Tuple[bytes, str]] = None,
                raw: bool = False) -> Any:
        """Send one request, waiting for the rate window and trying again as retry_delay() allows; the payload.

        `body` goes as JSON; `upload` (bytes, their content type) instead of it, as they are. With `raw`, a success's
        body is returned as bytes (a download) rather than read as JSON."""
        attempt = 0
        while True:
            wait = self.window.take_slot(self.deadline)
            if wait is not None:
                raise OutOfTime('%s %s: the rate limit allows the next request in %.0f s, after the deadline' % (method, path, wait),
                                code='rate_limited', retry_after=wait)
            try:
                return self._send(method, path, body, upload, raw)
            except ApiError as error:
                delay = retry_delay(method, error, attempt, self.retries)
                if delay is None:
                    raise
                if not self.deadline.allows(delay):
                    raise OutOfTime.after(error, delay) from error
                if delay:
                    self.clock.sleep(delay)
                if error.status != 429 or self.retries_429:
                    attempt += 1  # within a task's deadline, a rate limit is waited out, not counted against api_retries

    def _send(self, method: str, path: str, body: Optional[Mapping[str, Any]], upload: Optional[Tuple[bytes, str]],
              raw: bool) -> Any:
        """One HTTP exchange: the payload, or an ApiError that says what went wrong."""
        data, content_type = upload or (None if body is None else json.dumps(body).encode(), 'application/json')
        sent = self.clock.time()
        try:
            response = self.transport(method, self.base_url + path, dict(self.headers, **{'Content-Type': content_type}),
                                      data, self.timeout)
        except NoAnswer as exc:
            self.window.note(sent)  # no answer will tell the window: the requests held back for this one may go
            message = NO_ANSWER[exc.code].format(request='%s %s' % (method, path), detail=exc.detail, timeout=self.timeout)
            raise ApiError(message, code=exc.code, maybe_applied=method != 'GET' and exc.code in ('timeout', 'connection_error')) from exc
        finally:
            with self._count_lock:
                self.requests_sent += 1
        self.window.note(sent, response.status, response.headers)
        if raw and 200 <= response.status < 300:
            return response.body
        return self._payload(method, path, response)

    def _payload(self, method: str, path: str, response: Response) -> Any:
        """The answer's payload without its envelope, or the API's error as an ApiError."""
        status = response.status
        try:
            body = json.loads(response.body) if response.body.strip() else None
            parsed = True
        except ValueError:
            body, parsed = None, False
        if 300 <= status < 400:
            raise ApiError('%s %s: the API answered with a redirect (HTTP %d) to %s, which is not followed: check api_url'
                           % (method, path, status, response.headers.get('Location', 'no address')), status=status, code='redirect')
        if 200 <= status < 300:
            if not parsed and method == 'GET':
                raise ApiError('GET %s answered HTTP %d with a body that is not valid JSON' % (path, status), status=status)
            if self.profile.wire.envelope and isinstance(body, dict) and self.profile.wire.envelope in body:
                return body[self.profile.wire.envelope]
            return body
        code, message, details = self.profile.wire.parse_error(body) if parsed else (None, None, None)
        code, message = _text(code), _text(message)
        if not message:
            content_type = response.headers.get('Content-Type', 'unknown').split(';')[0]
            message = 'HTTP %d %s from %s %s (the response was not a JSON API error but %s)' % (
                status, response.reason, method, path, content_type)
        retry_after = None
        if status == 429:
            with self._count_lock:
                self.rate_limited += 1
            retry_after = self.window.after_429(response.headers, response.body.decode('utf-8', 'replace'))
        raise ApiError(message, status=status, code=code, details=details, maybe_applied=method != 'GET' and status >= 500,
                       retry_after=retry_after)


def _text(value: Any) -> Optional[str]:
    """An error's code or message as text, whatever JSON type the API gave it."""
    return value if value is None or isinstance(value, str) else json.dumps(value)[:500]

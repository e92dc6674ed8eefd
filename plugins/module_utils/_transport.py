# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport: the one seam through which a request goes out, `(method, url, headers, body, timeout) -> Response`.

The real one is HTTP with requests: the headers as given (no ~/.netrc, no URL, no redirect can put another
Authorization there or send the key elsewhere), certificates checked per request, no redirect followed. A request that
gets no HTTP answer raises NoAnswer, saying whether it may have reached the API. Tests give the simulator's request
handlers instead, in process.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Mapping, NamedTuple, Optional, Tuple

try:
    import requests
except ImportError:  # pragma: no cover - reported by the module with missing_required_lib()
    requests = None  # type: ignore[assignment]


class Response(NamedTuple):
    """An HTTP answer: its status, reason phrase, headers (names in any case) and body."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class NoAnswer(Exception):
    """No HTTP answer came back. `code`: tls_error, timeout, connection_error (these may have reached the API), or
    invalid_request (nothing was sent); `detail` says what happened, in a few words."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


Transport = Callable[[str, str, Mapping[str, str], Optional[bytes], float], Response]


class KeptAuthorization:
    """requests' auth hook: the Authorization header as the caller gave it, so that neither ~/.netrc nor a user:password
    in the URL can put another there."""

    def __init__(self, value: Optional[str]) -> None:
        self._value = value

    def __call__(self, request: Any) -> Any:
        if self._value is not None:
            request.headers['Authorization'] = self._value
        return request

    def __repr__(self) -> str:
        return 'KeptAuthorization(<hidden>)'


class HttpTransport:
    """HTTP with one requests.Session (its connections reused by every request of a task)."""

    def __init__(self, validate_certs: bool = True) -> None:
        self.session = requests.Session()
        self.validate_certs = validate_certs

    def __call__(self, method: str, url: str, headers: Mapping[str, str], body: Optional[bytes], timeout: float) -> Response:
        try:
            # verify per request: a session's verify=False loses to REQUESTS_CA_BUNDLE, which requests reads on every call
            response = self.session.request(method, url, data=body, headers=dict(headers), timeout=timeout,
                                            auth=KeptAuthorization(headers.get('Authorization')),
                                            verify=self.validate_certs, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise NoAnswer('tls_error', first_line(exc)) from exc
        except requests.exceptions.Timeout as exc:
            raise NoAnswer('timeout', type(exc).__name__) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise NoAnswer('connection_error', type(exc).__name__) from exc
        except requests.exceptions.RequestException as exc:  # the request could not be made: nothing was sent
            raise NoAnswer('invalid_request', '%s: %s' % (type(exc).__name__, first_line(exc))) from exc
        return Response(response.status_code, response.reason or '', response.headers, response.content)


def first_line(exc: Exception) -> str:
    """An exception's first line, shortened."""
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def multipart(fields: Mapping[str, str], file_field: str, filename: str, data: bytes) -> Tuple[bytes, str]:
    """A multipart/form-data body of text fields and one file: (the body, its Content-Type)."""
    boundary = 'openclaw-hosting-' + uuid.uuid4().hex
    parts = [b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary.encode(), name.encode(), value.encode())
             for name, value in fields.items()]
    parts.append(b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: application/octet-stream'
                 b'\r\n\r\n%s\r\n' % (boundary.encode(), file_field.encode(), filename.replace('"', '').encode(), data))
    return b''.join(parts) + b'--%s--\r\n' % boundary.encode(), 'multipart/form-data; boundary=%s' % boundary

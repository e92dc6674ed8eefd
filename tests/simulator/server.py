"""The simulator's plumbing: auth, rate limits, fault injection, request log, control API; and its HTTP server.

API requests go to a provider model by base path. The control API under /_sim/
lets tests set the scene (accounts, instances, timings, limits, faults) and read
back the requests that were served, so they can assert how many calls a task made.

Simulator.serve() answers one request as data (an Answer) on the simulator's clock: the HTTP server writes it to a
socket in real time, and tests call it in process on a virtual clock (inprocess.py).
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import hashlib
import json
import math
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from . import chowder, clawhosters
from .clock import RealClock

PROVIDERS = {'clawhosters': clawhosters, 'chowder': chowder}

HTML_502 = b'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n'


class RateLimiter:
    """A fixed window of `limit` requests per `window` seconds for each key, from its first request (or, `aligned`,
    from the last multiple of `window` on the API's clock).

    `clock_skew`: how many seconds the API's clock is ahead of the controller's (negative: behind); its
    X-RateLimit-Reset and Date headers are instants on that clock.
    """

    def __init__(self, limit=100, window=60.0, headers=True, retry_after=False, clock_skew=0.0, aligned=False):
        self.limit = int(limit)
        self.window = float(window)
        self.aligned = aligned  # windows set by the API's clock (every `window` s from the epoch), not by a first request
        self.headers = headers
        self.retry_after = retry_after
        self.clock_skew = float(clock_skew)
        self.windows = {}  # key -> [window end, count]
        self.lock = threading.Lock()

    def take(self, key, now):
        """Count one request at `now`; returns (allowed, headers, seconds until the window ends)."""
        with self.lock:
            end, count = self.windows.get(key, (0.0, 0))
            if now >= end:
                start = (now + self.clock_skew) // self.window * self.window - self.clock_skew if self.aligned else now
                end, count = start + self.window, 0
            allowed = count < self.limit
            if allowed:
                count += 1
            self.windows[key] = (end, count)
        headers = {}
        if self.headers:
            headers = {
                'X-RateLimit-Limit': str(self.limit),
                'X-RateLimit-Remaining': str(self.limit - count),
                'X-RateLimit-Reset': str(math.ceil(end + self.clock_skew)),
            }
        if not allowed and self.retry_after:
            headers['Retry-After'] = str(math.ceil(end - now))
        return allowed, headers, math.ceil(end - now)


class Fault:
    """One injected failure: which requests it hits, how, and how many times."""

    KINDS = ('error', 'html', 'invalid_json', 'truncate', 'drop', 'slow', 'answer')

    def __init__(self, spec):
        self.kind = spec['kind']
        if self.kind not in self.KINDS:
            raise ValueError('unknown fault kind %r' % self.kind)
        self.method = spec.get('method')
        self.path = re.compile(spec.get('path', '.*'))
        self.phase = spec.get('phase', 'before')  # before or after the model acts
        self.status = int(spec.get('status', 502 if self.kind == 'html' else 500))
        self.delay = float(spec.get('delay', 0))
        self.count = spec.get('count', 1)  # None: every matching request
        self.skip = int(spec.get('skip', 0))  # let this many matching requests through first
        # 'answer': this status, body (JSON, or raw text given as {"raw": "..."}) and headers instead of the model's
        self.body = spec.get('body')
        self.headers = dict(spec.get('headers') or {})
        if self.kind == 'answer':
            self.status = int(spec.get('status', 200))

    def matches(self, method, path, phase):
        """Whether this fault hits the request at this phase."""
        return (self.count is None or self.count > 0) and phase == self.phase \
            and self.method in (None, method) and self.path.search(path) is not None

    def spend(self):
        """Use up one application; False while matching requests are still being let through."""
        if self.skip:
            self.skip -= 1
            return False
        if self.count is not None:
            self.count -= 1
        return True


class Answer(NamedTuple):
    """What the simulator answers to one request. `body` is JSON, bytes, or None; `cut`: only the first half of the
    body is sent, then the connection is closed; `drop`: the connection is closed without an answer."""

    status: int
    body: Any = None
    headers: Any = None
    content_type: str = 'application/json'
    cut: bool = False
    drop: bool = False

    def payload(self):
        """The body as bytes."""
        return b'' if self.body is None else (self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode())


class Simulator:
    """State shared by every request: the provider models, limits, faults, the log, and the clock they run on."""

    def __init__(self, clock=None):
        self.clock = clock or RealClock()
        self.models = {'clawhosters': clawhosters.ClawHosters(self.clock), 'chowder': chowder.Chowder(self.clock)}
        self.rate_limit = RateLimiter()
        self.faults = []
        self.requests = []
        self.lock = threading.Lock()

    def reset(self, config):
        """Replace the whole scene; returns the ids created per provider and key.

        `timings` are ClawHosters timings; `chowder_timings` Chowder's; `billing` ClawHosters account balances.
        """
        with self.lock:
            self.rate_limit = RateLimiter(**config.get('rate_limit', {}))
            self.faults = [Fault(spec) for spec in config.get('faults', [])]
            self.requests = []
        return {
            'clawhosters': self.models['clawhosters'].reset(config.get('clawhosters', {}), config.get('timings'), config.get('billing')),
            'chowder': self.models['chowder'].reset(config.get('chowder', {}), config.get('chowder_timings')),
        }

    def take_fault(self, method, path, phase):
        """The first fault that hits this request, used up; or None."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path, phase) and fault.spend():
                    return fault
        return None

    def log(self, entry):
        """Record one served API request."""
        with self.lock:
            self.requests.append(entry)

    def date(self):
        """The Date header now, on the API's clock (see RateLimiter.clock_skew)."""
        return email.utils.formatdate(self.clock.time() + self.rate_limit.clock_skew, usegmt=True)

    def control(self, method, path, body):
        """The test-facing control API (`path` after /_sim); returns (HTTP status, JSON body)."""
        body = body or {}
        match = re.match(r'^/(?P<provider>[a-z]+)/instances(?:/(?P<id>[^/]+))?$', path)
        model = self.models.get(match.group('provider')) if match else None
        if (method, path) == ('POST', '/reset'):
            return 200, self.reset(body)
        if model and method == 'POST' and not match.group('id'):
            return 201, model.add(body.pop('api_key'), body)
        if model and method == 'PATCH' and match.group('id'):
            found = model.patch(match.group('id'), body)
            return (200 if found else 404), found
        if (method, path) == ('PATCH', '/clawhosters/billing'):
            found = self.models['clawhosters'].patch_billing(body.get('api_key'), body)
            return (200 if found else 404), found
        if (method, path) == ('GET', '/chowder/organizations'):
            return 200, self.models['chowder'].control_org()
        if model and method == 'GET' and not match.group('id'):
            return 200, {'instances': model.snapshot()}
        with self.lock:
            if (method, path) == ('POST', '/faults'):
                self.faults.extend(Fault(spec) for spec in body.get('faults', []))
                return 200, {'faults': len(self.faults)}
            if (method, path) == ('GET', '/requests'):
                return 200, {'count': len(self.requests), 'requests': list(self.requests)}
            if (method, path) == ('DELETE', '/requests'):
                self.requests = []
                return 200, {'count': 0}
        return 404, {'detail': 'unknown control endpoint %s %s' % (method, path)}

    def serve(self, method, target, headers, body):
        """Answer one API request (`target`: its path and query) to a provider, by base path."""
        path = target.split('?', 1)[0]
        for name, provider in PROVIDERS.items():
            if path == provider.BASE_PATH or path.startswith(provider.BASE_PATH + '/'):
                return self.api(method, target, path[len(provider.BASE_PATH):], headers, body, name)
        return Answer(404, {'detail': 'Not Found'})

    def api(self, method, target, path, headers, body, name):
        """Serve one provider request through auth, rate limit, faults and the model.

        The log entry's `status` is what the client was sent (None: nothing), `handled`
        the model's own answer (None: the model never saw the request).
        """
        model, make_error = self.models[name], PROVIDERS[name].error
        auth = headers.get('Authorization', '')
        key = account_key(model, auth[len('Bearer '):] if auth.startswith('Bearer ') else None)
        entry = {'time': self.clock.time(), 'method': method, 'path': target, 'status': None, 'handled': None, 'fault': None,
                 'user_agent': headers.get('User-Agent'), 'content_type': headers.get('Content-Type')}
        self.log(entry)
        if not key or not model.knows(key):
            entry['status'] = 401
            return Answer(*make_error(401, 'unauthorized', 'Invalid or missing API key'))
        allowed, limits, wait = self.rate_limit.take(key, self.clock.time()) if model.rate_limited else (True, {}, 0)
        if not allowed:
            entry['status'] = 429
            return Answer(*make_error(429, 'rate_limit_exceeded', 'Rate limit exceeded. Try again in %d seconds.' % wait), limits)
        answer = self.inject(method, path, 'before', entry, limits, make_error)
        if answer:
            return answer
        status, body = model.handle(method, path, key, body, dict(parse_qsl(urlsplit(target).query)))
        entry['status'] = entry['handled'] = status
        return self.inject(method, path, 'after', entry, limits, make_error, status, body) or Answer(
            status, body, limits, content_type='application/octet-stream' if isinstance(body, bytes) else 'application/json')

    def inject(self, method, path, phase, entry, headers, make_error, status=200, body=None):
        """Apply a matching fault: the answer it makes, or None when it has not taken over the answer."""
        fault = self.take_fault(method, path, phase)
        if fault is None:
            return None
        entry['fault'] = '%s/%s' % (fault.kind, phase)
        if fault.kind == 'slow':
            self.clock.sleep(fault.delay)
            return None
        if fault.kind == 'drop':
            entry['status'] = None
            return Answer(0, drop=True)
        if fault.kind in ('answer', 'error', 'html'):
            entry['status'] = fault.status
        if fault.kind == 'answer':
            raw = fault.body.get('raw') if isinstance(fault.body, dict) and set(fault.body) == {'raw'} else None
            return Answer(fault.status, raw.encode() if isinstance(raw, str) else fault.body, dict(headers, **fault.headers))
        if fault.kind == 'error':
            return Answer(*make_error(fault.status, 'internal_server_error', 'Internal server error'), headers)
        if fault.kind == 'html':
            return Answer(fault.status, HTML_502, headers, content_type='text/html')
        if fault.kind == 'invalid_json':
            return Answer(status, b'{"id": 1, "status": ', headers)
        return Answer(status, body, headers, cut=True)  # truncate


class Handler(BaseHTTPRequestHandler):
    """Serves the simulator over HTTP: control requests and API requests."""

    protocol_version = 'HTTP/1.1'
    server_version = 'openclaw-simulator/1'

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Keep the console quiet: the request log is the record."""

    def date_time_string(self, timestamp=None):
        """The Date header, on the API's clock."""
        return self.server.sim.date()

    def do_GET(self):  # pylint: disable=invalid-name
        """Serve a GET."""
        self.dispatch('GET')

    def do_POST(self):  # pylint: disable=invalid-name
        """Serve a POST."""
        self.dispatch('POST')

    def do_DELETE(self):  # pylint: disable=invalid-name
        """Serve a DELETE."""
        self.dispatch('DELETE')

    def do_PATCH(self):  # pylint: disable=invalid-name
        """Serve a PATCH."""
        self.dispatch('PATCH')

    def do_PUT(self):  # pylint: disable=invalid-name
        """Serve a PUT."""
        self.dispatch('PUT')

    def dispatch(self, method):
        """Send the request to the control API or to a provider."""
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        if self.path.startswith('/_sim/') and self.control_refused(raw):
            return
        try:
            body = decode_body(raw, self.headers.get('Content-Type', ''))
        except ValueError:
            self.send(Answer(400, {'detail': 'request body is not JSON'}))
            return
        if self.path.startswith('/_sim/'):
            self.send(Answer(*self.server.sim.control(method, self.path.split('?', 1)[0][len('/_sim'):], body)))
        else:
            answer = self.server.sim.serve(method, self.path, self.headers, body)
            self.server.record(method, self.path, None if answer.drop else answer.status)
            self.send(answer)

    def control_refused(self, raw):
        """Refuse a control request a web page could have sent (the scene is the user's): any with an Origin header,
        and any with a body that is not JSON by its content type, which a cross-origin form or fetch can send without
        asking first."""
        if self.headers.get('Origin') is not None:
            self.send(Answer(403, {'detail': 'the control API takes no request from a web page (Origin header)'}))
            return True
        if raw.strip() and not self.headers.get('Content-Type', '').split(';')[0].strip().lower() == 'application/json':
            self.send(Answer(415, {'detail': 'the control API takes JSON bodies only (Content-Type: application/json)'}))
            return True
        return False

    def send(self, answer):
        """Write an answer (or drop the connection, or cut the body short)."""
        if answer.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        payload = answer.payload()
        self.send_response(answer.status)
        self.send_header('Content-Type', answer.content_type)
        self.send_header('Content-Length', str(len(payload)))
        for name, value in (answer.headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if answer.cut:
            self.wfile.write(payload[:len(payload) // 2])
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.wfile.write(payload)


def decode_body(raw, content_type):
    """A request's body: JSON, or the fields of a multipart/form-data upload ({name: text, or bytes for a file});
    ValueError when it is neither."""
    if content_type.startswith('multipart/form-data'):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b'Content-Type: ' + content_type.encode() + b'\r\n\r\n' + raw)
        if not message.is_multipart():
            raise ValueError('not a multipart body')
        return {part.get_param('name', header='content-disposition'):
                part.get_payload(decode=True) if part.get_filename() else part.get_payload(decode=True).decode()
                for part in message.iter_parts()}
    return json.loads(raw) if raw.strip() else None


def account_key(model, key):
    """The account a bearer key opens: the key itself, or the scene's "sha256:<hex>" of it.

    Scenes may name accounts by the SHA-256 of their key, as real APIs store them, so
    that a test's scene never carries a key in clear.
    """
    if key is None or model.knows(key):
        return key
    hashed = 'sha256:' + hashlib.sha256(key.encode()).hexdigest()
    return hashed if model.knows(hashed) else key


class SimulatorServer(ThreadingHTTPServer):
    """The threaded HTTP server of one Simulator (a new one unless given); HTTPS when given a certificate and its key."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address=('127.0.0.1', 0), certfile=None, keyfile=None, sim=None, log=None):
        self.log_file = log  # a text file, or None (set first: a failed bind closes the server at once)
        self.log_lock = threading.Lock()
        super().__init__(address, Handler)
        self.sim = sim or Simulator()
        self.scheme = 'http'
        if certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = 'https'

    def record(self, method, path, status):
        """Append one served API request to the --log file, if any: UTC time, method, path, status ("-": none was
        sent). Headers are never written, so neither is a key."""
        if self.log_file:
            with self.log_lock:
                moment = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
                self.log_file.write('%s %s %s %s\n' % (moment, method, path, '-' if status is None else status))

    def server_close(self):
        """Close the socket and the --log file."""
        super().server_close()
        if self.log_file:
            self.log_file.close()

    @property
    def url(self):
        """The root URL, e.g. http://127.0.0.1:8000."""
        host, port = self.server_address[:2]
        return '%s://%s:%d' % (self.scheme, host, port)

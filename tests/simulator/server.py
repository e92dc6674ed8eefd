"""HTTP plumbing of the simulator: auth, rate limits, fault injection, request log, control API.

API requests go to a provider model by base path. The control API under /_sim/
lets tests set the scene (accounts, instances, timings, limits, faults) and read
back the requests that were served, so they can assert how many calls a task made.
"""

from __future__ import annotations

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

from . import chowder, clawhosters

PROVIDERS = {'clawhosters': clawhosters, 'chowder': chowder}

HTML_502 = b'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n'


class RateLimiter:
    """A fixed window of `limit` requests per `window` seconds for each key.

    `clock_skew`: how many seconds the API's clock is ahead of the controller's (negative: behind); its
    X-RateLimit-Reset and Date headers are instants on that clock.
    """

    def __init__(self, limit=100, window=60.0, headers=True, retry_after=False, clock_skew=0.0):
        self.limit = int(limit)
        self.window = float(window)
        self.headers = headers
        self.retry_after = retry_after
        self.clock_skew = float(clock_skew)
        self.windows = {}  # key -> [window end, count]
        self.lock = threading.Lock()

    def take(self, key):
        """Count one request; returns (allowed, headers)."""
        now = time.time()
        with self.lock:
            end, count = self.windows.get(key, (0.0, 0))
            if now >= end:
                end, count = now + self.window, 0
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


class Simulator:
    """State shared by every request: the provider models, limits, faults, the log."""

    def __init__(self):
        self.models = {'clawhosters': clawhosters.ClawHosters(), 'chowder': chowder.Chowder()}
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


class Handler(BaseHTTPRequestHandler):
    """Routes control requests and API requests."""

    protocol_version = 'HTTP/1.1'
    server_version = 'openclaw-simulator/1'

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Keep the console quiet: the request log is the record."""

    def date_time_string(self, timestamp=None):
        """The Date header, on the API's clock (see RateLimiter.clock_skew)."""
        return email.utils.formatdate((time.time() if timestamp is None else timestamp) + self.sim.rate_limit.clock_skew,
                                      usegmt=True)

    @property
    def sim(self):
        """The shared simulator state."""
        return self.server.sim

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

    def read_json(self):
        """The request body as JSON, or None when there is none."""
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        return json.loads(raw) if raw.strip() else None

    def send(self, status, body, headers=None, content_type='application/json'):
        """Send a complete response."""
        payload = b'' if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def dispatch(self, method):
        """Send the request to the control API or to a provider."""
        path = self.path.split('?', 1)[0]
        try:
            body = self.read_json()
        except ValueError:
            self.send(400, {'detail': 'request body is not JSON'})
            return
        if path.startswith('/_sim/'):
            self.control(method, path[len('/_sim'):], body)
            return
        for name, provider in PROVIDERS.items():
            if path == provider.BASE_PATH or path.startswith(provider.BASE_PATH + '/'):
                self.api(method, path[len(provider.BASE_PATH):], body, self.sim.models[name], provider.error)
                return
        self.send(404, {'detail': 'Not Found'})

    def control(self, method, path, body):
        """The test-facing control API."""
        sim = self.sim
        body = body or {}
        match = re.match(r'^/(?P<provider>[a-z]+)/instances(?:/(?P<id>[^/]+))?$', path)
        model = sim.models.get(match.group('provider')) if match else None
        if (method, path) == ('POST', '/reset'):
            self.send(200, sim.reset(body))
        elif model and method == 'POST' and not match.group('id'):
            self.send(201, model.add(body.pop('api_key'), body))
        elif model and method == 'PATCH' and match.group('id'):
            found = model.patch(match.group('id'), body)
            self.send(200 if found else 404, found)
        elif (method, path) == ('PATCH', '/clawhosters/billing'):
            found = sim.models['clawhosters'].patch_billing(body.get('api_key'), body)
            self.send(200 if found else 404, found)
        elif model and method == 'GET' and not match.group('id'):
            self.send(200, {'instances': model.snapshot()})
        elif (method, path) == ('POST', '/faults'):
            with sim.lock:
                sim.faults.extend(Fault(spec) for spec in body.get('faults', []))
            self.send(200, {'faults': len(sim.faults)})
        elif (method, path) == ('GET', '/requests'):
            with sim.lock:
                served = list(sim.requests)
            self.send(200, {'count': len(served), 'requests': served})
        elif (method, path) == ('DELETE', '/requests'):
            with sim.lock:
                sim.requests = []
            self.send(200, {'count': 0})
        else:
            self.send(404, {'detail': 'unknown control endpoint %s %s' % (method, path)})

    def api(self, method, path, body, model, make_error):
        """Serve one provider request through auth, rate limit, faults and the model.

        The log entry's `status` is what the client was sent (None: nothing), `handled`
        the model's own answer (None: the model never saw the request).
        """
        auth = self.headers.get('Authorization', '')
        key = account_key(model, auth[len('Bearer '):] if auth.startswith('Bearer ') else None)
        entry = {'time': time.time(), 'method': method, 'path': self.path, 'status': None, 'handled': None, 'fault': None,
                 'user_agent': self.headers.get('User-Agent'), 'content_type': self.headers.get('Content-Type')}
        self.sim.log(entry)
        if not key or not model.knows(key):
            entry['status'] = 401
            self.send(*make_error(401, 'unauthorized', 'Invalid or missing API key'))
            return
        allowed, headers, wait = self.sim.rate_limit.take(key) if model.rate_limited else (True, {}, 0)
        if not allowed:
            entry['status'] = 429
            status, body = make_error(429, 'rate_limit_exceeded', 'Rate limit exceeded. Try again in %d seconds.' % wait)
            self.send(status, body, headers)
            return
        if self.inject(method, path, 'before', entry, headers, make_error):
            return
        status, answer = model.handle(method, path, key, body)
        entry['status'] = entry['handled'] = status
        if self.inject(method, path, 'after', entry, headers, make_error, status, answer):
            return
        self.send(status, answer, headers)

    def inject(self, method, path, phase, entry, headers, make_error, status=200, body=None):
        """Apply a matching fault; True when it has taken over the response."""
        fault = self.sim.take_fault(method, path, phase)
        if fault is None:
            return False
        entry['fault'] = '%s/%s' % (fault.kind, phase)
        if fault.kind == 'slow':
            time.sleep(fault.delay)
            return False
        if fault.kind == 'drop':
            entry['status'] = None
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == 'answer':
            entry['status'] = fault.status
            raw = fault.body.get('raw') if isinstance(fault.body, dict) and set(fault.body) == {'raw'} else None
            self.send(fault.status, raw.encode() if isinstance(raw, str) else fault.body, dict(headers, **fault.headers))
        elif fault.kind == 'error':
            entry['status'] = fault.status
            self.send(*make_error(fault.status, 'internal_server_error', 'Internal server error'), headers=headers)
        elif fault.kind == 'html':
            entry['status'] = fault.status
            self.send(fault.status, HTML_502, headers, content_type='text/html')
        elif fault.kind == 'invalid_json':
            self.send(status, b'{"id": 1, "status": ', headers)
        elif fault.kind == 'truncate':
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[:len(payload) // 2])
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        return True


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
    """The threaded HTTP server holding one Simulator; HTTPS when given a certificate and its key."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address=('127.0.0.1', 0), certfile=None, keyfile=None):
        super().__init__(address, Handler)
        self.sim = Simulator()
        self.scheme = 'http'
        if certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = 'https'

    @property
    def url(self):
        """The root URL, e.g. http://127.0.0.1:8000."""
        host, port = self.server_address[:2]
        return '%s://%s:%d' % (self.scheme, host, port)

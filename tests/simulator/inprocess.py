"""The simulator in process, on a virtual clock: its request handlers behind the collection's transport seam.

The unit tests of the loop, the fleet, the rate window and the shared files run here: the collection's code and the
simulator share one VirtualClock, so a wait of minutes passes at once, and a test is the same every time. What a socket
would add (a connection dropped, a body cut short, an answer later than api_timeout) becomes the NoAnswer the HTTP
transport raises for it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from urllib.parse import urlsplit

from requests.structures import CaseInsensitiveDict

from ansible_collections.openclaw.hosting.plugins.module_utils._transport import NoAnswer, Response

from .clock import VirtualClock
from .scenes import Scenes
from .server import Simulator, SimulatorServer, decode_body

REASONS = {200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found',
           429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable'}


class InProcessTransport:
    """The transport seam, served by a Simulator's handlers: `(method, url, headers, body, timeout) -> Response`."""

    def __init__(self, sim):
        self.sim = sim
        self.round_trip = 0.0  # virtual seconds a request takes on the wire: half out, half back

    def __call__(self, method, url, headers, body, timeout):
        parts = urlsplit(url)
        target = parts.path + ('?' + parts.query if parts.query else '')
        started = self.sim.clock.monotonic()
        try:
            sent = decode_body(body or b'', CaseInsensitiveDict(headers).get('Content-Type', ''))
        except ValueError as error:
            raise AssertionError('the collection sent a body that is neither JSON nor multipart: %r' % body) from error
        self.sim.clock.advance(self.round_trip / 2)
        answer = self.sim.serve(method, target, CaseInsensitiveDict(headers), sent)
        date = self.sim.date()  # stamped as it is served, on the API's clock
        self.sim.clock.advance(self.round_trip / 2)
        if self.sim.clock.monotonic() - started > timeout:
            raise NoAnswer('timeout', 'ReadTimeout')  # the API may still have carried it out, as a real one does
        if answer.drop:
            raise NoAnswer('connection_error', 'ConnectionError')
        if answer.cut:
            raise NoAnswer('connection_error', 'ChunkedEncodingError')  # what requests raises on a body cut short
        headers = CaseInsensitiveDict(answer.headers or {})
        headers.update({'Content-Type': answer.content_type, 'Date': date})
        return Response(answer.status, REASONS.get(answer.status, ''), headers, answer.payload())


class InProcessSimulator(Scenes):
    """A Simulator in process, with the control interface of SimulatorProcess (reset, faults, requests, ...), its
    transport and its virtual clock. `rate_dir` is the folder of the collection's shared files while it serves."""

    url = 'http://127.0.0.1'  # never connected to: requests go through `transport`
    api_url = url + '/api/v1'
    chowder_url = url + '/v1'

    def __init__(self):
        self.clock = VirtualClock()
        self.sim = Simulator(self.clock)
        self.transport = InProcessTransport(self.sim)
        self.rate_dir = tempfile.mkdtemp(prefix='openclaw-rate-')

        self.server = None

    def listen(self):
        """Serve these handlers over HTTP too, from a thread of this process (for code that is not given a transport,
        such as an inventory plugin run by Ansible); `url` and the API URLs become the server's."""
        self.server = SimulatorServer(sim=self.sim)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        self.url = self.server.url
        self.api_url, self.chowder_url = self.url + '/api/v1', self.url + '/v1'
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        shutil.rmtree(self.rate_dir, ignore_errors=True)

    def seams(self):
        """The keyword arguments that put a Client on this simulator: its transport and its clock."""
        return {'transport': self.transport, 'clock': self.clock}

    def control(self, method, path, body=None):
        """Call the control API."""
        if (method, path) == ('POST', '/reset'):
            for name in os.listdir(self.rate_dir):
                os.unlink(os.path.join(self.rate_dir, name))
        status, answer = self.sim.control(method, path, json.loads(json.dumps(body)) if body is not None else None)
        if status >= 400:
            raise AssertionError('control %s %s answered %d: %r' % (method, path, status, answer))
        return json.loads(json.dumps(answer))

"""A local HTTP server that answers each path with a fixed body: recorded API answers, or answers of the wrong shape.

For the tests where the simulator's own model would never answer so. It remembers every request it saw
with its Authorization header, so a test can assert what was sent and with which credentials.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOT_FOUND = b'{"error": {"code": "not_found", "message": "Not found"}}'


class RecordedApi(ThreadingHTTPServer):
    """Answers each path with the body given for it (404 otherwise), in a thread of this process."""

    def __init__(self):
        super().__init__(('127.0.0.1', 0), _Handler)
        self.answers = {}
        self.seen = []
        self._thread = threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True)  # stops within 20 ms
        self._thread.start()

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.server_address[1]

    def answer(self, path, body, status=200, method='GET', headers=None):
        """Answer `method` `path` with `body` (bytes as they are, anything else as JSON) and extra `headers`."""
        self.answers[(method, path)] = (status, body if isinstance(body, bytes) else json.dumps(body).encode(), headers or {})

    def stop(self):
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def _answer(self):
        self.server.seen.append((self.command, self.path, self.headers.get('Authorization')))
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        status, body, headers = self.server.answers.get((self.command, self.path), (404, NOT_FOUND, {}))
        self.send_response(status)
        for name, value in dict({'Content-Type': 'application/json'}, **headers).items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_DELETE = _answer  # pylint: disable=invalid-name

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

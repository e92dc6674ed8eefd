"""The bundled simulator in a child process, and its control API: what every test suite talks HTTP to."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import requests

from .scenes import Scenes

COLLECTION_ROOT = next(p for p in pathlib.Path(__file__).resolve().parents if (p / 'galaxy.yml').is_file())


class SimulatorProcess(Scenes):
    """One simulator on a free loopback port, for one test module; HTTPS when given a certificate and its key.

    `rate_dir` is the folder of the collection's shared rate-limit state while this simulator serves: a new scene
    (reset) is a new API, so it starts with no state.
    """

    def __init__(self, certfile=None, keyfile=None):
        self.rate_dir = tempfile.mkdtemp(prefix='openclaw-rate-')
        self.port_file = tempfile.NamedTemporaryFile(suffix='.port', delete=False).name
        os.unlink(self.port_file)
        env = dict(os.environ, PYTHONPATH=str(COLLECTION_ROOT / 'tests'))
        tls = ['--tls-cert', certfile, '--tls-key', keyfile] if certfile else []
        self.verify = certfile or True
        self.process = subprocess.Popen([sys.executable, '-m', 'simulator', '--port', '0', '--port-file', self.port_file,
                                         '--exit-with-parent', *tls],
                                        env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while not os.path.exists(self.port_file) or not open(self.port_file).read().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError('the simulator did not start')
            time.sleep(0.05)
        with open(self.port_file) as handle:
            self.url = '%s://127.0.0.1:%s' % ('https' if certfile else 'http', handle.read().strip())
        self.api_url = self.url + '/api/v1'
        self.chowder_url = self.url + '/v1'

    def stop(self):
        """End the process."""
        self.process.terminate()
        self.process.wait(10)
        os.unlink(self.port_file)
        shutil.rmtree(self.rate_dir, ignore_errors=True)

    def control(self, method, path, body=None):
        """Call the control API."""
        if (method, path) == ('POST', '/reset'):
            for name in os.listdir(self.rate_dir):
                os.unlink(os.path.join(self.rate_dir, name))
        response = requests.request(method, self.url + '/_sim' + path, json=body, timeout=10, verify=self.verify)
        response.raise_for_status()
        return response.json()

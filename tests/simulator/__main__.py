"""Run the simulator: python -m simulator [--port N] [--port-file F] [--scene FILE] [--tls-cert PEM --tls-key PEM].

With tests/ on PYTHONPATH. It prints the root URL once it listens, writes the port
to --port-file if given, and serves until it is killed or the process that started it
ends (ansible-test runs each unit test in a forked process that never tears its fixtures
down: its simulators must not outlive it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time

from .server import SimulatorServer


def main(argv=None):
    """Parse the arguments, load the scene, serve forever."""
    parser = argparse.ArgumentParser(prog='simulator', description=__doc__)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--port-file', help='write the chosen port here once listening')
    parser.add_argument('--scene', help='a JSON file with the body of POST /_sim/reset')
    parser.add_argument('--tls-cert', help='serve HTTPS with this PEM certificate (chain)')
    parser.add_argument('--tls-key', help='the PEM private key of --tls-cert')
    args = parser.parse_args(argv)
    server = SimulatorServer((args.host, args.port), certfile=args.tls_cert, keyfile=args.tls_key)
    if args.scene:
        with open(args.scene, encoding='utf-8') as handle:
            server.sim.reset(json.load(handle))
    if args.port_file:
        with open(args.port_file, 'w', encoding='utf-8') as handle:
            handle.write(str(server.server_address[1]))
    print(server.url, flush=True)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _end_with_parent(parent):
    """End the process once its parent has ended (it is then another process's child)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


if __name__ == '__main__':
    sys.exit(main())

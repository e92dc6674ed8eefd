"""The simulator's command line: load a scene, say where it listens and which keys it accepts, serve until stopped."""

from __future__ import annotations

import argparse
import os
import pathlib
import signal
import sys
import threading
import time

from .scene_check import SceneError, load_scene
from .server import SimulatorServer

EXAMPLES = pathlib.Path(__file__).with_name('examples')
DEFAULT_SCENE = EXAMPLES / 'default.json'
DEFAULT_PORT = 8089
APIS = (('clawhosters', 'ClawHosters', 'CLAWHOSTERS', '/api/v1'), ('chowder', 'Chowder', 'CHOWDER', '/v1'))


def port(text):
    """A port number for --port: 1 to 65535, or 0 for any free one."""
    if not text.strip().isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError('%s is not a port: give 1 to 65535, or 0 for any free port' % text)
    return int(text)


def parser():
    """The command line's arguments."""
    result = argparse.ArgumentParser(
        prog='simulator', description='Serve the ClawHosters and Chowder APIs locally, from a scene, until stopped.',
        epilog='Example scenes: %s. Their format: %s.' % (EXAMPLES, pathlib.Path(__file__).with_name('scene.schema.json')))
    result.add_argument('--host', default='127.0.0.1', help='the address to listen on (default: %(default)s)')
    result.add_argument('--port', type=port, default=DEFAULT_PORT, help='the port (default: %(default)s; 0 picks a free one)')
    result.add_argument('--scene', help='a JSON scene file (default: the built-in scene, examples/default.json)')
    result.add_argument('--log', help='append one line per API request to this file: time, method, path, status')
    result.add_argument('--port-file', help='write the port here once listening')
    result.add_argument('--exit-with-parent', action='store_true',
                        help='end when the process that started it ends (for test harnesses)')
    result.add_argument('--tls-cert', help='serve HTTPS with this PEM certificate (chain)')
    result.add_argument('--tls-key', help='the PEM private key of --tls-cert')
    return result


def main(argv=None):
    """Parse the arguments, load the scene, serve until stopped; the exit code."""
    args = parser().parse_args(argv)
    parent = os.getppid()
    try:
        scene = load_scene(args.scene or DEFAULT_SCENE)
    except SceneError as exc:
        print('simulator: %s' % exc, file=sys.stderr)
        return 2
    try:
        log = open(args.log, 'a', encoding='utf-8', buffering=1) if args.log else None  # pylint: disable=consider-using-with
    except OSError as exc:
        print('simulator: cannot write the log %s: %s' % (args.log, exc.strerror or exc), file=sys.stderr)
        return 2
    try:
        server = SimulatorServer((args.host, args.port), certfile=args.tls_cert, keyfile=args.tls_key, log=log)
    except OSError as exc:
        print('simulator: cannot listen on %s:%s: %s' % (args.host, args.port, exc.strerror or exc), file=sys.stderr)
        return 1
    server.sim.reset(scene)
    print(banner(server.url, args.scene or 'the built-in scene (%s)' % DEFAULT_SCENE, scene), flush=True)
    if args.exit_with_parent:
        threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()
    if args.port_file:
        with open(args.port_file, 'w', encoding='utf-8') as handle:
            handle.write(str(server.server_address[1]))
    # Ctrl-C (SIGINT) stops it, as the banner says, even when it was started from a shell's background job, which
    # ignores SIGINT and passes that on
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print('simulator: stopped', flush=True)
    return 0


def banner(url, scene_name, scene):
    """What the simulator says once it listens: its URL, the scene, and per API its base URL and the keys it accepts."""
    lines = ['openclaw.hosting API simulator at %s, PID %d, scene: %s' % (url, os.getpid(), scene_name)]
    for field, title, env, base in APIS:
        lines.append('  %s: export %s_API_URL=%s%s' % (title, env, url, base))
        for key, given in scene.get(field, {}).items():
            settings = {'instances': given} if isinstance(given, list) else given  # a Chowder org may be either
            lines.append('    %s_API_KEY=%s  (%d instances)' % (env, _shown(key), len(settings.get('instances', []))))
            for scoped in settings.get('scoped_keys', {}):
                lines.append('    %s_API_KEY=%s  (a scoped key)' % (env, _shown(scoped)))
    lines.append('Stop it with Ctrl-C, or kill %d.' % os.getpid())
    return '\n'.join(lines)


def _shown(key):
    """A scene's key as a user types it; a key the scene gives only as its SHA-256 cannot be shown."""
    return '<the key whose SHA-256 is %s...>' % key[7:19] if key.startswith('sha256:') else key


def _end_with_parent(parent):
    """End the process once its parent has ended (it is then another process's child)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)

"""The simulator's command line, as users run it: by its folder's path, with no PYTHONPATH."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

PROGRAM = pathlib.Path(__file__).resolve().parent
KEY = 'oc_live_simulator_key'  # the built-in scene's ClawHosters key


def wait_for_port(port_file, timeout=15.0):
    """The port the simulator wrote once it listened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().strip():
            return int(port_file.read_text())
        time.sleep(0.05)
    raise AssertionError('the simulator did not listen within %s s' % timeout)


def alive(pid):
    """Whether a process runs (and is not a zombie)."""
    try:
        with open('/proc/%d/stat' % pid, encoding='utf-8') as handle:
            return handle.read().split(')')[-1].split()[0] != 'Z'
    except FileNotFoundError:
        return False


def get(port, path, key=KEY):
    """GET an API path with the key; the decoded answer."""
    request = urllib.request.Request('http://127.0.0.1:%d%s' % (port, path), headers={'Authorization': 'Bearer ' + key})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


@pytest.fixture
def started(tmp_path):
    """Start the simulator by its folder's path with these arguments (env without PYTHONPATH); stopped at the end."""
    processes = []
    env = {name: value for name, value in os.environ.items() if name != 'PYTHONPATH'}

    def start(*args):
        process = subprocess.Popen([sys.executable, str(PROGRAM), '--port', '0', '--port-file', str(tmp_path / 'port'),
                                    *args], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        processes.append(process)
        return process, wait_for_port(tmp_path / 'port')

    yield start
    for process in processes:
        process.terminate()
        process.communicate(timeout=10)


def test_the_built_in_scene_and_its_keys_are_printed(started):
    """With no scene, both APIs serve the built-in one, and the first lines say where and with which keys."""
    process, port = started()
    assert [inst['name'] for inst in get(port, '/api/v1/instances')['data']] == [
        'support-bot', 'sales-bot', 'research-bot', 'setup-bot']
    assert len(get(port, '/v1/instances', 'chd_org_simulator_key')) == 2
    process.send_signal(signal.SIGINT)
    out = process.communicate(timeout=10)[0].splitlines()
    assert out[0].startswith('openclaw.hosting API simulator at http://127.0.0.1:%d, PID %d, scene: the built-in scene (' % (
        port, process.pid))
    assert out[1:6] == [
        '  ClawHosters: export CLAWHOSTERS_API_URL=http://127.0.0.1:%d/api/v1' % port,
        '    CLAWHOSTERS_API_KEY=oc_live_simulator_key  (4 instances)',
        '  Chowder: export CHOWDER_API_URL=http://127.0.0.1:%d/v1' % port,
        '    CHOWDER_API_KEY=chd_org_simulator_key  (2 instances)',
        '    CHOWDER_API_KEY=chd_sk_simulator_concierge_key  (a scoped key)']
    assert out[-1] == 'simulator: stopped' and process.returncode == 0


def test_the_log_has_every_request_and_never_a_key(started, tmp_path):
    """One line per API request (time, method, path, status, a refused one too); no key, no header."""
    dummy, port = started('--log', str(tmp_path / 'requests.log'))
    get(port, '/api/v1/instances')
    with pytest.raises(urllib.error.HTTPError):
        get(port, '/api/v1/instances/101', key='oc_live_wrong_key')
    urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:%d/api/v1/instances/102/start' % port, data=b'',
                                                  headers={'Authorization': 'Bearer ' + KEY}), timeout=10).close()
    lines = (tmp_path / 'requests.log').read_text().splitlines()
    assert [line.split(' ', 1)[1] for line in lines] == [
        'GET /api/v1/instances 200', 'GET /api/v1/instances/101 401', 'POST /api/v1/instances/102/start 200']
    assert all(time.strptime(line.split(' ')[0], '%Y-%m-%dT%H:%M:%SZ') for line in lines)
    text = (tmp_path / 'requests.log').read_text()
    assert KEY not in text and 'oc_live_wrong_key' not in text and 'Bearer' not in text


def test_a_bad_scene_stops_it_before_it_listens(tmp_path):
    """Exit code 2 and the problems on stderr; nothing listens."""
    (tmp_path / 'scene.json').write_text(json.dumps({'clawhosters': {'k': [{'status': 'runing'}]}}))
    command = [sys.executable, str(PROGRAM), '--port', '0', '--port-file', str(tmp_path / 'port'),
               '--scene', str(tmp_path / 'scene.json')]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and not (tmp_path / 'port').exists()
    assert result.stderr.splitlines()[1].startswith('  - clawhosters.k[0].status is "runing"; it must be one of:')


def test_a_busy_port_is_said_plainly(tmp_path):
    """Exit code 1: which address, and why."""
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(PROGRAM), '--port', str(port)], capture_output=True, text=True,
                                timeout=30, check=False)
    assert result.returncode == 1
    assert result.stderr == 'simulator: cannot listen on 127.0.0.1:%d: Address already in use\n' % port


@pytest.mark.parametrize('port', ['99999', '-1', 'http'])
def test_a_port_out_of_range_is_refused_before_binding(port):
    """argparse's exit code 2 and a sentence, not an OverflowError's traceback."""
    result = subprocess.run([sys.executable, str(PROGRAM), '--port', port], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and 'is not a port: give 1 to 65535, or 0 for any free port' in result.stderr
    assert 'Traceback' not in result.stderr


@pytest.mark.parametrize('flag, outlives', [([], True), (['--exit-with-parent'], False)])
def test_it_outlives_the_shell_that_started_it_unless_asked(tmp_path, flag, outlives):
    """Started in the background by a shell that then exits: it keeps serving, unless --exit-with-parent."""
    port_file = tmp_path / 'port'
    # the shell outlives the simulator's start by a second, so that it is the simulator's parent when it looks
    shell = subprocess.run(['bash', '-c', '"$0" "$1" --port 0 --port-file "$2" %s > /dev/null 2>&1 & echo $!; sleep 1'
                            % ' '.join(flag),
                            sys.executable, str(PROGRAM), str(port_file)], capture_output=True, text=True, timeout=30, check=False)
    pid = int(shell.stdout)
    try:
        port = wait_for_port(port_file)
        deadline = time.monotonic() + 5
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(pid) is outlives
        if outlives:
            assert len(get(port, '/api/v1/instances')['data']) == 4
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGTERM)


def test_ctrl_c_stops_it_even_when_started_with_sigint_ignored(tmp_path):
    """A shell's background job ignores SIGINT and passes that on to what it starts: the simulator still stops on it."""
    env = {name: value for name, value in os.environ.items() if name != 'PYTHONPATH'}
    ignoring = ['sh', '-c', 'trap "" INT; exec "$0" "$@"']  # as a background job of a script starts it
    process = subprocess.Popen([*ignoring, sys.executable, str(PROGRAM), '--port', '0', '--port-file', str(tmp_path / 'port')],
                               env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(tmp_path / 'port')
        process.send_signal(signal.SIGINT)
        assert process.communicate(timeout=10)[0].splitlines()[-1] == 'simulator: stopped'
    finally:
        process.kill()
        process.wait()

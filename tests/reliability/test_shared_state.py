"""Shared controller state can never fail or hold up a task: junk files, a stuck lock holder, ANSIBLE_HOME, pruning.

Each case puts something in place of a shared file (the rate window's, or the list's) and runs the real module, or
the real ansible-inventory, against the simulator: the task succeeds in its usual time, and the junk is replaced by
a regular file holding valid state.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils import _file_store, _rate_state
from ansible_collections.openclaw.hosting.plugins.module_utils._clock import REAL_CLOCK
from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance

from .conftest import COLLECTION_ROOT, run_module, run_playbook
from .test_details_decide import CONVERGE

KEY = 'oc_live_reliability_state_secret'
NOBODY = 65534


def junk(path, kind):
    """Put a kind of junk where a shared file should be."""
    now = time.time()
    contents = {
        'nested': b'[' * 100000 + b']' * 100000,
        'nested_object': b'{"limit": ' * 50000 + b'1' + b'}' * 50000,
        'nan': b'{"limit": NaN, "remaining": Infinity, "at": NaN, "instances": []}',
        'huge_numbers': b'{"limit": 1e400, "remaining": 1' + b'0' * 400 + b', "at": 1e400}',
        'negative': b'{"limit": -5, "remaining": -1, "window": -7, "reset_at": -100, "at": -1, "instances": []}',
        'an_hour_ahead': json.dumps({'limit': 100, 'remaining': 0, 'window': now + 3600, 'reset_at': now + 3600,
                                     'at': now + 3600, 'instances': [], 'fetching': now + 3600}).encode(),
        'huge_file': b' ' * (9 << 20),
        'foreign_owner': json.dumps({'limit': 100, 'remaining': 0, 'reset_at': now + 60}).encode(),
    }
    if kind == 'fifo':
        os.mkfifo(path, 0o600)
    elif kind == 'symlink':
        target = path + '.target'
        with open(target, 'w') as handle:
            handle.write('not ours')
        os.symlink(target, path)
    else:
        with open(path, 'wb') as handle:
            handle.write(contents[kind])
        if kind == 'foreign_owner':
            os.chown(path, NOBODY, NOBODY)


KINDS = ['nested', 'nested_object', 'nan', 'huge_numbers', 'negative', 'an_hour_ahead', 'huge_file', 'fifo', 'symlink',
         'foreign_owner']


def shared_paths(simulator):
    state, problem = _rate_state.state_file(simulator.api_url, KEY, REAL_CLOCK)
    assert problem is None
    return {'rate': state.path, 'list': state.path[:-len('.json')] + '.list.json'}


def scene(simulator, count=1):
    simulator.control('POST', '/reset', {'clawhosters': {KEY: [{'name': 'bot-%d' % index, 'status': 'running'}
                                                               for index in range(count)]},
                                         'timings': {'action': 0.2, 'restart': 0.2}})


@pytest.mark.skipif(os.getuid() != 0, reason='making a file of another user needs root')
@pytest.mark.parametrize('kind', KINDS)
@pytest.mark.parametrize('which', ['rate', 'list'])
def test_junk_in_place_of_a_shared_file_is_no_state_and_is_replaced(simulator, fast_time, which, kind):
    scene(simulator)
    path = shared_paths(simulator)[which]
    junk(path, kind)
    started = time.monotonic()
    result = run_module(clawhosters_instance, dict(api_key=KEY, api_url=simulator.api_url, name='bot-0', state='stopped',
                                                   wait_timeout=30))
    assert not result.get('failed') and result['changed'] and result['instance']['status'] == 'stopped', result
    assert time.monotonic() - started < 10
    info = os.lstat(path)
    assert stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and info.st_size < 4096
    assert isinstance(json.loads(open(path).read()), dict)
    if kind == 'symlink':
        assert open(path + '.target').read() == 'not ours'  # never followed, never written through


def test_a_state_saying_the_window_resets_in_an_hour_holds_up_no_inventory(simulator, tmp_path):
    # what a 429 followed by a clock step back leaves: the window "resets" an hour from now, with nothing left
    scene(simulator, 3)
    junk(shared_paths(simulator)['rate'], 'an_hour_ahead')
    (tmp_path / 'openclaw.clawhosters.yml').write_text('plugin: openclaw.hosting.clawhosters\napi_key: %s\napi_url: %s\n'
                                                       % (KEY, simulator.api_url))
    started = time.monotonic()
    process = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', str(tmp_path / 'openclaw.clawhosters.yml'),
         '--list'], env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]),
                             ANSIBLE_INVENTORY_ENABLED='openclaw.hosting.clawhosters'),
        capture_output=True, text=True, check=False, timeout=120)
    assert process.returncode == 0, process.stderr
    assert sorted(json.loads(process.stdout)['clawhosters']['hosts']) == ['bot-0', 'bot-1', 'bot-2']
    assert time.monotonic() - started < 30


def test_a_lock_held_by_a_stopped_process_holds_up_no_task(simulator, tmp_path):
    scene(simulator, 5)
    paths = shared_paths(simulator)
    holder = subprocess.Popen([sys.executable, '-c', (
        'import fcntl, os, sys, time\n'
        'handles = [os.open(path, os.O_RDWR | os.O_CREAT, 0o600) for path in sys.argv[1:]]\n'
        '[fcntl.flock(handle, fcntl.LOCK_EX) for handle in handles]\n'
        'print("locked", flush=True)\n'
        'time.sleep(600)\n'), paths['rate'], paths['list']], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == 'locked'
        os.kill(holder.pid, 19)  # SIGSTOP: it will never let go
        hosts = {'bot-%d' % index: {} for index in range(5)}
        env = {'CLAWHOSTERS_API_KEY': KEY, 'CLAWHOSTERS_API_URL': simulator.api_url, 'ANSIBLE_FORKS': '5'}
        code, output, seconds, recap = run_playbook(tmp_path, CONVERGE % ('name: "{{ inventory_hostname }}"', 'stopped', 5),
                                                    hosts, env, timeout=120)
        assert code == 0, output[-3000:]
        assert all(counts['changed'] == 1 for counts in recap.values())
        assert seconds < 60
    finally:
        holder.kill()
        holder.wait()


def test_the_state_folder_follows_ansible_home_and_old_files_are_pruned(simulator, tmp_path, monkeypatch):
    scene(simulator)
    monkeypatch.delenv(_file_store.FOLDER_ENV)
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    monkeypatch.setenv('ANSIBLE_HOME', str(tmp_path / 'ansible-home'))
    folder = tmp_path / 'ansible-home' / 'openclaw.hosting'
    folder.mkdir(parents=True, mode=0o700)
    old, recent = folder / ('%s.json' % ('0' * 32)), folder / ('%s.json' % ('1' * 32))
    old.write_text('{}')
    recent.write_text('{}')
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    result = run_module(clawhosters_instance, dict(api_key=KEY, api_url=simulator.api_url, name='bot-0', state='started'))
    assert not result.get('failed'), result
    kept = sorted(os.listdir(folder))
    assert recent.name in kept and old.name not in kept and len(kept) >= 2  # this key's files, and the recent one
    assert not (tmp_path / 'home').exists()  # nothing under the real home
    monkeypatch.setenv('ANSIBLE_HOME', '  ')  # blank is unset: the default under the home folder
    result = run_module(clawhosters_instance, dict(api_key=KEY, api_url=simulator.api_url, name='bot-0', state='started'))
    assert not result.get('failed') and os.listdir(tmp_path / 'home' / '.ansible' / 'openclaw.hosting')

"""The guide "Test your playbooks offline", run as a user runs it: the collection installed from its built tarball
into a fresh folder, the simulator started by its playbook, and the guide's own files and commands.

The files and commands are read from the guide (the code block after each `.. offline-example: NAME` comment), so
that the guide cannot drift from what works. The one change: the port is a free one, not 8089, so that this test
never meets another simulator.
"""

from __future__ import annotations

import os
import pathlib
import re
import shlex
import socket
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_offline_testing.rst'
BIN = pathlib.Path(sys.executable).parent  # .work/venv-eda: ansible-core, ansible-rulebook, requests
KEYS = ('oc_live_simulator_key', 'chd_org_simulator_key', 'chd_sk_simulator_concierge_key')


def guide_examples(guide=GUIDE, marker='offline-example'):
    """{name: text} of a guide's examples: each file's text, and 'commands' (the console lines, without "$ ")."""
    examples = {}
    for match in re.finditer(r'^\.\. %s: (\S+)\n\n\.\. code-block:: [\w+]+\n\n((?:    .*\n|\n)+)' % marker,
                             guide.read_text(), re.M):
        lines = [line[4:] for line in match.group(2).rstrip('\n').splitlines()]
        examples[match.group(1)] = '\n'.join(lines) + '\n'
    return examples


def free_port():
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def installed_project(tmp_path_factory, examples, tarball, install=True):
    """A fresh folder with a guide's files and the offline guide's ansible.cfg, and (`install`) the collection
    installed into its ``collections`` folder from the tarball, as that guide says."""
    folder = tmp_path_factory.mktemp('project')
    if install:
        subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'install', str(tarball), '-p', str(folder / 'collections')],
                       check=True, capture_output=True)
    for name, text in dict(examples, **{'ansible.cfg': guide_examples()['ansible.cfg']}).items():
        if name != 'commands':
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    return folder


@pytest.fixture(scope='module')
def project(tmp_path_factory, tarball):
    """The offline guide's project, the collection not installed yet: its commands install it."""
    return installed_project(tmp_path_factory, guide_examples(), tarball, install=False)


def user_environment(project):
    """A user's environment in the project: its own HOME, the tools on PATH, none of ours (the project's ansible.cfg
    says where the collection is)."""
    ours = ('ANSIBLE_', 'CLAWHOSTERS_', 'CHOWDER_', 'PYTHONPATH')
    env = {name: value for name, value in os.environ.items() if not name.startswith(ours)}
    env.update(HOME=str(project), PATH='%s:%s' % (BIN, env['PATH']),
               ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    return env


def run_commands(project, env, commands, port, *replaced):
    """Run a guide's console commands in the project, in order, against the simulator on this port (`replaced`: (old,
    new) pairs of text); each one's finished process. An `export` sets the environment instead."""
    for line in commands:
        command = line.replace('8089', str(port))
        for old, new in replaced:
            command = command.replace(old, new)
        if command.startswith('ansible-playbook openclaw.hosting.simulator'):
            command += ' -e simulator_port=%d' % port
        if command.startswith('export '):
            env.update(word.split('=', 1) for word in shlex.split(command)[1:])
            continue
        result = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True, timeout=300,
                                check=False)
        assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])
        yield result


def simulator_playbook(project, env, port, *variables):
    """Run openclaw.hosting.simulator on this port; its output."""
    extra = [word for variable in ('simulator_port=%d' % port, *variables) for word in ('-e', variable)]
    result = subprocess.run([str(BIN / 'ansible-playbook'), 'openclaw.hosting.simulator', *extra], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_the_guide_runs_from_a_fresh_folder(project, tarball):
    """Each command of the guide, in order, with what the guide says it does."""
    port = free_port()
    env = user_environment(project)
    outputs = []
    commands = [line[2:] for line in guide_examples()['commands'].splitlines()]
    assert [command.split()[0] for command in commands] == [
        'ansible-galaxy', 'ansible-playbook', 'export', 'ansible-playbook', 'ansible-playbook', 'ansible-inventory',
        'ansible-rulebook', 'ansible-playbook', 'cat']
    assert commands[0] == 'ansible-galaxy collection install openclaw.hosting -p ./collections'
    try:
        for result in run_commands(project, env, commands, port, ('install openclaw.hosting', 'install %s' % tarball)):
            outputs.append(result.stdout)
    finally:
        simulator_playbook(project, env, port, 'simulator_state=stopped')
    installed, started, first, second, graph, rulebook, stopped, log = outputs
    assert 'openclaw.hosting' in installed and (project / 'collections' / 'ansible_collections' / 'openclaw' / 'hosting').is_dir()
    assert 'CLAWHOSTERS_API_KEY=oc_live_simulator_key  (4 instances)' in started
    assert 'Stop it with: ansible-playbook openclaw.hosting.simulator -e simulator_state=stopped -e simulator_port=%d"' % port in started
    assert re.search(r'localhost +: ok=\d+ +changed=2 +unreachable=0 +failed=0', first), first
    assert re.search(r'localhost +: ok=\d+ +changed=0 +unreachable=0 +failed=0', second), second
    assert re.search(r'\|--@status_stopped:\n +\|  \|--research-bot\n', graph), graph
    assert 'research-bot is stopped' in rulebook and 'sales-bot' not in rulebook.split('research-bot is stopped')[0]
    assert re.search(r'localhost +: ok=\d+ +changed=1 ', stopped), stopped
    lines = log.splitlines()
    assert all(re.fullmatch(r'\S+Z (GET|POST) /api/v1/\S+ \d{3}', line) for line in lines), lines
    assert ' '.join(lines).count('POST /api/v1/instances/') == 2 and 'GET /api/v1/instances 200' in log
    assert not any(key in log for key in KEYS)


def test_a_stale_pid_file_never_reaches_another_process(project):
    """The pid file names a process that is not the simulator (a PID reused after a reboot): stopping leaves that
    process alone, and starting starts a simulator instead of taking it for one."""
    port = free_port()
    env = user_environment(project)
    other = subprocess.Popen(['sleep', '60'])
    run_dir = project / '.cache' / 'openclaw.hosting' / ('simulator-%d' % port)
    try:
        run_dir.mkdir(parents=True)
        (run_dir / 'pid').write_text(str(other.pid))
        assert re.search(r'localhost +: ok=\d+ +changed=0 ', simulator_playbook(project, env, port, 'simulator_state=stopped'))
        assert other.poll() is None, 'the other process was killed'
        (run_dir / 'pid').write_text(str(other.pid))
        assert 'openclaw.hosting API simulator at http://127.0.0.1:%d' % port in simulator_playbook(project, env, port)
        assert int((run_dir / 'pid').read_text()) != other.pid
    finally:
        simulator_playbook(project, env, port, 'simulator_state=stopped')
        other.kill()
        other.wait()


def test_a_start_that_fails_fails_with_no_change_and_a_port_out_of_range_is_refused(project):
    """A busy port: the simulator's own sentence, the play failed, nothing reported changed. Port 99999: refused by
    the playbook's check, before anything is started."""
    env = user_environment(project)
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([str(BIN / 'ansible-playbook'), 'openclaw.hosting.simulator', '-e', 'simulator_port=%d' % port],
                                cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and 'cannot listen on 127.0.0.1:%d: Address already in use' % port in result.stdout
    assert re.search(r'localhost +: ok=\d+ +changed=0 +unreachable=0 +failed=1', result.stdout), result.stdout
    result = subprocess.run([str(BIN / 'ansible-playbook'), 'openclaw.hosting.simulator', '-e', 'simulator_port=99999'],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and 'a port number from 1 to 65535' in result.stdout and 'Traceback' not in result.stdout

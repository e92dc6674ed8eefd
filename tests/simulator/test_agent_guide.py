"""The section "Try the agent offline" of the guide "Your agent as code", run as a user runs it: the collection
installed from its built tarball into a fresh folder, the simulator started by its playbook on the built-in scene, and
the guide's own files and commands (the code block after each `.. agent-example: NAME` comment), in order; with the
counts the guide quotes."""

from __future__ import annotations

import pathlib
import re

import pytest

from .test_offline_guide import (
    free_port, guide_examples, installed_project, run_commands, simulator_playbook, user_environment,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_agent_as_code.rst'
DUMMIES = ('chd_org_simulator_key', 'sk-ant-dummy-for-the-simulator', 'search-dummy-for-the-simulator',
           '123456:dummy-for-the-simulator')


def examples():
    return guide_examples(GUIDE, 'agent-example')


@pytest.fixture(scope='module')
def project(tmp_path_factory, tarball):
    """The guide's project: its files, and the collection installed from a tarball."""
    return installed_project(tmp_path_factory, examples(), tarball)


def test_the_agent_runs_offline_as_the_guide_says(project):
    port = free_port()
    env = user_environment(project)
    commands = [line[2:] for line in examples()['commands'].splitlines()]
    assert [command.split()[0] for command in commands] == [
        'ansible-playbook', 'export', 'mkdir', 'ansible-playbook', 'ansible-playbook', 'echo', 'ansible-playbook', 'ansible-playbook']
    outputs, logged = [], []
    try:
        for result in run_commands(project, env, commands, port):
            outputs.append(result.stdout + result.stderr)
            log = project / 'requests.log'
            logged.append(log.read_text().splitlines() if log.exists() else [])
    finally:
        simulator_playbook(project, env, port, 'simulator_state=stopped')
    first, second, checked = outputs[2], outputs[3], outputs[5]  # after the start and the mkdir; the echo between
    assert re.search(r'localhost +: ok=\d+ +changed=1 +unreachable=0 +failed=0', first), first
    assert re.search(r'localhost +: ok=\d+ +changed=0 +unreachable=0 +failed=0', second), second
    assert re.search(r'localhost +: ok=\d+ +changed=1 +unreachable=0 +failed=0', checked), checked
    assert "+Answer in the customer's language." in checked and 'file workspace/SOUL.md' in checked
    assert 'No newline at end of file' not in checked
    assert (project / 'secrets' / 'support-frontend.key').read_text().startswith('chd_sk_')
    # the counts of "What a second run costs": the first run's writes, the second run's requests, its one write
    text = ' '.join(GUIDE.read_text().split())
    writes_first, again = (int(number) for number in re.search(
        r'the example above made (\d+) writes in its first run.*?The second run made (\d+) requests', text).groups())
    runs = [logged[2][len(logged[1]):], logged[3][len(logged[2]):], logged[5][len(logged[4]):]]
    writes = [[line for line in run if re.search(r' (POST|PUT|PATCH|DELETE) ', line)] for run in runs]
    assert len(writes[0]) == writes_first, runs[0]
    assert len(runs[1]) == again and len(writes[1]) == 1, runs[1]  # the smoke test's message
    assert writes[2] == [], runs[2]  # check mode writes nothing
    assert [dummy for dummy in DUMMIES if dummy in '\n'.join(outputs[2:] + logged[-1])] == []

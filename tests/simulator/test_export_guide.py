"""The guide "Adopt, back up and clone an agent", run as a user runs it: the collection installed from its built
tarball into a fresh folder, the simulator started by its playbook on the hand-built agent's scene, and the guide's
own files and commands (the code block after each `.. export-example: NAME` comment), in order."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from .test_offline_guide import (
    free_port, guide_examples, installed_project, run_commands, simulator_playbook, user_environment,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_agent_export.rst'
SECRETS = ('chd_org_simulator_key', 'ghp-simulated-secret', '123:telegram-simulated-secret', 'gateway-token-simulated-secret',
           'weather-simulated-secret', 'chd_sk_simulated_frontend_key', 'chd_sk_simulated_shared_key')


def examples():
    return guide_examples(GUIDE, 'export-example')


@pytest.fixture(scope='module')
def project(tmp_path_factory, tarball):
    """The guide's project: its files, and the collection installed from a tarball."""
    return installed_project(tmp_path_factory, examples(), tarball)


def test_adopt_back_up_and_clone_as_the_guide_says(project):
    port = free_port()
    env = user_environment(project)
    commands = [line[2:] for line in examples()['commands'].splitlines()]
    outputs = []
    try:
        for result in run_commands(project, env, commands, port):
            outputs.append(result.stdout + result.stderr)
    finally:
        simulator_playbook(project, env, port, 'simulator_state=stopped')
    exported, applied, cloned = outputs[2], outputs[5], outputs[7]  # after the start, the mkdir
    assert 'support-bot: 9 files written. Give each variable of secrets.yml its value' in exported
    assert 'workspace/notes/.git/' in exported and 'api_keys[shared-reader]' in exported
    assert re.search(r'localhost +: ok=\d+ +changed=0 +unreachable=0 +failed=0', applied), applied
    assert (project / 'backups/support-bot/files/workspace/MEMORY.md').exists()
    assert not (project / 'agents/support-bot/files/workspace/MEMORY.md').exists()  # memory: only when asked
    assert re.search(r'localhost +: ok=\d+ +changed=1 +unreachable=0 +failed=0', cloned), cloned
    assert (project / 'sales-frontend.key').read_text().startswith('chd_sk_')
    declared = yaml.safe_load((project / 'agents/support-bot/agent.yml').read_text())['chowder_agent']
    assert declared['skills'][0]['env'] == {'GITHUB_TOKEN': '{{ support_bot_skills_github_env_github_token }}'}
    written = [path for folder in ('agents', 'backups') for path in (project / folder).rglob('*') if path.is_file()]
    everything = '\n'.join(outputs[2:]) + ''.join(path.read_text(errors='replace') for path in written)  # not the banner
    assert [secret for secret in SECRETS if secret in everything] == []

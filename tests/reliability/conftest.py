"""The reliability suite's helpers: modules run in this process, playbooks run by ansible-playbook, figures recorded.

The simulator process and scaled time come from the simulator's pytest plugin.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

from ansible_collections.openclaw.hosting.plugins.modules import chowder_instance, clawhosters_instance
from ansible_collections.openclaw.hosting.tests.simulator.plugin import (  # noqa: F401  pylint: disable=unused-import
    COLLECTION_ROOT, fast_time, private_rate_state, recorded_api, run_module, scaled_sleep, simulator,
)

MODULES = {'clawhosters': clawhosters_instance, 'chowder': chowder_instance}  # the *_instance module of each provider
BASE_PATHS = {'clawhosters': '/api/v1', 'chowder': '/v1'}  # where the simulator serves each API


def run_playbook(tmp_path, playbook, hosts, env, name='playbook', timeout=None):
    """Run ansible-playbook on localhost-connected hosts ({host: vars}); returns (exit code, output, seconds, recap).

    `recap` is {host: {ok, changed, failed, ...}} from the PLAY RECAP. The keys come through `env`.
    """
    playbook_path, inventory_path = tmp_path / ('%s.yml' % name), tmp_path / ('%s-hosts.yml' % name)
    playbook_path.write_text(playbook)
    inventory_path.write_text(json.dumps({'all': {'hosts': hosts, 'vars': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}))
    started = time.monotonic()
    process = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), str(playbook_path), '-i', str(inventory_path)],
        env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), ANSIBLE_HOST_KEY_CHECKING='false',
                 ANSIBLE_NOCOLOR='1', **env),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False, timeout=timeout)
    seconds = time.monotonic() - started
    recap = {match.group(1): {key: int(value) for key, value in re.findall(r'(\w+)=(\d+)', match.group(2))}
             for match in re.finditer(r'^(\S+)\s+:\s+(ok=.*)$', process.stdout, re.MULTILINE)}
    return process.returncode, process.stdout, seconds, recap


def record_figures(name, figures):
    """Add measured figures to the suite's JSON record (RELIABILITY_FIGURES, when set) and print them."""
    print('%s: %s' % (name, json.dumps(figures)))
    path = os.environ.get('RELIABILITY_FIGURES')
    if path:
        recorded = json.loads(open(path).read()) if os.path.exists(path) else {}
        recorded[name] = figures
        with open(path, 'w') as handle:
            handle.write(json.dumps(recorded, indent=2, sort_keys=True) + '\n')

"""The whole integration suite under ANSIBLE_DEBUG=1, with the keys given through environment variables.

ansible-test runs the suite at -vvvv and each target searches its output for every key
it uses (setup_simulator/run-playbook.sh). Here every target runs once more with
ansible-core's debug mode, which prints module arguments whatever no_log says: the keys
the targets export as CLAWHOSTERS_API_KEY / CHOWDER_API_KEY must still appear nowhere
in the output, and a key passed as a module argument does appear, which is what the
documentation warns users about.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

import pytest

from ansible_collections.openclaw.hosting.tests.simulator.plugin import COLLECTION_ROOT

TARGETS = COLLECTION_ROOT / 'tests' / 'integration' / 'targets'
RUNMES = sorted(path.parent.name for path in TARGETS.glob('*/runme.sh'))
EXPORTED_KEY = re.compile(r'\b(?:CLAWHOSTERS|CHOWDER)_API_KEY=(\S+)')
_outputs = {}


def debug_run(target):
    """Run a target's runme.sh with ANSIBLE_DEBUG=1; returns (exit code, every byte of its output)."""
    if target not in _outputs:
        inventory = os.path.join(tempfile.mkdtemp(), 'inventory.ini')  # what ansible-test gives a target as INVENTORY_PATH
        with open(inventory, 'w') as handle:
            handle.write('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
        env = {name: value for name, value in os.environ.items() if not name.startswith(('CLAWHOSTERS_', 'CHOWDER_'))}
        env.update(ANSIBLE_DEBUG='1', INVENTORY_PATH=inventory, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_TEST_PYTHON_INTERPRETER=sys.executable,
                   PATH=os.path.dirname(sys.executable) + os.pathsep + env['PATH'])
        process = subprocess.run(['bash', 'runme.sh'], cwd=str(TARGETS / target), env=env, check=False,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _outputs[target] = process.returncode, process.stdout
    return _outputs[target]


@pytest.mark.parametrize('target', RUNMES)
def test_no_key_from_the_environment_shows_under_ansible_debug(target):
    keys = EXPORTED_KEY.findall((TARGETS / target / 'runme.sh').read_text())
    assert keys, 'the target gives its keys through the environment'
    code, output = debug_run(target)
    assert code == 0, output[-4000:].decode(errors='replace')
    assert b'done with _execute_module' in output, 'ANSIBLE_DEBUG was on'
    for key in keys:
        assert key.encode() not in output, '%s appeared in the ANSIBLE_DEBUG output of %s' % (key, target)


def test_ansible_debug_does_print_a_key_passed_as_a_module_argument():
    # the caveat the docs give: clawhosters_instance passes oc_live_wrong_secret as api_key to test a 401
    code, output = debug_run('clawhosters_instance')
    assert code == 0 and b"'api_key': 'oc_live_wrong_secret'" in output

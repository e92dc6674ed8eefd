"""Every module's EXAMPLES, as ansible-doc shows them, run against the simulator: no example can rot.

Each module's examples run in order as the tasks of one play, on a scene holding the instances they name: the key
from the play's module_defaults (as the README advises; an example may set its own), the simulator's URL from the
environment (as a user of the real API sets none), and the vault variables the examples use as play variables.
"""

from __future__ import annotations

import importlib

import pytest
import yaml

from .conftest import COLLECTION_ROOT, run_playbook

KEY, ORG_KEY, SCOPED_KEY = 'oc_live_examples_secret', 'chd_org_examples_secret', 'chd_sk_examples_secret'
VAULT = {'vault_anthropic_key': 'sk-ant-examples-secret', 'vault_openai_key': 'sk-oai-examples-secret',
         'vault_search_api_key': 'search-examples-secret', 'vault_telegram_token': '123:telegram-examples-secret'}
CHOWDER_ID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479'  # the id the Chowder examples use
MODULES = sorted(path.stem for path in (COLLECTION_ROOT / 'plugins' / 'modules').glob('*.py') if path.stem != '__init__')


def scene(simulator, provider, secrets_dir):
    """The instances the examples of a provider name, in states from which every example can do its job; returns the
    play's module_defaults, its variables (the vault's, and the folder the user keeps raw keys in) and the
    environment."""
    if provider == 'clawhosters':
        simulator.reset({KEY: [{'id': 42, 'name': 'bot-42'}, {'name': 'my-ai-bot', 'status': 'stopped'}, {'name': 'night-bot-1'},
                               {'name': 'night-bot-2'}, {'name': 'support-bot'}, {'name': 'sales-bot'}, {'name': 'ops-bot'}]},
                        timings={'action': 0.5, 'restart': 0.5, 'deleting': 0.5},
                        billing={KEY: {'claws_balance': 100000}})  # weeks of Claws: the balance example goes on
        return ({'group/openclaw.hosting.clawhosters': {'api_key': KEY}}, {'vault_clawhosters_key': KEY},
                {'CLAWHOSTERS_API_URL': simulator.api_url})
    simulator.reset_chowder({ORG_KEY: {
        'instances': [{'id': CHOWDER_ID, 'name': 'eu-bot'}, {'name': 'support-bot'}, {'name': 'night-shift'},
                      {'name': 'night-bot-1'}, {'name': 'night-bot-2'}, {'name': 'sales-bot'}, {'name': 'ops-bot'}],
        'scoped_keys': {SCOPED_KEY: {'instances': [0], 'permissions': ['read']}}}},
        chowder_timings={'provisioning': 0.5, 'start': 0.05, 'stop': 0.05})
    return ({'group/openclaw.hosting.chowder': {'api_key': ORG_KEY}},
            dict(VAULT, vault_chowder_org_key=ORG_KEY, vault_chowder_scoped_key=SCOPED_KEY, secrets_dir=str(secrets_dir)),
            {'CHOWDER_API_URL': simulator.chowder_url})


@pytest.mark.parametrize('module', MODULES)
def test_the_examples_run(simulator, tmp_path, module):
    provider = module.split('_', 1)[0]
    examples = yaml.safe_load(importlib.import_module('ansible_collections.openclaw.hosting.plugins.modules.' + module).EXAMPLES)
    defaults, variables, env = scene(simulator, provider, tmp_path)
    play = [{'name': 'The examples of %s' % module, 'hosts': 'localhost', 'gather_facts': False,
             'module_defaults': defaults, 'vars': variables, 'tasks': examples}]
    code, output, dummy, recap = run_playbook(tmp_path, yaml.safe_dump(play, sort_keys=False), {'localhost': {}}, env)
    assert code == 0 and recap['localhost']['failed'] == 0, output[-4000:]
    assert recap['localhost']['ok'] >= len(examples)
    assert not [secret for secret in (KEY, ORG_KEY, SCOPED_KEY, *VAULT.values()) if secret in output]

"""One declaration, three places that must agree: the chowder_agent module's argument spec, the chowder_agent role's
argument spec (generated from it by scripts/role_spec.py), and the options of each part's own module."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import agent_argument_spec

ROOT = pathlib.Path(__file__).resolve().parents[2]
FACTS = ('type', 'elements', 'required', 'choices', 'default', 'no_log')
PARTS = {  # part of chowder_agent -> its module, and the options only the module has (or only the part has)
    'files': ('chowder_file', {'instance'}),
    'skills': ('chowder_skill', {'instance'}),
    'channels': ('chowder_channel', {'instance', 'wait_timeout'}),
    'api_keys': ('chowder_api_key', {'state', 'id', 'return_raw_key'}),
    'smoke_test': ('chowder_message', {'instance'}),
}


def documented(path):
    text = (ROOT / path).read_text()
    return yaml.safe_load(re.search(r'DOCUMENTATION = r"""\n(.*?)"""', text, re.S).group(1))['options']


def facts(options, nested='options'):
    """What a spec says of each option but its words: type, elements, required, choices, default, no_log, nesting."""
    found = {}
    for name, option in options.items():
        entry = {key: option[key] for key in FACTS if option.get(key) not in (None, False)}
        if option.get(nested):
            entry['options'] = facts(option[nested], nested)
        found[name] = entry
    return found


def test_the_roles_spec_is_the_modules():
    role = yaml.safe_load((ROOT / 'roles/chowder_agent/meta/argument_specs.yml').read_text())
    assert facts(role['argument_specs']['main']['options']['chowder_agent']['options']) == facts(agent_argument_spec())


def test_the_modules_documentation_is_its_spec():
    docs = dict(documented('plugins/modules/chowder_agent.py'), **documented('plugins/doc_fragments/chowder_agent_parts.py'))
    spec = facts(agent_argument_spec())
    for option in spec.values():
        option.pop('no_log', None)
        for sub in option.get('options', {}).values():
            sub.pop('no_log', None)
    assert facts(docs, 'suboptions') == spec


@pytest.mark.parametrize('part', sorted(PARTS))
def test_each_part_takes_the_options_of_its_module(part):
    module, own = PARTS[part]
    of_module = {name: fact for name, fact in facts(documented('plugins/modules/%s.py' % module)).items() if name not in own}
    of_part = facts(documented('plugins/doc_fragments/chowder_agent_parts.py'), 'suboptions')[part]['options']
    if part == 'api_keys':  # a part's key must say what it may do; the module's only when present
        assert of_part['permissions'].pop('required') is True
    assert of_part == of_module

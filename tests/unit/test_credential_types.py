"""The AAP / AWX credential types: their injectors set exactly the variables the collection's plugins read."""

from __future__ import annotations

import importlib
import pathlib

import jinja2
import pytest
import yaml

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.openclaw.hosting.plugins.module_utils._module import env_fallback, provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import settings
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import PROFILES

ROOT = next(p for p in pathlib.Path(__file__).resolve().parents if (p / 'galaxy.yml').is_file())
CREDENTIAL_OPTIONS = ('api_key', 'api_url')  # what a credential holds; api_timeout and the rest are the task's choice


def credential_type(provider):
    return yaml.safe_load((ROOT / 'docs' / 'aap' / 'credential-types' / ('%s.yml' % provider)).read_text())


def injected(provider, **inputs):
    """The environment the credential type's injectors give a job or an activation, from these inputs, rendered as AWX
    does: a field the admin did not fill is an empty string (its default only pre-fills the form)."""
    kind = credential_type(provider)
    blank = {field['id']: '' for field in kind['inputs']['fields']}
    render = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return {name: render.from_string(value).render(dict(blank, **inputs)) for name, value in kind['injectors']['env'].items()}


def module_env(provider):
    """The environment variables the modules' connection options fall back to, by option."""
    spec = provider_argument_spec(PROFILES[provider])
    return {option: spec[option]['fallback'][1][0] for option in CREDENTIAL_OPTIONS}


def inventory_env(provider):
    """The environment variables the inventory plugin's connection options read (its <provider>.inventory doc
    fragment), by option."""
    plugin = importlib.import_module('ansible_collections.openclaw.hosting.plugins.inventory.%s' % provider)
    assert 'openclaw.hosting.%s.inventory' % provider in yaml.safe_load(plugin.DOCUMENTATION)['extends_documentation_fragment']
    fragment = importlib.import_module('ansible_collections.openclaw.hosting.plugins.doc_fragments.%s' % provider).ModuleDocFragment
    options = yaml.safe_load(fragment.INVENTORY)['options']
    return {option: options[option]['env'][0]['name'] for option in CREDENTIAL_OPTIONS}


@pytest.mark.parametrize('provider', sorted(PROFILES))
def test_the_injectors_set_exactly_the_variables_every_plugin_reads(provider):
    env = injected(provider, api_key='the-key')
    wanted = set(module_env(provider).values())
    assert set(env) == wanted, 'the credential type injects %s; the modules read %s' % (sorted(env), sorted(wanted))
    assert inventory_env(provider) == module_env(provider)
    # the event sources read the profile's variables, as the modules do
    assert {option: PROFILES[provider].credentials.env[option] for option in CREDENTIAL_OPTIONS} == module_env(provider)
    assert env[module_env(provider)['api_key']] == 'the-key'
    assert env[module_env(provider)['api_url']] == ''  # left blank: every plugin must read it as not set


@pytest.mark.parametrize('provider', sorted(PROFILES))
def test_a_field_left_blank_is_not_set_for_the_modules_and_the_event_sources(provider, monkeypatch):
    for name, value in injected(provider, api_key='%s_blank_field' % PROFILES[provider].credentials.key_prefixes[0]).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(PROFILES[provider].credentials.env['api_timeout'], '  ')
    with pytest.raises(AnsibleFallbackNotFound):
        env_fallback(module_env(provider)['api_url'])  # so the module takes api_url's default
    with pytest.raises(AnsibleFallbackNotFound):
        env_fallback(PROFILES[provider].credentials.env['api_timeout'])
    found = settings({}, PROFILES[provider], 'source', billing=False)
    assert (found.api_url, found.api_timeout) == (PROFILES[provider].wire.default_url, 30)


@pytest.mark.parametrize('provider', sorted(PROFILES))
def test_the_key_is_secret_and_required_and_only_the_key_is(provider):
    inputs = credential_type(provider)['inputs']
    assert inputs['required'] == ['api_key']
    assert [field['id'] for field in inputs['fields'] if field.get('secret')] == ['api_key']
    assert not any(name.startswith(('ANSIBLE_', 'EDA_')) for name in credential_type(provider)['injectors']['env'])


def test_the_navigator_sample_passes_exactly_the_credential_variables_into_the_container():
    settings = yaml.safe_load((ROOT / 'docs' / 'aap' / 'ansible-navigator.yml').read_text())['ansible-navigator']
    passed = settings['execution-environment']['environment-variables']['pass']
    assert sorted(passed) == sorted(name for provider in PROFILES for name in credential_type(provider)['injectors']['env'])
    assert 'set' not in settings['execution-environment']['environment-variables']  # no value written in the file

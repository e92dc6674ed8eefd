"""Collection metadata that is kept by hand and must not drift."""

from __future__ import annotations

import pathlib

import yaml

from ansible_collections.openclaw.hosting.plugins.module_utils._client import USER_AGENT
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import PROFILES
from ansible_collections.openclaw.hosting.plugins.module_utils._version import COLLECTION_VERSION

ROOT = next(p for p in pathlib.Path(__file__).resolve().parents if (p / 'galaxy.yml').is_file())


def load(relative):
    return yaml.safe_load((ROOT / relative).read_text())


def modules():
    return sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')


def test_every_module_is_in_its_providers_action_group():
    groups = load('meta/runtime.yml')['action_groups']
    assert set(groups) == set(PROFILES), 'one action group per provider'
    for module in modules():
        provider = module.split('_', 1)[0]
        assert module in groups.get(provider, []), '%s is missing from action group %s in meta/runtime.yml' % (module, provider)


def test_action_groups_list_only_existing_modules():
    listed = {name for members in load('meta/runtime.yml')['action_groups'].values() for name in members}
    assert listed <= set(modules())


def test_version_is_single_sourced_from_galaxy_yml():
    assert load('galaxy.yml')['version'] == COLLECTION_VERSION
    assert USER_AGENT.startswith('openclaw.hosting/%s ' % COLLECTION_VERSION)

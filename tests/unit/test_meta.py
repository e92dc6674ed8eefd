"""Collection metadata that is kept by hand and must not drift."""

from __future__ import annotations

import pathlib
import re

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


def documented_texts():
    """The README, the guides, the roles' READMEs, the playbooks and every plugin's documentation and examples."""
    paths = [ROOT / 'README.md', *(ROOT / 'docs').rglob('*.rst'), *(ROOT / 'roles').rglob('*.md'), *(ROOT / 'roles').rglob('*.yml'),
             *(ROOT / 'playbooks').rglob('*.yml'), *(ROOT / 'plugins').rglob('*.py'), *(ROOT / 'extensions').rglob('*.yml')]
    return {str(path.relative_to(ROOT)): path.read_text() for path in paths}


def test_every_example_that_reads_a_file_keeps_its_last_newline():
    # the file lookup strips the file's last newline unless told not to: a workspace file read with it is written
    # without one, and every diff shows "\ No newline at end of file"
    stripped = ['%s: %s' % (name, call) for name, text in documented_texts().items()
                for call in re.findall(r"lookup\(\s*['\"](?:ansible\.builtin\.)?file['\"][^)]*\)", text) if 'rstrip=false' not in call]
    assert stripped == []


def test_the_highest_version_added_is_the_version_being_released():
    # galaxy.yml's version is the changelog's last release, or the next one being prepared (its fragments pending);
    # and nothing is marked as added in a later version than galaxy.yml's
    version = load('galaxy.yml')['version']
    released = list(load('changelogs/changelog.yaml')['releases'])
    pending = [name for name in (ROOT / 'changelogs' / 'fragments').iterdir() if name.suffix == '.yml']
    assert version == released[-1] or (version not in released and pending), (version, released[-1])
    marked = {value for text in documented_texts().values() for value in re.findall(r"version_added: ['\"]?([0-9.]+)", text)}

    def key(value):
        return tuple(int(part) for part in value.split('.'))
    assert max(marked, key=key) == version, sorted(marked, key=key)

"""Filters of the test scenes: accounts named by the SHA-256 of their keys, so that no key is ever a module argument."""

from __future__ import annotations

import hashlib
import json

ACCOUNT_SECTIONS = ('clawhosters', 'chowder', 'billing')


def _hashed(key):
    return 'sha256:' + hashlib.sha256(key.encode()).hexdigest()


def sim_hashed_keys(scene):
    """The scene with every account key (and Chowder scoped key) replaced by its "sha256:<hex>"."""
    hashed = dict(scene)
    for section in ACCOUNT_SECTIONS:
        if section in scene:
            hashed[section] = {_hashed(key): _hashed_scoped_keys(given) for key, given in scene[section].items()}
    return hashed


def _hashed_scoped_keys(account):
    """A Chowder organization's settings with its scoped keys hashed too."""
    if isinstance(account, dict) and 'scoped_keys' in account:
        return dict(account, scoped_keys={_hashed(key): grant for key, grant in account['scoped_keys'].items()})
    return account


def sim_ids_by_key(created, scene):
    """The ids the simulator created ({"sha256:<hex>": [ids]} per provider), by the scene's own keys."""
    return {key: created[provider][_hashed(key)]
            for provider in ('clawhosters', 'chowder') for key in scene.get(provider, {})}


def sim_inventory_json(text):
    """ansible-inventory's JSON, as every ansible-core line writes it: from 2.19 on, a string the inventory marks as
    unsafe is written as {"__ansible_unsafe": "..."}; here it is the string again, as on the lines before."""
    return json.loads(text, object_hook=lambda value: value['__ansible_unsafe'] if set(value) == {'__ansible_unsafe'} else value)


class FilterModule:
    """The scene filters."""

    def filters(self):
        """Name -> function."""
        return {'sim_hashed_keys': sim_hashed_keys, 'sim_ids_by_key': sim_ids_by_key, 'sim_inventory_json': sim_inventory_json}

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Chowder organization, declared, as a part of the engine: its name and its model providers' keys, as the one
PATCH that makes them so (idempotent: the engine sends it again when its answer is lost).

The API never shows a model key, only which providers have one (`model_providers`): a key is sent when its provider
has none yet, or on every run when the task says so; a provider left out is removed only when the task says so.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ._client import Client
from ._org_api import read_organization, update_organization
from ._parts import Change, Part

MODEL_PROVIDERS = ('anthropic', 'openai', 'gemini')
SENT = 'model_providers_sent'  # in a predicted organization (for the diff only): the providers whose key the PATCH sends


def model_keys_problems(model_api_keys: Optional[Mapping[str, Any]]) -> List[str]:
    """What is wrong with model_api_keys, naming providers but never a key."""
    problems = []
    for provider, key in (model_api_keys or {}).items():
        if provider not in MODEL_PROVIDERS:
            problems.append('model_api_keys has the provider "%s"; the providers are %s' % (provider, ', '.join(MODEL_PROVIDERS)))
        elif not isinstance(key, str) or not key.strip():
            problems.append('model_api_keys.%s is not a key (a non-empty string); to remove a provider, leave it out and '
                            'set purge_model_api_keys' % provider)
    return problems


def changes(organization: Mapping[str, Any], name: Optional[str], model_api_keys: Optional[Mapping[str, str]],
            update: str, purge: bool) -> Dict[str, Any]:
    """The PATCH body that makes the organization as declared ({} when it already is): `update` is on_create or
    always; `purge` removes (sends "" for) the providers model_api_keys leaves out, when it is given."""
    body: Dict[str, Any] = {}
    if name is not None and name != organization['name']:
        body['name'] = name
    if model_api_keys is not None:
        have = set(organization['model_providers'])
        keys = {provider: key.strip() for provider, key in model_api_keys.items() if update == 'always' or provider not in have}
        keys.update({provider: '' for provider in sorted(have - set(model_api_keys)) if purge})
        if keys:
            body['model_api_keys'] = keys
    return body


def predicted(organization: Mapping[str, Any], body: Mapping[str, Any]) -> Dict[str, Any]:
    """The organization as the PATCH would leave it (for check mode and diff)."""
    keys = body.get('model_api_keys', {})
    have = organization['model_providers']
    providers = [p for p in have if keys.get(p) != ''] + [p for p, key in keys.items() if key and p not in have]
    return dict(organization, name=body.get('name', organization['name']), model_providers=providers)


def diff_view(organization: Mapping[str, Any]) -> Dict[str, Any]:
    """What diff mode shows: the name, the providers with a key and (after a PATCH) those whose key it sends, never a
    key: a key sent again changes no provider, and the diff still says whose went."""
    view = {'name': organization['name'], 'model_providers': sorted(organization['model_providers'])}
    return dict(view, **{SENT: organization[SENT]}) if organization.get(SENT) else view


class OrganizationPart(Part):
    """The organization, declared: its name and model keys, update_model_api_keys and purge_model_api_keys."""

    kind = 'organization'

    def __init__(self, client: Client, name: Optional[str] = None, model_api_keys: Optional[Mapping[str, str]] = None,
                 update_model_api_keys: str = 'on_create', purge_model_api_keys: bool = False) -> None:
        super().__init__(client.profile, '')
        self.client = client
        self.name = name
        self.model_api_keys = model_api_keys
        self.update = update_model_api_keys
        self.purge = purge_model_api_keys

    def read(self) -> Dict[str, Any]:
        return read_organization(self.client)

    def compare(self, found: Mapping[str, Any]) -> List[Change]:
        body = changes(found, self.name, self.model_api_keys, self.update, self.purge)
        return [Change('update', True, body)] if body else []

    def apply(self, change: Change, found: Mapping[str, Any]) -> Dict[str, Any]:
        return {'organization': update_organization(self.client, change.data)}

    def predict(self, found: Mapping[str, Any], changes: Sequence[Change]) -> Dict[str, Any]:
        if not changes:
            return dict(found)
        keys = changes[0].data.get('model_api_keys', {})
        return dict(predicted(found, changes[0].data), **{SENT: sorted(provider for provider, key in keys.items() if key)})

    def view(self, state: Mapping[str, Any]) -> Dict[str, Any]:
        return diff_view(state)

    def finish(self, found: Mapping[str, Any], changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        after = self.predict(found, changes)
        after.pop(SENT, None)  # the providers whose key is sent are the diff's alone, never the result's
        return dict(fields, organization=fields.get('organization') or after)

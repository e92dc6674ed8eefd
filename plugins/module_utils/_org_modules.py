# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module side of Chowder's organization and keys: their argument checks (a scoped key, a bad option: refused
before any request) and the run_*_module entry points of chowder_organization(_info) and chowder_api_key(_info)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import _agent_messages as say
from . import _api_key as keys
from . import _organization as org
from . import _parts as parts
from ._client import Client
from ._module import make_client, run_task
from ._org_api import list_keys, organization_key_problem, read_key, read_organization, read_subscription
from ._profiles import CHOWDER
from ._local_file import write_problem
from ._segment import segment_problem


def _organization_client(module: Any, problems: List[Optional[str]]) -> Client:
    """A client for an organization key, or fail_json naming every problem before any request."""
    found = [organization_key_problem(module.params['api_key']), *problems]
    return make_client(module, CHOWDER, [problem for problem in found if problem])


def run_organization_module(module: Any) -> None:
    """chowder_organization: one read, then at most one PATCH with every difference."""
    params = module.params
    client = _organization_client(module, list(org.model_keys_problems(params['model_api_keys'])))
    module.no_log_values.update(key.strip() for key in (params['model_api_keys'] or {}).values())  # as sent: stripped
    part = org.OrganizationPart(client, name=params['name'], model_api_keys=params['model_api_keys'],
                                update_model_api_keys=params['update_model_api_keys'],
                                purge_model_api_keys=params['purge_model_api_keys'])
    run_task(module, client, 'updating the organization', lambda: parts.run(part, module.check_mode, module._diff))


def run_organization_info_module(module: Any) -> None:
    """chowder_organization_info: the organization and its subscription."""
    client = _organization_client(module, [])
    run_task(module, client, 'reading the organization',
             lambda: dict(changed=False, organization=read_organization(client), subscription=read_subscription(client)))


def run_api_key_module(module: Any) -> None:
    """chowder_api_key: the key of a name made present (kept, created or rotated) or absent (revoked)."""
    params = module.params
    present = params['state'] == 'present'
    problems = [keys.expires_at_problem(params['expires_at'])]
    problems += ['%s is empty: a key needs at least one' % option for option in ('instances', 'permissions')
                 if present and params[option] == []]
    if present and not params['raw_key_path'] and not params['return_raw_key']:
        problems.append(say.NO_RAW_KEY_PATH)
    if present and params['raw_key_path']:
        problems.append(write_problem('raw_key_path', params['raw_key_path']))
    if params['id'] is not None:
        problems.append('id addresses one key to revoke: it goes with state: absent' if present else
                        segment_problem('id', params['id']))
    client = _organization_client(module, problems)
    options = ('instances', 'permissions', 'expires_at', 'recreate', 'raw_key_path', 'return_raw_key', 'id')
    part = keys.KeyPart(keys.Keyring(client), params['name'], params['state'],
                        **{option: params[option] for option in options if params[option] is not None})
    run_task(module, client, 'working on the key "%s"' % params['name'], lambda: parts.run(part, module.check_mode, module._diff))


def run_api_key_info_module(module: Any) -> None:
    """chowder_api_key_info: the organization's keys (those of a name), with their instances when asked for."""
    params = module.params
    client = _organization_client(module, [])

    def task() -> Dict[str, Any]:
        found = [key for key in list_keys(client) if params['name'] is None or key['name'] == params['name']]
        if params['details']:
            found = [detail for detail in (read_key(client, key['id']) for key in found) if detail is not None]
        return dict(changed=False, api_keys=found, keys=found)  # keys too: see the RETURN doc

    run_task(module, client, 'reading the keys', task)

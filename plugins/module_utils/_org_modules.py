# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module side of Chowder's organization and keys: their argument checks (a scoped key, a bad option: refused
before any request) and the run_*_module entry points of chowder_organization(_info) and chowder_api_key(_info)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import _api_key as keys
from . import _organization as org
from ._client import Client
from ._module import make_client, run_task
from ._org_api import list_keys, organization_key_problem, read_key, read_organization, read_subscription, update_organization
from ._profiles import CHOWDER
from ._secret_file import path_problem


def _organization_client(module: Any, problems: List[Optional[str]]) -> Client:
    """A client for an organization key, or fail_json naming every problem before any request."""
    found = [organization_key_problem(module.params['api_key']), *problems]
    return make_client(module, CHOWDER, [problem for problem in found if problem])


def run_organization_module(module: Any) -> None:
    """chowder_organization: one read, then at most one PATCH with every difference."""
    params = module.params
    client = _organization_client(module, list(org.model_keys_problems(params['model_api_keys'])))

    def task() -> Dict[str, Any]:
        before = read_organization(client)
        body = org.changes(before, params['name'], params['model_api_keys'], params['update_model_api_keys'],
                           params['purge_model_api_keys'])
        after = before if not body else org.predicted(before, body) if module.check_mode else update_organization(client, body)
        result = dict(changed=bool(body), actions=['update'] if body else [], organization=after)
        if module._diff:
            result['diff'] = dict(before=org.diff_view(before), after=org.diff_view(after))
        return result

    run_task(module, client, 'updating the organization', task)


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
        problems.append('a key that this task creates shows its raw key once: set raw_key_path (a file to write it to) '
                        'or return_raw_key (with no_log: true on the task), or it would be lost')
    if present and params['raw_key_path']:
        problems.append(path_problem('raw_key_path', params['raw_key_path']))
    client = _organization_client(module, problems)
    key = keys.ApiKey(client, params['name'], module.check_mode)

    def task() -> Dict[str, Any]:
        result, before, after = key.run_present(params) if present else key.run_absent()
        if module._diff:
            result['diff'] = dict(before=keys.diff_view(before), after=keys.diff_view(after))
        return result

    run_task(module, client, 'working on the key "%s"' % params['name'], task)


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

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Chowder's organization, subscription and scoped keys on the wire: their URLs and verbs, over Client.request, and
the shape every answer must have (another shape is an ApiError with code bad_answer).

The organization's model keys are never answered; a scoped key's raw key only by its create. These calls need an
organization key: `organization_key_problem` refuses a scoped one before any request.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Mapping, Optional, Tuple

from ._client import NOT_FOUND, Client
from ._errors import ApiError
from ._segment import segment

SCOPED_KEY_PREFIX = 'chd_sk_'
KEY_ID = re.compile(r'^[A-Za-z0-9_-]{1,128}$')  # it goes into a URL path: only safe characters pass


def organization_key_problem(api_key: Any) -> Optional[str]:
    """Why the key cannot manage the organization and its keys (None: it may)."""
    if isinstance(api_key, str) and api_key.strip().startswith(SCOPED_KEY_PREFIX):
        return ('api_key is a Chowder scoped key (%s...), which cannot read or change the organization and its keys: '
                'give an organization key (chd_org_...)' % SCOPED_KEY_PREFIX)
    return None


def bad_answer(request: str, what: str, maybe_applied: bool = False) -> ApiError:
    """The error of an answer of the wrong shape."""
    return ApiError('%s did not answer with %s' % (request, what), status=200, code='bad_answer', maybe_applied=maybe_applied)


def is_organization(value: Any) -> bool:
    """An organization: an object with a name and the list of its model providers."""
    return (isinstance(value, dict) and isinstance(value.get('name'), str) and isinstance(value.get('model_providers'), list)
            and all(isinstance(provider, str) for provider in value['model_providers']))


def is_key(value: Any) -> bool:
    """A key as listed: an object with a safe id, a name and is_active."""
    return (isinstance(value, dict) and isinstance(value.get('id'), str) and KEY_ID.match(value['id']) is not None
            and isinstance(value.get('name'), str) and isinstance(value.get('is_active'), bool))


def is_grant(value: Any) -> bool:
    """One of a key's instances: {instance_id, permissions}."""
    return (isinstance(value, dict) and isinstance(value.get('instance_id'), str) and isinstance(value.get('permissions'), list)
            and all(isinstance(permission, str) for permission in value['permissions']))


def read_organization(client: Client) -> Dict[str, Any]:
    """GET /organization."""
    payload = client.request('GET', '/organization')
    if not is_organization(payload):
        raise bad_answer('GET /organization', 'an organization (an object with a name and its model_providers)')
    return payload


def update_organization(client: Client, body: Mapping[str, Any]) -> Dict[str, Any]:
    """PATCH /organization: the organization as updated."""
    payload = client.request('PATCH', '/organization', body)
    if not is_organization(payload):
        raise bad_answer('PATCH /organization', 'the organization it updated', maybe_applied=True)
    return payload


def read_subscription(client: Client) -> Dict[str, Any]:
    """GET /subscription."""
    payload = client.request('GET', '/subscription')
    if not isinstance(payload, dict) or not isinstance(payload.get('tier'), str):
        raise bad_answer('GET /subscription', 'a subscription (an object with its tier)')
    return payload


def list_keys(client: Client) -> Tuple[Dict[str, Any], ...]:
    """GET /keys: every key of the organization, revoked and expired ones too (is_active false)."""
    payload = client.request('GET', '/keys')
    if not isinstance(payload, list) or not all(is_key(item) for item in payload):
        raise bad_answer('GET /keys', 'a list of keys (objects with an id, a name and is_active)')
    return tuple(payload)


def read_key(client: Client, key_id: str) -> Optional[Dict[str, Any]]:
    """GET /keys/<id>: the key with its instances and their permissions; None when the API answers 404."""
    path = '/keys/%s' % segment(key_id, 'the key id')
    payload = client.read(path)
    if payload is NOT_FOUND:
        return None
    if not is_key(payload) or not isinstance(payload.get('instances'), list) or not all(is_grant(g) for g in payload['instances']):
        raise bad_answer('GET %s' % path, 'a key with its instances ({instance_id, permissions} each)')
    return payload


def create_key(client: Client, body: Mapping[str, Any]) -> Dict[str, Any]:
    """POST /keys: the new key, with its raw key. An answer that is not a key with a raw key is no clear answer: the
    key may have been created (maybe_applied)."""
    payload = client.request('POST', '/keys', body)
    if not is_key(payload) or not isinstance(payload.get('raw_key'), str) or not payload['raw_key'].strip():
        raise bad_answer('POST /keys', 'the key it created and its raw key', maybe_applied=True)
    return payload


def revoke_key(client: Client, key_id: str) -> None:
    """DELETE /keys/<id>: the key no longer opens anything, at once and for good."""
    client.request('DELETE', '/keys/%s' % segment(key_id, 'the key id'))

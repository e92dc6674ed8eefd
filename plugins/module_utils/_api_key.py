# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Chowder scoped key, declared, as a part of the engine: found by its name among the organization's active keys,
compared, created, rotated (create, then revoke) or revoked, and its raw key (shown once, by the create) kept where
the task says.

Neither a create nor a revoke is idempotent: the engine settles a lost one by a read (the list, the key).
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from . import _agent_messages as say
from ._client import Client
from ._errors import ApiError
from ._find import pick_by_name
from ._messages import TaskFailed
from ._org_api import create_key, list_keys, read_key, revoke_key
from ._parts import Change, Part
from ._local_file import write_secret

PERMISSIONS = ('read', 'interact', 'configure', 'files', 'channels')


def parse_instant(text: str) -> datetime.datetime:
    """An ISO 8601 date and time with its offset (Z or +hh:mm); ValueError otherwise."""
    moment = datetime.datetime.fromisoformat(text.strip()[:-1] + '+00:00' if text.strip()[-1:] in 'Zz' else text.strip())
    if moment.tzinfo is None:
        raise ValueError('it has no offset')
    return moment


def expires_at_problem(value: Optional[str]) -> Optional[str]:
    """What is wrong with expires_at (None: nothing)."""
    try:
        if value is not None:
            parse_instant(value)
    except ValueError:
        return ('expires_at must be an ISO 8601 date and time with its offset, such as 2027-01-31T00:00:00Z, got "%s"'
                % value)
    return None


def same_instant(left: Optional[str], right: Optional[str]) -> bool:
    """Whether two expiries are the same (no expiry, or the same instant however written)."""
    if left is None or right is None:
        return left is right
    try:
        return parse_instant(left) == parse_instant(right)
    except ValueError:
        return False


def differences(key: Mapping[str, Any], instance_ids: Sequence[str], permissions: Sequence[str],
                expires_at: Optional[str]) -> List[str]:
    """The fields in which a key (as GET /keys/<id> shows it) differs from the declared one."""
    found = []
    if {grant['instance_id'] for grant in key['instances']} != set(instance_ids):
        found.append('instances')
    if any(set(grant['permissions']) != set(permissions) for grant in key['instances']):
        found.append('permissions')
    if not same_instant(key.get('expires_at'), expires_at):
        found.append('expires_at')
    return found


def instance_ids(key: Optional[Mapping[str, Any]]) -> List[str]:
    """The instances a key (as GET /keys/<id> shows it) is bound to; none for a key that is gone."""
    return [grant['instance_id'] for grant in (key or {}).get('instances') or ()]


def shown(key: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A key as a result shows it: never its raw key."""
    return None if key is None else {field: value for field, value in key.items() if field != 'raw_key'}


def diff_view(key: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """What diff mode shows of a key."""
    if key is None:
        return {'state': 'absent'}
    grants = key.get('instances') or []
    return {'name': key.get('name'), 'instances': sorted(grant['instance_id'] for grant in grants),
            'permissions': sorted({permission for grant in grants for permission in grant['permissions']}),
            'expires_at': key.get('expires_at')}


class Keyring:
    """The organization's keys, listed once for every key part of a task; `known`: instance ids the task knows (the
    agent's), which need no list of instances to be found."""

    def __init__(self, client: Client, known: Sequence[str] = ()) -> None:
        self.client = client
        self.known = tuple(known)
        self.listed: Optional[Tuple[Dict[str, Any], ...]] = None
        self.instances: Optional[Sequence[Mapping[str, Any]]] = None

    def keys(self, fresh: bool = False) -> Tuple[Dict[str, Any], ...]:
        if self.listed is None or fresh:
            self.listed = list_keys(self.client)
        return self.listed

    def active(self, name: str, fresh: bool = False) -> List[Dict[str, Any]]:
        """The active keys with the name."""
        return [key for key in self.keys(fresh) if key['name'] == name and key['is_active'] is True]

    def resolve(self, items: Sequence[str], known: Sequence[str]) -> List[str]:
        """The instance ids of `items` (ids or names); the instances are listed (once) only for an item that is not
        one of the `known` ids. An item that finds no instance, or a name that finds two, fails before any write."""
        ids, unknown = [], []
        for item in items:
            if item in known or item in self.known:
                ids.append(item)
                continue
            self.instances = self.client.list_instances() if self.instances is None else self.instances
            by_id = [instance for instance in self.instances if str(instance['id']) == item]
            found = by_id[0] if by_id else pick_by_name(self.instances, self.client.profile, item)
            if found is None:
                unknown.append(item)
            else:
                ids.append(str(found['id']))
        if unknown:
            raise TaskFailed(say.unknown_instances(unknown))
        return list(dict.fromkeys(ids))


class Key(NamedTuple):
    """A key as read: the active key with the name and its instances (None: none), the declared instances' ids, every
    active key with the name (for state absent: those to revoke), and when it was read (on the task's clock)."""

    old: Optional[Dict[str, Any]]
    ids: Tuple[str, ...] = ()
    active: Tuple[Dict[str, Any], ...] = ()
    now: float = 0.0


def key_changes(name: str, present: bool, wanted: Mapping[str, Any], found: Key) -> List[Change]:
    """Nothing for a key as declared; a create (and a revoke of the old one) for a missing or a differing one, as
    recreate allows; a revoke of every active key for absent. Refused: a key bound elsewhere than to the agent it is
    declared for (`bound_to`: another agent's key), and a create with nowhere to keep its raw key. Pure."""
    if not present:
        return [Change('revoke', False, key['id']) for key in found.active]
    old = found.old
    if old and wanted['bound_to'] and wanted['bound_to'] not in instance_ids(old):
        raise TaskFailed(say.another_agents_key(name, old['id']))
    differing = differences(old, found.ids, wanted['permissions'], wanted['expires_at']) if old else []
    if old and wanted['recreate'] == 'never' and differing:
        raise TaskFailed(say.key_differs(name, old['id'], differing))
    if old and not differing and wanted['recreate'] != 'always':
        return []
    if not wanted['raw_key_path'] and not wanted['return_raw_key']:
        raise TaskFailed(say.no_raw_key_path(name))
    if wanted['expires_at'] is not None and parse_instant(wanted['expires_at']).timestamp() <= found.now:
        raise TaskFailed(say.expired(name, wanted['expires_at']))
    body = dict(name=name, instance_ids=list(found.ids), permissions=list(wanted['permissions']))
    if wanted['expires_at'] is not None:
        body['expires_at'] = wanted['expires_at']
    return [Change('create', False, body)] + ([Change('revoke', False, old['id'])] if old else [])


class KeyPart(Part):
    """One declared key of one organization: state, instances, permissions, expires_at, recreate, raw_key_path and
    return_raw_key (the option names of chowder_api_key), id (with state absent, the one key of the name to revoke),
    and bound_to, the one agent it is declared for (if any)."""

    kind = 'key'

    def __init__(self, keyring: Keyring, name: str, state: str = 'present', **wanted: Any) -> None:
        super().__init__(keyring.client.profile, name)
        self.keyring = keyring
        self.present = state == 'present'
        self.wanted = dict(dict(instances=[], permissions=[], expires_at=None, recreate='never', raw_key_path=None,
                                return_raw_key=False, bound_to=None, id=None), **wanted)
        self.wanted['permissions'] = list(dict.fromkeys(self.wanted['permissions']))

    def read(self) -> Key:
        found = self.keyring.active(self.item)
        if not self.present:
            if self.wanted['id'] is not None:  # that key only
                found = [key for key in found if key['id'] == self.wanted['id']]
            if self.wanted['bound_to'] is not None:  # an agent's own keys only: never another agent's of the name
                found = [key for key in found if self.wanted['bound_to'] in instance_ids(read_key(self.keyring.client, key['id']))]
            return Key(found[0] if found else None, active=tuple(found))
        if len(found) > 1:
            raise TaskFailed(say.several_keys(self.item, [key['id'] for key in found]))
        old = read_key(self.keyring.client, found[0]['id']) if found else None
        known = [grant['instance_id'] for grant in old['instances']] if old else ()
        return Key(old, tuple(self.keyring.resolve(self.wanted['instances'], known)), now=self.keyring.client.clock.time())

    def compare(self, found: Key) -> List[Change]:
        return key_changes(self.item, self.present, self.wanted, found)

    def apply(self, change: Change, found: Key) -> Dict[str, Any]:
        if change.action == 'revoke':
            revoke_key(self.keyring.client, change.data)
            return {}
        new = create_key(self.keyring.client, change.data)
        fields: Dict[str, Any] = dict(key=dict(shown(new) or {}, instances=self._grants(found)))
        if self.wanted['return_raw_key']:
            fields['raw_key'] = new['raw_key']
        if self.wanted['raw_key_path']:
            try:
                write_secret(self.wanted['raw_key_path'], (new['raw_key'] + '\n').encode())
            except OSError as error:
                raise TaskFailed(say.raw_key_not_written(self.item, new['id'], self.wanted['raw_key_path'],
                                                         error.strerror or str(error), found.old and found.old['id']),
                                 changed=True, actions=['create'], **fields) from error
            fields['raw_key_path'] = os.path.abspath(self.wanted['raw_key_path'])
        return fields

    def settle(self, change: Change, found: Key, lost: ApiError) -> Optional[Dict[str, Any]]:
        if change.action == 'revoke':
            key = read_key(self.keyring.client, change.data)
            return {} if key is None or key['is_active'] is False else None
        before = {key['id'] for key in self.keyring.keys()}
        created = [key['id'] for key in self.keyring.active(self.item, fresh=True) if key['id'] not in before]
        if not created:
            return None
        raise TaskFailed(say.answer_lost(self.label, 'create', lost, 'its raw key',
                                         say.raw_key_lost(self.item, created, found.old and found.old['id'])), lost, changed=True)

    def _grants(self, found: Key) -> List[Dict[str, Any]]:
        return [{'instance_id': instance_id, 'permissions': self.wanted['permissions']} for instance_id in found.ids]

    def predict(self, found: Key, changes: Sequence[Change]) -> Key:
        create = [change for change in changes if change.action == 'create']
        if not self.present or not create:
            return found if self.present else Key(None)
        return Key(dict(create[0].data, id=None, is_active=True, instances=self._grants(found)), found.ids)

    def view(self, state: Key) -> Dict[str, Any]:
        return diff_view(state.old)

    def finish(self, found: Key, changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        key = fields.get('key') or (shown(self.predict(found, changes).old) if check_mode or not changes else None)
        return dict(fields, key=key if self.present else None)

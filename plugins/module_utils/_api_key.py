# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Chowder scoped key, declared: found by its name among the organization's active keys, compared, created,
rotated or revoked, and its raw key (shown once, by the create) kept where the task says.

A create without a clear answer is never sent again: the keys are listed to say whether it was carried out.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ._client import Client
from ._errors import ApiError
from ._find import pick_by_name
from ._messages import TaskFailed, api_failure
from ._org_api import create_key, list_keys, read_key, revoke_key
from ._secret_file import write_secret

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


Outcome = Tuple[Dict[str, Any], Optional[Mapping[str, Any]], Optional[Mapping[str, Any]]]  # result, key before, after


class ApiKey:
    """One declared key of one organization: `run_present` and `run_absent` return the module's result and the key
    before and after, for diff mode."""

    def __init__(self, client: Client, name: str, check_mode: bool) -> None:
        self.client = client
        self.name = name
        self.check_mode = check_mode
        self.listed: Tuple[Dict[str, Any], ...] = ()

    def active(self) -> List[Dict[str, Any]]:
        """The active keys with the name (one list request)."""
        self.listed = list_keys(self.client)
        return [key for key in self.listed if key['name'] == self.name and key['is_active'] is True]

    def existing(self) -> Optional[Dict[str, Any]]:
        """The one active key with the name, with its instances; None when there is none; two or more fail."""
        found = self.active()
        if len(found) > 1:
            raise TaskFailed('%d active Chowder keys are named "%s" (%s): a name must find one key. Revoke the ones '
                             'that are not wanted and run the task again.'
                             % (len(found), self.name, ', '.join(key['id'] for key in found)))
        return read_key(self.client, found[0]['id']) if found else None

    def resolve(self, items: Sequence[str], known: Sequence[str]) -> List[str]:
        """The instance ids of `items` (ids or names); the instances are listed only for an item that is not one of
        the `known` ids. An item that finds no instance, or a name that finds two, fails before any write."""
        listed: Optional[Sequence[Mapping[str, Any]]] = None
        ids, unknown = [], []
        for item in items:
            if item in known:
                ids.append(item)
                continue
            listed = self.client.list_instances() if listed is None else listed
            by_id = [instance for instance in listed if str(instance['id']) == item]
            found = by_id[0] if by_id else pick_by_name(listed, self.client.profile, item)
            if found is None:
                unknown.append(item)
            else:
                ids.append(str(found['id']))
        if unknown:
            raise TaskFailed('instances: no Chowder instance has the id or name %s; nothing was changed'
                             % ', '.join('"%s"' % item for item in unknown))
        return list(dict.fromkeys(ids))

    def run_present(self, params: Mapping[str, Any]) -> Outcome:
        """Make the key exist as declared: keep it, fail on a difference, or create (rotate) it."""
        old = self.existing()
        ids = self.resolve(params['instances'], [grant['instance_id'] for grant in old['instances']] if old else ())
        permissions = list(dict.fromkeys(params['permissions']))
        found = differences(old, ids, permissions, params['expires_at']) if old else []
        if old and params['recreate'] == 'never' and found:
            raise TaskFailed('The Chowder key "%s" (%s) differs in %s, and a scoped key cannot be changed: set recreate: '
                             'on_change to replace it with a new key (create, then revoke the old one).'
                             % (self.name, old['id'], ', '.join(found)))
        if old and not found and params['recreate'] != 'always':
            return dict(changed=False, actions=[], key=shown(old)), old, old
        body = dict(name=self.name, instance_ids=ids, permissions=permissions)
        if params['expires_at'] is not None:
            body['expires_at'] = params['expires_at']
        wanted = dict(body, id=None, is_active=True, instances=[{'instance_id': i, 'permissions': permissions} for i in ids])
        actions = ['create', 'revoke'] if old else ['create']
        if self.check_mode:
            return dict(changed=True, actions=actions, key=shown(wanted)), old, wanted
        new = self.create(body)
        key = dict(shown(new) or {}, instances=wanted['instances'])
        result = dict(changed=True, actions=actions, key=key)
        if params['raw_key_path']:
            try:
                write_secret(params['raw_key_path'], (new['raw_key'] + '\n').encode())
            except OSError as error:
                raise TaskFailed('The Chowder key "%s" was created (%s), but its raw key could not be written to %s (%s): '
                                 'revoke it (state: absent) and run the task again.%s'
                                 % (self.name, new['id'], params['raw_key_path'], error.strerror or error,
                                    ' The old key %s is still active.' % old['id'] if old else ''), changed=True) from error
            result['raw_key_path'] = params['raw_key_path']
        if params['return_raw_key']:
            result['raw_key'] = new['raw_key']
        if old:
            try:
                revoke_key(self.client, old['id'])
            except ApiError as error:  # the new key is kept and saved: say so
                failure = api_failure(error, self.client.profile, 'revoking the old key %s' % old['id'])
                failure.msg += (' The new key %s was created and its raw key kept; revoke the old key by its id '
                                '(or run the task again with recreate: on_change once the keys match).' % new['id'])
                failure.fields['changed'] = True
                if params['return_raw_key']:
                    failure.fields['raw_key'] = new['raw_key']
                raise failure from error
        return result, old, key

    def create(self, body: Mapping[str, Any]) -> Dict[str, Any]:
        """POST /keys, sent once; without a clear answer, the keys are listed to say whether it was carried out."""
        before = {key['id'] for key in self.listed}
        try:
            return create_key(self.client, body)
        except ApiError as error:
            if not error.maybe_applied:
                raise api_failure(error, self.client.profile, 'creating the key "%s"' % self.name) from error
            lost = error
        try:
            created = [key['id'] for key in self.active() if key['id'] not in before]
        except ApiError as error:
            raise TaskFailed('Creating the Chowder key "%s" got no clear answer (%s), and the keys could not be listed '
                             'to find out whether it was created (%s): look for it in the Chowder dashboard, revoke it if '
                             'it is there, and run the task again.' % (self.name, lost.message, error.message), lost) from error
        if created:
            raise TaskFailed('The Chowder key "%s" was created (%s), but the answer that held its raw key was lost (%s): '
                             'revoke it (state: absent) and run the task again.'
                             % (self.name, ', '.join(created), lost.message), lost, changed=True)
        raise TaskFailed('Creating the Chowder key "%s" got no clear answer (%s), and no new key has the name: nothing '
                         'was created. Run the task again.' % (self.name, lost.message), lost)

    def run_absent(self) -> Outcome:
        """Revoke every active key with the name."""
        found = self.active()
        for key in found if not self.check_mode else ():
            revoke_key(self.client, key['id'])
        return dict(changed=bool(found), actions=['revoke'] * len(found), key=None), found[0] if found else None, None

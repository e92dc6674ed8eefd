# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the event sources emit: each poll's answer against the last good one, as one event per instance and change.

Only a good answer moves the baseline, so a poll that failed loses no change and repeats none: the next good one is
compared with the last good one. The events:

    {"openclaw": {"provider": ..., "type": "added" | "changed" | "removed", "instance": {...},
                  "changes": {"<field>": {"old": ..., "new": ...}}}}    (changes: on "changed" only)
    {"openclaw": {"provider": "clawhosters", "type": "billing", "billing": {...}}}
    {"openclaw": {"provider": ..., "type": "error", "message": "..."}}

With `set_hosts`, an instance's event also has "meta": {"hosts": "<its inventory host name>"}. Fields that may hold
secrets (the profile's secret_fields, such as Chowder's openclaw_config) are never part of an event.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from ansible_collections.openclaw.hosting.plugins.module_utils._profile import Profile
from ansible_collections.openclaw.hosting.plugins.plugin_utils._host_names import RESERVED_HOSTS, host_names, listed_by_default


class Changes:
    """The instances (and the billing summary) as the last good answers showed them, and the events a new one makes."""

    def __init__(self, profile: Profile, set_hosts: bool, initial: bool) -> None:
        self.profile = profile
        self.set_hosts = set_hosts
        self.initial = initial
        self.instances: Optional[Dict[str, Dict[str, Any]]] = None  # by id; None until the first good list
        self.hosts: Dict[str, str] = {}  # instance id -> its host name, as the last good list named them
        self.billing: Optional[Mapping[str, Any]] = None

    def of_instances(self, listed: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
        """The events of a good list answer: added, changed and removed instances (every one "added" on the first,
        when `initial`); the list becomes the baseline."""
        secret = self.profile.schema.secret_fields  # never in an event: they are in no rulebook's business
        current = {str(inst['id']): {field: value for field, value in inst.items() if field not in secret} for inst in listed}
        hosts = self._host_names(listed)
        previous, old_hosts = self.instances, self.hosts
        self.instances, self.hosts = current, hosts
        if previous is None and not self.initial:
            return []
        previous = previous or {}
        events = []
        for key, inst in current.items():
            if key not in previous:
                events.append(self._event('added', inst, hosts.get(key)))
            else:
                changes = {field: {'old': previous[key].get(field), 'new': inst.get(field)}
                           for field in sorted(set(previous[key]) | set(inst)) if previous[key].get(field) != inst.get(field)}
                if changes:
                    events.append(self._event('changed', inst, hosts.get(key), changes))
        for key, gone in previous.items():
            if key not in current:
                events.append(self._event('removed', gone, old_hosts.get(key)))
        return events

    def of_billing(self, summary: Mapping[str, Any]) -> List[Dict[str, Any]]:
        """The event of a good billing summary: on the first (when `initial`), and whenever low_balance changes."""
        previous, self.billing = self.billing, summary
        if previous is None:
            return [self._billing(summary)] if self.initial else []
        if previous.get('low_balance') != summary.get('low_balance'):
            return [self._billing(summary)]
        return []

    def error(self, message: str) -> Dict[str, Any]:
        """The event that a streak of failed polls began."""
        return {'openclaw': {'provider': self.profile.name, 'type': 'error', 'message': message}}

    def _event(self, kind: str, instance: Mapping[str, Any], host: Optional[str],
               changes: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {'provider': self.profile.name, 'type': kind, 'instance': dict(instance)}
        if changes is not None:
            body['changes'] = changes
        event: Dict[str, Any] = {'openclaw': body}
        if self.set_hosts and host:
            event['meta'] = {'hosts': host}
        return event

    def _billing(self, summary: Mapping[str, Any]) -> Dict[str, Any]:
        return {'openclaw': {'provider': self.profile.name, 'type': 'billing', 'billing': dict(summary)}}

    def _host_names(self, listed: Sequence[Mapping[str, Any]]) -> Dict[str, str]:
        """Instance id -> host name, as the provider's inventory plugin with its default options names the hosts."""
        if not self.set_hosts:
            return {}
        shown = [inst for inst in listed if listed_by_default(inst, self.profile)]
        named = host_names(shown, 'name', set(RESERVED_HOSTS) | {self.profile.name})
        return {str(inst['id']): host for host, inst in named.items()}

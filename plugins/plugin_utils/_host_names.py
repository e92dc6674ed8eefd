# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The host name an instance has in an inventory plugin's inventory, which the event sources give their events too.

A host is named after its instance (its name, or its id); never two instances one host, never an instance a host
that another source or Ansible already has: such an instance is "<name>_<id>".
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Collection, Dict, List, Mapping, Sequence

from ansible_collections.openclaw.hosting.plugins.module_utils._profile import Profile

RESERVED_HOSTS = ('localhost', '127.0.0.1', '::1', 'all', 'ungrouped')  # never an instance's host name


def listed_by_default(instance: Mapping[str, Any], profile: Profile) -> bool:
    """Whether an inventory without a `statuses` option has a host for the instance: not when it is being deleted or gone."""
    return instance.get('status') not in tuple(status for status in (profile.lifecycle.deleting_status, *profile.lifecycle.gone_statuses) if status)


def host_names(instances: Sequence[Mapping[str, Any]], source: str, taken: Collection[str] = ()) -> Dict[str, Mapping[str, Any]]:
    """Inventory host name -> instance: its name (or id), unless another instance shares it or `taken` holds it
    (a host from another source, a reserved name); then "<name>_<id>". Two instances are never merged into one host,
    nor an instance with another host."""
    counts = Counter(natural_name(inst, source) for inst in instances)
    names: Dict[str, Mapping[str, Any]] = {}
    for inst in instances:
        host = natural_name(inst, source)
        if counts[host] > 1 or host in taken:
            host = '%s_%s' % (host, inst['id'])
        while host in names or host in taken:  # an instance whose own name looks like another's "<name>_<id>"
            host = '%s_%s' % (host, inst['id'])
        names[host] = inst
    return names


def natural_name(instance: Mapping[str, Any], source: str) -> str:
    """The host name an instance has when nothing else claims it: its name, or its id."""
    return str(instance['id'] if source == 'id' else instance.get('name'))


def renaming_warnings(hosts: Mapping[str, Mapping[str, Any]], source: str, profile: Profile) -> List[str]:
    """One warning for the hosts that could not be named after their instance: "<name>_<id>" instead."""
    renamed = sorted('%s (instead of %s)' % (host, natural_name(inst, source)) for host, inst in hosts.items()
                     if host != natural_name(inst, source))
    if not renamed:
        return []
    return ['%s instances whose %s another instance shares, or another inventory source (or Ansible) already uses as a '
            'host name, are in the inventory as %s.' % (profile.title, source, ', '.join(renamed))]

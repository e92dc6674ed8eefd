# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory plugin clawhosters."""

from __future__ import annotations

DOCUMENTATION = r"""
name: clawhosters
short_description: ClawHosters OpenClaw instances as inventory hosts
version_added: 1.0.0
description:
  - Reads every instance of a ClawHosters account with one request (C(GET /instances)) and adds each as a host
    of the group C(clawhosters).
  - Every field the API lists becomes a host variable prefixed with C(clawhosters_) (C(clawhosters_id),
    C(clawhosters_status), C(clawhosters_tier), C(clawhosters_billing_mode), C(clawhosters_ip_address),
    C(clawhosters_health_status), ...). C(ansible_host) is the instance's IP address once it has one.
  - The inventory file's name must end in C(clawhosters.yml) or C(clawhosters.yaml).
  - Each host is an API object. Tasks that manage it run on the controller; set C(connection=local) for
    the play (or C(delegate_to=localhost)) and pass the host variable C(clawhosters_id) as
    O(openclaw.hosting.clawhosters_instance#module:id).
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  plugin:
    description: The name of this plugin; it marks the file as this plugin's.
    type: str
    required: true
    choices: [openclaw.hosting.clawhosters]
extends_documentation_fragment:
  - openclaw.hosting.clawhosters.inventory
  - openclaw.hosting.instance_inventory
  - openclaw.hosting.instance_filter
  - openclaw.hosting.instance_filter.statuses
  - openclaw.hosting.instance_filter.tiers
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
seealso:
  - module: openclaw.hosting.clawhosters_instance
"""

EXAMPLES = r"""
# inventory/openclaw.clawhosters.yml -- the key comes from CLAWHOSTERS_API_KEY.
# The plugin line alone adds every instance; the rest groups them by status and tier, leaves out
# stopped instances, and caches the list for 5 minutes.
plugin: openclaw.hosting.clawhosters
statuses: [running, pending_configuration, provisioning, deploying]
keyed_groups:
  - key: clawhosters_status
    prefix: status
  - key: clawhosters_tier
    prefix: tier
groups:
  unhealthy: clawhosters_health_status == 'unhealthy'
compose:
  ansible_connection: "'local'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-inventory
cache_timeout: 300
"""

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.plugin_utils._inventory import InstanceInventory


class InventoryModule(InstanceInventory):
    """ClawHosters instances as hosts."""

    NAME = 'openclaw.hosting.clawhosters'
    PROFILE = CLAWHOSTERS

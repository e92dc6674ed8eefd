# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory plugin chowder."""

from __future__ import annotations

DOCUMENTATION = r"""
name: chowder
short_description: Chowder OpenClaw instances as inventory hosts
version_added: 1.0.0
description:
  - Reads every instance of a Chowder organization with one request (C(GET /instances)) and adds each as a host
    of the group C(chowder).
  - Every field the API lists becomes a host variable prefixed with C(chowder_) (C(chowder_id), C(chowder_status),
    C(chowder_model_provider), C(chowder_region), C(chowder_gateway_url), ...).
  - Chowder instances are sandboxes reached through Chowder's gateway, so no C(ansible_host) is set.
  - The inventory file's name must end in C(chowder.yml) or C(chowder.yaml).
  - Each host is an API object. Tasks that manage it run on the controller; set C(connection=local) for
    the play (or C(delegate_to=localhost)) and pass the host variable C(chowder_id) as
    O(openclaw.hosting.chowder_instance#module:id).
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  plugin:
    description: The name of this plugin; it marks the file as this plugin's.
    type: str
    required: true
    choices: [openclaw.hosting.chowder]
  include_secret_fields:
    description:
      - Whether host variables (and the inventory cache) hold C(chowder_openclaw_config).
      - OpenClaw's settings may hold channel tokens and provider keys, so by default they are left out of the
        inventory, where every play, C(ansible-inventory --list) and the cache would show them. Read them with
        M(openclaw.hosting.chowder_instance_info) where a task needs them.
    type: bool
    default: false
extends_documentation_fragment:
  - openclaw.hosting.chowder.inventory
  - openclaw.hosting.instance_inventory
  - openclaw.hosting.instance_filter
  - openclaw.hosting.instance_filter.statuses
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
seealso:
  - module: openclaw.hosting.chowder_instance
"""

EXAMPLES = r"""
# inventory/openclaw.chowder.yml -- the organization key comes from CHOWDER_API_KEY.
# The plugin line alone adds every instance; the rest groups them by model provider and status.
plugin: openclaw.hosting.chowder
keyed_groups:
  - key: chowder_model_provider
    prefix: provider
  - key: chowder_status
    prefix: status
compose:
  ansible_connection: "'local'"
"""

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.plugin_utils._inventory import InstanceInventory


class InventoryModule(InstanceInventory):
    """Chowder instances as hosts."""

    NAME = 'openclaw.hosting.chowder'
    PROFILE = CHOWDER

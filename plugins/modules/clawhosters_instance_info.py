#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module clawhosters_instance_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: clawhosters_instance_info
short_description: List ClawHosters OpenClaw instances
version_added: 1.0.0
description:
  - Without O(id) or O(name), lists every instance of the account (one request, list fields only).
  - With O(id) or O(name), returns the matching instances with their detail fields (C(can_*) flags,
    C(subdomain_url), C(daily_claw_cost), ...).
  - O(statuses), O(tiers) and O(name_pattern) keep only the instances that pass them, from the same one list
    request; with O(name), only the ones that pass have their details read.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  id:
    description: Only the instance with this id (an empty list when there is none).
    type: int
  name:
    description: Only the instances with this name (names need not be unique).
    type: str
extends_documentation_fragment:
  - openclaw.hosting.instance_filter
  - openclaw.hosting.instance_filter.module_statuses
  - openclaw.hosting.instance_filter.tiers
  - openclaw.hosting.clawhosters
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: N/A
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.clawhosters_instance
"""

EXAMPLES = r"""
- name: List every instance
  openclaw.hosting.clawhosters_instance_info:
  register: all_instances

- name: Names of the running instances
  ansible.builtin.debug:
    msg: "{{ all_instances.instances | selectattr('status', 'equalto', 'running') | map(attribute='name') }}"

- name: The running and pending instances of the pro tier whose names start with support-
  openclaw.hosting.clawhosters_instance_info:
    statuses: [running, pending_configuration]
    tiers: [pro]
    name_pattern: ^support-
  register: support

- name: Details of one instance by name
  openclaw.hosting.clawhosters_instance_info:
    name: my-ai-bot
  register: bot
"""

RETURN = r"""
instances:
  description: The instances, in the API's order; always a list, empty when nothing matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 42
      name: my-ai-bot
      status: running
      tier: balanced
      billing_mode: daily
      ip_address: "2a01:4f9:0:0::abcd:1234"
      health_status: healthy
      created_at: "2026-02-05T12:34:56Z"
      provisioned_at: "2026-02-05T12:40:22Z"
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 401
    code: unauthorized
    message: Invalid or missing API key
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.module_utils._module import (
    filter_argument_spec,
    identity_argument_spec,
    provider_argument_spec,
    run_info_module,
)


def main():
    """Run the module."""
    argument_spec = dict(
        **identity_argument_spec(CLAWHOSTERS),
        **filter_argument_spec(CLAWHOSTERS),
        **provider_argument_spec(CLAWHOSTERS),
    )
    module = AnsibleModule(argument_spec, mutually_exclusive=[('id', 'name')], supports_check_mode=True)
    run_info_module(module, CLAWHOSTERS)


if __name__ == '__main__':
    main()

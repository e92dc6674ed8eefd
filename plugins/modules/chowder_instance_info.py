#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_instance_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_instance_info
short_description: List Chowder OpenClaw instances
version_added: 1.0.0
description:
  - Without O(id) or O(name), lists every live instance of the organization, newest first, in one request
    (Chowder leaves C(terminated) instances out of the list).
  - With O(name), the live instances with that name, from the same one request.
  - With O(id), that instance, read by id (one request); a C(terminated) instance is returned as such. This is
    the only form a scoped key (C(chd_sk_...)) can use.
  - O(statuses) and O(name_pattern) keep only the instances that pass them, from the same one request.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  id:
    description: Only the instance with this id (an empty list when there is none).
    type: str
  name:
    description: Only the instances with this name (names need not be unique).
    type: str
extends_documentation_fragment:
  - openclaw.hosting.instance_filter
  - openclaw.hosting.instance_filter.module_statuses
  - openclaw.hosting.chowder
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
  - module: openclaw.hosting.chowder_instance
"""

EXAMPLES = r"""
- name: List every instance
  openclaw.hosting.chowder_instance_info:
  register: all_instances

- name: Names of the instances whose provisioning failed, with the reason
  ansible.builtin.debug:
    msg: "{{ all_instances.instances | selectattr('status', 'equalto', 'error') | items2dict(key_name='name', value_name='error_message') }}"

- name: The stopped instances whose names start with night-
  openclaw.hosting.chowder_instance_info:
    statuses: [stopped]
    name_pattern: ^night-
  register: night_shift

- name: One instance by id, with a scoped key
  openclaw.hosting.chowder_instance_info:
    id: f47ac10b-58cc-4372-a567-0e02b2c3d479
    api_key: "{{ vault_chowder_scoped_key }}"
  register: bot
"""

RETURN = r"""
instances:
  description:
    - The instances, in the API's order (newest first); always a list, empty when nothing matches.
    - Secret-looking entries of C(openclaw_config) (channel tokens, API keys) are masked, as
      M(openclaw.hosting.chowder_instance) shows them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: f47ac10b-58cc-4372-a567-0e02b2c3d479
      organization_id: a1b2c3d4-e5f6-7890-abcd-ef1234567890
      name: support-bot
      status: running
      model_provider: anthropic
      sandbox_provider: sandbox
      sandbox_id: sb_abc123
      gateway_url: https://sb-abc123-18789.preview.sandbox.app
      openclaw_version: v1
      openclaw_config: null
      region: null
      error_message: null
      created_at: "2026-02-14T16:00:00.000000+00:00"
      updated_at: "2026-02-14T20:00:00.000000+00:00"
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 403
    code: null
    message: This endpoint requires an organization key (chd_org_*).
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._module import (
    filter_argument_spec,
    identity_argument_spec,
    provider_argument_spec,
    run_info_module,
)


def main():
    """Run the module."""
    argument_spec = dict(
        **identity_argument_spec(CHOWDER),
        **filter_argument_spec(CHOWDER),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, mutually_exclusive=[('id', 'name')], supports_check_mode=True)
    run_info_module(module, CHOWDER)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_api_key_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_api_key_info
short_description: List a Chowder organization's scoped API keys
version_added: 1.1.0
description:
  - Lists the organization's scoped keys, active, revoked and expired (C(is_active)), in one request; with
    O(details), reads each one too for its instances and their permissions.
  - A raw key is never shown; Chowder keeps only a hash.
  - Needs an organization key (C(chd_org_...)); a scoped key (C(chd_sk_...)) is refused before any request.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  name:
    description: Only the keys with this name.
    type: str
  details:
    description: Read each key (one request per key) for its C(instances) and their permissions.
    type: bool
    default: false
extends_documentation_fragment:
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
  - module: openclaw.hosting.chowder_api_key
"""

EXAMPLES = r"""
- name: Every key of the organization
  openclaw.hosting.chowder_api_key_info:
  register: every_key

- name: The ids of the active ones
  ansible.builtin.debug:
    msg: "{{ every_key.api_keys | selectattr('is_active') | map(attribute='id') | list }}"

- name: The support frontend's key, with its instances
  openclaw.hosting.chowder_api_key_info:
    name: support-frontend
    details: true
  register: frontend
"""

RETURN = r"""
api_keys:
  description:
    - The keys, in the API's order. Without O(details) they have no C(instances).
    - The same list is returned as C(keys) too, to be read as C(result['keys']) (C(result.keys) is the dictionary's
      method in Jinja, which is also why ansible-test does not let C(keys) be documented here).
  returned: success
  type: list
  elements: dict
  sample:
    - id: key_4f1c2a9b8e7d6c5b4a3f2e1d
      organization_id: 0d9a6f0e-3a2b-5c1d-9e8f-7a6b5c4d3e2f
      name: support-frontend
      key_prefix: chd_sk_
      is_active: true
      expires_at: null
      created_at: "2026-02-14T16:00:00.000000+00:00"
      instances:
        - instance_id: f47ac10b-58cc-4372-a567-0e02b2c3d479
          permissions: [read, interact]
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

from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._org_modules import run_api_key_info_module
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        name=dict(type='str'),
        details=dict(type='bool', default=False),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_api_key_info_module(module)


if __name__ == '__main__':
    main()

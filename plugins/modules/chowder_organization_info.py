#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_organization_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_organization_info
short_description: Read a Chowder organization and its subscription
version_added: 1.1.0
description:
  - Reads the organization (C(GET /v1/organization)) and its subscription (C(GET /v1/subscription)), in two requests.
  - Needs an organization key (C(chd_org_...)); a scoped key (C(chd_sk_...)) is refused before any request.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options: {}
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
  - module: openclaw.hosting.chowder_organization
"""

EXAMPLES = r"""
- name: Read the organization
  openclaw.hosting.chowder_organization_info:
  register: org

- name: Say how many instances the plan still allows
  ansible.builtin.debug:
    msg: "{{ org.subscription.instance_limit - org.subscription.instance_count if org.subscription.instance_limit is not none else 'no limit' }}"
"""

RETURN = r"""
organization:
  description: The organization; the providers with a model key are in C(model_providers), the keys never are.
  returned: success
  type: dict
  sample:
    id: 0d9a6f0e-3a2b-5c1d-9e8f-7a6b5c4d3e2f
    name: Support team
    model_providers: [anthropic]
    subscription_tier: crab
    instance_limit: 10
    instance_count: 3
    created_at: "2026-02-14T16:00:00.000000+00:00"
    updated_at: "2026-02-14T20:00:00.000000+00:00"
subscription:
  description: The subscription; C(instance_limit) is null when the plan has no limit.
  returned: success
  type: dict
  sample:
    tier: crab
    instance_limit: 10
    instance_count: 3
    stripe_customer_id: cus_abc123
    stripe_subscription_id: sub_abc123
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
from ansible_collections.openclaw.hosting.plugins.module_utils._org_modules import run_organization_info_module
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    module = AnsibleModule(provider_argument_spec(CHOWDER), supports_check_mode=True)
    run_organization_info_module(module)


if __name__ == '__main__':
    main()

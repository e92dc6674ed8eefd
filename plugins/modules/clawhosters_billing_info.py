#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module clawhosters_billing_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: clawhosters_billing_info
short_description: Read the ClawHosters account's Claws balance and costs
version_added: 1.0.0
description:
  - Reads the account's billing summary with C(GET /billing/summary), that is the Claws balance, the daily cost,
    the days remaining, whether the balance is low, and the subscription.
  - With O(include_usage=true), also reads the daily cost per instance and per add-on (C(GET /billing/usage)).
  - Use it to guard a play, for example to refuse to start instances when the balance is low;
    a daily-billed instance is paused by ClawHosters when its Claws run out.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  include_usage:
    description:
      - Also read the usage breakdown and return it as RV(billing.usage). This costs one more request.
    type: bool
    default: false
extends_documentation_fragment:
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
- name: Read the balance
  openclaw.hosting.clawhosters_billing_info:
  register: account

- name: Refuse to start instances on a low balance
  ansible.builtin.assert:
    that: not account.billing.low_balance
    fail_msg: >-
      Only {{ account.billing.days_remaining }} days of Claws left ({{ account.billing.claws_balance }} Claws):
      top up before starting more instances.

- name: Start the instance
  openclaw.hosting.clawhosters_instance:
    name: my-ai-bot
    state: started

- name: The daily cost of each instance
  openclaw.hosting.clawhosters_billing_info:
    include_usage: true
  register: account

- name: Show them
  ansible.builtin.debug:
    msg: "{{ account.billing.usage.instances | items2dict(key_name='name', value_name='daily_claws') }}"
"""

RETURN = r"""
billing:
  description: The account's billing summary, as the API returns it.
  returned: success
  type: dict
  contains:
    claws_balance:
      description: The current Claws balance.
      type: int
      sample: 1200
    daily_claw_cost:
      description: The Claws used per day by all running instances and add-ons.
      type: int
      sample: 210
    days_remaining:
      description: The estimated days until the balance runs out.
      type: int
      sample: 5
    low_balance:
      description: Whether the balance is below ClawHosters' warning threshold.
      type: bool
      sample: false
    subscription_status:
      description: The subscription's status, V(active), V(paused) or V(canceled).
      type: str
      sample: active
    subscription_tier:
      description: The subscription's tier, V(budget), V(balanced), V(pro) or V(none).
      type: str
      sample: none
    instances_count:
      description: All instances on the account.
      type: int
      sample: 3
    running_instances_count:
      description: The instances that are running now.
      type: int
      sample: 2
    usage:
      description: The daily cost per instance and per add-on.
      returned: O(include_usage=true)
      type: dict
      contains:
        daily_total:
          description: The total daily cost in Claws.
          type: int
          sample: 210
        instances:
          description: One entry per instance with C(id), C(name), C(tier), C(daily_claws), C(status) and C(billing_mode).
          type: list
          elements: dict
          sample:
            - id: 42
              name: my-ai-bot
              tier: balanced
              daily_claws: 105
              status: running
              billing_mode: daily
        addons:
          description: One entry per add-on with C(id), C(addon_type), C(instance_name), C(tier), C(current_usage) and C(usage_limit).
          type: list
          elements: dict
          sample: []
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

from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec, run_billing_module
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS


def main():
    """Run the module."""
    argument_spec = dict(
        include_usage=dict(type='bool', default=False),
        **provider_argument_spec(CLAWHOSTERS),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_billing_module(module, CLAWHOSTERS)


if __name__ == '__main__':
    main()

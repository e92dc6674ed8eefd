#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module clawhosters_instance."""

from __future__ import annotations

DOCUMENTATION = r"""
module: clawhosters_instance
short_description: Start, stop, restart or delete a ClawHosters OpenClaw instance
version_added: 1.0.0
description:
  - Makes a ClawHosters instance V(started), V(stopped), V(restarted) or V(absent), or checks that it is
    V(present), and reports C(changed) only when the API performed an action.
  - The instance is read first and the next step planned from its C(status) and its C(can_start), C(can_stop)
    and C(can_restart) flags; after each action it is read again until the requested state is reached.
  - ClawHosters has no API to create instances; create them in the dashboard.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  id:
    description:
      - The numeric instance id. Exactly one of O(id) and O(name) is required.
      - A task by id that changes nothing makes exactly one request.
    type: int
  name:
    description:
      - The instance name, looked up with one list request (see O(list_freshness)); the instance's details are then
        read by id, and only they decide (the list has no C(can_*) flags). No match means the instance does not exist.
      - When two or more instances have this name (not counting ones being deleted) the task fails, naming their
        ids, and changes nothing.
    type: str
  list_freshness:
    description:
      - For how many seconds one list answer finds the instances of every task by O(name) of the same O(api_key)
        and O(api_url) that starts within them, such as the tasks of a play on many hosts at once (forks), instead
        of one list request each. Tasks by O(id) read no list.
      - The list only turns a name into an id. Every task then reads its instance's details (C(GET /instances/:id))
        and decides from them alone, as the API's docs require, so this option never changes a result. A name
        missing from a list another task read, or whose instance is gone since, is looked up again in a list of the
        task's own.
      - A task waits at most 3 seconds for the list another task is fetching, then asks for itself. Nothing shared
        can fail a task; a list file that cannot be used is skipped.
      - V(0) turns it off. At most V(60).
      - The list is kept, mode 0600, beside the shared rate-limit state (see the notes), and not at all when that is
        turned off.
      - If not set, the environment variable E(OPENCLAW_HOSTING_LIST_FRESHNESS) is used.
    type: float
    default: 2.0
    version_added: 1.0.0
  state:
    description:
      - V(present) - it exists; its power state is left alone (a C(paused) one with a warning). ClawHosters has
        no API to create instances, so a missing one fails, saying so. An instance being provisioned or deployed
        is waited for; C(error), C(deploy_failed) and C(deleting) fail with advice. (New in 1.1.0.)
      - V(started) - running. A stopped instance is started.
      - V(stopped) - stopped. A running instance is stopped. A C(paused) instance is left paused, with a warning.
      - V(restarted) - a running instance is restarted, a stopped one started. Always C(changed).
      - V(absent) - deleted. With O(wait), the task waits until the API answers 404.
      - Busy instances (C(provisioning), C(deploying), another action in progress, or a status this collection does
        not know) are waited for. Statuses the API cannot leave by itself fail with advice - C(paused) (top up
        Claws and resume in the dashboard), C(pending_configuration) (configure an LLM provider), C(error) and
        C(deploy_failed) (see the dashboard), C(deleting).
    type: str
    choices: [present, started, stopped, restarted, absent]
    default: started
extends_documentation_fragment:
  - openclaw.hosting.clawhosters
  - openclaw.hosting.rate_window
  - openclaw.hosting.wait
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the instance and reports what would change; no action is sent and nothing is waited for.
  diff_mode:
    support: full
    details: C(before) and C(after) show the instance's C(id), C(name) and C(status) (V(absent) when gone).
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.clawhosters_instance_info
  - module: openclaw.hosting.clawhosters_fleet
  - module: openclaw.hosting.clawhosters_billing_info
  - plugin: openclaw.hosting.clawhosters
    plugin_type: inventory
"""

EXAMPLES = r"""
- name: Stop an instance, found by name
  openclaw.hosting.clawhosters_instance:
    name: my-ai-bot
    state: stopped

- name: Restart an instance by id, with the key from the vault
  openclaw.hosting.clawhosters_instance:
    id: 42
    state: restarted
    api_key: "{{ vault_clawhosters_key }}"

- name: Start an instance and return as soon as the API accepted the start
  openclaw.hosting.clawhosters_instance:
    name: my-ai-bot
    state: started
    wait: false

- name: Make sure the instance exists (created in the dashboard), whatever its power state
  openclaw.hosting.clawhosters_instance:
    name: my-ai-bot
    state: present
  register: bot

- name: Delete an instance and wait until it is gone
  openclaw.hosting.clawhosters_instance:
    id: 42
    state: absent
    wait_timeout: 300
"""

RETURN = r"""
instance:
  description:
    - The instance as last read from the API, or as check mode predicts it.
    - V(null) when it does not exist (after O(state=absent)).
  returned: success
  type: dict
  sample:
    id: 42
    name: my-ai-bot
    status: stopped
    tier: balanced
    billing_mode: daily
    ip_address: "2a01:4f9:0:0::abcd:1234"
    health_status: unknown
    created_at: "2026-02-05T12:34:56Z"
    provisioned_at: "2026-02-05T12:40:22Z"
    can_start: true
    can_stop: false
    can_restart: false
    subdomain_url: my-ai-bot.clawhosters.com
    daily_claw_cost: 105
    llm_configured: true
    telegram_configured: false
actions:
  description:
    - The API actions this task had accepted, in order (in check mode, the ones it would send).
    - Empty when nothing was done; C(changed) is true exactly when it is not empty.
  returned: always
  type: list
  elements: str
  sample: [stop]
elapsed:
  description: How long the task worked on the instance (reads, actions and waits), in seconds, to one decimal.
  returned: always
  type: float
  sample: 4.2
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  contains:
    status:
      description: The HTTP status, or V(null) when no answer came (connection error, timeout).
      type: int
      sample: 422
    code:
      description: The API's error code.
      type: str
      sample: unprocessable_entity
    message:
      description: The API's error message, or a short description of the failure.
      type: str
      sample: Instance cannot be deleted in its current state
    details:
      description: The API's error details, if it sent any.
      type: dict
      sample: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.plugins.module_utils._module import (
    fresh_list_argument_spec,
    identity_argument_spec,
    provider_argument_spec,
    run_instance_module,
    state_argument_spec,
    wait_argument_spec,
)


def main():
    """Run the module."""
    argument_spec = dict(
        **identity_argument_spec(CLAWHOSTERS),
        **state_argument_spec(CLAWHOSTERS),
        **fresh_list_argument_spec(),
        **wait_argument_spec(),
        **provider_argument_spec(CLAWHOSTERS),
    )
    module = AnsibleModule(argument_spec, mutually_exclusive=[('id', 'name')], required_one_of=[('id', 'name')],
                           supports_check_mode=True)
    run_instance_module(module, CLAWHOSTERS)


if __name__ == '__main__':
    main()

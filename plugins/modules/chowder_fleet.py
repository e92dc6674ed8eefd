#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_fleet."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_fleet
short_description: Create, start, stop, restart or delete many Chowder instances in one task
version_added: 1.0.0
description:
  - Makes each instance of O(instances) V(present), V(started), V(stopped), V(restarted) or V(absent), exactly as
    M(openclaw.hosting.chowder_instance) does for one (creating a missing one by name, with Chowder's default
    options, for V(present) and V(started) only), and reports C(changed) when the API performed an action on any of them.
  - One list request finds the instances given by name (none when all are given by id). Each instance's details are
    then read (C(GET /v1/instances/:id)), and only they decide, as for one instance; the list is never taken as
    its state. An instance already in its state costs that one read; one that changes costs its action and the reads
    of its wait.
  - Up to O(concurrency) instances are worked on at once. Chowder enforces no rate limit today; when it announces one
    with C(X-RateLimit-*) headers, the requests of all of them are counted against it.
  - Every instance is tried; the task then fails naming each one that could not be converged, with its message.
    With O(stop_on_failure), the instances are converged one at a time, in order, and none is tried after the
    first failure.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  instances:
    description: The instances and the state each should be in. The same instance may not be listed twice.
    type: list
    elements: dict
    required: true
    suboptions:
      id:
        description: The instance id. Exactly one of O(instances[].id) and O(instances[].name) is required.
        type: str
      name:
        description:
          - The instance name; a missing instance is created with it for V(present) and V(started) (for V(stopped)
            and V(restarted) it fails as not found). When two or more live instances have it, that instance fails,
            naming their ids, and is not changed.
        type: str
      state:
        description: The state to reach; see O(openclaw.hosting.chowder_instance#module:state).
        type: str
        choices: [present, started, stopped, restarted, absent]
        default: present
extends_documentation_fragment:
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - openclaw.hosting.wait
  - openclaw.hosting.fleet
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Lists the instances and says in C(msg) which would change; no action is sent and nothing is waited for.
  diff_mode:
    support: full
    details: For each instance that changes (in check mode, would change), C(before) and C(after) show its C(id),
      C(name) and C(status), headed by the instance as given.
  platform:
    support: full
    platforms: all
notes:
  - It needs an organization key (C(chd_org_...)), because scoped keys may not list instances.
seealso:
  - module: openclaw.hosting.chowder_instance
  - ref: ansible_collections.openclaw.hosting.docsite.guide_roles
    description: The power role converges a list of instances with this module.
"""

EXAMPLES = r"""
- name: Stop the night shift, start the day shift
  openclaw.hosting.chowder_fleet:
    instances:
      - {name: night-bot-1, state: stopped}
      - {name: night-bot-2, state: stopped}
      - {id: f47ac10b-58cc-4372-a567-0e02b2c3d479, state: started}

- name: Restart three instances, two at a time, and wait at most five minutes for all of them
  openclaw.hosting.chowder_fleet:
    instances:
      - {name: support-bot, state: restarted}
      - {name: sales-bot, state: restarted}
      - {name: ops-bot, state: restarted}
    concurrency: 2
    wait_timeout: 300
  register: fleet

- name: Show what each instance needed
  ansible.builtin.debug:
    msg: "{{ fleet.results | map(attribute='actions') | list }}"
"""

RETURN = r"""
msg:
  description:
    - Which instances changed, each with its actions; in check mode, which would change.
    - When some could not be converged, first which and why.
  returned: always
  type: str
  sample: "2 of 3 instances would change: night-bot-1 (stop), night-bot-2 (stop)."
results:
  description: One entry per instance tried, in the order of O(instances).
  returned: always
  type: list
  elements: dict
  contains:
    instance:
      description: The instance as given - its name, else its id.
      type: str
      sample: night-bot-1
    state:
      description: The state it was to reach.
      type: str
      sample: stopped
    id:
      description: Its id (V(null) when it was not found).
      type: str
      sample: f47ac10b-58cc-4372-a567-0e02b2c3d479
    status:
      description: Its status as last read (V(null) when it does not exist).
      type: str
      sample: stopped
    changed:
      description: Whether the API performed an action on it.
      type: bool
      sample: true
    elapsed:
      description: How long the task worked on this instance (reads, actions and waits), in seconds, to one decimal.
      type: float
      sample: 4.2
    actions:
      description: The API actions accepted for it, in order (in check mode, the ones that would be sent).
      type: list
      elements: str
      sample: [stop]
    failed:
      description: Whether it could not be converged.
      type: bool
      sample: false
    msg:
      description: Why it could not be converged (empty when it was).
      type: str
      sample: ""
    api_error:
      description: The API's error, when the API caused its failure (see RV(openclaw.hosting.chowder_instance#module:api_error)).
      type: dict
      returned: failed because of an API error
api_error:
  description: The API's error, when the list request failed and no instance was tried.
  returned: failed because of an API error
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._module import (
    fleet_argument_spec,
    provider_argument_spec,
    run_fleet_module,
)


def main():
    """Run the module."""
    argument_spec = dict(
        **fleet_argument_spec(CHOWDER),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_fleet_module(module, CHOWDER)


if __name__ == '__main__':
    main()

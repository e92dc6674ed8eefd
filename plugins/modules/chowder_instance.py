#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_instance."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_instance
short_description: Create, start, stop, restart, update or delete a Chowder OpenClaw instance
version_added: 1.0.0
description:
  - Makes a Chowder instance V(present), V(started), V(stopped), V(restarted) or V(absent), creating it by
    O(name) when it is missing and the state is V(present) or V(started), and updating its O(openclaw_config) (and, when found by O(id), its O(name)) in
    place. C(changed) is reported only when the API performed an action.
  - The instance is read first (one request) and the next step planned from its C(status); a task that changes
    nothing makes exactly that one request.
  - Chowder names are not unique. This module treats the name as the instance's identity, so it never creates a
    second instance with a name that a live (not terminated) instance has, also while that one is still
    C(provisioning), and fails, naming their ids, when several live instances share the name.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  id:
    description:
      - The instance id (Chowder uses UUIDs). Only letters, digits, C(-) and C(_) are accepted.
      - An instance is never created by id; a missing id fails the task.
      - At least one of O(id) and O(name) is required. With both, O(id) finds the instance and O(name) is the
        name it should have (a rename).
    type: str
  name:
    description:
      - The instance name, 1 to 128 characters; looked up with one list request, and used to create the instance
        when no live instance has it (with O(state=present) or O(state=started) only).
      - A create whose answer is lost (a timeout, a dropped connection, a 5xx) is looked for by this name during
        a few reads, and counted as done when the instance shows; it is never sent a second time.
    type: str
  state:
    description:
      - V(present) - the instance exists; a missing one is created and, with O(wait), waited for until it is
        C(running). An existing instance keeps its power state.
      - V(started) - the instance exists and is C(running); a stopped one is started.
      - V(stopped) - the instance exists and is C(stopped); a running one is stopped. A missing one fails the task
        as not found and nothing is created (a stopped instance is one that should exist already, and a typo in
        O(name) must not create a new, billed one).
      - V(restarted) - Chowder has no restart endpoint, so a running instance is stopped and then started; a
        stopped one is only started. Always C(changed). A missing one fails the task as not found and nothing is
        created.
      - V(absent) - the instance is deleted (Chowder answers 204 and keeps it as C(terminated)). An instance that
        is C(terminated) or answers 404 is already absent.
      - C(provisioning) is waited for. C(error) fails with the instance's C(error_message) and the advice to delete
        it and create it again; it is never recreated by this module.
    type: str
    choices: [present, started, stopped, restarted, absent]
    default: present
  model_provider:
    description:
      - The LLM provider the instance uses. Sent when the instance is created; Chowder then uses V(anthropic)
        when it is not set. The organization must hold an API key for it, or provisioning ends in C(error).
      - It cannot change after creation. When it is set and differs on an existing instance, the task fails naming
        the field and changes nothing; the instance is never recreated by itself.
    type: str
    choices: [anthropic, openai, gemini]
  openclaw_version:
    description:
      - The OpenClaw version. Sent when the instance is created; Chowder then uses V(v1) when it is not set.
      - It cannot change after creation; a different value on an existing instance fails the task, as for
        O(model_provider).
    type: str
  region:
    description:
      - The preferred sandbox region, used at creation (Chowder picks its default region when it is not set).
      - It cannot change after creation; a different value on an existing instance fails the task, as for
        O(model_provider).
    type: str
  openclaw_config:
    description:
      - OpenClaw configuration overrides, as dot-path keys and their values (applied with C(openclaw config set)).
      - Sent when the instance is created. On an existing instance that has other overrides, the whole set is
        replaced with one PATCH (Chowder pushes it to a running instance at once), and the task reports the
        change as the action C(update). V({}) removes every override.
      - When not set, the instance's overrides are left as they are.
      - In the result and the diff, the value of every entry whose key looks like a secret (its last dot-separated
        part, or any key of a nested mapping, contains V(token), V(secret), V(password), V(key), V(credential) or
        V(private), in any case, such as C(channels.telegram.botToken)) is shown masked, as
        C(<secret, sha256 1a2b3c4d>); a change is still visible, the value is not. Other entries stay visible. Set
        C(no_log) to true on the task to show nothing of it at all.
    type: dict
extends_documentation_fragment:
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - openclaw.hosting.wait
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the instance and reports the actions a run with O(wait) would send and the instance it would leave;
        nothing is sent. A new instance is predicted with C(id) V(null).
  diff_mode:
    support: full
    details:
      - C(before) and C(after) show the instance's C(id), C(name), C(status) and C(openclaw_config)
        (C(status) V(absent) when there is none).
  platform:
    support: full
    platforms: all
notes:
  - Start and stop answer once they are done (a start takes about 10 to 15 seconds), so the task trusts their
    answer and does not poll after them. A new instance is polled until it leaves C(provisioning) (about 60 to
    90 seconds).
  - Stopped instances still count against the plan's instance limit and are still billed; only O(state=absent)
    frees the slot. Creating past the limit fails with the API's HTTP 402 and that advice.
seealso:
  - module: openclaw.hosting.chowder_instance_info
"""

EXAMPLES = r"""
- name: Make sure the support assistant exists and is running
  openclaw.hosting.chowder_instance:
    name: support-bot
    state: started
    model_provider: anthropic
    openclaw_config:
      agents.defaults.model: claude-sonnet-4-5

- name: Restart it (stop, then start)
  openclaw.hosting.chowder_instance:
    name: support-bot
    state: restarted

- name: Rename an instance found by id
  openclaw.hosting.chowder_instance:
    id: f47ac10b-58cc-4372-a567-0e02b2c3d479
    name: support-bot-eu

- name: Stop every Chowder task of this play with one key
  module_defaults:
    group/openclaw.hosting.chowder:
      api_key: "{{ vault_chowder_org_key }}"
  block:
    - name: Stop the night shift
      openclaw.hosting.chowder_instance:
        name: night-shift
        state: stopped

- name: Delete an instance
  openclaw.hosting.chowder_instance:
    name: support-bot
    state: absent
"""

RETURN = r"""
instance:
  description:
    - The instance as last read from the API, or as check mode predicts it.
    - V(null) when it does not exist (after O(state=absent)).
    - Secret-looking entries of C(openclaw_config) are masked (see O(openclaw_config)).
  returned: success
  type: dict
  sample:
    id: f47ac10b-58cc-4372-a567-0e02b2c3d479
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
actions:
  description:
    - The API actions this task had accepted, in order (in check mode, the ones it would send) - C(create),
      C(update), C(stop), C(start), C(delete).
    - Empty when nothing was done; C(changed) is true exactly when it is not empty.
  returned: always
  type: list
  elements: str
  sample: [stop, start]
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
      sample: 402
    code:
      description: V(null) for the Chowder API, which sends no error codes; C(timeout), C(connection_error) or
        C(tls_error) when no answer came.
      type: str
      sample: null
    message:
      description: The API's C(detail), or a short description of the failure.
      type: str
      sample: Instance limit reached (10/10). Upgrade your subscription.
    details:
      description: For a validation error (HTTP 422), the problem of each field.
      type: dict
      sample: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
from ansible_collections.openclaw.hosting.plugins.module_utils._module import (
    identity_argument_spec,
    provider_argument_spec,
    run_instance_module,
    state_argument_spec,
    wait_argument_spec,
)


def main():
    """Run the module."""
    argument_spec = dict(
        **identity_argument_spec(CHOWDER),
        **state_argument_spec(CHOWDER),
        model_provider=dict(type='str', choices=['anthropic', 'openai', 'gemini']),
        openclaw_version=dict(type='str'),
        region=dict(type='str'),
        openclaw_config=dict(type='dict'),
        **wait_argument_spec(),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, required_one_of=[('id', 'name')], supports_check_mode=True)
    run_instance_module(module, CHOWDER)


if __name__ == '__main__':
    main()

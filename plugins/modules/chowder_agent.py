#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_agent."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_agent
short_description: Declare a whole OpenClaw agent on Chowder in one task
version_added: 1.1.0
description:
  - Makes one agent as declared, in this order. First the organization gets the model provider's key (O(model_api_key)).
    Then the instance, found by O(name), is created if needed and started. Then come its files, skills, channels and
    scoped keys, then the smoke test, and last the final power state.
  - Each part compares what the instance holds with the declaration and writes only what differs, as its own module
    does (M(openclaw.hosting.chowder_file), M(openclaw.hosting.chowder_skill), M(openclaw.hosting.chowder_channel),
    M(openclaw.hosting.chowder_api_key)). A second run of an unchanged declaration makes no write but the smoke test's
    message.
  - The whole declaration is checked before any request. A misspelled or misplaced key anywhere fails with Ansible's
    own message naming it, as does a value that is exactly a placeholder (the whole string C({{ name }}), as
    an exported declaration holds for a secret), which would otherwise be written in
    place of the secret.
  - Plan, then apply. When the instance runs, every part is read and compared before the first write, so a refusal
    anywhere leaves everything untouched. An instance that must be created or started first is, and its parts are
    planned then.
  - With O(state=stopped), the parts are applied when this task created the instance or found it running, and it is
    then stopped. A stopped instance is left stopped, and its parts are not applied (RV(not_applied) says why).
  - O(state=absent) revokes the keys the declaration names that are bound to the agent's instance (never another
    agent's key of the same name), then deletes the instance.
  - Needs an organization key (C(chd_org_...)). The role C(openclaw.hosting.chowder_agent) calls this module with one
    variable.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  name:
    description: The instance's name, which identifies the agent.
    type: str
    required: true
  state:
    description: The instance's final state.
    type: str
    choices: [started, stopped, absent]
    default: started
  model_provider:
    description: The instance's model provider (set at creation), and the provider of O(model_api_key) (V(anthropic) when not given).
    type: str
    choices: [anthropic, openai, gemini]
  model_api_key:
    description: The provider's API key, given to the organization (see O(update_model_api_keys)).
    type: str
  update_model_api_keys:
    description:
      - V(on_create) sends O(model_api_key) only when the provider has no key yet, since the API never shows one.
      - V(always) sends it on every run (a rotated key), which reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  region:
    description: The instance's region (set at creation).
    type: str
  openclaw_version:
    description: The OpenClaw version of a new instance.
    type: str
  openclaw_config:
    description: OpenClaw's settings overrides, as M(openclaw.hosting.chowder_instance) takes them.
    type: dict
  wait_timeout:
    description: Seconds the whole task may take, every wait included, from its start.
    type: int
    default: 600
  files_dir:
    description:
      - The folder against which a relative O(files[].src) is found. By default, the folder the module runs in, which
        for a play on C(localhost) is the playbook's folder.
    type: path
extends_documentation_fragment:
  - openclaw.hosting.chowder_agent_parts
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Every part is read and compared, and nothing is written.
      - The parts of an instance that would be created or started first are not applied (RV(not_applied)).
  diff_mode:
    support: full
    details:
      - One diff per item that changes, under a header that names it (C(file workspace/SOUL.md), C(skill web-search)).
      - Every secret is shown as a fingerprint.
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_instance
  - module: openclaw.hosting.chowder_file
  - module: openclaw.hosting.chowder_api_key
"""

EXAMPLES = r"""
- name: The support agent
  openclaw.hosting.chowder_agent:
    name: support-bot
    model_provider: anthropic
    model_api_key: "{{ vault_anthropic_key }}"
    files:
      - {path: workspace/SOUL.md, content: "# Soul\nYou are patient and brief.\n"}
      - {path: workspace/IDENTITY.md, content: "# Identity\n", force: false}
    skills:
      - {name: web-search, env: {SEARCH_API_KEY: "{{ vault_search_api_key }}"}}
    channels:
      - {channel: telegram, config: {token: "{{ vault_telegram_token }}"}}
    api_keys:
      - {name: support-frontend, permissions: [read, interact], raw_key_path: "{{ secrets_dir }}/support-frontend.key"}
    smoke_test: {model: claude-sonnet-4-20250514, input: Say hello, expect: "(?i)hello"}
"""

RETURN = r"""
instance:
  description: The instance as last read (its secret settings masked); null once deleted.
  returned: success
  type: dict
  sample: {id: ins_5f2a, name: support-bot, status: running}
actions:
  description:
    - What each part did. For C(organization) and C(instance), a list of actions. For C(files), C(skills),
      C(channels) and C(api_keys), a mapping from each item's identity (its path, skill name, channel or key name)
      to its actions; items with nothing to do are left out.
  returned: always
  type: dict
  sample: {organization: [], instance: [], files: {workspace/SOUL.md: [write]}, skills: {}, channels: {}, api_keys: {}}
not_applied:
  description: The parts not applied, each with why (the instance is not running, or in check mode not yet).
  returned: success
  type: dict
  sample: {files: the instance is "stopped", not running, so its parts cannot be read}
smoke_test:
  description: The text of the smoke test's answer.
  returned: when the smoke test's message was sent
  type: str
  sample: Hello! How can I help you today?
msg:
  description: One line that says what changed.
  returned: always
  type: str
  sample: "support-bot: changed: files (2), skills (1)"
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample: {status: 409, code: null, message: Instance is not running, details: null}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import run_agent_module
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import agent_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    module = AnsibleModule(dict(**agent_argument_spec(), **provider_argument_spec(CHOWDER)), supports_check_mode=True)
    run_agent_module(module)


if __name__ == '__main__':
    main()

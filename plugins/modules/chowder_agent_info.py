#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_agent_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_agent_info
short_description: Read a live Chowder agent as a chowder_agent declaration
version_added: 1.1.0
description:
  - Reads an agent that was built by hand (in a dashboard, in a chat) and returns it as a declaration in the shape
    M(openclaw.hosting.chowder_agent) takes, to bring it under code. Nothing is changed.
  - Every secret value is replaced by a placeholder, the whole string C({{ <name> }}). That covers a skill's C(env)
    values and API key, a channel's required fields, and the values of C(openclaw_config) and of a skill's C(config)
    that the collection's masking policy counts as secret. RV(secrets) lists each with where it stands. A declaration
    passed on with its placeholders unrendered is refused by M(openclaw.hosting.chowder_agent).
  - Text files up to 1 MiB are declared with their C(content). C(IDENTITY.md) and the memory files, which the agent
    writes itself, are declared with C(force) false.
  - RV(omitted) says what was left out and why. That covers binary files (M(openclaw.hosting.chowder_agent_export)
    writes them), backups, C(.git) folders, C(.env), C(*.key) and C(*.pem) files, the managed C(skills/) folder,
    memory unless included, keys shared with other instances, WhatsApp's pairing, and the parts a stopped instance
    cannot show.
  - Requests are one listing per folder of the workspace and one download per file read. Then come the instance's
    details (and a list of instances for a name), C(openclaw.json) and the C(skills/) listing, the channels' list
    and each enabled channel's description, and the keys' list and each active key.
author:
  - OpenClaw Hosting Contributors (@openclaw)
extends_documentation_fragment:
  - openclaw.hosting.chowder_agent_read
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: It only reads.
  diff_mode:
    support: N/A
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_agent
  - module: openclaw.hosting.chowder_agent_export
"""

EXAMPLES = r"""
- name: Read the support agent as code
  openclaw.hosting.chowder_agent_info:
    instance: support-bot
  register: found

- name: Show where its secrets must go
  ansible.builtin.debug:
    msg: "{{ found.secrets | map(attribute='name') | list }}"
"""

RETURN = r"""
agent:
  description: The agent as M(openclaw.hosting.chowder_agent) declares it, its secrets as placeholders.
  returned: success
  type: dict
  sample:
    name: support-bot
    state: started
    model_provider: anthropic
    files: [{path: workspace/SOUL.md, content: "# Soul\n"}, {path: workspace/IDENTITY.md, content: "# Identity\n", force: false}]
    skills: [{name: github, enabled: true, env: {GITHUB_TOKEN: "{{ support_bot_skills_github_env_github_token }}"}}]
    channels: [{channel: telegram, config: {token: "{{ support_bot_channels_telegram_token }}"}}]
    api_keys: [{name: support-frontend, permissions: [interact, read]}]
secrets:
  description: Each placeholder's variable and where it stands in RV(agent).
  returned: success
  type: list
  elements: dict
  sample: [{name: support_bot_skills_github_env_github_token, path: "skills[github].env.GITHUB_TOKEN"}]
omitted:
  description: What was left out, and why.
  returned: success
  type: list
  elements: dict
  sample: [{what: "workspace/TOOLS.md~", why: "a backup (*~), not part of the agent"}]
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample: {status: 404, code: null, message: Instance not found, details: null}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_export import agent_info_argument_spec, run_agent_info_module
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    module = AnsibleModule(dict(**agent_info_argument_spec(), **provider_argument_spec(CHOWDER)), supports_check_mode=True)
    run_agent_info_module(module)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_agent_export."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_agent_export
short_description: Export a live Chowder agent as code, to adopt, back up or clone it
version_added: 1.1.0
description:
  - Reads the agent as M(openclaw.hosting.chowder_agent_info) does, and writes it under O(dest)/<name>/ on the host
    that runs the module.
  - "C(agent.yml) holds the declaration as the variable C(chowder_agent), every exported file declared by a C(src)
    under C(files/); its C(files_dir) is C({{ playbook_dir }}/files). Any text that is not a placeholder but holds
    C({{), C({%) or C({#) is written C(!unsafe), so that loading the file templates only the placeholders."
  - C(files/) gets every exported file, binary ones too (up to 1 MiB), and nothing else of the instance.
  - C(secrets.yml) (mode 0600) gets each placeholder's variable, empty, with a comment to vault it. When it exists it
    is never touched (it may be vaulted); RV(secrets_new) lists the placeholders it lacks.
  - C(apply.yml) is a playbook that loads both, checks that every placeholder variable has a value, and applies the
    declaration with the role C(openclaw.hosting.chowder_agent).
  - Only what differs is written (C(changed) says whether anything was), each file replaced atomically. Nothing is
    written outside O(dest)/<name>/, never through a link. In check mode nothing is written.
  - Adopt an agent built by hand with it. Export it, give C(secrets.yml) the real values, and run C(apply.yml), which
    changes nothing. Back it up with O(include) listing V(memory) and O(force_memory). Clone it by changing C(name),
    the keys' names and the channels' tokens.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  dest:
    description: The folder to write the export's folder (named after the agent) into. It must exist.
    type: path
    required: true
  force_memory:
    description:
      - Declare the memory files with C(force) true, so that applying the export brings them back as they are now
        (a restore point). By default they are declared C(force) false, written only where missing.
    type: bool
    default: false
extends_documentation_fragment:
  - openclaw.hosting.chowder_agent_read
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The agent is read; nothing is written, and RV(written) lists what would be.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_agent_info
  - module: openclaw.hosting.chowder_agent
"""

EXAMPLES = r"""
- name: Export the support agent into the repository
  openclaw.hosting.chowder_agent_export:
    instance: support-bot
    dest: "{{ secrets_dir }}"
  register: exported

- name: Say which secrets to fill in
  ansible.builtin.debug:
    msg: "Fill in {{ exported.dest }}/secrets.yml: {{ exported.secrets_new | join(', ') or 'nothing new' }}"
"""

RETURN = r"""
dest:
  description: The export's folder, O(dest)/<name>.
  returned: success
  type: str
  sample: /srv/agents/support-bot
written:
  description: The files written (in check mode, that would be), relative to RV(dest).
  returned: success
  type: list
  elements: str
  sample: [agent.yml, apply.yml, files/workspace/SOUL.md, secrets.yml]
secrets_new:
  description: The placeholders an existing C(secrets.yml) does not define yet (every one, when it cannot be read).
  returned: success
  type: list
  elements: str
  sample: [support_bot_skills_github_env_github_token]
agent:
  description: The declaration written to C(agent.yml), as M(openclaw.hosting.chowder_agent_info) returns it.
  returned: success
  type: dict
  sample: {name: support-bot, state: started, files: [{path: workspace/SOUL.md, src: workspace/SOUL.md}]}
secrets:
  description: Each placeholder's variable and where it stands.
  returned: success
  type: list
  elements: dict
  sample: [{name: support_bot_channels_telegram_token, path: "channels[telegram].config.token"}]
omitted:
  description: What was left out, and why.
  returned: success
  type: list
  elements: dict
  sample: [{what: workspace/notes/.git/, why: "a git folder inside the workspace, not part of the agent"}]
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample: {status: 404, code: null, message: Instance not found, details: null}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_export import agent_info_argument_spec, run_agent_export_module
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(**agent_info_argument_spec(), dest=dict(type='path', required=True),
                         force_memory=dict(type='bool', default=False), **provider_argument_spec(CHOWDER))
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_agent_export_module(module)


if __name__ == '__main__':
    main()

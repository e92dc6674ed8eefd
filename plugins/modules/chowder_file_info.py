#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_file_info."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_file_info
short_description: Read the files of a Chowder instance's agent
version_added: 1.1.0
description:
  - The path's folder is listed first (one request), which says whether the path is a file, a folder or nothing;
    the API's docs do not say what listing a file's own path answers, so that is never asked. A folder's entries
    cost one more request, and so does a file's text with O(read_content). The root (V(.)) is listed at once.
  - O(read_content) on a file that is not UTF-8 text returns its facts without RV(content), and a warning says why.
  - The content of C(openclaw.json) is returned with its secrets masked, by the policy that masks
    M(openclaw.hosting.chowder_instance)'s C(openclaw_config). That is secret-looking keys at any depth, every value of a
    skill's C(env) and C(apiKey), of C(headers) and of the channels' configs, and the password in a URL.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  path:
    description: A folder or a file, relative to the files root; V(.) is the root.
    type: str
    default: .
  read_content:
    description: Also return a text file's RV(content).
    type: bool
    default: false
extends_documentation_fragment:
  - openclaw.hosting.chowder_instance_part
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
  - module: openclaw.hosting.chowder_file
"""

EXAMPLES = r"""
- name: The agent's workspace
  openclaw.hosting.chowder_file_info:
    instance: support-bot
    path: workspace
  register: workspace

- name: What the agent wrote in its memory
  openclaw.hosting.chowder_file_info:
    instance: support-bot
    path: workspace/AGENTS.md
    read_content: true
  register: agents
"""

RETURN = r"""
path:
  description: The path read, as normalised.
  returned: success
  type: str
  sample: workspace
exists:
  description: Whether there is a file or a folder at RV(path).
  returned: success
  type: bool
  sample: true
is_dir:
  description: Whether RV(path) is a folder.
  returned: when RV(exists)
  type: bool
  sample: true
entries:
  description: A folder's entries, as the API lists them.
  returned: when RV(path) is a folder
  type: list
  elements: dict
  sample:
    - {name: SOUL.md, path: workspace/SOUL.md, is_dir: false, size: 64, mod_time: 1796300000.0, permissions: "-rw-r--r--"}
file:
  description: The file's entry in its folder's listing.
  returned: when RV(path) is a file
  type: dict
  sample: {name: SOUL.md, path: workspace/SOUL.md, is_dir: false, size: 64, mod_time: 1796300000.0, permissions: "-rw-r--r--"}
content:
  description: The file's text (C(openclaw.json) with its secrets masked).
  returned: when RV(path) is a text file and O(read_content=true)
  type: str
  sample: "# Soul\nYou are the support team's patient assistant.\n"
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 409
    code: null
    message: Instance is not running
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import instance_argument_spec, run_file_info_module
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **instance_argument_spec(),
        path=dict(type='str', default='.'),
        read_content=dict(type='bool', default=False),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_file_info_module(module)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_file."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_file
short_description: Manage a file of a Chowder instance's agent
version_added: 1.1.0
description:
  - Writes one file under the instance's files root (the OpenClaw state folder, with the agent's workspace under
    C(workspace/)), only when it differs from what the instance holds.
  - Text is compared by reading the file (one request). A binary file is compared by its size in its folder's
    listing (one request), then, when the sizes match, by the SHA-256 of a download.
  - A write whose answer is lost is sent once more, since writing the same content twice leaves the same file.
  - Chowder has no delete endpoint for files, so this module cannot remove one.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  path:
    description:
      - The file's path relative to the files root, such as V(workspace/SOUL.md).
      - It must name a file (no trailing C(/)), without C(..), a backslash, a control character or a percent-encoded
        C(.), C(/) or C(\\).
      - Absolute paths, C(..) segments and C(openclaw.json) are refused before any request. Set the configuration
        with M(openclaw.hosting.chowder_instance) (O(openclaw.hosting.chowder_instance#module:openclaw_config)),
        M(openclaw.hosting.chowder_skill) and M(openclaw.hosting.chowder_channel).
    type: str
    required: true
  content:
    description: The file's text. One of O(content) and O(src) is required.
    type: str
  src:
    description:
      - A file on the host that runs the module, sent as it is. It is text when it decodes as UTF-8; otherwise it
        is uploaded as binary.
      - A regular file of at most 1 MiB (checked before any request; a FIFO or a device is refused, never waited on).
    type: path
  force:
    description:
      - With V(false), the file is written only when it does not exist yet. Use this for the files the agent
        writes itself, such as C(IDENTITY.md), C(USER.md) or C(MEMORY.md). RV(size) and RV(sha256) then describe
        the file as it is on the instance.
    type: bool
    default: true
  backup:
    description:
      - Before overwriting, copy the old file beside it as C(<path>.<UTC time as %Y%m%dT%H%M%SZ>~), as
        M(ansible.builtin.copy) makes a backup, with a counter (C(.1~), C(.2~), ...) when its folder has a file of that
        name already (one listing of the folder). The copy is written first, and the file itself is never moved away,
        so a write that fails after the backup leaves both, and the task says so (RV(backup_file), C(changed)).
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
    details: The file is read, and nothing is written.
  diff_mode:
    support: full
    details: A unified diff of a text file; a note with the size and SHA-256 of a binary one.
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_file_info
  - module: openclaw.hosting.chowder_instance
"""

EXAMPLES = r"""
- name: The agent's soul, from a text
  openclaw.hosting.chowder_file:
    instance: support-bot
    path: workspace/SOUL.md
    content: |
      # Soul
      You are the support team's patient assistant.

- name: Its identity, written once; the agent keeps it up to date afterwards
  openclaw.hosting.chowder_file:
    instance: support-bot
    path: workspace/IDENTITY.md
    content: "# Identity\nName: Clawdia\n"
    force: false

- name: Its tools notes, with a backup of the old file
  openclaw.hosting.chowder_file:
    instance: support-bot
    path: workspace/TOOLS.md
    content: "# Tools\nUse the web-search skill for anything recent.\n"
    backup: true
  register: tools
"""

RETURN = r"""
path:
  description: The file's path, as normalised.
  returned: success
  type: str
  sample: workspace/SOUL.md
size:
  description: The file's size in bytes, as declared (or, without O(force) and with a file already there, as it is).
  returned: success
  type: int
  sample: 64
sha256:
  description: The SHA-256 of the file's bytes, as RV(size) describes them.
  returned: success
  type: str
  sample: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
backup_file:
  description: Where the old file was copied to (in check mode, would be).
  returned: when a backup was made
  type: str
  sample: workspace/TOOLS.md.20261203T101500Z~
actions:
  description: V([write]), V([backup, write]), or V([]) when nothing changed (in check mode, what would be done).
  returned: always
  type: list
  elements: str
  sample: [backup, write]
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

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import instance_argument_spec, run_file_module
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import FILE, FILE_RULES, options
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **instance_argument_spec(),
        **options(FILE),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True, **options(FILE_RULES))
    run_file_module(module)


if __name__ == '__main__':
    main()

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options of the modules that read a live agent into code (chowder_agent_info, chowder_agent_export)."""

from __future__ import annotations


class ModuleDocFragment:
    """instance, include, secret_prefix."""

    DOCUMENTATION = r"""
options:
  instance:
    description: The agent's instance, by id or by name. It must be C(running) or C(stopped) (a stopped one gives its
      configuration and keys only).
    type: str
    required: true
  include:
    description:
      - The complete list of what to read. V(config) is the instance's C(openclaw_config); V(workspace) the files under
        C(workspace/); V(memory) the files the agent writes about its users and itself (C(USER.md), C(MEMORY.md),
        C(memory/)), which are personal and read only when listed; V(skills), V(channels) and V(api_keys) the parts
        of those names.
    type: list
    elements: str
    choices: [config, workspace, memory, skills, channels, api_keys]
    default: [config, workspace, skills, channels, api_keys]
  secret_prefix:
    description:
      - The start of every placeholder's variable name. By default, the agent's name made an identifier, plus C(_)
        (V(support_bot_) for C(support-bot)).
    type: str
"""

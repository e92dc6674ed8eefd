# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The parts of a whole agent (chowder_agent): each a list of the options of its module."""

from __future__ import annotations


class ModuleDocFragment:
    """files, skills, channels, api_keys, smoke_test."""

    DOCUMENTATION = r"""
options:
  files:
    description:
      - The agent's files, each as M(openclaw.hosting.chowder_file) takes it. A file is written only when it differs.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: The file's path, relative to the files root (such as C(workspace/SOUL.md)); its identity.
        type: str
        required: true
      content:
        description: The file's text. Exactly one of O(files[].content) and O(files[].src).
        type: str
      src:
        description:
          - A local file to send, relative to O(files_dir) unless absolute; read before any request.
          - A regular file of at most 1 MiB.
        type: path
      force:
        description: V(false) writes the file only when it does not exist (a file the agent writes itself).
        type: bool
        default: true
      backup:
        description: Before overwriting, copy the old file beside it under a name of its own.
        type: bool
        default: false
  skills:
    description: The agent's skills, each as M(openclaw.hosting.chowder_skill) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The skill's name, as OpenClaw names it; its identity.
        type: str
        required: true
      slug:
        description: The ClawHub slug to install it from; O(skills[].name) when not given.
        type: str
      enabled:
        description:
          - Whether the skill is enabled. Left as it is when not given. An entry without C(enabled) is enabled, as
            OpenClaw reads it.
        type: bool
      env:
        description: Environment variables of the skill (each value a secret).
        type: dict
      skill_api_key:
        description: The skill's API key (C(apiKey) in C(openclaw.json)), a secret.
        type: str
      config:
        description: The skill's settings; replaces the stored mapping as a whole.
        type: dict
  channels:
    description: The agent's channels, each as M(openclaw.hosting.chowder_channel) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      channel:
        description: The channel, as Chowder names it (V(telegram), V(slack), V(whatsapp), ...); its identity.
        type: str
        required: true
      state:
        description: V(connected) or V(disconnected).
        type: str
        choices: [connected, disconnected]
        default: connected
      config:
        description: The channel's settings (every value a secret), with every field the channel requires.
        type: dict
      update_config:
        description: V(on_create) connects only a channel that is not enabled; V(always) connects on every run.
        type: str
        choices: [on_create, always]
        default: on_create
      qr_image_path:
        description: A local file to write an interactive channel's QR code to (mode 0600).
        type: path
      wait:
        description: Poll an interactive channel until it is connected (within O(wait_timeout)).
        type: bool
        default: false
  api_keys:
    description:
      - Scoped keys to talk to the agent, each as M(openclaw.hosting.chowder_api_key) takes it.
      - A key that would be created needs O(api_keys[].raw_key_path); this is checked after the reads, before any write,
        so a declaration of keys that exist applies without one.
      - A key name held by an active key that is not bound to this agent (another agent's key) is refused before any
        write.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The key's name, which identifies it among the organization's active keys.
        type: str
        required: true
      instances:
        description: The instances the key may use, by id or by name; this agent when not given.
        type: list
        elements: str
      permissions:
        description: What the key may do on each of its instances.
        type: list
        elements: str
        choices: [read, interact, configure, files, channels]
        required: true
      expires_at:
        description: When the key expires, as an ISO 8601 date and time with its offset.
        type: str
      recreate:
        description: What to do when the existing key differs (V(never) fails); see M(openclaw.hosting.chowder_api_key).
        type: str
        choices: [never, on_change, always]
        default: never
      raw_key_path:
        description: A local file to write a new key's raw value to (mode 0600); its folder must exist.
        type: path
  smoke_test:
    description: One message sent once the parts are applied, as M(openclaw.hosting.chowder_message) sends it.
    type: dict
    suboptions:
      input:
        description: The message.
        type: str
        required: true
      model:
        description: The model, as the provider names it.
        type: str
        required: true
      instructions:
        description: System instructions for this message.
        type: str
      session:
        description: A session to send it in.
        type: str
      expect:
        description: A regular expression the answer must match, or the task fails.
        type: str
"""

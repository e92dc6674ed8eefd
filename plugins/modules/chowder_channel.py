#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_channel."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_channel
short_description: Connect or disconnect a channel of a Chowder instance's agent
version_added: 1.1.0
description:
  - Connects the agent to a messaging channel (Telegram, Slack, WhatsApp, ...) or disconnects it. The channel's
    status is read first (one request).
  - A connect restarts the agent's gateway, and the config it writes cannot be read back in the shape it was given.
    So it is sent only for a channel that is not enabled, unless O(update_config=always). Before a connect, the
    keys of O(config) are checked against the channel's required fields (one more read), in check mode too.
  - A WhatsApp channel answers a connect with a QR code to scan. RV(qr_data) returns it, O(qr_image_path) receives
    it as an image, and with O(wait) the task polls the status until the code is scanned. A channel awaiting its
    scan is enabled, so a re-run does not connect it again.
  - A connect without a clear answer is never sent again. The status is read to see what happened.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  channel:
    description: The channel, as Chowder names it (V(telegram), V(discord), V(slack), V(whatsapp), V(signal), ...).
    type: str
    required: true
  state:
    description: V(connected) or V(disconnected). Disconnecting keeps the saved config.
    type: str
    choices: [connected, disconnected]
    default: connected
  config:
    description:
      - The channel's settings, such as C(token) for Telegram (every value a secret). Its keys must hold every field
        the channel requires; a channel without required fields connects with an empty config.
    type: dict
  update_config:
    description:
      - V(on_create) sends O(config) only when the channel is not enabled, since the API cannot show it back.
      - V(always) connects again on every run with O(config), which restarts the agent's gateway.
    type: str
    choices: [on_create, always]
    default: on_create
  qr_image_path:
    description: A file on the host that runs the module to write the QR code's image to (mode 0600).
    type: path
  wait:
    description: For an interactive channel, poll its status until it is connected (the QR code scanned).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait), from the task's start.
    type: int
    default: 300
extends_documentation_fragment:
  - openclaw.hosting.chowder_instance_part
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The status and the required fields are read and the config checked; nothing is sent.
  diff_mode:
    support: full
    details: Whether the channel is enabled and connected, before and after.
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_skill
"""

EXAMPLES = r"""
- name: Telegram, with the bot's token from the vault
  openclaw.hosting.chowder_channel:
    instance: support-bot
    channel: telegram
    config:
      token: "{{ vault_telegram_token }}"

- name: WhatsApp, its QR code written for a person to scan
  openclaw.hosting.chowder_channel:
    instance: support-bot
    channel: whatsapp
    qr_image_path: "{{ secrets_dir }}/whatsapp-qr.png"
  register: whatsapp

- name: No more Discord
  openclaw.hosting.chowder_channel:
    instance: support-bot
    channel: discord
    state: disconnected
"""

RETURN = r"""
channel:
  description: The channel's status after the task.
  returned: success
  type: dict
  sample: {channel: telegram, enabled: true, connected: true, details: {}}
qr_data:
  description: The QR code's data, to be scanned with the app.
  returned: when a connect answered awaiting_scan
  type: str
  sample: "2@AbCdEf..."
actions:
  description: V([connect]), V([disconnect]), or V([]) when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [connect]
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 404
    code: null
    message: Channel not found
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import instance_argument_spec, run_channel_module
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import CHANNEL, options
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **instance_argument_spec(),
        **options(CHANNEL),
        wait_timeout=dict(type='int', default=300),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_channel_module(module)


if __name__ == '__main__':
    main()

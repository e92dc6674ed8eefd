#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_message."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_message
short_description: Send a message to a Chowder instance's agent and check its answer
version_added: 1.1.0
description:
  - Reads the instance (one request) and, when it is C(running), sends one message in the OpenAI Responses format;
    a smoke test for an agent just configured.
  - It changes no configuration, so it reports no change. In check mode it sends nothing and says so.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  input:
    description: The message.
    type: str
    required: true
  model:
    description: The model the API passes to the instance's provider, such as V(claude-sonnet-4-20250514).
    type: str
    required: true
  instructions:
    description: Instructions for this answer.
    type: str
  session:
    description: A session id; the message goes to that session, which is created on first use.
    type: str
  expect:
    description: A regular expression the answer's text must match (searched); otherwise the task fails showing the answer.
    type: str
extends_documentation_fragment:
  - openclaw.hosting.chowder_instance_part
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The instance is read; the message is not sent.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_instance
"""

EXAMPLES = r"""
- name: Smoke test the agent
  openclaw.hosting.chowder_message:
    instance: support-bot
    model: claude-sonnet-4-20250514
    input: Say hello
    expect: "(?i)hello"
  register: hello
"""

RETURN = r"""
output_text:
  description: The text of the answer's messages, joined.
  returned: when the message was sent
  type: str
  sample: Hello! How can I help you today?
response:
  description: The whole answer, as the API gives it.
  returned: when the message was sent
  type: dict
  sample:
    id: resp_abc123
    object: response
    status: completed
    model: claude-sonnet-4-20250514
    output: [{type: message, role: assistant, content: [{type: output_text, text: "Hello! How can I help you today?"}]}]
    usage: {input_tokens: 2, output_tokens: 7, total_tokens: 9}
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

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import instance_argument_spec, run_message_module
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import MESSAGE, options
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **instance_argument_spec(),
        **options(MESSAGE),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_message_module(module)


if __name__ == '__main__':
    main()

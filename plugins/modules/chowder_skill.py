#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_skill."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_skill
short_description: Install and configure a skill of a Chowder instance's agent
version_added: 1.1.0
description:
  - Installs the skill from ClawHub when the instance does not have it (one read says which), with O(env).
  - Then compares O(enabled), O(skill_api_key), O(env) and O(config) with what the instance's C(openclaw.json) holds
    under C(skills.entries.<name>) (one more read, through the files API). Only the settings that differ are sent,
    in one C(PATCH). A setting left out is left alone.
  - An install whose answer says C(installed_missing_env) fails the task, naming the missing variables. The task
    reports a change, since the skill was installed.
  - An install without a clear answer is never sent again. The skill is read to see whether it was installed.
  - When the key cannot read C(openclaw.json) (a scoped key without the C(files) permission), every setting given
    is sent, with a warning that they could not be compared.
  - The environment values the API echoes after an install (C(env_applied)) are never returned.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  name:
    description: The skill's name, as OpenClaw names it (the name it installs as).
    type: str
    required: true
  slug:
    description: The ClawHub slug to install it from; O(name) when not given.
    type: str
  enabled:
    description: Whether the skill is enabled. Left as it is when not given.
    type: bool
  env:
    description: Environment variables of the skill (each value a secret), sent with the install and compared after.
    type: dict
  skill_api_key:
    description:
      - The skill's API key (C(apiKey) in C(openclaw.json)), a secret.
      - Named so because O(api_key) is the Chowder key, as in every module of the collection.
    type: str
  config:
    description: The skill's settings (C(config) in C(openclaw.json)); replaces the stored mapping as a whole.
    type: dict
extends_documentation_fragment:
  - openclaw.hosting.chowder_instance_part
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The skill and its settings are read; nothing is installed or sent.
  diff_mode:
    support: full
    details: The skill's settings before and after; the API key and every env value as a fingerprint.
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_file
  - module: openclaw.hosting.chowder_channel
"""

EXAMPLES = r"""
- name: Web search, with its key from the vault
  openclaw.hosting.chowder_skill:
    instance: support-bot
    name: web-search
    env:
      SEARCH_API_KEY: "{{ vault_search_api_key }}"
    enabled: true

- name: Weather forecasts, in Celsius
  openclaw.hosting.chowder_skill:
    instance: support-bot
    name: weather
    config:
      units: metric
"""

RETURN = r"""
skill:
  description: The skill as the API shows it (after an install, its name and the install's status).
  returned: success
  type: dict
  sample: {name: web-search, description: Search the web, source: managed, path: skills/web-search, ready: true}
actions:
  description: V([install]), V([update]), V([install, update]), or V([]) when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [install]
missing_env:
  description: The environment variables the installed skill still needs.
  returned: when the install answered installed_missing_env
  type: list
  elements: str
  sample: [SEARCH_API_KEY]
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 404
    code: null
    message: Skill web-serch not found on ClawHub
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_modules import instance_argument_spec, run_skill_module
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import SKILL, options
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **instance_argument_spec(),
        **options(SKILL),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_skill_module(module)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_organization."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_organization
short_description: Manage a Chowder organization's name and model provider keys
version_added: 1.1.0
description:
  - Sets the organization's name and the API keys of its model providers (Anthropic, OpenAI, Gemini), which its
    instances use; an instance whose provider has no key ends in C(error).
  - One read (C(GET /v1/organization)), then at most one C(PATCH) holding every difference.
  - Chowder never shows a model key back, only which providers have one (C(model_providers)); so a key is compared by
    its provider's presence alone, and O(update_model_api_keys) says whether to send it again.
  - With C(--diff), the providers whose key the C(PATCH) sends are listed under C(model_providers_sent) (never a key),
    so a key sent again, which changes no provider, still shows whose it was.
  - Needs an organization key (C(chd_org_...)); a scoped key (C(chd_sk_...)) is refused before any request.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  name:
    description: The organization's name. Left as it is when not given.
    type: str
  model_api_keys:
    description:
      - The model providers' API keys, as a mapping of provider (V(anthropic), V(openai), V(gemini)) to key.
      - Every value is a secret, never printed, and never returned by the API. Keep them in Ansible Vault.
        ansible-core's own debug mode (E(ANSIBLE_DEBUG=1)) prints every module argument whatever C(no_log) says.
      - Providers not given are left as they are, unless O(purge_model_api_keys) is set.
    type: dict
  update_model_api_keys:
    description:
      - V(on_create) sends a provider's key only when the provider has no key yet, so a run is idempotent.
      - V(always) sends every given key on every run and reports a change, since the stored keys cannot be compared;
        use it to rotate a model key. With no O(model_api_keys) it sends nothing.
    type: str
    choices: [on_create, always]
    default: on_create
  purge_model_api_keys:
    description:
      - Remove the key of every provider that O(model_api_keys) leaves out (Chowder removes a provider sent an empty
        key). Only when O(model_api_keys) is given; V(model_api_keys={}) removes every provider's key.
    type: bool
    default: false
extends_documentation_fragment:
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Nothing is sent but the read; the organization returned is the one the update would leave.
  diff_mode:
    support: full
    details: The name and the providers with a key, before and after; never a key.
  platform:
    support: full
    platforms: all
seealso:
  - module: openclaw.hosting.chowder_organization_info
  - module: openclaw.hosting.chowder_api_key
"""

EXAMPLES = r"""
- name: Name the organization and give it an Anthropic key, once
  openclaw.hosting.chowder_organization:
    name: Support team
    model_api_keys:
      anthropic: "{{ vault_anthropic_key }}"

- name: Rotate the OpenAI key, and remove every provider's key but these two
  openclaw.hosting.chowder_organization:
    model_api_keys:
      anthropic: "{{ vault_anthropic_key }}"
      openai: "{{ vault_openai_key }}"
    update_model_api_keys: always
    purge_model_api_keys: true
"""

RETURN = r"""
organization:
  description: The organization as the API shows it after the task (in check mode, as the update would leave it); it
    never holds a key.
  returned: success
  type: dict
  sample:
    id: 0d9a6f0e-3a2b-5c1d-9e8f-7a6b5c4d3e2f
    name: Support team
    model_providers: [anthropic, openai]
    subscription_tier: crab
    instance_limit: 10
    instance_count: 3
    created_at: "2026-02-14T16:00:00.000000+00:00"
    updated_at: "2026-02-14T20:00:00.000000+00:00"
actions:
  description: V([update]) when the organization was updated (in check mode, would be), else V([]).
  returned: always
  type: list
  elements: str
  sample: [update]
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 422
    code: null
    message: Validation failed
    details: {model_api_keys.mistral: "Input should be 'anthropic', 'openai' or 'gemini'"}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._org_modules import run_organization_module
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        name=dict(type='str'),
        model_api_keys=dict(type='dict', no_log=True),
        update_model_api_keys=dict(type='str', choices=['on_create', 'always'], default='on_create'),
        purge_model_api_keys=dict(type='bool', default=False),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, supports_check_mode=True)
    run_organization_module(module)


if __name__ == '__main__':
    main()

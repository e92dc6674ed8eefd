#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module chowder_api_key."""

from __future__ import annotations

DOCUMENTATION = r"""
module: chowder_api_key
short_description: Manage a Chowder scoped API key
version_added: 1.1.0
description:
  - A scoped key (C(chd_sk_...)) lets a frontend, a CI job or another team talk to the instances it is given, with
    the permissions it is given. This module makes the key of a O(name) present or absent.
  - The key is found by its name among the organization's active keys (one list request). Revoked and expired keys
    never count. Two active keys with the name fail the task, naming their ids; nothing is changed.
  - An existing key is read (one more request) and compared with the task; O(instances) and O(permissions) as sets,
    O(expires_at) as an instant. Chowder cannot change a key, so a different one is replaced (O(recreate)).
  - Chowder shows a key's raw value once, in the answer to its creation. The module writes it to O(raw_key_path)
    and returns it only with O(return_raw_key); a task that may create a key without either is refused before any
    request, as the key would be lost.
  - A creation that gets no clear answer (a lost connection, an HTTP 5xx, an answer that is not a key) is never sent
    again. The keys are listed to find out. If a new key with the name shows up, the task fails with its id, as its
    raw key was lost; revoke that key by its id and run the task again (while rotating, the old key stays active).
    Otherwise, it fails saying that nothing was created. A lost revoke is not sent again either; the key is read.
  - Needs an organization key (C(chd_org_...)); a scoped key is refused before any request.
author:
  - OpenClaw Hosting Contributors (@openclaw)
options:
  name:
    description: The key's name, which identifies it among the organization's active keys.
    type: str
    required: true
  state:
    description:
      - V(present) makes the key exist as declared. V(absent) revokes every active key with the name (or with O(id),
        only that one), at once and for good.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - With O(state=absent), the id of the one key of O(name) to revoke; the other keys of the name are left
        active. A task that rotated a key and lost the new key's raw value says which id to give here.
      - Not with O(state=present).
    type: str
  instances:
    description:
      - The instances the key may use, by id or by name. The instances are listed once (one request) unless every
        item is the id of one of the existing key's instances. An item that finds no instance, or a name shared by
        two live instances, fails before any change.
      - Required with O(state=present).
    type: list
    elements: str
  permissions:
    description:
      - What the key may do on each of its instances. V(read) reads them, V(interact) sends messages, and
        V(configure) updates them and their skills. V(files) uses the files API, and V(channels) the channels.
      - Required with O(state=present).
    type: list
    elements: str
    choices: [read, interact, configure, files, channels]
  expires_at:
    description:
      - When the key expires, as an ISO 8601 date and time with its offset (V(2027-01-31T00:00:00Z)). Omitted, the
        key never expires. An existing key with another expiry, or with one when none is given, differs.
    type: str
  recreate:
    description:
      - What to do when the existing key differs from the task. Chowder has no way to change a key.
      - V(never) fails, naming the fields that differ, and changes nothing.
      - V(on_change) rotates it as Chowder's docs advise. It creates the new key first, then revokes the old one
        (RV(actions=[create, revoke])).
      - V(always) rotates it on every run, even when it matches (a scheduled rotation).
    type: str
    choices: [never, on_change, always]
    default: never
  raw_key_path:
    description:
      - A file on the host that runs the module (the controller, as a rule) to write a new key's raw value to. It
        is written with mode 0600 and replaced atomically. Its folder must exist; that is checked before any
        request.
      - Only written when the task creates a key; a key that is kept leaves the file as it is.
    type: path
  return_raw_key:
    description:
      - "Return a new key's raw value as RV(raw_key). Set C(no_log: true) on the task, or the value is printed with
        its result."
      - ansible-core's own debug mode (E(ANSIBLE_DEBUG=1)) prints every module's result whatever C(no_log) says;
        O(raw_key_path) keeps the raw key out of it.
    type: bool
    default: false
extends_documentation_fragment:
  - openclaw.hosting.chowder
  - openclaw.hosting.rate_window
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The keys and the instances are read; nothing is created, revoked or written.
  diff_mode:
    support: full
    details: The key's name, instances, permissions and expiry, before and after; never its raw value.
  platform:
    support: full
    platforms: all
notes:
  - The raw key is never written anywhere but O(raw_key_path). That includes the collection's state files on the
    controller, fact caches and temporary files.
seealso:
  - module: openclaw.hosting.chowder_api_key_info
  - module: openclaw.hosting.chowder_organization
"""

EXAMPLES = r"""
- name: A read-only key for the support bot's frontend, its raw key kept in a file
  openclaw.hosting.chowder_api_key:
    name: support-frontend
    instances: [support-bot]
    permissions: [read, interact]
    raw_key_path: "{{ secrets_dir }}/support-frontend.key"

- name: Rotate the CI key every run, and hand its raw key to the next task
  openclaw.hosting.chowder_api_key:
    name: ci
    instances: [eu-bot, support-bot]
    permissions: [read, configure, files]
    expires_at: "2030-01-01T00:00:00Z"
    recreate: always
    return_raw_key: true
  no_log: true
  register: ci_key

- name: Revoke the frontend's key
  openclaw.hosting.chowder_api_key:
    name: support-frontend
    state: absent
"""

RETURN = r"""
key:
  description:
    - The key as the API shows it, with its instances and their permissions, and never its raw value. After a
      creation, its instances are those sent. In check mode it is the key the task would create, with a null id.
    - Null with O(state=absent).
  returned: success
  type: dict
  sample:
    id: key_4f1c2a9b8e7d6c5b4a3f2e1d
    organization_id: 0d9a6f0e-3a2b-5c1d-9e8f-7a6b5c4d3e2f
    name: support-frontend
    key_prefix: chd_sk_
    is_active: true
    expires_at: null
    created_at: "2026-02-14T16:00:00.000000+00:00"
    instances:
      - instance_id: f47ac10b-58cc-4372-a567-0e02b2c3d479
        permissions: [read, interact]
actions:
  description: What was done (in check mode, would be), in order. V(create) and V(revoke), or both for a rotation.
    V([]) when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [create, revoke]
raw_key:
  description: The new key's raw value (C(chd_sk_...)), shown by Chowder only once.
  returned: when a key was created and O(return_raw_key=true)
  type: str
  sample: chd_sk_0123456789abcdef
raw_key_path:
  description: The file the new key's raw value was written to, as an absolute path.
  returned: when a key was created and O(raw_key_path) was given
  type: str
  sample: /home/ops/.secrets/support-frontend.key
api_error:
  description: The API's error, when the API caused the failure.
  returned: failed because of an API error
  type: dict
  sample:
    status: 500
    code: null
    message: Internal server error
    details: null
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_specs import KEY, options
from ansible_collections.openclaw.hosting.plugins.module_utils._module import provider_argument_spec
from ansible_collections.openclaw.hosting.plugins.module_utils._org_modules import run_api_key_module
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER


def main():
    """Run the module."""
    argument_spec = dict(
        **options(KEY),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        id=dict(type='str'),
        return_raw_key=dict(type='bool', default=False, no_log=False),
        **provider_argument_spec(CHOWDER),
    )
    module = AnsibleModule(argument_spec, required_if=[('state', 'present', ('instances', 'permissions'))],
                           supports_check_mode=True)
    run_api_key_module(module)


if __name__ == '__main__':
    main()

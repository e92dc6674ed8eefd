# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options of an agent's parts, written once: each part's module (chowder_file, chowder_skill, chowder_channel,
chowder_api_key, chowder_message) takes them, and chowder_agent takes them as the suboptions of its lists, so that a
typo anywhere in a whole agent's declaration fails before any request with Ansible's own message."""

from __future__ import annotations

import copy
from typing import Any, Dict

from ._api_key import PERMISSIONS
from ._deadline import DEFAULT_WAIT_TIMEOUT
from ._organization import MODEL_PROVIDERS

FILE: Dict[str, Dict[str, Any]] = dict(
    path=dict(type='str', required=True),
    content=dict(type='str'),
    src=dict(type='path'),
    force=dict(type='bool', default=True),
    backup=dict(type='bool', default=False),
)
FILE_RULES: Dict[str, Any] = dict(mutually_exclusive=[('content', 'src')], required_one_of=[('content', 'src')])

SKILL: Dict[str, Dict[str, Any]] = dict(
    name=dict(type='str', required=True),
    slug=dict(type='str'),
    enabled=dict(type='bool'),
    env=dict(type='dict', no_log=True),
    skill_api_key=dict(type='str', no_log=True),
    config=dict(type='dict'),
)

CHANNEL: Dict[str, Dict[str, Any]] = dict(
    channel=dict(type='str', required=True),
    state=dict(type='str', choices=['connected', 'disconnected'], default='connected'),
    config=dict(type='dict', no_log=True),
    update_config=dict(type='str', choices=['on_create', 'always'], default='on_create'),
    qr_image_path=dict(type='path'),
    wait=dict(type='bool', default=False),
)

KEY: Dict[str, Dict[str, Any]] = dict(  # chowder_api_key adds state and return_raw_key; in chowder_agent, instances default to the agent
    name=dict(type='str', required=True),
    instances=dict(type='list', elements='str'),
    permissions=dict(type='list', elements='str', choices=list(PERMISSIONS)),
    expires_at=dict(type='str'),
    recreate=dict(type='str', choices=['never', 'on_change', 'always'], default='never'),
    raw_key_path=dict(type='path', no_log=False),
)

MESSAGE: Dict[str, Dict[str, Any]] = dict(
    input=dict(type='str', required=True),
    model=dict(type='str', required=True),
    instructions=dict(type='str'),
    session=dict(type='str'),
    expect=dict(type='str'),
)


def options(spec: Dict[str, Any], **changed: Any) -> Dict[str, Any]:
    """A copy of a part's options (for one module's AnsibleModule), with some options changed."""
    return dict(copy.deepcopy(spec), **changed)


def agent_argument_spec() -> Dict[str, Any]:
    """chowder_agent's options, without the connection options: the agent, and each part a list of its options."""
    return dict(
        name=dict(type='str', required=True),
        state=dict(type='str', choices=['started', 'stopped', 'absent'], default='started'),
        model_provider=dict(type='str', choices=list(MODEL_PROVIDERS)),
        model_api_key=dict(type='str', no_log=True),
        update_model_api_keys=dict(type='str', choices=['on_create', 'always'], default='on_create'),
        region=dict(type='str'),
        openclaw_version=dict(type='str'),
        openclaw_config=dict(type='dict'),
        wait_timeout=dict(type='int', default=DEFAULT_WAIT_TIMEOUT),
        files_dir=dict(type='path'),
        files=dict(type='list', elements='dict', default=[], options=options(FILE), **copy.deepcopy(FILE_RULES)),
        skills=dict(type='list', elements='dict', default=[], options=options(SKILL)),
        channels=dict(type='list', elements='dict', default=[], options=options(CHANNEL)),
        api_keys=dict(type='list', elements='dict', default=[], no_log=False,
                      options=options(KEY, permissions=dict(KEY['permissions'], required=True))),
        smoke_test=dict(type='dict', options=options(MESSAGE)),
    )

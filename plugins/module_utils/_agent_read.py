# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A live agent read for its declaration (chowder_agent_info, chowder_agent_export), in as few requests as it allows:
the instance's details; one listing per folder of its workspace (never inside a .git folder); one download per file
exported (one request each, text or not; none for a file left out by its name or size); openclaw.json once for the
skills' settings and the skills/ folder's listing for their names; the channels' list, and each enabled channel's
required fields; the keys' list, and each active key's instances.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _agent_messages as say
from ._agent_api import Agent
from ._agent_declaration import UNASKED, Reading, file_omission, is_memory
from ._client import Client
from ._errors import ApiError
from ._local_file import MAX_FILE_BYTES
from ._messages import TaskFailed
from ._org_api import list_keys, read_key

STATES = {'running': 'started', 'stopped': 'stopped'}
RUNNING_PARTS = ('workspace', 'memory', 'skills', 'channels')


def read_agent(client: Client, given: str, include: Sequence[str]) -> Reading:
    """Read what `include` asks for of the agent of instance `given` (an id or a name)."""
    agent = Agent(client, given)
    instance = agent.instance()
    if instance.get('status') not in STATES:
        raise TaskFailed(say.not_settled(given, instance.get('status')))
    left_out: List[Tuple[str, str]] = []
    files: Dict[str, bytes] = {}
    config: Optional[Dict[str, Any]] = None
    skills: Tuple[str, ...] = ()
    channels: Tuple[Dict[str, Any], ...] = ()
    if instance['status'] == 'running':
        if 'workspace' in include or 'memory' in include:
            files = read_files(agent, include, left_out)
        if 'skills' in include:
            config, skills = read_skills(agent)
        if 'channels' in include:
            channels = tuple(agent.channel(item['channel']) for item in agent.channels() if item['enabled'])
    else:
        left_out += [(part, say.not_running_parts(instance['status'])) for part in RUNNING_PARTS if part in include]
    keys = read_keys(client, left_out) if 'api_keys' in include else ()
    return Reading(instance, files, config, skills, channels, keys, tuple(left_out))


def read_files(agent: Agent, include: Sequence[str], left_out: List[Tuple[str, str]]) -> Dict[str, bytes]:
    """The workspace's files to export, by their bytes: one listing per folder, one download per file."""
    files: Dict[str, bytes] = {}
    folders = ['workspace']
    while folders:
        folder = folders.pop(0)
        for entry in agent.list_folder(folder) or ():
            path = posixpath.join(folder, entry['name'])
            if entry.get('is_dir'):
                if entry['name'] == '.git':
                    left_out.append((path + '/', 'git'))
                elif is_memory(path + '/') and 'memory' not in include:
                    left_out.append((path + '/', 'memory'))  # not even listed: personal
                else:
                    folders.append(path)
                continue
            why = file_omission(path, entry.get('size'), include, MAX_FILE_BYTES)
            if why is None:
                data = agent.download(path)
                if data is not None:
                    files[path] = data
            elif why != UNASKED:
                left_out.append((path, why))
    left_out.append(('skills/', 'skills'))
    return files


def read_skills(agent: Agent) -> Tuple[Optional[Dict[str, Any]], Tuple[str, ...]]:
    """openclaw.json, and the installed skills: the folders under the files root's skills/."""
    names = tuple(sorted(entry['name'] for entry in agent.list_folder('skills') or () if entry.get('is_dir')))
    if not names:
        return None, names
    try:
        config = json.loads(agent.config() or '{}')
    except ValueError:
        config = {}
    return (config if isinstance(config, dict) else {}), names


def read_keys(client: Client, left_out: List[Tuple[str, str]]) -> Optional[Tuple[Dict[str, Any], ...]]:
    """The organization's active keys with their instances; None (and why) when the key cannot list them."""
    try:
        listed = list_keys(client)
    except ApiError as error:
        if error.status != 403:
            raise
        left_out.append(('api_keys', 'unlisted'))
        return None
    return tuple(detail for detail in (read_key(client, key['id']) for key in listed if key['is_active']) if detail)

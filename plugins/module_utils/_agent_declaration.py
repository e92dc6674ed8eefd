# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A live agent as a declaration in chowder_agent's shape (chowder_agent_info, chowder_agent_export), from what was
read of it: pure, so that its rules are tested as tables.

Every secret value is replaced by a placeholder, the whole string "{{ <name> }}": a skill's env values and API key,
a channel's required fields, and what the masking policy counts as secret in openclaw_config and in a skill's config.
`secrets` lists each placeholder with where it stands; `omitted` says what was left out and why. No secret value is
in what this returns.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ._secrets import Path, replace_secrets

INCLUDE = ('config', 'workspace', 'memory', 'skills', 'channels', 'api_keys')
DEFAULT_INCLUDE = ('config', 'workspace', 'skills', 'channels', 'api_keys')  # memory is personal: only when asked
WRITTEN_BY_THE_AGENT = ('workspace/IDENTITY.md',)  # exported with the workspace, declared force: false
MEMORY = ('workspace/USER.md', 'workspace/MEMORY.md', 'workspace/memory/*')  # only with memory, force: false
SECRET_FILES = ('.env', '*.key', '*.pem')
UNASKED = ''
WHY = {
    'backup': 'a backup (*~), not part of the agent',
    'secret': 'a file that may hold secrets (.env, *.key, *.pem): keep it in the vault',
    'memory': "the agent's memory, which is personal: include memory to export it",
    'large': 'over 1 MiB, the most a file sent to an agent may have',
    'binary': 'not text, so not declared inline: chowder_agent_export writes it',
    'git': 'a git folder inside the workspace, not part of the agent',
    'skills': 'the skills ClawHub installs here, declared by name under skills',
    'shared': 'bound to other instances too: a key shared by several agents is managed outside one agent (a clone '
              'would rebind it)',
    'pairing': "WhatsApp's pairing: a clone needs a scan of its own (a QR code)",
    'unlisted': 'this API key cannot list the keys (a scoped key)',
}


def identifier(text: str) -> str:
    """Lower case, every run of characters other than a-z and 0-9 made one "_"."""
    return re.sub(r'[^a-z0-9]+', '_', text.lower())


class Placeholders:
    """The placeholders of one declaration, named <prefix><part>_<item>_<field>, _2, _3 ... on a collision."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.listed: List[Dict[str, str]] = []

    def __call__(self, where: str, *parts: Any) -> str:
        base = identifier(self.prefix + '_'.join(str(part) for part in parts)).strip('_')
        taken = {entry['name'] for entry in self.listed}
        name = next(candidate for candidate in (base if count == 1 else '%s_%d' % (base, count) for count in range(1, 1000))
                    if candidate not in taken)
        self.listed.append({'name': name, 'path': where})
        return '{{ %s }}' % name

    def within(self, value: Any, where: str, *parts: Any) -> Any:
        """A mapping with each value the masking policy counts as secret made a placeholder."""
        return replace_secrets(value, lambda path, secret, reason: self(where + dotted(path), *parts, *path))


def dotted(path: Path) -> str:
    return ''.join('[%s]' % part if isinstance(part, int) else '.%s' % part for part in path)


def default_prefix(name: str) -> str:
    """The agent's name made an identifier, plus "_"."""
    return identifier(name).strip('_') + '_'


def is_memory(path: str) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in MEMORY)


def file_omission(path: str, size: Any, include: Sequence[str], cap: int) -> Optional[str]:
    """Why a workspace file is left out of the declaration, by its path and size: a key of WHY, or UNASKED (the
    workspace is not included: nothing to say); None: it is read."""
    name = posixpath.basename(path)
    if not is_memory(path) and 'workspace' not in include:
        return UNASKED
    if name.endswith('~'):
        return 'backup'
    if any(fnmatch.fnmatch(name, pattern) for pattern in SECRET_FILES):
        return 'secret'
    if is_memory(path) and 'memory' not in include:
        return 'memory'
    if isinstance(size, int) and size > cap:
        return 'large'
    return None


class Reading(NamedTuple):
    """What was read of a live agent: its details; its files' bytes (path -> bytes); openclaw.json (None: not read);
    its installed skills; its enabled channels with their descriptions; its active keys with their instances (None:
    they cannot be listed); and what the reading left out (path, why)."""

    instance: Dict[str, Any]
    files: Dict[str, bytes]
    config: Optional[Dict[str, Any]]
    skills: Tuple[str, ...]
    channels: Tuple[Dict[str, Any], ...]
    keys: Optional[Tuple[Dict[str, Any], ...]]
    left_out: Tuple[Tuple[str, str], ...] = ()


def declaration(reading: Reading, include: Sequence[str], prefix: str, sources: bool = False,
                force_memory: bool = False) -> Tuple[Dict[str, Any], List[Dict[str, str]], List[Dict[str, str]]]:
    """The agent as chowder_agent declares it, its placeholders and what was omitted. With `sources` (the export),
    files are declared by a `src` under files/, binary ones too; else text files inline."""
    instance, secret = reading.instance, Placeholders(prefix)
    omitted = [{'what': what, 'why': WHY.get(why, why)} for what, why in reading.left_out]
    agent: Dict[str, Any] = {'name': instance['name'], 'state': 'started' if instance.get('status') == 'running' else 'stopped'}
    agent.update({field: instance[field] for field in ('model_provider', 'region') if instance.get(field)})
    if 'config' in include and instance.get('openclaw_config'):
        agent['openclaw_config'] = secret.within(instance['openclaw_config'], 'openclaw_config', 'config')
    files = []
    for path, data in sorted(reading.files.items()):
        text = as_text(data)
        if text is None and not sources:
            omitted.append({'what': path, 'why': WHY['binary']})
            continue
        entry: Dict[str, Any] = {'path': path, 'src': path} if sources else {'path': path, 'content': text}
        if path in WRITTEN_BY_THE_AGENT or (is_memory(path) and not force_memory):
            entry['force'] = False
        files.append(entry)
    agent['files'] = files
    agent['skills'] = [skill(name, skill_entry(reading.config, name), secret) for name in reading.skills]
    agent['channels'] = [channel(found, secret, omitted) for found in reading.channels]
    agent['api_keys'] = keys(reading.keys or (), str(instance.get('id')), omitted)
    return agent, secret.listed, omitted


def as_text(data: bytes) -> Optional[str]:
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return None


def skill_entry(config: Optional[Mapping[str, Any]], name: str) -> Dict[str, Any]:
    """skills.entries.<name> of openclaw.json ({} when it has none)."""
    found: Any = config
    for key in ('skills', 'entries', name):
        found = found.get(key) if isinstance(found, dict) else None
    return found if isinstance(found, dict) else {}


def skill(name: str, entry: Mapping[str, Any], secret: Placeholders) -> Dict[str, Any]:
    """A skill's item: enabled always (true when its entry does not say), the other settings when they have a value."""
    where = 'skills[%s]' % name
    item: Dict[str, Any] = {'name': name, 'enabled': entry.get('enabled', True) is not False}
    if isinstance(entry.get('env'), dict) and entry['env']:
        item['env'] = {variable: secret('%s.env.%s' % (where, variable), 'skills', name, 'env', variable) for variable in entry['env']}
    if entry.get('apiKey'):
        item['skill_api_key'] = secret('%s.skill_api_key' % where, 'skills', name, 'skill_api_key')
    if isinstance(entry.get('config'), dict) and entry['config']:
        item['config'] = secret.within(entry['config'], '%s.config' % where, 'skills', name, 'config')
    return item


def channel(found: Mapping[str, Any], secret: Placeholders, omitted: List[Dict[str, str]]) -> Dict[str, Any]:
    """An enabled channel's item: a placeholder per required field; an interactive one alone (its pairing omitted)."""
    name = found['channel']
    if found.get('connection_type') == 'interactive':
        omitted.append({'what': 'channels[%s] pairing' % name, 'why': WHY['pairing']})
        return {'channel': name}
    fields = found.get('required_fields') or {}
    return {'channel': name, 'config': {field: secret('channels[%s].config.%s' % (name, field), 'channels', name, field)
                                        for field in fields}}


def keys(found: Sequence[Mapping[str, Any]], instance_id: str, omitted: List[Dict[str, str]]) -> List[Dict[str, Any]]:
    """The keys bound to this instance only, without instances (they default to the agent); shared ones omitted."""
    items = []
    for key in found:
        grants = key.get('instances') or []
        if [grant['instance_id'] for grant in grants] != [instance_id]:
            if instance_id in [grant['instance_id'] for grant in grants]:
                omitted.append({'what': 'api_keys[%s]' % key['name'], 'why': WHY['shared']})
            continue
        item: Dict[str, Any] = {'name': key['name'], 'permissions': sorted(grants[0]['permissions'])}
        if key.get('expires_at'):
            item['expires_at'] = key['expires_at']
        items.append(item)
    return items

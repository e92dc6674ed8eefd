# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A skill of an instance, declared (chowder_skill), as a part of the engine: installed from ClawHub when missing,
then its settings compared with what openclaw.json holds under skills.entries.<name> and only the differing ones
sent, in one PATCH.

An install is not idempotent (the engine settles a lost one by reading the skill); the PATCH is. The secrets
(skill_api_key, env values) are compared, never shown: a diff shows their fingerprints.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence

from . import _agent_messages as say
from ._agent_api import Agent
from ._errors import ApiError
from ._messages import TaskFailed
from ._parts import Change, Part

FIELDS = {'enabled': 'enabled', 'skill_api_key': 'apiKey', 'env': 'env', 'config': 'config'}  # option -> openclaw.json's name
DEFAULTS = {'enabled': True}  # what OpenClaw takes for a setting its entry does not have


class Skill(NamedTuple):
    """A skill as read: the API's view of it (None: not installed), and its entry in openclaw.json."""

    skill: Optional[Dict[str, Any]]
    entry: Optional[Dict[str, Any]]  # None: openclaw.json could not be read, so every setting given is sent


def skill_changes(wanted: Mapping[str, Any], found: Skill) -> List[Change]:
    """An install when it is missing (with its env), then one update of the settings that differ. Pure."""
    installed = found.skill is not None
    entry = dict(found.entry or {}, **({'env': wanted['env']} if wanted.get('env') and not installed else {}))
    defaults = DEFAULTS if found.entry is not None else {}
    differing = {FIELDS[option]: value for option, value in wanted.items()
                 if found.entry is None or entry.get(FIELDS[option], defaults.get(FIELDS[option])) != value}
    install = [] if installed else [Change('install', False, wanted.get('env'))]
    return install + ([Change('update', True, differing)] if differing else [])


class SkillPart(Part):
    """One declared skill: its name, the slug it installs from, the settings given (option name -> value)."""

    kind = 'skill'

    def __init__(self, agent: Agent, name: str, slug: Optional[str] = None, wanted: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(agent.client.profile, name)
        self.agent = agent
        self.slug = slug or name
        self.wanted = {option: value for option, value in (wanted or {}).items() if value is not None}
        self.warnings: List[str] = []

    def read(self) -> Skill:
        return Skill(self.agent.read_skill(self.item), self._entry())

    def compare(self, found: Skill) -> List[Change]:
        return skill_changes(self.wanted, found)

    def apply(self, change: Change, found: Skill) -> Dict[str, Any]:
        if change.action == 'update':
            self.agent.update_skill(self.item, change.data)
            return {}
        answer = self.agent.install_skill(self.slug, change.data)
        if answer.get('skill') != self.item:
            raise TaskFailed(say.installed_as(self.slug, answer.get('skill'), self.item), changed=True)
        if answer['status'] == 'installed_missing_env':
            missing = [name for name in answer.get('required_env') or () if name not in (change.data or {})]
            raise TaskFailed(say.missing_env(self.item, missing), changed=True, missing_env=missing)
        return {'skill': {'name': self.item, 'status': answer['status']}}

    def settle(self, change: Change, found: Skill, lost: ApiError) -> Optional[Dict[str, Any]]:
        skill = self.agent.read_skill(self.item)  # an install: was it carried out?
        return None if skill is None else {'skill': skill}

    def predict(self, found: Skill, changes: Sequence[Change]) -> Skill:
        entry = dict(found.entry or {})
        for change in changes:
            entry.update({'env': change.data} if change.action == 'install' and change.data else {})
            entry.update(change.data if change.action == 'update' else {})
        return Skill(found.skill or {'name': self.item}, entry)

    def view(self, state: Skill) -> Dict[str, Any]:
        return {'state': 'absent'} if state.skill is None else state.entry or {}

    def finish(self, found: Skill, changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        return dict(fields, skill=fields.get('skill', found.skill), warnings=list(self.warnings))

    def _entry(self) -> Optional[Dict[str, Any]]:
        """skills.entries.<name> of openclaw.json ({} when it has none); None, with a warning, when it cannot be read."""
        try:
            config = json.loads(self.agent.config() or '{}')
        except (ApiError, ValueError) as error:
            if isinstance(error, ApiError) and error.status not in (403, 400):
                raise
            self.warnings.append(say.config_unreadable(self.item, getattr(error, 'message', 'it is not JSON')))
            return None
        for key in ('skills', 'entries', self.item):
            config = config.get(key) if isinstance(config, dict) else None
        return config if isinstance(config, dict) else {}

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A skill of an instance, declared (chowder_skill): installed from ClawHub when missing, then its settings compared
with what openclaw.json holds under skills.entries.<name> and only the differing ones sent, in one PATCH.

An install without a clear answer is never sent again: the skill is read to see whether it was installed. The
secrets (skill_api_key, env values) are compared, never shown: a diff shows their fingerprints.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from ._agent_api import Agent
from ._errors import ApiError
from ._messages import TaskFailed
from ._secrets import masked

FIELDS = {'enabled': 'enabled', 'skill_api_key': 'apiKey', 'env': 'env', 'config': 'config'}  # option -> openclaw.json's name


def shown_entry(entry: Mapping[str, Any]) -> Dict[str, Any]:
    """A skill's settings as diff mode shows them: the API key and every env value as fingerprints."""
    view = dict(entry)
    if 'apiKey' in view:
        view['apiKey'] = masked(view['apiKey'])
    if isinstance(view.get('env'), dict):
        view['env'] = {name: masked(value) for name, value in view['env'].items()}
    return view


class AgentSkill:
    """One declared skill: `run` returns the module's result (and warnings)."""

    def __init__(self, agent: Agent, name: str, check_mode: bool, diff: bool) -> None:
        self.agent = agent
        self.name = name
        self.check_mode = check_mode
        self.diff = diff

    def run(self, slug: str, wanted: Mapping[str, Any]) -> Dict[str, Any]:
        """`wanted`: the settings given (option name -> value), the others left alone."""
        actions: List[str] = []
        skill = self.agent.read_skill(self.name)
        if skill is None:
            actions.append('install')
            if not self.check_mode:
                skill = self._install(slug, wanted.get('env'))
        entry, warnings = self._entry() if skill is not None else ({'env': wanted['env']} if wanted.get('env') else {}, [])
        changes = {FIELDS[option]: value for option, value in wanted.items() if entry.get(FIELDS[option]) != value}
        if changes:
            actions.append('update')
            if not self.check_mode:
                self.agent.update_skill(self.name, changes)
        result: Dict[str, Any] = dict(changed=bool(actions), actions=actions, skill=skill, warnings=warnings)
        if self.diff:
            result['diff'] = {'before': {'state': 'absent'} if 'install' in actions else shown_entry(entry),
                              'after': shown_entry(dict(entry, **changes))}
        return result

    def _install(self, slug: str, env: Optional[Mapping[str, str]]) -> Dict[str, Any]:
        try:
            answer = self.agent.install_skill(slug, env)
        except ApiError as error:
            if not error.maybe_applied:
                raise
            skill = self.agent.read_skill(self.name)  # never sent again: was it installed?
            if skill is None:
                raise TaskFailed('Installing the skill %s from ClawHub (%s) got no clear answer (%s), and the instance has no '
                                 'skill %s: nothing was installed. Run the task again.' % (self.name, slug, error.message, self.name),
                                 error) from error
            return skill
        if answer.get('skill') != self.name:
            raise TaskFailed('ClawHub installed %s as the skill "%s", not "%s": set name: %s (and slug: %s) and run the task '
                             'again.' % (slug, answer.get('skill'), self.name, answer.get('skill'), slug), changed=True)
        if answer['status'] == 'installed_missing_env':
            given = set(env or ())
            missing = [name for name in answer.get('required_env') or () if name not in given]
            raise TaskFailed('The skill %s was installed, but it needs the environment variables %s: give them in env and '
                             'run the task again.' % (self.name, ', '.join(missing) or '(the API did not say which)'),
                             changed=True, missing_env=missing)
        return {'name': self.name, 'status': answer['status']}

    def _entry(self) -> Any:
        """skills.entries.<name> of openclaw.json ({} when it has none), and the warnings of a config that cannot be read."""
        try:
            content = self.agent.read_text('openclaw.json')
            config = json.loads(content) if content else {}
        except (ApiError, ValueError) as error:
            if isinstance(error, ApiError) and error.status not in (403, 400):
                raise
            return {}, ['The settings of the skill %s could not be compared (openclaw.json cannot be read: %s), so every '
                        'setting given was sent.' % (self.name, getattr(error, 'message', 'it is not JSON'))]
        entry = config.get('skills', {}).get('entries', {}).get(self.name) if isinstance(config, dict) else None
        return (entry if isinstance(entry, dict) else {}), []

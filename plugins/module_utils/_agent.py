# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole agent, declared (chowder_agent): the organization's model key, the instance, its files, skills, channels
and keys, a smoke test and the final power state, in that order, each part through the engine of `_parts`.

Plan, then apply: once the instance is known to run, every part is read and compared before the first write, so that
a refusal anywhere (a channel without a required field, another agent's key name, a key that would be created without
a raw_key_path) leaves everything untouched. An instance that must be created or started first is, and its parts are
then planned. A part that cannot be read (the instance is stopped, or in check mode not created yet) is not applied,
and `not_applied` says why.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _agent_messages as say
from ._agent_api import Agent, output_text
from ._agent_channel import ChannelPart
from ._agent_file import FilePart
from ._agent_skill import FIELDS, SkillPart
from ._api_key import Keyring, KeyPart
from ._client import Client
from ._deadline import Deadline
from ._errors import ApiError
from ._messages import TaskFailed, api_failure, describe
from ._organization import OrganizationPart
from ._outcome import diff_view
from ._parts import Part, Plan, apply, plan
from ._reconcile import Reconciler
from ._secrets import shown

LIST_PARTS = ('files', 'skills', 'channels', 'api_keys')
DESIRED = {'started': 'started', 'stopped': 'present', 'absent': 'absent'}  # the instance's state before the parts


class AgentRun:
    """One run of chowder_agent: `params` are the module's (every file's bytes in `data`, by its index)."""

    def __init__(self, client: Client, params: Mapping[str, Any], data: Sequence[bytes], deadline: Deadline,
                 check_mode: bool, diff: bool) -> None:
        self.client = client
        self.params = params
        self.data = data
        self.deadline = deadline
        self.check_mode = check_mode
        self.diff = diff
        self.actions: Dict[str, Any] = {'organization': [], 'instance': [], **{part: {} for part in LIST_PARTS}}
        self.diffs: List[Dict[str, Any]] = []
        self.warnings: List[str] = []
        self.not_applied: Dict[str, str] = {}

    def run(self) -> Dict[str, Any]:
        """Make the agent as declared; the module's result. A failure says what every part did before it."""
        try:
            return self._run()
        except ApiError as error:
            failure = api_failure(error, self.client.profile, 'working on the agent %s' % self.params['name'])
            raise self._with_actions(failure) from error
        except TaskFailed as failure:
            raise self._with_actions(failure) from failure

    def _with_actions(self, failure: TaskFailed) -> TaskFailed:
        failure.fields.update(changed=bool(failure.fields.get('changed')) or any(self.actions.values()), actions=self.actions)
        return failure

    def _run(self) -> Dict[str, Any]:
        params, state = self.params, self.params['state']
        organization = self._plan_organization() if state != 'absent' else None
        reconciler = Reconciler(self.client, self.client.profile, DESIRED[state], True, self.deadline, self.check_mode,
                                wanted=self._instance_fields(), name=params['name'])
        first = reconciler.first_read()
        planned = self._plan_parts(first) if first is not None and state != 'absent' and running(first) else None
        if organization:
            self._apply([organization], 'organization')
        if state == 'absent':
            if first is not None:  # its own keys: those bound to its instance
                self._apply([plan(part) for part in self._key_parts(Keyring(self.client), 'absent', str(first['id']))], 'api_keys')
            elif params['api_keys']:
                self.warnings.append(say.keys_left(params['name'], [item['name'] for item in params['api_keys']]))
            return self._result(self._converge(reconciler, first))
        instance = self._converge(reconciler, first)
        if planned is None and instance is not None and running(instance) and not self.check_mode:  # created or started now
            planned = self._plan_parts(instance)
        if planned is None:
            self._not_applied(instance)
            return self._result(instance)
        for part in LIST_PARTS:
            self._apply(planned[part], part)
        smoke_test = self._smoke_test(planned['agent']) if params['smoke_test'] else None
        if state == 'stopped':
            instance = self._converge(Reconciler(self.client, self.client.profile, 'stopped', True, self.deadline,
                                                 self.check_mode), instance)
        return dict(self._result(instance), **({'smoke_test': smoke_test} if smoke_test else {}))

    def _instance_fields(self) -> Dict[str, Any]:
        fields = ('model_provider', 'openclaw_version', 'region', 'openclaw_config')
        return {field: self.params[field] for field in fields if self.params[field] is not None}

    def _plan_organization(self) -> Optional[Plan]:
        if self.params['model_api_key'] is None:
            return None
        provider = self.params['model_provider'] or 'anthropic'
        return plan(OrganizationPart(self.client, model_api_keys={provider: self.params['model_api_key']},
                                     update_model_api_keys=self.params['update_model_api_keys']))

    def _plan_parts(self, instance: Mapping[str, Any]) -> Dict[str, Any]:
        """Every part of the running instance read and compared: no write, and every refusal before the first."""
        agent = Agent(self.client, str(instance['id']))
        agent.instance_id = str(instance['id'])
        keyring = Keyring(self.client, known=(agent.instance_id,))
        parts: Dict[str, List[Part]] = {
            'files': [FilePart(agent, item['path'], data, force=item['force'], backup=item['backup'])
                      for item, data in zip(self.params['files'], self.data)],
            'skills': [SkillPart(agent, item['name'], slug=item['slug'], wanted={option: item[option] for option in FIELDS})
                       for item in self.params['skills']],
            'channels': [ChannelPart(agent, item['channel'], self.deadline, state=item['state'], config=item['config'],
                                     update_config=item['update_config'], qr_image_path=item['qr_image_path'],
                                     wait=item['wait']) for item in self.params['channels']],
            'api_keys': self._key_parts(keyring, 'present', agent.instance_id),
        }
        planned: Dict[str, Any] = {name: [plan(part) for part in items] for name, items in parts.items()}
        planned['agent'] = agent
        return planned

    def _key_parts(self, keyring: Keyring, state: str, instance_id: Optional[str]) -> List[Part]:
        return [KeyPart(keyring, item['name'], state, bound_to=instance_id, instances=item['instances'] or [instance_id],
                        permissions=item['permissions'], expires_at=item['expires_at'], recreate=item['recreate'],
                        raw_key_path=item['raw_key_path']) for item in self.params['api_keys']]

    def _apply(self, plans: Sequence[Plan], name: str) -> None:
        """Apply a part's plans, keeping each item's actions and diff."""
        for planned in plans:
            try:
                result = apply(planned, self.check_mode, self.diff)
            except TaskFailed as failure:
                self._keep(name, planned.part.item, failure.fields.get('actions') or [])
                raise
            self.warnings += result.get('warnings', [])
            self._keep(name, planned.part.item, result['actions'])
            if 'diff' in result:
                self.diffs.append(result['diff'])

    def _keep(self, name: str, item: str, actions: List[str]) -> None:
        """An item's actions, under its part (the organization's and the instance's are lists)."""
        if actions and name == 'organization':
            self.actions[name] = actions
        elif actions:
            self.actions[name][item] = actions

    def _converge(self, reconciler: Reconciler, first: Optional[Mapping[str, Any]]) -> Optional[Mapping[str, Any]]:
        """The instance made as the reconciler desires from this first read; its actions and diff kept."""
        last = reconciler.run(first, describe(self.client.profile, first, wanted_name=self.params['name']))
        self.warnings += reconciler.warnings
        if reconciler.actions:
            self.actions['instance'] += reconciler.actions
            if self.diff:
                label = 'instance %s' % self.params['name']
                self.diffs.append(dict(before=diff_view(first, self.client.profile), after=diff_view(last, self.client.profile),
                                       before_header=label, after_header=label))
        return last

    def _not_applied(self, instance: Optional[Mapping[str, Any]]) -> None:
        """Each part declared but not applied, with why: the instance does not run, or in check mode not yet."""
        why = say.not_yet_running() if self.check_mode and self.actions['instance'] else say.not_running_parts(
            (instance or {}).get('status'))
        for part in (*LIST_PARTS, 'smoke_test'):
            if self.params[part]:
                self.not_applied[part] = why

    def _smoke_test(self, agent: Agent) -> Optional[str]:
        """The smoke test's message, its answer checked (in check mode: not sent)."""
        if self.check_mode:
            return None
        test = self.params['smoke_test']
        body = {key: test[key] for key in ('model', 'input', 'instructions') if test[key] is not None}
        text = output_text(agent.respond(body, test['session']))
        check_answer(test['expect'], text)
        return text

    def _result(self, instance: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        changed = [part for part, done in self.actions.items() if done]
        result: Dict[str, Any] = dict(changed=bool(changed), instance=shown(instance, self.client.profile.schema.secret_fields),
                                      actions=self.actions, not_applied=self.not_applied, warnings=self.warnings,
                                      msg=say.agent_summary(self.params['name'], self.actions, self.check_mode))
        if self.diff:
            result['diff'] = self.diffs
        return result


def running(instance: Mapping[str, Any]) -> bool:
    return instance.get('status') == 'running'


def check_answer(expect: Optional[str], text: str) -> None:
    """A smoke test's answer that does not match `expect` fails the task."""
    if expect is not None and not re.search(expect, text):
        raise TaskFailed(say.no_match(expect, text), None, output_text=text)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module side of what lives inside a Chowder instance: the checks before any request and the run_*_module entry
points of chowder_file(_info), chowder_skill, chowder_channel, chowder_message and chowder_agent (a whole agent)."""

from __future__ import annotations

import json
import os
import posixpath
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _agent_file as files
from . import _agent_messages as say
from . import _parts as parts
from ._agent import AgentRun
from ._agent_channel import ChannelPart
from ._agent_skill import FIELDS, SkillPart
from ._agent_api import Agent, output_text
from ._agent_specs import agent_argument_spec
from ._api_key import expires_at_problem
from ._client import Client
from ._deadline import Deadline
from ._errors import ApiError
from ._messages import TaskFailed
from ._module import make_client, run_task
from ._org_api import organization_key_problem
from ._organization import model_keys_problems
from ._profiles import CHOWDER
from ._local_file import read_local, write_problem
from ._segment import segment_problem
from ._secrets import without_secrets


def instance_argument_spec() -> Dict[str, Any]:
    """The instance option of every module of an instance's inside."""
    return dict(instance=dict(type='str', required=True))


def _agent(module: Any, problems: Sequence[Optional[str]], deadline: Optional[Deadline] = None) -> Agent:
    """The task's instance, on a client checked with the module's own problems, before any request."""
    found = [problem for problem in problems if problem]
    if not module.params['instance'].strip():
        found.append('instance is empty')
    client: Client = make_client(module, CHOWDER, found, deadline)
    return Agent(client, module.params['instance'].strip())


def shown_config(content: str) -> str:
    """openclaw.json as a task shows it: its secret-looking values masked (all of it, when it is not JSON)."""
    try:
        return json.dumps(without_secrets(json.loads(content)), indent=2, sort_keys=True)
    except ValueError:
        return '(openclaw.json is not JSON: not shown, as it may hold secrets)'


def run_file_module(module: Any) -> None:
    """chowder_file: one file, written only when it differs."""
    params = module.params
    data, problem = read_local('src', params['src']) if params['src'] is not None else (params['content'].encode('utf-8'), None)
    agent = _agent(module, [files.path_problem(params['path']), problem])
    part = files.FilePart(agent, params['path'], data, force=params['force'], backup=params['backup'])
    run_task(module, agent.client, 'working on the file %s' % params['path'], lambda: parts.run(part, module.check_mode, module._diff))


def run_file_info_module(module: Any) -> None:
    """chowder_file_info: a folder's entries, or one file's facts (and its text)."""
    params = module.params
    path = posixpath.normpath(params['path'])
    agent = _agent(module, [None if path == '.' else files.path_problem(path) if path != files.CONFIG_FILE else None])

    def task() -> Dict[str, Any]:
        if path == '.':
            return dict(changed=False, exists=True, path=path, is_dir=True, entries=agent.list_folder(path) or [])
        # the parent's listing says what the path is: what a listing of a file answers is not documented
        folder, name = posixpath.split(path)
        found = [entry for entry in agent.list_folder(folder or '.') or () if entry['name'] == name]
        if not found:
            return dict(changed=False, exists=False, path=path)
        if found[0].get('is_dir'):
            return dict(changed=False, exists=True, path=path, is_dir=True, entries=agent.list_folder(path) or [])
        result: Dict[str, Any] = dict(changed=False, exists=True, path=path, is_dir=False, file=found[0])
        if params['read_content']:
            try:
                content = agent.read_text(path)
            except ApiError as error:
                if error.status != 400:  # 400: a file that is not text
                    raise
                return dict(result, warnings=[say.not_text(path)])
            result['content'] = shown_config(content) if path == files.CONFIG_FILE and content is not None else content
        return result

    run_task(module, agent.client, 'reading %s' % path, task)


def run_skill_module(module: Any) -> None:
    """chowder_skill: installed when missing, then only its differing settings sent."""
    params = module.params
    agent = _agent(module, [segment_problem('name', params['name'].strip())])
    part = SkillPart(agent, params['name'].strip(), slug=params['slug'], wanted={option: params[option] for option in FIELDS})
    run_task(module, agent.client, 'working on the skill %s' % params['name'], lambda: parts.run(part, module.check_mode, module._diff))


def run_channel_module(module: Any) -> None:
    """chowder_channel: connected (only when not enabled, unless update_config is always) or disconnected."""
    params = module.params
    deadline = Deadline(params['wait_timeout'])
    qr_problem = write_problem('qr_image_path', params['qr_image_path']) if params['qr_image_path'] else None
    agent = _agent(module, [qr_problem, segment_problem('channel', params['channel'])], deadline)
    part = ChannelPart(agent, params['channel'], deadline, state=params['state'], config=params['config'],
                       update_config=params['update_config'], qr_image_path=params['qr_image_path'], wait=params['wait'])
    run_task(module, agent.client, 'working on the %s channel' % params['channel'],
             lambda: parts.run(part, module.check_mode, module._diff))


def run_message_module(module: Any) -> None:
    """chowder_message: one message to a running instance, its answer checked against `expect`."""
    params = module.params
    session = segment_problem('session', params['session']) if params['session'] is not None else None
    agent = _agent(module, [expect_problem(params['expect']), session])

    def task() -> Dict[str, Any]:
        instance = agent.instance()
        if instance.get('status') != 'running':
            raise TaskFailed(say.not_running_status(agent.given, instance.get('status')))
        if module.check_mode:
            return dict(changed=False, msg='Check mode: the message was not sent.')
        body = {key: params[key] for key in ('model', 'input', 'instructions') if params[key] is not None}
        response = agent.respond(body, params['session'])
        text = output_text(response)
        if params['expect'] is not None and not re.search(params['expect'], text):
            raise TaskFailed(say.no_match(params['expect'], text), None, changed=False, output_text=text, response=response)
        return dict(changed=False, output_text=text, response=response)

    run_task(module, agent.client, 'sending a message', task)


PLACEHOLDER = re.compile(r'^\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}$')
IDENTITIES = {'files': 'path', 'skills': 'name', 'channels': 'channel', 'api_keys': 'name'}


def placeholders(value: Any, where: str) -> List[str]:
    """Where a value is exactly a placeholder ("{{ name }}"), at any depth."""
    if isinstance(value, str):
        return [where] if PLACEHOLDER.match(value.strip()) else []
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in placeholders(item, '%s.%s' % (where, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in placeholders(item, '%s[%d]' % (where, index))]
    return []


def agent_problems(params: Mapping[str, Any]) -> Tuple[List[Optional[str]], List[bytes]]:
    """What is wrong with a whole agent's declaration (checked before any request), and each file's bytes."""
    problems: List[Optional[str]] = [organization_key_problem(params['api_key'])]
    problems += [say.placeholder(where) for option in agent_argument_spec() if option not in ('files_dir',)
                 for where in placeholders(params[option], option)]
    for part, identity in IDENTITIES.items():
        names = [item[identity] for item in params[part]]
        problems += ['%s lists %s twice' % (part, name) for name in sorted(set(names)) if names.count(name) > 1]
    data = []
    for item in params['files']:
        src = os.path.join(params['files_dir'] or os.getcwd(), item['src']) if item['src'] is not None else None
        content, problem = read_local('files: src', src) if src else (item['content'].encode('utf-8'), None)
        data.append(content)
        problems += [files.path_problem(item['path']), problem]
    problems += [write_problem('api_keys: raw_key_path', item['raw_key_path']) for item in params['api_keys'] if item['raw_key_path']]
    if params['model_api_key'] is not None:
        problems += model_keys_problems({params['model_provider'] or 'anthropic': params['model_api_key']})
    problems += [expires_at_problem(item['expires_at']) for item in params['api_keys']]
    problems += [segment_problem('skills: name', item['name']) for item in params['skills']]
    problems += [segment_problem('channels: channel', item['channel']) for item in params['channels']]
    if (params['smoke_test'] or {}).get('session') is not None:
        problems.append(segment_problem('smoke_test: session', params['smoke_test']['session']))
    problems += [write_problem('channels: qr_image_path', item['qr_image_path']) for item in params['channels'] if item['qr_image_path']]
    problems.append(expect_problem((params['smoke_test'] or {}).get('expect')))
    return problems, data


def expect_problem(expect: Optional[str]) -> Optional[str]:
    try:
        re.compile(expect or '')
    except re.error as error:
        return 'expect is not a regular expression (%s)' % error
    return None


def run_agent_module(module: Any) -> None:
    """chowder_agent: a whole agent, planned then applied."""
    params = module.params
    deadline = Deadline(params['wait_timeout'])
    problems, data = agent_problems(params)
    client = make_client(module, CHOWDER, [problem for problem in problems if problem], deadline)
    if params['model_api_key']:
        module.no_log_values.add(params['model_api_key'].strip())  # as sent: stripped
    declared = AgentRun(client, params, data, deadline, module.check_mode, module._diff)
    run_task(module, client, 'working on the agent %s' % params['name'], declared.run)

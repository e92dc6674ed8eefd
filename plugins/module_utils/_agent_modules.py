# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module side of what lives inside a Chowder instance: the checks before any request and the run_*_module entry
points of chowder_file(_info), chowder_skill, chowder_channel and chowder_message."""

from __future__ import annotations

import json
import re
import posixpath
from typing import Any, Dict, Optional, Sequence

from . import _agent_file as files
from ._agent_channel import AgentChannel
from ._agent_skill import FIELDS, AgentSkill
from ._agent_api import Agent
from ._client import Client
from ._deadline import Deadline
from ._errors import ApiError
from ._messages import TaskFailed
from ._module import make_client, run_task
from ._profiles import CHOWDER
from ._secret_file import path_problem
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
    problems = [files.path_problem(params['path'])]
    data = b''
    if params['src'] is not None:
        try:
            with open(params['src'], 'rb') as handle:
                data = handle.read()
        except OSError as error:
            problems.append('src cannot be read (%s): %s' % (error.strerror or error, params['src']))
    else:
        data = params['content'].encode('utf-8')
    agent = _agent(module, problems)
    declared = files.AgentFile(agent, params['path'], module.check_mode, module._diff)
    run_task(module, agent.client, 'working on the file %s' % params['path'],
             lambda: declared.run(data, params['force'], params['backup']))


def run_file_info_module(module: Any) -> None:
    """chowder_file_info: a folder's entries, or one file's facts (and its text)."""
    params = module.params
    path = posixpath.normpath(params['path'])
    agent = _agent(module, [None if path == '.' else files.path_problem(path) if path != files.CONFIG_FILE else None])

    def task() -> Dict[str, Any]:
        try:
            entries = agent.list_folder(path)
        except ApiError as error:
            if error.status != 400:  # 400: not a folder
                raise
            entries = None
        if entries is not None:
            return dict(changed=False, exists=True, path=path, is_dir=True, entries=entries)
        folder, name = posixpath.split(path)
        found = [entry for entry in agent.list_folder(folder or '.') or () if entry['name'] == name]
        if not found:
            return dict(changed=False, exists=False, path=path)
        result = dict(changed=False, exists=True, path=path, is_dir=bool(found[0].get('is_dir')), file=found[0])
        if params['read_content'] and not result['is_dir']:
            content = agent.read_text(path)
            result['content'] = shown_config(content) if path == files.CONFIG_FILE and content is not None else content
        return result

    run_task(module, agent.client, 'reading %s' % path, task)


def run_skill_module(module: Any) -> None:
    """chowder_skill: installed when missing, then only its differing settings sent."""
    params = module.params
    agent = _agent(module, [])
    skill = AgentSkill(agent, params['name'].strip(), module.check_mode, module._diff)
    wanted = {option: params[option] for option in FIELDS if params[option] is not None}
    run_task(module, agent.client, 'working on the skill %s' % params['name'],
             lambda: skill.run(params['slug'] or params['name'].strip(), wanted))


def run_channel_module(module: Any) -> None:
    """chowder_channel: connected (only when not enabled, unless update_config is always) or disconnected."""
    params = module.params
    deadline = Deadline(params['wait_timeout'])
    qr_problem = path_problem('qr_image_path', params['qr_image_path']) if params['qr_image_path'] else None
    agent = _agent(module, [qr_problem], deadline)
    channel = AgentChannel(agent, params['channel'], module.check_mode, module._diff, deadline)
    run_task(module, agent.client, 'working on the %s channel' % params['channel'],
             lambda: channel.run(params['state'], params['config'], params['update_config'] == 'always',
                                 params['qr_image_path'], params['wait']))


def run_message_module(module: Any) -> None:
    """chowder_message: one message to a running instance, its answer checked against `expect`."""
    params = module.params
    problems = []
    if params['expect'] is not None:
        try:
            re.compile(params['expect'])
        except re.error as error:
            problems.append('expect is not a regular expression (%s)' % error)
    agent = _agent(module, problems)

    def task() -> Dict[str, Any]:
        instance = agent.instance()
        if instance.get('status') != 'running':
            raise TaskFailed('The Chowder instance %s is %s, not running: start it (openclaw.hosting.chowder_instance with '
                             'state: started) to send it a message. Nothing was sent.' % (agent.given, instance.get('status')))
        if module.check_mode:
            return dict(changed=False, msg='Check mode: the message was not sent.')
        body = {key: params[key] for key in ('model', 'input', 'instructions') if params[key] is not None}
        response = agent.respond(body, params['session'])
        text = ''.join(part.get('text', '') for item in response['output'] if isinstance(item, dict)
                       for part in item.get('content') or () if isinstance(part, dict) and part.get('type') == 'output_text')
        result: Dict[str, Any] = dict(changed=False, output_text=text, response=response)
        if params['expect'] is not None and not re.search(params['expect'], text):
            raise TaskFailed('The answer does not match expect (%s): %s' % (params['expect'], text), None, **result)
        return result

    run_task(module, agent.client, 'sending a message', task)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The module side of turning a live agent into code: chowder_agent_info (its declaration, placeholders for its
secrets, what was omitted) and chowder_agent_export (the same, written under a folder as agent.yml, files/,
secrets.yml and apply.yml). Both read only; the export writes only on the host that runs it."""

from __future__ import annotations

import os
import re
from typing import Any, Dict

from . import _agent_declaration as declared
from ._agent_bundle import contents, write_bundle
from ._agent_read import read_agent
from ._module import make_client, run_task
from ._profiles import CHOWDER
from ._segment import segment_problem

IDENTIFIER_PREFIX = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)?$')


def agent_info_argument_spec() -> Dict[str, Any]:
    """The options chowder_agent_info and chowder_agent_export share (without the connection options)."""
    return dict(instance=dict(type='str', required=True),
                include=dict(type='list', elements='str', choices=list(declared.INCLUDE), default=list(declared.DEFAULT_INCLUDE)),
                secret_prefix=dict(type='str', no_log=False))


def _read(module: Any, problems: Any) -> Any:
    """The client, checked with the module's problems; and the task that reads the declaration."""
    params = module.params
    if params['secret_prefix'] is not None and not IDENTIFIER_PREFIX.match(params['secret_prefix']):
        problems.append('secret_prefix must be the start of a variable name (letters, digits and "_", not first a '
                        'digit), got "%s"' % params['secret_prefix'])
    if not params['instance'].strip():
        problems.append('instance is empty')
    client = make_client(module, CHOWDER, [problem for problem in problems if problem])

    def read(sources: bool, force_memory: bool = False) -> Any:
        reading = read_agent(client, params['instance'].strip(), params['include'])
        prefix = params['secret_prefix'] if params['secret_prefix'] is not None else declared.default_prefix(reading.instance['name'])
        agent, secrets, omitted = declared.declaration(reading, params['include'], prefix, sources, force_memory)
        return reading, agent, secrets, omitted

    return client, read


def run_agent_info_module(module: Any) -> None:
    """chowder_agent_info: the agent as a declaration."""
    client, read = _read(module, [])

    def task() -> Dict[str, Any]:
        dummy, agent, secrets, omitted = read(sources=False)
        return dict(changed=False, agent=agent, secrets=secrets, omitted=omitted)

    run_task(module, client, 'reading the agent %s' % module.params['instance'], task)


def run_agent_export_module(module: Any) -> None:
    """chowder_agent_export: the agent written as code under dest/<name>/."""
    params = module.params
    dest = os.path.abspath(os.path.expanduser(params['dest']))
    problems = [] if os.path.isdir(dest) and os.access(dest, os.W_OK | os.X_OK) else [
        'dest must be a folder this user can write to, got %s' % dest]
    client, read = _read(module, problems)

    def task() -> Dict[str, Any]:
        reading, agent, secrets, omitted = read(sources=True, force_memory=params['force_memory'])
        name = agent['name']
        problem = segment_problem('the agent\'s name, which names its folder under dest,', name)
        if problem:
            return dict(failed=True, msg=problem)
        root = os.path.join(dest, name)
        exported = {path: reading.files[path] for path in (item['src'] for item in agent['files'])}
        written, secrets_new, warnings = write_bundle(root, contents(agent, secrets, exported), name, secrets, module.check_mode)
        return dict(changed=bool(written), agent=agent, secrets=secrets, omitted=omitted, dest=root, written=written,
                    secrets_new=secrets_new, warnings=warnings)

    run_task(module, client, 'exporting the agent %s' % params['instance'], task)

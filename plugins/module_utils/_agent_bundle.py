# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An agent's export on the host that runs the module (chowder_agent_export): under <dest>/<name>/, agent.yml (the
declaration as the variable chowder_agent, its files_dir the files/ beside it), files/ (every exported file), secrets.yml (each placeholder's variable,
empty: written once, never touched again, as it may be vaulted) and apply.yml (the playbook that applies it).

Only what differs is written, each file replaced atomically. Nothing is written outside <dest>/<name>/: every path is
relative and without "..", and no folder or file on the way may be a link.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ansible.module_utils.common.yaml import yaml_load

try:
    from yaml import SafeDumper, dump
except ImportError:  # pragma: no cover - ansible-core's controller has PyYAML; a module runs on the controller
    SafeDumper, dump = object, None  # type: ignore[assignment,misc]

from . import _agent_messages as say
from ._messages import TaskFailed

PLACEHOLDER = re.compile(r'^\{\{ [a-z0-9_]+ \}\}$')
TEMPLATE_MARKS = re.compile(r'\{\{|\{%|\{#')
FILES_DIR = '{{ playbook_dir }}/files'  # the one template of agent.yml besides the placeholders: files/ beside it
SECRETS_HEAD = ('# The secrets of the agent %s: give each its value, then vault this file\n'
                '# (ansible-vault encrypt secrets.yml). chowder_agent_export writes it once and never again.\n')
APPLY = '''---
# Applies the agent exported here: ansible-playbook apply.yml (--ask-vault-pass once secrets.yml is vaulted).
- name: The agent {name}
  hosts: localhost
  gather_facts: false
  vars_files:
    - agent.yml
    - secrets.yml
  tasks:
{check}    - name: The agent, as exported (chowder_agent, from agent.yml)
      ansible.builtin.include_role:
        name: openclaw.hosting.chowder_agent
'''
CHECK = '''    - name: Every secret has a value (secrets.yml)
      ansible.builtin.assert:
        that:
{lines}        fail_msg: Give every variable of secrets.yml its value first.
        quiet: true

'''


class Unsafe(str):
    """A text that holds template marks but is not a placeholder: written !unsafe, so that it is never templated."""


class Dumper(SafeDumper):  # pylint: disable=too-many-ancestors
    """YAML as yamllint and a reader like it: lists indented under their key; Unsafe text tagged !unsafe."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


if dump is not None:
    Dumper.add_representer(Unsafe, lambda dumper, value: dumper.represent_scalar('!unsafe', str(value)))


def marked(value: Any) -> Any:
    """The declaration with every text that would be templated but is not a placeholder made Unsafe."""
    if isinstance(value, dict):
        return {key: marked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [marked(item) for item in value]
    if isinstance(value, str) and TEMPLATE_MARKS.search(value) and not PLACEHOLDER.match(value):
        return Unsafe(value)
    return value


def contents(agent: Mapping[str, Any], secrets: Sequence[Mapping[str, str]], files: Mapping[str, bytes]) -> Dict[str, bytes]:
    """Every file of the export but secrets.yml, by its path under <dest>/<name>/. Pure."""
    names = [entry['name'] for entry in secrets]
    lines = ''.join('          - %s is defined and %s | string | length > 0\n' % (name, name) for name in names)
    found = {
        'agent.yml': ('---\n' + dump({'chowder_agent': dict(marked(agent), files_dir=FILES_DIR)}, Dumper=Dumper, sort_keys=False,
                                     default_flow_style=False, width=120, allow_unicode=True)).encode('utf-8'),
        'apply.yml': APPLY.format(name=agent['name'], check=CHECK.format(lines=lines) if names else '').encode('utf-8'),
    }
    found.update({'files/' + path: data for path, data in files.items()})
    return found


def secrets_file(name: str, secrets: Sequence[Mapping[str, str]]) -> bytes:
    return (SECRETS_HEAD % name + '---\n' + ''.join('%s: ""  # %s\n' % (entry['name'], entry['path']) for entry in secrets)
            + ('{}\n' if not secrets else '')).encode('utf-8')


def write_bundle(root: str, files: Mapping[str, bytes], name: str, secrets: Sequence[Mapping[str, str]],
                 check_mode: bool) -> Tuple[List[str], List[str], List[str]]:
    """Write what differs under `root`; the paths written (or that would be), the placeholders secrets.yml lacks,
    and warnings."""
    written = [path for path, data in sorted(files.items()) if existing(root, path) != data]
    warnings: List[str] = []
    secrets_path = os.path.join(root, 'secrets.yml')
    if existing(root, 'secrets.yml') is None:
        written.append('secrets.yml')
        missing: List[str] = []
    else:
        missing, problem = lacking(secrets_path, [entry['name'] for entry in secrets])
        warnings += [say.secrets_unread(secrets_path, problem)] if problem else []
    for path in written if not check_mode else ():
        write(root, path, secrets_file(name, secrets) if path == 'secrets.yml' else files[path])
    return written, missing, warnings


def lacking(path: str, names: Sequence[str]) -> Tuple[List[str], Optional[str]]:
    """The names an existing secrets.yml does not define (every name, and why, when it cannot be read)."""
    try:
        with open(path, encoding='utf-8') as handle:
            found = yaml_load(handle)
    except Exception as error:  # pylint: disable=broad-exception-caught  # unreadable, a vault, or junk
        return list(names), str(getattr(error, 'strerror', None) or error).splitlines()[0]
    if not isinstance(found, dict):
        return list(names), 'it is not a mapping of variables (a vaulted file is read as one string)'
    return [name for name in names if name not in found], None


def existing(root: str, relative: str) -> Optional[bytes]:
    """The bytes of a file of the export as it is (None: there is none); a link or a folder on the way fails."""
    path = checked(root, relative)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(found.st_mode):
        raise TaskFailed(say.unsafe_bundle_path(path, 'which is not a regular file (a link or a folder)'))
    with open(path, 'rb') as handle:
        return handle.read()


def checked(root: str, relative: str) -> str:
    """The path of a file of the export: relative, without "..", no link or file on the way."""
    parts = relative.split('/')
    if relative.startswith('/') or '..' in parts or '' in parts or '\\' in relative:
        raise TaskFailed(say.unsafe_bundle_path(relative, 'which is not a plain relative path'))
    folder = root
    for part in ['', *parts[:-1]]:
        folder = os.path.join(folder, part) if part else folder
        if os.path.lexists(folder) and (os.path.islink(folder) or not os.path.isdir(folder)):
            raise TaskFailed(say.unsafe_bundle_path(folder, 'which is a link or not a folder'))
    return os.path.join(root, relative)


def write(root: str, relative: str, data: bytes) -> None:
    """Write one file of the export atomically, its folders made (secrets.yml with mode 0600)."""
    path = checked(root, relative)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    checked(root, relative)  # made just now: still no link on the way
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=folder)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(data)
        if relative != 'secrets.yml':
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A file of an instance, declared (chowder_file): compared with what the instance holds, and written only when it
differs (or, without force, only when it does not exist yet), after a backup when asked.

Text is compared by reading it (one request); a binary file by its size in its folder's listing, then, when the sizes
match, by the SHA-256 of a download. A write whose answer is lost is sent once more: writing the same content twice
leaves the same file. A backup (a move) is not: the folder is listed to see whether it was made.
"""

from __future__ import annotations

import hashlib
import posixpath
import time
from typing import Any, Dict, List, NamedTuple, Optional

from ._agent_api import Agent
from ._errors import ApiError
from ._messages import TaskFailed

CONFIG_FILE = 'openclaw.json'


def path_problem(path: str) -> Optional[str]:
    """What is wrong with a file's path (None: nothing)."""
    if not path.strip() or path.startswith('/') or '..' in path.split('/'):
        return ('path must be relative to the instance\'s files root, without ".." (such as workspace/SOUL.md), got "%s"'
                % path)
    if posixpath.normpath(path) == CONFIG_FILE:
        return ('path is openclaw.json, the configuration the API maintains: set it with openclaw.hosting.chowder_instance '
                '(openclaw_config), chowder_skill and chowder_channel')
    if posixpath.normpath(path) in ('.', ''):
        return 'path names the files root, not a file'
    return None


def facts(data: bytes) -> Dict[str, Any]:
    return {'size': len(data), 'sha256': hashlib.sha256(data).hexdigest()}


def as_text(data: bytes) -> Optional[str]:
    """The bytes as text, or None when they are not UTF-8."""
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return None


class Found(NamedTuple):
    """What the instance holds at the path: whether a file is there, its bytes when they were read (a binary file whose
    size differs is not downloaded), its size."""

    exists: bool
    data: Optional[bytes] = None
    size: Optional[int] = None


class AgentFile:
    """One declared file: `run` returns the module's result."""

    def __init__(self, agent: Agent, path: str, check_mode: bool, diff: bool) -> None:
        self.agent = agent
        self.path = posixpath.normpath(path)
        self.check_mode = check_mode
        self.diff = diff

    def read(self, declared: bytes, text: bool) -> Found:
        """The file as the instance holds it, read as cheaply as the declared kind allows."""
        if text:
            try:
                content = self.agent.read_text(self.path)
                return Found(False) if content is None else Found(True, content.encode('utf-8'), len(content.encode('utf-8')))
            except ApiError as error:
                if error.status != 400:  # 400: a file that is not text, compared as bytes
                    raise
        folder, name = posixpath.split(self.path)
        entry = [e for e in self.agent.list_folder(folder or '.') or () if e['name'] == name and not e.get('is_dir')]
        if not entry:
            return Found(False)
        size = entry[0].get('size')
        if size != len(declared):
            return Found(True, None, size)
        return Found(True, self.agent.download(self.path), size)

    def run(self, data: bytes, force: bool, backup: bool) -> Dict[str, Any]:
        """Write the file when it differs (without force, only when it is missing), after a backup when asked."""
        text = as_text(data)
        found = self.read(data, text is not None)
        result: Dict[str, Any] = dict(path=self.path, changed=False, actions=[])
        if found.exists and (found.data == data or not force):
            existing = found.data if found.data is not None else self.agent.download(self.path)
            result.update(facts(existing or b''))
            return result
        actions: List[str] = []
        if backup and found.exists:
            result['backup_path'] = '%s.%s~' % (self.path, time.strftime('%Y%m%dT%H%M%SZ', time.gmtime()))
            actions.append('backup')
            if not self.check_mode:
                self._move(result['backup_path'])
        actions.append('write')
        if not self.check_mode:
            self._write(data, text)
        result.update(facts(data), changed=True, actions=actions)
        if self.diff:
            result['diff'] = self._diff(found, data)
        return result

    def _move(self, destination: str) -> None:
        try:
            self.agent.move(self.path, destination)
        except ApiError as error:
            if not error.maybe_applied:
                raise
            folder = posixpath.dirname(self.path) or '.'
            names = [entry['name'] for entry in self.agent.list_folder(folder) or ()]
            if posixpath.basename(destination) not in names:
                raise TaskFailed('The backup of %s got no clear answer (%s) and is not in its folder: nothing was written. '
                                 'Run the task again.' % (self.path, error.message), error) from error

    def _write(self, data: bytes, text: Optional[str]) -> None:
        for attempt in (1, 2):  # the same content written twice leaves the same file
            try:
                if text is not None:
                    self.agent.write_text(self.path, text)
                else:
                    self.agent.upload(self.path, data)
                return
            except ApiError as error:
                if attempt == 2 or not error.maybe_applied:
                    raise

    def _diff(self, found: Found, after: bytes) -> Dict[str, Any]:
        old = '' if not found.exists else as_text(found.data) if found.data is not None else None
        new = as_text(after)
        if old is None or new is None:
            return {'before': describe(found), 'after': describe(Found(True, after, len(after)))}
        return {'before': old, 'after': new, 'before_header': '%s (on the instance)' % self.path,
                'after_header': '%s (declared)' % self.path}


def describe(found: Found) -> str:
    """What diff mode shows of a file that is not text."""
    if not found.exists:
        return '(no file)\n'
    if found.data is None:
        return '(a file of %s bytes)\n' % found.size
    kind = 'text' if as_text(found.data) is not None else 'binary'
    return '(%s: %d bytes, sha256 %s)\n' % (kind, len(found.data), facts(found.data)['sha256'])

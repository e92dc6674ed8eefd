# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A file of an instance, declared (chowder_file), as a part of the engine: compared with what the instance holds,
and written only when it differs (or, without force, only when it does not exist yet), after a backup when asked.

Text is compared by reading it (one request); a binary file by its size in its folder's listing, then, when the sizes
match, by the SHA-256 of a download. A backup is a copy, as ansible.builtin.copy makes one: the old content written
under a name of its own before the file is overwritten; the file itself is never moved away. Both writes are
idempotent: the engine sends one again when its answer is lost.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import posixpath
import re
from typing import Any, Collection, Dict, List, NamedTuple, Optional, Sequence

from . import _agent_messages as say
from ._agent_api import Agent
from ._errors import ApiError
from ._parts import Change, Part

CONFIG_FILE = 'openclaw.json'
UNSAFE_IN_PATH = re.compile(r'[\\\x00-\x1f\x7f]|%2e|%2f|%5c', re.IGNORECASE)


def path_problem(path: str) -> Optional[str]:
    """What is wrong with a file's path (None: nothing): it must be relative, without "..", and name a file (no
    trailing "/"); no backslash, control character or percent-encoded dot, which a server may read as a separator or
    as "..", passes."""
    if not path.strip() or path.startswith('/') or '..' in path.split('/'):
        return say.path_problem(path)
    if path.endswith('/') or UNSAFE_IN_PATH.search(path):
        return say.unsafe_path(path)
    if posixpath.normpath(path) == CONFIG_FILE:
        return say.CONFIG_PATH
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


def backup_name(path: str, now: float, taken: Collection[str]) -> str:
    """A backup's name, as ansible.builtin.copy makes one: <path>.<UTC time>~, with a counter (.1, .2, ...) when a
    file of its folder has that name already."""
    stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    names = ('%s.%s%s~' % (path, stamp, '.%d' % count if count else '') for count in itertools.count())
    return next(name for name in names if posixpath.basename(name) not in taken)


class Found(NamedTuple):
    """What the instance holds at the path: whether a file is there, its bytes when they were read (a binary file whose
    size differs is not downloaded), its size."""

    exists: bool
    data: Optional[bytes] = None
    size: Optional[int] = None


def file_changes(declared: bytes, force: bool, backup: bool, found: Found) -> List[Change]:
    """The writes that make the file as declared: none when it is (or exists, without force); else a backup of what
    is there (when asked), then the write. Pure."""
    if found.exists and (found.data == declared or not force):
        return []
    copy = [Change('backup', True, found.data)] if backup and found.exists else []
    return [*copy, Change('write', True, declared)]


class FilePart(Part):
    """One declared file: its bytes, force, backup."""

    kind = 'file'

    def __init__(self, agent: Agent, path: str, data: bytes, force: bool = True, backup: bool = False) -> None:
        super().__init__(agent.client.profile, posixpath.normpath(path))
        self.agent = agent
        self.data = data
        self.force = force
        self.backup = backup
        self.backup_file: Optional[str] = None  # named once a read shows that a backup will be made

    def read(self) -> Found:
        """The file as the instance holds it, read as cheaply as the declared kind allows; when it will be backed up,
        whole, and its folder listed for a free backup name."""
        found = self._read()
        if self.backup and self.force and found.exists and found.data != self.data:
            if found.data is None:
                found = found._replace(data=self.agent.download(self.item))
            folder = posixpath.dirname(self.item) or '.'
            taken = [entry['name'] for entry in self.agent.list_folder(folder) or ()]
            self.backup_file = backup_name(self.item, self.agent.client.clock.time(), taken)
        return found

    def _read(self) -> Found:
        if as_text(self.data) is not None:
            try:
                content = self.agent.read_text(self.item)
                return Found(False) if content is None else Found(True, content.encode('utf-8'), len(content.encode('utf-8')))
            except ApiError as error:
                if error.status != 400:  # 400: a file that is not text, compared as bytes
                    raise
        folder, name = posixpath.split(self.item)
        entry = [e for e in self.agent.list_folder(folder or '.') or () if e['name'] == name and not e.get('is_dir')]
        if not entry:
            return Found(False)
        size = entry[0].get('size')
        if size != len(self.data):
            return Found(True, None, size)
        return Found(True, self.agent.download(self.item), size)

    def compare(self, found: Found) -> List[Change]:
        return file_changes(self.data, self.force, self.backup, found)

    def apply(self, change: Change, found: Found) -> Dict[str, Any]:
        if change.action == 'backup':
            self._write(self.backup_file or '', change.data or b'')
            return {'backup_file': self.backup_file}
        self._write(self.item, change.data)
        return {}

    def _write(self, path: str, data: bytes) -> None:
        text = as_text(data)
        if text is not None:
            self.agent.write_text(path, text)
        else:
            self.agent.upload(path, data)

    def predict(self, found: Found, changes: Sequence[Change]) -> Found:
        return Found(True, self.data, len(self.data))

    def view(self, state: Found) -> str:
        """Text as it is; anything else described."""
        if not state.exists:
            return ''
        text = as_text(state.data) if state.data is not None else None
        return text if text is not None else describe(state)

    def finish(self, found: Found, changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        """path, and the size and SHA-256 of the file as declared, or as it is when it was left."""
        if changes:
            data = self.data
        else:
            data = found.data if found.data is not None else self.agent.download(self.item) or b''
        backup = {'backup_file': self.backup_file} if any(change.action == 'backup' for change in changes) else {}
        return dict(fields, path=self.item, **backup, **facts(data))


def describe(found: Found) -> str:
    """What diff mode shows of a file that is not text."""
    if found.data is None:
        return '(a file of %s bytes)\n' % found.size
    kind = 'text' if as_text(found.data) is not None else 'binary'
    return '(%s: %d bytes, sha256 %s)\n' % (kind, len(found.data), facts(found.data)['sha256'])

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a rate window lives so that every process of this user on the controller that uses the same key and API
URL shares it (module processes of all forks, fleet threads, inventory plugins, two playbooks at once): a small JSON
file under an exclusive lock, named by a hash of the URL and the key, in a folder only this user can open.

The file holds the window as the API's headers last described it, and the requests taken from it but not answered
yet. Nothing else is in it: no key, no part of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import stat
from typing import Any, Dict, Iterator, Optional, Tuple

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX controller: every process keeps its own window
    fcntl = None  # type: ignore[assignment]

FOLDER_ENV = 'OPENCLAW_HOSTING_RATE_DIR'  # the folder of the state files; "off": every process keeps its own window
DEFAULT_FOLDER = os.path.join('~', '.ansible', 'openclaw.hosting', 'rate')
FIELDS = ('limit', 'remaining', 'window', 'reset_at')  # what a state holds: numbers, or None


class StateFile:
    """One key's window, shared through a file: `locked()` gives its state to read and change, under the lock."""

    def __init__(self, path: str) -> None:
        self.path = path

    @contextlib.contextmanager
    def locked(self) -> Iterator[Dict[str, Any]]:
        """The state (empty when the file is new, stale or corrupt), written back if it was changed; OSError when
        the file cannot be opened, locked or written."""
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            state = parse(os.read(handle, 4096))
            before = dict(state)
            yield state
            if state != before:
                os.lseek(handle, 0, os.SEEK_SET)
                os.ftruncate(handle, 0)
                os.write(handle, json.dumps({field: state.get(field) for field in FIELDS}).encode())
        finally:
            os.close(handle)  # and so the lock


def parse(raw: bytes) -> Dict[str, Any]:
    """A state from the file's bytes; anything that is not one (a corrupt or foreign file) is an empty state."""
    try:
        found = json.loads(raw.decode('utf-8')) if raw.strip() else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {field: found[field] for field in FIELDS if isinstance(found.get(field), (int, float))
            and not isinstance(found[field], bool) and math.isfinite(found[field])}


def state_file(api_url: str, api_key: str) -> Tuple[Optional[StateFile], Optional[str]]:
    """The state file of this URL and key, or None and why not (None when sharing is turned off)."""
    setting = os.environ.get(FOLDER_ENV, '')
    if setting.lower() == 'off':
        return None, None
    if fcntl is None:
        return None, 'this controller has no file locks (fcntl)'
    folder = os.path.expanduser(setting or DEFAULT_FOLDER)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        return None, 'the folder %s cannot be made (%s)' % (folder, error.strerror or error)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None, 'the folder %s is not a folder that only this user can open (mode 0700)' % folder
    name = hashlib.sha256(('%s\n%s' % (api_url.rstrip('/'), api_key)).encode()).hexdigest()[:32]
    return StateFile(os.path.join(folder, name + '.json')), None

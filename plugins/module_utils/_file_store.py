# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Small JSON files that the processes of this user on the controller share (the rate window, a recent list): one
folder only this user can open, each file read and written under a short lock.

Nothing kept here is needed, it only saves requests; so nothing here may fail or hold up a task. A file that is not a
regular file of this user of a sane size (a link, a FIFO, another user's file), or that holds no JSON object of the
expected fields (deeply nested, NaN, out of range: `clean` decides), is no state and is replaced. A lock is never
held across a network request, and never waited for longer than LOCK_WAIT: then the caller goes on without the file.
Files no process touched for a day are pruned.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import time
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from ._clock import REAL_CLOCK, Clock

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX controller: nothing is shared
    fcntl = None  # type: ignore[assignment]

FOLDER_ENV = 'OPENCLAW_HOSTING_RATE_DIR'  # the folder of the shared files; "off": nothing is shared
LOCK_WAIT = 0.5  # the longest wait for a lock: a holder only reads and writes a small file, so a longer one is stuck
LOCK_PAUSE = 0.01
PRUNE_AFTER = 86400.0  # a file no process touched for this long is removed
FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_CLOEXEC', 0)


def default_folder() -> str:
    """$ANSIBLE_HOME/openclaw.hosting when ANSIBLE_HOME is set (blank is unset), else ~/.ansible/openclaw.hosting."""
    home = os.environ.get('ANSIBLE_HOME', '').strip()
    return os.path.join(os.path.expanduser(home or os.path.join('~', '.ansible')), 'openclaw.hosting')


def shared_folder() -> Tuple[Optional[str], Optional[str]]:
    """The folder of the shared files (made when missing, its old files pruned), or None and why not (None, None:
    sharing is turned off with OPENCLAW_HOSTING_RATE_DIR=off)."""
    setting = os.environ.get(FOLDER_ENV, '').strip()
    if setting.lower() == 'off':
        return None, None
    if fcntl is None:
        return None, 'this controller has no file locks (fcntl)'
    folder = os.path.expanduser(setting) if setting else default_folder()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        return None, 'the folder %s cannot be made (%s)' % (folder, error.strerror or error)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None, 'the folder %s is not a folder that only this user can open (mode 0700)' % folder
    prune(folder)
    return folder, None


def prune(folder: str) -> None:
    """Remove the folder's JSON files that no process touched for PRUNE_AFTER seconds."""
    stale = time.time() - PRUNE_AFTER  # file times are on the system's clock, whatever clock a task has
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.name.endswith('.json') and entry.stat(follow_symlinks=False).st_mtime < stale:
                    os.unlink(entry.path)


class SharedFile:
    """One shared JSON object in a file; `clean` keeps what of a parsed object is valid at the clock's time (given
    {} for no state)."""

    def __init__(self, path: str, max_bytes: int, clean: Callable[[Dict[str, Any], float], Dict[str, Any]],
                 clock: Clock = REAL_CLOCK) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.clean = clean
        self.clock = clock
        self.problem: Optional[str] = None  # why the file could not be used the last time it could not

    @contextlib.contextmanager
    def locked(self) -> Iterator[Optional[Dict[str, Any]]]:
        """The cleaned content under the file's lock, written back when it differs from the file's; None when the
        file cannot be used now (`problem` says why)."""
        handle = self._open()
        if handle is None:
            yield None
            return
        try:
            if not self._lock(handle):
                yield None
                return
            found = parse(os.read(handle, self.max_bytes + 1), self.max_bytes)
            content = self.clean(found, self.clock.time())
            yield content
            if content != found:
                with contextlib.suppress(OSError):  # what cannot be kept only costs a later task a request
                    os.lseek(handle, 0, os.SEEK_SET)
                    os.ftruncate(handle, 0)
                    os.write(handle, json.dumps(content, allow_nan=False).encode())
        finally:
            os.close(handle)  # and so the lock

    def _open(self) -> Optional[int]:
        """The file opened without following a link or blocking; a file that is not a regular file of this user of
        a sane size is removed and made anew."""
        for attempt in (1, 2):
            try:
                handle = os.open(self.path, FLAGS, 0o600)
            except OSError as error:
                if error.errno == errno.ELOOP and attempt == 1 and self._remove():
                    continue  # a link where the file should be
                self.problem = 'the shared file %s cannot be used (%s)' % (self.path, error.strerror or error)
                return None
            info = os.fstat(handle)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and info.st_size <= self.max_bytes:
                return handle
            os.close(handle)
            if attempt == 2 or not self._remove():
                break
        self.problem = 'the shared file %s cannot be used (not a regular file of this user, and it cannot be replaced)' % self.path
        return None

    def _remove(self) -> bool:
        try:
            os.unlink(self.path)
            return True
        except OSError:
            return False

    def _lock(self, handle: int) -> bool:
        """Take the file's lock, waiting at most LOCK_WAIT for another process to let go of it."""
        give_up = self.clock.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if self.clock.monotonic() >= give_up:
                    self.problem = 'the shared file %s cannot be used (another process held its lock for more than %g s)' % (
                        self.path, LOCK_WAIT)
                    return False
                self.clock.sleep(LOCK_PAUSE)
            except OSError as error:
                self.problem = 'the shared file %s cannot be used (it cannot be locked: %s)' % (self.path, error.strerror or error)
                return False


def parse(raw: bytes, max_bytes: int) -> Dict[str, Any]:
    """A JSON object from a file's bytes; {} for anything else (too long, not UTF-8, not JSON, NaN, nested too deep)."""
    if len(raw) > max_bytes or not raw.strip():
        return {}
    try:
        found = json.loads(raw.decode('utf-8'), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return {}
    return found if isinstance(found, dict) else {}


def _no_constant(name: str) -> Any:
    raise ValueError('%s is not a number' % name)


def finite(value: Any, low: float, high: float) -> bool:
    """Whether a parsed value is a number (not a boolean) between low and high."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high

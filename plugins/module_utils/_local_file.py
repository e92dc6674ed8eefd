# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Files on the host that runs the module: a secret written to a path the user named (a raw key, a QR code), mode
0600 from its first byte, replaced atomically, never half written; and a file read to send (a `src`).

Both are checked before any request (`write_problem`, `read_local`), so that a secret shown only once is not received
with nowhere to put it, and no file to send hangs the task (a FIFO) or fills its memory (/dev/zero).
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Optional, Tuple

MAX_FILE_BYTES = 1024 * 1024  # the largest file an agent's modules send (src) or export: 1 MiB
TEMPORARY_EXTRA = 10  # what the temporary name adds to the file's: "." + name + "." + 8 random characters
NAME_MAX = 255


def write_problem(option: str, path: str) -> Optional[str]:
    """What keeps a file from being written at `path` (None: nothing); `option` names it in the message."""
    if not path.strip():
        return '%s is empty' % option
    if path.endswith(('/', os.sep)) or os.path.isdir(path):
        return '%s is a folder (%s): name the file to write' % (option, path)
    folder, name = os.path.split(os.path.abspath(path))
    if not os.path.isdir(folder):
        return "%s is in a folder that does not exist (%s): create it first" % (option, folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return '%s is in a folder this user cannot write to (%s)' % (option, folder)
    if len(os.fsencode(name)) + TEMPORARY_EXTRA > name_max(folder):
        return ('%s has a file name of %d bytes, too long to write it safely (at most %d here): choose a shorter one'
                % (option, len(os.fsencode(name)), name_max(folder) - TEMPORARY_EXTRA))
    return existing_problem(option, path, folder)


def name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, 'PC_NAME_MAX')
    except (OSError, ValueError):
        return NAME_MAX


def existing_problem(option: str, path: str, folder: str) -> Optional[str]:
    """What keeps what is at `path` from being replaced: something that is not a file or a link (a link is replaced,
    never followed), or another user's entry in a folder with the sticky bit (such as /tmp), which this user may
    not replace."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode)):
        return '%s names something that is not a file (%s)' % (option, path)
    shared = os.stat(folder)
    if shared.st_mode & stat.S_ISVTX and os.getuid() not in (0, found.st_uid, shared.st_uid):
        return ("%s is another user's file in a shared folder (%s), which this user cannot replace: choose another path"
                % (option, path))
    return None


def read_local(option: str, path: str) -> Tuple[bytes, Optional[str]]:
    """A regular file's bytes, at most MAX_FILE_BYTES; or b'' and what keeps it from being read (never a wait: a FIFO is
    opened without blocking, and refused)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_CLOEXEC', 0))
    except OSError as error:
        return b'', '%s cannot be read (%s): %s' % (option, error.strerror or error, path)
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            return b'', '%s is not a regular file: %s' % (option, path)
        if found.st_size > MAX_FILE_BYTES:
            return b'', '%s has %d bytes; a file sent to an agent has at most %d (1 MiB): %s' % (
                option, found.st_size, MAX_FILE_BYTES, path)
        with os.fdopen(os.dup(handle), 'rb') as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        return (data, None) if len(data) <= MAX_FILE_BYTES else (b'', '%s grew past %d bytes while read: %s' % (option, MAX_FILE_BYTES, path))
    finally:
        os.close(handle)


def write_secret(path: str, data: bytes) -> None:
    """Write `data` to `path`, readable by this user only; an OSError says why it could not be."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=folder)  # mode 0600
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise

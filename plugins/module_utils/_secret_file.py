# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A secret written to a file the user named: mode 0600 from its first byte, replaced atomically, never half written.

`path_problem` checks the path before any request, so that a secret shown only once is not received with nowhere to
put it.
"""

from __future__ import annotations

import os
import tempfile
from typing import Optional


def path_problem(option: str, path: str) -> Optional[str]:
    """What keeps a file from being written at `path` (None: nothing); `option` names it in the message."""
    folder = os.path.dirname(os.path.abspath(path)) or '/'
    if not path.strip():
        return '%s is empty' % option
    if os.path.isdir(path):
        return '%s is a folder (%s): name the file to write' % (option, path)
    if not os.path.isdir(folder):
        return "%s is in a folder that does not exist (%s): create it first" % (option, folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return '%s is in a folder this user cannot write to (%s)' % (option, folder)
    return None


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

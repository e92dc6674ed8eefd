# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A name or id that becomes one segment of a URL path (an instance, a skill, a channel, a session, a key id): one
check, made before any request, so that no value can reach another endpoint: not empty, not "." or "..", and no "/",
"\\", "%" (which a server may decode into one of them) or control character.
"""

from __future__ import annotations

import re
from typing import Any, Optional
from urllib.parse import quote

UNSAFE = re.compile(r'[/\\%\x00-\x1f\x7f]')


def segment_problem(option: str, value: Any) -> Optional[str]:
    """What keeps a value from being one segment of a URL path (None: nothing); `option` names it."""
    text = '' if value is None else str(value)
    if not text.strip():
        return '%s is empty' % option
    if text.strip() in ('.', '..') or UNSAFE.search(text):
        return ('%s cannot be %s: a name here becomes part of a URL, so it must not be "." or "..", nor hold "/", "\\", '
                '"%%" or a control character' % (option, '"%s"' % text.encode('unicode_escape').decode('ascii')))
    return None


def segment(value: str, option: str = 'a name') -> str:
    """The value quoted as one URL path segment; a ValueError for one that segment_problem refuses (the modules check
    their options with it first, so this is a bug)."""
    problem = segment_problem(option, value)
    if problem:
        raise ValueError(problem)
    return quote(value, safe='')

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How a value reads in a sentence a person reads: never as a Python literal (None, True, a list's repr)."""

from __future__ import annotations

import json
from typing import Any, Mapping


def quoted(value: Any) -> str:
    """Text in quotes, nothing as "not set", true or false, a list's items joined, a mapping as JSON."""
    if value is None:
        return 'not set'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, str):
        return "'%s'" % value
    if isinstance(value, (list, tuple)):
        return ', '.join(quoted(item) for item in value) or 'nothing'
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)

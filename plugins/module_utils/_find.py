# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding an instance by its name in a list: the one with that name, or a clear failure when several share it."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from . import _messages as say
from ._messages import TaskFailed
from ._profile import Profile


def pick_by_name(listed: Sequence[Mapping[str, Any]], profile: Profile, name: str) -> Optional[Mapping[str, Any]]:
    """The one listed instance with this name (a live one before one being deleted); fails when several live ones match."""
    matches = [inst for inst in listed if inst.get('name') == name]
    live = [inst for inst in matches if inst.get('status') != profile.lifecycle.deleting_status]
    if len(live) > 1:
        raise TaskFailed(say.names_not_unique(profile, name, [inst.get('id') for inst in live]))
    chosen = live or matches
    return chosen[0] if chosen else None

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""predict(): how an instance should look once an action has taken effect, for check mode, which sends none."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from ._planner import CREATE, DELETE, UPDATE
from ._profile import Profile


def predict(instance: Optional[Mapping[str, Any]], action: str, profile: Profile,
            body: Optional[Mapping[str, Any]] = None) -> Optional[Mapping[str, Any]]:
    """The instance as it should look once `action` (sending `body`) has taken effect; None after a delete.

    A new instance is predicted from the fields it is created with; its id is not known.
    """
    if action == DELETE:
        return None
    if action == UPDATE:
        return dict(instance or {}, **(body or {}))
    if action == CREATE:
        return dict(body or {}, id=None, status=profile.lifecycle.action(CREATE).to_status)
    predicted = dict(instance or {}, status=profile.lifecycle.action(action).to_status)
    for other in profile.lifecycle.actions:
        if other.flag and other.flag in predicted:
            predicted[other.flag] = predicted['status'] in other.from_status
    return predicted

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What converging one instance came to, as a value, and the one function that makes it a module result's fields."""

from __future__ import annotations

from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple

from ._messages import TaskFailed
from ._profile import Profile
from ._secrets import shown


class Outcome(NamedTuple):
    """One instance converged (or not): the instance as first and last read (None: none), its id as last known, the
    actions the API accepted (in check mode: would have), the warnings, the failure that ended it, if one did, and the
    seconds it took."""

    first: Optional[Mapping[str, Any]]
    last: Optional[Mapping[str, Any]]
    instance_id: Any
    actions: Tuple[str, ...]
    warnings: Tuple[str, ...]
    failure: Optional[TaskFailed] = None
    elapsed: float = 0.0


def outcome_fields(outcome: Outcome, profile: Profile, diff: bool) -> Dict[str, Any]:
    """The fields every module result of a converged instance has (the instance module's, each entry of a fleet's):
    changed, actions, warnings, elapsed (seconds, one decimal); failed, msg and api_error when it failed; with `diff`
    (diff mode), diff when it did not fail."""
    fields: Dict[str, Any] = dict(changed=bool(outcome.actions), actions=list(outcome.actions), warnings=list(outcome.warnings),
                                  elapsed=round(outcome.elapsed, 1))
    if outcome.failure is not None:
        fields.update(failed=True, **outcome.failure.result())
    elif diff:
        fields['diff'] = dict(before=diff_view(outcome.first, profile), after=diff_view(outcome.last, profile))
    return fields


def diff_view(instance: Optional[Mapping[str, Any]], profile: Profile) -> Dict[str, Any]:
    """The part of an instance diff mode shows: what identifies it, its status, what a task can update (secret values
    masked)."""
    if instance is None:
        return {'status': 'absent'}
    instance = shown(instance, profile.schema.secret_fields) or {}
    return {key: instance.get(key) for key in ('id', 'name', 'status', *profile.schema.updatable_fields)}

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plan(): from a desired state and an observed instance to the one next step.

Pure: no I/O and no Ansible, so it can be tested as a table. The runner calls it
again after every read, which is how waits end and races are absorbed.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Optional, Sequence

from ._profiles import Action, Profile

DONE = 'done'  # nothing (more) to do; reason may hold a warning
ACT = 'act'  # call the API action named by `action`
WAIT = 'wait'  # blocked: the instance must change by itself before we can act
CONVERGE = 'converge'  # the instance is on its way to the desired state
FAIL = 'fail'  # the API cannot get there by itself; reason says what the user can do

TARGET_STATUS = {'started': 'running', 'restarted': 'running', 'stopped': 'stopped'}
NOT_FOUND = 'not found'


class Step(NamedTuple):
    """One step of a plan."""

    kind: str
    action: Optional[str] = None
    reason: str = ''


def is_allowed(action: Action, instance: Mapping[str, Any]) -> bool:
    """Whether the API allows the action now: its flag when present, else the documented table."""
    flag = instance.get(action.flag) if action.flag else None
    if isinstance(flag, bool):
        return flag
    return instance.get('status') in action.from_status


def is_settled(instance: Mapping[str, Any], profile: Profile) -> bool:
    """False while an action is still in progress (the status's usual actions are all disallowed)."""
    usual = [a for a in profile.actions if a.flag and instance.get('status') in a.from_status]
    return not usual or any(instance.get(a.flag) is not False for a in usual)


def plan(desired: str, instance: Optional[Mapping[str, Any]], profile: Profile, done: Sequence[str] = ()) -> Step:
    """The next step towards `desired` ("started", "stopped", "restarted", "absent").

    `instance` is the last read (None when the API says it does not exist) and
    `done` the actions this task has already had accepted.
    """
    if instance is None or instance.get('status') in profile.gone_statuses:
        return Step(DONE) if desired == 'absent' else Step(FAIL, reason=NOT_FOUND)
    status = instance.get('status')

    if desired == 'absent':
        if status == profile.deleting_status or 'delete' in done:
            return Step(CONVERGE, reason='the deletion to finish')
        return Step(ACT, 'delete')

    target = TARGET_STATUS[desired]
    if desired == 'restarted' and any(profile.action(name).to_status == target for name in done if name != 'delete'):
        desired = 'started'  # restarted once is enough: from here on it only has to be running

    if desired != 'restarted' and status == target:
        if is_settled(instance, profile):
            return Step(DONE)
        return Step(CONVERGE, reason='the action in progress to finish')

    for action in profile.actions:
        if action.to_status == target and is_allowed(action, instance):
            if action.name in done:
                return Step(CONVERGE, reason='the %s to take effect' % action.name)
            return Step(ACT, action.name)

    warning = profile.settled_with_warning.get((status, desired))
    if warning:
        return Step(DONE, reason=warning)
    advice = profile.stuck.get((status, desired)) or profile.stuck.get((status, '*'))
    if advice:
        return Step(FAIL, reason=advice)
    return Step(WAIT, reason=_blocked_reason(status, target, profile))


def _blocked_reason(status: Any, target: str, profile: Profile) -> str:
    if status in profile.busy_statuses:
        return 'its status %s to end' % status
    for action in profile.actions:
        if action.to_status == target and status in action.from_status:
            return '%s to become true (another action is still in progress)' % action.flag
    return "its status %r, which this collection does not know, to change" % (status,)


def predict(instance: Mapping[str, Any], action: str, profile: Profile) -> Optional[Mapping[str, Any]]:
    """The instance as it should look once `action` has taken effect (None after a delete)."""
    if action == 'delete':
        return None
    predicted = dict(instance, status=profile.action(action).to_status)
    for other in profile.actions:
        if other.flag and other.flag in instance:
            predicted[other.flag] = predicted['status'] in other.from_status
    return predicted

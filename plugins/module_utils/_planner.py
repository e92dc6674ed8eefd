# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plan(): from a desired state and an observed instance to the one next step.

Pure: no I/O and no Ansible, so it can be tested as a table. The runner calls it
again after every read, which is how waits end and races are absorbed.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, NamedTuple, Optional, Sequence

from ._profiles import Action, Profile

DONE = 'done'  # nothing (more) to do; reason may hold a warning
ACT = 'act'  # call the API action named by `action`
WAIT = 'wait'  # blocked: the instance must change by itself before we can act
CONVERGE = 'converge'  # the instance is on its way to the desired state
FAIL = 'fail'  # the API cannot get there by itself; reason says what the user can do

CREATE, UPDATE, DELETE = 'create', 'update', 'delete'
TARGET_STATUS = {'started': 'running', 'restarted': 'running', 'stopped': 'stopped'}
NOT_FOUND = 'not found'


class Step(NamedTuple):
    """One step of a plan."""

    kind: str
    action: str = ''  # the action to send (ACT steps only)
    reason: str = ''


def is_allowed(action: Action, instance: Mapping[str, Any]) -> bool:
    """Whether the API allows the action now: its flag when present, else the documented table."""
    flag = instance.get(action.flag) if action.flag else None
    if isinstance(flag, bool):
        return flag
    return instance.get('status') in action.from_status


def is_settled(instance: Mapping[str, Any], profile: Profile) -> bool:
    """False while an action is still in progress (the status's usual actions are all disallowed)."""
    usual = [a.flag for a in profile.actions if a.flag is not None and instance.get('status') in a.from_status]
    return not usual or any(instance.get(flag) is not False for flag in usual)


def updates(instance: Mapping[str, Any], wanted: Mapping[str, Any], profile: Profile) -> Dict[str, Any]:
    """The wanted fields PATCH can change that differ on the instance (an empty config equals none)."""
    return {field: wanted[field] for field in profile.updatable_fields
            if field in wanted and (instance.get(field) or None) != (wanted[field] or None)}


def fixed_differences(instance: Mapping[str, Any], wanted: Mapping[str, Any], profile: Profile) -> Dict[str, Any]:
    """The wanted creation options that differ on the instance and cannot change after creation."""
    return {field: wanted[field] for field in profile.create_fields
            if field in wanted and field not in profile.updatable_fields and instance.get(field) != wanted[field]}


def plan(desired: str, instance: Optional[Mapping[str, Any]], profile: Profile, done: Sequence[str] = (),
         wanted: Optional[Mapping[str, Any]] = None, can_create: bool = False) -> Step:
    """The next step towards `desired` ("present", "started", "stopped", "restarted", "absent").

    `instance` is the last read (None when the API says it does not exist), `done`
    the actions this task has already had accepted, `wanted` the instance fields
    the task asks for, and `can_create` whether a missing instance may be created.
    """
    actions = {action.name: action for action in profile.actions}
    if instance is None or instance.get('status') in profile.gone_statuses:
        if desired == 'absent':
            return Step(DONE)
        if can_create and CREATE in actions and CREATE not in done:
            return Step(ACT, CREATE)
        return Step(FAIL, reason=NOT_FOUND)
    status: Any = instance.get('status')

    if desired == 'absent':
        if status == profile.deleting_status or DELETE in done:
            return Step(CONVERGE, reason='the deletion to finish')
        return Step(ACT, DELETE)

    fixed = fixed_differences(instance, wanted or {}, profile)
    if fixed:
        differences = '; '.join('its %s is %r, not %r' % (field, instance.get(field), value) for field, value in sorted(fixed.items()))
        return Step(FAIL, reason='%s, which cannot change after creation (nothing was changed; to change it, delete the '
                    'instance and create it again)' % differences)
    advice = profile.stuck.get((status, desired)) or profile.stuck.get((status, '*'))
    if advice:
        advice = advice.format_map(_Fields(instance))
    if not advice and UPDATE not in done and updates(instance, wanted or {}, profile):
        return Step(ACT, UPDATE)

    if desired == 'present':
        if status in profile.busy_statuses:
            return Step(CONVERGE, reason='its status %s to end' % status)
        return Step(FAIL, reason=advice) if advice else Step(DONE)

    target = TARGET_STATUS[desired]
    if desired == 'restarted' and any(name in actions and actions[name].to_status == target for name in done):
        desired = 'started'  # restarted (or created, or started) once is enough: from here on it only has to be running

    if desired != 'restarted' and status == target:
        if is_settled(instance, profile):
            return Step(DONE)
        return Step(CONVERGE, reason='the action in progress to finish')

    if desired == 'started' and status in profile.busy_statuses:
        return Step(CONVERGE, reason='its status %s to end' % status)  # it comes up by itself

    if desired == 'restarted' and status == target:
        candidates = [actions[profile.restart_via[0]]]  # restart, or the stop before the start
    else:
        candidates = [action for action in profile.actions if action.to_status == target]
    for action in candidates:
        if is_allowed(action, instance):
            if action.name in done:
                return Step(CONVERGE, reason='the %s to take effect' % action.name)
            return Step(ACT, action.name)

    warning = profile.settled_with_warning.get((status, desired))
    if warning:
        return Step(DONE, reason=warning)
    accepted = [action.name for action in candidates if action.name in done]
    if accepted and (status, '*') not in profile.stuck:
        # the API took the action although the documented table forbids it from here: wait for it, unless the instance broke
        return Step(CONVERGE, reason='the %s to take effect' % accepted[0])
    if advice:
        return Step(FAIL, reason=advice)
    return Step(WAIT, reason=_blocked_reason(status, target, profile))


class _Fields(dict):
    """An instance's fields for an advice template; a missing field reads as None."""

    def __missing__(self, key: str) -> None:
        return None


def _blocked_reason(status: Any, target: str, profile: Profile) -> str:
    if status in profile.busy_statuses:
        return 'its status %s to end' % status
    for action in profile.actions:
        if action.to_status == target and status in action.from_status:
            return '%s to become true (another action is still in progress)' % action.flag
    return "its status %r, which this collection does not know, to change" % (status,)


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
        return dict(body or {}, id=None, status=profile.action(CREATE).to_status)
    predicted = dict(instance or {}, status=profile.action(action).to_status)
    for other in profile.actions:
        if other.flag and other.flag in predicted:
            predicted[other.flag] = predicted['status'] in other.from_status
    return predicted

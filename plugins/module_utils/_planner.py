# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""plan(): from a desired state and an observed instance to the one next step; next_step(): the same with the loop's
memory, a value it takes and returns.

Pure: no I/O and no Ansible, so it can be tested as a table. The reconcile loop
calls it again after every read, which is how waits end and races are absorbed.
A step is data (its kind, the action, a reason code and what the reason is about);
_messages renders it in words. The rules that keep an action from being repeated
are rows of the same table: what the loop remembers (Memory) is an argument.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, Mapping, NamedTuple, Optional, Sequence, Tuple

from ._profile import Action, Profile
from ._words import quoted

# The kinds of step.
DONE = 'done'  # nothing (more) to do (reason LEFT_AS_IS: with a warning)
ACT = 'act'  # send the API action named by `action`
BLOCKED = 'blocked'  # the instance must change by itself before this task can act
SETTLING = 'settling'  # the instance is on its way to the desired state: wait, then read again
FAIL = 'fail'  # the API cannot get there by itself; the reason says what the user can do

# The reasons of BLOCKED, SETTLING, FAIL and DONE steps (what a step is about is in `status` and `detail`).
# FAIL: there is no such instance, and this task may not create it (detail: True when the task asks for it to be
# present, which would create it, but the provider's API cannot create instances)
NOT_FOUND = 'not_found'
FIXED_FIELDS = 'fixed_fields'  # FAIL: detail {field: (observed, wanted)} of fields that cannot change after creation
STUCK = 'stuck'  # FAIL: detail is the provider's advice for this status
LEFT_AS_IS = 'left_as_is'  # DONE: detail is the provider's warning for leaving this status as it is
DELETION = 'deletion'  # SETTLING: the deletion to finish
BUSY = 'busy'  # BLOCKED or SETTLING: the busy `status` to end
IN_PROGRESS = 'in_progress'  # SETTLING: it has the target status, but an action is still in progress
ACCEPTED = 'accepted'  # SETTLING: the accepted `action` to take effect; the instance still allows it (not begun, or undone)
TAKING_EFFECT = 'taking_effect'  # SETTLING: the accepted `action` to take effect; the instance is busy with it
UNANSWERED = 'unanswered'  # SETTLING: the `action` that got no clear answer to show its effect (else it is sent again)
NOT_REPEATED = 'not_repeated'  # FAIL: the `action` got no clear answer, no read showed it, and it may not be sent again
FLAG = 'flag'  # BLOCKED: detail is the flag that must become true (another action is still in progress)
UNKNOWN_STATUS = 'unknown_status'  # BLOCKED: a `status` this collection does not know, to change

CREATE, UPDATE, DELETE = 'create', 'update', 'delete'
# the states a missing instance is created for: "restarted" and "stopped" name one that should already exist, and a
# typo in its name must not create a new, billed instance
CREATED_FOR = ('present', 'started')
# actions never sent twice, even when the first got no clear answer: a second create makes a second instance
NEVER_REPEATED = (CREATE,)
TARGET_STATUS = {'started': 'running', 'restarted': 'running', 'stopped': 'stopped'}
# how many reads (at the pace of the loop's polls: about 10 s) an action that got no clear answer (a timeout, a dropped
# connection, a 5xx) is given to show that it was carried out before it is sent again: a gateway may give up while the
# API still carries the action out
UNANSWERED_READS = 3


class Step(NamedTuple):
    """One step of a plan."""

    kind: str
    action: str = ''  # ACT: the action to send; ACCEPTED, TAKING_EFFECT, UNANSWERED: the action waited for
    reason: str = ''
    status: Any = None  # the status the reason is about
    detail: Any = None  # what else the reason needs (see the reason codes)


class Memory(NamedTuple):
    """What the reconcile loop remembers between reads: the actions the API accepted from this task (in check mode:
    would have been sent), and an action sent without a clear answer, waited for during `reads_left` more reads."""

    accepted: Tuple[str, ...] = ()
    unanswered: str = ''
    reads_left: int = 0

    def accept(self, action: str) -> Memory:
        """After the API accepted the action."""
        return self._replace(accepted=(*self.accepted, action))

    def without_answer(self, action: str) -> Memory:
        """After the action got no clear answer: it may have been carried out."""
        return self._replace(unanswered=action, reads_left=UNANSWERED_READS)

    def after_read(self) -> Memory:
        """After a read of the instance."""
        return self._replace(reads_left=max(self.reads_left - 1, 0))


def next_step(desired: str, instance: Optional[Mapping[str, Any]], profile: Profile, memory: Memory,
              wanted: Optional[Mapping[str, Any]] = None, can_create: bool = False) -> Tuple[Step, Memory]:
    """The next step, and the memory after it (see plan()).

    An action that got no clear answer is waited for while it has reads left. Once the plan moves past it, it counts
    as accepted when the instance shows it (the plan no longer asks for it); else it is sent again, unless it is
    never repeated: then the task fails.
    """
    waited_for = memory.unanswered if memory.reads_left else ''
    step = plan(desired, instance, profile, memory.accepted, wanted, can_create, waited_for)
    if not memory.unanswered or step.reason == UNANSWERED:
        return step, memory
    action, memory = memory.unanswered, memory._replace(unanswered='', reads_left=0)
    if (step.kind, step.action) != (ACT, action):  # the instance shows it was carried out
        memory = memory.accept(action)
        return plan(desired, instance, profile, memory.accepted, wanted, can_create), memory
    if action in NEVER_REPEATED:
        return Step(FAIL, action, NOT_REPEATED), memory
    return step, memory  # no read showed it: it is sent again


def is_allowed(action: Action, instance: Mapping[str, Any]) -> bool:
    """Whether the API allows the action now: its flag when present, else the documented table."""
    flag = instance.get(action.flag) if action.flag else None
    if isinstance(flag, bool):
        return flag
    return instance.get('status') in action.from_status


def is_settled(instance: Mapping[str, Any], profile: Profile) -> bool:
    """False while an action is still in progress (the status's usual actions are all disallowed)."""
    usual = [a.flag for a in profile.lifecycle.actions if a.flag is not None and instance.get('status') in a.from_status]
    return not usual or any(instance.get(flag) is not False for flag in usual)


def updates(instance: Mapping[str, Any], wanted: Mapping[str, Any], profile: Profile) -> Dict[str, Any]:
    """The wanted fields PATCH can change that differ on the instance (an empty config equals none)."""
    return {field: wanted[field] for field in profile.schema.updatable_fields
            if field in wanted and (instance.get(field) or None) != (wanted[field] or None)}


def fixed_differences(instance: Mapping[str, Any], wanted: Mapping[str, Any], profile: Profile) -> Dict[str, Any]:
    """The wanted creation options that differ on the instance and cannot change after creation: {field: (observed, wanted)}."""
    return {field: (instance.get(field), wanted[field]) for field in profile.schema.create_fields
            if field in wanted and field not in profile.schema.updatable_fields and instance.get(field) != wanted[field]}


def plan(desired: str, instance: Optional[Mapping[str, Any]], profile: Profile, accepted: Sequence[str] = (),
         wanted: Optional[Mapping[str, Any]] = None, can_create: bool = False, unanswered: str = '') -> Step:
    """The next step towards `desired` ("present", "started", "stopped", "restarted", "absent").

    `instance` is the last read (None when the API says it does not exist), `accepted`
    the actions the API has accepted from this task so far, `wanted` the instance fields
    the task asks for, `can_create` whether a missing instance may be created, and
    `unanswered` an action this task sent that got no clear answer: it is waited for, not sent.
    """
    wanted = wanted or {}
    if instance is None or instance.get('status') in profile.lifecycle.gone_statuses:
        return _plan_missing(desired, profile, accepted, can_create, unanswered)
    if desired == 'absent':
        return _plan_absent(instance, profile, accepted, unanswered)
    fixed = fixed_differences(instance, wanted, profile)
    if fixed:
        return Step(FAIL, reason=FIXED_FIELDS, detail=fixed)
    advice = _advice(instance, desired, profile)
    if not advice and UPDATE not in accepted and updates(instance, wanted, profile):
        return _send(UPDATE, accepted, unanswered)
    if desired == 'present':
        return _plan_present(instance, profile, advice)
    return _plan_power(desired, instance, profile, accepted, advice, unanswered)


def _plan_missing(desired: str, profile: Profile, accepted: Sequence[str], can_create: bool, unanswered: str) -> Step:
    """No instance: done when it should be absent, else create it (once) when allowed, and wait until it shows."""
    if desired == 'absent':
        return Step(DONE)
    creatable = any(action.name == CREATE for action in profile.lifecycle.actions)
    if can_create and desired in CREATED_FOR and creatable:
        return _send(CREATE, accepted, unanswered)
    return Step(FAIL, reason=NOT_FOUND, detail=desired == 'present' and not creatable)


def _plan_absent(instance: Mapping[str, Any], profile: Profile, accepted: Sequence[str], unanswered: str) -> Step:
    """An instance that should be gone: delete it, once."""
    if instance.get('status') == profile.lifecycle.deleting_status or DELETE in accepted:
        return Step(SETTLING, reason=DELETION)
    return _send(DELETE, accepted, unanswered)


def _advice(instance: Mapping[str, Any], desired: str, profile: Profile) -> Optional[str]:
    """The provider's advice when the instance's status keeps it from `desired` until the user acts."""
    status: Any = instance.get('status')
    advice = profile.lifecycle.stuck.get((status, desired)) or profile.lifecycle.stuck.get((status, '*'))
    fields = defaultdict(lambda: quoted(None), ((key, quoted(value)) for key, value in instance.items()))  # as a sentence shows them
    return advice.format_map(fields) if advice else None


def _plan_present(instance: Mapping[str, Any], profile: Profile, advice: Optional[str]) -> Step:
    """An instance that should exist, whatever its power state."""
    status: Any = instance.get('status')
    warning = profile.lifecycle.settled_with_warning.get((status, 'present'))
    if warning:
        return Step(DONE, reason=LEFT_AS_IS, status=status, detail=warning)
    if status in profile.lifecycle.busy_statuses:
        return Step(SETTLING, reason=BUSY, status=status)
    return Step(FAIL, reason=STUCK, status=status, detail=advice) if advice else Step(DONE)


def _plan_power(desired: str, instance: Mapping[str, Any], profile: Profile, accepted: Sequence[str],
                advice: Optional[str], unanswered: str) -> Step:
    """An instance that should be running (started, restarted) or stopped."""
    status, target = instance.get('status'), TARGET_STATUS[desired]
    # restarted (or created, or started) once is enough: from then on it only has to be running
    goal = 'started' if desired == 'restarted' and _reached_once(target, accepted, profile) else desired
    if goal != 'restarted' and status == target:
        return Step(DONE) if is_settled(instance, profile) else Step(SETTLING, reason=IN_PROGRESS, status=status)
    if goal == 'started' and status in profile.lifecycle.busy_statuses:
        return Step(SETTLING, reason=BUSY, status=status)  # it comes up by itself
    if goal == 'restarted' and status == target:
        candidates = [profile.lifecycle.action(profile.lifecycle.restart_via[0])]  # restart, or the stop before the start
    else:
        candidates = [action for action in profile.lifecycle.actions if action.to_status == target]
    for action in candidates:
        if is_allowed(action, instance):
            return _send(action.name, accepted, unanswered, status)
    return _plan_unreachable(goal, instance, profile, [a.name for a in candidates if a.name in accepted], advice)


def _plan_unreachable(desired: str, instance: Mapping[str, Any], profile: Profile, accepted: Sequence[str],
                      advice: Optional[str]) -> Step:
    """No action towards `desired` is allowed now: leave it, wait for an accepted one, fail with advice, or wait."""
    status: Any = instance.get('status')
    warning = profile.lifecycle.settled_with_warning.get((status, desired))
    if warning:
        return Step(DONE, reason=LEFT_AS_IS, status=status, detail=warning)
    if accepted and (status, '*') not in profile.lifecycle.stuck:
        # the API took the action although the documented table forbids it from here: wait for it, unless the instance broke
        return Step(SETTLING, accepted[0], TAKING_EFFECT, status)
    if advice:
        return Step(FAIL, reason=STUCK, status=status, detail=advice)
    if status in profile.lifecycle.busy_statuses:
        return Step(BLOCKED, reason=BUSY, status=status)
    for action in profile.lifecycle.actions:
        if action.to_status == TARGET_STATUS[desired] and status in action.from_status:
            return Step(BLOCKED, reason=FLAG, status=status, detail=action.flag)
    return Step(BLOCKED, reason=UNKNOWN_STATUS, status=status)


def _send(action: str, accepted: Sequence[str], unanswered: str, status: Any = None) -> Step:
    """Send the action, unless this task already did: then wait for it to take effect, or to show that it was carried out."""
    if action in accepted:
        return Step(SETTLING, action, ACCEPTED, status)
    if action == unanswered:
        return Step(SETTLING, action, UNANSWERED, status)
    return Step(ACT, action)


def _reached_once(target: str, accepted: Sequence[str], profile: Profile) -> bool:
    """Whether an accepted action of this task leads to `target` (a restart, a start, a create)."""
    return any(action.to_status == target for action in profile.lifecycle.actions if action.name in accepted)

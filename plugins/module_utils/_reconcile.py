# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reconcile loop: read -> next_step() -> act or wait -> read again, until the plan says done or fail.

Bounded by one deadline (wait_timeout: no action is sent once it has passed, and the
client begins no wait that would pass it) and a few action attempts. An action is
never repeated blindly: after a refusal the instance is read and planned again at
once; an action that got no clear answer is waited for during a few reads, and
sent again only when none of them shows that it was carried out (the planner's
Memory rows). converge() returns an Outcome: whatever failed, an API error included,
ends there as its failure.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence

from . import _messages as say
from ._client import Client
from ._deadline import Deadline
from ._errors import ApiError, OutOfTime
from ._find import pick_by_name
from ._messages import TaskFailed, describe
from ._outcome import Outcome
from ._planner import ACT, BLOCKED, BUSY, CREATE, DELETE, DONE, FAIL, UNANSWERED, UPDATE, Memory, Step, next_step, updates
from ._predict import predict
from ._profile import Profile

POLL_INTERVALS = (2.0, 3.0, 5.0, 8.0)  # never more than one read per 2 s
POLL_INTERVAL_CAP = 10.0
MAX_ACTION_ATTEMPTS = 4


def poll_intervals(first: Optional[float] = None) -> Iterator[float]:
    """The pauses between reads while waiting: `first` (when an action usually takes that long), then from 2 s
    backing off to a steady pace that leaves room under the rate limit."""
    if first:
        yield max(first, POLL_INTERVALS[0])
    yield from POLL_INTERVALS
    while True:
        yield POLL_INTERVAL_CAP


class Reconciler:
    """Drives one instance to a desired state.

    `wanted` holds the instance fields the task asks for (see plan()); `name`
    finds the instance when no id is given, and is the name a missing one is
    created with (None: it may not be created).
    """

    def __init__(self, client: Client, profile: Profile, desired: str, wait: bool, deadline: Deadline,
                 check_mode: bool, wanted: Optional[Mapping[str, Any]] = None, name: Optional[str] = None) -> None:
        self.client = client
        self.profile = profile
        self.desired = desired
        self.wait = wait
        self.check_mode = check_mode
        self.wanted = dict(wanted or {})
        self.name = name
        self.deadline = deadline
        self.memory = Memory()  # what the loop remembers between reads: the planner takes it and returns it
        self.warnings: List[str] = []
        self.instance: Optional[Mapping[str, Any]] = None  # the instance as last read
        self.instance_id: Any = None
        self.label = ''
        self.step: Optional[Step] = None  # the step last planned

    @property
    def actions(self) -> List[str]:
        """The actions the API accepted (in check mode: would have been sent)."""
        return list(self.memory.accepted)

    def plan(self) -> Step:
        """The next step from the last read; the memory after it is kept."""
        step, self.memory = next_step(self.desired, self.instance, self.profile, self.memory, self.wanted,
                                      can_create=self.name is not None)
        return step

    def converge(self, instance_id: Any = None, listed: Optional[Sequence[Mapping[str, Any]]] = None,
                 complete: bool = True) -> Outcome:
        """Find the instance (by id, else by name) and converge it; what came of it, failures included.

        Every decision rests on reads of the instance's details this task made. `listed` is a list read before (the
        fleet's own, or another task's a moment ago: not `complete`), in which a name is found; it is never taken as
        a read of the instance.
        """
        first: Optional[Mapping[str, Any]] = None
        failure: Optional[TaskFailed] = None
        started = self.deadline.clock.monotonic()
        try:
            if instance_id is not None:
                self.instance_id = self.profile.schema.parse_id(instance_id)
            self.label = describe(self.profile, None, wanted_id=self.instance_id, wanted_name=self.name)
            first = self.first_read(listed, complete)
            self.run(first, self.label)
        except OutOfTime as error:  # the client gave up a wait that would have passed the deadline
            failure = self._timed_out(error)
        except ApiError as error:  # the one place where an API failure of the loop becomes the task's
            failure = say.api_failure(error, self.profile, 'working on %s' % self.label)
        except TaskFailed as error:
            failure = error
        last = self.instance
        return Outcome(first, last, (last or {}).get('id', self.instance_id), self.memory.accepted, tuple(self.warnings), failure,
                       self.deadline.clock.monotonic() - started)

    def run(self, instance: Optional[Mapping[str, Any]], label: str) -> Optional[Mapping[str, Any]]:
        """Converge from this first read; returns the instance as last read (None when gone)."""
        self.instance, self.label = instance, label
        self.instance_id = instance.get('id') if instance else None
        polls = poll_intervals()
        attempts = 0
        while True:
            step = self.step = self.plan()
            if self.instance is not None:
                self.label = describe(self.profile, self.instance)
            if step.kind == DONE:
                if step.reason:
                    self.warnings.append(say.left_as_is(self.label, step))
                return self.instance
            if step.kind == FAIL:
                raise TaskFailed(say.cannot_reach(self.label, self._status(), self.desired, step))
            if step.kind == ACT:
                attempts += 1
                if attempts > MAX_ACTION_ATTEMPTS:
                    raise TaskFailed(say.kept_changing(self.label, MAX_ACTION_ATTEMPTS))
                if self.deadline.left() <= 0 and not self.check_mode:  # the last read came at the deadline
                    raise TaskFailed(say.too_late(self.deadline.seconds, self.label, self.desired, self._status(), step.action))
                waits = self._take(step)
                if waits is None:
                    continue  # the instance as now known may allow the next step at once
                polls = waits  # the answer shows what the API expects: read when the action is usually done
            elif (self.check_mode or not self.wait) and step.reason != UNANSWERED:  # an unanswered action is settled, wait or not
                self._stop_waiting(step)
                return self.instance
            self._sleep_until_next_poll(polls)
            self.instance = self._read()
            self.memory = self.memory.after_read()

    def _take(self, step: Step) -> Optional[Iterator[float]]:
        """Take an ACT step (in check mode: predict it); the polls to wait for it with, or None to plan again at once."""
        if self.check_mode:
            self.memory = self.memory.accept(step.action)  # pretend it was done, as a run with wait would leave it
            self.instance = predict(self.instance, step.action, self.profile, self._body(step.action))
            return None
        accepted = self._act(step)
        if self.memory.unanswered or (accepted and self.wait and not self.profile.lifecycle.answer_is_settled):
            return poll_intervals(self.profile.lifecycle.action_seconds.get(step.action))  # the first read when it is usually done
        return None  # refused (read again: plan again at once), or the answer may allow the next step

    def _stop_waiting(self, step: Step) -> None:
        """Where a check-mode run or a run without wait ends instead of waiting: warn, or fail when nothing was done."""
        if self.check_mode:
            if step.kind == BLOCKED:
                self.warnings.append(say.check_mode_blocked(self.label, self._status(), step))
            return
        # a busy instance is not yet in any power state: without wait, only "present" holds for it
        unreached = step.kind == BLOCKED or (step.reason == BUSY and self.desired != 'present')
        if unreached and self.memory.accepted:
            self.warnings.append(say.left_waiting(self.label, self._status(), self.desired, step))
        if unreached and not self.memory.accepted:
            raise TaskFailed(say.not_waiting(self.label, self._status(), self.desired, step))

    def first_read(self, listed: Optional[Sequence[Mapping[str, Any]]] = None, complete: bool = True) -> Optional[Mapping[str, Any]]:
        """The instance's details as first read, its id found by name in `listed` when that is given. A list that is
        not complete (another task's) may lack an instance made since, or show one gone or renamed since: the name is
        then looked up again in a list of the task's own."""
        if self.instance_id is None and listed is not None:
            instance = self._find(listed) and self._read()
            if complete or (instance is not None and instance.get('name') == self.name):
                return instance
            self.instance_id = None
        return self._read()

    def _read(self) -> Optional[Mapping[str, Any]]:
        """Read the instance's details with one request (None: the API says it does not exist); while its id is not
        known (found by name, or a create was not answered), it is first found by name in a list."""
        if self.instance_id is None and self.name is not None and self._find(self.client.list_instances()) is None:
            return None
        return self.client.read_instance(self.instance_id)

    def _find(self, listed: Sequence[Mapping[str, Any]]) -> Optional[Mapping[str, Any]]:
        """The instance with the task's name in a list, whose id it takes; None when it is not in it."""
        found = pick_by_name(listed, self.profile, self.name or '')
        self.instance_id = found.get('id') if found else None
        return found

    def _body(self, action: str) -> Dict[str, Any]:
        """What an action sends: the creation options, or the fields to update."""
        if action == CREATE:
            return dict(self.wanted, name=self.name)
        if action == UPDATE:
            return updates(self.instance or {}, self.wanted, self.profile)
        return {}

    def _act(self, step: Step) -> bool:
        """Send the action; True when the API accepted it. Refusals and silences lead to a re-read."""
        try:
            answer = self.client.act(step.action, self.instance_id, self._body(step.action))
        except ApiError as error:
            self._after_failed_action(step, error)
            return False
        self.memory = self.memory.accept(step.action)
        if step.action == CREATE:
            self.instance_id = (answer or {}).get('id')
            # an answer that shows nothing (cut off): the new instance is found by name, so the task can return it
            self.instance = answer or self._find(self.client.list_instances())
        elif step.action == DELETE and answer != {}:
            self.instance = answer  # None (204): deleted for good
        else:
            self.instance = dict(self.instance or {}, **(answer or {}))  # the answer may be partial, or show nothing
        return True

    def _after_failed_action(self, step: Step, error: ApiError) -> None:
        """After an action failed: wait for it when it may have been carried out, read again when it was refused
        (a race: plan again), fail when the API refused what still looks possible."""
        if error.status == 404:
            self.instance = None
            return
        if error.maybe_applied:
            self.memory = self.memory.without_answer(step.action)
            return
        if error.status not in self.profile.wire.conflict_statuses:
            raise say.api_failure(error, self.profile, 'asking to %s %s' % (step.action, self.label)) from error
        before = self.instance
        self.instance = self._read()
        if self.plan() != step:  # a race: plan again
            return
        explanation = self.profile.lifecycle.explain_refusal(step.action, before or {})
        raise TaskFailed(say.refused(self.profile, step.action, self.label, error, explanation), error) from error

    def _sleep_until_next_poll(self, polls: Iterator[float]) -> None:
        """Sleep until the next read is due, or at most until the deadline (the read then is the last one)."""
        remaining = self.deadline.left()
        if remaining <= 0:
            raise self._timed_out()
        self.deadline.clock.sleep(min(next(polls), remaining))

    def _timed_out(self, error: Optional[OutOfTime] = None) -> TaskFailed:
        """The failure of a task whose deadline passed: what it was waiting for, and the request it gave up, if any."""
        status = self._status() if self.instance else 'gone'
        last_accepted = self.memory.accepted[-1] if self.memory.accepted else None
        return TaskFailed(say.timed_out(self.deadline.seconds, self.label, self.desired, status, self.step, last_accepted,
                                        error), error)

    def _status(self) -> Any:
        """The status of the instance as last read (None when there is none)."""
        return (self.instance or {}).get('status')

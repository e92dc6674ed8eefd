# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine of declared parts (an organization, a key, a file, a skill, a channel): read, compare, apply.

A part says how to read itself (`read`), how what it read compares with what is wanted (`compare`, pure: the
changes), how to send one change (`apply`), how to find out whether a lost change was carried out (`settle`), how it
would look after its changes (`predict`) and what a diff shows of it (`view`). The engine owns the rest, once for
every part:

- `plan` reads and compares, and writes nothing: a declaration of many parts is planned whole before the first write,
  so that a refusal anywhere leaves everything untouched;
- `apply` sends the changes (none in check mode), and makes the part's result: `changed`, `actions`, its own fields,
  and in diff mode one diff under a header that names the part and its item (``skill web-search``);
- masking, by the one policy of `_secrets`, in every diff;
- a write whose answer was lost: an idempotent one (the same write twice leaves the same state) is sent once more;
  any other is settled by a read and never sent blindly again;
- a failure after an item's first change carries ``changed: true`` and the actions already done.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from . import _agent_messages as say
from ._errors import ApiError
from ._messages import TaskFailed, api_failure
from ._profile import Profile
from ._secrets import without_secrets


class Change(NamedTuple):
    """One write a part needs: the word it adds to `actions`, whether sending it twice is harmless, and its data."""

    action: str
    idempotent: bool = False
    data: Any = None


class Part:
    """A declared thing, read, compared and written by the engine; `kind` and `item` name it (``file``,
    ``workspace/SOUL.md``), `secret_keys` are the keys of its views whose every value is a secret."""

    kind = ''
    secret_keys: Tuple[str, ...] = ()

    def __init__(self, profile: Profile, item: str) -> None:
        self.profile = profile
        self.item = item

    @property
    def label(self) -> str:
        """How diff headers and messages name it: "skill web-search" ("organization": there is one)."""
        return ('%s %s' % (self.kind, self.item)).strip()

    def read(self) -> Any:
        """What the host holds of it (requests)."""
        raise NotImplementedError

    def compare(self, found: Any) -> Sequence[Change]:
        """The changes that make `found` as declared, in order; pure. A TaskFailed refuses the declaration."""
        raise NotImplementedError

    def apply(self, change: Change, found: Any) -> Dict[str, Any]:
        """Send one change; the result fields its answer gives."""
        raise NotImplementedError

    def settle(self, change: Change, found: Any, lost: ApiError) -> Optional[Dict[str, Any]]:
        """After a change whose answer was lost (not an idempotent one): read whether it was carried out; its result
        fields if it was, None if it was not. A TaskFailed says it was, but what its answer held is lost."""
        raise NotImplementedError

    def predict(self, found: Any, changes: Sequence[Change]) -> Any:
        """How it looks once the changes have taken effect (check mode and diff)."""
        raise NotImplementedError

    def view(self, state: Any) -> Any:
        """What a diff shows of a state (read or predicted): a text, or a mapping that the engine masks."""
        return state

    def finish(self, found: Any, changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        """The part's own result fields, once its changes were sent (or, in check mode, would have been)."""
        return fields


class Plan(NamedTuple):
    """A part as read, and the changes it needs."""

    part: Part
    found: Any
    changes: Tuple[Change, ...]

    @property
    def actions(self) -> List[str]:
        return [change.action for change in self.changes]


def plan(part: Part) -> Plan:
    """Read the part and compare it with the declaration: no write."""
    found = part.read()
    return Plan(part, found, tuple(part.compare(found)))


def apply(planned: Plan, check_mode: bool, diff: bool) -> Dict[str, Any]:
    """Send the plan's changes (none in check mode); the part's result: changed, actions, its fields, its diff."""
    part = planned.part
    done: List[str] = []
    fields: Dict[str, Any] = {}
    doing = ''
    try:
        for change in () if check_mode else planned.changes:
            doing = 'sending the %s of the %s' % (change.action, part.label)
            fields.update(send(part, change, planned.found))
            done.append(change.action)
        doing = 'reading the %s after its changes' % part.label
        result = dict(part.finish(planned.found, planned.changes, fields, check_mode), changed=bool(planned.changes),
                      actions=planned.actions)
    except ApiError as error:
        raise partly_done(api_failure(error, part.profile, doing), part, done, fields) from error
    except TaskFailed as failure:
        raise partly_done(failure, part, done, fields) from failure
    if diff and planned.changes:
        result['diff'] = diff_of(part, planned.found, part.predict(planned.found, planned.changes))
    return result


def send(part: Part, change: Change, found: Any) -> Dict[str, Any]:
    """One change: an idempotent one sent once more when its answer was lost, any other settled by a read."""
    try:
        return part.apply(change, found)
    except ApiError as error:
        if not error.maybe_applied:
            raise
        lost = error
    if change.idempotent:
        return part.apply(change, found)
    try:
        settled = part.settle(change, found, lost)
    except ApiError as error:
        raise TaskFailed(say.unsettled(part.label, change.action, lost, error), lost) from error
    if settled is None:
        raise TaskFailed(say.not_carried_out(part.label, change.action, lost), lost)
    return settled


def partly_done(failure: TaskFailed, part: Part, done: Sequence[str], fields: Mapping[str, Any]) -> TaskFailed:
    """A failure after some of an item's changes were sent: it says so, in its message, `changed` and `actions`, and
    keeps what their answers gave (a new key's raw key asked for, a backup's name)."""
    if done:
        failure.msg += say.already_done(part.label, done)
        failure.fields = dict(fields, **failure.fields)
        failure.fields.setdefault('changed', True)
        failure.fields.setdefault('actions', list(done))
    return failure


def diff_of(part: Part, before: Any, after: Any) -> Dict[str, Any]:
    """One diff, under a header that names the part and its item, every secret masked."""
    return dict(before=shown(part, before), after=shown(part, after), before_header=part.label, after_header=part.label)


def shown(part: Part, state: Any) -> Any:
    """What a diff shows of a state: a text as it is, anything else by the one masking policy."""
    view = part.view(state)
    return view if isinstance(view, str) else without_secrets(view, part.secret_keys)


def run(part: Part, check_mode: bool, diff: bool) -> Dict[str, Any]:
    """A single part's module: plan, then apply."""
    return apply(plan(part), check_mode, diff)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every sentence a user reads: how instances are named, why a step waits or fails, API failures and their hints.

The planner and the client describe what happened as data (a Step, an ApiError);
the words for it are chosen here, and only here.
"""

from __future__ import annotations

import traceback
from typing import Any, Dict, Mapping, Optional, Sequence

from . import _planner as p
from ._errors import ApiError
from ._profile import Profile
from ._words import quoted

PAST = {'present': 'made present', 'started': 'started', 'stopped': 'stopped', 'restarted': 'restarted', 'absent': 'deleted'}


class TaskFailed(Exception):
    """Ends the task with a message (and the API's error, when the API caused it); `fields` are more result fields
    (such as changed=True, when the task changed something before it failed)."""

    def __init__(self, msg: str, api_error: Optional[ApiError] = None, **fields: Any) -> None:
        super().__init__(msg)
        self.msg = msg
        self.api_error = api_error
        self.fields = fields

    def result(self) -> Dict[str, Any]:
        """The failure as module result fields: msg, its fields, and api_error when the API caused it."""
        result = dict(self.fields, msg=self.msg)
        if self.api_error is not None:
            result['api_error'] = self.api_error.to_dict()
        return result


def describe(profile: Profile, instance: Optional[Mapping[str, Any]], wanted_id: Any = None, wanted_name: Any = None) -> str:
    """How messages name an instance: "ClawHosters instance 101 ('bot')"."""
    if instance:
        return "%s instance %s (%s)" % (profile.title, instance.get('id'), quoted(instance.get('name')))
    if wanted_id is not None:
        return '%s instance %s' % (profile.title, wanted_id)
    return '%s instance named %s' % (profile.title, quoted(wanted_name))


# --- why a step waits or fails ------------------------------------------------------------------

WAITING_FOR = {  # reason code -> what a step with that reason waits for
    p.DELETION: 'the deletion to finish',
    p.BUSY: 'its status {status} to end',
    p.IN_PROGRESS: 'the action in progress to finish',
    p.ACCEPTED: 'the {action} to take effect',
    p.TAKING_EFFECT: 'the {action} to take effect',
    p.UNANSWERED: 'the {action}, which got no clear answer, to show whether it was carried out',
    p.FLAG: '{detail} to become true (another action is still in progress)',
    p.UNKNOWN_STATUS: 'its status {quoted_status}, which this collection does not know, to change',
}


def waiting_for(step: p.Step) -> str:
    """What a BLOCKED or SETTLING step (or the ACT step just taken) waits for: "its status provisioning to end"."""
    template = WAITING_FOR.get(step.reason, 'the {action} to take effect')  # ACT: the action just sent
    return template.format(quoted_status=quoted(step.status), **step._asdict())


def cannot_reach(label: str, status: Any, desired: str, step: p.Step) -> str:
    """Why a FAIL step fails, and what the user can do."""
    if step.reason == p.NOT_REPEATED:
        return not_repeated(label, step.action, p.UNANSWERED_READS)
    if step.reason == p.NOT_FOUND:
        cannot_create = (' Its API cannot create instances, so state=present only checks that one exists: create it in '
                         'the dashboard.' if step.detail else '')
        return '%s was not found (it does not exist, was deleted, or belongs to another account).%s' % (label, cannot_create)
    if step.reason == p.FIXED_FIELDS:
        differences = '; '.join('its %s is %s, not %s' % (field, quoted(observed), quoted(wanted))
                                for field, (observed, wanted) in sorted(step.detail.items()))
        why = ('%s, which cannot change after creation (nothing was changed; to change it, delete the instance and '
               'create it again)' % differences)
    else:
        why = step.detail  # the provider's advice
    return '%s is %s and cannot be %s: %s.' % (label, status, PAST[desired], why)


def left_as_is(label: str, step: p.Step) -> str:
    """The warning of a DONE step that leaves the instance as it is (LEFT_AS_IS)."""
    return '%s: %s.' % (label, step.detail)


def timed_out(wait_timeout: float, label: str, desired: str, status: Any, step: Optional[p.Step], last_accepted: Optional[str],
              gave_up: Optional[ApiError] = None) -> str:
    """The deadline passed: what the task was still waiting for, and the request it gave up (if it gave one up)."""
    given_up = ' It gave up on: %s.' % gave_up.message if gave_up else ''
    if step is None:  # the first read did not get an answer in time
        return 'Timed out after wait_timeout=%ss reading %s.%s' % (wait_timeout, label, given_up)
    undone = ''
    if step.reason == p.ACCEPTED and step.action == last_accepted:
        undone = (' The API accepted the %s, so something else may have changed the instance since (another playbook, '
                  'the dashboard): run the task again.' % step.action)
    return ('Timed out after wait_timeout=%ss: %s did not reach the state %s; its status is %s, still waiting for %s.%s%s'
            % (wait_timeout, label, desired, status, waiting_for(step), undone, given_up))


def not_repeated(label: str, action: str, reads: int) -> str:
    """An action that is never sent twice got no clear answer, and the reads after it show no sign of it."""
    return ('The %s of %s got no clear answer, and %d reads after it show no sign of it: it may not have been carried '
            'out, or may not show yet. It is not sent again (a second %s would make a second instance): look at the '
            'instances, then run the task again.' % (action, label, reads, action))


def too_late(wait_timeout: float, label: str, desired: str, status: Any, action: str) -> str:
    """The deadline passed before an action the plan calls for could be sent."""
    return ('Timed out after wait_timeout=%ss: %s did not reach the state %s; its status is %s, and the %s it needs was '
            'not sent: the deadline had passed.' % (wait_timeout, label, desired, status, action))


def not_waiting(label: str, status: Any, desired: str, step: p.Step) -> str:
    """wait is false, and nothing was done because the instance must change by itself first."""
    return ('%s is %s and cannot be %s yet: waiting for %s, but wait is false. Run again later, or set wait: true.'
            % (label, status, PAST[desired], waiting_for(step)))


def left_waiting(label: str, status: Any, desired: str, step: p.Step) -> str:
    """wait is false, an action was taken, and the rest needs waiting (a warning)."""
    return ('%s is %s: it is not %s yet, because that needs waiting for %s and wait is false.'
            % (label, status, PAST[desired], waiting_for(step)))


def check_mode_blocked(label: str, status: Any, step: p.Step) -> str:
    """Check mode stops where a real run would wait (a warning)."""
    return '%s is %s; check mode cannot tell what a real run would do after waiting for %s.' % (label, status, waiting_for(step))


def kept_changing(label: str, attempts: int) -> str:
    """The instance moved under the task at every action attempt."""
    return '%s kept changing under this task; gave up after %d action attempts.' % (label, attempts)


def refused(profile: Profile, action: str, label: str, error: ApiError, explanation: str) -> str:
    """The API refused an action the planner thought possible, and the instance shows no reason."""
    return ('%s refused to %s %s although it looked possible: HTTP %s %s: %s. %s'
            % (profile.title, action, label, error.status, error.code or '', error.message, explanation))


def names_not_unique(profile: Profile, name: str, ids: Sequence[Any]) -> str:
    """Several live instances carry the name the task gave."""
    return ('%d %s instances are named %s (ids %s). Names are not unique: use id to choose one. Nothing was changed.'
            % (len(ids), profile.title, quoted(name), ', '.join(str(instance_id) for instance_id in ids)))


def listed_twice(pairs: Sequence[str]) -> str:
    """A fleet task names one instance twice (by id and by name): it would act on it twice."""
    return '%s. Each instance may be listed once; nothing was changed.' % '; '.join(pairs)


def invalid_options(problems: Sequence[str], what: str = 'options') -> str:
    """Options found wrong before any request."""
    return 'Invalid %s: %s.' % (what, '; '.join(problems))


def fleet_changed(outcomes: Sequence[Mapping[str, Any]], total: int, check_mode: bool) -> str:
    """What a fleet task changed (in check mode: would change), each instance with its actions."""
    changed = ['%s (%s)' % (o['instance'], ', '.join(o['actions'])) for o in outcomes if o['changed']]
    verb = 'would change' if check_mode else 'changed'
    if not changed:
        return 'None of the %d instances %s.' % (total, verb)
    return '%d of %d instances %s: %s.' % (len(changed), total, verb, ', '.join(changed))


def fleet_failed(failures: Sequence[Mapping[str, Any]], total: int, untried: int) -> str:
    """Some instances of a fleet task could not be converged."""
    return 'Could not converge %d of %d instances: %s%s' % (
        len(failures), total, '; '.join('%s (%s)' % (f['instance'], f['msg']) for f in failures),
        '; stopped there (stop_on_failure), the other %d were not tried' % untried if untried else '')


def unexpected(error: BaseException) -> str:
    """A bug: an exception nothing expected. Its traceback goes with the failure (the result's exception)."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    return ('openclaw.hosting failed unexpectedly with %s: %s%s. This is a bug: please report it with the traceback '
            '(shown at -vvv; on ansible-core 2.19 and later, with ANSIBLE_DISPLAY_TRACEBACK=error).'
            % (type(error).__name__, error, ' (in %s, line %s)' % (where.name, where.lineno) if where else ''))


# --- API failures -------------------------------------------------------------------------------

def api_failure(error: ApiError, profile: Profile, doing: str) -> TaskFailed:
    """A TaskFailed whose message carries the API's status, code, message and a hint."""
    parts = ['HTTP %s' % error.status] if error.status else []
    if error.code:
        parts.append(error.code)
    parts.append(error.message)
    if error.details:
        parts.append('details: %s' % ', '.join('%s %s' % item for item in sorted(error.details.items())))
    hint = _hint(error, profile)
    return TaskFailed('%s API error while %s: %s%s' % (profile.title, doing, ': '.join(parts), ' ' + hint if hint else ''), error)


def _hint(error: ApiError, profile: Profile) -> str:
    """What the user can do about an API failure: the provider's own hint for its status, else the common one."""
    if error.status is None:
        return HINT_TIMEOUT if error.code == 'timeout' else HINT_NO_ANSWER
    return profile.wire.hints.get(error.status) or HINTS.get(error.status, '').format(api_key_env=profile.credentials.env['api_key'])


HINT_TIMEOUT = '(Raise api_timeout if the API is slow, or check the network.)'
HINT_NO_ANSWER = '(Check api_url and the network.)'
HINTS = {
    401: '(Check api_key or the {api_key_env} environment variable: the key may be wrong, revoked or expired.)',
    403: '(The key is valid but lacks the permission for this call.)',
    429: '(The rate limit was still exceeded after api_retries retries, or past the deadline; run fewer tasks at once, or raise api_retries or wait_timeout.)',
}

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile loop shared by the *_instance modules, and the module plumbing around it.

read -> plan() -> act or wait -> read again, bounded by one deadline (wait_timeout)
and a few action attempts. A refused or unanswered action is never repeated
blindly: the instance is read again and planned again.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

from ansible.module_utils.basic import env_fallback, missing_required_lib

from . import _client
from ._client import ApiError, Client, connection_problems, list_instances, read_instance
from ._planner import ACT, CONVERGE, CREATE, DELETE, DONE, FAIL, NOT_FOUND, UPDATE, WAIT, Step, plan, predict, updates
from ._profiles import Profile

POLL_INTERVALS = (2.0, 3.0, 5.0, 8.0)  # never more than one read per 2 s
POLL_INTERVAL_CAP = 10.0
MAX_ACTION_ATTEMPTS = 4
PAST = {'present': 'made present', 'started': 'started', 'stopped': 'stopped', 'restarted': 'restarted', 'absent': 'deleted'}


def provider_argument_spec(profile: Profile) -> Dict[str, Any]:
    """The connection options every module of a provider takes (doc fragment: <provider>)."""
    env = profile.env
    return dict(
        api_key=dict(type='str', required=True, no_log=True, fallback=(env_fallback, [env['api_key']])),
        api_url=dict(type='str', default=profile.default_url, fallback=(env_fallback, [env['api_url']])),
        api_timeout=dict(type='int', default=30, fallback=(env_fallback, [env['api_timeout']])),
        api_retries=dict(type='int', default=5),
        validate_certs=dict(type='bool', default=True),
    )


def wait_argument_spec() -> Dict[str, Any]:
    """The waiting options (doc fragment: wait)."""
    return dict(wait=dict(type='bool', default=True), wait_timeout=dict(type='int', default=600))


def make_client(module: Any, profile: Profile, problems: Sequence[str] = ()) -> Client:
    """A client from the module's options, or fail_json (naming `problems` too) before any request is sent."""
    if _client.requests is None:
        module.fail_json(msg=missing_required_lib('requests'))
    params = module.params
    problems = connection_problems(profile, params['api_key'], params['api_url'], params['api_timeout']) + list(problems)
    if params.get('name') is not None:
        problems.extend(name_problems(profile, params['name']))
    if params['api_retries'] < 0:
        problems.append('api_retries must not be negative')
    if params.get('wait_timeout') is not None and params['wait_timeout'] < 0:
        problems.append('wait_timeout must not be negative')
    if problems:
        module.fail_json(msg='Invalid options: %s.' % '; '.join(problems))
    return Client(profile, params['api_key'], params['api_url'], timeout=params['api_timeout'],
                  retries=params['api_retries'], validate_certs=params['validate_certs'])


def name_problems(profile: Profile, name: str, where: str = 'name') -> List[str]:
    """What is wrong with an instance name, found before any request."""
    if not name.strip():
        return ['%s is empty' % where]
    if profile.max_name_length and len(name) > profile.max_name_length:
        return ['%s has %d characters; %s allows at most %d' % (where, len(name), profile.title, profile.max_name_length)]
    return []


class TaskFailed(Exception):
    """Ends the task with a message (and the API's error, when the API caused it)."""

    def __init__(self, msg: str, api_error: Optional[ApiError] = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.api_error = api_error


def describe(profile: Profile, instance: Optional[Mapping[str, Any]], wanted_id: Any = None, wanted_name: Any = None) -> str:
    """How messages name an instance: "ClawHosters instance 101 ('bot')"."""
    if instance:
        return "%s instance %s (%r)" % (profile.title, instance.get('id'), instance.get('name'))
    if wanted_id is not None:
        return '%s instance %s' % (profile.title, wanted_id)
    return '%s instance named %r' % (profile.title, wanted_name)


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
    if error.status is not None and error.status in profile.hints:
        return profile.hints[error.status]
    if error.status == 401:
        return '(Check api_key or the %s environment variable: the key may be wrong, revoked or expired.)' % profile.env['api_key']
    if error.status == 403:
        return '(The key is valid but lacks the permission for this call.)'
    if error.status == 429:
        return '(The rate limit was still exceeded after api_retries retries; run fewer tasks at once or raise api_retries.)'
    if error.code == 'timeout':
        return '(Raise api_timeout if the API is slow, or check the network.)'
    if error.status is None:
        return '(Check api_url and the network.)'
    return ''


def poll_intervals(first: Optional[float] = None) -> Any:
    """The pauses between reads while waiting: `first` (when an action usually takes that long), then from 2 s
    backing off to a steady pace that leaves room under the rate limit."""
    if first:
        yield max(first, POLL_INTERVALS[0])
    yield from POLL_INTERVALS
    while True:
        yield POLL_INTERVAL_CAP


class Reconciler:
    """Drives one instance to a desired state: the loop of the design.

    `wanted` holds the instance fields the task asks for (see plan()); `name`
    finds the instance when no id is given, and is the name a missing one is
    created with (None: it may not be created).
    """

    def __init__(self, client: Client, profile: Profile, desired: str, wait: bool, wait_timeout: int,
                 check_mode: bool, wanted: Optional[Mapping[str, Any]] = None, name: Optional[str] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.profile = profile
        self.desired = desired
        self.wait = wait
        self.check_mode = check_mode
        self.wanted = dict(wanted or {})
        self.name = name
        self.clock = clock
        self.deadline = clock() + wait_timeout
        self.wait_timeout = wait_timeout
        self.actions: List[str] = []
        self.warnings: List[str] = []
        self.first: Optional[Mapping[str, Any]] = None
        self.instance: Optional[Mapping[str, Any]] = None
        self.instance_id: Any = None
        self.label = ''

    def plan(self) -> Step:
        """The next step from the last read."""
        return plan(self.desired, self.instance, self.profile, self.actions, self.wanted, can_create=self.name is not None)

    def converge(self, instance_id: Any = None, listed: Optional[Sequence[Mapping[str, Any]]] = None) -> Optional[Mapping[str, Any]]:
        """Find the instance (by id, else by name) and converge it; returns it as last read.

        The first read is one request, or none when `listed` holds a list of the instances already read.
        """
        if instance_id is not None:
            self.instance_id = self.profile.parse_id(instance_id)
            self.label = describe(self.profile, None, wanted_id=self.instance_id)
        else:
            self.label = describe(self.profile, None, wanted_name=self.name)
        self.first = self._read(listed)
        return self.run(self.first, self.label)

    def run(self, instance: Optional[Mapping[str, Any]], label: str) -> Optional[Mapping[str, Any]]:
        """Converge from this first read; returns the instance as last read (None when gone)."""
        self.instance, self.label = instance, label
        self.instance_id = instance.get('id') if instance else None
        polls = poll_intervals()
        attempts = 0
        while True:
            step = self.plan()
            if self.instance is not None:
                self.label = describe(self.profile, self.instance)
            if step.kind == DONE:
                if step.reason:
                    self.warnings.append('%s: %s.' % (self.label, step.reason))
                return self.instance
            if step.kind == FAIL:
                raise TaskFailed(self._stuck_message(step))
            if step.kind == ACT:
                attempts += 1
                if attempts > MAX_ACTION_ATTEMPTS:
                    raise TaskFailed('%s kept changing under this task; gave up after %d action attempts.'
                                     % (self.label, MAX_ACTION_ATTEMPTS))
                if self.check_mode:
                    self.actions.append(step.action)  # pretend it was done, as a run with wait would leave it
                    self.instance = predict(self.instance, step.action, self.profile, self._body(step.action))
                    continue
                if not self._act(step):
                    continue  # refused or unanswered: the instance was read again, plan again at once
                if self.profile.answer_is_settled or not self.wait:
                    continue  # the answer may already allow the next step
                polls = poll_intervals(self.profile.action_seconds.get(step.action))  # the first read when it is usually done
            elif self.check_mode:
                if step.kind == WAIT:
                    self.warnings.append('%s is %s; check mode cannot tell what a real run would do after waiting '
                                         'for %s.' % (self.label, self._status(), step.reason))
                return self.instance
            elif not self.wait:
                if step.kind == WAIT and self.actions:
                    self.warnings.append('%s is %s: it is not %s yet, because that needs waiting for %s and wait is false.'
                                         % (self.label, self._status(), PAST[self.desired], step.reason))
                if step.kind == CONVERGE or self.actions:
                    return self.instance
                raise TaskFailed('%s is %s and cannot be %s yet: waiting for %s, but wait is false. '
                                 'Run again later, or set wait: true.'
                                 % (self.label, self._status(), PAST[self.desired], step.reason))
            self._sleep_until_next_poll(polls, step)
            self.instance = self._read()

    def _read(self, listed: Optional[Sequence[Mapping[str, Any]]] = None) -> Optional[Mapping[str, Any]]:
        """Read the instance: by id, or by name while its id is not known (found by name, or a create was not answered).

        From `listed` when given, else with one request.
        """
        if self.instance_id is None and self.name is not None:
            found = pick_by_name(list_instances(self.client) if listed is None else listed, self.profile, self.name)
            self.instance_id = found.get('id') if found else None
            return found
        if listed is not None:
            return next((inst for inst in listed if str(inst.get('id')) == str(self.instance_id)), None)
        return read_instance(self.client, self.instance_id)

    def _body(self, action: str) -> Dict[str, Any]:
        """What an action sends: the creation options, or the fields to update."""
        if action == CREATE:
            return dict(self.wanted, name=self.name)
        if action == UPDATE:
            return updates(self.instance or {}, self.wanted, self.profile)
        return {}

    def _act(self, step: Step) -> bool:
        """Send the action; True when the API accepted it. Refusals and silences lead to a re-read."""
        path = '/instances/%s' % self.instance_id
        method, path = {CREATE: ('POST', '/instances'), UPDATE: ('PATCH', path),
                        DELETE: ('DELETE', path)}.get(step.action, ('POST', '%s/%s' % (path, step.action)))
        try:
            answer = self.client.request(method, path, self._body(step.action) or None)
        except ApiError as error:
            if error.status == 404:
                self.instance = None
                return False
            if error.status not in self.profile.conflict_statuses and not error.maybe_applied:
                raise api_failure(error, self.profile, 'asking to %s %s' % (step.action, self.label)) from error
            before = self.instance
            self.instance = self._read()
            if self.plan() != step:
                if error.maybe_applied:
                    self.actions.append(step.action)  # the instance shows the action took place
                return False
            if error.maybe_applied:
                return False  # nothing happened: planning again will send it once more
            explanation = self.profile.explain_refusal(step.action, before or {})
            raise TaskFailed('%s refused to %s %s although it looked possible: HTTP %s %s: %s. %s'
                             % (self.profile.title, step.action, self.label, error.status, error.code or '',
                                error.message, explanation), error) from error
        self.actions.append(step.action)
        if not isinstance(answer, dict):
            self.instance = None if step.action == DELETE else self.instance  # 204: deleted for good
        elif step.action in (CREATE, DELETE):
            self.instance = answer
        else:
            self.instance = dict(self.instance or {}, **answer)  # the answer may be partial
        if step.action == CREATE:
            self.instance_id = answer.get('id') if isinstance(answer, dict) else None
        return True

    def _sleep_until_next_poll(self, polls: Any, step: Step) -> None:
        remaining = self.deadline - self.clock()
        if remaining <= 0:
            status = self._status() if self.instance else 'gone'
            accepted = self.actions[-1] if self.actions else None
            undone = (' The API accepted the %s, so something else may have changed the instance since (another playbook, '
                      'the dashboard): run the task again.' % accepted) if step.reason == 'the %s to take effect' % accepted else ''
            raise TaskFailed('Timed out after wait_timeout=%ss: %s did not reach the state %s; its status is %s, '
                             'still waiting for %s.%s' % (self.wait_timeout, self.label, self.desired, status, step.reason, undone))
        time.sleep(min(next(polls), remaining))

    def _status(self) -> Any:
        """The status of the instance as last read (None when there is none)."""
        return (self.instance or {}).get('status')

    def _stuck_message(self, step: Step) -> str:
        if step.reason == NOT_FOUND:
            return '%s was not found (it does not exist, was deleted, or belongs to another account).' % self.label
        return '%s is %s and cannot be %s: %s.' % (self.label, self._status(), PAST[self.desired], step.reason)


def diff_view(instance: Optional[Mapping[str, Any]], profile: Profile) -> Dict[str, Any]:
    """The part of an instance diff mode shows: what identifies it, its status, what a task can update."""
    if instance is None:
        return {'status': 'absent'}
    return {key: instance.get(key) for key in ('id', 'name', 'status', *profile.updatable_fields)}


def pick_by_name(listed: Sequence[Mapping[str, Any]], profile: Profile, name: str) -> Optional[Mapping[str, Any]]:
    """The one listed instance with this name (a live one before one being deleted); fails when several live ones match."""
    matches = [inst for inst in listed if inst.get('name') == name]
    live = [inst for inst in matches if inst.get('status') != profile.deleting_status]
    if len(live) > 1:
        raise TaskFailed('%d %s instances are named %r (ids %s). Names are not unique: use id to choose one. '
                         'Nothing was changed.' % (len(live), profile.title, name, ', '.join(str(inst.get('id')) for inst in live)))
    chosen = live or matches
    return chosen[0] if chosen else None


def run_instance_module(module: Any, profile: Profile) -> None:
    """Everything a *_instance module does after building its AnsibleModule."""
    params = module.params
    client = make_client(module, profile)
    # the fields the task asks for; the name is one of them only when the id is what finds the instance
    wanted = {field: params[field] for field in profile.create_fields
              if params.get(field) is not None and (field != 'name' or params['id'] is not None)}
    reconciler = Reconciler(client, profile, params['state'], params['wait'], params['wait_timeout'], module.check_mode,
                            wanted=wanted, name=params['name'] if params['id'] is None else None)
    try:
        last = reconciler.converge(params['id'])
    except ValueError as error:
        module.fail_json(msg=str(error))
    except TaskFailed as failure:
        _fail(module, failure, reconciler)
    except ApiError as error:
        _fail(module, api_failure(error, profile, 'working on %s' % (reconciler.label or 'the instance')), reconciler)
    for warning in reconciler.warnings:
        module.warn(warning)
    result = dict(changed=bool(reconciler.actions), actions=reconciler.actions, instance=last)
    if module._diff:
        result['diff'] = dict(before=diff_view(reconciler.first, profile), after=diff_view(last, profile))
    module.exit_json(**result)


def fleet_argument_spec(id_type: str, states: Sequence[str], default_state: str) -> Dict[str, Any]:
    """The options of a *_fleet module (its provider's id type and states), without the connection options."""
    instance = dict(id=dict(type=id_type), name=dict(type='str'), state=dict(type='str', choices=list(states), default=default_state))
    return dict(
        instances=dict(type='list', elements='dict', required=True, options=instance,
                       mutually_exclusive=[('id', 'name')], required_one_of=[('id', 'name')]),
        concurrency=dict(type='int', default=10),
        stop_on_failure=dict(type='bool', default=False),
        **wait_argument_spec(),
    )


def fleet_problems(profile: Profile, instances: Sequence[Mapping[str, Any]], concurrency: int) -> List[str]:
    """What is wrong with a fleet module's instances and concurrency, found before any request."""
    problems = [] if concurrency >= 1 else ['concurrency must be at least 1']
    seen = set()
    for index, item in enumerate(instances):
        where = 'instances[%d]' % index
        if item.get('id') is not None:
            try:
                key = ('id', profile.parse_id(item['id']))
            except ValueError as error:
                problems.append('%s: %s' % (where, error))
                continue
        else:
            problems.extend(name_problems(profile, item['name'], '%s.name' % where))
            key = ('name', item['name'])
        if key in seen:
            problems.append('%s: the instance with %s %r is listed twice' % (where, key[0], key[1]))
        seen.add(key)
    return problems


def converge_fleet(client: Client, profile: Profile, instances: Sequence[Mapping[str, Any]], wait: bool, wait_timeout: int,
                   check_mode: bool, concurrency: int, stop_on_failure: bool) -> List[Dict[str, Any]]:
    """Converge many instances in one task; one outcome per instance tried, in the order given.

    One list request is the first read of every instance (instead of one read each); then
    each instance's own reconcile loop runs, `concurrency` at a time, all sharing the client
    and so its count of the rate-limit window, and one wait_timeout deadline. With
    `stop_on_failure` they run one at a time, and none is tried after the first failure.
    """
    if not instances:
        return []
    listed = list_instances(client)
    reconcilers = [Reconciler(client, profile, item['state'], wait, wait_timeout, check_mode,
                              name=item['name'] if item.get('id') is None else None) for item in instances]
    failed = threading.Event()

    def converge_one(index: int) -> Optional[Dict[str, Any]]:
        if stop_on_failure and failed.is_set():
            return None
        item, reconciler = instances[index], reconcilers[index]
        outcome: Dict[str, Any] = dict(instance=str(item['name'] if item.get('id') is None else item['id']),
                                       state=item['state'], failed=False, msg='')
        try:
            last = reconciler.converge(item.get('id'), listed)
        except (TaskFailed, ApiError) as error:
            failed.set()
            failure = error if isinstance(error, TaskFailed) else api_failure(error, profile, 'working on %s' % reconciler.label)
            last = reconciler.instance
            outcome.update(failed=True, msg=failure.msg)
            if failure.api_error is not None:
                outcome['api_error'] = failure.api_error.to_dict()
        outcome.update(changed=bool(reconciler.actions), actions=reconciler.actions, warnings=reconciler.warnings,
                       id=(last or {}).get('id', reconciler.instance_id), status=(last or {}).get('status'))
        return outcome

    with ThreadPoolExecutor(max_workers=1 if stop_on_failure else concurrency) as pool:
        return [outcome for outcome in pool.map(converge_one, range(len(instances))) if outcome is not None]


def run_fleet_module(module: Any, profile: Profile) -> None:
    """Everything a *_fleet module does after building its AnsibleModule."""
    params = module.params
    client = make_client(module, profile, fleet_problems(profile, params['instances'], params['concurrency']))
    try:
        outcomes = converge_fleet(client, profile, params['instances'], params['wait'], params['wait_timeout'],
                                  module.check_mode, params['concurrency'], params['stop_on_failure'])
    except ApiError as error:
        fail_on_api_error(module, error, profile, 'listing the instances')
    for outcome in outcomes:
        for warning in outcome.pop('warnings'):
            module.warn(warning)
    result = dict(changed=any(outcome['changed'] for outcome in outcomes), results=outcomes)
    failures = [outcome for outcome in outcomes if outcome['failed']]
    if failures:
        untried = len(params['instances']) - len(outcomes)
        module.fail_json(msg='Could not converge %d of %d instances: %s%s' % (
            len(failures), len(params['instances']), '; '.join('%s (%s)' % (f['instance'], f['msg']) for f in failures),
            '; stopped there (stop_on_failure), the other %d were not tried' % untried if untried else ''), **result)
    module.exit_json(**result)


def _fail(module: Any, failure: TaskFailed, reconciler: Reconciler) -> None:
    result = dict(msg=failure.msg, changed=bool(reconciler.actions), actions=reconciler.actions, instance=reconciler.instance)
    if failure.api_error is not None:
        result['api_error'] = failure.api_error.to_dict()
    module.fail_json(**result)


def run_info_module(module: Any, profile: Profile) -> None:
    """Everything a *_instance_info module does: every instance, or the ones matching id/name."""
    params = module.params
    client = make_client(module, profile)
    try:
        if params['id'] is not None:
            found = read_instance(client, profile.parse_id(params['id']))
            instances = [found] if found else []
        else:
            listed = list_instances(client)
            if params['name'] is None:
                instances = list(listed)
            else:
                instances = [inst for inst in listed if inst.get('name') == params['name']]
                if not profile.list_has_details:
                    instances = [inst for inst in (read_instance(client, inst['id']) for inst in instances) if inst is not None]
    except ValueError as error:
        module.fail_json(msg=str(error))
    except ApiError as error:
        fail_on_api_error(module, error, profile, 'reading instances')
    module.exit_json(changed=False, instances=instances)


def fail_on_api_error(module: Any, error: ApiError, profile: Profile, doing: str) -> None:
    """End a read-only task that an API error stopped: the message with its hint, and api_error."""
    module.fail_json(msg=api_failure(error, profile, doing).msg, api_error=error.to_dict())

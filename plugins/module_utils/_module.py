# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every module does around the core: argument specs, the checks before any request, results, diff, failures.

A module builds its AnsibleModule from these specs and calls one run_*_module().
Every failure ends in fail_json with a message: an API failure with api_error,
an unexpected exception (a bug) with its traceback as `exception` (shown at -vvv).
"""

from __future__ import annotations

import traceback
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

import os

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from . import _messages as say
from ._client import Client
from ._connection import DEFAULT_API_TIMEOUT, InvalidOptions, at_most, connect, given, retries_problem
from ._deadline import DEFAULT_WAIT_TIMEOUT, MAX_WAIT_TIMEOUT, Deadline
from ._errors import ApiError
from ._fleet import converge_fleet, fleet_problems
from ._fresh_list import FRESHNESS_ENV, MAX_FRESHNESS, FreshList
from ._instance_filter import FIELD_FILTERS, instance_filter
from ._messages import TaskFailed, api_failure
from ._outcome import outcome_fields
from ._profile import Profile
from ._reconcile import Reconciler
from ._secrets import secret_values, shown


SETTINGS = ('openclaw_config', 'config', 'skills', 'channels')  # options whose secret values are not no_log as a whole


def provider_argument_spec(profile: Profile) -> Dict[str, Any]:
    """The connection options every module of a provider takes (doc fragment: <provider>)."""
    env = profile.credentials.env
    return dict(
        api_key=dict(type='str', required=True, no_log=True, fallback=(env_fallback, [env['api_key']])),
        api_url=dict(type='str', default=profile.wire.default_url, fallback=(env_fallback, [env['api_url']])),
        api_timeout=dict(type='int', default=DEFAULT_API_TIMEOUT, fallback=(env_fallback, [env['api_timeout']])),
        api_retries=dict(type='int', default=5),
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, [env['validate_certs']])),
    )


def env_fallback(*names: str) -> str:
    """The first of these environment variables that is set to something, for an option's fallback; like Ansible's
    env_fallback, but a variable that is empty or only white space counts as not set."""
    for name in names:
        if given(os.environ.get(name)) is not None:
            return os.environ[name]
    raise AnsibleFallbackNotFound


def filter_argument_spec(profile: Profile) -> Dict[str, Any]:
    """The filter options of an *_instance_info module (doc fragments: instance_filter, and its TIERS where instances
    have tiers): one list option per filtered field, and name_pattern."""
    lists = {FIELD_FILTERS[field]: dict(type='list', elements='str') for field in profile.schema.filter_fields}
    return dict(lists, name_pattern=dict(type='str'))


def wait_argument_spec() -> Dict[str, Any]:
    """The waiting options (doc fragment: wait)."""
    return dict(wait=dict(type='bool', default=True), wait_timeout=dict(type='int', default=DEFAULT_WAIT_TIMEOUT))


def fresh_list_argument_spec() -> Dict[str, Any]:
    """The list_freshness option of an *_instance module whose list answers hold no secrets, so may be shared."""
    return dict(list_freshness=dict(type='float', default=2.0, fallback=(env_fallback, [FRESHNESS_ENV])))


def identity_argument_spec(profile: Profile) -> Dict[str, Any]:
    """id and name, by which a task names its instance (the id of the provider's type)."""
    return dict(id=dict(type=profile.schema.id_type), name=dict(type='str'))


def state_argument_spec(profile: Profile) -> Dict[str, Any]:
    """state: the states of the provider's lifecycle, and its default."""
    return dict(state=dict(type='str', choices=list(profile.lifecycle.states), default=profile.lifecycle.default_state))


def fleet_argument_spec(profile: Profile) -> Dict[str, Any]:
    """The options of a *_fleet module, without the connection options."""
    return dict(
        instances=dict(type='list', elements='dict', required=True,
                       options=dict(**identity_argument_spec(profile), **state_argument_spec(profile)),
                       mutually_exclusive=[('id', 'name')], required_one_of=[('id', 'name')]),
        concurrency=dict(type='int', default=50),
        stop_on_failure=dict(type='bool', default=False),
        **wait_argument_spec(),
    )


def module_problems(profile: Profile, params: Mapping[str, Any]) -> List[str]:
    """What is wrong with a module's options besides the connection: the id or name, the retries and the deadline."""
    problems: List[Optional[str]] = []
    if params.get('id') is not None:
        problems.append(profile.id_problem(params['id']))
    if params.get('name') is not None:
        problems.append(profile.name_problem(params['name']))
    problems.append(retries_problem(params['api_retries']))
    if params.get('wait_timeout') is not None and params['wait_timeout'] < 0:
        problems.append('wait_timeout must not be negative')
    if params.get('list_freshness') is not None and not 0 <= params['list_freshness'] < float('inf'):
        problems.append('list_freshness must be a number of seconds, 0 or more')
    problems += [at_most('wait_timeout', params.get('wait_timeout'), MAX_WAIT_TIMEOUT),
                 at_most('list_freshness', params.get('list_freshness'), MAX_FRESHNESS)]
    return [problem for problem in problems if problem]


def make_client(module: Any, profile: Profile, problems: Sequence[str] = (), deadline: Optional[Deadline] = None) -> Client:
    """A client from the module's options (within the task's deadline, if it has one), or fail_json (naming `problems`
    too) before any request is sent."""
    params = module.params
    if isinstance(params['api_key'], str) and not params['api_key'].strip():
        module.no_log_values.discard(params['api_key'])  # a blank key is no key: masking it would mask every space
    # the settings that hold secrets among plain values: Ansible hides those the masking policy finds, wherever shown
    module.no_log_values.update(secret_values({option: params.get(option) for option in SETTINGS if params.get(option)}))
    try:
        return connect(profile, params['api_key'], params['api_url'], params['api_timeout'],
                       problems=module_problems(profile, params) + list(problems), retries=params['api_retries'],
                       validate_certs=params['validate_certs'], deadline=deadline)
    except InvalidOptions as error:
        module.fail_json(msg=missing_required_lib(error.missing_library) if error.missing_library else say.invalid_options(error.problems))
        raise  # fail_json does not return


def run_task(module: Any, client: Client, doing: str, task: Callable[[], Dict[str, Any]]) -> None:
    """Run a module's task and end the module: exit_json with its result, or fail_json whatever went wrong.

    `task` returns the result (with its `warnings`, and `failed` with a `msg` when it failed) or raises
    TaskFailed; an ApiError it lets through failed while `doing` (such as "reading instances"). At -v, a
    rate-limit state file that could not be shared is a warning.
    """
    try:
        result = task()
    except TaskFailed as failure:
        result = dict(failed=True, **failure.result())
    except ApiError as error:
        result = dict(failed=True, **api_failure(error, client.profile, doing).result())
    except Exception as error:  # pylint: disable=broad-exception-caught  # every bug still ends as a clean failure
        result = dict(failed=True, msg=say.unexpected(error), exception=traceback.format_exc())
    if client.window.problem and module._verbosity >= 1:
        module.warn(client.window.problem)
    for warning in result.pop('warnings', ()):
        module.warn(warning)
    if result.get('failed'):
        module.fail_json(**result)
    module.exit_json(**result)


def run_instance_module(module: Any, profile: Profile) -> None:
    """Everything a *_instance module does after building its AnsibleModule."""
    params = module.params
    deadline = Deadline(params['wait_timeout'])
    client = make_client(module, profile, deadline=deadline)
    # the fields the task asks for; the name is one of them only when the id is what finds the instance
    wanted = {field: params[field] for field in profile.schema.create_fields
              if params.get(field) is not None and (field != 'name' or params['id'] is not None)}
    reconciler = Reconciler(client, profile, params['state'], params['wait'], deadline, module.check_mode,
                            wanted=wanted, name=params['name'] if params['id'] is None else None)

    shared = fresh_list(client, params.get('list_freshness'), deadline) if params['id'] is None else None

    def task() -> Dict[str, Any]:
        listed, complete = shared.names(client.list_instances) if shared else (None, True)
        outcome = reconciler.converge(params['id'], listed, complete)
        return dict(outcome_fields(outcome, profile, module._diff), instance=shown(outcome.last, profile.schema.secret_fields))

    run_task(module, client, 'working on the instance', task)


def fresh_list(client: Client, seconds: Optional[float], deadline: Deadline) -> Optional[FreshList]:
    """The list that by-name tasks starting within `seconds` of each other share to find their instances in; None
    when each reads its own (no list_freshness option, 0, or no shared folder)."""
    if not seconds or client.state_file is None:
        return None
    return FreshList(client.state_file, seconds, deadline)


def run_fleet_module(module: Any, profile: Profile) -> None:
    """Everything a *_fleet module does after building its AnsibleModule."""
    params = module.params
    deadline = Deadline(params['wait_timeout'])
    client = make_client(module, profile, fleet_problems(profile, params['instances'], params['concurrency']), deadline)

    def task() -> Dict[str, Any]:
        outcomes = converge_fleet(client, profile, params['instances'], params['wait'], deadline,
                                  module.check_mode, params['concurrency'], params['stop_on_failure'], module._diff)
        total = len(params['instances'])
        result: Dict[str, Any] = dict(changed=any(outcome['changed'] for outcome in outcomes), results=outcomes,
                                      warnings=[warning for outcome in outcomes for warning in outcome.pop('warnings')],
                                      msg=say.fleet_changed(outcomes, total, module.check_mode))
        if module._diff:  # one diff per instance that changed, named as given
            result['diff'] = [dict(outcome.pop('diff'), before_header=outcome['instance'], after_header=outcome['instance'])
                              for outcome in outcomes if 'diff' in outcome]
        failures = [outcome for outcome in outcomes if outcome['failed']]
        if failures:
            result.update(failed=True, msg='%s. %s' % (say.fleet_failed(failures, total, total - len(outcomes)), result['msg']))
        return result

    run_task(module, client, 'listing the instances', task)


def run_info_module(module: Any, profile: Profile) -> None:
    """Everything a *_instance_info module does: every instance, or the ones matching id/name, that pass the filters."""
    params = module.params
    wanted, problems = instance_filter(profile, params)
    client = make_client(module, profile, problems)

    def task() -> Dict[str, Any]:
        if params['id'] is not None:
            found = client.read_instance(profile.schema.parse_id(params['id']))
            instances = [found] if found else []
        else:
            listed = client.list_instances()
            instances = [inst for inst in listed if (params['name'] is None or inst.get('name') == params['name'])
                         and wanted.keeps(inst)]  # filtered first, so that no detail is read for nothing
            if params['name'] is not None and not profile.schema.list_has_details:
                instances = [inst for inst in (client.read_instance(inst['id']) for inst in instances) if inst is not None]
        # the details decide when they were read
        return dict(changed=False, instances=[shown(inst, profile.schema.secret_fields) for inst in instances if wanted.keeps(inst)])

    run_task(module, client, 'reading instances', task)


def run_billing_module(module: Any, profile: Profile) -> None:
    """Everything a *_billing_info module does: the billing summary, and the usage when asked for."""
    client = make_client(module, profile)

    def task() -> Dict[str, Any]:
        billing = client.read_billing('summary')
        if module.params['include_usage']:
            billing['usage'] = client.read_billing('usage')
        return dict(changed=False, billing=billing)

    run_task(module, client, 'reading the billing summary', task)

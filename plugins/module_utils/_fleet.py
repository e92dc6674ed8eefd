# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many instances in one task: the checks of the list, one list request to find names, a reconcile loop per instance in
threads, one deadline."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _messages as say
from ._client import Client
from ._connection import at_most
from ._deadline import Deadline
from ._find import pick_by_name
from ._messages import TaskFailed
from ._outcome import outcome_fields
from ._profile import Profile
from ._words import quoted
from ._reconcile import Reconciler

MAX_CONCURRENCY = 200


def converge_fleet(client: Client, profile: Profile, instances: Sequence[Mapping[str, Any]], wait: bool, deadline: Deadline,
                   check_mode: bool, concurrency: int, stop_on_failure: bool, diff: bool = False) -> List[Dict[str, Any]]:
    """Converge many instances in one task; one outcome per instance tried, in the order given (with `diff`, each one
    that changed and did not fail has its diff).

    One list request finds the instances named by name (none when every one is named by id); then each instance's
    own reconcile loop runs, `concurrency` at a time, all sharing the client and so its rate-limit window, and one
    deadline. Each loop decides from its own reads of its instance's details, never from the list. With
    `stop_on_failure` they run one at a time, and none is tried after the first failure.
    """
    if not instances:
        return []
    listed = client.list_instances() if any(item.get('id') is None for item in instances) else ()
    twice = listed_twice(profile, instances, listed)
    if twice:
        raise TaskFailed(say.listed_twice(twice))
    failed = threading.Event()

    def converge_one(index: int) -> Optional[Dict[str, Any]]:
        if stop_on_failure and failed.is_set():
            return None
        item = instances[index]
        reconciler = Reconciler(client, profile, item['state'], wait, deadline, check_mode,
                                name=item['name'] if item.get('id') is None else None)
        outcome = reconciler.converge(item.get('id'), listed)
        if outcome.failure is not None:
            failed.set()
        entry = dict(instance=str(item['name'] if item.get('id') is None else item['id']), state=item['state'], failed=False, msg='')
        entry.update(outcome_fields(outcome, profile, diff and bool(outcome.actions)),
                     id=outcome.instance_id, status=(outcome.last or {}).get('status'))
        return entry

    with ThreadPoolExecutor(max_workers=1 if stop_on_failure else concurrency) as pool:
        return [outcome for outcome in pool.map(converge_one, range(len(instances))) if outcome is not None]


def fleet_problems(profile: Profile, instances: Sequence[Mapping[str, Any]], concurrency: int) -> List[str]:
    """What is wrong with a fleet module's instances and concurrency: bad ids and names, an instance listed twice."""
    problems = [] if concurrency >= 1 else ['concurrency must be at least 1']
    problems += filter(None, [at_most('concurrency', concurrency, MAX_CONCURRENCY, 'threads')])
    seen = set()
    for index, item in enumerate(instances):
        where = 'instances[%d]' % index
        if item.get('id') is not None:
            problem = profile.id_problem(item['id'], where)
            key = ('id', None if problem else profile.schema.parse_id(item['id']))
        else:
            problem = profile.name_problem(item['name'], '%s.name' % where)
            key = ('name', item['name'])
        if problem:
            problems.append(problem)
            continue
        if key in seen:
            problems.append('%s: the instance with %s %s is listed twice' % (where, key[0], quoted(key[1])))
        seen.add(key)
    return problems


def listed_twice(profile: Profile, instances: Sequence[Mapping[str, Any]], listed: Sequence[Mapping[str, Any]]) -> List[str]:
    """The entries that name an instance an earlier entry names too (one by id, one by name), found from the list read."""
    first: Dict[str, int] = {}
    twice = []
    for index, item in enumerate(instances):
        if item.get('id') is not None:
            instance_id: Any = profile.schema.parse_id(item['id'])
        else:
            try:
                found = pick_by_name(listed, profile, item['name'])
            except TaskFailed:
                continue  # several instances share the name: that entry fails on its own
            instance_id = found.get('id') if found else None
        if instance_id is None:
            continue
        if str(instance_id) in first:
            twice.append('instances[%d] and instances[%d] are the same %s instance %s'
                         % (first[str(instance_id)], index, profile.title, instance_id))
        first.setdefault(str(instance_id), index)
    return twice

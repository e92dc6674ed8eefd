# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a provider profile is: four typed parts, each read by the code that needs it.

The wire format is the client's, the lifecycle the planner's and the loop's, the schema the modules' and the
inventory's, the credentials the connection checks'. The profiles themselves are in `_profiles.py`.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, NamedTuple, Optional, Tuple, Union

# (code, message, field -> problem) as an error body reads; None where the body does not say
ErrorParts = Tuple[Optional[str], Optional[str], Optional[Dict[str, Any]]]


class WireFormat(NamedTuple):
    """How the API speaks: where it is, how answers are wrapped, how errors read."""

    default_url: str
    # the key an answer's payload is wrapped in (None: answers are the payload)
    envelope: Optional[str]
    parse_error: Callable[[Any], ErrorParts]
    # the HTTP statuses by which the API refuses an action the instance's status does not allow
    conflict_statuses: Tuple[int, ...]
    # HTTP status -> what the user should do, where this API gives the status a meaning of its own
    hints: Mapping[int, str]


class Credentials(NamedTuple):
    """How a key is given and recognized."""

    # option -> the environment variable it falls back to (api_key, api_url, api_timeout)
    env: Mapping[str, str]
    # how this API's keys begin; a key with another provider's prefix is refused before any request
    key_prefixes: Tuple[str, ...]


class Action(NamedTuple):
    """An action: the statuses it leaves, the one it leads to, the flag that allows it.

    "create" leaves no status (the instance does not exist yet); "update" and
    "delete" are not actions of this table: the planner handles them by name.
    """

    name: str
    from_status: Tuple[str, ...]
    to_status: str
    flag: Optional[str]


class Lifecycle(NamedTuple):
    """The states a task can ask for, and how an instance moves between its statuses."""

    # the values of a module's `state`, and its default
    states: Tuple[str, ...]
    default_state: str
    actions: Tuple[Action, ...]
    busy_statuses: Tuple[str, ...]
    deleting_status: Optional[str]
    gone_statuses: Tuple[str, ...]
    # (status, desired state) -> advice; desired "*" matches every state but absent
    stuck: Mapping[Tuple[str, str], str]
    # (status, desired state) -> warning: the instance is left as it is, unchanged
    settled_with_warning: Mapping[Tuple[str, str], str]
    # the power actions that restart a running instance, in order (a restart endpoint, or stop then start)
    restart_via: Tuple[str, ...]
    # whether an action's answer shows the settled result (else the loop polls until a read shows it)
    answer_is_settled: bool
    # action -> the seconds the API's docs say it usually takes: the first poll after the action comes then
    action_seconds: Mapping[str, float]
    # (action, instance as read) -> why the API may have refused an action the planner thought possible
    explain_refusal: Callable[[str, Mapping[str, Any]], str]

    def action(self, name: str) -> Action:
        """The action of that name."""
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(name)


class Schema(NamedTuple):
    """What an instance holds: its id, its fields, and which of them a task may send or show."""

    # the argument spec type of an id ('int' or 'str'), and the parser that checks one (ValueError: not an id)
    id_type: str
    parse_id: Callable[[Any], Union[int, str]]
    # fields sent on creation (an API without a "create" action has none), and which of them PATCH can change
    create_fields: Tuple[str, ...]
    updatable_fields: Tuple[str, ...]
    # the longest name the API accepts (None: not documented)
    max_name_length: Optional[int]
    # whether list items carry every detail field (else the info module reads each match)
    list_has_details: bool
    # the field the inventory plugin gives as ansible_host (None: the instances have no address to connect to)
    address_field: Optional[str]
    # fields that may hold secrets (API keys, tokens): left out of inventory host vars and cache unless asked for
    secret_fields: Tuple[str, ...]
    # the list fields the info modules and the inventory plugin filter on, each a list option named after it
    # (_instance_filter.FIELD_FILTERS: status -> statuses, tier -> tiers)
    filter_fields: Tuple[str, ...]


class Profile(NamedTuple):
    """What the shared code needs to know about one hosting API."""

    name: str
    title: str
    wire: WireFormat
    credentials: Credentials
    lifecycle: Lifecycle
    schema: Schema

    def id_problem(self, value: Any, where: str = '') -> Optional[str]:
        """What is wrong with an instance id for this API (None: nothing); `where` names the option in a list."""
        try:
            self.schema.parse_id(value)
        except ValueError as error:
            return '%s: %s' % (where, error) if where else str(error)
        return None

    def name_problem(self, name: str, where: str = 'name') -> Optional[str]:
        """What is wrong with an instance name for this API (None: nothing); `where` names the option."""
        longest = self.schema.max_name_length
        if not name.strip():
            return '%s is empty' % where
        if longest and len(name) > longest:
            return '%s has %d characters; %s allows at most %d' % (where, len(name), self.title, longest)
        return None

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Provider profiles: everything that differs between hosts, as data.

The client, the planner and the runner read a profile; a new host is a new
profile, not a new copy of the code.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple


class Action(NamedTuple):
    """A power action: the status it leaves, the one it leads to, the flag that allows it."""

    name: str
    from_status: Tuple[str, ...]
    to_status: str
    flag: Optional[str]


class Profile(NamedTuple):
    """What the shared code needs to know about one hosting API."""

    name: str
    title: str
    default_url: str
    env: Mapping[str, str]
    envelope: Optional[str]
    actions: Tuple[Action, ...]
    busy_statuses: Tuple[str, ...]
    deleting_status: Optional[str]
    gone_statuses: Tuple[str, ...]
    # (status, desired state) -> advice; desired "*" matches every state but absent
    stuck: Mapping[Tuple[str, str], str]
    # (status, desired state) -> warning: the instance is left as it is, unchanged
    settled_with_warning: Mapping[Tuple[str, str], str]
    conflict_statuses: Tuple[int, ...]
    parse_id: Any
    parse_error: Any
    explain_refusal: Any

    def action(self, name: str) -> Action:
        """The action of that name."""
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(name)


def _clawhosters_error(body: Any) -> Tuple[Optional[str], Optional[str], Optional[Dict[str, Any]]]:
    """Read {"error": {"code", "message", "details"}} into (code, message, details)."""
    error = body.get('error') if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None, None
    details = error.get('details')
    return error.get('code'), error.get('message'), details if isinstance(details, dict) else None


def _clawhosters_id(value: Any) -> int:
    """ClawHosters ids are positive integers."""
    text = str(value).strip()
    if not re.match(r'^[0-9]+$', text) or int(text) < 1:
        raise ValueError('a ClawHosters instance id is a positive integer, got %r' % (value,))
    return int(text)


def _clawhosters_refusal(action: str, instance: Mapping[str, Any]) -> str:
    """Why ClawHosters may refuse an action the planner thought possible."""
    if action == 'delete' and instance.get('billing_mode') == 'monthly':
        return ('A monthly-billed instance cannot be deleted while its subscription is active: '
                'cancel the subscription in the dashboard and delete the instance after the paid period ends.')
    return 'Check the instance in the ClawHosters dashboard.'


CLAWHOSTERS = Profile(
    name='clawhosters',
    title='ClawHosters',
    default_url='https://clawhosters.com/api/v1',
    env={
        'api_key': 'CLAWHOSTERS_API_KEY',
        'api_url': 'CLAWHOSTERS_API_URL',
        'api_timeout': 'CLAWHOSTERS_API_TIMEOUT',
    },
    envelope='data',
    actions=(
        Action('start', ('stopped',), 'running', 'can_start'),
        Action('stop', ('running',), 'stopped', 'can_stop'),
        Action('restart', ('running',), 'running', 'can_restart'),
    ),
    busy_statuses=('provisioning', 'deploying'),
    deleting_status='deleting',
    gone_statuses=(),
    stuck={
        ('paused', '*'): 'it was paused because the Claws balance ran low: top up Claws and resume it in the ClawHosters dashboard',
        ('pending_configuration', 'started'): 'it has no LLM provider configured yet: configure one in the ClawHosters dashboard',
        ('pending_configuration', 'restarted'): 'it has no LLM provider configured yet: configure one in the ClawHosters dashboard',
        ('pending_configuration', 'stopped'): 'the API does not allow stopping it before an LLM provider is configured',
        ('error', '*'): 'it is in an error state: see the instance in the ClawHosters dashboard',
        ('deploy_failed', '*'): 'its deployment failed: retry the deployment from the ClawHosters dashboard',
        ('deleting', '*'): 'it is being deleted',
    },
    settled_with_warning={
        ('paused', 'stopped'): 'it is paused (low Claws balance), which keeps it off and unbilled; it was left paused',
    },
    conflict_statuses=(422,),
    parse_id=_clawhosters_id,
    parse_error=_clawhosters_error,
    explain_refusal=_clawhosters_refusal,
)

PROFILES = {profile.name: profile for profile in (CLAWHOSTERS,)}

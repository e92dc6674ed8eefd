# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The provider profiles: everything that differs between hosts, as data.

The client, the planner and the loop read a profile's parts (`_profile.py`); a new host is a new profile, not a new
copy of the code.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ._profile import Action, Credentials, ErrorParts, Lifecycle, Profile, Schema, WireFormat
from ._words import quoted


def _clawhosters_error(body: Any) -> ErrorParts:
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
        raise ValueError('a ClawHosters instance id is a positive integer, got %s' % quoted(value))
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
    wire=WireFormat(
        default_url='https://clawhosters.com/api/v1',
        envelope='data',
        parse_error=_clawhosters_error,
        conflict_statuses=(422,),
        hints={},
    ),
    credentials=Credentials(
        env={'api_key': 'CLAWHOSTERS_API_KEY', 'api_url': 'CLAWHOSTERS_API_URL', 'api_timeout': 'CLAWHOSTERS_API_TIMEOUT',
             'validate_certs': 'CLAWHOSTERS_VALIDATE_CERTS'},
        key_prefixes=('oc_live_',),
    ),
    lifecycle=Lifecycle(
        states=('present', 'started', 'stopped', 'restarted', 'absent'),
        default_state='started',
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
            ('paused', 'present'): 'it is paused (low Claws balance): top up Claws and resume it in the ClawHosters dashboard',
        },
        restart_via=('restart',),
        answer_is_settled=False,  # the answer is a subset showing the expected state
        # "may take a few seconds" (the action page); a restart reboots the VPS; a deleted record goes "within seconds"
        action_seconds={'start': 3.0, 'stop': 3.0, 'restart': 5.0, 'delete': 5.0},
        explain_refusal=_clawhosters_refusal,
    ),
    schema=Schema(
        id_type='int',
        parse_id=_clawhosters_id,
        create_fields=(),
        updatable_fields=(),
        max_name_length=None,
        list_has_details=False,
        address_field='ip_address',
        secret_fields=(),
        filter_fields=('status', 'tier'),
    ),
)


def _chowder_error(body: Any) -> ErrorParts:
    """Read FastAPI's {"detail": ...}: a string, {"error": ...}, or a list of validation errors."""
    detail = body.get('detail') if isinstance(body, dict) else None
    if isinstance(detail, str):
        return None, detail, None
    if isinstance(detail, dict) and isinstance(detail.get('error'), str):
        return None, detail['error'], None
    if isinstance(detail, list) and detail:
        fields = {}
        for problem in detail:
            if isinstance(problem, dict):
                loc = problem.get('loc')
                where = '.'.join(str(part) for part in (loc if isinstance(loc, list) else [loc]) if part not in ('body', None))
                fields[where or 'body'] = str(problem.get('msg', 'is invalid'))
        return None, 'Validation failed', fields or None
    return None, None, None


def _chowder_id(value: Any) -> str:
    """Chowder ids are opaque strings; they go into a URL path, so only safe characters pass."""
    text = str(value).strip()
    if not re.match(r'^[A-Za-z0-9_-]{1,128}$', text):
        raise ValueError('a Chowder instance id has only letters, digits, "-" and "_", got %s' % quoted(value))
    return text


def _chowder_refusal(action: str, instance: Mapping[str, Any]) -> str:
    """Why Chowder may refuse an action the planner thought possible."""
    return ('Chowder documents %s as allowed from the status the instance showed (%s); check it in the Chowder dashboard '
            'and run the task again.' % (action, instance.get('status')))


CHOWDER_KEY_HINT = ('A Chowder scoped key (chd_sk_...) may only read and update the instances it was given; listing, creating, '
                    'starting, stopping and deleting instances need an organization key (chd_org_...).')

CHOWDER = Profile(
    name='chowder',
    title='Chowder',
    wire=WireFormat(
        default_url='https://api.chowder.dev/v1',
        envelope=None,
        parse_error=_chowder_error,
        conflict_statuses=(409,),
        hints={
            402: ("(The organization's plan is at its instance limit, and stopped instances count too: "
                  'delete an instance or upgrade the Chowder subscription.)'),
            403: '(%s)' % CHOWDER_KEY_HINT,
        },
    ),
    credentials=Credentials(
        env={'api_key': 'CHOWDER_API_KEY', 'api_url': 'CHOWDER_API_URL', 'api_timeout': 'CHOWDER_API_TIMEOUT',
             'validate_certs': 'CHOWDER_VALIDATE_CERTS'},
        key_prefixes=('chd_org_', 'chd_sk_'),
    ),
    lifecycle=Lifecycle(
        states=('present', 'started', 'stopped', 'restarted', 'absent'),
        default_state='present',
        actions=(
            Action('create', (), 'running', None),
            Action('start', ('stopped',), 'running', None),
            Action('stop', ('running',), 'stopped', None),
        ),
        busy_statuses=('provisioning',),
        deleting_status=None,
        gone_statuses=('terminated',),
        stuck={
            ('error', '*'): 'its provisioning failed with error_message {error_message}; delete it (state: absent) and create it again',
        },
        settled_with_warning={},
        restart_via=('stop', 'start'),
        answer_is_settled=True,  # start and stop answer once done, with the whole instance
        action_seconds={},  # nothing to poll after start and stop; a new sandbox is polled from the start
        explain_refusal=_chowder_refusal,
    ),
    schema=Schema(
        id_type='str',
        parse_id=_chowder_id,
        create_fields=('name', 'model_provider', 'openclaw_version', 'region', 'openclaw_config'),
        updatable_fields=('name', 'openclaw_config'),
        max_name_length=128,
        list_has_details=True,
        address_field=None,  # a sandbox is reached through Chowder's gateway, not by address
        secret_fields=('openclaw_config',),  # OpenClaw's settings: channel tokens, provider keys
        filter_fields=('status',),  # a Chowder instance has no tier (its organization has)
    ),
)

PROFILES = {profile.name: profile for profile in (CLAWHOSTERS, CHOWDER)}

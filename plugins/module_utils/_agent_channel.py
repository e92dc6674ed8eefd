# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A channel of an instance, declared (chowder_channel), as a part of the engine: connected or disconnected.

A connect restarts the agent's gateway and its config cannot be read back, so it is sent only for a channel that is
not enabled (or on every run when the task says so), after its config is checked against the channel's required
fields, which are read with its status, before any write. Neither a connect nor a disconnect is idempotent: the engine
settles a lost one by reading the status. An interactive channel (WhatsApp) answers with a QR code to scan, written
where the task says, and waited for on request.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence

from . import _agent_messages as say
from ._agent_api import Agent
from ._deadline import Deadline
from ._errors import ApiError
from ._messages import TaskFailed
from ._parts import Change, Part
from ._local_file import write_secret

POLL_SECONDS = 2.0


class Channel(NamedTuple):
    """A channel as read: its status, and its description (connection type, required fields) when a connect may be
    needed."""

    status: Dict[str, Any]
    description: Optional[Dict[str, Any]] = None


def channel_changes(state: str, always: bool, config: Optional[Mapping[str, Any]], found: Channel) -> List[Change]:
    """A disconnect of an enabled channel, or a connect of one that is not enabled (or always); a config without a
    required field refused. Pure."""
    if state == 'disconnected':
        return [Change('disconnect')] if found.status['enabled'] else []
    if found.status['enabled'] and not always:
        return []
    required = (found.description or {}).get('required_fields') or {}
    missing = [field for field in required if not (config or {}).get(field)]
    if missing:
        raise TaskFailed(say.needs_fields(str(found.status.get('channel')), required, missing))
    return [Change('connect', False, dict(config or {}))]


class ChannelPart(Part):
    """One declared channel: its state, config and update_config; the QR code's file; whether to wait for a scan."""

    kind = 'channel'
    secret_keys = ('config',)

    def __init__(self, agent: Agent, name: str, deadline: Deadline, state: str = 'connected',
                 config: Optional[Mapping[str, Any]] = None, update_config: str = 'on_create',
                 qr_image_path: Optional[str] = None, wait: bool = False) -> None:
        super().__init__(agent.client.profile, name)
        self.agent = agent
        self.deadline = deadline
        self.state = state
        self.config = config
        self.always = update_config == 'always'
        self.qr_image_path = qr_image_path
        self.wait = wait

    def status(self) -> Dict[str, Any]:
        return self.agent.channel(self.item, 'status')

    def read(self) -> Channel:
        status = self.status()
        may_connect = self.state == 'connected' and (self.always or not status['enabled'])
        return Channel(dict(status, channel=self.item), self.agent.channel(self.item) if may_connect else None)

    def compare(self, found: Channel) -> List[Change]:
        return channel_changes(self.state, self.always, self.config, found)

    def apply(self, change: Change, found: Channel) -> Dict[str, Any]:
        if change.action == 'disconnect':
            self.agent.disconnect(self.item)
            return {}
        answer = self.agent.connect(self.item, change.data)
        if answer.get('status') != 'awaiting_scan':
            return {}
        fields = {'qr_data': answer.get('qr_data')}
        if self.qr_image_path and answer.get('qr_image_base64'):
            try:
                write_secret(self.qr_image_path, base64.b64decode(answer['qr_image_base64'], validate=True))
            except (OSError, binascii.Error, TypeError) as error:
                raise TaskFailed(say.qr_not_written(self.item, self.qr_image_path, getattr(error, 'strerror', None) or str(error)),
                                 changed=True, actions=['connect'], **fields) from error
        return fields

    def settle(self, change: Change, found: Channel, lost: ApiError) -> Optional[Dict[str, Any]]:
        status = self.status()
        if change.action == 'disconnect':
            return None if status['enabled'] else {}
        if not status['enabled']:
            return None
        if not status.get('connected'):
            raise TaskFailed(say.answer_lost(self.label, 'connect', lost, 'its QR code',
                                             'run the task again with update_config: always for a new code.'),
                             lost, changed=True)
        return {}

    def predict(self, found: Channel, changes: Sequence[Change]) -> Channel:
        if not changes:
            return found
        interactive = (found.description or {}).get('connection_type') == 'interactive'
        connecting = changes[-1].action == 'connect'
        return found._replace(status=dict(found.status, enabled=connecting, connected=connecting and not interactive))

    def view(self, state: Channel) -> Dict[str, Any]:
        return {'enabled': state.status.get('enabled'), 'connected': state.status.get('connected')}

    def finish(self, found: Channel, changes: Sequence[Change], fields: Dict[str, Any], check_mode: bool) -> Dict[str, Any]:
        """The channel's status after the changes; waited for until connected, when asked."""
        connected = self.state == 'connected'
        if check_mode or not (changes or (self.wait and connected and not found.status.get('connected'))):
            return dict(fields, channel=found.status)
        return dict(fields, channel=self.wait_connected() if self.wait and connected else self.status())

    def wait_connected(self) -> Dict[str, Any]:
        """Poll the status until the channel is connected (a QR code scanned), within the deadline."""
        while True:
            status = self.status()
            if status.get('connected'):
                return status
            if not self.deadline.allows(POLL_SECONDS):
                raise TaskFailed(say.not_scanned(self.item, self.deadline.seconds), changed=True)
            self.deadline.clock.sleep(POLL_SECONDS)

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A channel of an instance, declared (chowder_channel): connected or disconnected.

A connect restarts the agent's gateway and its config cannot be read back, so it is sent only for a channel that is
not enabled (or on every run when the task says so), after its config is checked against the channel's required
fields. A connect without a clear answer is never sent again: the channel's status is read to see what happened. An
interactive channel (WhatsApp) answers with a QR code to scan, written where the task says, and waited for on
request.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Mapping, Optional

from ._agent_api import Agent
from ._deadline import Deadline
from ._errors import ApiError
from ._messages import TaskFailed
from ._secret_file import write_secret

POLL_SECONDS = 2.0


class AgentChannel:
    """One declared channel: `run` returns the module's result."""

    def __init__(self, agent: Agent, name: str, check_mode: bool, diff: bool, deadline: Deadline) -> None:
        self.agent = agent
        self.name = name
        self.check_mode = check_mode
        self.diff = diff
        self.deadline = deadline

    def status(self) -> Dict[str, Any]:
        return self.agent.channel(self.name, 'status')

    def run(self, state: str, config: Optional[Mapping[str, Any]], always: bool, qr_image_path: Optional[str],
            wait: bool) -> Dict[str, Any]:
        before = self.status()
        actions: List[str] = []
        result: Dict[str, Any] = dict(changed=False, actions=actions, channel=before)
        if state == 'disconnected':
            if before['enabled']:
                actions.append('disconnect')
                if not self.check_mode:
                    self.agent.disconnect(self.name)
                    result['channel'] = self.status()
        elif not before['enabled'] or always:
            sent = self.checked_config(config)
            actions.append('connect')
            if not self.check_mode:
                answer = self.connect(sent)
                if answer.get('status') == 'awaiting_scan':
                    result['qr_data'] = answer.get('qr_data')
                    if qr_image_path and answer.get('qr_image_base64'):
                        write_secret(qr_image_path, base64.b64decode(answer['qr_image_base64']))
                result['channel'] = self.wait_connected() if wait else self.status()
        elif wait and not before.get('connected'):
            result['channel'] = self.wait_connected()
        result['changed'] = bool(actions)
        if self.diff:
            result['diff'] = {'before': {'enabled': before['enabled'], 'connected': before.get('connected')},
                              'after': {'enabled': state == 'connected', 'connected': state == 'connected' if self.check_mode
                                        else result['channel'].get('connected')}}
        return result

    def checked_config(self, config: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        """The config to connect with, once checked against the channel's required fields (one read)."""
        required = self.agent.channel(self.name).get('required_fields') or {}
        missing = [field for field in required if not (config or {}).get(field)]
        if missing:
            raise TaskFailed('The %s channel needs %s in config (%s). Nothing was changed.'
                             % (self.name, ', '.join(missing), '; '.join('%s: %s' % (f, required[f]) for f in missing)))
        return dict(config or {})

    def connect(self, config: Mapping[str, Any]) -> Dict[str, Any]:
        try:
            return self.agent.connect(self.name, config)
        except ApiError as error:
            if not error.maybe_applied:
                raise
            status = self.status()  # never sent again: did it connect?
            if not status['enabled']:
                raise TaskFailed('Connecting the %s channel got no clear answer (%s), and the channel is not enabled: '
                                 'nothing was connected. Run the task again.' % (self.name, error.message), error) from error
            if not status.get('connected'):
                raise TaskFailed('The %s channel was connected, but the answer that held its QR code was lost (%s): run the '
                                 'task again with update_config: always for a new code.' % (self.name, error.message), error,
                                 changed=True) from error
            return {'status': 'connected'}

    def wait_connected(self) -> Dict[str, Any]:
        """Poll the status until the channel is connected (a QR code scanned), within the deadline."""
        while True:
            status = self.status()
            if status.get('connected'):
                return status
            if not self.deadline.allows(POLL_SECONDS):
                raise TaskFailed('The %s channel was not connected within wait_timeout (%s s): scan its QR code (qr_data) '
                                 'and run the task again.' % (self.name, self.deadline.seconds), changed=True)
            self.deadline.clock.sleep(POLL_SECONDS)

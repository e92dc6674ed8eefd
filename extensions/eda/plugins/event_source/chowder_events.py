# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Event source openclaw.hosting.chowder_events: the Chowder instances, polled, as events."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict

DOCUMENTATION = r"""
short_description: Events for every change of a Chowder organization's instances
description:
  - Polls the Chowder API (one list request every O(interval) seconds) and puts one event on the queue for
    every instance that was added, changed or removed since the last good poll.
  - A wrong argument, or a key or URL the API refuses before the first good poll, ends the source with a message
    saying what to fix. After the first good poll, a failed poll (any status, a lost connection, an answer of the
    wrong shape) never ends the source. It emits one C(error) event for the streak of failures and backs off; the
    next good poll is compared with the last good one, so no change is lost or repeated. Only a key refused (HTTP 401
    or 403) for longer than O(auth_failure_timeout) in a row ends it.
  - Cancelling the source ends it within a second, even in the middle of a request.
  - The instances' C(openclaw_config) (OpenClaw's settings, with channel tokens and provider keys) is never part of an
    event.
  - "The events, under C(openclaw): C(provider) (V(chowder)), C(type) (V(added), V(changed), V(removed) or V(error)),
    C(instance) (its fields as the list returns them), C(changes) (on V(changed), each field that differs as C(old)
    and C(new)) or C(message)."
options:
  api_key:
    description: The Chowder API key; the E(CHOWDER_API_KEY) environment variable when not given.
  api_url:
    description: The API's base URL; E(CHOWDER_API_URL), else https://api.chowder.dev/v1.
  validate_certs:
    description: Whether to check the API's TLS certificate.
    default: true
  api_timeout:
    description: Seconds to wait for an answer; E(CHOWDER_API_TIMEOUT), else 30 (1 to 600).
  interval:
    description: Seconds between polls, a number over 0, at most 86400.
    default: 30
  auth_failure_timeout:
    description: Seconds the API may refuse the key in a row after a good poll (during a key rotation, say) before the
      source ends (at most 86400).
    default: 900
  initial:
    description:
      - Whether the first poll emits an C(added) event for every instance, so that a rulebook started while an instance
        is already stopped still acts.
    default: true
  set_hosts:
    description:
      - Whether each instance event carries C(meta.hosts), the instance's host name as the openclaw.hosting.chowder
        inventory plugin names it, so that a rulebook whose inventory is that plugin's file runs its actions on that host.
    default: false
"""

EXAMPLES = r"""
- name: Start assistants that stopped
  hosts: localhost
  sources:
    - openclaw.hosting.chowder_events:
        interval: 30
  rules:
    - name: An instance stopped
      condition: >-
        event.openclaw.type == "changed" and event.openclaw.changes.status.new == "stopped"
      action:
        run_module:
          name: openclaw.hosting.chowder_instance
          module_args:
            id: "{{ event.openclaw.instance.id }}"
            state: started
"""

try:
    from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
    from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import watch
except ImportError:  # ansible-rulebook runs this file by its path: make its collection importable
    sys.path.append(str(Path(__file__).resolve().parents[7]))
    from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER
    from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import watch


async def main(queue: Any, args: Dict[str, Any]) -> None:
    """Poll Chowder and put an event on the queue for every change, until cancelled."""
    await watch(queue, args, CHOWDER, 'openclaw.hosting.chowder_events')

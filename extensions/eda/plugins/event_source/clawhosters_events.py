# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Event source openclaw.hosting.clawhosters_events: the ClawHosters instances and billing, polled, as events."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict

DOCUMENTATION = r"""
short_description: Events for every change of a ClawHosters account's instances and Claws balance
description:
  - Polls the ClawHosters API (one list request every O(interval) seconds) and puts one event on the queue for
    every instance that was added, changed or removed since the last good poll, and one when the billing summary's
    C(low_balance) flips (read every O(billing_interval) seconds).
  - A wrong argument, or a key or URL the API refuses before the first good poll, ends the source with a message
    saying what to fix. After the first good poll, a failed poll (any status, a lost connection, an answer of the
    wrong shape) never ends the source. It emits one C(error) event for the streak of failures and backs off; the
    next good poll is compared with the last good one, so no change is lost or repeated. Only a key refused (HTTP 401
    or 403) for longer than O(auth_failure_timeout) in a row ends it.
  - Cancelling the source ends it within a second, even in the middle of a request.
  - It shares the key's rate-limit window with every module, inventory plugin and source of the same key and URL
    on the controller.
  - "The events, under C(openclaw): C(provider) (V(clawhosters)), C(type) (V(added), V(changed), V(removed), V(billing)
    or V(error)), C(instance) (its fields as the list returns them), C(changes) (on V(changed), each field that differs
    as C(old) and C(new)), C(billing) (the summary) or C(message)."
options:
  api_key:
    description: The ClawHosters API key; the E(CLAWHOSTERS_API_KEY) environment variable when not given.
  api_url:
    description: The API's base URL; E(CLAWHOSTERS_API_URL), else https://clawhosters.com/api/v1.
  validate_certs:
    description: Whether to check the API's TLS certificate.
    default: true
  api_timeout:
    description: Seconds to wait for an answer; E(CLAWHOSTERS_API_TIMEOUT), else 30 (1 to 600).
  interval:
    description: Seconds between polls, a number over 0, at most 86400.
    default: 30
  initial:
    description:
      - Whether the first poll emits an C(added) event for every instance (and a C(billing) event), so that a rulebook
        started while an instance is already unhealthy still acts.
    default: true
  set_hosts:
    description:
      - Whether each instance event carries C(meta.hosts), the instance's host name as the openclaw.hosting.clawhosters
        inventory plugin names it, so that a rulebook whose inventory is that plugin's file runs its actions on that host.
    default: false
  billing_interval:
    description:
      - Seconds between billing reads (at most 86400); 0 never reads the billing.
      - The billing read counts its failures apart from the list's; a failing one is tried again on its own
        schedule, backing off, and never delays a poll of the instances.
    default: 300
  auth_failure_timeout:
    description: Seconds the API may refuse the key in a row after a good poll (during a key rotation, say) before the
      source ends (at most 86400).
    default: 900
"""

EXAMPLES = r"""
- name: Restart unhealthy assistants
  hosts: localhost
  sources:
    - openclaw.hosting.clawhosters_events:
        interval: 30
  rules:
    - name: An instance turned unhealthy
      condition: >-
        event.openclaw.type == "changed" and event.openclaw.changes.health_status.new == "unhealthy"
      action:
        debug:
"""

try:
    from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
    from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import watch
except ImportError:  # ansible-rulebook runs this file by its path: make its collection importable
    sys.path.append(str(Path(__file__).resolve().parents[7]))
    from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
    from ansible_collections.openclaw.hosting.plugins.plugin_utils._event_source import watch


async def main(queue: Any, args: Dict[str, Any]) -> None:
    """Poll ClawHosters and put an event on the queue for every change, until cancelled."""
    await watch(queue, args, CLAWHOSTERS, 'openclaw.hosting.clawhosters_events', billing=True)

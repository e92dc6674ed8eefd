# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The waiting options of the *_instance modules."""

from __future__ import annotations


class ModuleDocFragment:
    """wait and wait_timeout."""

    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until the instance has reached the requested state, and wait for a busy instance (provisioning,
        deploying, or in the middle of another action) before acting on it.
      - With V(false), the task sends the actions it can send without waiting and returns as soon as the API
        has accepted them. It fails if the instance is busy and the first action would have to wait for it.
    type: bool
    default: true
  wait_timeout:
    description:
      - One deadline, in seconds (0 to 86400), for everything the task does from its start (reads and their retries,
        rate-limit waits and polls). A wait that would pass it is not begun, and no action is sent once it has
        passed. The task ends within O(wait_timeout) plus one O(api_timeout) (a request already sent may take that
        long), failing with a message that says what it was still waiting for. It applies with O(wait=false) too.
      - The first read after an action comes when the provider's docs say the action is usually done (on
        ClawHosters 3 seconds for a start or stop, 5 for a restart or delete), and the pauses then grow from 2 to 3, 5, 8
        and 10 seconds. Polling never spends more than one request per 2 seconds, so a long wait costs few requests of
        the rate limit.
    type: int
    default: 600
"""

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Options shared by the inventory plugins: the retries of the list, host names (their filters are in instance_filter)."""

from __future__ import annotations


class ModuleDocFragment:
    """The list's retries and the host names of the inventory plugins."""

    DOCUMENTATION = r"""
options:
  api_retries:
    description:
      - How many times the list request is retried after a transient failure (a connection error, a timeout, HTTP
        429, 500, 502, 503 or 504) before the parse fails; 0 to 20.
    type: int
    default: 5
    version_added: 1.1.0
  hostname:
    description:
      - What names the inventory hosts.
      - V(name) uses the instance's name. Names need not be unique; instances that share a name are all
        named C(<name>_<id>) instead, with a warning, so that no two instances are ever merged into one host.
      - V(id) uses the instance's id.
      - A name (or id) that the inventory already has as a host, from another inventory source parsed before this
        one (a static file, the other provider's plugin, another account), or that is reserved (C(localhost),
        C(127.0.0.1), C(::1), C(all), C(ungrouped), the plugin's group name) is never taken over; that instance
        is named C(<name>_<id>) instead, with a warning.
    type: str
    choices: [name, id]
    default: name
"""

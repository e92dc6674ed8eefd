# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a rate window lives so that every process of this user on the controller that uses the same key and API
URL shares it (module processes of all forks, fleet threads, inventory plugins, two playbooks at once): a shared file
(_file_store) named by a hash of the URL and the key.

The file holds the window as the API's headers last described it, and the requests taken from it but not answered
yet. Nothing else is in it: no key, no part of one. A state that no API could have left (a count out of range, a
reset further away than the longest wait an API may ask for) is no state.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Dict, Optional, Tuple

from ._api_clock import OFFSET_FIELDS
from ._clock import Clock
from ._file_store import SharedFile, finite, shared_folder

FIELDS = ('limit', 'remaining', 'window', 'reset_at', 'probe_at', 'span', 'began_by', 'opened_after', 'counted', 'ours',
          'share', 'reset_only', *OFFSET_FIELDS)  # what a state holds (see RateWindow): numbers, or None
WAIT_CAP = 120.0  # no window lasts longer: a reset further away than this is a clock problem, not a window
MAX_BYTES = 4096
MAX_COUNT = 1e6  # more requests than any window allows
MAX_INSTANT = 1e11  # X-RateLimit-Reset: epoch seconds (or seconds), well short of the year 5000
MAX_OFFSET = 1e10  # the API's clock less ours: any real one is far smaller


def clean(found: Dict[str, Any], now: float) -> Dict[str, Any]:
    """The state a file holds at `now`, or {} when any of it is not one an API could have left."""
    ranges = {'limit': (0, MAX_COUNT), 'remaining': (0, MAX_COUNT), 'window': (0, MAX_INSTANT),
              'reset_at': (0, now + WAIT_CAP + 1), 'probe_at': (0, now + 1), 'span': (1, WAIT_CAP),
              'began_by': (0, now + 1), 'opened_after': (0, now + 1), 'counted': (0, MAX_COUNT),
              'ours': (0, MAX_COUNT), 'share': (0, MAX_COUNT), 'reset_only': (0, 1), 'offset_low': (-MAX_OFFSET, MAX_OFFSET),
              'offset_high': (-MAX_OFFSET, MAX_OFFSET), 'offset_at': (0, now + 1)}
    state = {field: found[field] for field in FIELDS if field in found}
    if all(value is None or finite(value, *ranges[field]) for field, value in state.items()):
        return state
    return {}


def state_file(api_url: str, api_key: str, clock: Clock) -> Tuple[Optional[SharedFile], Optional[str]]:
    """The state file of this URL and key, or None and why not (None when sharing is turned off)."""
    folder, problem = shared_folder()
    if folder is None:
        return None, problem
    name = hashlib.sha256(('%s\n%s' % (api_url.rstrip('/'), api_key)).encode()).hexdigest()[:32]
    return SharedFile(os.path.join(folder, name + '.json'), MAX_BYTES, clean, clock), None

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options every *_fleet module takes besides its instances (see fleet_argument_spec)."""

from __future__ import annotations


class ModuleDocFragment:
    """concurrency and stop_on_failure."""

    DOCUMENTATION = r"""
options:
  concurrency:
    description:
      - How many instances are worked on at once; 1 to 200.
      - Their requests all take their turn in the one rate-limit window of the key, so a higher value overlaps the
        waits for actions to finish without sending more requests or provoking 429s. 50 converges a fleet of 50 as
        fast as one of 10.
    type: int
    default: 50
  stop_on_failure:
    description: Converge the instances one at a time, in order, and stop at the first that cannot be converged.
    type: bool
    default: false
notes:
  - O(wait_timeout) is one deadline for the whole task.
"""

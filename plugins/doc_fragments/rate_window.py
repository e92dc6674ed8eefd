# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How the modules of both providers share a key's rate-limit window."""

from __future__ import annotations


class ModuleDocFragment:
    """The shared rate-limit window, as notes (no options: a fragment must name its options, even none)."""

    DOCUMENTATION = r"""
options: {}
notes:
  - Every process on the controller that uses the same key and API URL (the module processes of all forks, the fleet
    modules' threads, the inventory plugin, two playbooks at once) shares one rate-limit window, kept in a small state
    file under C($ANSIBLE_HOME/openclaw.hosting/) when E(ANSIBLE_HOME) is set, else C(~/.ansible/openclaw.hosting/)
    (mode 0700; each file 0600, named by a hash of the URL and the key, holding only the window's numbers; files
    untouched for a day are removed). E(OPENCLAW_HOSTING_RATE_DIR) names another folder, or V(off) to keep a window
    per process. Nothing shared can fail or hold up a task; a file that is not a regular file of this user of a sane
    size, or holds no valid state (a window resetting further away than 2 minutes, say), is replaced; a lock held
    for more than half a second is given up. The process then keeps its own window, with a warning at C(-v).
  - While nothing is known of the window (a new key, or none of its requests for a while), the first request goes
    alone and the others wait for its answer (at most 2 seconds), so that tasks starting together provoke no 429.
"""

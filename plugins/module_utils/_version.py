# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's version, as the code reports it (the User-Agent of every request).

Modules cannot read galaxy.yml where they run, so the version is written here too:
scripts/release.sh writes both, and tests/unit/test_meta.py fails when they differ.
"""

from __future__ import annotations

COLLECTION_VERSION = '1.1.0'

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The instance filters of the info modules and the inventory plugins."""

from __future__ import annotations


class ModuleDocFragment:
    """Filters by status and by name; TIERS adds the filter by tier, for the providers whose instances have one. The
    inventory plugins have filtered by status since 1.0.0 (STATUSES), the info modules since 1.1.0 (MODULE_STATUSES)."""

    STATUSES = r"""
options:
  statuses:
    description:
      - Only instances whose C(status) is one of these.
      - If not set, every status. The inventory plugins then leave out the instances being deleted (C(deleting) on
        ClawHosters, C(terminated) on Chowder).
    type: list
    elements: str
"""

    MODULE_STATUSES = r"""
options:
  statuses:
    description:
      - Only instances whose C(status) is one of these.
      - If not set, every status.
    type: list
    elements: str
    version_added: 1.1.0
"""

    DOCUMENTATION = r"""
options:
  name_pattern:
    description:
      - Only instances whose name contains a match of this regular expression (Python's C(re.search)). Anchor it to
        match the whole name, for example V(^support-) or V(^bot-[0-9]+$).
      - An expression that does not compile fails before any request.
    type: str
    version_added: 1.1.0
notes:
  - The filters (O(statuses), O(name_pattern), and on ClawHosters C(tiers)) select from the one list request; an
    instance must pass every filter given. They send nothing to the API and cost no request. In the
    inventory plugins they apply after the cache, so that changing them needs no new request.
"""

    TIERS = r"""
options:
  tiers:
    description:
      - Only instances whose C(tier) is one of these (ClawHosters' tiers are C(budget), C(balanced) and C(pro)).
      - If not set, every tier.
    type: list
    elements: str
    version_added: 1.1.0
"""

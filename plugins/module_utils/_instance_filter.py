# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which instances an info module or an inventory wants: by status, by tier, by a regular expression on the name."""

from __future__ import annotations

import re
from typing import Any, List, Mapping, NamedTuple, Optional, Pattern, Sequence, Tuple

from ._profile import Profile
from ._words import quoted

FIELD_FILTERS = {'status': 'statuses', 'tier': 'tiers'}  # a list field -> the option that filters on it


class InstanceFilter(NamedTuple):
    """The values each filtered field may have ({field: values}; a field not given is not filtered on), and the
    pattern the name must contain a match of (None: any name)."""

    values: Mapping[str, Sequence[Any]]
    name_pattern: Optional[Pattern[str]] = None

    def keeps(self, instance: Mapping[str, Any]) -> bool:
        """Whether the instance passes every filter."""
        name = instance.get('name')
        return (all(instance.get(field) in values for field, values in self.values.items())
                and (self.name_pattern is None or (isinstance(name, str) and self.name_pattern.search(name) is not None)))


def instance_filter(profile: Profile, options: Mapping[str, Any]) -> Tuple[InstanceFilter, List[str]]:
    """The filter the options ask for (statuses, tiers, name_pattern, as the profile has them), and the problems of
    the options: a name_pattern that is not a regular expression."""
    values = {field: options[FIELD_FILTERS[field]] for field in profile.schema.filter_fields
              if options.get(FIELD_FILTERS[field]) is not None}
    pattern = options.get('name_pattern')
    if pattern is None:
        return InstanceFilter(values), []
    try:
        return InstanceFilter(values, re.compile(pattern)), []
    except re.error as error:
        return InstanceFilter(values), ['name_pattern %s is not a regular expression: %s' % (quoted(pattern), error)]

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The instance option of the modules that manage what lives inside a Chowder instance."""

from __future__ import annotations


class ModuleDocFragment:
    """instance."""

    DOCUMENTATION = r"""
options:
  instance:
    description:
      - The instance, by id or by name.
      - The value is first used as an id. When the API answers that no such instance exists, one list of instances
        finds it by name, and a name that two live instances share fails the task. A scoped key, which cannot list
        instances, must give the id.
      - The instance must be C(running); otherwise, the task fails before any change, saying to start it.
    type: str
    required: true
"""

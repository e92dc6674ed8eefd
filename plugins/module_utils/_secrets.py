# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secret values kept out of what a task shows (its result, its diff): the entries of an instance's secret fields
(Chowder's openclaw_config) whose key looks like a secret are shown masked, with a short fingerprint, so that a change
is still visible but the value is not.

A key looks like a secret when its last dot-separated part (a dotted key such as channels.telegram.botToken), or any
key of a nested mapping on the way to the value, contains token, secret, password, key, credential or private, in
any case. Such a value is masked whole, whatever it holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Mapping, Optional, Sequence

SECRET_WORDS = re.compile(r'token|secret|password|key|credential|private', re.IGNORECASE)


def is_secret_key(key: Any) -> bool:
    """Whether an entry with this key holds a secret (a dotted key is judged by its last part)."""
    return bool(SECRET_WORDS.search(str(key).rsplit('.', 1)[-1]))


def masked(value: Any) -> str:
    """A secret value as shown: no part of it, only a fingerprint that changes when it does."""
    fingerprint = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return '<secret, sha256 %s>' % fingerprint


def without_secrets(value: Any) -> Any:
    """A mapping (nested ones too) with the values of its secret-looking keys masked; anything else as it is."""
    if not isinstance(value, Mapping):
        return value
    return {key: masked(item) if is_secret_key(key) else without_secrets(item) for key, item in value.items()}


def shown(instance: Optional[Mapping[str, Any]], secret_fields: Sequence[str]) -> Optional[Mapping[str, Any]]:
    """An instance as a task shows it: its secret fields with their secret values masked."""
    if not instance or not any(field in instance for field in secret_fields):
        return instance
    return dict(instance, **{field: without_secrets(instance[field]) for field in secret_fields if field in instance})

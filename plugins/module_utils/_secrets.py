# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one masking policy: secret values kept out of what a task shows (its result, its diff, its messages). A value
is shown masked, with a short fingerprint, so that a change is still visible but the value is not.

A value is secret when its key looks like a secret, at any depth of mappings and lists: the key's last dot-separated
part (a dotted key such as channels.telegram.botToken) contains token, secret, password, pwd, key, credential or
private, in any case; such a value is masked whole, whatever it holds. A value under one of the `secret_keys` a caller
names (a skill's env, a channel's config: every value there is a secret, whatever its name) is masked leaf by leaf,
so that its names still show.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Mapping, Optional, Sequence

SECRET_WORDS = re.compile(r'token|secret|password|pwd|key|credential|private', re.IGNORECASE)


def is_secret_key(key: Any) -> bool:
    """Whether an entry with this key holds a secret (a dotted key is judged by its last part)."""
    return bool(SECRET_WORDS.search(str(key).rsplit('.', 1)[-1]))


def masked(value: Any) -> str:
    """A secret value as shown: no part of it, only a fingerprint that changes when it does."""
    fingerprint = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return '<secret, sha256 %s>' % fingerprint


def without_secrets(value: Any, secret_keys: Sequence[str] = ()) -> Any:
    """The value with every secret in it masked, at any depth of mappings and lists; `secret_keys`: keys whose every
    value is a secret."""
    if isinstance(value, Mapping):
        return {key: every_leaf_masked(item) if key in secret_keys else masked(item) if is_secret_key(key)
                else without_secrets(item, secret_keys) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_secrets(item, secret_keys) for item in value]
    return value


def every_leaf_masked(value: Any) -> Any:
    """Every value in a mapping or a list masked (the names of a mapping kept); a single value masked."""
    if isinstance(value, Mapping):
        return {key: every_leaf_masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [every_leaf_masked(item) for item in value]
    return masked(value)


def shown(instance: Optional[Mapping[str, Any]], secret_fields: Sequence[str]) -> Optional[Mapping[str, Any]]:
    """An instance as a task shows it: its secret fields with their secret values masked."""
    if not instance or not any(field in instance for field in secret_fields):
        return instance
    return dict(instance, **{field: without_secrets(instance[field]) for field in secret_fields if field in instance})

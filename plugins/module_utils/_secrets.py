# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one masking policy: secret values kept out of what a task shows (its result, its diff, its messages, a file it
shows). A value is shown masked, with a short fingerprint, so that a change is still visible but the value is not.

At any depth of mappings and lists:
- a value whose key looks like a secret is masked whole, whatever it holds: the key's last dot-separated part (a
  dotted key such as channels.telegram.botToken) contains token, secret, password, pwd, key, credential or private,
  in any case;
- every value under a key of a secret tree (SECRET_TREES: a skill's env and apiKey, headers, the channels' configs,
  and what a caller adds, such as a channel's config) is masked leaf by leaf, so that its names still show (true and
  false are shown: they are settings, not secrets); a dotted key is in a tree when one of its parts is;
- the password of a URL (scheme://user:password@host) is masked inside any text.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple

SECRET_WORDS = re.compile(r'token|secret|password|pwd|key|credential|private', re.IGNORECASE)
SECRET_TREES = ('env', 'apiKey', 'headers', 'channels')
KEY, TREE, URL = 'key', 'tree', 'url'  # why a value is a secret
Path = Tuple[Any, ...]
URL_PASSWORD = re.compile(r'(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:)(?P<password>[^/@\s]+)(?=@)')


def is_secret_key(key: Any) -> bool:
    """Whether an entry with this key holds a secret (a dotted key is judged by its last part)."""
    return bool(SECRET_WORDS.search(str(key).rsplit('.', 1)[-1]))


def masked(value: Any) -> str:
    """A secret value as shown: no part of it, only a fingerprint that changes when it does."""
    fingerprint = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return '<secret, sha256 %s>' % fingerprint


def without_secrets(value: Any, secret_keys: Sequence[str] = ()) -> Any:
    """The value with every secret in it masked, at any depth of mappings and lists; `secret_keys`: more keys whose
    every value is a secret (besides SECRET_TREES)."""
    return replace_secrets(value, mask, secret_keys)


def mask(path: Path, value: Any, reason: str) -> Any:
    """A secret as shown: a fingerprint (of a URL, its password's only)."""
    if reason == URL:
        return URL_PASSWORD.sub(lambda found: found.group('head') + masked(found.group('password')), value)
    return masked(value)


def replace_secrets(value: Any, replace: Callable[[Path, Any, str], Any], secret_keys: Sequence[str] = (),
                    path: Path = ()) -> Any:
    """The value with each secret the policy finds replaced by replace(path, secret, reason): a value under a
    secret-looking key whole (KEY), each leaf of a secret tree (TREE, true, false and null left), a text that holds a
    URL's password (URL). `path` is the keys and list indexes on the way to it."""
    trees = (*SECRET_TREES, *secret_keys)
    if isinstance(value, Mapping):
        return {key: every_leaf(item, replace, (*path, key)) if in_tree(key, trees)
                else replace((*path, key), item, KEY) if is_secret_key(key)
                else replace_secrets(item, replace, secret_keys, (*path, key)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [replace_secrets(item, replace, secret_keys, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, str) and URL_PASSWORD.search(value):
        return replace(path, value, URL)
    return value


def secret_values(value: Any) -> List[str]:
    """Every secret value in a value, as text (the whole value, and a URL's password alone), for Ansible's no_log_values."""
    found: List[str] = []

    def keep(path: Path, secret: Any, reason: str) -> Any:
        if reason == URL:
            found.extend(match.group('password') for match in URL_PASSWORD.finditer(secret))
        elif isinstance(secret, str):
            found.append(secret)
        return secret

    replace_secrets(value, keep)
    return [text for text in found if text.strip()]


def in_tree(key: Any, trees: Sequence[str]) -> bool:
    """Whether an entry with this key is a secret tree (a dotted key: when one of its parts is)."""
    return any(part in trees for part in str(key).split('.'))


def every_leaf(value: Any, replace: Callable[[Path, Any, str], Any], path: Path) -> Any:
    """Every value in a mapping or a list replaced (the names of a mapping kept; true, false and null left)."""
    if isinstance(value, Mapping):
        return {key: every_leaf(item, replace, (*path, key)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [every_leaf(item, replace, (*path, index)) for index, item in enumerate(value)]
    return value if isinstance(value, bool) or value is None else replace(path, value, TREE)


def shown(instance: Optional[Mapping[str, Any]], secret_fields: Sequence[str]) -> Optional[Mapping[str, Any]]:
    """An instance as a task shows it: its secret fields with their secret values masked."""
    if not instance or not any(field in instance for field in secret_fields):
        return instance
    return dict(instance, **{field: without_secrets(instance[field]) for field in secret_fields if field in instance})

# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rate-limit window: what the headers of an answer may and may not make a task do."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils import _rate_window


@pytest.mark.parametrize('value', ['nan', 'NAN', 'inf', '-Infinity', 'soon', '', None])
def test_a_header_that_is_not_a_finite_number_is_ignored(value):
    assert _rate_window.number(value) is None
    assert _rate_window._retry_after(value) is None


@pytest.mark.parametrize('value, seconds', [('3', 3.0), ('0.5', 0.5), ('-4', 0.0)])
def test_retry_after_in_seconds(value, seconds):
    assert _rate_window._retry_after(value) == seconds

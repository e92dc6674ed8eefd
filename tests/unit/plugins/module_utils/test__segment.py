"""A name that becomes a URL path segment (_segment): nothing that could reach another endpoint passes."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._segment import segment, segment_problem


@pytest.mark.parametrize('value', ['', ' ', '.', '..', ' .. ', 'a/b', 'a\\b', '%2e%2e', 'a%2Fb', 'a\nb', 'a\x00b', None])
def test_what_could_reach_another_endpoint_is_refused(value):
    assert segment_problem('channel', value) is not None
    with pytest.raises(ValueError):
        segment(value)


@pytest.mark.parametrize('value, quoted', [('web-search', 'web-search'), ('my skill', 'my%20skill'), ('...', '...'),
                                           ('ä', '%C3%A4')])
def test_a_name_is_quoted_as_one_segment(value, quoted):
    assert segment_problem('name', value) is None and segment(value) == quoted

"""The connection options, checked before any request."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._connection import check_api_url, connection_problems
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER, CLAWHOSTERS


@pytest.mark.parametrize('url, ok', [
    ('https://clawhosters.com/api/v1', True),
    ('http://127.0.0.1:8080/api/v1', True),
    ('http://127.3.4.5/api/v1', True),
    ('http://[::1]:8080/api/v1', True),
    ('http://localhost/api/v1', True),
    ('http://clawhosters.com/api/v1', False),
    ('http://10.0.0.1/api/v1', False),
    ('http://localhost.example.com/api/v1', False),
    ('ftp://clawhosters.com/api/v1', False),
    ('clawhosters.com/api/v1', False),
    ('https://user:secret@clawhosters.com/api/v1', False),
    ('http://user@127.0.0.1/api/v1', False),
])
def test_check_api_url(url, ok):
    assert (check_api_url(url) is None) == ok


def test_a_url_with_a_credential_is_refused_without_showing_it():
    problem = check_api_url('https://someone:hunter2@clawhosters.com/api/v1')
    assert 'must not hold a user or password' in problem and 'hunter2' not in problem


@pytest.mark.parametrize('key, problem', [
    (None, 'api_key is not set'),
    ('  ', 'api_key is empty'),
    ('oc_live_a b', 'api_key holds a space, a line break'),
    ('oc_live_a\nb', 'api_key holds a space, a line break'),
    ('oc_live_caf\u00e9', 'not printable ASCII'),
    ('chd_org_abc', 'the prefix of Chowder keys'),
])
def test_keys_an_http_header_cannot_carry_are_refused(key, problem):
    assert problem in '; '.join(connection_problems(CLAWHOSTERS, key, 'https://clawhosters.com/api/v1', 30))


def test_surrounding_white_space_is_not_a_problem():
    assert connection_problems(CLAWHOSTERS, 'oc_live_abc\n', 'https://clawhosters.com/api/v1', 30) == []
    assert connection_problems(CHOWDER, ' chd_org_abc ', 'https://api.chowder.dev/v1', 30) == []

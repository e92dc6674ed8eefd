"""A hostile world around the API: a user's ~/.netrc, credentials in a URL, keys with white space, redirects.

Each case runs the real module against a server that records every request with its Authorization header.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance, clawhosters_instance_info

from .conftest import run_module

KEY = 'oc_live_reliability_hostile_secret'
RUNNING = {'data': {'id': 7, 'name': 'bot', 'status': 'running', 'can_start': False, 'can_stop': True, 'can_restart': True}}


def connection(api, **options):
    return dict({'api_key': KEY, 'api_url': api.url + '/api/v1'}, **options)


@pytest.fixture
def netrc(tmp_path, monkeypatch):
    """A ~/.netrc with a default entry, as many users have one: its password must never be sent."""
    path = tmp_path / '.netrc'
    path.write_text('default login someone password netrc-secret-password\n')
    path.chmod(0o600)
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('NETRC', str(path))
    return path


def test_a_netrc_default_entry_never_replaces_the_key(recorded_api, netrc):
    recorded_api.answer('/api/v1/instances', {'data': []})
    result = run_module(clawhosters_instance_info, connection(recorded_api))
    assert not result.get('failed'), result
    assert recorded_api.seen == [('GET', '/api/v1/instances', 'Bearer ' + KEY)]


def test_a_url_with_a_credential_is_refused_before_any_request(recorded_api):
    url = recorded_api.url.replace('http://', 'http://someone:url-secret@') + '/api/v1'
    result = run_module(clawhosters_instance_info, dict(connection(recorded_api), api_url=url))
    assert result['failed'] and 'api_url must not hold a user or password' in result['msg']
    assert 'url-secret' not in json.dumps(result)
    assert recorded_api.seen == []


def test_a_key_with_a_trailing_newline_is_trimmed_and_sent_once(recorded_api):
    # a vaulted block scalar ends in a newline; once that was retried six times as a "network" failure
    recorded_api.answer('/api/v1/instances', {'data': []})
    result = run_module(clawhosters_instance_info, connection(recorded_api, api_key=KEY + '\n'))
    assert not result.get('failed'), result
    assert recorded_api.seen == [('GET', '/api/v1/instances', 'Bearer ' + KEY)]


def test_a_key_with_a_line_break_inside_is_refused_before_any_request(recorded_api):
    result = run_module(clawhosters_instance_info, connection(recorded_api, api_key='oc_live_one\ntwo'))
    assert result['failed'] and 'api_key holds a space, a line break' in result['msg']
    assert recorded_api.seen == []


def test_an_action_answered_with_a_redirect_is_not_followed_and_changes_nothing(recorded_api):
    # requests would follow a 302 on a POST as a GET of the new address: the answer would look like success
    recorded_api.answer('/api/v1/instances/7', RUNNING)
    recorded_api.answer('/api/v1/instances/7/stop', b'', status=302, method='POST', headers={'Location': '/api/v1/instances/7'})
    result = run_module(clawhosters_instance, connection(recorded_api, id=7, state='stopped'))
    assert result['failed'] and result['changed'] is False and result['actions'] == []
    assert 'redirect (HTTP 302) to /api/v1/instances/7, which is not followed: check api_url' in result['msg']
    assert result['api_error']['status'] == 302 and result['api_error']['code'] == 'redirect'
    sent = [(method, path) for method, path, dummy in recorded_api.seen]
    assert sent == [('GET', '/api/v1/instances/7'), ('POST', '/api/v1/instances/7/stop')]


def test_a_read_answered_with_a_redirect_elsewhere_is_not_followed(recorded_api):
    recorded_api.answer('/api/v1/instances', b'', status=301, headers={'Location': 'https://elsewhere.example/api/v1/instances'})
    result = run_module(clawhosters_instance_info, connection(recorded_api))
    assert result['failed'] and 'redirect (HTTP 301) to https://elsewhere.example/api/v1/instances' in result['msg']
    assert len(recorded_api.seen) == 1  # not retried, and the key went nowhere else

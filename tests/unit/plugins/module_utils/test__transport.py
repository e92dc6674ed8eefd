"""The HTTP transport itself, over real sockets: what goes out (only the key given, whatever ~/.netrc says), what a
request that gets no answer becomes, and that redirects are not followed."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS
from ansible_collections.openclaw.hosting.tests.simulator.clock import VirtualClock

KEY = 'oc_live_unit_transport_secret'


def test_only_the_key_given_is_sent_whatever_netrc_says(recorded_api, tmp_path, monkeypatch):
    (tmp_path / '.netrc').write_text('machine 127.0.0.1 login someone password netrc-secret\n')
    (tmp_path / '.netrc').chmod(0o600)
    monkeypatch.setenv('HOME', str(tmp_path))
    monkeypatch.setenv('NETRC', str(tmp_path / '.netrc'))
    recorded_api.answer('/api/v1/instances', {'data': []})
    assert Client(CLAWHOSTERS, KEY, recorded_api.url + '/api/v1', clock=VirtualClock()).list_instances() == ()
    assert recorded_api.seen == [('GET', '/api/v1/instances', 'Bearer %s' % KEY)]


def test_a_redirect_is_not_followed(recorded_api):
    recorded_api.answer('/api/v1/instances/7/stop', b'', status=307, method='POST', headers={'Location': recorded_api.url + '/elsewhere'})
    with pytest.raises(ApiError) as caught:
        Client(CLAWHOSTERS, KEY, recorded_api.url + '/api/v1', clock=VirtualClock()).act('stop', 7)
    assert caught.value.code == 'redirect' and 'is not followed' in caught.value.message
    assert [path for dummy, path, dummy2 in recorded_api.seen] == ['/api/v1/instances/7/stop']


def test_an_unreachable_api_is_a_connection_error_and_reads_are_tried_again():
    clock = VirtualClock()
    unreachable = Client(CLAWHOSTERS, KEY, 'http://127.0.0.1:9/api/v1', timeout=1, retries=1, clock=clock)
    with pytest.raises(ApiError) as caught:
        unreachable.list_instances()
    assert caught.value.status is None and caught.value.code == 'connection_error' and not caught.value.maybe_applied
    assert unreachable.requests_sent == 2 and clock.slept <= 2.0  # one retry, after a backoff on the task's clock


def test_an_action_that_got_no_answer_may_have_been_carried_out_and_is_not_tried_again():
    unreachable = Client(CLAWHOSTERS, KEY, 'http://127.0.0.1:9/api/v1', timeout=1, retries=3, clock=VirtualClock())
    with pytest.raises(ApiError) as caught:
        unreachable.act('stop', 7)
    assert caught.value.code == 'connection_error' and caught.value.maybe_applied and unreachable.requests_sent == 1

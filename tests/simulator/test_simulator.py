"""The simulator's own tests: it must behave as the ClawHosters documentation says."""

from __future__ import annotations

import hashlib
import json
import ssl
import threading
import time
import urllib.error
import urllib.request

import pytest

from .server import SimulatorServer
from .tls import self_signed_certificate

KEY = 'oc_live_sim_test'


@pytest.fixture
def server():
    """A simulator in a thread of this process."""
    srv = SimulatorServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def call(server, method, path, key=KEY, body=None):
    """(status, JSON body, headers) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method)
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    if key:
        request.add_header('Authorization', 'Bearer ' + key)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def scene(server, *specs, **config):
    return server.sim.reset(dict(config, clawhosters={KEY: list(specs), 'oc_live_other': [{'name': 'other'}]}))['clawhosters'][KEY]


def test_envelopes_and_list_fields(server):
    scene(server, {'name': 'bot'})
    status, body, headers = call(server, 'GET', '/api/v1/instances')
    assert status == 200 and [i['name'] for i in body['data']] == ['bot']
    assert 'can_start' not in body['data'][0]
    assert headers['X-RateLimit-Limit'] == '100' and headers['X-RateLimit-Remaining'] == '99'
    assert int(headers['X-RateLimit-Reset']) >= time.time()


def test_auth_and_other_accounts(server):
    ids = server.sim.reset({'clawhosters': {KEY: [], 'oc_live_other': [{'name': 'other'}]}})['clawhosters']
    assert call(server, 'GET', '/api/v1/instances', key=None)[1] == {'error': {'code': 'unauthorized', 'message': 'Invalid or missing API key'}}
    status, body, dummy = call(server, 'GET', '/api/v1/instances/%d' % ids['oc_live_other'][0])
    assert status == 404 and body['error']['code'] == 'not_found'


def test_actions_follow_the_documented_availability(server):
    running, stopped = scene(server, {'name': 'a', 'status': 'running'}, {'name': 'b', 'status': 'stopped'}, timings={'action': 0.2})
    status, body, dummy = call(server, 'POST', '/api/v1/instances/%d/start' % running)
    assert status == 422 and body['error']['message'] == 'Instance cannot be started in its current state'
    status, body, dummy = call(server, 'POST', '/api/v1/instances/%d/start' % stopped)
    assert status == 200 and body['data']['status'] == 'running'  # the expected state
    assert set(body['data']) == {'id', 'name', 'status', 'tier', 'can_start', 'can_stop', 'can_restart'}
    detail = call(server, 'GET', '/api/v1/instances/%d' % stopped)[1]['data']
    assert detail['status'] == 'stopped' and not any(detail[f] for f in ('can_start', 'can_stop', 'can_restart'))
    time.sleep(0.3)
    detail = call(server, 'GET', '/api/v1/instances/%d' % stopped)[1]['data']
    assert (detail['status'], detail['can_stop'], detail['health_status']) == ('running', True, 'healthy')


def test_provisioning_then_deploying_then_running(server):
    inst = scene(server, {'name': 'new', 'status': 'provisioning'}, timings={'provisioning': 0.2, 'deploying': 0.2})[0]
    seen = []
    for dummy in range(6):
        seen.append(call(server, 'GET', '/api/v1/instances/%d' % inst)[1]['data']['status'])
        time.sleep(0.1)
    assert seen[0] == 'provisioning' and 'deploying' in seen and seen[-1] == 'running'


def test_delete_lingers_as_deleting_then_404(server):
    inst = scene(server, {'name': 'bye'}, timings={'deleting': 0.2})[0]
    status, body, dummy = call(server, 'DELETE', '/api/v1/instances/%d' % inst)
    assert status == 200 and body['data']['status'] == 'deleting' and body['data']['ip_address'] is None
    assert call(server, 'DELETE', '/api/v1/instances/%d' % inst)[0] == 422
    assert [i['status'] for i in call(server, 'GET', '/api/v1/instances')[1]['data']] == ['deleting']
    time.sleep(0.3)
    assert call(server, 'GET', '/api/v1/instances/%d' % inst)[0] == 404


def test_rate_limit(server):
    scene(server, {'name': 'a'}, rate_limit={'limit': 2, 'window': 0.5})
    assert [call(server, 'GET', '/api/v1/instances')[0] for dummy in range(3)] == [200, 200, 429]
    dummy, body, headers = call(server, 'GET', '/api/v1/instances')
    assert body['error']['code'] == 'rate_limit_exceeded' and 'Try again in' in body['error']['message']
    assert headers['X-RateLimit-Remaining'] == '0'
    time.sleep(0.6)
    assert call(server, 'GET', '/api/v1/instances')[0] == 200


def test_faults_and_request_log(server):
    scene(server, {'name': 'a'})
    call(server, 'POST', '/_sim/faults', body={'faults': [{'kind': 'error', 'status': 503, 'method': 'GET'}]})
    assert call(server, 'GET', '/api/v1/instances')[0] == 503
    assert call(server, 'GET', '/api/v1/instances')[0] == 200
    log = call(server, 'GET', '/_sim/requests')[1]
    assert [(r['status'], r['fault']) for r in log['requests']] == [(503, 'error/before'), (200, None)]


def test_billing_follows_the_instances(server):
    server.sim.reset({'clawhosters': {KEY: [{'name': 'a', 'tier': 'pro'}, {'name': 'b', 'tier': 'budget', 'status': 'stopped'},
                                            {'name': 'c', 'tier': 'pro', 'billing_mode': 'monthly'}]},
                      'billing': {KEY: {'claws_balance': 500}}})
    status, body, dummy = call(server, 'GET', '/api/v1/billing/summary')
    assert status == 200 and body['data'] == {
        'claws_balance': 500, 'daily_claw_cost': 175, 'days_remaining': 2, 'low_balance': True,
        'subscription_status': 'active', 'subscription_tier': 'none', 'instances_count': 3, 'running_instances_count': 2}
    usage = call(server, 'GET', '/api/v1/billing/usage')[1]['data']
    assert usage['daily_total'] == 175 and usage['addons'] == []
    assert [(i['name'], i['daily_claws']) for i in usage['instances']] == [('a', 175), ('b', 0), ('c', 0)]
    assert call(server, 'POST', '/api/v1/billing/summary')[0] == 404


def test_a_fault_can_skip_matching_requests_and_the_log_tells_sent_from_handled(server):
    bot = scene(server, {'name': 'a', 'status': 'running'}, timings={'action': 0})[0]
    call(server, 'POST', '/_sim/faults', body={'faults': [
        {'kind': 'error', 'status': 503, 'method': 'GET', 'skip': 1},
        {'kind': 'error', 'status': 500, 'method': 'POST', 'phase': 'after'},
    ]})
    assert call(server, 'GET', '/api/v1/instances/%d' % bot)[0] == 200
    assert call(server, 'GET', '/api/v1/instances/%d' % bot)[0] == 503
    assert call(server, 'POST', '/api/v1/instances/%d/stop' % bot)[0] == 500
    assert call(server, 'GET', '/api/v1/instances/%d' % bot)[1]['data']['status'] == 'stopped'  # it acted all the same
    log = call(server, 'GET', '/_sim/requests')[1]['requests']
    assert [(r['status'], r['handled'], r['fault']) for r in log] == [
        (200, 200, None), (503, None, 'error/before'), (500, 200, 'error/after'), (200, 200, None)]


def test_a_scene_may_name_an_account_by_the_sha256_of_its_key(server):
    hashed = 'sha256:' + hashlib.sha256(KEY.encode()).hexdigest()
    server.sim.reset({'clawhosters': {hashed: [{'name': 'a'}]}})
    assert call(server, 'GET', '/api/v1/instances')[1]['data'][0]['name'] == 'a'
    assert call(server, 'GET', '/api/v1/instances', key='oc_live_not_it')[0] == 401


def test_https_with_a_self_signed_certificate(tmp_path):
    cert, key = self_signed_certificate(str(tmp_path))
    srv = SimulatorServer(certfile=cert, keyfile=key)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        assert srv.url.startswith('https://127.0.0.1:')
        srv.sim.reset({'clawhosters': {KEY: [{'name': 'a'}]}})
        request = urllib.request.Request(srv.url + '/api/v1/instances', headers={'Authorization': 'Bearer ' + KEY})
        with pytest.raises(urllib.error.URLError, match='CERTIFICATE_VERIFY_FAILED'):
            urllib.request.urlopen(request, timeout=5)
        with urllib.request.urlopen(request, timeout=5, context=ssl.create_default_context(cafile=cert)) as response:
            assert json.loads(response.read())['data'][0]['name'] == 'a'
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.parametrize('headers, status', [
    ({'Origin': 'https://evil.example', 'Content-Type': 'application/json'}, 403),
    ({'Content-Type': 'text/plain'}, 415),  # a cross-origin "simple" request needs no preflight
    ({'Content-Type': 'application/json'}, 200),
])
def test_the_control_api_refuses_what_a_web_page_could_send(server, headers, status):
    request = urllib.request.Request(server.url + '/_sim/faults', data=b'{"faults": []}', method='POST', headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == status
    except urllib.error.HTTPError as error:
        assert error.code == status

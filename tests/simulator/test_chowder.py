"""The simulator's Chowder API must behave as the Chowder documentation says."""

from __future__ import annotations

import time

from .test_simulator import call, server  # noqa: F401  pylint: disable=unused-import

ORG = 'chd_org_sim_test'
SCOPED = 'chd_sk_sim_test'


def scene(srv, *specs, **settings):
    orgs = {ORG: dict(settings, instances=list(specs)), 'chd_org_other': [{'name': 'theirs'}]}
    return srv.sim.reset({'chowder': orgs, 'chowder_timings': {'provisioning': 0.2, 'start': 0.05, 'stop': 0.05}})['chowder'][ORG]


def test_bare_objects_newest_first_and_no_terminated(server):  # noqa: F811
    old, new, dummy = scene(server, {'name': 'old'}, {'name': 'new', 'status': 'stopped'}, {'name': 'gone', 'status': 'terminated'})
    status, body, dummy = call(server, 'GET', '/v1/instances', key=ORG)
    assert status == 200 and [i['id'] for i in body] == [new, old]
    assert set(body[0]) >= {'organization_id', 'model_provider', 'sandbox_id', 'gateway_url', 'openclaw_config', 'error_message'}
    assert call(server, 'GET', '/v1/instances/%s/status' % old, key=ORG)[1] == {
        'id': old, 'status': 'running', 'gateway_url': body[1]['gateway_url']}
    assert call(server, 'GET', '/v1/instances', key='chd_org_wrong')[:2] == (401, {'detail': 'Invalid or missing API key'})


def test_create_provisions_then_runs_or_fails_without_a_provider_key(server):  # noqa: F811
    scene(server, model_providers=['anthropic'])
    status, made, dummy = call(server, 'POST', '/v1/instances', key=ORG, body={'name': 'bot', 'openclaw_config': {'a.b': 1}})
    assert status == 201 and made['status'] == 'provisioning' and made['openclaw_config'] == {'a.b': 1}
    status, broken, dummy = call(server, 'POST', '/v1/instances', key=ORG, body={'name': 'oai', 'model_provider': 'openai'})
    assert status == 201
    time.sleep(0.3)
    assert call(server, 'GET', '/v1/instances/%s' % made['id'], key=ORG)[1]['status'] == 'running'
    broken = call(server, 'GET', '/v1/instances/%s' % broken['id'], key=ORG)[1]
    assert broken['status'] == 'error' and "model provider 'openai'" in broken['error_message']
    status, body, dummy = call(server, 'POST', '/v1/instances', key=ORG, body={'name': ''})
    assert status == 422 and body['detail'][0]['loc'] == ['body', 'name']


def test_the_plan_limit_is_a_402(server):  # noqa: F811
    scene(server, {'name': 'a', 'status': 'stopped'}, instance_limit=1)
    status, body, dummy = call(server, 'POST', '/v1/instances', key=ORG, body={'name': 'b'})
    assert status == 402 and body == {'detail': 'Instance limit reached (1/1). Upgrade your subscription.'}


def test_start_and_stop_are_409_from_the_wrong_status(server):  # noqa: F811
    inst, = scene(server, {'name': 'a', 'status': 'running'})
    status, body, dummy = call(server, 'POST', '/v1/instances/%s/start' % inst, key=ORG)
    assert status == 409 and body == {'detail': 'Instance is not stopped (status: running).'}
    status, body, dummy = call(server, 'POST', '/v1/instances/%s/stop' % inst, key=ORG)
    assert status == 200 and body['status'] == 'stopped'  # answered once done
    assert call(server, 'POST', '/v1/instances/%s/stop' % inst, key=ORG)[0] == 409


def test_delete_is_204_and_leaves_the_instance_terminated(server):  # noqa: F811
    inst, = scene(server, {'name': 'a'})
    assert call(server, 'DELETE', '/v1/instances/%s' % inst, key=ORG)[:2] == (204, None)
    assert call(server, 'GET', '/v1/instances/%s' % inst, key=ORG)[1]['status'] == 'terminated'
    assert call(server, 'GET', '/v1/instances', key=ORG)[1] == []
    assert call(server, 'DELETE', '/v1/instances/%s' % inst, key=ORG)[0] == 404


def test_patch_updates_name_and_config(server):  # noqa: F811
    inst, = scene(server, {'name': 'a', 'status': 'stopped'})
    status, body, dummy = call(server, 'PATCH', '/v1/instances/%s' % inst, key=ORG, body={'name': 'b', 'openclaw_config': {'x': 'y'}})
    assert status == 200 and (body['name'], body['openclaw_config']) == ('b', {'x': 'y'})


def test_scoped_keys_read_and_configure_only_their_instances(server):  # noqa: F811
    server.sim.reset({'chowder': {ORG: {'instances': [{'name': 'a'}, {'name': 'b'}],
                                        'scoped_keys': {SCOPED: {'instances': [0], 'permissions': ['read']}}}}})
    mine, other = [i['id'] for i in call(server, 'GET', '/v1/instances', key=ORG)[1]][::-1]
    assert call(server, 'GET', '/v1/instances/%s' % mine, key=SCOPED)[0] == 200
    assert call(server, 'GET', '/v1/instances/%s' % other, key=SCOPED)[0] == 404
    for method, path in (('GET', '/v1/instances'), ('POST', '/v1/instances'), ('POST', '/v1/instances/%s/stop' % mine),
                         ('DELETE', '/v1/instances/%s' % mine)):
        status, body, dummy = call(server, method, path, key=SCOPED, body={'name': 'x'} if method == 'POST' else None)
        assert status == 403 and 'organization key' in body['detail'], (method, path)
    status, body, dummy = call(server, 'PATCH', '/v1/instances/%s' % mine, key=SCOPED, body={'name': 'x'})
    assert status == 403 and "'configure'" in body['detail']

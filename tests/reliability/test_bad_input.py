"""Bad input is refused with a clear message before any request; TLS that does not verify is refused.

Every case runs the real module against the simulator and reads the simulator's
request log: "before any request" means the log is empty.
"""

from __future__ import annotations

import json

import certifi
import pytest

from ansible_collections.openclaw.hosting.plugins.modules import (
    chowder_fleet, chowder_instance, chowder_instance_info, clawhosters_billing_info, clawhosters_fleet, clawhosters_instance,
    clawhosters_instance_info,
)
from ansible_collections.openclaw.hosting.tests.simulator.tls import self_signed_certificate
from ansible_collections.openclaw.hosting.tests.simulator.process import SimulatorProcess

from .conftest import run_module
from .test_inventory_hostile import ansible_inventory

CLAW_KEY = 'oc_live_reliability_input_secret'
CHOWDER_KEY = 'chd_org_reliability_input_secret'

# (module, options, what the message must say); the connection options are added by the test
REFUSED = [
    (clawhosters_instance, {'id': '101/../102', 'state': 'stopped'}, "argument 'id' is of type"),
    (clawhosters_instance, {'id': '101?x=1', 'state': 'stopped'}, "argument 'id' is of type"),
    (clawhosters_instance, {'id': -3, 'state': 'stopped'}, 'a ClawHosters instance id is a positive integer'),
    (clawhosters_instance, {'id': 101, 'state': 'rebooted'}, 'value of state must be one of: present, started, stopped, restarted, absent'),
    (clawhosters_instance, {'id': 101, 'wait_timeout': 'soon'}, "argument 'wait_timeout' is of type"),
    (clawhosters_instance, {'id': 101, 'wait': 'perhaps'}, "argument 'wait' is of type"),
    (clawhosters_instance, {'id': 101, 'name': 'bot'}, 'parameters are mutually exclusive: id|name'),
    (clawhosters_instance, {'state': 'stopped'}, 'one of the following is required: id, name'),
    (clawhosters_instance, {'name': '  '}, 'name is empty'),
    (clawhosters_instance, {'id': 101, 'api_timeout': 0}, 'api_timeout must be at least 1 second'),
    (clawhosters_instance, {'id': 101, 'api_retries': -1}, 'api_retries must not be negative'),
    (clawhosters_instance, {'id': 101, 'api_key': ''}, 'api_key is empty'),
    (clawhosters_instance, {'id': 101, 'api_key': '   '}, 'api_key is empty'),
    (clawhosters_instance, {'id': 101, 'api_key': 'chd_org_abc123'},
     'api_key begins with chd_org_, the prefix of Chowder keys, but this is ClawHosters'),
    (clawhosters_instance_info, {'api_key': 'chd_sk_abc123'}, 'the prefix of Chowder keys'),
    (clawhosters_billing_info, {'api_key': 'chd_org_abc123'}, 'the prefix of Chowder keys'),
    (clawhosters_instance, {'id': 101, 'api_url': 'http://clawhosters.com/api/v1'}, 'api_url must be an https:// URL'),
    (clawhosters_instance, {'id': 101, 'api_url': 'http://10.0.0.8:8080/api/v1'}, 'api_url must be an https:// URL'),
    (clawhosters_instance, {'id': 101, 'api_url': 'ftp://127.0.0.1/api/v1'}, 'api_url must be an https:// URL'),
    # odd values no option may take: each a clear message, none "This is a bug"
    (clawhosters_instance, {'id': 101, 'api_url': 'http://[::1'}, "api_url is not a URL that can be parsed"),
    (clawhosters_instance, {'id': 101, 'api_url': 'https://clawhosters.com:99999/api/v1'}, "api_url is not a URL that can be parsed"),
    (clawhosters_instance, {'id': 101, 'api_timeout': 99999999999}, 'api_timeout must be at most 600 seconds, got 99999999999'),
    (clawhosters_instance, {'id': 101, 'wait_timeout': 99999999999}, 'wait_timeout must be at most 86400 seconds'),
    (clawhosters_instance, {'id': 101, 'api_retries': 10 ** 12}, 'api_retries must be at most 20 retries'),
    (clawhosters_instance, {'name': 'bot', 'list_freshness': 1e300}, 'list_freshness must be at most 60 seconds'),
    (clawhosters_instance, {'name': 'bot', 'list_freshness': float('nan')}, 'list_freshness must be a number of seconds'),
    (chowder_instance, {'name': 'bot', 'api_timeout': 601}, 'api_timeout must be at most 600 seconds'),
    (clawhosters_instance_info, {'api_url': 'https://[::1/api'}, "api_url is not a URL that can be parsed"),
    (clawhosters_fleet, {'instances': [{'id': 1}], 'concurrency': 10 ** 9}, 'concurrency must be at most 200 threads'),
    (chowder_instance, {'id': '../organization', 'state': 'stopped'}, 'a Chowder instance id has only letters, digits'),
    (chowder_instance, {'id': 'abc/stop', 'state': 'stopped'}, 'a Chowder instance id has only letters, digits'),
    (chowder_instance, {'id': 'abc%2Fstop'}, 'a Chowder instance id has only letters, digits'),
    (chowder_instance, {'name': 'x' * 129}, 'name has 129 characters; Chowder allows at most 128'),
    (chowder_instance, {'name': 'bot', 'model_provider': 'mistral'}, 'value of model_provider must be one of'),
    (chowder_instance, {'name': 'bot', 'openclaw_config': 'not a dict'}, "argument 'openclaw_config' is of type"),
    (chowder_instance, {'name': 'bot', 'api_key': 'oc_live_abc123'},
     'api_key begins with oc_live_, the prefix of ClawHosters keys, but this is Chowder'),
    (chowder_instance_info, {'api_key': 'oc_live_abc123'}, 'the prefix of ClawHosters keys'),
    (chowder_instance_info, {'id': 'a b'}, 'a Chowder instance id has only letters, digits'),
    (clawhosters_fleet, {'instances': [{'id': 7}, {'name': 'a'}, {'id': '7'}]}, 'instances[2]: the instance with id 7 is listed twice'),
    (clawhosters_fleet, {'instances': [{'id': -3}]}, 'instances[0]: a ClawHosters instance id is a positive integer'),
    (clawhosters_fleet, {'instances': [{'id': 1, 'name': 'a'}]}, 'parameters are mutually exclusive: id|name'),
    (clawhosters_fleet, {'instances': [{'state': 'stopped'}]}, 'one of the following is required: id, name'),
    (clawhosters_fleet, {'instances': [{'id': 1}], 'concurrency': 0}, 'concurrency must be at least 1'),
    (clawhosters_fleet, {'instances': [{'id': 1}], 'api_key': 'chd_org_abc123'}, 'the prefix of Chowder keys'),
    (chowder_fleet, {'instances': [{'name': 'x' * 129}]}, 'instances[0].name has 129 characters; Chowder allows at most 128'),
    (chowder_fleet, {'instances': [{'id': '../organization', 'state': 'stopped'}]}, 'a Chowder instance id has only letters'),
    (chowder_fleet, {'instances': [{'name': 'a', 'state': 'paused'}]}, 'value of state must be one of'),
]


def connection(simulator, module):
    if module.__name__.split('.')[-1].startswith('chowder'):
        return {'api_key': CHOWDER_KEY, 'api_url': simulator.chowder_url}
    return {'api_key': CLAW_KEY, 'api_url': simulator.api_url}


@pytest.mark.parametrize('module, options, message', REFUSED,
                         ids=['%s-%d' % (case[0].__name__.split('.')[-1], index) for index, case in enumerate(REFUSED)])
def test_bad_input_is_refused_before_any_request(simulator, module, options, message):
    simulator.control('POST', '/reset', {'clawhosters': {CLAW_KEY: [{'name': 'bot'}]}, 'chowder': {CHOWDER_KEY: [{'name': 'bot'}]}})
    result = run_module(module, dict(connection(simulator, module), **options))
    assert result.get('failed') and message in result['msg'], result
    assert simulator.requests() == []
    assert CLAW_KEY not in json.dumps(result) and CHOWDER_KEY not in json.dumps(result)


@pytest.mark.parametrize('module, key', [(clawhosters_instance, CLAW_KEY), (chowder_instance, CHOWDER_KEY)])
def test_a_name_matching_several_instances_changes_nothing(simulator, module, key):
    provider = 'chowder' if module is chowder_instance else 'clawhosters'
    ids = simulator.control('POST', '/reset', {provider: {key: [{'name': 'twin', 'status': 'running'}] * 2}})[provider][key]
    result = run_module(module, dict(connection(simulator, module), name='twin', state='stopped'))
    assert result.get('failed') and not result['changed']
    assert "2 %s instances are named 'twin' (ids " % ('Chowder' if provider == 'chowder' else 'ClawHosters') in result['msg']
    assert all(str(instance_id) in result['msg'] for instance_id in ids)
    assert [method for method, dummy, dummy2 in simulator.requests()] == ['GET']  # the list, nothing else
    assert {inst['status'] for inst in simulator.instances(provider).values()} == {'running'}


@pytest.fixture(scope='module')
def tls_simulator(tmp_path_factory):
    """A simulator served over HTTPS with a self-signed certificate; yields (process, certificate path)."""
    cert, key = self_signed_certificate(str(tmp_path_factory.mktemp('tls')))
    process = SimulatorProcess(certfile=cert, keyfile=key)
    process.control('POST', '/reset', {'clawhosters': {CLAW_KEY: [{'name': 'bot', 'status': 'running'}]}})
    yield process, cert
    process.stop()


def use_bundle(monkeypatch, bundle):
    """Set REQUESTS_CA_BUNDLE: None unsets it (and CURL_CA_BUNDLE), "system" is certifi's bundle, else a path."""
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    if bundle is None:
        monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    else:
        monkeypatch.setenv('REQUESTS_CA_BUNDLE', certifi.where() if bundle == 'system' else bundle)


def read_bot(tls, **options):
    process, dummy = tls
    return run_module(clawhosters_instance_info, dict(api_key=CLAW_KEY, api_url=process.api_url, name='bot', **options))


@pytest.mark.parametrize('bundle', [None, 'system'])
def test_a_certificate_that_does_not_verify_is_refused(tls_simulator, monkeypatch, bundle):
    use_bundle(monkeypatch, bundle)
    result = read_bot(tls_simulator)  # validate_certs defaults to true
    assert result.get('failed') and result['api_error']['code'] == 'tls_error'
    assert 'the TLS connection failed' in result['msg'] and 'REQUESTS_CA_BUNDLE' in result['msg']
    assert 'CERTIFICATE_VERIFY_FAILED' in result['msg']
    assert CLAW_KEY not in json.dumps(result) and 'Bearer' not in json.dumps(result)
    assert tls_simulator[0].requests() == []  # refused in the handshake: the server never saw a request


@pytest.mark.parametrize('bundle', [None, 'system'])
def test_validate_certs_false_accepts_it(tls_simulator, monkeypatch, bundle):
    use_bundle(monkeypatch, bundle)  # a CA bundle in the environment must not turn verification back on
    result = read_bot(tls_simulator, validate_certs=False)
    assert not result.get('failed') and result['instances'][0]['name'] == 'bot'


@pytest.mark.parametrize('value, verified', [('false', False), ('no', False), ('true', True), ('', True), ('  ', True)])
def test_validate_certs_from_the_environment_and_a_blank_one_verifies(tls_simulator, monkeypatch, tmp_path, value, verified):
    """CLAWHOSTERS_VALIDATE_CERTS sets validate_certs for the modules and the inventory plugin; empty counts as not set
    (what Automation Platform injects for a blank field), never as false."""
    use_bundle(monkeypatch, None)
    monkeypatch.setenv('CLAWHOSTERS_VALIDATE_CERTS', value)
    result = read_bot(tls_simulator)
    assert bool(result.get('failed')) is verified and (not verified or result['api_error']['code'] == 'tls_error')
    process = tls_simulator[0]
    source = 'plugin: openclaw.hosting.clawhosters\napi_key: %s\napi_url: %s\n' % (CLAW_KEY, process.api_url)
    code, listed, errors = ansible_inventory(tmp_path, {'openclaw.clawhosters.yml': source}, CLAWHOSTERS_VALIDATE_CERTS=value)
    hosts = (listed or {}).get('clawhosters', {}).get('hosts', [])
    assert code == 0 and hosts == ([] if verified else ['bot']), errors
    assert ('CERTIFICATE_VERIFY_FAILED' in ' '.join(errors.split())) is verified, errors


def test_requests_ca_bundle_makes_it_trusted(tls_simulator, monkeypatch):
    use_bundle(monkeypatch, tls_simulator[1])
    result = read_bot(tls_simulator)
    assert not result.get('failed') and result['instances'][0]['name'] == 'bot'

"""The module side: every failure ends in fail_json, an unexpected one with its traceback for -vvv."""

from __future__ import annotations

import json

from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance, clawhosters_instance_info
from ansible_collections.openclaw.hosting.tests.simulator.plugin import run_module

KEY = 'oc_live_unit_module_secret'


def test_an_unexpected_exception_is_a_clean_failure_that_names_it(recorded_api):
    # its traceback reaches the user as the result's exception: tests/reliability/test_bad_input.py shows it
    # an instance that is a list: nothing in the loop expects it yet, so it ends as a bug would
    recorded_api.answer('/api/v1/instances/7', {'data': ['not', 'an', 'instance']})
    result = run_module(clawhosters_instance, {'id': 7, 'state': 'stopped', 'api_key': KEY, 'api_url': recorded_api.url + '/api/v1'})
    assert result['failed'] is True
    assert result['msg'].startswith('openclaw.hosting failed unexpectedly with AttributeError: ')
    assert 'This is a bug' in result['msg'] and ', line ' in result['msg']
    assert KEY not in json.dumps(result)


def test_an_api_failure_is_a_message_and_api_error_without_a_traceback(recorded_api):
    recorded_api.answer('/api/v1/instances', {'error': {'code': 'unauthorized', 'message': 'Invalid or missing API key'}}, status=401)
    result = run_module(clawhosters_instance_info, {'api_key': KEY, 'api_url': recorded_api.url + '/api/v1'})
    assert result['failed'] is True and 'exception' not in result
    assert result['msg'].startswith('ClawHosters API error while reading instances: HTTP 401: unauthorized: Invalid or missing API key')
    assert result['api_error'] == {'status': 401, 'code': 'unauthorized', 'message': 'Invalid or missing API key', 'details': None}
    assert len(recorded_api.seen) == 1


def test_invalid_options_fail_before_any_request(recorded_api):
    result = run_module(clawhosters_instance, {'id': 0, 'state': 'stopped', 'api_key': KEY, 'api_url': recorded_api.url + '/api/v1',
                                               'api_retries': -1})
    assert result['failed'] is True
    assert result['msg'] == ('Invalid options: a ClawHosters instance id is a positive integer, got 0; '
                             'api_retries must not be negative.')
    assert recorded_api.seen == []

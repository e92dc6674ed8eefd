"""The module side: every failure ends in fail_json, an unexpected one with its traceback for -vvv."""

from __future__ import annotations

import json

try:  # ansible-core 2.19 and later: module tracebacks are returned when the controller asks for them
    from ansible.module_utils._internal import _traceback
except ImportError:  # before 2.19, fail_json returns the exception it is given
    _traceback = None

from ansible_collections.openclaw.hosting.plugins.module_utils._reconcile import Reconciler
from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance, clawhosters_instance_info
from ansible_collections.openclaw.hosting.tests.simulator.plugin import run_module

KEY = 'oc_live_unit_module_secret'


def test_an_unexpected_exception_is_a_clean_failure_with_its_traceback(recorded_api, monkeypatch):
    # every answer is checked at the client, so no answer makes a bug any more: one is planted in the loop instead
    def a_bug(*args, **kwargs):
        raise RuntimeError('a bug in the loop')

    monkeypatch.setattr(Reconciler, 'converge', a_bug)
    args = {'id': 7, 'state': 'stopped', 'api_key': KEY, 'api_url': recorded_api.url + '/api/v1'}
    # ansible-core 2.19 and later return the traceback when the controller asks for it (-vvv or ANSIBLE_DISPLAY_TRACEBACK)
    if _traceback is not None:
        monkeypatch.setattr(_traceback, '_module_tracebacks_enabled_events', None, raising=False)
        args['_ansible_tracebacks_for'] = ['error']
    result = run_module(clawhosters_instance, args)
    assert result['failed'] is True
    assert result['msg'].startswith('openclaw.hosting failed unexpectedly with RuntimeError: a bug in the loop (in a_bug, line ')
    assert 'This is a bug' in result['msg']
    assert result['exception'].startswith('Traceback (most recent call last)') and 'RuntimeError: a bug in the loop' in result['exception']
    assert KEY not in json.dumps(result) and recorded_api.seen == []


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

"""Empty means unset: environment variables set to "" (what Automation Platform injects for a credential field left
blank) or to white space count as not set, in the modules, the inventory plugins and the event sources.

Each case runs the real module, the real ansible-inventory or the real event source against the simulator with
exactly that environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from ansible_collections.openclaw.hosting.extensions.eda.plugins.event_source import clawhosters_events
from ansible_collections.openclaw.hosting.plugins.modules import clawhosters_instance

from .conftest import COLLECTION_ROOT, run_module

KEY = 'oc_live_reliability_blank_secret'
BLANKS = ['', '   ']


@pytest.fixture
def scene(simulator):
    simulator.control('POST', '/reset', {'clawhosters': {KEY: [{'name': 'bot', 'status': 'running'}]}})
    return simulator


@pytest.mark.parametrize('blank', BLANKS)
def test_a_module_reads_blank_variables_as_not_set(scene, monkeypatch, blank):
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    monkeypatch.setenv('CLAWHOSTERS_API_URL', scene.api_url)
    monkeypatch.setenv('CLAWHOSTERS_API_TIMEOUT', blank)
    monkeypatch.setenv('OPENCLAW_HOSTING_LIST_FRESHNESS', blank)
    result = run_module(clawhosters_instance, {'name': 'bot', 'state': 'started'})
    assert not result.get('failed') and result['instance']['name'] == 'bot', result
    # a blank URL is the default URL, not "api_url must be an https:// URL, got ''": with a timeout of 0 the task
    # fails before any request, naming that one problem alone
    monkeypatch.setenv('CLAWHOSTERS_API_URL', blank)
    scene.clear()
    result = run_module(clawhosters_instance, {'name': 'bot', 'api_timeout': 0})
    assert result['failed'] and 'api_timeout must be at least 1 second' in result['msg'] and 'api_url' not in result['msg']
    assert scene.requests() == []


def inventory(tmp_path, env, text='plugin: openclaw.hosting.clawhosters\n'):
    (tmp_path / 'openclaw.clawhosters.yml').write_text(text)
    process = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', str(tmp_path / 'openclaw.clawhosters.yml'),
         '--list'], env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]),
                             ANSIBLE_INVENTORY_ENABLED='openclaw.hosting.clawhosters', **env),
        capture_output=True, text=True, check=False, timeout=120)
    return process.returncode, process.stdout, process.stderr


@pytest.mark.parametrize('blank', BLANKS)
def test_an_inventory_sync_reads_blank_variables_as_not_set(scene, tmp_path, blank):
    code, out, err = inventory(tmp_path, {'CLAWHOSTERS_API_KEY': KEY, 'CLAWHOSTERS_API_URL': scene.api_url,
                                          'CLAWHOSTERS_API_TIMEOUT': blank})
    assert code == 0 and json.loads(out)['clawhosters']['hosts'] == ['bot'], err
    scene.clear()
    code, out, err = inventory(tmp_path, {'CLAWHOSTERS_API_KEY': KEY, 'CLAWHOSTERS_API_URL': blank},
                               'plugin: openclaw.hosting.clawhosters\napi_timeout: 0\n')
    said = ' '.join(err.split())
    assert 'api_timeout must be at least 1 second' in said and 'api_url must be' not in said, said
    assert scene.requests() == []


@pytest.mark.parametrize('blank', BLANKS)
def test_an_event_source_reads_blank_variables_as_not_set(scene, monkeypatch, blank):
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    monkeypatch.setenv('CLAWHOSTERS_API_URL', scene.api_url)
    monkeypatch.setenv('CLAWHOSTERS_API_TIMEOUT', blank)

    async def first_event():
        queue = asyncio.Queue()
        source = asyncio.ensure_future(clawhosters_events.main(queue, {'interval': 1, 'billing_interval': 0}))
        try:
            return await asyncio.wait_for(queue.get(), 20)
        finally:
            source.cancel()

    event = asyncio.run(first_event())
    assert event['openclaw']['type'] == 'added' and event['openclaw']['instance']['name'] == 'bot'

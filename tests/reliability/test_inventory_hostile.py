"""The inventory plugins as users configure them: templated keys, sources that share host names, secret fields.

Each case runs the real ansible-inventory on inventory files against the simulator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import COLLECTION_ROOT

CLAW_KEY = 'oc_live_reliability_inventory_secret'
CHOWDER_KEY = 'chd_org_reliability_inventory_secret'
CHANNEL_TOKEN = 'telegram-bot-token-secret-123'


def ansible_inventory(tmp_path, sources, *extra, **env):
    """Run ansible-inventory --list on the sources ({file name: YAML}, in one directory); (exit code, JSON or None, stderr)."""
    folder = tmp_path / 'inventory'
    folder.mkdir(exist_ok=True)
    for name, text in sources.items():
        (folder / name).write_text(text)
    process = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', str(folder), '--list', *extra],
        env=dict({key: value for key, value in os.environ.items() if not key.startswith(('CLAWHOSTERS_', 'CHOWDER_'))},
                 ANSIBLE_COLLECTIONS_PATH=str(COLLECTION_ROOT.parents[2]), ANSIBLE_NOCOLOR='1', ANSIBLE_DEPRECATION_WARNINGS='0',
                 ANSIBLE_INVENTORY_ENABLED='openclaw.hosting.clawhosters,openclaw.hosting.chowder,ansible.builtin.yaml',
                 **env),
        capture_output=True, text=True, check=False)
    try:
        listed = json.loads(process.stdout, object_hook=_plain)
    except ValueError:
        listed = None
    return process.returncode, listed, process.stderr


def _plain(value):
    """A value of ansible-inventory's JSON without its marks ({"__ansible_unsafe": "running"} -> "running")."""
    return value.get('__ansible_unsafe', value) if len(value) == 1 else value


def scene(simulator, clawhosters=(), chowder=()):
    simulator.control('POST', '/reset', {'clawhosters': {CLAW_KEY: list(clawhosters)}, 'chowder': {CHOWDER_KEY: list(chowder)}})


def test_the_key_and_url_may_be_templates_rendered_with_the_extra_vars(simulator, tmp_path):
    scene(simulator, clawhosters=[{'name': 'alpha', 'status': 'running'}])
    (tmp_path / 'vault.yml').write_text('vault_claw_key: %s\n' % CLAW_KEY)
    code, listed, errors = ansible_inventory(
        tmp_path, {'openclaw.clawhosters.yml': 'plugin: openclaw.hosting.clawhosters\napi_key: "{{ vault_claw_key }}"\n'
                   'api_url: "{{ lookup(\'ansible.builtin.env\', \'SIMULATOR_URL\') }}/api/v1"\n'},
        '-e', '@%s' % (tmp_path / 'vault.yml'), SIMULATOR_URL=simulator.url)
    assert code == 0, errors
    assert listed['clawhosters']['hosts'] == ['alpha']
    assert simulator.requests() == [('GET', '/api/v1/instances', 200)]  # the simulator answers 401 to any other key


def test_an_undefined_variable_in_the_key_fails_before_any_request_without_the_template(simulator, tmp_path):
    scene(simulator)
    dummy, dummy2, errors = ansible_inventory(
        tmp_path, {'openclaw.clawhosters.yml': 'plugin: openclaw.hosting.clawhosters\napi_key: "{{ vault_claw_key }}"\n'
                   'api_url: %s/api/v1\n' % simulator.url}, '-vvv')
    assert 'api_key in the openclaw.hosting.clawhosters inventory file could not be templated' in errors, errors
    assert "'vault_claw_key' is undefined" in errors and '{{ vault_claw_key }}' not in errors
    assert simulator.requests() == []


def test_host_names_are_unique_across_sources_and_never_reserved(simulator, tmp_path):
    claw_ids = simulator.control('POST', '/reset', {
        'clawhosters': {CLAW_KEY: [{'name': 'shared', 'status': 'running'}, {'name': 'localhost', 'status': 'running'},
                                   {'name': 'web1', 'status': 'running'}]},
        'chowder': {CHOWDER_KEY: [{'name': 'shared', 'status': 'running'}, {'name': 'all', 'status': 'running'}]}})
    claw, chowder = claw_ids['clawhosters'][CLAW_KEY], claw_ids['chowder'][CHOWDER_KEY]
    # sources are parsed in the order of their file names: the static hosts, then ClawHosters, then Chowder
    code, listed, errors = ansible_inventory(tmp_path, {
        '01-static.yml': 'all:\n  hosts:\n    web1:\n      role: web\n',
        '02-openclaw.clawhosters.yml': 'plugin: openclaw.hosting.clawhosters\napi_key: %s\napi_url: %s/api/v1\n' % (CLAW_KEY, simulator.url),
        '03-openclaw.chowder.yml': 'plugin: openclaw.hosting.chowder\napi_key: %s\napi_url: %s/v1\n' % (CHOWDER_KEY, simulator.url),
    })
    assert code == 0, errors
    assert sorted(listed['clawhosters']['hosts']) == sorted(['shared', 'localhost_%s' % claw[1], 'web1_%s' % claw[2]])
    assert sorted(listed['chowder']['hosts']) == sorted(['shared_%s' % chowder[0], 'all_%s' % chowder[1]])
    hostvars = listed['_meta']['hostvars']
    assert hostvars['web1'] == {'role': 'web'}, 'the static host was merged with an instance'
    assert hostvars['shared']['clawhosters_id'] == claw[0] and 'chowder_id' not in hostvars['shared']
    flat = ' '.join(errors.split())
    assert 'are in the inventory as localhost_%s (instead of localhost), web1_%s (instead of web1)' % (claw[1], claw[2]) in flat, errors
    assert 'all_%s (instead of all), shared_%s (instead of shared)' % (chowder[1], chowder[0]) in flat, errors


def test_secret_fields_stay_out_of_host_vars_and_the_cache_unless_asked_for(simulator, tmp_path):
    scene(simulator, chowder=[{'name': 'bot', 'status': 'running', 'openclaw_config': {'channels.telegram.token': CHANNEL_TOKEN}}])
    cache = tmp_path / 'cache'
    source = ('plugin: openclaw.hosting.chowder\napi_key: %s\napi_url: %s/v1\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n'
              'cache_connection: %s\n' % (CHOWDER_KEY, simulator.url, cache))
    code, listed, errors = ansible_inventory(tmp_path, {'openclaw.chowder.yml': source})
    assert code == 0, errors
    assert listed['_meta']['hostvars']['bot']['chowder_status'] == 'running'
    assert 'chowder_openclaw_config' not in listed['_meta']['hostvars']['bot']
    cached = ''.join(path.read_text() for path in cache.iterdir())
    assert cached and CHANNEL_TOKEN not in cached and CHOWDER_KEY not in cached

    code, listed, errors = ansible_inventory(tmp_path, {'openclaw.chowder.yml': source.replace('cache: true', 'cache: false')
                                                        + 'include_secret_fields: true\n'})
    assert code == 0, errors
    assert listed['_meta']['hostvars']['bot']['chowder_openclaw_config'] == {'channels.telegram.token': CHANNEL_TOKEN}


def test_api_retries_bounds_the_retries_of_the_list(simulator, tmp_path):
    """Two 502s on the list: api_retries 1 gives up after two tries (the source fails to parse, naming the API's
    answer); the default (5) tries a third time and lists the instance."""
    scene(simulator, clawhosters=[{'name': 'alpha', 'status': 'running'}])
    source = 'plugin: openclaw.hosting.clawhosters\napi_key: %s\napi_url: %s\n' % (CLAW_KEY, simulator.api_url)
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'GET', 'path': '^/instances$', 'count': 2})
    code, listed, errors = ansible_inventory(tmp_path, {'openclaw.clawhosters.yml': source + 'api_retries: 1\n'})
    assert simulator.requests() == [('GET', '/api/v1/instances', 502)] * 2
    assert 'HTTP 502' in ' '.join(errors.split()) and 'clawhosters' not in listed, errors
    simulator.clear()
    simulator.faults({'kind': 'html', 'status': 502, 'method': 'GET', 'path': '^/instances$', 'count': 2})
    code, listed, errors = ansible_inventory(tmp_path, {'openclaw.clawhosters.yml': source})
    assert code == 0 and listed['clawhosters']['hosts'] == ['alpha'], errors
    assert simulator.requests() == [('GET', '/api/v1/instances', 502)] * 2 + [('GET', '/api/v1/instances', 200)]

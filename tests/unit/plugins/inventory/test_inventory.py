"""The inventory plugins, through Ansible's own InventoryManager, against recorded API answers and the simulator."""

from __future__ import annotations

import json
import pathlib

import pytest
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader

from ansible_collections.openclaw.hosting.plugins.plugin_utils._inventory import InstanceInventory

RECORDED = pathlib.Path(__file__).parent / 'recorded'
KEY = 'oc_live_unit_inventory_secret'
CHOWDER_KEY = 'chd_org_unit_inventory_secret'


@pytest.fixture
def api(recorded_api):
    """The recorded API answers' server."""
    return recorded_api


def recording(name):
    return (RECORDED / name).read_bytes()


@pytest.fixture(autouse=True)
def no_provider_environment(monkeypatch):
    for name in ('CLAWHOSTERS_API_KEY', 'CLAWHOSTERS_API_URL', 'CLAWHOSTERS_VALIDATE_CERTS', 'CHOWDER_API_KEY', 'CHOWDER_API_URL',
                 'CHOWDER_VALIDATE_CERTS'):
        monkeypatch.delenv(name, raising=False)


def parse(tmp_path, config, filename='openclaw.clawhosters.yml'):
    """The inventory Ansible builds from one inventory file holding config."""
    source = tmp_path / filename
    source.write_text(json.dumps(config))
    return InventoryManager(loader=DataLoader(), sources=[str(source)])


def displayed(capsys):
    """What Ansible displayed, as one line: before ansible-core 2.19 a warning is wrapped at 80 columns."""
    output = capsys.readouterr()
    return ' '.join((output.out + output.err).split())


def hostvars(inventory, host):
    return {name: value for name, value in inventory.get_host(host).get_vars().items()
            if name not in ('inventory_file', 'inventory_dir', 'inventory_hostname', 'inventory_hostname_short', 'group_names')}


def groups(inventory):
    return {name: sorted(host.name for host in group.get_hosts())
            for name, group in inventory.groups.items() if name not in ('all', 'ungrouped')}


def clawhosters(api, **options):
    return dict({'plugin': 'openclaw.hosting.clawhosters', 'api_url': api.url + '/api/v1'}, **options)


def test_clawhosters_hosts_variables_and_default_status_filter(api, tmp_path, monkeypatch):
    api.answer('/api/v1/instances', recording('clawhosters_instances.json'))
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)  # the file has no key: the environment's is used
    inventory = parse(tmp_path, clawhosters(api))
    assert api.seen == [('GET', '/api/v1/instances', 'Bearer ' + KEY)]
    # "deleting" is left out; the two instances named twin are both kept, under their ids
    assert groups(inventory) == {'clawhosters': ['fresh', 'my-ai-bot', 'night-shift', 'twin_46', 'twin_47']}
    assert hostvars(inventory, 'my-ai-bot') == {
        'ansible_host': '2a01:4f9:0:0::abcd:1234',
        'clawhosters_id': 42, 'clawhosters_name': 'my-ai-bot', 'clawhosters_status': 'running',
        'clawhosters_tier': 'balanced', 'clawhosters_billing_mode': 'daily',
        'clawhosters_ip_address': '2a01:4f9:0:0::abcd:1234', 'clawhosters_health_status': 'healthy',
        'clawhosters_created_at': '2026-02-05T12:34:56Z', 'clawhosters_provisioned_at': '2026-02-05T12:40:22Z',
    }
    assert 'ansible_host' not in hostvars(inventory, 'fresh')  # no address before provisioning
    assert hostvars(inventory, 'twin_47')['clawhosters_id'] == 47


def test_key_in_the_file_wins_over_the_environment(api, tmp_path, monkeypatch):
    api.answer('/api/v1/instances', recording('clawhosters_instances.json'))
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', 'oc_live_from_environment')
    parse(tmp_path, clawhosters(api, api_key=KEY))
    assert [auth for dummy, dummy2, auth in api.seen] == ['Bearer ' + KEY]


def test_statuses_hostname_and_constructed_groups(api, tmp_path, monkeypatch):
    api.answer('/api/v1/instances', recording('clawhosters_instances.json'))
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    inventory = parse(tmp_path, clawhosters(
        api, statuses=['running', 'deleting'], hostname='id',
        keyed_groups=[{'key': 'clawhosters_tier', 'prefix': 'tier'}],
        groups={'unhealthy': "clawhosters_health_status == 'unhealthy'"},
        compose={'ansible_connection': "'local'", 'bot_label': "clawhosters_name ~ '@' ~ clawhosters_tier"}))
    assert groups(inventory) == {
        'clawhosters': ['42', '45', '46', '47'],
        'tier_balanced': ['42'], 'tier_budget': ['45', '46', '47'],
        'unhealthy': ['47'],
    }
    assert hostvars(inventory, '42')['bot_label'] == 'my-ai-bot@balanced'
    assert hostvars(inventory, '42')['ansible_connection'] == 'local'


@pytest.mark.parametrize('filters, hosts', [
    ({'tiers': ['budget']}, ['night-shift', 'twin_46', 'twin_47']),  # deleting (45, budget) is still left out
    ({'name_pattern': '^twin$'}, ['twin_46', 'twin_47']),
    ({'name_pattern': 'sh'}, ['fresh', 'night-shift']),  # a match anywhere in the name (re.search)
    ({'statuses': ['running', 'deleting'], 'tiers': ['budget'], 'name_pattern': '^(old|twin)'}, ['old', 'twin_46', 'twin_47']),
    ({'statuses': ['stopped'], 'tiers': ['pro']}, []),  # every filter must pass
])
def test_filters_choose_the_hosts_from_the_one_list(api, tmp_path, monkeypatch, filters, hosts):
    api.answer('/api/v1/instances', recording('clawhosters_instances.json'))
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    inventory = parse(tmp_path, clawhosters(api, **filters))
    assert groups(inventory) == {'clawhosters': hosts}
    assert len(api.seen) == 1


def test_chowder_filters_by_status_and_name(api, tmp_path, monkeypatch):
    api.answer('/v1/instances', recording('chowder_instances.json'))
    monkeypatch.setenv('CHOWDER_API_KEY', CHOWDER_KEY)
    config = {'plugin': 'openclaw.hosting.chowder', 'api_url': api.url + '/v1'}
    assert groups(parse(tmp_path, dict(config, name_pattern='^res'), filename='team.chowder.yaml')) == {'chowder': ['researcher']}
    both = dict(config, name_pattern='a', statuses=['stopped'])  # both names have an "a"; one is stopped
    assert groups(parse(tmp_path, both, filename='team.chowder.yaml')) == {'chowder': ['my-assistant']}


def test_chowder_hosts_have_no_ansible_host(api, tmp_path, monkeypatch):
    api.answer('/v1/instances', recording('chowder_instances.json'))
    monkeypatch.setenv('CHOWDER_API_KEY', CHOWDER_KEY)
    config = {'plugin': 'openclaw.hosting.chowder', 'api_url': api.url + '/v1',
              'keyed_groups': [{'key': 'chowder_model_provider', 'prefix': 'provider'}]}
    inventory = parse(tmp_path, config, filename='team.chowder.yaml')
    assert api.seen == [('GET', '/v1/instances', 'Bearer ' + CHOWDER_KEY)]
    assert groups(inventory) == {'chowder': ['my-assistant', 'researcher'],
                                 'provider_anthropic': ['my-assistant'], 'provider_openai': ['researcher']}
    researcher = hostvars(inventory, 'researcher')
    assert 'ansible_host' not in researcher
    assert researcher['chowder_id'] == '0b9d6c1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e'
    assert 'chowder_openclaw_config' not in researcher  # it may hold tokens: only with include_secret_fields
    assert researcher['chowder_gateway_url'] == 'https://sb-def456-18789.preview.sandbox.app'
    inventory = parse(tmp_path, dict(config, include_secret_fields=True), filename='team.chowder.yaml')
    assert hostvars(inventory, 'researcher')['chowder_openclaw_config'] == {'agents': {'defaults': {'model': 'gpt-5'}}}


def test_api_error_is_a_clear_parse_failure_without_the_key(api, tmp_path, monkeypatch, capsys):
    api.answer('/api/v1/instances', recording('clawhosters_unauthorized.json'), status=401)
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    inventory = parse(tmp_path, clawhosters(api))
    assert groups(inventory) == {}
    shown = displayed(capsys)
    assert 'ClawHosters API error while listing instances for the inventory: HTTP 401: unauthorized: Invalid or missing API key' in shown
    assert 'CLAWHOSTERS_API_KEY' in shown and KEY not in shown


@pytest.mark.parametrize('options, problem', [
    ({}, 'api_key is not set (set it in the inventory file, or the CLAWHOSTERS_API_KEY environment variable)'),
    ({'api_key': KEY, 'api_url': 'http://clawhosters.example/api/v1'}, 'api_url must be an https:// URL'),
    ({'api_key': KEY, 'name_pattern': 'bot-(['}, "name_pattern 'bot-([' is not a regular expression: unterminated character set"),
    ({'api_key': KEY, 'api_retries': 21}, 'api_retries must be at most 20 retries, got 21'),
    ({'api_key': KEY, 'api_retries': -1}, 'api_retries must not be negative'),
    ({'api_key': KEY, 'validate_certs': 'maybe'}, "validate_certs must be true or false, got 'maybe'"),
])
def test_bad_options_fail_before_any_request(api, tmp_path, capsys, options, problem):
    inventory = parse(tmp_path, dict({'plugin': 'openclaw.hosting.clawhosters'}, **options))
    assert api.seen == [] and groups(inventory) == {}
    assert problem in displayed(capsys)


def test_every_bad_option_is_named_at_once(api, tmp_path, capsys, monkeypatch):
    """A bad validate_certs from the environment, a bad pattern and too many retries: one failure names the three."""
    monkeypatch.setenv('CLAWHOSTERS_VALIDATE_CERTS', 'nope')
    parse(tmp_path, {'plugin': 'openclaw.hosting.clawhosters', 'api_key': KEY, 'name_pattern': '(', 'api_retries': 99})
    shown = displayed(capsys)
    assert api.seen == []
    assert "validate_certs must be true or false, got 'nope'" in shown and 'api_retries must be at most 20' in shown
    assert "name_pattern '(' is not a regular expression" in shown


def test_other_file_names_are_not_this_plugins(api, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    parse(tmp_path, clawhosters(api), filename='openclaw.yml')
    assert api.seen == []


def test_a_cached_parse_sends_no_request_and_a_new_key_misses(http_simulator, tmp_path, monkeypatch):
    http_simulator.reset({KEY: [{'name': 'a'}, {'name': 'b', 'status': 'stopped'}], 'oc_live_other_account': [{'name': 'theirs'}]})
    config = {'plugin': 'openclaw.hosting.clawhosters', 'api_url': http_simulator.api_url,
              'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    first = parse(tmp_path, config)
    second = parse(tmp_path, config)
    assert groups(first) == groups(second) == {'clawhosters': ['a', 'b']}
    assert http_simulator.requests() == [('GET', '/api/v1/instances', 200)]
    assert KEY not in ''.join(path.read_text() for path in (tmp_path / 'cache').iterdir())
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', 'oc_live_other_account')
    other = parse(tmp_path, config)
    assert groups(other) == {'clawhosters': ['theirs']}
    assert len(http_simulator.requests()) == 2


def test_one_request_for_a_large_account(http_simulator, tmp_path, monkeypatch):
    http_simulator.reset({KEY: [{'name': 'bot-%03d' % number} for number in range(200)]})
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    inventory = parse(tmp_path, {'plugin': 'openclaw.hosting.clawhosters', 'api_url': http_simulator.api_url})
    assert len(groups(inventory)['clawhosters']) == 200
    assert http_simulator.requests() == [('GET', '/api/v1/instances', 200)]


def test_a_bug_is_a_parse_failure_that_names_it(api, tmp_path, monkeypatch, capsys):
    # every answer is checked at the client, so no answer makes a bug any more: one is planted in the plugin instead
    def a_bug(*args, **kwargs):
        raise RuntimeError('a bug in the plugin')

    api.answer('/api/v1/instances', recording('clawhosters_instances.json'))
    monkeypatch.setattr(InstanceInventory, '_populate', a_bug)
    monkeypatch.setenv('CLAWHOSTERS_API_KEY', KEY)
    inventory = parse(tmp_path, clawhosters(api))
    assert groups(inventory) == {}
    shown = displayed(capsys)
    assert 'openclaw.hosting failed unexpectedly with RuntimeError: a bug in the plugin' in shown and 'This is a bug' in shown
    assert KEY not in shown

"""A scoped key, declared (_api_key.KeyPart, run by the engine), against the simulator in process: found, kept, created, rotated, revoked;
the lost create in each of its forms; the requests each costs."""

from __future__ import annotations

import os
import pathlib
import re
import stat

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._api_key import KeyPart, Keyring, differences, expires_at_problem
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._org_api import create_key
from ansible_collections.openclaw.hosting.plugins.module_utils._parts import apply, plan
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

ORG = 'chd_org_unit_keys_secret'


def scene(simulator, **settings):
    """Two running instances, alpha and beta; returns their ids."""
    return simulator.reset_chowder({ORG: dict({'instances': [{'name': 'alpha'}, {'name': 'beta'}]}, **settings)})[ORG]


def params(tmp_path, **given):
    """A present task's options."""
    return dict(dict(instances=['alpha'], permissions=['read'], expires_at=None, recreate='never',
                     raw_key_path=str(tmp_path / 'raw.key'), return_raw_key=False), **given)


class declared:  # a key declared, run as chowder_api_key runs it
    def __init__(self, simulator, name='front', check_mode=False):
        self.client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
        self.name, self.check_mode = name, check_mode

    def run_present(self, given):
        """The result, the key before and after."""
        planned = plan(KeyPart(Keyring(self.client), self.name, 'present', **given))
        result = apply(planned, self.check_mode, diff=False)
        return result, planned.found.old, result['key']

    def run_absent(self):
        planned = plan(KeyPart(Keyring(self.client), self.name, 'absent'))
        return apply(planned, self.check_mode, diff=False), planned.found.old, None


def served(simulator):
    return ['%s %s %s' % (m, p.replace('/v1', ''), s) for m, p, s in simulator.requests()]


def keys_of(simulator):
    return [key for org in simulator.organizations().values() for key in org['keys']]


def test_a_create_writes_the_raw_key_0600_and_a_repeat_costs_a_list_and_a_read(simulator, tmp_path):
    ids = scene(simulator)
    result, before, after = declared(simulator).run_present(params(tmp_path, permissions=['read', 'interact', 'read']))
    raw = (tmp_path / 'raw.key').read_text().strip()
    assert result['changed'] and result['actions'] == ['create'] and before is None and 'raw_key' not in result
    assert raw.startswith('chd_sk_') and stat.S_IMODE(os.stat(tmp_path / 'raw.key').st_mode) == 0o600
    assert result['key']['instances'] == [{'instance_id': ids[0], 'permissions': ['read', 'interact']}] and raw not in str(result)
    assert served(simulator) == ['GET /keys 200', 'GET /instances 200', 'POST /keys 201']
    simulator.clear()
    result, before, after = declared(simulator).run_present(params(tmp_path, instances=[ids[0]], permissions=['interact', 'read']))
    assert not result['changed'] and result['actions'] == [] and before == after
    assert served(simulator) == ['GET /keys 200', 'GET /keys/%s 200' % result['key']['id']]
    assert (tmp_path / 'raw.key').read_text().strip() == raw  # a key kept leaves the file as it is


def test_names_resolve_with_one_list_and_unknown_ones_fail_before_any_write(simulator, tmp_path):
    scene(simulator)
    with pytest.raises(TaskFailed, match=r'no Chowder instance has the id or name "nope", "gone"; nothing was changed'):
        declared(simulator).run_present(params(tmp_path, instances=['alpha', 'nope', 'gone']))
    assert served(simulator) == ['GET /keys 200', 'GET /instances 200'] and not (tmp_path / 'raw.key').exists()


def test_a_difference_fails_with_never_and_rotates_with_on_change(simulator, tmp_path):
    ids = scene(simulator)
    first = declared(simulator).run_present(params(tmp_path))[0]['key']
    with pytest.raises(TaskFailed, match='differs in instances, permissions, expires_at, and a scoped key cannot be changed'):
        declared(simulator).run_present(params(tmp_path, instances=['alpha', 'beta'], permissions=['files'],
                                               expires_at='2030-01-01T00:00:00Z'))
    simulator.clear()
    result, before, after = declared(simulator).run_present(params(tmp_path, instances=['beta', 'alpha'], recreate='on_change'))
    assert result['actions'] == ['create', 'revoke'] and before['id'] == first['id'] and after['id'] != first['id']
    assert served(simulator) == ['GET /keys 200', 'GET /keys/%s 200' % first['id'], 'GET /instances 200', 'POST /keys 201',
                                 'DELETE /keys/%s 204' % first['id']]
    states = {key['id']: key['revoked'] for key in keys_of(simulator)}
    assert states == {first['id']: True, after['id']: False} and {g['instance_id'] for g in after['instances']} == set(ids)


def test_always_rotates_a_matching_key_and_check_mode_sends_and_writes_nothing(simulator, tmp_path):
    scene(simulator)
    first = declared(simulator).run_present(params(tmp_path, expires_at='2030-01-01T00:00:00+00:00'))[0]['key']
    simulator.clear()
    result = declared(simulator, check_mode=True).run_present(params(tmp_path, expires_at='2030-01-01T00:00:00Z', recreate='always',
                                                                     raw_key_path=str(tmp_path / 'other.key')))[0]
    assert result['actions'] == ['create', 'revoke'] and result['key']['id'] is None and not (tmp_path / 'other.key').exists()
    assert served(simulator) == ['GET /keys 200', 'GET /keys/%s 200' % first['id'], 'GET /instances 200']  # a name: one list
    result = declared(simulator).run_present(params(tmp_path, expires_at='2030-01-01T00:00:00Z', recreate='always'))[0]
    assert result['actions'] == ['create', 'revoke'] and result['key']['id'] != first['id']


def test_two_active_keys_with_the_name_fail_naming_them_and_revoked_ones_never_count(simulator, tmp_path):
    scene(simulator)
    one = declared(simulator).run_present(params(tmp_path))[0]['key']['id']
    declared(simulator).run_absent()
    two = declared(simulator).run_present(params(tmp_path))[0]['key']['id']  # the revoked one does not count
    three = declared(simulator, 'other').run_present(params(tmp_path))[0]['key']['id']
    # a second active "front", made behind the module's back
    alpha = keys_of(simulator)[0]['instances'][0]['instance_id']
    four = create_key(declared(simulator).client, {'name': 'front', 'instance_ids': [alpha], 'permissions': ['read']})['id']
    simulator.clear()
    with pytest.raises(TaskFailed, match='2 active Chowder keys are named "front" \\(%s, %s\\)' % (two, four)):
        declared(simulator).run_present(params(tmp_path))
    assert served(simulator) == ['GET /keys 200'] and one != two and three not in (two, four)


def test_absent_revokes_every_active_key_with_the_name_and_then_is_unchanged(simulator, tmp_path):
    scene(simulator)
    declared(simulator).run_present(params(tmp_path))
    result, before, after = declared(simulator).run_absent()
    assert result['actions'] == ['revoke'] and before['name'] == 'front' and after is None
    assert declared(simulator).run_absent()[0] == {'changed': False, 'actions': [], 'key': None}


@pytest.mark.parametrize('fault, created', [
    ({'kind': 'drop', 'phase': 'after'}, True),
    ({'kind': 'drop', 'phase': 'before'}, False),
    ({'kind': 'error', 'status': 502, 'phase': 'after'}, True),
    ({'kind': 'error', 'status': 500, 'phase': 'before'}, False),
    ({'kind': 'answer', 'status': 201, 'body': {'id': 'key_x'}, 'phase': 'after'}, True),
    ({'kind': 'truncate', 'phase': 'after'}, True),
])
def test_a_create_without_a_clear_answer_is_never_sent_again_and_the_list_says_what_happened(simulator, tmp_path, fault, created):
    scene(simulator)
    first = declared(simulator).run_present(params(tmp_path))[0]['key']['id']
    simulator.faults(dict(fault, method='POST', path='^/keys$'))
    simulator.clear()
    with pytest.raises(TaskFailed) as failure:
        declared(simulator).run_present(params(tmp_path, permissions=['files'], recreate='on_change'))
    fresh = [key['id'] for key in keys_of(simulator) if key['id'] != first]
    if created:
        assert ('a read shows it was carried out, but its answer held its raw key, which is lost: revoke the new key by '
                'its id (%s), with openclaw.hosting.chowder_api_key with name: front, id: %s, state: absent, and run the '
                'task again; the old key %s is still active' % (fresh[0], fresh[0], first)) in failure.value.msg
        assert failure.value.result()['changed'] is True
    else:
        assert fresh == [] and 'a read shows it was not carried out' in failure.value.msg
    assert len([line for line in served(simulator) if line.startswith('POST')]) == 1  # sent once
    assert not any(line.startswith('DELETE') for line in served(simulator))  # the old key stays active
    assert failure.value.api_error is not None


def test_expiries_compare_as_instants_and_need_an_offset():
    key = {'instances': [{'instance_id': 'a', 'permissions': ['read']}], 'expires_at': '2030-01-01T01:00:00.000000+01:00'}
    assert differences(key, ['a'], ['read'], '2030-01-01T00:00:00Z') == []
    assert differences(key, ['a'], ['read'], None) == ['expires_at']
    assert expires_at_problem('2030-01-01T00:00:00') is not None and expires_at_problem('tomorrow') is not None
    assert expires_at_problem('2030-01-01T00:00:00z') is None


def test_with_an_id_absent_revokes_that_key_only(simulator, tmp_path):
    scene(simulator)
    one = declared(simulator).run_present(params(tmp_path))[0]['key']['id']
    alpha = keys_of(simulator)[0]['instances'][0]['instance_id']
    two = create_key(declared(simulator).client, {'name': 'front', 'instance_ids': [alpha], 'permissions': ['read']})['id']
    client = declared(simulator).client
    result = apply(plan(KeyPart(Keyring(client), 'front', 'absent', id=two)), check_mode=False, diff=False)
    assert result['actions'] == ['revoke'] and {key['id']: key['revoked'] for key in keys_of(simulator)} == {one: False, two: True}
    assert apply(plan(KeyPart(Keyring(client), 'front', 'absent', id=two)), check_mode=False, diff=False)['actions'] == []


def test_an_expiry_that_has_passed_is_refused_before_a_create_but_never_recreates_a_key(simulator, tmp_path):
    scene(simulator)
    with pytest.raises(TaskFailed, match='would be created with expires_at 2020-01-01T00:00:00Z, which has passed'):
        declared(simulator).run_present(params(tmp_path, expires_at='2020-01-01T00:00:00Z'))
    assert not any(line.startswith('POST') for line in served(simulator))


def test_a_lost_rotation_names_the_new_key_and_the_task_that_revokes_it_only(simulator, tmp_path):
    scene(simulator)
    first = declared(simulator).run_present(params(tmp_path))[0]['key']['id']
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': '^/keys$', 'phase': 'after'})
    with pytest.raises(TaskFailed) as failure:
        declared(simulator).run_present(params(tmp_path, recreate='always'))
    new, = [key['id'] for key in keys_of(simulator) if key['id'] != first]
    assert ('openclaw.hosting.chowder_api_key with name: front, id: %s, state: absent' % new) in failure.value.msg
    assert 'the old key %s is still active and still works' % first in failure.value.msg


def test_a_raw_key_that_cannot_be_written_fails_with_its_id_and_the_raw_key_when_asked(simulator, tmp_path):
    scene(simulator)
    folder = tmp_path / 'keys'
    folder.mkdir()
    planned = plan(KeyPart(Keyring(declared(simulator).client), 'front', instances=['alpha'], permissions=['read'],
                           raw_key_path=str(folder / 'front.key'), return_raw_key=True))
    folder.rmdir()  # gone between the check and the write
    with pytest.raises(TaskFailed) as failure:
        apply(planned, check_mode=False, diff=False)
    fields, new = failure.value.result(), keys_of(simulator)[0]['id']
    assert fields['changed'] is True and fields['raw_key'].startswith('chd_sk_') and fields['key']['id'] == new
    assert 'revoke the new key by its id (%s)' % new in fields['msg']


def test_a_relative_raw_key_path_is_returned_absolute(simulator, tmp_path, monkeypatch):
    scene(simulator)
    monkeypatch.chdir(tmp_path)
    result = declared(simulator).run_present(params(tmp_path, raw_key_path='front.key'))[0]
    assert result['raw_key_path'] == str(tmp_path / 'front.key') and (tmp_path / 'front.key').read_text().startswith('chd_sk_')


GUIDE = pathlib.Path(__file__).resolve().parents[4] / 'docs' / 'docsite' / 'rst' / 'guide_keys_and_secrets.rst'
NUMBERS = {'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6}


def test_the_keys_guides_request_counts_are_what_a_key_costs(simulator, tmp_path):
    """The guide's play (its instance by name): the first run creates, a run with recreate always rotates, a run
    without finds the key as declared."""
    text = ' '.join(GUIDE.read_text().split())
    rotate, create = (NUMBERS[word] for word in re.search(
        r'rotates the key in (\w+) requests.*?The first run creates the key in (\w+):', text).groups())
    scene(simulator)
    simulator.clear()
    declared(simulator).run_present(params(tmp_path))
    assert len(served(simulator)) == create, served(simulator)
    simulator.clear()
    declared(simulator).run_present(params(tmp_path, recreate='always'))
    assert len(served(simulator)) == rotate, served(simulator)
    simulator.clear()
    declared(simulator).run_present(params(tmp_path))
    found = served(simulator)  # the list of keys, the key's details, the list of instances: no write
    assert len(found) == 3 and found[0] == 'GET /keys 200' and found[1].startswith('GET /keys/') and found[2] == 'GET /instances 200'

"""A scoped key's raw value, shown once by Chowder, is written to raw_key_path and nowhere else.

Real playbooks create and rotate keys at -vvvv, once under ANSIBLE_DEBUG=1, with a fact cache, the collection's
shared state and Ansible's temporary files all under the test's folder: the raw key (read back from raw_key_path)
must not be in the output, nor in any file but raw_key_path. The model key chowder_organization sends is searched for
the same way (ANSIBLE_DEBUG prints it, as every module argument). A 409, 422, 5xx or lost answer on its PATCH and a
scoped key fail with the API's message (or before any request), never a traceback.
"""

from __future__ import annotations

import os
import stat

import pytest

from .conftest import run_playbook

KEY = 'chd_org_reliability_raw_keys_secret'
MODEL_KEY = 'sk-ant-reliability-raw-keys-model-secret'

PLAYBOOK = '''
- name: Keys
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create the frontend's key
      openclaw.hosting.chowder_api_key:
        name: frontend
        instances: [bot]
        permissions: [read]
        raw_key_path: "{{ raw_key_path }}"
      diff: true

    - name: Rotate it
      openclaw.hosting.chowder_api_key:
        name: frontend
        instances: [bot]
        permissions: [read, interact]
        recreate: on_change
        raw_key_path: "{{ raw_key_path }}"
      diff: true
%s
    - name: Give the organization a model key
      openclaw.hosting.chowder_organization:
        model_api_keys:
          anthropic: "%s"
        update_model_api_keys: always
      diff: true
'''

RETURNED = '''
    - name: A key returned to the play
      openclaw.hosting.chowder_api_key:
        name: ci
        instances: [bot]
        permissions: [read]
        return_raw_key: true
      no_log: true
      register: ci_key

    - name: Use it
      openclaw.hosting.chowder_instance_info:
        id: "{{ bot_id }}"
        api_key: "{{ ci_key.raw_key }}"
'''


def files_holding(folder, secrets, but):
    """The files under `folder` (but those in `but`) that hold one of the secrets."""
    found = []
    for root, dummy, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            if path not in but and os.path.isfile(path):
                with open(path, 'rb') as handle:
                    content = handle.read()
                found += [path for secret in secrets if secret.encode() in content]
    return found


@pytest.mark.parametrize('debug', [False, True])
def test_raw_keys_and_model_keys_are_in_no_output_and_no_file_but_raw_key_path(simulator, tmp_path, debug):
    bot_id, = simulator.reset_chowder({KEY: [{'name': 'bot', 'status': 'running'}]})[KEY]
    raw_key_path = str(tmp_path / 'secrets' / 'frontend.key')
    os.mkdir(tmp_path / 'secrets')
    home = tmp_path / 'ansible-home'
    env = {'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url, 'ANSIBLE_VERBOSITY': '4',
           'ANSIBLE_HOME': str(home), 'ANSIBLE_LOCAL_TEMP': str(home / 'tmp'), 'ANSIBLE_REMOTE_TEMP': str(home / 'remote'),
           'ANSIBLE_CACHE_PLUGIN': 'jsonfile', 'ANSIBLE_CACHE_PLUGIN_CONNECTION': str(home / 'facts'),
           'ANSIBLE_KEEP_REMOTE_FILES': '0', 'TMPDIR': str(tmp_path / 'tmp'), 'ANSIBLE_DEBUG': '1' if debug else '0'}
    os.mkdir(tmp_path / 'tmp')
    # ANSIBLE_DEBUG prints every module's answer whatever no_log says: a returned raw key is only for runs without it
    playbook = PLAYBOOK % ('' if debug else RETURNED, MODEL_KEY)
    code, output, dummy, recap = run_playbook(tmp_path, playbook.replace('{{ raw_key_path }}', raw_key_path).replace('{{ bot_id }}', bot_id),
                                              {'localhost': {}}, env)
    assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    with open(raw_key_path) as handle:
        raw = handle.read().strip()
    assert raw.startswith('chd_sk_') and stat.S_IMODE(os.stat(raw_key_path).st_mode) == 0o600
    keys = [key for org in simulator.organizations().values() for key in org['keys']]
    assert [key['name'] for key in keys] == ['frontend', 'frontend'] + ([] if debug else ['ci'])
    assert [key['revoked'] for key in keys][:2] == [True, False]
    assert raw not in output and KEY not in output
    assert (MODEL_KEY in output) is debug  # ANSIBLE_DEBUG prints module arguments whatever no_log says, as documented
    assert files_holding(tmp_path, [raw, MODEL_KEY], but=(raw_key_path, str(tmp_path / 'playbook.yml'))) == []  # the user's own
    assert os.listdir(tmp_path / 'secrets') == ['frontend.key']  # no temporary file left beside it


@pytest.mark.parametrize('fault, status', [
    ({'kind': 'answer', 'status': 409, 'body': {'detail': 'Organization is being updated'}}, 409),
    ({'kind': 'answer', 'status': 422, 'body': {'detail': [{'loc': ['body', 'name'], 'msg': 'Name is taken'}]}}, 422),
    ({'kind': 'error', 'status': 503, 'count': 2}, 503),
    ({'kind': 'drop', 'phase': 'after', 'count': 2}, None),
])
def test_a_failed_patch_of_the_organization_says_what_the_api_said(simulator, tmp_path, fault, status):
    """A refusal is said as the API said it; a PATCH whose answer was lost (it may have been applied) is idempotent, so
    it is sent once more, and only a second loss fails the task."""
    simulator.reset_chowder({KEY: {'instances': []}})
    simulator.faults(dict(fault, method='PATCH', path='^/organization$'))
    env = {'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url}
    playbook = '''
- name: Organization
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Rename it
      openclaw.hosting.chowder_organization:
        name: New name
      register: renamed
      ignore_errors: true

    - name: The failure is the API's
      ansible.builtin.assert:
        that:
          - renamed is failed and renamed.api_error.status == %s
          - "'Chowder API error while sending the update of the organization' in renamed.msg"
          - "'Traceback' not in renamed.exception | default('')"
''' % ('none' if status is None else status)
    code, output, dummy, recap = run_playbook(tmp_path, playbook, {'localhost': {}}, env)
    assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    patches = 2 if fault['kind'] in ('error', 'drop') else 1
    assert [(method, path) for method, path, dummy in simulator.requests()] == [('GET', '/v1/organization')] + [
        ('PATCH', '/v1/organization')] * patches


def test_a_scoped_key_is_refused_before_any_request(simulator, tmp_path):
    simulator.reset_chowder({KEY: {'instances': [{'name': 'bot'}], 'scoped_keys': {'chd_sk_reliability_raw_keys_scoped': {}}}})
    env = {'CHOWDER_API_KEY': 'chd_sk_reliability_raw_keys_scoped', 'CHOWDER_API_URL': simulator.chowder_url}
    playbook = '''
- name: Scoped
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Every module of the organization
      openclaw.hosting.%s:
      register: result
      ignore_errors: true
      loop: [1]

    - name: Refused
      ansible.builtin.assert:
        that: "'give an organization key (chd_org_...)' in result.results[0].msg"
'''
    for module in ('chowder_organization', 'chowder_organization_info', 'chowder_api_key_info'):
        code, output, dummy, recap = run_playbook(tmp_path, playbook % module, {'localhost': {}}, env)
        assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    assert simulator.requests() == []

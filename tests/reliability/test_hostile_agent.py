"""The agent half in a hostile world, each case a reproduction run with ansible-playbook against the simulator: local
paths and names refused before the first request, secrets masked at any depth (in lists, in openclaw.json, in a URL,
a key sent stripped), backups that keep the file and never collide, a QR code that cannot be written, a long answer,
a src that would hang, a blank key, and a file's path whose listing the docs leave open."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import run_playbook

KEY = 'chd_org_reliability_hostile_agent_secret'
PLAY = '''
- name: Agent
  hosts: localhost
  gather_facts: false
  tasks:
%s
'''


def scene(simulator, status='running', **config):
    return simulator.reset_chowder({KEY: [dict({'name': 'bot', 'status': status}, **config)]})[KEY][0]


def play(simulator, tmp_path, tasks, check=None, verbosity='0', **env):
    """Run the tasks (then an assert of `check`, when given); the output and the recap."""
    body = tasks + ('''
    - name: Check
      ansible.builtin.assert:
        that: %s
''' % json.dumps(check) if check else '')
    code, output, dummy, recap = run_playbook(tmp_path, PLAY % body, {'localhost': {}}, dict(
        {'CHOWDER_API_KEY': KEY, 'CHOWDER_API_URL': simulator.chowder_url, 'ANSIBLE_VERBOSITY': verbosity}, **env), timeout=120)
    assert code == 0 and recap['localhost']['failed'] == 0, output[-3000:]
    assert 'This is a bug' not in output and 'Traceback' not in output
    return output


def sent(simulator):
    return [(method, path.rsplit('/', 1)[-1].split('?')[0], status) for method, path, status in simulator.requests()]


def writes(simulator):
    return [request for request in sent(simulator) if request[0] != 'GET']


TASK = '''
    - name: The task
      %s:
%s
      register: result
      ignore_errors: true
'''


def task(module, **options):
    return TASK % (module, ''.join('        %s: %s\n' % (name, json.dumps(value)) for name, value in options.items()))


@pytest.mark.parametrize('module, options, problem', [
    ('chowder_api_key', {'name': 'k2', 'instances': ['bot'], 'permissions': ['read'], 'raw_key_path': '{tmp}/keys/'},
     'raw_key_path is a folder'),
    ('chowder_api_key', {'name': 'k2', 'instances': ['bot'], 'permissions': ['read'], 'raw_key_path': '{tmp}/' + 'k' * 250},
     'too long to write it safely'),
    ('chowder_channel', {'instance': 'bot', 'channel': 'whatsapp', 'update_config': 'always', 'qr_image_path': '{tmp}/nope/'},
     'qr_image_path is a folder'),
    ('chowder_skill', {'instance': 'bot', 'name': '..'}, 'name cannot be ".."'),
    ('chowder_channel', {'instance': 'bot', 'channel': '..'}, 'channel cannot be ".."'),
    ('chowder_message', {'instance': 'bot', 'model': 'm', 'input': 'hi', 'session': '..'}, 'session cannot be ".."'),
    ('chowder_file', {'instance': 'bot', 'path': 'workspace/', 'content': 'x'}, 'no trailing "/"'),
    ('chowder_file', {'instance': 'bot', 'path': 'workspace/%2e%2e/x', 'content': 'x'}, 'percent-encoded'),
    ('chowder_file', {'instance': 'bot', 'path': 'workspace/x', 'src': '{tmp}/fifo'}, 'src is not a regular file'),
    ('chowder_file', {'instance': 'bot', 'path': 'workspace/x', 'src': '/dev/zero'}, 'src is not a regular file'),
    ('chowder_api_key', {'name': 'k2', 'id': '..', 'state': 'absent'}, 'id cannot be ".."'),
])
def test_what_cannot_be_done_safely_is_refused_before_any_request(simulator, tmp_path, module, options, problem):
    scene(simulator)
    os.mkfifo(tmp_path / 'fifo')
    given = {name: value.replace('{tmp}', str(tmp_path)) if isinstance(value, str) else value for name, value in options.items()}
    checks = ['result is failed', 'result is not changed', '%s in result.msg' % json.dumps(problem)]
    play(simulator, tmp_path, task('openclaw.hosting.' + module, **given), checks)
    assert simulator.requests() == []


def test_a_qr_code_that_is_not_base64_fails_saying_it_connected_with_its_code(simulator, tmp_path):
    scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'POST', 'path': 'whatsapp/connect', 'status': 200, 'body': {
        'channel': 'whatsapp', 'status': 'awaiting_scan', 'qr_data': 'whatsapp-qr:abc', 'qr_image_base64': '%%%', 'message': ''}})
    play(simulator, tmp_path, task('openclaw.hosting.chowder_channel', instance='bot', channel='whatsapp',
                                   qr_image_path=str(tmp_path / 'qr.png')),
         ['result is failed', 'result is changed', "result.qr_data == 'whatsapp-qr:abc'", "'was connected' in result.msg"])


MCP_TOKEN, DATABASE_URL = 'mcp-token-hostile-secret', 'postgres://u:pw-hostile-secret@h/db'


def test_masking_looks_inside_lists_and_openclaw_json_and_urls(simulator, tmp_path):
    scene(simulator)
    output = play(simulator, tmp_path, task('openclaw.hosting.chowder_instance', name='bot', openclaw_config={
        'mcp': {'servers': [{'token': MCP_TOKEN, 'url': 'https://mcp.example'}]}})
        + '      diff: true\n'
        + task('openclaw.hosting.chowder_skill', instance='bot', name='weather', env={'DATABASE_URL': DATABASE_URL},
               config={'mirror': 'https://user:pw-hostile-secret@mirror.example'})
        + task('openclaw.hosting.chowder_file_info', instance='bot', path='openclaw.json', read_content=True),
        ['result is not failed', "'sha256' in result.content"], verbosity='1')
    assert MCP_TOKEN not in output and 'pw-hostile-secret' not in output
    assert 'https://mcp.example' in output  # what is not a secret still shows


def test_a_model_key_sent_stripped_never_shows_even_in_the_apis_echo(simulator, tmp_path):
    scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'PATCH', 'path': '^/organization$', 'status': 422,
                      'body': {'detail': 'the key sk-ant-hostile-secret is not valid'}})
    output = play(simulator, tmp_path, task('openclaw.hosting.chowder_organization',
                                            model_api_keys={'anthropic': 'sk-ant-hostile-secret\n'}, update_model_api_keys='always'),
                  ['result is failed'], '1')
    assert 'sk-ant-hostile-secret' not in output and 'is not valid' in output


def test_a_backup_keeps_the_file_when_the_write_fails_and_backups_never_collide(simulator, tmp_path):
    scene(simulator)
    write = task('openclaw.hosting.chowder_file', instance='bot', path='workspace/c.txt', content='{{ item }}', backup=True)
    play(simulator, tmp_path, write.replace('      register: result', '      loop: [v1, v2, v3, v4, v5]\n      register: result'),
         ['result.results | map(attribute="backup_file") | select("defined") | unique | list | length == 4'])
    simulator.faults({'kind': 'error', 'status': 503, 'method': 'PUT', 'path': 'files/content', 'skip': 1, 'count': 2})
    play(simulator, tmp_path, write.replace('{{ item }}', 'v6'),
         ['result is failed', 'result is changed', "result.actions == ['backup']", 'result.backup_file is match("workspace/c.txt.")'])
    play(simulator, tmp_path, task('openclaw.hosting.chowder_file_info', instance='bot', path='workspace/c.txt', read_content=True),
         ["result.content == 'v5'"])  # the file is still there, as it was


def test_a_long_answer_is_quoted_short_and_a_binary_file_is_described_not_read(simulator, tmp_path):
    scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'POST', 'path': 'responses', 'status': 200, 'body': {
        'id': 'r', 'object': 'response', 'status': 'completed', 'output': [
            {'type': 'message', 'role': 'assistant', 'content': [{'type': 'output_text', 'text': 'x' * 100000}]}]}})
    (tmp_path / 'logo.png').write_bytes(b'\x89PNG\r\n\x1a\n\x00\xff')
    play(simulator, tmp_path, task('openclaw.hosting.chowder_message', instance='bot', model='m', input='hi', expect='hello')
         + '''
    - name: Check the message
      ansible.builtin.assert:
        that: ["result is failed", "result.msg | length < 500", "result.output_text | length == 100000"]
''' + task('openclaw.hosting.chowder_file', instance='bot', path='workspace/logo.png', src=str(tmp_path / 'logo.png'))
         + task('openclaw.hosting.chowder_file_info', instance='bot', path='workspace/logo.png', read_content=True),
         ['result is not failed', 'result.content is not defined', 'result.file.size == 10'])


@pytest.mark.parametrize('answer', [
    {'kind': 'error', 'status': 400}, {'kind': 'error', 'status': 404}, {'kind': 'error', 'status': 500, 'count': None},
    {'kind': 'answer', 'status': 200, 'body': {'path': 'workspace/SOUL.md', 'entries': [
        {'name': 'SOUL.md', 'path': 'workspace/SOUL.md', 'is_dir': False, 'size': 7, 'mod_time': 0, 'permissions': '-rw-r--r--'}]}},
])
def test_a_files_path_gets_one_result_whatever_its_own_listing_would_answer(simulator, tmp_path, answer):
    scene(simulator)
    simulator.faults(dict(answer, method='GET', path=r'/files\?path=workspace%2FSOUL\.md$'))
    play(simulator, tmp_path, task('openclaw.hosting.chowder_file', instance='bot', path='workspace/SOUL.md', content='# Soul\n')
         + task('openclaw.hosting.chowder_file_info', instance='bot', path='workspace/SOUL.md', read_content=True),
         ['result.exists and not result.is_dir', "result.content == '# Soul\\n'", 'result.file.size == 7'])


def test_a_blank_key_fails_as_not_set_and_masks_nothing_else(simulator, tmp_path):
    output = play(simulator, tmp_path, task('openclaw.hosting.chowder_file_info', instance='bot', api_key=' '),
                  ['result is failed', "'api_key is empty' in result.msg"], CHOWDER_API_KEY='')
    assert 'api_key is empty (set it, or the CHOWDER_API_KEY environment variable)' in output  # its spaces unmasked

"""A file of an instance, declared (_agent_file.AgentFile), against the simulator in process: the reads each kind of
file costs, force, backup, binary files, an instance given by name or not running, a lost write sent once more."""

from __future__ import annotations

import hashlib
import re

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_api import Agent
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_file import FilePart, path_problem
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._parts import run
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

ORG = 'chd_org_unit_files_secret'
PNG = b'\x89PNG\r\n\x1a\n\x00\x01\x02\xff'


def scene(simulator, status='running'):
    return simulator.reset_chowder({ORG: [{'name': 'bot', 'status': status}]})[ORG][0]


class declared:  # a file declared, run as chowder_file runs it
    def __init__(self, simulator, instance, path, check_mode=False):
        client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams())
        self.agent, self.path, self.check_mode = Agent(client, instance), path, check_mode

    def run(self, data, force, backup):
        return run(FilePart(self.agent, self.path, data, force=force, backup=backup), self.check_mode, diff=True)


def served(simulator, bot):
    return ['%s %s %s' % (m, p.replace('/v1/instances/%s/' % bot, '~'), s) for m, p, s in simulator.requests()]


def test_text_is_written_when_it_differs_and_a_repeat_costs_one_read(simulator):
    bot = scene(simulator)
    result = declared(simulator, bot, 'workspace/SOUL.md').run(b'# Soul\n', True, False)
    assert result['actions'] == ['write'] and result['sha256'] == hashlib.sha256(b'# Soul\n').hexdigest()
    assert result['diff']['before'] == '' and result['diff']['after'] == '# Soul\n'
    simulator.clear()
    again = declared(simulator, bot, './workspace//SOUL.md').run(b'# Soul\n', True, False)
    assert again['changed'] is False and again['path'] == 'workspace/SOUL.md'
    assert served(simulator, bot) == ['GET ~files/content?path=workspace%2FSOUL.md 200']


def test_without_force_an_existing_file_is_left_and_described_as_it_is(simulator):
    bot = scene(simulator)
    declared(simulator, bot, 'workspace/MEMORY.md').run(b'the agent wrote this', True, False)
    result = declared(simulator, bot, 'workspace/MEMORY.md').run(b'a template', False, False)
    assert not result['changed'] and result['size'] == len(b'the agent wrote this')


def test_a_backup_is_a_copy_written_first_under_a_name_of_its_own(simulator):
    bot = scene(simulator)
    declared(simulator, bot, 'workspace/TOOLS.md').run(b'old', True, False)
    simulator.clear()
    result = declared(simulator, bot, 'workspace/TOOLS.md').run(b'new', True, True)
    assert result['actions'] == ['backup', 'write'] and re.match(r'workspace/TOOLS\.md\.\d{8}T\d{6}Z~$', result['backup_file'])
    assert [line.split(' ')[0] + ' ' + line.split(' ')[1].split('?')[0] for line in served(simulator, bot)] == [
        'GET ~files/content', 'GET ~files', 'PUT ~files/content', 'PUT ~files/content']  # the folder: a free name
    again = declared(simulator, bot, 'workspace/TOOLS.md').run(b'newer', True, True)  # the same second
    third = declared(simulator, bot, 'workspace/TOOLS.md').run(b'newest', True, True)
    assert [again['backup_file'], third['backup_file']] == [result['backup_file'][:-1] + '.1~', result['backup_file'][:-1] + '.2~']
    agent = declared(simulator, bot, 'workspace/TOOLS.md').agent
    assert [agent.read_text(name) for name in (result['backup_file'], again['backup_file'], third['backup_file'],
                                               'workspace/TOOLS.md')] == ['old', 'new', 'newer', 'newest']


def test_a_binary_file_costs_a_listing_and_a_download_only_when_the_sizes_match(simulator):
    bot = scene(simulator)
    assert declared(simulator, bot, 'workspace/logo.png').run(PNG, True, False)['actions'] == ['write']
    simulator.clear()
    assert declared(simulator, bot, 'workspace/logo.png').run(PNG, True, False)['changed'] is False
    assert [line.split('?')[0] for line in served(simulator, bot)] == ['GET ~files', 'GET ~files/download']
    simulator.clear()
    changed = declared(simulator, bot, 'workspace/logo.png').run(PNG + b'\x00', True, False)
    assert changed['actions'] == ['write'] and 'binary' in changed['diff']['after']
    assert [line.split('?')[0] for line in served(simulator, bot)] == ['GET ~files', 'POST ~files/upload 204']


def test_a_name_costs_one_list_and_a_stopped_instance_fails_before_any_write(simulator):
    bot = scene(simulator)
    declared(simulator, 'bot', 'workspace/A.md').run(b'a', True, False)
    query = '/files/content?path=workspace%2FA.md'
    assert served(simulator, bot) == ['GET /v1/instances/bot%s 404' % query, 'GET /v1/instances 200',
                                      'GET ~%s 404' % query[1:], 'PUT ~files/content 204']
    stopped = scene(simulator, 'stopped')
    with pytest.raises(TaskFailed, match=r'is not running .*: start it'):
        declared(simulator, stopped, 'workspace/A.md').run(b'a', True, False)


def test_a_lost_write_is_sent_once_more_and_check_mode_writes_nothing(simulator):
    bot = scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'PUT', 'phase': 'after'})
    assert declared(simulator, bot, 'workspace/B.md').run(b'b', True, False)['actions'] == ['write']
    assert [line.split('?')[0] for line in served(simulator, bot)].count('PUT ~files/content None') == 1
    simulator.clear()
    assert declared(simulator, bot, 'workspace/C.md', check_mode=True).run(b'c', True, False)['actions'] == ['write']
    # a missing file's 404 could be the instance's: one list says it is not
    assert [line.split('?')[0] for line in served(simulator, bot)] == ['GET ~files/content', 'GET /v1/instances 200']


@pytest.mark.parametrize('path, problem', [
    ('/etc/passwd', 'relative'), ('workspace/../x', 'relative'), ('openclaw.json', 'chowder_instance'),
    ('./openclaw.json', 'chowder_skill'), ('.', 'files root'), ('workspace/SOUL.md', None),
    ('workspace/', 'no trailing "/"'), ('workspace\\SOUL.md', 'backslash'), ('workspace/%2e%2e/x', 'percent-encoded'),
    ('workspace/a\x01', 'control character'),
])
def test_paths_are_checked_before_any_request(path, problem):
    found = path_problem(path)
    assert (found is None) if problem is None else problem in found


def test_an_answer_of_null_is_a_bad_answer_not_a_missing_file(simulator):
    bot = scene(simulator)
    simulator.faults({'kind': 'answer', 'method': 'GET', 'path': 'files/content', 'status': 200, 'body': None})
    with pytest.raises(ApiError) as caught:
        declared(simulator, bot, 'workspace/A.md').run(b'a', True, False)
    assert caught.value.code == 'bad_answer' and not any(line.startswith('PUT') for line in served(simulator, bot))

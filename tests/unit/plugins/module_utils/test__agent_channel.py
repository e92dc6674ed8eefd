"""A channel of an instance, declared (_agent_channel.AgentChannel), against the simulator in process: connect once,
required fields checked before any write, WhatsApp's QR code and its wait, a lost connect never sent again."""

from __future__ import annotations

import os

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_api import Agent
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_channel import ChannelPart
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._deadline import Deadline
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import TaskFailed
from ansible_collections.openclaw.hosting.plugins.module_utils._parts import run
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

ORG = 'chd_org_unit_channels_secret'
TOKEN = '123:unit-telegram-token-secret'


def scene(simulator, **timings):
    return simulator.reset_chowder({ORG: [{'name': 'bot', 'status': 'running'}]}, chowder_timings=timings)[ORG][0]


class channel:  # a channel declared, run as chowder_channel runs it
    def __init__(self, simulator, bot, name, check_mode=False, wait_timeout=60):
        self.deadline = Deadline(wait_timeout, simulator.clock)
        client = Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, deadline=self.deadline,
                        transport=simulator.transport)
        self.agent, self.name, self.check_mode = Agent(client, bot), name, check_mode

    def run(self, state, config, always, qr_image_path, wait):
        part = ChannelPart(self.agent, self.name, self.deadline, state=state, config=config,
                           update_config='always' if always else 'on_create', qr_image_path=qr_image_path, wait=wait)
        return run(part, self.check_mode, diff=True)


def served(simulator, bot):
    return ['%s %s %s' % (m, p.replace('/v1/instances/%s/' % bot, '~'), s) for m, p, s in simulator.requests()]


def test_a_connect_is_sent_once_and_a_repeat_reads_the_status_only(simulator):
    bot = scene(simulator)
    result = channel(simulator, bot, 'telegram').run('connected', {'token': TOKEN}, False, None, False)
    assert result['actions'] == ['connect'] and result['channel']['connected'] is True and TOKEN not in str(result)
    assert served(simulator, bot) == ['GET ~channels/telegram/status 200', 'GET ~channels/telegram 200',
                                      'POST ~channels/telegram/connect 200', 'GET ~channels/telegram/status 200']
    simulator.clear()
    again = channel(simulator, bot, 'telegram').run('connected', {'token': 'another'}, False, None, False)
    assert again['actions'] == [] and served(simulator, bot) == ['GET ~channels/telegram/status 200']
    always = channel(simulator, bot, 'telegram').run('connected', {'token': TOKEN}, True, None, False)
    assert always['actions'] == ['connect']
    off = channel(simulator, bot, 'telegram').run('disconnected', None, False, None, False)
    assert off['actions'] == ['disconnect']
    assert off['diff'] == {'before': {'enabled': True, 'connected': True}, 'after': {'enabled': False, 'connected': False},
                           'before_header': 'channel telegram', 'after_header': 'channel telegram'}


def test_missing_required_fields_fail_before_any_write_in_check_mode_too(simulator):
    bot = scene(simulator)
    for check_mode in (True, False):
        with pytest.raises(TaskFailed, match='The slack channel needs app_token in config'):
            channel(simulator, bot, 'slack', check_mode).run('connected', {'bot_token': 'x'}, False, None, False)
    assert not any(line.startswith('POST') for line in served(simulator, bot))


def test_whatsapp_writes_its_qr_code_returns_its_data_and_waits_for_the_scan(simulator, tmp_path):
    bot = scene(simulator, whatsapp_scan=7.0)
    qr = str(tmp_path / 'qr.png')
    result = channel(simulator, bot, 'whatsapp').run('connected', None, False, qr, True)
    assert result['qr_data'].startswith('whatsapp-qr:') and result['channel']['connected'] is True
    assert open(qr, 'rb').read().startswith(b'\x89PNG') and oct(os.stat(qr).st_mode & 0o777) == '0o600'
    assert simulator.clock.slept >= 6  # polled on the virtual clock
    simulator.clear()
    assert channel(simulator, bot, 'whatsapp').run('connected', None, False, None, True)['actions'] == []


def test_a_scan_not_made_in_time_fails_and_an_awaiting_channel_is_not_reconnected(simulator):
    bot = scene(simulator, whatsapp_scan=1000.0)
    with pytest.raises(TaskFailed, match='not connected within wait_timeout') as failure:
        channel(simulator, bot, 'whatsapp', wait_timeout=10).run('connected', None, False, None, True)
    assert failure.value.result()['changed'] is True
    assert channel(simulator, bot, 'whatsapp').run('connected', None, False, None, False)['actions'] == []


@pytest.mark.parametrize('phase', ['after', 'before'])
def test_a_lost_connect_is_never_sent_again(simulator, phase):
    bot = scene(simulator)
    simulator.faults({'kind': 'drop', 'method': 'POST', 'path': 'connect', 'phase': phase})
    if phase == 'after':
        assert channel(simulator, bot, 'telegram').run('connected', {'token': TOKEN}, False, None, False)['actions'] == ['connect']
    else:
        with pytest.raises(TaskFailed, match='a read shows it was not carried out'):
            channel(simulator, bot, 'telegram').run('connected', {'token': TOKEN}, False, None, False)
    assert [line for line in served(simulator, bot) if line.startswith('POST')] == ['POST ~channels/telegram/connect None']


def test_an_unknown_channel_fails_naming_the_channels_the_instance_offers(simulator):
    bot = scene(simulator)
    with pytest.raises(TaskFailed, match=r'The instance has no channel "telgram"; it offers .*telegram.*\. Nothing was changed\.'):
        channel(simulator, bot, 'telgram').run('connected', {'token': TOKEN}, False, None, False)
    # the 404 could be the instance's: one list says it is not
    assert served(simulator, bot) == ['GET ~channels/telgram/status 404', 'GET /v1/instances 200', 'GET ~channels 200']


@pytest.mark.parametrize('fault', [None, {'kind': 'answer', 'method': 'POST', 'path': 'whatsapp/connect', 'status': 200,
                                          'body': {'channel': 'whatsapp', 'status': 'awaiting_scan', 'qr_data': 'whatsapp-qr:x',
                                                   'qr_image_base64': 'not base64!', 'message': 'Scan it'}}])
def test_a_qr_code_that_cannot_be_written_fails_saying_it_connected_with_the_code(simulator, tmp_path, fault):
    bot = scene(simulator)
    folder = tmp_path / 'qr'
    folder.mkdir()
    part = ChannelPart(channel(simulator, bot, 'whatsapp').agent, 'whatsapp', Deadline(60, simulator.clock),
                       update_config='always', qr_image_path=str(folder / 'qr.png'))
    if fault:
        simulator.faults(fault)
    else:
        folder.rmdir()  # gone between the check and the write
    with pytest.raises(TaskFailed, match='The whatsapp channel was connected, but its QR code could not be written') as failure:
        run(part, check_mode=False, diff=False)
    fields = failure.value.result()
    assert fields['changed'] is True and fields['actions'] == ['connect'] and fields['qr_data'].startswith('whatsapp-qr:')

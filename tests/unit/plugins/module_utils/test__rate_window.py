# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rate-limit window: what the headers of an answer may and may not make a task do, and the state file that
shares it between processes."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils import _file_store, _rate_state, _rate_window
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CLAWHOSTERS

KEY = 'oc_live_rate_window_secret_key'
NOW = 1_800_000_000.0


@pytest.mark.parametrize('value', ['nan', 'NAN', 'inf', '-Infinity', 'soon', '', None])
def test_a_header_that_is_not_a_finite_number_is_ignored(value):
    assert _rate_window.number(value) is None
    assert _rate_window._retry_after(value, None, NOW) is None


@pytest.mark.parametrize('value, seconds', [('3', 3.0), ('0.5', 0.5), ('-4', 0.0)])
def test_retry_after_in_seconds(value, seconds):
    assert _rate_window._retry_after(value, None, NOW) == seconds


# --- the state file every process of one key and URL shares -------------------------------------

def shared_client(simulator):
    return Client(CLAWHOSTERS, KEY, simulator.api_url, timeout=5, **simulator.seams())


def the_state_file(simulator):
    shared, problem = _rate_state.state_file(simulator.api_url, KEY, simulator.clock)
    assert problem is None
    return shared.path


def test_the_state_file_holds_the_window_and_no_part_of_the_key(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit={'limit': 5, 'window': 60})
    shared_client(simulator).list_instances()
    folder = os.environ[_file_store.FOLDER_ENV]
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    path = the_state_file(simulator)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    state = json.loads(open(path).read())
    assert state['limit'] == 5 and state['remaining'] == 4 and state['window'] > simulator.clock.time()
    written = ''.join(open(os.path.join(folder, name)).read() for name in os.listdir(folder))
    assert not any(KEY[start:start + 8] in written for start in range(len(KEY) - 7)), 'a piece of the key is on disk'


@pytest.mark.parametrize('content', [b'{not json', b'[1, 2]', b'{"remaining": "x", "reset_at": null}', b'\x00\xff' * 10,
                                     b'{"limit": Infinity, "remaining": NaN, "window": true, "reset_at": 1e400}'])
def test_a_corrupt_state_file_is_replaced(simulator, content):
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit={'limit': 5, 'window': 60})
    path = the_state_file(simulator)
    with open(path, 'wb') as handle:
        handle.write(content)
    api = shared_client(simulator)
    assert len(api.list_instances()) == 1 and api.window.problem is None
    assert json.loads(open(path).read())['remaining'] == 4


def test_a_state_file_that_cannot_be_opened_leaves_the_process_its_own_window(simulator):
    simulator.reset({KEY: [{'name': 'alpha'}]}, rate_limit={'limit': 2, 'window': 60})
    os.mkdir(the_state_file(simulator))  # not a file: it cannot be opened, whoever the user is
    api = shared_client(simulator)
    try:
        assert len(api.list_instances()) == 1 and len(api.list_instances()) == 1
    finally:
        os.rmdir(the_state_file(simulator))
    assert 'cannot be used' in api.window.problem and 'this process keeps its own window' in api.window.problem
    assert [status for dummy, dummy2, status in simulator.requests()] == [200, 200]


def test_a_folder_others_can_open_is_not_used(simulator, tmp_path, monkeypatch):
    folder = tmp_path / 'open'
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv(_file_store.FOLDER_ENV, str(folder))
    simulator.reset({KEY: [{'name': 'alpha'}]})
    api = shared_client(simulator)
    assert len(api.list_instances()) == 1
    assert 'is not a folder that only this user can open' in api.window.problem and os.listdir(folder) == []

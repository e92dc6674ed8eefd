"""Fixtures of the reliability suite: a simulator process, time scaled down, modules run in this process."""

from __future__ import annotations

import contextlib
import io
import json
import time

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.openclaw.hosting.tests.unit.simulator_process import SimulatorProcess

TIME_SCALE = 20  # the modules' polls and backoffs sleep 1/20 of their time; the simulator keeps real time


@pytest.fixture(scope='module')
def simulator():
    """One simulator per test module."""
    process = SimulatorProcess()
    yield process
    process.stop()


@pytest.fixture
def fast_time(monkeypatch):
    """Scale the modules' sleeps down, so that hundreds of polled runs fit in a few minutes."""
    real_sleep = time.sleep
    monkeypatch.setattr(time, 'sleep', lambda seconds: real_sleep(seconds / TIME_SCALE))


def run_module(module, args):
    """Run a module's main() the way Ansible does and return its JSON result.

    A module must end with exit_json or fail_json; anything else (a traceback) escapes
    from here and fails the test.
    """
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())

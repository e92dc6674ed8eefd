"""The pytest plugin every suite loads (from its conftest.py): the simulator process, a server of fixed answers,
fast timings, scaled sleeps.

The simulator keeps real time; the collection's own pauses (polls, backoffs, rate-limit waits) are scaled down
by TIME_SCALE with `fast_time`, so a test that waits minutes in production takes seconds here.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import FOLDER_ENV

from .process import COLLECTION_ROOT, SimulatorProcess
from .recorded import RecordedApi

__all__ = ['COLLECTION_ROOT', 'TIME_SCALE', 'RecordedApi', 'SimulatorProcess', 'fast_time', 'fast_timings', 'private_rate_state',
           'recorded_api', 'run_module', 'scaled_sleep', 'simulator']

TIME_SCALE = 20  # the collection's sleeps last 1/20 of their time under fast_time


def fast_timings(seconds: float, chowder_answer: float = 0.05) -> dict:
    """A scene's settings (for reset) under which every action and busy status lasts `seconds`.

    Chowder's start and stop answer once done: those requests take `chowder_answer`.
    """
    return {
        'timings': {'action': seconds, 'restart': seconds, 'deleting': seconds, 'provisioning': seconds, 'deploying': seconds},
        'chowder_timings': {'provisioning': seconds, 'start': chowder_answer, 'stop': chowder_answer},
    }


def run_module(module, args):
    """Run a module's main() the way Ansible does and return its JSON result.

    A module must end with exit_json or fail_json; anything else (a traceback) escapes
    from here and fails the test.
    """
    out = io.StringIO()
    with _module_args(args), contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        module.main()
    return json.loads(out.getvalue())


@contextlib.contextmanager
def _module_args(args):
    """The module's arguments as Ansible passes them: patch_module_args on ansible-core 2.19 and later, and before
    that the serialized arguments AnsibleModule reads."""
    try:
        from ansible.module_utils.testing import patch_module_args  # noqa: PLC0415  pylint: disable=import-outside-toplevel
    except ImportError:
        from ansible.module_utils import basic  # noqa: PLC0415  pylint: disable=import-outside-toplevel
        before = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': dict(args, _ansible_remote_tmp='/tmp', _ansible_keep_remote_files=False)}).encode()
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = before
        return
    with patch_module_args(args):
        yield


@pytest.fixture(scope='module')
def simulator():
    """One simulator process per test module; the collection's processes share rate-limit state in its rate_dir."""
    process = SimulatorProcess()
    before = os.environ.get(FOLDER_ENV)
    os.environ[FOLDER_ENV] = process.rate_dir
    yield process
    if before is None:
        del os.environ[FOLDER_ENV]
    else:
        os.environ[FOLDER_ENV] = before
    process.stop()


@pytest.fixture(autouse=True, scope='session')
def private_rate_state(tmp_path_factory):
    """Rate-limit state of tests without a simulator in a folder of the test session's, never the user's."""
    before = os.environ.get(FOLDER_ENV)
    os.environ[FOLDER_ENV] = str(tmp_path_factory.mktemp('rate'))
    yield
    if before is None:
        del os.environ[FOLDER_ENV]
    else:
        os.environ[FOLDER_ENV] = before


@pytest.fixture
def recorded_api():
    """A server answering fixed bodies (recorded answers, wrong shapes) for one test."""
    server = RecordedApi()
    yield server
    server.stop()


class _ScaledSleep:
    """time.sleep scaled down by TIME_SCALE, for as long as it is installed."""

    def __init__(self) -> None:
        self.real_sleep = time.sleep

    def __enter__(self) -> None:
        time.sleep = lambda seconds: self.real_sleep(seconds / TIME_SCALE)

    def __exit__(self, *exc_info) -> None:
        time.sleep = self.real_sleep


@pytest.fixture
def fast_time():
    """The collection's sleeps scaled down for one test."""
    with _ScaledSleep():
        yield


@pytest.fixture(scope='module')
def scaled_sleep():
    """The collection's sleeps scaled down for a whole test module (Hypothesis runs many examples per test)."""
    with _ScaledSleep():
        yield

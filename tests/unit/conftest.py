"""The unit layer: the simulator's request handlers in process on a virtual clock, and no real sleep anywhere.

`simulator` here is an InProcessSimulator: the code under test is given its transport and its clock (seams()), so a
wait of minutes passes at once and every run is the same. The recorded answers' server (recorded_api) is a real HTTP
server, for the tests of the HTTP transport itself. time.sleep fails every test that reaches it: whatever waits must
wait on the clock it is given.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._file_store import FOLDER_ENV
from ansible_collections.openclaw.hosting.tests.simulator.inprocess import InProcessSimulator
from ansible_collections.openclaw.hosting.tests.simulator.plugin import (  # noqa: F401  pylint: disable=unused-import
    private_rate_state, recorded_api,
)


def refuse_to_sleep(seconds):
    """time.sleep in the unit layer: a failure, saying which clock to use instead."""
    raise AssertionError('a real sleep of %r s in the unit layer: the code must wait on the clock it is given' % (seconds,))


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch):
    """Every unit test runs with time.sleep refused."""
    monkeypatch.setattr(time, 'sleep', refuse_to_sleep)


@pytest.fixture
def simulator(monkeypatch):
    """The simulator in process on its virtual clock, for one test; the collection's shared files in its rate_dir."""
    served = InProcessSimulator()
    monkeypatch.setenv(FOLDER_ENV, served.rate_dir)
    yield served
    served.stop()


@pytest.fixture
def http_simulator(monkeypatch):
    """The simulator in process on its virtual clock, served over HTTP from a thread too: for code run by Ansible
    itself (an inventory plugin), which is given no transport."""
    served = InProcessSimulator().listen()
    monkeypatch.setenv(FOLDER_ENV, served.rate_dir)
    yield served
    served.stop()

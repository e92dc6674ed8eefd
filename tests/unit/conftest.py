"""Fixtures: a real simulator process the unit tests talk HTTP to."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.tests.unit.simulator_process import SimulatorProcess


@pytest.fixture(scope='module')
def simulator():
    """One simulator per test module."""
    process = SimulatorProcess()
    yield process
    process.stop()

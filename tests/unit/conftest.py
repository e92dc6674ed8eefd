"""The unit tests talk HTTP to a real simulator process: the fixtures of the simulator's pytest plugin."""

from __future__ import annotations

from ansible_collections.openclaw.hosting.tests.simulator.plugin import (  # noqa: F401  pylint: disable=unused-import
    fast_time, private_rate_state, recorded_api, simulator,
)

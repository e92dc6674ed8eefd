"""The ansible-runner gate talks HTTP to a real simulator process: the fixtures of the simulator's pytest plugin."""

from __future__ import annotations

from ansible_collections.openclaw.hosting.tests.simulator.plugin import private_rate_state, simulator  # noqa: F401  pylint: disable=unused-import

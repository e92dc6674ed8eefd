"""The simulator layer's shared fixture: the collection's tarball, built once for every guide that is run from it."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent


@pytest.fixture(scope='session')
def tarball(tmp_path_factory):
    """The collection built as a user builds it: `ansible-galaxy collection build`."""
    dist = tmp_path_factory.mktemp('dist')
    subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'build', str(ROOT), '--output-path', str(dist)],
                   check=True, capture_output=True)
    built, = dist.glob('openclaw-hosting-*.tar.gz')
    return built

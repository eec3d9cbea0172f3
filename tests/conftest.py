from __future__ import annotations

import os
from pathlib import Path

import pytest

import summitdata

ROOT = Path(__file__).resolve().parents[1]
#: The articles as delivered, beside the repository (CI lays ../shared next to the clone).
SEEDS = Path(os.environ.get("SUMMITDATA_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def ds() -> summitdata.Dataset:
    return summitdata.load()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of the articles as delivered (``../shared/seeds`` beside the clone)."""
    return SEEDS


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _no_inherited_terminal_width() -> None:
    """Commands run by a test see no ``COLUMNS`` unless the test gives one.

    GNU readline (imported by pytest's debugger support) exports ``COLUMNS`` and ``LINES``
    into the process's C environment, not into ``os.environ``; child processes would
    inherit them and fit their output to a terminal that is not there.
    """
    if "COLUMNS" not in os.environ:
        os.unsetenv("COLUMNS")
    if "LINES" not in os.environ:
        os.unsetenv("LINES")

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

"""The packaged data: the articles byte for byte, and their records as JSON.

>>> import summitdata
>>> len(summitdata.load().sources)
2
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..dataset import Dataset

__all__ = ["DATA_FILE", "articles_dir", "load"]

_HERE = Path(__file__).parent

#: The packaged records, a JSON document of the contract (what ``summitdata export`` prints).
DATA_FILE = _HERE / "summitdata.json"


def articles_dir() -> Path:
    """The folder of the packaged article texts, one ``.txt`` file each, byte for byte."""
    return _HERE / "articles"


@functools.cache
def load() -> Dataset:
    """The packaged dataset: read and checked on the first call, then the same object.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> ds is summitdata.load()
    True
    >>> len(ds.sources), ds.data_version
    (2, '2025.12.1')
    """
    from ..serialize import loads  # noqa: PLC0415 - keep the converter out of import time

    return loads(DATA_FILE.read_bytes())

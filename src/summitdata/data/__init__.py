"""The packaged data: the articles byte for byte, and their records as JSON.

>>> import summitdata
>>> len(summitdata.load().sources)
2
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["DATA_FILE", "articles_dir", "load"]

_HERE = Path(__file__).parent

#: The packaged records, a JSON document of the contract (what ``summitdata export`` prints).
DATA_FILE = _HERE / "summitdata.json"


def articles_dir() -> Path:
    """The folder of the packaged article texts, one ``.txt`` file each, byte for byte."""
    return _HERE / "articles"


_loaded: list[Dataset] = []  # the one packaged dataset, once read
_loading = threading.Lock()


def load() -> Dataset:
    """The packaged dataset: read and checked on the first call, then the same object.

    Threads that call it at the same time before it is loaded wait for one read and all
    get the same object.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> ds is summitdata.load()
    True
    >>> len(ds.sources), ds.data_version
    (2, '2025.12.1')
    """
    if not _loaded:
        with _loading:
            if not _loaded:
                from ..serialize import loads  # noqa: PLC0415 - keep the converter out of import time

                _loaded.append(loads(DATA_FILE.read_bytes()))
    return _loaded[0]

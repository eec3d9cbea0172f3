"""The packaged data: the articles byte for byte, and their records as JSON.

>>> import summitdata
>>> len(summitdata.load().sources)
2
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..serialize import Format, JSONBackend

__all__ = ["CHANGES_FILE", "DATA_FILE", "articles_dir", "load"]

_HERE = Path(__file__).parent

#: The packaged records, a JSON document of the contract (what ``summitdata export`` prints).
DATA_FILE = _HERE / "summitdata.json"
#: The corrections log of the packaged data (``{"corrections": [...]}``), in release order.
CHANGES_FILE = _HERE / "corrections.json"


def articles_dir() -> Path:
    """The folder of the packaged article texts, one ``.txt`` file each, byte for byte."""
    return _HERE / "articles"


_loaded: list[Dataset] = []  # the one packaged dataset, once read
_loading = threading.Lock()


def load(
    file: str | os.PathLike[str] | IO[str] | IO[bytes] | None = None,
    *,
    format: Format | None = None,
    base: Dataset | None = None,
    max_problems: int | None = None,
    max_bytes: int | None = None,
    backend: JSONBackend | str | None = None,
) -> Dataset:
    """The packaged dataset; or, given a file (a path or a file object), the dataset it holds.

    Without ``file``: read and checked on the first call, then the same object. Threads
    that call it at the same time before it is loaded wait for one read and all get the
    same object. With ``file``: :func:`summitdata.load_file` (the options are its own).

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> ds is summitdata.load()
    True
    >>> len(ds.sources), ds.data_version
    (2, '2026.1')
    >>> import io
    >>> summitdata.load(io.StringIO(summitdata.dumps(ds))) == ds
    True
    """
    if file is not None:
        from ..serialize import MAX_BYTES, MAX_PROBLEMS, load_file  # noqa: PLC0415

        return load_file(
            file,
            format=format,
            base=base,
            max_problems=MAX_PROBLEMS if max_problems is None else max_problems,
            max_bytes=MAX_BYTES if max_bytes is None else max_bytes,
            backend=backend,
        )
    if (format, base, max_problems, max_bytes, backend) != (None, None, None, None, None):
        raise TypeError(
            "load(): format, base, max_problems, max_bytes and backend are options of reading a file: give the file"
        )
    if not _loaded:
        with _loading:
            if not _loaded:
                # Imported here: keep the converter out of import time.
                from ..changes import check_changes, loads_changes  # noqa: PLC0415
                from ..dataset import Dataset  # noqa: PLC0415
                from ..errors import ValidationError  # noqa: PLC0415
                from ..records import KINDS  # noqa: PLC0415
                from ..serialize import loads  # noqa: PLC0415

                records = loads(DATA_FILE.read_bytes())
                changes = loads_changes(CHANGES_FILE.read_bytes(), where=CHANGES_FILE.name)
                collections = {kind.plural: getattr(records, kind.plural) for kind in KINDS}
                ds = Dataset(data_version=records.data_version, changes=changes, check=False, **collections)
                problems = check_changes(changes, {r.id: r for r in ds.records()})  # the records are checked
                if problems:
                    raise ValidationError(problems)
                _loaded.append(ds)
    return _loaded[0]

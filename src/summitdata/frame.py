"""Collections as pandas data frames (the optional ``pandas`` extra).

pandas is imported on the first call of :func:`to_frame`, never at import time; when it
is missing, :class:`~summitdata.MissingDependencyError` says how to install it.

>>> import summitdata
>>> frame = to_frame(summitdata.load().speeches, "speech")
>>> frame.index[0], list(frame.columns)[:3]
('speech:2025-10-10-tokayev-cis-heads-of-state-council', ['speaker', 'role', 'summit'])
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from .errors import MissingDependencyError
from .fields import field_specs
from .records import Kind

__all__ = ["to_frame"]


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as err:
        raise MissingDependencyError(
            f"to_frame() needs pandas, which is not installed ({err}): pip install 'summitdata[pandas]'"
        ) from None


def to_frame(records: Sequence[Any], kind: str) -> Any:
    """A ``DataFrame`` of records of one kind: index ``id``, one column per other field.

    Values are those of the JSON export (:func:`summitdata.to_dict`); an empty
    collection gives an empty frame with the same columns.
    """
    pandas = _pandas()
    from .converter import unstructure_record  # noqa: PLC0415

    columns = [name for name, _ in field_specs(Kind.named(kind).cls) if name != "id"]
    rows = [unstructure_record(record) for record in records]
    frame = pandas.DataFrame(rows, columns=["id", *columns])
    return frame.set_index("id")

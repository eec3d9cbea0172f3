"""Collections as pandas data frames (the optional ``pandas`` extra).

pandas is imported on the first call of :func:`to_frame`, never at import time; when it
is missing, :class:`~summitdata.MissingDependencyError` says how to install it. The
return type is ``pandas.DataFrame``: precise for type checkers when ``pandas-stubs`` is
installed, ``Any`` otherwise.

>>> import summitdata
>>> frame = to_frame(summitdata.load().speeches, "speech")
>>> frame.index[0], list(frame.columns)[:3]
('speech:2025-10-10-tokayev-cis-heads-of-state-council', ['speaker', 'role', 'summit'])
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import MissingDependencyError, QueryError
from .fields import Many, Nested, field_specs
from .records import Kind, Quantity

if TYPE_CHECKING:
    from pandas import DataFrame  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from .dataset import Dataset

__all__ = ["to_frame"]


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as err:
        raise MissingDependencyError(
            f"to_frame() needs pandas, which is not installed ({err}): pip install 'summitdata[pandas]'"
        ) from None


def to_frame(records: Sequence[Any], kind: str, ds: Dataset | None = None, *, figures: bool = False) -> DataFrame:
    """A ``DataFrame`` of records of one kind: index ``id``, one column per other field.

    Values are those of the JSON export (:func:`summitdata.to_dict`), then, when ``ds``
    is given, the values derived from it (:data:`summitdata.query.DERIVED`: a claim's
    ``date``, ``date_precision`` and ``date_inferred``). An empty collection gives an
    empty frame with the same columns. ``figures=True`` gives the figures frame instead:
    one row per figure (:class:`~summitdata.Quantity`) of each record, indexed by the
    record's id and the figure's position, one flat column per field of the figure
    (``period_start``, ``period_end``), then the derived values of its record.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> frame = to_frame(ds.claims, "claim", ds, figures=True)
    >>> frame.loc[("claim:2025-10-10-cis-council-07", 0), ["text", "unit", "date"]].tolist()
    ['$110 billion', 'USD', '2025-10-10']
    """
    pandas = _pandas()
    from .converter import unstructure_record  # noqa: PLC0415
    from .query import DERIVED, derived_values  # noqa: PLC0415

    cls = Kind.named(kind).cls
    derived = [d.name for d in DERIVED.get(kind, ())] if ds is not None else []

    def extra(record: Any) -> dict[str, Any]:
        return {} if ds is None else derived_values(ds, record)

    if figures:
        field = _figures_field(cls, kind)
        columns = list(_flat_names(Quantity))
        rows = [
            {"id": record.id, "position": position, **dict(_flat(unstructure_record(item), Quantity)), **extra(record)}
            for record in records
            for position, item in enumerate(getattr(record, field))
        ]
        frame = pandas.DataFrame(rows, columns=["id", "position", *columns, *derived])
        return frame.set_index(["id", "position"])
    columns = [name for name, _ in field_specs(cls) if name != "id"]
    rows = [{**unstructure_record(record), **extra(record)} for record in records]
    frame = pandas.DataFrame(rows, columns=["id", *columns, *derived])
    return frame.set_index("id")


def _figures_field(cls: type[Any], kind: str) -> str:
    """The field of ``cls`` that lists figures (a claim's ``quantities``)."""
    for name, spec in field_specs(cls):
        if isinstance(spec.type, Many) and spec.type.item == Nested(Quantity):
            return name
    raise QueryError(f"to_frame(figures=True): {kind} records have no figures; claims have")


def _flat_names(cls: type[Any], prefix: str = "") -> Iterator[str]:
    for name, spec in field_specs(cls):
        if isinstance(spec.type, Nested):
            yield from _flat_names(spec.type.cls, f"{prefix}{name}_")
        else:
            yield prefix + name


def _flat(data: Any, cls: type[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """The plain data of a record-like object, one object inside it flattened into prefixed names."""
    for name, spec in field_specs(cls):
        value = None if data is None else data[name]
        if isinstance(spec.type, Nested):
            yield from _flat(value, spec.type.cls, f"{prefix}{name}_")
        else:
            yield prefix + name, value

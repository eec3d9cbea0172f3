"""Structured, source-anchored records of diplomatic summits.

>>> import summitdata
>>> ds = summitdata.load()
>>> tokayev = ds.people.get("person:kassym-jomart-tokayev")
>>> tokayev.name
'Kassym-Jomart Tokayev'

Importing the package is cheap: the record classes, the converter and the data are
imported on first use of the names below (PEP 562), and the data is read by the first
call of :func:`load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import DATA_VERSION, __version__

if TYPE_CHECKING:
    from .changes import ChangeKind, Correction, ReleaseDiff, diff
    from .data import load
    from .dataset import SCHEMA_VERSION, Collection, Dataset
    from .dates import PartialDate, Precision
    from .errors import (
        DataError,
        FileReadError,
        MissingDependencyError,
        Problem,
        QueryError,
        RecordNotFoundError,
        RecordRemovedError,
        SummitDataError,
        ValidationError,
    )
    from .parquet import dump_parquet
    from .query import Milestone
    from .records import (
        Anchor as Anchor,
    )
    from .records import (
        Claim as Claim,
    )
    from .records import (
        ClaimKind as ClaimKind,
    )
    from .records import (
        Comparator as Comparator,
    )
    from .records import (
        Identifier as Identifier,
    )
    from .records import (
        Initiative as Initiative,
    )
    from .records import (
        InitiativeKind as InitiativeKind,
    )
    from .records import (
        InitiativeStatus as InitiativeStatus,
    )
    from .records import (
        Measure as Measure,
    )
    from .records import (
        Organization as Organization,
    )
    from .records import (
        Period as Period,
    )
    from .records import (
        Person as Person,
    )
    from .records import (
        Place as Place,
    )
    from .records import (
        PlaceKind as PlaceKind,
    )
    from .records import (
        Quantity as Quantity,
    )
    from .records import (
        QuantityKind as QuantityKind,
    )
    from .records import (
        Record as Record,
    )
    from .records import (
        Role as Role,
    )
    from .records import (
        Source as Source,
    )
    from .records import (
        Speech as Speech,
    )
    from .records import (
        Summit as Summit,
    )
    from .records import (
        SummitKind as SummitKind,
    )
    from .records import (
        SummitStatus as SummitStatus,
    )
    from .records import (
        Topic as Topic,
    )
    from .schema import json_schema
    from .serialize import dump, dumps, from_dict, load_file, loads, to_dict
    from .stream import iter_records
    from .tables import dump_csv
    from .testing import synthetic_dataset

__all__ = [
    "DATA_VERSION",
    "SCHEMA_VERSION",
    "Anchor",
    "ChangeKind",
    "Claim",
    "ClaimKind",
    "Collection",
    "Comparator",
    "Correction",
    "DataError",
    "Dataset",
    "FileReadError",
    "Identifier",
    "Initiative",
    "InitiativeKind",
    "InitiativeStatus",
    "Measure",
    "Milestone",
    "MissingDependencyError",
    "Organization",
    "PartialDate",
    "Period",
    "Person",
    "Place",
    "PlaceKind",
    "Precision",
    "Problem",
    "Quantity",
    "QuantityKind",
    "QueryError",
    "Record",
    "RecordNotFoundError",
    "RecordRemovedError",
    "ReleaseDiff",
    "Role",
    "Source",
    "Speech",
    "Summit",
    "SummitDataError",
    "SummitKind",
    "SummitStatus",
    "Topic",
    "ValidationError",
    "__version__",
    "diff",
    "dump",
    "dump_csv",
    "dump_parquet",
    "dumps",
    "from_dict",
    "iter_records",
    "json_schema",
    "load",
    "load_file",
    "loads",
    "synthetic_dataset",
    "to_dict",
]

# Where each lazily imported public name lives: module -> its names.
_LAZY_MODULES = {
    "changes": "ChangeKind Correction ReleaseDiff diff",
    "data": "load",
    "dataset": "SCHEMA_VERSION Collection Dataset",
    "dates": "PartialDate Precision",
    "errors": "DataError FileReadError MissingDependencyError Problem QueryError RecordNotFoundError "
    "RecordRemovedError SummitDataError ValidationError",
    "query": "Milestone",
    "records": "Anchor Claim ClaimKind Comparator Identifier Initiative InitiativeKind InitiativeStatus Measure "
    "Organization Period "
    "Person Place PlaceKind Quantity QuantityKind Record Role Source Speech Summit SummitKind SummitStatus Topic",
    "schema": "json_schema",
    "serialize": "dump dumps from_dict load_file loads to_dict",
    "parquet": "dump_parquet",
    "stream": "iter_records",
    "tables": "dump_csv",
    "testing": "synthetic_dataset",
}
_LAZY: dict[str, str] = {name: module for module, names in _LAZY_MODULES.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summitdata' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"summitdata.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

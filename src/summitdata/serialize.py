"""Records and datasets to and from the JSON contract.

Everything goes through :mod:`summitdata.converter`. :func:`dumps` writes the exact
bytes the JSON contract describes: 2-space indent, characters not escaped, keys in
field order, records sorted by id, a final newline. Same data, same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import IO, Any, TypeVar

from .converter import structure_record, unstructure_record
from .dataset import SCHEMA_VERSION, Dataset
from .errors import DataError, Problem, ValidationError
from .records import RECORD_TYPES

__all__ = ["dump", "dumps", "from_dict", "load_file", "loads", "to_dict"]

T = TypeVar("T")


def to_dict(record: Any) -> dict[str, Any]:
    """The JSON-ready ``dict`` of one record, as it appears in the export.

    >>> import summitdata
    >>> place = summitdata.load().places.get("place:caspian-sea")
    >>> summitdata.to_dict(place)["kind"]
    'sea'
    """
    return unstructure_record(record)


def from_dict(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build a record of class ``cls`` from its JSON-ready ``dict``; strict about types.

    Raises :class:`~summitdata.ValidationError` listing every problem, each with the
    record and the field.

    >>> import summitdata
    >>> place = summitdata.load().places.get("place:caspian-sea")
    >>> summitdata.from_dict(summitdata.to_dict(place), summitdata.Place) == place
    True
    """
    return structure_record(data, cls)


def dataset_to_data(ds: Dataset) -> dict[str, Any]:
    """The JSON-ready document of a dataset (what :func:`dumps` serializes)."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "data_version": ds.data_version}
    for _, _, plural in RECORD_TYPES:
        collection = getattr(ds, plural)
        document[plural] = [unstructure_record(r) for r in sorted(collection, key=_id)]
    return document


def _id(record: Any) -> str:
    return str(record.id)


def dumps(ds: Dataset) -> str:
    """The dataset as a JSON document of the contract, as ``str``.

    >>> import summitdata
    >>> text = summitdata.dumps(summitdata.load())
    >>> text.startswith('{\\n  "schema_version": "1.0",') and text.endswith("}\\n")
    True
    """
    return json.dumps(dataset_to_data(ds), ensure_ascii=False, indent=2) + "\n"


def dump(ds: Dataset, fp: IO[str]) -> None:
    """Write :func:`dumps` of the dataset to a text file opened with UTF-8 encoding.

    >>> import io, summitdata
    >>> buffer = io.StringIO()
    >>> summitdata.dump(summitdata.load(), buffer)
    >>> buffer.getvalue() == summitdata.dumps(summitdata.load())
    True
    """
    fp.write(dumps(ds))


def loads(text: str | bytes) -> Dataset:
    """Read a dataset from a JSON document of the contract, checking everything.

    Every problem found is reported together in one :class:`~summitdata.ValidationError`
    (a :class:`~summitdata.DataError` when the document itself cannot be read); no
    partial dataset is ever returned.

    >>> import summitdata
    >>> summitdata.loads(summitdata.dumps(summitdata.load())) == summitdata.load()
    True
    >>> summitdata.loads('{"schema_version": "2.0"}')
    Traceback (most recent call last):
    ...
    summitdata.errors.DataError: document: schema_version: version '2.0' is not supported: this library reads 1.x
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DataError([Problem(record="document", field="", message=f"not UTF-8: {err}")]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError([Problem(record="document", field="", message=f"not valid JSON: {err}")]) from None
    return dataset_from_data(document)


def load_file(path: str | os.PathLike[str]) -> Dataset:
    """Read a dataset from a ``.json`` file of the contract (see :func:`loads`).

    >>> import pathlib, tempfile, summitdata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "export.json")
    ...     _ = target.write_text(summitdata.dumps(summitdata.load()), encoding="utf-8")
    ...     summitdata.load_file(target) == summitdata.load()
    True
    """
    try:
        with open(path, "rb") as fp:
            data = fp.read()
    except OSError as err:
        raise DataError([Problem(record=os.fspath(path), field="", message=err.strerror or str(err))]) from None
    return loads(data)


def dataset_from_data(document: Any) -> Dataset:
    """Build a dataset from a parsed JSON document, reporting every problem at once."""
    if type(document) is not dict:
        raise DataError([Problem(record="document", field="", message="the top level must be a JSON object")])
    _check_version(document)
    expected = ["schema_version", "data_version", *(plural for _, _, plural in RECORD_TYPES)]
    problems: list[Problem] = []
    for key in document:
        if key not in expected:
            problems.append(Problem(record="document", field=str(key), message="unknown field"))
    for key in expected:
        if key not in document:
            problems.append(Problem(record="document", field=key, message="missing field"))
    data_version = document.get("data_version")
    if "data_version" in document and (type(data_version) is not str or not data_version):
        problems.append(Problem(record="document", field="data_version", message="must be a non-empty string"))
    collections: dict[str, list[Any]] = {}
    for cls, _, plural in RECORD_TYPES:
        items = document.get(plural, [])
        if type(items) is not list:
            problems.append(Problem(record="document", field=plural, message="must be an array"))
            continue
        built = []
        for index, item in enumerate(items):
            try:
                built.append(structure_record(item, cls, where=f"{plural}[{index}]"))
            except ValidationError as err:
                problems.extend(err.problems)
        collections[plural] = built
    if problems:
        raise ValidationError(problems)
    assert isinstance(data_version, str)
    return Dataset(data_version=data_version, **collections)  # type: ignore[arg-type]


def _check_version(document: Mapping[str, Any]) -> None:
    version = document.get("schema_version")
    if type(version) is not str:
        raise DataError([Problem(record="document", field="schema_version", message="must be a string such as '1.0'")])
    major = SCHEMA_VERSION.partition(".")[0]
    if version.partition(".")[0] != major:
        raise DataError(
            [
                Problem(
                    record="document",
                    field="schema_version",
                    message=f"version {version!r} is not supported: this library reads {major}.x",
                )
            ]
        )

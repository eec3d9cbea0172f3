"""Records and datasets to and from the JSON contract and JSON Lines.

Everything goes through :mod:`summitdata.converter`. :func:`dumps` writes the exact
bytes the JSON contract describes: 2-space indent, characters not escaped, keys in
field order, records sorted by id, a final newline. Same data, same bytes, whichever
JSON backend is in use (the standard library's ``json``, or ``orjson`` when installed:
the ``fast`` extra).

JSON Lines (``format="jsonl"``) holds the same records, one JSON object per line: a
first line ``{"type": "dataset", "schema_version": ..., "data_version": ...}``, then
each record with its kind first (``{"type": "claim", "id": ...}``; the kinds are the id
prefixes), in the order of the contract and sorted by id, compact separators, characters
not escaped, each line ending with a newline.

:func:`loads` and :func:`load_file` are strict: see :func:`loads` for what they refuse.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring as _encode
from typing import IO, Any, Literal, TypeVar

import attrs

from ._checks import check_records
from ._codegen import native_writer, objects_text, text_writer
from ._gc import gc_paused
from .converter import structure_record, unstructure_record
from .dataset import SCHEMA_VERSION, Dataset, combine
from .errors import DataError, Problem, ValidationError
from .records import RECORD_TYPES

__all__ = ["BACKENDS", "backend", "dump", "dumps", "from_dict", "load_file", "loads", "to_dict", "use_backend"]

#: The names of the JSON formats :func:`dumps` and :func:`loads` speak.
Format = Literal["json", "jsonl"]
FORMATS: tuple[str, ...] = ("json", "jsonl")
#: The JSON backends: the standard library, and orjson when it is installed.
BACKENDS: tuple[str, ...] = ("json", "orjson")

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
    ours = isinstance(cls, type) and cls.__module__.startswith("summitdata.") and attrs.has(cls)
    if not ours:
        raise TypeError(f"from_dict: expected a summitdata record class, not {cls!r}")
    return structure_record(data, cls)


_orjson: Any
try:  # the optional fast backend (the "fast" extra)
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

_backend = "orjson" if _orjson is not None else "json"


def backend() -> str:
    """The JSON backend in use: ``"orjson"`` when installed, else ``"json"``.

    >>> backend() in BACKENDS
    True
    """
    return _backend


def use_backend(name: str) -> None:
    """Use the JSON backend ``name`` (one of :data:`BACKENDS`) from now on; for tests and benchmarks.

    The bytes written and the records read are the same with either backend.

    >>> previous = backend()
    >>> use_backend("json"); backend()
    'json'
    >>> use_backend(previous)
    """
    global _backend  # noqa: PLW0603 - one process-wide switch
    if name not in BACKENDS:
        raise ValidationError([Problem(record="use_backend", field="name", message=f"not one of {BACKENDS}")])
    if name == "orjson" and _orjson is None:
        raise ValidationError([Problem(record="use_backend", field="name", message="orjson is not installed")])
    _backend = name


# --- writing ---------------------------------------------------------------------------


def _id(record: Any) -> str:
    return str(record.id)


def _orjson_safe(ds: Dataset) -> bool:
    """Whether orjson writes the same bytes as ``json`` for this dataset.

    The only floats of the model are quantity values; orjson writes ``1e-7`` where
    ``json`` writes ``1e-07``, so such values go through ``json``.
    """
    for claim in ds.claims:
        for quantity in claim.quantities:
            if type(quantity.value) is float and "e-" in repr(quantity.value):
                return False
    return True


def _use_orjson(ds: Dataset) -> bool:
    return _backend == "orjson" and _orjson is not None and _orjson_safe(ds)


def dumps(ds: Dataset, *, format: Format = "json") -> str:
    """The dataset as a JSON document of the contract (or JSON Lines), as ``str``.

    >>> import summitdata
    >>> text = summitdata.dumps(summitdata.load())
    >>> text.startswith('{\\n  "schema_version": "1.0",') and text.endswith("}\\n")
    True
    >>> lines = summitdata.dumps(summitdata.load(), format="jsonl").splitlines()
    >>> lines[0]
    '{"type":"dataset","schema_version":"1.0","data_version":"2025.12.1"}'
    >>> lines[1][:36]
    '{"type":"source","id":"source:000-6d'
    """
    if format not in FORMATS:
        raise ValidationError([Problem(record="dumps", field="format", message=f"not one of {FORMATS}")])
    with gc_paused():
        if format == "jsonl":
            return _dumps_jsonl(ds)
        return _dumps_json(ds)


def _dumps_json(ds: Dataset) -> str:
    if not _use_orjson(ds):
        return _document_text(ds)
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "data_version": ds.data_version}
    for cls, _, plural in RECORD_TYPES:
        write = native_writer(cls)
        document[plural] = [write(r) for r in sorted(getattr(ds, plural), key=_id)]
    data: bytes = _orjson.dumps(document, option=_orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE)
    return data.decode("utf-8")


def _document_text(ds: Dataset) -> str:
    """What ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"`` writes for the plain data of ``ds``.

    Written by the converter's generated per-class writers, without the plain data: the
    standard library's encoder is pure Python when it indents.
    """
    parts = [f'{{\n  "schema_version": {_encode(SCHEMA_VERSION)},\n  "data_version": {_encode(ds.data_version)}']
    for cls, _, plural in RECORD_TYPES:
        records = sorted(getattr(ds, plural), key=_id)
        parts.append(f',\n  "{plural}": ' + objects_text(records, "  ", text_writer(cls)))
    parts.append("\n}\n")
    return "".join(parts)


def _dumps_jsonl(ds: Dataset) -> str:
    header = {"type": "dataset", "schema_version": SCHEMA_VERSION, "data_version": ds.data_version}
    lines: list[Any] = [header]
    orjson = _use_orjson(ds)
    for cls, kind, plural in RECORD_TYPES:
        write = native_writer(cls) if orjson else unstructure_record
        for record in sorted(getattr(ds, plural), key=_id):
            line = {"type": kind}
            line.update(write(record))
            lines.append(line)
    if orjson:
        encode = _orjson.dumps
        newline = _orjson.OPT_APPEND_NEWLINE
        return b"".join([encode(line, option=newline) for line in lines]).decode("utf-8")
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    return "".join([encoder.encode(line) + "\n" for line in lines])


def dump(ds: Dataset, fp: IO[str], *, format: Format = "json") -> None:
    """Write :func:`dumps` of the dataset to a text file opened with UTF-8 encoding.

    >>> import io, summitdata
    >>> buffer = io.StringIO()
    >>> summitdata.dump(summitdata.load(), buffer)
    >>> buffer.getvalue() == summitdata.dumps(summitdata.load())
    True
    """
    fp.write(dumps(ds, format=format))


# --- reading ---------------------------------------------------------------------------


def _fail(message: str, record: str = "document", field: str = "") -> DataError:
    return DataError([Problem(record=record, field=field, message=message)])


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _parse(text: str, where: str = "document") -> Any:
    """Parse one JSON text strictly; :class:`DataError` when it is not valid JSON."""
    try:
        if _backend == "orjson" and _orjson is not None:
            return _orjson.loads(text)
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise _fail("not valid JSON: nested too deeply", where) from None
    except ValueError as err:  # JSONDecodeError, NaN/Infinity, integers too long to read
        raise _fail(f"not valid JSON: {err}", where) from None
    if _SURROGATE_ESCAPE.search(text):  # \ud800 alone decodes to a str that is not Unicode text
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise _fail("not valid JSON: a \\u escape gives a lone surrogate, which is not UTF-8", where) from None
    return value


def _text(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _fail(f"not UTF-8: {err}") from None
    if type(data) is not str:
        raise _fail(f"expected str or bytes, not {type(data).__name__}")
    try:
        data.encode("utf-8")
    except UnicodeEncodeError as err:
        raise _fail(f"not UTF-8: {err}") from None
    return data


def loads(text: str | bytes, *, format: Format = "json", base: Dataset | None = None) -> Dataset:
    """Read a dataset from a JSON document of the contract (or JSON Lines), checking everything.

    Refused, each reported as a :class:`~summitdata.Problem` naming the record (its id,
    else its place: ``claims[3]``, ``line 7``) and the path of the field: unknown or
    missing fields, values of the wrong JSON type (no coercion: ``12.7`` is not an
    integer, ``null`` not a string), enum values outside the vocabulary, malformed or
    impossible dates (``2025-02-30``, ``2025-13``), ``NaN``/``Infinity`` and numbers out of
    range, negative or reversed anchor offsets, anchors whose ``text`` is not the text of
    their source at ``start:end``, references to ids that do not exist or to a record of
    the wrong kind, duplicate ids, a ``schema_version`` of another major version,
    truncated or invalid JSON, input that is not UTF-8, a top level that is not an
    object. Every problem found is reported together in one
    :class:`~summitdata.ValidationError` (a :class:`~summitdata.DataError` when the text
    cannot be read as a document at all); no partial dataset is ever returned.

    With ``base`` (such as ``summitdata.load()``), the records may refer to the records
    of ``base`` and the result is ``base.merge(records)`` (see
    :meth:`~summitdata.Dataset.merge`), checked as a whole, with a ``data_version`` of
    ``"<base>+<document>"`` when they differ.

    >>> import summitdata
    >>> summitdata.loads(summitdata.dumps(summitdata.load())) == summitdata.load()
    True
    >>> summitdata.loads('{"schema_version": "2.0"}')
    Traceback (most recent call last):
    ...
    summitdata.errors.DataError: document: schema_version: version '2.0' is not supported: this library reads 1.x
    """
    if format not in FORMATS:
        raise ValidationError([Problem(record="loads", field="format", message=f"not one of {FORMATS}")])
    text = _text(text)
    with gc_paused():
        if format == "jsonl":
            return _dataset_from_lines(text, base)
        return dataset_from_data(_parse(text), base)


def load_file(path: str | os.PathLike[str], *, format: Format | None = None, base: Dataset | None = None) -> Dataset:
    """Read a dataset from a ``.json`` or ``.jsonl`` file (see :func:`loads`).

    The format is ``format``, else ``"jsonl"`` for a name ending in ``.jsonl`` or
    ``.ndjson`` and ``"json"`` otherwise. ``base`` is as for :func:`loads`.

    >>> import pathlib, tempfile, summitdata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "export.jsonl")
    ...     _ = target.write_text(summitdata.dumps(summitdata.load(), format="jsonl"), encoding="utf-8")
    ...     summitdata.load_file(target) == summitdata.load()
    True
    """
    if format is None:
        format = "jsonl" if os.fspath(path).lower().endswith((".jsonl", ".ndjson")) else "json"
    try:
        with open(path, "rb") as fp:
            data = fp.read()
    except OSError as err:
        raise DataError([Problem(record=os.fspath(path), field="", message=err.strerror or str(err))]) from None
    return loads(data, format=format, base=base)


_PLURAL = {kind: (cls, plural) for cls, kind, plural in RECORD_TYPES}
_TOP_LEVEL = ("schema_version", "data_version", *(plural for _, _, plural in RECORD_TYPES))


def dataset_from_data(document: Any, base: Dataset | None = None) -> Dataset:
    """Build a dataset from a parsed JSON document, reporting every problem at once."""
    if type(document) is not dict:
        raise _fail("the top level must be a JSON object")
    _check_version(document)
    problems: list[Problem] = []
    for key in document:
        if key not in _TOP_LEVEL:
            problems.append(Problem(record="document", field=str(key), message="unknown field"))
    for key in _TOP_LEVEL:
        if key not in document:
            problems.append(Problem(record="document", field=key, message="missing field"))
    data_version = _data_version(document, "document", problems)
    items: list[tuple[type[Any], str, Any]] = []
    for cls, _, plural in RECORD_TYPES:
        array = document.get(plural, [])
        if type(array) is not list:
            problems.append(Problem(record="document", field=plural, message="must be an array"))
            continue
        items.extend((cls, f"{plural}[{index}]", item) for index, item in enumerate(array))
    return _build(data_version, items, problems, base)


def _dataset_from_lines(text: str, base: Dataset | None) -> Dataset:
    problems: list[Problem] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        problems.append(Problem(record=f"line {len(lines)}", field="", message="the last line must end with a newline"))
    if not lines:
        raise _fail("empty: the first line must be the dataset header")
    header = _parse(lines[0], "line 1")
    if type(header) is not dict or header.get("type") != "dataset":
        raise _fail('the first line must be {"type": "dataset", "schema_version": ..., "data_version": ...}', "line 1")
    _check_version(header, "line 1")
    for key in header:
        if key not in ("type", "schema_version", "data_version"):
            problems.append(Problem(record="line 1", field=str(key), message="unknown field"))
    data_version = _data_version(header, "line 1", problems)
    items: list[tuple[type[Any], str, Any]] = []
    for number, line in enumerate(lines[1:], start=2):
        where = f"line {number}"
        try:
            item = _parse(line, where)
        except DataError as err:
            problems.extend(err.problems)
            continue
        if type(item) is not dict:
            problems.append(Problem(record=where, field="", message="each line must be a JSON object"))
            continue
        kind = item.pop("type", None)
        if kind not in _PLURAL:
            record_id = item.get("id")
            record = record_id if type(record_id) is str else where
            message = "missing field" if kind is None else f"{kind!r} is not one of {', '.join(_PLURAL)}"
            problems.append(Problem(record=record, field="type", message=message))
            continue
        items.append((_PLURAL[kind][0], where, item))
    return _build(data_version, items, problems, base)


def _data_version(document: Mapping[str, Any], where: str, problems: list[Problem]) -> str:
    data_version = document.get("data_version")
    if type(data_version) is not str or not data_version:
        if "data_version" in document or where != "document":
            problems.append(Problem(record=where, field="data_version", message="must be a non-empty string"))
        return ""
    return data_version


def _build(
    data_version: str, items: Iterable[tuple[type[Any], str, Any]], problems: list[Problem], base: Dataset | None
) -> Dataset:
    """Structure every record, check them together (with ``base``), and build the dataset; or raise."""
    built: dict[type[Any], list[Any]] = {cls: [] for cls, _, _ in RECORD_TYPES}
    unbuilt: list[tuple[str, type[Any]]] = []
    for cls, where, item in items:
        try:
            built[cls].append(structure_record(item, cls, where=where))
        except ValidationError as err:
            problems.extend(err.problems)
            if type(item) is dict and type(item.get("id")) is str:
                unbuilt.append((item["id"], cls))
    collections = {plural: built[cls] for cls, _, plural in RECORD_TYPES}
    if base is not None:
        collections, conflicts = combine(base, (r for records in built.values() for r in records))
        problems.extend(conflicts)
        if base.data_version != data_version:
            data_version = f"{base.data_version}+{data_version}"
    problems.extend(check_records((r for records in collections.values() for r in records), unbuilt=unbuilt))
    if problems:
        raise ValidationError(problems)
    return Dataset(data_version=data_version, check=False, **collections)


_VERSION = re.compile(r"([0-9]+)\.([0-9]+)")


def _check_version(document: Mapping[str, Any], where: str = "document") -> None:
    version = document.get("schema_version")
    if type(version) is not str or _VERSION.fullmatch(version) is None:
        raise _fail("must be a string MAJOR.MINOR such as '1.0'", where, "schema_version")
    major = SCHEMA_VERSION.partition(".")[0]
    if version.partition(".")[0] != major:
        raise _fail(f"version {version!r} is not supported: this library reads {major}.x", where, "schema_version")

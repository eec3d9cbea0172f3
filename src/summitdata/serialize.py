"""Records and datasets to and from the JSON contract and JSON Lines.

Everything goes through :mod:`summitdata.converter`. :func:`dumps` writes the exact
bytes the JSON contract describes: 2-space indent, characters not escaped, keys in
field order, records sorted by id, a final newline. Same data, same bytes, whichever
JSON backend writes them (the standard library's ``json``, or ``orjson`` when installed:
the ``fast`` extra). The backend is a :class:`JSONBackend` given to each call
(``backend=``; by default orjson when installed), never a process-wide setting.

JSON Lines (``format="jsonl"``) holds the same records, one JSON object per line: a
first line ``{"type": "dataset", "schema_version": ..., "data_version": ...}``, then
each record with its kind first (``{"type": "claim", "id": ...}``; the kinds are the id
prefixes), in the order of the contract and sorted by id, compact separators, characters
not escaped, each line ending with a newline.

:func:`loads` and :func:`load_file` are strict: see :func:`loads` for what they refuse.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import sys
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import accumulate
from json.encoder import encode_basestring as _encode
from operator import attrgetter
from typing import IO, Any, Literal, TypeVar

import attrs

from ._checks import check_records, shared_aliases
from ._codegen import key_counter, native_writer, objects_text, structurer, text_writer
from ._gc import gc_paused
from ._wire import document_decoder, run_decoder
from .converter import converter, problems_of, structure_record, unstructure_record
from .dataset import SCHEMA_VERSION, Dataset, combine
from .errors import DataError, FileReadError, MissingDependencyError, Problem, ValidationError
from .fields import INT64_MAX, Many, Nested, field_spec, field_specs, given_id, problems_of_value
from .records import RECORD_TYPES, Person

__all__ = [
    "BACKENDS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_PROBLEMS",
    "JSONBackend",
    "detect_format",
    "dump",
    "dumps",
    "from_dict",
    "json_backend",
    "load_file",
    "loads",
    "read_file",
    "read_stream",
    "to_dict",
]

#: The names of the JSON formats :func:`dumps` and :func:`loads` speak.
Format = Literal["json", "jsonl"]
FORMATS: tuple[str, ...] = ("json", "jsonl")
#: The names of the JSON backends (see :class:`JSONBackend`): the standard library's, and orjson's.
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


def _check_backend_name(_: Any, __: Any, name: str) -> None:
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {name!r}")
    if name == "orjson" and _orjson is None:
        raise MissingDependencyError("the orjson backend needs orjson: pip install 'summitdata[fast]'")


@attrs.frozen(kw_only=True, repr=False)
class JSONBackend:
    """A JSON backend: the parser and encoder that :func:`~summitdata.dumps` and :func:`~summitdata.loads` use.

    One per name of :data:`BACKENDS`: ``"json"`` (the standard library's) and ``"orjson"``
    (faster; the ``fast`` extra; asking for it without orjson installed raises
    :class:`~summitdata.MissingDependencyError`; where msgspec is installed too, as the extra
    installs it, documents and JSON Lines in the layout :func:`~summitdata.dumps` writes are
    decoded by msgspec into the records themselves). Either writes the same bytes and accepts
    and refuses the same documents. A backend is an immutable value given to each call (their
    ``backend=``), never a process-wide setting: threads may read and write with different
    backends at the same time. :func:`json_backend` finds one by name.

    >>> JSONBackend(name="json") == json_backend("json")
    True
    >>> JSONBackend(name="yaml")
    Traceback (most recent call last):
    ...
    ValueError: backend must be one of ('json', 'orjson'), not 'yaml'
    """

    #: ``"json"`` or ``"orjson"``.
    name: str = attrs.field(validator=_check_backend_name)

    def __repr__(self) -> str:
        return f"json_backend({self.name!r})"

    def _parse(self, text: str, where: str = "document") -> tuple[Any, _Duplicated]:
        """Parse one JSON text strictly; :class:`DataError` when it is not valid JSON.

        Returns the value and the objects in it that give a key twice (found by
        :func:`_duplicates`). Both backends read the same values and refuse the same texts:
        orjson's result is checked for what it cannot report (repeated keys, depth, integers
        beyond 64 bits it reads as floats) and the text is parsed again by the standard
        library when in doubt.
        """
        if self.name == "orjson":
            try:
                value = _orjson.loads(text)
            except _orjson.JSONDecodeError:
                pass  # the standard library says what is wrong, in its own words for both backends
            else:
                keys, depth, suspect = _shape(value)
                if not suspect and depth <= MAX_DEPTH and keys == text.count('":') and not _SPACED_COLON.search(text):
                    return value, {}
        return _parse(text, where)

    def _record_parser(self) -> Callable[[str, str], tuple[Any, _Duplicated]]:
        """:meth:`_parse` for the many records of one document."""
        return self._parse if self.name == "orjson" else _StrictDecoder().parse

    def _native(self, ds: Dataset) -> bool:
        """Whether this backend encodes ``ds`` from the converter's native plain data (tuples kept).

        orjson does, when it writes the same bytes as ``json`` for ``ds`` (see :func:`_orjson_safe`);
        otherwise the standard library's path writes it.
        """
        return self.name == "orjson" and _orjson_safe(ds)

    def _encode_document(self, document: Any) -> str:
        """What ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"`` writes."""
        if self.name == "orjson":
            data: bytes = _orjson.dumps(document, option=_orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE)
            return data.decode("utf-8")
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def _encode_lines(self, lines: Iterable[Any]) -> str:
        """Each value of ``lines`` as one compact line of JSON Lines, characters not escaped."""
        if self.name == "orjson":
            encode = _orjson.dumps
            newline = _orjson.OPT_APPEND_NEWLINE
            return b"".join([encode(line, option=newline) for line in lines]).decode("utf-8")
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
        return "".join([encoder.encode(line) + "\n" for line in lines])


_BACKENDS: dict[str, JSONBackend] = {name: JSONBackend(name=name) for name in BACKENDS if name == "json" or _orjson}
_DEFAULT = _BACKENDS["orjson" if _orjson is not None else "json"]


def json_backend(backend: JSONBackend | str | None = None) -> JSONBackend:
    """The JSON backend of this name (one of :data:`BACKENDS`); without one, the default: orjson when installed.

    What the ``backend=`` of :func:`~summitdata.dumps`, :func:`~summitdata.loads` and the other
    readers and writers takes: a backend, its name, or ``None`` for the default. Asking for ``"orjson"`` when it
    is not installed raises :class:`~summitdata.MissingDependencyError`.

    >>> json_backend("json")
    json_backend('json')
    >>> json_backend().name in BACKENDS
    True
    >>> json_backend(json_backend("json")) is json_backend("json")
    True
    """
    if backend is None:
        return _DEFAULT
    if type(backend) is JSONBackend:
        return backend
    if not isinstance(backend, str):
        raise TypeError(f"backend must be a JSONBackend, one of {BACKENDS} or None, not {type(backend).__name__}")
    found = _BACKENDS.get(backend)
    return found if found is not None else JSONBackend(name=backend)  # which raises the reason


# --- writing ---------------------------------------------------------------------------


#: The key of the order of records in a document: their ids (a record's id is a ``str``).
_id = attrgetter("id")


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


def dumps(ds: Dataset, *, format: Format = "json", backend: JSONBackend | str | None = None) -> str:
    """The dataset as a JSON document of the contract (or JSON Lines), as ``str``.

    ``backend`` is the JSON backend that writes it (see :func:`~summitdata.serialize.json_backend`;
    the same bytes with either): a :class:`~summitdata.serialize.JSONBackend`, its name, or
    ``None`` for the default.

    >>> import summitdata
    >>> text = summitdata.dumps(summitdata.load())
    >>> text.startswith('{\\n  "schema_version": "1.1",') and text.endswith("}\\n")
    True
    >>> lines = summitdata.dumps(summitdata.load(), format="jsonl").splitlines()
    >>> lines[0]
    '{"type":"dataset","schema_version":"1.1","data_version":"2026.1"}'
    >>> lines[1][:36]
    '{"type":"source","id":"source:000-6d'
    >>> summitdata.dumps(summitdata.load(), backend="json") == summitdata.dumps(summitdata.load())
    True
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    backend = json_backend(backend)
    with gc_paused():
        if format == "jsonl":
            return _dumps_jsonl(ds, backend)
        return _dumps_json(ds, backend)


def _dumps_json(ds: Dataset, backend: JSONBackend) -> str:
    if not backend._native(ds):
        return _document_text(ds)
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "data_version": ds.data_version}
    for cls, _, plural in RECORD_TYPES:
        write = native_writer(cls)
        document[plural] = list(map(write, sorted(getattr(ds, plural), key=_id)))
    return backend._encode_document(document)


def _document_text(ds: Dataset) -> str:
    """What ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"`` writes for the plain data of ``ds``.

    Written by the converter's generated per-class writers, without the plain data: the
    standard library's encoder is pure Python when it indents.
    """
    parts = [f'{{\n  "schema_version": {_encode(SCHEMA_VERSION)},\n  "data_version": {_encode(ds.data_version)}']
    for cls, _, plural in RECORD_TYPES:
        records = sorted(getattr(ds, plural), key=_id)
        parts.append(f',\n  "{plural}": ')
        parts.extend(objects_text(records, "  ", text_writer(cls)))
    parts.append("\n}\n")
    return "".join(parts)


def _dumps_jsonl(ds: Dataset, backend: JSONBackend) -> str:
    header = {"type": "dataset", "schema_version": SCHEMA_VERSION, "data_version": ds.data_version}
    lines: list[Any] = [header]
    native = backend._native(ds)
    for cls, kind, plural in RECORD_TYPES:
        write = native_writer(cls) if native else unstructure_record
        for record in sorted(getattr(ds, plural), key=_id):
            line = {"type": kind}
            line.update(write(record))
            lines.append(line)
    # orjson writes the native data; the standard library the plain data of unstructure_record
    return (backend if native else _BACKENDS["json"])._encode_lines(lines)


def dump(
    ds: Dataset,
    fp: IO[str] | IO[bytes] | str | os.PathLike[str],
    *,
    format: Format | None = None,
    backend: JSONBackend | str | None = None,
) -> None:
    """Write :func:`dumps` of the dataset to a file by its path, or to a text or binary stream.

    Like ``json.dump``, the dataset comes first, then the file. A path is written
    whole or not at all: to a temporary file in the same folder, flushed to disk, then
    renamed over the target, so a failure (a full disk, a size limit, an interrupted run)
    leaves the old file as it was; the error (a :class:`~summitdata.DataError`) names the
    file. An empty path or a folder is refused. A binary stream gets UTF-8 bytes. The
    format is ``format``, else ``"jsonl"`` for a path (or a stream's ``name``) ending in
    ``.jsonl`` or ``.ndjson`` and ``"json"`` otherwise. :func:`load_file` reads either
    format back whatever the file's name (see there). A call that cannot be right (the
    arguments swapped, a file that cannot be written to) raises a ``TypeError`` that says so.
    ``backend`` is as for :func:`dumps`.

    >>> import io, pathlib, tempfile, summitdata
    >>> buffer = io.StringIO()
    >>> summitdata.dump(summitdata.load(), buffer)
    >>> buffer.getvalue() == summitdata.dumps(summitdata.load())
    True
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summitdata.dump(summitdata.load(), pathlib.Path(tmp, "summits.jsonl"))
    ...     summitdata.load_file(pathlib.Path(tmp, "summits.jsonl")) == summitdata.load()
    True
    >>> summitdata.dump("summits.json", summitdata.load())
    Traceback (most recent call last):
    ...
    TypeError: dump(ds, file): ds must be a Dataset, not str (the dataset comes first, as in json.dump(obj, fp))
    """
    from .dataset import Dataset  # noqa: PLC0415

    if not isinstance(ds, Dataset):
        raise TypeError(
            f"dump(ds, file): ds must be a Dataset, not {type(ds).__name__} "
            "(the dataset comes first, as in json.dump(obj, fp))"
        )
    if isinstance(fp, str | os.PathLike):
        if format is None:
            format = _format_of_name(os.fspath(fp))
        from ._atomic import check_target, write_file  # noqa: PLC0415

        check_target(fp)
        write_file(fp, dumps(ds, format=format, backend=backend).encode("utf-8"))
        return
    write = getattr(fp, "write", None)
    if not callable(write):
        raise TypeError(f"dump(ds, file): file must be a path or a file object with write(), not {type(fp).__name__}")
    text = dumps(ds, format=format or _format_of_name(getattr(fp, "name", "")), backend=backend)
    if isinstance(fp, io.TextIOBase):
        write(text)
    elif isinstance(fp, io.RawIOBase | io.BufferedIOBase):
        write(text.encode("utf-8"))
    else:  # some other object with write(): text first, as json.dump does
        try:
            write(text)
        except TypeError:
            write(text.encode("utf-8"))


def _format_of_name(name: object) -> Format:
    return "jsonl" if isinstance(name, str) and name.lower().endswith((".jsonl", ".ndjson")) else "json"


# --- reading ---------------------------------------------------------------------------

#: At most this many problems are kept in the :class:`~summitdata.ValidationError` of a
#: load (``max_problems=``); the others are counted in its ``omitted``.
MAX_PROBLEMS = 1000
#: A file or standard input larger than this many bytes (1 GiB) is refused before it is
#: read (``max_bytes=``).
MAX_BYTES = 1 << 30
#: JSON nested deeper than this many arrays and objects is refused before it is parsed
#: (the format itself nests 6 deep).
MAX_DEPTH = 100
#: Integers beyond 64 bits are refused (``INT64_MIN`` to ``INT64_MAX`` are read, as the model holds).
_INT_DIGITS = 19
_INT_LIMIT = INT64_MAX + 1

_CHUNK = 1 << 20


def _fail(message: str, record: str = "document", field: str = "") -> DataError:
    return DataError([Problem(record=record, field=field, message=message)])


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    if len(text) > _INT_DIGITS and len(text.lstrip("-")) > _INT_DIGITS:
        raise ValueError(f"the integer {_cut(text)} has {len(text.lstrip('-'))} digits, more than 64 bits hold")
    value = int(text)
    if not -_INT_LIMIT <= value < _INT_LIMIT:
        raise ValueError(f"the integer {text} is more than 64 bits hold")
    return value


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {_cut(text)} is too large for a 64-bit float")
    return value


class _Pairs:
    """An ``object_pairs_hook`` that builds each object and remembers those with a key given twice."""

    __slots__ = ("duplicated",)

    def __init__(self) -> None:
        # id of the dict -> (the dict, kept alive so that ids stay unique; its repeated keys)
        self.duplicated: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            self.duplicated[id(result)] = (result, list(dict.fromkeys(repeated)))
        return result


_STRING_OR_OTHER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1, '"': 0}
_SPACED_COLON = re.compile(r'"[ \t\n\r]+:')


def _check_depth(text: str, where: str) -> None:
    """Refuse ``text`` when its arrays and objects nest deeper than ``summitdata.serialize.MAX_DEPTH``, before parsing.

    The standard library's parser recurses once per level: with a raised recursion
    limit, deep enough nesting would overflow the C stack.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = _STRING_OR_OTHER.sub("", text)
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH:
        raise _fail(f"not valid JSON: nested more than {MAX_DEPTH} deep", where)


def _shape(value: Any) -> tuple[int, int, bool]:
    """The number of keys of every object in ``value``, its depth, and whether it holds an
    integer beyond 64 bits, or a float that may have been one in the text (orjson reads
    integers up to 2**64 as integers, larger ones as floats).
    """
    keys, depth = 0, -1  # value itself sits in a list of its own, so a scalar is checked too
    suspect = False
    level: list[Any] = [[value]]
    while level:
        depth += 1
        below: list[Any] = []
        for item in level:
            values = item.values() if type(item) is dict else item
            if type(item) is dict:
                keys += len(item)
            for v in values:
                kind = type(v)
                if kind is dict or kind is list:
                    below.append(v)
                elif (kind is float and v.is_integer() and abs(v) >= _INT_LIMIT) or (
                    kind is int and not -_INT_LIMIT <= v < _INT_LIMIT
                ):
                    suspect = True
        level = below if depth <= MAX_DEPTH else []
    return keys, depth, suspect


_Duplicated = dict[int, tuple[dict[str, Any], list[str]]]


def _parse(text: str, where: str = "document") -> tuple[Any, _Duplicated]:
    """:meth:`JSONBackend._parse` with the standard library: every check, every message."""
    return _StrictDecoder().parse(text, where)


class _StrictDecoder:
    """The standard library's parser with every check of :func:`_parse`, made once for the many
    texts of one document (``json.loads`` with options makes a decoder on every call).
    """

    __slots__ = ("_decoder", "_pairs")

    def __init__(self) -> None:
        self._pairs = _Pairs()
        self._decoder = json.JSONDecoder(
            object_pairs_hook=self._pairs,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )

    def parse(self, text: str, where: str = "document") -> tuple[Any, _Duplicated]:
        """The value of ``text`` and its objects that give a key twice; :class:`DataError` when it is not valid JSON."""
        _check_depth(text, where)
        try:
            value = self._decoder.decode(text)
        except RecursionError:  # the caller was already deep in recursion
            raise _fail("not valid JSON: nested too deeply", where) from None
        except ValueError as err:  # JSONDecodeError, NaN/Infinity, numbers out of range
            raise _fail(f"not valid JSON: {err}", where) from None
        if _SURROGATE_ESCAPE.search(text):  # \ud800 alone decodes to a str that is not Unicode text
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise _fail("not valid JSON: a \\u escape gives a lone surrogate, which is not UTF-8", where) from None
        duplicated = self._pairs.duplicated
        if duplicated:
            self._pairs.duplicated = {}
        return value, duplicated


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _duplicates(value: Any, duplicated: _Duplicated, path: str = "") -> Iterator[tuple[str, str]]:
    """(path of the object, key) for each key given twice in an object of ``value``."""
    if type(value) is dict:
        found = duplicated.get(id(value))
        if found is not None and found[0] is value:
            for key in found[1]:
                yield path, key
        for key, item in value.items():
            if type(item) is dict or type(item) is list:
                yield from _duplicates(item, duplicated, f"{path}.{key}" if path else key)
    elif type(value) is list:
        for index, item in enumerate(value):
            if type(item) is dict or type(item) is list:
                yield from _duplicates(item, duplicated, f"{path}[{index}]")


def _duplicate_problems(record: str, value: Any, duplicated: _Duplicated, path: str = "") -> Iterator[Problem]:
    for where, key in _duplicates(value, duplicated, path):
        field = f"{where}.{key}" if where else key
        yield Problem(record=record, field=field, message=f"the key {_cut(key)} is given more than once")


def _text(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _fail(f"not UTF-8: {err}") from None
    if type(data) is not str:
        raise TypeError(f"expected str or bytes, not {type(data).__name__}")
    try:
        data.encode("utf-8")
    except UnicodeEncodeError as err:
        raise _fail(f"not UTF-8: {err}") from None
    return data


def _limit(name: str, value: object, minimum: int) -> int:
    if type(value) is not int:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


def loads(
    text: str | bytes,
    *,
    format: Format = "json",
    base: Dataset | None = None,
    max_problems: int = MAX_PROBLEMS,
    backend: JSONBackend | str | None = None,
) -> Dataset:
    """Read a dataset from a JSON document of the contract (or JSON Lines), checking everything.

    Refused, each reported as a :class:`~summitdata.Problem` naming the record (its id,
    else its place: ``claims[3]``, ``line 7``) and the path of the field: unknown or
    missing fields, a key given twice in an object, values of the wrong JSON type (no
    coercion: ``12.7`` is not an integer, ``null`` not a string), enum values outside the
    vocabulary, malformed or impossible dates (``2025-02-30``, ``2025-13``),
    ``NaN``/``Infinity`` and numbers out of range, negative or reversed anchor offsets,
    anchors whose ``text`` is not the text of their source at ``start:end``, references
    to ids that do not exist or to a record of the wrong kind, duplicate ids, a
    ``schema_version`` of another major version or of a later minor version (a document of an
    earlier minor version is read as the current one: see the format reference), a field of
    a later minor version in a document of an earlier one, truncated or invalid JSON, input that is
    not UTF-8, a top level that is not an object. Every problem found is reported
    together in one :class:`~summitdata.ValidationError` (a :class:`~summitdata.DataError`
    when the text cannot be read as a document at all: not JSON, nested more than
    ``summitdata.serialize.MAX_DEPTH`` deep, an integer beyond 64 bits); no partial dataset is ever
    returned. At most ``max_problems`` problems are kept (default
    ``summitdata.serialize.MAX_PROBLEMS``), the others counted in the error's ``omitted``; a value quoted
    in a message is cut to its first 60 characters.

    With ``base`` (such as ``summitdata.load()``), the records may refer to the records
    of ``base`` and the result is ``base.merge(records)`` (see
    :meth:`~summitdata.Dataset.merge`), checked as a whole, with a ``data_version`` of
    ``"<base>+<document>"`` when they differ.

    ``backend`` is the JSON backend that parses the text (see
    :func:`~summitdata.serialize.json_backend`; the same documents are accepted and refused with
    either): a :class:`~summitdata.serialize.JSONBackend`, its name, or ``None`` for the default.

    >>> import summitdata
    >>> summitdata.loads(summitdata.dumps(summitdata.load())) == summitdata.load()
    True
    >>> summitdata.loads(summitdata.dumps(summitdata.load()), backend="json") == summitdata.load()
    True
    >>> summitdata.loads('{"schema_version": "2.0"}')
    Traceback (most recent call last):
    ...
    summitdata.errors.DataError: document: schema_version: version '2.0' is not supported: this library reads 1.x
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if base is not None and not isinstance(base, Dataset):
        raise TypeError(f"base must be a Dataset, not {type(base).__name__}")
    problems = _Problems(_limit("max_problems", max_problems, 1))
    backend = json_backend(backend)
    with gc_paused():
        if format == "jsonl":
            lines = _decoded_lines(text, base, problems, backend)
            if lines is not None:
                return lines
        if format == "jsonl" and type(text) in (str, bytes):
            try:
                return _dataset_from_lines(text, base, problems, backend)
            except _NotSplit:  # not UTF-8 somewhere: said below for the whole text, in the usual words
                problems = _Problems(problems.limit)
        if format == "json":
            whole = _decoded_whole(text, base, problems, backend)
            if whole is not None:
                return whole
            split = _split_records(text, backend)
            if split is not None:
                try:
                    return _dataset_from_records(text, split, base, problems, backend)
                except _NotSplit:
                    problems = _Problems(problems.limit)
        text = _text(text)
        if format == "jsonl":
            return _dataset_from_lines(text, base, problems, backend)
        document, duplicated = backend._parse(text)
        return _dataset_from_data(document, base, problems, duplicated)


def load_file(
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: Format | None = None,
    base: Dataset | None = None,
    max_problems: int = MAX_PROBLEMS,
    max_bytes: int = MAX_BYTES,
    backend: JSONBackend | str | None = None,
) -> Dataset:
    """Read a dataset from a ``.json`` or ``.jsonl`` file, by its path or as a file object (see :func:`loads`).

    ``file`` is a path, or, like ``json.load``'s ``fp``, a text or binary file object
    open for reading (read from where it stands). The format is ``format``, else found
    from the content by :func:`~summitdata.serialize.detect_format` (JSON Lines when the
    first line is an object with a ``"type"``; the name's ``.jsonl`` or ``.ndjson``
    decides only when the content does not). ``base``, ``max_problems`` and ``backend`` are
    as for :func:`loads`. Only a regular file is read by its path, and only when it holds at
    most ``max_bytes`` bytes (default ``summitdata.serialize.MAX_BYTES``, 1 GiB); a
    directory, a device, a FIFO, a missing, unreadable or larger file raise
    :class:`~summitdata.FileReadError` at once, before anything is read; a stream is read
    in chunks and refused as soon as it gives more than ``max_bytes``.
    ``summitdata.load(file)`` is the same call.

    >>> import io, pathlib, tempfile, summitdata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "export.jsonl")
    ...     _ = target.write_text(summitdata.dumps(summitdata.load(), format="jsonl"), encoding="utf-8")
    ...     with open(target, encoding="utf-8") as fp:
    ...         summitdata.load_file(target) == summitdata.load_file(fp) == summitdata.load()
    True
    >>> summitdata.load_file(42)
    Traceback (most recent call last):
    ...
    TypeError: load_file(file): file must be a path or a file object with read(), not int
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    backend = json_backend(backend)  # a wrong one is refused before the file is read
    if isinstance(file, str | os.PathLike):
        name = os.fspath(file)
        if not isinstance(name, str):
            raise TypeError(f"load_file(file): a path must be a str, not {type(name).__name__}")
        data = read_file(name, max_bytes=max_bytes)
    else:
        read = getattr(file, "read", None)
        if not callable(read):
            raise TypeError(
                f"load_file(file): file must be a path or a file object with read(), not {type(file).__name__}"
            )
        given = getattr(file, "name", "")
        name = given if isinstance(given, str) else "<stream>"
        data = _read_object(file, name or "<stream>", max_bytes)
    if format is None:
        format = detect_format(data, name)
    return loads(data, format=format, base=base, max_problems=max_problems, backend=backend)


def _read_object(fp: IO[str] | IO[bytes], name: str, max_bytes: int) -> bytes:
    """The bytes of a text or binary file object, up to ``max_bytes``."""
    if not isinstance(fp, io.TextIOBase):
        first = fp.read(0)
        if isinstance(first, bytes):
            return read_stream(fp, name=name, max_bytes=max_bytes)  # type: ignore[arg-type]
    limit = _limit("max_bytes", max_bytes, 0)
    data = bytearray()
    while True:
        chunk = fp.read(_CHUNK)
        if not chunk:
            return bytes(data)
        if not isinstance(chunk, str):
            raise TypeError(f"load_file(file): read() gave {type(chunk).__name__}, not str or bytes")
        try:
            data += chunk.encode("utf-8")
        except UnicodeEncodeError as err:
            raise _fail(f"not UTF-8: {err}") from None
        if len(data) > limit:
            raise _file_error(name, f"gives more than the limit of {limit:,} bytes (max_bytes)")


#: How far :func:`~summitdata.serialize.detect_format` looks for the end of the first line.
_FIRST_LINE = 1 << 16


def detect_format(data: bytes, name: str = "") -> Format:
    """The format of a file's content: ``"jsonl"`` or ``"json"``; ``name`` decides when the content does not.

    JSON Lines when the first line is by itself a JSON object with a ``"type"`` member
    (every line of JSON Lines is; no document of the JSON format can be, as ``type`` is
    not one of its fields); JSON when the first line is a lone ``{`` (a document on
    several lines, as ``export`` writes it); otherwise JSON Lines for a name ending in
    ``.jsonl`` or ``.ndjson``, else JSON. So what :func:`~summitdata.dump` or ``summitdata export``
    writes reads back under any name.

    >>> detect_format(b'{"type":"dataset","schema_version":"1.0","data_version":"x"}\\n', "export.json")
    'jsonl'
    >>> detect_format(b'{\\n  "schema_version": "1.0"\\n}\\n', "export.jsonl")
    'json'
    >>> detect_format(b"", "export.ndjson")
    'jsonl'
    """
    head = data[:_FIRST_LINE]
    end = head.find(b"\n")
    if end >= 0:
        first = head[:end].strip()
        if first == b"{":
            return "json"
        if first.startswith(b"{"):
            try:
                value = json.loads(first)
            except (ValueError, RecursionError):
                value = None
            if type(value) is dict and "type" in value:
                return "jsonl"
    return "jsonl" if name.lower().endswith((".jsonl", ".ndjson")) else "json"


def _file_error(name: str, message: str) -> FileReadError:
    return FileReadError([Problem(record=name, field="", message=message)])


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"


def read_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, refused at once when it is not one or holds more than ``max_bytes``.

    Raises :class:`~summitdata.FileReadError` naming the file. A FIFO is opened without
    waiting for a writer, so it never blocks.

    >>> read_file("/dev/null")
    Traceback (most recent call last):
    ...
    summitdata.errors.FileReadError: /dev/null: is a device, not a regular file
    """
    limit = _limit("max_bytes", max_bytes, 0)
    name = str(os.fspath(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as err:
        raise _file_error(name, err.strerror or str(err)) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _file_error(name, f"is {_kind_of(status.st_mode)}, not a regular file")
        _check_size(name, status.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as fp:
            return _read_limited(fp, name, limit)
    except OSError as err:
        raise _file_error(name, err.strerror or str(err)) from None
    finally:
        os.close(fd)


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise _file_error(name, f"is {size:,} bytes, more than the limit of {limit:,} (max_bytes)")


def _read_limited(fp: IO[bytes], name: str, limit: int) -> bytes:
    """Read ``fp`` to its end in chunks; refuse it once it gives more than ``limit`` bytes."""
    data = bytearray()
    while True:
        chunk = fp.read(min(_CHUNK, limit + 1 - len(data)))
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > limit:
            raise _file_error(name, f"gives more than the limit of {limit:,} bytes (max_bytes)")


def read_stream(fp: IO[bytes], *, name: str = "<stdin>", max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a binary stream such as ``sys.stdin.buffer``, read in chunks up to ``max_bytes``.

    A regular file, a pipe, a socket or a terminal is read; a device such as
    ``/dev/zero`` is refused at once, and anything that gives more than ``max_bytes``
    bytes as soon as it does (:class:`~summitdata.FileReadError`).

    >>> import io
    >>> read_stream(io.BytesIO(b"{}"))
    b'{}'
    >>> read_stream(io.BytesIO(b"[1, 2]"), max_bytes=4)
    Traceback (most recent call last):
    ...
    summitdata.errors.FileReadError: <stdin>: gives more than the limit of 4 bytes (max_bytes)
    """
    limit = _limit("max_bytes", max_bytes, 0)
    try:
        fd = fp.fileno()
    except (OSError, ValueError, AttributeError):  # io.BytesIO and the like: no file behind it
        fd = None
    try:
        if fd is not None:
            status = os.fstat(fd)
            if stat.S_ISREG(status.st_mode):
                _check_size(name, status.st_size, limit)
            elif (stat.S_ISCHR(status.st_mode) and not os.isatty(fd)) or stat.S_ISBLK(status.st_mode):
                raise _file_error(name, "is a device, not a regular file or a pipe")
            elif stat.S_ISDIR(status.st_mode):
                raise _file_error(name, "is a directory, not a regular file or a pipe")
        return _read_limited(fp, name, limit)
    except OSError as err:
        raise _file_error(name, err.strerror or str(err)) from None


# --- problems, kept up to a limit -------------------------------------------------------

_QUOTED = re.compile(r"""'((?:[^'\\]|\\.){60})(?:[^'\\]|\\.)+'|"((?:[^"\\]|\\.){60})(?:[^"\\]|\\.)+\"""")
_MESSAGE_LIMIT = 400


def _cut(text: str) -> str:
    """``repr(text)``, cut to its first 60 characters and ``...``."""
    return repr(text) if len(text) <= 60 else repr(text[:60])[:-1] + "...'"


def _short_message(problem: Problem) -> Problem:
    """The problem with each value quoted in its message cut to 60 characters."""
    if max(len(problem.message), len(problem.field), len(problem.record)) <= _MESSAGE_LIMIT:
        return problem
    message = _QUOTED.sub(lambda m: f"'{m.group(1) or m.group(2)}...'", problem.message)
    if len(message) > _MESSAGE_LIMIT:
        message = message[:_MESSAGE_LIMIT] + "..."
    field = problem.field if len(problem.field) <= _MESSAGE_LIMIT else problem.field[:_MESSAGE_LIMIT] + "..."
    record = problem.record if len(problem.record) <= _MESSAGE_LIMIT else problem.record[:_MESSAGE_LIMIT] + "..."
    return Problem(record=record, field=field, message=message)


class _Problems:
    """The problems of one load: the first ``limit`` kept, the others only counted."""

    __slots__ = ("kept", "limit", "omitted")

    def __init__(self, limit: int) -> None:
        self.kept: list[Problem] = []
        self.limit = limit
        self.omitted = 0

    @property
    def full(self) -> bool:
        return len(self.kept) >= self.limit

    def __bool__(self) -> bool:
        return bool(self.kept) or self.omitted > 0

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(_short_message(problem))
        else:
            self.omitted += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def error(self) -> ValidationError:
        return ValidationError(self.kept, omitted=self.omitted)


# --- documents ---------------------------------------------------------------------------

_PLURAL = {kind: (cls, plural) for cls, kind, plural in RECORD_TYPES}
_PLURALS = tuple(plural for _, _, plural in RECORD_TYPES)
_TOP_LEVEL = ("schema_version", "data_version", *_PLURALS)


def _name(item: Any, where: str) -> str:
    """A record's name in a problem: its id when it has one (:func:`~summitdata.fields.given_id`), else its place."""
    return given_id(item) or where


def dataset_from_data(document: Any, base: Dataset | None = None) -> Dataset:
    """Build a dataset from a parsed JSON document, reporting every problem at once.

    >>> dataset_from_data({"schema_version": "1.0"})
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: 9 problems:
    ...
    """
    return _dataset_from_data(document, base, _Problems(MAX_PROBLEMS), {})


def _dataset_from_data(
    document: Any,
    base: Dataset | None,
    problems: _Problems,
    duplicated: _Duplicated,
    parse: Callable[[int, type[Any]], list[Any]] | None = None,
    *,
    share: Callable[[Any, Any], Any] | None = None,
) -> Dataset:
    """The dataset of a parsed document; for a split one, ``parse(number, cls)`` gives the items
    (records already built, or parsed objects) of each number in the arrays, and ``share`` is the
    table of shared values they were built with.
    """
    if type(document) is not dict:
        raise _fail("the top level must be a JSON object")
    version = _check_version(document)
    if duplicated:
        head = duplicated.get(id(document))
        for key in head[1] if head is not None else ():
            problems.add(Problem(record="document", field=key, message=f"the key {_cut(key)} is given more than once"))
    for key in document:
        if key not in _TOP_LEVEL:
            problems.add(Problem(record="document", field=str(key), message="unknown field"))
    for key in _TOP_LEVEL:
        if key not in document:
            problems.add(Problem(record="document", field=key, message="missing field"))
    data_version = _data_version(document, "document", problems)
    items: list[tuple[type[Any], str, list[Any]]] = []
    for cls, _, plural in RECORD_TYPES:
        array = document.get(plural, [])
        if type(array) is not list:
            problems.add(Problem(record="document", field=plural, message="must be an array"))
            continue
        if duplicated:
            for index, item in enumerate(array):
                where = _name(item, f"{plural}[{index}]")
                problems.extend(_duplicate_problems(where, item, duplicated))
        items.append((cls, plural, array))
    items_read = _document_items(items) if parse is None else _run_items(items, parse)
    return _build(data_version, _upgraded(items_read, version, problems), problems, base, version, share=share)


def _document_items(arrays: list[tuple[type[Any], str, list[Any]]]) -> Iterator[tuple[type[Any], Any, Any]]:
    # The place of an item (``claims[3]``) is only written out when a problem needs it.
    for cls, plural, array in arrays:
        for index, item in enumerate(array):
            yield cls, (plural, index), item


def _run_items(
    arrays: list[tuple[type[Any], str, list[Any]]], parse: Callable[[int, type[Any]], list[Any]]
) -> Iterator[tuple[type[Any], Any, Any]]:
    for cls, plural, array in arrays:
        index = 0
        for number in array:
            for item in parse(number, cls):
                yield cls, (plural, index), item
                index += 1


class _NotSplit(Exception):
    """The document is not one :func:`_split_records` can read run by run: read it whole."""


#: A document in the layout :func:`dumps` writes is read in runs of consecutive records of
#: about this many characters: one parse per run, and a run's parsed objects go once its
#: records are built.
_RUN = 1 << 20
#: Runs are parsed fast only under this recursion limit: the parser stops deep nesting at
#: the limit, and a much higher one could let deep enough nesting overflow the C stack first.
_FAST_RECURSION_LIMIT = 4000


#: How a document of the current version in the layout :func:`dumps` writes begins.
_HEAD = f'{{\n  "schema_version": "{SCHEMA_VERSION}",\n'.encode()
_KINDS = tuple((cls, plural) for cls, _, plural in RECORD_TYPES)


def _decoded_whole(
    text: str | bytes, base: Dataset | None, problems: _Problems, backend: JSONBackend
) -> Dataset | None:
    """The dataset of a document of the current version in the layout :func:`dumps` writes, decoded
    whole by msgspec (with the ``fast`` extra's backend, ``orjson``); ``None`` when it cannot be
    read so (the document is then read in runs, or whole, by the parser of the backend).

    msgspec builds the records themselves, in C, and each record runs its compiled check
    (see :mod:`summitdata._wire`); the checks across records follow, as for any reading.
    What msgspec lets through and the strict parser refuses is found as :func:`_fast_run`
    finds it: a key given twice or unknown (``":`` more than the keys of the records; the
    document's own keys are all required) and a key followed by spaces (looked for first).
    A document that msgspec does not read, or that these checks find wrong, is read again
    by the backend, which says what is wrong in its usual words.
    """
    if backend.name != "orjson" or sys.getrecursionlimit() > _FAST_RECURSION_LIMIT:
        return None
    decode = document_decoder(_KINDS)
    if decode is None:
        return None
    data = _utf8(text)
    if data is None or not data.startswith(_HEAD) or _SPACED_COLON_BYTES.search(data):
        return None
    keys = data.count(b'":')
    try:
        document = decode(data)
    except Exception:  # noqa: BLE001 - the backend says what is wrong
        return None
    if not document.data_version:  # the version is the current one: the document begins with it
        return None
    keys -= 2 + len(_KINDS)
    for cls, plural in _KINDS:
        keys -= sum(map(key_counter(cls), getattr(document, plural)))
    if keys:
        return None
    items = ((cls, None, record) for cls, plural in _KINDS for record in getattr(document, plural))
    return _build(document.data_version, items, problems, base, _version_key(SCHEMA_VERSION))


def _utf8(text: str | bytes) -> bytes | None:
    """``text`` as UTF-8 bytes for msgspec (which would keep a UTF-8 copy inside a ``str`` that is not
    ASCII); ``None`` for a ``str`` that cannot be encoded or any other value.
    """
    if type(text) is bytes:
        return text
    if type(text) is not str:
        return None
    try:
        return text.encode()
    except UnicodeEncodeError:
        return None


def _decoded_lines(
    text: str | bytes, base: Dataset | None, problems: _Problems, backend: JSONBackend
) -> Dataset | None:
    """The dataset of JSON Lines of the current version as :func:`dumps` writes them, the lines of
    each kind decoded at once by msgspec as one array (with the ``fast`` extra's backend,
    ``orjson``); ``None`` when they cannot be read so (they are then read one line at a time).

    The records of a kind are on consecutive lines, each starting ``{"type":"<kind>",``, the
    kinds in the order of the document's arrays (see :func:`_decoded_kind_lines`).
    """
    if backend.name != "orjson" or sys.getrecursionlimit() > _FAST_RECURSION_LIMIT:
        return None
    data = _utf8(text)
    if data is None or data[-1:] != b"\n":
        return None
    start = data.find(b"\n")  # each line of records is read with the line break before it
    header = _Problems(1)
    try:
        data_version, version = header_version(data[:start].decode(), header, backend)
    except (DataError, UnicodeDecodeError):
        return None
    if header or version != _version_key(SCHEMA_VERSION):
        return None
    items: list[tuple[type[Any], Any, Any]] = []
    last = len(data) - 1
    for index, (cls, kind) in enumerate(_LINE_KINDS):
        head = _LINE_HEADS[kind]
        if not data.startswith(head, start):
            continue
        stop = last
        for _, later in _LINE_KINDS[index + 1 :]:
            at = data.find(_LINE_HEADS[later], start, stop)
            if at >= 0:
                stop = at
        while start < stop:  # about _RUN characters at a time, so that the copies stay small
            cut = data.find(b"\n", start + _RUN, stop)
            lines = data[start : stop if cut < 0 else cut]
            records = _decoded_kind_lines(cls, kind, lines)
            if records is None:
                return None
            items.extend((cls, None, record) for record in records)
            start += len(lines)
    if start != last:
        return None
    return _build(data_version, items, problems, base, version)


def _decoded_kind_lines(cls: type[Any], kind: str, lines: bytes) -> list[Any] | None:
    """The records of ``cls`` on lines of JSON Lines that each start ``{"type":"<kind>",``,
    decoded at once by msgspec as one array; ``None`` when they must be read one at a time.

    ``lines`` holds each line with the line break before it (``b"\\n{...}\\n{...}"``).
    msgspec ignores the ``type`` key; the keys are counted with it, as :func:`_decoded_whole`
    counts them, and a key followed by spaces is looked for first.
    """
    decode = run_decoder(cls)
    count = lines.count(b"\n")
    if decode is None or lines.count(_LINE_HEADS[kind]) != count or _SPACED_COLON_BYTES.search(lines):
        return None  # an empty line, one of another kind, or a spaced key
    try:
        records = decode(b"[" + lines[1:].replace(b"\n", b",") + b"]")
    except Exception:  # noqa: BLE001 - read one line at a time, which says what is wrong
        return None
    if lines.count(b'":') != count + sum(map(key_counter(cls), records)):
        return None
    return records


_LINE_KINDS = tuple((cls, kind) for cls, kind, _ in RECORD_TYPES)
_LINE_HEADS = {kind: f'\n{{"type":"{kind}",'.encode() for _, kind in _LINE_KINDS}


def _split_records(data: str | bytes, backend: JSONBackend) -> tuple[dict[str, Any], list[tuple[int, int]]] | None:
    """The top level of a document in the layout :func:`dumps` writes, with each run of
    consecutive records replaced by its number, and where each run's text starts and ends;
    ``None`` for any other layout.

    Reading a large document whole builds every object of it before the first record,
    several times the document's size; run by run, each run's objects go as soon as its
    records are built. In that layout the records of an array are the text from its first
    line ``    {`` (4 spaces) to the last line that starts ``    }`` before the line ``  ]``
    that closes the array; a run ends at such a ``    }`` line, after about ``_RUN``
    characters. A line break is never inside a JSON string, so every cut is between JSON
    tokens. The top level with numbers in place of runs is parsed as strictly as a whole
    document; it is this layout only when each of its arrays of records holds exactly the
    numbers 0, 1, 2, ... in order, and when each run then parses as the items of an array.
    """
    number: Callable[[int], Any]
    if type(data) is bytes:
        opening, closing, array_end, number = b"\n    {", b"\n    }", b"\n  ]", b"%d".__mod__
    elif type(data) is str:
        opening, closing, array_end, number = "\n    {", "\n    }", "\n  ]", str  # type: ignore[assignment]
    else:
        return None
    find = data.find
    pieces: list[Any] = []
    runs: list[tuple[int, int]] = []
    last = 0
    start = find(opening)  # type: ignore[arg-type]
    while start >= 0:
        stop = find(array_end, start)  # type: ignore[arg-type]
        records_end = data.rfind(closing, start, stop) + 6  # type: ignore[arg-type]
        if stop < 0 or records_end <= start + 6:
            return None
        start += 5
        while True:
            cut = find(closing, start + _RUN, records_end)  # type: ignore[arg-type]
            end = records_end if cut < 0 else cut + 6
            pieces.append(data[last:start])
            pieces.append(number(len(runs)))
            runs.append((start, end))
            last = end
            if end == records_end:
                break
            start = find(opening, end, records_end) + 5  # type: ignore[arg-type]
            if start < 5:
                return None
        start = find(opening, records_end)  # type: ignore[arg-type]
    if not runs:
        return None
    pieces.append(data[last:])
    skeleton = (b"" if type(data) is bytes else "").join(pieces)
    try:
        top, duplicated = backend._parse(_text(skeleton))
    except DataError:
        return None
    if duplicated or type(top) is not dict:
        return None
    numbers = [n for plural in _PLURALS if type(top.get(plural)) is list for n in top[plural]]
    if numbers != list(range(len(runs))) or any(type(n) is not int for n in numbers):
        return None
    return top, runs


def _dataset_from_records(
    data: str | bytes,
    split: tuple[dict[str, Any], list[tuple[int, int]]],
    base: Dataset | None,
    problems: _Problems,
    backend: JSONBackend,
) -> Dataset:
    """The dataset of a document split by :func:`_split_records`, parsing one run of records at a time.

    A run is first parsed fast (see :func:`_fast_run`); when that does not give its records,
    strictly, as a whole document is. :class:`_NotSplit` when a run is not valid JSON or
    gives a key twice, so that the whole document is read the usual way and reports it in
    the usual words and order.
    """
    top, runs = split
    parse_one = backend._record_parser()
    try:
        _check_version(top)
    except DataError:  # read whole, a document says first where it is not valid JSON: so here
        for start, end in runs:
            try:
                parse_one(_text(_wrapped(data[start:end])), "document")
            except DataError:
                raise _NotSplit from None
        raise
    share: Callable[[Any, Any], Any] = {}.setdefault
    fast = top.get("schema_version") == SCHEMA_VERSION and sys.getrecursionlimit() <= _FAST_RECURSION_LIMIT

    def parse(number: int, cls: type[Any]) -> list[Any]:
        start, end = runs[number]
        text = data[start:end]  # the run's text and objects go once its records are built
        if fast:
            records = _fast_run(text, cls, backend, share)
            if records is not None:
                return records
        try:
            items, duplicated = parse_one(_text(_wrapped(text)), "document")
        except DataError:
            raise _NotSplit from None
        if duplicated:
            raise _NotSplit
        return typing.cast("list[Any]", items)

    return _dataset_from_data(top, base, problems, {}, parse, share=share)


def _wrapped(run: str | bytes) -> str | bytes:
    """A run of records as the JSON array of its records."""
    return b"[" + run + b"]" if type(run) is bytes else "[" + run + "]"  # type: ignore[operator]


# The same patterns, for a run read as bytes.
_SURROGATE_ESCAPE_BYTES = re.compile(_SURROGATE_ESCAPE.pattern.encode())
_SPACED_COLON_BYTES = re.compile(_SPACED_COLON.pattern.encode())


def _fast_run(
    text: str | bytes, cls: type[Any], backend: JSONBackend, share: Callable[[Any, Any], Any]
) -> list[Any] | None:
    """The records of ``cls`` in a run of :func:`_split_records`, parsed by the backend without
    the strict parser's hooks (for orjson, decoded by msgspec into the records themselves where
    it is installed: :func:`~summitdata._wire.run_decoder`); ``None`` when the run must be read
    strictly.

    What the strict parser refuses and this parse may let through never reaches a record:
    a key followed by spaces, and for the standard library's parser a lone surrogate escape
    (orjson refuses it), are looked for in the text first (and the run read strictly when
    found); ``NaN``, ``Infinity`` and numbers beyond 64 bits break
    the records' own checks (a number's range, an integer's 64 bits); and a key given twice
    is one key in the parsed object, so the run's ``":`` are then more than the keys of its
    records (:func:`~summitdata._codegen.key_counter`; a ``":`` inside a string is ``\\":``,
    which only adds to the count). Any problem at all sends the run to the strict path, which
    says what is wrong in its usual words.
    """
    orjson = backend.name == "orjson"  # which refuses a lone surrogate escape itself
    if type(text) is bytes:
        if (not orjson and _SURROGATE_ESCAPE_BYTES.search(text)) or _SPACED_COLON_BYTES.search(text):
            return None
        keys = text.count(b'":')
    else:
        if (not orjson and _SURROGATE_ESCAPE.search(text)) or _SPACED_COLON.search(text):  # type: ignore[arg-type]
            return None
        keys = text.count('":')  # type: ignore[arg-type]
    try:
        wrapped = _wrapped(text)
        decode = run_decoder(cls) if orjson else None
        if decode is not None:
            records = decode(wrapped)
        else:
            items = _orjson.loads(wrapped) if orjson else json.loads(_text(wrapped))
            structure = structurer(cls)
            records = [structure(item, share) for item in items]
    except Exception:  # noqa: BLE001 - the strict path says what is wrong
        return None
    if sum(map(key_counter(cls), records)) != keys:
        return None
    return records


def _dataset_from_lines(text: str | bytes, base: Dataset | None, problems: _Problems, backend: JSONBackend) -> Dataset:
    """The dataset of JSON Lines, read one line at a time (a line's objects go once its record is
    built); :class:`_NotSplit` when a line is not UTF-8.
    """
    if not text:
        raise _fail("empty: the first line must be the dataset header")
    newline: Any = b"\n" if type(text) is bytes else "\n"
    if text[-1:] != newline:
        last = text.count(newline) + 1
        problems.add(Problem(record=f"line {last}", field="", message="the last line must end with a newline"))
    lines = _lines(text, newline)
    _, header = next(lines)
    data_version, version = header_version(header, problems, backend)
    items = _upgraded(line_items(lines, problems, backend), version, problems)
    return _build(data_version, items, problems, base, version)


def _lines(text: str | bytes, newline: Any) -> Iterator[tuple[int, str]]:
    """``(number, line)`` of each line of ``text``, decoded one at a time; :class:`_NotSplit` for one not UTF-8."""
    start, number = 0, 1
    while start < len(text):
        end = text.find(newline, start)
        if end < 0:
            end = len(text)
        try:
            yield number, _text(text[start:end])
        except DataError:
            raise _NotSplit from None
        start, number = end + 1, number + 1


def header_version(line: str, problems: _Problems, backend: JSONBackend) -> tuple[str, tuple[int, int]]:
    """The ``data_version`` and ``(major, minor)`` format version of the header line of JSON Lines.

    :class:`DataError` when it is no header or of a format version this library does not read.
    """
    header, duplicated = backend._parse(line, "line 1")
    if type(header) is not dict or header.get("type") != "dataset":
        raise _fail('the first line must be {"type": "dataset", "schema_version": ..., "data_version": ...}', "line 1")
    version = _check_version(header, "line 1")
    problems.extend(_duplicate_problems("line 1", header, duplicated))
    for key in header:
        if key not in ("type", "schema_version", "data_version"):
            problems.add(Problem(record="line 1", field=str(key), message="unknown field"))
    return _data_version(header, "line 1", problems), version


def line_items(
    lines: Iterable[tuple[int, str]], problems: _Problems, backend: JSONBackend
) -> Iterator[tuple[type[Any], Any, Any]]:
    """``(class, place, parsed object)`` of each record line (``(number, text)``); line problems go to ``problems``."""
    parse_one = backend._record_parser()
    for number, line in lines:
        where = f"line {number}"
        try:
            item, duplicated = parse_one(line, where)
        except DataError as err:
            problems.extend(err.problems)
            continue
        if type(item) is not dict:
            problems.add(Problem(record=where, field="", message="each line must be a JSON object"))
            continue
        if duplicated:
            problems.extend(_duplicate_problems(_name(item, where), item, duplicated))
        kind = item.pop("type", None)
        if type(kind) is not str or kind not in _PLURAL:
            if kind is None:
                message = "missing field"
            elif type(kind) is str:
                message = f"{_cut(kind)} is not one of {', '.join(_PLURAL)}"
            else:
                message = f"must be a string, one of {', '.join(_PLURAL)}"
            problems.add(Problem(record=_name(item, where), field="type", message=message))
            continue
        yield _PLURAL[kind][0], where, item


def _data_version(document: Mapping[str, Any], where: str, problems: _Problems) -> str:
    data_version = document.get("data_version")
    if type(data_version) is not str or not data_version:
        if "data_version" in document or where != "document":
            problems.add(Problem(record=where, field="data_version", message="must be a non-empty string"))
        return ""
    return data_version


def _where(place: Any) -> str:
    return place if type(place) is str else f"{place[0]}[{place[1]}]"


def _build(
    data_version: str,
    items: Iterable[tuple[type[Any], Any, Any]],
    problems: _Problems,
    base: Dataset | None,
    version: tuple[int, int] | None = None,
    *,
    share: Callable[[Any, Any], Any] | None = None,
) -> Dataset:
    """Structure every record, check them together (with ``base``), and build the dataset; or raise.

    An item may be a record of its class already (built by :func:`_fast_run`, with the
    same ``share``, a ``dict.setdefault`` that keeps equal strings and tuples once: see
    :func:`~summitdata._codegen.structurer`; a new one by default). A record that cannot
    be built still has the references and anchors of its fields that can be checked
    (through a partial view). Once ``problems`` is full, the problems of the other records
    are counted, not kept nor written out.
    """
    built: dict[type[Any], list[Any]] = {cls: [] for cls, _, _ in RECORD_TYPES}
    unbuilt: list[tuple[str, type[Any]]] = []
    partial: list[tuple[Any, frozenset[str]]] = []
    if share is None:
        share = {}.setdefault
    for cls, place, item in items:
        if type(item) is cls:
            built[cls].append(item)
            continue
        record, missing, view = structure_item(cls, place, item, problems, share)
        if record is not None:
            built[cls].append(record)
            continue
        if missing is not None:
            unbuilt.append(missing)
        if view is not None:
            partial.append(view)
    if version is not None and version < (1, 1):
        built[Person] = _mark_shared_aliases(built[Person])
    collections = {plural: built[cls] for cls, _, plural in RECORD_TYPES}
    if base is not None:
        collections, conflicts = combine(base, (r for records in built.values() for r in records))
        problems.extend(conflicts)
        if base.data_version != data_version:
            data_version = f"{base.data_version}+{data_version}"
    records = (r for records in collections.values() for r in records)
    problems.extend(check_records(records, unbuilt=unbuilt, partial=partial))
    if problems:
        raise problems.error()
    return Dataset(data_version=data_version, check=False, **collections)


def structure_item(
    cls: type[Any], place: Any, item: Any, problems: _Problems, share: Callable[[Any, Any], Any] | None = None
) -> tuple[Any, tuple[str, type[Any]] | None, tuple[Any, frozenset[str]] | None]:
    """Build one record of ``cls`` from its parsed ``item``, its problems going to ``problems``.

    ``share`` is the fast path's table of shared values (see :func:`~summitdata._codegen.structurer`).

    Returns ``(record, None, None)``, or for a record that cannot be built ``(None,
    (id, cls) or None, (partial view, names of its built fields) or None)``: what
    :func:`~summitdata._checks.check_records` takes as ``unbuilt`` and ``partial``. Once
    ``problems`` is full, the problems are counted, not kept nor written out.
    """
    try:
        structure = structurer(cls)
        return structure(item, share) if share is not None else structure(item), None, None
    except Exception:  # noqa: BLE001 - the detailed path below says what is wrong
        pass
    if problems.full:
        count = _count_problems(item, cls)
        if count < 0:  # the detailed path builds it after all
            return structure_record(item, cls, where=_where(place)), None, None
        problems.omitted += count
    else:
        try:
            return structure_record(item, cls, where=_where(place)), None, None
        except ValidationError as err:
            problems.extend(err.problems)
    missing: tuple[str, type[Any]] | None = None
    found: tuple[Any, frozenset[str]] | None = None
    if type(item) is dict and item:
        record_id = given_id(item)
        if record_id is not None:
            missing = (record_id, cls)
        view = _partial_view(item, cls, record_id or _where(place))
        if view[1]:
            found = view
    return None, missing, found


def _mark_shared_aliases(people: list[Person]) -> list[Person]:
    """The people of a 1.0 document with the aliases two of them share marked ambiguous (1.0 could not mark them)."""
    shared = shared_aliases(people)
    if not shared:
        return people
    marked: list[Person] = []
    for person in people:
        if person.id in shared:
            ambiguous = tuple(alias for alias in person.aliases if alias in shared[person.id])
            person = attrs.evolve(typing.cast("Any", person), ambiguous_aliases=ambiguous)  # noqa: PLW2901
        marked.append(person)
    return marked


_FIELDS: dict[type[Any], tuple[Any, frozenset[str], tuple[Any, ...]]] = {}


def _fields(cls: type[Any]) -> tuple[Any, frozenset[str], tuple[Any, ...]]:
    """The attrs fields of ``cls``, their names, and the placeholder of each in a partial view."""
    try:
        return _FIELDS[cls]
    except KeyError:
        fields = attrs.fields(attrs.resolve_types(cls))
        placeholders = tuple(() if typing.get_origin(f.type) is tuple else None for f in fields)
        _FIELDS[cls] = found = (fields, frozenset(f.name for f in fields), placeholders)
        return found


def _field_problems(value: Any, tp: Any) -> int:
    """How many problems the converter finds in one field's value."""
    try:
        converter.structure(value, tp)
    except Exception as exc:  # noqa: BLE001 - counted like the converter reports it
        return len(problems_of(exc, ""))
    return 0


def _count_problems(item: Any, cls: type[Any]) -> int:
    """How many problems :func:`~summitdata.converter.structure_record` reports for ``item``, or -1 if none.

    A record whose keys are not those of its class is counted without building its error
    report: one problem per unknown or missing field, and those of each field present
    (the rule of the converter, which checks nothing else in that case; a test keeps
    both in step). Anything else takes the detailed path.
    """
    fields, names, _ = _fields(cls)
    if type(item) is dict and item.keys() != names:
        present = () if names.isdisjoint(item) else [f for f in fields if f.name in item]
        unknown, missing = len(item) - len(present), len(fields) - len(present)
        return unknown + missing + sum(_field_problems(item[f.name], f.type) for f in present)
    try:
        structure_record(item, cls)
    except ValidationError as err:
        return len(err.problems)
    return -1


def _partial_view(item: dict[str, Any], cls: type[Any], name: str) -> tuple[Any, frozenset[str]]:
    """An instance of ``cls`` holding the fields of ``item`` that can be built (placeholders
    elsewhere), and the names of those fields: for the cross-record checks of a record
    that could not be built.
    """
    fields, names, placeholders = _fields(cls)
    good: list[str] = []
    if names.isdisjoint(item):
        return None, frozenset(good)
    view = object.__new__(cls)
    for field, placeholder in zip(fields, placeholders, strict=True):
        value = placeholder
        if field.name in item:
            try:
                built = converter.structure(item[field.name], field.type)
                value = field.converter(built) if callable(field.converter) else built
                if not problems_of_value(field_spec(cls, field.name), value, field.name, cls):
                    good.append(field.name)  # checked across records only when it fits its own spec
            except Exception:  # noqa: BLE001 - reported by the detailed path
                pass
        object.__setattr__(view, field.name, value)
    object.__setattr__(view, "id", name)
    return view, frozenset(good)


_VERSION = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})")


def _version_key(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def _check_version(document: Mapping[str, Any], where: str = "document") -> tuple[int, int]:
    """The document's ``schema_version`` as ``(major, minor)``; :class:`DataError` unless this library reads it.

    The version policy: a document of the same major version and a minor version up to
    :data:`~summitdata.SCHEMA_VERSION` is read (an earlier minor one as the current one:
    the fields added since take their defaults, see :func:`_upgrade`); another major
    version, or a later minor one (which holds fields this library does not know), is refused.
    """
    version = document.get("schema_version")
    if type(version) is not str or _VERSION.fullmatch(version) is None:
        raise _fail("must be a string MAJOR.MINOR such as '1.0'", where, "schema_version")
    ours = _version_key(SCHEMA_VERSION)
    theirs = _version_key(version)
    if theirs[0] != ours[0]:
        raise _fail(
            f"version {_cut(version)} is not supported: this library reads {ours[0]}.x", where, "schema_version"
        )
    if theirs > ours:
        raise _fail(
            f"version {_cut(version)} is newer than this library's {SCHEMA_VERSION}: upgrade summitdata to read it",
            where,
            "schema_version",
        )
    return theirs


def _upgraded(
    items: Iterable[tuple[type[Any], Any, Any]], version: tuple[int, int], problems: _Problems
) -> Iterator[tuple[type[Any], Any, Any]]:
    """The items of a document of ``version``, each read as the current version (see :func:`_upgrade`)."""
    if version == _version_key(SCHEMA_VERSION):
        yield from items
        return
    for cls, place, item in items:
        found: list[tuple[str, str]] = []
        upgraded = _upgrade(item, cls, version, "", found)
        if found:
            where = _name(item, _where(place))
            problems.extend(Problem(record=where, field=path, message=message) for path, message in found)
        yield cls, place, upgraded


def _upgrade(value: Any, cls: type[Any], version: tuple[int, int], path: str, found: list[tuple[str, str]]) -> Any:
    """``value`` (the JSON of a ``cls``, from a document of ``version``) as the current version reads it.

    The rule of every minor version: a field added after ``version`` (its spec's ``since``)
    that the value does not give takes its default (``null`` or ``[]``); a value that gives it
    breaks its own version, which is reported in ``found`` as ``(field path, message)``. One
    1.1 field is derived across records instead, once they are built: a 1.0 person's
    ``ambiguous_aliases`` are the aliases it shares with another person of the document.
    Nested values (a claim's quantities) follow the same rule. ``value`` is not changed: a
    changed copy is returned. Anything that is not an object is left to the strict checks.
    """
    if type(value) is not dict:
        return value
    out = value
    for name, spec in field_specs(cls):
        field_path = f"{path}.{name}" if path else name
        if _version_key(spec.since) > version:
            if name in value:
                found.append(
                    (field_path, f"is new in format {spec.since}; this document is {'.'.join(map(str, version))}")
                )
            else:
                out = out if out is not value else dict(value)
                out[name] = _json_default(cls, name)
            continue
        node = spec.type
        item = value.get(name)
        if isinstance(node, Nested):
            new = _upgrade(item, node.cls, version, field_path, found)
        elif isinstance(node, Many) and isinstance(node.item, Nested) and type(item) is list:
            new = [_upgrade(x, node.item.cls, version, f"{field_path}[{i}]", found) for i, x in enumerate(item)]
            new = item if all(a is b for a, b in zip(new, item, strict=True)) else new
        else:
            continue
        if new is not item:
            out = out if out is not value else dict(value)
            out[name] = new
    return out


def _json_default(cls: type[Any], name: str) -> Any:
    """The JSON of the default of field ``name`` of ``cls`` (every field added after 1.0 has one)."""
    default = attrs.fields_dict(cls)[name].default
    return converter.unstructure(default)

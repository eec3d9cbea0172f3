"""A columnar release: Parquet tables with a fixed Arrow schema, and recipes for DuckDB, BigQuery and Spark.

:func:`~summitdata.dump_parquet` writes a dataset as Parquet files (``summitdata export --format
parquet -o DIR``; needs pyarrow: the ``parquet`` extra). The layout and the types are
derived from the field specs of the record model (:mod:`summitdata.fields`), the same for
every dataset, so files of different exports read into the same tables:

- one table per kind, named like the JSON array (``claims.parquet``), one row per record,
  sorted by ``id``; every field that is not a list is a column, present and nullable
  when the field is optional; a single nested object is flattened into prefixed columns
  (a speech's ``role_title``, ``role_of``, ``role_as_of``), a quantity's period into
  ``period_start`` and ``period_end``;
- every list field is a link table ``<kind>_<field>`` (``claim_topics.parquet``) with
  ``record_id``, a 0-based ``position`` and the item (``topic``), or the columns of the
  listed object (``claim_quantities``, ``person_roles``);
- every anchor of every record (its evidence and that of its roles) is a row of one
  table ``anchors``: ``record_id``, ``field`` (the anchor's path: ``evidence[0]``,
  ``roles[1].evidence[0]``), ``source_id``, ``start``, ``end``, ``text``;
- every ``inferred`` mapping is a table ``<kind>_inferred``: ``record_id``, ``field``,
  ``reason``;
- a partial date is four columns: its text (``2025``, ``2025-12``, ``2025-12-12``), its
  precision (``year``, ``month``, ``day``), and its first and last day as ``DATE``
  (``<name>_earliest``, ``<name>_latest``), so a precision-aware range query is
  ``<name>_latest >= :from AND <name>_earliest <= :to`` in any engine; claims carry
  their derived date (their speech's, else their summit's start:
  :meth:`~summitdata.Dataset.date_of`) in the columns ``date`` and the three others;
- types: text, ids and vocabulary words are ``string``, integers ``int64``, quantity
  values ``double``, flags ``bool``; each field's description is in the Arrow field
  metadata (``description``) and ``schema_version``, ``data_version`` and the table's
  name in each file's metadata.

With ``partition_by="year"`` the claims are written hive-partitioned by the year of their
date (``claims/year=2025/part-0.parquet``; ``year=__HIVE_DEFAULT_PARTITION__`` for claims
with no date). Every table is written in row groups of :data:`ROW_GROUP` rows, each held
in the layout of Arrow arrays while it fills, so the memory the export takes beyond the
loaded dataset stays bounded (at a million claims, 14% of the loaded dataset), and the
records are left as they were.

The export also holds recipes generated from the same schemas: ``duckdb.sql`` (a view
per table; run it from the export folder or after ``SET file_search_path``),
``bigquery/<table>.json`` (BigQuery schema files, for ``bq load`` or an external table)
and ``spark/<table>.json`` (Spark ``StructType`` JSON, for
``StructType.fromJson``); :func:`recipes` gives them without writing anything.

>>> import pathlib, tempfile, summitdata
>>> schemas = arrow_schemas()
>>> [field.name for field in schemas["anchors"]]
['record_id', 'field', 'source_id', 'start', 'end', 'text']
>>> [field.name for field in schemas["summits"]][3:7]
['start', 'start_precision', 'start_earliest', 'start_latest']
"""

from __future__ import annotations

import datetime
import json
import os
from array import array
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import attrs

from . import fields as f
from .dataset import SCHEMA_VERSION, Dataset
from .dates import PartialDate
from .errors import MissingDependencyError
from .fields import field_specs
from .records import KINDS, Anchor, Claim
from .tables import SINGULAR

__all__ = ["PARTITIONS", "ROW_GROUP", "arrow_schemas", "dump_parquet", "recipes"]

#: How many rows each row group of a Parquet file holds (fewer if its texts in a column reach 1 GiB).
ROW_GROUP = 65_536
#: How many rows of a table are held as Python values at most (then in the layout of Arrow arrays).
_CHUNK = 4_096
#: The bytes of a column of strings that end a row group early (Arrow's string offsets are 32-bit).
_MAX_BYTES = 1 << 30
#: The values of ``partition_by``.
PARTITIONS = ("year",)
#: The file that marks a folder as a Parquet export (it may then be replaced whole).
MANIFEST = "summitdata-parquet.json"

_SINGULAR = SINGULAR
_ANCHORS = f.Many(f.Nested(Anchor), min_items=1)
_DATE_DOC = {
    "precision": "How much of {name} is known: year, month or day.",
    "earliest": "The first day {name} may be (its first day at its precision).",
    "latest": "The last day {name} may be (its last day at its precision).",
}
_CLAIM_DATE_DOC = (
    "The claim's date: its speech's date, else its summit's start (derived, not a field of the JSON contract)."
)


def _arrow() -> Any:
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise MissingDependencyError("Parquet needs pyarrow: pip install 'summitdata[parquet]'") from None
    return pa


@attrs.frozen
class _Column:
    name: str
    type: str  # string, int64, double, bool, date32
    nullable: bool
    doc: str
    get: Callable[[Any], Any] = attrs.field(eq=False, repr=False)


@attrs.define
class _Table:
    name: str
    columns: list[_Column] = attrs.field(factory=list)
    # rows of this table from one owner value: (value, key) -> rows; set for link tables
    children: list[tuple[Callable[[Any], Any], _Table]] = attrs.field(factory=list)


def _path_getter(path: tuple[str, ...]) -> Callable[[Any], Any]:
    def get(value: Any) -> Any:
        for name in path:
            if value is None:
                return None
            value = getattr(value, name)
        return value

    return get


def _date_columns(name: str, get: Callable[[Any], Any], nullable: bool, doc: str) -> list[_Column]:
    def part(convert: Callable[[PartialDate], Any]) -> Callable[[Any], Any]:
        return lambda row: None if (date := get(row)) is None else convert(date)

    label = f"the date in {name}"
    return [
        _Column(name, "string", nullable, doc, part(PartialDate.isoformat)),
        _Column(f"{name}_precision", "string", nullable, _DATE_DOC["precision"].format(name=label), part(_precision)),
        _Column(f"{name}_earliest", "date32", nullable, _DATE_DOC["earliest"].format(name=label), part(_first)),
        _Column(f"{name}_latest", "date32", nullable, _DATE_DOC["latest"].format(name=label), part(_last)),
    ]


def _precision(date: PartialDate) -> str:
    return date.precision.value


def _first(date: PartialDate) -> datetime.date:
    return date.first_day()


def _last(date: PartialDate) -> datetime.date:
    return date.last_day()


_TYPES: dict[type[Any], str] = {
    f.Text: "string",
    f.Id: "string",
    f.Ref: "string",
    f.Choice: "string",
    f.Integer: "int64",
    f.Number: "double",
    f.Boolean: "bool",
}


def _scalar(node: f.Spec, name: str, get: Callable[[Any], Any], nullable: bool, doc: str) -> list[_Column]:
    if isinstance(node, f.Date):
        return _date_columns(name, get, nullable, doc)
    if isinstance(node, f.Choice):
        return [_Column(name, "string", nullable, doc, lambda row: None if (v := get(row)) is None else v.value)]
    return [_Column(name, _TYPES[type(node)], nullable, doc, get)]


def _flatten(table: _Table, cls: type[Any], prefix: tuple[str, ...], owner: str, nullable: bool) -> None:
    """Add the columns of ``cls`` (under ``prefix``) to ``table``, and its lists as child tables."""
    for name, spec in field_specs(cls):
        node, path = spec.type, (*prefix, name)
        column, get, optional = "_".join(path), _path_getter(path), nullable or spec.nullable
        if node == _ANCHORS or isinstance(node, f.Notes):
            continue  # the anchors and inferred tables, filled by walking the records
        if isinstance(node, f.Nested):
            _flatten(table, node.cls, path, owner, optional)
        elif isinstance(node, f.Many):
            table.children.append((get, _link_table(f"{owner}_{column}", node, path[-1], spec.doc)))
        else:
            table.columns.extend(_scalar(node, column, get, optional, spec.doc))


def _key_columns(doc: str) -> list[_Column]:
    return [
        _Column("record_id", "string", False, f"The id of the record whose list this is. {doc}", lambda row: row[0]),
        _Column("position", "int64", False, "The 0-based position of the item in the list.", lambda row: row[1]),
    ]


def _link_table(name: str, node: f.Many, field: str, doc: str) -> _Table:
    table = _Table(name, _key_columns(doc))
    item = node.item
    if isinstance(item, f.Nested):
        inner = _Table(name)
        _flatten(inner, item.cls, (), name, False)
        if inner.children:  # pragma: no cover - no list of objects holds a list but evidence
            raise TypeError(f"no Parquet layout for lists inside {name}")
        table.columns.extend(attrs.evolve(c, get=_item(c.get)) for c in inner.columns)
    else:
        table.columns.extend(_scalar(item, _SINGULAR.get(field, "value"), lambda row: row[2], False, doc))
    return table


def _item(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda row: get(row[2])


def _tables() -> list[_Table]:
    tables = []
    for kind in KINDS:
        table = _Table(kind.plural)
        _flatten(table, kind.cls, (), kind.name, False)
        if kind.cls is Claim:
            table.columns.extend(_date_columns("date", _path_getter(("date",)), True, _CLAIM_DATE_DOC))
        tables.append(table)
    return tables


def _layout() -> tuple[list[_Table], _Table, dict[str, _Table]]:
    """The kinds' tables (with their link tables as children), the anchors table, the inferred tables."""
    anchors = _Table(
        "anchors",
        [
            _Column("record_id", "string", False, "The id of the record the anchor supports.", lambda r: r[0]),
            _Column(
                "field", "string", False, "The anchor's path in the record (roles[0].evidence[1]).", lambda r: r[1]
            ),
            _Column("source_id", "string", False, f.field_spec(Anchor, "source").doc, lambda r: r[2].source),
            _Column("start", "int64", False, f.field_spec(Anchor, "start").doc, lambda r: r[2].start),
            _Column("end", "int64", False, f.field_spec(Anchor, "end").doc, lambda r: r[2].end),
            _Column("text", "string", False, f.field_spec(Anchor, "text").doc, lambda r: r[2].text),
        ],
    )
    inferred = {}
    for kind in KINDS:
        doc = f.field_spec(kind.cls, "inferred").doc
        inferred[kind.name] = _Table(
            f"{kind.name}_inferred",
            [
                _Column("record_id", "string", False, "The id of the record whose value is inferred.", lambda r: r[0]),
                _Column("field", "string", False, f"The path of the inferred field. {doc}", lambda r: r[1]),
                _Column("reason", "string", False, "Why the value is inferred.", lambda r: r[2]),
            ],
        )
    return _tables(), anchors, inferred


def _all(tables: list[_Table]) -> Iterator[_Table]:
    for table in tables:
        yield table
        yield from _all([child for _, child in table.children])


def _schema(table: _Table, metadata: dict[str, str] | None = None) -> Any:
    pa = _arrow()
    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "date32": pa.date32(),
    }
    fields = [
        pa.field(c.name, types[c.type], nullable=c.nullable, metadata={"description": c.doc}) for c in table.columns
    ]
    return pa.schema(fields, metadata={"summitdata_table": table.name, **(metadata or {})})


def arrow_schemas() -> dict[str, Any]:
    """The Arrow schema of every table of a Parquet export, by table name (needs pyarrow).

    The same for every dataset: derived from the field model, each field's description
    in its metadata. The files of an export carry these schemas with ``schema_version``
    and ``data_version`` added to their metadata.

    >>> schema = arrow_schemas()["claims"]
    >>> schema.field("date_earliest").type, schema.field("speech").nullable
    (DataType(date32[day]), True)
    >>> schema.field("kind").metadata[b"description"][:30]
    b'What the claim does: states, w'
    """
    kinds, anchors, inferred = _layout()
    return {t.name: _schema(t) for t in [*_all(kinds), anchors, *inferred.values()]}


# --- recipes -----------------------------------------------------------------------------------

_BIGQUERY = {"string": "STRING", "int64": "INTEGER", "double": "FLOAT", "bool": "BOOLEAN", "date32": "DATE"}
_SPARK = {"string": "string", "int64": "long", "double": "double", "bool": "boolean", "date32": "date"}


def recipes(*, partition_by: str | None = None) -> dict[str, str]:
    """The engine recipes of a Parquet export, by file name: ``duckdb.sql``, ``bigquery/*.json``, ``spark/*.json``.

    Generated from the same layout as the Parquet schemas (see the module documentation);
    :func:`~summitdata.dump_parquet` writes them into the export. ``partition_by`` must be that of the
    export (the claims' view reads the partitions).

    >>> sql = recipes()["duckdb.sql"]
    >>> "CREATE OR REPLACE VIEW claims AS SELECT * FROM read_parquet('claims.parquet');" in sql
    True
    >>> json.loads(recipes()["bigquery/anchors.json"])[3]
    {'name': 'start', 'type': 'INTEGER', 'mode': 'REQUIRED', 'description': '...'}
    """
    _partition(partition_by)
    kinds, anchors, inferred = _layout()
    tables = [*_all(kinds), anchors, *inferred.values()]
    sql = [
        "-- Views over a summitdata Parquet export (generated; run from the export folder,",
        "-- or after SET file_search_path = '/path/to/the/export').",
    ]
    out: dict[str, str] = {}
    for table in tables:
        source = f"read_parquet('{table.name}.parquet')"
        if partition_by is not None and table.name == "claims":
            source = "read_parquet('claims/*/*.parquet', hive_partitioning = true, hive_types = {'year': INTEGER})"
        sql.append(f"CREATE OR REPLACE VIEW {table.name} AS SELECT * FROM {source};")  # noqa: S608 - model names
        bigquery = [
            {
                "name": c.name,
                "type": _BIGQUERY[c.type],
                "mode": "NULLABLE" if c.nullable else "REQUIRED",
                "description": c.doc,
            }
            for c in table.columns
        ]
        spark = {
            "type": "struct",
            "fields": [
                {"name": c.name, "type": _SPARK[c.type], "nullable": c.nullable, "metadata": {"comment": c.doc}}
                for c in table.columns
            ],
        }
        out[f"bigquery/{table.name}.json"] = json.dumps(bigquery, ensure_ascii=False, indent=2) + "\n"
        out[f"spark/{table.name}.json"] = json.dumps(spark, ensure_ascii=False, indent=2) + "\n"
    return {"duckdb.sql": "\n".join(sql) + "\n", **out}


def _partition(partition_by: str | None) -> None:
    if partition_by is not None and partition_by not in PARTITIONS:
        raise ValueError(f"partition_by must be one of {PARTITIONS} or None, not {partition_by!r}")


# --- writing ----------------------------------------------------------------------------------


class _Sink:
    """The rows of one table, written to one Parquet file in row groups of :data:`ROW_GROUP` rows.

    The row group being filled is held in the layout of Arrow arrays (:class:`_Buffers`),
    and at most :data:`_CHUNK` of its rows as Python values.
    """

    def __init__(self, table: _Table, path: Path, metadata: dict[str, str]) -> None:
        pa, pq = _arrow(), _parquet()
        self.table = table
        self.schema = _schema(table, metadata)
        self.columns: list[list[Any]] = [[] for _ in table.columns]
        self.getters = [c.get for c in table.columns]
        self.buffers = [_Buffers(c.type) for c in table.columns]
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.pa = pa

    def add(self, row: Any) -> None:
        for values, get in zip(self.columns, self.getters, strict=True):
            values.append(get(row))
        if len(self.columns[0]) >= min(_CHUNK, ROW_GROUP - self.buffers[0].rows):
            self.move()

    def move(self) -> None:
        """Move the rows held as Python values into the buffers; write the row group once full."""
        for values, buffers in zip(self.columns, self.buffers, strict=True):
            buffers.extend(values)
            values.clear()
        if self.buffers[0].rows >= ROW_GROUP or any(len(b.data) >= _MAX_BYTES for b in self.buffers):
            self.flush()

    def flush(self) -> None:
        if self.buffers[0].rows:
            arrays = [b.array(self.pa, field.type) for b, field in zip(self.buffers, self.schema, strict=True)]
            self.buffers = [_Buffers(c.type) for c in self.table.columns]
            self.writer.write_batch(self.pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.move()
        self.flush()
        self.writer.close()


_EPOCH = datetime.date(1970, 1, 1).toordinal()
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class _Buffers:
    """The values of one column of a row group in the layout of an Arrow array.

    Not ``pyarrow.array`` over lists of values, for what it costs the process for good: it
    keeps a UTF-8 copy inside every non-ASCII ``str`` it reads (the records' texts would
    grow by it), and its first call imports pandas when pandas is installed. These buffers
    are exact (no builder's spare room) and Arrow reads them without a copy.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.rows = 0
        self.nulls = 0
        self.valid = bytearray()  # a byte per row: 1, or 0 for a null
        self.data: Any = {"int64": array("q"), "double": array("d"), "date32": array("i")}.get(kind, bytearray())
        self.ends = array("i", [0])  # where each string ends in data

    def extend(self, values: list[Any]) -> None:
        nulls = values.count(None)
        self.rows += len(values)
        self.nulls += nulls
        self.valid += bytes([v is not None for v in values]) if nulls else b"\x01" * len(values)
        if self.kind == "string":
            texts = [b"" if v is None else v.encode() for v in values]
            ends = accumulate(map(len, texts), initial=len(self.data))
            next(ends)
            self.ends.extend(ends)
            self.data += b"".join(texts)
        elif self.kind == "date32":
            self.data.extend([0 if v is None else v.toordinal() - _EPOCH for v in values])
        elif nulls:
            self.data.extend([0 if v is None else v for v in values])
        else:
            self.data.extend(values)

    def array(self, pa: Any, type_: Any) -> Any:
        """The Arrow array of ``type_`` over these buffers (which it keeps alive)."""
        validity = _bitmap(pa, self.valid) if self.nulls else None
        if self.kind == "string":
            buffers = [validity, pa.py_buffer(self.ends), pa.py_buffer(self.data)]
        elif self.kind == "bool":
            buffers = [validity, _bitmap(pa, self.data)]
        else:
            buffers = [validity, pa.py_buffer(self.data)]
        return pa.Array.from_buffers(type_, self.rows, buffers, null_count=self.nulls)


def _bitmap(pa: Any, flags: bytearray) -> Any:
    """The Arrow bitmap of bytes that are 0 or 1: bit ``i`` (least significant first) is ``flags[i]``."""
    bits = int(flags[::-1].translate(_DIGITS), 2)
    return pa.py_buffer(bits.to_bytes((len(flags) + 7) // 8, "little"))


def _parquet() -> Any:
    _arrow()
    import pyarrow.parquet as pq  # noqa: PLC0415 - an optional extra

    return pq


class _ClaimRow:
    """A claim with its derived date, as the claims table reads it (``date`` in ``__dict__``)."""

    def __init__(self, claim: Claim, date: PartialDate | None) -> None:
        self.__dict__.update({name: getattr(claim, name) for name, _ in field_specs(Claim)}, date=date)


def _is_export(folder: Path) -> bool:
    """Whether ``folder`` holds a Parquet export and nothing else (so it may be replaced whole)."""
    if not (folder / MANIFEST).is_file():
        return False
    for entry in folder.rglob("*"):
        if entry.is_symlink():
            return False
        if entry.is_dir():
            if entry.parent == folder and entry.name not in ("bigquery", "spark") and not entry.name.endswith("s"):
                return False  # a partitioned table is a folder named after its plural kind
            continue
        if entry.suffix not in (".parquet", ".json", ".sql"):
            return False
    return True


def dump_parquet(ds: Dataset, directory: str | os.PathLike[str], *, partition_by: str | None = None) -> Path:
    """Write the dataset as Parquet tables, with engine recipes, into ``directory`` (needs pyarrow).

    See the module documentation for the layout, the types and the recipes. The folder is
    written whole or not at all, like :func:`~summitdata.dump_csv`: filled as a hidden
    folder beside it, then swapped in; ``directory`` may be missing, empty, or a previous
    Parquet export (it holds ``summitdata-parquet.json``), which is replaced whole.
    ``partition_by="year"`` writes the claims hive-partitioned by the year of their date.
    Returns the path of ``summitdata-parquet.json`` (the list of tables and the versions).
    ``summitdata export --format parquet -o DIR [--partition-by year]`` calls it.

    >>> import pathlib, tempfile, summitdata
    >>> import pyarrow.parquet as pq
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = dump_parquet(summitdata.load(), tmp)
    ...     table = pq.read_table(pathlib.Path(tmp, "claims.parquet"))
    ...     table.num_rows, table.schema.metadata[b"data_version"]
    (64, b'2026.1')
    """
    from ._atomic import check_target, write_error, write_folder  # noqa: PLC0415

    _partition(partition_by)
    _parquet()
    target = check_target(directory, folder=True)
    metadata = {"schema_version": SCHEMA_VERSION, "data_version": ds.data_version}

    def fill(folder: Path) -> None:
        try:
            names = _write_tables(ds, folder, metadata, partition_by)
            for name, text in recipes(partition_by=partition_by).items():
                path = folder / name
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
            manifest = {**metadata, "partition_by": partition_by, "tables": names}
            (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        except OSError as err:
            raise write_error(target / (Path(err.filename).name if err.filename else ""), err) from None

    write_folder(target, fill, replaceable=_is_export)
    return target / MANIFEST


def _write_tables(ds: Dataset, folder: Path, metadata: dict[str, str], partition_by: str | None) -> list[str]:
    kinds, anchors_table, inferred_tables = _layout()
    anchors = _Sink(anchors_table, folder / "anchors.parquet", metadata)
    names = ["anchors"]
    for kind, table in zip(KINDS, kinds, strict=True):
        records = sorted(getattr(ds, kind.plural), key=lambda r: str(r.id))
        children = [(get, _Sink(child, folder / f"{child.name}.parquet", metadata)) for get, child in table.children]
        notes = _Sink(inferred_tables[kind.name], folder / f"{kind.name}_inferred.parquet", metadata)
        names += [table.name, *(sink.table.name for _, sink in children), notes.table.name]
        if kind.cls is Claim:
            _write_claims(
                ds,
                records,
                table=table,
                folder=folder,
                metadata=metadata,
                partition_by=partition_by,
                children=children,
                anchors=anchors,
                notes=notes,
            )
        else:
            own = _Sink(table, folder / f"{table.name}.parquet", metadata)
            for record in records:
                own.add(record)
                _write_parts(record, children, anchors, notes)
            own.close()
        for _, sink in children:
            sink.close()
        notes.close()
    anchors.close()
    return sorted(names)


def _write_parts(record: Any, children: list[tuple[Callable[[Any], Any], _Sink]], anchors: _Sink, notes: _Sink) -> None:
    record_id = record.id
    for get, sink in children:
        for position, item in enumerate(get(record) or ()):
            sink.add((record_id, position, item))
    for path, node, value in f.walk(type(record), record):
        if node == _ANCHOR:
            anchors.add((record_id, path, value))
    for field, reason in record.inferred.items():
        notes.add((record_id, field, reason))


_ANCHOR = f.Nested(Anchor)


def _write_claims(
    ds: Dataset,
    claims: list[Claim],
    *,
    table: _Table,
    folder: Path,
    metadata: dict[str, str],
    partition_by: str | None,
    children: list[tuple[Callable[[Any], Any], _Sink]],
    anchors: _Sink,
    notes: _Sink,
) -> None:
    if partition_by is None:
        own = _Sink(table, folder / "claims.parquet", metadata)
        for claim in claims:
            own.add(_ClaimRow(claim, ds.date_of(claim)))
            _write_parts(claim, children, anchors, notes)
        own.close()
        return
    years: dict[int | None, list[Claim]] = {}
    for claim in claims:
        date = ds.date_of(claim)
        years.setdefault(None if date is None else date.year, []).append(claim)
    for year in sorted(years, key=lambda y: -1 if y is None else y):
        part = folder / "claims" / f"year={'__HIVE_DEFAULT_PARTITION__' if year is None else year}"
        part.mkdir(parents=True)
        own = _Sink(table, part / "part-0.parquet", metadata)
        for claim in years[year]:
            own.add(_ClaimRow(claim, ds.date_of(claim)))
            _write_parts(claim, children, anchors, notes)
        own.close()

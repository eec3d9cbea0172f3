"""CSV tables and a Frictionless Data Package of a dataset: :func:`dump_csv`.

The layout is derived from the field specs of the record model
(:mod:`summitdata.fields`), and the cells from the records' plain data through the converter, so
the tables hold exactly what the JSON export holds:

- one table per kind, named like the JSON array (``claims.csv``), one row per record,
  primary key ``id``; its scalar fields are columns; a single nested object is flattened
  into prefixed columns (a speech's ``role`` gives ``role_title``, ``role_of``,
  ``role_as_of``: all empty when there is no role);
- every list-valued field is a link table ``<kind>_<field>.csv`` with the owner's id
  (column ``record``), a 0-based ``position`` and the value (``claim_topics.csv``:
  ``record, position, topic``), or the columns of the listed object
  (``claim_quantities.csv``, ``claim_evidence.csv``: ``record, position, source, start,
  end, text``); a list inside a listed object gives a further table keyed by both
  positions (``person_roles_evidence.csv``: ``record, role, position, source, ...``);
- every ``inferred`` mapping is a table ``<kind>_inferred.csv``: ``record, field, reason``;
- a quantity's ``period`` is one cell in ISO 8601 interval form, ``start/end``, with
  ``..`` for an unknown end (``2024/2024``, ``../2027``); empty when there is no period;
- a kind's table ends with the values derived from the dataset
  (:data:`summitdata.query.DERIVED`, declared in one place): ``claims.csv`` has the
  claim's ``date`` (its speech's, else its summit's start), ``date_precision`` and
  ``date_inferred``; they are not fields of the JSON contract;
- an empty cell is ``null``; booleans are ``true``/``false``; partial dates stay
  ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` strings;
- a cell of a text column that a spreadsheet would evaluate as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, possibly after some ``'``) is
  prefixed with ``'``: :func:`~summitdata.tables.escape_cell`, undone by
  :func:`~summitdata.tables.unescape_cell`. Text columns are the ``string`` columns
  without an ``enum`` constraint (a closed vocabulary, such as a comparator ``=``, is
  written as it is); numbers in numeric columns are written as numbers (``-5``).

``datapackage.json`` describes every table (Frictionless Table Schema: types,
constraints, primary keys, and foreign keys for every reference to one kind of record;
references that may point to several kinds, such as a claim's speakers, carry no
foreign key: the id's prefix names the table).

>>> import pathlib, tempfile, summitdata
>>> with tempfile.TemporaryDirectory() as tmp:
...     package = summitdata.dump_csv(summitdata.load(), tmp)
...     sorted(p.name for p in pathlib.Path(tmp).iterdir())[:4]
['claim_about.csv', 'claim_evidence.csv', 'claim_inferred.csv', 'claim_initiatives.csv']
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

import attrs

from . import fields as f
from .converter import unstructure_record
from .dataset import SCHEMA_VERSION, Dataset
from .fields import field_specs
from .query import DERIVED, derived_values
from .records import KINDS, Kind, Period
from .schema import DATE_SCHEMA, END, id_pattern

__all__ = ["dump_csv", "escape_cell", "unescape_cell"]

#: The singular of each list field, naming the value column of its link table (``claim_topics.topic``).
SINGULAR = {
    "aliases": "alias",
    "credits": "organization",
    "reported_by": "organization",
    "participants": "actor",
    "speakers": "actor",
    "topics": "topic",
    "initiatives": "initiative",
    "roles": "role",
    "quantities": "quantity",
    "evidence": "anchor",
}
_INTERVAL = "(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|\\.\\.)/(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|\\.\\.)"


@attrs.define
class _Table:
    name: str
    key: list[str]  # the columns that identify the owner row (empty for a kind's own table)
    fields: list[dict[str, Any]] = attrs.field(factory=list)
    primary_key: list[str] = attrs.field(factory=list)
    foreign_keys: list[dict[str, Any]] = attrs.field(factory=list)
    rows: list[list[Any]] = attrs.field(factory=list)


@attrs.define
class _Column:
    """How one plain-data path becomes one cell."""

    name: str
    path: tuple[str, ...]
    interval: bool = False


@attrs.define
class _Plan:
    table: _Table
    columns: list[_Column] = attrs.field(factory=list)
    # (field path to a list or mapping, the plan of its table)
    lists: list[tuple[tuple[str, ...], _Plan]] = attrs.field(factory=list)
    notes: list[tuple[tuple[str, ...], _Plan]] = attrs.field(factory=list)


def _table_field(name: str, node: f.Spec, required: bool) -> dict[str, Any]:
    """A Table Schema field of a scalar constraint node."""
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    kind = "string"
    match node:
        case f.Text(pattern=str(pattern)):
            constraints["pattern"] = pattern
        case f.Text(trimmed=True):
            constraints["minLength"] = 1  # non-blank text: what a Table Schema can say of it
        case f.Choice():
            constraints["enum"] = list(node.values())
        case f.Id():
            constraints["pattern"] = _bare(id_pattern((node.kind,)))
        case f.Ref():
            constraints["pattern"] = _bare(id_pattern(node.kinds))
        case f.Date():
            constraints["pattern"] = _bare(DATE_SCHEMA["pattern"])
        case f.Integer():
            kind = "integer"
            constraints["minimum"], constraints["maximum"] = node.bounds
        case f.Number():
            # Table Schema 1 has no exclusive bounds: for every int and every float,
            # |value| < 1e18 is the same as these (the largest float below 1e18 is 999999999999999872).
            kind = "number"
            constraints.update(minimum=-node.limit + 1, maximum=node.limit - 1)
        case f.Boolean():
            kind = "boolean"
    result: dict[str, Any] = {"name": name, "type": kind}
    if kind == "boolean":
        result.update(trueValues=["true"], falseValues=["false"])
    if constraints:
        result["constraints"] = constraints
    return result


def _bare(pattern: str) -> str:
    """A JSON Schema pattern as a Table Schema one: anchored at both ends implicitly."""
    return pattern.removeprefix("^").removesuffix(END)


_SCALARS = (f.Text, f.Integer, f.Number, f.Boolean, f.Date, f.Choice, f.Id, f.Ref)


def _plan(table: _Table, cls: type[Any], prefix: tuple[str, ...], owner: str, nullable: bool = False) -> _Plan:
    plan = _Plan(table)
    for name, spec in field_specs(cls):
        node = spec.type
        path = (*prefix, name)
        column = "_".join(path)
        if isinstance(node, _SCALARS):
            table.fields.append(_table_field(column, node, not (spec.nullable or nullable)))
            plan.columns.append(_Column(column, path))
            if isinstance(node, f.Ref) and len(node.kinds) == 1:
                target = Kind.named(node.kinds[0]).plural
                reference = {"resource": "" if target == table.name else target, "fields": "id"}
                table.foreign_keys.append({"fields": column, "reference": reference})
        elif node == f.Nested(Period):
            constraints: dict[str, Any] = {"pattern": _INTERVAL}
            if not spec.nullable:
                constraints["required"] = True
            table.fields.append({"name": column, "type": "string", "constraints": constraints})
            plan.columns.append(_Column(column, path, interval=True))
        elif isinstance(node, f.Nested):  # one nested object: flatten it into prefixed columns
            sub = _plan(table, node.cls, path, owner, nullable=spec.nullable or nullable)
            plan.columns.extend(sub.columns)
            plan.lists.extend(sub.lists)
            plan.notes.extend(sub.notes)
        elif isinstance(node, f.Many):
            plan.lists.append((path, _link_table(table, owner, path, node.item)))
        elif isinstance(node, f.Notes):
            plan.notes.append((path, _notes_table(table, owner)))
        else:  # pragma: no cover - every node is matched above
            raise TypeError(f"no table layout for {column}: {node!r}")
    return plan


def _owner_key(table: _Table, owner: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The key columns of a row of ``table`` as seen from a child table, and their fields."""
    if not table.key:
        return ["record"], [{"name": "record", "type": "string", "constraints": {"required": True}}]
    # A row of a link table: its owner's key and its position (named after the list).
    singular = SINGULAR.get(table.name.rsplit("_", 1)[1], "item")
    key = [*table.key, singular]
    fields = [*(f for f in table.fields if f["name"] in table.key)]
    fields.append({"name": singular, "type": "integer", "constraints": {"required": True, "minimum": 0}})
    return key, fields


def _foreign_key(parent: _Table, key: list[str]) -> dict[str, Any]:
    parent_fields = parent.primary_key
    return {"fields": key, "reference": {"resource": parent.name, "fields": parent_fields}}


def _link_table(parent: _Table, owner: str, path: tuple[str, ...], item: f.Spec) -> _Plan:
    base = owner if not parent.key else parent.name
    table = _Table(name=f"{base}_{'_'.join(path)}", key=[])
    key, key_fields = _owner_key(parent, owner)
    table.key = key
    table.fields.extend(key_fields)
    table.fields.append({"name": "position", "type": "integer", "constraints": {"required": True, "minimum": 0}})
    table.primary_key = [*key, "position"]
    table.foreign_keys.append(_foreign_key(parent, key))
    if isinstance(item, f.Nested):
        return _plan(table, item.cls, (), owner)
    plan = _Plan(table)
    column = SINGULAR.get(path[-1], "value")
    table.fields.append(_table_field(column, item, True))
    plan.columns.append(_Column(column, ()))
    if isinstance(item, f.Ref) and len(item.kinds) == 1:
        target = Kind.named(item.kinds[0]).plural
        table.foreign_keys.append({"fields": column, "reference": {"resource": target, "fields": "id"}})
    return plan


def _notes_table(parent: _Table, owner: str) -> _Plan:
    table = _Table(name=f"{owner}_inferred", key=["record"])
    table.fields.extend(
        [
            {"name": "record", "type": "string", "constraints": {"required": True}},
            {"name": "field", "type": "string", "constraints": {"required": True, "minLength": 1}},
            {"name": "reason", "type": "string", "constraints": {"required": True, "minLength": 1}},
        ]
    )
    table.primary_key = ["record", "field"]
    table.foreign_keys.append(_foreign_key(parent, ["record"]))
    return _Plan(table)


def _plans() -> list[_Plan]:
    plans = []
    for kind in KINDS:
        plan = _plan(_Table(name=kind.plural, key=[], primary_key=["id"]), kind.cls, (), kind.name)
        for derived in DERIVED.get(kind.name, ()):  # after the fields: the values a dataset gives a record
            plan.table.fields.append(_table_field(derived.name, derived.node, required=False))
            plan.table.fields[-1]["description"] = derived.doc
            plan.columns.append(_Column(derived.name, (derived.name,)))
        plans.append(plan)
    return plans


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if data is None:
            return None
        data = data[name]
    return data


def _interval(period: dict[str, Any] | None) -> str:
    if period is None:
        return ""
    return f"{period['start'] or '..'}/{period['end'] or '..'}"


def _fill(plan: _Plan, data: Any, key: list[Any]) -> None:
    row = [*key] if plan.table.key else []
    for column in plan.columns:
        value = _get(data, column.path)
        row.append(_interval(value) if column.interval else _cell(value))
    plan.table.rows.append(row)
    own_key = [_get(data, ("id",))] if not plan.table.key else key
    for path, child in plan.lists:
        for position, item in enumerate(_get(data, path) or ()):
            _fill(child, item, [*own_key, position])
    for path, child in plan.notes:
        for field, reason in (_get(data, path) or {}).items():
            child.table.rows.append([*own_key, field, reason])


def _all_tables(plan: _Plan) -> list[_Table]:
    tables = [plan.table]
    for _, child in plan.lists + plan.notes:
        tables.extend(_all_tables(child))
    return tables


def _descriptor(table: _Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": table.fields, "missingValues": [""], "primaryKey": table.primary_key}
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


#: The first characters that make a spreadsheet evaluate a cell (OWASP, CSV injection),
#: after any number of ``'``: a cell that starts with ``'`` and then one of them is escaped
#: too, so that :func:`~summitdata.tables.unescape_cell` undoes :func:`~summitdata.tables.escape_cell` for every string.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def escape_cell(text: str) -> str:
    """The CSV cell for ``text``: prefixed with ``'`` when a spreadsheet would evaluate it.

    The rule (OWASP's advice on CSV injection, made reversible): a text that starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, possibly after some ``'``,
    gets one ``'`` in front; every other text is unchanged. :func:`~summitdata.dump_csv`
    applies it to every cell of a text column (``string``, without an ``enum``
    constraint); numbers, booleans, vocabulary words and empty cells are written as they
    are. :func:`~summitdata.tables.unescape_cell` gives the text back.

    >>> escape_cell("=SUM(A1:A9)"), escape_cell("-3 %"), escape_cell("'=1"), escape_cell("a=b")
    ("'=SUM(A1:A9)", "'-3 %", "''=1", 'a=b')
    """
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(cell: str) -> str:
    """The text of a cell of a text column written by :func:`~summitdata.dump_csv`: undoes ``escape_cell``.

    A cell that starts with ``'``, possibly more ``'``, then ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return loses its first ``'``; every other cell is its text.
    ``unescape_cell(escape_cell(text)) == text`` for every string.

    >>> unescape_cell("'=1+2"), unescape_cell("''=1"), unescape_cell("'quoted'"), unescape_cell("-")
    ('=1+2', "'=1", "'quoted'", '-')
    """
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def _is_package(folder: Path) -> bool:
    """Whether ``folder`` holds a CSV package and nothing else (so it may be replaced whole)."""
    names = {entry.name for entry in folder.iterdir() if entry.is_file() and not entry.is_symlink()}
    everything = {entry.name for entry in folder.iterdir()}
    return (
        "datapackage.json" in names
        and names == everything
        and all(n == "datapackage.json" or n.endswith(".csv") for n in names)
    )


def dump_csv(ds: Dataset, directory: str | os.PathLike[str]) -> Path:
    """Write the dataset as CSV tables and a ``datapackage.json`` into ``directory``.

    The folder is written whole or not at all: the tables are written to a hidden folder
    beside it, which then takes its place, so a failure leaves the old folder as it was,
    and the error (a :class:`~summitdata.DataError`) names the file. ``directory`` may be
    missing (it is made, with its parents), empty, or a previous export (only
    ``datapackage.json`` and ``.csv`` files), which is replaced whole; a folder holding
    other files is refused. Text cells are escaped for spreadsheets by
    :func:`~summitdata.tables.escape_cell`. Returns the path of ``datapackage.json``. See the module
    documentation for the layout. ``summitdata export --format csv -o DIR`` calls it.

    >>> import json, pathlib, tempfile, summitdata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     package = json.loads(summitdata.dump_csv(summitdata.load(), tmp).read_text(encoding="utf-8"))
    ...     claims = next(r for r in package["resources"] if r["name"] == "claims")
    ...     claims["schema"]["primaryKey"], claims["schema"]["foreignKeys"][0]
    (['id'], {'fields': 'speech', 'reference': {'resource': 'speeches', 'fields': 'id'}})
    """
    from ._atomic import check_target, write_error, write_folder  # noqa: PLC0415

    target = check_target(directory, folder=True)
    plans = _plans()
    for plan, kind in zip(plans, KINDS, strict=True):
        for record in sorted(getattr(ds, kind.plural), key=lambda r: str(r.id)):
            _fill(plan, {**unstructure_record(record), **derived_values(ds, record)}, [])
    tables = [t for plan in plans for t in _all_tables(plan)]
    package = {
        "profile": "tabular-data-package",
        "name": "summitdata",
        "title": "summitdata: structured, source-anchored records of diplomatic summits",
        "version": ds.data_version,
        "summitdata": {"schema_version": SCHEMA_VERSION, "data_version": ds.data_version},
        "resources": [_descriptor(t) for t in tables],
    }

    def fill(folder: Path) -> None:
        for table in tables:
            try:
                _write_table(folder / f"{table.name}.csv", table)
            except OSError as err:
                raise write_error(target / f"{table.name}.csv", err) from None
        try:
            text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
            (folder / "datapackage.json").write_bytes(text.encode("utf-8"))
        except OSError as err:
            raise write_error(target / "datapackage.json", err) from None

    write_folder(target, fill, replaceable=_is_package)
    return target / "datapackage.json"


def _write_table(path: Path, table: _Table) -> None:
    # Free text only: a closed vocabulary (an enum, such as the comparator "=") is listed
    # in the table schema and is no one's input.
    text = [i for i, f in enumerate(table.fields) if f["type"] == "string" and "enum" not in f.get("constraints", {})]
    with open(path, "w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp, lineterminator="\r\n")
        writer.writerow([f["name"] for f in table.fields])
        for row in table.rows:
            cells = row.copy() if text else row
            for i in text:
                cells[i] = escape_cell(cells[i])
            writer.writerow(cells)

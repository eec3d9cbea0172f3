"""Test helpers that walk the field specs: every field slot of every record kind, and a document to damage.

A *slot* is one place a value sits in a record's JSON, as a path with ``0`` for the first
item of a list (``("roles", 0, "evidence", 0, "source")``), with its constraint node.
The tests below take the slots from the specs (never from a hand-kept list), find a
record of the packaged data that has each slot, and put a value there.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

import summitdata
from summitdata import fields
from summitdata.records import KINDS, Kind

Path = tuple[str | int, ...]

# Keys of a person's inference notes: a path into one of its fields other than the notes.
NOTE_KEYS = [
    ("name", True),
    ("roles", True),
    ("roles[0].as_of", True),
    ("roles[7].evidence[1].text", True),  # the rule is on the field, not on the items it has
    ("evidence[1]", True),
    ("identifiers[0].identifier", True),
    ("nope", False),
    ("inferred", False),
    ("inferred.name", False),
    ("[0]", False),
    (".name", False),
    ("names", False),
    ("roles]", False),
    ("name\n", False),
]


def slots(cls: type[Any], prefix: Path = ()) -> Iterator[tuple[Path, fields.Spec, bool]]:
    """``(path, node, nullable)`` of every value slot of ``cls``, nested values and list items included."""
    for name, spec in fields.field_specs(cls):
        yield from _node_slots(spec.type, (*prefix, name), spec.nullable)


def _node_slots(node: fields.Spec, path: Path, nullable: bool) -> Iterator[tuple[Path, fields.Spec, bool]]:
    yield path, node, nullable
    if isinstance(node, fields.Many):
        yield from _node_slots(node.item, (*path, 0), False)
    elif isinstance(node, fields.Nested):
        yield from slots(node.cls, path)


def record_slots() -> list[tuple[Kind, Path, fields.Spec, bool]]:
    """Every slot of every record kind."""
    return [(kind, path, node, nullable) for kind in KINDS for path, node, nullable in slots(kind.cls)]


def show(path: Path) -> str:
    """The field path a :class:`~summitdata.Problem` gives: ``roles[0].evidence[0].source``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def slot_id(case: tuple[Kind, Path, fields.Spec, bool]) -> str:
    return f"{case[0].name}.{show(case[1])}"


def document() -> dict[str, Any]:
    """A fresh copy of the packaged data as a JSON document."""
    return copy.deepcopy(_DOCUMENT)


_DOCUMENT: dict[str, Any] = json.loads(summitdata.dumps(summitdata.load()))


def holder(doc: dict[str, Any], kind: Kind, path: Path) -> tuple[dict[str, Any], Any, str | int]:
    """A record of ``kind`` in ``doc`` that has every container on ``path``: ``(record, parent, key)``.

    A record that has the slot itself is preferred; else one whose list at the end of
    ``path`` is empty is given one item (``None``, for the caller to set).
    """
    for strict in (True, False):
        for record in doc[kind.plural]:
            parent: Any = record
            for step, key in enumerate(path[:-1]):
                if isinstance(key, int):
                    if not strict and isinstance(parent, list) and not parent and key == 0:
                        donor = _donor(doc, path[step - 1])
                        if donor is not None:
                            parent.append(donor)
                    if not isinstance(parent, list) or len(parent) <= key:
                        break
                elif not isinstance(parent, dict) or parent.get(key) is None:
                    break
                parent = parent[key]
            else:
                last = path[-1]
                if isinstance(last, str):
                    return record, parent, last
                if isinstance(parent, list) and len(parent) > last:
                    return record, parent, last
                if not strict and isinstance(parent, list):
                    parent.append(None)
                    return record, parent, last
    pytest.fail(f"the packaged data has no {kind.name} with {show(path)}")


def _donor(doc: dict[str, Any], name: str | int) -> Any:
    """A copy of the first item of a non-empty list field ``name`` of any record of ``doc`` (for a
    slot the records of one kind leave empty, such as a person's ``identifiers``)."""
    for kind in KINDS:
        for record in doc[kind.plural]:
            items = record.get(name) if isinstance(name, str) else None
            if isinstance(items, list) and items and isinstance(items[0], dict):
                return copy.deepcopy(items[0])
    return None


def loads_problems(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """``(record, field)`` of every problem :func:`summitdata.loads` reports for ``doc`` (it must refuse it).

    The document is read in two layouts that take two ways through the loader: on one line
    (parsed whole) and indented as :func:`summitdata.dumps` writes it (record by record);
    both must report the same problems, in the same order.
    """
    reported = []
    for indent in (None, 2):
        with pytest.raises(summitdata.ValidationError) as exc:
            summitdata.loads(json.dumps(doc, ensure_ascii=False, indent=indent))
        reported.append(exc.value.problems)
    assert reported[0] == reported[1]
    return {(p.record, p.field) for p in reported[0]}


def build(doc: dict[str, Any], *, check: bool = True) -> summitdata.Dataset:
    """The :class:`~summitdata.Dataset` of ``doc``, each record built on its own (``check``: verified)."""
    collections = {kind.plural: [summitdata.from_dict(r, kind.cls) for r in doc[kind.plural]] for kind in KINDS}
    return summitdata.Dataset(data_version=doc["data_version"], check=check, **collections)


def ids_of(doc: dict[str, Any], kind: str, /, **match: Any) -> list[str]:
    """Ids of the records of one kind (by id prefix) whose fields equal ``match``."""
    plural = Kind.named(kind).plural
    return [r["id"] for r in doc[plural] if all(r.get(k) == v for k, v in match.items())]

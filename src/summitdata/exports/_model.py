"""What every export shares: record IRIs, the per-field mapping tables and the generic mapper.

Each export format declares one table: record kind -> field -> :class:`To` (the property the
field becomes, or ``None`` when the format cannot keep it, and a note saying what is lost).
The generic mapper walks a record's field specs (:func:`summitdata.fields.field_specs`) and
converts every mapped field by its constraint node, so a field added to the model needs one
table entry and no code; a field with no entry is reported "not kept" on the crosswalk page.

>>> iri("claim:2025-10-10-cis-council-01")
'urn:summitdata:claim:2025-10-10-cis-council-01'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from .. import fields as f
from ..records import KINDS, Kind

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["IRI_PREFIX", "Table", "To", "dumps_json", "iri", "mapped", "records_of"]

#: The prefix of every IRI the exports mint: ``urn:summitdata:`` and a record id. No web
#: domain is implied; the ids are the dataset's own, stable and never reused.
IRI_PREFIX = "urn:summitdata:"


def iri(record_id: str) -> str:
    """The IRI of a record: ``urn:summitdata:`` followed by its id.

    >>> iri("person:kassym-jomart-tokayev")
    'urn:summitdata:person:kassym-jomart-tokayev'
    """
    return IRI_PREFIX + record_id


@attrs.frozen
class To:
    """Where one field of a record goes in an export format.

    ``target`` is the property (or array) it becomes, ``None`` when the format does not keep
    it; ``note`` says how, and what is lost. ``convert(value, dataset)`` builds the value when
    the field's constraint node does not say enough (a nested role, a figure); ``generic=False``
    marks a field the format's module writes itself (a role that becomes a Popolo membership).

    >>> To("name").target, To(None, "no such property").note
    ('name', 'no such property')
    """

    target: str | None
    note: str = ""
    convert: Callable[[Any, Dataset], Any] | None = attrs.field(default=None, eq=False, repr=False)
    generic: bool = True


#: kind name -> field name -> where the field goes.
Table: TypeAlias = Mapping[str, Mapping[str, To]]


def records_of(dataset: Dataset, kind: Kind) -> list[Any]:
    """The records of one kind, sorted by id (the order of every export).

    >>> import summitdata
    >>> [r.id for r in records_of(summitdata.load(), Kind.named("source"))][:1]
    ['source:000-6d5a610b5cea50b9']
    """
    return sorted(getattr(dataset, kind.plural), key=lambda record: record.id)


def _plain(node: f.Spec, value: Any, ref: Callable[[str], Any]) -> Any:
    """``value`` as JSON by its constraint node; references through ``ref``."""
    if isinstance(node, f.Many):
        return [_plain(node.item, item, ref) for item in value]
    if isinstance(node, f.Date):
        return value.isoformat()
    if isinstance(node, f.Choice):
        return value.value
    if isinstance(node, f.Ref):
        return ref(value)
    if isinstance(node, (f.Nested, f.Notes)):
        raise TypeError(f"a {type(node).__name__} field needs a converter in the mapping table")
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (tuple, Mapping)) and not value)


def mapped(record: Any, table: Table, dataset: Dataset, ref: Callable[[str], Any]) -> dict[str, Any]:
    """The properties of ``record`` by the format's ``table``: empty fields are left out, and
    two fields mapped to one property are merged into a list.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> table = {"place": {"name": To("label"), "kind": To("category"), "aliases": To("label")}}
    >>> mapped(ds.places.get("place:kazakhstan"), table, ds, str)
    {'label': ['Kazakhstan', 'Kazakh'], 'category': 'country'}
    """
    rules = table.get(Kind.of(record).name, {})
    out: dict[str, Any] = {}
    for name, spec in f.field_specs(type(record)):
        to = rules.get(name)
        value = getattr(record, name)
        if to is None or to.target is None or not to.generic or _empty(value):
            continue
        converted = to.convert(value, dataset) if to.convert else _plain(spec.type, value, ref)
        if _empty(converted) or converted == []:
            continue
        if to.target in out:
            before = out[to.target]
            before = before if isinstance(before, list) else [before]
            out[to.target] = before + (converted if isinstance(converted, list) else [converted])
        else:
            out[to.target] = converted
    return out


def unmapped(table: Table) -> Iterator[tuple[str, str]]:
    """The ``(kind, field)`` pairs of the model that ``table`` does not mention.

    >>> ("claim", "text") in set(unmapped({}))
    True
    """
    for kind in KINDS:
        rules = table.get(kind.name, {})
        for name, _ in f.field_specs(kind.cls):
            if name not in rules:
                yield kind.name, name


def dumps_json(document: Any) -> bytes:
    """The bytes of a JSON document as every export writes it: UTF-8, 2-space indent, keys in
    insertion order, characters not escaped, a final newline.

    >>> dumps_json({"a": "é"})
    b'{\\n  "a": "\\xc3\\xa9"\\n}\\n'
    """
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

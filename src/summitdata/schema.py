"""The JSON Schema (draft 2020-12) of the export format, generated from the record model.

:func:`json_schema` walks the field specs of every record class
(:mod:`summitdata.fields`): each constraint node becomes its JSON Schema keywords (id
and reference patterns, non-empty text, bounds, array sizes and uniqueness, number
range, enums), and each field's meaning its ``description``. The attrs validators check
the same specs, so the schema cannot drift from the model.

The schema checks each document on its own terms. What it cannot express is checked by
:func:`summitdata.loads` only: that an anchor's ``text`` is the text of its source at
``start:end`` and ``end > start``, that references resolve to a record of the right kind,
that ids are unique, that a day exists in its month (``2025-02-30``), that a summit ends
after it starts, that a claim's ``text`` is the text of its first anchor, that a place
referred to where only countries may stand is a country (``roles[].of``), that parents do
not form a cycle, and that a claim's summit is its speech's. JSON
Schema's ``integer`` also admits ``3.0`` where the library wants ``3``.

>>> import summitdata
>>> schema = summitdata.json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["$defs"]["Anchor"]["required"]
['source', 'start', 'end', 'text']
"""

from __future__ import annotations

import copy
import functools
import inspect
import re
from typing import Any

from . import fields as f
from .dataset import SCHEMA_VERSION
from .records import KINDS

__all__ = ["json_schema"]

_ROLE = re.compile(r":[a-z]+:`~?(?:summitdata\.)?([^`]+)`")

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The end of a ``pattern`` that means the end of the string both in ECMA-262 and in
#: Python's ``re`` (where ``$`` also matches before a final newline).
END = "$(?!\\n)"

#: JSON Schema of a partial date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (year 0001-9999).
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": "^(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?" + END,
    "description": "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a document of the export format, as a new ``dict``.

    Every record class is a definition under ``$defs`` (``#/$defs/Claim``), so the schema
    of one line of a JSON Lines export is ``#/$defs/Claim`` plus its ``type`` field.
    ``summitdata schema`` prints it.

    >>> import summitdata
    >>> schema = summitdata.json_schema()
    >>> schema["properties"]["claims"]
    {'type': 'array', 'items': {'$ref': '#/$defs/Claim'}, 'description': 'Every Claim record, sorted by id.'}
    >>> schema["$defs"]["Claim"]["properties"]["kind"]["enum"][:3]
    ['states', 'assesses', 'emphasizes']
    >>> schema["$defs"]["Place"]["additionalProperties"]
    False
    """
    return copy.deepcopy(_build())


@functools.cache
def _build() -> dict[str, Any]:
    defs: dict[str, Any] = {"PartialDate": DATE_SCHEMA}
    major = SCHEMA_VERSION.partition(".")[0]
    properties: dict[str, Any] = {
        "schema_version": {
            "type": "string",
            "pattern": f"^{major}\\.[0-9]+" + END,
            "description": f"The version of the format; this schema describes {SCHEMA_VERSION}, and "
            f"summitdata reads {major}.0 to {SCHEMA_VERSION} (an earlier minor version lacks the fields added since).",
        },
        "data_version": {"type": "string", "minLength": 1, "description": "The version of the data."},
    }
    for kind in KINDS:
        properties[kind.plural] = {
            "type": "array",
            "items": {"$ref": define(kind.cls, defs)},
            "description": f"Every {kind.cls.__name__} record, sorted by id.",
        }
    return {
        "$schema": DRAFT,
        "$id": f"urn:summitdata:export:{SCHEMA_VERSION}",
        "title": f"summitdata export (schema_version {SCHEMA_VERSION})",
        "description": "Structured, source-anchored records of diplomatic summits: the JSON contract.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": {name: defs[name] for name in sorted(defs)},
    }


def define(cls: type[Any], defs: dict[str, Any]) -> str:
    """Add the definition of a record or value class (and those it uses) to ``defs``; its ``$ref``.

    >>> import summitdata
    >>> defs = {}
    >>> define(summitdata.Role, defs), sorted(defs)
    ('#/$defs/Role', ['Anchor', 'Role'])
    """
    name = cls.__name__
    ref = f"#/$defs/{name}"
    if name in defs:
        return ref
    defs[name] = {}  # a placeholder against recursion
    properties = {}
    for field_name, spec in f.field_specs(cls):
        schema = node_schema(spec.type, defs)
        if isinstance(spec.type, f.Notes):  # its keys name fields of this class
            schema["propertyNames"] = {"pattern": f.note_key_pattern(cls)}
        if spec.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        schema["description"] = spec.doc
        properties[field_name] = schema
    definition: dict[str, Any] = {"type": "object"}
    doc = inspect.getdoc(cls)
    if doc:
        first = doc.split("\n\n")[0].replace("\n", " ")
        definition["description"] = _ROLE.sub(r"\1", first).replace("``", "`")
    definition.update(properties=properties, required=list(properties), additionalProperties=False)
    defs[name] = definition
    return ref


def id_pattern(kinds: tuple[str, ...]) -> str:
    """The JSON Schema ``pattern`` of an id of one of ``kinds``.

    >>> print(id_pattern(("person", "place")))
    ^(?:person|place):[a-z0-9]+(?:-[a-z0-9]+)*$(?!\\n)
    """
    prefix = kinds[0] if len(kinds) == 1 else "(?:" + "|".join(kinds) + ")"
    return f"^{prefix}:{f.SLUG}{END}"


#: Non-empty text without surrounding white space (what :class:`~summitdata.fields.Text` checks).
TEXT_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"^\S(?:[\s\S]*\S)?" + END}


def node_schema(node: f.Spec, defs: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one constraint node (not null; :func:`define` adds ``null`` for nullable fields).

    >>> node_schema(f.Integer(minimum=0), {})
    {'type': 'integer', 'minimum': 0, 'maximum': 9223372036854775807}
    """
    match node:
        case f.Text(trimmed=True, pattern=None):
            return dict(TEXT_SCHEMA)
        case f.Text(trimmed=True, pattern=str(pattern)):
            return {"type": "string", "pattern": f"^(?:{pattern})" + END}
        case f.Text():
            return {"type": "string"}
        case f.Integer():
            low, high = node.bounds
            return {"type": "integer", "minimum": low, "maximum": high}
        case f.Number():
            return {"type": "number", "exclusiveMinimum": -float(node.limit), "exclusiveMaximum": float(node.limit)}
        case f.Boolean():
            return {"type": "boolean"}
        case f.Date():
            return {"$ref": "#/$defs/PartialDate"}
        case f.Choice():
            return {"type": "string", "enum": list(node.values())}
        case f.Id():
            return {"type": "string", "pattern": id_pattern((node.kind,))}
        case f.Ref():
            return {"type": "string", "pattern": id_pattern(node.kinds)}
        case f.Nested():
            return {"$ref": define(node.cls, defs)}
        case f.Many():
            schema: dict[str, Any] = {"type": "array", "items": node_schema(node.item, defs)}
            if node.min_items:
                schema["minItems"] = node.min_items
            if node.unique:
                schema["uniqueItems"] = True
            return schema
        case f.Notes():
            return {
                "type": "object",
                "additionalProperties": dict(TEXT_SCHEMA),
                "propertyNames": {"minLength": 1},
            }
    raise TypeError(f"no JSON Schema for {node!r}")  # pragma: no cover - every node is matched above

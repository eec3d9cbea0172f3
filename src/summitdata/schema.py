"""The JSON Schema (draft 2020-12) of the export format, generated from the record model.

:func:`json_schema` walks the attrs fields of every record class: the JSON type of each
field comes from its annotation, the constraints (id and reference patterns, non-empty
text, non-negative offsets, array sizes and uniqueness, number range) from the
validators of the field, which carry the JSON Schema keywords they enforce. A validator
that does not say what it enforces stops the generation, so the schema cannot drift
from the model.

The schema checks each document on its own terms. What it cannot express is checked by
:func:`summitdata.loads` only: that an anchor's ``text`` is the text of its source at
``start:end`` and ``end > start``, that references resolve to a record of the right kind,
that ids are unique, that a day exists in its month (``2025-02-30``), that a summit ends
after it starts, and that a claim's ``text`` is the text of its first anchor. JSON
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
import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from . import _validators as v
from . import records
from .dataset import SCHEMA_VERSION
from .dates import PartialDate
from .errors import Problem, ValidationError

__all__ = ["json_schema"]

_ROLE = re.compile(r":[a-z]+:`~?(?:summitdata\.)?([^`]+)`")

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: JSON Schema of a partial date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (year 0001-9999).
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": "^(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?" + v.END,
    "description": "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.",
}

#: The validators defined in :mod:`summitdata.records` and the keywords they enforce.
_RECORD_VALIDATORS: dict[Any, dict[str, Any]] = {
    records._anchor_offsets: {"minimum": 0},
    records._currency: {"pattern": "^[A-Z]{3}" + v.END},
    records._item_anchor: {},
    records._item_topic: {},
    records._item_quantity: {},
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
            "pattern": f"^{major}\\.[0-9]+" + v.END,
            "description": f"The version of the JSON contract; this library reads {major}.x.",
        },
        "data_version": {"type": "string", "minLength": 1, "description": "The version of the data."},
    }
    for cls, _, plural in records.RECORD_TYPES:
        _define(cls, defs)
        properties[plural] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{cls.__name__}"},
            "description": f"Every {cls.__name__} record, sorted by id.",
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


def _define(cls: type[Any], defs: dict[str, Any]) -> str:
    """Add the definition of an attrs class (and those it uses) to ``defs``; its ``$ref``."""
    name = cls.__name__
    ref = f"#/$defs/{name}"
    if name in defs:
        return ref
    defs[name] = {}  # a placeholder against recursion
    hints = typing.get_type_hints(cls)
    properties = {}
    for field in attrs.fields(cls):
        where = f"{name}.{field.name}"
        properties[field.name] = _field_schema(hints[field.name], field.validator, defs, where)
        if "doc" in field.metadata:
            properties[field.name]["description"] = field.metadata["doc"]
    definition: dict[str, Any] = {"type": "object"}
    doc = inspect.getdoc(cls)
    if doc:
        first = doc.split("\n\n")[0].replace("\n", " ")
        definition["description"] = _ROLE.sub(r"\1", first).replace("``", "`")
    definition.update(properties=properties, required=list(properties), additionalProperties=False)
    defs[name] = definition
    return ref


def _keywords(validator: Any, where: str) -> tuple[dict[str, Any], Any, Any]:
    """The keywords a validator enforces, the validator it wraps, its item check."""
    if validator is None:
        return {}, None, None
    if validator in _RECORD_VALIDATORS:
        return dict(_RECORD_VALIDATORS[validator]), None, None
    keywords = getattr(validator, "json_schema", None)
    if keywords is None:
        name = getattr(validator, "__qualname__", repr(validator))
        raise ValidationError(
            [Problem(record="json_schema", field=where, message=f"validator {name} does not declare its JSON Schema")]
        )
    return (
        copy.deepcopy(keywords),
        getattr(validator, "json_schema_inner", None),
        getattr(validator, "json_schema_items", None),
    )


def _field_schema(tp: Any, validator: Any, defs: dict[str, Any], where: str) -> dict[str, Any]:
    keywords, inner, items_check = _keywords(validator, where)
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        value_type = rest[0] if len(rest) == 1 else _union_of(rest)
        # optional(check) applies check to the value; a None-aware validator applies itself.
        value = _field_schema(value_type, validator if inner is None else inner, defs, where)
        return {"anyOf": [value, {"type": "null"}]}
    schema = _type_schema(tp, defs, where)
    if origin is tuple:
        item_keywords, _, _ = _keywords(items_check, f"{where}[]")
        item_type = args[0]
        item_schema = _type_schema(item_type, defs, f"{where}[]")
        item_schema.update(item_keywords)
        item_schema.update(keywords.pop("items", {}))
        schema["items"] = item_schema
    if "$ref" in schema and keywords:
        schema = {"allOf": [schema], **keywords}
    else:
        schema.update(keywords)
    return schema


def _union_of(types_: list[Any]) -> Any:
    return typing.Union[tuple(types_)]  # noqa: UP007 - a runtime union of the remaining types


def _type_schema(tp: Any, defs: dict[str, Any], where: str) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if origin in (typing.Union, types.UnionType) and set(args) == {int, float}:
        return {"type": "number"}
    if tp is PartialDate:
        return {"$ref": "#/$defs/PartialDate"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [member.value for member in tp]}
    if origin is tuple:
        return {"type": "array"}
    if origin is Mapping and args == (str, str):
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if isinstance(tp, type) and attrs.has(tp):
        return {"$ref": _define(tp, defs)}
    raise ValidationError([Problem(record="json_schema", field=where, message=f"no JSON Schema for the type {tp!r}")])

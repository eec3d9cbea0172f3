"""msgspec ``Struct`` types and pydantic v2 models generated from summitdata's field model.

For ``benchmarks/serialize.py``: the classes are made by walking ``field_specs`` of every
kind of record (``summitdata.records.KINDS``) and of the value classes they nest, so they
follow the model as it changes (a field added to a record is a field of both here). Each
field gets the constraints both libraries can state on their own, per field:

- every field required (no defaults), unknown fields refused, exact JSON types (strict);
- ``Text``: a non-empty string without surrounding white space, or its ``pattern`` (the
  patterns of the model admit no white space), or any string when not ``trimmed``;
- ``Id`` and ``Ref``: ``kind:slug`` of the right kinds; ``Date``: the form of a partial date
  (``2025``, ``2025-10``, ``2025-10-10``);
- ``Integer``: its bounds; ``Number``: an int or a float of magnitude below the limit;
- ``Boolean``: a bool; ``Choice``: a member of the enum (by value);
- ``Nested``: the generated class; ``Many``: an array with at least ``min_items`` items;
- ``Notes``: an object of non-empty keys and trimmed text;
- ``FieldSpec.nullable``: the type or null.

What neither library checks per field without hand-written validators is left out, for
both: distinct items (``Many.unique``), impossible dates (``2025-02-30``), the rules
across the fields of one record (``Rule``), anchors against their article's text, and
references against the ids present (``Ref.countries`` included). summitdata checks all of it.

>>> decoder = msgspec.json.Decoder(msgspec_document())
>>> pydantic_document().__name__, decoder.type.__name__
('PdDocument', 'MsDocument')
"""

from __future__ import annotations

import types
from typing import Annotated, Any

import msgspec
import pydantic
from pydantic import ConfigDict, Field, StringConstraints

from summitdata import fields as f
from summitdata.records import KINDS

__all__ = ["msgspec_document", "pydantic_document"]

#: A non-empty string without surrounding white space (the default ``Text``).
TRIMMED = r"\S(?:[\s\S]*\S)?"
#: The form of a partial date: a year, a month or a day.
DATE = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
#: The document's ``schema_version``: the envelope is not part of the field model.
VERSION = r"1\.[0-9]+"


class _Flavour:
    """How one library states a constrained type; :func:`_build` does the walking."""

    prefix = ""

    def string(self, pattern: str | None, min_length: int = 0) -> Any:
        raise NotImplementedError

    def integer(self, minimum: int | None, maximum: int | None) -> Any:
        raise NotImplementedError

    def number(self, limit: int) -> Any:
        raise NotImplementedError

    def array(self, item: Any, min_items: int) -> Any:
        raise NotImplementedError

    def record(self, name: str, fields: list[tuple[str, Any]]) -> type[Any]:
        raise NotImplementedError


class _Msgspec(_Flavour):
    prefix = "Ms"

    def string(self, pattern: str | None, min_length: int = 0) -> Any:
        # msgspec searches with Python's re: anchor both ends (\Z, as $ also matches before a final newline).
        full = None if pattern is None else rf"\A(?:{pattern})\Z"
        return Annotated[str, msgspec.Meta(pattern=full, min_length=min_length)]

    def integer(self, minimum: int | None, maximum: int | None) -> Any:
        return Annotated[int, msgspec.Meta(ge=minimum, le=maximum)]

    def number(self, limit: int) -> Any:
        return (
            Annotated[int, msgspec.Meta(gt=-limit, lt=limit)]
            | Annotated[float, msgspec.Meta(gt=-float(limit), lt=float(limit))]
        )

    def array(self, item: Any, min_items: int) -> Any:
        return Annotated[types.GenericAlias(list, (item,)), msgspec.Meta(min_length=min_items)]

    def record(self, name: str, fields: list[tuple[str, Any]]) -> type[Any]:
        return msgspec.defstruct(name, fields, forbid_unknown_fields=True, frozen=True)


class _Pydantic(_Flavour):
    prefix = "Pd"

    def string(self, pattern: str | None, min_length: int = 0) -> Any:
        # pydantic-core's regular expressions are Rust's: $ is the end of the text.
        full = None if pattern is None else f"^(?:{pattern})$"
        return Annotated[str, StringConstraints(pattern=full, min_length=min_length)]

    def integer(self, minimum: int | None, maximum: int | None) -> Any:
        return Annotated[int, Field(ge=minimum, le=maximum)]

    def number(self, limit: int) -> Any:
        return (
            Annotated[int, Field(gt=-limit, lt=limit)]
            | Annotated[float, Field(gt=-float(limit), lt=float(limit), allow_inf_nan=False)]
        )

    def array(self, item: Any, min_items: int) -> Any:
        return Annotated[types.GenericAlias(list, (item,)), Field(min_length=min_items)]

    def record(self, name: str, fields: list[tuple[str, Any]]) -> type[Any]:
        config = ConfigDict(extra="forbid", strict=True, frozen=True)
        definitions: dict[str, Any] = {field: (kind, ...) for field, kind in fields}
        model: type[Any] = pydantic.create_model(name, __config__=config, **definitions)
        return model


def _type(node: f.Spec, flavour: _Flavour, made: dict[type[Any], type[Any]]) -> Any:
    """The library's type for one constraint node of the field model."""
    match node:
        case f.Text():
            if node.pattern is not None:
                return flavour.string(node.pattern)
            return flavour.string(TRIMMED) if node.trimmed else str
        case f.Integer():
            return flavour.integer(node.minimum, node.maximum)
        case f.Number():
            return flavour.number(node.limit)
        case f.Boolean():
            return bool
        case f.Date():
            return flavour.string(DATE)
        case f.Choice():
            return node.enum
        case f.Id():
            return flavour.string(f"{node.kind}:{f.SLUG}")
        case f.Ref():
            return flavour.string(f"(?:{'|'.join(node.kinds)}):{f.SLUG}")
        case f.Nested():
            return _class(node.cls, flavour, made)
        case f.Many():
            return flavour.array(_type(node.item, flavour, made), node.min_items)
        case f.Notes():
            return types.GenericAlias(dict, (flavour.string(None, min_length=1), flavour.string(TRIMMED)))
    raise TypeError(f"no type for {node!r}")  # pragma: no cover - a node added to the model


def _class(cls: type[Any], flavour: _Flavour, made: dict[type[Any], type[Any]]) -> type[Any]:
    """The generated class of a record or value class (each made once per library)."""
    if cls not in made:
        fields = []
        for name, spec in f.field_specs(cls):
            kind = _type(spec.type, flavour, made)
            fields.append((name, kind | None if spec.nullable else kind))
        made[cls] = flavour.record(flavour.prefix + cls.__name__, fields)
    return made[cls]


def _document(flavour: _Flavour) -> type[Any]:
    made: dict[type[Any], type[Any]] = {}
    fields: list[tuple[str, Any]] = [
        ("schema_version", flavour.string(VERSION)),
        ("data_version", flavour.string(None, min_length=1)),
    ]
    fields += [(kind.plural, types.GenericAlias(list, (_class(kind.cls, flavour, made),))) for kind in KINDS]
    return flavour.record(flavour.prefix + "Document", fields)


def msgspec_document() -> type[Any]:
    """The msgspec ``Struct`` of a whole document (``msgspec.json.Decoder(msgspec_document())``)."""
    return _document(_Msgspec())


def pydantic_document() -> type[Any]:
    """The pydantic ``BaseModel`` of a whole document (``pydantic_document().model_validate_json``)."""
    return _document(_Pydantic())

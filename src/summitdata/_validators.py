"""attrs validators that name the record and the field of a bad value."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn

import attrs

from .errors import Problem, ValidationError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = re.compile(rf"([a-z]+):({SLUG})")

#: The end of a JSON Schema ``pattern`` that means the end of the string both in
#: ECMA-262 and in Python's ``re`` (where ``$`` also matches before a final newline).
END = "$(?!\\n)"
#: JSON Schema of non-empty text without surrounding white space (what :func:`text` checks).
TEXT_SCHEMA: dict[str, Any] = {"minLength": 1, "pattern": r"^\S(?:[\s\S]*\S)?" + END}


def tag(check: Any, schema: dict[str, Any], *, inner: Any = None, items: Any = None) -> Any:
    """Record on a validator the JSON Schema keywords it enforces (read by :mod:`summitdata.schema`).

    ``schema`` holds the keywords beyond the JSON type of the field (``{}`` when the
    validator checks only the type); ``inner`` is the validator :func:`optional` wraps,
    ``items`` the check :func:`tuple_of` applies to each item.
    """
    check.json_schema = schema
    check.json_schema_inner = inner
    check.json_schema_items = items
    return check


def _id_pattern(kinds: tuple[str, ...]) -> str:
    prefix = kinds[0] if len(kinds) == 1 else "(?:" + "|".join(kinds) + ")"
    return f"^{prefix}:{SLUG}{END}"


class FrozenMap(Mapping[str, str]):
    """An immutable, hashable ``str -> str`` mapping (a record's ``inferred`` notes).

    >>> m = FrozenMap({"date": "year inferred"})
    >>> m["date"], len(m), dict(m)
    ('year inferred', 1, {'date': 'year inferred'})
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] | None = None) -> None:
        self._data: dict[str, str] = dict(data or {})

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def freeze_map(value: object) -> object:
    """attrs converter: wrap a plain mapping into a :class:`FrozenMap`, leave others alone."""
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    return value


def record_name(instance: object) -> str:
    record_id = getattr(instance, "id", None)
    if type(record_id) is str and record_id:
        return record_id
    return type(instance).__name__


def fail(instance: object, field: str, message: str) -> NoReturn:
    raise ValidationError([Problem(record=record_name(instance), field=field, message=message)])


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty ``str`` with no surrounding white space."""
    if type(value) is not str:
        fail(instance, attribute.name, f"must be a str, not {_type_name(value)}")
    if not value or value != value.strip():
        fail(instance, attribute.name, f"must be non-empty text without surrounding spaces: {value!r}")


def optional(inner: Validator) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return tag(check, {}, inner=inner)  # type: ignore[no-any-return]


def instance_of(cls: type) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            fail(instance, attribute.name, f"must be a {cls.__name__}, not {_type_name(value)}")

    return tag(check, {})  # type: ignore[no-any-return]


def exact_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int:
        fail(instance, attribute.name, f"must be an int, not {_type_name(value)}")


def boolean(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not bool:
        fail(instance, attribute.name, f"must be a bool, not {_type_name(value)}")


def number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) not in (int, float):
        fail(instance, attribute.name, f"must be a number, not {_type_name(value)}")
    if not math.isfinite(value):
        fail(instance, attribute.name, f"must be finite, not {value!r}")
    if abs(value) >= 1e18:
        fail(instance, attribute.name, f"{value!r} is out of range")


def member_of(enum_cls: type[enum.Enum]) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_cls):
            fail(instance, attribute.name, f"must be a {enum_cls.__name__}, not {_type_name(value)}")

    return tag(check, {})  # type: ignore[no-any-return]


def record_id(kind: str) -> Validator:
    """The record's own id: ``kind:slug``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not str:
            raise ValidationError(
                [Problem(record=type(instance).__name__, field="id", message=f"must be a str, not {_type_name(value)}")]
            )
        match = ID_PATTERN.fullmatch(value)
        if match is None or match.group(1) != kind:
            raise ValidationError(
                [
                    Problem(
                        record=type(instance).__name__,
                        field="id",
                        message=f"{value!r} is not '{kind}:' followed by a lower-case slug",
                    )
                ]
            )

    return tag(check, {"pattern": _id_pattern((kind,))})  # type: ignore[no-any-return]


def _check_ref(instance: Any, field: str, value: Any, kinds: tuple[str, ...]) -> None:
    if type(value) is not str:
        fail(instance, field, f"must be an id string, not {_type_name(value)}")
    match = ID_PATTERN.fullmatch(value)
    if match is None:
        fail(instance, field, f"{value!r} is not a record id")
    if match.group(1) not in kinds:
        kinds_named = " or ".join(("an " if kind[0] in "aeiou" else "a ") + kind for kind in kinds)
        fail(instance, field, f"{value!r} must refer to {kinds_named}")


#: Id strings already found well-formed, per tuple of kinds: the same ids are referred
#: to again and again (speakers, sources), and bulk loads check hundreds of thousands.
_GOOD_REFS: dict[tuple[str, ...], set[str]] = {}


def _good_refs(kinds: tuple[str, ...]) -> set[str]:
    return _GOOD_REFS.setdefault(kinds, set())


def _remember(good: set[str], value: str) -> None:
    if len(good) < 100_000:
        good.add(value)


def reference(*kinds: str) -> Validator:
    """An id string that refers to a record of one of ``kinds``."""
    good = _good_refs(kinds)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is str and value in good:
            return
        _check_ref(instance, attribute.name, value, kinds)
        _remember(good, value)

    return tag(check, {"pattern": _id_pattern(kinds)})  # type: ignore[no-any-return]


def references(*kinds: str, nonempty: bool = False) -> Validator:
    """A tuple of distinct id strings, each of one of ``kinds``."""
    good = _good_refs(kinds)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            fail(instance, attribute.name, f"must be a tuple, not {_type_name(value)}")
        if nonempty and not value:
            fail(instance, attribute.name, "must not be empty")
        for i, item in enumerate(value):
            if type(item) is not str or item not in good:
                _check_ref(instance, f"{attribute.name}[{i}]", item, kinds)
                _remember(good, item)
        if len(value) > 1 and len(set(value)) != len(value):
            fail(instance, attribute.name, "lists the same id twice")

    schema: dict[str, Any] = {"items": {"pattern": _id_pattern(kinds)}, "uniqueItems": True}
    if nonempty:
        schema["minItems"] = 1
    return tag(check, schema)  # type: ignore[no-any-return]


def tuple_of(item_check: Callable[[Any, str, Any], None], *, nonempty: bool = False, unique: bool = False) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            fail(instance, attribute.name, f"must be a tuple, not {_type_name(value)}")
        if nonempty and not value:
            fail(instance, attribute.name, "must not be empty")
        for i, item in enumerate(value):
            item_check(instance, f"{attribute.name}[{i}]", item)
        if unique and len(set(value)) != len(value):
            fail(instance, attribute.name, "lists the same value twice")

    schema: dict[str, Any] = {}
    if nonempty:
        schema["minItems"] = 1
    if unique:
        schema["uniqueItems"] = True
    return tag(check, schema, items=item_check)  # type: ignore[no-any-return]


def item_instance_of(cls: type) -> Callable[[Any, str, Any], None]:
    def check(instance: Any, field: str, item: Any) -> None:
        if not isinstance(item, cls):
            fail(instance, field, f"must be a {cls.__name__}, not {_type_name(item)}")

    return tag(check, {})  # type: ignore[no-any-return]


def item_text(instance: Any, field: str, item: Any) -> None:
    if type(item) is not str:
        fail(instance, field, f"must be a str, not {_type_name(item)}")
    if not item or item != item.strip():
        fail(instance, field, f"must be non-empty text without surrounding spaces: {item!r}")


def inferred_notes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, FrozenMap):
        fail(instance, attribute.name, f"must be a mapping of field to reason, not {_type_name(value)}")
    for key, reason in value.items():
        if type(key) is not str or not key:
            fail(instance, attribute.name, f"key {key!r} must be a non-empty field name")
        if type(reason) is not str or not reason.strip():
            fail(instance, f"{attribute.name}.{key}", "the reason must be non-empty text")


tag(text, TEXT_SCHEMA)
tag(item_text, TEXT_SCHEMA)
tag(exact_int, {})
tag(boolean, {})
tag(number, {"exclusiveMinimum": -1e18, "exclusiveMaximum": 1e18})
tag(
    inferred_notes,
    {
        "propertyNames": {"minLength": 1},
        "additionalProperties": {"type": "string", "pattern": r"\S"},
    },
)

"""The one cattrs converter between records and JSON-ready data.

Every record becomes plain data (``dict``, ``list``, ``str``, ``int``, ``float``,
``bool``, ``None``) through :data:`converter`, and plain data becomes records only
through it. The converter is strict: it checks types instead of coercing them, so
``null`` never becomes ``'None'``, ``12.7`` never becomes ``12`` and ``"water"`` never
becomes a tuple of letters; every document must give every field and no other.

Errors are reported as :class:`~summitdata.Problem` values naming the record and the
path of the field (see :func:`structure_record`).

The per-class work is generated from the field specs by :mod:`summitdata._codegen`:
records become plain data through its ``unstructure`` functions (the converter's
unstructure hook), and :func:`structure_record` first tries its ``structure`` function,
which builds a record from valid data without cattrs' per-field bookkeeping; only when
that refuses does the cattrs path below run, to report every problem with its path.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from ._codegen import structurer, unstructurer
from .dates import PartialDate
from .errors import Problem, ValidationError
from .fields import ID_PATTERN, FrozenMap, field_specs, given_id, problems_of_value, rules_of

__all__ = ["converter", "problems_of", "structure_record", "unstructure_record"]

T = TypeVar("T")


class _TypeProblem(ValueError):
    """A value of the wrong JSON type, raised inside structuring hooks."""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _expect(kind: str, value: object) -> _TypeProblem:
    shown = "" if value is None or isinstance(value, (bool, list, dict)) else f" {_short(value)}"
    return _TypeProblem(f"expected {kind}, got {_json_type(value)}{shown}")


def _short(value: object) -> str:
    # Cut a long string before repr(): a message never copies a huge value.
    text = repr(value[:41] if type(value) is str else value)
    return text if len(text) <= 40 else text[:37] + "..."


def _structure_str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise _expect("a string", value)
    return value


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise _expect("an integer", value)
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise _expect("true or false", value)
    return value


def _structure_number(value: Any, _: type) -> int | float:
    if type(value) is int:
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise _TypeProblem(f"expected a finite number, got {value!r}")
        return value
    raise _expect("a number", value)


def _structure_partial_date(value: Any, _: type) -> PartialDate:
    if type(value) is not str:
        raise _expect("an ISO 8601 date string", value)
    try:
        return PartialDate.parse(value)
    except ValidationError as err:
        raise _TypeProblem(err.problems[0].message) from None


def _structure_enum_factory(cls: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    values = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in values)

    def structure(value: Any, _: type) -> enum.Enum:
        if type(value) is not str:
            raise _expect("a string", value)
        try:
            return values[value]
        except KeyError:
            raise _TypeProblem(f"{_short(value)} is not one of {allowed}") from None

    return structure


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _structure_tuple_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any, type], tuple[Any, ...]]:
    (item_type, _ellipsis) = typing.get_args(tp)
    item_hook = conv.get_structure_hook(item_type)

    def structure(value: Any, _: type) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise _expect("an array", value)
        items = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:  # noqa: BLE001 - regrouped below, with the index
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"index {index}", index, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError("while structuring an array", errors, tp)
        return tuple(items)

    return structure


def _structure_notes(value: Any, _: type) -> FrozenMap:
    if type(value) is not dict:
        raise _expect("an object", value)
    for key, reason in value.items():
        if type(reason) is not str:
            raise _TypeProblem(f"the reason for {key!r} must be a string, got {_json_type(reason)}")
    return FrozenMap(value)


def _structure_attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    names = [f.name for f in fields]
    name_set = frozenset(names)
    generated = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: type) -> Any:
        if type(value) is not dict:
            raise _expect(f"an object ({cls.__name__})", value)
        if value.keys() != name_set:
            raise ClassValidationError(f"while structuring {cls.__name__}", _key_errors(value), cls)
        try:
            return generated(value, cls)
        except ClassValidationError as group:
            # cattrs reports every field it could not build; the record's own validators stop
            # at their first problem, so run them all on the fields that could be built.
            noted = [e for e in group.exceptions if _note(e) is not None]
            record = given_id(value) or cls.__name__
            problems = problems_of(ClassValidationError(group.message, noted, cls), record) if noted else []
            for problem in _validator_problems(value):
                if problem not in problems:
                    problems.append(problem)
            if not problems:  # pragma: no cover - the specs and rules are the constructor's own checks
                raise
            raise ValidationError(problems) from None

    def _key_errors(value: dict[Any, Any]) -> list[Exception]:
        """One error per unknown or missing field, and those of the fields that are there."""
        errors: list[Exception] = []
        for key in value:
            if key not in name_set:
                errors.append(_noted(_TypeProblem(f"unknown field of {cls.__name__}"), str(key), None))
        for field in fields:
            if field.name not in value:
                errors.append(_noted(_TypeProblem(f"missing field of {cls.__name__}"), field.name, field.type))
                continue
            try:
                conv.structure(value[field.name], field.type)
            except Exception as exc:  # noqa: BLE001 - reported with the field's name
                errors.append(_noted(exc, field.name, field.type))
        return errors

    def _validator_problems(value: dict[str, Any]) -> list[Problem]:
        """Every problem the field specs and rules of ``cls`` find among the fields of ``value``
        that can be built (the constructor stops at the first field).
        """
        values: dict[str, Any] = {}
        for field in fields:
            try:
                item = conv.structure(value[field.name], field.type)
            except Exception:  # noqa: BLE001 - cattrs reports this field's problems
                continue
            values[field.name] = field.converter(item) if callable(field.converter) else item
        record = cls.__name__
        if "id" in values and type(values["id"]) is str and ID_PATTERN.fullmatch(values["id"]):
            record = values["id"]
        problems = [
            Problem(record=record, field=path, message=message)
            for name, spec in field_specs(cls)
            if name in values
            for path, message in problems_of_value(spec, values[name], name, cls)
        ]
        if len(values) == len(fields):
            stand_in = types.SimpleNamespace(**values)
            for rule in rules_of(cls):
                try:
                    message = rule.check(stand_in)
                except Exception:  # noqa: BLE001 - a field the rule reads is wrong, and reported above
                    continue
                if message is not None:
                    problems.append(Problem(record=record, field=rule.field, message=message))
        return problems

    return structure


def _noted(exc: Exception, name: str, type_: Any) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(f"field {name}", name, type_)]
    return exc


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(float, _structure_number)
    conv.register_structure_hook(int | float, _structure_number)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    conv.register_structure_hook_func(lambda t: t == Mapping[str, str], _structure_notes)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum_factory
    )
    conv.register_structure_hook_factory(_is_tuple, lambda t: _structure_tuple_factory(t, conv))
    conv.register_structure_hook_factory(attrs.has, lambda t: _structure_attrs_factory(t, conv))
    conv.register_unstructure_hook_factory(attrs.has, unstructurer)
    return conv


#: The converter. Use :func:`structure_record` and :func:`unstructure_record` (or
#: :func:`summitdata.from_dict` / :func:`summitdata.to_dict`) rather than calling it
#: directly: they turn its errors into :class:`~summitdata.ValidationError`.
converter = _make_converter()


def unstructure_record(record: Any) -> dict[str, Any]:
    """The JSON-ready ``dict`` of a record or value type, keys in field order.

    >>> from summitdata.dates import PartialDate
    >>> from summitdata.records import Period
    >>> unstructure_record(Period(start=PartialDate.parse("2024"), end=None))
    {'start': '2024', 'end': None}
    """
    if not attrs.has(type(record)):
        raise TypeError(f"expected a summitdata record, not {type(record).__name__}")
    return unstructurer(type(record))(record)


def structure_record(data: Any, cls: type[T], *, where: str | None = None) -> T:
    """Build a ``cls`` from JSON-ready ``data``, or raise :class:`~summitdata.ValidationError`.

    Every problem is reported, each naming the record (its id when ``data`` gives one,
    else ``where`` or the class name) and the path of the field.

    >>> from summitdata.records import Period
    >>> structure_record({"start": "2024", "end": "2024-13"}, Period)
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Period: end: month 13 is out of range 1..12
    """
    try:
        return structurer(cls)(data)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - redone below by the converter, with every problem and its path
        pass
    record = given_id(data) or where or cls.__name__
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a Problem
        raise ValidationError(problems_of(exc, record)) from None


def problems_of(exc: BaseException, record: str, path: str = "") -> list[Problem]:
    """Flatten a (cattrs) exception tree into problems with field paths."""
    if isinstance(exc, ClassValidationError):
        problems: list[Problem] = []
        for sub in exc.exceptions:
            note = _note(sub)
            sub_path = _join(path, note.name) if isinstance(note, AttributeValidationNote) else path
            problems.extend(problems_of(sub, record, sub_path))
        return problems
    if isinstance(exc, IterableValidationError):
        problems = []
        for sub in exc.exceptions:
            note = _note(sub)
            sub_path = f"{path}[{note.index}]" if isinstance(note, IterableValidationNote) else path
            problems.extend(problems_of(sub, record, sub_path))
        return problems
    if isinstance(exc, ValidationError):
        # Raised by a record's own validators: they know the field and the record.
        return [
            Problem(
                record=record if p.record in _CLASS_NAMES else p.record,
                field=_join(path, p.field) if p.record in _CLASS_NAMES else p.field,
                message=p.message,
            )
            for p in exc.problems
        ]
    if isinstance(exc, (_TypeProblem, TypeError, ValueError, KeyError)):
        return [Problem(record=record, field=path, message=str(exc))]
    raise exc


def _note(exc: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, (AttributeValidationNote, IterableValidationNote)):
            return note
    return None


def _join(path: str, name: str) -> str:
    if not name:
        return path
    if not path:
        return name
    return f"{path}.{name}"


def _class_names() -> frozenset[str]:
    from . import records  # noqa: PLC0415 - records imports nothing from here

    return frozenset({"PartialDate", "Period", *(name for name in records.__all__ if name[0].isupper())})


_CLASS_NAMES = _class_names()

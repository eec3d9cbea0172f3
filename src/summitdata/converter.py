"""The one cattrs converter between records and JSON-ready data.

Every record becomes plain data (``dict``, ``list``, ``str``, ``int``, ``float``,
``bool``, ``None``) through :data:`converter`, and plain data becomes records only
through it. The converter is strict: it checks types instead of coercing them, so
``null`` never becomes ``'None'``, ``12.7`` never becomes ``12`` and ``"water"`` never
becomes a tuple of letters; every document must give every field and no other.

Errors are reported as :class:`~summitdata.Problem` values naming the record and the
path of the field (see :func:`structure_record`).
"""

from __future__ import annotations

import enum
import math
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring as _c_encode  # the C version when available
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from .dates import PartialDate
from .errors import Problem, ValidationError
from .fields import ID_PATTERN, FrozenMap, field_specs, problems_of_value, rules_of

__all__ = ["converter", "json_text", "structure_record", "unstructure_record"]

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
            record = value["id"] if type(value.get("id")) is str else cls.__name__
            problems = problems_of(ClassValidationError(group.message, noted, cls), record) if noted else []
            for problem in _validator_problems(value):
                if problem not in problems:
                    problems.append(problem)
            if not problems:
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
            for path, message in problems_of_value(spec, values[name], name)
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


def _unstructure_attrs_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    return _generate(cls, "unstructure")


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
    conv.register_unstructure_hook(FrozenMap, dict)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum_factory
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _t: _enum_value
    )
    conv.register_structure_hook_factory(_is_tuple, lambda t: _structure_tuple_factory(t, conv))
    conv.register_unstructure_hook_factory(_is_tuple, lambda _t: _unstructure_tuple)
    conv.register_structure_hook_factory(attrs.has, lambda t: _structure_attrs_factory(t, conv))
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)
    return conv


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _unstructure_tuple(value: tuple[Any, ...]) -> list[Any]:
    return [converter.unstructure(item) for item in value]


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
    result: dict[str, Any] = converter.unstructure(record)
    return result


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
        return fast_structure(cls)(data)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - redone below by the converter, with every problem and its path
        pass
    record = where or cls.__name__
    if type(data) is dict and type(data.get("id")) is str:
        record = data["id"]
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
    if isinstance(exc, ForbiddenExtraKeysError):
        return [Problem(record=record, field=path, message=f"unknown fields {sorted(exc.extra_fields)}")]
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
    if name.startswith("["):
        return path + name
    return f"{path}.{name}"


def _class_names() -> frozenset[str]:
    from . import records  # noqa: PLC0415 - records imports nothing from here

    return frozenset({"PartialDate", "Period", *(name for name in records.__all__ if name[0].isupper())})


_CLASS_NAMES = _class_names()


# --- generated per-class functions: plain data, and JSON text directly -------------------
#
# For each record and value class, two functions are generated from its attrs fields and
# their types, with the same value rules as the hooks above (enum -> value, PartialDate ->
# ISO string, tuple -> list, FrozenMap -> dict, fields in class order):
#
# - ``unstructure``: the plain ``dict`` (the converter's unstructure hook for the class);
# - ``text``: the JSON text of the object as ``json.dumps(plain, ensure_ascii=False,
#   indent=2)`` writes it at a given indentation, without building the plain data. The
#   standard library's encoder is pure Python when it indents; this is several times
#   faster. Tests compare both outputs byte for byte.


_GENERATED: dict[tuple[type[Any], str], Callable[..., Any]] = {}


def _num_text(value: float) -> str:
    return int.__repr__(value) if type(value) is int else float.__repr__(value)


def _strs_text(values: tuple[str, ...], ind: str) -> str:
    if not values:
        return "[]"
    inner = ind + "  "
    return "[\n" + ",\n".join([inner + _c_encode(v) for v in values]) + "\n" + ind + "]"


def _enums_text(values: tuple[Any, ...], ind: str, table: Mapping[Any, str]) -> str:
    if not values:
        return "[]"
    inner = ind + "  "
    return "[\n" + ",\n".join([inner + table[v] for v in values]) + "\n" + ind + "]"


def _objs_text(values: tuple[Any, ...], ind: str, write: Callable[[Any, str], str]) -> str:
    if not values:
        return "[]"
    inner = ind + "  "
    return "[\n" + ",\n".join([inner + write(v, inner) for v in values]) + "\n" + ind + "]"


def _map_text(value: Mapping[str, str], ind: str) -> str:
    if not value:
        return "{}"
    inner = ind + "  "
    items = [f"{inner}{_c_encode(k)}: {_c_encode(v)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + ind + "}"


def _generate(cls: type[Any], mode: str) -> Callable[..., Any]:
    """The generated ``unstructure`` or ``text`` function of an attrs class (cached)."""
    key = (cls, mode)
    if key in _GENERATED:
        return _GENERATED[key]
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {
        "_enc": _c_encode,
        "_num": _num_text,
        "_strs": _strs_text,
        "_enums": _enums_text,
        "_objs": _objs_text,
        "_map": _map_text,
        "_iso": PartialDate.isoformat,
    }
    parts = []
    plain = mode != "text"
    for field in attrs.fields(cls):
        expr = _expression(hints[field.name], f"o.{field.name}", mode, namespace, field.name)
        if plain:
            parts.append(f"{field.name!r}: {expr}")
        else:
            parts.append(f"i1 + {_c_encode(field.name)!r} + ': ' + {expr}")
    name = f"{mode}_{cls.__name__}"
    if plain:
        source = f"def {name}(o):\n    return {{{', '.join(parts)}}}\n"
    else:
        joined = " + ',\\n' + ".join(parts)
        source = f"def {name}(o, ind):\n    i1 = ind + '  '\n    return '{{\\n' + {joined} + '\\n' + ind + '}}'\n"
    exec(compile(source, f"<summitdata generated {name}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    _GENERATED[key] = function
    return function


def _expression(tp: Any, value: str, mode: str, namespace: dict[str, Any], name: str) -> str:
    """Python source for the value of ``value`` in ``mode``.

    ``unstructure``: plain data; ``native``: plain data except that enum members and
    tuples of strings or enum members stay as they are (for a JSON encoder that writes
    them natively: orjson); ``text``: JSON text.
    """
    args = typing.get_args(tp)
    plain = mode != "text"
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        inner_type = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
        inner = _expression(inner_type, "v", mode, namespace, name)
        if inner == "v":
            return value
        null = "None" if plain else "'null'"
        return f"({null} if (v := {value}) is None else {inner})"
    if tp is str:
        return value if plain else f"_enc({value})"
    if tp is bool:
        return value if plain else f"('true' if {value} else 'false')"
    if tp is int or (typing.get_origin(tp) in (typing.Union, types.UnionType) and set(args) == {int, float}):
        return value if plain else f"_num({value})"
    if tp is PartialDate:
        return f"_iso({value})" if plain else f"('\"' + _iso({value}) + '\"')"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if mode == "native":
            return value
        if mode == "unstructure":
            return f"{value}.value"
        return f"{_enum_table(tp, namespace)}[{value}]"
    if typing.get_origin(tp) is tuple:
        item = args[0]
        if item is str:
            return {"unstructure": f"list({value})", "native": value}.get(mode, f"_strs({value}, i1)")
        if isinstance(item, type) and issubclass(item, enum.Enum):
            if mode == "native":
                return value
            if mode == "unstructure":
                return f"[x.value for x in {value}]"
            return f"_enums({value}, i1, {_enum_table(item, namespace)})"
        if isinstance(item, type) and attrs.has(item):
            function = f"_{mode}_{item.__name__}"
            namespace[function] = _generate(item, mode)
            if plain:
                return f"[{function}(x) for x in {value}]"
            return f"_objs({value}, i1, {function})"
    if typing.get_origin(tp) is Mapping or tp is Mapping[str, str]:
        return f"dict({value})" if plain else f"_map({value}, i1)"
    if isinstance(tp, type) and attrs.has(tp):
        function = f"_{mode}_{tp.__name__}"
        namespace[function] = _generate(tp, mode)
        return f"{function}({value})" if plain else f"{function}({value}, i1)"
    raise TypeError(f"no generated conversion for {name}: {tp!r}")


def _enum_table(cls: type[enum.Enum], namespace: dict[str, Any]) -> str:
    """Name (in the generated code's ``namespace``) of the table of each member's JSON text."""
    table = f"_E_{cls.__name__}"
    namespace[table] = {member: _c_encode(member.value) for member in cls}
    return table


def native_writer(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """The generated ``native`` function of ``cls``: plain data for orjson (enums and tuples kept)."""
    return _generate(cls, "native")


def json_text(record: Any, indent: str = "") -> str:
    """The JSON text of a record as ``json.dumps(unstructure_record(record), ensure_ascii=False,
    indent=2)`` writes it, nested at ``indent``; without building the plain data.

    >>> from summitdata.dates import PartialDate
    >>> from summitdata.records import Period
    >>> print(json_text(Period(start=PartialDate.parse("2024"), end=None)))
    {
      "start": "2024",
      "end": null
    }
    """
    if not attrs.has(type(record)):
        raise TypeError(f"expected a summitdata record, not {type(record).__name__}")
    text: str = _generate(type(record), "text")(record, indent)
    return text


def text_writer(cls: type[Any]) -> Callable[[Any, str], str]:
    """The generated function ``write(record, indent) -> str`` of :func:`json_text` for ``cls``."""
    return _generate(cls, "text")


def objects_text(records: Iterable[Any], indent: str, write: Callable[[Any, str], str]) -> str:
    """A JSON array of records as ``json.dumps(..., indent=2)`` writes it, nested at ``indent``."""
    return _objs_text(tuple(records), indent, write)


# --- generated fast structuring -----------------------------------------------------------
#
# ``fast_structure(cls)`` builds a record from valid plain data several times faster than
# the detailed cattrs path: it checks the keys, converts what JSON cannot hold as such
# (enum values to members, ISO strings to dates, arrays to tuples, nested objects) and
# leaves every other check to the record's own validators, which are exact about types.
# On any problem it raises, and :func:`structure_record` runs the detailed converter to
# report every problem with its path, so both paths accept the same data and build equal
# records (a property test checks it on damaged records).


class _Refused(Exception):
    """Raised by the fast path; the detailed path says what is wrong."""


def _tuple(value: Any) -> tuple[Any, ...]:
    if type(value) is not list:
        raise _Refused
    return tuple(value)


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Refused
    return value


_DATES: dict[str, PartialDate] = {}


def _date(value: Any) -> PartialDate:
    try:
        return _DATES[value]
    except KeyError:
        date = PartialDate.parse(value)  # refuses anything but YYYY, YYYY-MM, YYYY-MM-DD
        if len(_DATES) < 100_000:
            _DATES[value] = date
        return date


_FAST: dict[type[Any], Callable[[Any], Any]] = {}


def fast_structure(cls: type[Any]) -> Callable[[Any], Any]:
    """The generated fast structuring function of an attrs class (see above)."""
    if cls in _FAST:
        return _FAST[cls]
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {"_cls": cls, "_Refused": _Refused, "_tuple": _tuple, "_date": _date, "_dict": _dict}
    names = [field.name for field in attrs.fields(cls)]
    namespace["_keys"] = frozenset(names)
    arguments = []
    for field in attrs.fields(cls):
        expr = _structure_expression(hints[field.name], f"d[{field.name!r}]", namespace, field)
        arguments.append(f"{field.name}={expr}")
    name = f"fast_structure_{cls.__name__}"
    source = (
        f"def {name}(d):\n"
        f"    if type(d) is not dict or d.keys() != _keys:\n"
        f"        raise _Refused\n"
        f"    return _cls({', '.join(arguments)})\n"
    )
    exec(compile(source, f"<summitdata generated {name}>", "exec"), namespace)
    function: Callable[[Any], Any] = namespace[name]
    _FAST[cls] = function
    return function


def _structure_expression(tp: Any, value: str, namespace: dict[str, Any], field: Any) -> str:
    args = typing.get_args(tp)
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    if union and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        inner_type = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
        inner = _structure_expression(inner_type, "v", namespace, field)
        return value if inner == "v" else f"(None if (v := {value}) is None else {inner})"
    if tp in (str, int, bool) or (union and set(args) == {int, float}):
        if field.validator is None:  # pragma: no cover - every such field has an exact validator
            raise TypeError(f"{field.name}: a plain value needs a validator that checks its type")
        return value
    if tp is PartialDate:
        return f"_date({value})"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        table = f"_E_{tp.__name__}"
        namespace[table] = {member.value: member for member in tp}
        return f"{table}[{value}]"
    if typing.get_origin(tp) is tuple:
        item = args[0]
        if item is str:
            return f"_tuple({value})"
        if isinstance(item, type) and issubclass(item, enum.Enum):
            table = f"_E_{item.__name__}"
            namespace[table] = {member.value: member for member in item}
            return f"tuple([{table}[x] for x in _tuple({value})])"
        if isinstance(item, type) and attrs.has(item):
            function = f"_S_{item.__name__}"
            namespace[function] = fast_structure(item)
            return f"tuple([{function}(x) for x in _tuple({value})])"
    if typing.get_origin(tp) is Mapping or tp is Mapping[str, str]:
        return f"_dict({value})"
    if isinstance(tp, type) and attrs.has(tp):
        function = f"_S_{tp.__name__}"
        namespace[function] = fast_structure(tp)
        return f"{function}({value})"
    raise TypeError(f"no fast structuring for {field.name}: {tp!r}")

"""The per-class functions generated from the field specs: one generator, four modes.

For each record and value class, :func:`generated` walks
:func:`~summitdata.fields.field_specs` (never the type hints) and compiles one function
per mode, with the same value rules in every mode (enum -> its value, date -> ISO
string, tuple -> array, notes -> object, fields in class order):

- ``unstructure``: ``f(record) -> dict``, the plain data (the converter's unstructure
  hook, :func:`~summitdata.to_dict`);
- ``native``: ``f(record) -> dict``, the same except that tuples of plain values and enum
  members stay as they are, for a JSON encoder that writes them natively (orjson);
- ``text``: ``f(record, indent) -> str``, the JSON text of the record as
  ``json.dumps(plain, ensure_ascii=False, indent=2)`` writes it nested at ``indent``,
  without building the plain data (the standard library's encoder is pure Python when
  it indents; this is several times faster);
- ``structure``: ``f(data, share) -> record``, the record from *valid* plain data. It checks
  the keys and converts what JSON cannot hold as such (enum values, ISO dates, arrays,
  nested objects), and leaves every other check to the record's own compiled check, which
  is exact about types. ``share(value, value)`` (such as ``dict.setdefault`` of a table
  kept for one load) gives the one object that stands for equal strings and equal tuples
  of strings or enum members: a large dataset holds the same ids, texts and topic lists
  again and again (an anchor's text is often its claim's), and keeps each once. On any
  problem it raises, and the converter's detailed cattrs path reports every problem with
  its path, so both accept the same data and build equal records (a property test checks
  it on damaged records).

Each source is registered in :mod:`linecache` under a unique file name, as attrs and
cattrs do, so tracebacks, debuggers and :func:`inspect.getsource` show it.

>>> import summitdata
>>> period = summitdata.Period(start=summitdata.PartialDate.parse("2024"), end=None)
>>> generated(summitdata.Period, "unstructure")(period)
{'start': '2024', 'end': None}
>>> print(generated(summitdata.Period, "text")(period, ""))
{
  "start": "2024",
  "end": null
}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring as _enc  # the C version when available
from typing import Any, Literal

import attrs

from ._compile import Namespace, compile_function
from .dates import PartialDate
from .fields import (
    NO_NOTES,
    Boolean,
    Choice,
    Date,
    FrozenMap,
    Id,
    Integer,
    Many,
    Nested,
    Notes,
    Number,
    Ref,
    Spec,
    Text,
    field_specs,
    typed_check,
)

__all__ = [
    "MODES",
    "Refused",
    "generated",
    "key_counter",
    "native_writer",
    "notes_from_dict",
    "objects_text",
    "structurer",
    "text_writer",
    "unstructurer",
]

Mode = Literal["unstructure", "native", "text", "structure"]
#: The kinds of generated function.
MODES: tuple[Mode, ...] = ("unstructure", "native", "text", "structure")

_FUNCTIONS: dict[tuple[type[Any], str], Callable[..., Any]] = {}


def generated(cls: type[Any], mode: Mode) -> Callable[..., Any]:
    """The generated ``mode`` function of a record or value class (built once, then cached).

    >>> import summitdata
    >>> data = {"start": "2024", "end": None}
    >>> generated(summitdata.Period, "structure")(data).start
    PartialDate(year=2024, month=None, day=None)
    """
    key = (cls, mode)
    function = _FUNCTIONS.get(key)
    if function is None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        function = _FUNCTIONS[key] = _Source(cls, mode).compile()
    return function


def unstructurer(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """The generated ``unstructure`` function of ``cls``: a record's plain data.

    >>> import summitdata
    >>> unstructurer(summitdata.Period)(summitdata.Period(start=None, end=None))
    {'start': None, 'end': None}
    """
    return generated(cls, "unstructure")


def native_writer(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """The generated ``native`` function of ``cls``: plain data for orjson (tuples of plain values kept).

    >>> import summitdata
    >>> place = summitdata.load().places.get("place:caspian-sea")
    >>> native_writer(summitdata.Place)(place)["aliases"]
    ('Caspian',)
    """
    return generated(cls, "native")


def text_writer(cls: type[Any]) -> Callable[[Any, str], str]:
    """The generated ``text`` function of ``cls``: ``write(record, indent) -> str``, its JSON text.

    >>> import summitdata
    >>> text_writer(summitdata.Period)(summitdata.Period(start=None, end=None), "  ")
    '{\\n    "start": null,\\n    "end": null\\n  }'
    """
    return generated(cls, "text")


def structurer(cls: type[Any]) -> Callable[..., Any]:
    """The generated ``structure`` function of ``cls``: a record from valid plain data, else an exception.

    Its optional second argument shares equal values (see the module's docstring).

    >>> import summitdata
    >>> structurer(summitdata.Period)({"start": None, "end": None})
    Period(start=None, end=None)
    >>> table = {}
    >>> data = {"source": "source:a", "start": 0, "end": 1, "text": "x"}
    >>> one, two = (structurer(summitdata.Anchor)(dict(data), table.setdefault) for _ in range(2))
    >>> one.source is two.source
    True
    """
    return generated(cls, "structure")


class Refused(Exception):
    """Raised by a ``structure`` function for data of the wrong shape; the detailed path says what is wrong.

    >>> import summitdata
    >>> generated(summitdata.Period, "structure")({"start": "2024"})
    Traceback (most recent call last):
    ...
    summitdata._codegen.Refused: Period
    """


# --- helpers the generated code calls ---------------------------------------------------------


def _num(value: float) -> str:
    return int.__repr__(value) if type(value) is int else float.__repr__(value)


def _map(value: Mapping[str, str], ind: str) -> str:
    if not value:
        return "{}"
    inner = ind + "  "
    items = [f"{inner}{_enc(k)}: {_enc(v)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + ind + "}"


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Refused
    return value


def _tuple(value: Any) -> tuple[Any, ...]:
    if type(value) is not list:
        raise Refused
    return tuple(value)


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise Refused
    return value


#: Dates already parsed: the same few thousand dates recur across a large dataset.
_DATES: dict[str, PartialDate] = {}
_DATES_LIMIT = 100_000


def _date(value: Any) -> PartialDate:
    try:
        return _DATES[value]
    except KeyError:
        date = PartialDate.parse(value)  # refuses anything but YYYY, YYYY-MM, YYYY-MM-DD
        if len(_DATES) < _DATES_LIMIT:
            _DATES[value] = date
        return date


_ENUM_TABLES: dict[tuple[type[Any], str], dict[Any, Any]] = {}


def _enum_table(enum: type[Any], way: Literal["members", "values", "texts"]) -> dict[Any, Any]:
    """One table of ``enum`` per way, shared by every class: ``members`` (JSON value -> member),
    ``values`` (member -> JSON value), ``texts`` (member -> its JSON text).
    """
    table = _ENUM_TABLES.get((enum, way))
    if table is None:
        if way == "members":
            table = {member.value: member for member in enum}
        else:
            table = {member: member.value if way == "values" else _enc(member.value) for member in enum}
        _ENUM_TABLES[enum, way] = table
    return table


def _builder(cls: type[Any]) -> type[Any] | None:
    """A plain class of the same memory layout as the frozen ``cls``, or ``None`` when there is none.

    Its attributes are set by plain assignments (in a specialised instruction each, five
    times faster than ``object.__setattr__`` calls), then the instance becomes a ``cls``.
    """
    slots = cls.__dict__.get("__slots__")
    if not slots or "__weakref__" in slots or cls.__bases__ != (object,):
        return None
    return type(f"_Build{cls.__name__}", (), {"__slots__": slots})


def notes_from_dict(value: str) -> str:
    """Python source that makes notes of the ``dict`` that ``value`` gives, as the notes' converter
    does (a :class:`~summitdata.fields.FrozenMap`, the one shared empty notes when empty), for
    generated code whose namespace holds the helpers of this module.

    >>> notes_from_dict("d['inferred']")
    "(_FrozenMap(n) if (n := d['inferred']) else _NO_NOTES)"
    """
    return f"(_FrozenMap(n) if (n := {value}) else _NO_NOTES)"


def _unshared(value: Any, _: Any) -> Any:
    return value


def _scalar_of_its_type(node: Spec, value: str) -> str | None:
    """Python source of a field's own scalar ``value`` (a ``node``) in a ``structure`` function:
    the value when it is of the node's type (a ``str`` shared as in :func:`structurer`), else
    refused, so that the typed check may follow; ``None`` for a node that is not a scalar.
    """
    match node:
        case Text() | Id() | Ref():
            return f"(s(w, w) if type(w := {value}) is str else _refuse(w))"
        case Integer():
            return f"(w if type(w := {value}) is int else _refuse(w))"
        case Number():
            return f"(w if type(w := {value}) is int or type(w) is float else _refuse(w))"
        case Boolean():
            return f"(w if type(w := {value}) is bool else _refuse(w))"
    return None


def _refuse(_: Any) -> Any:
    """Refuse a value not of its field's type (in a ``structure`` function's expression)."""
    raise Refused


_HELPERS: dict[str, Any] = {
    "_unshared": _unshared,
    "_new": object.__new__,
    "_set": object.__setattr__,
    "_enc": _enc,
    "_num": _num,
    "_int": int.__repr__,
    "_repeat": itertools.repeat,
    "_map": _map,
    "_iso": PartialDate.isoformat,
    "_list": _list,
    "_tuple": _tuple,
    "_dict": _dict,
    "_date": _date,
    "_Refused": Refused,
    "_refuse": _refuse,
    "_FrozenMap": FrozenMap,
    "_NO_NOTES": NO_NOTES,
}


def objects_text(records: Iterable[Any], indent: str, write: Callable[[Any, str], str]) -> list[str]:
    """A JSON array of records (``write`` is a ``text`` function) as ``json.dumps(..., indent=2)`` writes
    it, in pieces for the caller to join (a large document is then copied once, not once per level).

    >>> import json, summitdata
    >>> periods = [summitdata.Period(start=summitdata.PartialDate.parse("2024"), end=None)]
    >>> text = "".join(objects_text(periods, "", generated(summitdata.Period, "text")))
    >>> text == json.dumps([summitdata.to_dict(p) for p in periods], indent=2)
    True
    """
    inner = indent + "  "
    texts = (",\n" + inner).join(map(write, records, itertools.repeat(inner)))
    return ["[\n" + inner, texts, "\n" + indent + "]"] if texts else ["[]"]


# --- the generator ---------------------------------------------------------------------------


_COMMA = repr(",\n") + ", "


class _Source(Namespace):
    """The source of one generated function, and the names it uses."""

    def __init__(self, cls: type[Any], mode: Mode) -> None:
        super().__init__(dict(_HELPERS))
        self.cls = cls
        self.mode = mode
        self.depth = 1  # the deepest indentation level a text function uses

    def compile(self) -> Callable[..., Any]:
        specs = field_specs(self.cls)
        name = f"{self.mode}_{self.cls.__name__}"
        lines = [self._field(field, spec.type, spec.nullable) for field, spec in specs]
        if self.mode == "structure":
            self.namespace["_cls"] = self.cls
            self.namespace["_keys"] = frozenset(field for field, _ in specs)
            body = [
                f"def {name}(d, s=_unshared):",
                "    if type(d) is not dict or d.keys() != _keys:",
                f"        raise _Refused({self.cls.__name__!r})",
                *self._construction(lines, [spec.type for _, spec in specs]),
            ]
        elif self.mode == "text":
            # one join of every piece: chained + would copy the growing text once per piece
            body = [
                f"def {name}(o, i0):",
                *(f"    i{level} = i{level - 1} + '  '" for level in range(1, self.depth + 1)),
                "    return ''.join([",
                "        '{\\n',",
                *(f"        {_COMMA if index else ''}{line}," for index, line in enumerate(lines)),
                "        '\\n', i0, '}',",
                "    ])",
            ]
        else:
            body = [f"def {name}(o):", "    return {", *(f"        {line}," for line in lines), "    }"]
        source = "\n".join(body) + "\n"
        return compile_function(self.cls, self.mode, source, name, self.namespace)

    def _construction(self, lines: list[str], nodes: list[Spec]) -> list[str]:
        """The lines that build the record from the fields' ``name=expression`` lines.

        A class made by :func:`~summitdata.fields.model` has no one-field validators, only its
        compiled check: the record is made without ``__init__`` (the same attributes set,
        each through its converter, then the same check), which saves the keyword call. Notes
        are made what their converter makes of a ``dict`` (a :class:`~summitdata.fields.FrozenMap`,
        the shared empty one when empty) in the expression itself. Any other attrs class is called.
        """
        fields = attrs.fields(self.cls)
        if any(field.validator is not None for field in fields) or not hasattr(self.cls, "__attrs_post_init__"):
            return ["    return _cls(", *(f"        {line}," for line in lines), "    )"]
        builder = _builder(self.cls)
        out = ["    o = _new(_cls)" if builder is None else f"    o = {self.bind('_Builder', builder)}()"]
        for field, line, node in zip(fields, lines, nodes, strict=True):
            name, expr = line.split("=", 1)
            if field.converter is not None and not isinstance(node, Notes):
                expr = f"{self.bind('_convert_' + name, field.converter)}({expr})"
            out.append(f"    _set(o, {name!r}, {expr})" if builder is None else f"    o.{name} = {expr}")
        if builder is None:
            return [*out, "    o.__attrs_post_init__()", "    return o"]
        # Each scalar is of its type (anything else is refused above) and each nested value or
        # list was made here: the typed check is left (the items of lists checked whole).
        check = typed_check(self.cls, self.namespace, "o", typed_items=False)
        return [*out, "    o.__class__ = _cls", *check, "    return o"]

    def _field(self, name: str, node: Spec, nullable: bool) -> str:
        """One line of the function: the field's key and value expression."""
        value = f"d[{name!r}]" if self.mode == "structure" else f"o.{name}"
        expr = self._expr(node, "v" if nullable else value, 1)
        if nullable and expr != "v":
            null = "'null'" if self.mode == "text" else "None"
            expr = f"({null} if (v := {value}) is None else {expr})"
        elif nullable:
            expr = value
        if self.mode == "structure":
            return f"{name}={expr}"
        if self.mode == "text":
            return f"i1, {_enc(name) + ': '!r}, {expr}"
        return f"{name!r}: {expr}"

    def _expr(self, node: Spec, value: str, level: int) -> str:
        """Python source of the value of ``value`` (a ``node``) in this mode, at indentation ``level``."""
        mode = self.mode
        text = mode == "text"
        if mode == "structure" and level == 1:
            checked = _scalar_of_its_type(node, value)
            if checked is not None:
                return checked
        match node:
            case Text() | Id() | Ref():
                if mode == "structure":  # one object for equal strings (see structurer)
                    return f"(s(w, w) if (w := {value}).__class__ is str else w)"
                return f"_enc({value})" if text else value
            case Integer():
                return f"_int({value})" if text else value  # an int, never a bool: its spec says so
            case Number():
                return f"_num({value})" if text else value
            case Boolean():
                return f"('true' if {value} else 'false')" if text else value
            case Date():
                if mode == "structure":
                    return f"_date({value})"
                return f"('\"' + _iso({value}) + '\"')" if text else f"_iso({value})"
            case Choice():
                if mode == "native":  # orjson writes a member as its value, in C
                    return value
                if mode == "unstructure":  # a table, not the members' value property
                    return f"{self._table(node.enum, 'values')}[{value}]"
                return f"{self._table(node.enum, 'members' if mode == 'structure' else 'texts')}[{value}]"
            case Nested():
                function = self.bind(f"_{mode}_{node.cls.__name__}", generated(node.cls, mode))
                if mode == "structure":
                    return f"{function}({value}, s)"
                return f"{function}({value}, i{level})" if text else f"{function}({value})"
            case Notes():
                if mode == "structure":
                    return notes_from_dict(f"_dict({value})")
                # most records have the one empty notes (a FrozenMap's truth is its Python __len__)
                if text:
                    return f"('{{}}' if (n := {value}) is _NO_NOTES or not n else _map(n, i{level}))"
                return f"({{}} if (n := {value}) is _NO_NOTES else dict(n))"
            case Many():
                item_name = f"x{level}"
                item = self._expr(node.item, item_name, level + 1)
                if mode == "structure":  # items by map(), in C, where one function makes an item
                    match node.item:
                        case Text() | Id() | Ref():  # a few combinations recur: share them, and each item
                            return f"s(t := tuple(map(s, (w := _list({value})), w)), t)"
                        case Choice():
                            members = self._table(node.item.enum, "members")
                            return f"s(t := tuple(map({members}.__getitem__, _list({value}))), t)"
                        case Nested():
                            make = self.bind(f"_structure_{node.item.cls.__name__}", generated(node.item.cls, mode))
                            return f"tuple(map({make}, _list({value}), _repeat(s)))"
                    if item == item_name:
                        return f"_tuple({value})"
                    return f"tuple([{item} for {item_name} in _list({value})])"
                if mode == "native" and item == item_name:
                    return value
                if mode in ("native", "unstructure"):
                    match node.item:  # items by map(), in C, where one function makes an item
                        case Choice():  # (native: returned above, members as they are)
                            return f"list(map({self._table(node.item.enum, 'values')}.__getitem__, {value}))"
                        case Nested():
                            function = self.bind(f"_{mode}_{node.item.cls.__name__}", generated(node.item.cls, mode))
                            return f"list(map({function}, {value}))"
                    return f"list({value})" if item == item_name else f"[{item} for {item_name} in {value}]"
                self.depth = max(self.depth, level + 1)
                inner = f"i{level + 1}"
                items = self._item_texts(node.item, value, inner) or f"[{item} for {item_name} in {value}]"
                return (
                    f"('[\\n' + {inner} + (',\\n' + {inner}).join({items}) + '\\n' + i{level} + ']'"
                    f" if {value} else '[]')"
                )
        raise TypeError(f"{self.cls.__name__}: no generated {mode} code for {node!r}")  # pragma: no cover

    def _table(self, enum: type[Any], way: Literal["members", "values", "texts"]) -> str:
        """The name of :func:`_enum_table` of ``enum`` and ``way`` in the generated code."""
        return self.bind(f"_{way}_{enum.__name__}", _enum_table(enum, way))

    def _item_texts(self, item: Spec, value: str, indent: str) -> str | None:
        """An iterable of the JSON texts of the items of the tuple ``value``, by ``map()`` (in C),
        where one function writes an item; ``None`` for the others.
        """
        match item:
            case Text() | Id() | Ref():
                return f"map(_enc, {value})"
            case Integer():
                return f"map(_int, {value})"
            case Choice():
                return f"map({self._table(item.enum, 'texts')}.__getitem__, {value})"
            case Nested():
                write = self.bind(f"_text_{item.cls.__name__}", generated(item.cls, "text"))
                return f"map({write}, {value}, _repeat({indent}))"
        return None


# --- the references and anchors of a record, for the checks across records -------------------


def links_collector(cls: type[Any], anchor: type[Any]) -> Callable[[Any, list[Any], list[Any], list[Any]], None]:
    """``f(record, refs, countries, anchors)``: appends every reference of a record (``None``
    included, for a nullable reference that is not set) to ``refs``, or to ``countries`` when
    its spec says a place must be a country, and every nested ``anchor`` value to ``anchors``.

    What :func:`~summitdata._checks.check_records` checks in bulk, without paths: only
    when something is wrong does it walk the records again to say where.

    >>> import summitdata
    >>> refs, countries, anchors = [], [], []
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> links_collector(summitdata.Person, summitdata.Anchor)(tokayev, refs, countries, anchors)
    >>> countries, len(anchors) == len(refs)
    (['place:kazakhstan'], True)
    """
    key = (cls, anchor)
    function = _LINKS.get(key)
    if function is None:
        source = _LinksSource(anchor)
        body = source.statements(cls, "o", 1)
        name = f"links_{cls.__name__}"
        text = "\n".join([f"def {name}(o, R, C, A):", *(body or ["    pass"])]) + "\n"
        function = _LINKS[key] = compile_function(cls, "links", text, name, source.namespace)
    return function


_LINKS: dict[tuple[type[Any], type[Any]], Callable[..., None]] = {}


class _LinksSource:
    def __init__(self, anchor: type[Any]) -> None:
        self.anchor = anchor
        self.namespace: dict[str, Any] = {}

    def statements(self, cls: type[Any], value: str, level: int) -> list[str]:
        lines: list[str] = []
        if cls is self.anchor:
            lines.append(f"{'    ' * level}A.append({value})")
        for name, spec in field_specs(cls):
            lines += self._node(spec.type, f"{value}.{name}", level, nullable=spec.nullable)
        return lines

    def _node(self, node: Spec, value: str, level: int, *, nullable: bool = False) -> list[str]:
        pad = "    " * level
        match node:
            case Ref():
                return [f"{pad}{'C' if node.countries else 'R'}.append({value})"]
            case Many(item=Ref() as item):
                return [f"{pad}{'C' if item.countries else 'R'}.extend({value})"]
            case Many():
                var = f"x{level}"
                inner = self._node(node.item, var, level + 1)
                return [f"{pad}for {var} in {value}:", *inner] if inner else []
            case Nested() if nullable:
                var = f"y{level}"
                inner = self.statements(node.cls, var, level + 1)
                return [f"{pad}{var} = {value}", f"{pad}if {var} is not None:", *inner] if inner else []
            case Nested():
                return self.statements(node.cls, value, level)
        return []


# --- how many keys the JSON of a record gives, for the fast reading of a document -----------


def key_counter(cls: type[Any]) -> Callable[[Any], int]:
    """``f(record) -> int``: the number of keys in the JSON objects of a record (its own and
    those of its nested values), as :func:`~summitdata.dumps` writes it.

    A parser that keeps the last of two equal keys cannot say that a text gave one twice;
    a text that gives every key once gives as many keys as the record built from it has.

    >>> import json, summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> key_counter(summitdata.Person)(tokayev)
    37
    >>> json.dumps(summitdata.to_dict(tokayev)).count('":')
    37
    """
    function = _KEYS.get(cls)
    if function is None:
        namespace = Namespace({})
        specs = field_specs(cls)
        terms = [_key_terms(spec.type, f"o.{name}", namespace, nullable=spec.nullable) for name, spec in specs]
        name = f"keys_{cls.__name__}"
        expression = " + ".join([str(len(terms)), *(term for term in terms if term)])
        text = f"def {name}(o):\n    return {expression}\n"
        function = _KEYS[cls] = compile_function(cls, "keys", text, name, namespace.namespace)
    return function


_KEYS: dict[type[Any], Callable[[Any], int]] = {}


def _fixed_keys(cls: type[Any]) -> int | None:
    """The number of keys of every record of ``cls``, when it does not depend on the record (an
    anchor's 4); ``None`` otherwise.
    """
    specs = field_specs(cls)
    namespace = Namespace({})
    if any(_key_terms(spec.type, "o", namespace, nullable=spec.nullable) for _, spec in specs):
        return None
    return len(specs)


def _key_terms(node: Spec, value: str, namespace: Namespace, *, nullable: bool = False) -> str:
    """The keys that the value of ``value`` (a ``node``) adds, as Python source; ``""`` for none."""
    match node:
        case Notes():  # most records have the one empty notes: no call of a FrozenMap's Python __len__
            return f"(0 if (n := {value}) is {namespace.bind('_NO_NOTES', NO_NOTES)} else len(n))"
        case Nested():
            count = namespace.bind(f"_keys_{node.cls.__name__}", key_counter(node.cls))
            return f"(0 if (v := {value}) is None else {count}(v))" if nullable else f"{count}({value})"
        case Many(item=Nested() as item):
            fixed = _fixed_keys(item.cls)
            if fixed is not None:
                return f"{fixed} * len({value})"
            count = namespace.bind(f"_keys_{item.cls.__name__}", key_counter(item.cls))
            return f"sum(map({count}, {value}))"
        case Many(item=Notes()):
            return f"sum(map(len, {value}))"
    return ""

"""Records decoded from JSON in C by msgspec (the ``fast`` extra), generated from the field specs.

For each record and value class made by :func:`~summitdata.fields.model`, :func:`run_decoder`
makes a *wire class*: a plain class of the record's memory layout whose annotations are
the JSON types of the fields, read from :func:`~summitdata.fields.field_specs` (``str``
for a date, ``dict[str, str]`` for notes, an enum for a choice, the wire class of a nested
value, ``tuple[..., ...]`` for a list). msgspec builds its instances straight from the
JSON text, checking those types in C, and calls its ``__attrs_post_init__``, generated
here: it converts what JSON cannot hold as such (a date, notes), makes the instance a
record of its class (the ``__class__`` assignment of :func:`~summitdata._codegen._builder`)
and runs the record's *typed check* (:func:`~summitdata.fields.typed_check`): its compiled
check less what the types already say (a ``str``, a ``tuple``, an enum member, a nested
record), so that a record built here passes every rule of one built by its ``__init__``.

Every field of a wire class is required, as every key of a record is in a document.
msgspec keeps the last of two equal keys and ignores keys it does not know: the readers
that use these decoders (:mod:`summitdata.serialize`'s ``_decoded_whole``,
``_decoded_kind_lines`` and ``_fast_run``) count the keys of the text against those of the
records (:func:`~summitdata._codegen.key_counter`) and read the text strictly when they
differ. msgspec refuses what else the strict parser refuses (lone surrogate escapes,
control characters, invalid UTF-8, ``NaN``, trailing commas, a float for an integer);
an integer beyond 64 bits fails the record's bounds.

Equal strings are not kept once, as the other readers keep them: msgspec makes a new
``str`` of each value, and interning them here was measured at 10% (references only) to 22%
(every string) of a load's time.

>>> import summitdata
>>> decode = run_decoder(summitdata.Period)
>>> decode(b'[{"start": "2024", "end": null}]')
[Period(start=PartialDate(year=2024, month=None, day=None), end=None)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ._codegen import _HELPERS, _builder, notes_from_dict
from ._compile import Namespace, compile_function
from .fields import (
    Boolean,
    Choice,
    Date,
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

__all__ = ["document_decoder", "run_decoder"]


class _NoWire(Exception):
    """A class, or a class it nests, that has no wire class (no model() layout, or a field kind not handled)."""


_WIRES: dict[type[Any], type[Any]] = {}
#: The decoders made so far, by their key (a class, or the kinds of a document): ``None`` for none.
_DECODERS: dict[Any, Callable[[str | bytes], Any] | None] = {}


def run_decoder(cls: type[Any]) -> Callable[[str | bytes], list[Any]] | None:
    """``f(text) -> list``: the records of ``cls`` in a JSON array, decoded by msgspec and checked
    by their class; ``None`` when msgspec is not installed or ``cls`` has no wire class.

    The function raises on anything at all it cannot build (the caller then reads the
    text strictly to say what is wrong).
    """
    return _decoder(cls, lambda _: list[wire_class(cls)])  # type: ignore[misc]


def document_decoder(kinds: tuple[tuple[type[Any], str], ...]) -> Callable[[str | bytes], Any] | None:
    """``f(text) -> document``: a whole document, decoded by msgspec; ``None`` without msgspec.

    ``kinds`` gives each array of records, as ``(class, name)``, in the document's order.
    The document has the attributes ``schema_version``, ``data_version`` (strings) and one list
    of records per name, all required; any other key is refused. The records are built and
    checked as :func:`run_decoder`'s are; the function raises on anything it cannot build.
    """

    def document(msgspec: Any) -> Any:
        arrays = [(name, list[wire_class(cls)]) for cls, name in kinds]  # type: ignore[misc]
        fields = [("schema_version", str), ("data_version", str), *arrays]
        # an unknown key would also make the keys of the text more than those read: refused early
        return msgspec.defstruct("_WireDocument", fields, forbid_unknown_fields=True, module=__name__)

    return _decoder(kinds, document)


def _decoder(key: Any, decoded_type: Callable[[Any], Any]) -> Callable[[str | bytes], Any] | None:
    """The decoder of ``decoded_type(msgspec)`` (made once for ``key``, then cached), or ``None``
    when msgspec is not installed or a class has no wire class.
    """
    try:
        return _DECODERS[key]
    except KeyError:
        pass
    decode = None
    try:
        import msgspec  # noqa: PLC0415 - on first use: importing summitdata stays fast
    except ImportError:  # pragma: no cover - the "fast" extra installs it
        pass
    else:
        try:
            decode = msgspec.json.Decoder(decoded_type(msgspec)).decode
        except _NoWire:
            decode = None
    _DECODERS[key] = decode
    return decode


def wire_class(cls: type[Any]) -> type[Any]:
    """The wire class of ``cls`` (built once, then cached); :class:`_NoWire` when there is none.

    >>> import summitdata
    >>> wire = wire_class(summitdata.Period)
    >>> wire.__name__, wire.__annotations__
    ('_WirePeriod', {'start': str | None, 'end': str | None})
    """
    wire = _WIRES.get(cls)
    if wire is not None:
        return wire
    builder = _builder(cls)
    if builder is None or not hasattr(cls, "__attrs_post_init__"):
        raise _NoWire(cls.__name__)
    fields = {field.name: field for field in attrs.fields(cls)}
    if any(field.validator is not None for field in fields.values()):
        raise _NoWire(cls.__name__)
    namespace = Namespace({**_HELPERS, "_cls": cls})
    annotations: dict[str, Any] = {}
    name = f"wire_post_init_{cls.__name__}"
    body = [f"def {name}(o):"]
    for field, spec in field_specs(cls):
        annotations[field] = _json_type(spec.type)
        if spec.nullable:
            annotations[field] = annotations[field] | None
        converted = _conversion(spec.type, f"o.{field}")
        if converted is not None:
            if spec.nullable:
                body.append(f"    if (v := o.{field}) is not None:")
                body.append(f"        o.{field} = {_conversion(spec.type, 'v')}")
            else:
                body.append(f"    o.{field} = {converted}")
        elif fields[field].converter is not None:
            convert = namespace.bind(f"_convert_{field}", fields[field].converter)
            body.append(f"    o.{field} = {convert}(o.{field})")
    body += ["    o.__class__ = _cls", *typed_check(cls, namespace.namespace, "o")]
    post_init = compile_function(cls, "wire", "\n".join(body) + "\n", name, namespace.namespace)
    wire = type(
        f"_Wire{cls.__name__}",
        (),
        {
            "__slots__": builder.__slots__,
            "__module__": __name__,
            "__annotations__": annotations,
            # every key required, as in a document (msgspec would fill in the default of a missing one)
            "__attrs_attrs__": tuple(field.evolve(default=attrs.NOTHING) for field in attrs.fields(cls)),
            "__attrs_post_init__": post_init,
        },
    )
    _WIRES[cls] = wire
    return wire


def _json_type(node: Spec) -> Any:
    """The type msgspec decodes the JSON of a ``node`` to."""
    match node:
        case Text() | Id() | Ref() | Date():
            return str
        case Integer():
            return int
        case Number():
            return int | float
        case Boolean():
            return bool
        case Choice():
            return node.enum
        case Nested():
            return wire_class(node.cls)
        case Notes():
            return dict[str, str]
        case Many():
            return tuple[_json_type(node.item), ...]  # type: ignore[misc]
    raise _NoWire(repr(node))  # pragma: no cover - every kind of field is handled


def _conversion(node: Spec, value: str) -> str | None:
    """Python source that makes the record's value of ``value`` (a ``node`` as msgspec decoded it);
    ``None`` when msgspec's value is the record's.
    """
    match node:
        case Date():
            return f"_date({value})"
        case Notes():  # what the notes' converter makes of a dict: the shared empty notes when empty
            return notes_from_dict(value)
        case Many(item=Date() | Notes()):
            raise _NoWire(repr(node))  # no field is a list of dates or of notes
    return None

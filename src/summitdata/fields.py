"""The field model: each rule of a record field, stated once, as data.

A record class declares each field with one of the helpers below (:func:`text`,
:func:`ref`, :func:`many`, ...). The helper attaches a :class:`FieldSpec` to the attrs
field's metadata; the spec says what the field may hold (a small tree of constraint
nodes: :class:`Text`, :class:`Integer`, :class:`Number`, :class:`Boolean`,
:class:`Date`, :class:`Choice`, :class:`Id`, :class:`Ref`, :class:`Nested`,
:class:`Many`, :class:`Notes`), whether it may be ``None``, and what it means.

Everything else reads the specs rather than restating them: the attrs validator of
every field (:func:`problems_of_value`), the loader's collect-every-problem checks, the
cross-record reference checks, the JSON Schema, the CSV Table Schema, the format
reference in the docs, and the presenters. Adding a field is one line in one class.

>>> import summitdata
>>> spec = field_spec(summitdata.Claim, "speakers")
>>> spec.type
Many(item=Ref(kinds=('person', 'organization', 'place'), countries=True), min_items=1, unique=True)
>>> [path for path, _ in problems_of_value(spec, ("place:nowhere", 3), "speakers")]
['speakers[1]']
"""

from __future__ import annotations

import enum
import math
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

import attrs

from ._compile import Namespace, compile_function
from .dates import PartialDate
from .errors import Problem, ValidationError

__all__ = [
    "ACTOR_KINDS",
    "Boolean",
    "Choice",
    "Date",
    "FORMAT_VERSIONS",
    "FieldSpec",
    "FrozenMap",
    "Id",
    "Integer",
    "Many",
    "Nested",
    "Notes",
    "Number",
    "Ref",
    "Rule",
    "Spec",
    "Text",
    "boolean",
    "choice",
    "date",
    "evidence",
    "field_spec",
    "field_specs",
    "id_field",
    "inferred",
    "integer",
    "many",
    "model",
    "nested",
    "note_key_pattern",
    "note_key_problems",
    "number",
    "problems_of_value",
    "ref",
    "refs",
    "rules_of",
    "text",
]

#: The id prefixes of the records that can act, speak or take part: a person, an
#: organization, or a country (a place of kind ``country``).
ACTOR_KINDS = ("person", "organization", "place")

#: The lower-case slug after the colon of every id.
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = re.compile(rf"([a-z]+):({SLUG})")

#: Every version of the JSON format, oldest first, with what it changed (the changelog of
#: the format; the docs' format reference prints it). A minor version only adds fields, each
#: with a default, so a document of an earlier minor version reads as the latest one.
FORMAT_VERSIONS: Mapping[str, str] = MappingProxyType(
    {
        "1.0": "The first version: sources, people, organizations, places, summits, speeches, claims, initiatives.",
        "1.1": "Claim.about (the records a claim talks about); Summit kinds chairmanship and anniversary (events "
        "that are not meetings); Quantity.measure (what a figure measures); Organization.parent; identifiers "
        "(Identifier: scheme and identifier, as in Popolo) on people, organizations and places; "
        "Person.ambiguous_aliases (an alias shared with another person).",
    }
)

#: The key of a field's :class:`FieldSpec` in its attrs metadata.
SPEC_KEY = "summitdata"

T = TypeVar("T")

#: The largest magnitude a number may have (exclusive): every such integer is exact in a
#: JSON double, and nothing the articles say comes near it.
NUMBER_LIMIT = 10**18
#: The lowest and highest integer of the format: 64 bits, signed, what the JSON format reads
#: and Parquet stores.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


# --- constraint nodes ----------------------------------------------------------------


@attrs.frozen
class Text:
    """A string: by default non-empty with no surrounding white space.

    ``trimmed=False`` admits any string (an article's text, an anchor's characters);
    ``pattern`` is a regular expression the whole string must match.

    >>> Text(pattern="[A-Z]{3}").pattern
    '[A-Z]{3}'
    """

    pattern: str | None = None
    trimmed: bool = True


@attrs.frozen
class Integer:
    """An ``int`` (never a ``bool`` or a float) of 64 bits (``-2**63`` to ``2**63 - 1``), within
    ``minimum``/``maximum`` when given.

    >>> Integer(minimum=0)
    Integer(minimum=0, maximum=None)
    >>> Integer(minimum=0).bounds == (0, 2**63 - 1)
    True
    """

    minimum: int | None = None
    maximum: int | None = None

    @property
    def bounds(self) -> tuple[int, int]:
        """The lowest and the highest value allowed: ``minimum`` and ``maximum`` within 64 bits.

        A larger integer could be written but not read back, nor stored in Parquet.
        """
        low = INT64_MIN if self.minimum is None else max(self.minimum, INT64_MIN)
        high = INT64_MAX if self.maximum is None else min(self.maximum, INT64_MAX)
        return low, high


@attrs.frozen
class Number:
    """An ``int`` or a finite ``float`` whose magnitude is below :data:`NUMBER_LIMIT`.

    >>> Number().limit == 10**18
    True
    """

    limit: int = NUMBER_LIMIT


@attrs.frozen
class Boolean:
    """``True`` or ``False``.

    >>> Boolean()
    Boolean()
    """


@attrs.frozen
class Date:
    """A :class:`~summitdata.PartialDate` (``"2025"``, ``"2025-10"``, ``"2025-10-10"`` in JSON).

    >>> Date()
    Date()
    """


@attrs.frozen
class Choice:
    """A member of a closed vocabulary, an :class:`enum.Enum` whose values are the JSON strings.

    >>> import summitdata
    >>> Choice(summitdata.PlaceKind).values()
    ('country', 'city', 'sea', 'region')
    """

    enum: type[enum.Enum]

    def values(self) -> tuple[str, ...]:
        """The JSON strings of the members, in declaration order.

        >>> import summitdata
        >>> Choice(summitdata.SummitStatus).values()
        ('held', 'planned', 'proposed')
        """
        return tuple(member.value for member in self.enum)


@attrs.frozen
class Id:
    """The record's own id: ``kind:slug``.

    >>> Id("claim").kind
    'claim'
    """

    kind: str


@attrs.frozen
class Ref:
    """The id of another record, of one of ``kinds``.

    ``countries=True`` adds the rule that a place it refers to must be a country (a
    person's role is *of* Kazakhstan, never *of* Almaty). The id's form is checked on
    the record; that the target exists and fits is checked across records.

    >>> Ref(("organization", "place"), countries=True).describe()
    'an organization or a country'
    """

    kinds: tuple[str, ...]
    countries: bool = False

    def describe(self) -> str:
        """The kinds in words, as messages and docs use them.

        >>> Ref(("person",)).describe()
        'a person'
        """
        words = ["a country" if kind == "place" and self.countries else _article(kind) for kind in self.kinds]
        return " or ".join(words)


@attrs.frozen
class Nested:
    """A value of a record-like attrs class (an anchor, a quantity, a role, a period).

    >>> import summitdata
    >>> Nested(summitdata.Anchor).cls.__name__
    'Anchor'
    """

    cls: type[Any]


@attrs.frozen
class Many:
    """A tuple of items, each checked by ``item``; at least ``min_items``; distinct when ``unique``.

    >>> Many(Text(), unique=True).min_items
    0
    """

    item: Spec
    min_items: int = 0
    unique: bool = False


@attrs.frozen
class Notes:
    """The inference notes of a record: field path -> the reason it was inferred.

    Each key is a path into another field of the record (``date``, ``roles[0].as_of``);
    each reason is non-empty text. A :class:`FrozenMap` in Python, an object in JSON.
    The key rule needs the record's class: :func:`note_key_pattern` states it.

    >>> Notes()
    Notes()
    """


#: A constraint node.
Spec: TypeAlias = Text | Integer | Number | Boolean | Date | Choice | Id | Ref | Nested | Many | Notes


@attrs.frozen
class FieldSpec:
    """Everything the model says about one field: its constraint, whether it may be null, its meaning.

    >>> import summitdata
    >>> spec = field_spec(summitdata.Summit, "parent")
    >>> spec.type, spec.nullable, spec.since
    (Ref(kinds=('summit',), countries=False), True, '1.0')
    """

    type: Spec
    nullable: bool
    doc: str
    #: The format version that added the field (``"1.0"`` for the first ones): a document of
    #: an earlier minor version is read with the field's default (see :data:`FORMAT_VERSIONS`).
    since: str = "1.0"


def _article(word: str) -> str:
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


# --- the inference notes' mapping ------------------------------------------------------


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

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def _freeze_map(value: object) -> object:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value) if value else NO_NOTES
    return value


# --- checking a value against its spec ------------------------------------------------------


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: Id strings already found well-formed, per tuple of kinds: the same ids are referred to
#: again and again (speakers, sources), and bulk loads check hundreds of thousands.
_GOOD_REFS: dict[tuple[str, ...], set[str]] = {}
_GOOD_REFS_LIMIT = 100_000


def _check(spec: Spec, value: Any, path: str, out: list[tuple[str, str]]) -> None:
    """Append ``(path, message)`` for every way ``value`` breaks ``spec`` (nothing when it fits)."""
    match spec:
        case Text():
            if type(value) is not str:
                out.append((path, f"must be a str, not {_type_name(value)}"))
            elif spec.trimmed and (not value or value != value.strip()):
                out.append((path, f"must be non-empty text without surrounding spaces: {_show(value)}"))
            elif spec.pattern is not None and re.fullmatch(spec.pattern, value) is None:
                out.append((path, f"{_show(value)} does not match {spec.pattern}"))
        case Ref():
            if type(value) is not str:
                out.append((path, f"must be an id string, not {_type_name(value)}"))
            elif not _ref_fits(value, spec.kinds, _GOOD_REFS.setdefault(spec.kinds, set())):
                match = ID_PATTERN.fullmatch(value)
                if match is None:
                    out.append((path, f"{_show(value)} is not a record id"))
                else:
                    kinds = " or ".join(_article(kind) for kind in spec.kinds)
                    out.append((path, f"{_show(value)} must refer to {kinds}"))
        case Many():
            if type(value) is not tuple:
                out.append((path, f"must be a tuple, not {_type_name(value)}"))
                return
            if len(value) < spec.min_items:
                out.append((path, "must not be empty" if spec.min_items == 1 else f"needs {spec.min_items} items"))
            reported = len(out)
            for index, item in enumerate(value):
                _check(spec.item, item, f"{path}[{index}]", out)
            if spec.unique and len(value) > 1:
                try:
                    distinct = len(set(value)) == len(value)
                except TypeError:
                    if len(out) > reported:
                        return  # an unhashable item, reported above
                    distinct = _distinct(value)  # items that fit but are unhashable: pair by pair
                if not distinct:
                    out.append((path, "lists the same value twice"))
        case Choice():
            if not isinstance(value, spec.enum):
                out.append((path, f"must be {_article(spec.enum.__name__)}, not {_type_name(value)}"))
        case Integer():
            if type(value) is not int:
                out.append((path, f"must be an int, not {_type_name(value)}"))
            elif value < (low := spec.bounds[0]):
                out.append((path, f"must be at least {low}, not {value}"))
            elif value > (high := spec.bounds[1]):
                out.append((path, f"must be at most {high}, not {value}"))
        case Number():
            if type(value) is not int and type(value) is not float:
                out.append((path, f"must be a number, not {_type_name(value)}"))
            elif type(value) is float and not math.isfinite(value):
                out.append((path, f"must be finite, not {value!r}"))
            elif not -spec.limit < value < spec.limit:
                out.append((path, f"{_show(value)} is out of range (magnitude below 1e18)"))
        case Boolean():
            if type(value) is not bool:
                out.append((path, f"must be a bool, not {_type_name(value)}"))
        case Date():
            if not isinstance(value, PartialDate):
                out.append((path, f"must be a PartialDate, not {_type_name(value)}"))
        case Nested():
            if not isinstance(value, spec.cls):
                out.append((path, f"must be {_article(spec.cls.__name__)}, not {_type_name(value)}"))
        case Id():
            if type(value) is not str:
                out.append((path, f"must be a str, not {_type_name(value)}"))
            else:
                match = ID_PATTERN.fullmatch(value)
                if match is None or match.group(1) != spec.kind:
                    out.append((path, f"{_show(value)} is not '{spec.kind}:' followed by a lower-case slug"))
        case Notes():
            if not isinstance(value, FrozenMap):
                out.append((path, f"must be a mapping of field to reason, not {_type_name(value)}"))
                return
            for key, reason in value.items():
                if type(key) is not str or not key:
                    out.append((path, f"key {_show(key)} must be a non-empty field name"))
                elif type(reason) is not str or not reason or reason != reason.strip():
                    out.append((f"{path}.{key}", "the reason must be non-empty text without surrounding spaces"))


def problems_of_value(spec: FieldSpec, value: Any, path: str, owner: type[Any] | None = None) -> list[tuple[str, str]]:
    """Every ``(field path, message)`` of ``value`` against ``spec``; ``[]`` when it fits.

    ``owner``, the class of the record the field belongs to, adds the rule that needs it:
    the keys of :class:`Notes` name fields of ``owner`` (:func:`note_key_problems`).

    >>> import summitdata
    >>> problems_of_value(field_spec(summitdata.Anchor, "start"), -1, "start")
    [('start', 'must be at least 0, not -1')]
    """
    out: list[tuple[str, str]] = []
    if value is None and spec.nullable:
        return out
    _check(spec.type, value, path, out)
    if owner is not None and type(spec.type) is Notes:
        out.extend(note_key_problems(owner, value, path))
    return out


def note_key_pattern(owner: type[Any]) -> str:
    """The rule of the keys of an ``owner``'s :class:`Notes`, as a regular expression (Python and JSON Schema alike).

    A key is a path into one of the record's fields other than its notes: the field's
    name, alone or followed by ``.`` or ``[`` and the rest of the path. The constructor,
    the loader (:func:`note_key_problems`) and the JSON Schema all read it here.

    >>> import summitdata
    >>> print(note_key_pattern(summitdata.Period))
    ^(?:end|start)(?:[.\\[]|$(?!\\n))
    """
    return _note_key_rule(owner).pattern


def note_key_problems(owner: type[Any], notes: Any, path: str) -> list[tuple[str, str]]:
    """``(path, message)`` of every key of ``notes`` (the :class:`Notes` at ``path`` of an ``owner``)
    that breaks :func:`note_key_pattern`: ``[]`` when every key names a field of ``owner``.

    >>> import summitdata
    >>> note_key_problems(summitdata.Person, {"roles[0].as_of": "", "colour": ""}, "inferred")
    [('inferred.colour', "'colour' is not a field of Person")]
    """
    if not isinstance(notes, Mapping):
        return []  # the Notes spec reports it
    rule = _note_key_rule(owner)
    return [
        (f"{path}.{key}", f"{key!r} is not a field of {owner.__name__}")
        for key in notes
        # A key that is not a non-empty string is the Notes spec's problem.
        if type(key) is str and key and rule.match(key) is None
    ]


def _note_key_rule(owner: type[Any]) -> re.Pattern[str]:
    rule = _NOTE_KEY_RULES.get(owner)
    if rule is None:
        names = sorted(name for name, spec in field_specs(owner) if type(spec.type) is not Notes)
        alternatives = "|".join(re.escape(name) for name in names)
        rule = _NOTE_KEY_RULES[owner] = re.compile(f"^(?:{alternatives})(?:[.\\[]|$(?!\\n))")
    return rule


_NOTE_KEY_RULES: dict[type[Any], re.Pattern[str]] = {}


def given_id(data: object) -> str | None:
    """The ``id`` a record's plain data gives, when it can name the record in a message: a
    string with something other than white space in it; else ``None``.

    >>> given_id({"id": "claim:x"}), given_id({"id": " "}), given_id({"id": 3}), given_id([])
    ('claim:x', None, None, None)
    """
    record_id = data.get("id") if type(data) is dict else None
    return record_id if type(record_id) is str and not record_id.isspace() and record_id else None


def record_name(instance: object) -> str:
    """How a message names a record: its id when it has a well-formed one, else its class."""
    record_id = getattr(instance, "id", None)
    if type(record_id) is str and ID_PATTERN.fullmatch(record_id):
        return record_id
    return type(instance).__name__


def _validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The attrs validator of every declared field: the field's spec (and, for notes, their keys
    against the record's fields), checked.
    """
    out = problems_of_value(attribute.metadata[SPEC_KEY], value, attribute.name, type(instance))
    if out:
        # The id is checked first (attrs runs validators in field order); a bad id names the class.
        name = type(instance).__name__ if attribute.name == "id" else record_name(instance)
        raise ValidationError([Problem(record=name, field=path, message=message) for path, message in out])


# --- reading the specs -----------------------------------------------------------------------


def field_specs(cls: type[Any]) -> tuple[tuple[str, FieldSpec], ...]:
    """``(name, spec)`` of every field of a record or value class, in field order.

    >>> import summitdata
    >>> [name for name, _ in field_specs(summitdata.Anchor)]
    ['source', 'start', 'end', 'text']
    """
    cached: tuple[tuple[str, FieldSpec], ...] | None = _SPECS.get(cls)
    if cached is None:
        specs = []
        for field in attrs.fields(cls):
            spec = field.metadata.get(SPEC_KEY)
            if not isinstance(spec, FieldSpec):
                raise TypeError(f"{cls.__name__}.{field.name} is not declared with a summitdata field helper")
            specs.append((field.name, spec))
        cached = _SPECS[cls] = tuple(specs)
    return cached


_SPECS: dict[type[Any], tuple[tuple[str, FieldSpec], ...]] = {}


def field_spec(cls: type[Any], name: str) -> FieldSpec:
    """The :class:`FieldSpec` of one field.

    >>> import summitdata
    >>> field_spec(summitdata.Claim, "direct").type
    Boolean()
    """
    for field_name, spec in field_specs(cls):
        if field_name == name:
            return spec
    raise KeyError(f"{cls.__name__} has no field {name!r}")


# --- field helpers: one per kind of field --------------------------------------------------
#
# ``default`` is given at the field, so that readers and type checkers see which fields are
# optional; ``default=None`` also makes the field nullable.

NOTHING: Any = attrs.NOTHING
#: The default of ``inferred``: no notes (immutable, so one instance serves every record).
NO_NOTES = FrozenMap()


def _field(spec: Spec, doc: str, default: Any, since: str = "1.0", **kwargs: Any) -> Any:
    if since not in FORMAT_VERSIONS:
        raise ValueError(f"since must be one of {tuple(FORMAT_VERSIONS)}, not {since!r}")
    if since != "1.0" and default is NOTHING:
        raise ValueError("a field added after 1.0 needs a default: documents of earlier versions do not give it")
    return attrs.field(
        default=default,
        validator=_validate,
        metadata={SPEC_KEY: FieldSpec(type=spec, nullable=default is None, doc=doc, since=since)},
        **kwargs,
    )


def text(
    doc: str,
    *,
    default: Any = NOTHING,
    trimmed: bool = True,
    pattern: str | None = None,
    repr: bool = True,
    since: str = "1.0",
) -> Any:
    """A text field (non-empty, no surrounding spaces, unless ``trimmed=False``).

    >>> @attrs.frozen(kw_only=True)
    ... class Note:
    ...     body: str = text("What the note says.")
    >>> Note(body=" x")
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Note: body: must be non-empty text without surrounding spaces: ' x'
    """
    return _field(Text(pattern=pattern, trimmed=trimmed), doc, default, since, repr=repr)


def integer(
    doc: str, *, default: Any = NOTHING, minimum: int | None = None, maximum: int | None = None, since: str = "1.0"
) -> Any:
    """An integer field, within bounds when given.

    >>> @attrs.frozen(kw_only=True)
    ... class Span:
    ...     start: int = integer("First offset.", minimum=0)
    >>> Span(start=-1)
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Span: start: must be at least 0, not -1
    """
    return _field(Integer(minimum=minimum, maximum=maximum), doc, default, since)


def number(doc: str, *, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A finite number field (``int`` or ``float``), magnitude below 1e18.

    >>> @attrs.frozen(kw_only=True)
    ... class Figure:
    ...     value: float = number("The value.")
    >>> Figure(value=float("nan"))
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Figure: value: must be finite, not nan
    """
    return _field(Number(), doc, default, since)


def boolean(doc: str, *, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A ``bool`` field (``1`` and ``"true"`` are refused).

    >>> @attrs.frozen(kw_only=True)
    ... class Flag:
    ...     on: bool = boolean("Whether it is on.")
    >>> Flag(on=1)
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Flag: on: must be a bool, not int
    """
    return _field(Boolean(), doc, default, since)


def date(doc: str, *, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A partial date field; ``default=None`` when it may be unknown.

    >>> @attrs.frozen(kw_only=True)
    ... class Event:
    ...     start: PartialDate | None = date("First day.", default=None)
    >>> Event().start is None
    True
    """
    return _field(Date(), doc, default, since)


def choice(enum_cls: type[enum.Enum], doc: str, *, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A field holding a member of ``enum_cls``.

    >>> import summitdata
    >>> @attrs.frozen(kw_only=True)
    ... class Spot:
    ...     kind: summitdata.PlaceKind = choice(summitdata.PlaceKind, "What kind of place.")
    >>> Spot(kind="city")
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Spot: kind: must be a PlaceKind, not str
    """
    return _field(Choice(enum_cls), doc, default, since)


def id_field(kind: str) -> Any:
    """The record's own ``id`` field: ``kind:slug``, unique across all kinds and never reused.

    >>> @attrs.frozen(kw_only=True)
    ... class Thing:
    ...     id: str = id_field("thing")
    >>> Thing(id="thing:one").id
    'thing:one'
    """
    doc = "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
    return _field(Id(kind), doc, NOTHING)


def ref(*kinds: str, doc: str, countries: bool = False, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A reference to one record of one of ``kinds``; ``countries=True``: places must be countries.

    >>> @attrs.frozen(kw_only=True)
    ... class Visit:
    ...     host: str | None = ref("person", "place", doc="Who hosts.", countries=True, default=None)
    >>> Visit(host="summit:x")
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Visit: host: 'summit:x' must refer to a person or a place
    """
    return _field(Ref(kinds, countries), doc, default, since)


def refs(
    *kinds: str,
    doc: str,
    countries: bool = False,
    min_items: int = 0,
    default: Any = NOTHING,
    since: str = "1.0",
) -> Any:
    """A tuple of distinct references to records of ``kinds``.

    >>> @attrs.frozen(kw_only=True)
    ... class Meeting:
    ...     people: tuple[str, ...] = refs("person", doc="Who met.", default=())
    >>> Meeting(people=("person:a", "person:a"))
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Meeting: people: lists the same value twice
    """
    return _field(Many(Ref(kinds, countries), min_items=min_items, unique=True), doc, default, since)


def nested(cls: type[Any], doc: str, *, default: Any = NOTHING, since: str = "1.0") -> Any:
    """A field holding one value of a record-like class (a role, a period).

    >>> from summitdata import Anchor
    >>> @attrs.frozen(kw_only=True)
    ... class Mention:
    ...     where: Anchor = nested(Anchor, "Where it is mentioned.")
    >>> Mention(where=Anchor(source="source:a", start=0, end=4, text="Here")).where.end
    4
    >>> problems_of_value(field_spec(Mention, "where"), "here", "where")
    [('where', 'must be an Anchor, not str')]
    """
    return _field(Nested(cls), doc, default, since)


def many(
    item: Spec | type[Any],
    doc: str,
    *,
    min_items: int = 0,
    unique: bool = False,
    default: Any = NOTHING,
    since: str = "1.0",
) -> Any:
    """A tuple field; ``item`` is a constraint node or a record-like class (for :class:`Nested`).

    >>> @attrs.frozen(kw_only=True)
    ... class Tags:
    ...     names: tuple[str, ...] = many(Text(), "The tags.", unique=True, default=())
    >>> Tags(names=["a"])
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Tags: names: must be a tuple, not list
    """
    node = item if not isinstance(item, type) else Nested(item)
    return _field(Many(node, min_items=min_items, unique=unique), doc, default, since)


def evidence(anchor: type[Any], doc: str = "Anchors into the articles that support the record (at least one).") -> Any:
    """The ``evidence`` field: at least one anchor (``anchor`` is :class:`~summitdata.Anchor`).

    >>> import summitdata
    >>> field_spec(summitdata.Claim, "evidence").type
    Many(item=Nested(cls=<class 'summitdata.records.Anchor'>), min_items=1, unique=False)
    """
    return _field(Many(Nested(anchor), min_items=1), doc, NOTHING)


def inferred(
    doc: str = "Field path -> reason, for every value inferred rather than read in the article ({} when none).",
    *,
    default: Any = NOTHING,
) -> Any:
    """The ``inferred`` field: field path -> the reason the value is inferred (``default=NO_NOTES``).

    >>> import summitdata
    >>> field_spec(summitdata.Summit, "inferred").type
    Notes()
    """
    return attrs.field(
        default=default,
        converter=_freeze_map,
        validator=_validate,
        metadata={SPEC_KEY: FieldSpec(type=Notes(), nullable=False, doc=doc)},
    )


# --- rules across the fields of one record -----------------------------------------------


@attrs.frozen
class Rule:
    """A rule that ties fields of one record together, checked once every field fits its spec.

    ``check`` returns the message of the broken rule, or ``None``; the problem is
    reported on ``field``. ``doc`` states the rule for the docs.

    >>> rule = Rule(field="end", doc="end is after start", check=lambda r: None)
    >>> rule.field
    'end'
    """

    field: str
    doc: str
    check: Callable[[Any], str | None] = attrs.field(repr=False)


RULES_KEY = "__summitdata_rules__"


@typing.dataclass_transform(
    frozen_default=True,
    kw_only_default=True,
    field_specifiers=(
        attrs.field,
        text,
        integer,
        number,
        boolean,
        date,
        choice,
        id_field,
        ref,
        refs,
        nested,
        many,
        evidence,
        inferred,
    ),
)
def model(*rules: Rule) -> Callable[[type[T]], type[T]]:
    """Make an immutable, slotted, keyword-only attrs class whose fields are declared with the helpers.

    ``rules`` tie fields together; they run after every field has passed its own spec.

    >>> @model(Rule(field="high", doc="high >= low", check=lambda r: None if r.high >= r.low else "below low"))
    ... class Range:
    ...     low: int = integer("Lower end.")
    ...     high: int = integer("Upper end.")
    >>> Range(low=2, high=1)
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Range: high: below low
    """

    def wrap(cls: type[T]) -> type[T]:
        setattr(cls, "__attrs_post_init__", _first_post_init)  # noqa: B010 - attrs reads it from the class
        setattr(cls, RULES_KEY, rules)
        return attrs.frozen(kw_only=True, weakref_slot=False, field_transformer=_checked_once)(cls)

    return wrap


def rules_of(cls: type[Any]) -> tuple[Rule, ...]:
    """The :class:`Rule` objects of a class made by :func:`model`.

    >>> import summitdata
    >>> [rule.field for rule in rules_of(summitdata.Summit)]
    ['end', 'parent']
    """
    found: tuple[Rule, ...] = getattr(cls, RULES_KEY, ())
    return found


def broken_rules(record: Any) -> list[tuple[str, str]]:
    """``(field, message)`` of every rule of ``record``'s class that it breaks.

    >>> import summitdata
    >>> broken_rules(summitdata.load().summits[0])
    []
    """
    out = []
    for rule in rules_of(type(record)):
        message = rule.check(record)
        if message is not None:
            out.append((rule.field, message))
    return out


def _check_rules(self: Any) -> None:
    broken = broken_rules(self)
    if broken:
        name = record_name(self)
        raise ValidationError([Problem(record=name, field=field, message=message) for field, message in broken])


# --- checking a record at construction: the specs compiled into one function per class ---------
#
# attrs would call one validator per field, each walking its spec; a bulk load builds
# hundreds of thousands of records. So :func:`model` gives each class one
# ``__attrs_post_init__``, generated from its specs on first use: one boolean expression
# per field, the same rules as :func:`_check` (a test holds both to the same verdict on
# every spec), and only when it says no does :func:`_check` run, field by field in order,
# to raise exactly what per-field validators would: the first broken field's problems.
# msgspec's wire classes (summitdata._wire) and the structure functions (summitdata._codegen,
# which refuse any scalar not of its type) run a typed variant of the same expressions: the
# values have their types already, so only the rules on the values are left (tests hold it to
# the same verdict on every broken value of the right type).


def _checked_once(_: type[Any], fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """The fields without their one-field validators: the class's compiled check does their work."""
    return [f.evolve(validator=None) if f.validator is _validate else f for f in fields]


def _first_post_init(self: Any) -> None:
    """Compile the class's check, put it in place of this function, and run it."""
    cls = type(self)
    post_init = _compile_post_init(cls)
    type.__setattr__(cls, "__attrs_post_init__", post_init)
    post_init(self)


def _report(self: Any) -> None:
    """Raise the problems of the first field of ``self`` that breaks its spec."""
    for field in attrs.fields(type(self)):
        spec = field.metadata.get(SPEC_KEY)
        if isinstance(spec, FieldSpec):
            _validate(self, field, getattr(self, field.name))
    raise RuntimeError(  # pragma: no cover - the compiled check and _check disagree: a bug
        f"{type(self).__name__}: the compiled check refused a value that the field specs accept"
    )


def _fits(spec: Spec, value: Any) -> bool:
    out: list[tuple[str, str]] = []
    _check(spec, value, "", out)
    return not out


def _ref_fits(value: str, kinds: tuple[str, ...], good: set[str]) -> bool:
    """Whether the string ``value`` is the id of a record of one of ``kinds``; ``good`` holds
    (up to a bound) the ids already found so, which are not matched again.
    """
    if value in good:
        return True
    match = ID_PATTERN.fullmatch(value)
    if match is None or match.group(1) not in kinds:
        return False
    if len(good) < _GOOD_REFS_LIMIT:
        good.add(value)
    return True


def _known(good: set[str], value: tuple[Any, ...]) -> bool:
    """Whether every item of ``value`` is a ``str`` among the ``good`` ids (``False`` for an unhashable item)."""
    try:
        return good.issuperset(value) and set(map(type, value)) == _JUST_STR
    except TypeError:
        return False


_JUST_STR = {str}


def _distinct(value: tuple[Any, ...]) -> bool:
    """Whether no two items of ``value`` are equal (compared pair by pair when one is unhashable)."""
    try:
        return len(set(value)) == len(value)
    except TypeError:
        return not any(item == earlier for index, item in enumerate(value) for earlier in value[:index])


_SLUG_AT = re.compile(SLUG).fullmatch


class _CheckSource(Namespace):
    """The source of one class's compiled check, and the names it uses.

    A *typed* check is for values of their types already, as msgspec builds them (see
    :mod:`summitdata._wire`): it leaves out what the types say (a ``str``, a ``tuple``, an
    enum member, a nested record) and keeps every rule on the values themselves. With
    ``typed_items=False`` the items of lists are checked whole, types included (the structure
    functions check the type of each scalar, not of each item).
    ``names`` is the namespace of a function the check is written into (a new one by default).
    """

    def __init__(
        self, cls: type[Any], *, typed: bool = False, typed_items: bool = True, names: dict[str, Any] | None = None
    ) -> None:
        super().__init__({} if names is None else names)
        helpers = {
            "_report": _report,
            "_check_rules": _check_rules,
            "_ref_fits": _ref_fits,
            "_known": _known,
            "_distinct": _distinct,
            "_slug_at": _SLUG_AT,
            "_PartialDate": PartialDate,
            "_FrozenMap": FrozenMap,
            "_NO_NOTES": NO_NOTES,
        }
        for name, value in helpers.items():
            if self.bind(name, value) != name:  # pragma: no cover - a caller's name taken: a bug
                raise RuntimeError(f"{cls.__name__}: the name {name} is taken in the check's namespace")
        self.cls = cls
        self.typed = typed
        self.typed_items = typed_items

    def fits(self, node: Spec, v: str, level: int, typed: bool | None = None) -> str:
        """A Python expression, true when the value of the expression ``v`` fits ``node``;
        ``True`` when a typed check has nothing to check (a choice, say).
        """
        typed = self.typed if typed is None else typed
        match node:
            case Text():
                parts = [] if typed else [f"type({v}) is str"]
                if node.trimmed:
                    parts.append(f"{v} != '' and not {v}[0].isspace() and not {v}[-1].isspace()")
                if node.pattern is not None:
                    parts.append(f"{self.bind('_pattern', re.compile(node.pattern).fullmatch)}({v}) is not None")
                return _all(parts)
            case Ref():
                good = self.bind("_good", _GOOD_REFS.setdefault(node.kinds, set()))
                kinds = self.bind("_kinds", node.kinds)
                fits = f"({v} in {good} or _ref_fits({v}, {kinds}, {good}))"
                return _all([] if typed else [f"type({v}) is str"], fits)
            case Id():
                prefix = node.kind + ":"
                well_formed = f"{v}.startswith({prefix!r}) and _slug_at({v}, {len(prefix)}) is not None"
                return _all([] if typed else [f"type({v}) is str"], well_formed)
            case Choice():
                return "True" if typed else f"(type({v}) is {self.bind('_' + node.enum.__name__, node.enum)})"
            case Boolean():
                return "True" if typed else f"(type({v}) is bool)"
            case Integer():
                low, high = node.bounds
                return _all([] if typed else [f"type({v}) is int"], f"{low!r} <= {v} <= {high!r}")
            case Date():
                return "True" if typed else f"isinstance({v}, _PartialDate)"
            case Nested():
                return "True" if typed else f"isinstance({v}, {self.bind('_' + node.cls.__name__, node.cls)})"
            case Many():
                return self._fits_many(node, v, level, typed)
            case Notes():
                owner = self.cls
                fits = self.bind(
                    "_fits_notes",
                    lambda value, node=node: _fits(node, value) and not note_key_problems(owner, value, ""),
                )
                # most records have the one empty notes: no call of a FrozenMap's Python __len__
                fitting = _all([] if typed else [f"isinstance({v}, _FrozenMap)"], f"(not {v} or {fits}({v}))")
                return f"({v} is _NO_NOTES or {fitting})"
            case Number():  # NaN compares false: refused with the infinities
                parts = [] if typed else [f"(type({v}) is int or type({v}) is float)"]
                return _all(parts, f"{-node.limit!r} < {v} < {node.limit!r}")
        raise TypeError(f"{self.cls.__name__}: no check for {node!r}")  # pragma: no cover - every kind is handled

    def _fits_many(self, node: Many, v: str, level: int, typed: bool) -> str:
        item = f"x{level}"
        parts = [] if typed else [f"type({v}) is tuple"]
        typed = typed and self.typed_items
        if node.min_items:  # one item: a comparison, not a call of len()
            parts.append(f"{v} != ()" if node.min_items == 1 else f"len({v}) >= {node.min_items}")
        each = self.fits(node.item, item, level + 1, typed)
        if each != "True":
            each = f"all([{each} for {item} in {v}])"
            match node.item:
                case Nested(cls=kind) | Choice(enum=kind):  # isinstance over the items, in C
                    each = f"all(map({self.bind('_is_' + kind.__name__, kind.__instancecheck__)}, {v}))"
                case Ref(kinds=item_kinds):  # ids already found well-formed, in C; else one by one
                    good = self.bind("_good", _GOOD_REFS.setdefault(item_kinds, set()))
                    known = f"{good}.issuperset({v})" if typed else f"_known({good}, {v})"
                    each = f"({known} or {each})"
            parts.append(f"(not {v} or {each})")
        if node.unique:
            parts.append(f"(len({v}) < 2 or _distinct({v}))")
        return _all(parts)

    def statements(self, target: str) -> list[str]:
        """The statements (indented for a function's body) that check the record ``target``."""
        terms = []
        for field in attrs.fields(self.cls):
            spec = field.metadata.get(SPEC_KEY)
            if not isinstance(spec, FieldSpec):
                continue
            value = f"{target}.{field.name}"
            term = self.fits(spec.type, "v" if spec.nullable else value, 1)
            if term != "True":
                terms.append(f"((v := {value}) is None or {term})" if spec.nullable else term)
        lines = []
        if terms:
            lines += ["    if not (", *(f"        {'and ' if i else ''}{t}" for i, t in enumerate(terms)), "    ):"]
            lines.append(f"        _report({target})")
        rules = [self.bind("_rule", rule.check) for rule in rules_of(self.cls)]
        if rules:
            lines.append(f"    if {' or '.join(f'{rule}({target}) is not None' for rule in rules)}:")
            lines.append(f"        _check_rules({target})")
        return lines

    def compile(self) -> Callable[[Any], None]:
        name = f"post_init_{self.cls.__name__}"
        lines = [f"def {name}(self):", *self.statements("self"), "    return None"]
        return compile_function(self.cls, "post_init", "\n".join(lines) + "\n", name, self.namespace)


def _all(parts: list[str], *more: str) -> str:
    """The Python expression true when every one of ``parts`` and ``more`` is; ``True`` for none."""
    every = [*parts, *more]
    return "(" + " and ".join(every) + ")" if every else "True"


def typed_check(cls: type[Any], names: dict[str, Any], target: str, *, typed_items: bool = True) -> list[str]:
    """The statements that check the record ``target`` of ``cls`` whose values have their types
    already (see :class:`_CheckSource`), for a generated function whose namespace is ``names``;
    with ``typed_items=False``, the items of its lists are checked whole (their types too).

    >>> import summitdata
    >>> typed_check(summitdata.Period, {}, "o")
    ['    if _rule(o) is not None:', '        _check_rules(o)']
    """
    return _CheckSource(cls, typed=True, typed_items=typed_items, names=names).statements(target)


def _compile_post_init(cls: type[Any]) -> Callable[[Any], None]:
    """The ``__attrs_post_init__`` of a class made by :func:`model`: its fields' specs and its rules, compiled."""
    return _CheckSource(cls).compile()


def walk(cls: type[Any], value: Any, path: str = "") -> Iterator[tuple[str, Spec, Any]]:
    """Every ``(path, node, value)`` of a built record, nested values and tuple items included.

    >>> import summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> [p for p, node, _ in walk(summitdata.Person, tokayev) if isinstance(node, Ref)][:2]
    ['roles[0].of', 'roles[0].evidence[0].source']
    """
    for name, spec in field_specs(cls):
        item = getattr(value, name)
        if item is None:
            continue
        yield from _walk_node(spec.type, item, f"{path}.{name}" if path else name)


def _walk_node(node: Spec, value: Any, path: str) -> Iterator[tuple[str, Spec, Any]]:
    yield path, node, value
    if isinstance(node, Many):
        for index, item in enumerate(value):
            yield from _walk_node(node.item, item, f"{path}[{index}]")
    elif isinstance(node, Nested):
        yield from walk(node.cls, value, path)

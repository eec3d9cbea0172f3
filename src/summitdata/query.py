"""Filters on collections, and the rules for the date of a record.

:meth:`Collection.filter <summitdata.Collection.filter>` is implemented here. The
keywords that apply to each kind of record are in :data:`KEYWORDS`; every keyword takes
one value or a list, tuple or set of values (any of them matches), and a keyword that
names records takes a record or its id.

**Order.** A filter returns a :class:`~summitdata.Collection` of the same kind in
chronological, stable order: by date (a less precise date first when two start on the
same day, see :class:`~summitdata.PartialDate`), then by id; records without a date come
last, by id. Kinds without dates (people, organizations, places, sources) stay in id order.

**The date of a record** (:func:`date_of`, ``Dataset.date_of``):

- a speech: its ``date``;
- a summit: the interval from its ``start`` to its ``end`` (its ``start`` when it has no end);
- a claim: claims have no date field; a claim's date is the date of its speech, or, when
  it has no speech (or the speech has no date), the ``start`` of its summit;
- an initiative: the dates of its milestones (the claims that mention it); it matches a
  date filter when one of its milestones does.

A date is *inferred* when the record that holds it lists the date's field in its
``inferred`` notes (``date`` for a speech, ``start`` or ``end`` for a summit); a claim's
date is also inferred when the claim's own link to that speech or summit is inferred.

**Date filters.** ``since``, ``until`` and ``during`` take a :class:`datetime.date`, a
:class:`~summitdata.PartialDate`, or a string: ISO 8601 (``"2025"``, ``"2025-12"``,
``"2025-12-12"``) or any date python-dateutil reads (``"Dec 2025"``,
``"12 December 2025"``); a string without a day or a month has that precision. A date
known to a month or a year stands for the interval of its days, and so does a bound:
``since="2025-12"`` starts on 1 December, ``until="2025-12"`` ends on 31 December,
``during="2025-12"`` is both. A record matches when its interval *overlaps* the range
given (the default: ``"2026-04"`` matches ``since="2026-04-15"``); with ``strict=True``
its interval must lie *inside* the range (``"2026-04"`` does not match
``since="2026-04-15"``, and a year-precise ``"2025"`` matches no month of 2025). Records
without a date never match a date filter. Inferred dates match like written ones;
``inferred=False`` leaves out every record whose date is inferred.

>>> import summitdata
>>> ds = summitdata.load()
>>> [str(ds.date_of(c)) for c in ds.claims.filter(topic="transport", direct=True)]
['2025-10-10', '2025-10-10']
>>> [s.id for s in ds.summits.filter(since="2026-04-15")]
['summit:2026-cis-chairmanship-turkmenistan', 'summit:2026-04-regional-environmental-summit']
>>> ds.summits.filter(since="2026-04-15", strict=True)
<Collection of 0 summit records>
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, TypeVar

import attrs

from .dates import PartialDate, Precision
from .errors import QueryError, RecordNotFoundError
from .fields import Boolean, Choice, Date, Many, field_spec
from .records import (
    ACTOR_KINDS,
    KINDS,
    RECORD_KIND_NAMES,
    Claim,
    ClaimKind,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Kind,
    Measure,
    Organization,
    Person,
    Place,
    PlaceKind,
    Quantity,
    Record,
    Source,
    Speech,
    Summit,
    SummitKind,
    SummitStatus,
    Topic,
    record_anchors,
)

if TYPE_CHECKING:
    from .dataset import Collection, Dataset
    from .index import Index

__all__ = [
    "DATE_KEYWORDS",
    "DERIVED",
    "FILTERS",
    "KEYWORDS",
    "OPTION_KEYWORDS",
    "Every",
    "Milestone",
    "date_of",
    "derived_values",
    "every",
    "parse_bound",
    "resolve",
]

#: The keywords of the date filter, for the kinds that have dates.
DATE_KEYWORDS = ("since", "until", "during", "strict", "inferred")

#: The kinds of record that have a date (see the module documentation).
DATED_KINDS = ("summit", "speech", "claim", "initiative")

#: The kinds whose date is a field of the record itself (a claim's is its speech's or its
#: summit's, an initiative's those of the claims that mention it).
OWN_DATE_KINDS = ("summit", "speech")


#: What a timeline entry is, by the kind of its record (any other kind: a milestone).
_ENTRY_KIND: Mapping[str, str] = MappingProxyType({"summit": "event", "speech": "speech"})


@attrs.frozen(kw_only=True)
class Milestone:
    """One dated entry of a timeline: an event, a speech, or a claim that mentions an initiative.

    ``date`` is the record's date (``None`` when unknown) and ``inferred`` whether it is
    inferred; ``record`` is the :class:`~summitdata.Summit`, :class:`~summitdata.Speech`
    or :class:`~summitdata.Claim`; ``summit`` is the event it belongs to (the summit
    itself for an event); ``initiative`` is set on the milestones of an initiative.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> for m in ds.milestones("initiative:caspian-interstate-programme"):
    ...     print(m.date, m.kind, m.record.id, m.summit.id)
    2025-10-10 milestone claim:2025-10-10-cis-council-15 summit:2025-10-10-cis-heads-of-state-council
    2025-12-12 milestone claim:2025-12-12-ashgabat-forum-30 summit:2025-12-12-ashgabat-forum
    2025-12-12 milestone claim:2025-12-12-ashgabat-forum-31 summit:2025-12-12-ashgabat-forum
    """

    date: PartialDate | None
    inferred: bool
    record: Summit | Speech | Claim
    summit: Summit | None = None
    initiative: Initiative | None = None

    @property
    def kind(self) -> str:
        """``"event"``, ``"speech"`` or ``"milestone"`` (a claim that mentions an initiative).

        >>> import summitdata
        >>> sorted({m.kind for m in summitdata.load().timeline()})
        ['event', 'milestone', 'speech']
        """
        return _ENTRY_KIND.get(Kind.of(self.record).name, "milestone")


# --- dates ---------------------------------------------------------------------------

_NO_DATE = (None, False)


def date_of(ds: Dataset, record: Record) -> tuple[PartialDate | None, bool]:
    """The date of a summit, speech or claim and whether it is inferred (the rule above).

    A summit's interval is wider than its ``start`` when it has an ``end``; this returns
    the ``start``. Other kinds have no date: ``(None, False)``.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> date, inferred = date_of(ds, ds.claims.get("claim:2025-12-ashgabat-talks-03"))
    >>> str(date), inferred
    ('2025-12', True)
    """
    if isinstance(record, Speech):
        return record.date, record.date is not None and "date" in record.inferred
    if isinstance(record, Summit):
        inferred = "start" in record.inferred or "end" in record.inferred
        return record.start, record.start is not None and inferred
    if isinstance(record, Claim):
        if record.speech is not None:
            speech = _find(ds.speeches, record.speech)
            if speech is not None and speech.date is not None:
                return speech.date, "speech" in record.inferred or "date" in speech.inferred
        if record.summit is not None:
            summit = _find(ds.summits, record.summit)
            if summit is not None and summit.start is not None:
                return summit.start, "summit" in record.inferred or "start" in summit.inferred
    return _NO_DATE


def _find(collection: Collection[Any], record_id: str) -> Any:
    try:
        return collection.get(record_id)
    except RecordNotFoundError:
        return None


def interval(ds: Dataset, record: Record) -> tuple[datetime.date, datetime.date, bool] | None:
    """The first and last day of a summit's, speech's or claim's date, and whether it is inferred."""
    date, inferred = date_of(ds, record)
    if date is None:
        return None
    last = date.last_day()
    if isinstance(record, Summit) and record.end is not None:
        last = max(last, record.end.last_day())
    return date.first_day(), last, inferred


_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_bound(value: object, *, keyword: str = "date") -> PartialDate:
    """Read a date-filter bound: a ``date``, a ``PartialDate``, or a string.

    Strings are ISO 8601 of any precision or anything python-dateutil reads; the
    precision is what the string gives (a month and a year make a month).

    >>> parse_bound("Dec 2025"), parse_bound("12 December 2025").precision.value
    (PartialDate(year=2025, month=12, day=None), 'day')
    >>> parse_bound("soon", keyword="since")
    Traceback (most recent call last):
    ...
    summitdata.errors.QueryError: since: cannot read 'soon' as a date (try 2025-12, Dec 2025 or 12 December 2025)
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, datetime.date):
        return PartialDate.from_date(value)
    if not isinstance(value, str):
        raise QueryError(f"{keyword}: expected a date, a PartialDate or a string, not {type(value).__name__}")
    text = value.strip()
    if _ISO_PARTIAL.fullmatch(text):
        try:
            return PartialDate.parse(text)
        except ValueError as err:
            raise QueryError(f"{keyword}: {text!r} is not a date: {_last_part(err)}") from None
    return _parse_free(text, keyword)


def _last_part(err: Exception) -> str:
    return str(err).rpartition(": ")[2]


def _parse_free(text: str, keyword: str) -> PartialDate:
    from dateutil import parser  # noqa: PLC0415 - keep dateutil out of import time

    hint = "(try 2025-12, Dec 2025 or 12 December 2025)"
    if not any(c.isalpha() for c in text):
        # "1/2/2025" or "10 10 2025" could be read several ways: ask for ISO or a month name.
        raise QueryError(f"{keyword}: {text!r} is ambiguous: write ISO 8601 or the month's name {hint}")
    # Parse twice with defaults that differ in every field: a field that changes with the
    # default was not in the text, which gives the precision.
    first_default = datetime.datetime(2000, 1, 1)
    second_default = datetime.datetime(2001, 2, 2)
    try:
        a = parser.parse(text, default=first_default)
        b = parser.parse(text, default=second_default)
    except (ValueError, OverflowError):
        raise QueryError(f"{keyword}: cannot read {text!r} as a date {hint}") from None
    if a.year != b.year:
        raise QueryError(f"{keyword}: {text!r} has no year {hint}")
    if a.month != b.month:
        return PartialDate(year=a.year)
    if a.day != b.day:
        return PartialDate(year=a.year, month=a.month)
    return PartialDate(year=a.year, month=a.month, day=a.day)


class DateRange:
    """The date part of a query: first and last day (ordinals, inclusive), strictness, inferred.

    >>> DateRange(low=10, high=20, strict=False, inferred=True, active=True).matches(5, 12, False)
    True
    """

    __slots__ = ("active", "high", "inferred", "low", "strict")

    def __init__(self, *, low: int, high: int, strict: bool, inferred: bool, active: bool) -> None:
        self.low = low
        self.high = high
        self.strict = strict
        self.inferred = inferred
        self.active = active

    def matches(self, first: int, last: int, inferred: bool) -> bool:
        if inferred and not self.inferred:
            return False
        if not self.active:
            return True
        if self.strict:
            return first >= self.low and last <= self.high
        return first <= self.high and last >= self.low


def _days(value: object, keyword: str) -> tuple[int, int]:
    """The first and last day (ordinals) of a bound."""
    if type(value) is datetime.date:
        day = value.toordinal()
        return day, day
    bound = parse_bound(value, keyword=keyword)
    return bound.first_day().toordinal(), bound.last_day().toordinal()


_MIN = datetime.date.min.toordinal()
_MAX = datetime.date.max.toordinal()


def date_range(criteria: Mapping[str, Any]) -> DateRange | None:
    """The :class:`DateRange` of a query's date keywords, ``None`` when it has none that restrict."""
    since = criteria.get("since")
    until = criteria.get("until")
    during = criteria.get("during")
    strict = criteria.get("strict", False)
    inferred = criteria.get("inferred", True)
    for name, flag in (("strict", strict), ("inferred", inferred)):
        if type(flag) is not bool:
            raise QueryError(f"{name}: must be True or False, not {flag!r}")
    low, high = _MIN, _MAX
    if during is not None:
        if since is not None or until is not None:
            raise QueryError("during: give either during or since/until, not both")
        low, high = _days(during, "during")
    if since is not None:
        low = _days(since, "since")[0]
    if until is not None:
        high = _days(until, "until")[1]
    if low > high:
        raise QueryError(
            f"until: the range ends ({datetime.date.fromordinal(high)}) before it starts "
            f"({datetime.date.fromordinal(low)})"
        )
    active = since is not None or until is not None or during is not None
    if not active and inferred:
        return None
    return DateRange(low=low, high=high, strict=strict, inferred=inferred, active=active)


# --- derived values ------------------------------------------------------------------


@attrs.frozen
class Derived:
    """A value computed from a record and its dataset, which the machine-readable outputs add to it.

    ``node`` is its constraint, as a field's (:mod:`summitdata.fields`), so that each output
    types it like a field: a column of :meth:`Collection.to_frame
    <summitdata.Collection.to_frame>` and of the CSV tables (:func:`~summitdata.dump_csv`),
    a key of ``summitdata list --json``. ``value`` gives its plain (JSON) value.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> [d.name for d in DERIVED["claim"]]
    ['date', 'date_precision', 'date_inferred']
    >>> derived_values(ds, ds.claims.get("claim:2025-12-ashgabat-talks-01"))
    {'date': '2025-12-11', 'date_precision': 'day', 'date_inferred': True}
    """

    name: str
    doc: str
    node: Any  # a scalar constraint node of summitdata.fields
    value: Callable[[Dataset, Any], Any]


def _claim_date(ds: Dataset, record: Any) -> str | None:
    date = date_of(ds, record)[0]
    return None if date is None else str(date)


def _claim_precision(ds: Dataset, record: Any) -> str | None:
    date = date_of(ds, record)[0]
    return None if date is None else date.precision.value


def _claim_inferred(ds: Dataset, record: Any) -> bool | None:
    date, inferred = date_of(ds, record)
    return None if date is None else inferred


#: The derived values of each kind of record (the one place that declares them): a claim's
#: date, which is its speech's or its summit's (the rule above), its precision, and whether it
#: is inferred. They are not fields: the JSON contract does not hold them.
DERIVED: Mapping[str, tuple[Derived, ...]] = MappingProxyType(
    {
        "claim": (
            Derived("date", "The claim's date: its speech's, else its summit's start.", Date(), _claim_date),
            Derived("date_precision", "How much of the date is known.", Choice(Precision), _claim_precision),
            Derived("date_inferred", "Whether the date is inferred.", Boolean(), _claim_inferred),
        ),
    }
)


def derived_values(ds: Dataset, record: Record) -> dict[str, Any]:
    """The :data:`DERIVED` values of a record, by name (plain data; empty for most kinds)."""
    return {d.name: d.value(ds, record) for d in DERIVED.get(Kind.of(record).name, ())}


# --- keywords ------------------------------------------------------------------------

Extractor = Callable[[Any, "Index"], Iterable[Any]]
Normalizer = Callable[["Index", str, object], Any]


@attrs.frozen
class Keyword:
    """One filter keyword: the keys a record has for it, and how to read a query value.

    ``local`` is false when the keys need other records of the dataset (a summit's place
    record for its country, the claims that mention an initiative): a collection built by
    hand, which holds no other records, refuses such a keyword.

    >>> KEYWORDS["claim"]["topic"].local, KEYWORDS["claim"]["place"].local
    (True, False)
    """

    keys: Extractor
    normalize: Normalizer
    local: bool = True
    #: Widens the values asked for (an event: with its sub-events) unless ``subevents=False``.
    expand: Callable[[Index, frozenset[Any]], frozenset[Any]] | None = None


def _reference(*prefixes: str) -> Normalizer:
    def normalize(index: Index, keyword: str, value: object) -> str:
        return resolve(index, keyword, value, prefixes)

    return normalize


def _a(word: str) -> str:
    return ("an " if word[:1] in tuple("aeiou") else "a ") + word


def _either(kinds: Sequence[str], *, article: bool = True) -> str:
    """``a person``, ``a person or an organization``, ``a person, an organization or a place``."""
    words = [_a(kind) if article else kind for kind in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


#: The kinds whose records :func:`resolve` finds by name with :meth:`Dataset.lookup`; summits,
#: claims and initiatives are found with :meth:`Dataset.search`, sources by their file name;
#: failing these, the words of the ids.
_LOOKUP_KINDS = frozenset(ACTOR_KINDS)
_SEARCH_KINDS = frozenset({"summit", "claim", "initiative"})


def resolve(index: Index, keyword: str, value: object, kinds: Sequence[str]) -> str:
    """The id of the record of one of ``kinds`` that ``value`` names: a record, its id or its name.

    A name is resolved like :meth:`~summitdata.Dataset.lookup` (people, organizations,
    places) or :meth:`~summitdata.Dataset.search` (summits, claims, initiatives; a source
    by its file name), failing these by the words of the ids: it must fit one record, or
    be the whole name of one. An unknown id
    or name gets the closest ones as suggestions; a name that fits several records lists
    them.

    >>> import summitdata
    >>> from summitdata.index import index_of
    >>> index = index_of(summitdata.load())
    >>> resolve(index, "speaker", "Toqaev", ("person",))
    'person:kassym-jomart-tokayev'
    >>> resolve(index, "summit", "Ashgabat forum", ("summit",))
    'summit:2025-12-12-ashgabat-forum'
    >>> resolve(index, "initiative", "initiative:caspian-programme", ("initiative",))
    Traceback (most recent call last):
    ...
    summitdata.errors.QueryError: initiative: no initiative with id 'initiative:caspian-programme';
    did you mean initiative:caspian-interstate-programme?
    >>> resolve(index, "speaker", "Council", ("person", "organization", "place"))
    Traceback (most recent call last):
    ...
    summitdata.errors.QueryError: speaker: 'Council' fits 2 records:
    organization:un-security-council (Security Council),
    organization:cis-heads-of-state-council (CIS Heads of State Council); give one of these ids
    """
    record_id = value if type(value) is str else getattr(value, "id", value)
    if not isinstance(record_id, str):
        raise QueryError(f"{keyword}: expected a record, its id or its name, not {type(value).__name__}")
    prefix, colon, _ = record_id.partition(":")
    if colon and prefix in _KIND_NAMES:
        if prefix not in kinds:
            raise QueryError(f"{keyword}: {record_id!r} is not the id of {_either(kinds)}")
        if index.standalone or index.record(record_id) is not None:
            return record_id
        close = _close(record_id.partition(":")[2], prefix, index)
        raise QueryError(f"{keyword}: no {prefix} with id {record_id!r}{_suggest(close)}")
    return _by_name(index, keyword, record_id, kinds)


_KIND_NAMES = frozenset(kind.name for kind in KINDS)


def _ids_of(index: Index, kind: str) -> tuple[str, ...]:
    collection: Collection[Any] = getattr(index.ds, Kind.named(kind).plural)
    return collection.ids()


def _close(slug: str, kind: str, index: Index) -> list[str]:
    """The ids of ``kind`` whose part after the colon is closest to ``slug`` (at most three)."""
    from .search import normalize  # noqa: PLC0415 - search is imported on first use

    ids = {normalize(i.partition(":")[2]): i for i in _ids_of(index, kind)}
    return [ids[s] for s in difflib.get_close_matches(normalize(slug), ids, n=3, cutoff=0.6)]


def _suggest(ids: Sequence[str]) -> str:
    return f"; did you mean {' or '.join(ids)}?" if ids else ""


def _by_name(index: Index, keyword: str, name: str, kinds: Sequence[str]) -> str:
    from .search import normalize  # noqa: PLC0415 - search is imported on first use

    ds = index.ds
    found: list[Any] = []
    if _LOOKUP_KINDS.intersection(kinds):
        found.extend(r for r in ds.lookup(name) if Kind.of(r).name in kinds)
    for kind in _SEARCH_KINDS.intersection(kinds):
        found.extend(ds.search(name, kind=kind))
    if "source" in kinds:
        found.extend(s for s in ds.sources if name in (s.file, s.file.removesuffix(".txt")))
    if not found:  # the words of an id: "Ashgabat forum" for summit:2025-12-12-ashgabat-forum
        words = set(normalize(name).split())
        for kind in kinds:
            found.extend(
                index.record(i) for i in _ids_of(index, kind) if words <= set(normalize(i.partition(":")[2]).split())
            )
    if len(found) > 1:
        # The whole name (or short name) of one record wins over the records that merely contain
        # its words; an alias does not (two Berdimuhamedovs share it).
        wanted = normalize(name)
        whole = [r for r in found if wanted in {normalize(n) for n in _names(r)}]
        if len(whole) == 1:
            found = whole
    if len(found) == 1:
        return str(found[0].id)
    if not found:
        close = [i for kind in kinds for i in _close(name, kind, index)]
        raise QueryError(f"{keyword}: no {_either(kinds, article=False)} is called {name!r}{_suggest(close[:3])}")
    listed = ", ".join(f"{r.id} ({_label(r)})" for r in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise QueryError(f"{keyword}: {name!r} fits {len(found)} records: {listed}{more}; give one of these ids")


def _names(record: Any) -> list[str]:
    names = [getattr(record, "name", None), getattr(record, "short_name", None)]
    return [n for n in names if n]


def _label(record: Any) -> str:
    text = str(getattr(record, "name", None) or getattr(record, "text", ""))
    return text if len(text) <= 40 else text[:39] + "…"


def _vocabulary(cls: type[Any], field: str) -> Normalizer:
    """The normalizer of a filter on an enum field (or a tuple of enums), its vocabulary read from the field's spec."""
    node = field_spec(cls, field).type
    if isinstance(node, Many):
        node = node.item
    if not isinstance(node, Choice):  # pragma: no cover - the keyword table names enum fields only
        raise TypeError(f"{cls.__name__}.{field} is not a closed vocabulary")
    return _member(node.enum)


def _member(enum_type: type[enum.Enum]) -> Normalizer:
    def normalize(index: Index, keyword: str, value: object) -> enum.Enum:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, str):  # a value or a member's name, in any case
            folded = value.strip().casefold()
            for member in enum_type:
                if folded in (str(member.value).casefold(), member.name.casefold()):
                    return member
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise QueryError(f"{keyword}: unknown value {value!r}; one of: {allowed}")

    return normalize


def _boolean(index: Index, keyword: str, value: object) -> bool:
    if type(value) is not bool:
        raise QueryError(f"{keyword}: must be True or False, not {value!r}")
    return value


def _one(value: object) -> Iterable[Any]:
    return () if value is None else (value,)


def _read_only(table: Mapping[str, Mapping[str, Keyword]]) -> Mapping[str, Mapping[str, Keyword]]:
    return MappingProxyType({kind: MappingProxyType(dict(keywords)) for kind, keywords in table.items()})


def _summit_places(summit_id: str | None, index: Index) -> tuple[str, ...]:
    if summit_id is None:
        return ()
    summit = index.record(summit_id)
    if not isinstance(summit, Summit) or summit.place is None:
        return ()
    return index.place_and_country(summit.place)


def _with_subevents(index: Index, summits: frozenset[Any]) -> frozenset[Any]:
    """The summits given and every event inside them (their ``parent`` chain), at any depth."""
    children = index.postings("summit", "parent", _parent_keys)
    found = set(summits)
    todo = list(summits)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child.id not in found:
                found.add(child.id)
                todo.append(child.id)
    return frozenset(found)


def _parent_keys(summit: Any, index: Index) -> Iterable[Any]:
    return _one(summit.parent)


def _sources(record: Any, index: Index) -> Iterable[str]:
    """The articles a record's anchors point into (its evidence, and that of its parts)."""
    return {anchor.source for _, anchor in record_anchors(record)}


_SOURCE = Keyword(_sources, _reference("source"))


def _summit(keys: Extractor) -> Keyword:
    # Never answered by a hand-built collection: the events inside a summit are in the dataset only.
    return Keyword(keys, _reference("summit"), local=False, expand=_with_subevents)


#: The filter keywords of each kind of record (by id prefix), each with how it matches (read-only).
KEYWORDS: Mapping[str, Mapping[str, Keyword]] = _read_only(
    {
        "claim": {
            "speaker": Keyword(lambda c, i: c.speakers, _reference(*ACTOR_KINDS)),
            "speech": Keyword(lambda c, i: _one(c.speech), _reference("speech")),
            "summit": _summit(lambda c, i: _one(c.summit)),
            "place": Keyword(lambda c, i: _summit_places(c.summit, i), _reference("place"), local=False),
            "kind": Keyword(lambda c, i: (c.kind,), _vocabulary(Claim, "kind")),
            "topic": Keyword(lambda c, i: c.topics, _vocabulary(Claim, "topics")),
            "direct": Keyword(lambda c, i: (c.direct,), _boolean),
            "initiative": Keyword(lambda c, i: c.initiatives, _reference("initiative")),
            "has_quantity": Keyword(lambda c, i: (bool(c.quantities),), _boolean),
            "about": Keyword(lambda c, i: c.about, _reference(*RECORD_KIND_NAMES)),
            "measure": Keyword(
                lambda c, i: {q.measure for q in c.quantities} - {None}, _vocabulary(Quantity, "measure")
            ),
            "source": _SOURCE,
        },
        "speech": {
            "speaker": Keyword(lambda s, i: (s.speaker,), _reference("person")),
            "summit": _summit(lambda s, i: (s.summit,)),
            "place": Keyword(lambda s, i: _summit_places(s.summit, i), _reference("place"), local=False),
            "source": _SOURCE,
        },
        "summit": {
            "participant": Keyword(lambda s, i: s.participants, _reference(*ACTOR_KINDS)),
            "host": Keyword(lambda s, i: _one(s.host), _reference(*ACTOR_KINDS)),
            "status": Keyword(lambda s, i: (s.status,), _vocabulary(Summit, "status")),
            "kind": Keyword(lambda s, i: (s.kind,), _vocabulary(Summit, "kind")),
            "place": Keyword(lambda s, i: _summit_places(s.id, i), _reference("place"), local=False),
            "parent": Keyword(lambda s, i: _one(s.parent), _reference("summit")),
            "initiative": Keyword(lambda s, i: i.initiatives_raised_at(s.id), _reference("initiative"), local=False),
            "source": _SOURCE,
        },
        "initiative": {
            "proposer": Keyword(lambda r, i: _one(r.proposer), _reference(*ACTOR_KINDS)),
            "kind": Keyword(lambda r, i: (r.kind,), _vocabulary(Initiative, "kind")),
            "status": Keyword(lambda r, i: (r.status,), _vocabulary(Initiative, "status")),
            "topic": Keyword(lambda r, i: r.topics, _vocabulary(Initiative, "topics")),
            "summit": _summit(lambda r, i: i.summits_raising(r.id)),
            "claim": Keyword(lambda r, i: (c.id for c in i.claims_mentioning(r.id)), _reference("claim"), local=False),
            "speech": Keyword(
                lambda r, i: {c.speech for c in i.claims_mentioning(r.id)} - {None}, _reference("speech"), local=False
            ),
            "source": _SOURCE,
        },
        "person": {
            "of": Keyword(
                lambda p, i: {role.of for role in p.roles if role.of is not None}, _reference("organization", "place")
            ),
            "source": _SOURCE,
        },
        "organization": {
            "country": Keyword(lambda o, i: _one(o.country), _reference("place")),
            "parent": Keyword(lambda o, i: _one(o.parent), _reference("organization")),
            "source": _SOURCE,
        },
        "place": {
            "kind": Keyword(lambda p, i: (p.kind,), _vocabulary(Place, "kind")),
            "country": Keyword(lambda p, i: _one(p.country), _reference("place")),
            "source": _SOURCE,
        },
        "source": {
            "dateline": Keyword(lambda s, i: _one(s.dateline), _reference("place")),
        },
    }
)

_TYPES: Mapping[str, type] = MappingProxyType(
    {
        "claim": Claim,
        "speech": Speech,
        "summit": Summit,
        "initiative": Initiative,
        "person": Person,
        "organization": Organization,
        "place": Place,
        "source": Source,
    }
)


class Every:
    """Values that must *all* match (``every(a, b)``), where a list matches any of them.

    >>> every("water", "environment")
    every('water', 'environment')
    """

    __slots__ = ("values",)

    def __init__(self, values: Iterable[Any]) -> None:
        self.values: tuple[Any, ...] = tuple(values)
        if not self.values:
            raise QueryError("every(): give at least one value")

    def __repr__(self) -> str:
        return f"every({', '.join(map(repr, self.values))})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Every) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)


def every(*values: Any) -> Every:
    """A filter value that matches the records that have every one of ``values``.

    A list of values matches any of them; ``every(...)`` matches all: the initiatives that
    both articles support, the claims on water *and* the environment.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> both = ds.initiatives.filter(source=every(*ds.sources.ids()))
    >>> both.ids()
    ('initiative:caspian-interstate-programme',)
    >>> len(ds.claims.filter(topic=every("water", "environment")))
    5
    """
    return Every(values)


# --- the keywords, typed ------------------------------------------------------------

T = TypeVar("T")
#: One value, or several (a list, tuple or set: any of them matches; :func:`every`: all).
Values: TypeAlias = T | list[T] | tuple[T, ...] | set[T] | frozenset[T] | Every
#: A record, its id or its name.
Ref: TypeAlias = str | Record
#: A date filter's bound: a date, a :class:`~summitdata.PartialDate`, or a string.
DateValue: TypeAlias = str | datetime.date | PartialDate


class DateFilter(TypedDict, total=False):
    """The date keywords (``Dataset.timeline`` and the filters of dated kinds)."""

    since: DateValue
    until: DateValue
    during: DateValue
    strict: bool
    inferred: bool


class ClaimFilter(DateFilter, total=False):
    """The keywords of ``dataset.claims.filter``."""

    speaker: Values[Ref]
    speech: Values[Ref]
    summit: Values[Ref]
    place: Values[Ref]
    kind: Values[ClaimKind | str]
    topic: Values[Topic | str]
    direct: bool
    initiative: Values[Ref]
    has_quantity: bool
    about: Values[Ref]
    measure: Values[Measure | str]
    source: Values[Ref]
    subevents: bool


class SpeechFilter(DateFilter, total=False):
    """The keywords of ``dataset.speeches.filter``."""

    speaker: Values[Ref]
    summit: Values[Ref]
    place: Values[Ref]
    source: Values[Ref]
    subevents: bool


class SummitFilter(DateFilter, total=False):
    """The keywords of ``dataset.summits.filter``."""

    participant: Values[Ref]
    host: Values[Ref]
    status: Values[SummitStatus | str]
    kind: Values[SummitKind | str]
    place: Values[Ref]
    parent: Values[Ref]
    initiative: Values[Ref]
    source: Values[Ref]


class InitiativeFilter(DateFilter, total=False):
    """The keywords of ``dataset.initiatives.filter``."""

    proposer: Values[Ref]
    kind: Values[InitiativeKind | str]
    status: Values[InitiativeStatus | str]
    topic: Values[Topic | str]
    summit: Values[Ref]
    claim: Values[Ref]
    speech: Values[Ref]
    source: Values[Ref]
    subevents: bool


class PersonFilter(TypedDict, total=False):
    """The keywords of ``dataset.people.filter``."""

    of: Values[Ref]
    source: Values[Ref]


class OrganizationFilter(TypedDict, total=False):
    """The keywords of ``dataset.organizations.filter``."""

    country: Values[Ref]
    parent: Values[Ref]
    source: Values[Ref]


class PlaceFilter(TypedDict, total=False):
    """The keywords of ``dataset.places.filter``."""

    kind: Values[PlaceKind | str]
    country: Values[Ref]
    source: Values[Ref]


class SourceFilter(TypedDict, total=False):
    """The keywords of ``dataset.sources.filter``."""

    dateline: Values[Ref]


#: The typed keywords of each kind's ``filter`` (a test checks that they are ``allowed_keywords(kind)``).
FILTERS: Mapping[str, type[Any]] = MappingProxyType(
    {
        "claim": ClaimFilter,
        "speech": SpeechFilter,
        "summit": SummitFilter,
        "initiative": InitiativeFilter,
        "person": PersonFilter,
        "organization": OrganizationFilter,
        "place": PlaceFilter,
        "source": SourceFilter,
    }
)


#: Keywords that change how other keywords match: ``subevents=False`` keeps an event's
#: own records (by default ``summit=`` also matches the events inside it).
OPTION_KEYWORDS = ("subevents",)


def allowed_keywords(kind: str) -> tuple[str, ...]:
    """Every keyword ``filter`` accepts on a collection of ``kind``.

    >>> allowed_keywords("summit")[:3]
    ('participant', 'host', 'status')
    >>> allowed_keywords("speech")
    ('speaker', 'summit', 'place', 'source', 'subevents', 'since', 'until', 'during', 'strict', 'inferred')
    """
    keywords = KEYWORDS.get(kind, {})
    options = OPTION_KEYWORDS if any(k.expand is not None for k in keywords.values()) else ()
    extra = DATE_KEYWORDS if kind in DATED_KINDS else ()
    return (*keywords, *options, *extra)


_DATE_SET = frozenset(DATE_KEYWORDS)
_ALLOWED = MappingProxyType({kind: frozenset(allowed_keywords(kind)) for kind in _TYPES})


def _values(keyword: str, value: object) -> Sequence[object]:
    if type(value) in (list, tuple, set, frozenset):
        if not value:
            raise QueryError(f"{keyword}: an empty list of values matches nothing; leave the keyword out instead")
        return list(value)  # type: ignore[call-overload,no-any-return]
    return (value,)


def filter_collection(collection: Collection[Any], index: Index, criteria: Mapping[str, Any]) -> Collection[Any]:
    """The records of ``collection`` that match every criterion, in chronological order.

    ``index`` is the index of the collection's dataset; a standalone index (a collection
    built by hand) refuses the keywords that need records the collection does not hold.
    """
    kind = collection.kind
    spec = KEYWORDS.get(kind, {})
    if kind not in _ALLOWED:
        raise QueryError(f"cannot filter a collection of unknown kind {kind!r}; one of: {', '.join(_TYPES)}")
    if not _ALLOWED[kind].issuperset(criteria):
        unknown = [k for k in criteria if k not in _ALLOWED[kind]]
        raise QueryError(
            f"{kind} records cannot be filtered by {', '.join(repr(k) for k in unknown)}; "
            f"the keywords for {kind} are: {', '.join(allowed_keywords(kind))}"
        )
    if index.standalone:
        _check_standalone(kind, criteria)
    subevents = _boolean(index, "subevents", criteria.get("subevents", True))
    tests: list[tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]] = []
    has_dates = False
    for keyword, raw in criteria.items():
        if keyword in _DATE_SET:
            has_dates = True
            continue
        if keyword in OPTION_KEYWORDS:
            continue
        if raw is None:
            raise QueryError(f"{keyword}: None is not a value to filter by")
        keyword_spec = spec[keyword]
        # ``every(a, b)``: one test per value, all of which must pass; else one test for any value.
        groups = [[v] for v in raw.values] if isinstance(raw, Every) else [_values(keyword, raw)]
        for group in groups:
            wanted = frozenset([keyword_spec.normalize(index, keyword, value) for value in group])
            if keyword_spec.expand is not None and subevents and not index.standalone:
                wanted = keyword_spec.expand(index, wanted)
            tests.append(_posting_test(index, kind, keyword, keyword_spec, wanted))
    dates = date_range(criteria) if has_dates else None
    if dates is not None:
        tests.append(index.date_test(kind, dates))
    if not index.is_whole(collection):
        # A filtered (or hand-made) collection: its own records are one more criterion.
        tests.append(_member_test(index, collection))
    if not tests:
        return collection._result(index.chrono(kind))
    if len(tests) == 1:
        return collection._result(tests[0][1]())
    tests.sort(key=_size)
    rest = [t[2] for t in tests[1:]]
    return collection._result([r for r in tests[0][1]() if all(test(r) for test in rest)])


def _check_standalone(kind: str, criteria: Mapping[str, Any]) -> None:
    """Refuse the keywords that a collection built by hand cannot answer from its own records."""
    for keyword in criteria:
        if keyword in _DATE_SET:
            if kind not in OWN_DATE_KINDS:
                raise QueryError(
                    f"{keyword}: a collection built by hand cannot be filtered by date: the dates of "
                    f"{kind} records come from other records, which it does not hold; filter the "
                    f"dataset's collection instead"
                )
        elif keyword not in OPTION_KEYWORDS and not KEYWORDS[kind][keyword].local:
            raise QueryError(
                f"{keyword}: a collection built by hand cannot be filtered by {keyword!r}: it needs other "
                f"records, which it does not hold; filter the dataset's collection instead"
            )


def _size(test: tuple[int, Any, Any]) -> int:
    return test[0]


def _member_test(
    index: Index, collection: Collection[Any]
) -> tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]:
    rank = index.rank(collection.kind)

    def candidates() -> Sequence[Any]:
        ranks = [rank[r.id] for r in collection if r.id in rank]
        return index.by_rank(collection.kind, ranks)

    def test(record: Any) -> bool:
        return record.id in collection

    return len(collection), candidates, test


def _posting_test(
    index: Index, kind: str, keyword: str, spec: Keyword, wanted: frozenset[Any]
) -> tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]:
    postings = index.postings(kind, keyword, spec.keys)
    lists = [postings.get(key, ()) for key in wanted]
    size = sum(len(x) for x in lists)

    def candidates() -> Sequence[Any]:
        if len(lists) == 1:
            return lists[0]
        return index.merge(kind, lists)

    def test(record: Any) -> bool:
        return any(key in wanted for key in spec.keys(record, index))

    return size, candidates, test

"""Immutable collections of records, and the dataset that holds one of each kind."""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Unpack, cast, overload

from ._checks import check_records
from .dates import PartialDate
from .errors import Problem, QueryError, RecordNotFoundError, RecordRemovedError, ValidationError
from .frame import to_frame
from .records import KINDS, Claim, Initiative, Kind, Organization, Person, Place, Source, Speech, Summit

__all__ = ["SCHEMA_VERSION", "Collection", "Dataset"]

#: The version of the JSON contract this library writes (see the JSON format reference).
SCHEMA_VERSION = "1.1"

R = TypeVar("R", Source, Person, Organization, Place, Summit, Speech, Claim, Initiative)


_PLURALS = tuple(kind.plural for kind in KINDS)


def _plural_of(record: object) -> str | None:
    try:
        return Kind.of(record).plural
    except TypeError:
        return None


def _plural_of_kind(kind: str) -> str | None:
    try:
        return Kind.named(kind).plural
    except KeyError:
        return None


_ACTORS = ("person", "organization", "place")
#: Navigation: method -> (the collection it answers from, the filter keyword for each kind of
#: target, what the message says it expects).
_NAVIGATION: Mapping[str, tuple[str, Mapping[str, str], str]] = MappingProxyType(
    {
        "speeches_of": ("speeches", {"summit": "summit", "person": "speaker"}, "a summit or a person"),
        "claims_of": (
            "claims",
            {"summit": "summit", "speech": "speech", "initiative": "initiative", **dict.fromkeys(_ACTORS, "speaker")},
            "a summit, speech, actor or initiative",
        ),
        "initiatives_of": (
            "initiatives",
            {"claim": "claim", "summit": "summit", "speech": "speech", **dict.fromkeys(_ACTORS, "proposer")},
            "a claim, summit, speech or actor",
        ),
    }
)
# Guards the first query of a collection built by hand, which gives it an engine of its own.
_STANDALONE = threading.Lock()
# Guards the first query of a dataset, which gives it its engine.
_ENGINE = threading.Lock()

if TYPE_CHECKING:
    import datetime

    from pandas import DataFrame  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from .changes import Correction
    from .engine import QueryEngine
    from .query import (
        ClaimFilter,
        DateFilter,
        InitiativeFilter,
        Milestone,
        OrganizationFilter,
        PersonFilter,
        PlaceFilter,
        SourceFilter,
        SpeechFilter,
        SummitFilter,
    )
    from .records import Anchor, Record, Role


class Collection(Generic[R]):
    """An immutable, ordered collection of records of one kind.

    Iteration is in a stable order, by id unless the collection came from a query
    that orders it otherwise. ``get(id)`` finds one record; ``id in collection`` and
    ``record in collection`` test membership.

    >>> import summitdata
    >>> people = summitdata.load().people
    >>> people.get("person:kassym-jomart-tokayev").name
    'Kassym-Jomart Tokayev'
    >>> "person:kassym-jomart-tokayev" in people
    True
    """

    __slots__ = ("_by_id", "_dataset", "_kind", "_records")

    def __init__(self, records: Iterable[R], *, kind: str, sort: bool = True) -> None:
        items = tuple(records)
        self._records: tuple[R, ...] = tuple(sorted(items, key=_record_id)) if sort else items
        self._kind = kind
        self._by_id: dict[str, R] | None = dict(zip(map(_record_id, self._records), self._records, strict=True))
        # The dataset whose engine answers this collection's queries: the records' own, or
        # for a collection built by hand, a private one made of it on its first query.
        self._dataset: Dataset | None = None

    @classmethod
    def _ordered(cls, records: tuple[R, ...], *, kind: str, dataset: Dataset | None) -> Collection[R]:
        """``records`` in the order given, its id table built on first use."""
        new = cls.__new__(cls)
        new._records = records
        new._kind = kind
        new._by_id = None
        new._dataset = dataset
        return new

    def _result(self, records: Sequence[R]) -> Collection[R]:
        """A query result: a collection of the same kind, answered by the same engine."""
        return Collection._ordered(tuple(records), kind=self._kind, dataset=self._dataset)

    def _query_engine(self) -> QueryEngine:
        """The engine that answers queries: the dataset's, or one made of this collection alone."""
        ds = self._dataset
        if ds is None:
            plural = _plural_of_kind(self._kind)
            if plural is None:
                raise QueryError(f"cannot query a collection of unknown kind {self._kind!r}")
            with _STANDALONE:
                ds = self._dataset
                if ds is None:
                    records: dict[str, Any] = {plural: self._records}
                    ds = Dataset(data_version="standalone", check=False, **records)
                    object.__setattr__(ds, "_standalone", True)  # before any other thread can see it
                    self._dataset = ds
        return ds._query_engine()

    def _owner(self) -> Dataset | None:
        """The dataset these records belong to; ``None`` for a collection built by hand."""
        ds = self._dataset
        return None if ds is None or ds._standalone else ds

    def _ids(self) -> dict[str, R]:
        by_id = self._by_id
        if by_id is None:
            by_id = self._by_id = {r.id: r for r in self._records}
        return by_id

    @property
    def kind(self) -> str:
        """The kind of record held: ``"person"``, ``"claim"``, ...

        >>> import summitdata
        >>> summitdata.load().claims.kind
        'claim'
        """
        return self._kind

    def get(self, record_id: str) -> R:
        """The record with id ``record_id``; :class:`~summitdata.RecordNotFoundError` if none.

        >>> import summitdata
        >>> summitdata.load().places.get("place:ashgabat").name
        'Ashgabat'
        """
        try:
            return self._ids()[record_id]
        except (KeyError, TypeError):
            owner = self._owner()
            if owner is not None and isinstance(record_id, str) and record_id.startswith(f"{self._kind}:"):
                owner._raise_if_removed(record_id)
            raise RecordNotFoundError(self._kind, record_id) from None

    def ids(self) -> tuple[str, ...]:
        """The ids of the records, in the collection's order.

        >>> import summitdata
        >>> summitdata.load().sources.ids()
        ('source:000-6d5a610b5cea50b9', 'source:004-e880cedfab62665c')
        """
        return tuple(r.id for r in self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __bool__(self) -> bool:
        return bool(self._records)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[R, ...]: ...
    def __getitem__(self, index: int | slice) -> R | tuple[R, ...]:
        return self._records[index]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._ids()
        record_id = getattr(item, "id", None)
        return isinstance(record_id, str) and self._ids().get(record_id) == item

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Collection):
            return NotImplemented
        return self._kind == other._kind and self._records == other._records

    def __hash__(self) -> int:
        return hash((self._kind, self._records))

    def __repr__(self) -> str:
        return f"<Collection of {len(self._records)} {self._kind} records>"

    @overload
    def filter(self: Collection[Claim], **criteria: Unpack[ClaimFilter]) -> Collection[Claim]: ...
    @overload
    def filter(self: Collection[Speech], **criteria: Unpack[SpeechFilter]) -> Collection[Speech]: ...
    @overload
    def filter(self: Collection[Summit], **criteria: Unpack[SummitFilter]) -> Collection[Summit]: ...
    @overload
    def filter(self: Collection[Initiative], **criteria: Unpack[InitiativeFilter]) -> Collection[Initiative]: ...
    @overload
    def filter(self: Collection[Person], **criteria: Unpack[PersonFilter]) -> Collection[Person]: ...
    @overload
    def filter(self: Collection[Organization], **criteria: Unpack[OrganizationFilter]) -> Collection[Organization]: ...
    @overload
    def filter(self: Collection[Place], **criteria: Unpack[PlaceFilter]) -> Collection[Place]: ...
    @overload
    def filter(self: Collection[Source], **criteria: Unpack[SourceFilter]) -> Collection[Source]: ...
    def filter(self, **criteria: Any) -> Collection[Any]:
        """The records that match every criterion, as a collection of the same kind.

        The keywords depend on the kind (``summitdata.query.KEYWORDS``): for claims
        ``speaker``, ``speech``, ``summit``, ``place``, ``kind``, ``topic``, ``direct``,
        ``initiative``, ``has_quantity``; for summits ``participant``, ``host``,
        ``status``, ``kind``, ``place``, ``parent``, ``initiative``; for initiatives
        ``proposer``, ``kind``, ``status``, ``topic``, ``summit``, ``claim``, ``speech``; for
        speeches ``speaker``, ``summit``, ``place``; for people ``of``, organizations
        ``country``, places ``kind`` and ``country``, sources ``dateline``. Claims,
        speeches, summits and initiatives also take the date keywords ``since``, ``until``, ``during``, ``strict`` and
        ``inferred`` (the rules are in :mod:`summitdata.query`). A keyword that names
        records takes a record or its id; a list of values matches any of them. The
        result is in chronological, stable order (undated records last, ties by id), and
        can be filtered again. An unknown keyword or a bad value raises
        :class:`~summitdata.QueryError`. Filters use the dataset's indexes, built on the
        first query. A collection built by hand (not taken from a dataset) answers only the
        keywords that its own records decide, and refuses the others with a ``QueryError``.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> found = ds.claims.filter(speaker="person:kassym-jomart-tokayev", topic="transport")
        >>> len(found), found.filter(direct=True).ids()[0]
        (6, 'claim:2025-10-10-cis-council-10')
        >>> [i.id for i in ds.initiatives.filter(during="Dec 2025", proposer="place:turkmenistan")]
        ['initiative:international-year-of-peace-and-trust', 'initiative:un-university-for-peace-and-neutrality']
        >>> ds.claims.filter(colour="red")
        Traceback (most recent call last):
        ...
        summitdata.errors.QueryError: claim records cannot be filtered by 'colour'; the keywords for claim are: ...
        """
        return self._query_engine().filter(self, criteria)

    def to_frame(self, *, figures: bool = False) -> DataFrame:
        """A pandas ``DataFrame`` of the records, one row each, columns as in the JSON export.

        The index is the id; values are those of :func:`summitdata.to_dict` (dates as ISO
        strings, references as ids, lists as lists), then the values derived from the
        dataset (:data:`summitdata.query.DERIVED`): a claim's ``date``,
        ``date_precision`` and ``date_inferred``. ``figures=True`` gives one row per
        figure of each claim instead, with flat columns (``value``, ``unit``,
        ``period_start``, ...). Needs the
        ``pandas`` extra (``pip install "summitdata[pandas]"``); without it, raises
        :class:`~summitdata.MissingDependencyError`.

        >>> import summitdata
        >>> claims = summitdata.load().claims.filter(has_quantity=True)
        >>> frame = claims.to_frame()
        >>> list(frame.columns[:3]), list(frame.columns[-3:]), len(frame)
        (['speakers', 'speech', 'summit'], ['date', 'date_precision', 'date_inferred'], 4)
        >>> figures = claims.to_frame(figures=True)
        >>> figures.index[0][0], figures[["text", "unit", "date"]].iloc[0].tolist()
        ('claim:2025-10-10-cis-council-07', ['$110 billion', 'USD', '2025-10-10'])
        """
        return to_frame(self._records, self._kind, self._query_engine().dataset, figures=figures)

    # Immutable: a copy is the collection itself; a pickle keeps the records, their order
    # and the dataset they belong to (so that queries on the copy answer the same).
    def __copy__(self) -> Collection[R]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Collection[R]:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        owner = self._owner()
        if owner is not None and getattr(owner, _plural_of_kind(self._kind) or "", None) is self:
            return (getattr, (owner, Kind.named(self._kind).plural))
        return (_restore_collection, (self._records, self._kind, owner))


def _restore_collection(records: tuple[Any, ...], kind: str, owner: Dataset | None) -> Collection[Any]:
    return Collection._ordered(records, kind=kind, dataset=owner)


_record_id: Callable[[Record], str] = operator.attrgetter("id")


def _role_date(role: Role) -> tuple[int, int, int]:
    return (0, 0, 0) if role.as_of is None else role.as_of.sort_key()


def combine(base: Dataset, records: Iterable[Record]) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The records of ``base`` and ``records`` by JSON array name; problems for conflicting ids."""
    merged: dict[str, list[Any]] = {plural: list(getattr(base, plural)) for plural in _PLURALS}
    problems: list[Problem] = []
    for record in records:
        plural = _plural_of(record)
        if plural is None:
            problems.append(Problem(record=type(record).__name__, field="", message="is not a summitdata record"))
            continue
        mine: Collection[Any] = getattr(base, plural)
        if record.id not in mine:
            merged[plural].append(record)
        elif mine.get(record.id) != record:
            problems.append(
                Problem(record=record.id, field="id", message="both datasets have a different record with this id")
            )
    return merged, problems


class Dataset:
    """One consistent set of records: sources, actors, summits, speeches, claims, initiatives.

    A dataset is immutable and always consistent: building one checks every anchor
    against its article and every reference (raising :class:`~summitdata.ValidationError`
    with all problems found), so no half-valid dataset exists.

    ``changes`` is the corrections log (:class:`~summitdata.Correction` entries, in
    release order): the packaged dataset carries the log of its releases, a dataset read
    from a file has none. A removed id (a tombstone) is never a live id, and looking it up
    raises :class:`~summitdata.RecordRemovedError`.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> ds.data_version == summitdata.DATA_VERSION
    True
    >>> ds.verify()
    ()
    """

    __slots__ = (
        "_engine",
        "_standalone",
        "_tombstones",
        "changes",
        "claims",
        "data_version",
        "initiatives",
        "organizations",
        "people",
        "places",
        "sources",
        "speeches",
        "summits",
    )

    sources: Collection[Source]
    people: Collection[Person]
    organizations: Collection[Organization]
    places: Collection[Place]
    summits: Collection[Summit]
    speeches: Collection[Speech]
    claims: Collection[Claim]
    initiatives: Collection[Initiative]
    data_version: str
    changes: tuple[Correction, ...]
    _engine: QueryEngine | None
    _standalone: bool
    _tombstones: Mapping[str, Correction]

    def __init__(
        self,
        *,
        sources: Iterable[Source] = (),
        people: Iterable[Person] = (),
        organizations: Iterable[Organization] = (),
        places: Iterable[Place] = (),
        summits: Iterable[Summit] = (),
        speeches: Iterable[Speech] = (),
        claims: Iterable[Claim] = (),
        initiatives: Iterable[Initiative] = (),
        data_version: str,
        changes: Iterable[Correction] = (),
        check: bool = True,
    ) -> None:
        given: dict[str, Iterable[Any]] = {
            "sources": sources,
            "people": people,
            "organizations": organizations,
            "places": places,
            "summits": summits,
            "speeches": speeches,
            "claims": claims,
            "initiatives": initiatives,
        }
        if type(data_version) is not str or not data_version:
            raise ValidationError([Problem(record="Dataset", field="data_version", message="must be non-empty text")])
        collections: dict[str, Collection[Any]] = {}
        problems: list[Problem] = []
        for cls, kind, plural in ((k.cls, k.name, k.plural) for k in KINDS):
            items = tuple(given[plural])
            others = set(map(type, items)) - {cls}  # in C: the loop below only when one is wrong
            for i, item in enumerate(items if others else ()):
                if type(item) is not cls:
                    problems.append(
                        Problem(
                            record=f"{plural}[{i}]",
                            field="",
                            message=f"must be a {cls.__name__}, not {type(item).__name__}",
                        )
                    )
            collections[plural] = Collection(items, kind=kind)
        from .changes import Correction, tombstones  # noqa: PLC0415 - keep the log out of import time

        log = tuple(changes)
        for i, item in enumerate(log):
            if type(item) is not Correction:
                problems.append(
                    Problem(
                        record=f"changes[{i}]", field="", message=f"must be a Correction, not {type(item).__name__}"
                    )
                )
        if problems:
            raise ValidationError(problems)
        for plural, collection in collections.items():
            object.__setattr__(self, plural, collection)
        object.__setattr__(self, "data_version", data_version)
        object.__setattr__(self, "changes", log)
        object.__setattr__(self, "_tombstones", MappingProxyType(tombstones(log)))
        object.__setattr__(self, "_engine", None)  # made by the first query (``_query_engine``)
        object.__setattr__(self, "_standalone", False)
        for collection in collections.values():
            collection._dataset = self
        if check:
            found = self.verify()
            if found:
                raise ValidationError(found)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Dataset is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Dataset is immutable: cannot delete {name!r}")

    def _query_engine(self) -> QueryEngine:
        """The engine that owns this dataset's indexes, made on the first query.

        Queries are imported on first use: loading a dataset does not import them.
        """
        engine = self._engine
        if engine is None:
            with _ENGINE:
                engine = self._engine
                if engine is None:
                    from .engine import QueryEngine  # noqa: PLC0415 - queries are imported on first use

                    engine = QueryEngine(self, standalone=self._standalone)
                    object.__setattr__(self, "_engine", engine)
        return engine

    def collections(self) -> tuple[Collection[Any], ...]:
        """The eight collections in the order of the JSON contract.

        >>> import summitdata
        >>> [c.kind for c in summitdata.load().collections()][:3]
        ['source', 'person', 'organization']
        """
        return tuple(getattr(self, plural) for plural in _PLURALS)

    def records(self) -> Iterator[Record]:
        """Every record of every kind, in the order of the JSON contract.

        >>> import summitdata
        >>> next(summitdata.load().records()).id
        'source:000-6d5a610b5cea50b9'
        """
        for collection in self.collections():
            yield from collection

    def get(self, record_id: str) -> Record:
        """The record of any kind with id ``record_id``.

        >>> import summitdata
        >>> summitdata.load().get("place:caspian-sea").name
        'Caspian Sea'
        """
        prefix = record_id.partition(":")[0] if isinstance(record_id, str) else ""
        for collection in self.collections():
            if collection.kind == prefix:
                result: Record = collection.get(record_id)
                return result
        if isinstance(record_id, str):
            self._raise_if_removed(record_id)
        raise RecordNotFoundError("record", record_id)

    def _raise_if_removed(self, record_id: str) -> None:
        """Raise :class:`~summitdata.RecordRemovedError` when ``record_id`` is a tombstone."""
        stone = self._tombstones.get(record_id)
        if stone is not None:
            raise RecordRemovedError(
                record_id.partition(":")[0],
                record_id,
                data_version=stone.data_version,
                reason=stone.reason,
                replaced_by=stone.replaced_by,
            )

    def verify(self) -> tuple[Problem, ...]:
        """Re-check every anchor against its article and every reference; return the problems.

        The packaged data has none:

        >>> import summitdata
        >>> summitdata.load().verify()
        ()
        """
        from .changes import check_changes  # noqa: PLC0415 - keep the log out of import time

        problems = check_records(self.records())
        if self.changes:
            problems.extend(check_changes(self.changes, {r.id: r for r in self.records()}))
        return tuple(problems)

    # --- queries (summitdata.query, summitdata.index, summitdata.search) ---------------

    def date_of(self, record: Record | str) -> PartialDate | None:
        """The date of a summit (its start), speech or claim; ``None`` for other kinds or when unknown.

        Claims have no date field: a claim's date is its speech's date, else its summit's
        start (the rule the date filters use; see :mod:`summitdata.query`).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> str(ds.date_of("claim:2025-12-12-ashgabat-forum-30"))
        '2025-12-12'
        """
        from .query import date_of  # noqa: PLC0415 - queries are imported on first use

        return date_of(self, self._record(record))[0]

    def lookup(self, name: str) -> tuple[Person | Organization | Place, ...]:
        """The people, organizations and places that a name or alias fits, best first.

        Case- and accent-insensitive, with a fuzzy fallback for transliterations
        (see :mod:`summitdata.search`).

        >>> import summitdata
        >>> [p.id for p in summitdata.load().lookup("Berdymukhamedov")]
        ['person:gurbanguly-berdimuhamedov', 'person:serdar-berdimuhamedov']
        """
        return self._query_engine().lookup(name)

    def search(self, text: str, *, kind: str | None = None, limit: int | None = None) -> tuple[Record, ...]:
        """The records whose names, claim texts or quotations contain every word of ``text``, best first.

        ``kind`` keeps one kind (``"claim"``, ``"initiative"``, ...), ``limit`` the best
        ones. Ranking and matching rules are in :mod:`summitdata.search`.

        >>> import summitdata
        >>> [r.id for r in summitdata.load().search("figure of speech")]
        ['claim:2025-12-12-ashgabat-forum-06']
        """
        return self._query_engine().search(text, kind=kind, limit=limit)

    def context(self, anchor: Anchor | Record) -> Anchor:
        """The anchor of the whole article sentence around ``anchor`` (or a record's first anchor).

        When the sentence is part of a quotation, the context is the whole quotation, with
        the sentence that attributes it ("…,” Tokayev said.").

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> claim = ds.claims.get("claim:2025-12-12-ashgabat-forum-17")
        >>> claim.text
        'calling it a historic step that opens new prospects for cooperation in the South Caucasus'
        >>> ds.context(claim).text[:64]
        'Tokayev also welcomed the signing of the joint declaration on pe'
        >>> quote = ds.context(ds.claims.get("claim:2025-12-12-ashgabat-forum-14")).text
        >>> quote[:50], quote[-40:]
        ('“Kazakhstan welcomes the activation of the negotia', 'eving long-awaited peace,” Tokayev said.')
        """
        return self._query_engine().context(anchor)

    def timeline(self, **dates: Unpack[DateFilter]) -> tuple[Milestone, ...]:
        """Events, speeches and initiative milestones in date order, undated ones last.

        Takes the date keywords of ``filter`` (``since``, ``until``, ``during``,
        ``strict``, ``inferred``).

        >>> import summitdata
        >>> [(str(m.date), m.kind) for m in summitdata.load().timeline(since="2026")]
        [('2026', 'event'), ('2026-04', 'event')]
        """
        return self._query_engine().timeline(dates)

    def subevents(self, summit: Summit | str) -> Collection[Summit]:
        """The events that sit inside a summit (their ``parent``), in date order.

        >>> import summitdata
        >>> summitdata.load().subevents("summit:2025-12-11-tokayev-visit-ashgabat").ids()
        ('summit:2025-12-ashgabat-talks', 'summit:2025-12-11-ashgabat-welcome')
        """
        return self.summits.filter(parent=summit)

    def speeches_of(self, record: Summit | Person | str, *, subevents: bool = True) -> Collection[Speech]:
        """The speeches given at a summit (and the events inside it), or by a person, in date order.

        ``subevents=False`` keeps the speeches given at the summit itself. ``record`` is a
        record, its id or its name (resolved like the filter keywords).

        >>> import summitdata
        >>> len(summitdata.load().speeches_of("person:kassym-jomart-tokayev"))
        2
        """
        return self._navigate("speeches_of", record, subevents)

    def claims_of(self, record: Record | str, *, subevents: bool = True) -> Collection[Claim]:
        """The claims made at a summit (and its sub-events), in a speech, by an actor, or that mention an initiative.

        A summit's claims include those of its sub-events (a visit's talks, ...);
        ``subevents=False`` keeps the claims made at the summit itself. ``record`` is a
        record, its id or its name (resolved like the filter keywords: ``"Tokayev"``).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> len(ds.claims_of("speech:2025-10-10-tokayev-cis-heads-of-state-council"))
        21
        >>> ds.claims_of("initiative:caspian-interstate-programme").ids()[0]
        'claim:2025-10-10-cis-council-15'
        >>> visit = "summit:2025-12-11-tokayev-visit-ashgabat"
        >>> len(ds.claims_of(visit)), len(ds.claims_of(visit, subevents=False))
        (5, 2)
        """
        return self._navigate("claims_of", record, subevents)

    def roles_of(self, person: Person | str) -> tuple[Role, ...]:
        """The titles a person holds, with the date each is attested, in date order.

        >>> import summitdata
        >>> [(r.title, str(r.as_of)) for r in summitdata.load().roles_of("person:kassym-jomart-tokayev")]
        [('President', '2025-10-10')]
        """
        target = self._record(person, "roles_of", ("person",))
        if Kind.of(target).name != "person":
            raise QueryError(f"roles_of: expected a person, not {target.id!r}")
        return tuple(sorted(cast("Person", target).roles, key=_role_date))

    def role_of(self, person: Person | str, date: PartialDate | datetime.date | str) -> Role | None:
        """The title a person held on ``date``: the one last attested on or before it; ``None`` when none is.

        The articles attest a title at a date (a role's ``as_of``), never when it began or
        ended, so the answer is the role attested last by ``date``. With partial dates, a
        role counts when its ``as_of`` lies entirely on or before the last day ``date``
        covers (``as_of`` ``2025-12`` counts for ``"2025-12"`` and ``"2026"``, not for
        ``"2025-12-05"``); the latest such ``as_of`` wins (by its last day, then its
        precision), and of roles attested on the same day the first listed. A role without
        ``as_of`` never counts. ``date`` is a :class:`datetime.date`, a
        :class:`~summitdata.PartialDate` or a string the date filters read (``"Dec 2025"``).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> role = ds.role_of("person:kassym-jomart-tokayev", "2025-11")
        >>> role.title, role.of, str(role.as_of)
        ('President', 'place:kazakhstan', '2025-10-10')
        >>> ds.role_of("person:kassym-jomart-tokayev", "2025-10-09") is None
        True
        """
        from .query import parse_bound  # noqa: PLC0415 - queries are imported on first use

        target = self._record(person)
        if Kind.of(target).name != "person":
            raise QueryError(f"role_of: expected a person, not {target.id!r}")
        limit = parse_bound(date, keyword="role_of").last_day()
        best: Role | None = None
        best_key: tuple[datetime.date, int] | None = None
        for role in cast("Person", target).roles:
            if role.as_of is None or role.as_of.last_day() > limit:
                continue
            key = (role.as_of.last_day(), -role.as_of.first_day().toordinal())
            if best_key is None or key > best_key:
                best, best_key = role, key
        return best

    def milestones(self, initiative: Initiative | str) -> tuple[Milestone, ...]:
        """The claims that mention an initiative, with their date and event, in date order.

        >>> import summitdata
        >>> [m.record.id for m in summitdata.load().milestones("initiative:movement-for-peace")]
        ['claim:2025-eighth-congress-01', 'claim:2025-12-12-ashgabat-forum-23', 'claim:2025-12-12-ashgabat-forum-24']
        """
        target = self._record(initiative, "milestones", ("initiative",))
        if Kind.of(target).name != "initiative":
            raise QueryError(f"milestones: expected an initiative, not {target.id!r}")
        return self._query_engine().milestones(cast("Initiative", target))

    def events_of(self, initiative: Initiative | str) -> Collection[Summit]:
        """The summits where an initiative was raised (a claim there mentions it), in date order.

        >>> import summitdata
        >>> summitdata.load().events_of("initiative:caspian-interstate-programme").ids()
        ('summit:2025-10-10-cis-heads-of-state-council', 'summit:2025-12-12-ashgabat-forum')
        """
        return self.summits.filter(initiative=initiative)

    def initiatives_of(self, record: Record | str) -> Collection[Initiative]:
        """The initiatives a claim mentions, raised at a summit or in a speech, or proposed by an actor.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> ds.initiatives_of("claim:2025-10-10-cis-council-19").ids()
        ('initiative:cis-plus-format', 'initiative:sco-observer-status-in-cis')
        >>> len(ds.initiatives_of("place:turkmenistan"))
        2
        """
        return self._navigate("initiatives_of", record)

    def _navigate(self, method: str, record: Record | str, subevents: bool = True) -> Collection[Any]:
        """The records ``method`` finds for ``record``: a filter chosen by the record's kind (:data:`_NAVIGATION`)."""
        plural, keywords, expected = _NAVIGATION[method]
        target = self._record(record, method, tuple(keywords))
        keyword = keywords.get(Kind.of(target).name)
        if keyword is None:
            raise QueryError(f"{method}: expected {expected}, not {target.id!r}")
        collection: Collection[Any] = getattr(self, plural)
        criteria: dict[str, Any] = {keyword: target}
        if keyword == "summit":
            criteria["subevents"] = subevents
        return collection.filter(**criteria)

    def _record(self, record: Record | str, method: str = "", kinds: Sequence[str] = ()) -> Record:
        """The record that ``record`` is or names: an id, or (when ``kinds`` are given) a name."""
        if isinstance(record, str):
            try:
                return self.get(record)
            except RecordNotFoundError:
                if not kinds:
                    raise QueryError(f"no record with id {record!r}") from None
            from .query import resolve  # noqa: PLC0415 - queries are imported on first use

            return self.get(resolve(self._query_engine().index, method, record, kinds))
        plural = _plural_of(record)
        if plural is None or record not in getattr(self, plural):
            raise QueryError(f"{getattr(record, 'id', record)!r} is not a record of this dataset")
        return record

    def merge(self, other: Dataset | Iterable[Record], *, data_version: str | None = None) -> Dataset:
        """A new dataset with the records of both, checked like any other.

        ``other`` is a dataset or any records (so they may refer to records of this
        dataset). A record present in both with the same id must be identical (it is kept
        once); a different one is a problem. The result must pass every check (anchors,
        references, unique ids); every problem is raised together in one
        :class:`~summitdata.ValidationError`. ``data_version`` defaults to this dataset's
        when ``other`` is records or has the same version, else to ``"<this>+<other>"``.

        >>> import summitdata
        >>> from summitdata import Anchor, Place, PlaceKind, Source
        >>> ds = summitdata.load()
        >>> ds.merge(ds) == ds
        True
        >>> note = Source(id="source:my-note", file="my-note.txt", text="Dushanbe is in Tajikistan.",
        ...               evidence=(Anchor(source="source:my-note", start=0, end=8, text="Dushanbe"),))
        >>> tajikistan = Place(id="place:tajikistan", name="Tajikistan", kind=PlaceKind.COUNTRY,
        ...                    evidence=(Anchor(source="source:my-note", start=15, end=25, text="Tajikistan"),))
        >>> merged = ds.merge([note, tajikistan])
        >>> len(merged.places) - len(ds.places), merged.data_version
        (1, '2026.1')
        >>> ds.merge([Place(id="place:dushanbe", name="Dushanbe", kind=PlaceKind.CITY, evidence=note.evidence)])
        Traceback (most recent call last):
        ...
        summitdata.errors.ValidationError: place:dushanbe: id: both datasets have a different record with this id
        """
        changes = list(self.changes)
        if isinstance(other, Dataset):
            records: Iterable[Record] = other.records()
            if data_version is None and other.data_version != self.data_version:
                data_version = f"{self.data_version}+{other.data_version}"
            changes.extend(c for c in other.changes if c not in self.changes)
        else:
            records = other
        merged, problems = combine(self, records)
        result = Dataset(data_version=data_version or self.data_version, changes=changes, check=False, **merged)
        problems.extend(result.verify())
        if problems:
            raise ValidationError(problems)
        return result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        # The records and their version make a dataset; the corrections log describes how the
        # version came about, and an export (which does not carry it) still equals its source.
        return self.data_version == other.data_version and self.collections() == other.collections()

    def __hash__(self) -> int:
        return hash((self.data_version, self.collections()))

    # Immutable: a copy is the dataset itself; a pickle keeps the records (the indexes are
    # built again on the first query of the copy).
    def __copy__(self) -> Dataset:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        records = tuple(getattr(self, plural)._records for plural in _PLURALS)
        return (_restore_dataset, (self.data_version, records, self.changes))

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, plural))} {plural}" for plural in _PLURALS)
        return f"<Dataset {self.data_version}: {counts}>"


def _restore_dataset(
    data_version: str, records: tuple[tuple[Any, ...], ...], changes: tuple[Correction, ...] = ()
) -> Dataset:
    # The records were checked when the pickled dataset was built.
    collections = {
        plural: found for (_, _, plural), found in zip(((k.cls, k.name, k.plural) for k in KINDS), records, strict=True)
    }
    return Dataset(data_version=data_version, changes=changes, check=False, **collections)

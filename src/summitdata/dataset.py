"""Immutable collections of records, and the dataset that holds one of each kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar, overload

from ._checks import check_records
from .errors import Problem, RecordNotFoundError, ValidationError
from .records import (
    RECORD_TYPES,
    Claim,
    Initiative,
    Organization,
    Person,
    Place,
    Record,
    Source,
    Speech,
    Summit,
)

__all__ = ["SCHEMA_VERSION", "Collection", "Dataset"]

#: The version of the JSON contract this library writes (see the JSON format reference).
SCHEMA_VERSION = "1.0"

R = TypeVar("R", Source, Person, Organization, Place, Summit, Speech, Claim, Initiative)

_KIND_OF = {cls: kind for cls, kind, _ in RECORD_TYPES}
_PLURAL_OF: dict[type[Any], str] = {cls: plural for cls, _, plural in RECORD_TYPES}


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

    __slots__ = ("_by_id", "_kind", "_records")

    def __init__(self, records: Iterable[R], *, kind: str, sort: bool = True) -> None:
        items = tuple(records)
        self._records: tuple[R, ...] = tuple(sorted(items, key=_record_id)) if sort else items
        self._kind = kind
        self._by_id: dict[str, R] = {r.id: r for r in self._records}

    @property
    def kind(self) -> str:
        """The kind of record held: ``"person"``, ``"claim"``, ..."""
        return self._kind

    def get(self, record_id: str) -> R:
        """The record with id ``record_id``; :class:`~summitdata.RecordNotFoundError` if none."""
        try:
            return self._by_id[record_id]
        except (KeyError, TypeError):
            raise RecordNotFoundError(self._kind, record_id) from None

    def ids(self) -> tuple[str, ...]:
        """The ids of the records, in the collection's order."""
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
            return item in self._by_id
        record_id = getattr(item, "id", None)
        return isinstance(record_id, str) and self._by_id.get(record_id) == item

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Collection):
            return NotImplemented
        return self._kind == other._kind and self._records == other._records

    def __hash__(self) -> int:
        return hash((self._kind, self._records))

    def __repr__(self) -> str:
        return f"<Collection of {len(self._records)} {self._kind} records>"


def _record_id(record: Record) -> str:
    return record.id


def combine(base: Dataset, records: Iterable[Record]) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The records of ``base`` and ``records`` by JSON array name; problems for conflicting ids."""
    merged: dict[str, list[Any]] = {plural: list(getattr(base, plural)) for _, _, plural in RECORD_TYPES}
    problems: list[Problem] = []
    for record in records:
        plural = _PLURAL_OF.get(type(record))
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

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> ds.data_version == summitdata.DATA_VERSION
    True
    >>> ds.verify()
    ()
    """

    __slots__ = (
        "_cache",
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
    _cache: dict[str, Any]

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
        for cls, kind, plural in RECORD_TYPES:
            items = tuple(given[plural])
            for i, item in enumerate(items):
                if type(item) is not cls:
                    problems.append(
                        Problem(
                            record=f"{plural}[{i}]",
                            field="",
                            message=f"must be a {cls.__name__}, not {type(item).__name__}",
                        )
                    )
            collections[plural] = Collection(items, kind=kind)
        if problems:
            raise ValidationError(problems)
        for plural, collection in collections.items():
            object.__setattr__(self, plural, collection)
        object.__setattr__(self, "data_version", data_version)
        object.__setattr__(self, "_cache", {})
        if check:
            found = self.verify()
            if found:
                raise ValidationError(found)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Dataset is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Dataset is immutable: cannot delete {name!r}")

    def collections(self) -> tuple[Collection[Any], ...]:
        """The eight collections in the order of the JSON contract."""
        return tuple(getattr(self, plural) for _, _, plural in RECORD_TYPES)

    def records(self) -> Iterator[Record]:
        """Every record of every kind, in the order of the JSON contract."""
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
        raise RecordNotFoundError("record", record_id)

    def verify(self) -> tuple[Problem, ...]:
        """Re-check every anchor against its article and every reference; return the problems.

        The packaged data has none:

        >>> import summitdata
        >>> summitdata.load().verify()
        ()
        """
        return tuple(check_records(self.records()))

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
        (1, '2025.12.1')
        >>> ds.merge([Place(id="place:dushanbe", name="Dushanbe", kind=PlaceKind.CITY, evidence=note.evidence)])
        Traceback (most recent call last):
        ...
        summitdata.errors.ValidationError: place:dushanbe: id: both datasets have a different record with this id
        """
        if isinstance(other, Dataset):
            records: Iterable[Record] = other.records()
            if data_version is None and other.data_version != self.data_version:
                data_version = f"{self.data_version}+{other.data_version}"
        else:
            records = other
        merged, problems = combine(self, records)
        result = Dataset(data_version=data_version or self.data_version, check=False, **merged)
        problems.extend(result.verify())
        if problems:
            raise ValidationError(problems)
        return result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self.data_version == other.data_version and self.collections() == other.collections()

    def __hash__(self) -> int:
        return hash((self.data_version, self.collections()))

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, plural))} {plural}" for _, _, plural in RECORD_TYPES)
        return f"<Dataset {self.data_version}: {counts}>"

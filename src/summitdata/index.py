"""The indexes behind filters and navigation, built lazily once per dataset.

A :class:`~summitdata.Dataset` is immutable, so its indexes never go stale: the first
query builds what it needs (the chronological order of a kind, the postings of one
keyword, the date table of a kind) and keeps it; later queries reuse it. The
:class:`Index` of a dataset belongs to its query engine (:mod:`summitdata.engine`), which
shares its lock with it: each table is built once, even when threads ask at the same
time. The tables it returns are read-only. :meth:`Index.build_all` builds everything at
once (what the benchmark times).

>>> import summitdata
>>> ds = summitdata.load()
>>> index = index_of(ds)
>>> index is index_of(ds)
True
>>> [c.id for c in index.claims_mentioning("initiative:caspian-interstate-programme")][:1]
['claim:2025-10-10-cis-council-15']
"""

from __future__ import annotations

import bisect
import operator
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from . import query
from ._gc import gc_paused
from .records import KINDS, Claim, Initiative, Record, Speech, Summit

if TYPE_CHECKING:
    from .dataset import Collection, Dataset

__all__ = ["Index", "index_of"]

_UNDATED = (1, (0, 0, 0))
_KIND_ORDER = MappingProxyType({"event": 0, "speech": 1, "milestone": 2})

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def index_of(ds: Dataset) -> Index:
    """The dataset's :class:`Index`: the one its query engine owns, built on first use.

    >>> import summitdata
    >>> index_of(summitdata.load()).rank("summit")["summit:2025-80th-un-general-assembly"]
    1
    """
    return ds._query_engine().index


class _Group:
    """Records whose date intervals have the same precision: both ends sorted together.

    Built from rows ``(first, last, inferred, rank, record)`` in chronological order.
    """

    __slots__ = ("firsts", "inferred", "lasts", "ranks", "records")

    def __init__(self, rows: Sequence[tuple[int, int, bool, int, Any]]) -> None:
        self.firsts: tuple[int, ...] = tuple(row[0] for row in rows)
        self.lasts: tuple[int, ...] = tuple(row[1] for row in rows)
        self.inferred: tuple[bool, ...] = tuple(row[2] for row in rows)
        self.ranks: tuple[int, ...] = tuple(row[3] for row in rows)
        self.records: tuple[Any, ...] = tuple(row[4] for row in rows)


class Index:
    """Lazily built lookup tables over one dataset (see the module documentation).

    ``standalone`` is true for the index of a collection built by hand: references are
    not checked against records it does not hold, and the keywords that need them are
    refused (see :func:`summitdata.query.filter_collection`). ``lock`` is the reentrant
    lock that guards the builds (the engine's; by default one of its own).

    >>> import summitdata
    >>> index = Index(summitdata.load())
    >>> index.chrono("speech") is index.chrono("speech")
    True
    """

    def __init__(self, ds: Dataset, *, standalone: bool = False, lock: threading.RLock | None = None) -> None:
        self.ds = ds
        self.standalone = standalone
        self._lock = threading.RLock() if lock is None else lock
        self._by_prefix: Mapping[str, Collection[Any]] = MappingProxyType(
            {kind.name: getattr(ds, kind.plural) for kind in KINDS}
        )
        self._ids: Mapping[str, Mapping[str, Record]] = MappingProxyType(
            {kind: c._ids() for kind, c in self._by_prefix.items()}
        )
        # The tables, each filled once by ``_once``.
        self._dated: dict[str, Mapping[str, tuple[int, int, bool]]] = {}
        self._chrono: dict[str, tuple[Any, ...]] = {}
        self._rank: dict[str, Mapping[str, int]] = {}
        self._postings: dict[tuple[str, str], Mapping[Any, tuple[Any, ...]]] = {}
        self._groups: dict[str, Mapping[str, _Group]] = {}
        self._places: dict[str, tuple[str, ...]] = {}
        self._firsts: dict[str, tuple[int, ...]] = {}

    def _once(self, tables: dict[K, T], key: K, build: Callable[[], T]) -> T:
        """``tables[key]``, built under the lock by the first caller."""
        found = tables.get(key)
        if found is None:
            with self._lock:
                found = tables.get(key)
                if found is None:
                    found = tables[key] = build()
        return found

    # --- records ----------------------------------------------------------------------

    def record(self, record_id: str) -> Record | None:
        """The record with this id, or ``None``."""
        table = self._ids.get(record_id.partition(":")[0])
        return None if table is None else table.get(record_id)

    def place_and_country(self, place_id: str) -> tuple[str, ...]:
        """The place and, when it lies in one, its country (what ``place=`` matches)."""

        def build() -> tuple[str, ...]:
            country = getattr(self.record(place_id), "country", None)
            return (place_id,) if country is None else (place_id, country)

        return self._once(self._places, place_id, build)

    def is_whole(self, collection: Collection[Any]) -> bool:
        """Whether ``collection`` is the dataset's own collection of its kind."""
        return self._by_prefix.get(collection.kind) is collection

    # --- dates and order --------------------------------------------------------------

    def dated(self, kind: str) -> Mapping[str, tuple[int, int, bool]]:
        """For each dated record of a kind: first and last day (ordinals) and whether inferred."""

        def build() -> Mapping[str, tuple[int, int, bool]]:
            table: dict[str, tuple[int, int, bool]] = {}
            if kind in ("summit", "speech", "claim"):
                with gc_paused():
                    for record in self._by_prefix[kind]:
                        found = query.interval(self.ds, record)
                        if found is not None:
                            table[record.id] = (found[0].toordinal(), found[1].toordinal(), found[2])
            return MappingProxyType(table)

        return self._once(self._dated, kind, build)

    def _sort_key(self, kind: str) -> Callable[[Any], tuple[Any, ...]]:
        if kind == "initiative":
            claim_rank = self.rank("claim")
            claim_dates = self.dated("claim")

            def initiative_key(record: Initiative) -> tuple[Any, ...]:
                for claim in self.claims_mentioning(record.id):
                    if claim.id in claim_dates:
                        date, _ = query.date_of(self.ds, claim)
                        assert date is not None
                        return (0, date.sort_key(), claim_rank[claim.id], record.id)
                return (*_UNDATED, 0, record.id)

            return initiative_key
        if kind not in ("summit", "speech", "claim"):
            return lambda record: (record.id,)

        def key(record: Any) -> tuple[Any, ...]:
            date, _ = query.date_of(self.ds, record)
            if date is None:
                return (*_UNDATED, record.id)
            return (0, date.sort_key(), record.id)

        return key

    def chrono(self, kind: str) -> tuple[Any, ...]:
        """Every record of a kind in chronological, stable order (undated last, then by id)."""

        def build() -> tuple[Any, ...]:
            key = self._sort_key(kind)
            with gc_paused():
                return tuple(sorted(self._by_prefix[kind], key=key))

        return self._once(self._chrono, kind, build)

    def rank(self, kind: str) -> Mapping[str, int]:
        """Each record's position in :meth:`chrono`."""
        return self._once(
            self._rank, kind, lambda: MappingProxyType({record.id: i for i, record in enumerate(self.chrono(kind))})
        )

    def firsts(self, kind: str) -> tuple[int, ...]:
        """The first day (ordinal) of each dated record of :meth:`chrono`, which it sorts."""

        def build() -> tuple[int, ...]:
            table = self.dated(kind)
            found: list[int] = []
            for record in self.chrono(kind):
                entry = table.get(record.id)
                if entry is None:
                    break  # undated records come last
                found.append(entry[0])
            return tuple(found)

        return self._once(self._firsts, kind, build)

    def by_rank(self, kind: str, ranks: list[int]) -> Sequence[Any]:
        """The records at these positions of :meth:`chrono`, in chronological order."""
        ranks.sort()
        chrono = self.chrono(kind)
        if len(ranks) > 1:
            return operator.itemgetter(*ranks)(chrono)  # type: ignore[no-any-return]
        return [chrono[r] for r in ranks]

    def merge(self, kind: str, lists: Iterable[Sequence[Any]]) -> list[Any]:
        """The union of several chronological lists of records, in chronological order."""
        rank = self.rank(kind)
        seen: dict[str, Any] = {}
        for records in lists:
            for record in records:
                seen[record.id] = record
        return sorted(seen.values(), key=lambda r: rank[r.id])

    # --- postings ---------------------------------------------------------------------

    def postings(self, kind: str, keyword: str, keys: query.Extractor) -> Mapping[Any, tuple[Any, ...]]:
        """For one filter keyword: each key to the records that have it, in chronological order."""

        def build() -> Mapping[Any, tuple[Any, ...]]:
            lists: dict[Any, list[Any]] = {}
            with gc_paused():
                for record in self.chrono(kind):
                    for key in keys(record, self):
                        bucket = lists.get(key)
                        if bucket is None:
                            lists[key] = [record]
                        elif bucket[-1] is not record:
                            bucket.append(record)
                return MappingProxyType({key: tuple(records) for key, records in lists.items()})

        return self._once(self._postings, (kind, keyword), build)

    def claims_mentioning(self, initiative_id: str) -> tuple[Claim, ...]:
        """The claims that list an initiative, in chronological order."""
        keys = query.KEYWORDS["claim"]["initiative"].keys
        return self.postings("claim", "initiative", keys).get(initiative_id, ())

    def summits_raising(self, initiative_id: str) -> list[str]:
        """The ids of the summits where claims mention an initiative, in order of first mention."""
        found: dict[str, None] = {}
        for claim in self.claims_mentioning(initiative_id):
            if claim.summit is not None:
                found[claim.summit] = None
        return list(found)

    def initiatives_raised_at(self, summit_id: str) -> list[str]:
        """The ids of the initiatives that claims made at a summit mention."""
        keys = query.KEYWORDS["claim"]["summit"].keys
        found: dict[str, None] = {}
        for claim in self.postings("claim", "summit", keys).get(summit_id, ()):
            found.update(dict.fromkeys(claim.initiatives))
        return list(found)

    # --- date ranges ------------------------------------------------------------------

    def groups(self, kind: str) -> Mapping[str, _Group]:
        """The dated records of a kind by precision, each group sorted by both interval ends.

        Within one precision the first and the last day grow together, so the records
        that overlap (or lie inside) a range are one slice found by bisection. Summits
        that span several days (an ``end`` after the ``start``) go to the group
        ``"span"``, which is scanned.
        """

        def build() -> Mapping[str, _Group]:
            rows: dict[str, list[tuple[int, int, bool, int, Any]]] = {}
            table = self.dated(kind)
            rank = self.rank(kind)
            with gc_paused():
                for record in self.chrono(kind):
                    entry = table.get(record.id)
                    if entry is None:
                        continue
                    first, last, inferred = entry
                    if isinstance(record, Summit) and record.end is not None and record.end != record.start:
                        precision = "span"
                    else:
                        date, _ = query.date_of(self.ds, record)
                        assert date is not None
                        precision = date.precision.value
                    rows.setdefault(precision, []).append((first, last, inferred, rank[record.id], record))
                return MappingProxyType({precision: _Group(group) for precision, group in rows.items()})

        return self._once(self._groups, kind, build)

    def date_test(
        self, kind: str, dates: query.DateRange
    ) -> tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]:
        """The size, candidates and per-record test of a date criterion (see ``query``)."""
        if kind == "initiative":
            return self._initiative_date_test(dates)
        table = self.dated(kind)

        def test(record: Any) -> bool:
            entry = table.get(record.id)
            if entry is None:  # no date: never matches a range; inferred=False alone keeps it
                return not dates.active
            return dates.matches(*entry)

        if dates.active and dates.inferred and not dates.strict:
            return self._overlap(kind, dates, test)
        slices: list[Sequence[int]] = []
        for precision, group in self.groups(kind).items():
            if precision == "span" or not dates.active:
                lo, hi = 0, len(group.ranks)
            elif dates.strict:
                lo = bisect.bisect_left(group.firsts, dates.low)
                hi = bisect.bisect_right(group.lasts, dates.high)
            else:
                lo = bisect.bisect_left(group.lasts, dates.low)
                hi = bisect.bisect_right(group.firsts, dates.high)
            if precision == "span" or not dates.inferred:
                matches = dates.matches
                ranks, firsts, lasts, inferred = group.ranks, group.firsts, group.lasts, group.inferred
                slices.append([ranks[i] for i in range(lo, hi) if matches(firsts[i], lasts[i], inferred[i])])
            elif hi > lo:
                slices.append(group.ranks[lo:hi])
        if not dates.active:
            slices.append(list(range(len(self.firsts(kind)), len(self.chrono(kind)))))
        size = sum(len(s) for s in slices)

        def candidates() -> Sequence[Any]:
            return self.by_rank(kind, [r for ranks in slices for r in ranks])

        return size, candidates, test

    def _overlap(
        self, kind: str, dates: query.DateRange, test: Callable[[Any], bool]
    ) -> tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]:
        """Records whose interval overlaps the range: one slice of :meth:`chrono`, after the
        records that start before the range and end inside or after it (month, year, span).
        """
        firsts = self.firsts(kind)
        low = dates.low
        lo = bisect.bisect_left(firsts, low)
        hi = bisect.bisect_right(firsts, dates.high)
        before: list[tuple[_Group, int, int]] = []
        size = hi - lo
        for precision, group in self.groups(kind).items():
            if precision == "day":
                continue  # a day starts and ends on the same day: never before the range
            if precision == "span":
                a, b = 0, len(group.ranks)
            else:
                a = bisect.bisect_left(group.lasts, low)
                b = bisect.bisect_left(group.firsts, low)
            if b > a:
                before.append((group, a, b))
                size += b - a

        span = self.groups(kind).get("span")

        def candidates() -> Sequence[Any]:
            main = self.chrono(kind)[lo:hi]
            if not before:
                return main
            if len(before) == 1 and before[0][0] is not span:
                group, a, b = before[0]
                return group.records[a:b] + main
            ranks = [g.ranks[i] for g, a, b in before for i in range(a, b) if g.firsts[i] < low <= g.lasts[i]]
            return tuple(self.by_rank(kind, ranks)) + main

        return size, candidates, test

    def _initiative_date_test(
        self, dates: query.DateRange
    ) -> tuple[int, Callable[[], Sequence[Any]], Callable[[Any], bool]]:
        claim_size, claim_candidates, claim_test = self.date_test("claim", dates)

        def candidates() -> Sequence[Any]:
            found: dict[str, None] = {}
            for claim in claim_candidates():
                found.update(dict.fromkeys(claim.initiatives))
            rank = self.rank("initiative")
            initiatives = self._by_prefix["initiative"]
            return sorted((initiatives.get(i) for i in found), key=lambda r: rank[r.id])

        def test(record: Any) -> bool:
            claims = self.claims_mentioning(record.id)
            if not claims:
                return not dates.active
            return any(claim_test(claim) for claim in claims)

        if not dates.active:  # inferred=False alone: a scan of the initiatives
            return len(self.chrono("initiative")), lambda: [i for i in self.chrono("initiative") if test(i)], test
        return claim_size, candidates, test

    # --- timeline ---------------------------------------------------------------------

    def milestone(self, record: Summit | Speech | Claim, initiative: Initiative | None = None) -> query.Milestone:
        """The timeline entry of a summit, speech or claim."""
        date, inferred = query.date_of(self.ds, record)
        summit_id = record.id if isinstance(record, Summit) else record.summit
        summit = None if summit_id is None else self.record(summit_id)
        assert summit is None or isinstance(summit, Summit)
        return query.Milestone(date=date, inferred=inferred, record=record, summit=summit, initiative=initiative)

    def milestones(self, initiative: Initiative) -> tuple[query.Milestone, ...]:
        """The claims that mention an initiative, as timeline entries in date order."""
        return tuple(self.milestone(claim, initiative) for claim in self.claims_mentioning(initiative.id))

    def timeline(self, dates: query.DateRange | None) -> tuple[query.Milestone, ...]:
        """Events, speeches and initiative milestones in date order (undated last)."""
        entries: list[query.Milestone] = []
        for kind in ("summit", "speech"):
            table = self.dated(kind)
            for record in self.chrono(kind):
                if dates is not None:
                    entry = table.get(record.id)
                    if dates.active if entry is None else not dates.matches(*entry):
                        continue
                entries.append(self.milestone(record))
        for initiative in self.chrono("initiative"):
            for milestone in self.milestones(initiative):
                if dates is not None:
                    found = self.dated("claim").get(milestone.record.id)
                    if dates.active if found is None else not dates.matches(*found):
                        continue
                entries.append(milestone)
        entries.sort(key=_timeline_key)
        return tuple(entries)

    # --- everything -------------------------------------------------------------------

    @gc_paused()
    def build_all(self) -> Index:
        """Build every table now (the first query would otherwise build what it needs)."""
        for kind in (k.name for k in KINDS):
            self.rank(kind)
            self.groups(kind)
            for keyword, spec in query.KEYWORDS.get(kind, {}).items():
                self.postings(kind, keyword, spec.keys)
        return self


def _timeline_key(entry: query.Milestone) -> tuple[Any, ...]:
    date = entry.date
    when = _UNDATED if date is None else (0, date.sort_key())
    initiative = "" if entry.initiative is None else entry.initiative.id
    return (*when, _KIND_ORDER[entry.kind], entry.record.id, initiative)

"""The query engine of a dataset: it owns the indexes behind filters, lookup, search and context.

A :class:`~summitdata.Dataset` holds records; its one :class:`QueryEngine`, made by its
first query, holds what is derived from them to answer questions: the filter indexes
(:class:`~summitdata.index.Index`: chronological order, the postings of each keyword, the
date tables), the names of :func:`~summitdata.search.lookup`, the word index of
:func:`~summitdata.search.search` and the sentences of each article for
:func:`~summitdata.search.context`. Each table is built on first use, once: a lock makes
threads that ask at the same time share one build, and a dataset being immutable, a table
never goes stale. The tables are read-only (tuples, frozensets and read-only mappings).

>>> import summitdata
>>> engine = QueryEngine(summitdata.load())
>>> engine.words is engine.words
True
>>> [p.id for p in engine.lookup("Toqaev")]
['person:kassym-jomart-tokayev']

A collection built by hand (not taken from a dataset) gets an engine of its own that
knows only its records (``standalone``): see :meth:`QueryEngine.filter`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from . import query
from ._gc import gc_paused
from .errors import QueryError
from .index import Index
from .records import Anchor, Initiative, Record, Source
from .search import Named, NameTable, SentenceTable, WordIndex

if TYPE_CHECKING:
    from .dataset import Collection, Dataset

__all__ = ["QueryEngine"]

T = TypeVar("T")


class QueryEngine:
    """The indexes of one dataset, built lazily and once, and the queries they answer.

    ``standalone`` is true for the engine of a collection built by hand: it answers only
    what the collection's own records decide (see :meth:`filter`).

    >>> import summitdata
    >>> engine = QueryEngine(summitdata.load())
    >>> engine.index is engine.index, engine.standalone
    (True, False)
    """

    __slots__ = ("_index", "_lock", "_names", "_sentences", "_words", "dataset", "standalone")

    def __init__(self, dataset: Dataset, *, standalone: bool = False) -> None:
        self.dataset = dataset
        self.standalone = standalone
        # Reentrant: building one table may build another (the order of claims needs the dates).
        self._lock = threading.RLock()
        self._index: Index | None = None
        self._names: NameTable | None = None
        self._words: WordIndex | None = None
        self._sentences: dict[str, SentenceTable] = {}

    def _built(self, attribute: str, build: Callable[[], T]) -> T:
        """The table in ``attribute``, built under the lock by the first caller."""
        found: T | None = getattr(self, attribute)
        if found is None:
            with self._lock:
                found = getattr(self, attribute)
                if found is None:
                    with gc_paused():  # a bulk build: the cyclic collector would only slow it down
                        found = build()
                    setattr(self, attribute, found)
        return found

    # --- the tables -------------------------------------------------------------------

    @property
    def index(self) -> Index:
        """The filter indexes (order, postings, date tables), each built on first use.

        >>> import summitdata
        >>> QueryEngine(summitdata.load()).index.chrono("summit")[0].id
        'summit:2025-80th-anniversary-victory-world-war-ii'
        """
        return self._built("_index", lambda: Index(self.dataset, standalone=self.standalone, lock=self._lock))

    @property
    def names(self) -> NameTable:
        """The names and aliases of the people, organizations and places, normalized.

        >>> import summitdata
        >>> "tokayev" in QueryEngine(summitdata.load()).names.words
        True
        """
        ds = self.dataset
        return self._built("_names", lambda: NameTable([*ds.people, *ds.organizations, *ds.places]))

    @property
    def words(self) -> WordIndex:
        """The word index of search over every record.

        >>> import summitdata
        >>> "caspian" in QueryEngine(summitdata.load()).words.postings
        True
        """
        return self._built("_words", lambda: WordIndex(self.dataset.records()))

    def sentences(self, source: Source) -> SentenceTable:
        """The sentences of an article of the dataset, split on first use.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> len(QueryEngine(ds).sentences(ds.sources[0]).starts) > 10
        True
        """
        found = self._sentences.get(source.id)
        if found is None:
            with self._lock:
                found = self._sentences.get(source.id)
                if found is None:
                    found = self._sentences[source.id] = SentenceTable(source.text)
        return found

    # --- the queries ------------------------------------------------------------------

    def filter(self, collection: Collection[Any], criteria: Mapping[str, Any]) -> Collection[Any]:
        """The records of ``collection`` that match every criterion (``Collection.filter``).

        A standalone engine (a collection built by hand) answers the keywords that the
        records decide alone and refuses, with a :class:`~summitdata.QueryError`, those that
        need records the collection does not hold (a claim's date is its speech's, the
        country of a place is in the place record, ...). A standalone collection of
        claims or initiatives has no dates, so it stays in id order.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> tokayev = ds.people.get("person:kassym-jomart-tokayev")
        >>> mine = summitdata.Collection([tokayev], kind="person")
        >>> mine.filter(of="place:kazakhstan").ids()
        ('person:kassym-jomart-tokayev',)
        >>> summitdata.Collection(ds.claims, kind="claim").filter(since="2025")
        Traceback (most recent call last):
        ...
        summitdata.errors.QueryError: since: a collection built by hand cannot be filtered by date: ...
        """
        return query.filter_collection(collection, self.index, criteria)

    def lookup(self, name: str) -> tuple[Named, ...]:
        """The people, organizations and places that a name fits (``Dataset.lookup``).

        >>> import summitdata
        >>> [p.id for p in QueryEngine(summitdata.load()).lookup("sco")]
        ['organization:sco']
        """
        return self.names.find(name)

    def search(self, text: str, *, kind: str | None = None, limit: int | None = None) -> tuple[Record, ...]:
        """The records that have every word of ``text``, best first (``Dataset.search``).

        >>> import summitdata
        >>> [r.id for r in QueryEngine(summitdata.load()).search("Tokayev", kind="person")]
        ['person:kassym-jomart-tokayev']
        """
        return self.words.find(text, kind=kind, limit=limit)

    def context(self, anchor: Anchor | Record) -> Anchor:
        """The anchor of the whole sentence around ``anchor`` (``Dataset.context``).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> QueryEngine(ds).context(ds.claims.get("claim:2025-10-10-cis-council-07")).text[:17]
        'President Tokayev'
        """
        if isinstance(anchor, Anchor):
            target = anchor
        else:
            evidence = getattr(anchor, "evidence", None)
            if not evidence:
                raise QueryError(f"context: expected an Anchor or a record, not {type(anchor).__name__}")
            target = evidence[0]
        sources = self.dataset.sources
        if target.source not in sources:
            raise QueryError(f"context: no source with id {target.source!r} in this dataset")
        source = sources.get(target.source)
        if source.text[target.start : target.end] != target.text:
            raise QueryError(f"context: {target.text!r} is not the text at {target.start}:{target.end} of {source.id}")
        start, end = self.sentences(source).around(target.start, target.end)
        return Anchor(source=source.id, start=start, end=end, text=source.text[start:end])

    def timeline(self, dates: Mapping[str, Any]) -> tuple[query.Milestone, ...]:
        """Events, speeches and initiative milestones in date order (``Dataset.timeline``).

        >>> import summitdata
        >>> len(QueryEngine(summitdata.load()).timeline({"since": "2026"}))
        2
        """
        unknown = [k for k in dates if k not in query.DATE_KEYWORDS]
        if unknown:
            raise QueryError(f"timeline: unknown keyword {unknown[0]!r}; use {', '.join(query.DATE_KEYWORDS)}")
        return self.index.timeline(query.date_range(dates))

    def milestones(self, initiative: Initiative) -> tuple[query.Milestone, ...]:
        """The claims that mention an initiative, as timeline entries (``Dataset.milestones``).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> len(QueryEngine(ds).milestones(ds.initiatives.get("initiative:caspian-interstate-programme")))
        3
        """
        return self.index.milestones(initiative)

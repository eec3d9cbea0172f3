"""Finding records by name and by words, and the article sentence around an anchor.

- :func:`lookup` finds the people, organizations and places a name or alias fits:
  case- and accent-insensitive, with a fuzzy fallback for transliteration variants
  ("Berdymukhamedov", "Toqaev"). Best first: the full name, then an alias or short
  name, then a name that contains every word given, then fuzzy matches.
- :func:`search` finds records whose names, claim texts (quotations included) and
  initiative descriptions contain every word given, ranked: a word in a name counts
  three times a word in a text, rare words count more than common ones, a whole word
  more than a word it begins. Case and accents are ignored ("Tokáyev" finds Tokayev),
  and so are small English words ("the", "of") and the British/American spelling of
  programme and centre.
- :func:`context` gives the whole sentence (or sentences) of the article around an anchor.

The tables behind them are built on first use and kept in the dataset's cache.

>>> import summitdata
>>> ds = summitdata.load()
>>> [p.name for p in ds.lookup("Berdimuhamedov")]
['Serdar Berdimuhamedov', 'Gurbanguly Berdimuhamedov']
>>> ds.search("Caspian programme")[0].name
'Interstate programme to preserve the Caspian Sea'
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._gc import gc_paused
from .errors import QueryError
from .records import Anchor, Claim, Initiative, Organization, Person, Place, Record, Summit

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["context", "lookup", "normalize", "search", "sentences"]

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
    ]
)
_SPELLINGS = {"programme": "program", "programmes": "program", "centre": "center", "centres": "center"}


def normalize(text: str) -> str:
    """Text without accents, case-folded, with every run of punctuation made one space.

    >>> normalize("Tokáyev’s  Kassym-Jomart")
    'tokayev s kassym jomart'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(plain))


def _terms(text: str) -> list[str]:
    terms = []
    for word in normalize(text).split():
        if word in _STOPWORDS or (len(word) == 1 and not word.isdigit()):
            continue
        term = _SPELLINGS.get(word, word)
        if len(term) > 4 and term.endswith("s") and not term.endswith("ss"):
            term = term[:-1]
        terms.append(term)
    return terms


# --- lookup --------------------------------------------------------------------------

_TRANSLIT = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("q", "k"), ("y", "i"), ("w", "v"), ("ou", "u"))


def _skeleton(word: str) -> str:
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    return word


#: A record with a name that :func:`lookup` can find: a person, an organization or a place.
Named = Person | Organization | Place


class _Names:
    """Every name of every person, organization and place, normalized."""

    def __init__(self, ds: Dataset) -> None:
        self.entries: list[tuple[Named, str, bool]] = []  # record, normalized name, is the main name
        for collection in (ds.people, ds.organizations, ds.places):
            for record in collection:
                self.entries.append((record, normalize(record.name), True))
                others = list(record.aliases)
                short = getattr(record, "short_name", None)
                if short:
                    others.append(short)
                self.entries.extend((record, normalize(name), False) for name in others)
        self.words: dict[str, set[int]] = {}
        for i, (_, name, _) in enumerate(self.entries):
            for word in name.split():
                self.words.setdefault(word, set()).add(i)
        self.skeletons = {word: _skeleton(word) for word in self.words}


def lookup(ds: Dataset, name: str) -> tuple[Named, ...]:
    """The people, organizations and places that ``name`` fits, best first.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> [r.id for r in lookup(ds, "Toqaev")]
    ['person:kassym-jomart-tokayev']
    >>> [r.id for r in lookup(ds, "sco")]
    ['organization:sco']
    """
    if not isinstance(name, str):
        raise QueryError(f"lookup: expected a name, not {type(name).__name__}")
    query = normalize(name)
    if not query:
        return ()
    names: _Names = _cached(ds, "names", lambda: _built(_Names, ds))
    best: dict[str, tuple[float, Named]] = {}

    def offer(record: Named, score: float) -> None:
        if score > best.get(record.id, (0.0, record))[0]:
            best[record.id] = (score, record)

    words = query.split()
    exact_sets = [names.words.get(word, set()) for word in words]
    for i in set.intersection(*exact_sets) if exact_sets else set():
        record, entry, main = names.entries[i]
        if entry == query:
            offer(record, 1.0 if main else 0.95)
        else:
            # every word given is a word of the name: the fewer other words, the better
            offer(record, 0.9 - 0.01 * (len(entry.split()) - len(words)))
    if not best:
        for i, score in _fuzzy(names, words):
            record, entry, _ = names.entries[i]
            offer(record, 0.5 * score)
    ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].id))
    return tuple(record for _, record in ranked)


def _fuzzy(names: _Names, words: list[str]) -> Iterator[tuple[int, float]]:
    """Names whose words are each close to a word given, after folding transliterations."""
    per_entry: dict[int, list[float]] = {}
    for position, word in enumerate(words):
        target = _skeleton(word)
        matcher = difflib.SequenceMatcher(a=target)
        for candidate, skeleton in names.skeletons.items():
            matcher.set_seq2(skeleton)
            if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                continue
            ratio = matcher.ratio()
            if ratio < 0.8:
                continue
            for i in names.words[candidate]:
                scores = per_entry.setdefault(i, [0.0] * len(words))
                scores[position] = max(scores[position], ratio)
    for i, scores in per_entry.items():
        if all(scores):
            yield i, sum(scores) / len(scores)


# --- search --------------------------------------------------------------------------

_NAME_WEIGHT = 3.0


class _Words:
    """The inverted index of search: each term to the records and the weight it has there."""

    def __init__(self, ds: Dataset) -> None:
        self.records: list[Record] = []
        self.postings: dict[str, dict[int, float]] = {}
        for record in ds.records():
            fields = list(_fields(record))
            if not fields:
                continue
            n = len(self.records)
            self.records.append(record)
            for text, weight in fields:
                for term in _terms(text):
                    postings = self.postings.setdefault(term, {})
                    if postings.get(n, 0.0) < weight:
                        postings[n] = weight
        self.vocabulary = sorted(self.postings)
        total = len(self.records) or 1
        self.idf = {term: math.log(1 + total / len(p)) for term, p in self.postings.items()}

    def matches(self, term: str) -> dict[int, float]:
        """Each record that has ``term`` (or, for terms of 3+ letters, a word it begins) and its score."""
        found: dict[int, float] = {}
        exact = self.postings.get(term)
        if exact is not None:
            idf = self.idf[term]
            found = {n: weight * idf for n, weight in exact.items()}
        if len(term) >= 3:
            start = bisect.bisect_left(self.vocabulary, term)
            for other in self.vocabulary[start:]:
                if not other.startswith(term):
                    break
                if other == term:
                    continue
                idf = 0.5 * self.idf[other]
                for n, weight in self.postings[other].items():
                    score = weight * idf
                    if score > found.get(n, 0.0):
                        found[n] = score
        return found


def _fields(record: Record) -> Iterator[tuple[str, float]]:
    if isinstance(record, Claim):
        yield record.text, 1.0
    elif isinstance(record, Initiative):
        yield record.name, _NAME_WEIGHT
        if record.description:
            yield record.description, 1.0
    elif isinstance(record, Summit):
        yield record.name, _NAME_WEIGHT
    elif isinstance(record, Person | Organization | Place):
        yield record.name, _NAME_WEIGHT
        for alias in record.aliases:
            yield alias, _NAME_WEIGHT
        short = getattr(record, "short_name", None)
        if short:
            yield short, _NAME_WEIGHT


_KINDS = ("person", "organization", "place", "summit", "claim", "initiative")


def search(ds: Dataset, text: str, *, kind: str | None = None, limit: int | None = None) -> tuple[Record, ...]:
    """The records whose names or texts contain every word of ``text``, best first.

    ``kind`` keeps one kind of record (``"claim"``, ``"initiative"``, ...); ``limit``
    keeps the best ones. Equal scores keep the order of the ids.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> [r.id for r in search(ds, "Tokáyev", kind="person")]
    ['person:kassym-jomart-tokayev']
    >>> len(search(ds, "Caspian", kind="claim")) >= 3
    True
    """
    if not isinstance(text, str):
        raise QueryError(f"search: expected text, not {type(text).__name__}")
    if kind is not None and kind not in _KINDS:
        raise QueryError(f"search: kind must be one of {', '.join(_KINDS)}, not {kind!r}")
    if limit is not None and (type(limit) is not int or limit < 1):
        raise QueryError(f"search: limit must be a positive int, not {limit!r}")
    terms = list(dict.fromkeys(_terms(text)))
    if not terms:
        return ()
    words: _Words = _cached(ds, "words", lambda: _built(_Words, ds))
    per_term = sorted((words.matches(term) for term in terms), key=len)
    scores = dict(per_term[0])
    for matches in per_term[1:]:
        scores = {n: score + matches[n] for n, score in scores.items() if n in matches}
        if not scores:
            return ()
    records = words.records
    if kind is not None:
        prefix = kind + ":"
        scores = {n: s for n, s in scores.items() if records[n].id.startswith(prefix)}
    # ``records`` is in the order of ds.records(): by kind, then id; the position breaks ties.
    if limit is None:
        ranked = sorted(scores, key=lambda n: (-scores[n], n))
    else:
        ranked = heapq.nsmallest(limit, scores, key=lambda n: (-scores[n], n))
    return tuple(records[n] for n in ranked)


# --- context -------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "vs",
        "etc",
        "gen",
        "gov",
        "sen",
        "rep",
        "jr",
        "sr",
    ]
)
_END = re.compile(r"[.!?]+[”’\"')\]]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of an article, in order.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes) before a space and
    a capital letter or an opening quote, unless the word before is an abbreviation
    such as "Oct."; a line break always ends one.

    >>> text = "He spoke on Oct. 10 in Dushanbe. “Peace matters,” he said.\\nNext line"
    >>> [text[a:b] for a, b in sentences(text)]
    ['He spoke on Oct. 10 in Dushanbe.', '“Peace matters,” he said.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end_of_line = start + len(line)
        begin = start
        for match in _END.finditer(line):
            after = match.end()
            rest = line[after:]
            stripped = rest.lstrip()
            if not stripped or stripped == rest:
                continue
            nxt = stripped[0]
            if not (nxt.isupper() or nxt in "“\"‘'"):
                continue
            word = line[: match.start()].rsplit(None, 1)[-1] if line[: match.start()].strip() else ""
            if word.casefold().strip('(“"') in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            spans.append(_trim(text, begin, start + after))
            begin = start + after
        if text[begin:end_of_line].strip():
            spans.append(_trim(text, begin, end_of_line))
        start = end_of_line + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def context(ds: Dataset, anchor: Anchor | Record) -> Anchor:
    """The anchor of the whole sentence (or sentences) of the article around ``anchor``.

    A record stands for its first evidence anchor.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    >>> claim.text
    'total trade within the CIS reached $110 billion last year'
    >>> context(ds, claim).text[:60]
    'President Tokayev underscored the importance of strengthenin'
    """
    if isinstance(anchor, Anchor):
        target = anchor
    else:
        evidence = getattr(anchor, "evidence", None)
        if not evidence:
            raise QueryError(f"context: expected an Anchor or a record, not {type(anchor).__name__}")
        target = evidence[0]
    if target.source not in ds.sources:
        raise QueryError(f"context: no source with id {target.source!r} in this dataset")
    source = ds.sources.get(target.source)
    if source.text[target.start : target.end] != target.text:
        raise QueryError(f"context: {target.text!r} is not the text at {target.start}:{target.end} of {source.id}")
    spans: list[tuple[int, int]] = _cached(ds, f"sentences:{source.id}", lambda: sentences(source.text))
    starts = [a for a, _ in spans]
    first = max(bisect.bisect_right(starts, target.start) - 1, 0)
    last = max(bisect.bisect_right(starts, target.end - 1) - 1, first)
    start, end = min(spans[first][0], target.start), max(spans[last][1], target.end)
    return Anchor(source=source.id, start=start, end=end, text=source.text[start:end])


@gc_paused()
def _built(table: Any, ds: Dataset) -> Any:
    """A lookup table of ``ds`` (a bulk build: the cyclic collector is paused)."""
    return table(ds)


def _cached(ds: Dataset, key: str, build: Any) -> Any:
    cache = ds._cache
    found = cache.get(key)
    if found is None:
        found = cache[key] = build()
    return found

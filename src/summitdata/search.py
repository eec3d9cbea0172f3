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

The tables behind them (``NameTable``, ``WordIndex``, ``SentenceTable``) are built on first
use, once per dataset, by its query engine (``summitdata.engine``).

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
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import QueryError
from .records import Anchor, Kind, Organization, Person, Place, Record

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
_SPELLINGS = MappingProxyType(
    {"programme": "program", "programmes": "program", "centre": "center", "centres": "center"}
)


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


def unsearchable(text: str) -> str | None:
    """Why ``text`` finds nothing whatever the records hold: it has no word that is searched; else ``None``.

    Common words ("the", "of", ...) and single letters are not searched, so a query of
    only those finds no record.

    >>> unsearchable("the"), unsearchable("  "), unsearchable("Caspian") is None
    ("'the' has only common words and single letters, which are not searched", 'the query has no words', True)
    """
    if not isinstance(text, str) or _terms(text):
        return None
    if not normalize(text):
        return "the query has no words"
    return f"{text.strip()!r} has only common words and single letters, which are not searched"


# --- lookup --------------------------------------------------------------------------

_TRANSLIT = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("q", "k"), ("y", "i"), ("w", "v"), ("ou", "u"))


def _skeleton(word: str) -> str:
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    return word


#: A record with a name that :func:`lookup` can find: a person, an organization or a place.
Named = Person | Organization | Place


class NameTable:
    """Every name of every person, organization and place, normalized (what :func:`lookup` reads).

    >>> import summitdata
    >>> table = NameTable(summitdata.load().people)
    >>> [p.id for p in table.find("Toqaev")]
    ['person:kassym-jomart-tokayev']
    """

    __slots__ = ("entries", "entry_words", "skeletons", "words")

    def __init__(self, records: Iterable[Named]) -> None:
        entries: list[tuple[Named, str, bool]] = []  # record, normalized name, is the main name
        for record in records:
            entries.append((record, normalize(record.name), True))
            others = list(record.aliases)
            short = getattr(record, "short_name", None)
            if short:
                others.append(short)
            entries.extend((record, normalize(name), False) for name in others)
        words: dict[str, set[int]] = {}
        for i, (_, name, _) in enumerate(entries):
            for word in name.split():
                words.setdefault(word, set()).add(i)
        self.entries: tuple[tuple[Named, str, bool], ...] = tuple(entries)
        self.entry_words: tuple[frozenset[str], ...] = tuple(frozenset(name.split()) for _, name, _ in entries)
        self.words: Mapping[str, frozenset[int]] = MappingProxyType({w: frozenset(i) for w, i in words.items()})
        self.skeletons: Mapping[str, str] = MappingProxyType({word: _skeleton(word) for word in words})

    def find(self, name: str) -> tuple[Named, ...]:
        """The records that ``name`` fits, best first (the rules of :func:`lookup`).

        Linear in the length of ``name``: each distinct word is compared once, and only
        with the words of the names that still fit every word before it.
        """
        if not isinstance(name, str):
            raise QueryError(f"lookup: expected a name, not {type(name).__name__}")
        query = normalize(name)
        if not query:
            return ()
        best: dict[str, tuple[float, Named]] = {}

        def offer(record: Named, score: float) -> None:
            # no floor: a name with 90 other words or more scores 0 or less, and still fits
            if record.id not in best or score > best[record.id][0]:
                best[record.id] = (score, record)

        words = query.split()
        for i in self._exact(words):
            record, entry, main = self.entries[i]
            if entry == query:
                offer(record, 1.0 if main else 0.95)
            else:
                # every word given is a word of the name: the fewer other words, the better
                offer(record, 0.9 - 0.01 * (len(entry.split()) - len(words)))
        if not best:
            for i, score in self._fuzzy(words).items():
                record, entry, _ = self.entries[i]
                offer(record, 0.5 * score)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].id))
        return tuple(record for _, record in ranked)

    def _exact(self, words: list[str]) -> frozenset[int]:
        """The entries that have every word given."""
        found: frozenset[int] | None = None
        for word in dict.fromkeys(words):
            having = self.words.get(word, frozenset())
            found = having if found is None else found & having
            if not found:
                return frozenset()
        return found or frozenset()

    def _fuzzy(self, words: list[str]) -> dict[int, float]:
        """Names whose words are each close to a word given (after folding transliterations), with the
        mean closeness over the words given.
        """
        totals: dict[int, float] | None = None  # the entries that fit every word so far
        seen: dict[str, dict[int, float]] = {}
        for word in words:
            closest = seen.get(word)
            if closest is None:
                closest = seen[word] = self._closest(word, totals)
            if totals is None:
                totals = dict(closest)
            else:
                totals = {i: total + closest[i] for i, total in totals.items() if i in closest}
            if not totals:
                return {}
        return {i: total / len(words) for i, total in (totals or {}).items()}

    def _closest(self, word: str, among: Mapping[int, float] | None) -> dict[int, float]:
        """For each entry (of ``among``, when given) with a word close to ``word``: the best ratio."""
        matcher = difflib.SequenceMatcher(a=_skeleton(word))
        if among is None:
            candidates: Iterable[str] = self.skeletons
        else:
            candidates = {w for i in among for w in self.entry_words[i]}
        found: dict[int, float] = {}
        for candidate in candidates:
            matcher.set_seq2(self.skeletons[candidate])
            if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                continue
            ratio = matcher.ratio()
            if ratio < 0.8:
                continue
            for i in self.words[candidate]:
                if (among is None or i in among) and ratio > found.get(i, 0.0):
                    found[i] = ratio
        return found


def lookup(ds: Dataset, name: str) -> tuple[Named, ...]:
    """The people, organizations and places that ``name`` fits, best first (``ds.lookup(name)``).

    A name fits a record when every word given is a word of its name, one of its aliases
    or its short name (case and accents ignored); the whole name or alias ranks first,
    then the names with fewest other words. When no record has every word, each word may
    instead be close to a word of a name (a transliteration such as Toqaev, Tokaev); the
    closer, the better.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> [r.id for r in lookup(ds, "Toqaev")]
    ['person:kassym-jomart-tokayev']
    >>> [r.id for r in lookup(ds, "sco")]
    ['organization:sco']
    """
    return ds.lookup(name)


# --- search --------------------------------------------------------------------------

_NAME_WEIGHT = 3.0


class WordIndex:
    """The inverted index of :func:`search`: each term to the records and the weight it has there.

    >>> import summitdata
    >>> words = WordIndex(summitdata.load().records())
    >>> [r.id for r in words.find("figure of speech")]
    ['claim:2025-12-12-ashgabat-forum-06']
    """

    __slots__ = ("idf", "postings", "records", "vocabulary")

    def __init__(self, records: Iterable[Record]) -> None:
        kept: list[Record] = []
        postings: dict[str, dict[int, float]] = {}
        for record in records:
            fields = list(_fields(record))
            if not fields:
                continue
            n = len(kept)
            kept.append(record)
            for text, weight in fields:
                for term in _terms(text):
                    found = postings.setdefault(term, {})
                    if found.get(n, 0.0) < weight:
                        found[n] = weight
        total = len(kept) or 1
        self.records: tuple[Record, ...] = tuple(kept)
        self.postings: Mapping[str, Mapping[int, float]] = MappingProxyType(
            {term: MappingProxyType(found) for term, found in postings.items()}
        )
        self.vocabulary: tuple[str, ...] = tuple(sorted(postings))
        self.idf: Mapping[str, float] = MappingProxyType(
            {term: math.log(1 + total / len(found)) for term, found in postings.items()}
        )

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

    def find(self, text: str, *, kind: str | None = None, limit: int | None = None) -> tuple[Record, ...]:
        """The records that have every word of ``text``, best first (the rules of :func:`search`)."""
        if not isinstance(text, str):
            raise QueryError(f"search: expected text, not {type(text).__name__}")
        if kind is not None and kind not in _KINDS:
            raise QueryError(f"search: kind must be one of {', '.join(_KINDS)}, not {kind!r}")
        if limit is not None and (type(limit) is not int or limit < 1):
            raise QueryError(f"search: limit must be a positive int, not {limit!r}")
        terms = list(dict.fromkeys(_terms(text)))
        if not terms:
            return ()
        per_term = sorted((self.matches(term) for term in terms), key=len)
        scores = dict(per_term[0])
        for matches in per_term[1:]:
            scores = {n: score + matches[n] for n, score in scores.items() if n in matches}
            if not scores:
                return ()
        records = self.records
        if kind is not None:
            prefix = kind + ":"
            scores = {n: s for n, s in scores.items() if records[n].id.startswith(prefix)}
        # ``records`` is in the order given (a dataset's: by kind, then id); the position breaks ties.
        if limit is None:
            ranked = sorted(scores, key=lambda n: (-scores[n], n))
        else:
            ranked = heapq.nsmallest(limit, scores, key=lambda n: (-scores[n], n))
        return tuple(records[n] for n in ranked)


#: The fields searched in each kind of record, with their weight (names count more than text).
_SEARCHED: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "claim": (("text", 1.0),),
        "initiative": (("name", _NAME_WEIGHT), ("description", 1.0)),
        "summit": (("name", _NAME_WEIGHT),),
        "person": (("name", _NAME_WEIGHT), ("aliases", _NAME_WEIGHT)),
        "organization": (("name", _NAME_WEIGHT), ("aliases", _NAME_WEIGHT), ("short_name", _NAME_WEIGHT)),
        "place": (("name", _NAME_WEIGHT), ("aliases", _NAME_WEIGHT)),
    }
)


def _fields(record: Record) -> Iterator[tuple[str, float]]:
    for name, weight in _SEARCHED.get(Kind.of(record).name, ()):
        value = getattr(record, name)
        for text in value if isinstance(value, tuple) else (value,):
            if text:
                yield text, weight


_KINDS = ("person", "organization", "place", "summit", "claim", "initiative")


def search(ds: Dataset, text: str, *, kind: str | None = None, limit: int | None = None) -> tuple[Record, ...]:
    """The records whose names or texts contain every word of ``text``, best first (``ds.search(text)``).

    ``kind`` keeps one kind of record (``"claim"``, ``"initiative"``, ...); ``limit``
    keeps the best ones. Equal scores keep the order of the ids.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> [r.id for r in search(ds, "Tokáyev", kind="person")]
    ['person:kassym-jomart-tokayev']
    >>> len(search(ds, "Caspian", kind="claim")) >= 3
    True
    """
    return ds.search(text, kind=kind, limit=limit)


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


_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")


def sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of an article, in order.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes) before a space and
    a capital letter or an opening quote, unless the word before is an abbreviation
    such as "Oct."; a line break always ends one. One pass over the text: the time is
    linear in its length.

    >>> text = "He spoke on Oct. 10 in Dushanbe. “Peace matters,” he said.\\nNext line"
    >>> [text[a:b] for a, b in sentences(text)]
    ['He spoke on Oct. 10 in Dushanbe.', '“Peace matters,” he said.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end_of_line = start + len(line)
        begin = start
        # The words of the line, walked in step with the sentence ends: ``word`` is the last
        # one that starts before the current end (no slicing of the line before or after it).
        words = _TOKEN.finditer(line)
        word: re.Match[str] | None = None
        upcoming = next(words, None)
        for match in _END.finditer(line):
            after = match.end()
            space = _SPACE.match(line, after)
            if space is None or space.end() == len(line):
                continue  # no space after, or nothing but spaces
            nxt = line[space.end()]
            if not (nxt.isupper() or nxt in "“\"‘'"):
                continue
            at = match.start()
            while upcoming is not None and upcoming.start() < at:
                word, upcoming = upcoming, next(words, None)
            before = "" if word is None else line[word.start() : min(word.end(), at)]
            if before.casefold().strip('(“"') in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
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


_QUOTE = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.MULTILINE)


def quotations(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the quotations of an article, quote marks included.

    A quotation runs from an opening ``“`` to the next ``”`` (or between two ``"``), within
    a line; one left open runs to the end of its line. One pass over the text.

    >>> text = '“Peace matters,” he said. “More to come'
    >>> [text[a:b] for a, b in quotations(text)]
    ['“Peace matters,”', '“More to come']
    """
    return [match.span() for match in _QUOTE.finditer(text)]


class SentenceTable:
    """The sentences and quotations of one article, as sorted starts and ends (what :func:`context` reads).

    >>> table = SentenceTable("One here. Two there.")
    >>> table.around(12, 15)
    (10, 20)
    >>> quoted = SentenceTable("“First. Second,” he said. Next.")
    >>> quoted.around(8, 14)
    (0, 25)
    """

    __slots__ = ("ends", "quote_ends", "quote_starts", "starts")

    def __init__(self, text: str) -> None:
        spans = sentences(text)
        self.starts: tuple[int, ...] = tuple(a for a, _ in spans)
        self.ends: tuple[int, ...] = tuple(b for _, b in spans)
        quotes = quotations(text)
        self.quote_starts: tuple[int, ...] = tuple(a for a, _ in quotes)
        self.quote_ends: tuple[int, ...] = tuple(b for _, b in quotes)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentences that the characters ``start:end`` touch (and the characters),
        widened to the whole of every quotation it cuts, with the sentence that attributes it.
        """
        while True:
            wider = self._sentences(*self._quotes(*self._sentences(start, end)))
            if wider == (start, end):
                return wider
            start, end = wider

    def _sentences(self, start: int, end: int) -> tuple[int, int]:
        starts = self.starts
        if not starts:
            return start, end
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, end - 1) - 1, first)
        return min(starts[first], start), max(self.ends[last], end)

    def _quotes(self, start: int, end: int) -> tuple[int, int]:
        """``start:end`` widened to the quotations it overlaps (they are sorted and do not overlap)."""
        first = bisect.bisect_right(self.quote_ends, start)  # the first quotation that ends after start
        last = bisect.bisect_left(self.quote_starts, end)  # the quotations that start before end
        if first >= last:
            return start, end
        return min(start, self.quote_starts[first]), max(end, self.quote_ends[last - 1])


def context(ds: Dataset, anchor: Anchor | Record) -> Anchor:
    """The anchor of the whole sentence (or sentences) of the article around ``anchor`` (``ds.context``).

    A record stands for its first evidence anchor. The article's sentences are split once
    per dataset; each call is then a binary search.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    >>> claim.text
    'total trade within the CIS reached $110 billion last year'
    >>> context(ds, claim).text[:60]
    'President Tokayev underscored the importance of strengthenin'
    """
    return ds.context(anchor)

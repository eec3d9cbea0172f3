"""The query engine: one per dataset, tables built once and read-only, no import cycle,
hand-built collections, and linear sentence splitting, context and lookup (issues 10 and 11)."""

from __future__ import annotations

import ast
import bisect
import difflib
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.growth import Scanned, work

import summitdata
from summitdata import Anchor, Collection, Dataset, QueryError, Source, query, search
from summitdata import engine as engine_module
from summitdata.engine import QueryEngine
from summitdata.index import Index, index_of
from summitdata.records import RECORD_TYPES

TOKAYEV = "person:kassym-jomart-tokayev"
PACKAGE = Path(summitdata.__file__).parent


def fresh(ds: Dataset) -> Dataset:
    """A dataset with the same records and nothing built yet."""
    return Dataset(data_version=ds.data_version, check=False, **{p: tuple(getattr(ds, p)) for _, _, p in RECORD_TYPES})


# --- no import cycle --------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules that a module imports anywhere: at the top, in functions, in
    ``try`` blocks. Only ``if TYPE_CHECKING:`` blocks are left out: they never run."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(paths)) for name, path in paths.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_import_cycle_among_package_modules_lazy_imports_included() -> None:
    graph = _graph()
    assert {"summitdata.dataset", "summitdata.engine", "summitdata.index", "summitdata.query"} <= set(graph)
    assert "summitdata.engine" in graph["summitdata.dataset"]  # the dataset delegates to its engine
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_loading_a_dataset_imports_no_query_module() -> None:
    code = (
        "import sys, summitdata; ds = summitdata.load(); "
        "print(sorted(m for m in sys.modules if m in ('summitdata.engine', 'summitdata.query', 'summitdata.search', "
        "'summitdata.index'))); ds.claims.filter(direct=True); print('summitdata.engine' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True"]


def test_the_cycle_check_sees_function_level_imports() -> None:
    graph = {"a": {"b"}, "b": set()}
    assert _cycle(graph) is None
    graph["b"].add("a")
    assert _cycle(graph) == ["a", "b", "a"]
    source = "def f():\n    from . import engine\n"
    tree_imports = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert tree_imports  # what _imports walks: every node, function bodies included


# --- one engine per dataset, tables built once ------------------------------------------


def test_each_dataset_has_one_engine_that_owns_its_tables(ds: Dataset) -> None:
    engine = ds._query_engine()
    assert isinstance(engine, QueryEngine) and engine.dataset is ds and not engine.standalone
    assert ds._query_engine() is engine and not hasattr(ds, "_cache")
    assert ds.claims._query_engine() is engine and ds.claims.filter(direct=True)._query_engine() is engine
    assert index_of(ds) is engine.index is engine.index
    assert engine.names is engine.names and engine.words is engine.words
    assert engine.sentences(ds.sources[0]) is engine.sentences(ds.sources[0])
    other = fresh(ds)
    assert other._query_engine() is not engine and other._query_engine().index is not engine.index


def _race(n: int, call: Callable[[], Any]) -> list[Any]:
    """``call`` from ``n`` threads released at once; their results."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _slowed(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, calls: list[int]) -> None:
    """Make ``owner.name`` slow (so that racing threads overlap) and count its calls."""
    original = getattr(owner, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        time.sleep(0.002)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)


@pytest.mark.parametrize(
    ("owner", "name", "table"),
    [
        (engine_module, "WordIndex", lambda e: e.words),
        (engine_module, "NameTable", lambda e: e.names),
        (engine_module, "SentenceTable", lambda e: e.sentences(e.dataset.sources[0])),
        (engine_module, "Index", lambda e: e.index),
    ],
)
def test_threads_that_ask_at_once_share_one_build(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, table: Callable[[QueryEngine], Any]
) -> None:
    calls: list[int] = []
    _slowed(monkeypatch, owner, name, calls)
    engine = fresh(ds)._query_engine()
    results = _race(8, lambda: table(engine))
    assert len(calls) == 1
    assert all(r is results[0] for r in results)


def test_threads_that_query_a_new_dataset_at_once_share_one_engine(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    _slowed(monkeypatch, engine_module, "QueryEngine", calls)
    new = fresh(ds)
    engines = _race(8, new._query_engine)
    assert len(calls) == 1 and all(e is engines[0] for e in engines)
    mine = Collection(list(ds.claims), kind="claim")
    engines = _race(8, mine._query_engine)
    assert len(calls) == 2 and all(e is engines[0] for e in engines) and engines[0].standalone


def test_index_tables_are_built_once_under_the_engine_lock(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    _slowed(monkeypatch, query, "interval", calls)  # called once per claim by the date table
    index = fresh(ds)._query_engine().index
    results = _race(8, lambda: index.dated("claim"))
    assert len(calls) == len(ds.claims)
    assert all(r is results[0] for r in results)
    assert index._lock is index.ds._query_engine()._lock  # the engine's lock guards its index too


# --- read-only tables -------------------------------------------------------------------


def _mutations(table: object) -> Iterator[Callable[[], object]]:
    if isinstance(table, MappingProxyType):
        key = next(iter(table))
        yield lambda: table.__setitem__(key, None)  # type: ignore[index]
        yield lambda: table.__delitem__(key)  # type: ignore[attr-defined]
        yield lambda: table.pop(key)  # type: ignore[attr-defined]
    elif isinstance(table, tuple):
        yield lambda: table.__setitem__(0, None)  # type: ignore[attr-defined]
        yield lambda: table.append(None)  # type: ignore[attr-defined]
    elif isinstance(table, frozenset):
        yield lambda: table.add(None)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"not a read-only table: {type(table).__name__}")


def test_the_tables_a_user_can_reach_are_read_only(ds: Dataset) -> None:
    index = index_of(ds)
    index.build_all()
    engine = ds._query_engine()
    tables: dict[str, object] = {
        "query.KEYWORDS": query.KEYWORDS,
        "query.KEYWORDS['claim']": query.KEYWORDS["claim"],
        "query.DATE_KEYWORDS": query.DATE_KEYWORDS,
        "postings": index.postings("claim", "speaker", query.KEYWORDS["claim"]["speaker"].keys),
        "a posting": index.postings("claim", "speaker", query.KEYWORDS["claim"]["speaker"].keys)[TOKAYEV],
        "chrono": index.chrono("claim"),
        "rank": index.rank("claim"),
        "dated": index.dated("claim"),
        "firsts": index.firsts("claim"),
        "groups": index.groups("claim"),
        "a group": next(iter(index.groups("claim").values())).ranks,
        "names.entries": engine.names.entries,
        "names.words": engine.names.words,
        "a name's entries": engine.names.words["tokayev"],
        "names.skeletons": engine.names.skeletons,
        "words.records": engine.words.records,
        "words.postings": engine.words.postings,
        "a word's postings": engine.words.postings["caspian"],
        "words.vocabulary": engine.words.vocabulary,
        "words.idf": engine.words.idf,
        "sentence starts": engine.sentences(ds.sources[0]).starts,
        "sentence ends": engine.sentences(ds.sources[0]).ends,
    }
    for label, table in tables.items():
        for mutate in _mutations(table):
            try:
                mutate()
            except (TypeError, AttributeError):
                continue
            pytest.fail(f"{label} could be changed")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        query.KEYWORDS["claim"]["topic"].local = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        query.KEYWORDS["claim"]["colour"] = query.KEYWORDS["claim"]["topic"]  # type: ignore[index]
    assert "colour" not in query.KEYWORDS["claim"]


# --- collections built by hand ----------------------------------------------------------


def test_a_hand_built_collection_answers_about_its_own_records(ds: Dataset) -> None:
    tokayev = ds.people.get(TOKAYEV)
    mine = Collection([tokayev], kind="person")
    assert mine.filter(of="place:kazakhstan").ids() == (TOKAYEV,)  # the place is not in it: not a problem
    assert mine.filter(of="place:turkmenistan").ids() == ()
    claims = Collection(list(ds.claims)[:20], kind="claim")
    said = claims.filter(speaker=tokayev)
    assert set(said.ids()) == {c.id for c in claims if TOKAYEV in c.speakers} and said
    assert said.filter(topic="transport").ids() == tuple(c.id for c in said if summitdata.Topic.TRANSPORT in c.topics)
    assert said._query_engine() is claims._query_engine() and claims._query_engine().standalone
    assert claims._owner() is None and ds.claims._owner() is ds
    with pytest.raises(QueryError, match="is not the id of a"):
        claims.filter(speaker="summit:2025-12-ashgabat-talks")  # the kind of an id is still checked


def _values(ds: Dataset, kind: str, keyword: str) -> list[Any]:
    """Every key of a keyword in the dataset (the values that match something)."""
    index = index_of(ds)
    return list(index.postings(kind, keyword, query.KEYWORDS[kind][keyword].keys))


@pytest.mark.parametrize(("kind", "keyword"), [(k, w) for k, words in query.KEYWORDS.items() for w in words])
def test_hand_built_collections_match_the_dataset_or_refuse_each_keyword(ds: Dataset, kind: str, keyword: str) -> None:
    plural = next(p for _, k, p in RECORD_TYPES if k == kind)
    whole: Collection[Any] = getattr(ds, plural)
    mine = Collection(list(whole), kind=kind)
    values = _values(ds, kind, keyword)
    if not query.KEYWORDS[kind][keyword].local:
        with pytest.raises(QueryError, match=f"{keyword}: a collection built by hand cannot be filtered by"):
            mine.filter(**{keyword: values[0]})
        return
    assert values, (kind, keyword)
    for value in values:
        expected = whole.filter(**{keyword: value})
        found = mine.filter(**{keyword: value})
        assert set(found.ids()) == set(expected.ids()) and found, (kind, keyword, value)
        if kind not in ("claim", "initiative"):  # their order is by date, which needs other records
            assert found.ids() == expected.ids()


@pytest.mark.parametrize(
    "criteria",
    [
        {"since": "2025-12"},
        {"until": "2025-10-10"},
        {"during": "2025", "strict": True},
        {"since": "2026-04-15"},
        {"inferred": False},
    ],
)
def test_hand_built_summits_and_speeches_filter_by_their_own_dates(ds: Dataset, criteria: dict[str, Any]) -> None:
    for plural in ("summits", "speeches"):
        whole = getattr(ds, plural)
        mine = Collection(list(whole), kind=whole.kind)
        assert mine.filter(**criteria).ids() == whole.filter(**criteria).ids(), plural
    assert len(Collection(list(ds.summits), kind="summit").filter(since="2025-12")) > 1


@pytest.mark.parametrize("plural", ["claims", "initiatives"])
@pytest.mark.parametrize("keyword", ["since", "until", "during", "inferred"])
def test_hand_built_claims_and_initiatives_refuse_date_filters(ds: Dataset, plural: str, keyword: str) -> None:
    whole = getattr(ds, plural)
    mine = Collection(list(whole), kind=whole.kind)
    value = False if keyword == "inferred" else "2025"
    with pytest.raises(QueryError, match=f"^{keyword}: a collection built by hand cannot be filtered by date"):
        mine.filter(**{keyword: value})


def test_a_collection_of_an_unknown_kind_refuses_queries() -> None:
    with pytest.raises(QueryError, match="unknown kind 'persons'"):
        Collection([], kind="persons").filter()


def test_filter_results_of_a_dataset_keep_answering_with_its_indexes(ds: Dataset) -> None:
    result = ds.claims.filter(speaker=TOKAYEV)
    assert result._owner() is ds
    assert result.filter(since="2025-12").ids() == ds.claims.filter(speaker=TOKAYEV, since="2025-12").ids()


# --- linear sentence splitting, context and lookup --------------------------------------


def _sentences_by_slicing(text: str) -> list[tuple[int, int]]:
    """The rule of ``search.sentences`` written the direct (quadratic) way: the reference."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end_of_line = start + len(line)
        begin = start
        for match in re.finditer(r"[.!?]+[”’\"')\]]*", line):
            after = match.end()
            rest = line[after:]
            stripped = rest.lstrip()
            if not stripped or stripped == rest:
                continue
            if not (stripped[0].isupper() or stripped[0] in "“\"‘'"):
                continue
            before = line[: match.start()]
            word = before.rsplit(None, 1)[-1] if before.strip() else ""
            if word.casefold().strip('(“"') in search._ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            spans.append(search._trim(text, begin, start + after))
            begin = start + after
        if text[begin:end_of_line].strip():
            spans.append(search._trim(text, begin, end_of_line))
        start = end_of_line + 1
    return spans


_PIECES = ["Oct", "oct", "A", "b", "word", "Dr", "(", "“", "”", '"', "'", ".", "..", "!", "?", " ", "  ", "\n", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_sentences_follow_the_written_rule(text: str) -> None:
    assert search.sentences(text) == _sentences_by_slicing(text)


def _counted(monkeypatch: pytest.MonkeyPatch, function: Callable[[str], object], small: str, large: str) -> None:
    """``function`` on ``large`` (10x ``small``) does at most 10x the work and searches at most 10x the characters.

    Counted, not timed (``benchmarks/text.py`` times it): :func:`work` sees Python-level loops
    and string or list methods run on the whole input again and again; the patterns of
    :mod:`summitdata.search` are watched for searches run again from the start. A quadratic
    splitter would do about 100x of one or the other.
    """
    patterns = []
    for name in ("_END", "_SPACE", "_TOKEN", "_WORD", "_QUOTE"):
        patterns.append(Scanned(getattr(search, name)))
        monkeypatch.setattr(search, name, patterns[-1])
    function(small)  # warm-up: lazy imports and caches
    counts = []
    for text in (small, large):
        before = sum(p.chars for p in patterns)
        steps = work(lambda text=text: function(text))
        counts.append((steps, sum(p.chars for p in patterns) - before))
    (small_steps, small_chars), (large_steps, large_chars) = counts
    assert small_steps > 1000 and small_chars >= len(small), counts  # the counters see the work
    assert large_steps <= 10.1 * small_steps and large_chars <= 10.1 * small_chars, counts


def _article(size: int) -> str:
    """One line of ``size`` characters, full of sentence ends (the worst case for slicing)."""
    unit = "President Tokayev spoke on Oct. 10 in Dushanbe. “Peace matters,” he said. Dr. A. Smith! "
    return (unit * (size // len(unit) + 1))[:size]


def _one_article_dataset(size: int) -> tuple[Dataset, Anchor]:
    text = _article(size)
    at = text.index("Peace", size // 2)
    anchor = Anchor(source="source:big", start=at, end=at + 5, text="Peace")
    source = Source(id="source:big", file="big.txt", text=text, evidence=(anchor,))
    return Dataset(sources=[source], data_version="test", check=False), anchor


def test_sentence_splitting_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    _counted(monkeypatch, search.sentences, _article(20_000), _article(200_000))


def test_context_is_linear_at_first_and_then_does_not_grow_with_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    (small, small_anchor), (large, large_anchor) = _one_article_dataset(20_000), _one_article_dataset(200_000)
    anchors = {small.sources[0].text: (small, small_anchor), large.sources[0].text: (large, large_anchor)}

    def first(text: str) -> None:
        ds, anchor = anchors[text]
        fresh(ds).context(anchor)

    _counted(monkeypatch, first, small.sources[0].text, large.sources[0].text)
    assert large.context(large_anchor).text == "“Peace matters,” he said."
    huge, huge_anchor = _one_article_dataset(1_000_000)
    small.context(small_anchor), huge.context(huge_anchor)  # split the articles
    # Later calls bisect the tables: the same calls for 50x the text.
    assert work(lambda: small.context(small_anchor)) == work(lambda: huge.context(huge_anchor)) < 200


def test_context_bisects_the_sentence_table_it_built_once(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    big, anchor = _one_article_dataset(50_000)
    big.context(anchor)
    calls: list[int] = []
    _slowed(monkeypatch, search, "sentences", calls)
    for _ in range(3):
        big.context(anchor)
    assert calls == []


def test_lookup_is_linear_in_the_length_of_the_name(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    words = "Tokaev kassym jomart the of summit Caspian Sea water tokaev1 tokaev2 Berdymukhamedov "
    for build in (lambda n: (words * (n // len(words) + 1))[:n], lambda n: ("Tokaev " * n)[:n]):
        with monkeypatch.context() as patched:
            _counted(patched, ds.lookup, build(10_000), build(100_000))


class _CountingMatcher(difflib.SequenceMatcher[str]):
    compared: ClassVar[list[str]] = []

    def set_seq2(self, b: str) -> None:  # type: ignore[override]
        if b:  # the constructor sets an empty one first
            _CountingMatcher.compared.append(b)
        super().set_seq2(b)


def test_lookup_compares_each_word_once_and_only_with_names_still_in_the_running(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search.difflib, "SequenceMatcher", _CountingMatcher)
    names = ds._query_engine().names
    compared = _CountingMatcher.compared
    compared.clear()
    assert [p.id for p in ds.lookup("Tokaev")] == [TOKAYEV]
    once = len(compared)
    assert once == len(names.skeletons)  # the first word: against every word of every name
    compared.clear()
    assert [p.id for p in ds.lookup("Tokaev " * 1000)] == [TOKAYEV]
    assert len(compared) == once  # the same word again is not compared again
    compared.clear()
    distinct = " ".join(f"tokayev{i}" for i in range(1000))
    assert [p.id for p in ds.lookup(distinct)] == [TOKAYEV]  # every word is close to "tokayev"
    # after the first word, only the words of the names that fit it so far
    running = {w for i, entry in enumerate(names.entries) if entry[0].id == TOKAYEV for w in names.entry_words[i]}
    assert len(compared) <= len(names.skeletons) + 999 * len(running)
    compared.clear()
    assert ds.lookup("zzzzzz " + "Tokaev " * 1000) == ()
    assert len(compared) == len(names.skeletons)  # no name fits the first word: the rest is not compared


def _lookup_by_rule(ds: Dataset, name: str) -> tuple[Any, ...]:
    """The rule of lookup with no shortcut: every word against every name, then the scores."""
    table = ds._query_engine().names
    query_text = search.normalize(name)
    if not query_text:
        return ()
    words = query_text.split()
    best: dict[str, tuple[float, Any]] = {}
    for i, (record, entry, main) in enumerate(table.entries):
        if all(word in table.entry_words[i] for word in words):
            score = (1.0 if main else 0.95) if entry == query_text else 0.9 - 0.01 * (len(entry.split()) - len(words))
            if record.id not in best or score > best[record.id][0]:
                best[record.id] = (score, record)
    if not best:
        for i, (record, _, _) in enumerate(table.entries):
            ratios = []
            for word in words:
                close = [0.0]
                for candidate in table.entry_words[i]:
                    matcher = difflib.SequenceMatcher(a=search._skeleton(word), b=table.skeletons[candidate])
                    if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
                        close.append(matcher.ratio())
                ratios.append(max(close))
            if all(ratios):
                score = 0.5 * sum(ratios) / len(ratios)
                if score > best.get(record.id, (0.0, None))[0]:
                    best[record.id] = (score, record)
    return tuple(record for _, record in sorted(best.values(), key=lambda pair: (-pair[0], pair[1].id)))


_NAME_WORDS = ["tokayev", "toqaev", "tokaev", "kassym", "jomart", "berdymukhamedov", "serdar", "sea", "caspian"]
_NAME_WORDS += ["sco", "un", "general", "assembly", "ashgabat", "kazakhstan", "of", "the", "republic", "zzz"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=5).map(" ".join))
def test_lookup_follows_the_written_rule(name: str) -> None:
    ds = summitdata.load()
    assert ds.lookup(name) == _lookup_by_rule(ds, name)


def test_the_sentence_table_finds_the_sentences_around_a_span() -> None:
    table = search.SentenceTable("One here. Two there. Three.")
    assert table.starts == (0, 10, 21)
    assert table.around(12, 15) == (10, 20)
    assert table.around(5, 13) == (0, 20)  # across a sentence end: both sentences
    assert search.SentenceTable("   ").around(1, 2) == (1, 2)  # no sentence at all: the span itself
    assert bisect.bisect_right(table.starts, 21) == 3


def test_an_index_can_still_be_built_on_its_own(ds: Dataset) -> None:
    index = Index(fresh(ds)).build_all()
    assert index.chrono("claim") == index_of(ds).chrono("claim")
    assert not index.standalone

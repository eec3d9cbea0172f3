"""Word search (summitdata.search through Dataset.search): every word given, whole words or words they begin."""

from __future__ import annotations

import re

import pytest

import summitdata
from summitdata import Anchor, Claim, Initiative, Organization, Person, QueryError, Source, search
from summitdata.records import ClaimKind, InitiativeKind, InitiativeStatus
from summitdata.search import NameTable, SentenceTable, WordIndex, normalize


def words_of(record: summitdata.Record) -> set[str]:
    """The normalized words of the fields search reads: names, aliases, short names, claim and initiative texts."""
    texts = [getattr(record, name, None) for name in ("name", "short_name", "text", "description")]
    texts.extend(getattr(record, "aliases", ()))
    if isinstance(record, summitdata.Source | summitdata.Speech):
        return set()
    return {word for text in texts if isinstance(text, str) for word in normalize(text).split()}


def scan(ds: summitdata.Dataset, *prefixes: str) -> set[str]:
    """Ids of the records with, for each prefix, a word that begins with it."""
    return {
        r.id for r in ds.records() if all(any(word.startswith(prefix) for word in words_of(r)) for prefix in prefixes)
    }


@pytest.mark.parametrize("prefixes", [("turkmen",), ("caspi",), ("tokay",), ("cooper",), ("transp", "digit")])
def test_a_word_finds_the_words_it_begins(ds: summitdata.Dataset, prefixes: tuple[str, ...]) -> None:
    expected = scan(ds, *prefixes)
    assert expected  # the packaged data has such words
    assert any(prefix not in words_of(ds.get(i)) for i in expected for prefix in prefixes)  # not only whole words
    assert {r.id for r in ds.search(" ".join(prefixes))} == expected


def test_a_whole_word_ranks_above_a_word_it_begins(ds: summitdata.Dataset) -> None:
    found = ds.search("caspian", kind="place")
    assert found[0].id == "place:caspian-sea"
    kazakh = ds.search("kazakh")
    assert kazakh and {r.id for r in kazakh} == scan(ds, "kazakh")


def test_short_words_match_only_whole_words(ds: summitdata.Dataset) -> None:
    # "ci" begins "cis", "city", "cities": two letters are too short to search by prefix.
    assert {r.id for r in ds.search("ci")} == {r.id for r in ds.records() if "ci" in words_of(r)}
    assert {r.id for r in ds.search("cis")} == scan(ds, "cis")


def test_every_word_must_be_found(ds: summitdata.Dataset) -> None:
    assert ds.search("caspian zzzqqq") == ()
    both = {r.id for r in ds.search("caspian sea")}
    assert both == scan(ds, "caspian", "sea") and both < scan(ds, "caspian") | scan(ds, "sea")


# --- the rules on hand-built records (each builds its own tables: nothing cached is reused) -------


def _evidence(text: str = "x") -> tuple[Anchor, ...]:
    return (Anchor(source="source:a", start=0, end=len(text), text=text),)


def _person(slug: str, name: str, *aliases: str) -> Person:
    return Person(id=f"person:{slug}", name=name, aliases=aliases, evidence=_evidence())


def _claim(n: int, text: str) -> Claim:
    return Claim(
        id=f"claim:a-{n:02}",
        speakers=("person:x",),
        kind=ClaimKind.STATES,
        direct=False,
        text=text,
        evidence=_evidence(text),
    )


def _ids(records: tuple[summitdata.Record, ...]) -> list[str]:
    return [r.id for r in records]


def _fillers(count: int) -> list[Claim]:
    return [_claim(90 + i, f"filler{i}") for i in range(count)]


def test_the_words_searched() -> None:
    index = WordIndex([_claim(1, "The UN met 5 leaders of I and the arms talks at congress, programmes and centres")])
    # no common words or single letters (digits kept), British spellings and plurals folded
    assert index.vocabulary == ("5", "arms", "center", "congress", "leader", "met", "program", "talk", "un")
    assert _ids(index.find("programme")) == _ids(index.find("the program")) == ["claim:a-01"]


def test_unsearchable_says_why_a_query_finds_nothing() -> None:
    only_common = "'the of A' has only common words and single letters, which are not searched"
    assert search.unsearchable("the of A") == only_common
    assert search.unsearchable(" ,; ") == "the query has no words"
    assert search.unsearchable("the 5") is None
    assert search.unsearchable(5) is None  # type: ignore[arg-type]  # not text: search says so itself


def test_search_refuses_bad_arguments_naming_them() -> None:
    index = WordIndex([_claim(1, "water")])
    with pytest.raises(QueryError, match=r"^search: expected text, not int$"):
        index.find(5)  # type: ignore[arg-type]
    kinds = "person, organization, place, summit, claim, initiative"
    with pytest.raises(QueryError, match=rf"^search: kind must be one of {kinds}, not 'speech'$"):
        index.find("water", kind="speech")
    for bad in (0, -1, True, "2", 1.0):
        with pytest.raises(QueryError, match=rf"^search: limit must be a positive int, not {re.escape(repr(bad))}$"):
            index.find("water", limit=bad)  # type: ignore[arg-type]
    assert _ids(index.find("water", limit=1)) == ["claim:a-01"]


def test_a_name_counts_three_times_a_text_and_each_record_keeps_its_best_field() -> None:
    plan = Initiative(
        id="initiative:a",
        kind=InitiativeKind.PLAN,
        name="Caspian plan",
        description="Caspian water",
        status=InitiativeStatus.PROPOSED,
        evidence=_evidence(),
    )
    source = Source(id="source:a", file="a.txt", text="Caspian", evidence=_evidence("Caspian"))  # not searched
    records = [source, _claim(1, "Caspian shores"), plan, _person("b", "Caspian Person")]
    # the plan and the person tie (the name), before the claim (text); ties keep the order given
    assert _ids(WordIndex(records).find("caspian")) == ["initiative:a", "person:b", "claim:a-01"]
    assert _ids(WordIndex(records).find("caspian", limit=1)) == ["initiative:a"]
    assert _ids(WordIndex(records).find("caspian", kind="person")) == ["person:b"]
    assert WordIndex([source]).find("caspian") == ()


@pytest.mark.parametrize("fillers", [0, 3])
def test_a_word_begun_counts_half_of_the_whole_word(fillers: int) -> None:
    # idf = log(1 + records / records with the word): both words here are in one record each
    whole, begun = _claim(1, "caspian talks"), _claim(2, "caspiansea talks")
    assert _ids(WordIndex([begun, whole, *_fillers(fillers)]).find("caspian")) == ["claim:a-01", "claim:a-02"]
    # a word begun in a name (3 x 0.5) outweighs the whole word in a text (1)
    named = _person("c", "Caspiansea")
    assert _ids(WordIndex([whole, named, *_fillers(fillers)]).find("caspian")) == ["person:c", "claim:a-01"]
    # a record with the whole word in its name and a word it begins in its text: the name counts
    both = _person("d", "Caspian", "caspiansea")
    assert _ids(WordIndex([named, both, *_fillers(fillers)]).find("caspian")) == ["person:d", "person:c"]


def _initiative(slug: str, name: str, description: str) -> Initiative:
    return Initiative(
        id=f"initiative:{slug}",
        kind=InitiativeKind.PLAN,
        name=name,
        description=description,
        status=InitiativeStatus.PROPOSED,
        evidence=_evidence(),
    )


def test_rare_words_count_more_and_the_words_add_up() -> None:
    # "rare" is in 3 records of 10, "common" in 4: the rare word in the name ranks first
    records = [
        _claim(1, "common rare"),
        _initiative("y", "Common", "rare"),
        _initiative("x", "Rare", "common"),
        _claim(2, "common"),
        *_fillers(6),
    ]
    assert _ids(WordIndex(records).find("common rare")) == ["initiative:x", "initiative:y", "claim:a-01"]
    assert _ids(WordIndex(records).find("common rare", limit=2)) == ["initiative:x", "initiative:y"]
    assert _ids(WordIndex(records).find("rare", limit=1)) == ["initiative:x"]


@pytest.mark.parametrize(
    ("begun", "fillers", "expected"),
    [
        # the whole word (1 record of 4) against a word it begins in a name (3 records of 4):
        # log(1 + 4/1) = 1.61 > 1.5 x log(1 + 4/3) = 1.27
        (3, 0, ["claim:a-01", "person:c", "claim:a-02", "claim:a-03"]),
        # 1 record of 5 against 2 of 5: log(1 + 5/1) = 1.79 < 1.5 x log(1 + 5/2) = 1.88
        (2, 2, ["person:c", "claim:a-01", "claim:a-02"]),
    ],
)
def test_a_word_weighs_log_of_one_plus_records_over_records_with_it(
    begun: int, fillers: int, expected: list[str]
) -> None:
    records = [
        _claim(1, "caspian talks"),
        _person("c", "Caspiansea"),
        *(_claim(2 + i, "caspiansea") for i in range(begun - 1)),
        *_fillers(fillers),
    ]
    assert _ids(WordIndex(records).find("caspian")) == expected


def test_lookup_ranks_the_full_name_then_an_alias_then_the_fewest_other_words() -> None:
    table = NameTable(
        [
            _person("zz", "Alpha Beta", "Alpha Beta Gamma"),
            _person("aa", "Delta", "Alpha Beta"),
            _person("mm", "Alpha Beta Epsilon"),
            _person("bb", "Alpha Beta Epsilon Zeta"),
            _person("long", " ".join(["Alpha", *(f"w{i}" for i in range(100))])),  # 100 other words
        ]
    )
    assert _ids(table.find("alpha beta")) == ["person:zz", "person:aa", "person:mm", "person:bb"]
    # every name has the word: ties go by id; a name with 100 other words still fits (last)
    assert _ids(table.find("alpha")) == ["person:aa", "person:zz", "person:mm", "person:bb", "person:long"]
    with pytest.raises(QueryError, match=r"^lookup: expected a name, not int$"):
        table.find(5)  # type: ignore[arg-type]


def test_lookup_finds_a_short_name() -> None:
    table = NameTable([Organization(id="organization:so", name="Some Org", short_name="SO", evidence=_evidence())])
    assert _ids(table.find("so")) == ["organization:so"]


def test_lookup_of_no_name_falls_back_to_close_words_the_closest_first() -> None:
    # "dcbaef" has every letter of "abcdef" (a quick upper bound of 1.0) but a ratio of 0.5;
    # "abcd" is at exactly 0.8, the least that counts
    table = NameTable([_person("a", "Dcbaef"), _person("b", "Abcdeg"), _person("c", "Abcd")])
    assert _ids(table.find("abcdef")) == ["person:b", "person:c"]
    # each record counts its closest word: "abcdefghik" (0.9), not "abcdefghkl" (0.8) after it
    table = NameTable([_person("e", "Abcdefghik Abcdefghkl"), _person("f", "Abcdefghixy")])  # f: 0.86
    assert _ids(table.find("abcdefghij")) == ["person:e", "person:f"]
    assert _ids(table.find("abcdefghij abcdefghkl")) == ["person:e"]  # f has no word close to the second
    # the mean over the words given: (0.9 + 1.0) / 2 for e, (1.0 + 0.9) / 2 for h, a tie (by id)
    table = NameTable([_person("h", "Abcdefghij Abcdefghkm"), _person("e", "Abcdefghik Abcdefghkl")])
    assert _ids(table.find("abcdefghij abcdefghkl")) == ["person:e", "person:h"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I met Dr. Smith. Then left.", ["I met Dr. Smith.", "Then left."]),
        ("I met (Dr. Smith) here. Then left.", ["I met (Dr. Smith) here.", "Then left."]),
        ("I met Dr . Smith here. Then left.", ["I met Dr . Smith here.", "Then left."]),  # the word before the stop
        ("He met A. Smith at the UN. Then left.", ["He met A. Smith at the UN.", "Then left."]),
        ("He left.   \n  Then   \nNext. ", ["He left.", "Then", "Next."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in search.sentences(text)] == expected


def test_trim_never_passes_the_end_of_the_span() -> None:
    assert search._trim("ab   ", 2, 5) == (5, 5)
    assert search._trim("a  b", 1, 3) == (3, 3)
    assert search._trim("  abc   ", 0, 8) == (2, 5)


def test_a_span_that_ends_on_the_first_letter_of_a_sentence_takes_that_sentence() -> None:
    assert SentenceTable("One here. Two there.").around(9, 11) == (0, 20)


def test_the_module_functions_ask_the_dataset(ds: summitdata.Dataset) -> None:
    claims = search.search(ds, "caspian", kind="claim", limit=2)
    assert claims == ds.search("caspian", kind="claim", limit=2)
    assert len(claims) == 2 and all(isinstance(c, Claim) for c in claims)
    assert search.lookup(ds, "Toqaev") == ds.lookup("Toqaev") != ()
    claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    assert search.context(ds, claim) == ds.context(claim) != claim.evidence[0]

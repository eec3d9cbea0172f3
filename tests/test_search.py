"""Word search (summitdata.search through Dataset.search): every word given, whole words or words they begin."""

from __future__ import annotations

import pytest

import summitdata
from summitdata.search import normalize


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

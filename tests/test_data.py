"""The packaged data: complete, anchored to the character, consistent."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

import summitdata
from summitdata import data as packaged
from summitdata.records import RECORD_TYPES, record_anchors

ID = re.compile(r"[a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*")


def all_records(ds: summitdata.Dataset) -> list[summitdata.Record]:
    return list(ds.records())


def test_packaged_articles_are_the_seeds_byte_for_byte(seeds: Path) -> None:
    if not seeds.is_dir():
        message = f"the delivered articles are expected at {seeds} (set SUMMITDATA_SEEDS)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI always has ../shared beside the clone
        pytest.skip(message)
    names = sorted(p.name for p in seeds.glob("*.txt"))
    shipped = sorted(p.name for p in packaged.articles_dir().glob("*.txt"))
    assert names == shipped
    for name in names:
        assert (packaged.articles_dir() / name).read_bytes() == (seeds / name).read_bytes(), name


def test_each_source_holds_its_article_text(ds: summitdata.Dataset) -> None:
    files = {p.name: p.read_bytes().decode("utf-8") for p in packaged.articles_dir().glob("*.txt")}
    assert sorted(s.file for s in ds.sources) == sorted(files)
    for source in ds.sources:
        assert source.text == files[source.file]
        assert source.id == "source:" + source.file.removesuffix(".txt").replace("_", "-")


def test_every_anchor_matches_its_article(ds: summitdata.Dataset) -> None:
    texts = {s.id: s.text for s in ds.sources}
    count = 0
    for record in all_records(ds):
        anchors = [anchor for _, anchor in record_anchors(record)]
        assert anchors, record.id
        for anchor in anchors:
            assert texts[anchor.source][anchor.start : anchor.end] == anchor.text, record.id
            count += 1
    assert count > 150


def test_verify_finds_no_problem(ds: summitdata.Dataset) -> None:
    assert ds.verify() == ()


def test_ids_are_unique_prefixed_slugs(ds: summitdata.Dataset) -> None:
    ids = [r.id for r in all_records(ds)]
    assert len(ids) == len(set(ids))
    for (cls, kind, plural), collection in zip(RECORD_TYPES, ds.collections(), strict=True):
        assert collection.kind == kind
        for record in collection:
            assert type(record) is cls
            assert ID.fullmatch(record.id) and record.id.startswith(kind + ":"), record.id
        assert list(collection.ids()) == sorted(collection.ids()), plural


def test_every_record_has_evidence_from_an_article(ds: summitdata.Dataset) -> None:
    for record in all_records(ds):
        assert record.evidence, record.id


def test_counts_cover_both_articles(ds: summitdata.Dataset) -> None:
    assert len(ds.sources) == 2
    per_source = Counter(c.evidence[0].source for c in ds.claims)
    assert per_source["source:000-6d5a610b5cea50b9"] >= 15
    assert per_source["source:004-e880cedfab62665c"] >= 30


def quoted_sentences(text: str) -> list[str]:
    """Each sentence of each quotation of speech in an article (a quotation of a few
    words, such as a name in quotes, is not speech)."""
    sentences = []
    for match in re.finditer(r"“([^”]+)”", text):
        quote = match.group(1)
        if len(quote) < 60:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", quote):
            sentences.append(sentence.rstrip(","))
    return sentences


def test_every_quoted_sentence_is_a_direct_claim(ds: summitdata.Dataset) -> None:
    for source in ds.sources:
        expected = quoted_sentences(source.text)
        direct = [c.text for c in ds.claims if c.direct and c.evidence[0].source == source.id]
        assert sorted(direct) == sorted(expected), source.id
    assert sum(c.direct for c in ds.claims) == 9


def test_reported_claims_are_not_quotations(ds: summitdata.Dataset) -> None:
    for claim in ds.claims:
        if not claim.direct:
            assert "“" not in claim.text or "”" in claim.text, claim.id


def test_claims_refer_to_the_speech_of_their_summit(ds: summitdata.Dataset) -> None:
    for claim in ds.claims:
        if claim.speech is not None:
            assert ds.speeches.get(claim.speech).summit == claim.summit


def test_years_and_relative_dates_are_marked_inferred(ds: summitdata.Dataset) -> None:
    for summit in ds.summits:
        for field in ("start", "end"):
            value = getattr(summit, field)
            if value is None:
                continue
            printed = any(str(value.year) in a.text for a in summit.evidence)
            assert printed or field in summit.inferred, (summit.id, field)
    for speech in ds.speeches:
        assert speech.date is not None and "date" in speech.inferred, speech.id
    for claim in ds.claims:
        for i, q in enumerate(claim.quantities):
            if q.currency is not None and "$" in q.text:
                assert f"quantities[{i}].currency" in claim.inferred, claim.id


# --- spot checks of the facts -------------------------------------------------------


def test_the_cis_council(ds: summitdata.Dataset) -> None:
    summit = ds.summits.get("summit:2025-10-10-cis-heads-of-state-council")
    assert str(summit.start) == "2025-10-10"
    assert summit.status is summitdata.SummitStatus.HELD
    assert summit.place == "place:dushanbe"
    assert "1945 + 80" in summit.inferred["start"] or "80th" in summit.inferred["start"]
    dushanbe = ds.places.get("place:dushanbe")
    assert dushanbe.country is None  # the article does not name its country
    speech = ds.speeches.get("speech:2025-10-10-tokayev-cis-heads-of-state-council")
    assert speech.speaker == "person:kassym-jomart-tokayev" and speech.summit == summit.id


def test_the_ashgabat_forum(ds: summitdata.Dataset) -> None:
    forum = ds.summits.get("summit:2025-12-12-ashgabat-forum")
    assert str(forum.start) == "2025-12-12"
    assert forum.place == "place:ashgabat"
    speech = ds.speeches.get("speech:2025-12-12-tokayev-ashgabat-forum")
    assert str(speech.date) == "2025-12-12"
    planned = ds.summits.filter(status="planned")  # in date order: the 2026 CIS chairmanship, then April's summit
    assert [(str(s.start), s.place, s.kind.value) for s in planned] == [
        ("2026", None, "chairmanship"),
        ("2026-04", "place:astana", "summit"),
    ]
    assert "next April" in planned[1].inferred["start"]


def test_tokayev_and_the_berdimuhamedovs(ds: summitdata.Dataset) -> None:
    tokayev = ds.people.get("person:kassym-jomart-tokayev")
    # One title given in both articles is one role, anchored in both, dated by its first attestation.
    assert [(r.title, r.of, str(r.as_of)) for r in tokayev.roles] == [("President", "place:kazakhstan", "2025-10-10")]
    assert {a.source for r in tokayev.roles for a in r.evidence} == {s.id for s in ds.sources}
    berdimuhamedovs = sorted(p.name for p in ds.people if "Berdimuhamedov" in p.name)
    assert berdimuhamedovs == ["Gurbanguly Berdimuhamedov", "Serdar Berdimuhamedov"]


def quantities(ds: summitdata.Dataset) -> dict[str, summitdata.Quantity]:
    return {q.text: q for c in ds.claims for q in c.quantities}


def test_figures(ds: summitdata.Dataset) -> None:
    found = {q.value: q for q in quantities(ds).values()}
    trade = found[110_000_000_000]
    assert (trade.unit, trade.currency, trade.comparator.value, trade.kind.value) == ("USD", "USD", "=", "actual")
    assert trade.period is not None and str(trade.period.start) == str(trade.period.end) == "2024"
    assert found[1.5].unit == "times"
    assert found[143_000].unit == "people"
    assert found[2_000_000_000].comparator.value == ">"
    growth = found[6]
    assert (growth.unit, growth.comparator.value, growth.kind.value) == ("percent", ">", "forecast")
    assert found[300_000_000_000].kind.value == "forecast"
    assert found[15_000].comparator.value == ">"
    assert len(found) == 7
    assert all(type(q.value) is int for q in found.values() if q.value == int(q.value))


def test_the_caspian_programme_is_one_initiative_in_both_articles(ds: summitdata.Dataset) -> None:
    programme = ds.initiatives.get("initiative:caspian-interstate-programme")
    claims = [c for c in ds.claims if programme.id in c.initiatives]
    assert {c.evidence[0].source for c in claims} == {s.id for s in ds.sources}
    assert programme.inferred  # that both mentions are one initiative is an inference
    names = [i.name.lower() for i in ds.initiatives]
    assert sum("caspian" in n and "program" in n for n in names) == 1


def test_unnamed_actors_stay_unnamed(ds: summitdata.Dataset) -> None:
    assert not any("Putin" in p.name or "Trump" in p.name for p in ds.people)
    texts = "".join(s.text for s in ds.sources)
    for person in ds.people:
        assert person.name in texts, person.name


def test_packaged_json_is_the_export(ds: summitdata.Dataset) -> None:
    assert packaged.DATA_FILE.read_text(encoding="utf-8") == summitdata.dumps(ds)
    document = json.loads(packaged.DATA_FILE.read_text(encoding="utf-8"))
    assert document["data_version"] == summitdata.DATA_VERSION


REPORTING_VERB = re.compile(
    r"\b(said|noted|noting|stressed|stressing|emphasized|underscored|urged|called|warned|proposed|welcomed"
    r"|congratulated|recalled|announced|reaffirmed|expressed|highlighted|invited|advocates|added|citing)\b"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of an article: paragraphs split after . ! or ?."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        for sentence in re.finditer(r".+?(?:[.!?](?=\s|$)|$)", paragraph.group(0)):
            start, end = paragraph.start() + sentence.start(), paragraph.start() + sentence.end()
            if text[start:end].strip():
                spans.append((start, end))
    return spans


def test_every_sentence_of_reported_speech_gives_a_claim(ds: summitdata.Dataset) -> None:
    for source in ds.sources:
        claimed = [(a.start, a.end) for c in ds.claims for a in c.evidence if a.source == source.id]
        events = [(a.start, a.end) for s in ds.summits for a in s.evidence if a.source == source.id]
        checked = 0
        for start, end in sentences(source.text):
            if not REPORTING_VERB.search(source.text[start:end]):
                continue
            checked += 1
            if any(a < end and b > start for a, b in claimed):
                continue
            # A sentence that reports an event rather than speech ("was welcomed by") is an event's evidence.
            assert any(a < end and b > start for a, b in events), source.text[start:end]
        assert checked >= 10, source.id

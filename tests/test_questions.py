"""The first questions of a new user, each one call (issue 15): the rules behind them.

Sub-events in event filters, ``source=`` and ``every()``, names for every reference keyword,
case-insensitive vocabularies, the derived date of a claim in every machine-readable output,
and files taken as the ``json`` module takes them.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import summitdata
from summitdata import QueryError
from summitdata.query import DERIVED, FILTERS, KEYWORDS, allowed_keywords, derived_values, every
from summitdata.records import record_anchors

VISIT = "summit:2025-12-11-tokayev-visit-ashgabat"
SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def _descendants(ds: summitdata.Dataset, summit_id: str) -> set[str]:
    found = {summit_id}
    changed = True
    while changed:
        more = {s.id for s in ds.summits if s.parent in found} - found
        changed = bool(more)
        found |= more
    return found


# --- events include their sub-events ------------------------------------------------------------


def test_an_event_filter_includes_its_sub_events_unless_told_not_to(ds: summitdata.Dataset) -> None:
    for summit in ds.summits:
        inside = _descendants(ds, summit.id)
        assert set(ds.claims_of(summit).ids()) == {c.id for c in ds.claims if c.summit in inside}
        assert set(ds.claims_of(summit, subevents=False).ids()) == {c.id for c in ds.claims if c.summit == summit.id}
        assert set(ds.speeches_of(summit).ids()) == {s.id for s in ds.speeches if s.summit in inside}
        raised = {i.id for c in ds.claims if c.summit in inside for i in ds.initiatives if i.id in c.initiatives}
        assert set(ds.initiatives.filter(summit=summit).ids()) == raised
    # The visit's own claims (placed at the visit in data 2026.1) and those of the talks inside it.
    assert len(ds.claims_of(VISIT)) == 5 and len(ds.claims_of(VISIT, subevents=False)) == 2


# --- the records of an article ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in KEYWORDS if "source" in KEYWORDS[k]])
def test_source_keeps_the_records_an_article_supports(ds: summitdata.Dataset, kind: str) -> None:
    collection = getattr(ds, summitdata.records.Kind.named(kind).plural)
    for source in ds.sources:
        supported = {r.id for r in collection if any(a.source == source.id for _, a in record_anchors(r))}
        assert set(collection.filter(source=source.id).ids()) == supported
    both = {r.id for r in collection if {a.source for _, a in record_anchors(r)} >= set(ds.sources.ids())}
    assert set(collection.filter(source=every(*ds.sources.ids())).ids()) == both


def test_every_asks_that_all_values_match_where_a_list_asks_any(ds: summitdata.Dataset) -> None:
    water, environment = summitdata.Topic.WATER, summitdata.Topic.ENVIRONMENT
    all_of = {c.id for c in ds.claims if water in c.topics and environment in c.topics}
    any_of = {c.id for c in ds.claims if water in c.topics or environment in c.topics}
    assert set(ds.claims.filter(topic=every("water", "environment")).ids()) == all_of
    assert set(ds.claims.filter(topic=["water", "environment"]).ids()) == any_of
    assert all_of < any_of
    with pytest.raises(QueryError, match="at least one value"):
        every()


# --- names, suggestions, vocabularies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "name", "expected"),
    [
        ("speaker", "Tokayev", "person:kassym-jomart-tokayev"),
        ("speaker", "Toqaev", "person:kassym-jomart-tokayev"),
        ("summit", "Tokayev visit Ashgabat", VISIT),
        ("initiative", "Interstate programme to preserve the Caspian Sea", "initiative:caspian-interstate-programme"),
        ("source", "000_6d5a610b5cea50b9.txt", "source:000-6d5a610b5cea50b9"),
        ("place", "Turkmenistan", "place:turkmenistan"),
    ],
)
def test_a_reference_keyword_takes_a_name(ds: summitdata.Dataset, keyword: str, name: str, expected: str) -> None:
    assert ds.claims.filter(**{keyword: name}) == ds.claims.filter(**{keyword: expected})


def test_unknown_and_ambiguous_references_say_what_would_do(ds: summitdata.Dataset) -> None:
    with pytest.raises(QueryError, match="did you mean initiative:caspian-interstate-programme"):
        ds.claims.filter(initiative="initiative:caspian-programme")
    with pytest.raises(QueryError, match=r"'Caspian' fits 2 records: .*; give one of these ids"):
        ds.claims.filter(initiative="Caspian")
    with pytest.raises(QueryError, match=r"'Berdimuhamedov' fits 2 records"):  # an alias names no one alone
        ds.claims.filter(speaker="Berdimuhamedov")
    with pytest.raises(QueryError, match=r"is not the id of an initiative$"):
        ds.claims.filter(initiative="summit:2025-12-12-ashgabat-forum")
    with pytest.raises(QueryError, match="is not the id of a person, an organization or a place"):
        ds.claims.filter(speaker="summit:2025-12-12-ashgabat-forum")
    with pytest.raises(QueryError, match="no person, organization or place is called 'Nobody Atall'"):
        ds.claims.filter(speaker="Nobody Atall")


def test_vocabulary_values_ignore_case(ds: summitdata.Dataset) -> None:
    for topic in summitdata.Topic:
        expected = ds.claims.filter(topic=topic)
        assert ds.claims.filter(topic=topic.value.upper()) == expected
        assert ds.claims.filter(topic=topic.name.title()) == expected
    assert ds.summits.filter(status="PLANNED") == ds.summits.filter(status=summitdata.SummitStatus.PLANNED)


def test_the_typed_keywords_are_the_keywords(ds: summitdata.Dataset) -> None:
    for kind in KEYWORDS:
        assert sorted(FILTERS[kind].__annotations__) == sorted(allowed_keywords(kind)), kind


# --- a claim's date in every machine-readable output --------------------------------------------


def test_the_csv_claims_table_carries_each_claims_date(ds: summitdata.Dataset, tmp_path: Path) -> None:
    package = json.loads(summitdata.dump_csv(ds, tmp_path).read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    names = [f["name"] for f in claims["schema"]["fields"]]
    assert names[-len(DERIVED["claim"]) :] == [d.name for d in DERIVED["claim"]]
    with open(tmp_path / "claims.csv", encoding="utf-8", newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    for claim in ds.claims:
        date = ds.date_of(claim)
        assert date is not None
        assert (rows[claim.id]["date"], rows[claim.id]["date_precision"]) == (str(date), date.precision.value)
        assert rows[claim.id]["date_inferred"] == str(derived_values(ds, claim)["date_inferred"]).lower()


def test_list_json_carries_each_claims_date(ds: summitdata.Dataset) -> None:
    out = subprocess.run([SCRIPT, "list", "claims", "--json"], capture_output=True, text=True, check=True).stdout
    for item in json.loads(out):
        date = ds.date_of(item["id"])
        assert date is not None
        assert (item["date"], item["date_precision"]) == (str(date), date.precision.value)


# --- files, as json takes them ------------------------------------------------------------------


def test_files_are_paths_or_file_objects(ds: summitdata.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    summitdata.dump(ds, path)
    assert summitdata.load(path) == summitdata.load(str(path)) == ds
    with open(path, encoding="utf-8") as text, open(path, "rb") as binary:
        assert summitdata.load_file(text) == summitdata.load_file(binary) == ds
    raw = io.BytesIO()
    summitdata.dump(ds, raw)
    assert raw.getvalue() == summitdata.dumps(ds).encode("utf-8")
    lines = io.StringIO()
    lines.name = "x.jsonl"  # type: ignore[misc]
    summitdata.dump(ds, lines)
    assert lines.getvalue() == summitdata.dumps(ds, format="jsonl")
    assert summitdata.load(io.StringIO(lines.getvalue())) == ds


def test_a_call_that_cannot_be_right_is_a_type_error(ds: summitdata.Dataset, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"ds must be a Dataset, not str .*dataset comes first"):
        summitdata.dump(str(tmp_path / "x.json"), ds)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a path or a file object with write"):
        summitdata.dump(ds, 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a path or a file object with read"):
        summitdata.load_file(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="give the file"):
        summitdata.load(max_bytes=10)
    assert not (tmp_path / "x.json").exists()


def test_a_stream_is_read_up_to_max_bytes(ds: summitdata.Dataset) -> None:
    text = summitdata.dumps(ds)
    with pytest.raises(summitdata.FileReadError, match="more than the limit of 1,000 bytes"):
        summitdata.load_file(io.StringIO(text), max_bytes=1000)
    with pytest.raises(summitdata.FileReadError, match="more than the limit of 1,000 bytes"):
        summitdata.load_file(io.BytesIO(text.encode()), max_bytes=1000)

"""The query commands through the installed entry point: list, show, search, lookup, timeline, stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import summitdata
from summitdata.query import derived_values

SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=False, encoding="utf-8")


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def rows_of(text: str) -> list[str]:
    """The rows of a table: the lines after its header, up to the blank line before its notes."""
    return text.split("\n\n", maxsplit=1)[0].splitlines()[1:]


def ids_in(text: str) -> list[str]:
    return [line.split()[1] for line in rows_of(text) if line.strip()]


# --- the questions of the issue: one command each --------------------------------------------


def test_what_did_tokayev_say_about_transport(ds: summitdata.Dataset) -> None:
    out = ok("list", "claims", "--speaker", "Tokayev", "--topic", "transport")
    expected = ds.claims.filter(speaker="person:kassym-jomart-tokayev", topic="transport")
    assert ids_in(out) == list(expected.ids())
    assert out.splitlines()[0].split() == ["DATE", "ID", "SPEAKER", "KIND", "TEXT"]
    assert "“The concept for connecting major transport arteries" in out  # a quotation shown as one


def test_which_initiatives_came_up_in_december(ds: summitdata.Dataset) -> None:
    out = ok("list", "initiatives", "--during", "Dec 2025")
    assert ids_in(out) == list(ds.initiatives.filter(during="2025-12").ids())


def test_every_claim_with_a_figure(ds: summitdata.Dataset) -> None:
    records = json.loads(ok("list", "claims", "--has-quantity", "--json"))
    expected = ds.claims.filter(has_quantity=True)
    assert records == [summitdata.to_dict(c) | derived_values(ds, c) for c in expected]
    assert [r["date"] for r in records] == [str(ds.date_of(c)) for c in expected]


def test_who_proposed_the_caspian_programme_and_where_it_was_raised_again() -> None:
    out = ok("show", "initiative:caspian-interstate-programme")
    assert "proposer      Kazakhstan (place:kazakhstan)" in out
    milestones = out.split("  milestones\n")[1].split("  evidence")[0]
    assert "2025-10-10* " in milestones and "CIS Heads of State Council meeting" in milestones
    assert milestones.count("2025-12-12* ") == 2 and "claim:2025-12-12-ashgabat-forum-30" in milestones


# --- each command --------------------------------------------------------------------------------


def test_list_filters_and_json_match_the_library(ds: summitdata.Dataset) -> None:
    out = ok("list", "summits", "--since", "12 December 2025", "--until", "2026-04", "--strict", "--json")
    expected = ds.summits.filter(since="2025-12-12", until="2026-04", strict=True)
    assert [r["id"] for r in json.loads(out)] == list(expected.ids())
    out = ok("list", "claims", "--topic", "water", "--topic", "environment", "--direct", "--limit", "2")
    assert ids_in(out) == list(ds.claims.filter(topic=["water", "environment"], direct=True).ids()[:2])
    assert ids_in(ok("list", "speeches", "--speaker", "person:kassym-jomart-tokayev")) == list(
        ds.speeches.filter().ids()
    )
    places = ok("list", "places", "--kind", "sea").splitlines()[1:]
    assert [line.split()[0] for line in places] == ["place:aral-sea", "place:caspian-sea"]
    assert ok("list", "claims", "--since", "2025", "--no-inferred") == "(no records)\n"


def test_show_a_claim_quotes_and_sentence() -> None:
    out = ok("show", "claim:2025-10-10-cis-council-07")
    assert "text          total trade within the CIS reached $110 billion last year" in out
    assert "President Tokayev underscored the importance" in out  # evidence as the article's sentence
    assert "figure        “$110 billion”: trade-turnover 110,000,000,000 USD, actual, period 2024 to 2024" in out
    quote = ok("show", "claim:2025-12-12-ashgabat-forum-06")
    assert "quotation     “Without restoring" in quote
    person = json.loads(ok("show", "person:kassym-jomart-tokayev", "--json"))
    assert person == summitdata.to_dict(summitdata.load().people.get("person:kassym-jomart-tokayev"))


def test_search_lookup_timeline_stats(ds: summitdata.Dataset) -> None:
    assert ids_in(ok("search", "Tokáyev", "--kind", "person")) == ["person:kassym-jomart-tokayev"]
    found = json.loads(ok("search", "Caspian programme", "--limit", "1", "--json"))
    assert [r["id"] for r in found] == ["initiative:caspian-interstate-programme"]
    lookup = ok("lookup", "Berdimuhamedov")
    assert [line.split()[0] for line in lookup.splitlines()[1:]] == [
        "person:serdar-berdimuhamedov",
        "person:gurbanguly-berdimuhamedov",
    ]
    assert [r["id"] for r in json.loads(ok("lookup", "Toqaev", "--json"))] == ["person:kassym-jomart-tokayev"]
    timeline = json.loads(ok("timeline", "--since", "2026", "--json"))
    assert [(e["date"], e["kind"], e["record"]["id"]) for e in timeline] == [
        ("2026", "event", "summit:2026-cis-chairmanship-turkmenistan"),
        ("2026-04", "event", "summit:2026-04-regional-environmental-summit"),
    ]
    assert len(rows_of(ok("timeline"))) == len(ds.timeline())
    stats = ok("stats")
    assert "claims         64" in stats and "with a figure             4" in stats


# --- errors and help ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("show", "claim:nope"), 1, "no record with id 'claim:nope'"),
        (("list", "claims", "--since", "soon"), 1, "since: cannot read 'soon' as a date"),
        (("list", "claims", "--speaker", "Berdimuhamedov"), 1, "fits 2 records"),
        (("list", "claims", "--speaker", "Nobody Atall"), 1, "no person, organization or place is called"),
        (("list", "claims", "--topic", "transprt"), 1, "topic: unknown value 'transprt'"),
        (("search", "water", "--kind", "speech"), 2, "invalid choice"),
        (("list", "claims", "--participant", "Tokayev"), 2, "claims cannot be filtered by --participant"),
        (("list", "things"), 2, "invalid choice"),
        (("list", "claims", "--limit", "0"), 2, "must be at least 1"),
        (("lookup",), 2, "the following arguments are required"),
    ],
)
def test_errors_exit_with_one_line(args: tuple[str, ...], status: int, message: str) -> None:
    result = cli(*args)
    assert result.returncode == status, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    if status == 1:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("summitdata: error: ")


def test_an_invalid_data_file_is_a_one_line_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0", "claims": [{}]}', encoding="utf-8")
    result = cli("stats", "--data", str(bad))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not a valid summitdata export" in result.stderr and "more problems" in result.stderr
    good = tmp_path / "good.json"
    good.write_text(summitdata.dumps(summitdata.load()), encoding="utf-8")
    assert ok("list", "people", "--data", str(good)) == ok("list", "people")


@pytest.mark.parametrize("command", ["list", "show", "search", "lookup", "timeline", "stats"])
def test_help_shows_examples(command: str) -> None:
    out = ok(command, "--help")
    assert "examples:" in out and f"summitdata {command}" in out


def test_python_dash_m_runs_the_same_commands() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "summitdata", "lookup", "Toqaev"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert module == ok("lookup", "Toqaev")


# --- issue 15: one command per question, terminals and pipes ---------------------------------------


def test_summit_includes_its_sub_events_and_names_work(ds: summitdata.Dataset) -> None:
    visit = "summit:2025-12-11-tokayev-visit-ashgabat"
    assert ids_in(ok("list", "claims", "--summit", "Tokayev visit Ashgabat")) == list(ds.claims_of(visit).ids())
    alone = ids_in(ok("list", "claims", "--summit", visit, "--no-subevents"))
    assert alone == list(ds.claims_of(visit, subevents=False).ids())
    assert set(alone) == {c.id for c in ds.claims if c.summit == visit}  # the talks inside are left out


def test_source_and_every(ds: summitdata.Dataset) -> None:
    a, b = ds.sources.ids()
    either = ids_in(ok("list", "initiatives", "--source", a, "--source", b))
    both = ids_in(ok("list", "initiatives", "--source", a, "--source", b, "--every"))
    assert either == list(ds.initiatives.filter(source=[a, b]).ids())
    assert both == list(ds.initiatives.filter(source=summitdata.query.every(a, b)).ids())
    assert set(both) < set(either)


def test_show_article_prints_the_text_and_refuses_other_records(ds: summitdata.Dataset) -> None:
    source = ds.sources[0]
    out = ok("show", source.id, "--article")
    assert out.splitlines()[0] == f"{source.id} ({source.file})"
    assert [p for p in out.split("\n")[2:] if p] == [p for p in source.text.split("\n") if p.strip()]
    result = cli("show", "person:kassym-jomart-tokayev", "--article")
    assert result.returncode == 1 and "--article: person:kassym-jomart-tokayev is not a source" in result.stderr


def test_show_lists_the_records_around_and_the_command_for_all(ds: summitdata.Dataset) -> None:
    tokayev = "person:kassym-jomart-tokayev"
    out = ok("show", tokayev)
    claims = ds.claims_of(tokayev)
    assert f"  claims ({len(claims)})" in out
    shown = out.split(f"  claims ({len(claims)})\n")[1]
    assert [line.split()[1] for line in shown.splitlines()[:5]] == list(claims.ids()[:5])
    assert f"and {len(claims) - 5} more: summitdata list claims --speaker {tokayev}" in out
    small = ok("show", "summit:2025-12-11-tokayev-visit-ashgabat")
    assert "  claims (5)" in small and "more: summitdata list" not in small


def test_stats_and_validate_print_json(ds: summitdata.Dataset, tmp_path: Path) -> None:
    stats = json.loads(ok("stats", "--json"))
    assert stats["records"] == {kind.plural: len(getattr(ds, kind.plural)) for kind in summitdata.records.KINDS}
    assert stats["claims"]["direct quotations"] == len(ds.claims.filter(direct=True))
    path = tmp_path / "x.jsonl"
    ok("export", "--format", "jsonl", "-o", str(path))
    converted = tmp_path / "x.json"
    ok("export", "--data", str(path), "-o", str(converted))
    assert converted.read_text(encoding="utf-8") == summitdata.dumps(ds)
    report = json.loads(ok("validate", str(converted), "--json"))
    assert report["valid"] is True and report["problems"] == [] and report["counts"] == stats["records"]
    broken = tmp_path / "broken.json"
    broken.write_text(summitdata.dumps(ds).replace('"direct": false', '"direct": "no"', 1), encoding="utf-8")
    result = cli("validate", str(broken), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["problems"][0]["field"] == "direct"


def test_search_says_why_nothing_is_found() -> None:
    assert "'the of' has only common words" in ok("search", "the of")
    assert "the query has no words" in ok("search", "  ")
    assert ok("search", "zzzz") == "(no records)\n"  # words, just none found


def test_list_usage_shows_its_filters_and_errors_have_one_style() -> None:
    usage = ok("list", "--help").split("\n\n")[0]
    for option in ("--speaker", "--summit", "--source", "--topic", "--every", "--no-subevents", "--since"):
        assert option in usage
    result = cli("list", "claims", "--participant", "Tokayev")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("summitdata: error: list: claims cannot be filtered")
    result = cli("bogus")
    assert result.stderr.splitlines()[-1].startswith("summitdata: error: argument COMMAND")

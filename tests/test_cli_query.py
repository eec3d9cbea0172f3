"""The query commands through the installed entry point: list, show, search, lookup, timeline, stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import summitdata

SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=False, encoding="utf-8")


def ok(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def ids_in(text: str) -> list[str]:
    return [line.split()[1] for line in text.splitlines()[1:] if line.strip()]


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
    assert records == [summitdata.to_dict(c) for c in ds.claims.filter(has_quantity=True)]


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
    assert len(ok("timeline").splitlines()) == len(ds.timeline()) + 1
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

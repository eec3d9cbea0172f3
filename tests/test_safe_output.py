"""Safe output: no spreadsheet formulas in CSV cells, no terminal escapes from record text.

The records here carry hostile text (ANSI escapes, C0 and C1 controls, DEL, a right-to-left
override, formula-looking text): human output shows it escaped, ``--json`` exactly, and the
CSV tables neutralise it reversibly.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import frictionless
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.growth import calls

import summitdata
from summitdata.cli._terminal import shown
from summitdata.tables import escape_cell, unescape_cell
from summitdata.testing import synthetic_dataset

SCRIPT = str(Path(sys.executable).with_name("summitdata"))
#: What a terminal would obey: C0 controls, DEL, C1 controls, bidirectional formatting.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
HOSTILE = '=HYPERLINK("http://x") \x1b[2J\x1b[32mvalid\x1b[0m \u202eevil\x07\x7f \x9b1m\x00 \rok\x1cend'
TRIGGERS = "=+-@\t\r"


def claim_text(doc: dict[str, Any], index: int, text: str) -> str:
    """Give claim ``index`` the text ``text``, anchored to new words at the end of its article."""
    claim = doc["claims"][index]
    source = next(s for s in doc["sources"] if s["id"] == claim["evidence"][0]["source"])
    start = len(source["text"]) + 1
    source["text"] += " " + text
    claim["text"] = text
    claim["evidence"] = [{"source": source["id"], "start": start, "end": start + len(text), "text": text}]
    return str(claim["id"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A dataset file whose records hold control characters and formula-looking text."""
    doc = json.loads(summitdata.dumps(synthetic_dataset(40, seed=3)))
    claim = claim_text(doc, 0, HOSTILE)
    formulas = [claim_text(doc, i, t) for i, t in enumerate(["-2+3", "@SUM(A1)", "'=not a formula", "+1"], 1)]
    speaker = doc["claims"][0]["speakers"][0]
    person = next(p for p in doc["people"] if p["id"] == speaker)
    person["name"] = "\x1b[31mRed\u202e Zzyzx"
    person["aliases"] = ["Zzyzx\x1b[0m", "=cmd|' /C calc'!A0"]
    summit = next(s for s in doc["summits"] if s["id"] == doc["claims"][0]["summit"])
    summit["name"] = "Summit \x1b]0;title\x07 of \u2066isolates\u2069"
    for quantity in (q for c in doc["claims"] for q in c["quantities"]):
        quantity["value"] = -abs(quantity["value"])  # a negative number stays a number in CSV
        break
    ds = summitdata.loads(json.dumps(doc, ensure_ascii=False))
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    summitdata.dump(ds, path)
    names = {"claim": claim, "person": speaker, "summit": summit["id"], "formulas": formulas}
    return {"ds": ds, "path": str(path), **names}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=False, encoding="utf-8")


# --- the terminal --------------------------------------------------------------------------------


def human_commands(h: dict[str, Any]) -> list[tuple[str, ...]]:
    return [
        ("list", "claims"),
        ("list", "people"),
        ("list", "summits"),
        ("show", h["claim"]),
        ("show", h["person"]),
        ("show", h["summit"]),
        ("lookup", "Zzyzx"),
        ("search", "HYPERLINK"),
        ("stats",),
        ("timeline",),
    ]


@pytest.mark.parametrize("index", range(10))
def test_human_output_shows_controls_escaped(hostile: dict[str, Any], index: int) -> None:
    args = human_commands(hostile)[index]
    result = run(*args, "--data", hostile["path"])
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert RAW.search(result.stdout) is None, repr(RAW.search(result.stdout))
    assert "\\x1b" in result.stdout  # shown, not dropped: each command shows some hostile text


def test_escapes_are_named_precisely(hostile: dict[str, Any]) -> None:
    out = " ".join(run("show", hostile["claim"], "--data", hostile["path"]).stdout.split())
    escaped = '=HYPERLINK("http://x") \\x1b[2J\\x1b[32mvalid\\x1b[0m \\u202eevil\\x07\\x7f \\x9b1m\\x00'
    assert f"quotation “{escaped} ok\\x1cend”" in out  # tab, CR, line feed: whitespace, shown as a space
    assert f"'{escaped} \\rok\\x1cend'" in out  # the anchor's text, as a Python literal
    people = run("list", "people", "--data", hostile["path"]).stdout
    assert "\\x1b[31mRed\\u202e Zzyzx" in people


def test_json_output_stays_exact(hostile: dict[str, Any]) -> None:
    ds = hostile["ds"]
    shown_claim = json.loads(run("show", hostile["claim"], "--json", "--data", hostile["path"]).stdout)
    assert shown_claim["text"] == HOSTILE == ds.claims.get(hostile["claim"]).text
    people = json.loads(run("lookup", "Zzyzx", "--json", "--data", hostile["path"]).stdout)
    assert [p["name"] for p in people] == ["\x1b[31mRed\u202e Zzyzx"]


def test_validate_messages_are_escaped(tmp_path: Path, hostile: dict[str, Any]) -> None:
    doc = json.loads(Path(hostile["path"]).read_text(encoding="utf-8"))
    doc["claims"][0]["topics"] = ["\x1b[32mvalid\x1b[0m"]
    doc["claims"][1]["id"] = "claim:\u202eevil\r"
    bad = tmp_path / "bad\x1b[2J.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert RAW.search(result.stdout) is None
    assert "claim:\\u202eevil\\x0d: id:" in result.stdout and "bad\\x1b[2J.json: invalid: " in result.stdout
    as_data = run("stats", "--data", str(bad))  # the one-line error of --data
    assert as_data.returncode == 1 and as_data.stderr.count("\n") == 1
    assert RAW.search(as_data.stderr) is None and "\\x1b" in as_data.stderr


@given(st.text())
@example("\x1b[2J\u202e\r\n")
def test_shown_escapes_every_control_and_only_those(text: str) -> None:
    out = shown(text)
    assert RAW.search(out) is None and "\n" not in out
    assert shown(out) == out  # nothing left to escape
    if RAW.search(text) is None and "\n" not in text:
        assert out == text  # all other text, any script, as it is
    for char in set(RAW.findall(text)):  # each escape names its character
        code = ord(char)
        assert (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") in out


def test_terminal_output_is_linear_in_the_text() -> None:
    # Counted, not timed (benchmarks/text.py times it): escaping is a fixed number of built-in
    # passes over the text (one search, one translate), whatever its size and however many
    # characters it escapes; a loop over characters or matches would grow with the text.
    def text(n: int) -> str:
        return ("a\x1b" * n) + "b" * n

    shown(text(1))  # builds the cached translation table
    assert calls(lambda: shown(text(10))) == calls(lambda: shown(text(100_000)))
    assert shown(text(100_000)) == "a\\x1b" * 100_000 + "b" * 100_000


# --- the CSV tables -----------------------------------------------------------------------------


@given(st.text())
@example("'=1")
@example("''+")
@example("'")
@example("\t")
def test_escape_cell_round_trips_and_neutralises(text: str) -> None:
    cell = escape_cell(text)
    assert unescape_cell(cell) == text
    assert not cell.startswith(tuple(TRIGGERS))  # a spreadsheet never sees a formula
    assert cell in (text, "'" + text)
    if not text.lstrip("'").startswith(tuple(TRIGGERS)):
        assert cell == text  # ordinary text is left alone


@given(st.text(alphabet="'=+-@\t\rab", max_size=6))
def test_unescape_cell_is_the_inverse_on_every_written_cell(text: str) -> None:
    """A bijection: distinct texts give distinct cells, so reading back is exact."""
    assert escape_cell(unescape_cell(escape_cell(text))) == escape_cell(text)
    assert escape_cell(text) != escape_cell(text + "a")


@pytest.fixture(scope="module")
def package(hostile: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv") / "tables"
    summitdata.dump_csv(hostile["ds"], folder)
    return folder


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def test_csv_text_cells_are_neutralised_and_read_back(hostile: dict[str, Any], package: Path) -> None:
    ds = hostile["ds"]
    claims = {r["id"]: r for r in rows(package, "claims")}
    for claim_id in [hostile["claim"], *hostile["formulas"]]:
        text = ds.claims.get(claim_id).text
        cell = claims[claim_id]["text"]
        assert not cell.startswith(tuple(TRIGGERS)) and unescape_cell(cell) == text
        assert cell == ("'" + text if text.lstrip("'").startswith(tuple(TRIGGERS)) else text)
    evidence = [r for r in rows(package, "claim_evidence") if r["record"] == hostile["claim"]]
    assert evidence[0]["text"] == "'" + HOSTILE  # every text column, not just the claim's
    aliases = [r["alias"] for r in rows(package, "person_aliases") if r["record"] == hostile["person"]]
    assert [unescape_cell(a) for a in aliases] == list(ds.people.get(hostile["person"]).aliases)
    assert aliases[1].startswith("'=")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # no text cell that a spreadsheet would run, in any table
        text = [
            f["name"]
            for f in resource["schema"]["fields"]
            if f["type"] == "string" and "enum" not in f.get("constraints", {})
        ]
        for row in rows(package, resource["name"]):
            for name in text:
                assert not row[name].startswith(tuple(TRIGGERS)), (resource["name"], row[name])


def test_numbers_and_vocabulary_stay_as_they_are(package: Path) -> None:
    quantities = rows(package, "claim_quantities")
    values = [q["value"] for q in quantities]
    assert any(v.startswith("-") for v in values)  # a negative number is a number, not escaped
    assert all(float(v) == float(v) for v in values)
    assert "=" in {q["comparator"] for q in quantities}  # a vocabulary word listed in the schema
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]

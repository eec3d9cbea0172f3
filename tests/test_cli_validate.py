"""``summitdata validate``: the real entry point, exit codes, every problem listed, never a traceback."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import summitdata

SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def validate(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [SCRIPT, "validate", *args],
        input=stdin.decode("utf-8", "replace") if stdin else None,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture(scope="module")
def document(ds: summitdata.Dataset) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summitdata.dumps(ds))
    return data


def test_valid_file_gives_one_summary_line(ds: summitdata.Dataset, tmp_path: Path) -> None:
    for fmt, name in (("json", "export.json"), ("jsonl", "export.jsonl")):
        path = tmp_path / name
        path.write_text(summitdata.dumps(ds, format=fmt), encoding="utf-8")
        result = validate(str(path))
        assert result.returncode == 0 and result.stderr == ""
        (line,) = result.stdout.splitlines()
        assert (
            line.startswith(f"{path}: valid: 2 sources, 3 people") and f"data version {summitdata.DATA_VERSION}" in line
        )


def test_invalid_file_lists_every_problem(document: dict[str, Any], tmp_path: Path) -> None:
    bad = copy.deepcopy(document)
    bad["places"][0]["kind"] = "ocean"
    bad["claims"][0]["speakers"] = ["person:nobody"]
    bad["summits"][0]["start"] = "2025-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = validate(str(path))
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{path}: invalid: 3 problems"
    assert f"{path}: {bad['places'][0]['id']}: kind: 'ocean' is not one of" in result.stdout
    assert f"{path}: {bad['claims'][0]['id']}: speakers[0]: refers to 'person:nobody'" in result.stdout
    assert f"{path}: {bad['summits'][0]['id']}: start: day 30 is not in 2025-02" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schema_version": "1.0", "data_version": "x", "sources": [', "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2]", "the top level must be a JSON object"),
        (b'{"schema_version": "7.0"}', "not supported"),
        (b"", "not valid JSON"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    result = validate(str(path))
    assert result.returncode == 1 and message in result.stdout and result.stdout.endswith("invalid: 1 problem\n")


def test_missing_file_stdin_and_usage(ds: summitdata.Dataset, tmp_path: Path) -> None:
    missing = validate(str(tmp_path / "nothere.json"))
    assert missing.returncode == 1 and "No such file or directory" in missing.stdout
    piped = validate("-", stdin=summitdata.dumps(ds).encode("utf-8"))
    assert piped.returncode == 0 and piped.stdout.startswith("<stdin>: valid:")
    piped_lines = validate("-", "--format", "jsonl", stdin=summitdata.dumps(ds, format="jsonl").encode("utf-8"))
    assert piped_lines.returncode == 0
    usage = validate()
    assert usage.returncode == 2 and "FILE" in usage.stderr


def test_with_packaged_resolves_references(document: dict[str, Any], tmp_path: Path) -> None:
    claim = copy.deepcopy(document["claims"][0])
    claim["id"] = "claim:my-reading-01"
    mine = {"schema_version": summitdata.SCHEMA_VERSION, "data_version": "mine.1"} | {
        plural: [] for _, _, plural in summitdata.records.RECORD_TYPES
    }
    mine["claims"] = [claim]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(mine), encoding="utf-8")
    alone = validate(str(path))
    assert alone.returncode == 1 and "claim:my-reading-01: speakers[0]" in alone.stdout
    together = validate("--with-packaged", str(path))
    assert (
        together.returncode == 0
        and "65 claims" in together.stdout
        and f"{summitdata.DATA_VERSION}+mine.1" in together.stdout
    )

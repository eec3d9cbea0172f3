"""Hostile input to the loader and ``summitdata validate`` / ``--data``: a one-line error or
the documented result, in bounded time and memory, never a traceback nor a hang.

Classes covered (issue 11): bounded problem reports and cut messages; duplicate keys;
regular files only, with a size limit (devices, FIFOs, directories, stdin); every problem
of a record in one pass; over-large numbers, deep nesting, a JSON Lines ``type`` that is
not a string; and (issue 10) errors by kind for wrong arguments.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.growth import work

import summitdata
from summitdata import serialize
from summitdata.converter import structure_record
from summitdata.records import RECORD_TYPES

BACKENDS = [name for name in serialize.BACKENDS if name == "json" or serialize._orjson is not None]
TOP = ("sources", "people", "organizations", "places", "summits", "speeches", "claims", "initiatives")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> serialize.JSONBackend:
    """Each installed JSON backend in turn, given to each call (``backend=``)."""
    return serialize.json_backend(request.param)


@pytest.fixture(scope="module")
def document(ds: summitdata.Dataset) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summitdata.dumps(ds))
    return data


def cli(*args: str, stdin: Any = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "summitdata", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,  # a hang fails the test
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def empty_claims(count: int) -> str:
    head = {"schema_version": "1.0", "data_version": "x", **{plural: [] for plural in TOP}}
    text = json.dumps(head)
    return text.replace('"claims": []', '"claims": [' + ",".join(["{}"] * count) + "]")


def problems(text: str | bytes, **kwargs: Any) -> summitdata.ValidationError:
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(text, **kwargs)
    return exc.value


def fails(text: str) -> None:
    try:
        summitdata.loads(text)
    except summitdata.ValidationError:
        return
    raise AssertionError("accepted")  # pragma: no cover


# --- 1. bounded problem reports ----------------------------------------------------------


def test_problems_beyond_max_problems_are_counted_not_kept() -> None:
    text = empty_claims(40)
    everything = problems(text, max_problems=10**6)
    assert everything.omitted == 0 and len(everything.problems) > 40
    for limit in (1, 7, 100):
        err = problems(text, max_problems=limit)
        assert len(err.problems) == limit
        assert err.problems == everything.problems[:limit]
        assert len(err.problems) + err.omitted == len(everything.problems)
        assert f"and {err.omitted} more" in str(err)
    default = problems(empty_claims(200))
    assert len(default.problems) == serialize.MAX_PROBLEMS == 1000 and default.omitted > 0


def _variants(document: dict[str, Any]) -> Iterator[tuple[type[Any], Any]]:
    """Broken records of every kind: keys missing, unknown, wrong values, and combinations."""
    for cls, _, plural in RECORD_TYPES:
        record = document[plural][0]
        keys = list(record)
        yield cls, {}
        yield cls, [record]
        yield cls, {**record, "extra": 1}
        yield cls, {k: v for k, v in record.items() if k != keys[-1]}
        yield cls, {**{k: v for k, v in record.items() if k != keys[0]}, "extra": 1, "more": None}
        for key in keys:
            yield cls, {**record, key: [None, 3]}
            yield cls, {**{k: v for k, v in record.items() if k != "id"}, key: {"x": 1}}
            yield cls, {key: record[key]}
        yield cls, {**record, "evidence": [{"source": 1, "start": -1}], "id": 5}


def test_counting_agrees_with_the_detailed_path(document: dict[str, Any]) -> None:
    # Past max_problems the loader counts a record's problems without building them;
    # the count must be what the converter would report.
    checked = 0
    for cls, item in _variants(document):
        try:
            structure_record(item, cls)
            expected = -1
        except summitdata.ValidationError as err:
            expected = len(err.problems)
        assert serialize._count_problems(item, cls) == expected, (cls.__name__, item)
        checked += 1
    assert checked > 100


def test_max_problems_is_checked() -> None:
    with pytest.raises(TypeError):
        summitdata.loads("{}", max_problems="3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        summitdata.loads("{}", max_problems=0)


def test_problem_reports_are_linear_in_work_and_bounded_in_memory() -> None:
    # Counted, not timed (benchmarks/growth.py times it): past the first problems the
    # claims' problems are counted, each claim in the same steps; 10x the claims, at most 10x.
    fails(empty_claims(10))  # warm-up: the generated functions
    texts = empty_claims(400), empty_claims(4000)
    steps = work(lambda: fails(texts[0])), work(lambda: fails(texts[1]))
    assert steps[1] <= 10 * steps[0], steps
    small, large = empty_claims(1000), empty_claims(10_000)
    peaks = []
    for text in (small, large):
        tracemalloc.start()
        fails(text)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 20 * peaks[0], peaks
    # 12 problems per claim would be kept if they were stored: ~2 KB a claim.
    assert peaks[1] < 10_000 * 600, peaks


def test_quoted_values_are_cut(document: dict[str, Any]) -> None:
    huge = "x" * 1_000_000
    bad = copy.deepcopy(document)
    bad["places"][0]["kind"] = huge
    bad["people"][0]["name"] = " " + huge
    bad["claims"][0]["id"] = huge
    err = problems(json.dumps(bad))
    assert len(err.problems) >= 3
    for problem in err.problems:
        assert len(str(problem)) < 1000, str(problem)[:200]
    assert any("xxx..." in p.message for p in err.problems)


# --- 2. duplicate keys -------------------------------------------------------------------


def test_duplicate_keys_are_refused(backend: serialize.JSONBackend, ds: summitdata.Dataset) -> None:
    text = summitdata.dumps(ds, backend=backend)
    # Appending "claims": [] to a valid export would drop every claim.
    err = problems(text.rstrip()[:-1] + ',\n  "claims": []\n}\n', backend=backend)
    assert [(p.record, p.field) for p in err.problems] == [("document", "claims")]
    assert "more than once" in err.problems[0].message
    claim = ds.claims.get(min(c.id for c in ds.claims))
    # Inside a record, deep down, with or without spaces before the colon.
    for spaced in ('"start": ', '"start" : '):
        marker = f'"id": "{claim.id}",'
        nested = text.replace(marker, marker, 1)
        anchor = f'"start": {claim.evidence[0].start},'
        at = nested.index(anchor, nested.index(marker))
        nested = nested[:at] + f"{spaced}0, " + nested[at:]
        err = problems(nested, backend=backend)
        assert [(p.record, p.field) for p in err.problems] == [(claim.id, "evidence[0].start")]


def test_duplicate_keys_in_json_lines(backend: serialize.JSONBackend, ds: summitdata.Dataset) -> None:
    lines = summitdata.dumps(ds, format="jsonl", backend=backend).splitlines(keepends=True)
    lines[0] = lines[0].replace('"type":"dataset",', '"type":"dataset","type":"dataset",')
    lines[5] = lines[5].replace('{"type":', '{"id":"x","type":', 1)
    err = problems("".join(lines), format="jsonl", backend=backend)
    found = {(p.record, p.field) for p in err.problems}
    assert ("line 1", "type") in found
    assert any(record != "line 6" and field == "id" for record, field in found)


def test_a_string_that_looks_like_a_key_is_no_duplicate(backend: serialize.JSONBackend, ds: summitdata.Dataset) -> None:
    # '\": ' inside a string makes the cheap orjson count disagree; the exact check decides.
    mine = summitdata.Dataset(data_version='a\\": 1, "b": 2', check=False)
    assert summitdata.loads(summitdata.dumps(mine, backend=backend), backend=backend).data_version == mine.data_version


# --- 3. only regular files, with a size limit --------------------------------------------


def test_devices_fifos_and_directories_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path, kind in (("/dev/zero", "a device"), (str(fifo), "a FIFO"), (str(tmp_path), "a directory")):
        with pytest.raises(summitdata.FileReadError, match=f"is {kind}") as exc:
            summitdata.load_file(path)
        assert "\n" not in str(exc.value)
        for args in (("validate", path), ("stats", "--data", path)):
            result = cli(*args, timeout=30)
            assert result.returncode == 1 and kind in result.stdout + result.stderr
            assert len((result.stdout + result.stderr).strip().splitlines()) <= 2


def test_size_limit(tmp_path: Path, ds: summitdata.Dataset) -> None:
    path = tmp_path / "export.json"
    path.write_text(summitdata.dumps(ds), encoding="utf-8")
    size = path.stat().st_size
    assert summitdata.load_file(path, max_bytes=size) == ds
    with pytest.raises(summitdata.FileReadError, match="more than the limit"):
        summitdata.load_file(path, max_bytes=size - 1)
    assert serialize.MAX_BYTES == 1 << 30
    result = cli("validate", "--max-bytes", "100", str(path))
    assert result.returncode == 1 and "more than the limit of 100" in result.stdout
    result = cli("stats", "--max-bytes", "100", "--data", str(path))
    assert result.returncode == 1 and "more than the limit of 100" in result.stderr


def test_stdin_is_read_with_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = cli("validate", "-", stdin=zero, timeout=30)
    assert result.returncode == 1 and "<stdin>: is a device" in result.stdout
    big = tmp_path / "big.json"
    big.write_text(empty_claims(1000), encoding="utf-8")
    pipe = subprocess.Popen(["cat", str(big)], stdout=subprocess.PIPE)
    assert pipe.stdout is not None
    result = cli("validate", "--max-bytes", "1000", "-", stdin=pipe.stdout, timeout=30)
    pipe.stdout.close()
    pipe.wait()
    assert result.returncode == 1 and "gives more than the limit of 1,000 bytes" in result.stdout


def test_read_stream_reads_in_chunks_up_to_the_limit() -> None:
    class Endless:
        reads = 0

        def read(self, size: int) -> bytes:
            self.reads += 1
            return b" " * size

    endless = Endless()
    with pytest.raises(summitdata.FileReadError):
        serialize.read_stream(endless, max_bytes=5 << 20)  # type: ignore[arg-type]
    assert endless.reads <= 7


# --- 4. every problem in one pass ----------------------------------------------------------


def test_field_and_reference_problems_of_one_record(document: dict[str, Any], tmp_path: Path) -> None:
    bad = copy.deepcopy(document)
    claim = bad["claims"][0]
    claim["direct"] = "yes"
    claim["speakers"] = ["person:nobody"]
    bad["places"][0]["country"] = "place:nowhere"
    bad["places"][0]["kind"] = "island"
    del bad["summits"][0]["status"]
    bad["summits"][0]["place"] = "place:atlantis"
    err = problems(json.dumps(bad))
    found = {(p.record, p.field) for p in err.problems}
    assert {(claim["id"], "direct"), (claim["id"], "speakers[0]")} <= found
    place, summit = bad["places"][0]["id"], bad["summits"][0]["id"]
    assert {(place, "kind"), (place, "country"), (summit, "status"), (summit, "place")} <= found
    # A reference in a field that could not be built is not checked twice.
    bad["claims"][0]["speakers"] = "person:nobody"
    again = {(p.record, p.field) for p in problems(json.dumps(bad)).problems}
    assert (claim["id"], "speakers") in again and (claim["id"], "speakers[0]") not in again
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = cli("validate", str(path))
    assert f"{summit}: place: refers to 'place:atlantis'" in result.stdout


# --- 7. numbers, depth, JSON Lines types --------------------------------------------------


@pytest.mark.parametrize("number", ["1" + "0" * 308, "9" * 5000, str(1 << 63), str(-(1 << 63) - 1), "1e400"])
def test_over_large_numbers(
    backend: serialize.JSONBackend, document: dict[str, Any], number: str, tmp_path: Path
) -> None:
    bad = copy.deepcopy(document)
    claim = next(c for c in bad["claims"] if c["quantities"])
    claim["quantities"][0]["value"] = 0
    text = json.dumps(bad).replace('"value": 0', f'"value": {number}', 1)
    with pytest.raises(summitdata.DataError, match="not valid JSON") as exc:
        summitdata.loads(text, backend=backend)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 300
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.returncode == 1 and "not valid JSON" in result.stdout


def test_64_bit_integers_are_read(backend: serialize.JSONBackend) -> None:
    assert backend._parse(f"[{(1 << 63) - 1}, {-(1 << 63)}]")[0] == [(1 << 63) - 1, -(1 << 63)]
    for scalar in ("null", "3", '"x"', str((1 << 63) - 1)):
        assert backend._parse(scalar)[0] == json.loads(scalar)
    with pytest.raises(summitdata.DataError, match="64 bits"):
        backend._parse(str(1 << 63))


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_refused_before_parsing(backend: serialize.JSONBackend, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000_000)  # the parser must not rely on the recursion limit
    try:
        for depth in (serialize.MAX_DEPTH + 1, 100_000):
            with pytest.raises(summitdata.DataError, match="nested more than 100 deep"):
                summitdata.loads(opener * depth + "1" + closer * depth, backend=backend)
    finally:
        sys.setrecursionlimit(limit)
    inside = serialize.MAX_DEPTH - 1  # within the limit: a problem of the document, not of its depth
    err = problems(
        '{"schema_version": "1.0", "data_version": ' + opener * inside + "1" + closer * inside + "}", backend=backend
    )
    assert not isinstance(err, summitdata.DataError)


def test_deep_nesting_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"type":"dataset","schema_version":"1.0","data_version":"x"}\n' + "[" * 200_000 + "\n")
    result = cli("validate", str(path))
    assert result.returncode == 1 and "line 2: not valid JSON: nested more than 100 deep" in result.stdout


def test_depth_check_ignores_brackets_in_strings(backend: serialize.JSONBackend) -> None:
    mine = summitdata.Dataset(data_version="[" * 500 + "{" * 500, check=False)
    assert summitdata.loads(summitdata.dumps(mine, backend=backend), backend=backend).data_version == mine.data_version


@pytest.mark.parametrize("kind", [["claim"], {"a": 1}, 3, "claims"])
def test_json_lines_type_that_is_not_a_kind(kind: Any) -> None:
    header = '{"type":"dataset","schema_version":"1.0","data_version":"x"}\n'
    err = problems(header + json.dumps({"type": kind, "id": "claim:x"}) + "\n", format="jsonl")
    assert [(p.record, p.field) for p in err.problems] == [("claim:x", "type")]


# --- issue 10, item 8: errors by kind ------------------------------------------------------


def test_wrong_arguments_raise_type_or_value_errors(tmp_path: Path) -> None:
    for call, error in (
        (lambda: summitdata.load_file(123), TypeError),  # not an open file descriptor
        (lambda: summitdata.load_file(b"x.json"), TypeError),
        (lambda: summitdata.loads(123), TypeError),
        (lambda: summitdata.loads(bytearray(b"{}")), TypeError),
        (lambda: summitdata.loads("{}", format="xml"), ValueError),
        (lambda: summitdata.loads("{}", base="x"), TypeError),
        (lambda: summitdata.load_file(tmp_path, format="xml"), ValueError),
        (lambda: summitdata.load_file(tmp_path, max_bytes=-1), ValueError),
        (lambda: summitdata.dumps(summitdata.Dataset(data_version="x"), format="xml"), ValueError),
        (lambda: serialize.json_backend("x"), ValueError),
        (lambda: summitdata.loads("{}", backend="x"), ValueError),
        (lambda: summitdata.loads("{}", backend=json), TypeError),
    ):
        with pytest.raises(error) as exc:
            call()  # type: ignore[no-untyped-call]
        assert not isinstance(exc.value, summitdata.ValidationError)


def test_file_read_error_is_its_own_kind(tmp_path: Path) -> None:
    assert issubclass(summitdata.FileReadError, summitdata.DataError)
    assert "FileReadError" in summitdata.errors.__all__ and "FileReadError" in summitdata.__all__
    with pytest.raises(summitdata.FileReadError) as exc:
        summitdata.load_file(tmp_path / "missing.json")
    assert exc.value.problems[0].record == str(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(summitdata.DataError) as bad:
        summitdata.load_file(tmp_path / "bad.json")
    assert not isinstance(bad.value, summitdata.FileReadError)


def test_no_code_compares_problem_records_with_paths(repo_root: Path) -> None:
    pattern = re.compile(r"\.record\s*==\s*os\.fspath|fspath\([^)]*\)\s*==\s*\w+\.record")
    for path in (repo_root / "src").rglob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_a_malformed_reference_of_an_unbuilt_record_is_reported_once() -> None:
    document = json.loads(summitdata.dumps(summitdata.load()))
    claim = document["claims"][0]
    claim["speakers"] = ["person:kassym-jomart-tokayev\n"]
    claim["direct"] = "yes"  # the record cannot be built
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(document))
    found = [p for p in exc.value.problems if p.record == claim["id"] and p.field == "speakers[0]"]
    assert len(found) == 1, found

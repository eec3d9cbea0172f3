"""Streaming validation of JSON Lines: iter_records and `summitdata validate FILE.jsonl`."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata.stream import _Stream, iter_records


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return summitdata.dumps(summitdata.load(), format="jsonl").splitlines(keepends=True)


def _problems(call: Any) -> Counter[tuple[str, str, str]] | str:
    try:
        call()
    except summitdata.ValidationError as err:
        found = Counter((p.record, p.field, p.message) for p in err.problems)
        return found + Counter({("omitted", "", ""): err.omitted})
    except summitdata.DataError as err:
        return f"DataError: {err}"
    return Counter()


def _mutate(rng: random.Random, lines: list[str]) -> list[str]:
    """A broken copy of the records' lines: deleted, moved, repeated, retyped or re-pointed lines."""
    out = list(lines[1:])
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(out))
        item = json.loads(out[index])
        action = rng.choice(["delete", "move", "repeat", "break", "country", "summit", "parent", "retype", "id"])
        if action == "delete":
            del out[index]
            continue
        if action == "move":  # a reference or an anchor now points forward, or back
            out.insert(rng.randrange(len(out)), out.pop(index))
            continue
        if action == "repeat":
            out.insert(rng.randrange(len(out)), out[index])
            continue
        if action == "break":  # a record that cannot be built, though others refer to it
            key = rng.choice([k for k in item if k not in ("type", "id")])
            item[key] = 12.5
        elif action == "country" and item["type"] == "place":
            item["kind"] = "city"
        elif action == "summit" and item["type"] == "claim":
            item["summit"] = rng.choice([json.loads(x)["id"] for x in lines[1:] if '"type":"summit"' in x])
        elif action == "parent" and item["type"] == "summit":
            others = [json.loads(x)["id"] for x in lines[1:] if '"type":"summit"' in x]
            item["parent"] = rng.choice(others)
        elif action == "retype":
            item["type"] = rng.choice(["person", "place", "claim", "source"])
        elif action == "id":
            item["id"] = item["id"].split(":")[0] + ":renamed"
        out[index] = json.dumps(item, ensure_ascii=False) + "\n"
    return [lines[0], *out]


def test_the_stream_reports_the_problems_load_file_reports(lines: list[str], tmp_path: Path) -> None:
    broken = 0
    for seed in range(100):
        rng = random.Random(seed)  # noqa: S311 - a reproducible sample
        path = tmp_path / "broken.jsonl"
        path.write_text("".join(_mutate(rng, lines)), encoding="utf-8")
        base = summitdata.load() if seed % 5 == 0 else None
        expected = _problems(lambda: summitdata.load_file(path, base=base, max_problems=10_000))  # noqa: B023
        broken += bool(expected)
        assert _problems(lambda: list(iter_records(path, base=base, max_problems=10_000))) == expected, seed  # noqa: B023
    assert broken > 50  # most of the mutations break a rule


def test_the_same_problems_counted_past_the_limit(lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    # every anchor of every record but the sources points to a missing source
    text = "".join(line if '"type":"source"' in line else line.replace('"source:', '"source:x') for line in lines)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(summitdata.ValidationError) as loaded:
        summitdata.load_file(path, max_problems=5)
    with pytest.raises(summitdata.ValidationError) as streamed:
        list(iter_records(path, max_problems=5))
    assert len(streamed.value.problems) == 5
    total = len(loaded.value.problems) + loaded.value.omitted
    assert len(streamed.value.problems) + streamed.value.omitted == total > 5


def test_a_bad_inference_note_is_reported_once(lines: list[str], tmp_path: Path) -> None:
    index = next(i for i, line in enumerate(lines) if '"type":"claim"' in line)
    item = json.loads(lines[index])
    item["inferred"] = {"colour": "because", "quantities[0].period": "fine"}
    path = tmp_path / "noted.jsonl"
    path.write_text("".join([*lines[:index], json.dumps(item) + "\n", *lines[index + 1 :]]), encoding="utf-8")
    expected = Counter({(item["id"], "inferred.colour", "'colour' is not a field of Claim"): 1})
    assert _problems(lambda: list(iter_records(path))) == expected == _problems(lambda: summitdata.load_file(path))


def test_a_valid_file_yields_every_record_once(lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    ds = summitdata.load()
    assert list(iter_records(path)) == [r for c in ds.collections() for r in sorted(c, key=lambda r: r.id)]
    assert list(iter_records(path, base=ds)) == []  # every record is one of the base


def test_a_json_document_is_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    summitdata.dump(summitdata.load(), path)
    assert len(list(iter_records(path))) == sum(map(len, summitdata.load().collections()))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty: the first line"),
        (b'{"type":"dataset","schema_version":"1.0","data_version":"x"}\n\xff\n', "line 2: not UTF-8"),
        (b'[1]\n{"type":"claim"}\n', "the first line must be"),
    ],
)
def test_unreadable_files_are_refused_in_one_line(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(summitdata.DataError, match=message):
        list(iter_records(path))


def test_files_are_refused_before_they_are_read(tmp_path: Path) -> None:
    with pytest.raises(summitdata.FileReadError, match="not a regular file"):
        iter_records(tmp_path)  # at the call, not at the first record
    path = tmp_path / "big.jsonl"
    path.write_text("x" * 100)
    with pytest.raises(summitdata.FileReadError, match="max_bytes"):
        iter_records(path, max_bytes=99)
    with pytest.raises(TypeError):
        iter_records(b"x.jsonl")  # type: ignore[arg-type]


def test_a_missing_final_newline_is_a_problem(lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text("".join(lines).rstrip("\n"), encoding="utf-8")
    assert _problems(lambda: list(iter_records(path))) == _problems(lambda: summitdata.load_file(path))


def _peak(call: Any) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_ids_not_with_the_records(tmp_path: Path) -> None:
    ds = summitdata.synthetic_dataset(600, seed=3)
    lines = summitdata.dumps(ds, format="jsonl").splitlines(keepends=True)

    def write(name: str, reason: str) -> Path:
        # The same records, each claim carrying a long inference note: larger records, the same ids.
        path = tmp_path / name
        out = []
        for line in lines:
            item = json.loads(line)
            if item["type"] == "claim":
                item["inferred"] = {**item["inferred"], "kind": reason}
            out.append(json.dumps(item, ensure_ascii=False) + "\n")
        path.write_text("".join(out), encoding="utf-8")
        return path

    small, large = write("small.jsonl", "x"), write("large.jsonl", ("a long note " * 2000).strip())
    assert large.stat().st_size > 20 * small.stat().st_size
    streamed = _peak(lambda: sum(1 for _ in iter_records(large)))
    assert streamed < 2 * _peak(lambda: sum(1 for _ in iter_records(small))) + (1 << 20)
    assert streamed * 5 < _peak(lambda: summitdata.load_file(large))  # what the stream saves


def test_the_command_line_checks_json_lines_as_a_stream(lines: list[str], tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, "-m", "summitdata", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0
    assert ok.stdout.endswith(
        "valid: 2 sources, 3 people, 10 organizations, 17 places, 13 summits, 2 speeches, "
        f"64 claims, 19 initiatives (data version {summitdata.DATA_VERSION})\n"
    )
    stream = _Stream(path, base=None, max_problems=10, max_bytes=1 << 20)
    assert stream.format == "jsonl"
    path.write_text("".join(lines) + lines[-1], encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "summitdata", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "the same id is used twice" in bad.stdout

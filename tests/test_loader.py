"""The strict loader: every bad input is refused with every problem, record and field; nothing half-loaded."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import summitdata
from summitdata import serialize
from summitdata.testing import synthetic_dataset


@pytest.fixture(params=serialize.BACKENDS)
def backend(request: pytest.FixtureRequest) -> serialize.JSONBackend:
    """Each JSON backend in turn, given to each call (``backend=``)."""
    if request.param == "orjson":
        pytest.importorskip("orjson")
    return serialize.json_backend(request.param)


@pytest.fixture(scope="module")
def document(ds: summitdata.Dataset) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summitdata.dumps(ds))
    return data


def index_of(document: dict[str, Any], plural: str, record_id: str) -> int:
    return next(i for i, r in enumerate(document[plural]) if r["id"] == record_id)


def problems_of(text: str | bytes, **kwargs: Any) -> set[tuple[str, str]]:
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(text, **kwargs)
    assert isinstance(exc.value, summitdata.SummitDataError)
    return {(p.record, p.field) for p in exc.value.problems}


CASPIAN = "place:caspian-sea"
CLAIM = "claim:2025-10-10-cis-council-01"
SUMMIT = "summit:2025-10-10-cis-heads-of-state-council"

# (array, record id, field path, bad value, expected field of the problem)
RECORD_CASES = [
    ("places", CASPIAN, ("extra",), 1, ""),  # unknown field
    ("places", CASPIAN, ("aliases",), "missing", ""),  # missing field (deleted below)
    ("places", CASPIAN, ("name",), None, "name"),  # wrong type: null is not 'None'
    ("places", CASPIAN, ("kind",), "ocean", "kind"),  # bad enum
    ("places", CASPIAN, ("evidence", 0, "start"), 12.7, "evidence[0].start"),  # no coercion to 12
    ("places", CASPIAN, ("evidence", 0, "start"), -1, "evidence[0].start"),  # negative offset
    ("places", CASPIAN, ("evidence", 0, "end"), 0, "evidence[0].end"),  # reversed offsets
    ("summits", SUMMIT, ("start",), "2025-02-30", "start"),  # impossible date
    ("summits", SUMMIT, ("end",), "2025-13", "end"),  # malformed date
    ("summits", SUMMIT, ("start",), "２０２５", "start"),  # non-ASCII digits
    ("claims", CLAIM, ("topics",), "water", "topics"),  # a string is not an array of letters
    ("claims", CLAIM, ("direct",), 0, "direct"),
    ("claims", CLAIM, ("speakers", 0), "person:nobody", "speakers[0]"),  # missing id
    ("claims", CLAIM, ("speech",), "speech:nobody", "speech"),
    ("claims", CLAIM, ("speakers", 0), "place:caspian-sea", "speakers[0]"),  # a sea is not a country
    ("claims", CLAIM, ("speakers", 0), "summit:x", "speakers[0]"),  # wrong kind of id
    ("claims", CLAIM, ("evidence", 0, "source"), "source:nowhere", "evidence[0].source"),
]


@pytest.mark.parametrize("case", RECORD_CASES)
def test_each_bad_record_is_refused_with_record_and_field(
    document: dict[str, Any], case: tuple[str, str, tuple[Any, ...], Any, str]
) -> None:
    plural, record_id, path, value, field = case
    bad = copy.deepcopy(document)
    target: Any = bad[plural][index_of(bad, plural, record_id)]
    for key in path[:-1]:
        target = target[key]
    if value == "missing":
        del target[path[-1]]
    else:
        target[path[-1]] = value
    found = problems_of(json.dumps(bad, ensure_ascii=False))
    assert any(record == record_id and f.startswith(field) for record, f in found), found


def test_anchor_text_must_match_its_source(document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    anchor = bad["places"][index_of(bad, "places", CASPIAN)]["evidence"][0]
    anchor["text"] = "#" * len(anchor["text"])
    assert problems_of(json.dumps(bad)) == {(CASPIAN, "evidence[0].text")}


def test_numbers_out_of_range_and_not_finite(document: dict[str, Any], backend: serialize.JSONBackend) -> None:
    text = json.dumps(document, ensure_ascii=False)
    index = next(i for i, c in enumerate(document["claims"]) if c["quantities"])
    claim_id = document["claims"][index]["id"]
    for value in (1e19, -1e18, "NaN", "Infinity", "1e400"):
        bad = copy.deepcopy(document)
        bad["claims"][index]["quantities"][0]["value"] = 0.5 if isinstance(value, str) else value
        bad_text = json.dumps(bad, ensure_ascii=False)
        if isinstance(value, str):
            bad_text = bad_text.replace('"value": 0.5', f'"value": {value}', 1)
            assert bad_text != text
        with pytest.raises(summitdata.ValidationError) as exc:
            summitdata.loads(bad_text, backend=backend)
        assert all(p.record in (claim_id, "document") for p in exc.value.problems), exc.value


def test_duplicate_ids(document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    bad["places"].append(copy.deepcopy(bad["places"][0]))
    assert problems_of(json.dumps(bad)) == {(bad["places"][0]["id"], "id")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "top level must be a JSON object"),
        ('"x"', "top level must be a JSON object"),
        ('{"schema_version": "2.0"}', "not supported"),
        ('{"schema_version": 1}', "MAJOR.MINOR"),
        ('{"schema_version": "1.0", "data_version": "x"', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("", "not valid JSON"),
        ('{"schema_version": "1.0", "x": "\\ud800"}', "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
)
def test_unreadable_documents(text: str | bytes, message: str, backend: serialize.JSONBackend) -> None:
    with pytest.raises(summitdata.DataError, match=message):
        summitdata.loads(text, backend=backend)


def test_truncated_export_is_refused(ds: summitdata.Dataset, backend: serialize.JSONBackend) -> None:
    text = summitdata.dumps(ds, backend=backend)
    for cut in (1, len(text) // 2, len(text) - 3):
        with pytest.raises(summitdata.DataError, match="not valid JSON"):
            summitdata.loads(text[:cut], backend=backend)
    with pytest.raises(summitdata.DataError, match="not UTF-8"):
        summitdata.loads(text.encode("utf-8")[:-2].rstrip(b"}\n") + "’".encode()[:2], backend=backend)


def test_every_problem_is_reported_together(document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    bad["extra"] = 1
    place = bad["places"][index_of(bad, "places", CASPIAN)]
    place["name"] = 3  # this record cannot be built ...
    claim = bad["claims"][index_of(bad, "claims", CLAIM)]
    claim["speakers"] = ["person:nobody"]  # ... and the others' cross-record problems still show
    person = bad["people"][0]
    person["evidence"][0]["text"] = "#" * len(person["evidence"][0]["text"])
    summit = bad["summits"][index_of(bad, "summits", SUMMIT)]
    summit["kind"] = "party"
    found = problems_of(json.dumps(bad))
    assert found == {
        ("document", "extra"),
        (CASPIAN, "name"),
        (CLAIM, "speakers[0]"),
        (person["id"], "evidence[0].text"),
        (SUMMIT, "kind"),
    }
    # References to the records that could not be built are not reported as missing:
    assert not any(field in ("summit", "parent") for _, field in found)


def test_records_without_an_id_are_named_by_position(document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    bad["places"].append({"name": "Nowhere"})
    bad["claims"].append(7)
    found = problems_of(json.dumps(bad))
    assert ("claims[64]", "") in found
    # Each missing field of the nameless place is a problem of its own.
    assert {("places[17]", "id"), ("places[17]", "kind"), ("places[17]", "evidence")} <= found
    assert ("places[17]", "name") not in found


def test_nothing_is_half_loaded(document: dict[str, Any], ds: summitdata.Dataset, tmp_path: Path) -> None:
    bad = copy.deepcopy(document)
    bad["places"][0]["name"] = 3
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(bad), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(summitdata.ValidationError):
            summitdata.load_file(target)
    assert summitdata.load() is ds and ds.verify() == ()
    with pytest.raises(summitdata.DataError, match="No such file"):
        summitdata.load_file(tmp_path / "missing.json")


def test_json_and_jsonl_round_trip_byte_for_byte(
    ds: summitdata.Dataset, backend: serialize.JSONBackend, tmp_path: Path
) -> None:
    for dataset in (ds, synthetic_dataset(400, seed=2)):
        for format in ("json", "jsonl"):
            text = summitdata.dumps(dataset, format=format, backend=backend)
            loaded = summitdata.loads(text, format=format, backend=backend)
            assert summitdata.dumps(loaded, format=format, backend=backend) == text
            assert summitdata.loads(text.encode("utf-8"), format=format, backend=backend.name) == dataset
            path = tmp_path / f"export.{format}"
            summitdata.dump(dataset, path, backend=backend)
            assert path.read_text(encoding="utf-8") == text
            assert summitdata.load_file(path, backend=backend) == summitdata.load(path, backend=backend) == dataset
            if format == "jsonl":
                streamed = list(summitdata.iter_records(path, backend=backend))
                assert len(streamed) == len(set(streamed)) and set(streamed) == set(dataset.records())


def test_backends_write_the_same_bytes(ds: summitdata.Dataset) -> None:
    pytest.importorskip("orjson")
    dataset = synthetic_dataset(300, seed=9)
    out = {}
    for name in serialize.BACKENDS:
        out[name] = [summitdata.dumps(d, format=f, backend=name) for d in (ds, dataset) for f in ("json", "jsonl")]
    assert out["json"] == out["orjson"]
    assert summitdata.dumps(ds, backend=None) == out["json"][0]  # the default
    plain = json.loads(out["json"][0])
    encoded = {
        backend.name: backend._encode_document(plain) for backend in map(serialize.json_backend, serialize.BACKENDS)
    }
    assert encoded["json"] == encoded["orjson"] == out["json"][0]
    for call in (summitdata.dumps, summitdata.loads, summitdata.load_file):
        with pytest.raises(ValueError, match="yaml") as exc:  # a wrong argument, not invalid data
            call("{}", backend="yaml")  # type: ignore[arg-type]
        assert not isinstance(exc.value, summitdata.ValidationError)


def test_backends_are_values_not_settings() -> None:
    json_backend = serialize.json_backend("json")
    assert json_backend.name == "json" and repr(json_backend) == "json_backend('json')"
    assert serialize.json_backend(json_backend) is json_backend
    assert serialize.json_backend() == serialize.json_backend("orjson" if serialize._orjson else "json")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        json_backend.name = "orjson"  # type: ignore[misc]
    with pytest.raises(TypeError, match="not int"):
        serialize.json_backend(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="give the file"):
        summitdata.load(backend="json")


def test_jsonl_layout(ds: summitdata.Dataset, tmp_path: Path) -> None:
    text = summitdata.dumps(ds, format="jsonl")
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == 1 + sum(len(c) for c in ds.collections())
    header = json.loads(lines[0])
    assert header == {"type": "dataset", "schema_version": summitdata.SCHEMA_VERSION, "data_version": ds.data_version}
    records = [json.loads(line) for line in lines[1:]]
    assert [r["type"] for r in records] == [c.kind for c in ds.collections() for _ in c]
    first = records[0]
    assert list(first) == ["type", *summitdata.to_dict(ds.sources[0])]
    target = tmp_path / "export.jsonl"
    target.write_text(text, encoding="utf-8")
    assert summitdata.load_file(target) == ds
    assert summitdata.load_file(tmp_path / "export.jsonl", format="jsonl") == ds


def test_jsonl_problems_name_the_line(ds: summitdata.Dataset) -> None:
    lines = summitdata.dumps(ds, format="jsonl").splitlines(keepends=True)
    bad = list(lines)
    bad[3] = bad[3][:20] + "\n"  # truncated line
    bad[4] = bad[4].replace('"type":"person"', '"type":"human"')
    bad[5] = "[1, 2]\n"
    place = json.loads(bad[20])
    place.pop("type")
    bad[20] = json.dumps(place) + "\n"
    found = problems_of("".join(bad), format="jsonl")
    assert ("line 4", "") in found and ("line 6", "") in found
    assert (json.loads(lines[4])["id"], "type") in found
    assert (place["id"], "type") in found
    assert problems_of("".join(lines[1:]), format="jsonl") == {("line 1", "")}  # no header
    assert problems_of("".join(lines).rstrip("\n"), format="jsonl") >= {(f"line {len(lines)}", "")}
    with pytest.raises(summitdata.DataError, match="not supported"):
        summitdata.loads(lines[0].replace(summitdata.SCHEMA_VERSION, "3.1") + "".join(lines[1:]), format="jsonl")


def test_merge_checks_the_whole(ds: summitdata.Dataset) -> None:
    small = synthetic_dataset(20, seed=1)
    merged = ds.merge(small)
    assert merged.data_version == f"{ds.data_version}+{small.data_version}"
    assert len(merged.claims) == len(ds.claims) + 20
    assert merged.merge(ds).collections() == merged.collections()  # identical records are kept once
    with pytest.raises(summitdata.ValidationError, match="different record"):
        ds.merge(
            [
                summitdata.Place(
                    id=CASPIAN, name="Caspian", kind=summitdata.PlaceKind.SEA, evidence=ds.sources[0].evidence
                )
            ]
        )


def test_loads_with_a_base_resolves_references(ds: summitdata.Dataset, document: dict[str, Any]) -> None:
    # A user's document with one claim that refers to the packaged speakers, summit and source.
    claim = copy.deepcopy(document["claims"][index_of(document, "claims", CLAIM)])
    claim["id"] = "claim:my-reading-01"
    mine = {
        "schema_version": summitdata.SCHEMA_VERSION,
        "data_version": "mine.1",
        **{p: [] for _, _, p in summitdata.records.RECORD_TYPES},
    }
    mine["claims"] = [claim]
    text = json.dumps(mine, ensure_ascii=False)
    with pytest.raises(summitdata.ValidationError):
        summitdata.loads(text)  # alone, its references do not resolve
    merged = summitdata.loads(text, base=ds)
    assert merged.data_version == f"{summitdata.DATA_VERSION}+mine.1" and "claim:my-reading-01" in merged.claims
    claim["speakers"] = ["person:nobody"]
    assert problems_of(json.dumps(mine), base=ds) == {("claim:my-reading-01", "speakers[0]")}


def test_default_install_without_orjson(ds: summitdata.Dataset) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['orjson'] = None\n"
        "import summitdata, summitdata.serialize as s\n"
        "ds = summitdata.load(); text = summitdata.dumps(ds)\n"
        "assert summitdata.loads(text) == ds and summitdata.dumps(ds, format='jsonl')\n"
        "print(s.json_backend().name, len(text))\n"
        "try:\n    s.json_backend('orjson')\n"
        "except summitdata.MissingDependencyError as err:\n    print(repr(str(err)))\n"
        "try:\n    summitdata.loads(text, backend='orjson')\nexcept ImportError as err:\n    print(repr(str(err)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    hint = repr("the orjson backend needs orjson: pip install 'summitdata[fast]'")
    assert out == [f"json {len(summitdata.dumps(ds))}", hint, hint, ""]

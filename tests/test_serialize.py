"""The converter and the JSON contract."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import damaged_texts

import summitdata
from summitdata import serialize
from summitdata.records import RECORD_TYPES
from summitdata.testing import synthetic_dataset


def test_every_packaged_record_round_trips(ds: summitdata.Dataset) -> None:
    count = 0
    for cls, _, plural in RECORD_TYPES:
        for record in getattr(ds, plural):
            data = summitdata.to_dict(record)
            json_data = json.loads(json.dumps(data))
            assert summitdata.from_dict(json_data, cls) == record
            count += 1
    assert count == sum(len(c) for c in ds.collections())


def test_dumps_is_byte_stable(ds: summitdata.Dataset) -> None:
    first = summitdata.dumps(ds)
    second = summitdata.dumps(summitdata.loads(first))
    assert first == second
    assert summitdata.loads(first) == ds


def test_export_follows_the_contract(ds: summitdata.Dataset) -> None:
    text = summitdata.dumps(ds)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "\\u" not in text  # characters are not escaped
    assert "’" in text
    document = json.loads(text)
    assert list(document) == ["schema_version", "data_version", *(p for _, _, p in RECORD_TYPES)]
    assert document["schema_version"] == summitdata.SCHEMA_VERSION == "1.1"
    for cls, _, plural in RECORD_TYPES:
        items = document[plural]
        assert [i["id"] for i in items] == sorted(i["id"] for i in items)
        for item in items:
            assert list(item) == [f.name for f in cls.__attrs_attrs__]
    assert text.startswith('{\n  "schema_version": "1.1",\n  "data_version": ')


def test_quantity_json_shape(ds: summitdata.Dataset) -> None:
    document = json.loads(summitdata.dumps(ds))
    figures = [q for c in document["claims"] for q in c["quantities"]]
    trade = next(q for q in figures if q["value"] == 110_000_000_000)
    assert trade["unit"] == "USD" and trade["currency"] == "USD"
    assert trade["period"] == {"start": "2024", "end": "2024"}
    assert isinstance(trade["value"], int)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": None}, "name", "expected a string, got null"),
        ({"kind": "ocean"}, "kind", "'ocean' is not one of"),
        ({"aliases": "Caspian"}, "aliases", "expected an array"),
        ({"evidence": [{"source": "source:x", "start": 1.5, "end": 3, "text": "ab"}]}, "evidence[0].start", "integer"),
        ({"extra": 1}, "extra", "unknown field of Place"),
    ],
)
def test_from_dict_is_strict(ds: summitdata.Dataset, change: dict[str, object], field: str, message: str) -> None:
    data = summitdata.to_dict(ds.places.get("place:caspian-sea"))
    data.update(change)
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, summitdata.Place)
    (problem,) = exc.value.problems
    assert problem.record == "place:caspian-sea"
    assert problem.field == field
    assert message in problem.message


def test_loads_reports_every_problem_and_builds_nothing(ds: summitdata.Dataset) -> None:
    document = json.loads(summitdata.dumps(ds))
    document["places"][0]["name"] = 3
    document["claims"][0]["speakers"] = ["person:nobody"]
    anchor = document["people"][0]["evidence"][0]
    anchor["text"] = "#" * len(anchor["text"])
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(document))
    fields = {(p.record, p.field) for p in exc.value.problems}
    # A record that cannot be built does not hide the cross-record problems of the others.
    assert fields == {
        (document["places"][0]["id"], "name"),
        (document["claims"][0]["id"], "speakers[0]"),
        (document["people"][0]["id"], "evidence[0].text"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "top level must be a JSON object"),
        ('{"schema_version": "2.0"}', "not supported"),
        ('{"schema_version": "1.0", "data_version": "x"', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_loads_refuses_unreadable_documents(text: str | bytes, message: str) -> None:
    with pytest.raises(summitdata.DataError, match=message):
        summitdata.loads(text)


def test_unknown_and_missing_fields_do_not_hide_the_other_problems(ds: summitdata.Dataset) -> None:
    data = summitdata.to_dict(ds.places.get("place:afghanistan"))
    data["population"] = 3
    del data["name"]
    data["kind"] = "planet"
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, summitdata.Place)
    found = {(p.record, p.field, p.message) for p in exc.value.problems}
    assert found == {
        ("place:afghanistan", "population", "unknown field of Place"),
        ("place:afghanistan", "name", "missing field of Place"),
        ("place:afghanistan", "kind", "'planet' is not one of 'country', 'city', 'sea', 'region'"),
    }


def test_every_problem_of_one_record_is_reported(ds: summitdata.Dataset) -> None:
    data = summitdata.to_dict(ds.claims.get("claim:2025-10-10-cis-council-01"))
    data["speakers"] = ["claim:x"]
    data["initiatives"] = ["person:kassym-jomart-tokayev"]
    data["text"] = "not the evidence"
    data["evidence"][0]["start"] = -1
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, summitdata.Claim)
    fields = [p.field for p in exc.value.problems]
    assert set(fields) == {"speakers[0]", "initiatives[0]", "evidence[0].start", "evidence[0].text"}
    assert all(p.record == "claim:2025-10-10-cis-council-01" for p in exc.value.problems)
    # With the fields right, the record's own check of text against evidence still runs.
    good = summitdata.to_dict(ds.claims.get("claim:2025-10-10-cis-council-01"))
    good["text"] = "not the evidence"
    good["speakers"] = ["claim:x"]
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(good, summitdata.Claim)
    assert {p.field for p in exc.value.problems} == {"speakers[0]", "text"}


def test_inferred_keys_must_name_a_field(ds: summitdata.Dataset) -> None:
    document = json.loads(summitdata.dumps(ds))
    document["claims"][0]["inferred"] = {"colour": "because", "quantities[0].period": "fine"}
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(document))
    assert [(p.field, p.message) for p in exc.value.problems] == [
        ("inferred.colour", "'colour' is not a field of Claim")
    ]
    # With another problem in the record, each is still reported, once.
    document["claims"][0]["speakers"] = ["claim:x"]
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(document))
    assert sorted((p.field, p.message) for p in exc.value.problems) == [
        ("inferred.colour", "'colour' is not a field of Claim"),
        ("speakers[0]", "'claim:x' must refer to a person or an organization or a place"),
    ]


def test_from_dict_wants_a_record_class() -> None:
    with pytest.raises(TypeError, match="expected a summitdata record class"):
        summitdata.from_dict({"a": 1}, dict)


def test_context_refuses_an_anchor_that_is_not_in_its_article(ds: summitdata.Dataset) -> None:
    bad = summitdata.Anchor(source="source:000-6d5a610b5cea50b9", start=0, end=5, text="zzzzz")
    with pytest.raises(summitdata.QueryError, match="is not the text at 0:5"):
        ds.context(bad)


def test_to_dict_wants_a_record() -> None:
    with pytest.raises(TypeError, match="expected a summitdata record, not dict"):
        summitdata.to_dict({"id": "place:x"})


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": 3}, "kind", "expected a string, got number 3"),
        ({"name": {"Caspian"}}, "name", "expected a string, got set {'Caspian'}"),
    ],
)
def test_values_of_the_wrong_type_are_named(
    ds: summitdata.Dataset, change: dict[str, object], field: str, message: str
) -> None:
    data = summitdata.to_dict(ds.places.get("place:caspian-sea"))
    data.update(change)
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, summitdata.Place)
    assert [(p.field, p.message) for p in exc.value.problems] == [(field, message)]


def test_a_rule_that_cannot_run_does_not_hide_the_field_problem(ds: summitdata.Dataset) -> None:
    # The claim's rule reads evidence[0]: with no evidence it cannot run, and the spec says why.
    data = summitdata.to_dict(ds.claims[0])
    data["evidence"] = []
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, summitdata.Claim)
    assert [(p.field, p.message) for p in exc.value.problems] == [("evidence", "must not be empty")]


def test_problems_of_lets_an_unexpected_error_through() -> None:
    from summitdata.converter import problems_of

    with pytest.raises(RuntimeError, match="a bug"):
        problems_of(RuntimeError("a bug"), "claim:x")


# --- a large document is read record by record, equal values kept once ---------------------------


def _split(text: str | bytes) -> Any:
    return serialize._split_records(text, serialize.json_backend("json"))


def _in_runs() -> Any:
    """Not decoded whole by msgspec: read in runs of records (or whole by the backend's parser)."""
    return mock.patch.object(serialize, "_decoded_whole", return_value=None)


def _strictly() -> Any:
    """Read whole by the backend's strict parser, neither decoded whole by msgspec nor in runs."""
    patches = (_in_runs(), mock.patch.object(serialize, "_split_records", return_value=None))

    class Both:
        def __enter__(self) -> None:
            for patch in patches:
                patch.__enter__()

        def __exit__(self, *exc: object) -> None:
            for patch in reversed(patches):
                patch.__exit__(*exc)

    return Both()


def _records_of_runs(text: str | bytes, runs: list[tuple[int, int]]) -> list[Any]:
    wrap: Any = (lambda run: b"[" + run + b"]") if type(text) is bytes else (lambda run: f"[{run}]")
    return [record for start, end in runs for record in json.loads(wrap(text[start:end]))]


def test_the_layout_dumps_writes_is_read_in_runs_of_records(ds: summitdata.Dataset) -> None:
    text = summitdata.dumps(ds)
    top, runs = _split(text)
    assert len(runs) == sum(1 for c in ds.collections() if c)  # a small document: one run per kind
    records = _records_of_runs(text, runs)
    assert records == [summitdata.to_dict(r) for c in ds.collections() for r in sorted(c, key=lambda r: r.id)]
    assert top["claims"] == [len(runs) - 2]
    data = text.encode("utf-8")
    assert _records_of_runs(data, _split(data)[1]) == records


def test_runs_are_cut_at_the_end_of_a_record(ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    text = summitdata.dumps(ds)
    monkeypatch.setattr(serialize, "_RUN", 1)  # every record its own run
    top, runs = _split(text)
    assert len(runs) == sum(map(len, ds.collections()))
    assert all(text[start] == "{" and text[end - 6 : end] == "\n    }" for start, end in runs)
    claims = len(runs) - len(ds.initiatives) - len(ds.claims)
    assert top["claims"] == list(range(claims, claims + len(ds.claims)))
    monkeypatch.setattr(serialize, "_RUN", 3000)  # a few records a run
    assert 1 < len(_split(text)[1]) < sum(map(len, ds.collections()))
    assert _records_of_runs(text, _split(text)[1]) == [summitdata.to_dict(r) for c in ds.collections() for r in c]
    for backend in serialize.BACKENDS:
        assert summitdata.loads(text, backend=backend) == ds
        assert summitdata.loads(text.encode(), backend=backend) == ds


def _count_slow_records(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    slow: list[Any] = []
    structure_item = serialize.structure_item

    def counted(cls: Any, place: Any, item: Any, *args: Any) -> Any:
        slow.append(place)
        return structure_item(cls, place, item, *args)

    monkeypatch.setattr(serialize, "structure_item", counted)
    return slow


@pytest.mark.parametrize("backend", serialize.BACKENDS)
def test_runs_of_the_current_version_are_built_in_one_parse(
    ds: summitdata.Dataset, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "orjson":
        pytest.importorskip("orjson")
    slow = _count_slow_records(monkeypatch)
    text = summitdata.dumps(ds)
    for document in (text, text.encode()):
        assert summitdata.loads(document, backend=backend) == ds
    assert slow == []
    monkeypatch.setattr(sys, "getrecursionlimit", lambda: serialize._FAST_RECURSION_LIMIT + 1)
    assert summitdata.loads(text, backend=backend) == ds
    assert len(slow) == sum(map(len, ds.collections()))  # with a raised recursion limit, every run is parsed strictly


@pytest.mark.parametrize(
    "layout",
    [
        json.dumps,  # one line
        lambda doc: json.dumps(doc, indent=4),  # records at 8 spaces
        lambda doc: json.dumps({"x": {"y": doc["places"][0]}, **doc}, indent=2).replace('"y": {', '"y":\n    {'),
        lambda doc: json.dumps({**doc, "places": {"a": doc["places"][0]}}, indent=2).replace('"a": {', '"a":\n    {'),
        lambda doc: json.dumps(doc, indent=2)[: json.dumps(doc, indent=2).index("\n    {") + 6],  # cut after a {
        lambda doc: json.dumps(doc, indent=2).rsplit("\n    }", 1)[0],  # a record that never closes
    ],
    ids=["compact", "indent-4", "record-outside-arrays", "record-in-an-object", "cut", "unclosed"],
)
def test_any_other_layout_is_read_whole(ds: summitdata.Dataset, layout: Any) -> None:
    text = layout(json.loads(summitdata.dumps(ds)))
    assert _split(text) is None
    assert _split(text.encode("utf-8")) is None


BROKEN_RECORDS = [
    ('"kind": "sea"', '"kind": "sea", "kind": "sea"'),  # a key twice
    ('"kind": "sea"', '"kind": "sea",,'),  # not JSON
    ('"kind": "sea"', '"kind": NaN'),
    ('"kind": "sea"', '"kind": 123456789012345678901234567890'),
    ('"kind": "sea"', '"kind": "\\ud800"'),
    ('"kind": "sea"', '"kind" : "sea", "kind": "sea"'),  # a key twice, once spaced: as many '":' as keys
    ('"name": "Caspian Sea"', '"name": "Caspian \\udc00Sea"'),  # a lone surrogate in free text
    (
        '"start": 0,\n          "end": 6,',
        '"start": 9223372036854775808,\n          "end": 9223372036854775814,',
    ),  # 64 bits
    ('"value": 110000000000', '"value": NaN'),
    ('"value": 110000000000', '"value": 1e400'),
    ('"kind": "sea"', '"kind": "sea", "depth": 1'),  # an unknown key: msgspec would ignore it
    ('"country": null,\n      "aliases": [],', '"country": null,'),  # a missing key (the Aral Sea's aliases)
    ('"kind": "sea"', '"kind": "sea", "kind" : "sea", "depth": 1'),  # twice, once spaced, and unknown
    ('"data_version": "2026.1",', '"data_version": "2026.1", "notes": null,'),  # an unknown key in the document
    ('"data_version": "2026.1",', '"data_version": "2026.1", "data_version": "2026.1",'),
    ('"data_version": "2026.1",', '"data_version": "",'),
]


@pytest.mark.parametrize(("old", "new"), BROKEN_RECORDS)
@pytest.mark.parametrize("backend", serialize.BACKENDS)
def test_a_broken_record_is_reported_as_when_read_whole(
    ds: summitdata.Dataset, old: str, new: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "orjson":
        pytest.importorskip("orjson")
    text = summitdata.dumps(ds)
    assert old in text
    text = text.replace(old, new, 1)
    outcomes = []
    for reading in (contextlib.nullcontext(), _in_runs(), _strictly()):  # decoded whole by msgspec, in runs, strictly
        with reading, pytest.raises(summitdata.ValidationError) as err:
            summitdata.loads(text, backend=backend)
        outcomes.append((type(err.value), err.value.problems))
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_any_values_in_the_arrays_are_read_in_runs_as_when_read_whole(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = summitdata.dumps(ds).replace("\n    {\n", "\n    {}, 7, {\n", 1)
    assert _split(text) is not None  # a cut is between values, whatever they are
    with pytest.raises(summitdata.ValidationError) as split:
        summitdata.loads(text)
    with _strictly(), pytest.raises(summitdata.ValidationError) as whole:
        summitdata.loads(text)
    assert split.value.problems == whole.value.problems
    assert sorted({p.record for p in split.value.problems}) == ["sources[0]", "sources[1]"]


def test_equal_ids_and_texts_are_one_object_after_loading() -> None:
    # the standard library's backend (records built by msgspec do not share equal strings)
    ds = summitdata.loads(summitdata.dumps(synthetic_dataset(30)), backend="json")
    sources = {s.id: s.id for s in ds.sources}
    shared_text = 0
    for claim in ds.claims:
        for anchor in claim.evidence:
            assert anchor.source is sources[anchor.source]
            if anchor.text == claim.text:
                assert anchor.text is claim.text
                shared_text += 1
    assert shared_text > 0
    speakers = [s for claim in ds.claims for s in claim.speakers]
    assert len({id(s) for s in speakers}) == len(set(speakers))


@pytest.mark.parametrize(
    "damage",
    [
        lambda lines: [*lines[:3], lines[3][:20] + b"\xff" + lines[3][20:], *lines[4:]],  # not UTF-8
        lambda lines: [*lines[:-1], lines[-1].rstrip(b"\n")],  # no final newline
        lambda lines: [*lines[:2], b"\n", *lines[2:]],  # an empty line
        lambda lines: [lines[0]],  # the header alone
        lambda lines: [b"\n"],  # nothing but a line break
    ],
    ids=["not-utf8", "no-final-newline", "empty-line", "header-only", "newline-only"],
)
def test_json_lines_read_line_by_line_as_when_read_whole(
    ds: summitdata.Dataset, damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"".join(damage(summitdata.dumps(ds, format="jsonl").encode("utf-8").splitlines(keepends=True)))
    texts = (data, data.decode("utf-8", errors="surrogateescape"))  # bytes, and str (with lone surrogates)
    line_by_line = [_outcome(text) for text in texts]
    whole = serialize._dataset_from_lines  # given the whole text decoded first, as before
    monkeypatch.setattr(serialize, "_dataset_from_lines", lambda text, *rest: whole(serialize._text(text), *rest))
    assert line_by_line == [_outcome(text) for text in texts]


def _outcome(text: str | bytes) -> Any:
    """The dataset ``loads`` reads from JSON Lines, or the class and problems of its error."""
    try:
        return summitdata.loads(text, format="jsonl")
    except summitdata.ValidationError as err:
        return (type(err), err.problems)


@pytest.mark.parametrize("blank", ["", " ", "\n\t"])
def test_a_record_with_a_blank_id_is_named_by_its_place(ds: summitdata.Dataset, blank: str) -> None:
    doc = json.loads(summitdata.dumps(ds))
    doc["places"][0]["id"] = blank
    lines = summitdata.dumps(ds, format="jsonl").splitlines(keepends=True)
    number, line = next((n, x) for n, x in enumerate(lines, 1) if x.startswith('{"type":"place"'))
    lines[number - 1] = json.dumps({**json.loads(line), "id": blank}, separators=(",", ":")) + "\n"
    for text, format, where in (
        (json.dumps(doc), "json", "places[0]"),
        (json.dumps(doc, indent=2), "json", "places[0]"),
        ("".join(lines), "jsonl", f"line {number}"),
    ):
        with pytest.raises(summitdata.ValidationError) as exc:
            summitdata.loads(text, format=format)
        assert [p.field for p in exc.value.problems if p.record == where] == ["id"], text[:80]
        assert all(p.record.strip() for p in exc.value.problems)
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(doc["places"][0], summitdata.Place)
    assert [p.record for p in exc.value.problems] == ["Place"]


def _read_outcome(text: str, backend: str) -> Any:
    try:
        return summitdata.dumps(summitdata.loads(text, backend=backend))
    except summitdata.ValidationError as err:  # DataError too
        return type(err).__name__, err.problems


@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_damaged_document_reads_the_same_in_runs_as_whole(data: st.DataObject) -> None:
    """Whatever a document gets wrong, decoding it whole by msgspec and reading it in runs say what
    reading it strictly says.
    """
    backend = data.draw(st.sampled_from([name for name in serialize.BACKENDS if name in serialize._BACKENDS]))
    text = data.draw(damaged_texts(_SMALL_TEXT))
    decoded_whole = _read_outcome(text, backend)  # by msgspec, with the orjson backend
    with mock.patch.object(serialize, "_RUN", 400), _in_runs():  # a few records a run
        in_runs = _read_outcome(text, backend)
    with _strictly():
        whole = _read_outcome(text, backend)
    assert decoded_whole == in_runs == whole


_SMALL_TEXT = summitdata.dumps(synthetic_dataset(4))


def test_a_document_not_valid_json_says_so_before_its_version() -> None:
    """As read whole: the version is only looked at in a document that is valid JSON."""
    text = _SMALL_TEXT.replace('"schema_version": "1.1"', '"schema_version": "9.0"', 1)
    broken = text.replace('"file": "synthetic-000000.txt"', '"file": "synthetic-000000.txt', 1)
    assert broken != text
    for document, message in ((broken, "not valid JSON"), (text, "version '9.0' is not supported")):
        with pytest.raises(summitdata.DataError, match=message):
            summitdata.loads(document)
        assert _split(document) is not None

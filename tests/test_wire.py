"""Records decoded by msgspec (the ``fast`` extra): the wire classes and the whole-document reading."""

from __future__ import annotations

import inspect
import json
import linecache
import math
import sys
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import DAMAGE, damaged_texts
from tests.test_fields import TYPED_BAD, _case_id, _unchecked, sample

import summitdata
from summitdata import _codegen, _wire, fields, serialize, stream
from summitdata.data import DATA_FILE
from summitdata.records import RECORD_TYPES
from summitdata.testing import synthetic_dataset

msgspec = pytest.importorskip("msgspec")


def _array(records: Any) -> bytes:
    return json.dumps([summitdata.to_dict(r) for r in records], ensure_ascii=False).encode()


@pytest.mark.parametrize(("cls", "plural"), [(cls, plural) for cls, _, plural in RECORD_TYPES])
def test_every_packaged_record_decodes_to_the_record_it_was(ds: summitdata.Dataset, cls: Any, plural: str) -> None:
    records = list(getattr(ds, plural))
    decode = _wire.run_decoder(cls)
    assert decode is not None
    decoded = decode(_array(records))
    assert decoded == records
    assert {type(r) for r in decoded} == {cls}
    for record in decoded:
        assert type(record.inferred) is fields.FrozenMap
        assert (record.inferred is fields.NO_NOTES) == (not record.inferred)  # the one empty notes
        for path, node, value in fields.walk(cls, record):
            if isinstance(node, fields.Nested):
                assert type(value) is node.cls, path  # no wire class is left in a record
            if isinstance(node, fields.Date):
                assert type(value) is summitdata.PartialDate, path


def test_the_wire_types_are_the_json_types_of_the_specs() -> None:
    anchor = _wire.wire_class(summitdata.Anchor)
    assert anchor.__annotations__ == {"source": str, "start": int, "end": int, "text": str}
    claim = _wire.wire_class(summitdata.Claim).__annotations__
    assert claim["speech"] == str | None
    assert claim["kind"] is summitdata.ClaimKind
    assert claim["direct"] is bool
    assert claim["topics"] == tuple[summitdata.Topic, ...]
    assert claim["evidence"] == tuple[anchor, ...]
    assert claim["inferred"] == dict[str, str]
    assert _wire.wire_class(summitdata.Quantity).__annotations__["value"] == int | float
    assert _wire.wire_class(summitdata.Summit).__annotations__["start"] == str | None
    assert _wire.wire_class(summitdata.Speech).__annotations__["role"] == _wire.wire_class(summitdata.Role) | None
    for cls, _, _ in RECORD_TYPES:
        wire = _wire.wire_class(cls)
        assert wire.__slots__ == cls.__slots__
        assert list(wire.__annotations__) == [name for name, _ in fields.field_specs(cls)]
        assert all(field.default is attrs.NOTHING for field in wire.__attrs_attrs__)  # every key required


def _anchor(**change: Any) -> bytes:
    data = {"source": "source:a", "start": 0, "end": 2, "text": "ab", **change}
    return json.dumps([data]).encode()


@pytest.mark.parametrize(
    "change",
    [
        {"source": "person:a"},  # a reference to the wrong kind: the record's compiled check
        {"start": 3},  # after its end: a rule of the class
        {"start": 2**63, "end": 2**63 + 2},  # beyond 64 bits: the record's bounds
        {"start": 1.0},  # a float for an integer: msgspec
        {"text": None},  # null for a string: msgspec
        {"text": " ab"},  # not the span's length: a rule
    ],
)
def test_a_record_msgspec_builds_is_checked_by_its_class(change: dict[str, Any]) -> None:
    decode = _wire.run_decoder(summitdata.Anchor)
    assert decode is not None
    assert decode(_anchor()) == [summitdata.Anchor(source="source:a", start=0, end=2, text="ab")]
    with pytest.raises(msgspec.ValidationError):
        decode(_anchor(**change))
    with pytest.raises(summitdata.ValidationError):
        summitdata.from_dict(json.loads(_anchor(**change))[0], summitdata.Anchor)


IN_JSON = [case for case in TYPED_BAD if not (type(case[3]) is float and not math.isfinite(case[3]))]  # no NaN in JSON


@pytest.mark.parametrize("case", IN_JSON, ids=_case_id)
def test_a_value_of_its_type_that_breaks_the_spec_is_refused_by_the_wire_class(
    case: tuple[type[Any], str, fields.FieldSpec, Any],
) -> None:
    # The wire classes run the typed check: JSON of the right types, values that break a rule.
    cls, name, _, value = case
    decode = _wire.run_decoder(cls)
    assert decode is not None
    good = sample(cls)
    write = _codegen.unstructurer(cls)
    assert decode(json.dumps([write(good)]).encode()) == [good]
    with pytest.raises(msgspec.ValidationError, match=name):
        decode(json.dumps([write(_unchecked(good, **{name: value}))]).encode())


def test_every_key_is_required_and_others_are_let_through_for_the_reader_to_count() -> None:
    decode = _wire.run_decoder(summitdata.Place)
    assert decode is not None
    place = {"id": "place:x", "name": "X", "kind": "sea", "country": None, "aliases": [], "identifiers": []}
    place |= {"evidence": [json.loads(_anchor())[0]], "inferred": {}}
    assert decode(json.dumps([place]).encode())[0].id == "place:x"
    with pytest.raises(msgspec.ValidationError, match="missing required field `aliases`"):
        decode(json.dumps([{k: v for k, v in place.items() if k != "aliases"}]).encode())
    decoded = decode(json.dumps([{**place, "depth": 1}]).encode())[0]  # what the key count is for
    assert serialize.key_counter(summitdata.Place)(decoded) == len(place) + 4  # the anchor's four keys


def test_a_document_of_the_current_version_is_decoded_whole(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    monkeypatch.setattr(serialize, "_split_records", _never)
    monkeypatch.setattr(serialize, "structure_item", _never)
    text = summitdata.dumps(ds)
    assert not text.isascii()
    for document in (text, text.encode()):
        assert summitdata.loads(document, backend="orjson") == ds
        assert summitdata.loads(document, backend="orjson", base=ds) == ds


def _never(*_: Any) -> Any:
    raise AssertionError("the document was not decoded whole")


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace('"schema_version": "1.1"', '"schema_version": "1.0"', 1),  # refused, as 1.0
        lambda text: text.replace('"2026.1"', '"2026.1\\": x"', 1),  # a '":' in a string
        lambda text: text.replace("{\n", "{\n\n", 1),  # another layout
    ],
    ids=["version-1.0", "quote-colon-in-a-string", "layout"],
)
def test_what_msgspec_does_not_read_whole_is_read_by_the_backend(
    ds: summitdata.Dataset, change: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    text = change(summitdata.dumps(ds))
    decoded: list[Any] = []
    whole = serialize._decoded_whole
    monkeypatch.setattr(serialize, "_decoded_whole", lambda *args: decoded.append(whole(*args)) or decoded[-1])
    outcome = _outcome(text)
    assert decoded == [None]
    monkeypatch.setattr(serialize, "_decoded_whole", lambda *_: None)
    monkeypatch.setattr(serialize, "_split_records", lambda *_: None)
    assert outcome == _outcome(text)  # as read strictly


def _outcome(text: str) -> Any:
    try:
        return summitdata.dumps(summitdata.loads(text, backend="orjson"))
    except summitdata.ValidationError as err:
        return type(err), err.problems


def test_the_standard_library_backend_never_uses_msgspec(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_wire, "run_decoder", _never)
    monkeypatch.setattr(serialize, "run_decoder", _never)
    monkeypatch.setattr(serialize, "document_decoder", _never)
    assert summitdata.loads(summitdata.dumps(ds), backend="json") == ds


def test_without_msgspec_the_orjson_backend_reads_as_before(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec raises ImportError
    monkeypatch.setattr(_wire, "_DECODERS", {})
    assert _wire.run_decoder(summitdata.Claim) is None
    assert _wire.document_decoder(serialize._KINDS) is None
    slow: list[Any] = []
    structure_item = serialize.structure_item
    monkeypatch.setattr(serialize, "structure_item", lambda *args: slow.append(args) or structure_item(*args))
    assert summitdata.loads(summitdata.dumps(ds), backend="orjson") == ds
    assert slow == []  # read in runs, each parsed by orjson and built by the generated code


def test_a_class_that_is_not_a_model_has_no_wire_class() -> None:
    @attrs.frozen
    class Plain:
        name: str

    assert _wire.run_decoder(Plain) is None
    with pytest.raises(_wire._NoWire):
        _wire.wire_class(Plain)


# --- JSON Lines: the lines of each kind decoded at once -------------------------------------------


def test_json_lines_as_dumps_writes_them_are_decoded_a_kind_at_a_time(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    monkeypatch.setattr(serialize, "_lines", _never)
    monkeypatch.setattr(serialize, "structure_item", _never)
    text = summitdata.dumps(ds, format="jsonl")
    for run in (serialize._RUN, 3000, 1):  # about 1 MiB of lines at a time; a few; one
        monkeypatch.setattr(serialize, "_RUN", run)
        for document in (text, text.encode()):
            assert summitdata.loads(document, format="jsonl", backend="orjson") == ds
    header = text[: text.index("\n") + 1]
    assert summitdata.loads(header, format="jsonl", backend="orjson") == summitdata.Dataset(
        data_version=ds.data_version
    )


def _swap_first_two_lines_of(kind: str) -> Any:
    def swap(text: str) -> str:
        lines = text.splitlines(keepends=True)
        first = next(i for i, line in enumerate(lines) if line.startswith(f'{{"type":"{kind}",'))
        lines[first], lines[first + 2] = lines[first + 2], lines[first]
        return "".join(lines)

    return swap


BROKEN_LINES = [
    lambda text: text.replace('"kind":"sea"', '"kind":"sea","kind":"sea"', 1),  # a key twice
    lambda text: text.replace('"kind":"sea"', '"kind":"sea","depth":1', 1),  # unknown
    lambda text: text.replace('"kind":"sea"', '"kind":"sea","kind" :"sea"', 1),  # twice, once spaced: '":' as keys
    lambda text: text.replace('"kind":"sea"', '"kind":"sea","type":"place"', 1),  # the type twice
    lambda text: text.replace('{"type":"place","id":"place:aral-sea"', '{"type":"person","id":"place:aral-sea"', 1),
    lambda text: text.replace('{"type":"place","id":"place:aral-sea"', '{"id":"place:aral-sea","type":"place"', 1),
    lambda text: text.replace('{"type":"place","id":"place:aral-sea"', '{"type": "place","id":"place:aral-sea"', 1),
    lambda text: text.replace("\n", "\n\n", 2),  # an empty line
    lambda text: text.replace("\n", "\r\n"),  # CRLF: JSON whitespace at the end of each line
    lambda text: text.rstrip("\n"),  # no final newline
    lambda text: text.replace('"schema_version":"1.1"', '"schema_version":"1.0"', 1),
    lambda text: text.replace('"schema_version":"1.1"', '"schema_version":"1.1","x":1', 1),
    lambda text: text.replace('"data_version":"2026.1"', '"data_version":""', 1),
    lambda text: text + '{"type":"place"}\n',  # a place after the initiatives
    _swap_first_two_lines_of("place"),  # out of order: read, and refused by nothing
    lambda text: text.replace('"start":0,', '"start":1.5,', 1),
    lambda text: text.replace('"start":0,', '"start":9223372036854775808,', 1),
    lambda text: text.replace('"name":"Aral Sea"', '"name":"Aral \\ud800Sea"', 1),
    lambda text: text.replace('"name":"Aral Sea"', '"name":"Aral \\": Sea"', 1),  # a '":' in a string: counted
]


@pytest.mark.parametrize("run", [1 << 20, 300])
@pytest.mark.parametrize("damage", BROKEN_LINES)
def test_json_lines_decoded_by_kind_read_as_line_by_line(
    ds: summitdata.Dataset, damage: Any, run: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    monkeypatch.setattr(serialize, "_RUN", run)
    text = summitdata.dumps(ds, format="jsonl")
    damaged = damage(text)
    assert damaged != text
    by_kind = _lines_outcome(damaged)
    monkeypatch.setattr(serialize, "_decoded_lines", lambda *_: None)
    assert by_kind == _lines_outcome(damaged)


def _lines_outcome(text: str) -> Any:
    try:
        return summitdata.dumps(summitdata.loads(text, format="jsonl", backend="orjson"))
    except summitdata.ValidationError as err:
        return type(err), err.problems


_SMALL_LINES = summitdata.dumps(synthetic_dataset(4), format="jsonl")


@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_json_lines_read_the_same_by_kind_as_line_by_line(data: st.DataObject) -> None:
    pytest.importorskip("orjson")
    text = data.draw(damaged_texts(_SMALL_LINES, (*DAMAGE, '"type":"claim",')))
    by_kind = _lines_outcome(text)
    with mock.patch.object(serialize, "_decoded_lines", return_value=None):
        assert by_kind == _lines_outcome(text)


# --- the stream (iter_records, summitdata validate): batches of lines of one kind -----------------


def test_the_stream_decodes_batches_of_lines_of_one_kind(
    ds: summitdata.Dataset, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    path = tmp_path / "ok.jsonl"
    path.write_text(summitdata.dumps(ds, format="jsonl"), encoding="utf-8")
    expected = [r for c in ds.collections() for r in c]
    monkeypatch.setattr(serialize, "structure_item", _never)
    for run in (serialize._RUN, 3000, 1):
        monkeypatch.setattr(serialize, "_RUN", run)
        assert list(stream.iter_records(path, backend="orjson")) == expected


def test_batches_hold_consecutive_lines_of_one_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        (2, '{"type":"place","id":"place:a"}'),
        (3, '{"type":"place","id":"place:b"}'),
        (4, '{"type": "place","id":"place:c"}'),  # not as dumps writes it: alone
        (5, '{"type":"place","id":"place:d"}'),
        (6, '{"type":"claim","id":"claim:e"}'),
        (7, '{"type":"nothing","id":"x:f"}'),  # no kind
        (8, '{"type":"claim"'),
        (9, "[]"),
        (10, '{"type":"claim","id":"claim:g"}'),
    ]
    assert [(kind, [n for n, _ in batch]) for kind, batch in stream._batches(iter(lines))] == [
        ("place", [2, 3]),
        (None, [4]),
        ("place", [5]),
        ("claim", [6]),
        (None, [7]),
        (None, [8]),
        (None, [9]),
        ("claim", [10]),
    ]
    monkeypatch.setattr(serialize, "_RUN", 40)  # a batch ends once it holds more than _RUN characters
    assert [[n for n, _ in batch] for _, batch in stream._batches(iter(lines[:2] + lines[3:4]))] == [[2, 3], [5]]
    assert stream._joined([(2, "{}"), (3, "{é}")]) == "\n{}\n{é}".encode()


@pytest.mark.parametrize("run", [1 << 20, 300])
@pytest.mark.parametrize("damage", BROKEN_LINES)
def test_the_stream_reports_what_it_reports_line_by_line(
    ds: summitdata.Dataset, damage: Any, run: int, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    monkeypatch.setattr(serialize, "_RUN", run)
    path = tmp_path / "damaged.jsonl"
    path.write_text(damage(summitdata.dumps(ds, format="jsonl")), encoding="utf-8", newline="")
    in_batches = _stream_outcome(path)
    monkeypatch.setattr(serialize, "_decoded_kind_lines", lambda *_: None)
    assert in_batches == _stream_outcome(path)


def _stream_outcome(path: Any) -> Any:
    try:
        return list(stream.iter_records(path, backend="orjson"))
    except summitdata.ValidationError as err:  # DataError too
        return type(err), err.problems


# --- what the mutation tests of the fast readers found unpinned -----------------------------------


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_the_packaged_records_decoded_by_msgspec_are_those_the_standard_library_reads(
    format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    # not the ds fixture: summitdata.load() itself reads through msgspec when it is installed
    strict = summitdata.loads(DATA_FILE.read_bytes(), backend="json")
    text = summitdata.dumps(strict, format=format)
    for reader in ("_split_records", "_lines", "structure_item"):
        monkeypatch.setattr(serialize, reader, _never)
    decoded = summitdata.loads(text, format=format, backend="orjson")
    assert decoded == strict
    assert summitdata.dumps(decoded, format=format) == text


@pytest.mark.parametrize(("extra", "fast"), [(0, True), (1, False)], ids=["at-the-limit", "above-it"])
@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_msgspec_reads_up_to_the_fast_recursion_limit_as_the_run_reader_does(
    ds: summitdata.Dataset, format: str, extra: int, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    text = summitdata.dumps(ds, format=format)
    read = serialize._decoded_whole if format == "json" else serialize._decoded_lines
    monkeypatch.setattr(sys, "getrecursionlimit", lambda: serialize._FAST_RECURSION_LIMIT + extra)
    decoded = read(text, None, serialize._Problems(1), serialize.json_backend("orjson"))
    assert decoded == ds if fast else decoded is None


def test_the_standard_library_backend_never_uses_msgspec_for_json_lines(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serialize, "run_decoder", _never)
    monkeypatch.setattr(serialize, "document_decoder", _never)
    text = summitdata.dumps(ds, format="jsonl")
    assert summitdata.loads(text, format="jsonl", backend="json") == ds


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_records_decoded_by_msgspec_may_refer_to_the_base_and_take_its_version(
    ds: summitdata.Dataset, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    claims = summitdata.Dataset(data_version="extra", check=False, claims=ds.claims)  # the kinds before them empty
    text = summitdata.dumps(claims, format=format)
    with pytest.raises(summitdata.ValidationError):  # their speakers and places are in the base only
        summitdata.loads(text, format=format, backend="orjson")
    for reader in ("_split_records", "_lines", "structure_item"):
        monkeypatch.setattr(serialize, reader, _never)
    merged = summitdata.loads(text, format=format, backend="orjson", base=ds)
    assert merged.data_version == f"{ds.data_version}+extra"
    assert merged == ds.merge(claims)


def test_json_lines_are_decoded_about_run_bytes_at_a_time(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    arrays: list[int] = []
    run_decoder = serialize.run_decoder

    def measured(cls: Any) -> Any:
        decode = run_decoder(cls)
        return lambda data: arrays.append(len(data)) or decode(data)

    monkeypatch.setattr(serialize, "run_decoder", measured)
    monkeypatch.setattr(serialize, "_lines", _never)
    run = 1000
    monkeypatch.setattr(serialize, "_RUN", run)
    text = summitdata.dumps(ds, format="jsonl").encode()
    assert len(text) > 10 * run
    assert summitdata.loads(text, format="jsonl", backend="orjson") == ds
    longest = max(map(len, text.splitlines()))
    assert max(arrays) <= run + longest + 2  # the lines up to the first line break past _RUN, in brackets
    kinds = sum(1 for records in ds.collections() if records)
    assert len(arrays) > kinds


def test_the_document_decoder_requires_every_key_and_refuses_any_other(ds: summitdata.Dataset) -> None:
    decode = _wire.document_decoder(serialize._KINDS)
    assert decode is not None
    document = json.loads(summitdata.dumps(ds))
    assert decode(json.dumps(document).encode()).claims == list(ds.claims)
    with pytest.raises(msgspec.ValidationError, match="unknown field `notes`"):
        decode(json.dumps({**document, "notes": []}).encode())
    with pytest.raises(msgspec.ValidationError, match="missing required field `claims`"):
        decode(json.dumps({k: v for k, v in document.items() if k != "claims"}).encode())


@pytest.mark.parametrize(("cls", "plural"), [(cls, plural) for cls, _, plural in RECORD_TYPES])
def test_inspect_shows_the_source_of_every_wire_post_init(cls: Any, plural: str) -> None:
    post_init = _wire.wire_class(cls).__dict__["__attrs_post_init__"]
    assert post_init.__code__.co_filename == f"<summitdata generated wire {cls.__module__}.{cls.__qualname__}>"
    assert post_init.__qualname__ == f"{cls.__qualname__}.<wire>"
    source = inspect.getsource(post_init)
    assert source == "".join(linecache.getlines(post_init.__code__.co_filename))
    assert source.startswith(f"def wire_post_init_{cls.__name__}(o):")


def test_a_field_converter_runs_on_what_msgspec_decoded_as_in_init() -> None:
    @fields.model()
    class Label:
        name: str = attrs.field(
            converter=str.strip,
            metadata={fields.SPEC_KEY: fields.FieldSpec(type=fields.Text(), nullable=False, doc="Its name.")},
        )
        inferred: Any = fields.inferred()

    decode = _wire.run_decoder(Label)
    assert decode is not None
    item = {"name": "  Lamp ", "inferred": {}}
    assert decode(json.dumps([item]).encode()) == [Label(**item)]
    assert Label(**item).name == "Lamp"


def test_a_class_with_a_post_init_of_its_own_has_no_wire_class() -> None:
    @attrs.frozen
    class Checked:
        name: str

        def __attrs_post_init__(self) -> None:
            pass

    assert _wire.run_decoder(Checked) is None


def test_no_wire_class_says_which_class_or_field_has_none() -> None:
    @attrs.frozen
    class Plain:
        name: str

    @fields.model()
    class Holder:
        plain: Any = fields.nested(Plain, "A plain value.")

    @fields.model()
    class Guarded:
        name: str = attrs.field(
            validator=attrs.validators.instance_of(str),
            metadata={fields.SPEC_KEY: fields.FieldSpec(type=fields.Text(), nullable=False, doc="Its name.")},
        )

    @fields.model()
    class Diary:
        days: Any = fields.many(fields.Date(), "Its days.")

    for cls, named in ((Holder, "Plain"), (Guarded, "Guarded"), (Diary, "Many\\(item=Date\\(\\)")):
        assert _wire.run_decoder(cls) is None
        with pytest.raises(_wire._NoWire, match=named):
            _wire.wire_class(cls)

"""Records decoded by msgspec (the ``fast`` extra): the wire classes and the whole-document reading."""

from __future__ import annotations

import json
import sys
from typing import Any

import attrs
import pytest

import summitdata
from summitdata import _wire, fields, serialize
from summitdata.records import RECORD_TYPES

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
    monkeypatch.setattr(_wire, "_DOCUMENTS", {})
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

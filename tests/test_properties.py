"""Property tests (Hypothesis): round trips, byte stability, and random damage that only the library's errors report."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import RECORD_STRATEGIES, damaged, damaged_records, datasets

import summitdata
from summitdata import serialize

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMA = jsonschema.Draft202012Validator(summitdata.json_schema())


def test_every_record_type_has_a_strategy() -> None:
    assert {cls for cls, _, _ in summitdata.records.RECORD_TYPES} <= set(RECORD_STRATEGIES)


@pytest.mark.parametrize("cls", list(RECORD_STRATEGIES), ids=lambda c: c.__name__)
@SETTINGS
@given(data=st.data())
def test_records_round_trip(cls: type[Any], data: st.DataObject) -> None:
    record = data.draw(RECORD_STRATEGIES[cls])
    plain = summitdata.to_dict(record)
    assert summitdata.from_dict(plain, cls) == record
    assert summitdata.from_dict(json.loads(json.dumps(plain)), cls) == record


@SETTINGS
@given(ds=datasets())
def test_datasets_round_trip_byte_for_byte(ds: summitdata.Dataset) -> None:
    for fmt in ("json", "jsonl"):
        text = summitdata.dumps(ds, format=fmt)
        assert summitdata.loads(text, format=fmt) == ds
        assert summitdata.dumps(summitdata.loads(text.encode("utf-8"), format=fmt), format=fmt) == text
        assert summitdata.dumps(ds, format=fmt) == text  # same data, same bytes
    assert SCHEMA.is_valid(json.loads(summitdata.dumps(ds)))


@SETTINGS
@given(ds=datasets())
def test_backends_write_the_same_bytes(ds: summitdata.Dataset) -> None:
    pytest.importorskip("orjson")
    written = {}
    for name in serialize.BACKENDS:
        backend = serialize.json_backend(name)
        written[name] = (summitdata.dumps(ds, backend=backend), summitdata.dumps(ds, format="jsonl", backend=backend))
        assert summitdata.loads(written[name][0], backend=backend) == ds
        assert summitdata.loads(written[name][1], format="jsonl", backend=backend) == ds
    assert written["json"] == written["orjson"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged())
def test_damage_raises_only_library_errors(case: tuple[str, bytes]) -> None:
    fmt, data = case
    try:
        ds = summitdata.loads(data, format=fmt)  # type: ignore[arg-type]
    except summitdata.ValidationError as err:
        problems = err.problems
    else:
        problems = ()
    if problems:
        assert all(p.record and p.message for p in problems)
        return
    # Accepted: then it is a valid dataset through and through, and the schema agrees.
    assert ds.verify() == ()
    text = summitdata.dumps(ds)
    assert summitdata.loads(text) == ds
    assert SCHEMA.is_valid(json.loads(text))
    if fmt == "json":
        assert SCHEMA.is_valid(json.loads(data.decode("utf-8")))


def _outcome(build: Any) -> tuple[bool, Any]:
    try:
        return True, build()
    except Exception:  # noqa: BLE001 - only whether it fails matters here
        return False, None


@settings(max_examples=400, deadline=None)
@given(case=damaged_records())
def test_fast_and_detailed_structuring_agree(case: tuple[type[Any], Any]) -> None:
    from summitdata._codegen import structurer as fast_structure
    from summitdata.converter import converter

    cls, data = case
    fast = _outcome(lambda: fast_structure(cls)(copy.deepcopy(data)))
    detailed = _outcome(lambda: converter.structure(copy.deepcopy(data), cls))
    assert fast == detailed

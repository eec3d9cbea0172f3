"""The JSON Schema of the export format: valid draft 2020-12, accepts what we write, refuses the rest."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from tests.specs import NOTE_KEYS

import summitdata
from summitdata import schema as schema_module
from summitdata.records import RECORD_TYPES
from summitdata.testing import synthetic_dataset

VALIDATOR = jsonschema.Draft202012Validator(summitdata.json_schema())


@pytest.fixture(scope="module")
def document(ds: summitdata.Dataset) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summitdata.dumps(ds))
    return data


def test_schema_is_valid_draft_2020_12() -> None:
    schema = summitdata.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert summitdata.json_schema() == schema and summitdata.json_schema() is not schema


def test_packaged_and_synthetic_exports_validate(document: dict[str, Any]) -> None:
    assert list(VALIDATOR.iter_errors(document)) == []
    synthetic = json.loads(summitdata.dumps(synthetic_dataset(3000, seed=5)))
    assert list(VALIDATOR.iter_errors(synthetic)) == []


def test_schema_follows_the_record_model() -> None:
    defs = summitdata.json_schema()["$defs"]
    for cls, _, plural in RECORD_TYPES:
        definition = defs[cls.__name__]
        names = [f.name for f in attrs.fields(cls)]
        assert list(definition["properties"]) == names == definition["required"]
        assert definition["additionalProperties"] is False
        assert summitdata.json_schema()["properties"][plural]["items"] == {"$ref": f"#/$defs/{cls.__name__}"}
    for value_type in (summitdata.Anchor, summitdata.Quantity, summitdata.Role, summitdata.Period):
        assert list(defs[value_type.__name__]["properties"]) == [f.name for f in attrs.fields(value_type)]
    assert defs["Claim"]["properties"]["kind"]["enum"] == [k.value for k in summitdata.ClaimKind]


def test_a_field_without_a_spec_stops_the_generation() -> None:
    @attrs.frozen(kw_only=True)
    class Odd:
        name: str = attrs.field(validator=lambda _i, _a, _v: None)

    with pytest.raises(TypeError, match=r"Odd\.name is not declared with a summitdata field helper"):
        schema_module.define(Odd, {})


def _set(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


_DELETE = object()

# (path in the document, bad value): each is refused by the schema AND by loads.
BAD = [
    (("places", 0, "name"), 3),
    (("places", 0, "name"), None),
    (("places", 0, "name"), " Caspian"),
    (("places", 0, "kind"), "ocean"),
    (("places", 0, "aliases"), "Caspian"),
    (("places", 0, "extra"), 1),
    (("places", 0, "country"), _DELETE),
    (("places", 0, "id"), "Place:Afghanistan"),
    (("places", 0, "evidence"), []),
    (("places", 0, "evidence", 0, "start"), -1),
    (("places", 0, "evidence", 0, "start"), "1"),
    (("places", 0, "evidence", 0, "extra"), "x"),
    (("claims", 0, "direct"), "false"),
    (("claims", 0, "topics"), ["peace", "peace"]),
    (("claims", 0, "topics"), ["water2"]),
    (("claims", 0, "speakers"), []),
    (("claims", 0, "speakers"), ["summit:x"]),
    (("summits", 0, "start"), "2025-13"),
    (("summits", 0, "start"), "25-10-10"),
    (("summits", 0, "start"), "2025-10-10\n"),
    (("summits", 0, "start"), 2025),
    (("people", 0, "inferred"), {"roles": 3}),
    (("people", 0, "inferred"), {"roles": " "}),
    (("people", 0, "inferred"), {"role": "not a field of a person"}),
    (("claims", 0, "inferred"), {"inferred": "the notes themselves"}),
    (("schema_version",), "2.0"),
    (("data_version",), ""),
    (("extra",), []),
    (("claims",), {}),
]


@pytest.mark.parametrize(("path", "value"), BAD, ids=[".".join(map(str, p)) + f"={v!r}" for p, v in BAD])
def test_schema_and_loader_refuse_the_same_bad_values(
    document: dict[str, Any], path: tuple[Any, ...], value: Any
) -> None:
    bad = _set(document, path, value)
    assert not VALIDATOR.is_valid(bad)
    with pytest.raises(summitdata.ValidationError):
        summitdata.loads(json.dumps(bad))


@pytest.mark.parametrize(("key", "good"), NOTE_KEYS)
def test_schema_and_model_agree_on_note_keys(document: dict[str, Any], key: str, good: bool) -> None:
    assert VALIDATOR.is_valid(_set(document, ("people", 0, "inferred"), {key: "a reason"})) is good
    assert (summitdata.fields.note_key_problems(summitdata.Person, {key: "a reason"}, "inferred") == []) is good


def test_quantity_value_range_and_currency(document: dict[str, Any]) -> None:
    index = next(i for i, c in enumerate(document["claims"]) if c["quantities"])
    for field, value in (("value", 1e19), ("value", "5"), ("value", True), ("currency", "usd")):
        bad = _set(document, ("claims", index, "quantities", 0, field), value)
        assert not VALIDATOR.is_valid(bad), (field, value)
        with pytest.raises(summitdata.ValidationError):
            summitdata.loads(json.dumps(bad))


SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def test_cli_schema(tmp_path: Path) -> None:
    result = subprocess.run([SCRIPT, "schema"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout) == summitdata.json_schema()
    target = tmp_path / "schema.json"
    written = subprocess.run([SCRIPT, "schema", "-o", str(target)], capture_output=True, text=True, check=False)
    assert written.returncode == 0 and written.stdout == ""
    assert target.read_text(encoding="utf-8") == result.stdout

"""The field model (summitdata.fields): every constraint of every declared field is enforced.

The cases are generated from the specs: each field of each record and value class, and
for its constraint node the values that break it. Each is refused three ways: by
:func:`~summitdata.fields.problems_of_value`, when building the record, and by the loader
(a document derived from the packaged data, the bad value at that field).
"""

from __future__ import annotations

import copy
import enum
import inspect
import math
import re
import uuid
from collections.abc import Mapping
from typing import Any

import attrs
import jsonschema
import pytest
from tests.specs import document, holder, loads_problems, record_slots, show, slot_id

import summitdata
from summitdata import PartialDate, fields, schema, tables
from summitdata.fields import FrozenMap
from summitdata.records import ACTOR_KINDS, KINDS, Anchor, Period, Quantity, Role

# --- every declared field ---------------------------------------------------------------

VALUE_CLASSES = (Anchor, Period, Quantity, Role)
CLASSES = (*VALUE_CLASSES, *(kind.cls for kind in KINDS))
FIELDS = [(cls, name, spec) for cls in CLASSES for name, spec in fields.field_specs(cls)]


class _Other(enum.Enum):
    VALUE = "value"


def _other_kind(kinds: tuple[str, ...]) -> str:
    """A kind of record not in ``kinds``; an unknown kind when ``kinds`` holds them all (Claim.about)."""
    return next((kind.name for kind in KINDS if kind.name not in kinds), "nokind")


def good_item(node: fields.Spec) -> Any:
    """A value that fits ``node`` (for the items of lists that must be distinct)."""
    match node:
        case fields.Text(pattern=str(pattern)):
            return next(text for text in ("USD", "iso3166-1-alpha2") if re.fullmatch(pattern, text))
        case fields.Text():
            return "x"
        case fields.Nested(cls=summitdata.Identifier):
            return summitdata.Identifier(scheme="isni", identifier="0000")
        case fields.Ref():
            return f"{node.kinds[0]}:x"
        case fields.Choice():
            return next(iter(node.enum))
    raise AssertionError(f"no good item for {node!r}")  # pragma: no cover - the model has no other unique lists


def bad_values(node: fields.Spec) -> list[Any]:
    """Python values that break ``node`` (each on its own)."""
    match node:
        case fields.Text(trimmed=True, pattern=None):
            return ["", " x", "x ", "\n", 3, b"x", None]
        case fields.Text(trimmed=True, pattern=str(pattern)):
            texts = ["usd", "USDX", " USD", "Bad Slug", "x-", ""]
            return [text for text in texts if not re.fullmatch(pattern, text)] + [3, None]
        case fields.Text(trimmed=False):
            return [3, None, b"x"]
        case fields.Integer():
            bad: list[Any] = [1.0, True, "1", None]
            if node.minimum is not None:
                bad.append(node.minimum - 1)
            if node.maximum is not None:
                bad.append(node.maximum + 1)
            return [*bad, 2**63, -(2**63) - 1]  # 64 bits, whatever the bounds
        case fields.Number():
            return [math.nan, math.inf, -math.inf, 1e18, -1e18, 10**18, -(10**18), True, "1", None]
        case fields.Boolean():
            return [1, 0, "true", None]
        case fields.Date():
            return ["2025", 2025, None]
        case fields.Choice():
            return [next(iter(node.enum)).value, _Other.VALUE, None]
        case fields.Id():
            return [f"{node.kind}:Bad", f"{node.kind}:", f"{_other_kind((node.kind,))}:x", "x", 3, None]
        case fields.Ref():
            return [f"{_other_kind(node.kinds)}:x", f"{node.kinds[0]}:A", "x", f"{node.kinds[0]}:x\n", 3]
        case fields.Nested():
            return ["x", {}, _Other.VALUE]
        case fields.Many():
            bad = [["x"], "x", None, (None,)]
            if node.min_items:
                bad.append(())
            if node.unique:
                bad.append((good_item(node.item), good_item(node.item)))
            return bad
        case fields.Notes():
            return [FrozenMap({"": "x"}), FrozenMap({"date": ""}), FrozenMap({"date": " "}), "x", None]
    raise AssertionError(f"no bad values for {node!r}")  # pragma: no cover


BAD = [
    (cls, name, spec, value)
    for cls, name, spec in FIELDS
    for value in bad_values(spec.type)
    if not (value is None and spec.nullable)
]


def _case_id(case: Any) -> str:
    # Plain characters only: a test id must read back as itself on a command line (mutmut reruns tests by id).
    cls, name, _, value = case
    return f"{cls.__name__}.{name}=" + re.sub(r"[^A-Za-z0-9_.-]", "_", repr(value))[:40]


@pytest.mark.parametrize("case", BAD, ids=_case_id)
def test_problems_of_value_refuses_what_breaks_the_spec(case: tuple[type[Any], str, fields.FieldSpec, Any]) -> None:
    _, name, spec, value = case
    problems = fields.problems_of_value(spec, value, name)
    assert problems, value
    assert all(path.startswith(name) and message for path, message in problems)


def sample(cls: type[Any]) -> Any:
    """A valid instance of a record or value class, from the packaged data."""
    ds = summitdata.load()
    for kind in KINDS:
        for record in getattr(ds, kind.plural):
            for _, node, value in fields.walk(kind.cls, record):
                if (
                    isinstance(node, fields.Nested)
                    and type(value) is cls
                    and all(getattr(value, n) is not None for n, _ in fields.field_specs(cls))
                ):
                    return value
            if type(record) is cls:
                return record
    raise AssertionError(cls)  # pragma: no cover


@pytest.mark.parametrize("case", BAD, ids=_case_id)
def test_building_a_record_refuses_what_breaks_the_spec(case: tuple[type[Any], str, fields.FieldSpec, Any]) -> None:
    cls, name, _, value = case
    with pytest.raises(summitdata.ValidationError) as exc:
        attrs.evolve(sample(cls), **{name: value})
    assert exc.value.problems and all(p.field.startswith(name) for p in exc.value.problems), exc.value


@pytest.mark.parametrize(("cls", "name", "spec"), FIELDS, ids=[f"{c.__name__}.{n}" for c, n, _ in FIELDS])
def test_every_field_keeps_a_good_value(cls: type[Any], name: str, spec: fields.FieldSpec) -> None:
    value = getattr(sample(cls), name)
    assert fields.problems_of_value(spec, value, name) == []
    assert fields.problems_of_value(spec, None, name) == ([] if spec.nullable else [(name, _none_message(spec.type))])


def _none_message(node: fields.Spec) -> str:
    [(_, message)] = fields.problems_of_value(fields.FieldSpec(type=node, nullable=False, doc=""), None, "x")
    return message


# --- what each node accepts (the edges of each bound) ------------------------------------


def test_integer_bounds_are_inclusive() -> None:
    spec = fields.FieldSpec(type=fields.Integer(minimum=0, maximum=9), nullable=False, doc="")
    assert [fields.problems_of_value(spec, value, "n") == [] for value in (-1, 0, 9, 10)] == [False, True, True, False]
    assert fields.problems_of_value(spec, -1, "n") == [("n", "must be at least 0, not -1")]
    assert fields.problems_of_value(spec, 10, "n") == [("n", "must be at most 9, not 10")]
    unbounded = fields.FieldSpec(type=fields.Integer(), nullable=False, doc="")
    assert fields.problems_of_value(unbounded, -(2**63), "n") == []
    assert fields.problems_of_value(unbounded, 2**63 - 1, "n") == []


def test_integers_are_64_bit_whatever_the_bounds() -> None:
    """What the JSON format reads and Parquet stores: a larger int could be written but never read back."""
    for node in (fields.Integer(), fields.Integer(minimum=0), fields.Integer(minimum=-(10**30), maximum=10**30)):
        spec = fields.FieldSpec(type=node, nullable=False, doc="")
        assert node.bounds == (-(2**63) if node.minimum is None or node.minimum < 0 else 0, 2**63 - 1)
        assert fields.problems_of_value(spec, 2**63, "n") == [("n", f"must be at most {2**63 - 1}, not {2**63}")]
        assert fields.problems_of_value(spec, 2**63 - 1, "n") == []
    low = fields.FieldSpec(type=fields.Integer(), nullable=False, doc="")
    assert fields.problems_of_value(low, -(2**63) - 1, "n") == [
        ("n", f"must be at least {-(2**63)}, not {-(2**63) - 1}")
    ]


def test_number_range_is_exclusive_and_finite() -> None:
    spec = fields.FieldSpec(type=fields.Number(), nullable=False, doc="")
    for good in (0, -3, 2.5, 10**18 - 1, -(10**18) + 1, 999999999999999872.0, 1e-300):
        assert fields.problems_of_value(spec, good, "v") == [], good
    assert fields.problems_of_value(spec, 10**18, "v") == [
        ("v", "1000000000000000000 is out of range (magnitude below 1e18)")
    ]
    assert fields.problems_of_value(spec, math.nan, "v") == [("v", "must be finite, not nan")]
    assert fields.problems_of_value(spec, False, "v") == [("v", "must be a number, not bool")]


def test_text_trimmed_and_pattern() -> None:
    trimmed = fields.FieldSpec(type=fields.Text(), nullable=False, doc="")
    assert fields.problems_of_value(trimmed, "a b", "t") == []
    assert fields.problems_of_value(trimmed, "a ", "t") == [
        ("t", "must be non-empty text without surrounding spaces: 'a '")
    ]
    loose = fields.FieldSpec(type=fields.Text(trimmed=False), nullable=False, doc="")
    assert fields.problems_of_value(loose, "", "t") == [] and fields.problems_of_value(loose, " a\n", "t") == []
    code = fields.FieldSpec(type=fields.Text(pattern="[A-Z]{3}"), nullable=False, doc="")
    assert fields.problems_of_value(code, "EUR", "t") == []
    assert fields.problems_of_value(code, "EURO", "t") == [("t", "'EURO' does not match [A-Z]{3}")]


def test_references_check_form_and_kind() -> None:
    spec = fields.FieldSpec(type=fields.Ref(("person", "place")), nullable=True, doc="")
    assert fields.problems_of_value(spec, "place:x-1", "r") == fields.problems_of_value(spec, None, "r") == []
    assert fields.problems_of_value(spec, "summit:x", "r") == [("r", "'summit:x' must refer to a person or a place")]
    assert fields.problems_of_value(spec, "place:X", "r") == [("r", "'place:X' is not a record id")]
    assert fields.problems_of_value(spec, 3, "r") == [("r", "must be an id string, not int")]
    # An id found good for one field says nothing about another field's kinds.
    other = fields.FieldSpec(type=fields.Ref(("summit",)), nullable=False, doc="")
    assert fields.problems_of_value(other, "place:x-1", "r") == [("r", "'place:x-1' must refer to a summit")]


def test_many_reports_each_item_and_the_whole() -> None:
    spec = fields.FieldSpec(type=fields.Many(fields.Ref(("person",)), min_items=2, unique=True), nullable=False, doc="")
    assert fields.problems_of_value(spec, ("person:a", "person:b"), "m") == []
    assert fields.problems_of_value(spec, ("person:a",), "m") == [("m", "needs 2 items")]
    assert fields.problems_of_value(spec, ("person:a", "person:a"), "m") == [("m", "lists the same value twice")]
    assert fields.problems_of_value(spec, ("person:a", 3, "x"), "m") == [
        ("m[1]", "must be an id string, not int"),
        ("m[2]", "'x' is not a record id"),
    ]
    one = fields.FieldSpec(type=fields.Many(fields.Text(), min_items=1), nullable=False, doc="")
    assert fields.problems_of_value(one, (), "m") == [("m", "must not be empty")]
    assert fields.problems_of_value(one, ("a", "a"), "m") == []  # not unique: repeats allowed
    unhashable = fields.FieldSpec(type=fields.Many(fields.Text(), unique=True), nullable=False, doc="")
    assert fields.problems_of_value(unhashable, ([], []), "m") == [  # not compared: each is reported
        ("m[0]", "must be a str, not list"),
        ("m[1]", "must be a str, not list"),
    ]


def test_notes_keys_and_reasons() -> None:
    spec = fields.FieldSpec(type=fields.Notes(), nullable=False, doc="")
    assert fields.problems_of_value(spec, FrozenMap({"date": "year inferred"}), "inferred") == []
    assert fields.problems_of_value(spec, FrozenMap({"": "x"}), "inferred") == [
        ("inferred", "key '' must be a non-empty field name")
    ]
    for untidy in (" ", "", " year inferred", "year inferred\n"):
        assert fields.problems_of_value(spec, FrozenMap({"date": untidy}), "inferred") == [
            ("inferred.date", "the reason must be non-empty text without surrounding spaces")
        ]
    assert fields.problems_of_value(spec, {"date": "x"}, "inferred") == [
        ("inferred", "must be a mapping of field to reason, not dict")
    ]


def test_notes_keys_name_fields_of_their_owner() -> None:
    spec = fields.field_spec(summitdata.Summit, "inferred")
    notes = FrozenMap({"start": "year", "date": "no such field", "": "x"})
    assert fields.problems_of_value(spec, notes, "inferred") == [("inferred", "key '' must be a non-empty field name")]
    assert fields.problems_of_value(spec, notes, "inferred", summitdata.Summit) == [
        ("inferred", "key '' must be a non-empty field name"),
        ("inferred.date", "'date' is not a field of Summit"),
    ]
    # The same key is right for another class: the rule is the owner's.
    assert fields.problems_of_value(spec, FrozenMap({"date": "x"}), "inferred", summitdata.Speech) == []
    assert fields.problems_of_value(spec, "not notes", "inferred", summitdata.Summit) == [
        ("inferred", "must be a mapping of field to reason, not str")
    ]


def test_id_and_simple_nodes() -> None:
    def check(node: fields.Spec, value: Any) -> list[tuple[str, str]]:
        return fields.problems_of_value(fields.FieldSpec(type=node, nullable=False, doc=""), value, "f")

    assert check(fields.Id("claim"), "claim:a-1") == []
    assert check(fields.Id("claim"), "speech:a-1") == [
        ("f", "'speech:a-1' is not 'claim:' followed by a lower-case slug")
    ]
    assert check(fields.Id("claim"), 1) == [("f", "must be a str, not int")]
    assert check(fields.Boolean(), False) == [] and check(fields.Boolean(), 0) == [("f", "must be a bool, not int")]
    assert check(fields.Date(), PartialDate(year=2025)) == []
    assert check(fields.Date(), "2025") == [("f", "must be a PartialDate, not str")]
    assert check(fields.Choice(summitdata.PlaceKind), summitdata.PlaceKind.SEA) == []
    assert check(fields.Choice(summitdata.PlaceKind), "sea") == [("f", "must be a PlaceKind, not str")]
    assert check(fields.Nested(Period), Period()) == []
    assert check(fields.Nested(Period), None) == [("f", "must be a Period, not null")]


def test_a_bad_id_names_the_class_and_a_bad_field_names_the_record() -> None:
    with pytest.raises(summitdata.ValidationError) as exc:
        attrs.evolve(sample(summitdata.Place), id="Place X")
    assert [(p.record, p.field) for p in exc.value.problems] == [("Place", "id")]
    with pytest.raises(summitdata.ValidationError) as exc:
        attrs.evolve(sample(summitdata.Place), name="")
    assert [(p.record, p.field) for p in exc.value.problems] == [(sample(summitdata.Place).id, "name")]


# --- rules the specs themselves keep ------------------------------------------------------


def test_every_actor_reference_is_countries_only() -> None:
    """Where a place stands for an actor (beside a person or an organization), it must be a country.

    A country acts, speaks, hosts, takes part or gives a title; a city or a sea never does.
    """
    actor_refs = []
    for cls, name, spec in FIELDS:
        node = spec.type.item if isinstance(spec.type, fields.Many) else spec.type
        if isinstance(node, fields.Ref) and not set(node.kinds) <= set(ACTOR_KINDS):
            continue  # not an actor: Claim.about names any record, a city or a sea too
        if isinstance(node, fields.Ref) and "place" in node.kinds and len(node.kinds) > 1:
            actor_refs.append(f"{cls.__name__}.{name}")
            assert node.countries, f"{cls.__name__}.{name}"
        if isinstance(node, fields.Ref) and "person" in node.kinds and len(node.kinds) > 1:
            assert node.kinds == ACTOR_KINDS, f"{cls.__name__}.{name}"
    assert len(actor_refs) >= 4  # speakers, participants, host, proposer, a role's "of"


def test_every_id_the_data_holds_is_a_checked_reference() -> None:
    """Each value of the packaged data that is the id of a record sits in a field declared as a reference."""
    ds = summitdata.load()
    ids = {record.id for record in ds.records()}
    unchecked = []
    for record in ds.records():
        for path, node, value in fields.walk(type(record), record):
            if path != "id" and type(value) is str and value in ids and not isinstance(node, fields.Ref):
                unchecked.append(f"{record.id} {path}")
            if isinstance(node, fields.Many) and node.item == fields.Text() and set(value) & ids:
                unchecked.append(f"{record.id} {path}")
    assert unchecked == []


def test_every_record_has_id_evidence_and_notes() -> None:
    for kind in KINDS:
        assert fields.field_spec(kind.cls, "id").type == fields.Id(kind.name)
        assert fields.field_spec(kind.cls, "evidence").type == fields.Many(fields.Nested(Anchor), min_items=1)
        assert fields.field_spec(kind.cls, "inferred").type == fields.Notes()


def test_a_field_without_a_spec_is_refused() -> None:
    @attrs.frozen
    class Loose:
        x: int = attrs.field()

    with pytest.raises(TypeError, match=r"Loose\.x is not declared with a summitdata field helper"):
        fields.field_specs(Loose)
    with pytest.raises(KeyError, match="Anchor has no field 'nope'"):
        fields.field_spec(Anchor, "nope")


# --- through the loader: each slot of the JSON, from the specs -----------------------------


def json_bad(node: fields.Spec, current: Any) -> list[Any]:
    """JSON values that break ``node`` (``current`` is the value the packaged data has there)."""
    match node:
        case fields.Text(trimmed=True, pattern=None):
            return [" x", 3]
        case fields.Text(trimmed=True, pattern=str(pattern)):
            return [text for text in ("usd", "Bad Slug") if not re.fullmatch(pattern, text)]
        case fields.Text():
            return [3]
        case fields.Integer():
            return [-1 if node.minimum == 0 else 1.5, 1.5, True]
        case fields.Number():
            return [1e19, True]
        case fields.Boolean():
            return [1]
        case fields.Date():
            return ["2025-13", 2025]
        case fields.Choice():
            return ["not-a-member"]
        case fields.Id():
            return [f"{node.kind}:Bad Id"]
        case fields.Ref():
            return [f"{_other_kind(node.kinds)}:x", "Bad Id"]
        case fields.Nested():
            return ["x"]
        case fields.Many():
            bad: list[Any] = ["x"]
            if node.min_items:
                bad.append([])
            if node.unique and isinstance(current, list) and current and current[0] is not None:
                bad.append([current[0], current[0]])
            return bad
        case fields.Notes():
            return [{"date": ""}, []]
    raise AssertionError(node)  # pragma: no cover


@pytest.mark.parametrize("case", record_slots(), ids=slot_id)
def test_the_loader_refuses_a_bad_value_in_every_slot(case: tuple[Any, Any, fields.Spec, bool]) -> None:
    kind, path, node, _ = case
    template = document()
    _, parent, key = holder(template, kind, path)
    current = parent[key]
    for value in json_bad(node, current):
        doc = document()
        record, parent, key = holder(doc, kind, path)
        parent[key] = value
        found = loads_problems(doc)
        record_name = record["id"]  # a bad id names the record by the id as written
        assert any(r == record_name and f.startswith(show(path)) for r, f in found), (value, found)


# --- a new field, through the helpers alone ------------------------------------------------------


def _even(gadget: Any) -> str | None:
    return None if gadget.count % 2 == 0 else "must be even"


@fields.model(fields.Rule(field="count", doc="`count` is even.", check=_even))
class Gadget:
    """A throwaway record class, declared with the field helpers only."""

    id: str = fields.id_field("gadget")
    label: str = fields.text("A lower-case label.", pattern="[a-z]+")
    count: int = fields.integer("How many.", minimum=2, maximum=8)
    owner: str | None = fields.ref("person", doc="Who owns it.", default=None)
    tags: tuple[str, ...] = fields.many(fields.Text(), "Its tags.", min_items=1, unique=True)


def test_a_new_field_reaches_validation_json_schema_and_table_schema() -> None:
    good = Gadget(id="gadget:g", label="abc", count=4, owner="person:p", tags=("t",))
    assert fields.broken_rules(good) == []
    for changes, field in [
        ({"count": 10}, "count"),
        ({"count": 3}, "count"),  # the rule
        ({"label": "ABC"}, "label"),
        ({"owner": "place:p"}, "owner"),
        ({"tags": ()}, "tags"),
        ({"tags": ("t", "t")}, "tags"),
    ]:
        with pytest.raises(summitdata.ValidationError) as exc:
            attrs.evolve(good, **changes)
        assert [(p.record, p.field) for p in exc.value.problems] == [("gadget:g", field)]

    defs: dict[str, Any] = {}
    assert schema.define(Gadget, defs) == "#/$defs/Gadget"
    properties = defs["Gadget"]["properties"]
    assert properties["count"] == {"type": "integer", "minimum": 2, "maximum": 8, "description": "How many."}
    assert properties["label"]["pattern"].startswith("^(?:[a-z]+)")
    assert properties["owner"]["anyOf"][1] == {"type": "null"}
    assert properties["tags"]["minItems"] == 1 and properties["tags"]["uniqueItems"] is True
    validator = jsonschema.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/Gadget"})
    plain = {"id": "gadget:g", "label": "abc", "count": 4, "owner": None, "tags": ["t"]}
    assert validator.is_valid(plain)
    for key, value in [("count", 9), ("label", "A"), ("owner", "place:p"), ("tags", []), ("tags", ["t", "t"])]:
        assert not validator.is_valid({**plain, key: value}), key

    table = tables._Table(name="gadgets", key=[], primary_key=["id"])
    plan = tables._plan(table, Gadget, (), "gadget")
    columns = {field["name"]: field for field in table.fields}
    assert list(columns) == ["id", "label", "count", "owner"]
    assert columns["count"]["constraints"] == {"required": True, "minimum": 2, "maximum": 8}
    assert columns["label"]["constraints"] == {"required": True, "pattern": "[a-z]+"}
    assert "required" not in columns["owner"]["constraints"]
    assert {"fields": "owner", "reference": {"resource": "people", "fields": "id"}} in table.foreign_keys
    [(path, tags)] = plan.lists
    assert path == ("tags",) and tags.table.name == "gadget_tags"
    assert tags.table.fields[-1] == {
        "name": "value",
        "type": "string",
        "constraints": {"required": True, "minLength": 1},
    }


# --- checked once: a class made by model() checks its fields in one compiled function -----------


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_model_class_checks_every_field_once_in_its_compiled_check(cls: type[Any]) -> None:
    assert [f.name for f in attrs.fields(cls) if f.validator is not None] == []  # no second check per field
    sample(cls)  # built at least once: its check is compiled
    source = inspect.getsource(cls.__attrs_post_init__)
    assert source.startswith(f"def post_init_{cls.__name__}(self):")
    for name, _ in fields.field_specs(cls):
        assert f"self.{name}" in source, name
    assert ("_check_rules(self)" in source) == bool(fields.rules_of(cls))


def test_a_plain_attrs_class_with_the_helpers_checks_each_field() -> None:
    @attrs.frozen(kw_only=True)
    class Note:
        body: str = fields.text("What the note says.")
        tags: tuple[str, ...] = fields.many(fields.Text(), "Tags.", unique=True)
        inferred: Mapping[str, str] = fields.inferred(default=fields.NO_NOTES)

    assert Note(body="x", tags=("a", "b")).tags == ("a", "b")
    with pytest.raises(summitdata.ValidationError, match="Note: body: must be non-empty"):
        Note(body=" x", tags=())
    with pytest.raises(summitdata.ValidationError, match="Note: tags: lists the same value twice"):
        Note(body="x", tags=("a", "a"))
    with pytest.raises(summitdata.ValidationError, match=r"^Note: inferred\.colour: 'colour' is not a field of Note$"):
        Note(body="x", tags=(), inferred={"colour": "a reason"})
    with pytest.raises(summitdata.ValidationError, match=r"^Note: inferred\.body: the reason must be non-empty"):
        Note(body="x", tags=(), inferred={"body": " "})
    with pytest.raises(summitdata.ValidationError, match=r"^Note: inferred\.inferred: 'inferred' is not a field"):
        Note(body="x", tags=(), inferred={"inferred": "a note on the notes"})
    assert fields.rules_of(Note) == () and fields.broken_rules(Note(body="x", tags=())) == []


def test_a_model_class_keeps_the_validators_of_its_plain_attrs_fields() -> None:
    @fields.model()
    class Mixed:
        size: int = attrs.field(validator=attrs.validators.instance_of(int))
        label: str = fields.text("Label.")

    assert Mixed(size=1, label="x").size == 1
    with pytest.raises(TypeError, match="'size' must be <class 'int'>"):
        Mixed(size="1", label="x")
    with pytest.raises(summitdata.ValidationError, match="Mixed: label: must be non-empty"):  # checked after size
        Mixed(size=1, label=" x")
    assert fields.rules_of(Mixed) == ()


def test_the_compiled_check_reports_the_first_broken_field_as_attrs_validators_would() -> None:
    anchor = sample(Anchor)
    with pytest.raises(summitdata.ValidationError) as exc:
        attrs.evolve(anchor, source="place:x", start=-1)  # two broken fields: the first in field order is reported
    assert [(p.field, p.message) for p in exc.value.problems] == [("source", "'place:x' must refer to a source")]


class _Id(str):
    """A ``str`` subclass: equal to an id, but not a ``str`` as the specs want."""

    __slots__ = ()


def test_a_str_subclass_is_refused_where_an_id_was_accepted_before() -> None:
    claim = summitdata.load().claims[0]
    attrs.evolve(claim, speakers=claim.speakers)  # the ids are now known to be well-formed
    with pytest.raises(summitdata.ValidationError, match=r"speakers\[0\]: must be an id string, not _Id"):
        attrs.evolve(claim, speakers=(_Id(claim.speakers[0]),))
    with pytest.raises(summitdata.ValidationError, match=r"speakers\[0\]: must be an id string"):
        attrs.evolve(claim, speakers=([claim.speakers[0]],))  # unhashable: refused, not a TypeError


# --- at run time: the record classes are made at import, so these tests make them again -----------
#
# A class's check is compiled on its first use and the helpers run when a class is declared:
# both happen before most tests run. The tests below declare a class and compile checks inside
# the test, so that what they pin is what the code does now.


def _unchecked(instance: Any, **changes: Any) -> Any:
    """A copy of ``instance`` with ``changes`` set, its check not run."""
    changed = copy.copy(instance)
    for name, value in changes.items():
        object.__setattr__(changed, name, value)
    return changed


@pytest.mark.parametrize("case", BAD, ids=_case_id)
def test_a_freshly_compiled_check_refuses_what_breaks_the_spec(
    case: tuple[type[Any], str, fields.FieldSpec, Any],
) -> None:
    cls, name, _, value = case
    check = fields._compile_post_init(cls)
    good = sample(cls)
    assert check(good) is None  # a stricter check would raise RuntimeError here
    with pytest.raises(summitdata.ValidationError) as exc:
        check(_unchecked(good, **{name: value}))
    assert exc.value.problems and all(p.field.startswith(name) for p in exc.value.problems), exc.value


def good_values(node: fields.Spec) -> list[Any]:
    """Values at the edges of what ``node`` accepts."""
    match node:
        case fields.Text(trimmed=True, pattern=None):
            return ["x", "a b", "a\tb", "é"]
        case fields.Text(trimmed=False):
            return ["", " ", " x\n"]
        case fields.Integer():
            return [value for value in (node.minimum, node.maximum, 2**63 - 1) if value is not None]
        case fields.Many(min_items=0):
            return [(), *([(good_item(node.item),)] if node.unique else [])]
    return []


GOOD = [
    (cls, name, spec, value)
    for cls, name, spec in FIELDS
    for value in good_values(spec.type)
    if not fields.broken_rules(_unchecked(sample(cls), **{name: value}))  # not a rule across fields (test_records)
]


@pytest.mark.parametrize("case", GOOD, ids=_case_id)
def test_a_freshly_compiled_check_keeps_what_fits_the_spec(case: tuple[type[Any], str, fields.FieldSpec, Any]) -> None:
    cls, name, spec, value = case
    assert fields.problems_of_value(spec, value, name) == []
    assert fields._compile_post_init(cls)(_unchecked(sample(cls), **{name: value})) is None


# --- the typed check: for values msgspec has built with their types (summitdata._wire) -----------


def has_its_type(node: fields.Spec, value: Any) -> bool:
    """Whether ``value`` is of the type the wire classes give ``node`` (after their conversions):
    what the typed check takes for granted.
    """
    match node:
        case fields.Text() | fields.Id() | fields.Ref():
            return type(value) is str
        case fields.Integer():
            return type(value) is int
        case fields.Boolean():
            return type(value) is bool
        case fields.Choice():
            return type(value) is node.enum
        case fields.Date():
            return type(value) is PartialDate
        case fields.Nested():
            return type(value) is node.cls
        case fields.Many():
            return type(value) is tuple and all(has_its_type(node.item, item) for item in value)
        case fields.Notes():
            return type(value) is FrozenMap and all(type(k) is str and type(v) is str for k, v in value.items())
        case fields.Number():
            return type(value) is int or type(value) is float
    raise AssertionError(f"no type for {node!r}")  # pragma: no cover - every kind is handled


def typed_check(cls: type[Any]) -> Any:
    """The typed check of ``cls``, compiled on its own."""
    names: dict[str, Any] = {}
    source = "\n".join(["def check(self):", *fields.typed_check(cls, names, "self"), "    return None"])
    exec(source + "\n", names)  # noqa: S102 - generated from the field specs
    return names["check"]


TYPED_BAD = [case for case in BAD if has_its_type(case[2].type, case[3])]


@pytest.mark.parametrize("case", TYPED_BAD, ids=_case_id)
def test_the_typed_check_refuses_values_of_their_type_that_break_the_spec(
    case: tuple[type[Any], str, fields.FieldSpec, Any],
) -> None:
    cls, name, _, value = case
    check = typed_check(cls)
    good = sample(cls)
    assert check(good) is None
    with pytest.raises(summitdata.ValidationError) as exc:
        check(_unchecked(good, **{name: value}))
    assert exc.value.problems and all(p.field.startswith(name) for p in exc.value.problems), exc.value


@pytest.mark.parametrize("case", GOOD, ids=_case_id)
def test_the_typed_check_keeps_what_fits_the_spec(case: tuple[type[Any], str, fields.FieldSpec, Any]) -> None:
    cls, name, _, value = case
    assert typed_check(cls)(_unchecked(sample(cls), **{name: value})) is None


def test_the_typed_check_leaves_out_the_types_only() -> None:
    # Every broken value of its type is a case above; what is left out is a value of another type.
    assert len(TYPED_BAD) > 100
    left_out = {type(value).__name__ for _, _, spec, value in BAD if not has_its_type(spec.type, value)}
    assert left_out == {"int", "bytes", "NoneType", "float", "bool", "str", "_Other", "list", "dict", "tuple"}
    source = inspect.getsource(fields._compile_post_init(summitdata.Claim))
    typed = "\n".join(fields.typed_check(summitdata.Claim, {}, "self"))
    assert "type(self.id) is str" in source
    assert "type(" not in typed
    assert "isinstance(" not in typed


def _types_only(node: fields.Spec) -> bool:
    """Whether a value of ``node``'s type fits it whatever the value: nothing is left to check."""
    match node:
        case (
            fields.Choice()
            | fields.Boolean()
            | fields.Date()
            | fields.Nested()
            | fields.Text(trimmed=False, pattern=None)
        ):
            return True
        case fields.Many(min_items=0, unique=False):
            return _types_only(node.item)
    return False


def test_the_typed_check_names_no_field_whose_type_says_it_all() -> None:
    left_out = [
        (kind.cls, name) for kind in KINDS for name, spec in fields.field_specs(kind.cls) if _types_only(spec.type)
    ]
    assert {name for _, name in left_out} >= {"kind", "status", "roles", "date"}
    for cls, name in left_out:
        assert f"self.{name}" not in "\n".join(fields.typed_check(cls, {}, "self")), (cls, name)


def test_the_typed_check_takes_references_it_has_not_seen_before() -> None:
    # The ids already found well-formed are a cache: a new id is matched, not refused.
    fresh = uuid.uuid4().hex
    anchor = _unchecked(sample(Anchor), source=f"source:a{fresh}")
    assert typed_check(Anchor)(anchor) is None
    claim = _unchecked(sample(summitdata.Claim), about=(f"person:b{fresh}", f"summit:c{fresh}"))
    assert typed_check(summitdata.Claim)(claim) is None
    with pytest.raises(summitdata.ValidationError):
        typed_check(summitdata.Claim)(_unchecked(claim, about=(f"person:b{fresh}", f"nokind:d{fresh}")))


def test_the_typed_check_keeps_integers_up_to_the_64_bit_bound() -> None:
    top = 2**63 - 1
    anchor = _unchecked(sample(Anchor), start=top - 1, end=top, text="x")
    assert typed_check(Anchor)(anchor) is None
    assert fields._compile_post_init(Anchor)(anchor) is None


def test_the_typed_check_refuses_a_note_on_no_field_of_the_record() -> None:
    # The keys are strings, as the type says; that each names a field is a rule the typed check keeps.
    claim = sample(summitdata.Claim)
    check = typed_check(summitdata.Claim)
    assert check(_unchecked(claim, inferred=FrozenMap({"summit": "the dateline"}))) is None
    with pytest.raises(summitdata.ValidationError) as exc:
        check(_unchecked(claim, inferred=FrozenMap({"summit": "the dateline", "colour": "red"})))
    assert [(p.field, p.message) for p in exc.value.problems] == [
        ("inferred.colour", "'colour' is not a field of Claim")
    ]


def test_the_helpers_declare_each_field_when_called() -> None:
    @fields.model(fields.Rule(field="count", doc="Odd.", check=lambda r: None if r.count % 2 else "must be odd"))
    class Thing:
        id: str = fields.id_field("thing")
        label: str = fields.text("Label.", pattern="[a-z]+", repr=False)
        loose: str | None = fields.text("Loose.", trimmed=False, default=None, since="1.1")
        count: int = fields.integer("Count.", minimum=1, maximum=5, default=1)
        value: float = fields.number("Value.", default=0)
        on: bool = fields.boolean("On.", default=False)
        day: PartialDate | None = fields.date("Day.", default=None)
        kind: summitdata.PlaceKind = fields.choice(summitdata.PlaceKind, "Kind.", default=summitdata.PlaceKind.CITY)
        owner: str | None = fields.ref("person", "place", doc="Owner.", countries=True, default=None)
        friends: tuple[str, ...] = fields.refs("person", "place", doc="Friends.", countries=True, min_items=1)
        period: Period | None = fields.nested(Period, "Period.", default=None)
        tags: tuple[str, ...] = fields.many(fields.Text(), "Tags.", min_items=1, unique=True, default=("t",))
        anchors: tuple[Anchor, ...] = fields.many(Anchor, "Anchors.", default=())
        evidence: tuple[Anchor, ...] = fields.evidence(Anchor)
        inferred: Mapping[str, str] = fields.inferred(default=fields.NO_NOTES)

    spec = fields.FieldSpec
    assert fields.field_specs(Thing) == (
        ("id", spec(fields.Id("thing"), False, fields.field_spec(summitdata.Claim, "id").doc)),
        ("label", spec(fields.Text(pattern="[a-z]+"), False, "Label.")),
        ("loose", spec(fields.Text(trimmed=False), True, "Loose.", since="1.1")),
        ("count", spec(fields.Integer(minimum=1, maximum=5), False, "Count.")),
        ("value", spec(fields.Number(), False, "Value.")),
        ("on", spec(fields.Boolean(), False, "On.")),
        ("day", spec(fields.Date(), True, "Day.")),
        ("kind", spec(fields.Choice(summitdata.PlaceKind), False, "Kind.")),
        ("owner", spec(fields.Ref(("person", "place"), countries=True), True, "Owner.")),
        (
            "friends",
            spec(fields.Many(fields.Ref(("person", "place"), True), min_items=1, unique=True), False, "Friends."),
        ),
        ("period", spec(fields.Nested(Period), True, "Period.")),
        ("tags", spec(fields.Many(fields.Text(), min_items=1, unique=True), False, "Tags.")),
        ("anchors", spec(fields.Many(fields.Nested(Anchor)), False, "Anchors.")),
        (
            "evidence",
            spec(
                fields.Many(fields.Nested(Anchor), min_items=1),
                False,
                fields.field_spec(summitdata.Claim, "evidence").doc,
            ),
        ),
        ("inferred", spec(fields.Notes(), False, fields.field_spec(summitdata.Claim, "inferred").doc)),
    )
    assert fields.field_spec(Thing, "id").doc == (
        "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
    )
    assert (
        fields.field_spec(Thing, "evidence").doc == "Anchors into the articles that support the record (at least one)."
    )
    assert fields.field_spec(Thing, "inferred").doc == (
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )
    defaults = {f.name: f.default for f in attrs.fields(Thing)}
    assert defaults == {
        "id": attrs.NOTHING,
        "label": attrs.NOTHING,
        "loose": None,
        "count": 1,
        "value": 0,
        "on": False,
        "day": None,
        "kind": summitdata.PlaceKind.CITY,
        "owner": None,
        "friends": attrs.NOTHING,
        "period": None,
        "tags": ("t",),
        "anchors": (),
        "evidence": attrs.NOTHING,
        "inferred": fields.NO_NOTES,
    }
    assert [f.name for f in attrs.fields(Thing) if not f.repr] == ["label"]
    assert [f.name for f in attrs.fields(Thing) if f.validator is not None or not f.kw_only] == []
    assert [f.name for f in attrs.fields(Thing) if f.converter is not None] == ["inferred"]
    assert fields.rules_of(Thing)[0].field == "count"

    anchor = Anchor(source="source:a", start=0, end=1, text="a")
    good = {"id": "thing:t", "label": "ab", "friends": ("person:p",), "evidence": (anchor,)}
    with pytest.raises(summitdata.ValidationError) as exc:  # the first instance compiles the check
        Thing(**{**good, "label": "AB"})
    assert [(p.record, p.field, p.message) for p in exc.value.problems] == [
        ("thing:t", "label", "'AB' does not match [a-z]+")
    ]
    assert Thing.__attrs_post_init__.__name__ == "post_init_Thing"
    thing = Thing(**good, inferred={"label": "a reason"})
    assert type(thing.inferred) is FrozenMap and thing.inferred["label"] == "a reason"
    assert "label=" not in repr(thing) and "count=1" in repr(thing)
    for changes, field, message in [
        ({"id": "thing:T"}, "id", "'thing:T' is not 'thing:' followed by a lower-case slug"),
        ({"count": 2}, "count", "must be odd"),
        ({"count": 7}, "count", "must be at most 5, not 7"),
        ({"value": math.inf}, "value", "must be finite, not inf"),
        ({"friends": ()}, "friends", "must not be empty"),
        ({"owner": "summit:s"}, "owner", "'summit:s' must refer to a person or a place"),
        ({"tags": ("t", "t")}, "tags", "lists the same value twice"),
        ({"inferred": {"colour": "x"}}, "inferred.colour", "'colour' is not a field of Thing"),
    ]:
        with pytest.raises(summitdata.ValidationError) as exc:
            Thing(**{**good, **changes})
        assert [(p.field, p.message) for p in exc.value.problems] == [(field, message)], changes


def test_a_field_helper_checks_its_version() -> None:
    with pytest.raises(ValueError, match="^" + re.escape("since must be one of ('1.0', '1.1'), not '2.0'") + "$"):
        fields.text("X.", default=None, since="2.0")
    later = "a field added after 1.0 needs a default: documents of earlier versions do not give it"
    with pytest.raises(ValueError, match=f"^{re.escape(later)}$"):
        fields.boolean("X.", since="1.1")
    assert fields.boolean("X.", default=False, since="1.1").metadata[fields.SPEC_KEY].since == "1.1"


def test_a_fresh_check_finds_new_ids_well_formed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids not yet seen go through the full form check, and are remembered once found good."""
    monkeypatch.setattr(fields, "_GOOD_REFS", {})
    check = fields._compile_post_init(Anchor)
    anchor = sample(Anchor)
    assert check(_unchecked(anchor, source="source:never-seen-1")) is None
    assert fields._GOOD_REFS[("source",)] == {"source:never-seen-1"}
    with pytest.raises(summitdata.ValidationError, match="'summit:never-seen-1' must refer to a source"):
        check(_unchecked(anchor, source="summit:never-seen-1"))


def test_long_values_are_shown_cut_to_60_characters() -> None:
    spec = fields.FieldSpec(type=fields.Text(), nullable=False, doc="")
    [(_, fits)] = fields.problems_of_value(spec, " " + "x" * 57, "t")  # its repr: 60 characters
    assert fits == f"must be non-empty text without surrounding spaces: {' ' + 'x' * 57!r}"
    [(_, cut)] = fields.problems_of_value(spec, " " + "x" * 58, "t")
    assert cut == "must be non-empty text without surrounding spaces: ' " + "x" * 55 + "..."


def test_frozen_maps_hash_by_their_items() -> None:
    assert hash(FrozenMap({"a": "b", "c": "d"})) == hash(FrozenMap({"c": "d", "a": "b"}))
    assert len({hash(FrozenMap({"a": str(i)})) for i in range(50)}) > 1


def test_each_helper_passes_on_its_version_and_its_defaults() -> None:
    @fields.model()
    class Later:
        day: PartialDate = fields.date("Day.")
        owner: str = fields.ref("person", doc="Owner.")
        period: Period = fields.nested(Period, "Period.")
        friends: tuple[str, ...] = fields.refs("person", doc="Friends.")
        count: int | None = fields.integer("Count.", default=None, since="1.1")
        value: float | None = fields.number("Value.", default=None, since="1.1")
        when: PartialDate | None = fields.date("When.", default=None, since="1.1")
        kind: summitdata.PlaceKind | None = fields.choice(summitdata.PlaceKind, "Kind.", default=None, since="1.1")
        other: str | None = fields.ref("person", doc="Other.", default=None, since="1.1")
        others: tuple[str, ...] = fields.refs("person", doc="Others.", default=(), since="1.1")
        inside: Period | None = fields.nested(Period, "Inside.", default=None, since="1.1")
        tags: tuple[str, ...] = fields.many(fields.Text(), "Tags.", default=(), since="1.1")

    specs = dict(fields.field_specs(Later))
    assert [name for name, spec in specs.items() if spec.since == "1.0"] == ["day", "owner", "period", "friends"]
    assert [name for name, spec in specs.items() if spec.nullable] == [
        "count",
        "value",
        "when",
        "kind",
        "other",
        "inside",
    ]
    assert specs["owner"].type == fields.Ref(("person",), countries=False)
    assert specs["friends"].type == fields.Many(fields.Ref(("person",), countries=False), min_items=0, unique=True)
    assert [f.name for f in attrs.fields(Later) if f.default is attrs.NOTHING] == ["day", "owner", "period", "friends"]


def test_the_ids_remembered_as_well_formed_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "_GOOD_REFS", {})
    monkeypatch.setattr(fields, "_GOOD_REFS_LIMIT", 2)
    check = fields._compile_post_init(Anchor)
    anchor = sample(Anchor)
    for n in range(4):
        assert check(_unchecked(anchor, source=f"source:new-{n}")) is None
    assert fields._GOOD_REFS[("source",)] == {"source:new-0", "source:new-1"}
    spec = fields.FieldSpec(type=fields.Ref(("person",)), nullable=False, doc="")
    assert [fields.problems_of_value(spec, f"person:new-{n}", "r") for n in range(4)] == [[]] * 4
    assert fields._GOOD_REFS[("person",)] == {"person:new-0", "person:new-1"}


def test_a_list_of_ids_all_seen_before_is_accepted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled check asks whether every id of a list is known in one step; only new ids go one by one."""
    verdicts: list[bool] = []
    original = fields._known

    def known(good: set[str], value: tuple[Any, ...]) -> bool:
        verdicts.append(original(good, value))
        return verdicts[-1]

    monkeypatch.setattr(fields, "_GOOD_REFS", {})
    monkeypatch.setattr(fields, "_known", known)
    check = fields._compile_post_init(summitdata.Claim)
    claim = summitdata.load().claims[0]
    speakers = ("person:never-seen-a", "person:never-seen-b")
    for _ in range(2):
        assert check(_unchecked(claim, speakers=speakers)) is None
    assert verdicts == [False, True]


def test_the_report_of_a_check_that_refused_a_fitting_value_is_a_bug_report() -> None:
    with pytest.raises(RuntimeError, match=r"^Anchor: the compiled check refused a value that the field specs accept$"):
        fields._report(sample(Anchor))


def test_the_compiled_check_is_one_expression_per_field() -> None:
    """The source of a class's check: each node inline, each list's items by name."""

    @fields.model(fields.Rule(field="count", doc="Any.", check=lambda _: None))
    class Gizmo:
        id: str = fields.id_field("gizmo")
        label: str = fields.text("Label.", pattern="[a-z]+")
        loose: str | None = fields.text("Loose.", trimmed=False, default=None)
        count: int = fields.integer("Count.", minimum=1, maximum=5)
        value: float = fields.number("Value.")
        on: bool = fields.boolean("On.")
        day: PartialDate = fields.date("Day.")
        kind: summitdata.PlaceKind = fields.choice(summitdata.PlaceKind, "Kind.")
        owner: str = fields.ref("person", doc="Owner.")
        friends: tuple[str, ...] = fields.refs("person", doc="Friends.")
        period: Period = fields.nested(Period, "Period.")
        grid: tuple[tuple[str, ...], ...] = fields.many(fields.Many(fields.Text()), "Grid.", min_items=2, unique=True)
        rows: tuple[tuple[str, ...], ...] | None = fields.many(fields.Many(fields.Text()), "Rows.", default=None)
        kinds: tuple[summitdata.PlaceKind, ...] = fields.many(fields.Choice(summitdata.PlaceKind), "Kinds.")
        evidence: tuple[Anchor, ...] = fields.evidence(Anchor)
        inferred: Mapping[str, str] = fields.inferred(default=fields.NO_NOTES)

    check = fields._compile_post_init(Gizmo)
    trimmed = "type({v}) is str and {v} != '' and not {v}[0].isspace() and not {v}[-1].isspace()"
    terms = [
        "(type(self.id) is str and self.id.startswith('gizmo:') and _slug_at(self.id, 6) is not None)",
        f"({trimmed.format(v='self.label')} and _pattern(self.label) is not None)",
        "((v := self.loose) is None or (type(v) is str))",
        "(type(self.count) is int and 1 <= self.count <= 5)",
        (
            "((type(self.value) is int or type(self.value) is float) and "
            "-1000000000000000000 < self.value < 1000000000000000000)"
        ),
        "(type(self.on) is bool)",
        "isinstance(self.day, _PartialDate)",
        "(type(self.kind) is _PlaceKind)",
        "(type(self.owner) is str and (self.owner in _good or _ref_fits(self.owner, _kinds, _good)))",
        (
            "(type(self.friends) is tuple and (not self.friends or (_known(_good, self.friends) or all(["
            "(type(x1) is str and (x1 in _good or _ref_fits(x1, _kinds_2, _good))) for x1 in self.friends])))"
            " and (len(self.friends) < 2 or _distinct(self.friends)))"
        ),
        "isinstance(self.period, _Period)",
        (
            "(type(self.grid) is tuple and len(self.grid) >= 2 and (not self.grid or all([(type(x1) is tuple and "
            f"(not x1 or all([({trimmed.format(v='x2')}) for x2 in x1]))) for x1 in self.grid]))"
            " and (len(self.grid) < 2 or _distinct(self.grid)))"
        ),
        (
            "((v := self.rows) is None or (type(v) is tuple and (not v or all([(type(x1) is tuple and "
            f"(not x1 or all([({trimmed.format(v='x2')}) for x2 in x1]))) for x1 in v]))))"
        ),
        "(type(self.kinds) is tuple and (not self.kinds or all(map(_is_PlaceKind, self.kinds))))",
        (
            "(type(self.evidence) is tuple and self.evidence != () and (not self.evidence or "
            "all(map(_is_Anchor, self.evidence))))"
        ),
        (
            "(self.inferred is _NO_NOTES or (isinstance(self.inferred, _FrozenMap) and "
            "(not self.inferred or _fits_notes(self.inferred))))"
        ),
    ]
    assert inspect.getsource(check) == "\n".join(
        [
            "def post_init_Gizmo(self):",
            "    if not (",
            *(f"        {'and ' if i else ''}{term}" for i, term in enumerate(terms)),
            "    ):",
            "        _report(self)",
            "    if _rule(self) is not None:",
            "        _check_rules(self)",
            "    return None\n",
        ]
    )
    assert check.__qualname__.endswith(".<locals>.Gizmo.<post_init>")
    assert check.__code__.co_filename.startswith("<summitdata generated post_init ")
    names = check.__globals__
    assert names["_good"] is fields._GOOD_REFS[("person",)]
    assert names["_kinds"] == names["_kinds_2"] == ("person",)
    assert (names["_pattern"], names["_PlaceKind"], names["_Period"]) == (
        re.compile("[a-z]+").fullmatch,
        summitdata.PlaceKind,
        Period,
    )
    assert "_fits" not in names  # every kind of node is inline
    assert names["_fits_notes"](FrozenMap({"label": "why"})) and not names["_fits_notes"](FrozenMap({"nope": "why"}))
    assert names["_rule"] is fields.rules_of(Gizmo)[0].check


def test_the_words_of_a_spec() -> None:
    assert fields.Choice(summitdata.SummitStatus).values() == ("held", "planned", "proposed")
    assert fields.Ref(("person",)).describe() == "a person"
    assert fields.Ref(("organization", "place")).describe() == "an organization or a place"
    assert fields.Ref(("organization", "place"), countries=True).describe() == "an organization or a country"
    assert fields.note_key_pattern(Period) == r"^(?:end|start)(?:[.\[]|$(?!\n))"
    assert fields.note_key_pattern(summitdata.Claim) == (
        r"^(?:about|direct|evidence|id|initiatives|kind|quantities|speakers|speech|summit|text|topics)(?:[.\[]|$(?!\n))"
    )


def test_a_unique_list_of_unhashable_values_is_compared_item_by_item() -> None:
    @attrs.define
    class Cell:  # mutable, so unhashable
        x: int

    @fields.model()
    class Sheet:
        cells: tuple[Cell, ...] = fields.many(Cell, "Cells.", unique=True)

    assert Sheet(cells=(Cell(1), Cell(2))).cells == (Cell(1), Cell(2))
    with pytest.raises(summitdata.ValidationError, match=r"^Sheet: cells: lists the same value twice$"):
        Sheet(cells=(Cell(1), Cell(2), Cell(1)))
    spec = fields.field_spec(Sheet, "cells")
    assert fields.problems_of_value(spec, (Cell(1), Cell(1)), "cells") == [("cells", "lists the same value twice")]
    assert fields.problems_of_value(spec, (Cell(1), Cell(2)), "cells") == []


def test_messages_name_the_type_of_the_value_given() -> None:
    def check(node: fields.Spec, value: Any) -> list[tuple[str, str]]:
        return fields.problems_of_value(fields.FieldSpec(type=node, nullable=False, doc=""), value, "f")

    assert check(fields.Many(fields.Text()), ["x"]) == [("f", "must be a tuple, not list")]
    assert check(fields.Integer(), "1") == [("f", "must be an int, not str")]
    assert check(fields.Nested(Period), "x") == [("f", "must be a Period, not str")]
    assert check(fields.Text(), None) == [("f", "must be a str, not null")]


def test_notes_are_frozen_once() -> None:
    notes = FrozenMap({"date": "why"})
    assert fields._freeze_map(notes) is notes
    assert fields._freeze_map({}) is fields.NO_NOTES
    assert fields._freeze_map({"date": "why"}) == notes and type(fields._freeze_map({"date": "why"})) is FrozenMap
    assert fields._freeze_map("x") == "x"  # not a mapping: the check reports it
    assert fields.field_specs(Anchor) is fields.field_specs(Anchor)  # read once per class


def test_the_id_given_by_plain_data() -> None:
    assert fields.given_id({"id": "claim:x"}) == "claim:x"
    assert fields.given_id({"id": " claim:x "}) == " claim:x "  # any id with something in it names the record
    for data in ({"id": ""}, {"id": " \n"}, {"id": 3}, {"ID": "claim:x"}, {}, [("id", "claim:x")], None):
        assert fields.given_id(data) is None, data

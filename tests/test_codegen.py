"""The generated per-class functions: one generator walking the field specs, its source visible."""

from __future__ import annotations

import enum
import inspect
import json
import linecache
import traceback
from typing import Any

import attrs
import pytest
from tests.test_fields import sample

import summitdata
from summitdata import _codegen, fields
from summitdata._codegen import MODES, Refused, generated
from summitdata.fields import Choice, Many, Notes, Text, date, integer, many, model, nested, number, text
from summitdata.records import KINDS, Period


def _plain(value: Any) -> Any:
    """What a JSON encoder writes natively, as plain data: enum members to values, tuples to lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_mode_agrees_with_the_plain_data(ds: summitdata.Dataset, kind: summitdata.records.Kind) -> None:
    unstructure = generated(kind.cls, "unstructure")
    for record in getattr(ds, kind.plural):
        plain = unstructure(record)
        assert plain == json.loads(json.dumps(plain))  # JSON-ready: lists, not tuples; values, not members
        assert _plain(generated(kind.cls, "native")(record)) == plain
        assert generated(kind.cls, "text")(record, "") == json.dumps(plain, ensure_ascii=False, indent=2)
        assert generated(kind.cls, "structure")(json.loads(json.dumps(plain))) == record


def test_a_traceback_from_generated_code_shows_its_source_line() -> None:
    period = Period(start=summitdata.PartialDate.parse("2024"), end=None)
    object.__setattr__(period, "start", "2024")  # not a PartialDate: the generated code fails on it
    with pytest.raises(AttributeError) as exc:
        summitdata.to_dict(period)
    frames = traceback.extract_tb(exc.value.__traceback__)
    generated_frame = frames[-2]  # the generated function called PartialDate.isoformat
    assert generated_frame.filename == "<summitdata generated unstructure summitdata.records.Period>"
    assert generated_frame.line == "'start': (None if (v := o.start) is None else _iso(v)),"
    assert "_iso(v)" in "".join(traceback.format_exception(exc.value))


@pytest.mark.parametrize("mode", MODES)
def test_inspect_shows_the_source_of_every_generated_function(mode: _codegen.Mode) -> None:
    for kind in KINDS:
        function = generated(kind.cls, mode)
        source = inspect.getsource(function)
        assert source == "".join(linecache.getlines(function.__code__.co_filename))
        assert source.startswith(f"def {mode}_{kind.cls.__name__}(")
        for field in kind.cls.__attrs_attrs__:
            assert field.name in source


def _gadget_class() -> type[Any]:
    # Annotations that name nothing: the generator must read the field specs, not the type hints.
    @model()
    class Gadget:
        name: Missing = text("Its name.")  # type: ignore[name-defined]  # noqa: F821
        size: Missing = integer("How big.", minimum=0)  # type: ignore[name-defined]  # noqa: F821
        weight: Missing = number("How heavy.")  # type: ignore[name-defined]  # noqa: F821
        made: Missing = date("When it was made.", default=None)  # type: ignore[name-defined]  # noqa: F821
        kinds: Missing = many(Choice(summitdata.PlaceKind), "Where it goes.", default=())  # type: ignore[name-defined]  # noqa: F821
        labels: Missing = many(Text(), "Its labels.", default=())  # type: ignore[name-defined]  # noqa: F821
        active: Missing = nested(Period, "When it works.", default=None)  # type: ignore[name-defined]  # noqa: F821
        stored: Missing = nested(Period, "When it is stored.", default=None)  # type: ignore[name-defined]  # noqa: F821

    return Gadget


def test_a_class_declared_with_the_field_helpers_gets_every_function() -> None:
    gadget_class = _gadget_class()
    year = summitdata.PartialDate.parse("2024")
    gadget = gadget_class(
        name="Lamp",
        size=3,
        weight=1.5,
        made=year,
        kinds=(summitdata.PlaceKind.CITY,),
        labels=("a", "b"),
        active=Period(start=year, end=None),
        stored=None,
    )
    plain = generated(gadget_class, "unstructure")(gadget)
    assert plain == {
        "name": "Lamp",
        "size": 3,
        "weight": 1.5,
        "made": "2024",
        "kinds": ["city"],
        "labels": ["a", "b"],
        "active": {"start": "2024", "end": None},
        "stored": None,
    }
    assert generated(gadget_class, "text")(gadget, "") == json.dumps(plain, indent=2)
    assert _plain(generated(gadget_class, "native")(gadget)) == plain
    assert generated(gadget_class, "structure")(plain) == gadget
    # One function for both Period fields.
    assert inspect.getsource(generated(gadget_class, "unstructure")).count("_unstructure_Period(") == 2


def test_classes_of_the_same_name_get_their_own_source() -> None:
    first, second = _gadget_class(), _gadget_class()
    assert first is not second
    sources = [generated(cls, "unstructure") for cls in (first, second)]
    names = [function.__code__.co_filename for function in sources]
    assert len(set(names)) == 2
    assert all(name in linecache.cache for name in names)


def test_nested_classes_of_the_same_name_are_kept_apart() -> None:
    def part() -> type[Any]:
        @model()
        class Part:
            value: str = text("A value.")

        return Part

    first, second = part(), part()  # two classes, one name

    @model()
    class Pair:
        left: Any = nested(first, "Left.")
        right: Any = nested(second, "Right.")

    pair = Pair(left=first(value="l"), right=second(value="r"))
    source = inspect.getsource(generated(Pair, "structure"))
    assert "_structure_Part(" in source and "_structure_Part_2(" in source
    rebuilt = generated(Pair, "structure")({"left": {"value": "l"}, "right": {"value": "r"}})
    assert type(rebuilt.left) is first and type(rebuilt.right) is second and rebuilt == pair


@pytest.mark.parametrize(
    "data",
    [
        [],  # not an object
        {"start": "2024"},  # a field missing
        {"start": "2024", "end": None, "colour": "red"},  # an unknown field
    ],
)
def test_structure_refuses_the_wrong_shape(data: Any) -> None:
    with pytest.raises(Refused):
        generated(Period, "structure")(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("roles", {"0": []}),  # an object where an array of records belongs
        ("aliases", {"0": "x"}),  # an object where an array of strings belongs
        ("inferred", [["name", "a reason"]]),  # an array where the notes' object belongs
    ],
)
def test_structure_refuses_the_wrong_container(ds: summitdata.Dataset, field: str, value: Any) -> None:
    data = summitdata.to_dict(ds.people[0])
    data[field] = value
    with pytest.raises(Refused):
        generated(summitdata.Person, "structure")(data)


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        generated(Period, "yaml")  # type: ignore[arg-type]


def test_key_counter_counts_every_key_the_json_of_a_record_gives() -> None:
    """Nested values (a speech's role, a claim's quantities and anchors) and notes included."""
    from summitdata._codegen import key_counter
    from summitdata.testing import synthetic_dataset

    for ds in (summitdata.load(), synthetic_dataset(40)):
        for collection in ds.collections():
            for record in collection:
                keys = json.dumps(summitdata.to_dict(record)).count('":')
                assert key_counter(type(record))(record) == keys, record.id


def test_every_model_class_is_built_through_a_plain_class_of_its_layout() -> None:
    """Plain assignments, then the class: the frozen class's attributes are never set one call at a time."""
    from summitdata.records import RECORD_TYPES, Anchor, Quantity

    for cls in [*(cls for cls, _, _ in RECORD_TYPES), Anchor, Quantity, Period]:
        assert not hasattr(cls, "__weakref__")  # a weak reference slot would make the layouts differ
        builder = _codegen._builder(cls)
        assert builder is not None, cls
        assert builder.__slots__ == cls.__slots__
        assert "o.__class__ = _cls" in inspect.getsource(generated(cls, "structure"))
    period = generated(Period, "structure")({"start": "2024", "end": None})
    assert type(period) is Period
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.end = None  # type: ignore[misc]


def test_a_class_with_a_weak_reference_slot_is_set_one_call_at_a_time() -> None:
    @attrs.frozen(kw_only=True)
    class Weakly:
        name: str

    assert _codegen._builder(Weakly) is None
    assert _codegen._builder(Period) is not None


def test_a_model_class_with_a_base_class_is_set_one_call_at_a_time() -> None:
    """No plain class has its layout (its base's is not object's): the record is made, then each field set."""

    class Base:
        __slots__ = ()

    @model()
    class Child(Base):
        name: str = text("Its name.")

    assert _codegen._builder(Child) is None
    child = generated(Child, "structure")({"name": "x"})
    assert type(child) is Child
    assert child == Child(name="x")


def test_structure_sets_a_field_through_its_converter() -> None:
    """As ``__init__`` would: the converter of a field other than notes is applied to the JSON value."""

    @model()
    class Shout:
        word: str = fields._field(Text(), "A word, in capitals.", fields.NOTHING, converter=str.upper)

    shout = generated(Shout, "structure")({"word": "hi"})
    assert shout.word == "HI"
    assert shout == Shout(word="hi")


def test_a_class_not_made_by_model_is_built_by_its_init() -> None:
    """No validators and no ``__attrs_post_init__``: nothing would check the record but its ``__init__``."""

    @attrs.frozen(kw_only=True)
    class Label:
        name: str = attrs.field(
            metadata={fields.SPEC_KEY: fields.FieldSpec(type=Text(), nullable=False, doc="A name.")}
        )

    label = generated(Label, "structure")({"name": "x"})
    assert type(label) is Label
    assert label == Label(name="x")


def test_key_counter_counts_the_keys_of_every_notes_in_a_list() -> None:
    """A tuple of notes gives the keys of each (no model class has one yet: the rule is the counter's)."""
    from summitdata._codegen import key_counter

    @attrs.frozen(kw_only=True)
    class Sheets:
        pages: tuple[Any, ...] = attrs.field(
            metadata={fields.SPEC_KEY: fields.FieldSpec(type=Many(Notes()), nullable=False, doc="Pages.")}
        )

    sheets = Sheets(pages=({"a": "x"}, {}, {"b": "y", "c": "z"}))
    assert key_counter(Sheets)(sheets) == 1 + 3


class _Str(str):
    """A ``str`` subclass: equal to the text it holds, not a ``str`` as the specs want."""

    __slots__ = ()


def _wrong_type(node: fields.Spec, good: Any) -> Any:
    """A value not of ``node``'s type that the typed check alone would take (a list's item, a str
    subclass, a bool for a number), or ``None`` for a node without a scalar type.
    """
    match node:
        case fields.Text(pattern=None):
            return [good or "x"]
        case fields.Text() | fields.Id() | fields.Ref():
            return _Str(good)
        case fields.Integer() | fields.Number():
            return True
        case fields.Boolean():
            return 1
    return None


SCALARS = [
    (cls, name, spec)
    for cls in (*(kind.cls for kind in KINDS), summitdata.Anchor, summitdata.Quantity, summitdata.Role)
    for name, spec in fields.field_specs(cls)
    if _wrong_type(spec.type, "x") is not None
]


@pytest.mark.parametrize(("cls", "name", "spec"), SCALARS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_a_scalar_not_of_its_type_is_refused_before_the_typed_check(cls: Any, name: str, spec: Any) -> None:
    # The structure functions run the typed check: the type of each scalar is their own test.
    good = sample(cls)
    data = summitdata.to_dict(good)
    assert _codegen.structurer(cls)(data) == good
    value = getattr(good, name)
    data[name] = _wrong_type(spec.type, value if isinstance(value, str) else "x")
    with pytest.raises(Refused):
        _codegen.structurer(cls)(data)
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.from_dict(data, cls)
    assert any(p.field.startswith(name) for p in exc.value.problems), exc.value

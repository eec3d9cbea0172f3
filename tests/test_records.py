"""The record model: construction checks name the record and the field."""

from __future__ import annotations

import datetime

import attrs
import pytest

import summitdata
from summitdata import (
    Anchor,
    Claim,
    ClaimKind,
    Comparator,
    PartialDate,
    Period,
    Person,
    Place,
    PlaceKind,
    Quantity,
    QuantityKind,
    Topic,
    ValidationError,
)

EVIDENCE = (Anchor(source="source:a", start=0, end=3, text="abc"),)


def claim(**changes: object) -> Claim:
    fields: dict[str, object] = {
        "id": "claim:x-01",
        "speakers": ("person:a",),
        "kind": ClaimKind.WARNS,
        "direct": False,
        "text": "abc",
        "evidence": EVIDENCE,
    }
    fields.update(changes)
    return Claim(**fields)  # type: ignore[arg-type]


def problem(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    (p,) = exc.value.problems
    return p.record, p.field


def test_records_are_frozen_slotted_and_keyword_only() -> None:
    for cls, _, _ in summitdata.records.RECORD_TYPES:
        assert attrs.has(cls)
        assert "__slots__" in cls.__dict__
        assert all(f.kw_only for f in attrs.fields(cls))
    c = claim()
    assert not hasattr(c, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.text = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Claim("claim:x")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "claim:Bad Id"}, "id"),
        ({"id": "person:x"}, "id"),
        ({"speakers": ["person:a"]}, "speakers"),
        ({"speakers": ()}, "speakers"),
        ({"speakers": ("initiative:x",)}, "speakers[0]"),
        ({"speakers": ("person:a", "person:a")}, "speakers"),
        ({"kind": "warns"}, "kind"),
        ({"direct": 1}, "direct"),
        ({"text": ""}, "text"),
        ({"text": "abd"}, "text"),
        ({"topics": ("water",)}, "topics[0]"),
        ({"evidence": ()}, "evidence"),
        ({"inferred": {"date": ""}}, "inferred.date"),
        ({"speech": "summit:x"}, "speech"),
    ],
)
def test_a_bad_value_names_the_record_and_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        claim(**changes)
    record, got = problem(exc)
    assert got == field
    assert record in ("claim:x-01", "Claim")


def test_tuples_and_frozen_inference_notes() -> None:
    c = claim(topics=(Topic.WATER,), inferred={"date": "year inferred"})
    assert c.topics == (Topic.WATER,)
    assert c.inferred["date"] == "year inferred"
    assert hash(c) == hash(claim(topics=(Topic.WATER,), inferred={"date": "year inferred"}))
    with pytest.raises(TypeError):
        c.inferred["date"] = "x"  # type: ignore[index]


def test_anchor_checks_its_span() -> None:
    with pytest.raises(ValidationError, match="end"):
        Anchor(source="source:a", start=5, end=3, text="ab")
    with pytest.raises(ValidationError, match="start"):
        Anchor(source="source:a", start=-1, end=1, text="ab")
    with pytest.raises(ValidationError, match="span"):
        Anchor(source="source:a", start=0, end=3, text="ab")
    with pytest.raises(ValidationError, match="source"):
        Anchor(source="place:a", start=0, end=2, text="ab")


def test_anchor_find_and_refuse(ds: summitdata.Dataset) -> None:
    source = ds.sources.get("source:004-e880cedfab62665c")
    anchor = Anchor.find(source, "Ashgabat")
    assert source.text[anchor.start : anchor.end] == "Ashgabat"
    second = Anchor.find(source, "Ashgabat", occurrence=1)
    assert second.start > anchor.start
    assert source.text[second.start : second.end] == "Ashgabat"
    with pytest.raises(ValidationError, match="does not occur"):
        Anchor.find(source, "Dushanbe")
    count = source.text.count("Ashgabat")
    with pytest.raises(ValidationError, match=f"{count + 1} times"):
        Anchor.find(source, "Ashgabat", occurrence=count)


def test_quantity_checks() -> None:
    q = Quantity(value=110_000_000_000, unit="USD", currency="USD", text="$110 billion")
    assert q.comparator is Comparator.EQ and q.kind is QuantityKind.ACTUAL
    for bad in (float("nan"), float("inf"), True, "6"):
        with pytest.raises(ValidationError, match="value"):
            Quantity(value=bad, unit="percent", text="6%")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="currency"):
        Quantity(value=1, unit="USD", currency="usd", text="$1")


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2025", "year", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        ("2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2025-10-10", "day", datetime.date(2025, 10, 10), datetime.date(2025, 10, 10)),
    ],
)
def test_partial_date_precision_and_interval(
    text: str, precision: str, first: datetime.date, last: datetime.date
) -> None:
    d = PartialDate.parse(text)
    assert d.precision.value == precision
    assert (d.first_day(), d.last_day()) == (first, last)
    assert str(d) == text


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "2025-00", "25", "2025-1", "2025/10/10", " 2025", "0000"])
def test_partial_date_refuses_bad_dates(text: str) -> None:
    with pytest.raises(ValidationError):
        PartialDate.parse(text)


def test_partial_dates_sort_chronologically() -> None:
    dates = [PartialDate.parse(t) for t in ("2026-04", "2025", "2025-12-12", "2025-10", "2025-12")]
    assert [str(d) for d in sorted(dates)] == ["2025", "2025-10", "2025-12", "2025-12-12", "2026-04"]


def test_period_refuses_reversed_ends() -> None:
    with pytest.raises(ValidationError, match="before"):
        Period(start=PartialDate.parse("2025"), end=PartialDate.parse("2024"))


def test_place_and_person_defaults() -> None:
    place = Place(id="place:x", name="X", kind=PlaceKind.CITY, evidence=EVIDENCE)
    assert place.country is None and place.aliases == () and dict(place.inferred) == {}
    person = Person(id="person:x", name="X", evidence=EVIDENCE)
    assert person.roles == ()

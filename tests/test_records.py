"""The record model: construction checks name the record and the field."""

from __future__ import annotations

import datetime

import attrs
import pytest
from tests.specs import NOTE_KEYS

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
        ({"inferred": {"summit": ""}}, "inferred.summit"),
        ({"inferred": {"date": "the year"}}, "inferred.date"),
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
    c = claim(topics=(Topic.WATER,), inferred={"summit": "year inferred"})
    assert c.topics == (Topic.WATER,)
    assert c.inferred["summit"] == "year inferred"
    assert hash(c) == hash(claim(topics=(Topic.WATER,), inferred={"summit": "year inferred"}))
    with pytest.raises(TypeError):
        c.inferred["summit"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(("key", "good"), NOTE_KEYS)
def test_inference_notes_name_a_field_of_the_record(key: str, good: bool) -> None:
    person = summitdata.load().people.get("person:kassym-jomart-tokayev")
    if good:
        assert dict(attrs.evolve(person, inferred={key: "a reason"}).inferred) == {key: "a reason"}
        return
    with pytest.raises(ValidationError) as exc:
        attrs.evolve(person, inferred={"name": "fine", key: "a reason"})
    assert [(p.record, p.field, p.message) for p in exc.value.problems] == [
        (person.id, f"inferred.{key}", f"{key!r} is not a field of Person")
    ]


def test_every_bad_note_key_is_reported_with_the_bad_reasons() -> None:
    with pytest.raises(ValidationError) as exc:
        claim(inferred={"date": "no such field", "colour": "nor this", "summit": " untidy"})
    assert [(p.field, p.message) for p in exc.value.problems] == [
        ("inferred.summit", "the reason must be non-empty text without surrounding spaces"),
        ("inferred.date", "'date' is not a field of Claim"),
        ("inferred.colour", "'colour' is not a field of Claim"),
    ]


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


# --- the rules that tie fields of one record together (fields.Rule) ---------------------------

# (start, end, fine): the end may not be before the start; a partial date stands for its whole interval.
ENDS = [
    ("2025-10-10", "2025-10-09", False),
    ("2025-10-10", "2025-10-10", True),
    ("2025-10", "2025-10-01", True),  # the end day lies in the start month
    ("2025-10-31", "2025-10", True),  # the end month contains the start day
    ("2025", "2025-01", True),
    ("2025", "2024-12-31", False),
    ("2025-02", "2025-01", False),
    ("2025-02-01", "2025-01", False),
    ("2026", "2025", False),
]


def summit(**changes: object) -> summitdata.Summit:
    fields: dict[str, object] = {
        "id": "summit:x",
        "kind": summitdata.SummitKind.SUMMIT,
        "name": "X",
        "status": summitdata.SummitStatus.HELD,
        "evidence": EVIDENCE,
    }
    fields.update(changes)
    return summitdata.Summit(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", ["Period", "Summit"])
@pytest.mark.parametrize(("start", "end", "fine"), ENDS)
def test_end_is_not_before_start(cls: str, start: str, end: str, fine: bool) -> None:
    def make() -> object:
        dates = {"start": PartialDate.parse(start), "end": PartialDate.parse(end)}
        return Period(**dates) if cls == "Period" else summit(**dates)

    if fine:
        make()
        return
    with pytest.raises(ValidationError) as exc:
        make()
    assert problem(exc) == ("Period" if cls == "Period" else "summit:x", "end")
    assert exc.value.problems[0].message == f"{end} is before start {start}"


@pytest.mark.parametrize("cls", ["Period", "Summit"])
def test_an_open_end_is_fine(cls: str) -> None:
    for dates in ({"start": PartialDate.parse("2025")}, {"end": PartialDate.parse("2025")}, {}):
        made = Period(**dates) if cls == "Period" else summit(**dates)
        assert made.start is dates.get("start")


def test_a_summit_does_not_sit_inside_itself() -> None:
    with pytest.raises(ValidationError, match="cannot sit inside itself") as exc:
        summit(parent="summit:x")
    assert problem(exc) == ("summit:x", "parent")
    assert summit(parent="summit:y").parent == "summit:y"


def test_a_claims_text_is_its_first_anchor() -> None:
    second = Anchor(source="source:a", start=4, end=7, text="def")
    assert claim(evidence=(*EVIDENCE, second)).text == "abc"
    with pytest.raises(ValidationError, match="must be the text of the first evidence anchor") as exc:
        claim(evidence=(second, *EVIDENCE))
    assert problem(exc) == ("claim:x-01", "text")


@pytest.mark.parametrize(
    ("start", "end", "text", "field", "message"),
    [
        (3, 3, "", "end", "must be greater than start (3), not 3"),
        (3, 2, "x", "end", "must be greater than start (3), not 2"),
        (0, 3, "ab", "text", "has 2 characters but the span is 3"),
        (0, 2, "abc", "text", "has 3 characters but the span is 2"),
    ],
)
def test_an_anchor_span_fits_its_text(start: int, end: int, text: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Anchor(source="source:a", start=start, end=end, text=text)
    assert (field, message) in [(p.field, p.message) for p in exc.value.problems]
    assert Anchor(source="source:a", start=0, end=1, text="a").end == 1

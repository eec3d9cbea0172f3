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


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str, str]]:
    return [(p.record, p.field, p.message) for p in exc.value.problems]


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
    with pytest.raises(ValidationError) as exc:
        claim(evidence=(second, *EVIDENCE))
    assert messages(exc) == [("claim:x-01", "text", "must be the text of the first evidence anchor")]


@pytest.mark.parametrize(
    ("start", "end", "text", "field", "message"),
    [
        (3, 3, "", "end", "must be greater than start (3), not 3"),
        (3, 2, "x", "end", "must be greater than start (3), not 2"),
        (0, 3, "ab", "text", "has 2 characters but the span is 3"),
        (0, 2, "abc", "text", "has 3 characters but the span is 2"),
        (2, 5, "ab", "text", "has 2 characters but the span is 3"),
    ],
)
def test_an_anchor_span_fits_its_text(start: int, end: int, text: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Anchor(source="source:a", start=start, end=end, text=text)
    assert (field, message) in [(p.field, p.message) for p in exc.value.problems]
    assert Anchor(source="source:a", start=0, end=1, text="a").end == 1


# --- each rule's message, and the helpers around the records ------------------------------------


def test_an_identifier_of_a_known_scheme_has_its_form() -> None:
    Identifier = summitdata.Identifier  # noqa: N806 - the class, under its own name
    assert Identifier(scheme="iso3166-1-alpha2", identifier="KZ").identifier == "KZ"
    assert Identifier(scheme="iso3166-1-alpha3", identifier="KAZ").identifier == "KAZ"
    assert Identifier(scheme="isni", identifier="0000 0001 2345").scheme == "isni"  # a scheme without a form
    for scheme, identifier, pattern in [
        ("iso3166-1-alpha2", "kz", "[A-Z]{2}"),
        ("iso3166-1-alpha2", "KAZ", "[A-Z]{2}"),
        ("iso3166-1-alpha3", "KZ", "[A-Z]{3}"),
    ]:
        with pytest.raises(ValidationError) as exc:
            Identifier(scheme=scheme, identifier=identifier)
        assert messages(exc) == [
            ("Identifier", "identifier", f"{identifier!r} is not a {scheme} code ({pattern})"),
        ]


def test_anchor_in_text_counts_every_occurrence() -> None:
    in_text = Anchor.in_text
    assert in_text("source:x", "one, two, one", "one") == Anchor(source="source:x", start=0, end=3, text="one")
    assert in_text("source:x", "one, two, one", "one", occurrence=1) == Anchor(
        source="source:x", start=10, end=13, text="one"
    )
    assert in_text("source:x", "aaa", "aa", occurrence=1).start == 1  # occurrences may overlap
    with pytest.raises(ValidationError) as exc:
        in_text("source:x", "one, two, one", "three")
    assert messages(exc) == [("Anchor", "text", "'three' does not occur in source:x")]
    with pytest.raises(ValidationError) as exc:
        in_text("source:x", "one, two, one", "one", occurrence=2)
    assert messages(exc) == [("Anchor", "text", "'one' does not occur 3 times in source:x")]
    for text in ("", 3):
        with pytest.raises(ValidationError) as exc:
            in_text("source:x", "one", text)  # type: ignore[arg-type]
        assert messages(exc) == [("Anchor", "text", "must be non-empty text")]
    for occurrence in (-1, 1.0, True):
        with pytest.raises(ValidationError) as exc:
            in_text("source:x", "one", "one", occurrence=occurrence)  # type: ignore[arg-type]
        assert messages(exc) == [("Anchor", "occurrence", "must be an int >= 0")]
    assert in_text("source:x", "one", "one", occurrence=0).start == 0


def test_ambiguous_aliases_are_aliases() -> None:
    person = Person(id="person:x", name="X", aliases=("A", "B"), ambiguous_aliases=("B",), evidence=EVIDENCE)
    assert person.ambiguous_aliases == ("B",)
    with pytest.raises(ValidationError) as exc:
        Person(id="person:x", name="X", aliases=("A",), ambiguous_aliases=("A", "C", "D"), evidence=EVIDENCE)
    assert messages(exc) == [("person:x", "ambiguous_aliases", "'C' is not one of aliases")]


def test_a_record_is_not_its_own_parent() -> None:
    organization = summitdata.Organization
    assert organization(id="organization:x", name="X", parent="organization:y", evidence=EVIDENCE).parent
    with pytest.raises(ValidationError) as exc:
        organization(id="organization:x", name="X", parent="organization:x", evidence=EVIDENCE)
    assert messages(exc) == [("organization:x", "parent", "an organization cannot sit inside itself")]
    with pytest.raises(ValidationError) as exc:
        summit(parent="summit:x")
    assert messages(exc) == [("summit:x", "parent", "a summit cannot sit inside itself")]


def test_only_a_country_has_iso_codes() -> None:
    codes = (summitdata.Identifier(scheme="iso3166-1-alpha2", identifier="KZ"),)
    assert Place(id="place:x", name="X", kind=PlaceKind.COUNTRY, identifiers=codes, evidence=EVIDENCE).identifiers
    other = (summitdata.Identifier(scheme="wikidata", identifier="Q1"),)
    assert Place(id="place:x", name="X", kind=PlaceKind.CITY, identifiers=other, evidence=EVIDENCE).identifiers
    with pytest.raises(ValidationError) as exc:
        Place(id="place:x", name="X", kind=PlaceKind.CITY, identifiers=other + codes, evidence=EVIDENCE)
    assert messages(exc) == [("place:x", "identifiers", "only a country has ISO 3166-1 codes, not a city")]


def test_a_claim_is_about_other_records() -> None:
    assert claim(about=("summit:s",), initiatives=("initiative:i",)).about == ("summit:s",)
    with pytest.raises(ValidationError) as exc:
        claim(about=("summit:s", "claim:x-01"))
    assert messages(exc) == [("claim:x-01", "about", "a claim is not about itself")]
    with pytest.raises(ValidationError) as exc:
        claim(about=("summit:s", "initiative:j", "initiative:i"), initiatives=("initiative:i", "initiative:j"))
    assert messages(exc) == [("claim:x-01", "about", "'initiative:j' is in initiatives already")]


def test_the_identifiers_field_is_declared_the_same_everywhere() -> None:
    @attrs.frozen(kw_only=True)
    class Holder:
        identifiers: tuple[summitdata.Identifier, ...] = summitdata.records._identifiers()

    [field] = attrs.fields(Holder)
    assert field.default == ()
    assert summitdata.fields.field_spec(Holder, "identifiers") == summitdata.fields.FieldSpec(
        type=summitdata.fields.Many(summitdata.fields.Nested(summitdata.Identifier), unique=True),
        nullable=False,
        doc="Identifiers in schemes outside this data (ISO 3166-1 codes).",
        since="1.1",
    )
    for cls in (Person, summitdata.Organization, Place):
        assert summitdata.fields.field_spec(cls, "identifiers") == summitdata.fields.field_spec(Holder, "identifiers")


def test_kinds_by_name_and_by_record() -> None:
    kind = summitdata.records.Kind
    assert kind.named("claim") == kind("claim", "claims", Claim)
    with pytest.raises(KeyError):
        kind.named("anchor")
    assert kind.of(claim()).plural == "claims"
    assert kind.of(Person).name == "person"
    assert summitdata.records.kind_of(claim()) == "claim"
    for other in (EVIDENCE[0], Anchor):
        with pytest.raises(TypeError, match=r"^expected a summitdata record, not Anchor$"):
            kind.of(other)
    assert [k.name for k in summitdata.records.KINDS] == list(summitdata.records.RECORD_KIND_NAMES)


def test_record_anchors_give_the_evidence_first_then_the_roles() -> None:
    anchors = [Anchor(source="source:a", start=n, end=n + 1, text="x") for n in range(4)]
    role = summitdata.Role(title="President", evidence=(anchors[2], anchors[3]))
    person = Person(id="person:x", name="X", roles=(role,), evidence=(anchors[0], anchors[1]))
    assert list(summitdata.records.record_anchors(person)) == [
        ("evidence[0]", anchors[0]),
        ("evidence[1]", anchors[1]),
        ("roles[0].evidence[0]", anchors[2]),
        ("roles[0].evidence[1]", anchors[3]),
    ]


def test_vocabulary_members_hash_by_identity_in_c() -> None:
    """Enum's own ``__hash__`` runs Python code for every member hashed (sets, shared tuples of topics)."""
    import enum

    from summitdata import records

    enums = [v for v in vars(records).values() if isinstance(v, enum.EnumType)]
    vocabularies = [v for v in enums if v.__module__ == "summitdata.records"]
    assert records.Topic in vocabularies
    assert records.InitiativeStatus in vocabularies
    for vocabulary in vocabularies:
        for member in vocabulary:
            assert hash(member) == object.__hash__(member)
            assert {member, vocabulary(member.value)} == {member}

"""summitdata.present: the model in words (the format reference) and one presenter per kind of record."""

from __future__ import annotations

from typing import Any

import pytest

import summitdata
from summitdata import fields as f
from summitdata.present import (
    ITEM_LABELS,
    Detail,
    Link,
    Presenter,
    When,
    describe,
    document_fields,
    presenter,
    reference,
    reference_classes,
    reference_text,
    text_of,
)
from summitdata.records import KINDS


def _low_below_high(gauge: Any) -> str | None:
    return None if gauge.low <= gauge.high else "high is below low"


@f.model(f.Rule(field="high", doc="`high` is not below `low`.", check=_low_below_high))
class Gauge:
    """A throwaway record class, declared only through the field helpers."""

    id: str = f.id_field("gauge")
    rank: int = f.integer("Rank among the gauges.", minimum=1, maximum=5)
    owner: str | None = f.ref("person", "place", doc="Who owns it.", countries=True, default=None)
    tags: tuple[str, ...] = f.many(f.Text(), "Labels on the dial.", min_items=1, unique=True)
    low: int = f.integer("Lowest reading.")
    high: int = f.integer("Highest reading.")
    evidence: tuple[summitdata.Anchor, ...] = f.evidence(summitdata.Anchor)
    inferred: Any = f.inferred(default=f.NO_NOTES)


# --- the model in words ----------------------------------------------------------------------


def test_a_new_field_appears_in_the_reference_with_its_constraints() -> None:
    text = reference_text([Gauge])
    assert "  rank: integer; 64-bit integer from 1 to 5. Rank among the gauges." in text
    assert "  owner: string, nullable; id of a person or a country. Who owns it." in text
    assert "  tags: array; array of 1 or more distinct non-empty texts without surrounding spaces. Labels" in text
    assert '  id: string; "gauge:" followed by a lower-case slug' in text
    assert "rules:\n  high: `high` is not below `low`." in text
    (doc,) = reference([Gauge])
    assert [row.name for row in doc.fields] == [name for name, _ in f.field_specs(Gauge)]
    assert [row.nullable for row in doc.fields] == [spec.nullable for _, spec in f.field_specs(Gauge)]
    assert doc.fields[6].constraint == ("array of 1 or more ", summitdata.Anchor, " objects")


@pytest.mark.parametrize(
    ("node", "words"),
    [
        (f.Text(), "non-empty text without surrounding spaces"),
        (f.Text(trimmed=False), "text (any characters, kept as they are)"),
        (f.Text(pattern="[A-Z]{3}"), "text matching the pattern [A-Z]{3}"),
        (f.Integer(), "64-bit integer"),
        (f.Integer(minimum=0), "64-bit integer >= 0"),
        (f.Integer(maximum=9), "64-bit integer <= 9"),
        (f.Integer(minimum=-1, maximum=9), "64-bit integer from -1 to 9"),
        (f.Number(), "finite number of magnitude below 10^18"),
        (f.Number(limit=500), "finite number of magnitude below 500"),
        (f.Boolean(), "true or false"),
        (f.Date(), 'partial date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"'),
        (f.Choice(summitdata.SummitStatus), "one of: held, planned, proposed"),
        (f.Id("claim"), '"claim:" followed by a lower-case slug (a-z, 0-9, single hyphens between)'),
        (f.Ref(("person",)), "id of a person"),
        (f.Ref(("organization", "place")), "id of an organization or a place"),
        (f.Ref(("person", "organization", "place"), countries=True), "id of a person, an organization or a country"),
        (f.Nested(summitdata.Role), "Role"),
        (f.Many(f.Ref(("place",), countries=True)), "array of ids of countries"),
        (f.Many(f.Ref(("summit",)), min_items=2), "array of 2 or more ids of summits"),
        (f.Many(f.Choice(summitdata.SummitStatus), unique=True), "array of distinct values, each one of: held, ..."),
        (f.Many(f.Nested(summitdata.Anchor), min_items=1), "array of 1 or more Anchor objects"),
    ],
)
def test_each_constraint_in_words(node: f.Spec, words: str) -> None:
    if words.endswith("..."):
        assert describe(node).startswith(words[:-3])
    else:
        assert describe(node) == words


def test_the_reference_covers_every_class_and_field_of_the_format() -> None:
    classes = reference_classes()
    assert classes[: len(KINDS)] == tuple(kind.cls for kind in KINDS)
    used = {
        node.cls
        for cls in classes
        for _, spec in f.field_specs(cls)
        for node in (spec.type, getattr(spec.type, "item", None))
        if isinstance(node, f.Nested)
    }
    assert used <= set(classes)  # every value class a field holds has its section
    for doc in reference():
        assert [(row.name, row.doc) for row in doc.fields] == [(n, s.doc) for n, s in f.field_specs(doc.cls)]
        assert doc.rules == f.rules_of(doc.cls)
    assert [row.name for row in document_fields()] == ["schema_version", "data_version", *(k.plural for k in KINDS)]


# --- presenters ------------------------------------------------------------------------------


def test_every_kind_has_its_presenter() -> None:
    presenters = [presenter(kind) for kind in KINDS]
    assert all(type(p) is not Presenter for p in presenters)
    assert len({id(p) for p in presenters}) == len(KINDS)


def test_rows_fit_the_columns_and_name_the_record(ds: summitdata.Dataset) -> None:
    for record in ds.records():
        view = presenter(record)
        row = view.row(ds, record)
        assert len(row) == len(view.columns), record.id
        assert Link(record.id, record.id) in [piece for cell in row for piece in cell], record.id
        assert view.title(ds, record)


def _shown_fields(details: tuple[Detail, ...]) -> set[str]:
    return {d.field.split("[")[0] for d in details if d.field is not None}


def test_details_show_every_field_that_has_a_value(ds: summitdata.Dataset) -> None:
    for record in ds.records():
        details = presenter(record).details(ds, record)
        expected = {
            name
            for name, _ in f.field_specs(type(record))
            if name not in ("id", "evidence", "inferred", "direct") and getattr(record, name) not in (None, ())
        }
        assert _shown_fields(details) == expected, record.id


def test_the_generic_presenter_shows_a_throwaway_record(ds: summitdata.Dataset) -> None:
    anchor = summitdata.Anchor(source="source:x", start=0, end=1, text="x")
    gauge = Gauge(id="gauge:a", rank=2, owner="place:kazakhstan", tags=("big",), low=1, high=3, evidence=(anchor,))
    details = Presenter().details(ds, gauge)
    assert [(d.label, text_of(ds, d.pieces, ids=True)) for d in details] == [
        ("rank", "2"),
        ("owner", "Kazakhstan (place:kazakhstan)"),
        ("tags", "big"),
        ("low", "1"),
        ("high", "3"),
    ]


def test_claim_words_are_a_quotation_only_when_direct(ds: summitdata.Dataset) -> None:
    for claim in ds.claims:
        (words,) = [d for d in presenter(claim).details(ds, claim) if d.quote]
        assert words.label == ("quotation" if claim.direct else "text")
        assert text_of(ds, words.pieces) == (f"“{claim.text}”" if claim.direct else claim.text)


def test_dates_carry_their_inference(ds: summitdata.Dataset) -> None:
    summit = ds.summits.get("summit:2025-10-10-cis-heads-of-state-council")
    (start,) = [d for d in presenter(summit).details(ds, summit) if d.field == "start"]
    assert start.pieces == (When(summit.start, inferred=True),)
    assert text_of(ds, start.pieces) == "2025-10-10*"
    person = ds.people.get("person:kassym-jomart-tokayev")
    roles = [d for d in presenter(person).details(ds, person) if d.field and d.field.startswith("roles[")]
    assert [d.label for d in roles] == [ITEM_LABELS["roles"]] * len(person.roles)


def test_the_command_line_shows_the_presenters_lines(ds: summitdata.Dataset) -> None:
    from summitdata.cli.query import _records_table, _view

    for record in (ds.summits[0], ds.claims[0], ds.people[0], ds.initiatives[0], ds.sources[0]):
        lines = _view(ds, record).splitlines()
        labels = [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
        for detail in presenter(record).details(ds, record):
            assert detail.label in labels, (record.id, detail.label)
    table = _records_table(ds, "place", ds.places.filter(kind="sea"))
    assert table.splitlines()[0].split() == [c.upper() for c in presenter("place").columns]

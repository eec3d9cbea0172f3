"""Format 1.1: the fields it adds, their rules, the data that fills them, and the reading of 1.0 documents."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pycountry
import pytest
from tests.growth import work
from tests.specs import document, loads_problems

import summitdata
from summitdata import Identifier, Measure, PartialDate, QueryError, ValidationError, fields, present
from summitdata._checks import check_records
from summitdata.records import KINDS, PlaceKind, Role

ROOT = Path(__file__).resolve().parents[1]
#: The export of data version 2025.12.1, format 1.0, as published: it must always load.
OLD_EXPORT = ROOT / "tests" / "data" / "summitdata-2025.12.1.json"


@pytest.fixture(scope="module")
def old() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OLD_EXPORT.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def ds() -> summitdata.Dataset:
    return summitdata.load()


def _json(value: Any) -> Any:
    return [] if value == () else value


def upgraded(item: Any, cls: type[Any]) -> Any:
    """What the 1.1 reading of a 1.0 record must be: every field added since at its default, nested too."""
    out = dict(item)
    for name, spec in fields.field_specs(cls):
        if spec.since != "1.0":
            out[name] = _json(attrs.fields_dict(cls)[name].default)
        elif isinstance(spec.type, fields.Many) and isinstance(spec.type.item, fields.Nested):
            out[name] = [upgraded(x, spec.type.item.cls) for x in item[name]]
        elif isinstance(spec.type, fields.Nested) and item[name] is not None:
            out[name] = upgraded(item[name], spec.type.cls)
    return {name: out[name] for name, _ in fields.field_specs(cls)}


# --- version policy: 1.0 documents read as 1.1 -----------------------------------------------------


def test_the_published_1_0_export_loads(old: dict[str, Any]) -> None:
    assert old["schema_version"] == "1.0" and old["data_version"] == "2025.12.1"
    loaded = summitdata.load_file(OLD_EXPORT)
    assert loaded.data_version == "2025.12.1"
    assert loaded.verify() == ()
    for kind in KINDS:
        assert len(getattr(loaded, kind.plural)) == len(old[kind.plural])


def test_a_1_0_record_reads_with_every_added_field_at_its_default(old: dict[str, Any]) -> None:
    """The mapping rule: a 1.0 record is the 1.1 record whose added fields (nested ones too) take their defaults."""
    loaded = summitdata.load_file(OLD_EXPORT)
    for kind in KINDS:
        for item in old[kind.plural]:
            record = getattr(loaded, kind.plural).get(item["id"])
            assert summitdata.to_dict(record) == upgraded(item, kind.cls), item["id"]
    claim = loaded.claims.get("claim:2025-10-10-cis-council-07")
    assert claim.about == () and claim.quantities[0].measure is None


def test_a_1_0_document_in_json_lines_loads(old: dict[str, Any]) -> None:
    lines = [json.dumps({"type": "dataset", "schema_version": "1.0", "data_version": old["data_version"]})]
    for kind in KINDS:
        lines.extend(json.dumps({"type": kind.name, **item}, ensure_ascii=False) for item in old[kind.plural])
    loaded = summitdata.loads("\n".join(lines) + "\n", format="jsonl")
    assert loaded == summitdata.load_file(OLD_EXPORT)


def test_reading_a_1_0_document_leaves_it_unchanged(old: dict[str, Any]) -> None:
    mine = copy.deepcopy(old)
    summitdata.serialize.dataset_from_data(mine)
    assert mine == old


def test_a_1_0_document_that_gives_a_1_1_field_is_refused(old: dict[str, Any]) -> None:
    doc = copy.deepcopy(old)
    doc["claims"][0]["about"] = []
    doc["claims"][6]["quantities"][0]["measure"] = "trade-turnover"
    with pytest.raises(ValidationError) as exc:
        summitdata.loads(json.dumps(doc, ensure_ascii=False))
    found = {(p.record, p.field): p.message for p in exc.value.problems}
    assert found == {
        (doc["claims"][0]["id"], "about"): "is new in format 1.1; this document is 1.0",
        (doc["claims"][6]["id"], "quantities[0].measure"): "is new in format 1.1; this document is 1.0",
    }


def test_a_1_1_document_must_give_every_field(old: dict[str, Any]) -> None:
    doc = copy.deepcopy(old)
    doc["schema_version"] = "1.1"
    problems = loads_problems(doc)
    assert ("claim:2025-10-10-cis-council-01", "about") in problems


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.2", "version '1.2' is newer than this library's 1.1: upgrade summitdata to read it"),
        ("2.0", "version '2.0' is not supported: this library reads 1.x"),
        ("0.9", "version '0.9' is not supported: this library reads 1.x"),
        ("1.01", "must be a string MAJOR.MINOR such as '1.0'"),
        ("1." + "9" * 5000, "must be a string MAJOR.MINOR such as '1.0'"),
    ],
)
def test_other_versions_are_refused_in_one_line(version: str, message: str) -> None:
    text = json.dumps({**document(), "schema_version": version})
    with pytest.raises(summitdata.DataError) as exc:
        summitdata.loads(text)
    assert str(exc.value) == f"document: schema_version: {message}"


def test_the_versions_of_the_format() -> None:
    assert list(fields.FORMAT_VERSIONS) == ["1.0", "1.1"]
    assert list(fields.FORMAT_VERSIONS)[-1] == summitdata.SCHEMA_VERSION
    changelog = present.format_changelog()
    assert [version for version, _, _ in changelog] == ["1.0", "1.1"]
    assert set(changelog[1][2]) == {
        "Claim.about",
        "Quantity.measure",
        "Organization.parent",
        "Person.identifiers",
        "Organization.identifiers",
        "Place.identifiers",
        "Person.ambiguous_aliases",
    }


def test_a_field_added_after_1_0_needs_a_default_and_a_known_version() -> None:
    with pytest.raises(ValueError, match="needs a default"):
        fields.text("A new field.", since="1.1")
    with pytest.raises(ValueError, match="since must be one of"):
        fields.text("A new field.", default=None, since="1.7")


# --- Claim.about ---------------------------------------------------------------------------------


def test_claims_say_what_they_are_about(ds: summitdata.Dataset) -> None:
    announcement = ds.claims.get("claim:2025-12-12-ashgabat-forum-34")
    assert "Regional Environmental Summit" in announcement.text
    assert announcement.about == ("summit:2026-04-regional-environmental-summit",)
    congratulation = ds.claims.get("claim:2025-10-10-cis-council-20")
    assert "CIS chairmanship" in congratulation.text
    assert congratulation.about == ("summit:2026-cis-chairmanship-turkmenistan",)
    assert ds.claims.filter(about="summit:2026-cis-chairmanship-turkmenistan").ids() == (congratulation.id,)


def test_about_names_neither_the_claim_nor_its_initiatives(ds: summitdata.Dataset) -> None:
    claim = ds.claims.get("claim:2025-12-12-ashgabat-forum-35")
    with pytest.raises(ValidationError, match="about: 'initiative:un-body-on-water-issues' is in initiatives already"):
        claim.__class__(**{**_fields(claim), "about": (*claim.about, "initiative:un-body-on-water-issues")})
    with pytest.raises(ValidationError, match="about: a claim is not about itself"):
        claim.__class__(**{**_fields(claim), "about": (claim.id,)})


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name, _ in fields.field_specs(type(record))}


# --- events that are not meetings ------------------------------------------------------------------


def test_what_is_planned_for_2026_finds_the_cis_chairmanship(ds: summitdata.Dataset) -> None:
    planned = ds.summits.filter(status="planned", during="2026")
    assert "summit:2026-cis-chairmanship-turkmenistan" in planned.ids()
    chair = ds.summits.get("summit:2026-cis-chairmanship-turkmenistan")
    assert chair.kind is summitdata.SummitKind.CHAIRMANSHIP
    assert (chair.host, chair.participants) == ("place:turkmenistan", ("organization:cis",))
    assert next(m.record.id for m in ds.timeline(since="2026")) == chair.id
    anniversaries = ds.summits.filter(kind="anniversary").ids()
    assert anniversaries == (
        "summit:2025-80th-anniversary-victory-world-war-ii",
        "summit:2025-12-12-turkmenistan-neutrality-30th-anniversary",
    )


def test_the_new_events_are_anchored_and_their_guesses_explained(ds: summitdata.Dataset) -> None:
    for summit in ds.summits.filter(kind=["chairmanship", "anniversary"]):
        source = ds.sources.get(summit.evidence[0].source)
        assert all(source.text[a.start : a.end] == a.text for a in summit.evidence)
        # a date the article does not print is an inference, with its reason
        assert {"end", "status"} <= set(summit.inferred), summit.id


# --- Quantity.measure ------------------------------------------------------------------------------


def test_every_packaged_quantity_says_what_it_measures(ds: summitdata.Dataset) -> None:
    measures = [(c.id, q.measure) for c in ds.claims for q in c.quantities]
    assert measures and all(measure is not None for _, measure in measures), measures
    assert ("claim:2025-10-10-cis-council-07", Measure.TRADE_TURNOVER) in measures
    assert ds.claims.filter(measure="gdp").ids() == ("claim:2025-12-12-ashgabat-forum-26",)


# --- Organization.parent ----------------------------------------------------------------------------


def test_the_fund_sits_within_the_cis(ds: summitdata.Dataset) -> None:
    fund = ds.organizations.get("organization:cis-interstate-fund-for-humanitarian-cooperation")
    assert fund.parent == "organization:cis" and "parent" in fund.inferred
    assert "organization:cis-interstate-fund-for-humanitarian-cooperation" in ds.organizations.filter(
        parent="organization:cis"
    )


def test_an_organization_is_not_its_own_parent(ds: summitdata.Dataset) -> None:
    cis = ds.organizations.get("organization:cis")
    with pytest.raises(ValidationError, match="organization:cis: parent: an organization cannot sit inside itself"):
        cis.__class__(**{**_fields(cis), "parent": cis.id})


def test_organizations_in_a_cycle_are_refused() -> None:
    doc = document()
    orgs = {o["id"]: o for o in doc["organizations"]}
    orgs["organization:cis"]["parent"] = "organization:cis-interstate-fund-for-humanitarian-cooperation"
    problems = loads_problems(doc)
    assert {r for r, field in problems if field == "parent"} == {
        "organization:cis",
        "organization:cis-interstate-fund-for-humanitarian-cooperation",
    }
    orgs["organization:cis"]["parent"] = "place:kazakhstan"
    assert ("organization:cis", "parent") in loads_problems(doc)


# --- identifiers ------------------------------------------------------------------------------------


def _codes(place: summitdata.Place) -> dict[str, str]:
    return {i.scheme: i.identifier for i in place.identifiers}


def test_every_country_carries_its_iso_3166_codes(ds: summitdata.Dataset) -> None:
    countries = ds.places.filter(kind="country")
    assert len(countries) == 8
    for place in countries:
        codes = _codes(place)
        assert set(codes) == {"iso3166-1-alpha2", "iso3166-1-alpha3"}, place.id
        country = pycountry.countries.get(alpha_2=codes["iso3166-1-alpha2"])
        assert country is not None, place.id
        assert country.alpha_3 == codes["iso3166-1-alpha3"], place.id
        names = [getattr(country, key, "") for key in ("name", "official_name", "common_name")]
        assert any(place.name.casefold() in name.casefold() for name in names), (place.id, names)
        # general knowledge, not the article: marked inferred with the reason
        # (one note per code: a note names one value, not a whole list)
        notes = [place.inferred.get(f"identifiers[{i}].identifier", "") for i in range(len(place.identifiers))]
        for note, identifier in zip(notes, place.identifiers, strict=True):
            assert identifier.identifier in note, (place.id, identifier)
    assert all(not p.identifiers for p in ds.places if p.kind is not PlaceKind.COUNTRY)


def test_every_currency_is_iso_4217(ds: summitdata.Dataset) -> None:
    currencies = {q.currency for c in ds.claims for q in c.quantities if q.currency is not None}
    assert currencies
    for code in currencies:
        assert pycountry.currencies.get(alpha_3=code) is not None, code


def test_identifiers_of_known_schemes_have_their_form() -> None:
    assert Identifier(scheme="iso3166-1-alpha3", identifier="KAZ").identifier == "KAZ"
    with pytest.raises(ValidationError, match=re.escape("'kz' is not a iso3166-1-alpha2 code")):
        Identifier(scheme="iso3166-1-alpha2", identifier="kz")
    with pytest.raises(ValidationError, match="scheme"):
        Identifier(scheme="ISO 3166", identifier="KZ")
    city = summitdata.load().places.get("place:almaty")
    with pytest.raises(ValidationError, match="only a country has ISO 3166-1 codes, not a city"):
        city.__class__(**{**_fields(city), "identifiers": (Identifier(scheme="iso3166-1-alpha2", identifier="KZ"),)})


# --- ambiguous aliases -------------------------------------------------------------------------------


def test_a_shared_family_name_is_marked_ambiguous(ds: summitdata.Dataset) -> None:
    serdar = ds.people.get("person:serdar-berdimuhamedov")
    assert serdar.ambiguous_aliases == ("Berdimuhamedov",)
    assert {p.id for p in ds.lookup("Berdimuhamedov")} == {
        "person:gurbanguly-berdimuhamedov",
        "person:serdar-berdimuhamedov",
    }
    # were the article to call Gurbanguly "Berdimuhamedov" too, his alias would need the mark as well
    gurbanguly = ds.people.get("person:gurbanguly-berdimuhamedov")
    both = gurbanguly.__class__(**{**_fields(gurbanguly), "aliases": ("berdimuhamedov",)})
    records = [both if r.id == gurbanguly.id else r for r in ds.records()]
    problems = [(p.record, p.field, p.message) for p in check_records(records)]
    assert problems == [
        (gurbanguly.id, "aliases[0]", f"'berdimuhamedov' is shared with {serdar.id!r}: list it in ambiguous_aliases")
    ]
    marked = both.__class__(**{**_fields(both), "ambiguous_aliases": ("berdimuhamedov",)})
    assert check_records([marked if r.id == gurbanguly.id else r for r in ds.records()]) == []


def test_a_1_0_document_marks_the_aliases_its_people_share(old: dict[str, Any]) -> None:
    doc = copy.deepcopy(old)
    people = {p["id"]: p for p in doc["people"]}
    people["person:gurbanguly-berdimuhamedov"]["aliases"] = ["Berdimuhamedov"]
    loaded = summitdata.loads(json.dumps(doc, ensure_ascii=False))
    for person_id in ("person:gurbanguly-berdimuhamedov", "person:serdar-berdimuhamedov"):
        assert loaded.people.get(person_id).ambiguous_aliases == ("Berdimuhamedov",)
    assert loaded.people.get("person:kassym-jomart-tokayev").ambiguous_aliases == ()
    again = json.loads(summitdata.dumps(loaded))  # the same records as a 1.1 document, which must mark them itself
    for item in again["people"]:
        item["ambiguous_aliases"] = []
    assert {(r, f) for r, f in loads_problems(again) if f.startswith("aliases")} == {
        ("person:gurbanguly-berdimuhamedov", "aliases[0]"),
        ("person:serdar-berdimuhamedov", "aliases[0]"),
    }


def test_an_alias_two_people_share_is_marked_on_both(ds: summitdata.Dataset) -> None:
    tokayev = ds.people.get("person:kassym-jomart-tokayev")
    gurbanguly = ds.people.get("person:gurbanguly-berdimuhamedov")
    with_alias = gurbanguly.__class__(**{**_fields(gurbanguly), "aliases": ("Tokayev",)})
    records = [with_alias if r.id == gurbanguly.id else r for r in ds.records()]
    flagged = {(p.record, p.field) for p in check_records(records)}
    assert flagged == {(tokayev.id, "aliases[0]"), (gurbanguly.id, "aliases[0]")}


def test_an_ambiguous_alias_is_one_of_the_aliases(ds: summitdata.Dataset) -> None:
    tokayev = ds.people.get("person:kassym-jomart-tokayev")
    with pytest.raises(ValidationError, match="ambiguous_aliases: 'Toqaev' is not one of aliases"):
        tokayev.__class__(**{**_fields(tokayev), "ambiguous_aliases": ("Toqaev",)})


def test_the_shared_alias_check_is_linear() -> None:
    """Half the people share one alias (all marked): a check that compared pairs would be quadratic."""
    base = summitdata.load().people.get("person:kassym-jomart-tokayev")

    def people(n: int) -> list[Any]:
        return [
            base.__class__(
                **{
                    **_fields(base),
                    "id": f"person:p{i:05}",
                    "aliases": (f"A{i:05}", "Same") if i % 2 else (f"A{i:05}",),
                    "ambiguous_aliases": ("Same",) if i % 2 else (),
                }
            )
            for i in range(n)
        ]

    def check(by_id: dict[str, Any]) -> None:
        assert list(summitdata._checks._check_shared_aliases(by_id.values())) == []

    # Counted, not timed (benchmarks/growth.py times it; the names are of one length, so that each
    # costs the same): ten times the people, at most ten times the steps; comparing pairs would
    # take about 100 times as many.
    small, large = ({r.id: r for r in people(n)} for n in (500, 5_000))
    check(small)  # warm-up
    steps = work(lambda: check(small)), work(lambda: check(large))
    assert steps[1] <= 10.1 * steps[0], steps


# --- role_of --------------------------------------------------------------------------------------


def test_role_of_is_the_role_last_attested_by_the_date(ds: summitdata.Dataset) -> None:
    tokayev = "person:kassym-jomart-tokayev"
    (only,) = ds.roles_of(tokayev)  # one role per title: both articles attest the same presidency
    assert ds.role_of(tokayev, "2025-10-09") is None  # before the first attestation
    assert ds.role_of(tokayev, "2025-10-10") == only
    assert ds.role_of(tokayev, "Nov 2025") == only
    assert ds.role_of(tokayev, "2025-12-11") == only
    assert ds.role_of(tokayev, PartialDate.parse("2030")) == only  # the articles cannot say when a title ends
    assert ds.role_of(tokayev, "2025") == only  # the year covers its attestation
    assert ds.role_of("person:serdar-berdimuhamedov", "2025-12-12").of == "place:turkmenistan"


def test_role_of_with_partial_dates() -> None:
    def role(as_of: str | None, title: str) -> Role:
        anchor = summitdata.load().people[0].evidence[0]
        return Role(title=title, as_of=None if as_of is None else PartialDate.parse(as_of), evidence=(anchor,))

    base = summitdata.load().people.get("person:kassym-jomart-tokayev")
    person = base.__class__(
        **{
            **_fields(base),
            "id": "person:someone",
            "aliases": (),
            "roles": (role("2025-12", "Month"), role("2025-12-05", "Day"), role(None, "Undated")),
        }
    )
    ds = summitdata.load().merge([person])
    assert ds.role_of(person, "2025-12-05").title == "Day"  # "2025-12" may be later than the 5th
    assert ds.role_of(person, "2025-12").title == "Month"  # both by the end of December: the month ends later
    assert ds.role_of(person, "2025-11") is None  # an undated role never counts
    with pytest.raises(QueryError, match="role_of: expected a person, not 'place:kazakhstan'"):
        ds.role_of("place:kazakhstan", "2025")
    with pytest.raises(QueryError, match="role_of: cannot read 'soon' as a date"):
        ds.role_of(person, "soon")


# --- the specification inside the project -------------------------------------------------------------

_OUTSIDE = ("SPEC.md", "../shared")


def _help_texts() -> list[str]:
    commands = [[], *([name] for name in ("export", "validate", "schema", "list", "show", "search", "lookup"))]
    commands += [["timeline"], ["stats"]]
    texts = []
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "summitdata", *command, "--help"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (command, done.stderr)
        texts.append(done.stdout)
    return texts


def test_no_user_facing_text_points_outside_the_repository() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "docs").rglob("*.py"))]
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for word in _OUTSIDE:
            assert word not in text, f"{page.relative_to(ROOT)} mentions {word}"
    for text in _help_texts():
        for word in _OUTSIDE:
            assert word not in text, text[:200]
    for word in _OUTSIDE:
        assert word not in present.reference_text()


def test_the_format_reference_lists_every_reference_and_version() -> None:
    refs = {f"{r.cls.__name__}.{r.field}": r.kinds for r in present.references()}
    assert refs["Claim.about"] == tuple(kind.name for kind in KINDS)
    assert refs["Organization.parent"] == ("organization",)
    every_ref = {
        f"{cls.__name__}.{name}"
        for cls in present.reference_classes()
        for name, spec in fields.field_specs(cls)
        if isinstance(spec.type.item if isinstance(spec.type, fields.Many) else spec.type, fields.Ref)
    }
    assert set(refs) == every_ref
    assert "about: array; " in present.reference_text([summitdata.Claim])
    assert "(since 1.1)" in present.reference_text([summitdata.Claim])
    sample = present.sample_record(summitdata.load())
    assert summitdata.from_dict(sample, summitdata.Claim) in summitdata.load().claims

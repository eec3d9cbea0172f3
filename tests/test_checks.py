"""Checks across records (summitdata._checks): references, countries, cycles, anchors, ids, inference notes.

The reference cases are generated from the field specs: every reference slot of every
record kind gets a missing target, a target of the wrong kind and, where only countries
may stand, a city; each must be refused by :func:`summitdata.loads` and by building a
:class:`~summitdata.Dataset`, with the record and the field named.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from tests.growth import calls
from tests.specs import build, document, holder, ids_of, loads_problems, record_slots, show, slot_id

import summitdata
from summitdata import Anchor, Person, Place, PlaceKind, Source, Summit, SummitKind, SummitStatus, _checks, fields
from summitdata._checks import _by_type, _check_parent_cycles, _links_fit, check_records, shared_aliases
from summitdata.records import KINDS
from summitdata.testing import synthetic_dataset

REF_SLOTS = [case for case in record_slots() if isinstance(case[2], fields.Ref)]
COUNTRY_SLOTS = [case for case in REF_SLOTS if case[2].countries]
#: The references that some kind of record cannot fill (Claim.about takes every kind).
NARROW_SLOTS = [case for case in REF_SLOTS if any(k.name not in case[2].kinds for k in KINDS)]


def test_the_specs_have_references_and_countries_only_references() -> None:
    names = {slot_id(case) for case in COUNTRY_SLOTS}
    assert {"summit.host", "summit.participants[0]", "claim.speakers[0]", "person.roles[0].of"} <= names
    assert "summit.place" in {slot_id(case) for case in REF_SLOTS} - names


def _problems_by_dataset(doc: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(summitdata.ValidationError) as exc:
        build(doc)
    return {(p.record, p.field) for p in exc.value.problems}


CHECKERS = {"loads": loads_problems, "Dataset": _problems_by_dataset}


@pytest.mark.parametrize("how", list(CHECKERS))
@pytest.mark.parametrize("case", REF_SLOTS, ids=slot_id)
def test_a_reference_to_nothing_is_refused(case: tuple[Any, Any, fields.Ref, bool], how: str) -> None:
    kind, path, node, _ = case
    doc = document()
    record, parent, key = holder(doc, kind, path)
    parent[key] = f"{node.kinds[-1]}:nothing-here"
    assert (record["id"], show(path)) in CHECKERS[how](doc)


@pytest.mark.parametrize("case", NARROW_SLOTS, ids=slot_id)
def test_a_reference_to_a_record_of_the_wrong_kind_is_refused(case: tuple[Any, Any, fields.Ref, bool]) -> None:
    """The id names a kind the field takes, but the record with that id is of another kind (and broken)."""
    kind, path, node, _ = case
    doc = document()
    record, parent, key = holder(doc, kind, path)
    ghost = f"{node.kinds[0]}:ghost"
    parent[key] = ghost
    other = next(k for k in KINDS if k.name not in node.kinds)
    doc[other.plural].append({"id": ghost})  # unbuilt: a wrong id and missing fields
    found = loads_problems(doc)
    assert (record["id"], show(path)) in found
    assert any(r == ghost for r, _ in found)


@pytest.mark.parametrize("how", list(CHECKERS))
@pytest.mark.parametrize("case", COUNTRY_SLOTS, ids=slot_id)
def test_a_city_where_a_country_is_required_is_refused(case: tuple[Any, Any, fields.Ref, bool], how: str) -> None:
    kind, path, _, _ = case
    doc = document()
    record, parent, key = holder(doc, kind, path)
    [city, *_] = ids_of(doc, "place", kind="city")
    parent[key] = city
    assert (record["id"], show(path)) in CHECKERS[how](doc)
    [country, *_] = ids_of(doc, "place", kind="country")
    parent[key] = country
    if isinstance(path[-1], int):
        del parent[key + 1 :]  # the country may be listed already
        if parent.count(country) > 1:
            return
    assert build(doc).get(record["id"]) is not None  # a country is fine


@pytest.mark.parametrize("case", [c for c in REF_SLOTS if "place" in c[2].kinds and not c[2].countries], ids=slot_id)
def test_a_city_is_fine_where_any_place_is(case: tuple[Any, Any, fields.Ref, bool]) -> None:
    kind, path, _, _ = case
    doc = document()
    record, parent, key = holder(doc, kind, path)
    [city, *_] = ids_of(doc, "place", kind="city")
    parent[key] = city
    assert build(doc).get(record["id"]) is not None


def test_a_reference_to_a_broken_record_of_the_right_kind_is_not_reported_again() -> None:
    doc = document()
    tokayev = next(p for p in doc["people"] if p["id"] == "person:kassym-jomart-tokayev")
    tokayev["name"] = ""
    assert loads_problems(doc) == {("person:kassym-jomart-tokayev", "name")}


# --- a claim's summit is its speech's --------------------------------------------------------


def _claim_with_speech(doc: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in doc["claims"] if c["speech"] is not None)


@pytest.mark.parametrize("how", list(CHECKERS))
def test_a_claim_is_made_at_the_summit_of_its_speech(how: str) -> None:
    doc = document()
    claim = _claim_with_speech(doc)
    speech = next(s for s in doc["speeches"] if s["id"] == claim["speech"])
    other = next(s["id"] for s in doc["summits"] if s["id"] != speech["summit"])
    claim["summit"] = other
    assert CHECKERS[how](doc) == {(claim["id"], "summit")}
    claim["summit"] = None
    assert CHECKERS[how](doc) == {(claim["id"], "summit")}


def test_a_claim_is_made_at_the_summit_of_its_speech_beside_other_problems() -> None:
    """With a broken reference elsewhere every record is walked: the summit rule is checked there too."""
    doc = document()
    claim = _claim_with_speech(doc)
    claim["summit"] = next(s["id"] for s in doc["summits"] if s["id"] != claim["summit"])
    place = next(p for p in doc["places"] if p["country"] is not None)
    place["country"] = "place:nowhere"
    assert loads_problems(doc) == {(claim["id"], "summit"), (place["id"], "country")}


def test_a_record_that_cannot_be_built_still_has_its_anchors_and_summit_checked() -> None:
    """The fields of a broken record that could be built are checked across records too."""
    doc = document()
    place, anchor, _ = _anchored(doc)
    place["name"] = ""
    anchor["text"] = "#" * len(anchor["text"])
    claim = _claim_with_speech(doc)
    claim["direct"] = 1
    claim["summit"] = next(s["id"] for s in doc["summits"] if s["id"] != claim["summit"])
    assert loads_problems(doc) == {
        (place["id"], "name"),
        (place["id"], "evidence[0].text"),
        (claim["id"], "direct"),
        (claim["id"], "summit"),
    }


def test_a_claim_without_a_speech_may_be_at_any_summit() -> None:
    doc = document()
    claim = _claim_with_speech(doc)
    claim["speech"] = None
    claim["summit"] = next(s["id"] for s in doc["summits"] if s["id"] != claim["summit"])
    assert build(doc).claims.get(claim["id"]).speech is None


def test_the_summit_check_names_both_summits() -> None:
    doc = document()
    claim = _claim_with_speech(doc)
    speech = next(s for s in doc["speeches"] if s["id"] == claim["speech"])
    claim["summit"] = other = next(s["id"] for s in doc["summits"] if s["id"] != speech["summit"])
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(summitdata.dumps(build(doc, check=False)))
    [problem] = exc.value.problems
    assert problem.message == f"is {other!r} but its speech was given at {speech['summit']!r}"


# --- summit cycles -----------------------------------------------------------------------------

SOURCE = Source(
    id="source:s", file="s.txt", text="abc", evidence=(Anchor(source="source:s", start=0, end=1, text="a"),)
)


def summit(n: int, parent: int | None = None) -> Summit:
    return Summit(
        id=f"summit:s{n}",
        kind=SummitKind.MEETING,
        name=f"Meeting {n}",
        status=SummitStatus.HELD,
        parent=None if parent is None else f"summit:s{parent}",
        evidence=(Anchor(source="source:s", start=1, end=2, text="b"),),
    )


def cycle_problems(summits: list[Summit]) -> list[str]:
    problems = check_records([SOURCE, *summits])
    return sorted(p.record for p in problems if p.message == "summits sit inside each other in a cycle")


@pytest.mark.parametrize("length", [2, 3, 7, 3000])
def test_summits_in_a_cycle_are_each_reported(length: int) -> None:
    chain = [summit(i, (i + 1) % length) for i in range(length)]
    tail = [summit(length + i, length + i + 1) for i in range(3)] + [summit(length + 3, 0)]  # leads into the cycle
    assert cycle_problems(chain + tail) == sorted(s.id for s in chain)
    assert cycle_problems(list(reversed(chain + tail))) == sorted(s.id for s in chain)


def test_a_long_chain_without_a_cycle_is_fine() -> None:
    chain = [summit(i, i + 1) for i in range(5000)] + [summit(5000)]
    assert cycle_problems(chain) == []
    assert cycle_problems([summit(0, 1), summit(1, 2), summit(2, 1), summit(3, 0)]) == ["summit:s1", "summit:s2"]
    assert check_records([SOURCE, summit(0, 1), summit(1, 2), summit(2)]) == []
    # a missing parent is a reference problem, not a cycle
    assert [(p.field, p.message) for p in check_records([SOURCE, summit(0, 99)])] == [
        ("parent", "refers to 'summit:s99', which does not exist")
    ]


def test_a_cycle_is_refused_by_the_dataset() -> None:
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.Dataset(data_version="t", sources=[SOURCE], summits=[summit(0, 1), summit(1, 0)])
    assert {(p.record, p.field) for p in exc.value.problems} == {("summit:s0", "parent"), ("summit:s1", "parent")}
    doc = document()
    first, second = doc["summits"][:2]
    first["parent"], second["parent"] = second["id"], first["id"]
    assert loads_problems(doc) == {(first["id"], "parent"), (second["id"], "parent")}


def test_the_cycle_check_is_linear() -> None:
    def ring(n: int) -> dict[str, Summit]:
        return {s.id: s for s in [summit(i, i + 1) for i in range(n)] + [summit(n, 0)]}

    small, large = ring(4000), ring(40000)
    assert len(list(_check_parent_cycles(large))) == 40001
    # Counted, not timed: 10x the records, 10x the calls (quadratic would be 100x).
    assert calls(lambda: list(_check_parent_cycles(large))) <= 10.1 * calls(lambda: list(_check_parent_cycles(small)))


# --- anchors against their articles ---------------------------------------------------------------


def _anchored(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    place = next(p for p in doc["places"] if p["evidence"])
    anchor = place["evidence"][0]
    source = next(s for s in doc["sources"] if s["id"] == anchor["source"])
    return place, anchor, source


def test_an_anchor_past_the_end_of_its_article_is_refused() -> None:
    doc = document()
    place, anchor, source = _anchored(doc)
    length = len(source["text"])
    anchor.update(start=length - 1, end=length + 1, text="xy")
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(summitdata.dumps(build(doc, check=False)))
    [problem] = exc.value.problems
    assert (problem.record, problem.field) == (place["id"], "evidence[0].end")
    assert problem.message == f"{length + 1} is past the end of {source['id']} ({length} characters)"
    anchor.update(start=length - 2, end=length, text=source["text"][-2:])  # up to the last character is fine
    assert build(doc).get(place["id"]).evidence[0].end == length


def test_an_anchor_whose_text_differs_from_its_article_is_refused() -> None:
    doc = document()
    place, anchor, _ = _anchored(doc)
    anchor["text"] = anchor["text"][:-1] + ("#" if anchor["text"][-1] != "#" else "*")
    assert loads_problems(doc) == {(place["id"], "evidence[0].text")}
    assert _problems_by_dataset(doc) == {(place["id"], "evidence[0].text")}


def test_anchors_into_a_broken_source_are_not_checked_again() -> None:
    doc = document()
    source = doc["sources"][0]
    source["file"] = ""  # the source cannot be built; anchors into it cannot be checked
    assert loads_problems(doc) == {(source["id"], "file")}


def test_an_anchor_into_a_missing_source_is_refused() -> None:
    doc = document()
    place, anchor, _ = _anchored(doc)
    anchor["source"] = "source:nowhere"
    assert (place["id"], "evidence[0].source") in loads_problems(doc)


# --- ids -----------------------------------------------------------------------------------------


def test_duplicate_ids_among_built_records() -> None:
    doc = document()
    doc["places"].append(dict(doc["places"][0]))
    assert loads_problems(doc) == {(doc["places"][0]["id"], "id")}


def test_duplicate_ids_between_a_built_and_an_unbuilt_record() -> None:
    doc = document()
    copy_ = dict(doc["places"][0], name="")
    doc["places"].append(copy_)
    assert loads_problems(doc) == {(copy_["id"], "id"), (copy_["id"], "name")}


def test_duplicate_ids_among_unbuilt_records() -> None:
    doc = document()
    first = dict(doc["places"][0], name="")
    doc["places"][0] = first
    doc["places"].append(dict(first))
    assert loads_problems(doc) == {(first["id"], "id"), (first["id"], "name")}
    problems = check_records([], unbuilt=[("place:x", summitdata.Place), ("place:x", summitdata.Place)])
    assert [(p.record, p.field, p.message) for p in problems] == [("place:x", "id", "the same id is used twice")]


def test_duplicate_ids_of_the_same_record_built_twice() -> None:
    place = summitdata.load().places[0]
    sources = list(summitdata.load().sources)
    problems = check_records([*sources, place, place])
    assert [(p.record, p.message) for p in problems if p.field == "id"] == [(place.id, "the same id is used twice")]


def _problems(records: list[Any]) -> list[tuple[str, str, str]]:
    return [(p.record, p.field, p.message) for p in check_records(records)]


def test_a_second_record_of_an_id_still_has_its_references_checked() -> None:
    place = Place(id="place:p", name="P", kind=PlaceKind.CITY, evidence=SOURCE.evidence)
    again = attrs.evolve(place, country="place:nowhere")
    assert _problems([SOURCE, place, again]) == [
        ("place:p", "id", "the same id is used twice"),
        ("place:p", "country", "refers to 'place:nowhere', which does not exist"),
    ]


def test_a_second_claim_of_an_id_still_has_its_summit_checked(ds: summitdata.Dataset) -> None:
    claim = next(c for c in ds.claims if c.speech is not None)
    speech = ds.speeches.get(claim.speech)
    other = next(s.id for s in ds.summits if s.id != speech.summit)
    problems = _problems([*ds.records(), attrs.evolve(claim, summit=other)])
    assert problems == [
        (claim.id, "id", "the same id is used twice"),
        (claim.id, "summit", f"is {other!r} but its speech was given at {speech.summit!r}"),
    ]


def test_the_first_record_of_an_id_is_the_one_the_others_are_checked_against() -> None:
    # Anchors are read against the first source of the id; the chain of parents follows the first summit.
    other = attrs.evolve(SOURCE, text="abd")
    anchored = attrs.evolve(summit(0), evidence=(Anchor(source="source:s", start=2, end=3, text="c"),))
    assert _problems([SOURCE, other, anchored]) == [("source:s", "id", "the same id is used twice")]
    assert _problems([other, SOURCE, anchored]) == [
        ("source:s", "id", "the same id is used twice"),
        ("summit:s0", "evidence[0].text", "'c' is not the text at 2:3 of source:s: 'd'"),
    ]
    in_cycle = [summit(0, 1), summit(1, 0)]
    assert _problems([SOURCE, *in_cycle, summit(1)]) == [
        ("summit:s1", "id", "the same id is used twice"),
        ("summit:s0", "parent", "summits sit inside each other in a cycle"),
        ("summit:s1", "parent", "summits sit inside each other in a cycle"),
    ]
    assert _problems([SOURCE, summit(1), *in_cycle]) == [("summit:s1", "id", "the same id is used twice")]
    alias = "'Berdi' is shared with 'person:b': list it in ambiguous_aliases"
    shared, alone, b = person("a", "Berdi"), person("a"), person("b", "berdi", ambiguous=("berdi",))
    assert _problems([SOURCE, shared, alone, b]) == [
        ("person:a", "id", "the same id is used twice"),
        ("person:a", "aliases[0]", alias),
    ]
    assert _problems([SOURCE, alone, shared, b]) == [("person:a", "id", "the same id is used twice")]


def test_records_of_a_subclass_of_a_record_class_are_checked_as_of_their_class() -> None:
    class LocalSource(Source):
        __slots__ = ()

    class LocalSummit(Summit):
        __slots__ = ()

    class LocalPerson(Person):
        __slots__ = ()

    source = LocalSource(**attrs.asdict(SOURCE, recurse=False))
    looped = [LocalSummit(**attrs.asdict(s, recurse=False)) for s in (summit(0, 1), summit(1, 0))]
    people = [LocalPerson(**attrs.asdict(p, recurse=False)) for p in (person("a", "Berdi"), person("b", "berdi"))]
    assert {(p.record, p.field) for p in check_records([source, *looped, *people])} == {
        ("summit:s0", "parent"),
        ("summit:s1", "parent"),
        ("person:a", "aliases[0]"),
        ("person:b", "aliases[0]"),
    }


def test_the_packaged_data_has_no_problem(ds: summitdata.Dataset) -> None:
    assert check_records(ds.records()) == []


# --- the messages, and checks that go on past the first problem of a record ----------------------


def messages(doc: dict[str, Any]) -> set[tuple[str, str, str]]:
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(doc, ensure_ascii=False))
    return {(p.record, p.field, p.message) for p in exc.value.problems}


def test_reference_messages_say_what_is_wrong() -> None:
    doc = document()
    summit_ = next(s for s in doc["summits"] if s["host"] is not None)
    [city, *_] = ids_of(doc, "place", kind="city")
    summit_["host"] = city
    summit_["participants"] = ["person:nobody", "organization:ghost"]
    doc["summits"].append({"id": "organization:ghost"})  # unbuilt, and a summit
    found = messages(doc)
    sid = summit_["id"]
    assert (
        sid,
        "host",
        f"refers to {city!r}, which is not a person or an organization or a country (a place of kind 'country')",
    ) in found
    assert (sid, "participants[0]", "refers to 'person:nobody', which does not exist") in found
    assert (
        sid,
        "participants[1]",
        "refers to 'organization:ghost', which is not a person or an organization or a country",
    ) in found


def test_anchor_messages_say_what_is_wrong() -> None:
    doc = document()
    place, anchor, source = _anchored(doc)
    anchor["text"] = "#" * len(anchor["text"])
    second = dict(anchor, source="source:nowhere")
    place["evidence"].append(second)
    found = messages(doc)
    at = f"{anchor['start']}:{anchor['end']}"
    expected_text = source["text"][anchor["start"] : anchor["end"]]
    assert (
        place["id"],
        "evidence[0].text",
        f"{anchor['text']!r} is not the text at {at} of {source['id']}: {expected_text!r}",
    ) in found
    last = f"evidence[{len(place['evidence']) - 1}].source"
    assert (place["id"], last, "refers to 'source:nowhere', which does not exist") in found  # reported once


def test_every_anchor_and_reference_is_checked_after_one_into_a_broken_record() -> None:
    doc = document()
    broken = doc["sources"][0]
    broken["file"] = ""  # unbuilt: anchors into it are not checked, references to it resolve
    place = next(p for p in doc["places"] if p["evidence"][0]["source"] == broken["id"] and len(p["evidence"]) > 1)
    good = next(a for r in doc["claims"] for a in r["evidence"] if a["source"] != broken["id"])
    place["evidence"].append(dict(good, text="#" * len(good["text"])))  # after the anchors into the broken source
    place["country"] = None
    summit_ = next(s for s in doc["summits"] if s["evidence"][0]["source"] == broken["id"])
    summit_["host"] = "person:nobody"
    found = loads_problems(doc)
    assert (place["id"], f"evidence[{len(place['evidence']) - 1}].text") in found
    assert (summit_["id"], "host") in found


def test_an_anchor_into_a_missing_source_is_reported_once() -> None:
    document = json.loads(summitdata.dumps(summitdata.load()))
    claim = document["claims"][0]
    claim["evidence"][-1]["source"] = "source:nowhere"
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.loads(json.dumps(document))
    field = f"evidence[{len(claim['evidence']) - 1}].source"
    found = [p for p in exc.value.problems if p.record == claim["id"] and p.field == field]
    assert [p.message for p in found] == ["refers to 'source:nowhere', which does not exist"]


# --- the bulk check: one pass without paths, the walk only when something is wrong ---------------


def _bulk_verdict(ds: summitdata.Dataset) -> bool:
    records = list(ds.records())
    by_id = {r.id: r for r in records}
    sources = {r.id: r for r in records if isinstance(r, Source)}
    return _links_fit(_by_type(records), by_id, sources)


def test_the_bulk_check_passes_good_data(ds: summitdata.Dataset) -> None:
    assert _bulk_verdict(ds)
    assert _bulk_verdict(synthetic_dataset(40))


@pytest.mark.parametrize("case", REF_SLOTS, ids=slot_id)
def test_the_bulk_check_fails_a_reference_to_nothing(case: tuple[Any, Any, fields.Ref, bool]) -> None:
    kind, path, node, _ = case
    doc = document()
    _, parent, key = holder(doc, kind, path)
    parent[key] = f"{node.kinds[-1]}:nothing-here"
    assert not _bulk_verdict(build(doc, check=False))


@pytest.mark.parametrize("case", COUNTRY_SLOTS, ids=slot_id)
def test_the_bulk_check_fails_a_city_where_a_country_is_required(case: tuple[Any, Any, fields.Ref, bool]) -> None:
    kind, path, _, _ = case
    doc = document()
    _, parent, key = holder(doc, kind, path)
    parent[key] = next(p["id"] for p in doc["places"] if p["kind"] == "city")
    assert not _bulk_verdict(build(doc, check=False))


@pytest.mark.parametrize("change", ["past the end", "other text", "shifted"])
def test_the_bulk_check_fails_a_wrong_anchor(change: str) -> None:
    doc = document()
    _, anchor, source = _anchored(doc)
    length = len(source["text"])
    if change == "past the end":
        anchor.update(start=length - 1, end=length + 1, text="xy")
    elif change == "other text":
        anchor["text"] = anchor["text"][:-1] + ("#" if anchor["text"][-1] != "#" else "*")
    else:  # the same characters one place later: only the offsets are wrong
        start = source["text"].find(anchor["text"][0] * 2)
        if start < 0:
            start = anchor["start"] + 1
        anchor.update(start=start, end=start + len(anchor["text"]))
        assert source["text"][start : start + len(anchor["text"])] != anchor["text"]
    assert not _bulk_verdict(build(doc, check=False))


def test_good_records_are_checked_in_bulk_without_walking_each(
    ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walked(*_: object) -> None:
        raise AssertionError("a record was walked although every reference and anchor fits")

    monkeypatch.setattr(_checks, "_check_anchors", walked)
    monkeypatch.setattr(_checks, "_check_references", walked)
    assert check_records(ds.records()) == []


def test_the_bulk_check_passes_when_every_record_is_referred_to() -> None:
    # The source's own evidence refers to it: the known ids and the referred ids are the same set.
    assert _links_fit(_by_type([SOURCE]), {SOURCE.id: SOURCE}, {SOURCE.id: SOURCE})
    assert check_records([SOURCE]) == []


def test_the_bulk_check_fails_a_city_beside_an_unset_country_reference() -> None:
    """An unset reference (``None``) is skipped, and the other references are still checked.

    A city's own ``country`` is unset; a place inside it names the city where a country is
    required. The set of those references is unordered: over 200 cities, ``None`` comes
    before the city in some of them.
    """
    for i in range(200):
        city = Place(id=f"place:city-{i}", name="C", kind=PlaceKind.CITY, evidence=SOURCE.evidence)
        inside = Place(id=f"place:in-{i}", name="P", kind=PlaceKind.CITY, country=city.id, evidence=SOURCE.evidence)
        records = [SOURCE, city, inside]
        assert not _links_fit(_by_type(records), {r.id: r for r in records}, {SOURCE.id: SOURCE}), city.id


# --- aliases two people share ---------------------------------------------------------------------


def person(slug: str, *aliases: str, ambiguous: tuple[str, ...] = ()) -> Person:
    return Person(
        id=f"person:{slug}", name=slug.upper(), aliases=aliases, ambiguous_aliases=ambiguous, evidence=SOURCE.evidence
    )


def test_shared_aliases_name_the_other_person() -> None:
    a, b, c = person("a", "Only A", "Berdi"), person("b", "berdi"), person("c", "BERDI", "only  a")
    assert shared_aliases([a, b, c]) == {
        "person:a": {"Only A": "person:c", "Berdi": "person:b"},
        "person:b": {"berdi": "person:a"},
        "person:c": {"BERDI": "person:a", "only  a": "person:a"},
    }
    assert shared_aliases([a, person("d", "Berdimuhamedov")]) == {}


def test_two_spellings_of_one_alias_in_one_person_are_not_shared() -> None:
    alone = person("a", "Berdi", "BERDI")
    assert shared_aliases([alone]) == {}
    assert shared_aliases([alone, person("b", "berdi")]) == {
        "person:a": {"Berdi": "person:b", "BERDI": "person:b"},
        "person:b": {"berdi": "person:a"},
    }
    assert check_records([SOURCE, alone]) == []


def test_a_shared_alias_must_be_marked_on_each_person() -> None:
    a, b = person("a", "Only A", "Berdi"), person("b", "berdi", ambiguous=("berdi",))
    assert [(p.record, p.field, p.message) for p in check_records([SOURCE, a, b])] == [
        ("person:a", "aliases[1]", "'Berdi' is shared with 'person:b': list it in ambiguous_aliases")
    ]
    marked = person("a", "Only A", "Berdi", ambiguous=("Berdi",))
    assert check_records([SOURCE, marked, b]) == []

"""The exports to other tools' formats, each checked by that format's own validator, offline."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys

import pytest

import summitdata
from summitdata import exports
from summitdata.exports import crosswalk, jsonld, plover, popolo, web_annotations
from summitdata.exports._model import To, mapped, unmapped
from summitdata.fields import field_specs
from summitdata.records import KINDS, ClaimKind, SummitKind, SummitStatus, Topic, record_anchors

ROOT = pathlib.Path(__file__).resolve().parents[1]
POPOLO_SCHEMAS = ROOT / "tests" / "data" / "popolo"

#: PLOVER's general contexts (PLOVER manual, table "General contexts").
PLOVER_CONTEXTS = {
    "military",
    "intelligence",
    "executive",
    "legislative",
    "election",
    "political_institutions",
    "pro_democracy",
    "pro_autocracy",
    "economic",
    "legal",
    "reparations",
    "human_rights",
    "rights_freedoms",
    "repression",
    "human_security",
    "gender",
    "lgbt",
    "religion_ethnicity",
    "inequality",
    "diplomatic",
    "territory",
    "peacekeeping",
    "health",
    "asylum",
    "migration",
    "disasters",
    "natural_resource",
    "environment",
    "technology",
    "terrorism",
    "cbrn",
    "cyber",
    "misinformation",
    "crime",
    "corruption",
    "illegal_drugs",
    "trafficking",
}


@pytest.fixture(scope="module")
def ds() -> summitdata.Dataset:
    return summitdata.load()


def refuse_network(url: str, options: object = None) -> dict[str, object]:
    """pyld document loader: the bundled contexts, and an error for anything else."""
    return exports.document_loader(url, options)


# --- every format ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(exports.FORMATS))
def test_same_data_same_bytes(ds: summitdata.Dataset, name: str) -> None:
    assert exports.export(ds, name) == exports.export(summitdata.load(), name)


@pytest.mark.parametrize("name", sorted(exports.FORMATS))
def test_cli_writes_the_export(tmp_path: pathlib.Path, name: str, ds: summitdata.Dataset) -> None:
    target = tmp_path / f"out.{name}"
    target.write_bytes(b"old")
    subprocess.run([sys.executable, "-m", "summitdata", "export", "--format", name, "-o", str(target)], check=True)
    assert target.read_bytes() == exports.export(ds, name)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_failed_write_keeps_the_old_file(
    tmp_path: pathlib.Path, ds: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.jsonld"
    target.write_bytes(b"old")

    def broken(dataset: object) -> bytes:
        raise RuntimeError("crash")

    monkeypatch.setattr(jsonld, "dumps", broken)
    with pytest.raises(RuntimeError):
        exports.dump(ds, target, "jsonld")
    assert target.read_bytes() == b"old"


def test_unknown_format_is_refused(ds: summitdata.Dataset) -> None:
    with pytest.raises(ValueError, match="unknown export format 'rdf'"):
        exports.export(ds, "rdf")


def test_the_loader_refuses_the_network() -> None:
    with pytest.raises(LookupError, match="never fetches"):
        exports.document_loader("https://schema.org/")


# --- crosswalk ---------------------------------------------------------------------------


def test_the_crosswalk_page_is_generated_from_the_tables() -> None:
    page = (ROOT / "docs" / "reference" / "crosswalk.md").read_text(encoding="utf-8")
    assert page == crosswalk.markdown(), "run: python -m summitdata.exports.crosswalk docs/reference/crosswalk.md"


@pytest.mark.parametrize("name", sorted(crosswalk.TABLES))
def test_every_field_has_a_row_and_no_row_is_stale(name: str) -> None:
    table = crosswalk.TABLES[name]
    assert list(unmapped(table)) == []
    fields = {kind.name: {n for n, _ in field_specs(kind.cls)} for kind in KINDS}
    for kind, rules in table.items():
        assert set(rules) <= fields[kind], (name, kind, set(rules) - fields[kind])


def test_a_field_without_a_row_shows_as_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {kind: dict(rules) for kind, rules in jsonld.TABLE.items()}
    del table["claim"]["topics"]
    monkeypatch.setitem(crosswalk.TABLES, "jsonld", table)
    assert "| claim | topics | — | not kept (no mapping yet) |" in crosswalk.markdown()


def test_the_mapper_follows_the_table(ds: summitdata.Dataset) -> None:
    place = next(p for p in ds.places if p.country is not None)
    out = mapped(place, {"place": {"name": To("label"), "aliases": To("label"), "kind": To(None)}}, ds, str)
    assert out == {"label": [place.name, *place.aliases] if place.aliases else place.name}
    out = mapped(place, {"place": {"country": To("in")}}, ds, lambda ref: {"ref": ref})
    assert out == {"in": {"ref": place.country}}


# --- Web Annotations ------------------------------------------------------------------------


def test_one_annotation_per_anchor(ds: summitdata.Dataset) -> None:
    doc = web_annotations.collection(ds)
    items = doc["first"]["items"]
    expected = sum(len(list(record_anchors(r))) for c in ds.collections() for r in c)
    assert doc["total"] == len(items) == expected
    assert len({item["id"] for item in items}) == len(items)


def test_every_selector_reanchors_in_the_article(ds: summitdata.Dataset) -> None:
    items = web_annotations.collection(ds)["first"]["items"]
    for item in items:
        source_id = item["target"]["source"].removeprefix("urn:summitdata:")
        text = ds.sources.get(source_id).text
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote.get("prefix", "")) and len(quote.get("prefix", "")) == min(32, start)
        assert text[end:].startswith(quote.get("suffix", "")) and len(quote.get("suffix", "")) == min(
            32, len(text) - end
        )
        kind = item["body"].removeprefix("urn:summitdata:").split(":")[0]
        assert item["motivation"] == ("identifying" if kind in ("person", "organization", "place") else "describing")


def test_annotations_expand_offline_with_the_bundled_context(ds: summitdata.Dataset) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    doc = web_annotations.collection(ds)
    expanded = pyld.expand(doc, {"documentLoader": refuse_network})
    oa = "http://www.w3.org/ns/oa#"
    annotations = [n for n in _nodes(expanded) if oa + "Annotation" in n.get("@type", [])]
    assert len(annotations) == doc["total"]
    assert {m["@id"] for a in annotations for m in a[oa + "motivatedBy"]} == {oa + "identifying", oa + "describing"}


def test_utf16_offsets_count_code_units() -> None:
    text = "a😀b𝄞c"
    for offset in range(len(text) + 1):
        assert web_annotations.utf16_offset(text, offset) == len(text[:offset].encode("utf-16-le")) // 2


def _nodes(value: object) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    if isinstance(value, dict):
        out.append(value)
        for item in value.values():
            out += _nodes(item)
    elif isinstance(value, list):
        for item in value:
            out += _nodes(item)
    return out


# --- schema.org JSON-LD ------------------------------------------------------------------------


def test_jsonld_uses_only_schema_org_terms(ds: summitdata.Dataset) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import SDO

    expanded = pyld.expand(jsonld.jsonld(ds), {"documentLoader": refuse_network})
    terms = set()
    for node in _nodes(expanded):
        terms |= {key for key in node if not key.startswith("@")}
        terms |= set(node.get("@type", []))  # type: ignore[arg-type]
        if "@id" in node and str(node["@id"]).startswith("https://schema.org/") and len(node) == 1:
            terms.add(node["@id"])
    assert terms, "nothing expanded"
    unknown = set()
    for term in terms:
        assert term.startswith("https://schema.org/"), term
        try:
            SDO[term.removeprefix("https://schema.org/")]
        except AttributeError:
            unknown.add(term)
    assert not unknown
    graph = rdflib.Graph().parse(data=exports.export(ds, "jsonld").decode("utf-8"), format="json-ld")
    claim = rdflib.URIRef("urn:summitdata:claim:2025-10-10-cis-council-01")
    assert (claim, rdflib.RDF.type, SDO.Claim) in graph
    assert len(graph) > 500


def test_jsonld_events_nest_and_keep_reduced_dates(ds: summitdata.Dataset) -> None:
    nodes = {n["@id"]: n for n in jsonld.jsonld(ds)["@graph"]}
    for summit in ds.summits:
        node = nodes["urn:summitdata:" + summit.id]
        if summit.start is not None:
            assert node["startDate"] == str(summit.start)
        if summit.parent is not None:
            assert node["superEvent"] == {"@id": "urn:summitdata:" + summit.parent}
            parent = nodes["urn:summitdata:" + summit.parent]
            assert {"@id": node["@id"]} in parent["subEvent"]
    direct = [c for c in ds.claims if c.direct]
    quotations = [n for n in nodes.values() if n["@type"] == "Quotation"]
    assert len(quotations) == len(direct) > 0


def test_jsonld_quantity_comparators_become_bounds(ds: summitdata.Dataset) -> None:
    figures = [m for n in jsonld.jsonld(ds)["@graph"] for m in n.get("mentions", [])]
    quantities = [q for c in ds.claims for q in c.quantities]
    assert len(figures) == len(quantities) > 0
    for node, quantity in zip(figures, quantities, strict=True):
        key = {">": "minValue", ">=": "minValue", "<": "maxValue", "<=": "maxValue"}.get(
            quantity.comparator.value, "value"
        )
        assert node[key] == quantity.value
        assert node["@type"] == ("MonetaryAmount" if quantity.currency else "QuantitativeValue")


# --- Popolo ---------------------------------------------------------------------------------------


def _popolo_validators() -> dict[str, object]:
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in POPOLO_SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)) for schema in schemas.values()
    )
    return {
        name: jsonschema.Draft3Validator(
            schema, registry=registry, format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


def test_popolo_validates_against_the_published_schemas(ds: summitdata.Dataset) -> None:
    validators = _popolo_validators()
    doc = popolo.popolo(ds)
    array_schema = {"persons": "person", "organizations": "organization", "areas": "area",
                    "memberships": "membership", "events": "event", "speeches": "speech"}  # fmt: skip
    assert set(doc) == set(array_schema)
    for array, items in doc.items():
        assert items, array
        for item in items:
            errors = list(validators[array_schema[array]].iter_errors(item))  # type: ignore[attr-defined]
            assert not errors, (array, item.get("id"), [e.message for e in errors])


def test_the_popolo_validator_catches_a_bad_item() -> None:
    validators = _popolo_validators()
    assert list(validators["event"].iter_errors({"start_date": "10 Oct 2025"}))  # type: ignore[attr-defined]


def test_popolo_references_resolve(ds: summitdata.Dataset) -> None:
    doc = popolo.popolo(ds)
    ids = {item["id"] for array in doc.values() for item in array}
    for membership in doc["memberships"]:
        assert membership["person_id"] in ids
        assert membership.get("organization_id", membership.get("area_id")) in ids | {None}
    for event in doc["events"]:
        assert event.get("parent_id") in ids | {None}
    for speech in doc["speeches"]:
        assert speech["event_id"] in ids
        assert speech.get("creator_id") in ids | {None}
    roles = sum(len(p.roles) for p in ds.people)
    assert len(doc["memberships"]) == roles
    assert len(doc["speeches"]) == len(ds.speeches) + len(ds.claims)


# --- PLOVER -----------------------------------------------------------------------------------------


def test_plover_types_are_plovers_sixteen(ds: summitdata.Dataset) -> None:
    assert len(set(plover.EVENT_TYPES)) == 16
    records = [json.loads(line) for line in exports.export(ds, "plover").decode("utf-8").splitlines()]
    meetings = [s for s in ds.summits if s.kind not in plover.SUMMIT_NOT_EVENTS]
    assert len(meetings) < len(ds.summits)  # the data has events that are no meeting
    assert len(records) == len(ds.claims) + sum(s.status is not SummitStatus.PROPOSED for s in meetings)
    for record in records:
        assert set(record["event"]) <= set(plover.EVENT_TYPES)
        assert record["has_event"] == bool(record["event"])
        assert record["has_event"] or "PLOVER" in record["comment"] or "not" in record["comment"]
        assert set(record["context"]) <= PLOVER_CONTEXTS
        assert set(record["mode"]) <= {"visit", "third-party", "multilateral", "phone"}
        assert record["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["actor"]
    assert len({r["id"] for r in records}) == len(records)


def test_plover_crosswalk_covers_every_value() -> None:
    assert set(plover.CLAIM_EVENTS) == set(ClaimKind)
    assert set(plover.SUMMIT_EVENTS) == set(SummitStatus)
    assert set(plover.SUMMIT_MODES) == set(SummitKind)
    assert set(plover.TOPIC_CONTEXTS) == set(Topic)
    for event, why in plover.CLAIM_EVENTS.values():
        assert event is None or event in plover.EVENT_TYPES
        assert why
    assert {c for c in plover.TOPIC_CONTEXTS.values() if c} <= PLOVER_CONTEXTS


def test_plover_events_follow_the_crosswalk(ds: summitdata.Dataset) -> None:
    by_id = {r["id"]: r for r in plover.plover(ds)}
    for claim in ds.claims:
        event, _ = plover.CLAIM_EVENTS[claim.kind]
        assert by_id[claim.id]["event"] == ([] if event is None else [event])
        assert by_id[claim.id]["event_text"] == [claim.text]
    for summit in ds.summits:
        if summit.kind in plover.SUMMIT_NOT_EVENTS:
            assert summit.id not in by_id
        elif summit.status is SummitStatus.HELD:
            assert by_id[summit.id]["event"] == ["CONSULT"]
        elif summit.status is SummitStatus.PLANNED:
            assert by_id[summit.id]["event"] == ["AGREE"]
            assert by_id[summit.id]["mode"] == []


def test_plover_dates_are_days_or_documented_intervals() -> None:
    day, month = summitdata.PartialDate.parse("2025-10-10"), summitdata.PartialDate.parse("2024-02")
    assert plover._dates(day) == {"date": "2025-10-10", "summitdata_date": "2025-10-10"}
    assert plover._dates(month) == {"date": "2024-02-01", "enddate": "2024-02-29", "summitdata_date": "2024-02"}


def test_plover_visit_codes_the_host_as_recipient(ds: summitdata.Dataset) -> None:
    import attrs

    summit = next(s for s in ds.summits if s.host is not None)
    visit = attrs.evolve(summit, kind=SummitKind.STATE_VISIT, status=SummitStatus.HELD)
    record = plover._summit(ds, visit)
    assert record is not None
    assert [r["id"] for r in record["recipient"]] == [summit.host]
    assert summit.host not in [a["id"] for a in record["actor"]]
    assert record["mode"] == ["visit"]

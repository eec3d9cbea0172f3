"""The docs site: every public name in the API reference, every record in the catalogue.

The catalogue generator lives in ``docs/_ext`` (a Sphinx extension); it needs Sphinx and
matplotlib, which the ``test`` extra installs: these tests run with the README's test command,
and fail, not skip, when those are missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata.records import record_anchors


@pytest.fixture(scope="module")
def docs_dir(repo_root: Path) -> Path:
    docs = repo_root / "docs"
    if not (docs / "conf.py").exists():
        pytest.skip("the docs are in the source tree, not in the wheel")
    return docs


@pytest.fixture(scope="module")
def catalogue(docs_dir: Path) -> Any:
    sys.path.insert(0, str(docs_dir / "_ext"))
    try:
        import summitdata_catalogue
    finally:
        sys.path.remove(str(docs_dir / "_ext"))
    return summitdata_catalogue


def test_every_public_name_is_in_the_api_reference(docs_dir: Path) -> None:
    source = (docs_dir / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. (?:auto\w+|py:\w+):: summitdata\.(\w+)$", source, re.MULTILINE))
    missing = [name for name in summitdata.__all__ if name not in documented]
    assert missing == []


def test_every_record_is_in_the_catalogue_once(catalogue: Any, ds: summitdata.Dataset) -> None:
    pages = catalogue.catalogue_sources(ds)
    rendered = catalogue.rendered_record_ids(pages)
    assert sorted(rendered) == sorted(r.id for r in ds.records())
    assert len(rendered) == len(set(rendered))


def test_every_record_shows_its_id_and_evidence(catalogue: Any, ds: summitdata.Dataset) -> None:
    from docutils import nodes

    for record in ds.records():
        tree = nodes.container()
        for node in catalogue.record_nodes(ds, record):
            tree += node
        text = tree.astext()
        assert record.id in text
        assert catalogue.label(record.id) in tree.children[0]["ids"]
        quoted = [n.astext() for n in tree.findall(nodes.strong) if "sd-evidence" in n.parent.get("classes", ())]
        for _, anchor in record_anchors(record):
            assert anchor.text in quoted, (record.id, anchor.text)
        for key in record.inferred:
            assert key in text, (record.id, key)


def test_direct_quotes_are_quotations(catalogue: Any, ds: summitdata.Dataset) -> None:
    from docutils import nodes

    claim = next(c for c in ds.claims if c.direct)
    tree = nodes.container()
    for node in catalogue.record_nodes(ds, claim):
        tree += node
    quotes = [n for n in tree.findall(nodes.block_quote) if "sd-quote" in n["classes"]]
    assert [q.astext() for q in quotes] == [f"“{claim.text}”"]


def test_every_anchored_passage_of_an_article_links_to_its_record(catalogue: Any, ds: summitdata.Dataset) -> None:
    from sphinx import addnodes

    for source in ds.sources:
        tree = catalogue.article_nodes(ds, source)
        linked = {x["reftarget"] for node in tree for x in node.findall(addnodes.pending_xref)}
        anchored = {catalogue.label(r.id) for r in ds.records() for _, a in record_anchors(r) if a.source == source.id}
        assert anchored and anchored <= linked
        text = "\n".join(node.astext() for node in tree if node.tagname != "target")
        words = re.sub(r"\[\w+\]", "", text)
        assert words.split() == catalogue.clean_text(source.text).split()


def test_initiative_path_is_in_date_order(catalogue: Any, ds: summitdata.Dataset) -> None:
    caspian = ds.initiatives.get("initiative:caspian-interstate-programme")
    path = catalogue.milestones(ds, caspian)
    dates = [catalogue.claim_date(ds, c)[0] for c in path]
    assert len({c.evidence[0].source for c in path}) == 2  # raised in both articles
    assert all(d is not None for d in dates)
    assert [d.sort_key() for d in dates] == sorted(d.sort_key() for d in dates)


@pytest.fixture(scope="module")
def docs_ext(docs_dir: Path) -> Any:
    sys.path.insert(0, str(docs_dir / "_ext"))
    try:
        import summitdata_docs
    finally:
        sys.path.remove(str(docs_dir / "_ext"))
    return summitdata_docs


def test_the_format_reference_shows_a_new_field_with_its_constraints(docs_ext: Any) -> None:
    from docutils import nodes

    from summitdata import fields as f

    @f.model(f.Rule(field="high", doc="`high` is not below `low`.", check=lambda g: None))
    class Gauge:
        """A throwaway record class."""

        rank: int = f.integer("Rank among the gauges.", minimum=1, maximum=5)
        owner: str | None = f.ref("person", "place", doc="Who owns it.", countries=True, default=None)
        spans: tuple[summitdata.Anchor, ...] = f.many(summitdata.Anchor, "Where it is read.", min_items=1)
        low: int = f.integer("Lowest reading.")
        high: int = f.integer("Highest reading.")

    sections = docs_ext.reference_nodes([Gauge, summitdata.Anchor])
    assert [s["ids"][0] for s in sections] == ["format-gauge", "format-anchor"]
    rows = [[cell.astext() for cell in row.children] for row in sections[0].findall(nodes.row)]
    assert ["rank", "integer", "64-bit integer from 1 to 5", "no", "Rank among the gauges."] in rows
    assert ["owner", "string", "id of a person or a country", "yes", "Who owns it."] in rows
    assert ["spans", "array", "array of 1 or more Anchor objects", "no", "Where it is read."] in rows
    (link,) = list(sections[0].findall(nodes.reference))
    assert link["refid"] == "format-anchor"  # a class shown on the page links to its section
    assert "high: high is not below low." in sections[0].astext()
    whole = docs_ext.reference_nodes()
    idents = [s["ids"][0] for s in whole]
    assert (idents[0], idents[-1]) == ("format-document", "format-schema")


def test_every_public_name_check_finds_a_missing_one(docs_ext: Any) -> None:
    assert docs_ext.missing_public_names({f"summitdata.{n}" for n in summitdata.__all__[1:]}) == [summitdata.__all__[0]]


def test_record_boxes_show_the_presenters_lines(catalogue: Any, ds: summitdata.Dataset) -> None:
    from summitdata.present import presenter

    for record in (ds.summits[0], ds.people[0], ds.claims[0], ds.sources[0]):
        names = [f.children[0].astext() for f in catalogue._fields(ds, record)]
        expected = [d.label for d in presenter(record).details(ds, record) if not d.quote]
        headings = [label[0].upper() + label[1:].replace("_", " ") for label in dict.fromkeys(expected)]
        corrected = [c for c in ds.changes if c.record == record.id]
        assert names == [*headings, "Evidence", *(["Inferred"] if record.inferred else [])] + (
            ["Corrections"] if corrected else []
        )


def test_a_record_page_shows_its_corrections(catalogue: Any, ds: summitdata.Dataset) -> None:
    record = ds.claims.get("claim:2025-10-10-cis-council-08")
    (entry,) = (c for c in ds.changes if c.record == record.id)
    fields = {f.children[0].astext(): f.children[1].astext() for f in catalogue._fields(ds, record)}
    shown = " ".join(fields["Corrections"].split())
    assert entry.data_version in shown and " ".join(entry.reason.split()) in shown
    assert all(a.text in shown for a in entry.evidence)
    untouched = next(r for r in ds.records() if all(c.record != r.id for c in ds.changes))
    assert "Corrections" not in [f.children[0].astext() for f in catalogue._fields(ds, untouched)]


@pytest.fixture(scope="module")
def figures(catalogue: Any) -> Any:
    import summitdata_figures

    return summitdata_figures


def test_article_emphasis_is_italics_not_underscores(catalogue: Any, ds: summitdata.Dataset) -> None:
    from docutils import nodes

    source = next(s for s in ds.sources if "_and_" in s.text)
    tree = catalogue.article_nodes(ds, source)
    text = "".join(node.astext() for node in tree)
    assert "_and_" not in text
    italics = [n.astext() for node in tree for n in node.findall(nodes.emphasis)]
    assert italics == ["and"] * source.text.count("_and_")
    assert catalogue.clean_text("a _b_ c snake_case_name _") == "a b c snake_case_name _"


def test_article_facts_say_what_the_article_does_not_give(catalogue: Any, ds: summitdata.Dataset) -> None:
    for source in ds.sources:
        facts = [(f.children[0].astext(), f.children[1].astext()) for f in catalogue.article_facts(ds, source)[0]]
        names = dict(facts)
        assert list(names)[:3] == ["Headline", "Date", "Publisher"]
        # the records have no headline, date or publisher of an article: none is invented
        assert names["Headline"].startswith("none printed")
        assert names["Date"].startswith("not printed")
        assert names["Publisher"].startswith("not named")
        for organization in source.credits:
            assert ds.get(organization).name in names["Publisher"]
        first = catalogue.article_events(ds, source)[0]
        assert catalogue.short_name(ds, first) in catalogue.article_title(ds, source)


def test_long_summit_names_are_short_in_titles_and_whole_once(catalogue: Any, ds: summitdata.Dataset) -> None:
    long_names = [s for s in ds.summits if len(s.name.split()) > catalogue.SHORT_WORDS]
    assert long_names  # the Ashgabat forum's name runs to 30 words
    pages = catalogue.catalogue_sources(ds)
    for summit in ds.summits:
        assert len(catalogue.short_name(ds, summit).split()) <= catalogue.SHORT_WORDS
    for summit in long_names:
        assert summit.name not in "".join(pages.values())  # no page skeleton repeats it
        tree = nodes_text(catalogue.record_nodes(ds, summit))
        assert tree.count(summit.name) == 1  # its own record shows it, once
        claims = [c for c in ds.claims if c.summit == summit.id]
        assert all(summit.name not in nodes_text(catalogue.record_nodes(ds, c)) for c in claims)


def nodes_text(result: list[Any]) -> str:
    from docutils import nodes

    tree = nodes.container()
    for node in result:
        tree += node
    return str(tree.astext())


def test_pictures_are_the_same_bytes_each_time_and_carry_no_date(figures: Any, catalogue: Any, ds: Any) -> None:
    makers = catalogue.figure_makers(ds)
    first = figures.svg(makers["timeline"]())
    assert first == figures.svg(makers["timeline"]())
    assert b"<dc:date>" not in first
    assert first.startswith(b"<?xml")


def test_every_event_and_initiative_with_dates_has_a_picture(catalogue: Any, ds: summitdata.Dataset) -> None:
    makers = catalogue.figure_makers(ds)
    roots = [s for s in ds.summits if s.parent is None]
    assert {f"tree-{catalogue.slug(s.id)}" for s in roots} <= set(makers)
    for initiative in ds.initiatives:
        fig = makers[f"path-{catalogue.slug(initiative.id)}"]()
        dated = [m for m in ds.milestones(initiative) if m.date is not None]
        assert (fig is None) == (not dated)


def test_picture_text_alternatives_say_what_they_show(figures: Any, catalogue: Any, ds: summitdata.Dataset) -> None:
    name = lambda s: catalogue.short_name(ds, s)  # noqa: E731
    timeline = figures.timeline_alt(ds, name)
    for summit in ds.summits:
        if summit.parent is None and summit.start is not None:
            assert name(summit) in timeline and str(summit.start) in timeline
    caspian = ds.initiatives.get("initiative:caspian-interstate-programme")
    path = figures.path_alt(ds, caspian, name, catalogue.article_name)
    assert all(str(m.date) in path for m in ds.milestones(caspian))
    assert "Article 000" in path and "Article 004" in path
    visit = ds.summits.get("summit:2025-12-11-tokayev-visit-ashgabat")
    tree = figures.event_tree(ds, visit, lambda s: catalogue.title(ds, s), lambda s: catalogue.title(ds, s))
    words = figures.tree_alt(tree)
    assert all(catalogue.title(ds, s) in words for s in ds.summits if s.parent == visit.id)
    for summit in (visit, *(s for s in ds.summits if s.parent == visit.id)):  # each event's own claims
        own = sum(1 for c in ds.claims if c.summit == summit.id and c.speech is None)
        assert not own or f"{own} claim(s) outside a speech" in words


def test_the_record_model_picture_is_read_from_the_field_specs(figures: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from summitdata import fields as f
    from summitdata.records import KINDS, Kind

    lines = figures.model_lines()
    assert "Claim.speech → speech" in lines
    assert "Person.roles[].of → organization or country" in lines
    assert "every record → source (evidence[].source)" in lines

    @f.model()
    class Gauge:
        """A throwaway record class."""

        id: str = f.id_field("gauge")
        owner: str | None = f.ref("person", doc="Who owns it.", default=None)
        sites: tuple[str, ...] = f.refs("summit", "place", doc="Where it stands.", countries=True, default=())
        evidence: tuple[summitdata.Anchor, ...] = f.evidence(summitdata.Anchor)

    monkeypatch.setattr(figures, "KINDS", (*KINDS, Kind("gauge", "gauges", Gauge)))
    lines = figures.model_lines()
    assert "Gauge.owner → person" in lines
    assert "Gauge.sites[] → summit or country" in lines
    assert "every record → source (evidence[].source)" in lines  # still common to every kind
    assert figures.svg(figures.model_figure()).startswith(b"<?xml")  # drawn, with a box of its own
    assert figures.model_layout().position.keys() == {k.name for k in (*KINDS, Kind("gauge", "gauges", Gauge))}

"""The docs site: every public name in the API reference, every record in the catalogue.

The catalogue generator lives in ``docs/_ext`` (a Sphinx extension); it needs Sphinx, so
these tests run where the ``docs`` extra is installed (CI installs it) and in the source
tree, and are skipped otherwise.
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
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(docs_dir / "_ext"))
    try:
        import summitdata_catalogue
    finally:
        sys.path.remove(str(docs_dir / "_ext"))
    return summitdata_catalogue


def test_every_public_name_is_in_the_api_reference(docs_dir: Path) -> None:
    source = (docs_dir / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. (?:auto\w+|py:\w+):: summitdata\.(\w+)$", source, re.M))
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
        assert words.split() == source.text.split()


def test_initiative_path_is_in_date_order(catalogue: Any, ds: summitdata.Dataset) -> None:
    caspian = ds.initiatives.get("initiative:caspian-interstate-programme")
    path = catalogue.milestones(ds, caspian)
    dates = [catalogue.claim_date(ds, c)[0] for c in path]
    assert len({c.evidence[0].source for c in path}) == 2  # raised in both articles
    assert all(d is not None for d in dates)
    assert [d.sort_key() for d in dates] == sorted(d.sort_key() for d in dates)


def test_schema_renderer_describes_types(docs_dir: Path) -> None:
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(docs_dir / "_ext"))
    try:
        import summitdata_docs
    finally:
        sys.path.remove(str(docs_dir / "_ext"))
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "array", "items": {"$ref": "#/$defs/Anchor"}, "description": "anchors"},
            "b": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "c": {"enum": ["x", "y"]},
        },
        "$defs": {"Anchor": {"type": "object", "properties": {"start": {"type": "integer"}}}},
    }
    assert summitdata_docs.schema_type(schema["properties"]["a"]) == "array of Anchor"
    assert summitdata_docs.schema_type(schema["properties"]["b"]) == "string or null"
    assert summitdata_docs.schema_type(schema["properties"]["c"]) == 'one of "x", "y"'
    sections = summitdata_docs.schema_nodes(schema)
    assert [s["ids"][0] for s in sections] == ["format-document", "format-anchor", "format-schema"]
    assert "anchors" in sections[0].astext()
    assert summitdata_docs.missing_public_names({f"summitdata.{n}" for n in summitdata.__all__[1:]}) == [
        summitdata.__all__[0]
    ]

"""W3C Web Annotations: one ``Annotation`` per evidence anchor of every record.

The document is an ``AnnotationCollection`` (JSON-LD, context
``http://www.w3.org/ns/anno.jsonld``, bundled: see :func:`summitdata.exports.document_loader`)
whose one ``AnnotationPage`` holds the annotations. Each annotation's ``body`` is the IRI of
the record (``urn:summitdata:<id>``), its ``target`` the article (``urn:summitdata:<source
id>``) with a ``TextQuoteSelector`` (``exact``, ``prefix`` and ``suffix`` of up to
:data:`CONTEXT` code points) and a ``TextPositionSelector`` (``start``, ``end`` in code points,
as the Recommendation requires; :func:`utf16_offset` converts for JavaScript tools).

>>> import summitdata
>>> doc = collection(summitdata.load())
>>> first = doc["first"]["items"][0]
>>> first["motivation"], first["target"]["selector"][1]
('describing', {'type': 'TextPositionSelector', 'start': 0, 'end': 6})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import fields as f
from ..records import KINDS, Anchor, record_anchors
from ._model import IRI_PREFIX, To, dumps_json, iri, records_of

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["CONTEXT", "CONTEXT_URL", "MOTIVATIONS", "TABLE", "collection", "dumps", "utf16_offset"]

#: The context every Web Annotation document names (bundled with the package).
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"

#: Code points of ``prefix`` and ``suffix`` around the ``exact`` text (fewer at the ends).
CONTEXT = 32

#: The motivation of the annotations of each record kind: an anchor of an actor or a place
#: names it (``identifying``); one of anything else gives what the record states (``describing``).
MOTIVATIONS: dict[str, str] = {
    "source": "describing",
    "person": "identifying",
    "organization": "identifying",
    "place": "identifying",
    "summit": "describing",
    "speech": "describing",
    "claim": "describing",
    "initiative": "describing",
}


def utf16_offset(text: str, offset: int) -> int:
    """The offset in UTF-16 code units (JavaScript string indices) of code point ``offset``.

    Characters beyond the Basic Multilingual Plane (emoji, some CJK) take two code units.

    >>> utf16_offset("a😀b", 2), utf16_offset("abc", 2)
    (3, 2)
    """
    return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)


def _fragment(path: str) -> str:
    """``roles[0].evidence[1]`` -> ``roles.0.evidence.1`` (brackets are not allowed in IRIs)."""
    return path.replace("[", ".").replace("]", "")


def _annotation(record_id: str, kind: str, path: str, anchor: Any, text: str) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": anchor.text}
    prefix, suffix = text[max(0, anchor.start - CONTEXT) : anchor.start], text[anchor.end : anchor.end + CONTEXT]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return {
        "id": f"{iri(record_id)}#{_fragment(path)}",
        "type": "Annotation",
        "motivation": MOTIVATIONS[kind],
        "body": iri(record_id),
        "target": {
            "source": iri(anchor.source),
            "selector": [quote, {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end}],
        },
    }


def collection(dataset: Dataset) -> dict[str, Any]:
    """The ``AnnotationCollection`` of every anchor of ``dataset``, by kind, id and field path.

    >>> import summitdata
    >>> doc = collection(summitdata.load())
    >>> doc["type"], doc["total"] == len(doc["first"]["items"])
    ('AnnotationCollection', True)
    """
    items = []
    for kind in KINDS:
        for record in records_of(dataset, kind):
            for path, anchor in record_anchors(record):
                text = dataset.sources.get(anchor.source).text
                items.append(_annotation(record.id, kind.name, path, anchor, text))
    collection = f"{IRI_PREFIX}annotations:{dataset.data_version}"
    return {
        "@context": CONTEXT_URL,
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"summitdata {dataset.data_version}: the evidence of every record",
        "total": len(items),
        "first": {"id": f"{collection}:page-1", "type": "AnnotationPage", "items": items},
    }


def dumps(dataset: Dataset) -> bytes:
    """The annotations as bytes (JSON-LD, 2-space indent, a final newline).

    >>> import summitdata
    >>> dumps(summitdata.load())[:40]
    b'{\\n  "@context": "http://www.w3.org/ns/an'
    """
    return dumps_json(collection(dataset))


def _has_anchors(node: Any) -> bool:
    if isinstance(node, f.Many):
        return _has_anchors(node.item)
    if isinstance(node, f.Nested):
        return node.cls is Anchor or any(_has_anchors(spec.type) for _, spec in f.field_specs(node.cls))
    return False


def _table() -> dict[str, dict[str, To]]:
    """Derived from the field model: the id is the body, every field holding anchors becomes
    annotations, and nothing else is kept (a consumer follows the body IRI to the record).
    """
    table: dict[str, dict[str, To]] = {}
    for kind in KINDS:
        rules: dict[str, To] = {}
        for name, spec in f.field_specs(kind.cls):
            if isinstance(spec.type, f.Id):
                rules[name] = To("body", "the record's IRI, urn:summitdata:<id>")
            elif _has_anchors(spec.type):
                rules[name] = To(
                    "Annotation",
                    "one annotation per anchor: target.source the article, TextQuoteSelector "
                    "(exact, prefix, suffix) and TextPositionSelector (start, end in code points)",
                )
            else:
                rules[name] = To(None, "not kept: only the body IRI names the record")
        table[kind.name] = rules
    return table


#: kind -> field -> where it goes (derived from the field model: see :func:`_table`).
TABLE = _table()

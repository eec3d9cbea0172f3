"""schema.org JSON-LD: one node per record in an ``@graph``, with the context inline.

The context (``contexts/schemaorg.jsonld`` in the package: ``@vocab`` ``https://schema.org/``)
is written into the document, so no processor fetches anything. Every node's ``@id`` is the
record's IRI (``urn:summitdata:<id>``); :data:`TABLE` says where each field goes, and
:data:`CLASSES` which schema.org class each kind becomes.

>>> import summitdata
>>> graph = jsonld(summitdata.load())["@graph"]
>>> sorted({node["@type"] for node in graph})[:4]
['City', 'Claim', 'Country', 'CreativeWork']
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..records import KINDS, Comparator, Kind, Role
from ._model import Table, To, dumps_json, iri, mapped, records_of

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["CLASSES", "CONTEXT", "EVENT_STATUS", "PLACE_CLASSES", "TABLE", "dumps", "jsonld"]

SCHEMA = "https://schema.org/"

#: The context written into every document (the bundled ``contexts/schemaorg.jsonld``).
CONTEXT: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("contexts", "schemaorg.jsonld").read_text(encoding="utf-8")
)["@context"]

#: The schema.org class of each kind (places: see :data:`PLACE_CLASSES`).
CLASSES: dict[str, str] = {
    "source": "NewsArticle",
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "summit": "Event",
    "speech": "Event",
    "claim": "Claim",
    "initiative": "CreativeWork",
}

#: The class of a place by its kind.
PLACE_CLASSES: dict[str, str] = {"country": "Country", "city": "City", "sea": "SeaBodyOfWater", "region": "Place"}

#: ``eventStatus`` by summit status; a proposed summit has none (schema.org has no such status).
EVENT_STATUS: dict[str, str | None] = {"held": "EventScheduled", "planned": "EventScheduled", "proposed": None}


def _ref(record_id: str) -> dict[str, str]:
    return {"@id": iri(record_id)}


def _property(name: str, value: Any) -> dict[str, Any]:
    return {"@type": "PropertyValue", "name": name, "value": value}


def _kind(value: Any, dataset: Dataset) -> dict[str, Any]:
    return _property("summitdata kind", value.value)


def _status(value: Any, dataset: Dataset) -> dict[str, Any]:
    return _property("summitdata status", value.value)


def _role(role: Role, wrapped: str, member: dict[str, str] | None) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Role", "roleName": role.title}
    if member is not None:
        node[wrapped] = member
    if role.as_of is not None:
        node["description"] = f"{role.title}, attested on {role.as_of.isoformat()}"
    return node


def _roles(roles: tuple[Role, ...], dataset: Dataset) -> list[dict[str, Any]]:
    return [_role(role, "memberOf", _ref(role.of) if role.of else None) for role in roles]


def _quantity(quantity: Any) -> dict[str, Any]:
    money = quantity.currency is not None
    node: dict[str, Any] = {"@type": "MonetaryAmount" if money else "QuantitativeValue"}
    if money:
        node["currency"] = quantity.currency
    else:
        node["unitText"] = quantity.unit
    bound = {Comparator.GT: "minValue", Comparator.GE: "minValue", Comparator.LT: "maxValue", Comparator.LE: "maxValue"}
    node[bound.get(quantity.comparator, "value")] = quantity.value
    node["description"] = quantity.text
    if money and quantity.period is not None:
        if quantity.period.start is not None:
            node["validFrom"] = quantity.period.start.isoformat()
        if quantity.period.end is not None:
            node["validThrough"] = quantity.period.end.isoformat()
    return node


def _quantities(quantities: tuple[Any, ...], dataset: Dataset) -> list[dict[str, Any]]:
    return [_quantity(quantity) for quantity in quantities]


def _articles(evidence: tuple[Any, ...], dataset: Dataset) -> list[dict[str, str]]:
    return [_ref(source) for source in dict.fromkeys(anchor.source for anchor in evidence)]


def _topics(topics: tuple[Any, ...], dataset: Dataset) -> str:
    return ", ".join(topic.value for topic in topics)


def _status_text(value: Any, dataset: Dataset) -> str:
    return str(value.value)


_EVIDENCE = To(None, "not kept (the annotations export keeps every anchor)")
_INFERRED = To(None, "not kept: schema.org has no place for the reason a value was inferred")
_ID = To("@id", "urn:summitdata:<id>", lambda value, dataset: iri(value))

#: kind -> field -> the schema.org property it becomes.
TABLE: Table = {
    "source": {
        "id": _ID,
        "file": To(None, "not kept: the name of the packaged text file"),
        "dateline": To("locationCreated"),
        "credits": To("contributor", "the organizations credited (photos)"),
        "reported_by": To("sourceOrganization"),
        "rights": To("copyrightNotice"),
        "text": To("text"),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "person": {
        "id": _ID,
        "name": To("name"),
        "aliases": To("alternateName"),
        "ambiguous_aliases": To(None, "not kept: the aliases are all in alternateName"),
        "identifiers": To(None, "not kept: the record's IRI names it"),
        "roles": To(
            "memberOf",
            "a Role (roleName; memberOf the organization or country); the as-of date only as text in "
            "description, since startDate would claim the title began that day",
            _roles,
        ),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "organization": {
        "id": _ID,
        "name": To("name"),
        "short_name": To("alternateName", "merged with the aliases: which one is the abbreviation is lost"),
        "aliases": To("alternateName"),
        "country": To("location"),
        "parent": To("parentOrganization"),
        "identifiers": To(None, "not kept: the record's IRI names it"),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "place": {
        "id": _ID,
        "name": To("name"),
        "kind": To("@type", "the class: Country, City, SeaBodyOfWater, or Place for a region", generic=False),
        "country": To("containedInPlace"),
        "aliases": To("alternateName"),
        "identifiers": To(None, "not kept: the record's IRI names it"),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "summit": {
        "id": _ID,
        "kind": To("additionalProperty", "a PropertyValue named 'summitdata kind'", _kind),
        "name": To("name"),
        "start": To("startDate", "reduced ISO 8601 precision (2025, 2025-10, 2025-10-10)"),
        "end": To("endDate", "reduced precision"),
        "place": To("location"),
        "status": To(
            "eventStatus",
            "EventScheduled for held and planned, none for proposed; the status itself as a PropertyValue "
            "named 'summitdata status' in additionalProperty",
            generic=False,
        ),
        "parent": To("superEvent", "the parent also lists this event in subEvent"),
        "participants": To("attendee"),
        "host": To("organizer"),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "speech": {
        "id": _ID,
        "speaker": To("performer", "the speaker is the performer of an Event (schema.org has no Speech)"),
        "role": To(
            "performer",
            "a Role wrapping the speaker (roleName); the country or organization of the title is lost",
            generic=False,
        ),
        "summit": To("superEvent"),
        "date": To("startDate", "reduced precision"),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
    "claim": {
        "id": _ID,
        "speakers": To("author"),
        "speech": To("recordedAt"),
        "summit": To("recordedAt", "merged with the speech: which one is the summit is lost"),
        "kind": To("additionalProperty", "a PropertyValue named 'summitdata kind'", _kind),
        "direct": To(
            "appearance",
            "a direct claim also gets a Quotation (text, spokenByCharacter, isPartOf the article) listed in appearance",
            generic=False,
        ),
        "text": To("text"),
        "topics": To("keywords", "comma-separated", _topics),
        "quantities": To(
            "mentions",
            "MonetaryAmount (currency; validFrom/validThrough from the period) or QuantitativeValue (unitText); "
            "> and >= as minValue, < and <= as maxValue, else value (so ~ and > lose their meaning); the "
            "printed figure in description; the kind (actual, forecast, target) is lost, and the period of a "
            "non-monetary figure",
            _quantities,
        ),
        "initiatives": To("about"),
        "about": To("about", "merged with the initiatives"),
        "evidence": To("appearance", "the articles of the anchors (the spans themselves: annotations)", _articles),
        "inferred": _INFERRED,
    },
    "initiative": {
        "id": _ID,
        "kind": To("genre"),
        "name": To("name"),
        "description": To("description"),
        "proposer": To("creator"),
        "status": To("creativeWorkStatus", "", _status_text),
        "topics": To("keywords", "comma-separated", _topics),
        "evidence": _EVIDENCE,
        "inferred": _INFERRED,
    },
}


def _node(record: Any, dataset: Dataset, sub_events: dict[str, list[str]]) -> list[dict[str, Any]]:
    kind = Kind.of(record).name
    node: dict[str, Any] = {"@type": CLASSES[kind]}
    node.update(mapped(record, TABLE, dataset, _ref))
    extra: list[dict[str, Any]] = []
    if kind == "place":
        node["@type"] = PLACE_CLASSES[record.kind.value]
    elif kind == "summit":
        status = EVENT_STATUS[record.status.value]
        if status is not None:
            node["eventStatus"] = {"@id": SCHEMA + status}
        node["additionalProperty"] = [node["additionalProperty"], _status(record.status, dataset)]
        if record.id in sub_events:
            node["subEvent"] = [_ref(child) for child in sub_events[record.id]]
    elif kind == "speech" and record.role is not None:
        node["performer"] = _role(record.role, "performer", node["performer"])
    elif kind == "claim":
        node["datePublished"] = _date(dataset, record)
        if record.direct:
            quotation = {
                "@id": iri(record.id) + "#quotation",
                "@type": "Quotation",
                "text": record.text,
                "spokenByCharacter": [_ref(speaker) for speaker in record.speakers],
                "isPartOf": _ref(record.evidence[0].source),
            }
            node["appearance"] = [*node["appearance"], {"@id": quotation["@id"]}]
            extra.append(quotation)
        if node["datePublished"] is None:
            del node["datePublished"]
    return [{"@id": node.pop("@id"), **node}, *extra]


def _date(dataset: Dataset, claim: Any) -> str | None:
    date = dataset.date_of(claim)
    return None if date is None else date.isoformat()


def jsonld(dataset: Dataset) -> dict[str, Any]:
    """The schema.org JSON-LD document of ``dataset``: the context and an ``@graph``.

    >>> import summitdata
    >>> doc = jsonld(summitdata.load())
    >>> doc["@context"]["@vocab"], doc["@graph"][0]["@type"]
    ('https://schema.org/', 'NewsArticle')
    """
    sub_events: dict[str, list[str]] = {}
    for summit in records_of(dataset, Kind.named("summit")):
        if summit.parent is not None:
            sub_events.setdefault(summit.parent, []).append(summit.id)
    graph = [
        node for kind in KINDS for record in records_of(dataset, kind) for node in _node(record, dataset, sub_events)
    ]
    return {"@context": CONTEXT, "@graph": graph}


def dumps(dataset: Dataset) -> bytes:
    """The JSON-LD document as bytes (2-space indent, a final newline).

    >>> import summitdata
    >>> b'"@type": "Claim"' in dumps(summitdata.load())
    True
    """
    return dumps_json(jsonld(dataset))

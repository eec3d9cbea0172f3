"""Popolo JSON: persons, organizations, areas, memberships, events and speeches.

One document with Popolo's arrays. Ids are summitdata's own (``person:...``); every person,
organization and event also lists it in ``identifiers`` (scheme ``summitdata``), and every
item lists the articles it comes from in ``sources`` (``urn:summitdata:<source id>``). A
person's titles become ``memberships``; summits become ``events``; speeches, and the claims
made in them, become ``speeches`` (``type`` ``speech``, ``direct quotation`` or ``reported
speech``). :data:`TABLE` says where each field goes.

>>> import summitdata
>>> doc = popolo(summitdata.load())
>>> list(doc)
['persons', 'organizations', 'areas', 'memberships', 'events', 'speeches']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fields import field_specs
from ..records import Initiative, Kind, Source
from ._model import Table, To, dumps_json, iri, mapped, records_of

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["ARRAYS", "TABLE", "dumps", "popolo"]

#: The Popolo array each kind of record becomes (``None``: not exported).
ARRAYS: dict[str, str | None] = {
    "source": None,
    "person": "persons",
    "organization": "organizations",
    "place": "areas",
    "summit": "events",
    "speech": "speeches",
    "claim": "speeches",
    "initiative": None,
}


def _plain_id(record_id: str) -> str:
    return record_id


def _links(evidence: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"url": iri(source)} for source in dict.fromkeys(anchor.source for anchor in evidence)]


def _sources(evidence: tuple[Any, ...], dataset: Dataset) -> list[dict[str, str]]:
    return _links(evidence)


def _names(names: tuple[str, ...], dataset: Dataset) -> list[dict[str, str]]:
    return [{"name": name} for name in names]


def _own_identifiers(identifiers: tuple[Any, ...], dataset: Dataset) -> list[dict[str, str]]:
    return [{"scheme": i.scheme, "identifier": i.identifier} for i in identifiers]


def _short_name(name: str, dataset: Dataset) -> list[dict[str, str]]:
    return [{"name": name, "note": "abbreviation"}]


def _place_name(place_id: str, dataset: Dataset) -> str:
    return str(dataset.places.get(place_id).name)


def _organization_only(actor_id: str, dataset: Dataset) -> str | None:
    return actor_id if actor_id.startswith("organization:") else None


def _people_only(actor_ids: tuple[str, ...], dataset: Dataset) -> list[dict[str, str]]:
    return [{"id": a, "name": dataset.people.get(a).name} for a in actor_ids if a.startswith("person:")]


def _role_title(role: Any, dataset: Dataset) -> str:
    return str(role.title)


def _sole_person(speakers: tuple[str, ...], dataset: Dataset) -> str | None:
    return speakers[0] if len(speakers) == 1 and speakers[0].startswith("person:") else None


def _direct(direct: bool, dataset: Dataset) -> str:
    return "direct quotation" if direct else "reported speech"


_ID = To("id", "the summitdata id, also in identifiers (scheme summitdata) for persons, organizations, events")
_SOURCES = To("sources", "the articles, as urn:summitdata:<source id> links; the spans are lost", _sources)
_INFERRED = To(None, "not kept: Popolo has no place for the reason a value was inferred")

_IDENTIFIERS = To("identifiers", "{scheme, identifier}, as Popolo has them, after the summitdata id", _own_identifiers)

#: kind -> field -> the Popolo property it becomes.
TABLE: Table = {
    "source": dict.fromkeys(
        (name for name, _ in field_specs(Source)),
        To(None, "not kept: Popolo has no article; items link to it in sources"),
    ),
    "person": {
        "id": _ID,
        "name": To("name"),
        "aliases": To("other_names", "", _names),
        "ambiguous_aliases": To(None, "not kept: the aliases are all in other_names"),
        "identifiers": To(
            "identifiers", "{scheme, identifier}, as Popolo has them, after the summitdata id", _own_identifiers
        ),
        "roles": To(
            "memberships",
            "one membership per title: role, organization_id (or area_id for a country), label; the as-of "
            "date only in the label (start_date would claim the title began that day); its anchor's article "
            "in sources",
            generic=False,
        ),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "organization": {
        "id": _ID,
        "name": To("name"),
        "short_name": To("other_names", "with note 'abbreviation'", _short_name),
        "aliases": To("other_names", "", _names),
        "country": To("area_id"),
        "parent": To("parent_id"),
        "identifiers": To(
            "identifiers", "{scheme, identifier}, as Popolo has them, after the summitdata id", _own_identifiers
        ),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "place": {
        "id": To("id"),
        "name": To("name"),
        "kind": To("classification"),
        "country": To("parent_id"),
        "aliases": To(None, "not kept: a Popolo area has no other names"),
        "identifiers": To(
            "identifiers", "{scheme, identifier}, as Popolo has them, after the summitdata id", _own_identifiers
        ),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "summit": {
        "id": _ID,
        "kind": To("classification"),
        "name": To("name"),
        "start": To("start_date", "reduced ISO 8601 precision, as Popolo allows"),
        "end": To("end_date", "reduced precision"),
        "place": To("location", "the place's name (Popolo's location is text); the place id is lost", _place_name),
        "status": To("status"),
        "parent": To("parent_id"),
        "participants": To(
            "attendees", "the people only ({id, name}); organizations and countries taking part are lost", _people_only
        ),
        "host": To(
            "organization_id",
            "only when the host is an organization; a host person or country is lost",
            _organization_only,
        ),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "speech": {
        "id": To("id"),
        "speaker": To("creator_id"),
        "role": To("role", "the title; the organization or country of the title and its date are lost", _role_title),
        "summit": To("event_id"),
        "date": To(None, "not kept: Popolo's speech date is a date-time; the event's start_date gives the day"),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "claim": {
        "id": To("id"),
        "speakers": To(
            "creator_id",
            "only when the one speaker is a person; several speakers or an organization or country speaking are lost",
            _sole_person,
        ),
        "speech": To(None, "not kept: Popolo speeches do not nest (the claim and its speech share event_id)"),
        "summit": To("event_id"),
        "kind": To(None, "not kept: Popolo has no vocabulary for what a statement does"),
        "direct": To("type", "'direct quotation' or 'reported speech'", _direct),
        "text": To("text"),
        "topics": To(None, "not kept"),
        "quantities": To(None, "not kept"),
        "initiatives": To(None, "not kept"),
        "about": To(None, "not kept: a Popolo speech has no subject"),
        "evidence": _SOURCES,
        "inferred": _INFERRED,
    },
    "initiative": dict.fromkeys(
        (name for name, _ in field_specs(Initiative)), To(None, "not kept: Popolo has no class for an initiative")
    ),
}


def _identifiers(record_id: str) -> list[dict[str, str]]:
    return [{"scheme": "summitdata", "identifier": record_id}]


def _memberships(person: Any) -> list[dict[str, Any]]:
    out = []
    for position, role in enumerate(person.roles):
        membership: dict[str, Any] = {"id": f"{person.id}#roles.{position}", "person_id": person.id, "role": role.title}
        if role.of is not None:
            membership["organization_id" if role.of.startswith("organization:") else "area_id"] = role.of
        label = role.title if role.as_of is None else f"{role.title}, attested on {role.as_of.isoformat()}"
        membership["label"] = label
        membership["sources"] = _links(role.evidence)
        out.append(membership)
    return out


def popolo(dataset: Dataset) -> dict[str, Any]:
    """The Popolo document of ``dataset``: every array, items sorted by kind and id.

    >>> import summitdata
    >>> doc = popolo(summitdata.load())
    >>> doc["memberships"][0]["role"], doc["persons"][0]["identifiers"][0]["scheme"]
    ('Chairman', 'summitdata')
    """
    doc: dict[str, list[dict[str, Any]]] = {
        name: [] for name in ("persons", "organizations", "areas", "memberships", "events", "speeches")
    }
    for kind_name, array in ARRAYS.items():
        if array is None:
            continue
        for record in records_of(dataset, Kind.named(kind_name)):
            item = mapped(record, TABLE, dataset, _plain_id)
            if kind_name in ("person", "organization", "summit"):
                item["identifiers"] = [*_identifiers(record.id), *item.get("identifiers", ())]
            if kind_name == "speech":
                item["type"] = "speech"
            if kind_name == "person":
                doc["memberships"].extend(_memberships(record))
            doc[array].append(item)
    return doc


def dumps(dataset: Dataset) -> bytes:
    """The Popolo document as bytes (2-space indent, a final newline).

    >>> import summitdata
    >>> b'"memberships"' in dumps(summitdata.load())
    True
    """
    return dumps_json(popolo(dataset))

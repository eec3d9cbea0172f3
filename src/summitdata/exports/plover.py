"""PLOVER event records, as JSON Lines: one per claim and one per held or planned meeting.

The field names are PLOVER's (``id``, ``has_event``, ``date``, ``enddate``, ``actor``,
``recipient``, ``event``, ``mode``, ``context``, ``event_text``, ``comment``); summitdata's
own additions start with ``summitdata_``. The event type comes from :data:`CLAIM_EVENTS`
(what a claim does) and :data:`SUMMIT_EVENTS` (a held or planned meeting); the context from
:data:`TOPIC_CONTEXTS`. A claim with no PLOVER category is still written, with
``has_event`` false, an empty ``event`` and a ``comment`` saying why: it is not forced into
a category.

>>> import summitdata
>>> records = plover(summitdata.load())
>>> records[0]["id"], records[0]["event"], records[0]["context"]
('claim:2025-10-10-cis-council-01', ['REQUEST'], ['diplomatic', 'economic'])
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..dates import PartialDate
from ..fields import field_specs
from ..records import KINDS, ClaimKind, Kind, SummitKind, SummitStatus, Topic
from ._model import Table, To, iri, records_of

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = [
    "CLAIM_EVENTS",
    "EVENT_TYPES",
    "SUMMIT_EVENTS",
    "SUMMIT_MODES",
    "SUMMIT_NOT_EVENTS",
    "TABLE",
    "TOPIC_CONTEXTS",
    "plover",
]

#: PLOVER's 16 event types.
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

_COMMENT = "PLOVER dropped CAMEO's comment categories (01, 02): "

#: What a claim does -> (PLOVER event type or ``None``, why).
CLAIM_EVENTS: dict[ClaimKind, tuple[str | None, str]] = {
    ClaimKind.STATES: (None, _COMMENT + "a statement is not an event"),
    ClaimKind.ASSESSES: (None, _COMMENT + "an assessment is not an event"),
    ClaimKind.EMPHASIZES: (None, _COMMENT + "an emphasis is not an event"),
    ClaimKind.WARNS: (None, "a warning of a danger, not a threat against a recipient (THREATEN)"),
    ClaimKind.URGES: ("REQUEST", "all requests, demands and orders"),
    ClaimKind.CALLS: ("REQUEST", "all requests, demands and orders"),
    ClaimKind.INVITES: ("AGREE", "invitations for visits are coded AGREE (manual, CONSULT)"),
    ClaimKind.PROPOSES: ("AGREE", "offer or indicate willingness to cooperate"),
    ClaimKind.SUPPORTS: ("SUPPORT", "express support for, approve policy, action or actor"),
    ClaimKind.WELCOMES: ("SUPPORT", "approve an action or actor"),
    ClaimKind.CONGRATULATES: ("SUPPORT", "commend an actor"),
    ClaimKind.RECALLS: (None, _COMMENT + "recalling the past is not an event"),
    ClaimKind.ANNOUNCES: (None, "an announcement is coded by what is announced, which the record does not classify"),
    ClaimKind.COMMITS: ("AGREE", "promise or commitment to cooperate"),
    ClaimKind.THANKS: ("SUPPORT", "commend an actor"),
    ClaimKind.FORECASTS: (None, _COMMENT + "a forecast is not an event"),
    ClaimKind.REPORTS: (None, _COMMENT + "a reported figure is not an event"),
}

#: A summit's status -> (event type or ``None``, why); proposed summits are not exported.
SUMMIT_EVENTS: dict[SummitStatus, tuple[str | None, str]] = {
    SummitStatus.HELD: ("CONSULT", "all consultations and meetings"),
    SummitStatus.PLANNED: ("AGREE", "future meetings and summits are coded AGREE (manual, CONSULT)"),
    SummitStatus.PROPOSED: (None, "not exported: a proposal to meet is neither held nor agreed"),
}

#: The CONSULT mode of a held summit by its kind (``None``: no mode; all participants are actors).
SUMMIT_MODES: dict[SummitKind, str | None] = {
    SummitKind.SUMMIT: "multilateral",
    SummitKind.COUNCIL_MEETING: "multilateral",
    SummitKind.FORUM: "multilateral",
    SummitKind.CONGRESS: "multilateral",
    SummitKind.UN_SESSION: "multilateral",
    SummitKind.STATE_VISIT: "visit",
    SummitKind.VISIT: "visit",
    SummitKind.BILATERAL_MEETING: None,
    SummitKind.MEETING: None,
    SummitKind.CHAIRMANSHIP: None,
    SummitKind.ANNIVERSARY: None,
}

#: The kinds of event that are no meeting, so no PLOVER event: kind -> why (they are not exported).
SUMMIT_NOT_EVENTS: dict[SummitKind, str] = {
    SummitKind.CHAIRMANSHIP: "not exported: a chairmanship term is no meeting",
    SummitKind.ANNIVERSARY: "not exported: an anniversary is no meeting",
}

#: Topic -> PLOVER context (``None``: no PLOVER context fits).
TOPIC_CONTEXTS: dict[Topic, str | None] = {
    Topic.AGRICULTURE: None,
    Topic.CULTURE: None,
    Topic.DEVELOPMENT: "economic",
    Topic.DIALOGUE: "diplomatic",
    Topic.DIGITAL: "technology",
    Topic.ECONOMY: "economic",
    Topic.EDUCATION: None,
    Topic.EMERGENCIES: "disasters",
    Topic.ENERGY: "natural_resource",
    Topic.ENVIRONMENT: "environment",
    Topic.HISTORY: None,
    Topic.INTEGRATION: "diplomatic",
    Topic.INTERNATIONAL_LAW: "legal",
    Topic.INVESTMENT: "economic",
    Topic.NEUTRALITY: "diplomatic",
    Topic.PEACE: None,
    Topic.RELIGION: "religion_ethnicity",
    Topic.SECURITY: None,
    Topic.TRADE: "economic",
    Topic.TRANSPORT: None,
    Topic.UN_REFORM: "diplomatic",
    Topic.WATER: "human_security",
}

_DATE = (
    "date is YYYY-MM-DD only when the day is known; a month or year becomes its first day in date and its "
    "last day in enddate, the reduced date in summitdata_date"
)
_INFERRED = To(None, "not kept: PLOVER has no place for the reason a value was inferred")
_NOT_EXPORTED = To(None, "not exported: PLOVER codes events, not entities; actors appear by id and name")

#: kind -> field -> the PLOVER field it becomes (claims and summits; other kinds are not events).
TABLE: Table = {
    "claim": {
        "id": To("id"),
        "speakers": To("actor", "[{id, name}]"),
        "speech": To(None, "not kept: only its date is used"),
        "summit": To("summitdata_summit", "the summit id (not a PLOVER field); its place is event_loc"),
        "kind": To("event", "by the claim-event crosswalk below; has_event false when no category fits"),
        "direct": To("summitdata_direct", "not a PLOVER field"),
        "text": To("event_text", "the anchored sentence or clause"),
        "topics": To("context", "by the topic-context crosswalk below; topics with no PLOVER context are lost"),
        "quantities": To(None, "not kept: PLOVER has no figures"),
        "initiatives": To(None, "not kept"),
        "about": To(None, "not kept: PLOVER has no field for the record a statement is about"),
        "evidence": To("summitdata_source", "the article of the first anchor; the spans are lost"),
        "inferred": _INFERRED,
    },
    "summit": {
        "id": To("id"),
        "kind": To("mode", "by the summit-mode table below"),
        "name": To("event_text", "the name, as the articles give it"),
        "start": To("date", _DATE),
        "end": To("enddate", "the last day of the end date"),
        "place": To("event_loc", "{id, name}"),
        "status": To("event", "held -> CONSULT, planned -> AGREE; proposed summits are not exported"),
        "parent": To(None, "not kept"),
        "participants": To("actor", "[{id, name}]; for a visit, everyone but the host"),
        "host": To("recipient", "for a visit (the host is the recipient); otherwise an actor"),
        "evidence": To("summitdata_source", "the article of the first anchor; the spans are lost"),
        "inferred": _INFERRED,
    },
    **{
        kind.name: dict.fromkeys((name for name, _ in field_specs(kind.cls)), _NOT_EXPORTED)
        for kind in KINDS
        if kind.name not in ("claim", "summit")
    },
}


def _entity(dataset: Dataset, actor_id: str) -> dict[str, str]:
    record: Any = dataset.get(actor_id)
    return {"id": actor_id, "name": record.name}


def _dates(date: PartialDate | None) -> dict[str, Any]:
    if date is None:
        return {"date": None, "summitdata_date": None}
    out: dict[str, Any] = {"date": date.first_day().isoformat()}
    if date.day is None:
        out["enddate"] = date.last_day().isoformat()
    out["summitdata_date"] = date.isoformat()
    return out


def _claim(dataset: Dataset, claim: Any) -> dict[str, Any]:
    event, why = CLAIM_EVENTS[claim.kind]
    contexts = [TOPIC_CONTEXTS[topic] for topic in claim.topics]
    record: dict[str, Any] = {
        "id": claim.id,
        "has_event": event is not None,
        **_dates(dataset.date_of(claim)),
        "actor": [_entity(dataset, speaker) for speaker in claim.speakers],
        "recipient": [],
        "event": [] if event is None else [event],
        "mode": [],
        "context": sorted({context for context in contexts if context is not None}),
        "event_text": [claim.text],
    }
    if claim.summit is not None:
        summit = dataset.summits.get(claim.summit)
        if summit.place is not None:
            record["event_loc"] = _entity(dataset, summit.place)
    record["comment"] = f"{claim.kind.value}: {why}" if event is None else f"{claim.kind.value} -> {event}: {why}"
    record["summitdata_kind"] = claim.kind.value
    record["summitdata_direct"] = claim.direct
    record["summitdata_summit"] = claim.summit
    record["summitdata_source"] = iri(claim.evidence[0].source)
    return record


def _summit(dataset: Dataset, summit: Any) -> dict[str, Any] | None:
    event, why = SUMMIT_EVENTS[summit.status]
    if event is None or summit.kind in SUMMIT_NOT_EVENTS:
        return None
    mode = SUMMIT_MODES[summit.kind] if event == "CONSULT" else None
    visit = mode == "visit" and summit.host is not None
    actors = [a for a in summit.participants if not (visit and a == summit.host)]
    if summit.host is not None and not visit and summit.host not in actors:
        actors.append(summit.host)
    dates = _dates(summit.start)
    if summit.end is not None and summit.end != summit.start:
        dates["enddate"] = summit.end.last_day().isoformat()
    record: dict[str, Any] = {
        "id": summit.id,
        "has_event": True,
        **dates,
        "actor": [_entity(dataset, actor) for actor in actors],
        "recipient": [_entity(dataset, summit.host)] if visit else [],
        "event": [event],
        "mode": [] if mode is None else [mode],
        "context": ["diplomatic"],
        "event_text": [summit.name],
    }
    if summit.place is not None:
        record["event_loc"] = _entity(dataset, summit.place)
    record["comment"] = f"{summit.status.value} {summit.kind.value} -> {event}: {why}"
    record["summitdata_kind"] = summit.kind.value
    record["summitdata_source"] = iri(summit.evidence[0].source)
    return record


def plover(dataset: Dataset) -> list[dict[str, Any]]:
    """The PLOVER records of ``dataset``: claims by id, then held and planned meetings by id
    (a chairmanship term or an anniversary is no meeting: ``SUMMIT_NOT_EVENTS``).

    >>> import summitdata
    >>> records = plover(summitdata.load())
    >>> sorted({event for r in records for event in r["event"]})
    ['AGREE', 'CONSULT', 'REQUEST', 'SUPPORT']
    """
    records = [_claim(dataset, claim) for claim in records_of(dataset, Kind.named("claim"))]
    for summit in records_of(dataset, Kind.named("summit")):
        record = _summit(dataset, summit)
        if record is not None:
            records.append(record)
    return records


def dumps(dataset: Dataset) -> bytes:
    """The PLOVER records as JSON Lines: compact, characters not escaped, ``\\n`` after each.

    >>> import summitdata
    >>> dumps(summitdata.load()).count(b"\\n") == len(plover(summitdata.load()))
    True
    """
    lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in plover(dataset))
    return "".join(line + "\n" for line in lines).encode("utf-8")

"""Hypothesis strategies shared by the test modules: values, records, consistent datasets, damaged documents."""

from __future__ import annotations

import calendar
import copy
import json
from typing import Any

from hypothesis import strategies as st

import summitdata
from summitdata import (
    Anchor,
    Claim,
    ClaimKind,
    Comparator,
    Identifier,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Measure,
    Organization,
    PartialDate,
    Period,
    Person,
    Place,
    PlaceKind,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Speech,
    Summit,
    SummitKind,
    SummitStatus,
    Topic,
)

# --- strategies for values -------------------------------------------------------------

characters = st.characters(exclude_categories=("Cs",))  # any Unicode text, no lone surrogates
any_text = st.text(characters, min_size=1, max_size=30)
clean_text = any_text.map(str.strip).filter(bool)
slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision == "year":
        return PartialDate(year=year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year=year, month=month)
    return PartialDate(year=year, month=month, day=draw(st.integers(1, calendar.monthrange(year, month)[1])))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start, end = draw(st.one_of(st.none(), partial_dates())), draw(st.one_of(st.none(), partial_dates()))
    if start is not None and end is not None and end.last_day() < start.first_day():
        start, end = end, start
        if end.last_day() < start.first_day():
            end = start
    return Period(start=start, end=end)


numbers = st.one_of(
    st.integers(-(10**18) + 1, 10**18 - 1),
    st.floats(min_value=-1e17, max_value=1e17, allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-7, -2.5e-5, 0.1, 1e16, 123456789.125]),
)

quantities = st.builds(
    Quantity,
    value=numbers,
    unit=clean_text,
    currency=st.one_of(st.none(), st.from_regex(r"[A-Z]{3}", fullmatch=True)),
    comparator=st.sampled_from(Comparator),
    kind=st.sampled_from(QuantityKind),
    measure=st.one_of(st.none(), st.sampled_from(Measure)),
    period=st.one_of(st.none(), periods()),
    text=clean_text,
)
# Keys of `inferred` are paths of the record's own fields; every record has these.
notes = st.dictionaries(
    st.from_regex(r"(id|evidence)(\[[0-9]\](\.(start|end|text))?)?", fullmatch=True), clean_text, max_size=2
)
topic_tuples = st.lists(st.sampled_from(Topic), unique=True, max_size=4).map(tuple)


def ids(kind: str) -> st.SearchStrategy[str]:
    return slugs.map(lambda s: f"{kind}:{s}")


@st.composite
def anchors(draw: st.DrawFn, text: st.SearchStrategy[str] = any_text) -> Anchor:
    value = draw(text)
    start = draw(st.integers(0, 10**6))
    return Anchor(source=draw(ids("source")), start=start, end=start + len(value), text=value)


evidence = st.lists(anchors(), min_size=1, max_size=3).map(tuple)
roles = st.builds(
    Role,
    title=clean_text,
    of=st.one_of(st.none(), ids("organization"), ids("place")),
    as_of=st.one_of(st.none(), partial_dates()),
    evidence=evidence,
)
actors = st.one_of(ids("person"), ids("organization"), ids("place"))
aliases = st.lists(clean_text, unique=True, max_size=3).map(tuple)
identifiers = st.lists(
    st.builds(Identifier, scheme=st.sampled_from(["isni", "wikidata"]), identifier=clean_text), unique=True, max_size=2
).map(tuple)


def id_tuple(strategy: st.SearchStrategy[str], min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(strategy, unique=True, min_size=min_size, max_size=3).map(tuple)


@st.composite
def summits(draw: st.DrawFn) -> Summit:
    period = draw(periods())
    record_id = draw(ids("summit"))
    parent = draw(st.one_of(st.none(), ids("summit")).filter(lambda p: p != record_id))
    return Summit(
        id=record_id,
        kind=draw(st.sampled_from(SummitKind)),
        name=draw(clean_text),
        start=period.start,
        end=period.end,
        place=draw(st.one_of(st.none(), ids("place"))),
        status=draw(st.sampled_from(SummitStatus)),
        parent=parent,
        participants=draw(id_tuple(actors)),
        host=draw(st.one_of(st.none(), actors)),
        evidence=draw(evidence),
        inferred=draw(notes),
    )


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    first = draw(anchors(clean_text))
    return Claim(
        id=draw(ids("claim")),
        speakers=draw(id_tuple(actors, 1)),
        speech=draw(st.one_of(st.none(), ids("speech"))),
        summit=draw(st.one_of(st.none(), ids("summit"))),
        kind=draw(st.sampled_from(ClaimKind)),
        direct=draw(st.booleans()),
        text=first.text,
        topics=draw(topic_tuples),
        quantities=tuple(draw(st.lists(quantities, max_size=2))),
        initiatives=draw(id_tuple(ids("initiative"))),
        evidence=(first, *draw(st.lists(anchors(), max_size=2))),
        inferred=draw(notes),
    )


RECORD_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    Anchor: anchors(),
    Quantity: quantities,
    Period: periods(),
    Role: roles,
    Source: st.builds(
        Source,
        id=ids("source"),
        file=clean_text,
        dateline=st.one_of(st.none(), ids("place")),
        credits=id_tuple(ids("organization")),
        reported_by=id_tuple(ids("organization")),
        rights=st.one_of(st.none(), clean_text),
        text=st.text(characters, max_size=200),
        evidence=evidence,
        inferred=notes,
    ),
    Person: st.builds(
        Person,
        id=ids("person"),
        name=clean_text,
        aliases=aliases,
        roles=st.lists(roles, max_size=2).map(tuple),
        evidence=evidence,
        inferred=notes,
    ),
    Organization: st.builds(
        Organization,
        id=ids("organization"),
        name=clean_text,
        short_name=st.one_of(st.none(), clean_text),
        aliases=aliases,
        country=st.one_of(st.none(), ids("place")),
        evidence=evidence,
        inferred=notes,
    ),
    Place: st.builds(
        Place,
        id=ids("place"),
        name=clean_text,
        kind=st.sampled_from(PlaceKind),
        country=st.one_of(st.none(), ids("place")),
        aliases=aliases,
        evidence=evidence,
        inferred=notes,
    ),
    Summit: summits(),
    Speech: st.builds(
        Speech,
        id=ids("speech"),
        speaker=ids("person"),
        role=st.one_of(st.none(), roles),
        summit=ids("summit"),
        date=st.one_of(st.none(), partial_dates()),
        evidence=evidence,
        inferred=notes,
    ),
    Claim: claims(),
    Initiative: st.builds(
        Initiative,
        id=ids("initiative"),
        kind=st.sampled_from(InitiativeKind),
        name=clean_text,
        description=st.one_of(st.none(), clean_text),
        proposer=st.one_of(st.none(), actors),
        status=st.sampled_from(InitiativeStatus),
        topics=topic_tuples,
        evidence=evidence,
        inferred=notes,
    ),
}


# --- consistent datasets ---------------------------------------------------------------


class _Articles:
    """Source texts grown while records are drawn, so that every anchor is real."""

    def __init__(self, draw: st.DrawFn, count: int) -> None:
        self.draw = draw
        self.ids = [f"source:s{i}" for i in range(count)]
        self.parts: list[list[str]] = [[draw(st.text(characters, max_size=8))] for _ in range(count)]

    def anchor(self, text: str | None = None) -> Anchor:
        index = self.draw(st.integers(0, len(self.ids) - 1))
        value = text if text is not None else self.draw(any_text)
        start = sum(len(p) for p in self.parts[index])
        self.parts[index].extend([value, self.draw(st.text(characters, max_size=5))])
        return Anchor(source=self.ids[index], start=start, end=start + len(value), text=value)

    def evidence(self) -> tuple[Anchor, ...]:
        return tuple(self.anchor() for _ in range(self.draw(st.integers(1, 2))))


@st.composite
def datasets(draw: st.DrawFn) -> summitdata.Dataset:
    articles = _Articles(draw, draw(st.integers(1, 3)))
    pick = draw

    def maybe(values: list[str]) -> str | None:
        return pick(st.one_of(st.none(), st.sampled_from(values))) if values else None

    def some(values: list[str], min_size: int = 0) -> tuple[str, ...]:
        if not values:
            return ()
        return tuple(pick(st.lists(st.sampled_from(values), unique=True, min_size=min_size, max_size=3)))

    countries = [f"place:country-{i}" for i in range(draw(st.integers(1, 3)))]
    places = [
        Place(
            id=c,
            name=draw(clean_text),
            kind=PlaceKind.COUNTRY,
            identifiers=draw(identifiers),
            evidence=articles.evidence(),
            inferred=draw(notes),
        )
        for c in countries
    ]
    for i in range(draw(st.integers(0, 3))):
        places.append(
            Place(
                id=f"place:other-{i}",
                name=draw(clean_text),
                kind=draw(st.sampled_from([PlaceKind.CITY, PlaceKind.SEA, PlaceKind.REGION])),
                country=maybe(countries),
                aliases=draw(aliases),
                evidence=articles.evidence(),
            )
        )
    place_ids = [p.id for p in places]
    orgs = [
        Organization(
            id=f"organization:o{i}",
            name=draw(clean_text),
            short_name=draw(st.one_of(st.none(), clean_text)),
            country=maybe(countries),
            parent=maybe([f"organization:o{j}" for j in range(i)]),  # an earlier one: never a cycle
            evidence=articles.evidence(),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    org_ids = [o.id for o in orgs]

    def role() -> Role:
        return Role(
            title=draw(clean_text),
            of=maybe(countries + org_ids),
            as_of=draw(st.one_of(st.none(), partial_dates())),
            evidence=articles.evidence(),
        )

    def person(i: int) -> Person:
        names = draw(aliases)
        # every alias marked ambiguous: random aliases may be shared, and marking one that is not is allowed
        return Person(
            id=f"person:p{i}",
            name=draw(clean_text),
            aliases=names,
            ambiguous_aliases=names,
            identifiers=draw(identifiers),
            roles=tuple(role() for _ in range(draw(st.integers(0, 2)))),
            evidence=articles.evidence(),
            inferred=draw(notes),
        )

    people = [person(i) for i in range(draw(st.integers(1, 3)))]
    person_ids = [p.id for p in people]
    actors_ = person_ids + org_ids + countries
    summit_records: list[Summit] = []
    for i in range(draw(st.integers(1, 3))):
        period = draw(periods())
        summit_records.append(
            Summit(
                id=f"summit:m{i}",
                kind=draw(st.sampled_from(SummitKind)),
                name=draw(clean_text),
                start=period.start,
                end=period.end,
                place=maybe(place_ids),
                status=draw(st.sampled_from(SummitStatus)),
                parent=maybe([s.id for s in summit_records]),
                participants=some(actors_),
                host=maybe(actors_),
                evidence=articles.evidence(),
            )
        )
    summit_ids = [s.id for s in summit_records]
    speeches = [
        Speech(
            id=f"speech:t{i}",
            speaker=draw(st.sampled_from(person_ids)),
            role=role() if draw(st.booleans()) else None,
            summit=draw(st.sampled_from(summit_ids)),
            date=draw(st.one_of(st.none(), partial_dates())),
            evidence=articles.evidence(),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    initiatives = [
        Initiative(
            id=f"initiative:n{i}",
            kind=draw(st.sampled_from(InitiativeKind)),
            name=draw(clean_text),
            description=draw(st.one_of(st.none(), clean_text)),
            proposer=maybe(actors_),
            status=draw(st.sampled_from(InitiativeStatus)),
            topics=draw(topic_tuples),
            evidence=articles.evidence(),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    claim_records = []
    for i in range(draw(st.integers(0, 5))):
        first = articles.anchor(draw(clean_text))
        speech = draw(st.one_of(st.none(), st.sampled_from(speeches))) if speeches else None
        claim_records.append(
            Claim(
                id=f"claim:c{i}",
                speakers=some(actors_, 1),
                speech=None if speech is None else speech.id,
                summit=speech.summit if speech is not None else maybe(summit_ids),
                kind=draw(st.sampled_from(ClaimKind)),
                direct=draw(st.booleans()),
                text=first.text,
                topics=draw(topic_tuples),
                quantities=tuple(draw(st.lists(quantities, max_size=2))),
                initiatives=some([n.id for n in initiatives]),
                about=some(place_ids + org_ids),
                evidence=(first, *articles.evidence()),
                inferred=draw(notes),
            )
        )
    sources = []
    for i, source_id in enumerate(articles.ids):
        own = articles.anchor()  # may land in another source: the evidence of a source is any anchor
        sources.append(
            Source(
                id=source_id,
                file=f"s{i}.txt",
                dateline=maybe(place_ids),
                credits=some(org_ids),
                reported_by=some(org_ids),
                rights=draw(st.one_of(st.none(), clean_text)),
                text="",
                evidence=(own,),
            )
        )
    texts = ["".join(parts) for parts in articles.parts]
    sources = [
        Source(
            id=s.id,
            file=s.file,
            dateline=s.dateline,
            credits=s.credits,
            reported_by=s.reported_by,
            rights=s.rights,
            text=text,
            evidence=s.evidence,
        )
        for s, text in zip(sources, texts, strict=True)
    ]
    return summitdata.Dataset(
        data_version=draw(clean_text),
        sources=sources,
        people=people,
        organizations=orgs,
        places=places,
        summits=summit_records,
        speeches=speeches,
        claims=claim_records,
        initiatives=initiatives,
    )


# --- random damage -----------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(characters, max_size=12),
        st.sampled_from(["person:p0", "place:country-0", "source:s0", "summit:m0", "2025-02-30", "2025-13", "1.0"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(["json", "jsonl"]))
    ds = draw(datasets())
    document = json.loads(summitdata.dumps(ds))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        action = draw(st.sampled_from(["replace", "delete", "add", "shift"]))
        if not path:
            document = draw(json_values) if action == "replace" else document
            continue
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(json_values)
        elif action == "add":
            parent.insert(key, copy.deepcopy(parent[key]))
        elif isinstance(parent[key], int) and not isinstance(parent[key], bool):
            parent[key] += draw(st.sampled_from([-1, 1, 10**6]))
    if fmt == "jsonl" and isinstance(document, dict):
        lines = [{"type": "dataset", **{k: v for k, v in document.items() if not isinstance(v, list)}}]
        for _, kind, plural in summitdata.records.RECORD_TYPES:
            items = document.get(plural)
            for item in items if isinstance(items, list) else []:
                lines.append({"type": kind, **item} if isinstance(item, dict) else item)
        data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8", "surrogatepass")
    else:
        data = json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    if cut is not None:
        data = data[:cut]
    if draw(st.booleans()):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
    return fmt, data


@st.composite
def damaged_records(draw: st.DrawFn) -> tuple[type[Any], Any]:
    cls = draw(st.sampled_from(list(RECORD_STRATEGIES)))
    data: Any = summitdata.to_dict(draw(RECORD_STRATEGIES[cls]))
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(json_values)
    return cls, data


#: Pieces of JSON that break a document when put anywhere in it.
DAMAGE = ('"', ":", ",", " ", "\n", "{", "}", "[", "]", '\\"', "\\ud800", "NaN", "1e400", "-0", "9223372036854775808")


@st.composite
def damaged_texts(draw: st.DrawFn, text: str, pieces: tuple[str, ...] = DAMAGE) -> str:
    """``text`` damaged one to three times: a piece of ``pieces`` put in, or up to 12 characters cut out."""
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:where] + draw(st.sampled_from(pieces)) + text[where:]
        else:
            text = text[:where] + text[where + draw(st.integers(1, 12)) :]
    return text

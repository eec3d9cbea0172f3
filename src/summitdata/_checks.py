"""Checks across records: anchors against their articles, references, unique ids, cycles of
parents, aliases shared by two people.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import chain
from operator import attrgetter
from typing import Any

from ._codegen import links_collector
from .errors import Problem
from .fields import Ref, field_specs, walk
from .records import (
    KINDS,
    Anchor,
    Claim,
    Kind,
    Person,
    Place,
    PlaceKind,
    Record,
    Source,
    Speech,
    record_anchors,
)


def check_records(
    records: Iterable[Record],
    *,
    unbuilt: Iterable[tuple[str, type[Any]]] = (),
    partial: Iterable[tuple[Record, Collection[str]]] = (),
) -> list[Problem]:
    """Every problem of ``records`` taken together: ids, anchors and references.

    ``unbuilt`` lists the id and class of records that a document holds but that could
    not be built (their own problems are reported elsewhere): references to them count
    as resolved when the class fits, and anchors into such a source are not checked, so
    one broken record does not hide nor multiply the problems of the others.

    ``partial`` gives views of such records (instances whose fields that could not be
    built hold placeholders) with the names of the fields that could: the anchors and
    references of those fields are checked too, so a record's field problems do not hide
    its reference problems.
    """
    problems: list[Problem] = []
    ordered = list(records)
    by_id = dict(zip(map(_id_of, ordered), ordered, strict=True))
    if len(by_id) != len(ordered):
        by_id = {}
        for record in ordered:
            if record.id in by_id:
                problems.append(Problem(record=record.id, field="id", message="the same id is used twice"))
            else:
                by_id[record.id] = record
    grouped = _by_type(ordered)
    by_type = grouped if len(by_id) == len(ordered) else _by_type(by_id.values())
    absent: dict[str, type[Any]] = {}
    for record_id, cls in unbuilt:
        if record_id in by_id or record_id in absent:
            problems.append(Problem(record=record_id, field="id", message="the same id is used twice"))
        else:
            absent[record_id] = cls
    sources = {r.id: r for r in _of_kind(by_type, Source)}
    if not absent and _links_fit(grouped, by_id, sources):
        for claim in _of_kind(grouped, Claim):
            if claim.speech is not None:
                problem = speech_problem(claim, by_id.get(claim.speech))
                if problem is not None:
                    problems.append(problem)
    else:  # walk every record for the paths of what is wrong
        for record in ordered:
            problems.extend(_check_anchors(record, sources))
            problems.extend(_check_references(record, by_id, absent))
            problems.extend(_check_speech(record, by_id))
    for record, built in partial:
        for problem in chain(
            _check_anchors(record, sources),
            _check_references(record, by_id, absent),
            _check_speech(record, by_id),
        ):
            root = _FIELD_ROOT.match(problem.field)
            if root is not None and root.group() in built:
                problems.append(problem)
    problems.extend(_check_parent_cycles(by_id, by_type))
    problems.extend(_check_shared_aliases(_of_kind(by_type, Person)))
    return problems


_FIELD_ROOT = re.compile(r"[^.\[]+")
_id_of = attrgetter("id")


def _by_type(records: Iterable[Record]) -> dict[type[Any], list[Record]]:
    """``records`` grouped by their class, in their order within each class."""
    grouped: dict[type[Any], list[Record]] = {}
    for record in records:
        kind = type(record)
        group = grouped.get(kind)
        if group is None:
            grouped[kind] = group = []
        group.append(record)
    return grouped


def _of_kind(by_type: Mapping[type[Any], list[Record]], cls: type[Any]) -> list[Any]:
    """The records of ``by_type`` that are instances of ``cls`` (a subclass's too)."""
    return [record for kind, records in by_type.items() if issubclass(kind, cls) for record in records]


def _links_fit(
    by_type: Mapping[type[Any], list[Record]], by_id: Mapping[str, Record], sources: Mapping[str, Source]
) -> bool:
    """Whether every reference and every anchor of ``records`` is right: one pass, no paths.

    The same verdict as :func:`_check_references` and :func:`_check_anchors` finding
    nothing (a test holds them together), at a fraction of the cost of walking each record.
    """
    refs: list[str | None] = []
    countries: list[str | None] = []
    anchors: list[Anchor] = []
    for kind, records in by_type.items():
        collect = links_collector(kind, Anchor)
        for record in records:
            collect(record, refs, countries, anchors)
    known = by_id.keys()
    if not known >= set(refs) - {None}:
        return False
    for ref in set(countries):
        if ref is None:
            continue
        target = by_id.get(ref)
        if target is None or (isinstance(target, Place) and target.kind is not PlaceKind.COUNTRY):
            return False
    texts = {source_id: source.text for source_id, source in sources.items()}
    for anchor in anchors:  # noqa: SIM110 - a loop: all() over a generator is slower here
        # Every source is known (checked above with the references). An anchor's text is as long
        # as its span (its own rule), so startswith() compares the span, and is false for a span
        # past the end of the text.
        if not texts[anchor.source].startswith(anchor.text, anchor.start):
            return False
    return True


def _check_anchors(record: Record, sources: Mapping[str, Source]) -> Iterator[Problem]:
    for field, anchor in record_anchors(record):
        problem = anchor_problem(record.id, field, anchor, sources)
        if problem is not None:
            yield problem


def anchor_problem(record_id: str, field: str, anchor: Anchor, sources: Mapping[str, Source]) -> Problem | None:
    """The problem of one anchor of a record (at ``field``) against the known sources, or ``None``."""
    source = sources.get(anchor.source)
    if source is None:
        return None  # a missing or broken source: the reference check of ``source`` reports it
    if anchor.end > len(source.text):
        return Problem(
            record=record_id,
            field=f"{field}.end",
            message=f"{anchor.end} is past the end of {source.id} ({len(source.text)} characters)",
        )
    if source.text[anchor.start : anchor.end] != anchor.text:
        return Problem(
            record=record_id,
            field=f"{field}.text",
            message=f"{anchor.text!r} is not the text at {anchor.start}:{anchor.end} of {source.id}: "
            f"{source.text[anchor.start : anchor.end]!r}",
        )
    return None


def references(record: Record) -> Iterator[tuple[str, str, Ref]]:
    """(field path, id, spec) of every reference a record holds, found through its field specs."""
    for path, node, value in walk(type(record), record):
        if isinstance(node, Ref):
            yield path, value, node


def _check_references(
    record: Record, by_id: Mapping[str, Record], absent: Mapping[str, type[Any]]
) -> Iterator[Problem]:
    for field, ref, spec in references(record):
        problem = reference_problem(record.id, field, ref, spec, by_id=by_id, absent=absent)
        if problem is not None:
            yield problem


def _check_speech(record: Record, by_id: Mapping[str, Record]) -> Iterator[Problem]:
    if isinstance(record, Claim) and record.speech is not None:
        problem = speech_problem(record, by_id.get(record.speech))
        if problem is not None:
            yield problem


def reference_problem(
    record_id: str,
    field: str,
    ref: str,
    spec: Ref,
    *,
    by_id: Mapping[str, Record],
    absent: Mapping[str, type[Any]],
) -> Problem | None:
    """The problem of one reference of a record (at ``field``) against the known records, or ``None``."""
    target = by_id.get(ref)
    if target is None and ref in absent:
        if _kind_name(absent[ref]) not in spec.kinds:
            return Problem(record=record_id, field=field, message=f"refers to {ref!r}, which is not {spec.describe()}")
        return None
    # A built target's kind is its id's prefix, which the reference's own spec has checked.
    if target is None:
        return Problem(record=record_id, field=field, message=f"refers to {ref!r}, which does not exist")
    if spec.countries and isinstance(target, Place) and target.kind is not PlaceKind.COUNTRY:
        return Problem(
            record=record_id,
            field=field,
            message=f"refers to {ref!r}, which is not {spec.describe()} (a place of kind 'country')",
        )
    return None


def speech_problem(claim: Claim, speech: object) -> Problem | None:
    """The problem of a claim whose summit is not that of its speech (``speech`` as found by id), or ``None``."""
    if isinstance(speech, Speech) and claim.summit != speech.summit:
        return Problem(
            record=claim.id,
            field="summit",
            message=f"is {claim.summit!r} but its speech was given at {speech.summit!r}",
        )
    return None


def _kind_name(cls: type[Any]) -> str | None:
    try:
        return Kind.of(cls).name
    except TypeError:
        return None


def _parent_kinds() -> tuple[Kind, ...]:
    """The kinds whose ``parent`` field refers to a record of the same kind (summits, organizations)."""
    found = []
    for kind in KINDS:
        spec = dict(field_specs(kind.cls)).get("parent")
        if spec is not None and spec.type == Ref((kind.name,)):
            found.append(kind)
    return tuple(found)


def _check_parent_cycles(
    by_id: Mapping[str, Record], by_type: Mapping[type[Any], list[Record]] | None = None
) -> Iterator[Problem]:
    """Records whose chain of parents comes back to them, for every kind with a ``parent`` of its own
    kind: each record is visited once (linear). ``by_type`` is ``by_id``'s records grouped by class.
    """
    if by_type is None:
        by_type = _by_type(by_id.values())
    for kind in _parent_kinds():
        state: dict[str, int] = {}  # 1: on the current chain, 2: done (no cycle through it)
        in_cycle: set[str] = set()
        of_kind = _of_kind(by_type, kind.cls)
        for record in of_kind:
            if record.id in state:
                continue
            chain: list[str] = []
            current: str | None = record.id
            while current is not None and current not in state:
                state[current] = 1
                chain.append(current)
                target = by_id.get(current)
                current = target.parent if isinstance(target, kind.cls) else None
            if current is not None and state[current] == 1:
                in_cycle.update(chain[chain.index(current) :])
            for record_id in chain:
                state[record_id] = 2
        for record in of_kind if in_cycle else ():
            if record.id in in_cycle:
                yield Problem(
                    record=record.id, field="parent", message=f"{kind.plural} sit inside each other in a cycle"
                )


def _alias_key(alias: str) -> str:
    return " ".join(alias.casefold().split())


def shared_aliases(people: Iterable[Person]) -> dict[str, dict[str, str]]:
    """Person id -> {alias: the id of another person with the same alias}, for every alias two people
    share (compared without case; linear: the aliases are indexed once).
    """
    ordered = list(people)
    holders: dict[str, list[str]] = {}
    for person in ordered:
        for alias in person.aliases:
            ids = holders.setdefault(_alias_key(alias), [])
            if not ids or ids[-1] != person.id:  # two spellings of one alias in one person: not shared
                ids.append(person.id)
    out: dict[str, dict[str, str]] = {}
    for person in ordered:
        for alias in person.aliases:
            ids = holders[_alias_key(alias)]
            other = ids[0] if ids[0] != person.id else (ids[1] if len(ids) > 1 else None)
            if other is not None:
                out.setdefault(person.id, {})[alias] = other
    return out


def _check_shared_aliases(persons: Iterable[Person]) -> Iterator[Problem]:
    """An alias that another person also has is in the ``ambiguous_aliases`` of both."""
    people = {person.id: person for person in persons}
    for person_id, aliases in shared_aliases(people.values()).items():
        person = people[person_id]
        for alias, other in aliases.items():
            if alias not in person.ambiguous_aliases:
                yield Problem(
                    record=person_id,
                    field=f"aliases[{person.aliases.index(alias)}]",
                    message=f"{alias!r} is shared with {other!r}: list it in ambiguous_aliases",
                )

"""``summitdata list | show | search | lookup | timeline | stats``: ask the records questions.

Human output is an aligned table (``list``, ``search``, ``lookup``, ``timeline``,
``stats``) or a record view (``show``: quotations as quotations, evidence as the
article's passages, the first records around it and the ``list`` command for all), cut
to the terminal's width (see :mod:`summitdata.cli._terminal`). ``--json`` prints the
records in the export format of the JSON contract instead, with the values the dataset
derives for them (a claim's ``date``, ``date_precision`` and ``date_inferred``:
:data:`summitdata.query.DERIVED`). Control characters and escape sequences in record
text are shown escaped (``\x1b``, ``\u202e``) in human output; ``--json`` output is
exact. Options that name records take an id or a name (``--speaker Tokayev``), resolved
like the filter keywords (:func:`summitdata.query.resolve`); a name that fits several
records is an error that lists them. Dates marked ``*`` are inferred.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._options import command, limit
from ._terminal import cut, shown, table, width, wrap
from ._terminal import emit as _emit

if TYPE_CHECKING:
    from ..dataset import Dataset
    from ..errors import QueryError
    from ..query import Milestone
    from ..records import Record

#: ``list`` kinds (the JSON array names) and their record kind.
KINDS = {
    "claims": "claim",
    "speeches": "speech",
    "summits": "summit",
    "initiatives": "initiative",
    "people": "person",
    "organizations": "organization",
    "places": "place",
    "sources": "source",
}

#: The filter options of ``list`` that name records (an id or a name) and those that take a vocabulary word.
_REFERENCE_OPTIONS = (
    "speaker",
    "participant",
    "host",
    "proposer",
    "place",
    "of",
    "country",
    "dateline",
    "speech",
    "summit",
    "initiative",
    "parent",
    "claim",
    "source",
    "about",
)
_VALUE_OPTIONS = ("kind", "topic", "status", "measure")

_LIST_EPILOG = """\
examples:
  summitdata list claims --speaker Tokayev --topic transport
  summitdata list claims --summit "Tokayev visit Ashgabat"
  summitdata list initiatives --source source:000-6d5a610b5cea50b9 \\
      --source source:004-e880cedfab62665c --every
  summitdata list summits --during 2026
  summitdata list claims --has-quantity --json

Options that name records take an id or a name (--speaker Tokayev); a name
that fits several records is an error that lists them. A value given twice
matches either (--topic water --topic environment); with --every, both.
--summit includes the events inside the summit (--no-subevents: not).
Dates: 2025, 2025-12, 2025-12-12, "Dec 2025" or "12 December 2025"; a record
dated to a month or a year matches a range it overlaps (--strict: lies
inside). Results are in date order; a date marked * is inferred.
"""


_SHOW_EPILOG = """\
examples:
  summitdata show claim:2025-12-12-ashgabat-forum-06
  summitdata show initiative:caspian-interstate-programme
  summitdata show source:000-6d5a610b5cea50b9 --article
  summitdata show person:kassym-jomart-tokayev --json

A date marked * is inferred (the record's inferred notes say from what)."""

_SEARCH_EPILOG = """\
examples:
  summitdata search "Caspian programme"
  summitdata search Tokáyev --kind person
  summitdata search water --kind claim --limit 5 --json

Common words (the, of, and, ...) and single letters are not searched."""

_LOOKUP_EPILOG = """\
examples:
  summitdata lookup Berdimuhamedov
  summitdata lookup Toqaev
  summitdata lookup SCO --json"""

_TIMELINE_EPILOG = """\
examples:
  summitdata timeline
  summitdata timeline --during 2025-12
  summitdata timeline --since 2026 --json

A date marked * is inferred."""

_STATS_EPILOG = """\
examples:
  summitdata stats
  summitdata stats --data summitdata.json --json"""


def register(subparsers: Any) -> None:
    from ..query import allowed_keywords  # noqa: PLC0415

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, metavar="FILE", help="read this JSON export instead of the packaged data")
    limit(common, "--max-bytes", "refuse a --data file of more than N bytes (default: 1 GiB)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print the records in the export format (JSON)")
    dates = argparse.ArgumentParser(add_help=False)
    dates.add_argument("--since", metavar="DATE", help="on or after this date (2025-12, 'Dec 2025', ...)")
    dates.add_argument("--until", metavar="DATE", help="on or before this date")
    dates.add_argument("--during", metavar="DATE", help="within this year, month or day")
    dates.add_argument("--strict", action="store_true", help="the record's date must lie inside the range")
    dates.add_argument("--no-inferred", action="store_true", help="leave out records whose date is inferred")

    def add(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        help: str,
        epilog: str,
        parents: Sequence[argparse.ArgumentParser] = (common, as_json),
    ) -> argparse.ArgumentParser:
        description = help[0].upper() + help[1:] + "."
        return command(subparsers, name, handler, help=help, description=description, epilog=epilog, parents=parents)

    parser = add(
        "list", run_list, "list the records of one kind that match filters", _LIST_EPILOG, [common, as_json, dates]
    )
    parser.add_argument("records", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    group = parser.add_argument_group("filters (the kinds each applies to)")

    def kinds_of(keyword: str) -> str:
        return ", ".join(plural for plural, kind in KINDS.items() if keyword in allowed_keywords(kind))

    for option in _REFERENCE_OPTIONS:
        group.add_argument(f"--{option}", action="append", metavar="NAME|ID", help=kinds_of(option))
    for option in _VALUE_OPTIONS:
        group.add_argument(f"--{option}", action="append", metavar="VALUE", help=kinds_of(option))
    direct = group.add_mutually_exclusive_group()
    direct.add_argument("--direct", dest="direct", action="store_const", const=True, help="direct quotations")
    direct.add_argument("--indirect", dest="direct", action="store_const", const=False, help="reported speech")
    group.add_argument("--has-quantity", action="store_true", help="claims that give a figure")
    group.add_argument(
        "--no-subevents", action="store_true", help="--summit: the event itself, not the events inside it"
    )
    group.add_argument("--every", action="store_true", help="a value given twice: both must match (default: either)")
    limit(parser, "--limit", "print at most N records")

    show = add("show", run_show, "show one record, its links, the records around it and its evidence", _SHOW_EPILOG)
    show.add_argument("id", metavar="ID", help="the id of any record")
    show.add_argument("--article", action="store_true", help="a source: print the article's text")

    search = add(
        "search", run_search, "find records whose names, claim texts or quotations contain words", _SEARCH_EPILOG
    )
    search.add_argument("text", metavar="TEXT", help="the words to find (all of them, in any order)")
    searched = ("person", "organization", "place", "summit", "claim", "initiative")
    search.add_argument("--kind", choices=searched, metavar="KIND", help=f"keep one kind: {', '.join(searched)}")
    limit(search, "--limit", "print the N best")

    lookup = add("lookup", run_lookup, "find the people, organizations and places a name fits", _LOOKUP_EPILOG)
    lookup.add_argument("name", metavar="NAME", help="a name, alias or short name, in any spelling")

    add(
        "timeline",
        run_timeline,
        "list events, speeches and initiative milestones in date order",
        _TIMELINE_EPILOG,
        [common, as_json, dates],
    )
    add("stats", run_stats, "count the records: by kind, topic, claim kind, speaker and date", _STATS_EPILOG)


# --- data and output -----------------------------------------------------------------


def load_data(args: argparse.Namespace) -> Dataset:
    """The dataset a command reads: the ``--data`` file, else the packaged data."""
    from .. import data  # noqa: PLC0415
    from ..errors import DataError, FileReadError, Problem, ValidationError  # noqa: PLC0415
    from ..serialize import MAX_BYTES, load_file  # noqa: PLC0415

    if args.data is None:
        return data.load()
    try:
        return load_file(args.data, max_problems=1, max_bytes=MAX_BYTES if args.max_bytes is None else args.max_bytes)
    except FileReadError:  # the file could not be read at all: its own one-line message
        raise
    except ValidationError as err:
        first = err.problems[0] if err.problems else Problem(record="", field="", message=str(err))
        rest = len(err.problems) - 1 + err.omitted
        more = f" (and {rest} more problems)" if rest else ""
        message = f"not a valid summitdata export: {first}{more}"
        raise DataError([Problem(record=os.fspath(args.data), field="", message=message)]) from None


def _write(text: str) -> None:
    """Write human-readable output: the one way text reaches the terminal, escaped by ``shown``."""
    _emit(shown(text, keep="\n"))


def _cell(text: str) -> str:
    """One line of record text: controls escaped (``shown``), runs of whitespace made one space."""
    return " ".join(shown(text, keep="\t\n\r").split())


def emit_json(value: Any) -> None:
    """Print ``value`` as indented JSON (exact text: not escaped)."""
    _emit(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _plain(ds: Dataset, record: Record) -> dict[str, Any]:
    """A record in the export format, with the values the dataset derives for it (a claim's date)."""
    from ..query import derived_values  # noqa: PLC0415
    from ..serialize import to_dict  # noqa: PLC0415

    return {**to_dict(record), **derived_values(ds, record)}


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An aligned table of record text that fits the terminal (:func:`~summitdata.cli._terminal.table`)."""
    return table(headers, [[_cell(cell) for cell in row] for row in rows])


def _name(ds: Dataset, record_id: str | None) -> str:
    from ..present import name_of  # noqa: PLC0415

    return "" if record_id is None else name_of(ds, record_id)


def _claim_text(claim: Any) -> str:
    from ..present import claim_text  # noqa: PLC0415

    return claim_text(claim)


def _options(error: QueryError, keywords: Iterable[str]) -> QueryError:
    """A filter's error as the command line says it: ``--speaker: ...`` for ``speaker: ...``."""
    from ..errors import QueryError  # noqa: PLC0415

    message = str(error)
    for keyword in keywords:
        if message.startswith(f"{keyword}: "):
            return QueryError(f"--{keyword.replace('_', '-')}: {message[len(keyword) + 2 :]}")
    return error


# --- list ------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from ..errors import QueryError  # noqa: PLC0415
    from ..query import allowed_keywords, every  # noqa: PLC0415

    kind = KINDS[args.records]
    allowed = allowed_keywords(kind)
    given: dict[str, Any] = {}
    for option in (*_REFERENCE_OPTIONS, *_VALUE_OPTIONS):
        values = getattr(args, option)
        if values:
            given[option] = every(*values) if args.every and len(values) > 1 else values
    flags = {
        "direct": args.direct,
        "has_quantity": True if args.has_quantity else None,
        "subevents": False if args.no_subevents else None,
        "strict": True if args.strict else None,
        "inferred": False if args.no_inferred else None,
        **{option: getattr(args, option) for option in ("since", "until", "during")},
    }
    given.update({key: value for key, value in flags.items() if value is not None})
    wrong = [k for k in given if k not in allowed]
    if wrong:
        options = ", ".join("--" + {"inferred": "no-inferred"}.get(k, k).replace("_", "-") for k in wrong)
        args.parser.error(f"{args.records} cannot be filtered by {options}")
    ds = load_data(args)
    collection = getattr(ds, args.records)
    try:
        records = list(collection.filter(**given))
    except QueryError as err:
        raise _options(err, given) from None
    if args.limit is not None:
        records = records[: args.limit]
    if args.json:
        emit_json([_plain(ds, r) for r in records])
        return 0
    _write(_records_table(ds, kind, records))
    return 0


def _records_table(ds: Dataset, kind: str, records: Sequence[Any]) -> str:
    from ..present import presenter, text_of  # noqa: PLC0415

    view = presenter(kind)
    rows = [[text_of(ds, cell) for cell in view.row(ds, record)] for record in records]
    return _table([column.upper() for column in view.columns], rows)


# --- show ------------------------------------------------------------------------------

#: What ``show`` lists around a record, by its kind: the collection and the ``list`` option
#: that finds all of them (the first few are shown, with the command that lists them all).
_AROUND: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("speeches", "speaker"), ("claims", "speaker"), ("initiatives", "proposer")),
    "organization": (("claims", "speaker"), ("initiatives", "proposer")),
    "place": (("summits", "place"), ("claims", "speaker"), ("initiatives", "proposer")),
    "summit": (("claims", "summit"),),
    "speech": (("claims", "speech"),),
    "source": (("summits", "source"), ("claims", "source"), ("initiatives", "source")),
}
#: How many related records ``show`` prints before it points to ``list``.
SHOWN = 5
#: The width ``show`` wraps text to when the output is not a terminal, and at most.
_PIPE_WRAP = 120


def run_show(args: argparse.Namespace) -> int:
    from ..errors import QueryError, RecordNotFoundError, RecordRemovedError  # noqa: PLC0415
    from ..records import Kind  # noqa: PLC0415

    ds = load_data(args)
    try:
        record = ds.get(args.id)
    except RecordRemovedError:
        raise  # a tombstone: when, why, and what replaces it
    except RecordNotFoundError:
        found = ds.search(args.id.partition(":")[2].replace("-", " ") or args.id, limit=3)
        hint = f"; did you mean {' or '.join(r.id for r in found)}?" if found else ""
        raise QueryError(f"no record with id {args.id!r}{hint}") from None
    if args.article:
        if Kind.of(record).name != "source":
            raise QueryError(f"--article: {record.id} is not a source (an article); try summitdata list sources")
        if args.json:
            emit_json({"id": record.id, "file": record.file, "text": record.text})  # type: ignore[union-attr]
        else:
            _write(_article(record))
        return 0
    if args.json:
        emit_json(_plain(ds, record))
        return 0
    _write(_view(ds, record))
    return 0


def _article(source: Any) -> str:
    """An article's text, each paragraph wrapped to the terminal."""
    room = width()
    lines = [f"{source.id} ({source.file})", ""]
    for paragraph in source.text.split("\n"):
        lines.extend(wrap(_cell(paragraph), room) if paragraph.strip() else [""])
    return "\n".join(lines) + "\n"


def _view(ds: Dataset, record: Record) -> str:
    from ..present import When, presenter, text_of  # noqa: PLC0415
    from ..records import Kind  # noqa: PLC0415

    room = width()  # lines are cut to it (not on a pipe) ...
    text_room = min(room or _PIPE_WRAP, _PIPE_WRAP)  # ... and text is wrapped to it, on a pipe too
    lines = [record.id]
    around = _AROUND.get(Kind.of(record).name, ())
    listed = {plural for plural, _ in around}

    def field(label: str, value: str) -> None:
        if value:
            chunks = wrap(_cell(value), text_room - 16) or [""]
            for i, chunk in enumerate(chunks):
                line = f"  {label if i == 0 else '':<12}  {chunk}"
                if room is not None and len(line) > room:  # an id too long for the column: less indent
                    lines.extend([f"  {label}"] if i == 0 else [])
                    line = f"    {chunk}"
                lines.append(line)

    view = presenter(record)
    inferred_seen = False
    for detail in view.details(ds, record):
        if detail.label in listed:  # listed below, with the command that lists them all
            continue
        inferred = any(isinstance(piece, When) and piece.inferred for piece in detail.pieces)
        inferred_seen = inferred_seen or inferred
        field(detail.label, text_of(ds, detail.pieces, ids=True) + (" (* inferred)" if inferred else ""))
    for plural, option in around:
        lines.extend(_related(ds, record, plural, option, room))
    milestones = view.milestones(ds, record)
    if milestones:
        lines.append("  milestones")
        lines.extend(_fit(_milestone_line(ds, m), room) for m in milestones)
    lines.append("  evidence (the quoted words, then the article's passage)")
    previous = None
    for anchor in record.evidence:
        context = ds.context(anchor)
        lines.append(_fit(f"    {anchor.source} [{anchor.start}:{anchor.end}] {_cell(repr(anchor.text))}", room))
        if context != previous:
            lines.extend(wrap(_cell(context.text), text_room, indent="      "))
        previous = context
    for key, reason in record.inferred.items():
        field("inferred", f"{key}: {reason}")
    return "\n".join(lines) + "\n"


def _fit(line: str, room: int | None) -> str:
    return line if room is None else cut(line, room)


def _related(ds: Dataset, record: Record, plural: str, option: str, room: int | None) -> list[str]:
    """The first records of ``plural`` around ``record``, one short line each, and how to list them all."""
    from ..errors import QueryError  # noqa: PLC0415
    from ..present import presenter, text_of  # noqa: PLC0415

    try:
        found = getattr(ds, plural).filter(**{option: record.id})
    except QueryError:  # a kind this option does not apply to (a place that never speaks)
        return []
    lines = [f"  {plural} ({len(found)})"]
    view = presenter(found.kind)
    for related in found[:SHOWN]:
        cells = [_cell(text_of(ds, cell)) for cell in view.row(ds, related)]
        lines.append(_fit("    " + "  ".join(c for c in cells if c), room))
    if len(found) > SHOWN:
        more = f"and {len(found) - SHOWN} more: summitdata list {plural} --{option} {record.id}"
        lines.extend(wrap(more, room, indent="    "))
    return lines


def _milestone_line(ds: Dataset, m: Milestone) -> str:
    date = "" if m.date is None else f"{m.date}{'*' if m.inferred else ''}"
    claim: Any = m.record
    speakers = ", ".join(_name(ds, s) for s in claim.speakers)
    where = "" if m.summit is None else f" at {m.summit.name}"
    return f"    {date:<12} {claim.id}: " + _cell(f"{claim.kind.value} by {speakers}{where}: {_claim_text(claim)}")


# --- search, lookup, timeline, stats ---------------------------------------------------------


def _label(ds: Dataset, record: Any) -> str:
    from ..records import Kind  # noqa: PLC0415

    if Kind.of(record).name == "claim":
        return _claim_text(record)
    return str(getattr(record, "name", record.id))


def run_search(args: argparse.Namespace) -> int:
    from ..search import unsearchable  # noqa: PLC0415

    ds = load_data(args)
    found = ds.search(args.text, kind=args.kind, limit=args.limit)
    if args.json:
        emit_json([_plain(ds, r) for r in found])
        return 0
    why = unsearchable(args.text)
    if not found and why is not None:
        _write("\n".join(wrap(f"(no records: {why})", width())) + "\n")
        return 0
    rows = [[r.id.partition(":")[0], r.id, _label(ds, r)] for r in found]
    _write(_table(["KIND", "ID", "TEXT"], rows))
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    ds = load_data(args)
    found = ds.lookup(args.name)
    if args.json:
        emit_json([_plain(ds, r) for r in found])
        return 0
    rows = [
        [r.id, r.name, ", ".join([*r.aliases, *([s] if (s := getattr(r, "short_name", None)) else [])])] for r in found
    ]
    _write(_table(["ID", "NAME", "ALIASES"], rows))
    return 0


def _date_criteria(args: argparse.Namespace) -> dict[str, Any]:
    criteria: dict[str, Any] = {k: getattr(args, k) for k in ("since", "until", "during") if getattr(args, k)}
    if args.strict:
        criteria["strict"] = True
    if args.no_inferred:
        criteria["inferred"] = False
    return criteria


def run_timeline(args: argparse.Namespace) -> int:
    ds = load_data(args)
    entries = ds.timeline(**_date_criteria(args))
    if args.json:
        emit_json(
            [
                {
                    "date": None if m.date is None else str(m.date),
                    "precision": None if m.date is None else m.date.precision.value,
                    "inferred": m.inferred,
                    "kind": m.kind,
                    "initiative": None if m.initiative is None else m.initiative.id,
                    "record": _plain(ds, m.record),
                }
                for m in entries
            ]
        )
        return 0
    rows = []
    for m in entries:
        date = "" if m.date is None else f"{m.date}{'*' if m.inferred else ''}"
        record: Any = m.record
        if m.initiative is not None:
            what = f"{m.initiative.name}: {record.kind.value} by "
            what += ", ".join(_name(ds, s) for s in record.speakers)
        elif m.kind == "speech":
            what = f"{_name(ds, record.speaker)} at {_name(ds, record.summit)}"
        else:
            what = str(getattr(record, "name", ""))
        rows.append([date, m.kind, m.record.id, what])
    _write(_table(["DATE", "KIND", "ID", "WHAT"], rows))
    return 0


def _stats(ds: Dataset) -> dict[str, Any]:
    from ..query import date_of  # noqa: PLC0415
    from ..records import KINDS as RECORD_KINDS  # noqa: PLC0415

    claims = ds.claims
    dates = [date_of(ds, c) for c in claims]
    known = [d for d, _ in dates if d is not None]
    return {
        "data_version": ds.data_version,
        "records": {kind.plural: len(getattr(ds, kind.plural)) for kind in RECORD_KINDS},
        "claims": {
            "direct quotations": sum(c.direct for c in claims),
            "with a figure": sum(bool(c.quantities) for c in claims),
            "mentioning an initiative": sum(bool(c.initiatives) for c in claims),
            "dated": len(known),
            "dated by inference": sum(1 for d, i in dates if d is not None and i),
            "first date": str(min(known)) if known else None,
            "last date": str(max(known)) if known else None,
        },
        "topics": dict(Counter(t.value for c in claims for t in c.topics).most_common()),
        "claim kinds": dict(Counter(c.kind.value for c in claims).most_common()),
        "speakers": dict(Counter(s for c in claims for s in c.speakers).most_common()),
    }


def run_stats(args: argparse.Namespace) -> int:
    ds = load_data(args)
    stats = _stats(ds)
    if args.json:
        emit_json(stats)
        return 0
    out = [f"data version {ds.data_version}", ""]
    out.append(_table(["RECORDS", "COUNT"], [[k, str(v)] for k, v in stats["records"].items()]))
    out.append(_table(["CLAIMS", "COUNT"], [[k, "" if v is None else str(v)] for k, v in stats["claims"].items()]))
    for title, key, name in (
        ("TOPIC", "topics", str),
        ("CLAIM KIND", "claim kinds", str),
        ("SPEAKER", "speakers", lambda s: _name(ds, s)),
    ):
        rows = [[name(k), str(v)] for k, v in list(stats[key].items())[:10]]
        out.append(_table([title, "CLAIMS"], rows))
    _write("\n".join(out))
    return 0

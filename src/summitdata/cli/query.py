"""``summitdata list | show | search | lookup | timeline | stats``: ask the records questions.

Human output is an aligned table (``list``, ``search``, ``lookup``, ``timeline``,
``stats``) or a record view (``show``: quotations as quotations, evidence as the
article's sentences). ``--json`` prints the records in the export format of the JSON
contract instead. Control characters and escape sequences in record text are shown
escaped (``\x1b``, ``\u202e``) in human output (see :mod:`summitdata.cli._terminal`);
``--json`` output is exact. Options that name a person, organization or place take an id or a
name (``--speaker Tokayev``), resolved with ``lookup``; a name that fits several records
is an error that lists them. Dates marked ``*`` are inferred.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._terminal import shown

if TYPE_CHECKING:
    from ..dataset import Dataset
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

#: Filter options of ``list``: option name, keyword, and whether it names an actor or place.
_REFERENCE_OPTIONS = ("speaker", "participant", "host", "proposer", "place", "of", "country", "dateline")
_ID_OPTIONS = ("speech", "summit", "initiative", "parent", "claim", "about")
_VALUE_OPTIONS = ("kind", "topic", "status", "measure")

_LIST_EPILOG = """\
examples:
  summitdata list claims --speaker Tokayev --topic transport
  summitdata list initiatives --during 2025-12
  summitdata list claims --has-quantity
  summitdata list summits --since "Dec 2025" --until 2026 --strict
  summitdata list claims --summit summit:2025-12-12-ashgabat-forum --direct --json

Options that name a person, organization or place take an id or a name. A value given
twice matches either (--topic water --topic environment). Dates: 2025, 2025-12,
2025-12-12, "Dec 2025" or "12 December 2025"; a record dated to a month or a year
matches a range it overlaps (--strict: lies inside). Results are in date order.
"""


def register(subparsers: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, metavar="FILE", help="read this JSON export instead of the packaged data")
    common.add_argument(
        "--max-bytes",
        type=_positive,
        metavar="N",
        help="refuse a --data file of more than N bytes (default: 1 GiB)",
    )
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print the records in the export format (JSON)")
    dates = argparse.ArgumentParser(add_help=False)
    dates.add_argument("--since", metavar="DATE", help="on or after this date (2025-12, 'Dec 2025', ...)")
    dates.add_argument("--until", metavar="DATE", help="on or before this date")
    dates.add_argument("--during", metavar="DATE", help="within this year, month or day")
    dates.add_argument("--strict", action="store_true", help="the record's date must lie inside the range")
    dates.add_argument("--no-inferred", action="store_true", help="leave out records whose date is inferred")

    def add(name: str, help: str, epilog: str, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = subparsers.add_parser(
            name,
            help=help,
            description=help[0].upper() + help[1:] + ".",
            epilog=epilog,
            parents=list(parents),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return parser

    parser = add("list", "list the records of one kind that match filters", _LIST_EPILOG, [common, as_json, dates])
    parser.add_argument("records", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    for option in (*_REFERENCE_OPTIONS, *_ID_OPTIONS, *_VALUE_OPTIONS):
        metavar = "ID" if option in _ID_OPTIONS else ("VALUE" if option in _VALUE_OPTIONS else "NAME|ID")
        parser.add_argument(f"--{option}", action="append", metavar=metavar, help=argparse.SUPPRESS)
    group = parser.add_argument_group(
        "filters (each applies to some kinds; see the keywords of Collection.filter)",
        "claims: --speaker --speech --summit --place --kind --topic --direct/--indirect --initiative --has-quantity\n"
        "        --about --measure\n"
        "speeches: --speaker --summit --place     summits: --participant --host --status --kind --place --parent\n"
        "initiatives: --proposer --kind --status --topic --summit --speech --claim\n"
        "people: --of     organizations: --country --parent     places: --kind --country     sources: --dateline",
    )
    direct = group.add_mutually_exclusive_group()
    direct.add_argument("--direct", dest="direct", action="store_const", const=True, help="direct quotations only")
    direct.add_argument("--indirect", dest="direct", action="store_const", const=False, help="reported speech only")
    group.add_argument("--has-quantity", action="store_true", help="claims that give a figure")
    parser.add_argument("--limit", type=_positive, metavar="N", help="print at most N records")
    parser.set_defaults(handler=run_list, parser=parser)

    parser = add(
        "show",
        "show one record, its links and its evidence",
        "examples:\n  summitdata show claim:2025-12-12-ashgabat-forum-06\n"
        "  summitdata show initiative:caspian-interstate-programme\n"
        "  summitdata show person:kassym-jomart-tokayev --json",
        [common, as_json],
    )
    parser.add_argument("id", metavar="ID", help="the id of any record")
    parser.set_defaults(handler=run_show)

    parser = add(
        "search",
        "find records whose names, claim texts or quotations contain words",
        'examples:\n  summitdata search "Caspian programme"\n  summitdata search Tokáyev --kind person\n'
        "  summitdata search water --kind claim --limit 5 --json",
        [common, as_json],
    )
    parser.add_argument("text", metavar="TEXT", help="the words to find (all of them, in any order)")
    parser.add_argument("--kind", choices=("person", "organization", "place", "summit", "claim", "initiative"))
    parser.add_argument("--limit", type=_positive, metavar="N", help="print the N best")
    parser.set_defaults(handler=run_search)

    parser = add(
        "lookup",
        "find the people, organizations and places a name fits",
        "examples:\n  summitdata lookup Berdimuhamedov\n  summitdata lookup Toqaev\n  summitdata lookup SCO --json",
        [common, as_json],
    )
    parser.add_argument("name", metavar="NAME", help="a name, alias or short name, in any spelling")
    parser.set_defaults(handler=run_lookup)

    parser = add(
        "timeline",
        "list events, speeches and initiative milestones in date order",
        "examples:\n  summitdata timeline\n  summitdata timeline --during 2025-12\n"
        "  summitdata timeline --since 2026 --json",
        [common, as_json, dates],
    )
    parser.set_defaults(handler=run_timeline)

    parser = add(
        "stats",
        "count the records: by kind, topic, claim kind, speaker and date",
        "examples:\n  summitdata stats\n  summitdata stats --data summitdata.json",
        [common],
    )
    parser.set_defaults(handler=run_stats)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


# --- data and output -----------------------------------------------------------------


def _dataset(args: argparse.Namespace) -> Dataset:
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


def _emit(text: str) -> None:
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped (| head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _json(value: Any) -> None:
    _emit(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _width() -> int:
    """The terminal's width; without a terminal (a pipe, a file) lines are not cut."""
    if not sys.stdout.isatty():
        return 100_000
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An aligned table; the last column is cut to the terminal's width."""
    rows = [[_cell(cell) for cell in row] for row in rows]
    if not rows:
        return "(no records)\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    room = max(20, _width() - sum(widths) - 2 * len(widths))
    lines = []
    for row in [list(headers), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        last = row[-1] if len(row[-1]) <= room else row[-1][: room - 1] + "…"
        lines.append("  ".join([*cells, last]).rstrip())
    return "\n".join(lines) + "\n"


def _name(ds: Dataset, record_id: str | None) -> str:
    from ..present import name_of  # noqa: PLC0415

    return "" if record_id is None else name_of(ds, record_id)


def _claim_text(claim: Any) -> str:
    from ..present import claim_text  # noqa: PLC0415

    return claim_text(claim)


# --- list ------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from ..query import allowed_keywords  # noqa: PLC0415

    kind = KINDS[args.records]
    allowed = allowed_keywords(kind)
    given: dict[str, Any] = {}
    for option in (*_REFERENCE_OPTIONS, *_ID_OPTIONS, *_VALUE_OPTIONS):
        values = getattr(args, option)
        if values:
            given[option] = values
    if args.direct is not None:
        given["direct"] = args.direct
    if args.has_quantity:
        given["has_quantity"] = True
    for option in ("since", "until", "during"):
        if getattr(args, option) is not None:
            given[option] = getattr(args, option)
    if args.strict:
        given["strict"] = True
    if args.no_inferred:
        given["inferred"] = False
    wrong = [k for k in given if k not in allowed]
    if wrong:
        options = ", ".join("--" + k.replace("_", "-") for k in wrong)
        args.parser.error(f"{args.records} cannot be filtered by {options}")
    ds = _dataset(args)
    criteria: dict[str, Any] = {}
    for key, value in given.items():
        if key in _REFERENCE_OPTIONS:
            criteria[key] = [_resolve(ds, key, v) for v in value]
        else:
            criteria[key] = value
    collection = getattr(ds, args.records)
    records = list(collection.filter(**criteria) if criteria else collection.filter())
    if args.limit is not None:
        records = records[: args.limit]
    if args.json:
        from ..serialize import to_dict  # noqa: PLC0415

        _json([to_dict(r) for r in records])
        return 0
    _write(_records_table(ds, kind, records))
    return 0


def _resolve(ds: Dataset, option: str, value: str) -> str:
    """An id, or the one person, organization or place that a name fits."""
    from ..errors import QueryError  # noqa: PLC0415

    if ":" in value:
        return value
    found = ds.lookup(value)
    if not found:
        raise QueryError(f"--{option}: no person, organization or place is called {value!r}")
    if len(found) > 1:
        ids = ", ".join(r.id for r in found[:5])
        raise QueryError(f"--{option}: {value!r} fits {len(found)} records ({ids}); give an id")
    return found[0].id


def _records_table(ds: Dataset, kind: str, records: Sequence[Any]) -> str:
    from ..present import presenter, text_of  # noqa: PLC0415

    view = presenter(kind)
    rows = [[text_of(ds, cell) for cell in view.row(ds, record)] for record in records]
    return _table([column.upper() for column in view.columns], rows)


# --- show ------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    from ..errors import QueryError, RecordNotFoundError  # noqa: PLC0415

    ds = _dataset(args)
    try:
        record = ds.get(args.id)
    except RecordNotFoundError:
        found = ds.search(args.id.partition(":")[2].replace("-", " ") or args.id, limit=3)
        hint = f"; did you mean {', '.join(r.id for r in found)}?" if found else ""
        raise QueryError(f"no record with id {args.id!r}{hint}") from None
    if args.json:
        from ..serialize import to_dict  # noqa: PLC0415

        _json(to_dict(record))
        return 0
    _write(_view(ds, record))
    return 0


def _view(ds: Dataset, record: Record) -> str:
    from ..present import When, presenter, text_of  # noqa: PLC0415

    lines = [record.id]

    def field(label: str, value: str) -> None:
        if value:
            chunks = textwrap.wrap(_cell(value), width=max(20, min(_width(), 120) - 16)) or [""]
            lines.append(f"  {label:<12}  {chunks[0]}")
            lines.extend(f"  {'':<12}  {chunk}" for chunk in chunks[1:])

    view = presenter(record)
    for detail in view.details(ds, record):
        inferred = any(isinstance(piece, When) and piece.inferred for piece in detail.pieces)
        field(detail.label, text_of(ds, detail.pieces, ids=True) + (" (* inferred)" if inferred else ""))
    milestones = view.milestones(ds, record)
    if milestones:
        lines.append("  milestones")
        lines.extend(_milestone_line(ds, m) for m in milestones)
    lines.append("  evidence (the quoted words, then the article's sentence)")
    previous = None
    for anchor in record.evidence:
        sentence = ds.context(anchor)
        lines.append(f"    {anchor.source} [{anchor.start}:{anchor.end}] {anchor.text!r}")
        if sentence != previous:
            lines.extend(
                textwrap.wrap(
                    _cell(sentence.text),
                    width=max(20, min(_width(), 120) - 6),
                    initial_indent="      ",
                    subsequent_indent="      ",
                )
            )
        previous = sentence
    for key, reason in record.inferred.items():
        field("inferred", f"{key}: {reason}")
    return "\n".join(lines) + "\n"


def _milestone_line(ds: Dataset, m: Milestone) -> str:
    date = "" if m.date is None else f"{m.date}{'*' if m.inferred else ''}"
    claim: Any = m.record
    speakers = ", ".join(_name(ds, s) for s in claim.speakers)
    where = "" if m.summit is None else f" at {m.summit.name}"
    return f"    {date:<12} {claim.kind.value} by {speakers}{where}: {_claim_text(claim)} ({claim.id})"


# --- search, lookup, timeline, stats ---------------------------------------------------------


def _label(ds: Dataset, record: Any) -> str:
    from ..records import Claim  # noqa: PLC0415

    if isinstance(record, Claim):
        return _claim_text(record)
    return str(getattr(record, "name", record.id))


def run_search(args: argparse.Namespace) -> int:
    ds = _dataset(args)
    found = ds.search(args.text, kind=args.kind, limit=args.limit)
    if args.json:
        from ..serialize import to_dict  # noqa: PLC0415

        _json([to_dict(r) for r in found])
        return 0
    rows = [[r.id.partition(":")[0], r.id, _label(ds, r)] for r in found]
    _write(_table(["KIND", "ID", "TEXT"], rows))
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    ds = _dataset(args)
    found = ds.lookup(args.name)
    if args.json:
        from ..serialize import to_dict  # noqa: PLC0415

        _json([to_dict(r) for r in found])
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
    ds = _dataset(args)
    entries = ds.timeline(**_date_criteria(args))
    if args.json:
        from ..serialize import to_dict  # noqa: PLC0415

        _json(
            [
                {
                    "date": None if m.date is None else str(m.date),
                    "inferred": m.inferred,
                    "kind": m.kind,
                    "initiative": None if m.initiative is None else m.initiative.id,
                    "record": to_dict(m.record),
                }
                for m in entries
            ]
        )
        return 0
    rows = []
    for m in entries:
        date = "" if m.date is None else f"{m.date}{'*' if m.inferred else ''}"
        if m.initiative is not None:
            what = f"{m.initiative.name}: {m.record.kind.value} by "  # type: ignore[union-attr]
            what += ", ".join(_name(ds, s) for s in m.record.speakers)  # type: ignore[union-attr]
        elif m.kind == "speech":
            what = f"{_name(ds, m.record.speaker)} at {_name(ds, m.record.summit)}"  # type: ignore[union-attr]
        else:
            what = str(getattr(m.record, "name", ""))
        rows.append([date, m.kind, m.record.id, what])
    _write(_table(["DATE", "KIND", "ID", "WHAT"], rows))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from ..query import date_of  # noqa: PLC0415
    from ..records import KINDS  # noqa: PLC0415

    ds = _dataset(args)
    out = [f"data version {ds.data_version}", ""]
    out.append(_table(["RECORDS", "COUNT"], [[kind.plural, str(len(getattr(ds, kind.plural)))] for kind in KINDS]))
    claims = ds.claims
    dates = [date_of(ds, c) for c in claims]
    known = [d for d, _ in dates if d is not None]
    summary = [
        ["direct quotations", str(sum(c.direct for c in claims))],
        ["with a figure", str(sum(bool(c.quantities) for c in claims))],
        ["mentioning an initiative", str(sum(bool(c.initiatives) for c in claims))],
        ["dated", str(len(known))],
        ["dated by inference", str(sum(1 for d, i in dates if d is not None and i))],
        ["first date", str(min(known)) if known else ""],
        ["last date", str(max(known)) if known else ""],
    ]
    out.append(_table(["CLAIMS", "COUNT"], summary))
    for title, counter in (
        ("TOPIC", Counter(t.value for c in claims for t in c.topics)),
        ("CLAIM KIND", Counter(c.kind.value for c in claims)),
        ("SPEAKER", Counter(_name(ds, s) for c in claims for s in c.speakers)),
    ):
        out.append(_table([title, "CLAIMS"], [[k, str(v)] for k, v in counter.most_common(10)]))
    _write("\n".join(out))
    return 0

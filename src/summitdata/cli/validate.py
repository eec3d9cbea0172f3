"""``summitdata validate FILE``: check a dataset file with the rules of :func:`summitdata.loads`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._options import command, limit
from ._terminal import shown, width, wrap

if TYPE_CHECKING:
    from ..errors import Problem

_HELP = "check a dataset file (JSON or JSON Lines) and list every problem"

_DESCRIPTION = (
    "Check a dataset file in the export format (JSON, or JSON Lines) with the rules of "
    "summitdata.loads: types, values, dates, anchors against their sources, references, unique ids."
)

_EPILOG = """\
exit status: 0 when the file is valid (one summary line), 1 when it is not (every
problem on its own line: record, field, message; after --max-problems, the others
are counted), 2 on a usage error. Only a regular file (or standard input) of at
most --max-bytes is read: a directory, a device or a FIFO is refused at once.

examples:
  summitdata validate my-summits.json
  summitdata validate my-summits.jsonl
  summitdata validate --with-packaged my-claims.json
  cat my-summits.json | summitdata validate -
  summitdata validate my-summits.json --json
"""


def register(subparsers: Any) -> None:
    parser = command(subparsers, "validate", run, help=_HELP, description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument("file", metavar="FILE", help="the file to check; - for standard input")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        help="the file's format (default: jsonl for names ending in .jsonl or .ndjson, else json)",
    )
    parser.add_argument(
        "--with-packaged",
        action="store_true",
        help="check the file together with the packaged records, which it may refer to",
    )
    limit(parser, "--max-problems", "list at most N problems, then count the others (default: 1000)")
    limit(parser, "--max-bytes", "refuse a file or standard input of more than N bytes (default: 1 GiB)", minimum=0)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the result as JSON: file, valid, problems (record, field, message), omitted, counts",
    )


def run(args: argparse.Namespace) -> int:
    from .. import data, serialize  # noqa: PLC0415
    from ..errors import FileReadError, ValidationError  # noqa: PLC0415
    from ..records import KINDS  # noqa: PLC0415
    from ..stream import _Stream  # noqa: PLC0415

    name = "<stdin>" if args.file == "-" else args.file
    max_problems = serialize.MAX_PROBLEMS if args.max_problems is None else args.max_problems
    max_bytes = serialize.MAX_BYTES if args.max_bytes is None else args.max_bytes
    base = data.load() if args.with_packaged else None
    try:
        if args.file == "-":
            fmt: serialize.Format = "jsonl" if args.format == "jsonl" else "json"
            text = serialize.read_stream(sys.stdin.buffer, max_bytes=max_bytes)
            ds = serialize.loads(text, format=fmt, base=base, max_problems=max_problems)
            counts = {kind.plural: len(c) for c, kind in zip(ds.collections(), KINDS, strict=True)}
            data_version = ds.data_version
        else:  # JSON Lines are checked as a stream, keeping only what the checks across records need
            stream = _Stream(args.file, base=base, max_problems=max_problems, max_bytes=max_bytes, format=args.format)
            for _ in stream.records():
                pass
            counts = {kind.plural: stream.counts[kind.plural] for kind in KINDS}
            data_version = stream.data_version
    except (FileReadError, ValidationError) as err:
        problems, omitted = (err.problems[:1], 0) if isinstance(err, FileReadError) else (err.problems, err.omitted)
        if args.json:
            _json(name, problems=problems, omitted=omitted)
        elif isinstance(err, FileReadError):  # the file itself: named once, then why it cannot be read
            _lines([f"{name}: {problems[0].message}", f"{name}: invalid: 1 problem"])
        else:
            lines = [f"{name}: {problem}" for problem in problems]  # record: field: message
            if omitted:
                lines.append(f"{name}: and {omitted} more problems (--max-problems {max_problems} shown)")
            count = len(problems) + omitted
            lines.append(f"{name}: invalid: {count} problem{'s' if count != 1 else ''}")
            _lines(lines)
        return 1
    if args.json:
        _json(name, counts=counts, data_version=data_version)
        return 0
    summary = f"{name}: valid: {', '.join(f'{n} {plural}' for plural, n in counts.items())}"
    _lines([f"{summary} (data version {data_version})"], wrapped=True)
    return 0


def _lines(lines: list[str], *, wrapped: bool = False) -> None:
    """Human output: escaped (``shown``); ``wrapped`` lines fit the terminal, problem lines stay whole."""
    room = width() if wrapped else None
    out = [part for line in lines for part in wrap(shown(line), room)] if room else [shown(line) for line in lines]
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()


def _json(
    name: str,
    *,
    problems: Sequence[Problem] = (),
    omitted: int = 0,
    counts: dict[str, int] | None = None,
    data_version: str | None = None,
) -> None:
    result = {
        "file": name,
        "valid": counts is not None,
        "problems": [{"record": p.record, "field": p.field, "message": p.message} for p in problems],
        "omitted": omitted,
        "counts": counts,
        "data_version": data_version,
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()

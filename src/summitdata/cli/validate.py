"""``summitdata validate FILE``: check a dataset file with the rules of :func:`summitdata.loads`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ._terminal import shown

_EPILOG = """\
exit status: 0 when the file is valid (one summary line), 1 when it is not (every
problem on its own line: record, field, message), 2 on a usage error.

examples:
  summitdata validate my-summits.json
  summitdata validate my-summits.jsonl
  summitdata validate --with-packaged my-claims.json
  cat my-summits.json | summitdata validate -
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check a dataset file (JSON or JSON Lines) and list every problem",
        description="Check a dataset file in the export format (JSON, or JSON Lines) with the rules of "
        "summitdata.loads: types, values, dates, anchors against their sources, references, unique ids.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from .. import data, serialize  # noqa: PLC0415
    from ..errors import ValidationError  # noqa: PLC0415

    name = "<stdin>" if args.file == "-" else args.file
    base = data.load() if args.with_packaged else None
    try:
        if args.file == "-":
            fmt: serialize.Format = "jsonl" if args.format == "jsonl" else "json"
            ds = serialize.loads(sys.stdin.buffer.read(), format=fmt, base=base)
        else:
            ds = serialize.load_file(args.file, format=args.format, base=base)
    except ValidationError as err:
        out = sys.stdout
        for problem in err.problems:  # record: field: message (no field for the whole document)
            # A file that cannot be read is its own record: name it once.
            text = problem.message if problem.record == os.fspath(args.file) else str(problem)
            out.write(shown(f"{name}: {text}") + "\n")
        count = len(err.problems)
        out.write(shown(f"{name}: invalid: {count} problem{'s' if count != 1 else ''}") + "\n")
        out.flush()
        return 1
    counts = ", ".join(f"{len(c)} {plural}" for c, plural in zip(ds.collections(), _PLURALS, strict=True))
    sys.stdout.write(shown(f"{name}: valid: {counts} (data version {ds.data_version})") + "\n")
    return 0


_PLURALS = ("sources", "people", "organizations", "places", "summits", "speeches", "claims", "initiatives")

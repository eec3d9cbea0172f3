"""``summitdata export``: write the packaged records as JSON, JSON Lines or CSV tables."""

from __future__ import annotations

import argparse
import sys
from typing import Any

#: The names accepted by ``--format``.
FORMATS = ("json", "jsonl", "csv")

_EPILOG = """\
formats:
  json   the JSON format (see the JSON format reference in the docs): one
         document, 2-space indent
  jsonl  JSON Lines: a header line, then one record per line with a "type" field
  csv    a directory of CSV tables (one per kind, plus link tables) and a
         Frictionless datapackage.json; needs -o DIR

-o PATH is written whole or not at all (a temporary file or folder beside it,
then renamed into place): on failure the old content stays. CSV cells that a
spreadsheet would run as a formula are prefixed with ' (see the docs).

examples:
  summitdata export --format json
  summitdata export --format jsonl -o summitdata.jsonl
  summitdata export --format csv -o summitdata-csv/
"""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write the records in an export format",
        description="Write every packaged record as JSON (the format of the docs' JSON format reference), JSON Lines, "
        "or CSV tables "
        "with a Frictionless data package: to standard output, or to -o PATH.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help="the export format (default: json)")
    parser.add_argument("-o", "--output", help="write to this file (the directory for csv) instead of standard output")
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from .. import data, serialize  # noqa: PLC0415
    from .._atomic import check_target  # noqa: PLC0415

    if args.format == "csv":
        if args.output is None:
            args.parser.error("--format csv writes a directory: give it with -o DIR")
        from ..tables import dump_csv  # noqa: PLC0415

        check_target(args.output, folder=True)  # before the work, not after it
        dump_csv(data.load(), args.output)
        return 0
    if args.output is None:
        sys.stdout.buffer.write(serialize.dumps(data.load(), format=args.format).encode("utf-8"))
        sys.stdout.flush()
    else:
        check_target(args.output)
        serialize.dump(data.load(), args.output, format=args.format)
    return 0

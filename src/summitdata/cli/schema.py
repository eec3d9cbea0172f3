"""``summitdata schema``: print the JSON Schema of the export format."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._options import command

_HELP = "print the JSON Schema of the export format"

_DESCRIPTION = "Print the JSON Schema (draft 2020-12) of a summitdata JSON export: to standard output, or to -o PATH."

_EPILOG = """\
examples:
  summitdata schema
  summitdata schema -o summitdata.schema.json"""


def register(subparsers: Any) -> None:
    parser = command(subparsers, "schema", run, help=_HELP, description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument(
        "-o", "--output", help="write to this file instead of standard output (whole or not at all: see the docs)"
    )


def run(args: argparse.Namespace) -> int:
    from .._atomic import check_target, write_file  # noqa: PLC0415
    from ..schema import json_schema  # noqa: PLC0415

    if args.output is not None:
        check_target(args.output)
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        write_file(args.output, text.encode("utf-8"))
    return 0

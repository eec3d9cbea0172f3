"""``summitdata export``: write the packaged records in the JSON contract."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

#: The names accepted by ``--format``.
FORMATS = ("json",)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write the records in an export format",
        description="Write every packaged record in the JSON contract (SPEC.md): to standard output, or to -o PATH.",
        epilog="examples:\n  summitdata export --format json\n  summitdata export --format json -o summitdata.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help="the export format (default: json)")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from .. import data, serialize  # noqa: PLC0415

    text = serialize.dumps(data.load())
    if args.output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0

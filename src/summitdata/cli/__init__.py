"""The ``summitdata`` command line.

Each group of subcommands lives in its own module of this package and adds itself to
the parser through ``register(subparsers)``; :func:`main` runs the chosen one. A
subcommand returns the exit status: 0 on success, 1 on a user error (reported as one
line on standard error, never a traceback); argparse exits with 2 on usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from .._version import DATA_VERSION, __version__
from ._terminal import HelpFormatter

__all__ = ["build_parser", "main"]

#: The modules of this package that define subcommands, in the order of ``--help``.
COMMAND_MODULES = ("export", "validate", "schema", "query", "changes")

_EPILOG = """\
examples:
  summitdata export --format json -o summitdata.json
  summitdata list claims --speaker Tokayev --topic transport
  summitdata list claims --summit "Tokayev visit Ashgabat"
  summitdata show initiative:caspian-interstate-programme
  summitdata show source:000-6d5a610b5cea50b9 --article
  summitdata search "Caspian programme"
  summitdata validate my-summits.json
  summitdata schema -o summitdata.schema.json
  summitdata changes claim:2025-10-10-cis-council-08
  summitdata diff summitdata-2025.12.1.json summitdata.json
  summitdata --version
"""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors read like every other error: ``summitdata: error: ...``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2,
            f"summitdata: error: {self.prog.removeprefix('summitdata ')}: {message}\n"
            if self.prog != "summitdata"
            else f"summitdata: error: {message}\n",
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = Parser(
        prog="summitdata",
        description="Structured, source-anchored records of diplomatic summits.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"summitdata {__version__} (data {DATA_VERSION})",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    from ..errors import SummitDataError  # noqa: PLC0415

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except SummitDataError as err:
        from ._terminal import shown  # noqa: PLC0415

        first, _, rest = str(err).partition("\n")
        print(f"summitdata: error: {shown(first)}", file=sys.stderr)
        if rest:
            print(shown(rest, keep="\n"), file=sys.stderr)
        return 1
    except OSError as err:
        print(f"summitdata: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status

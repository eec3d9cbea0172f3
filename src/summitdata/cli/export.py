"""``summitdata export``: write the packaged records as JSON, JSON Lines, CSV or Parquet tables."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..exports import FORMATS as _OTHER_FORMATS
from ._options import command, limit

#: The names accepted by ``--format``: summitdata's own, then the other tools' (summitdata.exports).
FORMATS = ("json", "jsonl", "csv", "parquet", *_OTHER_FORMATS)

_HELP = "write the records in an export format"

_DESCRIPTION = (
    "Write every packaged record (or those of --data FILE) as JSON (the format of the docs' "
    "format reference), JSON Lines, CSV tables with a Frictionless data package, or another tool's format: "
    "to standard output, or to -o PATH."
)

_EPILOG = """\
formats:
  json   the JSON format of the docs' format reference: one document
  jsonl  JSON Lines: a header line, then one record per line with a "type" field
  csv    a directory of CSV tables (one per kind, plus link tables) and a
         Frictionless datapackage.json; needs -o DIR
  parquet  a directory of Parquet tables (fixed Arrow schema) with recipes
         for DuckDB, BigQuery and Spark; needs -o DIR and pyarrow (the
         parquet extra); --partition-by year partitions the claims by year
  annotations, jsonld, popolo, plover
         W3C Web Annotations, schema.org JSON-LD, Popolo JSON, PLOVER JSON
         Lines (what each keeps: the crosswalk page of the docs)

-o PATH is written whole or not at all (a temporary file or folder beside it,
then renamed into place): on failure the old content stays. CSV cells that a
spreadsheet would run as a formula are prefixed with ' (see the docs). The
claims table also has each claim's date, date_precision and date_inferred.
--data FILE exports that file's records (a JSON or JSON Lines export) instead
of the packaged ones: a conversion between the formats.

examples:
  summitdata export --format json
  summitdata export --format jsonl -o summitdata.jsonl
  summitdata export --format csv -o summitdata-csv/
  summitdata export --data my-summits.jsonl --format json -o my-summits.json
  summitdata export --format parquet --partition-by year -o summitdata-parquet/
"""


def register(subparsers: Any) -> None:
    parser = command(subparsers, "export", run, help=_HELP, description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        metavar="FORMAT",
        help=f"the export format: {', '.join(FORMATS)} (default: json)",
    )
    parser.add_argument(
        "-o", "--output", help="write to this file (the directory for csv and parquet) instead of standard output"
    )
    parser.add_argument(
        "--partition-by", choices=("year",), help="parquet only: write the claims hive-partitioned by year"
    )
    parser.add_argument(
        "--data", type=Path, metavar="FILE", help="export this JSON export instead of the packaged data"
    )
    limit(parser, "--max-bytes", "refuse a --data file of more than N bytes (default: 1 GiB)")


def run(args: argparse.Namespace) -> int:
    from .. import serialize  # noqa: PLC0415
    from .._atomic import check_target  # noqa: PLC0415
    from .query import load_data  # noqa: PLC0415

    if args.partition_by is not None and args.format != "parquet":
        args.parser.error("--partition-by applies to --format parquet only")
    if args.format == "parquet":
        if args.output is None:
            args.parser.error("--format parquet writes a directory: give it with -o DIR")
        from ..parquet import dump_parquet  # noqa: PLC0415

        check_target(args.output, folder=True)
        dump_parquet(load_data(args), args.output, partition_by=args.partition_by)
        return 0
    if args.format == "csv":
        if args.output is None:
            args.parser.error("--format csv writes a directory: give it with -o DIR")
        from ..tables import dump_csv  # noqa: PLC0415

        check_target(args.output, folder=True)  # before the work, not after it
        dump_csv(load_data(args), args.output)
        return 0
    if args.format in _OTHER_FORMATS:
        from .. import exports  # noqa: PLC0415

        if args.output is None:
            sys.stdout.buffer.write(exports.export(load_data(args), args.format))
            sys.stdout.flush()
        else:
            check_target(args.output)
            exports.dump(load_data(args), args.output, args.format)
        return 0
    if args.output is None:
        sys.stdout.buffer.write(serialize.dumps(load_data(args), format=args.format).encode("utf-8"))
        sys.stdout.flush()
    else:
        check_target(args.output)
        serialize.dump(load_data(args), args.output, format=args.format)
    return 0

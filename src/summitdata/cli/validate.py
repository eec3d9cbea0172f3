"""``summitdata validate FILE``: check a dataset file with the rules of :func:`summitdata.loads`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._terminal import shown

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
    parser.add_argument(
        "--max-problems",
        type=_at_least(1),
        default=None,
        metavar="N",
        help="list at most N problems, then count the others (default: 1000)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_at_least(0),
        default=None,
        metavar="N",
        help="refuse a file or standard input of more than N bytes (default: 1 GiB)",
    )
    parser.set_defaults(handler=run)


def _at_least(minimum: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    from .. import data, serialize  # noqa: PLC0415
    from ..errors import FileReadError, ValidationError  # noqa: PLC0415
    from ..records import KINDS  # noqa: PLC0415
    from ..stream import _Stream  # noqa: PLC0415

    name = "<stdin>" if args.file == "-" else args.file
    max_problems = serialize.MAX_PROBLEMS if args.max_problems is None else args.max_problems
    max_bytes = serialize.MAX_BYTES if args.max_bytes is None else args.max_bytes
    base = data.load() if args.with_packaged else None
    out = sys.stdout
    try:
        if args.file == "-":
            fmt: serialize.Format = "jsonl" if args.format == "jsonl" else "json"
            text = serialize.read_stream(sys.stdin.buffer, max_bytes=max_bytes)
            ds = serialize.loads(text, format=fmt, base=base, max_problems=max_problems)
            counts = [len(c) for c in ds.collections()]
            data_version = ds.data_version
        else:  # JSON Lines are checked as a stream, keeping only what the checks across records need
            stream = _Stream(args.file, base=base, max_problems=max_problems, max_bytes=max_bytes, format=args.format)
            for _ in stream.records():
                pass
            counts = [stream.counts[kind.plural] for kind in KINDS]
            data_version = stream.data_version
    except FileReadError as err:  # the file itself: named once, then why it cannot be read
        out.write(f"{name}: {err.problems[0].message}\n")
        out.write(f"{name}: invalid: 1 problem\n")
        out.flush()
        return 1
    except ValidationError as err:
        for problem in err.problems:  # record: field: message (no field for the whole document)
            out.write(shown(f"{name}: {problem}") + "\n")
        if err.omitted:
            out.write(f"{name}: and {err.omitted} more problems (--max-problems {max_problems} shown)\n")
        count = len(err.problems) + err.omitted
        out.write(shown(f"{name}: invalid: {count} problem{'s' if count != 1 else ''}") + "\n")
        out.flush()
        return 1
    summary = ", ".join(f"{count} {kind.plural}" for count, kind in zip(counts, KINDS, strict=True))
    sys.stdout.write(shown(f"{name}: valid: {summary} (data version {data_version})") + "\n")
    return 0

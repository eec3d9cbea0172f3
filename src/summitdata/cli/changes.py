"""``summitdata changes [ID]`` and ``summitdata diff OLD NEW``: what changed between data releases.

``changes`` lists the corrections log of the packaged data (every record a release added,
changed or removed, the fields, the reason and the article words it rests on); with an id,
that record's entries. ``diff`` compares two files in the export format (JSON or JSON
Lines, of any 1.x format version) and lists the records added, removed and changed, with
every value that changed. ``--json`` prints the same as JSON; human output escapes control
characters (see :mod:`summitdata.cli._terminal`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._options import command
from ._terminal import emit as _emit
from ._terminal import shown

if TYPE_CHECKING:
    from ..changes import Correction, ReleaseDiff

#: The longest value shown in a human-readable diff line; ``--json`` shows every value whole.
MAX_VALUE_CHARS = 160

_CHANGES_HELP = "list the corrections log of the packaged data"

_CHANGES_DESCRIPTION = (
    "List every record a data release added, changed or removed: the data version, the fields, "
    "the reason and the article words it rests on. With ID, only that record's entries."
)

_CHANGES_EPILOG = """\
examples:
  summitdata changes
  summitdata changes claim:2025-10-10-cis-council-08
  summitdata changes --json
"""

_DIFF_HELP = "list what changed between two exports"

_DIFF_DESCRIPTION = (
    "Compare two files in the export format (JSON or JSON Lines, format 1.x) and list the "
    "records added, removed and changed, with each value that changed."
)

_DIFF_EPILOG = """\
examples:
  summitdata export --format json -o new.json
  summitdata diff summitdata-2025.12.1.json new.json
  summitdata diff old.json new.json --json

Records are matched by id and compared value by value; a path names the value that
changed (quantities[0].period, inferred.summit). The exit status is 0 whether or not the
files differ, 1 when a file cannot be read.
"""


def register(subparsers: Any) -> None:
    changes = command(
        subparsers, "changes", run_changes, help=_CHANGES_HELP, description=_CHANGES_DESCRIPTION, epilog=_CHANGES_EPILOG
    )
    changes.add_argument("id", nargs="?", help="a record id (also the id of a removed record)")
    changes.add_argument("--json", action="store_true", help="print the entries as JSON")
    diff = command(subparsers, "diff", run_diff, help=_DIFF_HELP, description=_DIFF_DESCRIPTION, epilog=_DIFF_EPILOG)
    diff.add_argument("old", type=Path, help="the older export")
    diff.add_argument("new", type=Path, help="the newer export")
    diff.add_argument("--json", action="store_true", help="print the differences as JSON")


def run_changes(args: argparse.Namespace) -> int:
    from .. import data  # noqa: PLC0415
    from ..converter import unstructure_record  # noqa: PLC0415

    ds = data.load()
    entries = ds.changes
    if args.id is not None:
        entries = tuple(c for c in entries if c.record == args.id)
        if not entries:
            ds.get(args.id)  # an unknown id is an error; a live one has no corrections
    if args.json:
        _emit(json.dumps([unstructure_record(c) for c in entries], ensure_ascii=False, indent=2) + "\n")
        return 0
    if not entries:
        what = args.id if args.id is not None else "the packaged data"
        _emit(shown(f"no corrections of {what} (data version {ds.data_version})") + "\n")
        return 0
    _emit(shown("\n".join(_correction_lines(c) for c in entries) + "\n", keep="\n"))
    return 0


def _correction_lines(c: Correction) -> str:
    head = f"{c.data_version}  {c.action.value:<8} {c.record}"
    if c.fields:
        head += f"  ({', '.join(c.fields)})"
    lines = [head, f"    {_one_line(c.reason)}"]
    if c.replaced_by:
        lines.append(f"    replaced by {c.replaced_by}")
    lines.extend(f"    evidence: {a.source} [{a.start}:{a.end}] {_one_line(a.text)!r}" for a in c.evidence)
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run_diff(args: argparse.Namespace) -> int:
    from ..changes import diff  # noqa: PLC0415
    from ..serialize import load_file  # noqa: PLC0415

    old = load_file(args.old, max_problems=1)
    new = load_file(args.new, max_problems=1)
    result = diff(old, new)
    if args.json:
        _emit(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _emit(shown(diff_text(result), keep="\n"))
    return 0


def diff_text(result: ReleaseDiff) -> str:
    """A diff for people: a summary line, then the ids added and removed, then each change.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> print(diff_text(summitdata.diff(ds, ds)), end="")
    2026.1 -> 2026.1: 0 added, 0 removed, 0 changed
    """
    counts = f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed"
    lines = [f"{result.old_version} -> {result.new_version}: {counts}"]
    lines.extend(f"added    {record_id}" for record_id in result.added)
    lines.extend(f"removed  {record_id}" for record_id in result.removed)
    for change in result.changed:
        lines.append(f"changed  {change.id}")
        lines.extend(f"    {d.path}: {_value(d.old)} -> {_value(d.new)}" for d in change.changes)
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE_CHARS else f"{text[: MAX_VALUE_CHARS - 1]}… ({len(text)} characters)"

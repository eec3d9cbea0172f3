"""Text for a terminal: control characters and escape sequences shown, not obeyed.

Record text comes from data files, which anyone can write. Raw, an ANSI escape
(``ESC [ 2 J`` clears the screen), a carriage return or a right-to-left override could
rewrite what the terminal shows, even make an invalid file look valid. The human-readable
output of the command line passes through :func:`shown`, which writes each such
character as a Python-style escape: C0 controls, DEL and C1 controls as ``\\xNN``
(``ESC`` is ``\\x1b``), and the bidirectional formatting characters (U+061C, U+200E,
U+200F, U+202A to U+202E, U+2066 to U+2069) and the line and paragraph separators
(U+2028, U+2029) as ``\\uNNNN``. Every other character, including a backslash, is
shown as it is. ``--json`` output is exact and does not pass through here.

Human output fits the terminal (:func:`width`, :func:`table`, :func:`wrap`): at most
``COLUMNS`` characters a line, ids never broken, long text cut with an ellipsis; piped
without ``COLUMNS``, lines are not cut.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence

__all__ = ["HelpFormatter", "cut", "shown", "table", "width", "wrap"]

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "]")
_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, _BIDI)]
}


@functools.cache
def _table(keep: str) -> dict[int, str]:
    return {code: escape for code, escape in _ESCAPES.items() if chr(code) not in keep}


def shown(text: str, keep: str = "") -> str:
    """``text`` with every control and bidirectional formatting character escaped, but those in ``keep``.

    >>> print(shown("\\x1b[2Jvalid\\u202e\\r!"))
    \\x1b[2Jvalid\\u202e\\x0d!
    >>> shown("line\\nnext", keep="\\n") == "line\\nnext"
    True
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_table(keep))


def width() -> int | None:
    """The width to fit human output to: ``COLUMNS`` when set, else the terminal's; ``None`` for a pipe.

    >>> import os
    >>> os.environ["COLUMNS"] = "80"
    >>> width()
    80
    >>> del os.environ["COLUMNS"]
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(_NARROWEST, int(columns))
    if sys.stdout.isatty():
        return max(_NARROWEST, shutil.get_terminal_size((120, 24)).columns)
    return None


_NARROWEST = 40
#: A column cut narrower than this (when it wants more) makes a table two lines a row.
_NARROW_CELL = 24


def cut(text: str, room: int) -> str:
    """``text``, cut to ``room`` characters with an ellipsis when longer.

    >>> cut("International Year of Peace and Trust", 20)
    'International Year …'
    """
    if len(text) <= room:
        return text
    return text[: max(room - 1, 0)] + "…"


#: The columns of a table that are never cut (ids and dates); the others are cut to fit.
FIXED = frozenset({"ID", "DATE", "START", "FIRST RAISED", "RECORDS", "COUNT", "CLAIMS"})
#: The footer of a table with an inferred date in it.
INFERRED_NOTE = "* an inferred date: the record's notes say why (summitdata show ID)"
_INFERRED = re.compile(r"\d\*(?:\s|$)")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, room: int | None = None) -> str:
    """An aligned table that fits ``room`` columns (default: :func:`width`).

    Ids and dates are never cut; the other columns share what is left, the widest cut
    first, each cell cut with an ellipsis. When even the ids and dates do not fit, each
    row is two lines: the ids and dates, then the other cells, indented. On a terminal
    (a width known), a table with an inferred date (``2025-12*``) ends with a note that
    says what ``*`` means; ``--help`` says it too.

    >>> row = ["place:almaty", "Almaty, the largest city of Kazakhstan, in the south"]
    >>> print(table(["ID", "NAME"], [row], room=44), end="")
    ID            NAME
    place:almaty  Almaty, the largest city of K…
    >>> print(table(["ID", "NAME"], [row], room=32), end="")
    place:almaty
        Almaty, the largest city of…
    """
    if not rows:
        return "(no records)\n"
    room = width() if room is None else room
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    fixed = [i for i, h in enumerate(headers) if h in FIXED]
    flexible = [i for i in range(len(headers)) if i not in fixed]
    gaps = 2 * (len(headers) - 1)
    lines: list[str] = []
    if room is None or sum(widths) + gaps <= room:
        lines = [_line(row, widths) for row in [list(headers), *rows]]
    else:
        left = room - gaps - sum(widths[i] for i in fixed)
        shares = _share(max(left, 0), [widths[i] for i in flexible])
        wanted = [widths[i] for i in flexible]
        if all(share >= min(want, _NARROW_CELL) for share, want in zip(shares, wanted, strict=True)):
            for i, share in zip(flexible, shares, strict=True):
                widths[i] = share
            lines = [_line([cut(c, w) for c, w in zip(row, widths, strict=True)], widths) for row in [headers, *rows]]
        else:  # two lines a row: what is never cut, aligned; then the rest, indented
            fixed_widths = [widths[i] for i in fixed]
            for row in rows:
                lines.append(_line([row[i] for i in fixed], fixed_widths))
                rest = "  ".join(row[i] for i in flexible if row[i])
                if rest:
                    lines.append(cut("    " + rest, room))
    if room is not None and any(_INFERRED.search(cell) for row in rows for cell in row):
        lines += ["", *_wrap(INFERRED_NOTE, room)]  # for a reader: a pipe gets the rows alone
    return "\n".join(lines) + "\n"


def _line(row: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()


def _share(room: int, wanted: Sequence[int]) -> list[int]:
    """``room`` shared among columns that want ``wanted`` characters: the narrow ones get theirs."""
    shares = [0] * len(wanted)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    for done, i in enumerate(order):
        fair = room // (len(wanted) - done)
        shares[i] = min(wanted[i], fair)
        room -= shares[i]
    return shares


def _wrap(text: str, room: int | None) -> list[str]:
    if room is None:
        return [text]
    return textwrap.wrap(text, width=room, break_long_words=False, break_on_hyphens=False) or [""]


def wrap(text: str, room: int | None, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``room`` characters (``None``: one line), never breaking a word or an id.

    >>> wrap("one two three", 9, indent="  ")
    ['  one two', '  three']
    """
    if room is None:
        return [indent + text]
    return textwrap.wrap(
        text,
        width=max(room, len(indent) + 10),
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that fits the terminal: prose paragraphs wrapped, indented lines (examples) kept as written.

    >>> HelpFormatter("x", width=12)._fill_text("a b c d e f g h\\n  keep   this", 12, "")
    'a b c d e f\\ng h\\n  keep   this'
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        prose: list[str] = []

        def flush() -> None:
            if prose:
                out.extend(textwrap.wrap(" ".join(prose), width, initial_indent=indent, subsequent_indent=indent))
                prose.clear()

        for line in text.splitlines():
            if line and not line[0].isspace():
                prose.append(line.strip())
            else:
                flush()
                out.append(indent + line if line else "")
        flush()
        return "\n".join(out)


def emit(text: str) -> None:
    """Write ``text`` to standard output as UTF-8; a reader that stopped (``| head``) is not an error."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())

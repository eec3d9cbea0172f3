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
"""

from __future__ import annotations

import functools
import re

__all__ = ["shown"]

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

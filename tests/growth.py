"""How much work a call does, counted rather than timed: the same on a loaded machine as on an idle one.

Performance targets live in ``benchmarks/``; the tests pin the *shape* of the work
(linear, not quadratic, in the input) with :func:`calls`, the number of Python and
built-in function calls a call makes (``sys.setprofile`` events). Work done inside one
built-in call (a regular expression, ``str.translate``) counts once: such a call is
linear when its own argument is, so a test says which built-ins carry the work.

:func:`work` also counts the lines of Python run (a loop that calls nothing makes no
call), and weighs each call of a method that scans the object it is called on
(``list.index``, ``str.split``, ...) by that object's length, so that a loop calling one
on the whole input each time shows as quadratic although its calls are linear. What a
single operator does (``x in a_list``, a slice) stays unseen.
:class:`Scanned` stands in for a compiled pattern and counts the characters its
searches are handed, for the quadratic work a regular expression run again and again
from the start of the text would do.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

#: Methods of ``str``, ``bytes``, ``list`` and ``tuple`` that read the whole object they are called on.
SCANNING = frozenset(
    {
        "casefold",
        "count",
        "encode",
        "find",
        "index",
        "insert",
        "isalnum",
        "isalpha",
        "isdigit",
        "isspace",
        "isupper",
        "lower",
        "partition",
        "remove",
        "replace",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "split",
        "splitlines",
        "translate",
        "upper",
    }
)
_SIZED = (str, bytes, list, tuple)


def _profiled(function: Callable[[], object], weigh: Callable[[str, Any], int]) -> int:
    count = 0

    def profile(_frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += weigh(event, arg)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(previous)
    return count


def calls(function: Callable[[], object]) -> int:
    """The number of function calls (Python and built-in) ``function()`` makes, its own included.

    >>> calls(lambda: sorted(range(10))) == calls(lambda: sorted(range(10_000)))  # one built-in call each
    True
    """
    return _profiled(function, lambda _event, _arg: 1)


def _weight(event: str, arg: Any) -> int:
    if event == "c_call" and getattr(arg, "__name__", None) in SCANNING:
        receiver = getattr(arg, "__self__", None)
        if isinstance(receiver, _SIZED):
            return max(len(receiver), 1)
    return 1


def work(function: Callable[[], object]) -> int:
    """The steps ``function()`` takes: lines of Python run, plus :func:`calls`, with each scanning
    method (:data:`SCANNING`) weighing the length of the object it is called on.

    A loop that calls nothing (``next(i for i, x in enumerate(xs) if x > y)``) counts a
    line each time round; ``xs.index(y)`` counts ``len(xs)``.

    >>> items = list(range(1000))
    >>> calls(lambda: [items.index(i) for i in items]) < 1100 < 500_000 < work(lambda: [items.index(i) for i in items])
    True
    >>> work(lambda: next(i for i, x in enumerate(items) if x > 900)) > 900
    True
    """
    lines = 0

    def local(_frame: Any, event: str, _arg: Any) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def trace(_frame: Any, _event: str, _arg: Any) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        steps = _profiled(function, _weight)
    finally:
        sys.settrace(previous)
    return steps + lines


class Scanned:
    """A compiled pattern that adds the characters each of its searches is handed to ``chars``.

    A search (``search``, ``finditer``, ``sub``, ...) weighs the text from ``pos`` to
    ``endpos``; an anchored ``match`` weighs what it matched, plus one.

    >>> words = Scanned(re.compile(r"\\w+"))
    >>> words.findall("one two", 4), words.match("one two") is not None, words.chars
    (['two'], True, 7)
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.chars = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.pattern, name)
        if name not in ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn"):
            return method

        def scanned(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if name == "match":
                self.chars += 1 if result is None else result.end() - result.start() + 1
                return result
            text = args[1] if name in ("sub", "subn") else args[0]
            bounds = args[1:3] if name not in ("sub", "subn", "split") else ()
            pos = bounds[0] if bounds else kwargs.get("pos", 0)
            endpos = bounds[1] if len(bounds) > 1 else kwargs.get("endpos", len(text))
            self.chars += max(min(endpos, len(text)) - pos, 0)
            return result

        return scanned

"""How much work a call does, counted rather than timed: the same on a loaded machine as on an idle one.

Performance targets live in ``benchmarks/``; the tests pin the *shape* of the work
(linear, not quadratic, in the input) with :func:`calls`, the number of Python and
built-in function calls a call makes (``sys.setprofile`` events). Work done inside one
built-in call (a regular expression, ``str.translate``) counts once: such a call is
linear when its own argument is, so a test says which built-ins carry the work.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def calls(function: Callable[[], object]) -> int:
    """The number of function calls (Python and built-in) ``function()`` makes, its own included.

    >>> calls(lambda: sorted(range(10))) == calls(lambda: sorted(range(10_000)))  # one built-in call each
    True
    """
    count = 0

    def profile(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(previous)
    return count

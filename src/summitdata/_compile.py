"""Compile generated Python source, registered in :mod:`linecache` as attrs and cattrs do.

Tracebacks, debuggers and :func:`inspect.getsource` then show the generated lines.

>>> import inspect
>>> double = compile_function(int, "demo", "def double(x):\\n    return 2 * x\\n", "double", {})
>>> double(21), inspect.getsource(double).splitlines()[0]
(42, 'def double(x):')
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["Namespace", "compile_function"]


def compile_function(
    cls: type[Any], mode: str, source: str, name: str, namespace: dict[str, Any]
) -> Callable[..., Any]:
    """Run ``source`` in ``namespace`` and return its function ``name``, named after ``cls`` and ``mode``."""
    filename = _unique_filename(cls, mode, source)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - the source is generated from the field specs
    function: Callable[..., Any] = namespace[name]
    function.__qualname__ = f"{cls.__qualname__}.<{mode}>"
    return function


def _unique_filename(cls: type[Any], mode: str, source: str) -> str:
    """A file name for ``source`` in :mod:`linecache`, registered there (one per generated function)."""
    base = f"<summitdata generated {mode} {cls.__module__}.{cls.__qualname__}"
    filename = base + ">"
    count = 1
    while filename in linecache.cache:  # another class of the same name (a class made again, in a test)
        count += 1
        filename = f"{base}-{count}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return filename


class Namespace:
    """The names a generated function's source uses, and their values.

    >>> names = Namespace({"_len": len})
    >>> names.bind("_len", len), names.bind("_len", str), names.bind("_len", str)
    ('_len', '_len_2', '_len_2')
    """

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace

    def bind(self, hint: str, value: Any) -> str:
        """The name under which ``value`` is in the namespace: ``hint``, made unique."""
        name, count = hint, 1
        while name in self.namespace:
            if self.namespace[name] is value:
                return name
            count += 1
            name = f"{hint}_{count}"
        self.namespace[name] = value
        return name

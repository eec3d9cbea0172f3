"""Sentence splitting, ``context()`` and ``lookup()`` on a large text (issue 11).

The article is one line of ``--size`` characters full of sentence ends (the worst case
for a splitter that slices the line at each one); the names given to ``lookup`` are
``--size`` characters of words; the text escaped for the terminal (``shown``) is
``--size`` characters, half of them control characters. Each should take time linear
in the size::

    python benchmarks/text.py [--size 1000000]

It prints one line per measurement.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from typing import Any

import summitdata
from summitdata import Anchor, Dataset, Source
from summitdata.cli._terminal import shown
from summitdata.search import sentences

UNIT = "President Tokayev spoke on Oct. 10 in Dushanbe. “Peace matters,” he said. "


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    size = parser.parse_args().size

    text = (UNIT * (size // len(UNIT) + 1))[:size]
    at = text.index("Peace", size // 2)
    anchor = Anchor(source="source:big", start=at, end=at + 5, text="Peace")
    source = Source(id="source:big", file="big.txt", text=text, evidence=(anchor,))
    ds = Dataset(sources=[source], data_version="benchmark", check=False)

    took, spans = timed(lambda: sentences(text))
    print(f"sentences() of one line of {size:,} characters: {took:.3f} s ({len(spans):,} sentences)")
    took, found = timed(lambda: ds.context(anchor))
    print(f"first context() (splits the article): {took:.3f} s -> {found.text!r}")
    took, _ = timed(lambda: [ds.context(anchor) for _ in range(1000)])
    print(f"each later context(): {took / 1000 * 1e6:.1f} µs")

    hostile = ("a\x1b" * (size // 2 + 1))[:size]
    took, escaped = timed(lambda: shown(hostile))
    print(f"shown() of {size:,} characters, half of them escaped: {took:.3f} s ({len(escaped):,} characters out)")

    packaged = summitdata.load()
    packaged.lookup("warm")
    words = "the Tokayev of Berdimuhamedov summit Caspian Sea water "
    names = {
        "common words": (words * (size // len(words) + 1))[:size],
        "'Tokaev' again and again": ("Tokaev " * (size // 7 + 1))[:size],
        "distinct words 'tokaevN'": " ".join(f"tokaev{i}" for i in range(size // 10))[:size],
    }
    for label, name in names.items():
        took, found = timed(functools.partial(packaged.lookup, name))
        print(f"lookup() of {size:,} characters ({label}): {took:.3f} s -> {len(found)} found")


if __name__ == "__main__":
    main()

"""Time taken at 10x the input, for the work the tests count rather than time.

The tests pin that these are linear by counting steps (``tests/growth.py``); this script
times them, at ``--size`` and ten times it, and prints how much longer the larger took
(about 10x when linear, about 100x when quadratic), best of ``--repeat``::

    python benchmarks/growth.py [--size 2000] [--repeat 5]

- ``diff``: :func:`summitdata.diff` of two equal releases built apart (``--size`` claims);
- ``shared aliases``: the check that a shared alias is marked, half the people sharing one;
- ``problem reports``: a load of ``--size`` empty claims, past the kept problems;
- ``json depth``: ``tools/curate.py``'s nesting check of ``--size`` x 50 brackets.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import summitdata
from summitdata._checks import _check_shared_aliases
from summitdata.changes import diff


def best(call: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def _diff(n: int) -> Callable[[], Any]:
    old, new = summitdata.synthetic_dataset(n, seed=1), summitdata.synthetic_dataset(n, seed=1)
    return lambda: diff(old, new)


def _aliases(n: int) -> Callable[[], Any]:
    base = summitdata.load().people[0]
    people = {
        f"person:p{i:07}": attrs.evolve(
            base,
            id=f"person:p{i:07}",
            aliases=(f"A{i:07}", "Same") if i % 2 else (f"A{i:07}",),
            ambiguous_aliases=("Same",) if i % 2 else (),
        )
        for i in range(n)
    }
    return lambda: list(_check_shared_aliases(people))


def _problems(n: int) -> Callable[[], Any]:
    head = {"schema_version": "1.0", "data_version": "x", **{k.plural: [] for k in summitdata.records.KINDS}}
    text = json.dumps(head).replace('"claims": []', '"claims": [' + ",".join(["{}"] * n) + "]")

    def load() -> None:
        with contextlib.suppress(summitdata.ValidationError):
            summitdata.loads(text)

    return load


def _depth(n: int) -> Callable[[], Any]:
    path = Path(__file__).resolve().parents[1] / "tools" / "curate.py"
    spec = importlib.util.spec_from_file_location("summitdata_tools_curate", path)
    curate = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(curate)  # type: ignore[union-attr]
    text = '{"a": "[[[[", "b": ' + "[" * (50 * n) + "]" * (50 * n) + "}"
    return lambda: curate.json_depth(text)


CASES = {"diff": _diff, "shared aliases": _aliases, "problem reports": _problems, "json depth": _depth}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, make in CASES.items():
        small, large = make(args.size), make(10 * args.size)
        small()  # warm-up: generated functions, compiled patterns
        took = best(small, args.repeat), best(large, args.repeat)
        print(f"{name}: {took[0] * 1e3:.1f} ms, at 10x {took[1] * 1e3:.1f} ms ({took[1] / took[0]:.1f}x)")


if __name__ == "__main__":
    main()

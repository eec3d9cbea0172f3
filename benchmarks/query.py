"""Query speed on a synthetic dataset of 100,000 claims (issue 5).

Targets, with the indexes built: a selective filter (one speaker, one topic, or a
one-month range given as ``datetime.date`` objects, each matching at most 1% of the
claims) is at least 100x faster than one plain iteration over ``ds.claims``, and
``search`` answers in under 50 ms. The script also reports the cold build time of the
indexes (with the cyclic garbage collector on, as a user would run it, and paused), and
the time of a filter done by hand (a scan with the same test) for comparison::

    python benchmarks/query.py [--claims 100000] [--repeat 50]

It prints one line per measurement and exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gc
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import summitdata
from summitdata.index import Index, index_of
from summitdata.testing import synthetic_dataset


def per_call(fn: Callable[[], Any], repeat: int) -> float:
    """The median time of one call, in seconds (each sample times a batch of calls)."""
    fn()
    batch = 1
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        if time.perf_counter() - start > 0.002 or batch >= 4096:
            break
        batch *= 2
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - start) / batch)
    return statistics.median(samples)


def fmt(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    failures = 0

    start = time.perf_counter()
    ds = synthetic_dataset(args.claims, seed=0)
    print(f"synthetic_dataset({args.claims}): {fmt(time.perf_counter() - start)}; {ds!r}")
    n = len(ds.claims)

    # --- cold index build (on fresh copies of the dataset, so nothing is cached) ------
    for label, paused in (("gc on", False), ("gc paused", True)):
        fresh = summitdata.Dataset(**{p: getattr(ds, p) for p in _PLURALS}, data_version="x", check=False)
        was = gc.isenabled()
        if paused:
            gc.disable()
        start = time.perf_counter()
        Index(fresh).build_all()
        elapsed = time.perf_counter() - start
        if was:
            gc.enable()
        print(f"cold build of every filter index ({label}): {fmt(elapsed)}")
    fresh = summitdata.Dataset(**{p: getattr(ds, p) for p in _PLURALS}, data_version="x", check=False)
    start = time.perf_counter()
    fresh.claims.filter(speaker=ds.people[0].id)
    print(f"cold first filter (builds only what it needs: order, one keyword): {fmt(time.perf_counter() - start)}")
    start = time.perf_counter()
    fresh.search("summit")
    print(f"cold first search (builds the word index): {fmt(time.perf_counter() - start)}")

    index_of(ds).build_all()
    ds.search("warm")

    claims = ds.claims
    iterate = per_call(lambda: [None for _ in claims], args.repeat)
    print(f"baseline: one plain iteration over {n} claims ([None for c in ds.claims]): {fmt(iterate)}")
    print(f"  (a bare `for c in ds.claims: pass` loop: {fmt(per_call(lambda: _loop(claims), args.repeat))})")

    # --- the selective filters --------------------------------------------------------
    speakers = collections.Counter(s for c in claims for s in c.speakers)
    topics = collections.Counter(t for c in claims for t in c.topics)
    speaker, _ = max(((s, k) for s, k in speakers.items() if k <= n // 100), key=lambda p: p[1])
    topic, _ = min(topics.items(), key=lambda p: p[1])
    # The one-month range: the month with the most claims among those holding at most 1%
    # (a month also matches the claims dated only to its year, which overlap it).
    month_sizes = {}
    for year in range(2000, 2027):
        for month in range(1, 13):
            first = datetime.date(year, month, 1)
            last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
            month_sizes[(first, last)] = len(claims.filter(since=first, until=last))
    first, last = max((m for m, k in month_sizes.items() if k <= n // 100), key=month_sizes.__getitem__)

    cases: list[tuple[str, dict[str, Any], Callable[[Any], bool]]] = [
        (f"speaker={speaker}", {"speaker": speaker}, lambda c: speaker in c.speakers),
        (f"topic={topic.value}", {"topic": topic}, lambda c: topic in c.topics),
        (f"since={first}, until={last}", {"since": first, "until": last}, None),  # type: ignore[list-item]
    ]
    for label, criteria, test in cases:
        result = claims.filter(**criteria)
        share = len(result) / n
        took = per_call(lambda criteria=criteria: claims.filter(**criteria), args.repeat)
        speedup = iterate / took
        selective = share <= 0.01
        ok = speedup >= 100 or not selective
        line = f"filter {label}: {len(result)} claims ({share:.2%}) in {fmt(took)}: {speedup:.0f}x one iteration"
        if test is not None:
            by_hand = per_call(lambda test=test: [c for c in claims if test(c)], max(5, args.repeat // 5))
            line += f", {by_hand / took:.0f}x a scan by hand ({fmt(by_hand)})"
        if not selective:
            line += "  [not selective: holds more than 1% of the claims; no target]"
        print(line + ("" if ok else "  FAIL: target 100x"))
        failures += not ok

    chained = per_call(lambda: claims.filter(speaker=speaker).filter(since=first.replace(year=2010)), args.repeat)
    print(f"chained filter speaker=..., then since=2010: {fmt(chained)}")
    strict = per_call(lambda: claims.filter(since=first, until=last, strict=True), args.repeat)
    print(
        f"the one-month range with strict=True: {len(claims.filter(since=first, until=last, strict=True))} "
        f"claims in {fmt(strict)}"
    )
    written = per_call(lambda: claims.filter(since=first, until=last, inferred=False), args.repeat)
    print(f"the one-month range with inferred=False: {fmt(written)}")

    # --- search ----------------------------------------------------------------------
    person = ds.people.get(speaker)
    surname = person.name.split()[-1]
    some_claim = claims[n // 2]
    words = " ".join(some_claim.text.split()[2:5])
    for text in (surname, "food security", words, f"{surname} trade", "summit"):
        found = ds.search(text)
        took = per_call(lambda text=text: ds.search(text), max(5, args.repeat // 5))
        ok = took < 0.05
        print(f"search {text!r}: {len(found)} records in {fmt(took)}" + ("" if ok else "  FAIL: target < 50 ms"))
        failures += not ok
    took = per_call(lambda: ds.lookup(surname), max(5, args.repeat // 5))
    print(f"lookup {surname!r}: {len(ds.lookup(surname))} records in {fmt(took)}")
    return 1 if failures else 0


def _loop(claims: Any) -> None:
    for _ in claims:
        pass


_PLURALS = ("sources", "people", "organizations", "places", "summits", "speeches", "claims", "initiatives")

if __name__ == "__main__":
    sys.exit(main())

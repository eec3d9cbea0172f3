"""A million claims through JSON Lines validation, the Parquet export and DuckDB queries.

Each step runs in a fresh interpreter (this script started again with ``--step``), and
reports its wall-clock time and its memory: the peak resident set size of the process
(``VmHWM``) and, where a step starts from a loaded dataset, the growth of the peak over
what the loaded dataset holds (the peak is reset with ``/proc/self/clear_refs`` before the
step's work: Linux only).

Steps, over ``summitdata.synthetic_dataset(N)`` written once as ``data.jsonl`` and ``data.json``:

- ``generate``: build the dataset and write both files (not a target; for context);
- ``validate``: ``summitdata validate data.jsonl``: the streaming check of every record
  (:func:`summitdata.iter_records`), keeping only ids, kinds and source texts;
- ``load-json``: ``summitdata.load_file("data.json")``: the time the DuckDB query is
  compared with;
- ``parquet``: load ``data.jsonl``, then ``dump_parquet`` (and again with
  ``partition_by="year"``): the export's time and the memory it adds to the loaded dataset;
- ``duckdb``: the views of ``duckdb.sql`` over the export, then a speaker plus date-range
  query (the busiest speaker, the busiest year), cold and best of 3.

Measured on the 2-CPU development machine, in one run (the other CPU idle; 1,000,000 claims,
1,231,153 records; files of 765 MiB JSON Lines and 1,076 MiB JSON), with the ``fast`` extra
(orjson and msgspec) installed: validation 50 s, peak 518 MiB (63 s before the stream
decoded batches of lines with msgspec); ``load_file`` of the JSON 20 s, peak 2,975 MiB (the
file's bytes included), dataset 1,819 MiB; Parquet export 44 s adding 128 MiB (7%) to the loaded
dataset of 1,888 MiB, 51 s and 58 MiB (3%) partitioned by year (the second export of the
process), 61 MiB of Parquet; DuckDB speaker plus date-range query 0.051 s (0.032 s partitioned):
0.25% (0.16%) of the JSON load. Earlier, with orjson alone (records built in
Python, equal strings kept once): ``load_file`` 26 s, peak 2,172 MiB, dataset 943 MiB, the
export adding 129 MiB (14%) and 59 MiB (6%), the query 0.21% (0.13%) of the load; ``load_file``
33 s before the loader read runs of records without the strict parser's hooks; the export added
228 to 280 MiB (24 to 29%) while rows went through ``pyarrow.array``, which kept a UTF-8 copy
inside every non-ASCII text it read and imported pandas; before the first session's loader:
validation 108 s, ``load_file`` 124 s with a peak of 9,130 MiB and a dataset of 3.5 GiB.

Run (from the repository root; needs the ``parquet`` extra and duckdb)::

    python benchmarks/scale.py                    # 1,000,000 claims (about 2 GB of files)
    python benchmarks/scale.py --claims 100000

Options: ``--claims N``, ``--workdir DIR`` (default: a temporary folder, removed at the
end), ``--keep`` (keep the files), ``--steps a,b`` (default: all, in order).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STEPS = ("generate", "validate", "load-json", "parquet", "duckdb")
_MIB = 1 << 20


def _status(key: str) -> int:
    """A size from ``/proc/self/status`` (``VmRSS``, ``VmHWM``), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _step_generate(work: Path, claims: int) -> dict[str, Any]:
    import summitdata

    start = time.perf_counter()
    ds = summitdata.synthetic_dataset(claims)
    built = time.perf_counter() - start
    summitdata.dump(ds, work / "data.jsonl")
    summitdata.dump(ds, work / "data.json")
    return {
        "build_s": built,
        "write_s": time.perf_counter() - start - built,
        "jsonl_bytes": (work / "data.jsonl").stat().st_size,
        "json_bytes": (work / "data.json").stat().st_size,
    }


def _step_validate(work: Path, claims: int) -> dict[str, Any]:
    from summitdata.stream import _Stream

    base = _status("VmRSS")
    start = time.perf_counter()
    stream = _Stream(work / "data.jsonl", base=None, max_problems=1000, max_bytes=1 << 40)
    for _ in stream.records():
        pass
    return {
        "time_s": time.perf_counter() - start,
        "records": sum(stream.counts.values()),
        "peak_bytes": _status("VmHWM"),
        "peak_growth_bytes": _status("VmHWM") - base,
    }


def _step_load_json(work: Path, claims: int) -> dict[str, Any]:
    import summitdata

    base = _status("VmRSS")
    start = time.perf_counter()
    ds = summitdata.load_file(work / "data.json", max_bytes=1 << 40)
    elapsed = time.perf_counter() - start
    return {
        "time_s": elapsed,
        "claims": len(ds.claims),
        "peak_bytes": _status("VmHWM"),
        "retained_bytes": _status("VmRSS") - base,
    }


def _step_parquet(work: Path, claims: int) -> dict[str, Any]:
    import summitdata
    from summitdata.parquet import dump_parquet

    base = _status("VmRSS")
    start = time.perf_counter()
    ds = summitdata.load_file(work / "data.jsonl", max_bytes=1 << 40)
    result: dict[str, Any] = {"load_s": time.perf_counter() - start}
    ds.date_of(ds.claims[0])  # the query engine, built once, is part of the loaded dataset
    loaded = _status("VmRSS")
    result["dataset_bytes"] = loaded - base
    import pyarrow.parquet  # noqa: F401 - the libraries' own memory, once per process: not the export's

    result["pyarrow_import_bytes"] = _status("VmRSS") - loaded
    for name, partition in (("plain", None), ("by_year", "year")):
        _reset_peak()
        before = _status("VmRSS")
        start = time.perf_counter()
        dump_parquet(ds, work / f"parquet-{name}", partition_by=partition)
        result[f"{name}_s"] = time.perf_counter() - start
        result[f"{name}_added_bytes"] = _status("VmHWM") - before
        result[f"{name}_added_share"] = result[f"{name}_added_bytes"] / result["dataset_bytes"]
    size = sum(p.stat().st_size for p in (work / "parquet-plain").rglob("*.parquet"))
    result["parquet_bytes"] = size
    return result


_QUERY = """
SELECT c.id FROM claims c JOIN claim_speakers s ON s.record_id = c.id
WHERE s.actor = ? AND c.date_latest >= ? AND c.date_earliest <= ?
"""


def _step_duckdb(work: Path, claims: int) -> dict[str, Any]:
    import datetime

    import duckdb

    result: dict[str, Any] = {}
    for name in ("plain", "by_year"):
        folder = work / f"parquet-{name}"
        start = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"SET file_search_path = '{folder}'")
        con.execute((folder / "duckdb.sql").read_text(encoding="utf-8"))
        result[f"{name}_views_s"] = time.perf_counter() - start
        row = con.execute("SELECT actor FROM claim_speakers GROUP BY actor ORDER BY count(*) DESC LIMIT 1").fetchone()
        assert row is not None
        busiest = (
            "SELECT year(date_earliest) y FROM claims WHERE y IS NOT NULL GROUP BY y ORDER BY count(*) DESC LIMIT 1"
        )
        year = con.execute(busiest).fetchone()[0]  # type: ignore[index]
        args = [row[0], datetime.date(year, 1, 1), datetime.date(year, 12, 31)]
        times = []
        for _ in range(4):
            start = time.perf_counter()
            found = con.execute(_QUERY, args).fetchall()
            times.append(time.perf_counter() - start)
        result[f"{name}_query_cold_s"] = times[0]
        result[f"{name}_query_best_s"] = min(times[1:])
        result[f"{name}_rows"] = len(found)
    result["peak_bytes"] = _status("VmHWM")
    return result


_RUN = {
    "generate": _step_generate,
    "validate": _step_validate,
    "load-json": _step_load_json,
    "parquet": _step_parquet,
    "duckdb": _step_duckdb,
}


def _child(step: str, work: Path, claims: int) -> None:
    print(json.dumps(_RUN[step](work, claims)))


def _fmt(key: str, value: Any) -> str:
    if key.endswith("_bytes"):
        return f"{key[:-6]} {value / _MIB:,.0f} MiB"
    if key.endswith("_s"):
        return f"{key[:-2]} {value:.3f} s"
    if key.endswith("_share"):
        return f"{key[:-6]} {value:.0%}"
    return f"{key} {value}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--workdir")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="summitdata-scale-"))
    if args.step:
        _child(args.step, work, args.claims)
        return
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    print(f"{args.claims:,} claims in {work}")
    try:
        for step in args.steps.split(","):
            command = [sys.executable, __file__, "--step", step, "--workdir", str(work), "--claims", str(args.claims)]
            done = subprocess.run(command, check=False, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{step} failed:\n{done.stderr}")
            results[step] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{step:10} " + ", ".join(_fmt(k, v) for k, v in results[step].items()), flush=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if "load-json" in results and "duckdb" in results:
        load = results["load-json"]["time_s"]
        for name in ("plain", "by_year"):
            share = results["duckdb"][f"{name}_query_best_s"] / load
            print(f"duckdb {name} query / load of the JSON: {share:.3%} (target: under 1%)")
    if "validate" in results:
        print(f"validation peak: {results['validate']['peak_bytes'] / _MIB:,.0f} MiB (target at 1M claims: < 1.5 GB)")
    if "parquet" in results:
        for name in ("plain", "by_year"):
            added = results["parquet"][f"{name}_added_share"]
            print(f"parquet export {name} adds {added:.0%} to the loaded dataset (target: at most 25%)")


if __name__ == "__main__":
    main()

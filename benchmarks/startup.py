"""Start-up cost of summitdata: ``import summitdata`` and ``load()`` in fresh processes.

Targets (issue 3): import at most 40 ms over a bare interpreter, import and ``load()``
at most 150 ms over bare. Run with the interpreter of the environment to measure::

    python benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "bare interpreter": "pass",
    "import summitdata": "import summitdata",
    "import + load()": "import summitdata; summitdata.load()",
}


def median_ms(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="processes per case (the median is reported)")
    args = parser.parse_args()
    median_ms("import summitdata; summitdata.load()", 2)  # warm the file cache and the bytecode
    results = {name: median_ms(code, args.runs) for name, code in CASES.items()}
    bare = results["bare interpreter"]
    for name, ms in results.items():
        extra = "" if name == "bare interpreter" else f"  (+{ms - bare:.1f} ms over bare)"
        print(f"{name:<20} {ms:7.1f} ms{extra}")


if __name__ == "__main__":
    main()

"""The JSON backend is a value given to each call (``backend=``), never a process-wide switch."""

from __future__ import annotations

import ast
import itertools
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata import serialize
from summitdata.testing import synthetic_dataset

PACKAGE = Path(summitdata.__file__).parent


def _round_trips(backend: str, ds: summitdata.Dataset, path: Path) -> Iterator[None]:
    """Dump and read ``ds`` back with ``backend`` by every entry point, one step at a time."""
    for format in ("json", "jsonl"):
        text = summitdata.dumps(ds, format=format, backend=backend)
        yield
        assert summitdata.loads(text, format=format, backend=backend) == ds
        yield
    summitdata.dump(ds, path, backend=backend)
    yield
    assert summitdata.load_file(path, backend=backend) == ds
    yield
    assert len(list(summitdata.iter_records(path, backend=backend))) == len(list(ds.records()))
    yield


def test_threads_each_use_their_own_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("orjson")
    ds = synthetic_dataset(40, seed=3)
    assert serialize.json_backend("orjson")._native(ds)  # so that orjson's own writer runs
    seen: dict[str, set[str]] = {"json": set(), "orjson": set()}  # thread -> backends whose methods ran in it
    order: list[str] = []  # the thread of each call, to see that they interleaved

    def spy(method: Callable[..., Any]) -> Callable[..., Any]:
        def spied(self: serialize.JSONBackend, *args: Any) -> Any:
            name = threading.current_thread().name
            seen[name].add(self.name)
            order.append(name)
            return method(self, *args)

        return spied

    for method in ("_parse", "_native", "_encode_document", "_encode_lines"):
        monkeypatch.setattr(serialize.JSONBackend, method, spy(getattr(serialize.JSONBackend, method)))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(backend: str) -> None:
        try:
            barrier.wait()
            for _ in range(5):
                for _ in _round_trips(backend, ds, tmp_path / f"{backend}.jsonl"):
                    pass
        except BaseException as err:  # noqa: BLE001 - reported by the main thread
            errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so that their calls overlap
    try:
        threads = [threading.Thread(target=run, args=(name,), name=name) for name in ("json", "orjson")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert seen == {"json": {"json"}, "orjson": {"orjson"}}
    assert sum(a != b for a, b in itertools.pairwise(order)) > 1  # the threads ran at the same time


def test_no_module_sets_a_backend_at_run_time(tmp_path: Path) -> None:
    assert not hasattr(serialize, "use_backend") and not hasattr(serialize, "backend")
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rebinds = [n for n in ast.walk(tree) if isinstance(n, ast.Global | ast.Nonlocal)]
        assert not (path.name == "serialize.py" and rebinds), f"{path}: a global statement"
        named = [name for n in rebinds for name in n.names if "backend" in name.lower() or "json" in name.lower()]
        assert named == [], f"{path}: {named}"
    # And at run time: a call with any backend leaves every module of the package as it was.
    backends = [serialize.json_backend(name) for name in serialize.BACKENDS if name == "json" or serialize._orjson]
    ds = synthetic_dataset(10, seed=1)
    for backend in backends:  # first calls fill the lazy imports and caches
        for _ in _round_trips(backend.name, ds, tmp_path / "first.jsonl"):
            pass

    def state() -> dict[str, dict[str, int]]:
        modules = [m for name, m in sys.modules.items() if name == "summitdata" or name.startswith("summitdata.")]
        return {m.__name__: {k: id(v) for k, v in vars(m).items()} for m in modules}

    before = state()
    for backend in reversed(backends):
        for _ in _round_trips(backend.name, ds, tmp_path / "again.jsonl"):
            pass
    assert state() == before
    assert serialize.json_backend() is serialize._DEFAULT

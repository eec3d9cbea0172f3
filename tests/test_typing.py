"""Users' scripts under ``mypy --strict``: typed getters, filters and frames pass; mistakes fail.

``tests/typing/user_script.py`` must pass; each line of ``tests/typing/misspelt_keyword.py``
marked ``# E:`` must be an error, and no other line. Needs mypy (the ``lint`` extra).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

TYPING = Path(__file__).parent / "typing"
SRC = Path(__file__).parent.parent / "src"


def _mypy(script: Path) -> tuple[int, list[str]]:
    api = pytest.importorskip("mypy.api", reason="mypy is in the lint extra")
    limit = sys.getrecursionlimit()
    try:
        out, err, status = api.run(["--strict", "--no-incremental", "--cache-dir", "/dev/null", str(script)])
    finally:
        sys.setrecursionlimit(limit)  # mypy raises it for the whole process; the loader's fast paths look at it
    return status, [line for line in (out + err).splitlines() if ": error:" in line]


@pytest.fixture(autouse=True)
def _source_first(monkeypatch: pytest.MonkeyPatch) -> None:
    if (SRC / "summitdata").is_dir():  # check the source tree's package, not an installed one
        monkeypatch.setenv("MYPYPATH", str(SRC))


def test_a_users_script_passes_mypy_strict() -> None:
    status, errors = _mypy(TYPING / "user_script.py")
    assert errors == [] and status == 0


def test_misspelt_keywords_and_wrong_values_fail_mypy_strict() -> None:
    script = TYPING / "misspelt_keyword.py"
    marked = {i for i, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1) if "# E:" in line}
    status, errors = _mypy(script)
    found = {int(m.group(1)) for e in errors if (m := re.search(r":(\d+): error:", e))}
    assert status == 1
    assert found == marked, errors

"""The public API: lazy import, collections, the cached dataset, the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import summitdata


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_import_opens_no_data_and_imports_no_dependency() -> None:
    loaded = run_python(
        "import sys, summitdata; roots = ('attrs', 'cattrs', 'dateutil', 'json', 'summitdata'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in roots))"
    )
    assert loaded == "['summitdata', 'summitdata._version']"


def test_lazy_names_are_all_exported() -> None:
    assert set(summitdata.__all__) == {*summitdata._LAZY, "DATA_VERSION", "__version__"}
    for name in summitdata.__all__:
        assert getattr(summitdata, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        summitdata.nope


def test_load_is_cached(ds: summitdata.Dataset) -> None:
    assert summitdata.load() is ds
    assert ds.data_version == summitdata.DATA_VERSION


def test_collections(ds: summitdata.Dataset) -> None:
    people = ds.people
    tokayev = people.get("person:kassym-jomart-tokayev")
    assert tokayev in people and "person:kassym-jomart-tokayev" in people
    assert list(people) == list(people)  # stable order
    assert people[0] == next(iter(people))
    assert len(people) == len(people.ids())
    assert ds.get("person:kassym-jomart-tokayev") is tokayev
    with pytest.raises(summitdata.RecordNotFoundError, match="no person with id 'person:nobody'") as exc:
        people.get("person:nobody")
    assert isinstance(exc.value, summitdata.SummitDataError) and isinstance(exc.value, KeyError)
    with pytest.raises(summitdata.RecordNotFoundError):
        ds.get("nothing")


def test_dataset_is_immutable_and_checked(ds: summitdata.Dataset) -> None:
    with pytest.raises(AttributeError):
        ds.claims = ds.claims  # type: ignore[misc]
    claim = next(iter(ds.claims))
    with pytest.raises(summitdata.ValidationError) as exc:
        summitdata.Dataset(data_version="x", claims=[claim])
    assert all(p.record == claim.id for p in exc.value.problems)
    assert any(p.field == "speakers[0]" for p in exc.value.problems)
    with pytest.raises(summitdata.ValidationError, match="must be a Claim"):
        summitdata.Dataset(data_version="x", claims=[ds.people[0]])  # type: ignore[list-item]
    with pytest.raises(summitdata.ValidationError) as exc:  # each record of another class, by its place
        summitdata.Dataset(data_version="x", check=False, claims=[claim, ds.people[0], claim])  # type: ignore[list-item]
    assert [(p.record, p.field, p.message) for p in exc.value.problems] == [
        ("claims[1]", "", "must be a Claim, not Person")
    ]


#: The installed entry point, beside the interpreter running the tests.
SCRIPT = str(Path(sys.executable).with_name("summitdata"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=False)


def test_cli_export_prints_the_contract(ds: summitdata.Dataset) -> None:
    result = cli("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == summitdata.dumps(ds)
    module = subprocess.run(
        [sys.executable, "-m", "summitdata", "export", "--format", "json"], capture_output=True, check=True
    )
    assert module.stdout.decode("utf-8") == result.stdout


def test_cli_export_to_a_file(ds: summitdata.Dataset, tmp_path: Path) -> None:
    target = f"{tmp_path}/out.json"
    result = cli("export", "-o", target)
    assert result.returncode == 0 and result.stdout == ""
    with open(target, encoding="utf-8") as fp:
        assert fp.read() == summitdata.dumps(ds)


def test_cli_version_and_usage_errors() -> None:
    version = cli("--version")
    assert version.stdout.strip() == f"summitdata {summitdata.__version__} (data {summitdata.DATA_VERSION})"
    usage = cli("export", "--format", "yaml")
    assert usage.returncode == 2 and "invalid choice" in usage.stderr
    missing = cli("export", "-o", "/nonexistent/dir/out.json")
    assert (
        missing.returncode == 1
        and "Traceback" not in missing.stderr
        and missing.stderr.startswith("summitdata: error:")
    )

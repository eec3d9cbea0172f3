"""CSV tables and the Frictionless data package: valid, lossless for what they hold, and checked for real."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import frictionless
import pytest

import summitdata
from summitdata.tables import unescape_cell
from summitdata.testing import synthetic_dataset

SCRIPT = str(Path(sys.executable).with_name("summitdata"))
FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))


def read(directory: Path, table: str) -> list[dict[str, str]]:
    with open(directory / f"{table}.csv", encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def by_record(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row["record"]].append(row)
    for items in grouped.values():
        assert [int(r["position"]) for r in items] == list(range(len(items)))
    return grouped


def null(cell: str) -> str | None:
    return cell or None


def text(cell: str) -> str:
    """A cell of a text column as written: escaped for spreadsheets (see test_safe_output)."""
    return unescape_cell(cell)


def anchor(row: dict[str, str]) -> dict[str, Any]:
    return {"source": row["source"], "start": int(row["start"]), "end": int(row["end"]), "text": text(row["text"])}


def period(cell: str) -> dict[str, Any] | None:
    if not cell:
        return None
    start, end = cell.split("/")
    return {"start": None if start == ".." else start, "end": None if end == ".." else end}


def number(cell: str) -> int | float:
    return float(cell) if any(c in cell for c in ".eE") else int(cell)


@pytest.fixture(scope="module")
def synthetic() -> summitdata.Dataset:
    return synthetic_dataset(1500, seed=4)


@pytest.fixture(scope="module")
def packages(
    tmp_path_factory: pytest.TempPathFactory, ds: summitdata.Dataset, synthetic: summitdata.Dataset
) -> dict[str, Path]:
    out = {}
    for name, dataset in (("packaged", ds), ("synthetic", synthetic)):
        directory = tmp_path_factory.mktemp(name)
        assert summitdata.dump_csv(dataset, directory) == directory / "datapackage.json"
        out[name] = directory
    return out


@pytest.mark.parametrize("name", ["packaged", "synthetic"])
def test_frictionless_validate_passes(packages: dict[str, Path], name: str) -> None:
    directory = packages[name]
    report = frictionless.validate(directory / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]
    result = subprocess.run(
        [FRICTIONLESS, "validate", "datapackage.json"], cwd=directory, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_frictionless_really_checks_keys_and_constraints(packages: dict[str, Path], tmp_path: Path) -> None:
    source = packages["packaged"]
    for name in source.iterdir():
        (tmp_path / name.name).write_bytes(name.read_bytes())
    claims = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    first_speech = read(source, "claims")[0]["speech"]
    (tmp_path / "claims.csv").write_text(claims.replace(first_speech, "speech:nowhere", 1), encoding="utf-8")
    topics = (tmp_path / "claim_topics.csv").read_text(encoding="utf-8")
    (tmp_path / "claim_topics.csv").write_text(topics.replace(",peace", ",pieces", 1), encoding="utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    types = {error[0] for error in report.flatten(["type"])}
    assert not report.valid and {"foreign-key", "constraint-error"} <= types


def test_package_descriptor(packages: dict[str, Path], ds: summitdata.Dataset) -> None:
    package = json.loads((packages["packaged"] / "datapackage.json").read_text(encoding="utf-8"))
    assert package["summitdata"] == {"schema_version": summitdata.SCHEMA_VERSION, "data_version": ds.data_version}
    resources = {r["name"]: r for r in package["resources"]}
    for _, kind, plural in summitdata.records.RECORD_TYPES:
        assert resources[plural]["schema"]["primaryKey"] == ["id"]
        assert f"{kind}_evidence" in resources and f"{kind}_inferred" in resources
        assert len(read(packages["packaged"], plural)) == len(getattr(ds, plural))
    roles = resources["person_roles_evidence"]["schema"]
    assert roles["primaryKey"] == ["record", "role", "position"]
    assert roles["foreignKeys"][0] == {
        "fields": ["record", "role"],
        "reference": {"resource": "person_roles", "fields": ["record", "position"]},
    }
    places = resources["places"]["schema"]["foreignKeys"]
    assert {"fields": "country", "reference": {"resource": "", "fields": "id"}} in places


def test_claims_and_people_are_lossless(packages: dict[str, Path], synthetic: summitdata.Dataset) -> None:
    directory = packages["synthetic"]
    speakers = by_record(read(directory, "claim_speakers"))
    topics = by_record(read(directory, "claim_topics"))
    initiatives = by_record(read(directory, "claim_initiatives"))
    about = by_record(read(directory, "claim_about"))
    quantities = by_record(read(directory, "claim_quantities"))
    evidence = by_record(read(directory, "claim_evidence"))
    inferred: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read(directory, "claim_inferred"):
        inferred[row["record"]][row["field"]] = text(row["reason"])
    rebuilt = []
    for row in read(directory, "claims"):
        rid = row["id"]
        rebuilt.append(
            {
                "id": rid,
                "speakers": [r["actor"] for r in speakers[rid]],
                "speech": null(row["speech"]),
                "summit": null(row["summit"]),
                "kind": row["kind"],
                "direct": row["direct"] == "true",
                "text": text(row["text"]),
                "topics": [r["topic"] for r in topics.get(rid, [])],
                "quantities": [
                    {
                        "value": number(q["value"]),
                        "unit": text(q["unit"]),
                        "currency": null(q["currency"]),
                        "comparator": q["comparator"],
                        "kind": q["kind"],
                        "measure": null(q["measure"]),
                        "period": period(q["period"]),
                        "text": text(q["text"]),
                    }
                    for q in quantities.get(rid, [])
                ],
                "initiatives": [r["initiative"] for r in initiatives.get(rid, [])],
                "about": [r["value"] for r in about.get(rid, [])],
                "evidence": [anchor(r) for r in evidence[rid]],
                "inferred": inferred.get(rid, {}),
            }
        )
    assert rebuilt == [summitdata.to_dict(c) for c in synthetic.claims]
    role_rows = read(directory, "person_roles")
    role_evidence = read(directory, "person_roles_evidence")
    for person in synthetic.people:
        mine = [r for r in role_rows if r["record"] == person.id]
        assert [text(r["title"]) for r in mine] == [role.title for role in person.roles]
        for i, role in enumerate(person.roles):
            anchors = [anchor(r) for r in role_evidence if r["record"] == person.id and r["role"] == str(i)]
            assert anchors == [summitdata.to_dict(a) for a in role.evidence]


def test_cli_export_formats(ds: summitdata.Dataset, tmp_path: Path) -> None:
    jsonl = subprocess.run([SCRIPT, "export", "--format", "jsonl"], capture_output=True, check=False)
    assert jsonl.returncode == 0 and jsonl.stdout.decode("utf-8") == summitdata.dumps(ds, format="jsonl")
    target = tmp_path / "csv"
    result = subprocess.run([SCRIPT, "export", "--format", "csv", "-o", str(target)], capture_output=True, check=False)
    assert result.returncode == 0 and result.stdout == b""
    assert frictionless.validate(target / "datapackage.json").valid
    missing = subprocess.run([SCRIPT, "export", "--format", "csv"], capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "-o DIR" in missing.stderr and "Traceback" not in missing.stderr

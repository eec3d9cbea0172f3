"""The Parquet release and its engine recipes, read back with pyarrow and DuckDB."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata import fields as f
from summitdata.records import KINDS, Claim

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

from summitdata import parquet  # noqa: E402 - needs pyarrow


@pytest.fixture(scope="module")
def ds() -> summitdata.Dataset:
    return summitdata.load()


@pytest.fixture(scope="module")
def export(ds: summitdata.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parquet") / "export"
    parquet.dump_parquet(ds, folder)
    return folder


def _connect(folder: Path) -> Any:
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{folder}'")
    con.execute((folder / "duckdb.sql").read_text(encoding="utf-8"))
    return con


def _schemas(folder: Path) -> dict[str, Any]:
    return {p.stem: pq.read_schema(p) for p in folder.glob("*.parquet")}


def test_the_schema_is_fixed_whatever_the_data(export: Path, tmp_path: Path) -> None:
    # A tiny synthetic corpus leaves columns empty that the packaged data fills, and the other way round.
    parquet.dump_parquet(summitdata.synthetic_dataset(3, seed=2), tmp_path / "other")
    mine, other = _schemas(export), _schemas(tmp_path / "other")
    assert mine.keys() == other.keys() == parquet.arrow_schemas().keys()
    for name, schema in parquet.arrow_schemas().items():
        for found in (mine[name], other[name]):
            assert found.remove_metadata().equals(schema.remove_metadata(), check_metadata=False)
            assert [fl.metadata for fl in found] == [fl.metadata for fl in schema]
    assert mine["claims"].metadata[b"data_version"] == summitdata.DATA_VERSION.encode()
    assert other["claims"].metadata[b"data_version"] == b"synthetic.1"
    assert mine["anchors"].metadata[b"schema_version"] == summitdata.SCHEMA_VERSION.encode()


_SCALARS = (f.Text, f.Id, f.Ref, f.Choice, f.Integer, f.Number, f.Boolean)


def test_every_field_of_the_model_is_a_column_with_its_nullability_and_description() -> None:
    schemas = parquet.arrow_schemas()
    checked = 0
    for kind in KINDS:
        schema = schemas[kind.plural]
        for name, spec in f.field_specs(kind.cls):
            if isinstance(spec.type, _SCALARS):
                column = schema.field(name)
                assert column.nullable == spec.nullable, (kind.plural, name)
                assert column.metadata[b"description"] == spec.doc.encode()
                checked += 1
            elif isinstance(spec.type, f.Date):
                for suffix in ("", "_precision", "_earliest", "_latest"):
                    assert schema.field(name + suffix).nullable == spec.nullable
                assert schema.field(name + "_earliest").type == pa.date32()
                checked += 1
            elif isinstance(spec.type, f.Many) and spec.type.item != f.Nested(summitdata.Anchor):
                assert f"{kind.name}_{name}" in schemas, (kind.plural, name)
                checked += 1
        assert f"{kind.name}_inferred" in schemas
    assert checked > 50


def test_rows_hold_the_records(ds: summitdata.Dataset, export: Path) -> None:
    claims = pq.read_table(export / "claims.parquet").to_pylist()
    assert [row["id"] for row in claims] == sorted(c.id for c in ds.claims)
    for row in claims:
        claim = ds.claims.get(row["id"])
        date = ds.date_of(claim)
        assert row["date"] == str(date) and row["date_precision"] == date.precision.value
        assert (row["date_earliest"], row["date_latest"]) == (date.first_day(), date.last_day())
        assert row["kind"] == claim.kind.value and row["speech"] == claim.speech
    summits = {row["id"]: row for row in pq.read_table(export / "summits.parquet").to_pylist()}
    for summit in ds.summits:
        row = summits[summit.id]
        assert row["end"] == (None if summit.end is None else str(summit.end))
        assert row["parent"] == summit.parent
    speakers = pq.read_table(export / "claim_speakers.parquet").to_pylist()
    assert len(speakers) == sum(len(c.speakers) for c in ds.claims)
    first = next(c for c in sorted(ds.claims, key=lambda c: c.id))
    assert [r["actor"] for r in speakers if r["record_id"] == first.id] == list(first.speakers)
    roles = pq.read_table(export / "person_roles.parquet").to_pylist()
    assert len(roles) == sum(len(p.roles) for p in ds.people)
    inferred = pq.read_table(export / "claim_inferred.parquet").to_pylist()
    assert len(inferred) == sum(len(c.inferred) for c in ds.claims)


def test_anchors_hold_every_anchor_nested_ones_included(ds: summitdata.Dataset, export: Path) -> None:
    from summitdata.records import record_anchors

    rows = pq.read_table(export / "anchors.parquet").to_pylist()
    expected = [
        (r.id, path, a.source, a.start, a.end, a.text)
        for c in ds.collections()
        for r in sorted(c, key=lambda r: r.id)
        for path, a in record_anchors(r)
    ]
    found = [(r["record_id"], r["field"], r["source_id"], r["start"], r["end"], r["text"]) for r in rows]
    assert sorted(found) == sorted(expected)
    assert any(".evidence[" in row["field"] for row in rows)  # the anchors of the roles


def test_the_duckdb_views_load(export: Path) -> None:
    con = _connect(export)
    for name in parquet.arrow_schemas():
        count = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608 - our table names
        assert count == pq.read_metadata(export / f"{name}.parquet").num_rows


_QUERY = """
SELECT c.id FROM claims c JOIN claim_speakers s ON s.record_id = c.id
WHERE s.actor = ? AND c.date_latest >= ? AND c.date_earliest <= ? ORDER BY c.id
"""


@pytest.mark.parametrize(
    ("speaker", "since", "until"),
    [
        ("person:kassym-jomart-tokayev", "2025-12", "2025-12"),
        ("person:kassym-jomart-tokayev", "2025-12-13", "2026"),
        ("person:kassym-jomart-tokayev", "2025-10-10", "2025-10-10"),
        ("person:kassym-jomart-tokayev", "2024", "2026"),
        ("person:serdar-berdimuhamedov", "2025-06-01", "2025-12-31"),
        ("place:kazakhstan", "2025", "2025"),
    ],
)
def test_a_speaker_and_date_range_query_returns_the_ids_of_filter(
    ds: summitdata.Dataset, export: Path, speaker: str, since: str, until: str
) -> None:
    low = summitdata.PartialDate.parse(since).first_day()
    high = summitdata.PartialDate.parse(until).last_day()
    found = [row[0] for row in _connect(export).execute(_QUERY, [speaker, low, high]).fetchall()]
    expected = sorted(c.id for c in ds.claims.filter(speaker=speaker, since=since, until=until))
    assert found == expected


def test_the_query_tells_precisions_apart(ds: summitdata.Dataset, export: Path) -> None:
    # Month- and year-precise claims overlap a day range inside them: a test that looks only at the text would fail.
    day = datetime.date(2025, 12, 20)
    found = {row[0] for row in _connect(export).execute(_QUERY, ["person:kassym-jomart-tokayev", day, day]).fetchall()}
    assert found
    assert found == {c.id for c in ds.claims.filter(speaker="person:kassym-jomart-tokayev", during="2025-12-20")}


_RECHECK = """
SELECT count(*) AS anchors,
       count(*) FILTER (WHERE substring(s.text, a.start + 1, a."end" - a.start) <> a.text) AS wrong,
       count(*) FILTER (WHERE substring(s.text, a.start, a."end" - a.start) <> a.text) AS zero_based
FROM anchors a JOIN sources s ON s.id = a.source_id
"""


def test_every_anchor_rechecks_in_sql(ds: summitdata.Dataset, export: Path) -> None:
    anchors, wrong, zero_based = _connect(export).execute(_RECHECK).fetchone()
    assert anchors == pq.read_metadata(export / "anchors.parquet").num_rows > 0
    assert wrong == 0
    assert zero_based > 0  # the offsets are code points, read 1-based in SQL
    texts = {s.id: s.text for s in ds.sources}
    assert any(len(t.encode()) != len(t) for t in texts.values())  # non-ASCII text: bytes would not do


def test_claims_partitioned_by_year(ds: summitdata.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP", 7)
    big = summitdata.synthetic_dataset(300, seed=5)
    parquet.dump_parquet(big, tmp_path / "parts", partition_by="year")
    parts = sorted(p.parent.name for p in (tmp_path / "parts" / "claims").glob("*/part-0.parquet"))
    years = {d.year for c in big.claims if (d := big.date_of(c)) is not None}
    assert {p.removeprefix("year=") for p in parts} >= {str(y) for y in years}
    assert pq.read_metadata(tmp_path / "parts" / "anchors.parquet").num_row_groups > 10  # written in row groups
    con = _connect(tmp_path / "parts")
    rows = con.execute("SELECT id, year, date_earliest FROM claims").fetchall()
    assert sorted(r[0] for r in rows) == sorted(c.id for c in big.claims)
    for record_id, year, earliest in rows:
        assert year == (None if earliest is None else earliest.year), record_id
    assert parquet.recipes(partition_by="year")["bigquery/claims.json"] == parquet.recipes()["bigquery/claims.json"]


def test_recipes_follow_the_arrow_schemas() -> None:
    recipes = parquet.recipes()
    types = {"string": ("STRING", "string"), "int64": ("INTEGER", "long"), "double": ("FLOAT", "double")}
    types |= {"bool": ("BOOLEAN", "boolean"), "date32[day]": ("DATE", "date")}
    for name, schema in parquet.arrow_schemas().items():
        bigquery = json.loads(recipes[f"bigquery/{name}.json"])
        spark = json.loads(recipes[f"spark/{name}.json"])["fields"]
        assert [c["name"] for c in bigquery] == [c["name"] for c in spark] == schema.names
        for field, bq, sp in zip(schema, bigquery, spark, strict=True):
            assert (bq["type"], sp["type"]) == types[str(field.type)]
            assert (bq["mode"] == "NULLABLE") == sp["nullable"] == field.nullable
            assert bq["description"] == sp["metadata"]["comment"] == field.metadata[b"description"].decode()
        assert f"CREATE OR REPLACE VIEW {name} AS" in recipes["duckdb.sql"]


def test_the_folder_is_written_whole_or_not_at_all(ds: summitdata.Dataset, tmp_path: Path) -> None:
    target = tmp_path / "out"
    parquet.dump_parquet(ds, target)
    before = sorted(p.name for p in target.rglob("*"))
    with pytest.raises(ValueError, match="partition_by"):
        parquet.dump_parquet(ds, target, partition_by="month")

    class Broken:
        data_version = "x"

        def __getattr__(self, name: str) -> Any:
            raise OSError(28, "No space left on device")

    with pytest.raises((summitdata.DataError, OSError)):
        parquet.dump_parquet(Broken(), target)  # type: ignore[arg-type]
    assert sorted(p.name for p in target.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left
    parquet.dump_parquet(ds, target, partition_by="year")  # a previous export is replaced whole
    assert not (target / "claims.parquet").exists()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(summitdata.DataError, match="holds other files"):
        parquet.dump_parquet(ds, tmp_path / "other")


def test_the_command_line(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "summitdata", "export", *args], capture_output=True, text=True, check=False
        )

    assert run("--format", "parquet", "-o", str(tmp_path / "p"), "--partition-by", "year").returncode == 0
    assert (tmp_path / "p" / "claims").is_dir() and (tmp_path / "p" / "duckdb.sql").is_file()
    missing = run("--format", "parquet")
    assert missing.returncode == 2 and "-o DIR" in missing.stderr
    wrong = run("--format", "csv", "-o", str(tmp_path / "c"), "--partition-by", "year")
    assert wrong.returncode == 2 and "--partition-by" in wrong.stderr


def test_claim_rows_read_every_field_of_a_claim() -> None:
    names = {field.name for field in parquet.arrow_schemas()["claims"]}
    for name, spec in f.field_specs(Claim):
        if isinstance(spec.type, _SCALARS):
            assert name in names


def test_a_previous_export_with_other_files_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out"
    summitdata.dump_parquet(summitdata.load(), target)
    summitdata.dump_parquet(summitdata.load(), target)  # a previous export alone is replaced whole
    notes = target / "my_notes.txt"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(summitdata.DataError):
        summitdata.dump_parquet(summitdata.load(), target)
    assert notes.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("kind", "type_", "values"),
    [
        ("string", "string", ["a", None, "été", "", "日本", None, "z" * 50, "b", "c"]),
        ("int64", "int64", [1, None, -(2**63), 2**63 - 1, 0, None, 7, 8, 9]),
        ("double", "float64", [1.5, None, -0.0, 2, float("inf"), None, 1e300, 3.25, 9]),
        ("bool", "bool_", [True, None, False, True, True, None, False, False, True]),
        ("date32", "date32", [datetime.date(1970, 1, 1), None, datetime.date(1, 1, 1), datetime.date(2025, 12, 31)]),
    ],
)
def test_buffers_hold_what_arrow_reads_from_the_values(kind: str, type_: str, values: list[Any]) -> None:
    type_ = getattr(pa, type_)()
    for nulls in (True, False):
        rows = [v for v in values if nulls or v is not None] * 3  # more than 8 rows, not a multiple of 8
        buffers = parquet._Buffers(kind)
        for start in range(0, len(rows), 4):  # in chunks, across bytes of the bitmaps
            buffers.extend(rows[start : start + 4])
        array = buffers.array(pa, type_)
        array.validate(full=True)
        assert array.equals(pa.array(rows, type=type_)), (kind, nulls)
        assert array.null_count == rows.count(None)


def test_the_bytes_do_not_depend_on_how_many_rows_are_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = summitdata.synthetic_dataset(60, seed=3)
    monkeypatch.setattr(parquet, "ROW_GROUP", 40)
    exports = []
    for chunk in (40, 7):
        monkeypatch.setattr(parquet, "_CHUNK", chunk)
        parquet.dump_parquet(big, tmp_path / str(chunk))
        exports.append({p.name: p.read_bytes() for p in (tmp_path / str(chunk)).glob("*.parquet")})
    assert exports[0] == exports[1]  # one array per column and row group, whatever the chunk
    assert pq.read_metadata(tmp_path / "7" / "claims.parquet").num_row_groups > 1


def test_the_export_leaves_the_records_as_they_were(tmp_path: Path) -> None:
    ds = summitdata.load()
    texts = [t for s in ds.sources if not (t := s.text).isascii()]
    sizes = [sys.getsizeof(t) for t in texts]
    parquet.dump_parquet(ds, tmp_path / "out")
    assert texts
    assert [sys.getsizeof(t) for t in texts] == sizes  # no UTF-8 copy kept inside the strings


def test_a_row_group_ends_early_when_its_texts_are_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = summitdata.synthetic_dataset(60, seed=3)
    monkeypatch.setattr(parquet, "_CHUNK", 4)
    monkeypatch.setattr(parquet, "_MAX_BYTES", 2_000)
    parquet.dump_parquet(big, tmp_path / "out")
    sources = pq.ParquetFile(tmp_path / "out" / "sources.parquet")
    assert sources.metadata.num_row_groups > 1
    assert sources.read().column("text").to_pylist() == [s.text for s in sorted(big.sources, key=lambda s: s.id)]

"""Data releases: the corrections log, tombstones, release diffs, and the 2025.12.1 export."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from tests.growth import work

import summitdata
from summitdata import Anchor, ChangeKind, Correction, RecordNotFoundError, RecordRemovedError, ValidationError
from summitdata.changes import check_changes, diff, dumps_changes, loads_changes, tombstones, unlogged
from summitdata.cli import main

OLD_EXPORT = Path(__file__).parent / "data" / "summitdata-2025.12.1.json"
S4 = "source:004-e880cedfab62665c"


@pytest.fixture(scope="module")
def old() -> summitdata.Dataset:
    return summitdata.load_file(OLD_EXPORT)


def removal(ds: summitdata.Dataset, record_id: str, replaced_by: str | None = None) -> Correction:
    source = ds.sources.get(S4)
    return Correction(
        record=record_id,
        data_version="2099.1",
        action=ChangeKind.REMOVED,
        reason="It repeated another claim.",
        evidence=(Anchor.find(source, "Both leaders"),),
        replaced_by=replaced_by,
    )


def without(ds: summitdata.Dataset, record_id: str, *changes: Correction) -> summitdata.Dataset:
    records = {k.plural: [r for r in getattr(ds, k.plural) if r.id != record_id] for k in summitdata.records.KINDS}
    return summitdata.Dataset(data_version="2099.1", changes=(*ds.changes, *changes), **records)


# --- the release ------------------------------------------------------------------------------------


def test_the_data_version_is_2026_1(ds: summitdata.Dataset) -> None:
    assert summitdata.DATA_VERSION == "2026.1" == ds.data_version


def test_the_2025_12_1_export_still_loads(old: summitdata.Dataset) -> None:
    assert old.data_version == "2025.12.1"
    assert old.verify() == ()
    old_ids = {r.id for r in old.records()}
    new_ids = {r.id for r in summitdata.load().records()}
    # format 1.1 added three events, which 1.0 could not hold; nothing was removed
    assert old_ids < new_ids
    assert new_ids - old_ids == {
        "summit:2025-12-12-turkmenistan-neutrality-30th-anniversary",
        "summit:2025-80th-anniversary-victory-world-war-ii",
        "summit:2026-cis-chairmanship-turkmenistan",
    }


def test_the_diff_from_2025_12_1_lists_exactly_the_logged_records(
    old: summitdata.Dataset, ds: summitdata.Dataset
) -> None:
    release = diff(old, ds)
    logged = {c.record for c in ds.changes if c.data_version == ds.data_version}
    assert set(release.ids()) == logged and len(logged) == len(ds.changes) > 0
    assert unlogged(release, ds.changes) == []
    for change in release.changed:  # every logged field changed, and only those
        (entry,) = (c for c in ds.changes if c.record == change.id)
        assert set(entry.fields) == set(change.fields)


def test_the_log_must_match_the_diff(old: summitdata.Dataset, ds: summitdata.Dataset) -> None:
    release = diff(old, ds)
    entries = list(ds.changes)
    dropped = entries.pop(0)
    assert [p.record for p in unlogged(release, entries)] == [dropped.record]
    narrowed = [attrs.evolve(entries[0], fields=entries[0].fields[:1]), *entries[1:]]
    if len(entries[0].fields) > 1:
        assert [p.field for p in unlogged(release, [dropped, *narrowed])] == ["fields"]
    assert unlogged(diff(ds, ds), ds.changes) != []  # entries for records the release did not touch


def test_the_corrections_named_in_the_issue_are_in_the_data(ds: summitdata.Dataset) -> None:
    visit = "summit:2025-12-11-tokayev-visit-ashgabat"
    assert [ds.claims.get(f"claim:2025-12-ashgabat-talks-0{n}").summit for n in (1, 2)] == [visit, visit]
    assert ds.claims.get("claim:2025-10-10-cis-council-08").quantities[0].period is None
    recall = ds.claims.get("claim:2025-12-12-ashgabat-forum-08").evidence[0]
    original = ds.claims.get("claim:2025-80th-unga-01").evidence[0]
    assert recall.start < original.start < original.end <= recall.end and original.text != recall.text


# --- the log, and tombstones ------------------------------------------------------------------------


def test_every_packaged_correction_is_anchored_and_names_real_fields(ds: summitdata.Dataset) -> None:
    assert check_changes(ds.changes, {r.id: r for r in ds.records()}) == []
    for entry in ds.changes:
        assert entry.reason and entry.evidence and entry.data_version == ds.data_version


def test_no_tombstoned_id_is_a_live_id(ds: summitdata.Dataset) -> None:
    live = {r.id for r in ds.records()}
    assert not set(tombstones(ds.changes)) & live


def test_a_dataset_refuses_a_log_that_removes_a_live_id(ds: summitdata.Dataset) -> None:
    claim = "claim:2025-12-ashgabat-talks-05"
    records = {k.plural: getattr(ds, k.plural) for k in summitdata.records.KINDS}
    with pytest.raises(
        ValidationError,
        match=rf"changes\[{len(ds.changes)}\]: record: {claim} was removed: a published id is never reused",
    ):
        summitdata.Dataset(data_version="x", changes=(*ds.changes, removal(ds, claim)), **records)
    without(ds, claim, removal(ds, claim))  # removed from the records: accepted


def test_a_removed_id_raises_a_clear_error_not_a_plain_not_found(ds: summitdata.Dataset) -> None:
    claim = "claim:2025-12-ashgabat-talks-05"
    newer = without(ds, claim, removal(ds, claim, replaced_by="claim:2025-12-ashgabat-talks-04"))
    for lookup in (newer.get, newer.claims.get, newer.claims.filter(kind="commits").get):
        with pytest.raises(RecordRemovedError) as caught:
            lookup(claim)
        message = str(caught.value)
        assert "2099.1" in message and "It repeated another claim" in message
        assert "replaced by claim:2025-12-ashgabat-talks-04" in message and "\n" not in message
        assert isinstance(caught.value, RecordNotFoundError) and caught.value.replaced_by.endswith("talks-04")
    with pytest.raises(RecordNotFoundError) as plain:
        newer.get("claim:never-published")
    assert not isinstance(plain.value, RecordRemovedError)
    with pytest.raises(RecordNotFoundError) as other_kind:
        newer.people.get(claim)
    assert not isinstance(other_kind.value, RecordRemovedError)
    stones = without(ds, claim, removal(ds, claim))
    with pytest.raises(RecordRemovedError, match="no record replaces it"):
        stones.get(claim)


def test_a_re_added_id_is_live_again_only_with_a_later_entry(ds: summitdata.Dataset) -> None:
    claim = "claim:2025-12-ashgabat-talks-05"
    back = attrs.evolve(removal(ds, claim), action=ChangeKind.ADDED, data_version="2099.2")
    records = {k.plural: getattr(ds, k.plural) for k in summitdata.records.KINDS}
    summitdata.Dataset(data_version="x", changes=(*ds.changes, removal(ds, claim), back), **records)
    assert tombstones([removal(ds, claim), back]) == {}


def test_the_log_survives_pickling_and_merging(ds: summitdata.Dataset) -> None:
    for copied in (pickle.loads(pickle.dumps(ds)), copy.deepcopy(ds), ds.merge([])):
        assert copied.changes == ds.changes
    assert summitdata.loads(summitdata.dumps(ds)).changes == ()  # an export carries no log
    assert summitdata.loads(summitdata.dumps(ds)) == ds


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"action": "changed"}, "fields", "names the fields"),
        ({"fields": ("kind",)}, "fields", "only a change names fields"),
        ({"action": "changed", "fields": ("kind",), "replaced_by": "claim:b"}, "replaced_by", "only a removed record"),
        ({"record": "Claim:X"}, "record", "does not match"),
        ({"data_version": "soon"}, "data_version", "does not match"),
    ],
)
def test_correction_rules(changes: dict[str, object], field: str, message: str) -> None:
    good = {
        "record": "claim:a",
        "data_version": "2026.1",
        "action": ChangeKind.REMOVED,
        "reason": "why",
        "evidence": (Anchor(source="source:x", start=0, end=1, text="x"),),
    }
    if "action" in changes:
        changes = {**changes, "action": ChangeKind(changes["action"])}
    with pytest.raises(ValidationError) as caught:
        Correction(**{**good, **changes})  # type: ignore[arg-type]
    assert caught.value.problems[0].field == field and message in caught.value.problems[0].message


def test_the_log_is_checked_against_the_records(ds: summitdata.Dataset) -> None:
    live = {r.id: r for r in ds.records()}
    entry = ds.changes[0]
    bad_anchor = attrs.evolve(
        entry, evidence=(attrs.evolve(entry.evidence[0], text="X" * len(entry.evidence[0].text)),)
    )
    bad_field = attrs.evolve(entry, fields=("colour",))
    gone = attrs.evolve(entry, record="person:nobody")
    unknown = attrs.evolve(entry, record="thing:nowhere")
    found = check_changes([bad_anchor, bad_field, gone, unknown], live)
    assert [(p.record, p.field) for p in found] == [
        ("changes[0]", "evidence[0].text"),
        ("changes[1]", "fields[0]"),
        ("changes[2]", "record"),  # changed, but no record has the id
        ("changes[3]", "record"),  # not of a known kind
        ("changes[3]", "record"),
    ]


def test_the_corrections_file_round_trips_and_refuses_bad_input(ds: summitdata.Dataset) -> None:
    assert loads_changes(dumps_changes(ds.changes)) == ds.changes
    assert (Path(summitdata.data.__file__).parent / "corrections.json").read_text(encoding="utf-8") == dumps_changes(
        ds.changes
    ) + "\n"
    for text, error in (
        ("[]", summitdata.DataError),
        ("{", summitdata.DataError),
        ('{"corrections": [1]}', ValidationError),
    ):
        with pytest.raises(error) as caught:
            loads_changes(text)
        assert all("\n" not in str(p) for p in caught.value.problems)


# --- diffs ---------------------------------------------------------------------------------------


def test_diff_lists_added_removed_and_changed_values_by_path(ds: summitdata.Dataset) -> None:
    claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    changed = attrs.evolve(claim, topics=(*claim.topics, summitdata.Topic.ECONOMY))
    records = {k.plural: [r for r in getattr(ds, k.plural) if r.id != claim.id] for k in summitdata.records.KINDS}
    records["claims"].append(changed)
    records["claims"] = [c for c in records["claims"] if c.id != "claim:2025-12-ashgabat-talks-05"]
    edited = summitdata.Dataset(data_version="new", **records)
    result = diff(ds, edited)
    assert result.removed == ("claim:2025-12-ashgabat-talks-05",) and result.added == ()
    assert [(c.id, [(d.path, d.old, d.new) for d in c.changes]) for c in result.changed] == [
        (claim.id, [("topics[1]", None, "economy")])
    ]
    back = diff(edited, ds)
    assert back.added == ("claim:2025-12-ashgabat-talks-05",) and back.removed == ()
    assert diff(ds, ds).ids() == () and not diff(ds, ds)


def test_diff_goes_into_nested_values(old: summitdata.Dataset, ds: summitdata.Dataset) -> None:
    change = next(c for c in diff(old, ds).changed if c.id == "claim:2025-10-10-cis-council-08")
    assert [d.path for d in change.changes] == [
        "quantities[0].measure",
        "quantities[0].period",
        "inferred.quantities[0].period",
    ]
    assert change.changes[1].old == {"start": "2020", "end": "2025"} and change.changes[1].new is None


def test_diff_is_linear_in_the_number_of_records() -> None:
    # Counted, not timed (benchmarks/growth.py times it): two equal releases built apart, so
    # that every record is matched by id and compared. The first diff builds the converter's
    # functions: counted after it, the steps per record of 2,835 records are at most those of 367.
    def steps(n: int) -> tuple[int, int]:
        old, new = summitdata.synthetic_dataset(n, seed=1), summitdata.synthetic_dataset(n, seed=1)
        diff(old, new)  # warm-up
        assert not diff(old, new) and next(old.records()) is not next(new.records())
        return work(lambda: diff(old, new)), len(list(old.records()))

    (small, small_records), (large, large_records) = steps(200), steps(2000)
    assert large <= 1.1 * small * large_records / small_records, (small, large)


# --- the command line ----------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summitdata", *args], capture_output=True, text=True, check=False)


def test_changes_command(ds: summitdata.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes"]) == 0
    out = capsys.readouterr().out
    listed = out.count("\n2026.1  changed  ") + out.count("\n2026.1  added  ") + out.startswith("2026.1")
    assert listed == len(ds.changes)
    assert main(["changes", "claim:2025-10-10-cis-council-08", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert (
        entry["fields"] == ["quantities", "inferred"]
        and entry["evidence"][0]["text"] == "grew by 1.5 times in five years"
    )
    assert main(["changes", "place:almaty"]) == 0
    assert capsys.readouterr().out == "no corrections of place:almaty (data version 2026.1)\n"
    assert main(["changes", "place:atlantis"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "place:atlantis" in err


def test_diff_command(tmp_path: Path, ds: summitdata.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new.jsonl"
    new.write_text(summitdata.dumps(ds, format="jsonl"), encoding="utf-8")
    assert main(["diff", str(OLD_EXPORT), str(new), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    logged = {c.record for c in ds.changes}
    assert {c["id"] for c in data["changed"]} | set(data["added"]) == logged
    assert main(["diff", str(OLD_EXPORT), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2025.12.1 -> 2026.1: 3 added, 0 removed, 70 changed\n")
    assert '    quantities[0].period: {"start": "2020", "end": "2025"} -> null\n' in out
    assert main(["diff", str(new), str(new)]) == 0
    assert capsys.readouterr().out == "2026.1 -> 2026.1: 0 added, 0 removed, 0 changed\n"
    assert main(["diff", str(OLD_EXPORT), str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err


def test_diff_output_escapes_control_characters(tmp_path: Path, ds: summitdata.Dataset) -> None:
    claim = ds.claims.get("claim:2025-10-10-cis-council-07")
    evil = attrs.evolve(claim, inferred={**claim.inferred, "topics": "\u202egone"})
    records = {k.plural: [r for r in getattr(ds, k.plural) if r.id != claim.id] for k in summitdata.records.KINDS}
    records["claims"].append(evil)
    path = tmp_path / "evil.json"
    path.write_text(summitdata.dumps(summitdata.Dataset(data_version="x", **records)), encoding="utf-8")
    result = run("diff", str(OLD_EXPORT), str(path))
    assert result.returncode == 0 and "\u202e" not in result.stdout and "\\u202egone" in result.stdout


def test_diff_lists_items_past_the_end_of_an_array(old: summitdata.Dataset, ds: summitdata.Dataset) -> None:
    change = next(c for c in diff(old, ds).changed if c.id == "person:kassym-jomart-tokayev")
    added = {d.path: d for d in change.changes}
    assert added["roles[0].evidence[1]"].old is None and added["roles[0].evidence[1]"].new["source"] == S4
    assert added["roles[1]"].new is None and added["roles[1]"].old["as_of"] == "2025-12-11"
    assert change.fields == ("roles", "inferred")

"""Human output of every command fits the terminal: at ``COLUMNS=80`` no line is longer than 80.

The commands run in-process on the packaged data (every record shown, every kind listed,
every ``--help``); ids are never cut, and a table with an inferred date says what ``*`` means.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import summitdata
from summitdata.cli import build_parser, main
from summitdata.cli.query import KINDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    try:
        status = main(list(args))
    except SystemExit as done:  # --help
        status = int(done.code or 0)
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def _commands(ds: summitdata.Dataset, export: Path) -> list[tuple[str, ...]]:
    commands: list[tuple[str, ...]] = [("--help",)]
    commands += [(name, "--help") for name in build_parser()._subparsers._group_actions[0].choices]  # type: ignore[union-attr]
    commands += [("list", plural) for plural in KINDS]
    commands += [("show", record.id) for record in ds.records()]
    commands += [("show", source.id, "--article") for source in ds.sources]
    commands += [
        ("list", "claims", "--summit", "Tokayev visit Ashgabat"),
        ("search", "Caspian"),
        ("search", "the"),
        ("lookup", "Berdimuhamedov"),
        ("timeline",),
        ("stats",),
        ("validate", str(export)),
        ("stats", "--data", str(export)),
    ]
    return commands


@pytest.mark.parametrize("columns", [80, 120])
def test_no_line_is_longer_than_the_terminal(
    ds: summitdata.Dataset,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    columns: int,
) -> None:
    export = tmp_path / "export.json"
    summitdata.dump(ds, export)
    monkeypatch.setenv("COLUMNS", str(columns))
    too_long = []
    for command in _commands(ds, export):
        for line in run(capsys, *command).splitlines():
            if len(line) > columns:
                too_long.append((" ".join(command), len(line), line))
    assert too_long == []


def test_ids_are_never_cut_and_the_star_is_explained(
    ds: summitdata.Dataset, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for plural in KINDS:
        out = run(capsys, "list", plural)
        words = set(out.split())
        assert set(getattr(ds, plural).ids()) <= words, plural
        assert ("*" in out) == ("inferred date" in out), plural
    monkeypatch.setenv("COLUMNS", "100000")
    wide = run(capsys, "list", "claims")
    assert "…" not in wide  # nothing is cut when the terminal is wide enough


def test_piped_output_is_not_cut(ds: summitdata.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "list", "summits")  # no COLUMNS and not a terminal: whole lines
    assert "…" not in out
    assert any(len(line) > 80 for line in out.splitlines())

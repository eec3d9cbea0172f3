"""Atomic writes: every file summitdata writes is whole or absent, never half-written.

Each failure (an exception mid-write, a full disk, a file-size limit, a killed process)
leaves the old content byte for byte, no temporary file or folder behind, and a one-line
error naming the file. What ``export`` writes reads back under any name.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import summitdata
from summitdata import _atomic, tables
from summitdata.cli import main
from summitdata.serialize import detect_format
from summitdata.testing import synthetic_dataset

SCRIPT = str(Path(sys.executable).with_name("summitdata"))
OLD = b"old content, which must survive\n"


def cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, check=False, encoding="utf-8", **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(text: str, *names: str) -> None:
    assert text.count("\n") == 1 and text.startswith("summitdata: error: "), text
    assert "Traceback" not in text
    for name in names:
        assert name in text, text


@pytest.fixture
def small() -> summitdata.Dataset:
    return synthetic_dataset(30, seed=2)


# --- the writers keep the old file on every failure ---------------------------------------------


def crash_after_half(exc: BaseException) -> Callable[..., Any]:
    """A stand-in for ``_atomic.writing`` that writes half of the data, then fails with ``exc``."""
    real = _atomic.writing

    class Half:
        def __init__(self, fp: Any) -> None:
            self.fp = fp

        def write(self, data: bytes) -> int:
            self.fp.write(data[: len(data) // 2])
            raise exc

    import contextlib

    @contextlib.contextmanager
    def writing(path: Any) -> Any:
        with real(path) as fp:
            yield Half(fp)

    return writing


@pytest.mark.parametrize(
    "exc", [RuntimeError("crash"), OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
@pytest.mark.parametrize("name", ["export.json", "export.jsonl"])
def test_dump_to_a_path_keeps_the_old_file(
    tmp_path: Path, small: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch, exc: BaseException, name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(OLD)
    monkeypatch.setattr(_atomic, "writing", crash_after_half(exc))
    with pytest.raises(type(exc) if not isinstance(exc, OSError) else summitdata.DataError) as raised:
        summitdata.dump(small, target)
    if isinstance(exc, OSError):
        assert str(raised.value) == f"{target}: could not write: No space left on device"
    assert snapshot(tmp_path) == {name: OLD}


def test_a_failure_at_fsync_keeps_the_old_file(
    tmp_path: Path, small: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk can show only when the data is flushed (delayed allocation, network disks)."""
    target = tmp_path / "export.json"
    target.write_bytes(OLD)

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", fsync)
    with pytest.raises(summitdata.DataError, match=r"export\.json: could not write: No space left on device"):
        summitdata.dump(small, target)
    assert snapshot(tmp_path) == {"export.json": OLD}
    monkeypatch.undo()
    summitdata.dump(small, target)  # and without the failure the file is replaced
    assert summitdata.load_file(target) == small
    assert snapshot(tmp_path).keys() == {"export.json"}


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, small: summitdata.Dataset) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(OLD)
    target.chmod(0o640)
    summitdata.dump(small, target)
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_bytes() != OLD
    fresh = tmp_path / "fresh.json"
    summitdata.dump(small, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it, not mkstemp's 0o600


def test_schema_cli_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "schema.json"
    target.write_bytes(OLD)
    monkeypatch.setattr(_atomic, "writing", crash_after_half(OSError(errno.EFBIG, "File too large")))
    assert main(["schema", "-o", str(target)]) == 1
    assert snapshot(tmp_path) == {"schema.json": OLD}
    monkeypatch.undo()
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_bytes()) == summitdata.json_schema()


# --- the CSV folder is swapped whole ------------------------------------------------------------


@pytest.fixture
def previous(tmp_path: Path, small: summitdata.Dataset) -> Path:
    """A previous CSV export (of other data) with a table that the new one does not have."""
    folder = tmp_path / "csv"
    summitdata.dump_csv(synthetic_dataset(10, seed=9), folder)
    (folder / "stale.csv").write_bytes(b"a\r\n1\r\n")
    return folder


@pytest.mark.parametrize("exc", [RuntimeError("crash"), OSError(errno.ENOSPC, "No space left on device")])
def test_a_failed_csv_export_leaves_the_old_tables_untouched(
    tmp_path: Path, previous: Path, small: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    before = snapshot(tmp_path)
    written: list[str] = []
    real = tables._write_table

    def write_table(path: Path, table: Any) -> None:
        if len(written) == 5:  # some tables are written already, this one half
            path.write_bytes(b"id\r\nhalf")
            raise exc
        written.append(path.name)
        real(path, table)

    monkeypatch.setattr(tables, "_write_table", write_table)
    with pytest.raises(type(exc) if not isinstance(exc, OSError) else summitdata.DataError) as raised:
        summitdata.dump_csv(small, previous)
    if isinstance(exc, OSError):  # the message names the file of the folder, not a temporary one
        table = str(raised.value).split(": ")[0]
        assert Path(table).parent == previous and table.endswith(".csv") and ".tmp" not in table
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]  # no temporary folder left


def test_a_csv_export_replaces_a_previous_one_whole(tmp_path: Path, previous: Path, small: summitdata.Dataset) -> None:
    summitdata.dump_csv(small, previous)
    assert not (previous / "stale.csv").exists()  # a swap, not files written over files
    package = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
    assert package["summitdata"]["data_version"] == small.data_version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_a_failed_swap_puts_the_old_folder_back(
    tmp_path: Path, previous: Path, small: summitdata.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(tmp_path)
    real = os.rename

    def rename(src: Any, dst: Any) -> None:
        if Path(dst) == previous and ".tmp" in str(src):  # the new folder cannot take the old one's place
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(_atomic.os, "rename", rename)
    with pytest.raises(summitdata.DataError, match="csv: could not write: Input/output error"):
        summitdata.dump_csv(small, previous)
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_a_folder_with_other_files_is_not_replaced(tmp_path: Path, small: summitdata.Dataset) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(summitdata.DataError, match="holds other files"):
        summitdata.dump_csv(small, tmp_path)
    assert snapshot(tmp_path) == {"notes.txt": b"mine"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert summitdata.dump_csv(small, empty) == empty / "datapackage.json"
    made = tmp_path / "a" / "b"
    assert summitdata.dump_csv(small, made).exists()  # missing parents are made, as before


# --- limits of the operating system: a subprocess with a file-size limit, one killed ----------------


def limit_file_size(size: int) -> Callable[[], None]:
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return set_limit


@pytest.mark.parametrize(("fmt", "name"), [("json", "out.json"), ("jsonl", "out.jsonl"), ("csv", "out-csv")])
def test_a_file_size_limit_leaves_the_old_export(tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    if fmt == "csv":
        summitdata.dump_csv(synthetic_dataset(10, seed=9), target)
    else:
        target.write_bytes(OLD)
    before = snapshot(tmp_path)
    result = cli("export", "--format", fmt, "-o", str(target), preexec_fn=limit_file_size(20_000))
    assert result.returncode == 1
    one_line_error(result.stderr, str(target), "File too large")
    assert snapshot(tmp_path) == before


def test_a_killed_export_leaves_the_old_file(tmp_path: Path) -> None:
    """SIGKILL half-way through: nothing can clean up, but the target is the old file."""
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    program = f"""
import os, signal, summitdata
from summitdata import _atomic
real = _atomic.writing
import contextlib
@contextlib.contextmanager
def writing(path):
    with real(path) as fp:
        fp.write(b"half")
        fp.flush()
        os.kill(os.getpid(), signal.SIGKILL)
        yield fp
_atomic.writing = writing
summitdata.dump(summitdata.load(), {str(target)!r})
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, check=False)
    assert result.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    left = [p.name for p in tmp_path.iterdir() if p.name != "out.json"]
    assert all(n.startswith(".out.json.") and n.endswith(".tmp") for n in left)  # hidden, as documented


# --- paths that are refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-o", ""),
        ("export", "--format", "jsonl", "-o", " "),
        ("export", "--format", "csv", "-o", ""),
        ("schema", "-o", ""),
    ],
)
def test_empty_output_paths_are_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    one_line_error(result.stderr, "the output path is empty")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_or_a_missing_folder_is_refused_for_a_file(tmp_path: Path, small: summitdata.Dataset) -> None:
    for args, message in [
        (("export", "-o", str(tmp_path)), "is a folder: give the path of a file"),
        (("schema", "-o", str(tmp_path) + "/"), "is a folder"),
        (("export", "-o", str(tmp_path / "nowhere" / "x.json")), "does not exist"),
    ]:
        result = cli(*args)
        assert result.returncode == 1
        one_line_error(result.stderr, message)
    (tmp_path / "file").write_bytes(OLD)
    result = cli("export", "--format", "csv", "-o", str(tmp_path / "file"))
    one_line_error(result.stderr, "exists and is not a folder")
    for bad in ("", tmp_path):
        with pytest.raises(summitdata.DataError):
            summitdata.dump(small, bad)
    with pytest.raises(summitdata.DataError, match="the output path is empty"):
        summitdata.dump_csv(small, "")
    assert snapshot(tmp_path) == {"file": OLD}


# --- what export writes reads back, under any name ------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("name", ["out.json", "out.jsonl", "out.ndjson", "out.txt", "out"])
def test_export_validate_and_data_round_trip_under_any_name(
    tmp_path: Path, ds: summitdata.Dataset, fmt: str, name: str
) -> None:
    target = tmp_path / name
    assert main(["export", "--format", fmt, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == summitdata.dumps(ds, format=fmt)  # type: ignore[arg-type]
    assert summitdata.load_file(target) == ds
    valid = cli("validate", str(target))
    assert valid.returncode == 0 and ": valid: " in valid.stdout, valid.stdout
    listed = cli("list", "initiatives", "--data", str(target))
    assert listed.returncode == 0 and listed.stdout == cli("list", "initiatives").stdout


def test_dump_picks_the_format_by_the_name(tmp_path: Path, small: summitdata.Dataset) -> None:
    summitdata.dump(small, tmp_path / "a.jsonl")
    summitdata.dump(small, tmp_path / "a.json")
    summitdata.dump(small, tmp_path / "b.json", format="jsonl")
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == summitdata.dumps(small, format="jsonl")
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == summitdata.dumps(small)
    assert summitdata.load_file(tmp_path / "b.json") == small


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b'{"type":"dataset","schema_version":"1.0","data_version":"x"}\n{"type":"claim"}\n', "x.json", "jsonl"),
        (b' {"data_version": "x", "type": "dataset"} \n', "x", "jsonl"),  # any key order, spaces
        (b'{"type":"claim","id":"claim:x"}\n', "x.json", "jsonl"),  # no header: JSON Lines, and its error
        (b'{\n  "schema_version": "1.0"\n}\n', "x.jsonl", "json"),  # what export --format json writes
        (b'{"schema_version": "1.0", "claims": []}\n', "x.json", "json"),  # a document on one line
        (b'{"schema_version": "1.0", "claims": []}\n', "x.jsonl", "jsonl"),  # the content cannot say
        (b'{"type": "dataset",\n', "x.ndjson", "jsonl"),  # a broken first line: the name decides
        (b'{"type": "dataset",\n', "x.json", "json"),
        (b"", "x.jsonl", "jsonl"),
        (b"[" * 100_000 + b"\n", "x.json", "json"),  # the look is bounded: no first line in 64 KiB
        (b"{" + b'"a":[' * 5000 + b"\n", "x.json", "json"),  # nested too deep to parse: not a header
    ],
)
def test_detect_format(head: bytes, name: str, expected: str) -> None:
    assert detect_format(head, name) == expected


def test_devices_are_refused_and_links_followed(tmp_path: Path, small: summitdata.Dataset) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(summitdata.DataError, match="is not a regular file"):
        summitdata.dump(small, fifo)  # at once: a FIFO with no reader would hang an open()
    with pytest.raises(summitdata.DataError, match="is not a regular file"):
        summitdata.dump(small, "/dev/null")  # not replaced by a regular file, even as root
    real = tmp_path / "real.json"
    real.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    summitdata.dump(small, link)
    assert link.is_symlink() and summitdata.load_file(real) == small
    folder = tmp_path / "tables"
    folder.mkdir()
    (tmp_path / "tables-link").symlink_to(folder)
    summitdata.dump_csv(small, tmp_path / "tables-link")
    assert (tmp_path / "tables-link").is_symlink() and (folder / "datapackage.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link.json", "real.json", "tables", "tables-link"]

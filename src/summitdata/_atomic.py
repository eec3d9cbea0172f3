"""Write a file or a folder whole, or not at all: :func:`write_file` and :func:`write_folder`.

Every file summitdata writes goes through here. A file is written to a temporary file in
the target's folder (a hidden ``.NAME.<random>.tmp``), flushed to disk (``fsync``), then
renamed over the target (``os.replace``, atomic on POSIX and Windows). A folder (the CSV
package) is filled as a hidden temporary folder beside the target and swapped in whole:
the old folder is renamed aside, the new one renamed in, the old one removed; if the
swap fails, the old folder is put back.

On any failure (an exception while writing, a full disk, a file-size limit) the target
keeps its old content, the temporary file or folder is removed, and an ``OSError``
becomes a :class:`~summitdata.DataError` whose one-line message names the target. Only a
process killed outright (``SIGKILL``, power loss) can leave a hidden temporary file
behind; the target is intact then too.

>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     target = pathlib.Path(tmp, "out.txt")
...     write_file(target, b"old\\n")
...     try:
...         with writing(target) as fp:
...             _ = fp.write(b"new, half written")
...             raise RuntimeError("crash")
...     except RuntimeError:
...         pass
...     target.read_bytes(), sorted(p.name for p in pathlib.Path(tmp).iterdir())
(b'old\\n', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from .errors import DataError, Problem

__all__ = ["check_target", "replacing", "write_error", "write_file", "write_folder", "writing"]

T = TypeVar("T")


def _error(target: str | os.PathLike[str], message: str) -> DataError:
    return DataError([Problem(record=os.fspath(target) or "''", field="", message=message)])


def _why(err: OSError) -> str:
    return f"could not write: {err.strerror or err}"


def write_error(path: str | os.PathLike[str], err: OSError) -> DataError:
    """The one-line error for ``err`` raised while writing ``path``.

    >>> import errno
    >>> str(write_error("out.json", OSError(errno.ENOSPC, "No space left on device")))
    'out.json: could not write: No space left on device'
    """
    return _error(path, _why(err))


def check_target(path: str | os.PathLike[str], *, folder: bool = False) -> Path:
    """The path to write for ``path``; :class:`DataError` when it cannot be written.

    Refused: an empty path (``-o ''``), a path naming an existing folder when a file is
    to be written (or an existing non-folder when a folder is), an existing file that is
    not a regular file (a device, a FIFO: ``/dev/stdout``), and a file whose folder does
    not exist. A symbolic link is followed: the file or folder it points to is replaced
    and the link stays.

    >>> check_target("")
    Traceback (most recent call last):
    ...
    summitdata.errors.DataError: '': the output path is empty
    >>> check_target(".")
    Traceback (most recent call last):
    ...
    summitdata.errors.DataError: .: is a folder: give the path of a file
    """
    text = os.fspath(path)
    if not text or not text.strip():
        raise _error(text, "the output path is empty")
    target = Path(os.path.realpath(text)) if os.path.islink(text) else Path(text)
    if folder:  # its missing parent folders are made by write_folder
        if target.exists() and not target.is_dir():
            raise _error(text, "exists and is not a folder: give the path of a folder")
        return target
    if target.is_dir() or text.endswith(("/", os.sep)):
        raise _error(text, "is a folder: give the path of a file")
    if target.exists() and not target.is_file():
        raise _error(text, "is not a regular file (a device, a FIFO): give the path of a file, or no -o")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise _error(text, f"the folder {os.fspath(parent)!r} does not exist")
    return target


def _hidden_name(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.{suffix}")


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create(target: Path) -> tuple[Path, int]:
    """A new, hidden temporary file beside ``target`` and its descriptor (mode 0o666 less the umask)."""
    while True:
        temporary = _hidden_name(target, "tmp")
        try:
            return temporary, os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            )
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write; on leaving the block without an exception it replaces ``path``.

    An existing target keeps its permission bits. See the module documentation for what
    happens on failure.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "out.txt")
    ...     with writing(target) as fp:
    ...         _ = fp.write(b"hello\\n")
    ...     target.read_bytes()
    b'hello\\n'
    """
    target = check_target(path)
    try:
        with replacing(target) as fp:
            yield fp
    except OSError as err:
        raise _error(path, _why(err)) from None


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[IO[bytes]]:
    """Like :func:`writing`, for a ``target`` not checked first, and raising the ``OSError`` itself.

    For a caller with its own error messages (``tools/curate.py``); the target is intact
    after any failure all the same.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with replacing(pathlib.Path(tmp, "out.txt")) as fp:
    ...         _ = fp.write(b"hello\\n")
    ...     pathlib.Path(tmp, "out.txt").read_bytes()
    b'hello\\n'
    """
    temporary, fd = _create(target)
    try:
        with os.fdopen(fd, "wb") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of the file it replaces
            mode = os.stat(target)
            if stat.S_ISREG(mode.st_mode):
                os.chmod(temporary, stat.S_IMODE(mode.st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(target.absolute().parent)


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`writing`).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_file(pathlib.Path(tmp, "a.json"), b"{}\\n")
    ...     pathlib.Path(tmp, "a.json").read_text()
    '{}\\n'
    """
    with writing(path) as fp:
        fp.write(data)


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def write_folder(path: str | os.PathLike[str], fill: Callable[[Path], T], *, replaceable: Callable[[Path], bool]) -> T:
    """Fill a new folder with ``fill(folder)`` and swap it in for ``path`` whole.

    ``replaceable(path)`` says whether an existing folder at ``path`` may be replaced (an
    empty folder always may); when it may not, nothing is written and :class:`DataError`
    says so. Missing parent folders are made. Returns what ``fill`` returns. ``fill``
    writes into a temporary folder, so it should name the files of ``path`` in its own
    errors (see :func:`write_error`).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "tables")
    ...     _ = write_folder(target, lambda f: f.joinpath("a.csv").write_text("x\\n"), replaceable=lambda p: True)
    ...     sorted(p.name for p in target.iterdir())
    ['a.csv']
    """
    target = check_target(path, folder=True)
    try:
        if target.is_dir() and any(target.iterdir()) and not replaceable(target):
            raise _error(path, "the folder holds other files: give a new or empty folder, or a previous export")
        target.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _error(path, _why(err)) from None
    while True:
        temporary = _hidden_name(target, "tmp")
        try:
            os.mkdir(temporary, 0o777)
            break
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        except OSError as err:
            raise _error(path, _why(err)) from None
    aside: Path | None = None
    try:
        result = fill(temporary)
        for entry in sorted(temporary.rglob("*"), reverse=True):  # files and subfolders, inner ones first
            if entry.is_dir():
                _fsync_folder(entry)
                continue
            with open(entry, "rb") as fp:
                os.fsync(fp.fileno())
        _fsync_folder(temporary)
        if target.is_dir():
            aside = _hidden_name(target, "old")
            os.rename(target, aside)
        try:
            os.rename(temporary, target)
        except BaseException as failed:
            if aside is not None:
                try:
                    os.rename(aside, target)
                except OSError:  # the old content is still whole, under its hidden name: say where
                    message = f"{_why(failed) if isinstance(failed, OSError) else 'interrupted'}; "
                    raise _error(path, message + f"the previous content is kept in {os.fspath(aside)}") from None
                aside = None
            raise
    except BaseException as err:
        _remove_tree(temporary)
        if isinstance(err, OSError):
            raise _error(path, _why(err)) from None
        raise
    _fsync_folder(target.absolute().parent)
    if aside is not None:
        _remove_tree(aside)
    return result

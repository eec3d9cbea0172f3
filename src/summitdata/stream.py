"""JSON Lines as a stream: :func:`iter_records` checks a file one line at a time.

:func:`~summitdata.load_file` builds a whole dataset, so its memory grows with the
records. :func:`iter_records` reads a JSON Lines file line by line, builds and checks
each record with the rules of :func:`~summitdata.loads` (the same per-line parsing,
limits and messages), yields it, and keeps only what the checks across records need:
the ids and kinds of the records seen, the text of every source, the kind of every
place, the summit of every speech and the parent of every summit, and the references
and anchors that point forward to a line not read yet. So memory grows with the number
of records, not with their size; a million claims are checked in well under the memory
of the loaded dataset. ``summitdata validate FILE.jsonl`` checks a file this way. With the
``fast`` extra's backend (orjson, and msgspec installed), consecutive lines of one kind as
:func:`~summitdata.dumps` writes them are decoded by msgspec about 1 MiB at a time (any other
line, and any batch msgspec does not read, one line at a time, as before).

The problems reported are those :func:`~summitdata.load_file` reports for the same
file (in another order: a line's own problems as it is read, those across records when
both ends are known, at the latest after the last line).

>>> import pathlib, tempfile, summitdata
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "export.jsonl")
...     summitdata.dump(summitdata.load(), path)
...     kinds = [type(record).__name__ for record in iter_records(path)]
>>> kinds[0], len(kinds) == sum(map(len, summitdata.load().collections()))
('Source', True)
"""

from __future__ import annotations

import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from . import serialize as _s
from ._checks import (
    _FIELD_ROOT,
    _check_parent_cycles,
    _check_shared_aliases,
    anchor_problem,
    reference_problem,
    references,
    speech_problem,
)
from ._gc import gc_paused
from .dataset import SCHEMA_VERSION, Dataset
from .errors import Problem
from .fields import Ref
from .records import KINDS, Claim, Organization, Person, Place, Record, Source, Speech, Summit, record_anchors

__all__ = ["iter_records"]

_FIRST_LINE = 1 << 16


def iter_records(
    path: str | os.PathLike[str],
    *,
    base: Dataset | None = None,
    max_problems: int = _s.MAX_PROBLEMS,
    max_bytes: int = _s.MAX_BYTES,
    backend: _s.JSONBackend | str | None = None,
) -> Iterator[Record]:
    """Each record of a JSON Lines file, checked, one at a time: a pass over a file too large to load.

    Every record is built and checked with the rules of :func:`~summitdata.loads`, and
    every check across records is made (anchors against their sources, references,
    unique ids, the summit of a claim's speech, cycles of summits) keeping only the ids,
    kinds and source texts of the records read so far (see the module documentation).
    A record is yielded as soon as it is built and fits the records before it; **the file
    is valid only when the iteration ends without an error**: after the last line, every
    problem found (at most ``max_problems`` kept, the others counted) is raised together
    in one :class:`~summitdata.ValidationError`. A file that is not JSON Lines (a JSON
    document) is loaded whole by :func:`~summitdata.load_file` and its records yielded.

    ``base`` (such as ``summitdata.load()``) is as for :func:`~summitdata.loads`: the
    file's records may refer to it; a record equal to one of ``base`` is not yielded.
    The file must be a regular file of at most ``max_bytes`` bytes (checked before
    reading: :class:`~summitdata.FileReadError`). ``backend`` is the JSON backend that parses
    the lines, as for :func:`~summitdata.loads`.

    >>> import pathlib, tempfile, summitdata
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "twice.jsonl")
    ...     lines = summitdata.dumps(summitdata.load(), format="jsonl").splitlines(keepends=True)
    ...     _ = path.write_text("".join(lines) + lines[-1], encoding="utf-8")
    ...     for record in iter_records(path):
    ...         pass
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: initiative:...: id: the same id is used twice
    """
    stream = _Stream(path, base=base, max_problems=max_problems, max_bytes=max_bytes, backend=backend)
    return stream.records()


class _Stream:
    """One pass over a JSON Lines file: the records, then ``data_version`` and ``counts`` (per plural)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        base: Dataset | None,
        max_problems: int,
        max_bytes: int,
        format: _s.Format | None = None,
        backend: _s.JSONBackend | str | None = None,
    ) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
        name = os.fspath(path)
        if not isinstance(name, str):
            raise TypeError(f"path must name a file with a str, not {type(name).__name__}")
        if base is not None and not isinstance(base, Dataset):
            raise TypeError(f"base must be a Dataset, not {type(base).__name__}")
        self.name = name
        self.base = base
        self.max_problems = _s._limit("max_problems", max_problems, 1)
        self.max_bytes = _s._limit("max_bytes", max_bytes, 0)
        self.backend = _s.json_backend(backend)
        self.data_version = ""
        self.counts: Counter[str] = Counter()
        if format is not None and format not in _s.FORMATS:
            raise ValueError(f"format must be one of {_s.FORMATS}, not {format!r}")
        with _open(name, self.max_bytes) as fp:  # refused at once, before the first record is asked for
            head = fp.read(_FIRST_LINE)
        self.format = format or _s.detect_format(head, name)

    def records(self) -> Iterator[Record]:
        if self.format == "json":
            ds = _s.load_file(
                self.name,
                format="json",
                base=self.base,
                max_problems=self.max_problems,
                max_bytes=self.max_bytes,
                backend=self.backend,
            )
            self.data_version = ds.data_version
            for kind, collection in zip(KINDS, ds.collections(), strict=True):
                self.counts[kind.plural] = len(collection)
            for collection in ds.collections():
                yield from collection
            return
        problems = _s._Problems(self.max_problems)
        with _open(self.name, self.max_bytes) as fp, gc_paused():
            lines = _lines(fp, self.name, self.max_bytes, problems)
            first = next(lines, None)
            if first is None:
                raise _s._fail("empty: the first line must be the dataset header")
            self.data_version, version = _s.header_version(first[1], problems, self.backend)
            checker = _Checker(self.base, problems, aliases_marked=version >= (1, 1))
            fast = (
                self.backend.name == "orjson"
                and version == _s._version_key(SCHEMA_VERSION)
                and sys.getrecursionlimit() <= _s._FAST_RECURSION_LIMIT
            )
            batches: Iterable[tuple[str | None, Iterable[tuple[int, str]]]] = (
                _batches(lines) if fast else [(None, lines)]
            )
            for name, batch in batches:
                records = None if name is None else _s._decoded_kind_lines(_s._PLURAL[name][0], name, _joined(batch))
                if records is not None:
                    for record in records:
                        if checker.add(record):
                            yield record
                    continue
                for cls, place, item in _s._upgraded(_s.line_items(batch, problems, self.backend), version, problems):
                    record, missing, view = _s.structure_item(cls, place, item, problems)
                    if record is None:
                        checker.unbuilt(missing, view)
                    elif checker.add(record):
                        yield record
        checker.finish()
        if problems:
            raise problems.error()
        if self.base is not None:
            for kind, collection in zip(KINDS, self.base.collections(), strict=True):
                self.counts[kind.plural] += len(collection)
            if self.base.data_version != self.data_version:
                self.data_version = f"{self.base.data_version}+{self.data_version}"
        for plural, count in checker.counts.items():
            self.counts[plural] += count


def _open(name: str, limit: int) -> Any:
    """The regular file ``name`` opened for binary reading; :class:`FileReadError` as :func:`read_file` says."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as err:
        raise _s._file_error(name, err.strerror or str(err)) from None
    try:
        _check_regular(name, fd, limit)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(name: str, fd: int, limit: int) -> None:
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        raise _s._file_error(name, f"is {_s._kind_of(status.st_mode)}, not a regular file")
    _s._check_size(name, status.st_size, limit)


def _lines(fp: Any, name: str, limit: int, problems: Any) -> Iterator[tuple[int, str]]:
    """``(number, text)`` of each line of ``fp`` (1-based, without its newline), decoded and within ``limit`` bytes."""
    total = 0
    number = 0
    try:
        for line in fp:
            number += 1
            total += len(line)
            if total > limit:  # the file grew after it was measured
                raise _s._file_error(name, f"gives more than the limit of {limit:,} bytes (max_bytes)")
            raw = line[:-1] if line.endswith(b"\n") else line
            if raw is line:
                problems.add(
                    Problem(record=f"line {number}", field="", message="the last line must end with a newline")
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise _s._fail(f"not UTF-8: {err}", f"line {number}") from None
            yield number, text
    except OSError as err:
        raise _s._file_error(name, err.strerror or str(err)) from None


def _batches(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[str | None, list[tuple[int, str]]]]:
    """Consecutive lines that start ``{"type":"<kind>",`` for one kind, about ``_RUN`` characters at a
    time, with their kind (``None`` for a line that starts otherwise, alone): with the ``fast``
    extra, each batch is decoded at once by msgspec (see :func:`~summitdata.serialize._decoded_kind_lines`),
    else read one line at a time.
    """
    batch: list[tuple[int, str]] = []
    kind: str | None = None
    size = 0
    for line in lines:
        text = line[1]
        end = text.find('",', 9) if text.startswith('{"type":"') else -1
        this: str | None = text[9:end]
        if end < 0 or this not in _s._PLURAL:
            this = None
        if batch and (this is None or this != kind or size > _s._RUN):
            yield kind, batch
            batch, size = [], 0
        batch.append(line)
        kind = this
        size += len(text)
    if batch:
        yield kind, batch


def _joined(batch: Iterable[tuple[int, str]]) -> bytes:
    """The lines of a batch as UTF-8, each with the line break before it."""
    return ("\n" + "\n".join([text for _, text in batch])).encode()


#: The fields the checks across records read, for the kinds kept as skeletons.
_SKELETONS: dict[type[Any], tuple[str, ...]] = {
    Place: ("id", "kind"),
    Summit: ("id", "parent"),
    Speech: ("id", "summit"),
    Organization: ("id", "parent"),
    Person: ("id", "aliases", "ambiguous_aliases"),
}


class _Checker:
    """The checks across records, made as the records arrive.

    ``by_id`` holds, for each id, the first record built with it: a source whole (its
    text is needed), a place, summit, speech, organization or person as a skeleton holding
    what the checks read (its kind, parent, summit or aliases), any other record as one shared skeleton of its
    class (only its class is read). A reference or an anchor to an id already in
    ``by_id`` is checked at once (the first record with an id is the one that counts);
    the others wait in ``pending`` until the last line, when every id is known.
    """

    def __init__(self, base: Dataset | None, problems: Any, *, aliases_marked: bool = True) -> None:
        self.problems = problems
        self.aliases_marked = aliases_marked
        self.by_id: dict[str, Record] = {}
        self.sources: dict[str, Source] = {}
        self.absent: dict[str, type[Any]] = {}
        self.base: dict[str, Record] = {}
        self.counts: Counter[str] = Counter()
        self.plural = {kind.cls: kind.plural for kind in KINDS}
        self.shared: dict[type[Any], Record] = {kind.cls: object.__new__(kind.cls) for kind in KINDS}
        # (record id, fields built or None for a whole record, field, reference or anchor, its spec)
        self.pending: list[tuple[str, frozenset[str] | None, str, Any, Ref | None]] = []
        if base is not None:
            for collection in base.collections():
                for record in collection:
                    self.base[record.id] = record
                    self._remember(record, whole=True)

    def add(self, record: Record) -> bool:
        """Check a built record against those before it; whether it is new (not one of the base)."""
        record_id = record.id
        known = self.base.get(record_id)
        if known is not None:
            if known != record:
                self._report(
                    Problem(record=record_id, field="id", message="both datasets have a different record with this id")
                )
            return False
        if record_id in self.by_id:
            self._report(Problem(record=record_id, field="id", message="the same id is used twice"))
        elif record_id in self.absent:  # an earlier line with this id could not be built
            self._report(Problem(record=record_id, field="id", message="the same id is used twice"))
            del self.absent[record_id]
            self._remember(record)
        else:
            self._remember(record)
        self._check(record, None)
        self.counts[self.plural[type(record)]] += 1
        return True

    def unbuilt(self, missing: tuple[str, type[Any]] | None, view: tuple[Any, frozenset[str]] | None) -> None:
        """Account for a line that could not be built: its id, and the fields of it that could."""
        if missing is not None:
            record_id, cls = missing
            if record_id in self.by_id or record_id in self.absent:
                self._report(Problem(record=record_id, field="id", message="the same id is used twice"))
            else:
                self.absent[record_id] = cls
        if view is not None:
            self._check(view[0], view[1])

    def finish(self) -> None:
        """The checks that waited for the last line."""
        for record_id, built, field, value, spec in self.pending:
            if spec is None:
                problem = anchor_problem(record_id, field, value, self.sources)
            elif isinstance(spec, Ref):
                problem = reference_problem(record_id, field, value, spec, by_id=self.by_id, absent=self.absent)
            else:
                problem = speech_problem(value, self.by_id.get(value.speech))
            self._report(problem, built)
        self.pending.clear()
        kept = {record_id: r for record_id, r in self.by_id.items() if type(r) in _SKELETONS}
        for problem in _check_parent_cycles(kept):
            self._report(problem)
        if self.aliases_marked:  # a document before 1.1 could not mark them: the loader marks them instead
            for problem in _check_shared_aliases(r for r in kept.values() if isinstance(r, Person)):
                self._report(problem)

    def _remember(self, record: Record, *, whole: bool = False) -> None:
        cls = type(record)
        kept: Record
        if whole or cls is Source:
            kept = record
        elif cls in _SKELETONS:
            kept = object.__new__(cls)
            for name in _SKELETONS[cls]:
                object.__setattr__(kept, name, getattr(record, name))
        else:
            kept = self.shared[cls]
        self.by_id[record.id] = kept
        if cls is Source:
            self.sources.setdefault(record.id, record)  # type: ignore[arg-type]

    def _check(self, record: Record, built: frozenset[str] | None) -> None:
        record_id = record.id
        for field, anchor in record_anchors(record):
            if anchor.source in self.by_id:
                self._report(anchor_problem(record_id, field, anchor, self.sources), built)
            else:
                self.pending.append((record_id, built, field, anchor, None))
        for field, ref, spec in references(record):
            if ref in self.by_id:
                self._report(reference_problem(record_id, field, ref, spec, by_id=self.by_id, absent={}), built)
            else:
                self.pending.append((record_id, built, field, ref, spec))
        if isinstance(record, Claim) and record.speech is not None:
            if record.speech in self.by_id:
                self._report(speech_problem(record, self.by_id[record.speech]), built)
            else:
                claim = object.__new__(Claim)  # what the check reads, not the whole claim
                for name in ("id", "speech", "summit"):
                    object.__setattr__(claim, name, getattr(record, name))
                self.pending.append((record_id, built, "summit", claim, _SPEECH))

    def _report(self, problem: Problem | None, built: frozenset[str] | None = None) -> None:
        if problem is None:
            return
        if built is not None:
            root = _FIELD_ROOT.match(problem.field)
            if root is None or root.group() not in built:
                return
        self.problems.add(problem)


#: The marker of a pending check of a claim's speech (neither an anchor nor a reference).
_SPEECH: Any = object()

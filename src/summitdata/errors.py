"""The exceptions summitdata raises.

Every error the library raises on purpose derives from :class:`SummitDataError`, so
``except summitdata.SummitDataError`` catches them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "DataError",
    "FileReadError",
    "MissingDependencyError",
    "Problem",
    "QueryError",
    "RecordNotFoundError",
    "RecordRemovedError",
    "SummitDataError",
    "ValidationError",
]


class SummitDataError(Exception):
    """Base class of every error raised by summitdata.

    >>> import summitdata
    >>> issubclass(summitdata.RecordNotFoundError, summitdata.SummitDataError)
    True
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from ``args`` and the attributes, without calling ``__init__`` (whose
        # parameters differ by class), so every error pickles and copies as it is.
        return (_rebuild, (type(self), self.args), self.__dict__ or None)


def _rebuild(cls: type[SummitDataError], args: tuple[Any, ...]) -> SummitDataError:
    return cls.__new__(cls, *args)


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a record: where it is and what is wrong.

    ``record`` is the record's id when it has one (else its kind and position, such as
    ``claims[3]``), ``field`` the path of the field inside it (``evidence[0].start``), and
    ``message`` says what is wrong.

    >>> str(Problem(record="claim:x", field="topics[0]", message="unknown topic 'water2'"))
    "claim:x: topics[0]: unknown topic 'water2'"
    """

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.record}: {self.field}: {self.message}"
        return f"{self.record}: {self.message}"


class ValidationError(SummitDataError, ValueError):
    """Records or a document broke the rules of the record model.

    ``problems`` lists the :class:`Problem` found, each naming the record and the field;
    ``omitted`` counts the problems found beyond those kept (the loader keeps at most
    ``max_problems``, see :func:`summitdata.loads`).

    >>> err = ValidationError([Problem(record="person:x", field="name", message="empty")])
    >>> err.problems[0].field, err.omitted
    ('name', 0)
    """

    problems: tuple[Problem, ...]
    omitted: int

    def __init__(self, problems: Iterable[Problem], *, omitted: int = 0) -> None:
        self.problems = tuple(problems)
        self.omitted = omitted
        super().__init__(self._describe())

    def _describe(self) -> str:
        if len(self.problems) == 1 and not self.omitted:
            return str(self.problems[0])
        lines = [f"{len(self.problems) + self.omitted} problems:"]
        lines.extend(f"  {p}" for p in self.problems)
        if self.omitted:
            lines.append(f"  and {self.omitted} more")
        return "\n".join(lines)


class DataError(ValidationError):
    """A data file or document could not be read: bad encoding, bad JSON, wrong version.

    >>> issubclass(DataError, ValidationError)
    True
    """


class FileReadError(DataError):
    """A file (or standard input) could not be read: missing, not a regular file, too large.

    Its one problem names the file as the record.

    >>> import summitdata
    >>> try:
    ...     summitdata.load_file("no-such-file.json")
    ... except summitdata.FileReadError as err:
    ...     print(err)
    no-such-file.json: No such file or directory
    """


class RecordNotFoundError(SummitDataError, KeyError):
    """No record has the id that was asked for.

    >>> import summitdata
    >>> try:
    ...     summitdata.load().people.get("person:nobody")
    ... except summitdata.RecordNotFoundError as err:
    ...     print(err)
    no person with id 'person:nobody'
    """

    def __init__(self, kind: str, record_id: object) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(f"no {kind} with id {record_id!r}")

    def __str__(self) -> str:
        # KeyError would repr() the message and add quotes around it.
        return str(self.args[0])


class RecordRemovedError(RecordNotFoundError):
    """The id asked for belonged to a record that a data release removed (a tombstone).

    The message says in which data version and why it was removed, and which record
    replaces it; ``data_version``, ``reason`` and ``replaced_by`` hold the same. Published
    ids are never reused, so the id stays answered by this error.

    >>> err = RecordRemovedError("claim", "claim:x", data_version="2026.1", reason="a duplicate", replaced_by="claim:y")
    >>> print(err)
    claim:x was removed in data version 2026.1: a duplicate; replaced by claim:y
    >>> isinstance(err, RecordNotFoundError)
    True
    """

    def __init__(
        self, kind: str, record_id: str, *, data_version: str, reason: str, replaced_by: str | None = None
    ) -> None:
        self.kind = kind
        self.record_id = record_id
        self.data_version = data_version
        self.reason = reason
        self.replaced_by = replaced_by
        replacement = f"replaced by {replaced_by}" if replaced_by else "no record replaces it"
        message = f"{record_id} was removed in data version {data_version}: {reason.rstrip('.')}; {replacement}"
        KeyError.__init__(self, message)


class QueryError(SummitDataError, ValueError):
    """A query was given an unknown keyword or a value it cannot use.

    >>> issubclass(QueryError, ValueError)
    True
    """


class MissingDependencyError(SummitDataError, ImportError):
    """An optional feature needs a package that is not installed; the message says which extra.

    >>> err = MissingDependencyError("to_frame() needs pandas: pip install 'summitdata[pandas]'")
    >>> isinstance(err, ImportError), str(err)
    (True, "to_frame() needs pandas: pip install 'summitdata[pandas]'")
    """

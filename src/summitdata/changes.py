"""What changed between data releases: the corrections log, tombstones, and release diffs.

Every change to a published record is recorded in the package as a :class:`Correction`:
the record's id, the data version that published the change, the fields changed, the
reason and the article words it rests on. A record that a release removes leaves a
tombstone (a correction whose ``action`` is ``removed``): looking its id up raises
:class:`~summitdata.RecordRemovedError`, which says when and why, and which record
replaces it. Published ids are never reused.

:func:`diff` compares two datasets (two releases, each read from an export of either
format version) record by record and field by field.

>>> import summitdata
>>> ds = summitdata.load()
>>> all(c.data_version == ds.data_version for c in ds.changes)
True
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import fields as f
from .errors import DataError, Problem, ValidationError
from .fields import SLUG, Rule
from .records import KINDS, Anchor, Kind

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = [
    "MAX_CHANGES_BYTES",
    "ChangeKind",
    "Correction",
    "FieldChange",
    "RecordChange",
    "ReleaseDiff",
    "check_changes",
    "diff",
    "dumps_changes",
    "loads_changes",
    "unlogged",
]

#: The largest corrections file read.
MAX_CHANGES_BYTES = 16 << 20

_RECORD_ID = rf"[a-z]+:{SLUG}"
_VERSION = r"[0-9]{4}\.[0-9]{1,2}(\.[0-9]+)?"


class ChangeKind(enum.Enum):
    """What a release did to a record: ``added`` it, ``changed`` fields of it, or ``removed`` it.

    >>> ChangeKind("removed")
    <ChangeKind.REMOVED: 'removed'>
    """

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


def _fields_iff_changed(c: Correction) -> str | None:
    if c.action is ChangeKind.CHANGED and not c.fields:
        return "a change names the fields it changed"
    if c.action is not ChangeKind.CHANGED and c.fields:
        return f"only a change names fields, not {c.action.value}"
    return None


def _replacement_of_removal(c: Correction) -> str | None:
    if c.replaced_by is not None and c.action is not ChangeKind.REMOVED:
        return "only a removed record is replaced"
    if c.replaced_by == c.record:
        return "a removed record cannot replace itself"
    return None


@f.model(
    Rule(field="fields", doc="`fields` is non-empty for a change and empty otherwise.", check=_fields_iff_changed),
    Rule(field="replaced_by", doc="Only a removed record has a `replaced_by`.", check=_replacement_of_removal),
)
class Correction:
    """One entry of the corrections log: a record a data release added, changed or removed.

    ``fields`` are the top-level fields a change touched; ``reason`` says why; ``evidence``
    anchors the article words the correction rests on; ``replaced_by`` is the record that
    takes the place of a removed one (``None`` when none does).

    >>> import summitdata
    >>> log = summitdata.load().changes
    >>> entry = next(c for c in log if c.record == "claim:2025-10-10-cis-council-08")
    >>> entry.action.value, entry.fields
    ('changed', ('quantities', 'inferred'))
    """

    record: str = f.text("Id of the record the release added, changed or removed.", pattern=_RECORD_ID)
    data_version: str = f.text("The data version that published the change (YEAR.MONTH[.N]).", pattern=_VERSION)
    action: ChangeKind = f.choice(ChangeKind, "added, changed or removed.")
    fields: tuple[str, ...] = f.many(
        f.Text(),
        "The top-level fields a change touched, in field order (empty unless changed).",
        unique=True,
        default=(),
    )
    reason: str = f.text("Why the record was added, changed or removed.")
    evidence: tuple[Anchor, ...] = f.evidence(Anchor, "Anchors of the article words the correction rests on.")
    replaced_by: str | None = f.ref(
        *(kind.name for kind in KINDS), doc="Id of the record that replaces a removed one, else null.", default=None
    )


# --- the log against a dataset ---------------------------------------------------------------


def _latest(changes: Iterable[Correction]) -> dict[str, Correction]:
    """The last entry of each record (the log is in release order)."""
    return {c.record: c for c in changes}


def tombstones(changes: Iterable[Correction]) -> dict[str, Correction]:
    """The removal entries of the ids whose last entry removes them."""
    return {rid: c for rid, c in _latest(changes).items() if c.action is ChangeKind.REMOVED}


def check_changes(changes: Sequence[Correction], live: Mapping[str, Any]) -> list[Problem]:
    """The problems of a corrections log against the records of a dataset (``live``: id -> record).

    A removed id must not be live (ids are never reused), a record that was added or
    changed must be live unless removed later, ``replaced_by`` must be live, the ids must be
    of a known kind, fields must be fields of the record, and every anchor must be the text
    of its source at its offsets.
    """
    problems: list[Problem] = []
    latest = _latest(changes)
    for index, c in enumerate(changes):
        where = f"changes[{index}]"
        kind = _kind(c.record)
        if kind is None:
            problems.append(Problem(record=where, field="record", message=f"{c.record!r} is not of a known kind"))
        last = latest[c.record] is c
        if last and c.action is ChangeKind.REMOVED and c.record in live:
            problems.append(
                Problem(record=where, field="record", message=f"{c.record} was removed: a published id is never reused")
            )
        elif last and c.action is not ChangeKind.REMOVED and c.record not in live:
            problems.append(
                Problem(
                    record=where, field="record", message=f"{c.record} was {c.action.value}, but no record has this id"
                )
            )
        if c.replaced_by is not None and c.replaced_by not in live:
            problems.append(
                Problem(record=where, field="replaced_by", message=f"refers to {c.replaced_by!r}, which does not exist")
            )
        if kind is not None:
            names = {name for name, _ in f.field_specs(kind.cls)}
            for position, name in enumerate(c.fields):
                if name not in names or name == "id":
                    problems.append(
                        Problem(
                            record=where,
                            field=f"fields[{position}]",
                            message=f"{name!r} is not a field of {kind.cls.__name__} that can change",
                        )
                    )
        for position, anchor in enumerate(c.evidence):
            source = live.get(anchor.source)
            path = f"evidence[{position}]"
            if source is None or Kind.of(source).name != "source":
                problems.append(
                    Problem(record=where, field=f"{path}.source", message=f"no source with id {anchor.source!r}")
                )
            elif source.text[anchor.start : anchor.end] != anchor.text:
                problems.append(
                    Problem(
                        record=where,
                        field=f"{path}.text",
                        message=f"{anchor.text!r} is not the text at {anchor.start}:{anchor.end} of {anchor.source}",
                    )
                )
    return problems


def _kind(record_id: str) -> Kind | None:
    try:
        return Kind.named(record_id.partition(":")[0])
    except KeyError:
        return None


# --- the corrections file ------------------------------------------------------------------------


def loads_changes(data: str | bytes, *, where: str = "corrections") -> tuple[Correction, ...]:
    """The corrections of a corrections file (``{"corrections": [...]}``); every problem at once.

    Raises :class:`~summitdata.DataError` when the text is not such a document and
    :class:`~summitdata.ValidationError` naming the entry and the field otherwise.

    >>> loads_changes('{"corrections": []}')
    ()
    >>> loads_changes('{"corrections": [{"record": "claim:x"}]}')
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: ...
    """
    from .converter import structure_record  # noqa: PLC0415 - the converter is imported on first use

    if len(data) > MAX_CHANGES_BYTES:
        raise DataError([Problem(record=where, field="", message=f"more than {MAX_CHANGES_BYTES} bytes")])
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as err:
        raise DataError([Problem(record=where, field="", message=f"is not valid JSON: {err}")]) from None
    if type(document) is not dict or set(document) != {"corrections"} or type(document["corrections"]) is not list:
        raise DataError([Problem(record=where, field="", message='must be {"corrections": [...]}')])
    problems: list[Problem] = []
    built: list[Correction] = []
    for index, raw in enumerate(document["corrections"]):
        try:
            built.append(structure_record(raw, Correction, where=f"changes[{index}]"))
        except ValidationError as err:
            problems.extend(err.problems)
    if problems:
        raise ValidationError(problems)
    return tuple(built)


def dumps_changes(changes: Iterable[Correction]) -> str:
    """The corrections file of ``changes``: 2-space indented JSON, one entry per correction.

    >>> print(dumps_changes(()))
    {
      "corrections": []
    }
    """
    from .converter import unstructure_record  # noqa: PLC0415 - the converter is imported on first use

    document = {"corrections": [unstructure_record(c) for c in changes]}
    return json.dumps(document, ensure_ascii=False, indent=2)


# --- release diffs -------------------------------------------------------------------------------


@attrs.frozen
class FieldChange:
    """One value that differs between two releases of a record: its path, old and new JSON values.

    >>> FieldChange(path="quantities[0].period", old={"start": "2020", "end": "2025"}, new=None).path
    'quantities[0].period'
    """

    path: str
    old: Any
    new: Any

    @property
    def field(self) -> str:
        """The top-level field of the path.

        >>> FieldChange(path="inferred.summit", old="a", new=None).field
        'inferred'
        """
        return self.path.split(".", 1)[0].split("[", 1)[0]


@attrs.frozen
class RecordChange:
    """A record present in both releases whose JSON differs, with each value that differs.

    >>> RecordChange(id="claim:x", changes=(FieldChange("kind", "states", "recalls"),)).fields
    ('kind',)
    """

    id: str
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The top-level fields that changed, in the order of their first change."""
        return tuple(dict.fromkeys(c.field for c in self.changes))


@attrs.frozen
class ReleaseDiff:
    """The records added, removed and changed from one dataset to another.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> same = summitdata.diff(ds, ds)
    >>> same.added, same.removed, same.changed, bool(same)
    ((), (), (), False)
    """

    old_version: str
    new_version: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[RecordChange, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def ids(self) -> tuple[str, ...]:
        """Every id the diff lists: added, removed, then changed.

        >>> import summitdata
        >>> summitdata.diff(summitdata.load(), summitdata.load()).ids()
        ()
        """
        return (*self.added, *self.removed, *(c.id for c in self.changed))

    def to_json(self) -> dict[str, Any]:
        """The diff as JSON-ready data (what ``summitdata diff --json`` prints).

        >>> import summitdata
        >>> sorted(summitdata.diff(summitdata.load(), summitdata.load()).to_json())
        ['added', 'changed', 'new_version', 'old_version', 'removed']
        """
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [
                {"id": c.id, "changes": [{"path": d.path, "old": d.old, "new": d.new} for d in c.changes]}
                for c in self.changed
            ],
        }


_POSITION = {kind.name: index for index, kind in enumerate(KINDS)}


def _order(record_id: str) -> tuple[int, str]:
    return (_POSITION.get(record_id.partition(":")[0], len(KINDS)), record_id)


def _differences(old: Any, new: Any, path: str) -> Iterator[FieldChange]:
    """The values that differ: objects by key, arrays by position (an item past the end of
    the other array is added or removed: ``null`` on that side), anything else whole.
    """
    if type(old) is dict and type(new) is dict:
        for key in (*old, *(k for k in new if k not in old)):
            sub = f"{path}.{key}" if path else key
            if key not in old:
                yield FieldChange(sub, None, new[key])
            elif key not in new:
                yield FieldChange(sub, old[key], None)
            else:
                yield from _differences(old[key], new[key], sub)
    elif type(old) is list and type(new) is list and old != new:
        for index in range(max(len(old), len(new))):
            sub = f"{path}[{index}]"
            if index >= len(old):
                yield FieldChange(sub, None, new[index])
            elif index >= len(new):
                yield FieldChange(sub, old[index], None)
            else:
                yield from _differences(old[index], new[index], sub)
    elif old != new or type(old) is not type(new):
        yield FieldChange(path, old, new)


def diff(old: Dataset, new: Dataset) -> ReleaseDiff:
    """The records ``new`` adds, removes and changes relative to ``old``, field by field.

    Records are matched by id and compared as their JSON (:func:`summitdata.to_dict`), so
    two releases read from exports of different format versions compare by their values.
    Ids are listed in the order of the JSON contract (kind, then id).

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> old = summitdata.Dataset(data_version="old", places=ds.places, check=False)
    >>> new = summitdata.Dataset(data_version="new", places=ds.places[1:], check=False)
    >>> d = summitdata.diff(old, new)
    >>> d.removed, d.added, d.changed
    (('place:afghanistan',), (), ())
    """
    from .converter import unstructure_record as to_dict  # noqa: PLC0415 - the converter is imported on first use

    before = {r.id: r for r in old.records()}
    after = {r.id: r for r in new.records()}
    changed = []
    for record_id in sorted(before.keys() & after.keys(), key=_order):
        if before[record_id] is after[record_id] or before[record_id] == after[record_id]:
            continue
        found = tuple(_differences(to_dict(before[record_id]), to_dict(after[record_id]), ""))
        if found:
            changed.append(RecordChange(id=record_id, changes=found))
    return ReleaseDiff(
        old_version=old.data_version,
        new_version=new.data_version,
        added=tuple(sorted(after.keys() - before.keys(), key=_order)),
        removed=tuple(sorted(before.keys() - after.keys(), key=_order)),
        changed=tuple(changed),
    )


def unlogged(release: ReleaseDiff, changes: Iterable[Correction]) -> list[Problem]:
    """How the corrections log of ``release.new_version`` differs from what the release changed.

    Every added, removed and changed record must have one entry of that version with that
    action, a change must name exactly the fields that changed, and no entry may name a
    record the release did not touch.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> unlogged(summitdata.diff(ds, ds), ())
    []
    """
    entries: dict[str, Correction] = {}
    problems: list[Problem] = []
    for c in changes:
        if c.data_version == release.new_version:
            if c.record in entries:
                problems.append(Problem(record=c.record, field="", message="has two entries in the log of one release"))
            entries[c.record] = c
    expected: dict[str, tuple[ChangeKind, tuple[str, ...]]] = dict.fromkeys(release.added, (ChangeKind.ADDED, ()))
    expected.update(dict.fromkeys(release.removed, (ChangeKind.REMOVED, ())))
    expected.update({c.id: (ChangeKind.CHANGED, c.fields) for c in release.changed})
    for record_id, (action, fields) in expected.items():
        entry = entries.get(record_id)
        if entry is None:
            problems.append(
                Problem(
                    record=record_id,
                    field="",
                    message=f"was {action.value} in {release.new_version} but the log has no entry",
                )
            )
        elif entry.action is not action:
            problems.append(
                Problem(
                    record=record_id,
                    field="action",
                    message=f"the log says {entry.action.value}, the data {action.value}",
                )
            )
        elif set(entry.fields) != set(fields):
            problems.append(
                Problem(
                    record=record_id,
                    field="fields",
                    message=f"the log names {sorted(entry.fields)}, the data changed {sorted(fields)}",
                )
            )
    for record_id in entries.keys() - expected.keys():
        problems.append(
            Problem(
                record=record_id, field="", message=f"the log of {release.new_version} has an entry, the data no change"
            )
        )
    return problems

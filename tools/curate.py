"""The maintainers' tool that turns the curation files into the packaged data.

It is not part of the library: it lives in the repository, next to the ``curation/`` folder
it reads, and is run from a clone::

    python tools/curate.py build            # rewrite src/summitdata/data/summitdata.json and corrections.json
    python tools/curate.py build --check    # write nothing; exit 1 if those files are not up to date
    python tools/curate.py check curation/000_6d5a610b5cea50b9.json
    python tools/curate.py changelog        # rewrite docs/reference/data-changelog.md from the releases

A curation file (``curation/<article>.json``) holds the records of one article in the JSON
form of the export, except that evidence is written as quoted text, which this tool anchors
(it computes ``start`` and ``end``, and refuses a quote that is not in the article). The tool
then merges the records of all files (the same id in several files is one record: evidence
concatenated, lists united, other fields must agree), checks every reference and id, and
writes the packaged JSON document, atomically.

``curation/corrections.json`` is the corrections log: one entry per record a release added,
changed or removed, with the reason and the article words it rests on (quotes, anchored like
evidence, each naming its ``source``). The tool anchors it, checks it against the records (a
removed id is never live again) and writes it beside the packaged data. The release exports
kept in ``tests/data/`` (``summitdata-<version>.json``) and the packaged data make the data
changelog of the docs (``changelog``).

Its defaults are the folders of the clone it sits in, whatever the working folder; it never
writes into an installed copy of the package. Curation files are input like any other: an
article a file names must be a regular file inside the articles folder, read with a size
limit; a malformed file gets one-line problems naming the file and the field.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any

#: The clone this tool belongs to, and the defaults derived from it.
REPO = Path(__file__).resolve().parents[1]
CURATION_DIR = REPO / "curation"
DATA_DIR = REPO / "src" / "summitdata" / "data"
ARTICLES_DIR = DATA_DIR / "articles"
DATA_FILE = DATA_DIR / "summitdata.json"
#: The corrections log: curated in the curation folder, written beside the packaged data.
CHANGES_NAME = "corrections.json"
CHANGES_FILE = DATA_DIR / CHANGES_NAME
#: The exports of earlier releases, and the docs page made of them.
RELEASES_DIR = REPO / "tests" / "data"
CHANGELOG_FILE = REPO / "docs" / "reference" / "data-changelog.md"

if __name__ == "__main__" and str(REPO / "src") not in sys.path:
    # Run as a script: build with this clone's record model, not whichever copy is installed.
    sys.path.insert(0, str(REPO / "src"))

import attrs  # noqa: E402

from summitdata import DATA_VERSION, Anchor, Dataset, Problem, Source, ValidationError, dumps  # noqa: E402
from summitdata._atomic import replacing  # noqa: E402
from summitdata.changes import (  # noqa: E402
    ChangeKind,
    Correction,
    FieldChange,
    ReleaseDiff,
    check_changes,
    diff,
    dumps_changes,
    unlogged,
)
from summitdata.converter import converter, structure_record  # noqa: E402
from summitdata.fields import given_id  # noqa: E402
from summitdata.records import KINDS  # noqa: E402
from summitdata.serialize import load_file  # noqa: E402

__all__ = [
    "ARTICLES_DIR",
    "CHANGELOG_FILE",
    "CHANGES_FILE",
    "CURATION_DIR",
    "DATA_FILE",
    "MAX_ARTICLE_BYTES",
    "MAX_CURATION_BYTES",
    "MAX_DEPTH",
    "CurationError",
    "build_dataset",
    "changelog",
    "curation_files",
    "installed_copy",
    "main",
    "releases",
    "write_atomic",
]

#: The largest article text read (the packaged ones are a few kilobytes).
MAX_ARTICLE_BYTES = 1 << 20
#: The largest curation file read.
MAX_CURATION_BYTES = 8 << 20
#: The deepest nesting of arrays and objects in a curation file (the real ones nest 6 deep).
MAX_DEPTH = 32
#: The most problems printed; the rest are counted.
MAX_REPORTED = 200
#: The longest value quoted in a message.
_QUOTE_CHARS = 80

_CLASS_OF: dict[str, type[Any]] = {kind.plural: kind.cls for kind in KINDS}
_PLURALS = [kind.plural for kind in KINDS]


class CurationError(ValidationError):
    """The curation files do not make a valid dataset; ``problems`` says where."""


class _Refused(Exception):
    """An input file that is not read; the message says why (one line)."""


# -- reading input, confined and bounded ---------------------------------------------------


def _short(value: Any) -> str:
    """``repr(value)``, cut to a short prefix: messages never echo a huge value."""
    text = repr(value)
    return text if len(text) <= _QUOTE_CHARS else f"{text[:_QUOTE_CHARS]}… ({len(text)} characters)"


def read_regular(path: Path, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; else raise ``_Refused``.

    A device or a FIFO is refused before it is opened for reading (and opened without
    blocking, so that one swapped in meanwhile is refused too); the size is checked before
    reading, and again while reading, for a file that grows.
    """
    try:
        info = os.stat(path, follow_symlinks=follow)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("is not a regular file")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
        fd = os.open(path, flags)
    except OSError as err:
        raise _Refused(f"cannot read: {err.strerror or err}") from None
    with open(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("is not a regular file")
        if info.st_size > limit:
            raise _Refused(f"is {info.st_size} bytes, more than the limit of {limit}")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _Refused(f"is more than the limit of {limit} bytes")
    return data


def article_path(articles: Path, name: object) -> Path:
    """The article file ``name`` inside the ``articles`` folder; else raise ``_Refused``.

    ``name`` must be a relative path that stays inside the folder: no absolute path, no
    ``..``, and no symbolic link that leads out of it.
    """
    if type(name) is not str or not name:
        raise _Refused("must be the article's file name (non-empty text)")
    if "\0" in name:
        raise _Refused("must not contain a NUL character")
    pure = PurePath(name)
    if pure.is_absolute() or pure.anchor:
        raise _Refused(f"{_short(name)} is an absolute path; name a file of the articles folder")
    if ".." in pure.parts:
        raise _Refused(f"{_short(name)} leaves the articles folder")
    root = articles.resolve()
    target = (root / pure).resolve()
    if not target.is_relative_to(root) or target == root:
        raise _Refused(f"{_short(name)} leads out of the articles folder (through a symbolic link)")
    return target


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest, found without parsing it.

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    bare = re.sub(r'"[^"]*"', "", re.sub(r"\\.", "", text))
    brackets = re.sub(r"[^\[\]{}]", "", bare)
    steps = (1 if c in "[{" else -1 for c in brackets)
    return max(itertools.accumulate(steps), default=0)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"duplicate key {_short(key)} in an object")
        result[key] = value
    return result


def parse_curation(data: bytes) -> Any:
    """The JSON document of a curation file's bytes; else raise ``_Refused``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Refused(f"is not UTF-8 text (byte {err.start})") from None
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise _Refused(f"nests {depth} levels deep, more than the limit of {MAX_DEPTH}")
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates)
    except ValueError as err:  # JSONDecodeError, and ints too long to convert
        raise _Refused(f"is not valid JSON: {err}") from None


# -- from curation records to records ---------------------------------------------------------


def _default_of(field: attrs.Attribute[Any]) -> tuple[bool, Any]:
    if field.default is attrs.NOTHING:
        return False, None
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return True, {}
    if isinstance(field.default, tuple):
        return True, list(field.default)
    default = field.default
    return True, default if default is None else converter.unstructure(default)


class _Article:
    def __init__(self, source_id: str, text: str, file: Path) -> None:
        self.source_id = source_id
        self.text = text
        self.file = file


def _anchor(article: _Article, item: Any, where: str, problems: list[Problem], record: str) -> dict[str, Any] | None:
    if isinstance(item, str):
        quote, occurrence = item, 0
    elif isinstance(item, dict) and set(item) <= {"quote", "occurrence"} and "quote" in item:
        quote, occurrence = item["quote"], item.get("occurrence", 0)
    else:
        problems.append(
            Problem(record=record, field=where, message='evidence must be a quote or {"quote": ..., "occurrence": N}')
        )
        return None
    try:
        anchor = Anchor.in_text(article.source_id, article.text, quote, occurrence)
    except ValidationError as err:
        problems.append(Problem(record=record, field=where, message=f"{article.file.name}: {err.problems[0].message}"))
        return None
    return converter.unstructure(anchor)  # type: ignore[no-any-return]


def _resolve(value: Any, article: _Article, path: str, problems: list[Problem], record: str) -> Any:
    """Replace every ``evidence`` list of quotes (at any depth) with anchors."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            sub = f"{path}.{key}" if path else key
            if key == "evidence" and isinstance(item, list):
                anchors = [_anchor(article, q, f"{sub}[{i}]", problems, record) for i, q in enumerate(item)]
                result[key] = [a for a in anchors if a is not None]
            else:
                result[key] = _resolve(item, article, sub, problems, record)
        return result
    if isinstance(value, list):
        return [_resolve(item, article, f"{path}[{i}]", problems, record) for i, item in enumerate(value)]
    return value


def _complete(raw: dict[str, Any], cls: type[Any]) -> dict[str, Any]:
    """Fill omitted fields with their defaults, in field order; a claim's text from its evidence."""
    result: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in raw:
            result[field.name] = raw[field.name]
        else:
            has_default, default = _default_of(field)
            if has_default:
                result[field.name] = default
    evidence = raw.get("evidence")
    if cls.__name__ == "Claim" and "text" not in raw and isinstance(evidence, list) and evidence:
        result["text"] = evidence[0]["text"]  # anchors made by _anchor: dicts with a "text"
    result.update({k: v for k, v in raw.items() if k not in result})
    return result


def _merge(
    first: dict[str, Any], second: dict[str, Any], record: str, files: str, problems: list[Problem]
) -> dict[str, Any]:
    merged = dict(first)
    for key, value in second.items():
        if key not in merged:
            merged[key] = value
            continue
        mine = merged[key]
        if key == "evidence" and isinstance(mine, list) and isinstance(value, list):
            merged[key] = mine + value
        elif key == "inferred" and isinstance(mine, dict) and isinstance(value, dict):
            notes = dict(mine)
            for field, reason in value.items():
                if field in notes and notes[field] != reason:
                    # Two reasons joined would explain neither: one file must give the note.
                    message = f"two reasons for one value in {files}: {_short(notes[field])} and {_short(reason)}"
                    problems.append(Problem(record=record, field=f"inferred.{field}", message=message))
                notes.setdefault(field, reason)
            merged[key] = notes
        elif key == "roles" and isinstance(mine, list) and isinstance(value, list):
            merged[key] = _merge_roles(mine, value)
        elif isinstance(mine, list) and isinstance(value, list):
            merged[key] = mine + [item for item in value if item not in mine]
        elif mine is None:
            merged[key] = value
        elif value is not None and value != mine:
            message = f"conflicting values in {files}: {_short(mine)} and {_short(value)}"
            problems.append(Problem(record=record, field=key, message=message))
    return merged


def _merge_roles(mine: list[Any], other: list[Any]) -> list[Any]:
    """One role per title and holder: the same role attested in several articles is one role,
    dated by its earliest attestation, with the evidence of each.
    """
    roles = [dict(role) if isinstance(role, dict) else role for role in mine]
    for role in other:
        same = next(
            (
                r
                for r in roles
                if isinstance(r, dict)
                and isinstance(role, dict)
                and (r.get("title"), r.get("of")) == (role.get("title"), role.get("of"))
            ),
            None,
        )
        if same is None:
            roles.append(role)
            continue
        evidence = same.get("evidence"), role.get("evidence")
        if isinstance(evidence[0], list) and isinstance(evidence[1], list):
            same["evidence"] = evidence[0] + evidence[1]
        dates = [d for d in (same.get("as_of"), role.get("as_of")) if isinstance(d, str)]
        if dates:
            same["as_of"] = min(dates, key=_date_order)
    return roles


def _date_order(text: str) -> tuple[int, ...]:
    """A partial date's first day as a sort key (``"2025"`` sorts as 2025-01-01)."""
    parts = [int(p) if p.isdigit() else 0 for p in text.split("-")]
    return tuple(parts + [1] * (3 - len(parts)))


def _read_curation(
    path: Path, articles: Path, problems: list[Problem], max_article_bytes: int
) -> dict[str, list[dict[str, Any]]]:
    """The records of one curation file, anchored and completed; its problems name the file."""
    where = path.name
    found: list[Problem] = []
    try:
        records = _records_of(path, articles, found, max_article_bytes)
    finally:
        problems.extend(p if p.record == where else attrs.evolve(p, message=f"{p.message} (in {where})") for p in found)
    return records


def _records_of(
    path: Path, articles: Path, problems: list[Problem], max_article_bytes: int
) -> dict[str, list[dict[str, Any]]]:
    where = path.name
    try:
        document = parse_curation(read_regular(path, MAX_CURATION_BYTES))
    except _Refused as err:
        problems.append(Problem(record=where, field="", message=str(err)))
        return {}
    if type(document) is not dict:
        problems.append(Problem(record=where, field="", message="a curation file is a JSON object"))
        return {}
    if type(document.get("source")) is not dict:
        problems.append(Problem(record=where, field="source", message="must be an object: the article's source record"))
        return {}
    unknown = set(document) - {"source", *_PLURALS}
    if unknown:
        problems.append(Problem(record=where, field="", message=f"unknown keys {_short(sorted(unknown))}"))
    source = dict(document["source"])
    source_id = source.get("id")
    if type(source_id) is not str or not source_id:
        problems.append(Problem(record=where, field="source.id", message="must be the source's id (text)"))
        return {}
    file_name = source.get("file", f"{path.stem}.txt")
    try:
        file = article_path(articles, file_name)
        text = read_regular(file, max_article_bytes, follow=False).decode("utf-8")
    except _Refused as err:
        problems.append(Problem(record=where, field="source.file", message=f"article {err}"))
        return {}
    except UnicodeDecodeError as err:
        problems.append(Problem(record=where, field="source.file", message=f"article is not UTF-8 (byte {err.start})"))
        return {}
    article = _Article(source_id, text, file)
    source.setdefault("file", file_name)
    source["text"] = text
    records: dict[str, list[dict[str, Any]]] = {
        "sources": [_complete(_resolve(source, article, "", problems, source_id), Source)]
    }
    for plural in _PLURALS[1:]:
        items = document.get(plural, [])
        if type(items) is not list:
            problems.append(Problem(record=where, field=plural, message="must be an array"))
            continue
        seen: set[str] = set()
        resolved = []
        for index, raw in enumerate(items):
            record = raw.get("id") if isinstance(raw, dict) else None
            name = record if isinstance(record, str) else f"{where}: {plural}[{index}]"
            if not isinstance(raw, dict):
                problems.append(Problem(record=where, field=f"{plural}[{index}]", message="must be an object"))
                continue
            if name in seen:
                problems.append(Problem(record=name, field="id", message=f"defined twice in {where}"))
                continue
            seen.add(name)
            resolved.append(_complete(_resolve(raw, article, "", problems, name), _CLASS_OF[plural]))
        records[plural] = resolved
    return records


def curation_files(curation_dir: Path) -> list[Path]:
    """The curation files of a folder, in name order (the order of the articles); not the corrections log."""
    return sorted(p for p in curation_dir.glob("*.json") if p.name != CHANGES_NAME)


def read_changes(path: Path, ds: Dataset) -> tuple[Correction, ...]:
    """The corrections log of a curation folder, its quotes anchored in ``ds``'s sources.

    A missing file is an empty log. Raises :class:`CurationError` naming the entry and the field.
    """
    if not path.exists():
        return ()
    where = path.name
    problems: list[Problem] = []
    try:
        document = parse_curation(read_regular(path, MAX_CURATION_BYTES))
    except _Refused as err:
        raise CurationError([Problem(record=where, field="", message=str(err))]) from None
    if type(document) is not dict or set(document) != {"corrections"} or type(document["corrections"]) is not list:
        raise CurationError([Problem(record=where, field="", message='the corrections log is {"corrections": [...]}')])
    built: list[Correction] = []
    for index, raw in enumerate(document["corrections"]):
        name = f"{where}: changes[{index}]"
        if type(raw) is not dict:
            problems.append(Problem(record=name, field="", message="must be an object"))
            continue
        entry = dict(raw)
        anchors = []
        for position, quote in enumerate(entry.get("evidence") or []):
            source = quote.get("source") if isinstance(quote, dict) else None
            if not isinstance(source, str) or source not in ds.sources:
                problems.append(
                    Problem(record=name, field=f"evidence[{position}].source", message="must name a source")
                )
                continue
            article = _Article(source, ds.sources.get(source).text, path)
            item = {k: v for k, v in quote.items() if k != "source"}
            anchors.append(_anchor(article, item, f"evidence[{position}]", problems, name))
        entry["evidence"] = [a for a in anchors if a is not None]
        entry.setdefault("fields", [])
        entry.setdefault("replaced_by", None)
        try:
            built.append(structure_record(entry, Correction, where=name))
        except ValidationError as err:
            problems.extend(err.problems)
    if problems:
        raise CurationError(problems)
    return tuple(built)


def build_dataset(
    files: Sequence[Path],
    articles: Path = ARTICLES_DIR,
    data_version: str = DATA_VERSION,
    *,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    changes_file: Path | None = None,
) -> Dataset:
    """Anchor, merge and check the records of ``files``; raise :class:`CurationError`.

    Every problem names the record (or the curation file) and the field, and says in which
    curation file(s) the record is. ``changes_file`` is the corrections log to anchor and
    check against the records (none by default).
    """
    problems: list[Problem] = []
    merged: dict[str, dict[str, dict[str, Any]]] = {plural: {} for plural in _PLURALS}
    origin: dict[str, str] = {}
    curated: dict[str, str] = {}
    for path in files:
        records = _read_curation(path, articles, problems, max_article_bytes)
        for source in records.get("sources", []):
            if source["id"] in curated:
                message = f"the article is curated twice, in {curated[source['id']]} and {path.name}"
                problems.append(Problem(record=source["id"], field="id", message=message))
                records = {}
            else:
                curated[source["id"]] = path.name
        for plural, items in records.items():
            for position, raw in enumerate(items):
                key = given_id(raw) or f"{path.name}: {plural}[{position}]"
                if key in merged[plural]:
                    files_named = f"{origin[key]} and {path.name}"
                    merged[plural][key] = _merge(merged[plural][key], raw, key, files_named, problems)
                    origin[key] = files_named
                else:
                    merged[plural][key] = raw
                    origin[key] = path.name
    built: dict[str, list[Any]] = {}
    for plural, by_id in merged.items():
        built[plural] = []
        for key, raw in by_id.items():
            try:
                built[plural].append(structure_record(raw, _CLASS_OF[plural], where=key))
            except ValidationError as err:
                problems.extend(_located(p, origin) for p in err.problems)
    if problems:
        raise CurationError(problems)
    try:
        ds = Dataset(data_version=data_version, **built)  # type: ignore[arg-type]
    except ValidationError as err:
        raise CurationError(_located(p, origin) for p in err.problems) from None
    changes = read_changes(changes_file, ds) if changes_file is not None else ()
    if not changes:
        return ds
    found = check_changes(changes, {r.id: r for r in ds.records()})
    if found:
        raise CurationError(attrs.evolve(p, message=f"{p.message} (in {CHANGES_NAME})") for p in found)
    collections = {kind.plural: getattr(ds, kind.plural) for kind in KINDS}
    return Dataset(data_version=data_version, changes=changes, check=False, **collections)


def _located(problem: Problem, origin: dict[str, str]) -> Problem:
    """``problem``, saying in which curation file(s) its record is."""
    files = origin.get(problem.record)
    if files is None or f"(in {files})" in problem.message:
        return problem
    return attrs.evolve(problem, message=f"{problem.message} (in {files})")


# -- writing output ------------------------------------------------------------------------


def installed_copy(path: Path) -> Path | None:
    """The installed copy of a package that ``path`` is inside, else ``None``.

    A folder is an installed copy when it is a ``site-packages`` or ``dist-packages``
    folder, or holds the ``summitdata-*.dist-info`` that pip writes beside the package
    (``pip install --target``). Symbolic links are followed first.

    >>> installed_copy(Path("/usr/lib/python3/dist-packages/summitdata/data/summitdata.json"))
    PosixPath('/usr/lib/python3/dist-packages')
    """
    for folder in path.resolve().parents:
        if folder.name in {"site-packages", "dist-packages"}:
            return folder
        if folder.is_dir() and any(folder.glob("summitdata-*.dist-info")):
            return folder
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (:func:`summitdata._atomic.replacing`).

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file
    is renamed over ``path``: a reader sees the old file or the new one, and after any
    failure (a full disk, a kill) the old file is intact. Raises ``OSError``.
    """
    with replacing(path) as stream:
        stream.write(data)


# -- the command -----------------------------------------------------------------------------


#: Control characters (newlines, escape sequences) are shown escaped: one problem, one line.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


def _report(problems: Sequence[Problem]) -> Iterator[str]:
    yield f"{len(problems)} problem(s):"
    for problem in problems[:MAX_REPORTED]:
        yield f"  {str(problem).translate(_ESCAPES)}"
    if len(problems) > MAX_REPORTED:
        yield f"  and {len(problems) - MAX_REPORTED} more"


def _path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path names no file")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/curate.py",
        description=(
            "Anchor, merge and check the curation files; write the packaged data. "
            f"The defaults are the folders of this clone, {REPO}."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build",
        help="build the packaged JSON from every curation file",
        description="Build the packaged JSON document from every curation file, and write it atomically.",
    )
    build.add_argument(
        "--curation", type=_path, default=CURATION_DIR, help="folder of curation files (default: %(default)s)"
    )
    build.add_argument(
        "--articles", type=_path, default=ARTICLES_DIR, help="folder of article texts (default: %(default)s)"
    )
    build.add_argument(
        "-o", "--output", type=_path, default=DATA_FILE, help="the JSON file to write (default: %(default)s)"
    )
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output is not up to date")
    check = sub.add_parser(
        "check", help="check curation files without writing anything", description="Check curation files."
    )
    check.add_argument("files", type=_path, nargs="*", help=f"curation files (default: every file of {CURATION_DIR})")
    check.add_argument(
        "--articles", type=_path, default=ARTICLES_DIR, help="folder of article texts (default: %(default)s)"
    )
    log = sub.add_parser(
        "changelog",
        help="write the docs page of the data changelog from the release exports",
        description="Diff the packaged data against the release exports and write the data changelog page; "
        "refuse when a changed record has no entry in the corrections log.",
    )
    log.add_argument(
        "--releases", type=_path, default=RELEASES_DIR, help="folder of release exports (default: %(default)s)"
    )
    log.add_argument(
        "-o", "--output", type=_path, default=CHANGELOG_FILE, help="the page to write (default: %(default)s)"
    )
    log.add_argument("--check", action="store_true", help="write nothing; exit 1 if the page is not up to date")
    return parser


class _Abort(Exception):
    """The command cannot run; the message says why (one line)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the maintainers' command; returns the exit status (1 for problems, 2 for refusals)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except _Abort as err:
        print(f"curate: {err}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "changelog":
        return _changelog(args)
    changes_file: Path | None = None
    if args.command == "build":
        installed = installed_copy(args.output)
        if installed is not None:
            raise _Abort(f"refusing to write {args.output}: it is inside an installed copy ({installed}), not a clone")
        files = curation_files(args.curation)
        changes_file = args.curation / CHANGES_NAME
    else:
        files = args.files or curation_files(CURATION_DIR)
        changes_file = None if args.files else CURATION_DIR / CHANGES_NAME
    if not files:
        raise _Abort("no curation files found")
    try:
        ds = build_dataset(files, args.articles, changes_file=changes_file)
    except CurationError as err:
        print("\n".join(_report(err.problems)), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(c)} {plural}" for c, plural in zip(ds.collections(), _PLURALS, strict=True))
    if args.command == "check":
        print(f"ok: {counts}")
        return 0
    output: Path = args.output.resolve()
    outputs = {
        output: dumps(ds).encode("utf-8"),
        output.parent / CHANGES_NAME: (dumps_changes(ds.changes) + "\n").encode("utf-8"),
    }
    if args.check:
        stale = [path for path, data in outputs.items() if (path.read_bytes() if path.is_file() else None) != data]
        for path in stale:
            print(f"{path} is not up to date: run python tools/curate.py build", file=sys.stderr)
        if stale:
            return 1
        print(f"up to date: {counts}, {len(ds.changes)} corrections")
        return 0
    for path, data in outputs.items():
        try:
            write_atomic(path, data)
        except OSError as err:
            message = f"cannot write {path}: {err.strerror or err} (the old file, if any, is intact)"
            raise _Abort(message) from None
    print(f"wrote {args.output} ({counts}) and {CHANGES_NAME} ({len(ds.changes)} corrections)")
    return 0


# -- the data changelog ------------------------------------------------------------------------


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def releases(folder: Path = RELEASES_DIR) -> list[Dataset]:
    """The exports of earlier releases kept in ``folder`` (``summitdata-<version>.json``), oldest first."""
    found = [load_file(path) for path in folder.glob("summitdata-*.json")]
    return sorted(found, key=lambda ds: _version_key(ds.data_version))


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 120 else text[:119] + "…"
    return "`" + text.replace("`", "'") + "`"


def _release_section(release: ReleaseDiff, changes: Sequence[Correction]) -> Iterator[str]:
    entries = {c.record: c for c in changes if c.data_version == release.new_version}
    yield f"## Data version {release.new_version}"
    yield ""
    yield (
        f"Compared with {release.old_version}: {len(release.added)} record(s) added, "
        f"{len(release.removed)} removed, {len(release.changed)} changed."
    )
    yield ""
    listed: list[tuple[ChangeKind, str, tuple[FieldChange, ...]]] = [
        (ChangeKind.ADDED, rid, ()) for rid in release.added
    ]
    listed += [(ChangeKind.REMOVED, rid, ()) for rid in release.removed]
    listed += [(ChangeKind.CHANGED, c.id, c.changes) for c in release.changed]
    for action, record_id, field_changes in listed:
        entry = entries.get(record_id)
        yield f"### {action.value.capitalize()}: `{record_id}`"
        yield ""
        if entry is not None:
            yield entry.reason
            yield ""
            if entry.replaced_by:
                yield f"Replaced by `{entry.replaced_by}`."
                yield ""
        for change in field_changes:
            yield f"- `{change.path}`: {_value(change.old)} → {_value(change.new)}"
        if field_changes:
            yield ""


def changelog(history: Sequence[Dataset], current: Dataset) -> str:
    """The Markdown page of the data changelog: one section per release, newest first.

    Each section lists the records added, removed and changed since the release before it
    (:func:`summitdata.diff`), each with the reason of its corrections-log entry and, for a
    change, every value that changed.
    """
    chain = [*history, current] if not history or history[-1].data_version != current.data_version else [*history]
    lines = [
        "# Data changelog",
        "",
        "<!-- Generated by `python tools/curate.py changelog` from the release exports and the",
        "     corrections log; a test checks that it is up to date. Do not edit by hand. -->",
        "",
        "What each data release changed, record by record: made by `summitdata diff` between",
        "consecutive releases, with the reason of each entry of the corrections log",
        "(`summitdata changes`). A removed id stays answered: looking it up says when and why it",
        "was removed, and which record replaces it.",
        "",
    ]
    for old, new in reversed(list(itertools.pairwise(chain))):
        lines.extend(_release_section(diff(old, new), current.changes))
    first = chain[0]
    lines += [
        f"## Data version {first.data_version}",
        "",
        f"The first release: {sum(1 for _ in first.records())} records.",
        "",
    ]
    return "\n".join(lines)


def _changelog(args: argparse.Namespace) -> int:
    from summitdata import load  # noqa: PLC0415 - the clone's packaged data, with its log

    current = load()
    history = releases(args.releases)
    problems: list[Problem] = []
    if history:
        problems = unlogged(diff(history[-1], current), current.changes)
    if problems:
        print("\n".join(_report(problems)), file=sys.stderr)
        return 1
    text = changelog(history, current).encode("utf-8")
    output: Path = args.output
    if args.check:
        if (output.read_bytes() if output.is_file() else None) != text:
            print(f"{output} is not up to date: run python tools/curate.py changelog", file=sys.stderr)
            return 1
        print(f"up to date: {output}")
        return 0
    try:
        write_atomic(output.resolve(), text)
    except OSError as err:
        raise _Abort(f"cannot write {output}: {err.strerror or err} (the old file, if any, is intact)") from None
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

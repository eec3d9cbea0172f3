"""The maintainers' command that turns curation files into the packaged data.

A curation file (``curation/<article>.json``) holds the records of one article in the
JSON form of the export, except that evidence is written as quoted text, which this
command anchors (it computes ``start`` and ``end``, and refuses a quote that is not in the
article). The command then merges the records of all files (the same id in several
files is one record: evidence concatenated, lists united, other fields must agree),
checks every reference and id, and writes the packaged JSON document::

    python -m summitdata.curation build            # rewrite src/summitdata/data/summitdata.json
    python -m summitdata.curation build --check    # fail if that file is not up to date
    python -m summitdata.curation check curation/000_6d5a610b5cea50b9.json

See "Adding an article" in the documentation for the whole workflow.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._version import DATA_VERSION
from .converter import structure_record
from .dataset import Dataset
from .errors import Problem, ValidationError
from .records import RECORD_TYPES, Anchor, Source

__all__ = ["CurationError", "build_dataset", "main"]


class CurationError(ValidationError):
    """The curation files do not make a valid dataset; ``problems`` says where."""


_CLASS_OF = {plural: cls for cls, _, plural in RECORD_TYPES}
_PLURALS = [plural for _, _, plural in RECORD_TYPES]


def _default_of(field: attrs.Attribute[Any]) -> tuple[bool, Any]:
    if field.default is attrs.NOTHING:
        return False, None
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return True, {}
    if isinstance(field.default, tuple):
        return True, list(field.default)
    default = field.default
    return True, default if default is None else unstructure_value(default)


def unstructure_value(value: Any) -> Any:
    from .converter import converter  # noqa: PLC0415

    return converter.unstructure(value)


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
    return unstructure_value(anchor)  # type: ignore[no-any-return]


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
    if cls.__name__ == "Claim" and "text" not in raw and raw.get("evidence"):
        result["text"] = raw["evidence"][0]["text"]
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
                notes[field] = reason if field not in notes or notes[field] == reason else f"{notes[field]} {reason}"
            merged[key] = notes
        elif isinstance(mine, list) and isinstance(value, list):
            merged[key] = mine + [item for item in value if item not in mine]
        elif mine is None:
            merged[key] = value
        elif value is not None and value != mine:
            problems.append(
                Problem(record=record, field=key, message=f"conflicting values in {files}: {mine!r} and {value!r}")
            )
    return merged


def _read_curation(path: Path, articles: Path, problems: list[Problem]) -> dict[str, list[dict[str, Any]]]:
    where = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        problems.append(Problem(record=where, field="", message=f"cannot read: {err}"))
        return {}
    if type(document) is not dict or type(document.get("source")) is not dict:
        problems.append(
            Problem(record=where, field="source", message="a curation file is an object with a 'source' record")
        )
        return {}
    unknown = set(document) - {"source", *_PLURALS}
    if unknown:
        problems.append(Problem(record=where, field="", message=f"unknown keys {sorted(unknown)}"))
    source = dict(document["source"])
    file_name = source.get("file", f"{path.stem}.txt")
    article_path = articles / str(file_name)
    try:
        text = article_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(
            Problem(record=where, field="source.file", message=f"cannot read article {article_path}: {err}")
        )
        return {}
    source_id = source.get("id")
    if type(source_id) is not str:
        problems.append(Problem(record=where, field="source.id", message="missing"))
        return {}
    article = _Article(source_id, text, article_path)
    source.setdefault("file", article_path.name)
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
                problems.append(Problem(record=name, field="", message="must be an object"))
                continue
            if name in seen:
                problems.append(Problem(record=name, field="id", message=f"defined twice in {where}"))
                continue
            seen.add(name)
            resolved.append(_complete(_resolve(raw, article, "", problems, name), _CLASS_OF[plural]))
        records[plural] = resolved
    return records


def curation_files(curation_dir: Path) -> list[Path]:
    """The curation files of a folder, in name order (the order of the articles)."""
    return sorted(curation_dir.glob("*.json"))


def build_dataset(files: Sequence[Path], articles: Path, data_version: str = DATA_VERSION) -> Dataset:
    """Anchor, merge and check the records of ``files``; raise :class:`CurationError`."""
    problems: list[Problem] = []
    merged: dict[str, dict[str, dict[str, Any]]] = {plural: {} for plural in _PLURALS}
    origin: dict[str, str] = {}
    curated: dict[str, str] = {}
    for path in files:
        records = _read_curation(path, articles, problems)
        for source in records.get("sources", []):
            if source["id"] in curated:
                problems.append(
                    Problem(
                        record=source["id"],
                        field="id",
                        message=f"the article is curated twice, in {curated[source['id']]} and {path.name}",
                    )
                )
                records = {}
            else:
                curated[source["id"]] = path.name
        for plural, items in records.items():
            for position, raw in enumerate(items):
                rid = raw.get("id")
                key = rid if isinstance(rid, str) else f"{path.name}: {plural}[{position}]"
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
                problems.extend(
                    Problem(record=p.record, field=p.field, message=f"{p.message} (in {origin[key]})")
                    for p in err.problems
                )
    if problems:
        raise CurationError(problems)
    try:
        return Dataset(data_version=data_version, **built)  # type: ignore[arg-type]
    except ValidationError as err:
        raise CurationError(err.problems) from None


def _default_paths() -> tuple[Path, Path, Path]:
    from .data import DATA_FILE, articles_dir  # noqa: PLC0415

    return Path("curation"), articles_dir(), DATA_FILE


def _report(problems: Sequence[Problem]) -> Iterator[str]:
    yield f"{len(problems)} problem(s):"
    for problem in problems:
        yield f"  {problem}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the maintainer command; returns the exit status."""
    curation_dir, articles, output = _default_paths()
    parser = argparse.ArgumentParser(
        prog="python -m summitdata.curation",
        description="Anchor, merge and check the curation files; write the packaged data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the packaged JSON from every curation file")
    build.add_argument(
        "--curation", type=Path, default=curation_dir, help="folder of curation files (default: %(default)s)"
    )
    build.add_argument("--articles", type=Path, default=articles, help="folder of article texts")
    build.add_argument("-o", "--output", type=Path, default=output, help="the JSON file to write")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if the output is not up to date")
    check = sub.add_parser("check", help="check curation files without writing anything")
    check.add_argument("files", type=Path, nargs="*", help="curation files (default: every file of curation/)")
    check.add_argument("--articles", type=Path, default=articles, help="folder of article texts")
    args = parser.parse_args(argv)

    from .serialize import dumps  # noqa: PLC0415

    files = curation_files(args.curation) if args.command == "build" else (args.files or curation_files(curation_dir))
    if not files:
        print("no curation files found", file=sys.stderr)
        return 1
    try:
        ds = build_dataset(files, args.articles)
    except CurationError as err:
        print("\n".join(_report(err.problems)), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(c)} {plural}" for c, plural in zip(ds.collections(), _PLURALS, strict=True))
    if args.command == "check":
        print(f"ok: {counts}")
        return 0
    text = dumps(ds)
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is not up to date: run python -m summitdata.curation build", file=sys.stderr)
            return 1
        print(f"up to date: {counts}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

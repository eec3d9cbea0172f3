"""Build helpers of the summitdata docs: doctests in Markdown, the API check, the format reference.

* ``>>>`` examples in MyST code fences (``python`` or ``pycon``), including those of the README
  that ``index.md`` includes, become doctests of ``sphinx-build -b doctest``: each page's
  examples run in one namespace, in order, against the installed package.
* ``console`` code fences whose lines start with ``$ summitdata`` become doctests too: each
  command runs in process (:func:`run_cli`, in a scratch directory) and what it prints,
  standard output and standard error together, must be the lines that follow it. A line
  ``$ echo $?`` shows the exit status of the command before.
* Every name of ``summitdata.__all__`` must be documented in the API reference: the build
  warns (an error under ``-W``) when one is missing.
* ``.. sd-format-reference::`` renders the JSON format reference: from
  ``summitdata.json_schema()`` when the package has it (the JSON Schema of the export), else
  from the record model itself (the attrs fields and their types). Either way it is generated,
  never written by hand.
"""

from __future__ import annotations

import atexit
import contextlib
import enum
import io
import json
import os
import re
import shlex
import shutil
import tempfile
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import Directive
from summitdata_catalogue import para, table

import summitdata

DOCTEST_LANGUAGES = {"python", "pycon", "py", "python3"}


# --- doctests in Markdown code fences ----------------------------------------------------------


def mark_doctests(app: Any, doctree: nodes.document) -> None:
    """Make every ``>>>`` code block, and every ``$ summitdata`` console block, a doctest of the page."""
    for node in doctree.findall(nodes.literal_block):
        if "testnodetype" in node:
            continue
        if node.get("language", "") in DOCTEST_LANGUAGES and node.astext().lstrip().startswith(">>>"):
            node["testnodetype"] = "doctest"
            node["groups"] = ["default"]
            node["options"] = {}
            node["language"] = "pycon"
        elif node.get("language", "") == "console":
            test = cli_doctest(node.astext())
            if test is not None:
                node["testnodetype"] = "doctest"
                node["groups"] = ["default"]
                node["options"] = {}
                node["test"] = test


# --- command-line examples in ``console`` fences ------------------------------------------------

_CLI_STATE: dict[str, Any] = {"status": 0, "workdir": None, "previous": []}


def cli_doctest(text: str) -> str | None:
    """The doctest source of a ``console`` block of ``$ summitdata ...`` commands, else ``None``.

    ``$ summitdata ARGS`` becomes ``>>> _sd_cli('summitdata ARGS')``, ``$ echo $?`` becomes
    ``>>> _sd_status()``, the lines after a command are its expected output (blank lines as
    ``<BLANKLINE>``). Any other command makes the block an ordinary, unchecked one.
    """
    lines = text.rstrip("\n").split("\n")
    if not lines or not lines[0].startswith("$ "):
        return None
    out: list[str] = []
    for line in lines:
        if line.startswith("$ "):
            command = line[2:].strip()
            if command == "echo $?":
                out.append(">>> _sd_status()")
            elif command.startswith("summitdata ") or command == "summitdata":
                out.append(f">>> _sd_cli({command!r})")
            else:
                return None
        else:
            out.append(line if line.strip() else "<BLANKLINE>")
    return "\n".join(out) + "\n"


def cli_setup() -> None:
    """Doctest setup: run in a scratch directory (created once per build), so ``-o FILE`` is harmless."""
    workdir = _CLI_STATE["workdir"]
    if workdir is None:
        workdir = _CLI_STATE["workdir"] = tempfile.mkdtemp(prefix="summitdata-docs-")
        atexit.register(shutil.rmtree, workdir, True)
    _CLI_STATE["previous"].append(os.getcwd())
    os.chdir(workdir)


def cli_cleanup() -> None:
    """Doctest cleanup: back to the directory the build started in."""
    if _CLI_STATE["previous"]:
        os.chdir(_CLI_STATE["previous"].pop())


def run_cli(command: str) -> None:
    """Run ``summitdata ...`` in process and print what it writes (stdout and stderr, in order)."""
    from summitdata.cli import main  # noqa: PLC0415

    argv = shlex.split(command)[1:]
    raw = io.BytesIO()  # the commands write UTF-8 bytes to sys.stdout.buffer
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            status = exit_.code if isinstance(exit_.code, int) else 1
    stream.flush()
    _CLI_STATE["status"] = status
    print(raw.getvalue().decode("utf-8"), end="")


def cli_status() -> None:
    """Print the exit status of the last command (``$ echo $?``)."""
    print(_CLI_STATE["status"])


# --- every public name in the API reference ----------------------------------------------------


def missing_public_names(documented: set[str]) -> list[str]:
    """The names of ``summitdata.__all__`` that have no ``summitdata.NAME`` entry in ``documented``."""
    return [name for name in summitdata.__all__ if f"summitdata.{name}" not in documented]


def check_api(app: Any, env: Any) -> None:
    from sphinx.util import logging  # noqa: PLC0415

    documented = set(env.get_domain("py").objects)
    missing = missing_public_names(documented)
    if missing:
        logging.getLogger(__name__).warning("API reference: public names not documented: %s", ", ".join(missing))


# --- the JSON format reference -----------------------------------------------------------------


def _section(title: str, ident: str) -> nodes.section:
    section = nodes.section(ids=[ident], names=[ident])
    section += nodes.title(title, title)
    return section


def schema_type(schema: Mapping[str, Any]) -> str:
    """A short human description of a JSON Schema's type: ``array of Anchor``, ``string or null``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(schema_type(s) for s in schema[key])
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(schema_type({**schema, "type": k}) for k in kind)
    if kind == "array":
        return "array of " + schema_type(schema.get("items", {}))
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return "object of " + schema_type(schema["additionalProperties"])
    text = str(kind or "any value")
    if "pattern" in schema:
        text = pattern_text(str(schema["pattern"]), text)
    if "format" in schema:
        text += f" ({schema['format']})"
    return text


_ID_PATTERN = re.compile(r"\^(?:\(\?:([a-z|]+)\)|([a-z]+)):\[a-z0-9\]\+\(\?:-\[a-z0-9\]\+\)\*\$")
_KNOWN_PATTERNS = {
    "\\S": "non-empty string",
    "^\\S(?:[\\s\\S]*\\S)?$": "non-empty string, no leading or trailing space",
    "^[A-Z]{3}$": "string of three capital letters (ISO 4217)",
}


def pattern_text(pattern: str, kind: str) -> str:
    """A readable name for a pattern of the schema: ids and references by kind, else the pattern."""
    bare = pattern.removesuffix("(?!\\n)")  # "$(?!\n)": end of text, not before a final newline
    match = _ID_PATTERN.fullmatch(bare)
    if match:
        kinds = (match.group(1) or match.group(2)).split("|")
        if len(kinds) > 1:
            return "id of a " + ", ".join(kinds[:-1]) + " or " + kinds[-1]
        article = "an" if kinds[0][0] in "aeiou" else "a"
        return f"id of {article} {kinds[0]} ({kinds[0]}:slug)"
    if bare in _KNOWN_PATTERNS:
        return _KNOWN_PATTERNS[bare]
    if bare.startswith("^(?!0000)[0-9]{4}"):
        return 'partial date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    return f"{kind} matching {bare}"


def _rich(text: str) -> list[nodes.Node | str]:
    """Text with ``literal`` or `literal` spans as literals (docstring summaries in the schema)."""
    parts: list[nodes.Node | str] = []
    for i, piece in enumerate(re.split(r"``?([^`]+)``?", text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if i % 2 else piece)
    return parts


def schema_nodes(schema: Mapping[str, Any]) -> list[nodes.Node]:
    """Sections for the document and each definition of a JSON Schema, then the schema itself."""
    out: list[nodes.Node] = []
    parts = [("The document", "format-document", schema)]
    parts += [(name, f"format-{name.lower()}", sub) for name, sub in schema.get("$defs", {}).items()]
    for title, ident, sub in parts:
        section = _section(title, ident)
        if sub.get("description"):
            section += para(*_rich(str(sub["description"])))
        required = set(sub.get("required", ()))
        properties = sub.get("properties", {})
        meanings = any(prop.get("description") for prop in properties.values())
        rows: list[list[nodes.Node | str]] = [
            [
                nodes.literal(name, name),
                schema_type(prop),
                "yes" if name in required else "no",
                *([str(prop.get("description", ""))] if meanings else []),
            ]
            for name, prop in properties.items()
        ]
        if rows:
            header = ["Field", "Type", "Required", *(["Meaning"] if meanings else [])]
            section += table(header, rows)
        else:
            section += para("Type: ", schema_type(sub))
        out.append(section)
    full = _section("The whole schema", "format-schema")
    text = json.dumps(schema, indent=2, ensure_ascii=False)
    full += nodes.literal_block(text, text, language="json")
    out.append(full)
    return out


def _hint_type(hint: Any) -> str:
    """A JSON type description of a record field's Python type hint."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_hint_type(a) for a in typing.get_args(hint))
    if hint is type(None):
        return "null"
    if origin is tuple:
        return "array of " + _hint_type(typing.get_args(hint)[0])
    if origin is not None and issubclass(origin, Mapping):
        return "object of " + _hint_type(typing.get_args(hint)[1]) + " (field path to reason)"
    if hint is str:
        return "string"
    if hint is bool:
        return "boolean"
    if hint is int:
        return "integer"
    if hint is float:
        return "number"
    if hint is summitdata.PartialDate:
        return 'partial date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(json.dumps(m.value) for m in hint)
    if isinstance(hint, type) and attrs.has(hint):
        return hint.__name__
    return str(hint)


def model_nodes() -> list[nodes.Node]:
    """Sections for the document and each record and value class, read from the record model."""
    from summitdata.records import RECORD_TYPES  # noqa: PLC0415

    out: list[nodes.Node] = []
    doc = _section("The document", "format-document")
    doc += para(
        "A JSON object with every key below, in this order; each array holds the records of one kind, sorted by id."
    )
    rows: list[list[nodes.Node | str]] = [
        [nodes.literal("schema_version", "schema_version"), "string", f'"{summitdata.SCHEMA_VERSION}"'],
        [nodes.literal("data_version", "data_version"), "string", "the version of the data, YEAR.MONTH.N"],
    ]
    rows += [[nodes.literal(plural, plural), f"array of {cls.__name__}", ""] for cls, _, plural in RECORD_TYPES]
    doc += table(["Key", "Type", "Meaning"], rows)
    out.append(doc)
    classes = [cls for cls, _, _ in RECORD_TYPES]
    classes += [summitdata.Anchor, summitdata.Role, summitdata.Quantity, summitdata.Period]
    for cls in classes:
        section = _section(cls.__name__, f"format-{cls.__name__.lower()}")
        summary = (cls.__doc__ or "").strip().split("\n\n")[0]
        section += para(" ".join(summary.split()))
        hints = typing.get_type_hints(cls)
        fields = [(f.name, hints[f.name]) for f in attrs.fields(cls)]
        section += table(
            ["Field", "Type"],
            [[nodes.literal(name, name), _hint_type(hint)] for name, hint in fields],
        )
        out.append(section)
    return out


class FormatReferenceDirective(Directive):
    def run(self) -> list[nodes.Node]:
        json_schema = getattr(summitdata, "json_schema", None) if "json_schema" in summitdata.__all__ else None
        if json_schema is not None:
            intro = para("Generated from ", nodes.literal("summitdata.json_schema()", "summitdata.json_schema()"), ".")
            return [intro, *schema_nodes(json_schema())]
        intro = para(
            "Generated from the record model (the attrs fields of each class and their types); every field is "
            "present in every record, with null or [] when empty."
        )
        return [intro, *model_nodes()]


def data_version_role(  # noqa: PLR0917 - the docutils role signature
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[Any]]:
    """``{sd-data-version}`x``` is the version of the packaged data, read from the package."""
    return [nodes.literal(summitdata.DATA_VERSION, summitdata.DATA_VERSION)], []


def setup(app: Any) -> dict[str, Any]:
    app.add_role("sd-data-version", data_version_role)
    app.connect("doctree-read", mark_doctests)
    app.connect("env-check-consistency", check_api)
    app.add_directive("sd-format-reference", FormatReferenceDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

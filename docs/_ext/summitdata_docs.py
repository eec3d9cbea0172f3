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
* ``.. sd-format-reference::`` renders the JSON format reference: the words are
  :func:`summitdata.present.reference` (each field's type, constraint, nullability and meaning,
  and each class's rules, read from the field specs); this module only turns them into nodes.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Collection, Sequence
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from summitdata_catalogue import bullets, para, table

import summitdata
from summitdata.present import (
    FieldDoc,
    Words,
    document_fields,
    format_changelog,
    reference,
    references,
    referrers,
    sample_record,
)

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
    from summitdata.cli import main

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
    from sphinx.util import logging

    documented = set(env.get_domain("py").objects)
    missing = missing_public_names(documented)
    if missing:
        logging.getLogger(__name__).warning("API reference: public names not documented: %s", ", ".join(missing))


# --- the JSON format reference -----------------------------------------------------------------


def _section(title: str, ident: str) -> nodes.section:
    section = nodes.section(ids=[ident], names=[ident])
    section += nodes.title(title, title)
    return section


def _ident(cls: type[Any]) -> str:
    return f"format-{cls.__name__.lower()}"


def _rich(text: str) -> list[nodes.Node | str]:
    """Text with ``literal`` or `literal` spans as literals (docstring summaries, rules)."""
    parts: list[nodes.Node | str] = []
    for i, piece in enumerate(re.split(r"``?([^`]+)``?", text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if i % 2 else piece)
    return parts


def words_nodes(words: Words, shown: Collection[type[Any]]) -> list[nodes.Node | str]:
    """Words of :func:`summitdata.present.describe_parts`: a class shown on the page links to its section."""
    out: list[nodes.Node | str] = []
    for word in words:
        if isinstance(word, str):
            out.append(word)
        elif word in shown:
            link = nodes.reference("", "", internal=True, refid=_ident(word))
            link += nodes.literal(word.__name__, word.__name__)
            out.append(link)
        else:
            out.append(nodes.literal(word.__name__, word.__name__))
    return out


def _fields_table(rows: Sequence[FieldDoc], shown: Collection[type[Any]]) -> nodes.table:
    return table(
        ["Field", "Type", "Constraint", "Nullable", "Meaning"],
        [
            [
                nodes.literal(row.name, row.name),
                row.json_type,
                words_nodes(row.constraint, shown),
                "yes" if row.nullable else "no",
                [*_rich(row.doc), *([] if row.since == "1.0" else [f" (since {row.since})"])],
            ]
            for row in rows
        ],
    )


def reference_nodes(classes: Sequence[type[Any]] | None = None) -> list[nodes.Node]:
    """The format reference of ``classes`` (default: the whole format) as docutils sections.

    One section per class: its summary, a table of its fields (JSON type, constraint in words,
    whether it may be null, meaning) and the rules that tie its fields together; all of it is
    :func:`summitdata.present.reference`, read from the field specs. For the whole format, the
    document's keys come first and the JSON Schema itself last.
    """
    docs = reference(classes)
    shown = {doc.cls for doc in docs}
    out: list[nodes.Node] = []
    if classes is None:
        section = _section("The document", "format-document")
        section += para(
            "A JSON object with every key below, in this order; each array holds the records of one kind, "
            "sorted by id. Every field of every record is present, null or [] when empty."
        )
        section += _fields_table(document_fields(), shown)
        out.append(section)
    for doc in docs:
        section = _section(doc.cls.__name__, _ident(doc.cls))
        section += para(*_rich(doc.summary))
        section += _fields_table(doc.fields, shown)
        if doc.rules:
            section += para(nodes.strong("Rules", "Rules"), " (checked once every field fits):")
            section += bullets([[nodes.literal(rule.field, rule.field), ": ", *_rich(rule.doc)] for rule in doc.rules])
        out.append(section)
    if classes is None:
        out.extend(_references_section(shown))
        out.append(_sample_section())
        out.append(_changelog_section())
        full = _section("The whole schema", "format-schema")
        full += para(
            "The same rules as JSON Schema (draft 2020-12), as ",
            nodes.literal("summitdata schema", "summitdata schema"),
            " prints it:",
        )
        text = json.dumps(summitdata.json_schema(), indent=2, ensure_ascii=False)
        full += nodes.literal_block(text, text, language="json")
        out.append(full)
    return out


def _kinds_words(kinds: Sequence[str], countries: bool) -> str:
    return ", ".join("place (a country)" if kind == "place" and countries else kind for kind in kinds)


def _references_section(shown: Collection[type[Any]]) -> list[nodes.Node]:
    """The diagram of the references, as two tables: each referring field and the kinds it names; each
    kind and the fields that name it. Both are read from the field specs.
    """
    section = _section("References between records", "format-references")
    section += para(
        "Every field that holds ids, and the kinds of record it may name (a reference must resolve to a "
        "record of one of them in the same document; 'place (a country)' admits only places of kind country):"
    )
    section += table(
        ["Field", "Refers to", "How many"],
        [
            [
                [*words_nodes((row.cls,), shown), nodes.Text("."), nodes.literal(row.field, row.field)],
                _kinds_words(row.kinds, row.countries),
                "a list" if row.many else "one, or null" if row.nullable else "one",
            ]
            for row in references()
        ],
    )
    section += para("The same read backwards: each kind of record and the fields that may refer to it:")
    section += table(
        ["Kind", "Referred to by"],
        [[nodes.literal(kind, kind), ", ".join(names)] for kind, names in referrers().items()],
    )
    return [section]


def _sample_section() -> nodes.section:
    section = _section("A sample record", "format-sample")
    section += para("One claim of the packaged data, whole, as the export writes it:")
    text = json.dumps(sample_record(summitdata.load()), indent=2, ensure_ascii=False)
    section += nodes.literal_block(text, text, language="json")
    return section


def _changelog_section() -> nodes.section:
    section = _section("Format versions", "format-versions")
    section += para(
        "The changelog of the format (the fields each version added are read from the field specs). A reader "
        "reads every document of its major version up to its own minor version; a document of an earlier minor "
        "version reads as the current one, each field added since taking its default (null or []; see the rules "
        "above for the one derived field); a document "
        "that gives a field its version does not have, another major version, or a later minor version is refused."
    )
    items = []
    for version, summary, added in format_changelog():
        item: list[nodes.Node | str] = [nodes.strong(version, version), ": ", summary]
        if added:
            item.append(" Added fields: ")
            for index, name in enumerate(added):
                item.extend([", " if index else "", nodes.literal(name, name)])
            item.append(".")
        items.append(item)
    section += bullets(items)
    return section


class FormatReferenceDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    """``.. sd-format-reference::`` documents the whole format; with class names
    (``.. sd-format-reference:: Correction``), only those classes of ``summitdata``.
    """

    optional_arguments = 8

    def run(self) -> list[nodes.Node]:
        if self.arguments:
            return reference_nodes([getattr(summitdata, name) for name in self.arguments])
        intro = para(
            "Generated from the field specs of the record model (",
            nodes.literal("summitdata.fields", "summitdata.fields"),
            "), which the validators, the loader and the JSON Schema read too.",
        )
        return [intro, *reference_nodes()]


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

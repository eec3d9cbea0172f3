"""The data catalogue: pages generated from ``summitdata.load()`` at build time.

Nothing here is edited by hand: a change to the packaged data changes the pages.

* :func:`catalogue_sources` writes the reStructuredText *skeleton* of every page (titles,
  sections and one ``sd-record`` directive per record, ``sd-article`` for each article);
* the directives build the content from the records themselves (:func:`record_nodes`,
  :func:`article_nodes`), so no record text ever passes through reST parsing or escaping;
* references between records are ``:ref:`` cross-references to one label per record
  (:func:`label`), resolved by Sphinx, so links work whatever page a record lands on.

``tests/test_docs.py`` imports this module to check that every packaged record is rendered
exactly once, with its id and every one of its evidence passages; the build checks it too
(``env-check-consistency``), so ``sphinx-build -W`` fails on a missing record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes

import summitdata
from summitdata import Anchor, Claim, Dataset, Initiative, PartialDate, Record, Source, Summit
from summitdata.present import Detail, Link, Piece, When, correction_details, presenter, quantity_text
from summitdata.records import record_anchors

#: Where the generated pages go, relative to the docs folder (git-ignored).
OUTPUT = Path("catalogue") / "generated"

_PUNCT = set(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""")


# --- names, labels, dates --------------------------------------------------------------


def label(record_id: str) -> str:
    """The Sphinx label of a record: ``claim:x-01`` -> ``sd-claim-x-01``."""
    return "sd-" + record_id.replace(":", "-")


def slug(record_id: str) -> str:
    return record_id.partition(":")[2]


def paragraph_label(source_id: str, index: int) -> str:
    return f"{label(source_id)}-p{index}"


def rst_escape(text: str) -> str:
    """``text`` as literal reST inline text: whitespace collapsed, punctuation escaped."""
    return "".join("\\" + c if c in _PUNCT else c for c in " ".join(text.split()))


def article_name(source: Source) -> str:
    return f"Article {slug(source.id).split('-')[0]}"


def title(ds: Dataset, record: Record) -> str:
    """A short human title for a record, used as its link text (:meth:`summitdata.present.Presenter.title`)."""
    return presenter(record).title(ds, record)


def describe_date(date: PartialDate | None) -> str:
    if date is None:
        return "unknown"
    return f"{date} ({date.precision.value} precision)"


def claim_date(ds: Dataset, claim: Claim) -> tuple[PartialDate | None, str]:
    """A claim's date (:meth:`summitdata.Dataset.date_of`), and where it comes from."""
    date = ds.date_of(claim)
    if date is None:
        return None, "no date: neither a dated speech nor a dated summit"
    if claim.speech is not None and ds.speeches.get(claim.speech).date == date:
        return date, "the date of its speech"
    return date, "the start of its summit"


def _date_key(date: PartialDate | None) -> tuple[int, tuple[int, int, int]]:
    return (1, (0, 0, 0)) if date is None else (0, date.sort_key())


def summit_key(summit: Summit) -> tuple[Any, ...]:
    return (*_date_key(summit.start), summit.id)


def claim_key(ds: Dataset, claim: Claim) -> tuple[Any, ...]:
    return (*_date_key(claim_date(ds, claim)[0]), claim.id)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of an article."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def paragraph_of(source: Source, offset: int) -> int:
    for index, (start, end) in enumerate(paragraphs(source.text)):
        if start <= offset <= end:
            return index
    return 0


# --- docutils helpers ------------------------------------------------------------------------


def ref(target_label: str, text: str, classes: Sequence[str] = ()) -> nodes.Node:
    """A cross-reference to a label, resolved by Sphinx to whatever page holds it."""
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=target_label, refexplicit=True, refwarn=True
    )
    xref += nodes.inline(text, text)
    if classes:
        wrapper = nodes.inline(classes=list(classes))
        wrapper += xref
        return wrapper
    return xref


def record_ref(ds: Dataset, record_id: str) -> nodes.Node:
    return ref(label(record_id), title(ds, ds.get(record_id)))


def refs(ds: Dataset, ids: Iterable[str]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, record_id in enumerate(ids):
        if i:
            out.append(nodes.Text(", "))
        out.append(record_ref(ds, record_id))
    return out or [nodes.emphasis("none", "none")]


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    p = nodes.paragraph(classes=list(classes))
    for child in children:
        if isinstance(child, str):
            p += nodes.Text(child)
        else:
            p += child
    return p


def field(name: str, *body: nodes.Node | str) -> nodes.field:
    f = nodes.field()
    f += nodes.field_name(name, name)
    fb = nodes.field_body()
    if (
        body
        and all(isinstance(b, (nodes.Body, nodes.Structural)) for b in body if not isinstance(b, str))
        and not any(isinstance(b, str) for b in body)
    ):
        for b in body:
            if not isinstance(b, str):  # none is (checked above); says so to the type checker
                fb += b
    else:
        fb += para(*body)
    f += fb
    return f


def bullets(items: Iterable[nodes.Node | list[nodes.Node | str] | list[nodes.Node]]) -> nodes.bullet_list:
    bl = nodes.bullet_list()
    for item in items:
        li = nodes.list_item()
        if isinstance(item, list):
            li += para(*item)
        else:
            li += item
        bl += li
    return bl


def evidence_item(ds: Dataset, anchor: Anchor) -> list[nodes.Node]:
    """The sentence around an anchor (:meth:`summitdata.Dataset.context`), the anchored words
    in bold, and a link to the article.
    """
    source = ds.sources.get(anchor.source)
    sentence = ds.context(anchor)
    before = " ".join(source.text[sentence.start : anchor.start].split("\n"))
    after = " ".join(source.text[anchor.end : sentence.end].split("\n"))
    # Quotation marks around the sentence, unless it is a quotation already.
    opening = "" if sentence.text.startswith("“") else "“"
    closing = "" if sentence.text.endswith("”") else "”"
    quote = nodes.inline(classes=["sd-evidence"])
    quote += nodes.Text(opening + before)
    quote += nodes.strong(anchor.text, anchor.text)
    quote += nodes.Text(after + closing)
    where = f"{article_name(source)}, characters {anchor.start}–{anchor.end}"
    return [quote, nodes.Text(" — "), ref(paragraph_label(source.id, paragraph_of(source, anchor.start)), where)]


# --- one record --------------------------------------------------------------------------------


def _header(ds: Dataset, record: Record) -> nodes.paragraph:
    kind = record.id.partition(":")[0]
    p = para(classes=["sd-record-title"])
    p += nodes.inline(kind, kind, classes=["sd-kind", f"sd-kind-{kind}"])
    p += nodes.Text(" ")
    p += nodes.strong(title(ds, record), title(ds, record))
    p += nodes.Text(" ")
    p += nodes.literal(record.id, record.id, classes=["sd-id"])
    return p


def pieces_nodes(ds: Dataset, pieces: Sequence[Piece], *, compact: bool = False) -> list[nodes.Node]:
    """Pieces of a presenter as nodes: a link to a record (by its title, or the text given), a date
    with its precision (``compact``, in tables: the date, ``*`` when inferred).
    """
    out: list[nodes.Node] = []
    for piece in pieces:
        if isinstance(piece, Link):
            if piece.text is None:
                out.append(ref(label(piece.id), title(ds, ds.get(piece.id))))
            else:
                out.append(ref(label(piece.id), piece.text))
        elif isinstance(piece, When):
            if compact:  # one unbroken line: a table cell would break the date at its hyphens
                text = f"{piece.date}{'*' if piece.inferred else ''}"
                out.append(nodes.inline(text, text, classes=["sd-date"]))
            else:
                out.append(nodes.Text(describe_date(piece.date)))
        else:
            out.append(nodes.Text(piece))
    return out


def _inferred(record: Record, detail: Detail) -> bool:
    """Whether the record notes an inference for what the line shows (the field or a part of it)."""
    if any(isinstance(piece, When) and piece.inferred for piece in detail.pieces):
        return True
    path = detail.field
    if path is None:
        return False
    # a note on the field or a part of it (roles[0].as_of), or on a whole the line is part of (roles)
    return any(
        key == path or key.startswith((path + ".", path + "[")) or path.startswith((key + ".", key + "["))
        for key in record.inferred
    )


def _line(ds: Dataset, record: Record, detail: Detail) -> list[nodes.Node]:
    out = pieces_nodes(ds, detail.pieces)
    if _inferred(record, detail):
        out.append(nodes.Text(" — inferred (see the note below)"))
    return out


def _fields(ds: Dataset, record: Record) -> list[nodes.field]:
    """The field list of a record: its presenter's lines (several lines with one label as a list),
    then its evidence (its own and that of its parts) and its inference notes.
    """
    groups: list[tuple[str, list[Detail]]] = []
    for detail in presenter(record).details(ds, record):
        if detail.quote:
            continue  # set as a quotation above the fields
        if groups and groups[-1][0] == detail.label:
            groups[-1][1].append(detail)
        else:
            groups.append((detail.label, [detail]))
    out: list[nodes.field] = []
    for name, details in groups:
        heading = name[0].upper() + name[1:].replace("_", " ")
        if len(details) == 1:
            out.append(field(heading, *_line(ds, record, details[0])))
        else:
            out.append(field(heading, bullets([_line(ds, record, d) for d in details])))
    evidence = []
    for path, anchor in record_anchors(record):
        part = path.rsplit(".evidence", 1)[0] if "." in path else None
        item = evidence_item(ds, anchor)
        evidence.append([nodes.literal(part, part), nodes.Text(": "), *item] if part else item)
    out.append(field("Evidence", bullets(evidence)))
    if record.inferred:
        notes = [
            [nodes.literal(key, key), nodes.Text(": " + reason)] for key, reason in sorted(record.inferred.items())
        ]
        out.append(field("Inferred", bullets(notes)))
    corrections = correction_details(ds, record)
    if corrections:
        out.append(field("Corrections", bullets([pieces_nodes(ds, d.pieces) for d in corrections])))
    return out


def record_nodes(ds: Dataset, record: Record) -> list[nodes.Node]:
    """The nodes of one record: a target for its label, its header, its quoted words, its fields."""
    target = nodes.target("", "", ids=[label(record.id)], names=[label(record.id)])
    box = nodes.container(classes=["sd-record", f"sd-record-{record.id.partition(':')[0]}"])
    box += _header(ds, record)
    for detail in presenter(record).details(ds, record):
        if detail.quote:
            direct = getattr(record, "direct", False)
            quote = nodes.block_quote(classes=["sd-quote" if direct else "sd-reported"])
            quote += para(*pieces_nodes(ds, detail.pieces))
            box += quote
    fl = nodes.field_list()
    for f in _fields(ds, record):
        fl += f
    box += fl
    return [target, box]


def kind_table(ds: Dataset, records: Sequence[Record]) -> list[nodes.Node]:
    """The table of records of one kind: the columns and rows of ``summitdata list``, as links, and a
    note on the ``*`` of inferred dates when there is one.
    """
    view = presenter(records[0])
    headers = [column[0].upper() + column[1:] for column in view.columns]
    rows = [view.row(ds, r) for r in records]
    out: list[nodes.Node] = [
        table(headers, [[pieces_nodes(ds, cell, compact=True) or ["—"] for cell in row] for row in rows])
    ]
    if any(isinstance(p, When) and p.inferred for row in rows for cell in row for p in cell):
        out.append(para("Dates marked * are inferred (each record's notes say how)."))
    return out


# --- an article, with its anchored passages marked -------------------------------------------

_PRIORITY = {
    "claim": 0,
    "initiative": 1,
    "speech": 2,
    "summit": 3,
    "person": 4,
    "organization": 5,
    "place": 6,
    "source": 7,
}


def article_nodes(ds: Dataset, source: Source) -> list[nodes.Node]:
    """The whole article, paragraph by paragraph, each anchored passage marked and linked.

    A passage covered by several anchors links to the innermost one (the shortest); an
    anchor that is innermost nowhere (the same words as another record's) gets a small
    linked marker after it, so every anchored record is reachable from the text.
    """
    spans: list[tuple[int, int, str]] = []
    for record in ds.records():
        for _, anchor in record_anchors(record):
            if anchor.source == source.id:
                spans.append((anchor.start, anchor.end, record.id))
    spans = sorted(set(spans))

    def rank(span: tuple[int, int, str]) -> tuple[int, int, str]:
        return (span[1] - span[0], _PRIORITY[span[2].partition(":")[0]], span[2])

    out: list[nodes.Node] = []
    shown: set[tuple[int, int, str]] = set()
    text = source.text
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        cuts = {p_start, p_end}
        for start, end, _ in spans:
            if end > p_start and start < p_end:
                cuts.update(x for x in (start, end) if p_start < x < p_end)
        points = sorted(cuts)
        segments = []
        for a, b in pairwise(points):
            covering = [s for s in spans if s[0] <= a and s[1] >= b]
            inner = min(covering, key=rank) if covering else None
            if inner is not None:
                shown.add(inner)
            segments.append((a, b, inner))
        target_id = paragraph_label(source.id, index)
        out.append(nodes.target("", "", ids=[target_id], names=[target_id]))
        p = para(classes=["sd-article-paragraph"])
        for a, b, inner in segments:
            piece = text[a:b]
            if inner is None:
                p += nodes.Text(piece)
            else:
                kind = inner[2].partition(":")[0]
                p += ref(label(inner[2]), piece, classes=["sd-mark", f"sd-mark-{kind}"])
            for span in spans:
                # markers for anchors that end here and are hidden under another record's words
                if span[1] == b and a >= span[0] and span not in shown and not _innermost_anywhere(span, spans, rank):
                    kind = span[2].partition(":")[0]
                    sup = nodes.superscript(classes=["sd-marker"])
                    sup += ref(label(span[2]), f"[{kind}]")
                    p += sup
                    shown.add(span)
        out.append(p)
    return out


def _innermost_anywhere(span: tuple[int, int, str], spans: list[tuple[int, int, str]], rank: Any) -> bool:
    cuts = sorted({span[0], span[1], *(x for s in spans for x in s[:2] if span[0] < x < span[1])})
    for a, b in pairwise(cuts):
        covering = [s for s in spans if s[0] <= a and s[1] >= b]
        if min(covering, key=rank) == span:
            return True
    return False


# --- the page skeletons ------------------------------------------------------------------------


def _title(text: str, char: str = "=") -> str:
    escaped = rst_escape(text)
    return f"{escaped}\n{char * (len(escaped) + 2)}\n"


def _record(record_id: str) -> str:
    return f".. sd-record:: {record_id}\n"


def _summit_tree(ds: Dataset, root: Summit) -> Iterator[Summit]:
    yield root
    for child in sorted((s for s in ds.summits if s.parent == root.id), key=summit_key):
        yield from _summit_tree(ds, child)


def _summit_page(ds: Dataset, root: Summit) -> str:
    parts = [f".. _{label(root.id)}-page:\n", _title(title(ds, root)), ".. sd-summit-summary:: " + root.id + "\n"]
    page_claims: list[Claim] = []
    for summit in _summit_tree(ds, root):
        if summit is root:
            parts.append(_record(summit.id))
        else:
            parts += [_title("Sub-event: " + summit.name, "-"), _record(summit.id)]
        for speech in sorted(
            (s for s in ds.speeches if s.summit == summit.id), key=lambda s: (*_date_key(s.date), s.id)
        ):
            parts += [_title(title(ds, speech) + " at " + summit.name, "-"), _record(speech.id)]
            claims = sorted((c for c in ds.claims if c.speech == speech.id), key=lambda c: c.id)
            if claims:
                parts.append(_title("Claims in this speech", "~"))
                parts += [_record(c.id) for c in claims]
            page_claims += claims
        others = sorted((c for c in ds.claims if c.summit == summit.id and c.speech is None), key=lambda c: c.id)
        if others:
            parts += [_title("Claims outside a speech at " + summit.name, "-"), *(_record(c.id) for c in others)]
            page_claims += others
    return "\n".join(parts)


def _initiative_page(ds: Dataset, initiative: Initiative) -> str:
    return "\n".join(
        [
            _title(initiative.name),
            _record(initiative.id),
            _title("Path across the articles", "-"),
            f".. sd-initiative-path:: {initiative.id}\n",
        ]
    )


def _index(heading: str, intro: str, entries: list[str]) -> str:
    toc = "\n".join(f"   {e}" for e in entries)
    return f"{_title(heading)}\n{intro}\n\n.. toctree::\n   :maxdepth: 1\n   :hidden:\n\n{toc}\n"


def catalogue_sources(ds: Dataset) -> dict[str, str]:
    """Every generated page, as ``{path relative to catalogue/generated: reST source}``."""
    pages: dict[str, str] = {}
    roots = sorted((s for s in ds.summits if s.parent is None), key=summit_key)
    for root in roots:
        pages[f"summits/{slug(root.id)}.rst"] = _summit_page(ds, root)
    pages["summits.rst"] = _index(
        "Summits",
        "Every meeting-type event of the packaged data, in date order (undated last); an event that "
        "sits inside another (talks during a visit) is on the page of the event it sits in.\n\n"
        ".. sd-summit-table::",
        [f"summits/{slug(r.id)}" for r in roots],
    )
    for initiative in ds.initiatives:
        pages[f"initiatives/{slug(initiative.id)}.rst"] = _initiative_page(ds, initiative)
    ordered = initiatives_in_order(ds)
    pages["initiatives.rst"] = _index(
        "Initiatives",
        "Every proposal, programme, plan, declaration or institution the articles mention, in the order "
        "they first come up. Each page follows the initiative across the articles.\n\n.. sd-initiative-table::",
        [f"initiatives/{slug(i.id)}" for i in ordered],
    )
    pages["people.rst"] = "\n".join(
        [
            _title("People"),
            (
                "Every named person, with the titles the articles give them "
                "(a role is attested at the date of the event where the article gives it).\n"
            ),
            *(_record(p.id) for p in ds.people),
        ]
    )
    pages["organizations-and-places.rst"] = "\n".join(
        [
            _title("Organizations and places"),
            _title("Organizations", "-"),
            *(_record(o.id) for o in ds.organizations),
            _title("Places", "-"),
            *(_record(p.id) for p in ds.places),
        ]
    )
    for source in ds.sources:
        pages[f"articles/{slug(source.id)}.rst"] = "\n".join(
            [
                _title(article_name(source)),
                _record(source.id),
                _title("The article", "-"),
                (
                    "Marked passages are the evidence of records; each links to its record. A small "
                    "``[kind]`` marker follows a passage that is also the evidence of another record.\n"
                ),
                f".. sd-article:: {source.id}\n",
            ]
        )
    pages["articles.rst"] = _index(
        "Articles",
        "The articles the records come from, each shown whole with its anchored passages marked.\n\n"
        + "\n".join(f"* :doc:`articles/{slug(s.id)}`" for s in ds.sources),
        [f"articles/{slug(s.id)}" for s in ds.sources],
    )
    return pages


def initiatives_in_order(ds: Dataset) -> list[Initiative]:
    """The initiatives in the order they first come up (their first milestone's date), then by name."""

    def first(initiative: Initiative) -> PartialDate | None:
        claims = milestones(ds, initiative)
        return claim_date(ds, claims[0])[0] if claims else None

    return sorted(ds.initiatives, key=lambda i: (*_date_key(first(i)), i.name))


def milestones(ds: Dataset, initiative: Initiative) -> tuple[Claim, ...]:
    """The claims that list an initiative, in date order (:meth:`summitdata.Dataset.claims_of`)."""
    return tuple(ds.claims_of(initiative))


def rendered_record_ids(pages: dict[str, str]) -> list[str]:
    """The ids of the ``sd-record`` directives of the generated pages (each should appear once)."""
    return [m.group(1) for text in pages.values() for m in re.finditer(r"^\.\. sd-record:: (\S+)$", text, re.MULTILINE)]


# --- Sphinx glue --------------------------------------------------------------------------------


def _dataset() -> Dataset:
    return summitdata.load()


class RecordDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        record_id = self.arguments[0]
        ds = _dataset()
        record = ds.get(record_id)
        result = record_nodes(ds, record)
        target = result[0]
        assert isinstance(target, nodes.target)
        self.state.document.note_explicit_target(target)
        env.sd_rendered = getattr(env, "sd_rendered", {})
        env.sd_rendered[record_id] = env.docname
        return result


class ArticleDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        result = article_nodes(ds, ds.sources.get(self.arguments[0]))
        for node in result:
            if isinstance(node, nodes.target):
                self.state.document.note_explicit_target(node)
        return result


class InitiativePathDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        initiative = ds.initiatives.get(self.arguments[0])
        claims = milestones(ds, initiative)
        if not claims:
            return [para("No claim lists this initiative; its evidence above is all the articles say.")]
        path = table(
            ["Date", "Article", "Summit", "Claim"],
            [
                [
                    [describe_date(claim_date(ds, c)[0])],
                    [record_ref(ds, c.evidence[0].source)],
                    refs(ds, [c.summit]) if c.summit else ["none"],
                    [record_ref(ds, c.id)],
                ]
                for c in claims
            ],
        )
        intro = para(
            f"{len(claims)} claim(s) list this initiative, in date order (a claim's date is its speech's date, "
            "else its summit's start)."
        )
        return [intro, path]


class SummitTableDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        summits = sorted(ds.summits, key=summit_key)
        return kind_table(ds, summits)


class SummitSummaryDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        tree = {s.id for s in _summit_tree(ds, ds.summits.get(self.arguments[0]))}
        claims = [c for c in ds.claims if c.summit in tree]
        speeches = [s for s in ds.speeches if s.summit in tree]
        initiatives = sorted({i for c in claims for i in c.initiatives})
        figures = [(c, q) for c in sorted(claims, key=lambda c: c.id) for q in c.quantities]
        out: list[nodes.Node] = [
            para(
                f"{len(tree) - 1} sub-event(s), {len(speeches)} speech(es), {len(claims)} claim(s) "
                f"({sum(c.direct for c in claims)} direct quotations), {len(figures)} figure(s), "
                f"{len(initiatives)} initiative(s)."
            )
        ]
        if figures:
            out.append(para(nodes.strong("Figures", "Figures")))
            out.append(bullets([[nodes.Text(quantity_text(q) + " in "), record_ref(ds, c.id)] for c, q in figures]))
        if initiatives:
            out.append(para(nodes.strong("Initiatives raised", "Initiatives raised")))
            out.append(bullets([[record_ref(ds, i)] for i in initiatives]))
        return out


class InitiativeTableDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        return kind_table(ds, initiatives_in_order(ds))


def table(header: list[str], rows: Iterable[Sequence[Any]]) -> nodes.table:
    """A table with a header row; a cell is a node, a string, or a list of them."""
    result = nodes.table(classes=["sd-table"])
    group = nodes.tgroup(cols=len(header))
    result += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head, body = nodes.thead(), nodes.tbody()
    head += _row(header)
    for cells in rows:
        body += _row(cells)
    group += head
    group += body
    return result


def _row(cells: Sequence[Any]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += para(*cell) if isinstance(cell, list) else para(cell)
        row += entry
    return row


def _write_pages(app: Any) -> None:
    root = Path(app.srcdir) / OUTPUT
    pages = catalogue_sources(_dataset())
    for path, text in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for stale in root.rglob("*.rst"):
        if stale.relative_to(root).as_posix() not in pages:
            stale.unlink()


def _check_complete(app: Any, env: Any) -> None:
    from sphinx.util import logging

    rendered = getattr(env, "sd_rendered", {})
    missing = [r.id for r in _dataset().records() if r.id not in rendered]
    if missing:
        logging.getLogger(__name__).warning("catalogue: %d record(s) not rendered: %s", len(missing), missing[:10])


def _merge(app: Any, env: Any, docnames: Any, other: Any) -> None:
    env.sd_rendered = {**getattr(env, "sd_rendered", {}), **getattr(other, "sd_rendered", {})}


def _purge(app: Any, env: Any, docname: str) -> None:
    rendered = getattr(env, "sd_rendered", {})
    for key in [k for k, v in rendered.items() if v == docname]:
        del rendered[key]


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _write_pages)
    app.connect("env-check-consistency", _check_complete)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    for name, cls in (
        ("sd-record", RecordDirective),
        ("sd-article", ArticleDirective),
        ("sd-initiative-path", InitiativePathDirective),
        ("sd-summit-table", SummitTableDirective),
        ("sd-summit-summary", SummitSummaryDirective),
        ("sd-initiative-table", InitiativeTableDirective),
    ):
        app.add_directive(name, cls)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

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

import summitdata_figures as figures
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes

import summitdata
from summitdata import Anchor, Claim, Dataset, Initiative, PartialDate, Record, Source, Summit
from summitdata.present import Detail, Link, Piece, When, correction_details, presenter, quantity_text
from summitdata.records import record_anchors

#: Where the generated pages go, relative to the docs folder (git-ignored).
OUTPUT = Path("catalogue") / "generated"

#: Where the pictures go (SVG, drawn by :mod:`summitdata_figures`; Sphinx copies them into the site).
FIGURES = OUTPUT / "figures"

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


def article_events(ds: Dataset, source: Source) -> list[Summit]:
    """The events an article reports (not their sub-events), in the order it first mentions them."""
    first: dict[str, int] = {}
    for summit in ds.summits:
        if summit.parent is None:
            offsets = [a.start for a in summit.evidence if a.source == source.id]
            if offsets:
                first[summit.id] = min(offsets)
    return [ds.summits.get(i) for i in sorted(first, key=lambda i: (first[i], i))]


def article_title(ds: Dataset, source: Source) -> str:
    """An article's page title: the articles print no headline, so its name, its dateline and the
    first event it reports, all read from the records ("Article 000: Astana, CIS Heads of State
    Council meeting").
    """
    parts = []
    if source.dateline is not None:
        parts.append(ds.places.get(source.dateline).name)
    events = article_events(ds, source)
    if events:
        parts.append(short_name(ds, events[0]))
    return f"{article_name(source)}: {', '.join(parts)}" if parts else article_name(source)


def article_facts(ds: Dataset, source: Source) -> list[nodes.Node]:
    """What an article says about itself, and what it does not: a headline, a date, a publisher.

    Only what the article gives: a missing date or publisher is said to be missing; the dates
    of the events it reports are the records' (inferred years say so on their records).
    """
    events = article_events(ds, source)
    fl = nodes.field_list(classes=["sd-facts"])
    fl += field("Headline", "none printed; the title above is the article's dateline and the first event it reports")
    date_body: list[nodes.Node | str] = ["not printed"]
    if events:
        date_body += ["; the first event it reports: ", record_ref(ds, events[0].id)]
        if "start" in events[0].inferred:
            date_body.append(" (its date is inferred: see the event)")
    fl += field("Date", *date_body)
    publisher: list[nodes.Node | str] = ["not named"]
    if source.credits:
        publisher += ["; photos credited to ", *refs(ds, source.credits)]
    if source.reported_by:
        publisher += ["; it cites as reporting ", *refs(ds, source.reported_by)]
    fl += field("Publisher", *publisher)
    if source.dateline is not None:
        fl += field("Dateline", record_ref(ds, source.dateline))
    return [fl]


#: The colours of the marked passages, by kind (the classes of summitdata.css).
LEGEND = (
    ("claim", "a claim"),
    ("initiative", "an initiative"),
    ("summit", "an event or a speech"),
    ("person", "a person, an organization or a place"),
    ("source", "the article's own details (dateline, credits)"),
)


def legend_nodes() -> list[nodes.Node]:
    """The colour legend of an article page, in the colours of its marks."""
    p = para(classes=["sd-legend"])
    p += nodes.Text("Marked passages are the evidence of records, each linked to its record: ")
    for index, (kind, words) in enumerate(LEGEND):
        if index:
            p += nodes.Text(", ")
        p += nodes.inline(words, words, classes=["sd-mark", f"sd-mark-{kind}", "sd-legend-item"])
    p += nodes.Text(
        ". A small [kind] marker follows a passage that is also the evidence of another record; "
        "words the article sets in italics are in italics."
    )
    return [p]


#: A summit name longer than this many words gets a short title (its full name is shown once, on its page).
SHORT_WORDS = 10


def short_name(ds: Dataset, summit: Summit) -> str:
    """A summit's name, or, when it runs over :data:`SHORT_WORDS` words, its kind and place
    ("Forum in Ashgabat"), else its first words.
    """
    words = summit.name.split()
    if len(words) <= SHORT_WORDS:
        return summit.name
    kind = summit.kind.value.replace("-", " ")
    if summit.place is not None:
        return f"{kind[0].upper()}{kind[1:]} in {ds.places.get(summit.place).name}"
    return " ".join(words[:SHORT_WORDS]) + "…"


def title(ds: Dataset, record: Record) -> str:
    """A short human title for a record, used as its link text (:meth:`summitdata.present.Presenter.title`;
    a summit's :func:`short_name`, with its date).
    """
    if isinstance(record, Summit):
        name = short_name(ds, record)
        return f"{name} ({record.start})" if record.start else name
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


def ref(target_label: str, text: str | nodes.Node, classes: Sequence[str] = ()) -> nodes.Node:
    """A cross-reference to a label, resolved by Sphinx to whatever page holds it."""
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=target_label, refexplicit=True, refwarn=True
    )
    if isinstance(text, str):
        xref += nodes.inline(text, text)
    else:
        xref += text
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


#: Markdown emphasis as the articles print it (``_and_``): shown in italics, without the underscores.
EMPHASIS = re.compile(r"(?<![\w_])_([^_\n]+?)_(?![\w_])")


def clean_text(text: str) -> str:
    """An article's text as its page shows it: emphasis markers dropped (``_and_`` -> ``and``)."""
    return EMPHASIS.sub(r"\1", text)


def _words(text: str, emphasis: bool) -> nodes.Node:
    return nodes.emphasis(text, text) if emphasis else nodes.Text(text)


def article_nodes(ds: Dataset, source: Source) -> list[nodes.Node]:
    """The whole article, paragraph by paragraph, each anchored passage marked and linked.

    A passage covered by several anchors links to the innermost one (the shortest); an
    anchor that is innermost nowhere (the same words as another record's) gets a small
    linked marker after it, so every anchored record is reachable from the text. Emphasis
    the article marks with underscores (``_and_``) is set in italics (:data:`EMPHASIS`).
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
        markers: set[int] = set()
        emphasised: list[tuple[int, int]] = []
        for match in EMPHASIS.finditer(text, p_start, p_end):
            markers.update((match.start(), match.end() - 1))
            emphasised.append((match.start(1), match.end(1)))
            cuts.update((match.start(), match.start(1), match.end(1), match.end()))
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
            if b - a == 1 and a in markers:
                piece: nodes.Node | None = None  # an emphasis marker: not shown
            else:
                piece = _words(text[a:b], any(s <= a and b <= e for s, e in emphasised))
            if piece is None:
                pass
            elif inner is None:
                p += piece
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
    """An event's page: its short title (the full name is in its record, once), a summary, its tree,
    then the event, its sub-events, their speeches and claims.
    """
    parts = [f".. _{label(root.id)}-page:\n", _title(title(ds, root)), ".. sd-summit-summary:: " + root.id + "\n"]
    for summit in _summit_tree(ds, root):
        where = "" if summit is root else " at " + short_name(ds, summit)
        if summit is root:
            parts.append(_record(summit.id))
        else:
            parts += [_title("Sub-event: " + title(ds, summit), "-"), _record(summit.id)]
        for speech in sorted(
            (s for s in ds.speeches if s.summit == summit.id), key=lambda s: (*_date_key(s.date), s.id)
        ):
            parts += [_title(title(ds, speech) + where, "-"), _record(speech.id)]
            claims = sorted((c for c in ds.claims if c.speech == speech.id), key=lambda c: c.id)
            if claims:
                parts.append(_title("Claims in this speech", "~"))
                parts += [_record(c.id) for c in claims]
        others = sorted((c for c in ds.claims if c.summit == summit.id and c.speech is None), key=lambda c: c.id)
        if others:
            parts += [_title("Claims outside a speech" + where, "-"), *(_record(c.id) for c in others)]
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
                _title(article_title(ds, source)),
                f".. sd-article-facts:: {source.id}\n",
                _record(source.id),
                _title("The article", "-"),
                f".. sd-article:: {source.id}\n",
            ]
        )
    pages["articles.rst"] = _index(
        "Articles",
        "The articles the records come from, each shown whole with its anchored passages marked.\n\n"
        + "\n".join(f"* :doc:`{rst_escape(article_title(ds, s))} <articles/{slug(s.id)}>`" for s in ds.sources),
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


# --- pictures ------------------------------------------------------------------------------------


def _speech_title(ds: Dataset) -> Any:
    return lambda speech: title(ds, speech)


def figure_makers(ds: Dataset) -> dict[str, Any]:
    """Every picture of the site: ``{file stem: function that draws it}`` (``None``: no picture)."""
    name = lambda summit: short_name(ds, summit)  # noqa: E731 - a key for the figures module
    makers: dict[str, Any] = {
        "timeline": lambda: figures.timeline_figure(ds, name),
        "record-model": figures.model_figure,
    }
    for initiative in ds.initiatives:
        makers[f"path-{slug(initiative.id)}"] = lambda i=initiative: figures.path_figure(ds, i, name, article_name)
    for root in ds.summits:
        if root.parent is None:
            makers[f"tree-{slug(root.id)}"] = lambda r=root: figures.tree_figure(
                figures.event_tree(ds, r, lambda s: title(ds, s), _speech_title(ds))
            )
    return makers


def figure_node(stem: str, alt: str, caption: str) -> nodes.figure:
    """A picture of :func:`figure_makers`, with its text alternative and a caption."""
    fig = nodes.figure(classes=["sd-figure"])
    fig += nodes.image(uri=f"/{FIGURES.as_posix()}/{stem}.svg", alt=alt)
    fig += nodes.caption(caption, caption)
    return fig


def _write_figures(app: Any) -> None:
    root = Path(app.srcdir) / FIGURES
    root.mkdir(parents=True, exist_ok=True)
    makers = figure_makers(_dataset())
    for stem, make in makers.items():
        fig = make()
        if fig is None:
            continue
        data = figures.svg(fig)
        target = root / f"{stem}.svg"
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    for stale in root.glob("*.svg"):
        if stale.stem not in makers:
            stale.unlink()


class TimelineDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        alt = figures.timeline_alt(ds, lambda summit: short_name(ds, summit))
        return [figure_node("timeline", alt, "The events and the initiatives of the data over time.")]


class RecordModelDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    def run(self) -> list[nodes.Node]:
        caption = "The kinds of record and the references between them, read from the field specs."
        out: list[nodes.Node] = [figure_node("record-model", figures.model_alt(), caption)]
        out.append(para("The same references as text:"))
        lines: list[list[nodes.Node]] = [[nodes.literal(line, line)] for line in figures.model_lines()]
        out.append(bullets(lines))
        return out


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
        return [*legend_nodes(), *result]


class ArticleFactsDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        return article_facts(ds, ds.sources.get(self.arguments[0]))


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
        name = lambda summit: short_name(ds, summit)  # noqa: E731 - a key for the figures module
        picture = figure_node(
            f"path-{slug(initiative.id)}",
            figures.path_alt(ds, initiative, name, article_name),
            "Where and when the initiative came up, coloured by article.",
        )
        return [intro, picture, path]


class SummitTableDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        summits = sorted(ds.summits, key=summit_key)
        return kind_table(ds, summits)


class SummitSummaryDirective(Directive):  # type: ignore[misc,unused-ignore]  # untyped without types-docutils
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        root = ds.summits.get(self.arguments[0])
        tree = {s.id for s in _summit_tree(ds, root)}
        claims = [c for c in ds.claims if c.summit in tree]
        speeches = [s for s in ds.speeches if s.summit in tree]
        initiatives = sorted({i for c in claims for i in c.initiatives})
        numbers = [(c, q) for c in sorted(claims, key=lambda c: c.id) for q in c.quantities]
        out: list[nodes.Node] = [
            para(
                f"{len(tree) - 1} sub-event(s), {len(speeches)} speech(es), {len(claims)} claim(s) "
                f"({sum(c.direct for c in claims)} direct quotations), {len(numbers)} figure(s), "
                f"{len(initiatives)} initiative(s)."
            )
        ]
        event_tree = figures.event_tree(ds, root, lambda s: title(ds, s), _speech_title(ds))
        out.append(
            figure_node(
                f"tree-{slug(root.id)}",
                figures.tree_alt(event_tree),
                "The event, what sits inside it, its speeches and the number of claims of each.",
            )
        )
        if numbers:
            out.append(para(nodes.strong("Figures", "Figures")))
            out.append(bullets([[nodes.Text(quantity_text(q) + " in "), record_ref(ds, c.id)] for c, q in numbers]))
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
    app.connect("builder-inited", _write_figures)
    app.connect("env-check-consistency", _check_complete)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    for name, cls in (
        ("sd-record", RecordDirective),
        ("sd-article", ArticleDirective),
        ("sd-article-facts", ArticleFactsDirective),
        ("sd-initiative-path", InitiativePathDirective),
        ("sd-summit-table", SummitTableDirective),
        ("sd-summit-summary", SummitSummaryDirective),
        ("sd-initiative-table", InitiativeTableDirective),
        ("sd-timeline", TimelineDirective),
        ("sd-record-model", RecordModelDirective),
    ):
        app.add_directive(name, cls)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

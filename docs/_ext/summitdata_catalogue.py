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
from summitdata import (
    Anchor,
    Claim,
    Dataset,
    Initiative,
    Organization,
    PartialDate,
    Person,
    Place,
    Quantity,
    Record,
    Role,
    Source,
    Speech,
    Summit,
)
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
    """A short human title for a record, used as its link text."""
    if isinstance(record, Source):
        return article_name(record)
    if isinstance(record, (Person, Organization, Place, Initiative)):
        return record.name
    if isinstance(record, Summit):
        return f"{record.name} ({record.start})" if record.start else record.name
    if isinstance(record, Speech):
        return f"Speech by {title(ds, ds.get(record.speaker))}"
    text = record.text if len(record.text) <= 70 else record.text[:67].rstrip() + "…"
    return f"{slug(record.id)}: {text}"


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
        p += nodes.Text(child) if isinstance(child, str) else child
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
            fb += b
    else:
        fb += para(*body)
    f += fb
    return f


def bullets(items: Iterable[nodes.Node | list[nodes.Node]]) -> nodes.bullet_list:
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
    in bold, and a link to the article."""
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


def quantity_text(q: Quantity) -> str:
    value = f"{q.value:,}" if isinstance(q.value, int) else f"{q.value:,g}"
    parts = [f"{q.comparator.value} {value} {q.unit}".replace("= ", "")]
    if q.currency:
        parts.append(f"currency {q.currency}")
    parts.append(q.kind.value)
    if q.period is not None:
        parts.append(f"period {q.period.start or '?'} to {q.period.end or '?'}")
    return f"“{q.text}”: " + ", ".join(parts)


def inferred_mark(record: Record, key: str) -> str:
    return " — inferred (see the note below)" if key in record.inferred else ""


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


def _role_item(ds: Dataset, role: Role, note: str) -> list[nodes.Node]:
    out: list[nodes.Node] = [nodes.Text(role.title)]
    if role.of is not None:
        out += [nodes.Text(" of "), record_ref(ds, role.of)]
    out.append(nodes.Text(f", as of {describe_date(role.as_of)}{note}; evidence: "))
    for i, anchor in enumerate(role.evidence):
        if i:
            out.append(nodes.Text("; "))
        out += evidence_item(ds, anchor)
    return out


def _fields(ds: Dataset, record: Record) -> list[nodes.field]:
    f: list[nodes.field] = []
    if isinstance(record, Source):
        f.append(field("File", nodes.literal(record.file, record.file)))
        f.append(field("Dateline", *(refs(ds, [record.dateline]) if record.dateline else ["not given"])))
        f.append(field("Credits", *refs(ds, record.credits)))
        f.append(field("Reported by", *refs(ds, record.reported_by)))
        f.append(field("Rights", record.rights or "not given in the article"))
        f.append(field("Length", f"{len(record.text)} characters"))
    elif isinstance(record, Person):
        if record.aliases:
            f.append(field("Aliases", ", ".join(record.aliases)))
        if record.roles:
            items = [
                _role_item(ds, role, inferred_mark(record, f"roles[{i}].as_of")) for i, role in enumerate(record.roles)
            ]
            f.append(field("Roles", bullets(items)))
        speeches = [s.id for s in ds.speeches if s.speaker == record.id]
        if speeches:
            f.append(field("Speeches", *refs(ds, speeches)))
        claims = sorted((c for c in ds.claims if record.id in c.speakers), key=lambda c: claim_key(ds, c))
        if claims:
            f.append(field("Claims", bullets([[record_ref(ds, c.id)] for c in claims])))
    elif isinstance(record, Organization):
        if record.short_name:
            f.append(field("Short name", record.short_name))
        if record.aliases:
            f.append(field("Aliases", ", ".join(record.aliases)))
        if record.country:
            f.append(field("Country", *refs(ds, [record.country])))
    elif isinstance(record, Place):
        f.append(field("Kind", record.kind.value))
        if record.country:
            f.append(field("Country", *refs(ds, [record.country]), inferred_mark(record, "country")))
        if record.aliases:
            f.append(field("Aliases", ", ".join(record.aliases)))
    elif isinstance(record, Summit):
        f.append(field("Kind", record.kind.value))
        f.append(field("Status", record.status.value, inferred_mark(record, "status")))
        f.append(field("Start", describe_date(record.start) + inferred_mark(record, "start")))
        f.append(field("End", describe_date(record.end) + inferred_mark(record, "end")))
        f.append(
            field(
                "Place", *(refs(ds, [record.place]) if record.place else ["not given"]), inferred_mark(record, "place")
            )
        )
        if record.parent:
            f.append(field("Inside", *refs(ds, [record.parent])))
        subs = sorted((s for s in ds.summits if s.parent == record.id), key=summit_key)
        if subs:
            f.append(field("Sub-events", *refs(ds, [s.id for s in subs])))
        if record.host:
            f.append(field("Host", *refs(ds, [record.host]), inferred_mark(record, "host")))
        f.append(field("Participants", *refs(ds, record.participants)))
    elif isinstance(record, Speech):
        f.append(field("Speaker", *refs(ds, [record.speaker])))
        if record.role is not None:
            f.append(
                field("Role that day", bullets([_role_item(ds, record.role, inferred_mark(record, "role.as_of"))]))
            )
        f.append(field("Summit", *refs(ds, [record.summit])))
        f.append(field("Date", describe_date(record.date) + inferred_mark(record, "date")))
        claims = sorted((c for c in ds.claims if c.speech == record.id), key=lambda c: c.id)
        f.append(field("Claims", f"{len(claims)} (below)"))
    elif isinstance(record, Claim):
        date, how = claim_date(ds, record)
        f.append(field("Speakers", *refs(ds, record.speakers)))
        f.append(field("Kind", record.kind.value + (", direct quotation" if record.direct else ", reported speech")))
        f.append(field("Date", f"{describe_date(date)}, {how}"))
        if record.speech:
            f.append(field("Speech", *refs(ds, [record.speech])))
        if record.summit:
            f.append(field("Summit", *refs(ds, [record.summit])))
        if record.topics:
            f.append(field("Topics", ", ".join(t.value for t in record.topics)))
        if record.quantities:
            items = [
                [nodes.Text(quantity_text(q) + inferred_mark(record, f"quantities[{i}].currency"))]
                for i, q in enumerate(record.quantities)
            ]
            f.append(field("Figures", bullets(items)))
        if record.initiatives:
            f.append(field("Initiatives", *refs(ds, record.initiatives)))
    elif isinstance(record, Initiative):
        f.append(field("Kind", record.kind.value))
        f.append(field("Status", record.status.value + " (as last reported)"))
        if record.description:
            f.append(field("Description", record.description))
        f.append(
            field(
                "Proposer",
                *(refs(ds, [record.proposer]) if record.proposer else ["not said"]),
                inferred_mark(record, "proposer"),
            )
        )
        if record.topics:
            f.append(field("Topics", ", ".join(t.value for t in record.topics)))
    evidence = [evidence_item(ds, a) for a in record.evidence]
    f.append(field("Evidence", bullets(evidence)))
    if record.inferred:
        notes = [
            [nodes.literal(key, key), nodes.Text(": " + reason)] for key, reason in sorted(record.inferred.items())
        ]
        f.append(field("Inferred", bullets(notes)))
    return f


def record_nodes(ds: Dataset, record: Record) -> list[nodes.Node]:
    """The nodes of one record: a target for its label, its header, a quote, its fields."""
    target = nodes.target("", "", ids=[label(record.id)], names=[label(record.id)])
    box = nodes.container(classes=["sd-record", f"sd-record-{record.id.partition(':')[0]}"])
    box += _header(ds, record)
    if isinstance(record, Claim):
        quote = nodes.block_quote(classes=["sd-quote" if record.direct else "sd-reported"])
        text = f"“{record.text}”" if record.direct else record.text
        quote += para(text)
        box += quote
    fl = nodes.field_list()
    for f in _fields(ds, record):
        fl += f
    box += fl
    return [target, box]


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
    paths: dict[str, PartialDate | None] = {}
    for initiative in ds.initiatives:
        pages[f"initiatives/{slug(initiative.id)}.rst"] = _initiative_page(ds, initiative)
        claims = milestones(ds, initiative)
        paths[initiative.id] = claim_date(ds, claims[0])[0] if claims else None
    ordered = sorted(ds.initiatives, key=lambda i: (*_date_key(paths[i.id]), i.name))
    pages["initiatives.rst"] = _index(
        "Initiatives",
        "Every proposal, programme, plan, declaration or institution the articles mention, in the order "
        "they first come up. Each page follows the initiative across the articles.\n\n.. sd-initiative-table::",
        [f"initiatives/{slug(i.id)}" for i in ordered],
    )
    pages["people.rst"] = "\n".join(
        [
            _title("People"),
            "Every named person, with the titles the articles give them "
            "(a role is attested at the date of the event where the article gives it).\n",
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
                "Marked passages are the evidence of records; each links to its record. A small "
                "``[kind]`` marker follows a passage that is also the evidence of another record.\n",
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


def milestones(ds: Dataset, initiative: Initiative) -> tuple[Claim, ...]:
    """The claims that list an initiative, in date order (:meth:`summitdata.Dataset.claims_of`)."""
    return tuple(ds.claims_of(initiative))


def rendered_record_ids(pages: dict[str, str]) -> list[str]:
    """The ids of the ``sd-record`` directives of the generated pages (each should appear once)."""
    return [m.group(1) for text in pages.values() for m in re.finditer(r"^\.\. sd-record:: (\S+)$", text, re.M)]


# --- Sphinx glue --------------------------------------------------------------------------------


def _dataset() -> Dataset:
    return summitdata.load()


class RecordDirective(Directive):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        record_id = self.arguments[0]
        ds = _dataset()
        record = ds.get(record_id)
        result = record_nodes(ds, record)
        self.state.document.note_explicit_target(result[0])
        env.sd_rendered = getattr(env, "sd_rendered", {})
        env.sd_rendered[record_id] = env.docname
        return result


class ArticleDirective(Directive):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        result = article_nodes(ds, ds.sources.get(self.arguments[0]))
        for node in result:
            if isinstance(node, nodes.target):
                self.state.document.note_explicit_target(node)
        return result


class InitiativePathDirective(Directive):
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


class SummitTableDirective(Directive):
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        rows = []
        for summit in sorted(ds.summits, key=summit_key):
            rows.append(
                [
                    [describe_date(summit.start)],
                    [record_ref(ds, summit.id)],
                    refs(ds, [summit.place]) if summit.place else ["not given"],
                    [summit.status.value],
                    refs(ds, [summit.parent]) if summit.parent else ["—"],
                ]
            )
        return [table(["Start", "Event", "Place", "Status", "Inside"], rows)]


class SummitSummaryDirective(Directive):
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


class InitiativeTableDirective(Directive):
    def run(self) -> list[nodes.Node]:
        ds = _dataset()
        rows = []
        for initiative in ds.initiatives:
            claims = milestones(ds, initiative)
            rows.append(
                [
                    [record_ref(ds, initiative.id)],
                    [initiative.kind.value],
                    [initiative.status.value],
                    refs(ds, [initiative.proposer]) if initiative.proposer else ["not said"],
                    [str(len(claims))],
                ]
            )
        return [table(["Initiative", "Kind", "Status", "Proposer", "Claims"], rows)]


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
    from sphinx.util import logging  # noqa: PLC0415

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

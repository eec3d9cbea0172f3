"""The pictures of the docs, drawn with matplotlib when the site is built.

* :func:`timeline_figure`: the summits and the initiatives on one time axis (the catalogue's front page);
* :func:`path_figure`: one initiative's milestones in date order (its page);
* :func:`tree_figure`: an event with its sub-events, speeches and claims (each summit's page);
* :func:`model_figure`: the record kinds and the references between them, read from the field specs
  (:func:`model_references`), so a new reference field appears with no edit here.

Each picture comes with its text alternative (the ``*_alt`` functions): what it shows, in words.
:func:`svg` writes a figure as SVG with no date, a fixed hash salt and glyphs as paths in the
font matplotlib ships (DejaVu Sans), so the same data gives the same bytes on every machine.
"""

from __future__ import annotations

import datetime
import io
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from summitdata import Dataset, Initiative, PartialDate, Precision, Summit
from summitdata import fields as f
from summitdata.records import KINDS

#: matplotlib settings of every picture: reproducible bytes, one font that ships with matplotlib.
RC: dict[Any, Any] = {
    "svg.hashsalt": "summitdata",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
}

#: Colours of the kinds, the same as the marks of the article pages (summitdata.css).
COLOURS = {
    "claim": "#d4a017",
    "initiative": "#3a9a3a",
    "summit": "#3b6fd6",
    "speech": "#6f95e6",
    "person": "#9b4dca",
    "organization": "#9b4dca",
    "place": "#9b4dca",
    "source": "#888888",
}
#: The colour of a kind not listed above (a kind added to the model is drawn before it gets a colour).
OTHER = "#555555"
#: Colours of the articles (points of a path are coloured by the article that reports them).
ARTICLE_COLOURS = ("#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085")


def svg(fig: Figure) -> bytes:
    """The figure as SVG bytes: no creation date, ids from a fixed salt (same figure, same bytes)."""
    buffer = io.BytesIO()
    with mpl.rc_context(RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    with mpl.rc_context(RC):
        return Figure(figsize=(width, height), dpi=100)


# --- dates ------------------------------------------------------------------------------------


def _interval(date: PartialDate) -> tuple[datetime.date, datetime.date]:
    return date.first_day(), date.last_day()


def _num(day: datetime.date) -> float:
    return float(day.toordinal())


def _month_ticks(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)


def _date_axis(ax: Any, first: datetime.date, last: datetime.date) -> None:
    ticks = list(_month_ticks(first, last))
    shown = [d for d in ticks if len(ticks) <= 8 or d.month in {1, 4, 7, 10}]
    ax.set_xticks(
        [_num(d) for d in shown], [d.strftime("%b\n%Y" if d.month == 1 or d == shown[0] else "%b") for d in shown]
    )
    ax.set_xlim(_num(first) - 5, _num(last) + 5)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _span(ds: Dataset) -> tuple[datetime.date, datetime.date]:
    dates = [s.start for s in ds.summits if s.start is not None] + [
        m.date for i in ds.initiatives for m in ds.milestones(i) if m.date is not None
    ]
    first = min(d.first_day() for d in dates).replace(day=1)
    last = max(d.last_day() for d in dates)
    return first, last


def _mark(ax: Any, y: float, date: PartialDate, colour: str, *, hollow: bool = False) -> None:
    """A day as a dot, a month or a year as a bar over its days."""
    start, end = _interval(date)
    if date.precision is Precision.DAY:
        ax.plot(
            [_num(start)],
            [y],
            marker="o",
            markersize=7,
            color=colour,
            markerfacecolor="white" if hollow else colour,
            zorder=3,
        )
    else:
        ax.add_patch(
            Rectangle(
                (_num(start), y - 0.18),
                _num(end) - _num(start) + 1,
                0.36,
                facecolor=colour,
                alpha=0.3,
                edgecolor=colour,
                hatch="//" if hollow else None,
                zorder=2,
            )
        )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- the front page: summits and initiatives on one axis ----------------------------------------


class Row(NamedTuple):
    label: str
    kind: str
    dates: tuple[PartialDate, ...]
    planned: bool


def timeline_rows(ds: Dataset, summit_title: Any) -> list[Row]:
    """The rows of the front-page timeline: the dated events (not their sub-events), then the
    initiatives with dated milestones, each group in date order.
    """
    summits = sorted(
        (s for s in ds.summits if s.parent is None and s.start is not None),
        key=lambda s: (s.start.sort_key() if s.start else (0, 0, 0), s.id),
    )
    rows = [Row(summit_title(s), "summit", (s.start,), s.status.value != "held") for s in summits if s.start]
    initiatives = []
    for initiative in ds.initiatives:
        dates = tuple(sorted({m.date for m in ds.milestones(initiative) if m.date is not None}, key=_first_day))
        if dates:
            initiatives.append(Row(initiative.name, "initiative", dates, planned=False))
    initiatives.sort(key=lambda r: (_first_day(r.dates[0]), r.label))
    return rows + initiatives


def _first_day(date: PartialDate) -> datetime.date:
    return date.first_day()


def timeline_figure(ds: Dataset, summit_title: Any) -> Figure:
    rows = timeline_rows(ds, summit_title)
    first, last = _span(ds)
    fig = _figure(5.5, 0.9 + 0.27 * len(rows))
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        for index, row in enumerate(rows):
            y = len(rows) - index
            colour = COLOURS[row.kind]
            if len(row.dates) > 1:
                ax.plot([_num(_first_day(d)) for d in row.dates], [y] * len(row.dates), color=colour, lw=1, zorder=1)
            for date in row.dates:
                _mark(ax, y, date, colour, hollow=row.planned)
        ax.set_yticks(
            [len(rows) - i for i in range(len(rows))],
            [_cut(r.label, 58) + (" (planned)" if r.planned else "") for r in rows],
        )
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            tick.set_color(COLOURS[row.kind])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(0.3, len(rows) + 0.7)
        _date_axis(ax, first, last)
        ax.set_title(
            "Events (blue) and initiatives (green): a dot is a day, a bar a month or a year", fontsize=9, loc="left"
        )
    return fig


def timeline_alt(ds: Dataset, summit_title: Any) -> str:
    rows = timeline_rows(ds, summit_title)
    summits = [r for r in rows if r.kind == "summit"]
    initiatives = [r for r in rows if r.kind == "initiative"]
    first, last = _span(ds)
    events = "; ".join(f"{r.label}, {r.dates[0]}{' (planned)' if r.planned else ''}" for r in summits)
    return (
        f"Timeline from {first:%B %Y} to {last:%B %Y}. {len(summits)} dated events: {events}. "
        f"Below them, {len(initiatives)} initiatives, each on a line with a mark at every date it was raised."
    )


# --- an initiative's path ------------------------------------------------------------------------


def _path_label(ds: Dataset, milestone: Any, summit_title: Any, article_title: Any) -> str:
    event = summit_title(milestone.summit) if milestone.summit else "no event"
    return (
        f"{milestone.date} · {_cut(event, 40)} · {article_title(ds.sources.get(milestone.record.evidence[0].source))}"
    )


def path_figure(ds: Dataset, initiative: Initiative, summit_title: Any, article_title: Any) -> Figure | None:
    """The milestones of an initiative, one per line, labelled with the date, the event and the article
    (coloured by article), on the time axis of the whole data.
    """
    milestones = [m for m in ds.milestones(initiative) if m.date is not None]
    if not milestones:
        return None
    first, last = _span(ds)
    articles = [s.id for s in ds.sources]
    fig = _figure(4.5, 0.75 + 0.32 * len(milestones))
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        ys = list(range(len(milestones), 0, -1))
        colours = []
        for y, milestone in zip(ys, milestones, strict=True):
            assert milestone.date is not None
            source = milestone.record.evidence[0].source
            colour = ARTICLE_COLOURS[articles.index(source) % len(ARTICLE_COLOURS)]
            colours.append(colour)
            _mark(ax, y, milestone.date, colour)
        ax.set_yticks(ys, [_path_label(ds, m, summit_title, article_title) for m in milestones])
        for tick, colour in zip(ax.get_yticklabels(), colours, strict=True):
            tick.set_color(colour)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(0.4, len(milestones) + 0.6)
        _date_axis(ax, first, last)
    return fig


def path_alt(ds: Dataset, initiative: Initiative, summit_title: Any, article_title: Any) -> str:
    milestones = [m for m in ds.milestones(initiative) if m.date is not None]
    steps = "; ".join(
        f"{m.date}: {summit_title(m.summit) if m.summit else 'no event'}, "
        f"{article_title(ds.sources.get(m.record.evidence[0].source))}"
        for m in milestones
    )
    return f"Timeline of “{initiative.name}”: raised {len(milestones)} time(s), {steps}."


# --- an event's tree -----------------------------------------------------------------------------


class Node(NamedTuple):
    label: str
    kind: str
    children: tuple[Node, ...]


def event_tree(ds: Dataset, root: Summit, summit_title: Any, speech_title: Any) -> Node:
    """An event, its sub-events (recursively), its speeches and the count of its claims."""
    children: list[Node] = []
    for sub in sorted((s for s in ds.summits if s.parent == root.id), key=lambda s: s.id):
        children.append(event_tree(ds, sub, summit_title, speech_title))
    for speech in sorted((s for s in ds.speeches if s.summit == root.id), key=lambda s: s.id):
        count = sum(1 for c in ds.claims if c.speech == speech.id)
        children.append(Node(speech_title(speech), "speech", (Node(f"{count} claim(s)", "claim", ()),)))
    loose = sum(1 for c in ds.claims if c.summit == root.id and c.speech is None)
    if loose:
        children.append(Node(f"{loose} claim(s) outside a speech", "claim", ()))
    return Node(summit_title(root), "summit", tuple(children))


def _leaves(node: Node) -> int:
    return max(1, sum(_leaves(c) for c in node.children))


def _depth(node: Node) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def tree_figure(tree: Node) -> Figure:
    leaves, depth = _leaves(tree), _depth(tree)
    fig = _figure(2.3 * depth + 0.4, 0.35 + 0.75 * leaves)
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(-0.05, depth - 0.1)
        ax.set_ylim(-0.5, leaves - 0.5)

        def place(node: Node, level: int, top: float) -> float:
            """Draw ``node`` with its leaves from row ``top`` down; return its row."""
            rows = []
            row = top
            for child in node.children:
                rows.append(place(child, level + 1, row))
                row += _leaves(child)
            y = (sum(rows) / len(rows)) if rows else top
            for child_y in rows:
                ax.plot([level + 0.85, level + 1], [leaves - 1 - y, leaves - 1 - child_y], color="#aaaaaa", lw=1)
            colour = COLOURS[node.kind]
            ax.add_patch(
                FancyBboxPatch(
                    (level, leaves - 1 - y - 0.3),
                    0.85,
                    0.6,
                    boxstyle="round,pad=0.0,rounding_size=0.06",
                    facecolor=colour,
                    alpha=0.15,
                    edgecolor=colour,
                )
            )
            ax.text(
                level + 0.425,
                leaves - 1 - y,
                "\n".join(textwrap.wrap(node.label, 26)[:3]),
                ha="center",
                va="center",
                fontsize=8,
            )
            return y

        place(tree, 0, 0.0)
    return fig


def tree_alt(tree: Node) -> str:
    def words(node: Node) -> str:
        if not node.children:
            return node.label
        return f"{node.label} (with {'; '.join(words(c) for c in node.children)})"

    return f"Tree of the event: {words(tree)}."


# --- the record model ----------------------------------------------------------------------------


class Reference(NamedTuple):
    kind: str
    path: str
    targets: tuple[str, ...]
    countries: bool
    many: bool


def _refs(cls: type[Any], prefix: str, seen: tuple[type[Any], ...]) -> Iterator[tuple[str, f.Ref, bool]]:
    for name, spec in f.field_specs(cls):
        node, many = spec.type, False
        while isinstance(node, f.Many):
            node, many = node.item, True
        path = f"{prefix}{name}{'[]' if many else ''}"
        if isinstance(node, f.Ref):
            yield path, node, many
        elif isinstance(node, f.Nested) and node.cls not in seen:
            for inner, ref, inner_many in _refs(node.cls, path + ".", (*seen, node.cls)):
                yield inner, ref, many or inner_many


def model_references() -> list[Reference]:
    """Every reference field of every kind (in nested values too: ``roles[].of``), from the field specs."""
    return [
        Reference(kind.name, path, ref.kinds, ref.countries, many)
        for kind in KINDS
        for path, ref in ((p, r) for p, r, _ in _refs(kind.cls, "", (kind.cls,)))
        for many in [path.endswith("[]") or "[]." in path]
    ]


def common_references(refs: Sequence[Reference]) -> list[tuple[str, tuple[str, ...]]]:
    """The references every kind has (``evidence[].source``): drawn once, as a note."""
    kinds = {k.name for k in KINDS}
    by_path: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for ref in refs:
        by_path.setdefault((ref.path, ref.targets), set()).add(ref.kind)
    return [key for key, owners in by_path.items() if owners == kinds]


def _is_common(ref: Reference, common: Sequence[tuple[str, tuple[str, ...]]]) -> bool:
    """A common reference, also inside a nested value (``roles[].evidence[].source``)."""
    return any(
        ref.targets == targets and (ref.path == path or ref.path.endswith("." + path)) for path, targets in common
    )


def _units(refs: Sequence[Reference]) -> list[tuple[str, ...]]:
    """Kinds that are referred to together (the actors: person, organization, country) form one unit."""
    units: list[set[str]] = [{k.name} for k in KINDS]
    for ref in refs:
        if len(ref.targets) > 1:
            joined = [u for u in units if u & set(ref.targets)]
            units = [u for u in units if u not in joined] + [set().union(*joined)]
    order = [k.name for k in KINDS]
    return sorted((tuple(sorted(u, key=order.index)) for u in units), key=lambda u: order.index(u[0]))


class Layout(NamedTuple):
    position: dict[str, tuple[float, float]]
    units: list[tuple[str, ...]]
    drawn: list[Reference]
    common: list[tuple[str, tuple[str, ...]]]


def model_layout() -> Layout:
    """Where each kind goes: rows by how far a kind is from the kinds that refer to nothing else
    (those at the bottom), each row ordered to sit above what it refers to.
    """
    refs = model_references()
    common = common_references(refs)
    drawn = [r for r in refs if not _is_common(r, common)]
    units = _units(drawn)
    unit_of = {kind: unit for unit in units for kind in unit}
    targets: dict[tuple[str, ...], set[tuple[str, ...]]] = {u: set() for u in units}
    for ref in drawn:
        targets[unit_of[ref.kind]].update(unit_of[t] for t in ref.targets if unit_of[t] != unit_of[ref.kind])
    layer: dict[tuple[str, ...], int] = {}

    def depth(unit: tuple[str, ...], path: tuple[tuple[str, ...], ...]) -> int:
        if unit not in layer:
            below = [depth(t, (*path, unit)) for t in sorted(targets[unit]) if t not in path]
            layer[unit] = 1 + max(below, default=-1)
        return layer[unit]

    for unit in units:
        depth(unit, ())
    rows: dict[int, list[tuple[str, ...]]] = {}
    for unit in units:
        rows.setdefault(layer[unit], []).append(unit)
    width = max(sum(len(u) for u in row) for row in rows.values())
    position: dict[str, tuple[float, float]] = {}
    for level in sorted(rows):
        row = rows[level]
        if level:  # above the mean x of what each unit refers to

            def centre(unit: tuple[str, ...]) -> float:
                xs = [position[t][0] for k in unit for r in drawn if r.kind == k for t in r.targets if t in position]
                return sum(xs) / len(xs) if xs else 0.0

            row.sort(key=centre)
        kinds = [k for unit in row for k in unit]
        offset = (width - len(kinds)) / 2
        for index, kind in enumerate(kinds):
            position[kind] = ((offset + index) * 3.0, level * 1.7)
    return Layout(position, units, drawn, common)


def _on_arc(start: tuple[float, float], end: tuple[float, float], rad: float, t: float) -> tuple[float, float]:
    """The point at ``t`` of matplotlib's ``arc3`` curve from ``start`` to ``end`` (a quadratic Bézier)."""
    (x0, y0), (x1, y1) = start, end
    cx, cy = (x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)
    u = 1 - t
    return (u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1)


def model_figure() -> Figure:
    position, units, drawn, common = model_layout()
    unit_of = {kind: unit for unit in units for kind in unit}
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    fig = _figure(0.85 * (max(xs) - min(xs) + 2.4), 0.85 * (max(ys) - min(ys) + 2.0))
    box_w, box_h = 2.0, 0.6
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_aspect("equal")  # arcs are drawn in screen space: labels are placed on them in data space
        ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
        ax.set_ylim(min(ys) - 1.9, max(ys) + 0.5)
        names = {k.name: k.cls.__name__ for k in KINDS}
        for unit in units:
            if len(unit) > 1:
                ux = [position[k][0] for k in unit]
                y = position[unit[0]][1]
                ax.add_patch(
                    Rectangle(
                        (min(ux) - box_w / 2 - 0.15, y - box_h / 2 - 0.28),
                        max(ux) - min(ux) + box_w + 0.3,
                        box_h + 0.56,
                        fill=False,
                        linestyle="--",
                        edgecolor="#999999",
                    )
                )
                groups = [r for r in drawn if set(r.targets) == set(unit)]
                words = f.Ref(unit, countries=any(r.countries for r in groups)).describe()
                ax.text(
                    min(ux) - box_w / 2 - 0.1,
                    y + box_h / 2 + 0.2,
                    f"actor: {words}",
                    fontsize=8,
                    color="#666666",
                    va="center",
                    zorder=5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                )
        for kind, (x, y) in position.items():
            colour = COLOURS.get(kind, OTHER)
            ax.add_patch(
                FancyBboxPatch(
                    (x - box_w / 2, y - box_h / 2),
                    box_w,
                    box_h,
                    boxstyle="round,pad=0.02,rounding_size=0.08",
                    facecolor=colour,
                    alpha=0.18,
                    edgecolor=colour,
                    zorder=2,
                )
            )
            selfs = [r.path for r in drawn if r.kind == kind and r.targets == (kind,)]
            label = names[kind] + "".join(f"\n{p} → {names[kind]}" for p in selfs)
            ax.text(x, y, label, ha="center", va="center", fontsize=10, zorder=3, fontweight="bold")
        edges: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for ref in drawn:
            unit = unit_of[ref.targets[0]]
            if len(ref.targets) > 1 and set(ref.targets) == set(unit):
                edges.setdefault((ref.kind, unit), []).append(ref.path)
                continue
            for target in ref.targets:
                if target != ref.kind:
                    word = ref.path + (" (country)" if target == "place" and ref.countries else "")
                    edges.setdefault((ref.kind, (target,)), []).append(word)
        bowed = 0
        for (source, targets), fields in sorted(edges.items()):
            (x0, y0) = position[source]
            x1 = sum(position[t][0] for t in targets) / len(targets)
            y1 = position[targets[0]][1]
            colour = COLOURS.get(source, OTHER)
            if y1 == y0:  # within a row: an arc below the boxes
                start, end = (x0, y0 - box_h / 2), (x1, y1 - box_h / 2)
                rad, t = (0.3 if x1 > x0 else -0.3), 0.5
            else:  # down: straight to the row below, bowed around the rows in between
                gap = box_h / 2 + (0.28 if len(targets) > 1 else 0)
                start, end = (x0, y0 - box_h / 2), (x1, y1 + gap)
                skips = y0 - y1 > 2.0
                if skips:  # bowed out, alternately left and right of the boxes in between
                    bowed += 1
                    rad = 0.7 if bowed % 2 else -0.7
                else:
                    rad = 0.0 if abs(x1 - x0) < 0.1 else 0.06
                t = 0.5 if skips else 0.35
            label_at = _on_arc(start, end, rad, t)
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "lw": 0.9,
                    "connectionstyle": f"arc3,rad={rad}",
                    "shrinkA": 1,
                    "shrinkB": 1,
                },
                zorder=1,
            )
            ax.text(
                *label_at,
                "\n".join(fields),
                fontsize=8.5,
                ha="center",
                va="center",
                color=colour,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.9},
            )
        note = "; ".join(f"every record (and every role): {p} → {names[t[0]]}" for p, t in common)
        if note:
            ax.text(min(xs) - 1.1, min(ys) - 1.85, note, fontsize=8, ha="left", va="bottom", color="#555555")
    return fig


def _target_words(ref: Reference, target: str) -> str:
    return "country" if target == "place" and ref.countries else target


def model_lines() -> list[str]:
    """The references of the model as sentences: the text of :func:`model_figure`."""
    refs = model_references()
    common = common_references(refs)
    lines = [f"every record → {' or '.join(t)} ({p})" for p, t in common]
    for ref in refs:
        if _is_common(ref, common):
            continue
        targets = " or ".join(_target_words(ref, t) for t in ref.targets)
        name = next(k.cls.__name__ for k in KINDS if k.name == ref.kind)
        lines.append(f"{name}.{ref.path} → {targets}")
    return lines


def model_alt() -> str:
    return (
        "Diagram of the record model: one box per kind of record, an arrow from each record to the "
        "kinds it refers to, labelled with the field. " + "; ".join(model_lines()) + "."
    )

"""How records and the record model are shown to people: one place for the words.

Two things live here, and the command line and the docs both read them:

* **The model in words.** :func:`describe` states a field's constraint node in words
  (``"integer >= 0"``, ``"id of a person, an organization or a country"``), and
  :func:`reference` gathers, for each class, every field's JSON type, constraint,
  nullability and meaning, and the rules that tie its fields together. The docs' format
  reference renders it; nothing parses a generated schema back.
* **One presenter per kind of record** (:class:`Presenter`, found with
  :func:`presenter` through :data:`summitdata.records.KINDS`): a record's title, its
  table columns and row (``summitdata list``, the catalogue's index tables) and its detail
  lines (``summitdata show``, the catalogue's record boxes). Values are *pieces*: text,
  a :class:`Link` to another record, or a :class:`When` (a date and whether it is
  inferred), so that the terminal prints ``Kazakhstan (place:kazakhstan)`` where the docs
  draw a link.

>>> import summitdata
>>> describe(f.field_spec(summitdata.Claim, "speakers").type)
'array of 1 or more distinct ids of people, organizations or countries'
>>> ds = summitdata.load()
>>> presenter(ds.speeches[0]).title(ds, ds.speeches[0])
'Speech by Kassym-Jomart Tokayev (2025-10-10)'
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from . import fields as f
from .dates import PartialDate
from .fields import FieldSpec, Rule, field_specs, rules_of
from .records import KINDS, Anchor, Kind, Period, Quantity, Role

if TYPE_CHECKING:
    from .dataset import Dataset
    from .query import Milestone

__all__ = [
    "ClassDoc",
    "Detail",
    "FieldDoc",
    "Link",
    "RefDoc",
    "Piece",
    "Presenter",
    "When",
    "Words",
    "correction_details",
    "describe",
    "describe_parts",
    "describe_words",
    "document_fields",
    "format_changelog",
    "json_type",
    "name_of",
    "presenter",
    "reference",
    "reference_classes",
    "reference_text",
    "references",
    "referrers",
    "sample_record",
    "text_of",
]


# --- the model in words --------------------------------------------------------------------

#: A description in words: text, with the record-like classes it mentions kept as classes
#: (so that the docs can link them to their section).
Words: TypeAlias = tuple[str | type[Any], ...]


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def _either(words: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _limit(limit: int) -> str:
    power = len(str(limit)) - 1
    return f"10^{power}" if limit == 10**power else str(limit)


def _ref_words(node: f.Ref, plural: bool) -> str:
    if plural:
        names = ["countries" if k == "place" and node.countries else Kind.named(k).plural for k in node.kinds]
        return "ids of " + _either(names)
    names = ["a country" if k == "place" and node.countries else _article(k) for k in node.kinds]
    return "id of " + _either(names)


def describe_parts(node: f.Spec, plural: bool = False) -> Words:
    """The constraint of ``node`` in words, record-like classes kept as classes; ``plural`` for array items.

    >>> describe_parts(f.Many(f.Nested(Anchor), min_items=1))
    ('array of 1 or more ', <class 'summitdata.records.Anchor'>, ' objects')
    """
    s = "s" if plural else ""
    match node:
        case f.Text(pattern=str(pattern)):
            return (f"text{s} matching the pattern {pattern}",)
        case f.Text(trimmed=True):
            return (f"non-empty text{s} without surrounding spaces",)
        case f.Text():
            return (f"text{s} (any characters, kept as they are)",)
        case f.Integer(minimum=int(low), maximum=int(high)):
            return (f"64-bit integer{s} from {low} to {high}",)
        case f.Integer(minimum=int(low)):
            return (f"64-bit integer{s} >= {low}",)
        case f.Integer(maximum=int(high)):
            return (f"64-bit integer{s} <= {high}",)
        case f.Integer():
            return (f"64-bit integer{s}",)
        case f.Number():
            return (f"finite number{s} of magnitude below {_limit(node.limit)}",)
        case f.Boolean():
            return ("true or false",)
        case f.Date():
            return (f'partial date{s}: "YYYY", "YYYY-MM" or "YYYY-MM-DD"',)
        case f.Choice():
            return (("values, each " if plural else "") + "one of: " + ", ".join(node.values()),)
        case f.Id():
            return (f'"{node.kind}:" followed by a lower-case slug (a-z, 0-9, single hyphens between)',)
        case f.Ref():
            return (_ref_words(node, plural),)
        case f.Nested():
            return (node.cls, " objects") if plural else (node.cls,)
        case f.Many():
            head = "array of "
            if node.min_items:
                head += f"{node.min_items} or more "
            if node.unique:
                head += "distinct "
            return _join((head, *describe_parts(node.item, plural=True)))
        case f.Notes():
            key = "a path into another field of this record (its name, alone or followed by . or [ and the rest)"
            return (f"object: {key}, such as date or roles[0].as_of -> the reason, non-empty text",)
    raise TypeError(f"no words for {node!r}")  # pragma: no cover - every node is matched above


def _join(words: Words) -> Words:
    """Adjacent strings merged: ``("a ", "b", C)`` -> ``("a b", C)``."""
    out: list[str | type[Any]] = []
    for word in words:
        if isinstance(word, str) and out and isinstance(out[-1], str):
            out[-1] += word
        elif word != "":
            out.append(word)
    return tuple(out)


def describe(node: f.Spec) -> str:
    """The constraint of a node in words, as the docs and messages state it.

    >>> describe(f.Integer(minimum=0))
    '64-bit integer >= 0'
    >>> describe(f.Ref(("organization", "place"), countries=True))
    'id of an organization or a country'
    """
    return "".join(word if isinstance(word, str) else word.__name__ for word in describe_parts(node))


def json_type(node: f.Spec) -> str:
    """The JSON type of a value of ``node``: ``string``, ``integer``, ``array``, ...

    >>> json_type(f.Date()), json_type(f.Many(f.Text()))
    ('string', 'array')
    """
    match node:
        case f.Integer():
            return "integer"
        case f.Number():
            return "number"
        case f.Boolean():
            return "boolean"
        case f.Nested() | f.Notes():
            return "object"
        case f.Many():
            return "array"
    return "string"


@attrs.frozen
class FieldDoc:
    """One row of the format reference: a field and what the model says about it.

    >>> import summitdata
    >>> row = reference([summitdata.Anchor])[0].fields[1]
    >>> row.name, row.json_type, describe_words(row.constraint), row.nullable
    ('start', 'integer', '64-bit integer >= 0', False)
    """

    name: str
    json_type: str
    constraint: Words
    nullable: bool
    doc: str
    since: str = "1.0"


@attrs.frozen
class ClassDoc:
    """The format reference of one class: its summary, its fields, its rules.

    >>> import summitdata
    >>> [rule.field for rule in reference([summitdata.Summit])[0].rules]
    ['end', 'parent']
    """

    cls: type[Any]
    summary: str
    fields: tuple[FieldDoc, ...]
    rules: tuple[Rule, ...]


def describe_words(words: Words) -> str:
    """Words as plain text: each class by its name.

    >>> describe_words(("array of ", Anchor, " objects"))
    'array of Anchor objects'
    """
    return "".join(word if isinstance(word, str) else word.__name__ for word in words)


_ROLE = re.compile(r":[a-z]+:`~?(?:summitdata\.)?([^`]+)`")


def _summary(cls: type[Any]) -> str:
    """The first paragraph of a class's docstring, on one line, Sphinx roles as ``literals``."""
    doc = inspect.getdoc(cls) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return _ROLE.sub(r"``\1``", first)


def field_doc(name: str, spec: FieldSpec) -> FieldDoc:
    """The :class:`FieldDoc` of one field.

    >>> import summitdata
    >>> describe_words(field_doc("parent", f.field_spec(summitdata.Summit, "parent")).constraint)
    'id of a summit'
    """
    return FieldDoc(name, json_type(spec.type), describe_parts(spec.type), spec.nullable, spec.doc, spec.since)


def reference_classes() -> tuple[type[Any], ...]:
    """The classes of the format: every record class in :data:`~summitdata.records.KINDS` order, then
    every value class their fields hold, in order of first use.

    >>> [cls.__name__ for cls in reference_classes()][-4:]
    ['Identifier', 'Role', 'Quantity', 'Period']
    """
    found: list[type[Any]] = [kind.cls for kind in KINDS]
    index = 0
    while index < len(found):
        for _, spec in field_specs(found[index]):
            node = spec.type
            while isinstance(node, f.Many):
                node = node.item
            if isinstance(node, f.Nested) and node.cls not in found:
                found.append(node.cls)
        index += 1
    return tuple(found)


def reference(classes: Sequence[type[Any]] | None = None) -> tuple[ClassDoc, ...]:
    """The format reference of ``classes`` (default :func:`reference_classes`), read from their field specs.

    >>> import summitdata
    >>> [field.name for field in reference([summitdata.Period])[0].fields]
    ['start', 'end']
    """
    chosen = reference_classes() if classes is None else tuple(classes)
    return tuple(
        ClassDoc(
            cls=cls,
            summary=_summary(cls),
            fields=tuple(field_doc(name, spec) for name, spec in field_specs(cls)),
            rules=rules_of(cls),
        )
        for cls in chosen
    )


def document_fields() -> tuple[FieldDoc, ...]:
    """The keys of an export document: the two versions, then one array per kind of record.

    >>> [row.name for row in document_fields()][:3]
    ['schema_version', 'data_version', 'sources']
    """
    from .dataset import SCHEMA_VERSION  # noqa: PLC0415 - dataset imports the query engine, not needed above

    major = SCHEMA_VERSION.partition(".")[0]
    rows = [
        FieldDoc(
            "schema_version",
            "string",
            (f'"{major}." followed by digits (this version writes "{SCHEMA_VERSION}")',),
            False,
            f"The version of the format; this library reads {major}.0 to {SCHEMA_VERSION} (an earlier minor "
            "version as the current one, see Format versions).",
        ),
        FieldDoc("data_version", "string", ("non-empty text",), False, "The version of the data, YEAR.MONTH.N."),
    ]
    for kind in KINDS:
        rows.append(
            FieldDoc(
                kind.plural,
                "array",
                ("array of ", kind.cls, " objects"),
                False,
                f"Every {kind.name} record, sorted by id.",
            )
        )
    return tuple(rows)


@attrs.frozen
class RefDoc:
    """One reference of the format: a field of a class that holds ids, and the kinds they may name.

    >>> import summitdata
    >>> row = next(r for r in references() if r.cls is summitdata.Organization and r.field == "parent")
    >>> row.kinds, row.many, row.countries, row.nullable
    (('organization',), False, False, True)
    """

    cls: type[Any]
    field: str
    kinds: tuple[str, ...]
    many: bool
    countries: bool
    nullable: bool


def references() -> tuple[RefDoc, ...]:
    """Every field of the format that refers to records, with the kinds it may name (the diagram of
    the references), read from the field specs in :func:`reference_classes` order.

    >>> [f"{r.cls.__name__}.{r.field}" for r in references()][:3]
    ['Source.dateline', 'Source.credits', 'Source.reported_by']
    """
    rows = []
    for cls in reference_classes():
        for name, spec in field_specs(cls):
            node, many = spec.type, False
            if isinstance(node, f.Many):
                node, many = node.item, True
            if isinstance(node, f.Ref):
                rows.append(RefDoc(cls, name, node.kinds, many, node.countries, spec.nullable))
    return tuple(rows)


def referrers() -> dict[str, tuple[str, ...]]:
    """Each kind of record -> the fields (``Class.field``) that may refer to it: the diagram read backwards.

    >>> referrers()["source"][:2]
    ('Anchor.source', 'Claim.about')
    """
    out: dict[str, list[str]] = {kind.name: [] for kind in KINDS}
    for row in references():
        for kind in row.kinds:
            out[kind].append(f"{row.cls.__name__}.{row.field}")
    return {kind: tuple(sorted(names)) for kind, names in out.items()}


def format_changelog() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Every format version, oldest first: its number, what it changed, and the fields it added
    (``Class.field``, read from the specs' ``since``).

    >>> [(version, added[:2]) for version, _, added in format_changelog()][1]
    ('1.1', ('Person.ambiguous_aliases', 'Person.identifiers'))
    """
    out = []
    for version, summary in f.FORMAT_VERSIONS.items():
        added = tuple(
            f"{cls.__name__}.{name}"
            for cls in reference_classes()
            for name, spec in field_specs(cls)
            if spec.since == version and version != "1.0"
        )
        out.append((version, summary, added))
    return tuple(out)


def sample_record(ds: Dataset) -> dict[str, Any]:
    """The JSON of one claim of ``ds`` as the export writes it: the one that fills the most fields
    (ties: the first by id), to show a record whole.

    >>> import summitdata
    >>> sorted(sample_record(summitdata.load()))[:3]
    ['about', 'direct', 'evidence']
    """
    from .serialize import to_dict  # noqa: PLC0415 - the converter is not needed by the words above

    def filled(claim: Any) -> int:
        return sum(1 for value in to_dict(claim).values() if value not in (None, [], {}))

    best = max(sorted(ds.claims, key=lambda c: c.id, reverse=True), key=filled)
    return to_dict(best)


def reference_text(classes: Sequence[type[Any]] | None = None) -> str:
    """The format reference of ``classes`` as plain text: one block per class, one line per field and rule.

    >>> print(reference_text([Period]).splitlines()[2])
      start: string, nullable; partial date: "YYYY", "YYYY-MM" or "YYYY-MM-DD". First day of the period; ...
    """
    out: list[str] = []
    for doc in reference(classes):
        out.append(f"{doc.cls.__name__}: {doc.summary}")
        out.append("fields:")
        for row in doc.fields:
            null = ", nullable" if row.nullable else ""
            since = "" if row.since == "1.0" else f" (since {row.since})"
            out.append(f"  {row.name}: {row.json_type}{null}; {describe_words(row.constraint)}. {row.doc}{since}")
        if doc.rules:
            out.append("rules:")
            out.extend(f"  {rule.field}: {rule.doc}" for rule in doc.rules)
        out.append("")
    return "\n".join(out)


# --- pieces of a view ------------------------------------------------------------------------


@attrs.frozen
class Link:
    """A reference to another record: a name and the id on a terminal, a link in the docs.

    ``text`` replaces the record's name (the id column of a table shows the id).

    >>> Link("place:kazakhstan").id
    'place:kazakhstan'
    """

    id: str
    text: str | None = None


@attrs.frozen
class When:
    """A date and whether it is inferred (``*`` on a terminal, a note in the docs).

    >>> str(When(PartialDate.parse("2025-10"), inferred=True).date)
    '2025-10'
    """

    date: PartialDate
    inferred: bool = False


#: A piece of a cell or a detail line.
Piece: TypeAlias = str | Link | When


@attrs.frozen
class Detail:
    """One line of a record's view: a label and its value, as pieces.

    ``field`` is the field path the line shows (``roles[0]``), for inference marks;
    ``quote`` marks the words of a claim, which the docs set as a quotation.

    >>> Detail("kind", ("warns",), field="kind").label
    'kind'
    """

    label: str
    pieces: tuple[Piece, ...]
    field: str | None = None
    quote: bool = False


def name_of(ds: Dataset, record_id: str) -> str:
    """How tables name a record: its short name, else its name, else its id (also when it is missing).

    >>> import summitdata
    >>> name_of(summitdata.load(), "organization:cis")
    'CIS'
    """
    try:
        record = ds.get(record_id)
    except LookupError:
        return record_id
    return str(getattr(record, "short_name", None) or getattr(record, "name", None) or record_id)


def text_of(ds: Dataset, pieces: Sequence[Piece], *, ids: bool = False) -> str:
    """Pieces as plain text: a link as the record's name (``ids``: ``Name (id)``), a date with ``*`` when inferred.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> text_of(ds, ("of ", Link("place:kazakhstan")), ids=True)
    'of Kazakhstan (place:kazakhstan)'
    """
    out = []
    for piece in pieces:
        if isinstance(piece, Link):
            if piece.text is not None:
                out.append(piece.text)
                continue
            name = name_of(ds, piece.id)
            out.append(f"{name} ({piece.id})" if ids and name != piece.id else name)
        elif isinstance(piece, When):
            out.append(f"{piece.date}{'*' if piece.inferred else ''}")
        else:
            out.append(piece)
    return "".join(out)


def _links(ids: Sequence[str]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for index, record_id in enumerate(ids):
        if index:
            out.append(", ")
        out.append(Link(record_id))
    return tuple(out)


def _when(date: PartialDate | None, inferred: bool) -> tuple[Piece, ...]:
    return () if date is None else (When(date, inferred),)


def quantity_text(q: Quantity) -> str:
    """A figure in words: ``“$110 billion”: trade-turnover 110,000,000,000 USD, actual``.

    >>> quantity_text(Quantity(value=6, unit="percent", text="6%"))
    '“6%”: 6 percent, actual'
    >>> from summitdata import Measure
    >>> quantity_text(Quantity(value=6, unit="percent", measure=Measure.GDP_GROWTH, text="6%"))
    '“6%”: gdp-growth 6 percent, actual'
    """
    value = f"{q.value:,}" if isinstance(q.value, int) else f"{q.value:,g}"
    comparator = "" if q.comparator.value == "=" else q.comparator.value + " "
    measure = "" if q.measure is None else q.measure.value + " "
    parts = [f"{measure}{comparator}{value} {q.unit}"]
    if q.currency and q.currency != q.unit:
        parts.append(f"currency {q.currency}")
    parts.append(q.kind.value)
    if q.period is not None:
        parts.append(f"period {q.period.start or '?'} to {q.period.end or '?'}")
    return f"“{q.text}”: " + ", ".join(parts)


def value_pieces(record: Any, value: Any, path: str) -> tuple[Piece, ...]:
    """A value of a record-like class (a role, a figure, a period) as pieces.

    >>> period = Period(start=PartialDate.parse("2020"))
    >>> value_pieces(None, period, "period")
    ('2020 to ?',)
    """
    inferred = getattr(record, "inferred", {})
    match value:
        case Role():
            pieces: tuple[Piece, ...] = (value.title,)
            if value.of is not None:
                pieces += (" of ", Link(value.of))
            if value.as_of is not None:
                pieces += (", as of ", When(value.as_of, f"{path}.as_of" in inferred))
            return pieces
        case Quantity():
            return (quantity_text(value),)
        case Period():
            return (f"{value.start or '?'} to {value.end or '?'}",)
        case Anchor():
            return (f"{value.source} [{value.start}:{value.end}] {value.text!r}",)
    words = [f"{name} {getattr(value, name)}" for name, _ in field_specs(type(value))]
    return ("; ".join(words),)


#: The label of each item of a tuple of values (``role``), where it is not the field's name.
ITEM_LABELS = {"roles": "role", "quantities": "figure"}

#: Fields a view does not list as lines: the header shows the id; evidence and notes have their own parts.
_NOT_LINES = frozenset({"id", "evidence", "inferred"})


# --- one presenter per kind --------------------------------------------------------------------


class Presenter:
    """How one kind of record is shown: title, table columns and row, detail lines.

    The base class serves any kind: its fields in order (read from the field specs), its
    name as title. Each kind of :data:`~summitdata.records.KINDS` has a subclass that adds
    what the records around it say (a summit's speeches, a person's claims).

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> cis = ds.organizations.get("organization:cis")
    >>> presenter(cis).columns
    ('id', 'short', 'name')
    >>> [d.label for d in presenter(cis).details(ds, cis)]
    ['name', 'short_name']
    """

    #: The headers of the table of ``summitdata list`` (lower case; the terminal prints them upper case).
    columns: tuple[str, ...] = ("id", "name")

    def title(self, ds: Dataset, record: Any) -> str:
        """A short human title of the record (the docs' link text and headings).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> presenter(ds.places[0]).title(ds, ds.places[0])
        'Afghanistan'
        """
        return str(getattr(record, "name", record.id))

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        """The cells of the record's row in a table of its kind, one per column.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> presenter(ds.places[0]).row(ds, ds.places[0])[0]
        (Link(id='place:afghanistan', text='place:afghanistan'),)
        """
        return ((Link(record.id, record.id),), (self.title(ds, record),))

    def details(self, ds: Dataset, record: Any) -> tuple[Detail, ...]:
        """The lines of the record's view: each field (in field order), then what other records say.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> speech = ds.speeches.get("speech:2025-12-12-tokayev-ashgabat-forum")
        >>> [d.label for d in presenter(speech).details(ds, speech)]
        ['speaker', 'role', 'summit', 'date', 'claims']
        """
        lines: list[Detail] = []
        for name, spec in field_specs(type(record)):
            if name not in _NOT_LINES:
                lines += self.field_details(ds, record, name, spec)
        lines += self.related(ds, record)
        return tuple(lines)

    def field_details(self, ds: Dataset, record: Any, name: str, spec: FieldSpec) -> list[Detail]:
        """The lines of one field, by its spec: none when it is empty.

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> place = ds.places.get("place:almaty")
        >>> presenter(place).field_details(ds, place, "country", f.field_spec(summitdata.Place, "country"))
        [Detail(label='country', pieces=(Link(id='place:kazakhstan', text=None),), field='country', quote=False)]
        """
        value = getattr(record, name)
        if value is None or value == ():
            return []
        node = spec.type
        match node:
            case f.Ref():
                pieces: tuple[Piece, ...] = (Link(value),)
            case f.Many(item=f.Ref()):
                pieces = _links(value)
            case f.Many(item=f.Nested()):
                label = ITEM_LABELS.get(name, name)
                return [
                    Detail(label, value_pieces(record, item, f"{name}[{i}]"), f"{name}[{i}]")
                    for i, item in enumerate(value)
                ]
            case f.Nested():
                pieces = value_pieces(record, value, name)
            case f.Date():
                pieces = (When(value, name in record.inferred),)
            case f.Many(item=f.Choice()):
                pieces = (", ".join(item.value for item in value),)
            case f.Choice():
                pieces = (value.value,)
            case f.Many():
                pieces = (", ".join(str(item) for item in value),)
            case f.Boolean():
                pieces = ("yes" if value else "no",)
            case _:
                pieces = (str(value),)
        return [Detail(name, pieces, name)]

    def related(self, ds: Dataset, record: Any) -> list[Detail]:
        """Lines about the records around this one (none by default).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> Presenter().related(ds, ds.places[0])
        []
        """
        return []

    def milestones(self, ds: Dataset, record: Any) -> tuple[Milestone, ...]:
        """The dated claims that trace the record across the articles (an initiative's; else none).

        >>> import summitdata
        >>> ds = summitdata.load()
        >>> presenter(ds.places[0]).milestones(ds, ds.places[0])
        ()
        """
        return ()


def correction_details(ds: Dataset, record: Any) -> tuple[Detail, ...]:
    """The entries of the corrections log about a record, one line each: when, what, why.

    >>> import summitdata
    >>> ds = summitdata.load()
    >>> claim = ds.claims.get("claim:2025-10-10-cis-council-08")
    >>> [text_of(ds, d.pieces).partition(":")[0] for d in correction_details(ds, claim)]
    ['2026.1, changed quantities, inferred']
    """
    lines = []
    for entry in ds.changes:
        if entry.record != record.id:
            continue
        what = entry.action.value + (f" {', '.join(entry.fields)}" if entry.fields else "")
        pieces: tuple[Piece, ...] = (f"{entry.data_version}, {what}: {entry.reason}",)
        if entry.replaced_by is not None:
            pieces += (" Replaced by ", Link(entry.replaced_by), ".")
        pieces += (" Evidence: " + "; ".join(f"“{a.text}”" for a in entry.evidence) + ".",)
        lines.append(Detail("correction", pieces))
    return tuple(lines)


def _date_cell(ds: Dataset, record: Any) -> tuple[Piece, ...]:
    from .query import date_of  # noqa: PLC0415 - the query engine imports the model, not this module

    date, inferred = date_of(ds, record)
    return _when(date, inferred)


def _count(label: str, number: int) -> list[Detail]:
    return [Detail(label, (str(number),))]


def _listing(label: str, ids: Sequence[str]) -> list[Detail]:
    return [Detail(label, _links(ids))] if ids else []


class _Sources(Presenter):
    columns = ("id", "dateline", "file")

    def title(self, ds: Dataset, record: Any) -> str:
        return f"Article {record.id.partition(':')[2].split('-')[0]}"

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        dateline: tuple[Piece, ...] = (Link(record.dateline),) if record.dateline else ()
        return ((Link(record.id, record.id),), dateline, (record.file,))

    def field_details(self, ds: Dataset, record: Any, name: str, spec: FieldSpec) -> list[Detail]:
        if name == "text":  # the article itself has a page of its own
            return [Detail("length", (f"{len(record.text)} characters",), "text")]
        return super().field_details(ds, record, name, spec)


class _People(Presenter):
    columns = ("id", "name", "roles")

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        roles: list[Piece] = []
        for role in record.roles:
            roles += ["; "] if roles else []
            roles += [role.title, " (", Link(role.of), ")"] if role.of else [role.title]
        return ((Link(record.id, record.id),), (record.name,), tuple(roles))

    def related(self, ds: Dataset, record: Any) -> list[Detail]:
        return _listing("speeches", ds.speeches_of(record).ids()) + _count("claims", len(ds.claims_of(record)))


class _Organizations(Presenter):
    columns = ("id", "short", "name")

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        return ((Link(record.id, record.id),), (record.short_name or "",), (record.name,))


class _Places(Presenter):
    columns = ("id", "kind", "country", "name")

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        country: tuple[Piece, ...] = (Link(record.country),) if record.country else ()
        return ((Link(record.id, record.id),), (record.kind.value,), country, (record.name,))


class _Summits(Presenter):
    columns = ("start", "id", "kind", "status", "name")

    def title(self, ds: Dataset, record: Any) -> str:
        return f"{record.name} ({record.start})" if record.start else str(record.name)

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        return (
            _date_cell(ds, record),
            (Link(record.id, record.id),),
            (record.kind.value,),
            (record.status.value,),
            (record.name,),
        )

    def related(self, ds: Dataset, record: Any) -> list[Detail]:
        return [
            *_listing("sub-events", ds.subevents(record).ids()),
            *_listing("speeches", ds.speeches_of(record).ids()),
            *_count("claims", len(ds.claims_of(record))),
            *_listing("initiatives", ds.initiatives_of(record).ids()),
        ]


class _Speeches(Presenter):
    columns = ("date", "id", "speaker", "summit")

    def title(self, ds: Dataset, record: Any) -> str:
        speaker = ds.get(record.speaker)
        by = f"Speech by {presenter(speaker).title(ds, speaker)}"
        return f"{by} ({record.date})" if record.date else by

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        return (_date_cell(ds, record), (Link(record.id, record.id),), (Link(record.speaker),), (Link(record.summit),))

    def related(self, ds: Dataset, record: Any) -> list[Detail]:
        return _count("claims", len(ds.claims_of(record)))


def claim_text(claim: Any) -> str:
    """A claim's words: a direct quotation in quotation marks, reported speech as it is.

    >>> import summitdata
    >>> claim_text(summitdata.load().claims.get("claim:2025-12-12-ashgabat-forum-06"))[:20]
    '“Without restoring s'
    """
    return f"“{claim.text}”" if claim.direct else str(claim.text)


class _Claims(Presenter):
    columns = ("date", "id", "speaker", "kind", "text")

    def title(self, ds: Dataset, record: Any) -> str:
        text = record.text if len(record.text) <= 70 else record.text[:67].rstrip() + "…"
        return f"{record.id.partition(':')[2]}: {text}"

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        return (
            _date_cell(ds, record),
            (Link(record.id, record.id),),
            _links(record.speakers),
            (record.kind.value,),
            (claim_text(record),),
        )

    def field_details(self, ds: Dataset, record: Any, name: str, spec: FieldSpec) -> list[Detail]:
        if name == "direct":  # said by the label of the text line
            return []
        if name == "text":
            return [Detail("quotation" if record.direct else "text", (claim_text(record),), "text", quote=True)]
        return super().field_details(ds, record, name, spec)

    def related(self, ds: Dataset, record: Any) -> list[Detail]:
        when = _date_cell(ds, record)
        return [Detail("date", when)] if when else []


class _Initiatives(Presenter):
    columns = ("first raised", "id", "status", "proposer", "name")

    def row(self, ds: Dataset, record: Any) -> tuple[tuple[Piece, ...], ...]:
        first = next((m for m in ds.milestones(record) if m.date is not None), None)
        when = () if first is None or first.date is None else (When(first.date, first.inferred),)
        proposer: tuple[Piece, ...] = (Link(record.proposer),) if record.proposer else ()
        return (when, (Link(record.id, record.id),), (record.status.value,), proposer, (record.name,))

    def milestones(self, ds: Dataset, record: Any) -> tuple[Milestone, ...]:
        return ds.milestones(record)


_PRESENTERS: dict[str, Presenter] = {
    "source": _Sources(),
    "person": _People(),
    "organization": _Organizations(),
    "place": _Places(),
    "summit": _Summits(),
    "speech": _Speeches(),
    "claim": _Claims(),
    "initiative": _Initiatives(),
}
_DEFAULT = Presenter()


def presenter(kind: Kind | str | object) -> Presenter:
    """The presenter of a kind (a :class:`~summitdata.records.Kind`, its name, or a record of it).

    >>> import summitdata
    >>> presenter("claim").columns
    ('date', 'id', 'speaker', 'kind', 'text')
    >>> presenter(summitdata.load().claims[0]) is presenter("claim")
    True
    """
    if isinstance(kind, str):
        name = Kind.named(kind).name
    elif isinstance(kind, Kind):
        name = kind.name
    else:
        name = Kind.of(kind).name
    return _PRESENTERS.get(name, _DEFAULT)

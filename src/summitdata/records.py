"""The record model: summits, speeches, claims, initiatives and the actors around them.

Every record is an immutable attrs class, built with keyword arguments and checked at
construction: a bad value raises :class:`~summitdata.ValidationError` naming the record
and the field. Collections of values are tuples; closed vocabularies are enums whose
values are the strings of the JSON contract. References between records are id strings
(``"person:kassym-jomart-tokayev"``); :class:`~summitdata.Dataset` resolves them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeAlias

import attrs

from . import fields as f
from .dates import PartialDate
from .errors import Problem, ValidationError
from .fields import ACTOR_KINDS, FrozenMap, Rule

__all__ = [
    "ACTOR_KINDS",
    "RECORD_TYPES",
    "Anchor",
    "Claim",
    "ClaimKind",
    "Comparator",
    "FrozenMap",
    "Initiative",
    "InitiativeKind",
    "InitiativeStatus",
    "Identifier",
    "KINDS",
    "Kind",
    "Measure",
    "Organization",
    "Period",
    "Person",
    "Place",
    "PlaceKind",
    "Quantity",
    "RECORD_KIND_NAMES",
    "QuantityKind",
    "Record",
    "Role",
    "Source",
    "Speech",
    "Summit",
    "SummitKind",
    "SummitStatus",
    "Topic",
    "kind_of",
    "record_anchors",
]


# --- closed vocabularies -------------------------------------------------------------


class PlaceKind(enum.Enum):
    """What kind of place a :class:`Place` is.

    >>> PlaceKind("sea")
    <PlaceKind.SEA: 'sea'>
    """

    COUNTRY = "country"
    CITY = "city"
    SEA = "sea"
    REGION = "region"


class SummitKind(enum.Enum):
    """What kind of event a :class:`Summit` is: a meeting of some kind, or (since format 1.1)
    a dated event that is not a meeting.

    ``chairmanship`` is a term of office of a country or person chairing an organization
    (its ``host`` is the chair, its ``participants`` the organization; ``start`` and ``end``
    bound the term); ``anniversary`` is the day or year of an anniversary (the 30th
    anniversary of a country's neutrality).

    >>> SummitKind.FORUM.value, SummitKind("chairmanship").name
    ('forum', 'CHAIRMANSHIP')
    """

    SUMMIT = "summit"
    COUNCIL_MEETING = "council-meeting"
    FORUM = "forum"
    STATE_VISIT = "state-visit"
    VISIT = "visit"
    BILATERAL_MEETING = "bilateral-meeting"
    MEETING = "meeting"
    CONGRESS = "congress"
    UN_SESSION = "un-session"
    CHAIRMANSHIP = "chairmanship"
    ANNIVERSARY = "anniversary"


class SummitStatus(enum.Enum):
    """Whether a :class:`Summit` has taken place, is planned, or only proposed.

    >>> SummitStatus("planned")
    <SummitStatus.PLANNED: 'planned'>
    """

    HELD = "held"
    PLANNED = "planned"
    PROPOSED = "proposed"


class ClaimKind(enum.Enum):
    """What a :class:`Claim` does, one member for each kind of verb the articles use.

    The kind is read from the verb that reports the claim, one rule everywhere:

    - *stressed, emphasized, underscored, highlighted* -> ``emphasizes``, whatever follows
      (a noun such as *support* or *commitment* after them never decides);
    - *warned* -> ``warns``; *urged, called on* -> ``urges``; *called for* -> ``calls``;
      *invited* -> ``invites``; *proposed, initiated, launched* -> ``proposes``;
      *advocates, expressed support* -> ``supports``; *welcomed* -> ``welcomes``;
      *congratulated* -> ``congratulates``; *recalled*, and a present perfect that reports
      an earlier act (*has proposed*) -> ``recalls``; *announced* -> ``announces``;
      *reaffirmed* (a commitment or intention) -> ``commits``; *expressed gratitude* ->
      ``thanks``; *expressed confidence*, *called it*, *cited as* -> ``assesses``;
    - *said, noted, added* only frame what follows: a verb of the list above in it, with the
      speaker or his country as subject, decides (*Kazakhstan, he noted, advocates* ->
      ``supports``); else a figure about the past -> ``reports``, about the future ->
      ``forecasts``; else ``states``;
    - a direct quotation is read the same way (its own verb, *should* -> ``proposes``); one
      without such a verb or figure is ``warns`` when it warns of an outcome, ``assesses``
      when it judges, else ``states``;
    - a claim that records an earlier act reported inside a recall takes the kind of that
      act (*his proposal at the 80th UN General Assembly*, *launched* -> ``proposes``).

    >>> ClaimKind("warns")
    <ClaimKind.WARNS: 'warns'>
    """

    STATES = "states"
    ASSESSES = "assesses"
    EMPHASIZES = "emphasizes"
    WARNS = "warns"
    URGES = "urges"
    CALLS = "calls"
    INVITES = "invites"
    PROPOSES = "proposes"
    SUPPORTS = "supports"
    WELCOMES = "welcomes"
    CONGRATULATES = "congratulates"
    RECALLS = "recalls"
    ANNOUNCES = "announces"
    COMMITS = "commits"
    THANKS = "thanks"
    FORECASTS = "forecasts"
    REPORTS = "reports"


class Topic(enum.Enum):
    """The fixed vocabulary of claim and initiative topics.

    >>> sorted(t.value for t in Topic)[:3]
    ['agriculture', 'culture', 'development']
    """

    AGRICULTURE = "agriculture"
    CULTURE = "culture"
    DEVELOPMENT = "development"
    DIALOGUE = "dialogue"
    DIGITAL = "digital"
    ECONOMY = "economy"
    EDUCATION = "education"
    EMERGENCIES = "emergencies"
    ENERGY = "energy"
    ENVIRONMENT = "environment"
    HISTORY = "history"
    INTEGRATION = "integration"
    INTERNATIONAL_LAW = "international-law"
    INVESTMENT = "investment"
    NEUTRALITY = "neutrality"
    PEACE = "peace"
    RELIGION = "religion"
    SECURITY = "security"
    TRADE = "trade"
    TRANSPORT = "transport"
    UN_REFORM = "un-reform"
    WATER = "water"


class Comparator(enum.Enum):
    """How a :class:`Quantity` relates to its value: ``>`` for "over $2 billion".

    >>> Comparator(">")
    <Comparator.GT: '>'>
    """

    EQ = "="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    APPROX = "~"


class QuantityKind(enum.Enum):
    """Whether a :class:`Quantity` is measured, forecast, or a target.

    >>> QuantityKind.FORECAST.value
    'forecast'
    """

    ACTUAL = "actual"
    FORECAST = "forecast"
    TARGET = "target"


class Measure(enum.Enum):
    """What a :class:`Quantity` measures (since format 1.1), one member per kind of figure the articles give.

    The words map as follows: *total trade*, *trade turnover* -> ``trade-turnover``;
    *trade grew by N times* -> ``trade-growth``; *added value* -> ``added-value``;
    *employs N people* -> ``employment``; *economic growth*, *GDP growth* ->
    ``gdp-growth``; *GDP* -> ``gdp``; *per capita income* -> ``per-capita-income``.

    >>> Measure("gdp-growth")
    <Measure.GDP_GROWTH: 'gdp-growth'>
    """

    TRADE_TURNOVER = "trade-turnover"
    TRADE_GROWTH = "trade-growth"
    ADDED_VALUE = "added-value"
    EMPLOYMENT = "employment"
    GDP_GROWTH = "gdp-growth"
    GDP = "gdp"
    PER_CAPITA_INCOME = "per-capita-income"


class InitiativeKind(enum.Enum):
    """What an :class:`Initiative` is.

    >>> InitiativeKind("programme")
    <InitiativeKind.PROGRAMME: 'programme'>
    """

    PROPOSAL = "proposal"
    PROGRAMME = "programme"
    PLAN = "plan"
    PROJECT = "project"
    CONCEPT = "concept"
    RESOLUTION = "resolution"
    DECLARATION = "declaration"
    DECISION = "decision"
    INSTITUTION = "institution"
    FORMAT = "format"
    MOVEMENT = "movement"


class InitiativeStatus(enum.Enum):
    """The last reported state of an :class:`Initiative`.

    >>> InitiativeStatus("nearing-completion").name
    'NEARING_COMPLETION'
    """

    PROPOSED = "proposed"
    PLANNED = "planned"
    NEARING_COMPLETION = "nearing-completion"
    IN_PROGRESS = "in-progress"
    ADOPTED = "adopted"
    SIGNED = "signed"
    ESTABLISHED = "established"
    LAUNCHED = "launched"


# An enum member equals only itself, so hashing by identity agrees with equality, and runs in C:
# Enum's own hash runs Python code (the hash of the member's name) for every member of every set
# and of every shared tuple of topics while a large document loads.
for _vocabulary in [v for v in list(globals().values()) if isinstance(v, enum.EnumType) and v.__module__ == __name__]:
    _vocabulary.__hash__ = object.__hash__  # type: ignore[method-assign,assignment]
del _vocabulary


#: The id prefix of every kind of record, in the order of the JSON contract (:data:`KINDS`
#: holds the same names with their classes).
RECORD_KIND_NAMES = ("source", "person", "organization", "place", "summit", "speech", "claim", "initiative")


# --- value types ---------------------------------------------------------------------


def _ends_in_order(value: Any) -> str | None:
    """``end`` is not before ``start`` (both partial dates, either may be unknown)."""
    if value.start is not None and value.end is not None and value.end.last_day() < value.start.first_day():
        return f"{value.end} is before start {value.start}"
    return None


@f.model(Rule(field="end", doc="`end` is not before `start`.", check=_ends_in_order))
class Period:
    """An interval between two partial dates, both ends included.

    In JSON it is ``{"start": "2024", "end": "2024"}``; either end may be ``null`` when
    unknown.

    >>> p = Period(start=PartialDate.parse("2020"), end=PartialDate.parse("2025"))
    >>> str(p.start), str(p.end)
    ('2020', '2025')
    """

    start: PartialDate | None = f.date("First day of the period; null when open or unknown.", default=None)
    end: PartialDate | None = f.date("Last day of the period; null when open or unknown.", default=None)


#: The identifier schemes whose form the model checks: scheme -> the pattern of an identifier.
ID_SCHEMES: Mapping[str, str] = MappingProxyType({"iso3166-1-alpha2": "[A-Z]{2}", "iso3166-1-alpha3": "[A-Z]{3}"})


def _identifier_fits_scheme(identifier: Identifier) -> str | None:
    pattern = ID_SCHEMES.get(identifier.scheme)
    if pattern is not None and re.fullmatch(pattern, identifier.identifier) is None:
        return f"{identifier.identifier!r} is not a {identifier.scheme} code ({pattern})"
    return None


@f.model(
    Rule(
        field="identifier",
        doc="An identifier of a known scheme has its form: `iso3166-1-alpha2` two capital letters, "
        "`iso3166-1-alpha3` three.",
        check=_identifier_fits_scheme,
    )
)
class Identifier:
    """An identifier of a person, organization or place in a scheme outside this data (as in Popolo).

    Countries carry their ISO 3166-1 codes (schemes ``iso3166-1-alpha2`` and
    ``iso3166-1-alpha3``). New in format 1.1.

    >>> Identifier(scheme="iso3166-1-alpha2", identifier="KZ").identifier
    'KZ'
    >>> Identifier(scheme="iso3166-1-alpha3", identifier="KZ")
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: Identifier: identifier: 'KZ' is not a iso3166-1-alpha3 code ([A-Z]{3})
    """

    scheme: str = f.text("The scheme: a lower-case slug such as iso3166-1-alpha2.", pattern=f.SLUG)
    identifier: str = f.text("The identifier in that scheme.")


def _span_after_start(anchor: Anchor) -> str | None:
    if anchor.end <= anchor.start:
        return f"must be greater than start ({anchor.start}), not {anchor.end}"
    return None


def _text_fits_span(anchor: Anchor) -> str | None:
    if len(anchor.text) != anchor.end - anchor.start:
        return f"has {len(anchor.text)} characters but the span is {anchor.end - anchor.start}"
    return None


@f.model(
    Rule(field="end", doc="`end` is greater than `start`.", check=_span_after_start),
    Rule(field="text", doc="`text` has `end - start` characters.", check=_text_fits_span),
)
class Anchor:
    """A span of an article: the characters ``text == source.text[start:end]``.

    Offsets count Unicode code points (Python ``str`` indices). Build one with
    :meth:`find` from the quoted text rather than by counting.

    >>> import summitdata
    >>> source = summitdata.load().sources.get("source:000-6d5a610b5cea50b9")
    >>> Anchor.find(source, "Dushanbe")
    Anchor(source='source:000-6d5a610b5cea50b9', start=309, end=317, text='Dushanbe')
    """

    source: str = f.ref("source", doc="Id of the source (article) the span is in.")
    start: int = f.integer("Offset of the first character, in Unicode code points (a Python str index).", minimum=0)
    end: int = f.integer("Offset just past the last character; text == source.text[start:end].", minimum=0)
    text: str = f.text("The anchored characters, exactly as in the article.", trimmed=False)

    @classmethod
    def find(cls, source: Source, text: str, occurrence: int = 0) -> Anchor:
        """The anchor of the ``occurrence``-th (from 0) appearance of ``text`` in ``source``.

        Raises :class:`~summitdata.ValidationError` when the text is not there (or not that
        many times), so a quotation can never be anchored to the wrong place.

        >>> import summitdata
        >>> source = summitdata.load().sources.get("source:000-6d5a610b5cea50b9")
        >>> Anchor.find(source, "Tokayev", occurrence=1).start
        458
        >>> Anchor.find(source, "Tokaev")
        Traceback (most recent call last):
        ...
        summitdata.errors.ValidationError: Anchor: text: 'Tokaev' does not occur in source:000-6d5a610b5cea50b9
        """
        return cls.in_text(source.id, source.text, text, occurrence)

    @classmethod
    def in_text(cls, source_id: str, source_text: str, text: str, occurrence: int = 0) -> Anchor:
        """Like :meth:`find`, given the source's id and text rather than the record.

        >>> Anchor.in_text("source:x", "one, two, one", "one", occurrence=1)
        Anchor(source='source:x', start=10, end=13, text='one')
        """
        if type(text) is not str or not text:
            raise ValidationError([Problem(record="Anchor", field="text", message="must be non-empty text")])
        if type(occurrence) is not int or occurrence < 0:
            raise ValidationError([Problem(record="Anchor", field="occurrence", message="must be an int >= 0")])
        start = -1
        for _ in range(occurrence + 1):
            start = source_text.find(text, start + 1)
            if start < 0:
                times = "" if occurrence == 0 else f" {occurrence + 1} times"
                raise ValidationError(
                    [Problem(record="Anchor", field="text", message=f"{text!r} does not occur{times} in {source_id}")]
                )
        return cls(source=source_id, start=start, end=start + len(text), text=text)


@f.model()
class Quantity:
    """A figure given in an article: ``$110 billion``, ``over 6%``, ``1.5 times``.

    ``value`` is full-scale (110 billion is ``110000000000``); percentages use unit
    ``"percent"`` and growth factors unit ``"times"``; ``currency`` is the ISO 4217 code of
    money, else ``None``. ``text`` is the figure as printed.

    >>> q = Quantity(value=6, unit="percent", comparator=Comparator.GT, kind=QuantityKind.FORECAST, text="exceed 6%")
    >>> q.value, q.comparator.value
    (6, '>')
    """

    value: int | float = f.number("The figure at full scale: 110 billion is 110000000000; an integer when integral.")
    unit: str = f.text("What the value counts: an ISO 4217 code for money, percent, times, people, ...")
    currency: str | None = f.text("ISO 4217 code for money, else null.", default=None, pattern="[A-Z]{3}")
    comparator: Comparator = f.choice(
        Comparator, "How the figure relates to the value: = > >= < <= or ~ (about).", default=Comparator.EQ
    )
    kind: QuantityKind = f.choice(QuantityKind, "actual (measured), forecast or target.", default=QuantityKind.ACTUAL)
    measure: Measure | None = f.choice(
        Measure,
        "What the figure measures: trade-turnover, gdp-growth, gdp, ...; null when unknown.",
        default=None,
        since="1.1",
    )
    period: Period | None = f.nested(
        Period, "The period the figure refers to, when the article gives or implies one.", default=None
    )
    text: str = f.text("The figure as printed in the article.")


@f.model()
class Role:
    """A title a person holds: ``President`` ``of`` Kazakhstan, as of a date.

    ``of`` is the id of an organization or a country (or ``None`` when the text names
    neither); ``as_of`` is the date of the article's event at which the title is attested.

    >>> Role(title="President", of="place:kazakhstan", as_of=PartialDate.parse("2025-10-10"),
    ...      evidence=(Anchor(source="source:a", start=0, end=9, text="President"),)).title
    'President'
    """

    title: str = f.text("The title as the article gives it (President, Chairman).")
    of: str | None = f.ref(
        "organization",
        "place",
        doc="Id of the organization or country the title is of; null when the text names neither.",
        countries=True,
        default=None,
    )
    as_of: PartialDate | None = f.date("Date of the article's event at which the title is attested.", default=None)
    evidence: tuple[Anchor, ...] = f.evidence(Anchor, "Anchors of the words that give the title.")


# --- records -------------------------------------------------------------------------


@f.model()
class Source:
    """One article, its text kept byte for byte.

    ``file`` is the name of the packaged text file; ``dateline`` the place the article is
    datelined from; ``credits`` the organizations it credits (photos), ``reported_by``
    those it names as reporting; ``rights`` the rights statement, ``None`` when the article
    gives none.

    >>> import summitdata
    >>> source = summitdata.load().sources.get("source:004-e880cedfab62665c")
    >>> source.text[:6], source.dateline
    ('ALMATY', 'place:almaty')
    """

    id: str = f.id_field("source")
    file: str = f.text("Name of the packaged text file of the article.")
    dateline: str | None = f.ref("place", doc="Id of the place the article is datelined from.", default=None)
    credits: tuple[str, ...] = f.refs(
        "organization", doc="Ids of the organizations the article credits (photos).", default=()
    )
    reported_by: tuple[str, ...] = f.refs(
        "organization", doc="Ids of the organizations the article names as reporting.", default=()
    )
    rights: str | None = f.text("The rights statement, null when the article gives none.", default=None)
    text: str = f.text("The article's text, byte for byte as delivered.", trimmed=False, repr=False)
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


def _identifiers() -> Any:
    return f.many(
        Identifier, "Identifiers in schemes outside this data (ISO 3166-1 codes).", unique=True, default=(), since="1.1"
    )


def _ambiguous_among_aliases(person: Person) -> str | None:
    stray = [alias for alias in person.ambiguous_aliases if alias not in person.aliases]
    return f"{stray[0]!r} is not one of aliases" if stray else None


@f.model(
    Rule(
        field="ambiguous_aliases",
        doc="Each ambiguous alias is one of `aliases`.",
        check=_ambiguous_among_aliases,
    )
)
class Person:
    """A named person, with the spellings the articles use and the titles they hold.

    ``ambiguous_aliases`` marks the aliases another person shares (a family name such as
    "Berdimuhamedov"): the dataset checks that an alias two people both list (compared
    without case) is marked on both; names are not compared with aliases.

    >>> import summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> tokayev.name, tokayev.roles[0].title
    ('Kassym-Jomart Tokayev', 'President')
    """

    id: str = f.id_field("person")
    name: str = f.text("Full name as the article gives it.")
    aliases: tuple[str, ...] = f.many(
        f.Text(), "Other spellings or short forms the articles use.", unique=True, default=()
    )
    ambiguous_aliases: tuple[str, ...] = f.many(
        f.Text(),
        "The aliases that another person shares (a family name): each is one of aliases.",
        unique=True,
        default=(),
        since="1.1",
    )
    identifiers: tuple[Identifier, ...] = _identifiers()
    roles: tuple[Role, ...] = f.many(Role, "Titles the person holds, each dated and anchored.", default=())
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


def _not_own_parent(record: Summit | Organization) -> str | None:
    if record.parent != record.id:
        return None
    kind = kind_of(record)
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} cannot sit inside itself"


@f.model(Rule(field="parent", doc="An organization is not its own parent.", check=_not_own_parent))
class Organization:
    """An organization or institution: the CIS, the UN, Akorda, the Halk Maslahaty.

    ``country`` is set only when the article ties the organization to a country;
    ``parent`` is the organization it is part of (the parents never form a cycle).

    >>> import summitdata
    >>> summitdata.load().organizations.get("organization:cis").short_name
    'CIS'
    """

    id: str = f.id_field("organization")
    name: str = f.text("Full name.")
    short_name: str | None = f.text("Abbreviation the article uses (CIS, UN), else null.", default=None)
    aliases: tuple[str, ...] = f.many(f.Text(), "Other names the articles use.", unique=True, default=())
    country: str | None = f.ref(
        "place", doc="Id of the country the article ties the organization to, else null.", countries=True, default=None
    )
    parent: str | None = f.ref(
        "organization",
        doc="Id of the organization this one is part of (a fund within the CIS), else null.",
        default=None,
        since="1.1",
    )
    identifiers: tuple[Identifier, ...] = _identifiers()
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


def _iso_codes_on_countries(place: Place) -> str | None:
    if place.kind is not PlaceKind.COUNTRY and any(i.scheme.startswith("iso3166-1-") for i in place.identifiers):
        return f"only a country has ISO 3166-1 codes, not a {place.kind.value}"
    return None


@f.model(Rule(field="identifiers", doc="Only a country carries ISO 3166-1 codes.", check=_iso_codes_on_countries))
class Place:
    """A country, city, sea or region.

    ``country`` is the id of the country a city or sea lies in, when known; a country
    carries its ISO 3166-1 codes in ``identifiers``.

    >>> import summitdata
    >>> summitdata.load().places.get("place:caspian-sea").kind
    <PlaceKind.SEA: 'sea'>
    """

    id: str = f.id_field("place")
    name: str = f.text("Name as the article gives it.")
    kind: PlaceKind = f.choice(PlaceKind, "country, city, sea or region.")
    country: str | None = f.ref(
        "place", doc="Id of the country a city or sea lies in, when known.", countries=True, default=None
    )
    aliases: tuple[str, ...] = f.many(f.Text(), "Other names or adjectives the articles use.", unique=True, default=())
    identifiers: tuple[Identifier, ...] = _identifiers()
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


@f.model(
    Rule(field="end", doc="`end` is not before `start`.", check=_ends_in_order),
    Rule(field="parent", doc="A summit does not sit inside itself.", check=_not_own_parent),
)
class Summit:
    """Any dated event: a summit, council meeting, forum, visit, talks, a congress; since format 1.1
    also a chairmanship term or an anniversary.

    ``parent`` is the event this one sits inside (talks during a visit); ``participants``
    and ``host`` are actor ids (people, organizations or countries). What each kind is,
    and how a chairmanship uses ``host`` and ``participants``, is in :class:`SummitKind`.

    >>> import summitdata
    >>> s = summitdata.load().summits.get("summit:2025-10-10-cis-heads-of-state-council")
    >>> str(s.start), s.status.value
    ('2025-10-10', 'held')
    """

    id: str = f.id_field("summit")
    kind: SummitKind = f.choice(
        SummitKind, "What kind of event: summit, council-meeting, forum, state-visit, ..., chairmanship, anniversary."
    )
    name: str = f.text("Name as the article gives it, or a description in its words.")
    start: PartialDate | None = f.date("First day, to the precision the text allows; null when unknown.", default=None)
    end: PartialDate | None = f.date("Last day; null when the text does not say.", default=None)
    place: str | None = f.ref("place", doc="Id of the place it is held in.", default=None)
    status: SummitStatus = f.choice(SummitStatus, "held, planned or proposed.")
    parent: str | None = f.ref(
        "summit", doc="Id of the event this one sits inside (talks during a visit).", default=None
    )
    participants: tuple[str, ...] = f.refs(
        *ACTOR_KINDS, doc="Ids of the people, organizations or countries taking part.", countries=True, default=()
    )
    host: str | None = f.ref(
        *ACTOR_KINDS,
        doc="Id of the host (a person, organization or country), else null.",
        countries=True,
        default=None,
    )
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


@f.model()
class Speech:
    """A speech (or remarks) a person gave at a summit.

    ``role`` is the title the speaker held that day.

    >>> import summitdata
    >>> speech = summitdata.load().speeches.get("speech:2025-12-12-tokayev-ashgabat-forum")
    >>> speech.speaker, str(speech.date)
    ('person:kassym-jomart-tokayev', '2025-12-12')
    """

    id: str = f.id_field("speech")
    speaker: str = f.ref("person", doc="Id of the person who spoke.")
    role: Role | None = f.nested(Role, "The title the speaker held that day.", default=None)
    summit: str = f.ref("summit", doc="Id of the summit the speech was given at.")
    date: PartialDate | None = f.date("The day of the speech, to the precision the text allows.", default=None)
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


def _text_is_first_anchor(claim: Claim) -> str | None:
    return None if claim.evidence[0].text == claim.text else "must be the text of the first evidence anchor"


def _about_others(claim: Claim) -> str | None:
    if not claim.about:  # most claims: no list to build
        return None
    if claim.id in claim.about:
        return "a claim is not about itself"
    twice = [ref for ref in claim.about if ref in claim.initiatives]
    return f"{twice[0]!r} is in initiatives already" if twice else None


@f.model(
    Rule(field="text", doc="`text` is the text of the first evidence anchor.", check=_text_is_first_anchor),
    Rule(
        field="about",
        doc="`about` names neither the claim itself nor an initiative of `initiatives`.",
        check=_about_others,
    ),
)
class Claim:
    """Something an actor said or did in words, as one article reports it.

    ``text`` is the article's own words for the claim: for a direct quotation
    (``direct=True``) one quoted sentence, for reported speech the clause that reports
    it; it is always the text of the first evidence anchor. ``speech`` is ``None`` when the
    claim was not made in a speech (talks, a launch); ``summit`` is where it was made;
    ``about`` lists the other records it talks about (the summit it announces).

    >>> import summitdata
    >>> claims = summitdata.load().claims
    >>> sum(c.direct for c in claims) > 0
    True
    """

    id: str = f.id_field("claim")
    speakers: tuple[str, ...] = f.refs(
        *ACTOR_KINDS,
        doc="Ids of the actors who said it (people, organizations or countries).",
        countries=True,
        min_items=1,
    )
    speech: str | None = f.ref(
        "speech", doc="Id of the speech it was made in, null when not in a speech.", default=None
    )
    summit: str | None = f.ref("summit", doc="Id of the summit it was made at.", default=None)
    kind: ClaimKind = f.choice(ClaimKind, "What the claim does: states, warns, urges, proposes, welcomes, ...")
    direct: bool = f.boolean("true for a verbatim quotation, false for reported speech.")
    text: str = f.text("The article's own words: one quoted sentence, or the clause that reports it.")
    topics: tuple[Topic, ...] = f.many(f.Choice(Topic), "Topics from the fixed vocabulary.", unique=True, default=())
    quantities: tuple[Quantity, ...] = f.many(Quantity, "The figures the claim gives.", default=())
    initiatives: tuple[str, ...] = f.refs("initiative", doc="Ids of the initiatives the claim concerns.", default=())
    about: tuple[str, ...] = f.refs(
        *RECORD_KIND_NAMES,
        doc="Ids of the other records the claim talks about (an event it announces, a country it congratulates "
        "on an anniversary), initiatives aside: they are in initiatives.",
        default=(),
        since="1.1",
    )
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


@f.model()
class Initiative:
    """A proposal, programme, plan, concept, resolution, declaration, decision,
    institution or format that an actor puts forward, supports or welcomes.

    ``proposer`` is an actor id, or ``None`` when the articles do not say who proposed it;
    ``status`` is the state last reported. The claims that mention an initiative (its
    milestones) are derived by :class:`~summitdata.Dataset`, not stored here.

    >>> import summitdata
    >>> summitdata.load().initiatives.get("initiative:caspian-interstate-programme").proposer
    'place:kazakhstan'
    """

    id: str = f.id_field("initiative")
    kind: InitiativeKind = f.choice(InitiativeKind, "What it is: proposal, programme, plan, concept, resolution, ...")
    name: str = f.text("Name as the articles give it, or a label in their words.")
    description: str | None = f.text("A short description in the articles' words, else null.", default=None)
    proposer: str | None = f.ref(
        *ACTOR_KINDS,
        doc="Id of the actor who put it forward, null when the articles do not say.",
        countries=True,
        default=None,
    )
    status: InitiativeStatus = f.choice(
        InitiativeStatus, "The state last reported: proposed, planned, signed, established, ..."
    )
    topics: tuple[Topic, ...] = f.many(f.Choice(Topic), "Topics from the fixed vocabulary.", unique=True, default=())
    evidence: tuple[Anchor, ...] = f.evidence(Anchor)
    inferred: Mapping[str, str] = f.inferred(default=f.NO_NOTES)


#: Any record with an id.
Record: TypeAlias = Source | Person | Organization | Place | Summit | Speech | Claim | Initiative


# --- the registry of record kinds ------------------------------------------------------


@attrs.frozen
class Kind:
    """One kind of record: its id prefix (``claim``), its JSON array (``claims``), its class.

    >>> KINDS[0]
    Kind(name='source', plural='sources', cls=<class 'summitdata.records.Source'>)
    >>> Kind.named("claim").plural
    'claims'
    """

    name: str
    plural: str
    cls: type[Any]

    @staticmethod
    def named(name: str) -> Kind:
        """The kind whose id prefix is ``name``; :class:`KeyError` when there is none.

        >>> Kind.named("person").cls.__name__
        'Person'
        """
        return _BY_NAME[name]

    @staticmethod
    def of(record: object) -> Kind:
        """The kind of a record or record class; :class:`TypeError` for anything else.

        >>> import summitdata
        >>> Kind.of(summitdata.load().claims[0]).name
        'claim'
        """
        cls = record if isinstance(record, type) else type(record)
        try:
            return _BY_CLASS[cls]
        except KeyError:
            raise TypeError(f"expected a summitdata record, not {cls.__name__}") from None


#: Every kind of record, in the order of the JSON contract.
KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", Source),
    Kind("person", "people", Person),
    Kind("organization", "organizations", Organization),
    Kind("place", "places", Place),
    Kind("summit", "summits", Summit),
    Kind("speech", "speeches", Speech),
    Kind("claim", "claims", Claim),
    Kind("initiative", "initiatives", Initiative),
)
if tuple(kind.name for kind in KINDS) != RECORD_KIND_NAMES:  # pragma: no cover - a guard for maintainers
    raise AssertionError("RECORD_KIND_NAMES must list the names of KINDS in order")
_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_CLASS = {kind.cls: kind for kind in KINDS}
_BY_PLURAL = {kind.plural: kind for kind in KINDS}

#: The record classes in the order of the JSON contract, with their id prefix and the
#: name of their JSON array (the same as :data:`KINDS`, as tuples).
RECORD_TYPES: tuple[tuple[type[Record], str, str], ...] = tuple((k.cls, k.name, k.plural) for k in KINDS)


def kind_of(record: object) -> str:
    """The id prefix of a record's kind (``"claim"``); :class:`TypeError` for anything else.

    >>> import summitdata
    >>> kind_of(summitdata.load().people[0])
    'person'
    """
    return Kind.of(record).name


def record_anchors(record: Any) -> Iterator[tuple[str, Anchor]]:
    """Every anchor of a record with its field path: its evidence, and that of its roles.

    >>> import summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> [path for path, _ in record_anchors(tokayev)][-2:]
    ['roles[0].evidence[0]', 'roles[0].evidence[1]']
    """
    anchors = [(path, value) for path, node, value in f.walk(type(record), record) if node == _ANCHOR]
    yield from (item for item in anchors if item[0].startswith("evidence"))
    yield from (item for item in anchors if not item[0].startswith("evidence"))


_ANCHOR = f.Nested(Anchor)

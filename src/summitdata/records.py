"""The record model: summits, speeches, claims, initiatives and the actors around them.

Every record is an immutable attrs class, built with keyword arguments and checked at
construction: a bad value raises :class:`~summitdata.ValidationError` naming the record
and the field. Collections of values are tuples; closed vocabularies are enums whose
values are the strings of the JSON contract. References between records are id strings
(``"person:kassym-jomart-tokayev"``); :class:`~summitdata.Dataset` resolves them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import TypeAlias

import attrs

from . import _validators as v
from ._validators import FrozenMap
from .dates import PartialDate, Period
from .errors import Problem, ValidationError

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
    "Organization",
    "Person",
    "Place",
    "PlaceKind",
    "Quantity",
    "QuantityKind",
    "Record",
    "Role",
    "Source",
    "Speech",
    "Summit",
    "SummitKind",
    "SummitStatus",
    "Topic",
    "record_anchors",
]

#: The id prefixes of the records that can act, speak or take part: a person, an
#: organization, or a country (a :class:`Place` of kind :attr:`PlaceKind.COUNTRY`).
ACTOR_KINDS = ("person", "organization", "place")


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
    """What kind of meeting a :class:`Summit` is.

    >>> SummitKind.FORUM.value
    'forum'
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

    The verbs map as follows: *said, noted, stressed* -> ``states``; a judgement
    (*remains an effective mechanism*, *expressed confidence*) -> ``assesses``;
    *emphasized, underscored, highlighted* -> ``emphasizes``; *warned* -> ``warns``;
    *urged, called on* -> ``urges``; *called for* -> ``calls``; *invited* -> ``invites``;
    *proposed, initiated, launched* -> ``proposes``; *advocates, expressed support* ->
    ``supports``; *welcomed* -> ``welcomes``; *congratulated* -> ``congratulates``;
    *recalled* -> ``recalls``; *announced* -> ``announces``; *reaffirmed* (a commitment or
    intention) -> ``commits``; *expressed gratitude* -> ``thanks``; a statement about the
    future with a figure -> ``forecasts``; a figure about the past -> ``reports``.

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


# --- value types ---------------------------------------------------------------------


def _anchor_offsets(instance: Anchor, attribute: attrs.Attribute[int], value: int) -> None:
    v.exact_int(instance, attribute, value)
    if value < 0:
        v.fail(instance, attribute.name, f"must not be negative: {value}")


@attrs.frozen(kw_only=True)
class Anchor:
    """A span of an article: the characters ``text == source.text[start:end]``.

    Offsets count Unicode code points (Python ``str`` indices). Build one with
    :meth:`find` from the quoted text rather than by counting.

    >>> import summitdata
    >>> source = summitdata.load().sources.get("source:000-6d5a610b5cea50b9")
    >>> Anchor.find(source, "Dushanbe")
    Anchor(source='source:000-6d5a610b5cea50b9', start=309, end=317, text='Dushanbe')
    """

    source: str = attrs.field(
        validator=v.reference("source"), metadata={"doc": "Id of the source (article) the span is in."}
    )
    start: int = attrs.field(
        validator=_anchor_offsets,
        metadata={"doc": "Offset of the first character, in Unicode code points (a Python str index)."},
    )
    end: int = attrs.field(
        validator=_anchor_offsets,
        metadata={"doc": "Offset just past the last character; text == source.text[start:end]."},
    )
    text: str = attrs.field(
        validator=v.instance_of(str), metadata={"doc": "The anchored characters, exactly as in the article."}
    )

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            v.fail(self, "end", f"must be greater than start ({self.start}), not {self.end}")
        if len(self.text) != self.end - self.start:
            v.fail(self, "text", f"has {len(self.text)} characters but the span is {self.end - self.start}")

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
                    [
                        Problem(
                            record="Anchor",
                            field="text",
                            message=f"{text!r} does not occur{times} in {source_id}",
                        )
                    ]
                )
        return cls(source=source_id, start=start, end=start + len(text), text=text)


def _item_anchor(instance: object, field: str, item: object) -> None:
    if not isinstance(item, Anchor):
        v.fail(instance, field, f"must be an Anchor, not {type(item).__name__}")


def _evidence(doc: str) -> tuple[Anchor, ...]:
    return attrs.field(validator=v.tuple_of(_item_anchor, nonempty=True), metadata={"doc": doc})


def _inferred(doc: str) -> Mapping[str, str]:
    return attrs.field(  # type: ignore[no-any-return]
        factory=FrozenMap, converter=v.freeze_map, validator=v.inferred_notes, metadata={"doc": doc}
    )


def _currency(instance: Quantity, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is None:
        return
    if type(value) is not str or len(value) != 3 or not value.isascii() or not value.isupper():
        v.fail(instance, attribute.name, f"must be an ISO 4217 code such as 'USD', not {value!r}")


@attrs.frozen(kw_only=True)
class Quantity:
    """A figure given in an article: ``$110 billion``, ``over 6%``, ``1.5 times``.

    ``value`` is full-scale (110 billion is ``110000000000``); percentages use unit
    ``"percent"`` and growth factors unit ``"times"``; ``currency`` is the ISO 4217 code of
    money, else ``None``. ``text`` is the figure as printed.

    >>> q = Quantity(value=6, unit="percent", comparator=Comparator.GT, kind=QuantityKind.FORECAST, text="exceed 6%")
    >>> q.value, q.comparator.value
    (6, '>')
    """

    value: int | float = attrs.field(
        validator=v.number,
        metadata={"doc": "The figure at full scale: 110 billion is 110000000000; an integer when integral."},
    )
    unit: str = attrs.field(
        validator=v.text,
        metadata={"doc": "What the value counts: an ISO 4217 code for money, percent, times, people, ..."},
    )
    currency: str | None = attrs.field(
        default=None, validator=_currency, metadata={"doc": "ISO 4217 code for money, else null."}
    )
    comparator: Comparator = attrs.field(
        default=Comparator.EQ,
        validator=v.member_of(Comparator),
        metadata={"doc": "How the figure relates to the value: = > >= < <= or ~ (about)."},
    )
    kind: QuantityKind = attrs.field(
        default=QuantityKind.ACTUAL,
        validator=v.member_of(QuantityKind),
        metadata={"doc": "actual (measured), forecast or target."},
    )
    period: Period | None = attrs.field(
        default=None,
        validator=v.optional(v.instance_of(Period)),
        metadata={"doc": "The period the figure refers to, when the article gives or implies one."},
    )
    text: str = attrs.field(validator=v.text, metadata={"doc": "The figure as printed in the article."})


_optional_date = v.optional(v.instance_of(PartialDate))


@attrs.frozen(kw_only=True)
class Role:
    """A title a person holds: ``President`` ``of`` Kazakhstan, as of a date.

    ``of`` is the id of an organization or a country (or ``None`` when the text names
    neither); ``as_of`` is the date of the article's event at which the title is attested.

    >>> Role(title="President", of="place:kazakhstan", as_of=PartialDate.parse("2025-10-10"),
    ...      evidence=(Anchor(source="source:a", start=0, end=9, text="President"),)).title
    'President'
    """

    title: str = attrs.field(
        validator=v.text, metadata={"doc": "The title as the article gives it (President, Chairman)."}
    )
    of: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("organization", "place")),
        metadata={"doc": "Id of the organization or country the title is of; null when the text names neither."},
    )
    as_of: PartialDate | None = attrs.field(
        default=None,
        validator=_optional_date,
        metadata={"doc": "Date of the article's event at which the title is attested."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors of the words that give the title.")


# --- records -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
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

    id: str = attrs.field(
        validator=v.record_id("source"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    file: str = attrs.field(validator=v.text, metadata={"doc": "Name of the packaged text file of the article."})
    dateline: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("place")),
        metadata={"doc": "Id of the place the article is datelined from."},
    )
    credits: tuple[str, ...] = attrs.field(
        default=(),
        validator=v.references("organization"),
        metadata={"doc": "Ids of the organizations the article credits (photos)."},
    )
    reported_by: tuple[str, ...] = attrs.field(
        default=(),
        validator=v.references("organization"),
        metadata={"doc": "Ids of the organizations the article names as reporting."},
    )
    rights: str | None = attrs.field(
        default=None,
        validator=v.optional(v.text),
        metadata={"doc": "The rights statement, null when the article gives none."},
    )
    text: str = attrs.field(
        validator=v.instance_of(str), repr=False, metadata={"doc": "The article's text, byte for byte as delivered."}
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


@attrs.frozen(kw_only=True)
class Person:
    """A named person, with the spellings the articles use and the titles they hold.

    >>> import summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> tokayev.name, tokayev.roles[0].title
    ('Kassym-Jomart Tokayev', 'President')
    """

    id: str = attrs.field(
        validator=v.record_id("person"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    name: str = attrs.field(validator=v.text, metadata={"doc": "Full name as the article gives it."})
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        validator=v.tuple_of(v.item_text, unique=True),
        metadata={"doc": "Other spellings or short forms the articles use."},
    )
    roles: tuple[Role, ...] = attrs.field(
        default=(),
        validator=v.tuple_of(v.item_instance_of(Role)),
        metadata={"doc": "Titles the person holds, each dated and anchored."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


@attrs.frozen(kw_only=True)
class Organization:
    """An organization or institution: the CIS, the UN, Akorda, the Halk Maslahaty.

    ``country`` is set only when the article ties the organization to a country.

    >>> import summitdata
    >>> summitdata.load().organizations.get("organization:cis").short_name
    'CIS'
    """

    id: str = attrs.field(
        validator=v.record_id("organization"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    name: str = attrs.field(validator=v.text, metadata={"doc": "Full name."})
    short_name: str | None = attrs.field(
        default=None,
        validator=v.optional(v.text),
        metadata={"doc": "Abbreviation the article uses (CIS, UN), else null."},
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(), validator=v.tuple_of(v.item_text, unique=True), metadata={"doc": "Other names the articles use."}
    )
    country: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("place")),
        metadata={"doc": "Id of the country the article ties the organization to, else null."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


@attrs.frozen(kw_only=True)
class Place:
    """A country, city, sea or region.

    ``country`` is the id of the country a city or sea lies in, when known.

    >>> import summitdata
    >>> summitdata.load().places.get("place:caspian-sea").kind
    <PlaceKind.SEA: 'sea'>
    """

    id: str = attrs.field(
        validator=v.record_id("place"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    name: str = attrs.field(validator=v.text, metadata={"doc": "Name as the article gives it."})
    kind: PlaceKind = attrs.field(validator=v.member_of(PlaceKind), metadata={"doc": "country, city, sea or region."})
    country: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("place")),
        metadata={"doc": "Id of the country a city or sea lies in, when known."},
    )
    aliases: tuple[str, ...] = attrs.field(
        default=(),
        validator=v.tuple_of(v.item_text, unique=True),
        metadata={"doc": "Other names or adjectives the articles use."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


@attrs.frozen(kw_only=True)
class Summit:
    """Any meeting-type event: a summit, council meeting, forum, visit, talks, a congress.

    ``parent`` is the event this one sits inside (talks during a visit); ``participants``
    and ``host`` are actor ids (people, organizations or countries).

    >>> import summitdata
    >>> s = summitdata.load().summits.get("summit:2025-10-10-cis-heads-of-state-council")
    >>> str(s.start), s.status.value
    ('2025-10-10', 'held')
    """

    id: str = attrs.field(
        validator=v.record_id("summit"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    kind: SummitKind = attrs.field(
        validator=v.member_of(SummitKind),
        metadata={"doc": "What kind of meeting: summit, council-meeting, forum, state-visit, ..."},
    )
    name: str = attrs.field(
        validator=v.text, metadata={"doc": "Name as the article gives it, or a description in its words."}
    )
    start: PartialDate | None = attrs.field(
        default=None,
        validator=_optional_date,
        metadata={"doc": "First day, to the precision the text allows; null when unknown."},
    )
    end: PartialDate | None = attrs.field(
        default=None, validator=_optional_date, metadata={"doc": "Last day; null when the text does not say."}
    )
    place: str | None = attrs.field(
        default=None, validator=v.optional(v.reference("place")), metadata={"doc": "Id of the place it is held in."}
    )
    status: SummitStatus = attrs.field(
        validator=v.member_of(SummitStatus), metadata={"doc": "held, planned or proposed."}
    )
    parent: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("summit")),
        metadata={"doc": "Id of the event this one sits inside (talks during a visit)."},
    )
    participants: tuple[str, ...] = attrs.field(
        default=(),
        validator=v.references(*ACTOR_KINDS),
        metadata={"doc": "Ids of the people, organizations or countries taking part."},
    )
    host: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference(*ACTOR_KINDS)),
        metadata={"doc": "Id of the host (a person, organization or country), else null."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end.last_day() < self.start.first_day():
            v.fail(self, "end", f"{self.end} is before start {self.start}")
        if self.parent == self.id:
            v.fail(self, "parent", "a summit cannot sit inside itself")


@attrs.frozen(kw_only=True)
class Speech:
    """A speech (or remarks) a person gave at a summit.

    ``role`` is the title the speaker held that day.

    >>> import summitdata
    >>> speech = summitdata.load().speeches.get("speech:2025-12-12-tokayev-ashgabat-forum")
    >>> speech.speaker, str(speech.date)
    ('person:kassym-jomart-tokayev', '2025-12-12')
    """

    id: str = attrs.field(
        validator=v.record_id("speech"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    speaker: str = attrs.field(validator=v.reference("person"), metadata={"doc": "Id of the person who spoke."})
    role: Role | None = attrs.field(
        default=None,
        validator=v.optional(v.instance_of(Role)),
        metadata={"doc": "The title the speaker held that day."},
    )
    summit: str = attrs.field(
        validator=v.reference("summit"), metadata={"doc": "Id of the summit the speech was given at."}
    )
    date: PartialDate | None = attrs.field(
        default=None,
        validator=_optional_date,
        metadata={"doc": "The day of the speech, to the precision the text allows."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


def _item_topic(instance: object, field: str, item: object) -> None:
    if not isinstance(item, Topic):
        v.fail(instance, field, f"must be a Topic, not {type(item).__name__}")


def _item_quantity(instance: object, field: str, item: object) -> None:
    if not isinstance(item, Quantity):
        v.fail(instance, field, f"must be a Quantity, not {type(item).__name__}")


@attrs.frozen(kw_only=True)
class Claim:
    """Something an actor said or did in words, as one article reports it.

    ``text`` is the article's own words for the claim: for a direct quotation
    (``direct=True``) one quoted sentence, for reported speech the clause that reports
    it; it is always the text of the first evidence anchor. ``speech`` is ``None`` when the
    claim was not made in a speech (talks, a launch); ``summit`` is where it was made.

    >>> import summitdata
    >>> claims = summitdata.load().claims
    >>> sum(c.direct for c in claims) > 0
    True
    """

    id: str = attrs.field(
        validator=v.record_id("claim"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    speakers: tuple[str, ...] = attrs.field(
        validator=v.references(*ACTOR_KINDS, nonempty=True),
        metadata={"doc": "Ids of the actors who said it (people, organizations or countries)."},
    )
    speech: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference("speech")),
        metadata={"doc": "Id of the speech it was made in, null when not in a speech."},
    )
    summit: str | None = attrs.field(
        default=None, validator=v.optional(v.reference("summit")), metadata={"doc": "Id of the summit it was made at."}
    )
    kind: ClaimKind = attrs.field(
        validator=v.member_of(ClaimKind),
        metadata={"doc": "What the claim does: states, warns, urges, proposes, welcomes, ..."},
    )
    direct: bool = attrs.field(
        validator=v.boolean, metadata={"doc": "true for a verbatim quotation, false for reported speech."}
    )
    text: str = attrs.field(
        validator=v.text,
        metadata={"doc": "The article's own words: one quoted sentence, or the clause that reports it."},
    )
    topics: tuple[Topic, ...] = attrs.field(
        default=(),
        validator=v.tuple_of(_item_topic, unique=True),
        metadata={"doc": "Topics from the fixed vocabulary."},
    )
    quantities: tuple[Quantity, ...] = attrs.field(
        default=(), validator=v.tuple_of(_item_quantity), metadata={"doc": "The figures the claim gives."}
    )
    initiatives: tuple[str, ...] = attrs.field(
        default=(), validator=v.references("initiative"), metadata={"doc": "Ids of the initiatives the claim concerns."}
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )

    def __attrs_post_init__(self) -> None:
        if self.evidence[0].text != self.text:
            v.fail(self, "text", "must be the text of the first evidence anchor")


@attrs.frozen(kw_only=True)
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

    id: str = attrs.field(
        validator=v.record_id("initiative"),
        metadata={
            "doc": "The record's id: its kind, a colon and a lower-case slug; unique across all kinds and never reused."
        },
    )
    kind: InitiativeKind = attrs.field(
        validator=v.member_of(InitiativeKind),
        metadata={"doc": "What it is: proposal, programme, plan, concept, resolution, ..."},
    )
    name: str = attrs.field(
        validator=v.text, metadata={"doc": "Name as the articles give it, or a label in their words."}
    )
    description: str | None = attrs.field(
        default=None,
        validator=v.optional(v.text),
        metadata={"doc": "A short description in the articles' words, else null."},
    )
    proposer: str | None = attrs.field(
        default=None,
        validator=v.optional(v.reference(*ACTOR_KINDS)),
        metadata={"doc": "Id of the actor who put it forward, null when the articles do not say."},
    )
    status: InitiativeStatus = attrs.field(
        validator=v.member_of(InitiativeStatus),
        metadata={"doc": "The state last reported: proposed, planned, signed, established, ..."},
    )
    topics: tuple[Topic, ...] = attrs.field(
        default=(),
        validator=v.tuple_of(_item_topic, unique=True),
        metadata={"doc": "Topics from the fixed vocabulary."},
    )
    evidence: tuple[Anchor, ...] = _evidence("Anchors into the articles that support the record (at least one).")
    inferred: Mapping[str, str] = _inferred(
        "Field path -> reason, for every value inferred rather than read in the article ({} when none)."
    )


#: Any record with an id.
Record: TypeAlias = Source | Person | Organization | Place | Summit | Speech | Claim | Initiative

#: The record classes in the order of the JSON contract, with their id prefix and the
#: name of their JSON array.
RECORD_TYPES: tuple[tuple[type[Record], str, str], ...] = (
    (Source, "source", "sources"),
    (Person, "person", "people"),
    (Organization, "organization", "organizations"),
    (Place, "place", "places"),
    (Summit, "summit", "summits"),
    (Speech, "speech", "speeches"),
    (Claim, "claim", "claims"),
    (Initiative, "initiative", "initiatives"),
)


def record_anchors(record: Record) -> Iterator[tuple[str, Anchor]]:
    """Every anchor of a record with its field path: its evidence, and its roles' evidence.

    >>> import summitdata
    >>> tokayev = summitdata.load().people.get("person:kassym-jomart-tokayev")
    >>> [path for path, _ in record_anchors(tokayev)][-2:]
    ['roles[0].evidence[0]', 'roles[1].evidence[0]']
    """
    for i, anchor in enumerate(record.evidence):
        yield f"evidence[{i}]", anchor
    if isinstance(record, Person):
        for r, role in enumerate(record.roles):
            for i, anchor in enumerate(role.evidence):
                yield f"roles[{r}].evidence[{i}]", anchor
    if isinstance(record, Speech) and record.role is not None:
        for i, anchor in enumerate(record.role.evidence):
            yield f"role.evidence[{i}]", anchor

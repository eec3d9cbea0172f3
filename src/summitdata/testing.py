"""Synthetic datasets for tests and benchmarks: :func:`synthetic_dataset`.

The records are invented but follow every rule of the record model: each one is
anchored to the character in synthetic article texts (generated here as
:class:`~summitdata.Source` records), every reference resolves, and the result passes
the checks of :class:`~summitdata.Dataset`. The same ``n_claims`` and ``seed`` always
give the same dataset, so ``dumps`` of it gives the same bytes.

This module needs nothing beyond summitdata's own dependencies (no test framework).

>>> from summitdata.testing import synthetic_dataset
>>> ds = synthetic_dataset(200)
>>> len(ds.claims), ds.verify()
(200, ())
>>> synthetic_dataset(200) == ds
True
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ._gc import gc_paused
from .dataset import Dataset
from .dates import PartialDate
from .errors import Problem, ValidationError
from .records import (
    Anchor,
    Claim,
    ClaimKind,
    Comparator,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Organization,
    Period,
    Person,
    Place,
    PlaceKind,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Speech,
    Summit,
    SummitKind,
    SummitStatus,
    Topic,
)

__all__ = ["synthetic_dataset"]

_R = TypeVar("_R")  # the record class of _Builder._record

#: The ``data_version`` of every synthetic dataset.
SYNTHETIC_DATA_VERSION = "synthetic.1"

_CLAIMS_PER_ARTICLE = 10
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONSETS = ("b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "ch", "y", "")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "ü", "ö", "á")
_CODAS = ("", "n", "r", "l", "s", "t", "m", "k")

_TOPIC_PHRASES: dict[Topic, tuple[str, ...]] = {
    Topic.AGRICULTURE: ("food security", "joint agricultural processing", "grain exports"),
    Topic.CULTURE: ("cultural and humanitarian ties", "the exchange of artists", "a shared cultural heritage"),
    Topic.DEVELOPMENT: ("sustainable development", "the development agenda", "support for the least developed"),
    Topic.DIALOGUE: ("trust and dialogue", "political dialogue", "regular consultations"),
    Topic.DIGITAL: ("digital transformation", "artificial intelligence", "e-commerce platforms"),
    Topic.ECONOMY: ("economic cooperation", "industrial cooperation", "economic growth"),
    Topic.EDUCATION: ("academic exchanges", "joint universities", "vocational training"),
    Topic.EMERGENCIES: ("disaster response", "emergency preparedness", "mutual assistance in emergencies"),
    Topic.ENERGY: ("energy security", "renewable energy", "regional power grids"),
    Topic.ENVIRONMENT: ("climate change", "the protection of ecosystems", "the fight against desertification"),
    Topic.HISTORY: ("historical truth", "the memory of the war generation", "a common history"),
    Topic.INTEGRATION: ("regional integration", "the unity of the member states", "a common market"),
    Topic.INTERNATIONAL_LAW: ("international law", "the principles of the UN Charter", "territorial integrity"),
    Topic.INVESTMENT: ("mutual investment", "joint investment funds", "the investment climate"),
    Topic.NEUTRALITY: ("permanent neutrality", "a policy of neutrality", "neutral mediation"),
    Topic.PEACE: ("peace and stability", "conflict prevention", "a lasting peace"),
    Topic.RELIGION: ("interfaith dialogue", "religious tolerance", "dialogue among civilizations"),
    Topic.SECURITY: ("regional security", "the fight against terrorism", "border security"),
    Topic.TRADE: ("mutual trade", "the removal of trade barriers", "trade turnover"),
    Topic.TRANSPORT: ("transport corridors", "transit potential", "a unified digital transport space"),
    Topic.UN_REFORM: ("the reform of the UN Security Council", "a stronger United Nations", "UN reform"),
    Topic.WATER: ("the rational use of water resources", "transboundary rivers", "water-saving technologies"),
}

# Claims' topics follow a Zipf-like law, as in real summit coverage: the economy and trade
# come up all the time, religion or UN reform rarely (each of the rarest topics holds
# under 1% of the claims, which the query benchmark needs for a selective topic filter).
_TOPICS_BY_FREQUENCY: tuple[Topic, ...] = (
    Topic.ECONOMY, Topic.TRADE, Topic.PEACE, Topic.SECURITY, Topic.TRANSPORT, Topic.INTEGRATION,
    Topic.DIALOGUE, Topic.ENERGY, Topic.DEVELOPMENT, Topic.ENVIRONMENT, Topic.WATER, Topic.INVESTMENT,
    Topic.DIGITAL, Topic.CULTURE, Topic.INTERNATIONAL_LAW, Topic.AGRICULTURE, Topic.EDUCATION,
    Topic.HISTORY, Topic.EMERGENCIES, Topic.UN_REFORM, Topic.NEUTRALITY, Topic.RELIGION,
)  # fmt: skip
_TOPIC_WEIGHTS = tuple(itertools.accumulate(1 / (rank + 1) ** 2 for rank in range(len(_TOPICS_BY_FREQUENCY))))


def _pick_topics(rng: random.Random, count: int) -> tuple[Topic, ...]:
    """``count`` distinct topics, drawn by their Zipf-like frequency."""
    picked: list[Topic] = []
    while len(picked) < count:
        (topic,) = rng.choices(_TOPICS_BY_FREQUENCY, cum_weights=_TOPIC_WEIGHTS)
        if topic not in picked:
            picked.append(topic)
    return tuple(picked)


#: How the synthetic articles report each kind of claim; ``{x}`` is a topic phrase.
_REPORTED: dict[ClaimKind, str] = {
    ClaimKind.STATES: "said that progress had been made on {x}",
    ClaimKind.ASSESSES: "said that cooperation on {x} remains an effective mechanism",
    ClaimKind.EMPHASIZES: "emphasized the importance of {x}",
    ClaimKind.WARNS: "warned of growing risks to {x}",
    ClaimKind.URGES: "urged partners to step up work on {x}",
    ClaimKind.CALLS: "called for closer coordination on {x}",
    ClaimKind.INVITES: "invited the delegations to join efforts on {x}",
    ClaimKind.PROPOSES: "proposed new steps on {x}",
    ClaimKind.SUPPORTS: "expressed support for {x}",
    ClaimKind.WELCOMES: "welcomed the results achieved on {x}",
    ClaimKind.CONGRATULATES: "congratulated the hosts on their leadership on {x}",
    ClaimKind.RECALLS: "recalled the earlier agreements on {x}",
    ClaimKind.ANNOUNCES: "announced a new programme on {x}",
    ClaimKind.COMMITS: "reaffirmed the commitment to {x}",
    ClaimKind.THANKS: "expressed gratitude for the partners' work on {x}",
}
_PLAIN_KINDS = tuple(_REPORTED)
_DIRECT: tuple[str, ...] = (
    "We must strengthen {x}.",
    "Our countries share responsibility for {x}.",
    "There is no alternative to {x}.",
    "We will continue to work on {x}.",
    "I am confident that {x} will bring results.",
)

_INITIATIVE_KINDS: dict[InitiativeKind, tuple[str, ...]] = {
    InitiativeKind.PROPOSAL: ("proposal on",),
    InitiativeKind.PROGRAMME: ("interstate programme on", "regional programme for"),
    InitiativeKind.PLAN: ("action plan on",),
    InitiativeKind.PROJECT: ("joint project on",),
    InitiativeKind.CONCEPT: ("concept of cooperation on",),
    InitiativeKind.RESOLUTION: ("resolution on",),
    InitiativeKind.DECLARATION: ("declaration on",),
    InitiativeKind.DECISION: ("decision on",),
    InitiativeKind.INSTITUTION: ("centre for",),
    InitiativeKind.FORMAT: ("dialogue platform on",),
    InitiativeKind.MOVEMENT: ("movement for",),
}

_ORG_FORMS = (
    ("Council of {n} States", "C{i}S"),
    ("{n} Economic Union", "{i}EU"),
    ("Organization for {n} Cooperation", "O{i}C"),
    ("{n} Development Bank", "{i}DB"),
    ("Conference on Interaction in {n}", "CI{i}"),
    ("{n} Press Service", None),
)

_SUMMIT_KINDS = (
    (SummitKind.SUMMIT, "{org} Summit"),
    (SummitKind.COUNCIL_MEETING, "{org} Heads of State Council meeting"),
    (SummitKind.COUNCIL_MEETING, "{org} Council of Foreign Ministers meeting"),
    (SummitKind.FORUM, "{city} International Forum"),
    (SummitKind.CONGRESS, "Congress of Leaders in {city}"),
    (SummitKind.STATE_VISIT, "State visit to {country}"),
    (SummitKind.MEETING, "{org} ministerial meeting"),
    (SummitKind.UN_SESSION, "UN General Assembly session"),
)

_TITLES = ("President", "Prime Minister", "Foreign Minister", "Vice President", "Minister of Economy")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


class _Names:
    """Pronounceable, unique invented names."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()  # slugs, so that ids made from names are unique

    def word(self, syllables: int) -> str:
        rng = self._rng
        while True:
            parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)]
            word = "".join(parts).capitalize()
            slug = _slug(word)
            if len(slug) >= 3 and slug not in self._used:
                self._used.add(slug)
                return word


class _Article:
    """The text of one synthetic article, built piece by piece with anchors."""

    __slots__ = ("id", "parts", "size")

    def __init__(self, source_id: str) -> None:
        self.id = source_id
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def anchor(self, text: str) -> Anchor:
        start = self.size
        self.add(text)
        return Anchor(source=self.id, start=start, end=self.size, text=text)

    def text(self) -> str:
        return "".join(self.parts)


def _date_phrase(date: PartialDate, *, with_year: bool = True) -> str:
    year = f" {date.year}" if with_year else ""
    if date.month is None:
        return f"in {date.year}"
    if date.day is None:
        return f"in {_MONTHS[date.month - 1]}{year}"
    return f"on {date.day} {_MONTHS[date.month - 1]}{year}"


def _spread(count: int, buckets: int) -> list[list[int]]:
    """Deal ``range(count)`` over ``buckets`` lists, round robin."""
    dealt: list[list[int]] = [[] for _ in range(buckets)]
    for i in range(count):
        dealt[i % buckets].append(i)
    return dealt


def synthetic_dataset(n_claims: int, seed: int = 0) -> Dataset:
    """A valid, deterministic, invented dataset with exactly ``n_claims`` claims.

    About one synthetic article per ten claims, each reporting a session of one of the
    summits; people, organizations, places (countries, cities, seas, regions), summits
    with dates spread from 2000 to 2026 (some known only to the month or the year, some
    inferred), speeches, initiatives, topics and quantities scale with ``n_claims`` (a
    100,000-claim dataset has hundreds of people and summits). Every record is anchored
    in the articles, which are part of the dataset as :class:`~summitdata.Source` records.

    >>> ds = synthetic_dataset(50, seed=1)
    >>> len(ds.claims), len(ds.sources), ds.data_version
    (50, 5, 'synthetic.1')
    >>> claim = ds.claims[0]
    >>> source = ds.sources.get(claim.evidence[0].source)
    >>> source.text[claim.evidence[0].start : claim.evidence[0].end] == claim.text
    True
    """
    if type(n_claims) is not int or n_claims < 0:
        raise ValidationError(
            [Problem(record="synthetic_dataset", field="n_claims", message=f"must be an int >= 0, not {n_claims!r}")]
        )
    if type(seed) is not int:
        raise ValidationError(
            [Problem(record="synthetic_dataset", field="seed", message=f"must be an int, not {seed!r}")]
        )
    with gc_paused():
        return _Builder(n_claims, seed).build()


class _Builder:
    def __init__(self, n_claims: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = _Names(self.rng)
        self.n_claims = n_claims
        self.n_articles = max(1, -(-n_claims // _CLAIMS_PER_ARTICLE))
        scale = n_claims / 100_000
        self.n_people = max(4, min(600, round(600 * scale**0.5)))
        self.n_countries = max(2, min(60, round(60 * scale**0.5)))
        self.n_orgs = max(2, min(48, round(48 * scale**0.5)))
        self.n_summits = max(1, min(800, round(800 * scale**0.5)))
        self.n_initiatives = max(1, min(1000, round(1000 * scale**0.5)))
        # Evidence per record, filled while the articles are written.
        self.evidence: dict[str, list[Anchor]] = {}

    # --- the things the articles talk about ----------------------------------------

    def plan(self) -> None:
        rng = self.rng
        names = self.names
        self.countries: list[dict[str, Any]] = []
        for _ in range(self.n_countries):
            name = names.word(rng.choice((2, 3)))
            self.countries.append({"id": f"place:{_slug(name)}", "name": name, "kind": PlaceKind.COUNTRY})
        self.cities: list[dict[str, Any]] = []
        for country in self.countries:
            for _ in range(rng.choice((1, 2, 2, 3))):
                name = names.word(rng.choice((2, 3)))
                self.cities.append(
                    {"id": f"place:{_slug(name)}", "name": name, "kind": PlaceKind.CITY, "country": country["id"]}
                )
        self.regions: list[dict[str, Any]] = []
        for i in range(max(1, self.n_countries // 10)):
            name = names.word(2)
            if i % 2 == 0:
                self.regions.append({"id": f"place:{_slug(name)}-sea", "name": f"{name} Sea", "kind": PlaceKind.SEA})
            else:
                self.regions.append(
                    {"id": f"place:central-{_slug(name)}", "name": f"Central {name}", "kind": PlaceKind.REGION}
                )
        self.places = self.countries + self.cities + self.regions

        self.orgs: list[dict[str, Any]] = []
        for i in range(self.n_orgs):
            form, short = _ORG_FORMS[i % len(_ORG_FORMS)]
            stem = names.word(2)
            name = form.format(n=stem)
            short_name = None if short is None else short.format(i=stem[0]) + str(i // len(_ORG_FORMS) or "")
            seat = rng.choice(self.countries)["id"] if short is None else None
            self.orgs.append({"id": f"organization:{_slug(name)}", "name": name, "short": short_name, "country": seat})

        self.people: list[dict[str, Any]] = []
        for _ in range(self.n_people):
            name = f"{names.word(2)} {names.word(rng.choice((2, 3)))}"
            country = rng.choice(self.countries)
            titles = [rng.choice(_TITLES)]
            if rng.random() < 0.2:
                titles.insert(0, "Foreign Minister" if titles[0] != "Foreign Minister" else "Prime Minister")
            self.people.append(
                {
                    "id": f"person:{_slug(name)}",
                    "name": name,
                    "alias": name.split()[-1] if rng.random() < 0.3 else None,
                    "country": country,
                    "titles": titles,
                }
            )

        self.summits: list[dict[str, Any]] = []
        hosts = [o for o in self.orgs if o["short"] is not None]
        for i in range(self.n_summits):
            kind, form = rng.choice(_SUMMIT_KINDS)
            org = rng.choice(hosts)
            city = rng.choice(self.cities)
            country = next(c for c in self.countries if c["id"] == city["country"])
            year = 2000 + (i * 27) // self.n_summits
            roll = rng.random()
            if roll < 0.8:
                start = PartialDate(year=year, month=rng.randint(1, 12), day=rng.randint(1, 26))
            elif roll < 0.95:
                start = PartialDate(year=year, month=rng.randint(1, 12))
            else:
                start = PartialDate(year=year)
            end: PartialDate | None = start
            if start.day is not None and rng.random() < 0.3:
                assert start.month is not None
                end = PartialDate(year=year, month=start.month, day=start.day + rng.randint(1, 2))
            elif rng.random() < 0.1:
                end = None
            base = form.format(org=org["short"] or org["name"], city=city["name"], country=country["name"])
            name = f"{base} {year}" if "{org}" in form or "UN" in form else base
            status = SummitStatus.HELD if year <= 2025 else rng.choice((SummitStatus.PLANNED, SummitStatus.PROPOSED))
            parent = None
            if i > 0 and kind in (SummitKind.STATE_VISIT, SummitKind.MEETING) and rng.random() < 0.4:
                parent = self.summits[rng.randrange(max(0, i - 5), i)]["id"]
            slug_date = start.isoformat()
            participants = rng.sample(self.people, k=min(3, len(self.people)))
            self.summits.append(
                {
                    "id": f"summit:{slug_date}-{_slug(base)}-{i}",
                    "kind": kind,
                    "name": name,
                    "start": start,
                    "end": end,
                    "city": city,
                    "country": country,
                    "org": org,
                    "status": status,
                    "parent": parent,
                    "participants": (*(p["id"] for p in participants), org["id"]),
                    "infer_year": start.day is not None and rng.random() < 0.1,
                }
            )

        self.initiatives: list[dict[str, Any]] = []
        initiative_kinds = tuple(_INITIATIVE_KINDS)
        for i in range(self.n_initiatives):
            initiative_kind = initiative_kinds[i % len(initiative_kinds)]
            (topic,) = _pick_topics(rng, 1)
            phrase = rng.choice(_TOPIC_PHRASES[topic])
            region = rng.choice(self.places)["name"]
            name = f"{region} {rng.choice(_INITIATIVE_KINDS[initiative_kind])} {phrase}"
            proposer: str | None
            roll = rng.random()
            if roll < 0.5:
                proposer = rng.choice(self.countries)["id"]
            elif roll < 0.8:
                proposer = rng.choice(self.people)["id"]
            else:
                proposer = None
            self.initiatives.append(
                {
                    "id": f"initiative:{_slug(name)}-{i}",
                    "kind": initiative_kind,
                    "name": name,
                    "topic": topic,
                    "proposer": proposer,
                    "status": rng.choice(tuple(InitiativeStatus)),
                    "description": f"A {phrase} put forward at a summit." if rng.random() < 0.3 else None,
                }
            )

    # --- the articles ----------------------------------------------------------------

    def _cite(self, record_id: str, anchor: Anchor) -> None:
        self.evidence.setdefault(record_id, []).append(anchor)

    def write(self) -> None:
        rng = self.rng
        n = self.n_articles
        people_of = _spread(len(self.people), n)
        orgs_of = _spread(len(self.orgs), n)
        places_of = _spread(len(self.places), n)
        initiatives_of = _spread(len(self.initiatives), n)
        summits_of = _spread(len(self.summits), n)
        self.sources: list[Source] = []
        self.speeches: list[Speech] = []
        self.claims: list[Claim] = []
        self.roles: dict[str, list[Role]] = {}
        person_by_id = {p["id"]: p for p in self.people}
        claim_index = 0
        for a in range(n):
            source_id = f"source:synthetic-{a:06d}"
            article = _Article(source_id)
            summit = self.summits[summits_of[a][0] if summits_of[a] else rng.randrange(len(self.summits))]
            city = summit["city"]
            source_evidence = article.anchor(city["name"].upper())
            article.add(" – ")
            # The opening sentence: the summit, its date and place.
            article.add("The ")
            self._cite(summit["id"], article.anchor(summit["name"]))
            article.add(f" took place {_date_phrase(summit['start'], with_year=not summit['infer_year'])} in ")
            self._cite(city["id"], article.anchor(city["name"]))
            article.add(", ")
            self._cite(summit["country"]["id"], article.anchor(summit["country"]["name"]))
            article.add(".\n")
            # Everyone and everything this article introduces.
            for p in people_of[a]:
                person = self.people[p]
                current, *former = reversed(person["titles"])
                country = person["country"]
                article.add("Among the guests was ")
                role_start = article.size
                article.add(f"{current} of {country['name']} ")
                self._cite(person["id"], article.anchor(person["name"]))
                role_text = f"{current} of {country['name']} {person['name']}"
                roles = [
                    Role(
                        title=current,
                        of=country["id"],
                        as_of=summit["start"],
                        evidence=(Anchor(source=source_id, start=role_start, end=article.size, text=role_text),),
                    )
                ]
                article.add(".\n")
                for title in former:
                    article.add(f"{person['name'].split()[-1]} previously served as ")
                    anchor = article.anchor(f"{title} of {country['name']}")
                    roles.insert(0, Role(title=title, of=country["id"], as_of=None, evidence=(anchor,)))
                    article.add(".\n")
                self.roles[person["id"]] = roles
                if person["alias"]:
                    article.add("Later in the day ")
                    self._cite(person["id"], article.anchor(person["alias"]))
                    article.add(" met the press.\n")
            for o in orgs_of[a]:
                org = self.orgs[o]
                article.add("Delegates of the ")
                self._cite(org["id"], article.anchor(org["name"]))
                if org["short"]:
                    article.add(" (")
                    self._cite(org["id"], article.anchor(org["short"]))
                    article.add(")")
                article.add(" attended.\n")
            for pl in places_of[a]:
                place = self.places[pl]
                article.add("The talks also concerned ")
                self._cite(place["id"], article.anchor(place["name"]))
                article.add(".\n")
            for s in summits_of[a][1:]:
                other = self.summits[s]
                article.add("Preparations for the ")
                self._cite(other["id"], article.anchor(other["name"]))
                article.add(" were discussed.\n")
            # Speeches and claims.
            count = (a + 1) * self.n_claims // n - a * self.n_claims // n
            speech_count = min(count, rng.choice((1, 1, 2))) if summit["status"] is SummitStatus.HELD else 0
            speakers = rng.sample(self.people, k=min(speech_count, len(self.people)))
            speeches: list[Speech] = []
            for k, speaker in enumerate(speakers):
                title = speaker["titles"][-1]
                article.add("Speaking at the ")
                article.add(f"{summit['name']}, {title} ")
                speech_anchor = Anchor(
                    source=source_id,
                    start=article.size - len(f"Speaking at the {summit['name']}, {title} "),
                    end=article.size - len(f", {title} "),
                    text=f"Speaking at the {summit['name']}",
                )
                role_start = article.size - len(f"{title} ")
                self._cite(speaker["id"], article.anchor(speaker["name"]))
                role = Role(
                    title=title,
                    of=speaker["country"]["id"],
                    as_of=summit["start"],
                    evidence=(
                        Anchor(
                            source=source_id,
                            start=role_start,
                            end=article.size,
                            text=f"{title} {speaker['name']}",
                        ),
                    ),
                )
                article.add(" addressed the delegations.\n")
                day = summit["start"] if summit["start"].day is not None else None
                speech = Speech(
                    id=f"speech:{source_id.partition(':')[2]}-{k}",
                    speaker=speaker["id"],
                    role=role,
                    summit=summit["id"],
                    date=day,
                    evidence=(speech_anchor,),
                    inferred={"date": "The article gives the day and month only; the year is the summit's."}
                    if day is not None and summit["infer_year"]
                    else {},
                )
                speeches.append(speech)
            own_initiatives = list(initiatives_of[a])
            for c in range(count):
                claim_id = f"claim:{source_id.partition(':')[2]}-{c:02d}"
                self.claims.append(
                    self._claim(
                        claim_id=claim_id,
                        article=article,
                        summit=summit,
                        speeches=speeches,
                        own_initiatives=own_initiatives,
                        person_by_id=person_by_id,
                    )
                )
                claim_index += 1
            for i in own_initiatives:  # initiatives no claim of this article took up
                initiative = self.initiatives[i]
                article.add("The ")
                self._cite(initiative["id"], article.anchor(initiative["name"]))
                article.add(" was also on the agenda.\n")
            self.speeches.extend(speeches)
            rights = None if a % 3 else f"© {2000 + a % 26} Synthetic News Agency"
            press = [o for o in self.orgs if o["short"] is None]
            self.sources.append(
                Source(
                    id=source_id,
                    file=f"synthetic-{a:06d}.txt",
                    dateline=city["id"],
                    credits=(press[a % len(press)]["id"],) if press and a % 2 else (),
                    reported_by=(),
                    rights=rights,
                    text=article.text(),
                    evidence=(source_evidence,),
                )
            )

    def _claim(
        self,
        *,
        claim_id: str,
        article: _Article,
        summit: dict[str, Any],
        speeches: Sequence[Speech],
        own_initiatives: list[int],
        person_by_id: dict[str, dict[str, Any]],
    ) -> Claim:
        rng = self.rng
        speech = rng.choice(speeches) if speeches and rng.random() < 0.85 else None
        if speech is not None:
            speaker_ids: tuple[str, ...] = (speech.speaker,)
            subject = person_by_id[speech.speaker]["name"].split()[-1]
        elif rng.random() < 0.5:
            country = rng.choice(self.countries)
            speaker_ids = (country["id"],)
            subject = f"The delegation of {country['name']}"
        else:
            pair = rng.sample(self.people, k=2) if len(self.people) >= 2 else self.people
            speaker_ids = tuple(p["id"] for p in pair)
            subject = " and ".join(p["name"].split()[-1] for p in pair)
        topics = _pick_topics(rng, rng.choice((1, 1, 2, 3)))
        phrase = rng.choice(_TOPIC_PHRASES[topics[0]])
        quantities: tuple[Quantity, ...] = ()
        initiatives: tuple[str, ...] = ()
        inferred: dict[str, str] = {}
        direct = False
        prefix, suffix = "", rng.choice((" ", " ", "\n"))
        roll = rng.random()
        if roll < 0.12:
            kind, text, quantities = self._figure(subject, summit)
            if "last year" in text:
                inferred["quantities[0].period"] = "The article says 'last year'; the year before the summit."
        elif roll < 0.3 and (own_initiatives or self.initiatives):
            chosen = own_initiatives.pop() if own_initiatives else rng.randrange(len(self.initiatives))
            initiative = self.initiatives[chosen]
            kind = rng.choice((ClaimKind.PROPOSES, ClaimKind.SUPPORTS, ClaimKind.WELCOMES))
            verb = {ClaimKind.PROPOSES: "proposed", ClaimKind.SUPPORTS: "supported", ClaimKind.WELCOMES: "welcomed"}
            start = article.size + len(f"{subject} {verb[kind]} the ")
            text = f"{subject} {verb[kind]} the {initiative['name']}."
            name = initiative["name"]
            self._cite(initiative["id"], Anchor(source=article.id, start=start, end=start + len(name), text=name))
            initiatives = (initiative["id"],)
            if initiative["topic"] not in topics:
                topics = (initiative["topic"], *topics[:1])
        elif roll < 0.45:
            kind = rng.choice(_PLAIN_KINDS)
            direct = True
            prefix, suffix = f"{subject} said: “", "”\n"
            text = rng.choice(_DIRECT).format(x=phrase)
            text = text[0].upper() + text[1:]
        else:
            kind = rng.choice(_PLAIN_KINDS)
            text = f"{subject} {_REPORTED[kind].format(x=phrase)}."
        article.add(prefix)
        anchor = article.anchor(text)
        article.add(suffix)
        return self._make_claim(
            claim_id=claim_id,
            speaker_ids=speaker_ids,
            speech=speech,
            summit=summit,
            kind=kind,
            direct=direct,
            anchor=anchor,
            topics=topics,
            quantities=quantities,
            initiatives=initiatives,
            inferred=inferred,
        )

    def _figure(self, subject: str, summit: dict[str, Any]) -> tuple[ClaimKind, str, tuple[Quantity, ...]]:
        rng = self.rng
        year = summit["start"].year
        form = rng.randrange(4)
        if form == 0:
            billions = rng.randint(5, 400) / 2
            value: int | float = round(billions * 1_000_000_000)
            shown = f"${billions:g} billion"
            comparator = rng.choice((Comparator.EQ, Comparator.GT, Comparator.APPROX))
            words = {Comparator.EQ: "", Comparator.GT: "over ", Comparator.APPROX: "about "}[comparator]
            text = f"{subject} said that mutual trade reached {words}{shown} last year."
            period = Period(start=PartialDate(year=year - 1), end=PartialDate(year=year - 1))
            return (
                ClaimKind.REPORTS,
                text,
                (
                    Quantity(
                        value=value,
                        unit="USD",
                        currency="USD",
                        comparator=comparator,
                        kind=QuantityKind.ACTUAL,
                        period=period,
                        text=f"{words}{shown}".strip(),
                    ),
                ),
            )
        if form == 1:
            tenths = rng.randint(15, 95)
            percent: int | float = tenths // 10 if tenths % 10 == 0 else tenths / 10
            target = year + rng.randint(1, 5)
            text = f"{subject} forecast that economic growth would exceed {percent:g}% by {target}."
            return (
                ClaimKind.FORECASTS,
                text,
                (
                    Quantity(
                        value=percent,
                        unit="percent",
                        comparator=Comparator.GT,
                        kind=QuantityKind.FORECAST,
                        period=Period(start=None, end=PartialDate(year=target)),
                        text=f"exceed {percent:g}%",
                    ),
                ),
            )
        if form == 2:
            factor: int | float = rng.choice((1.5, 2, 2.5, 3))
            text = f"{subject} noted that trade had grown by {factor:g} times in five years."
            return (
                ClaimKind.REPORTS,
                text,
                (
                    Quantity(
                        value=factor,
                        unit="times",
                        kind=QuantityKind.ACTUAL,
                        period=Period(start=PartialDate(year=year - 5), end=PartialDate(year=year)),
                        text=f"{factor:g} times",
                    ),
                ),
            )
        count = rng.randint(2, 60) * 10
        millions = rng.randint(1, 90)
        text = f"{subject} announced {count} joint projects worth €{millions} million."
        return (
            ClaimKind.ANNOUNCES,
            text,
            (
                Quantity(value=count, unit="projects", kind=QuantityKind.TARGET, text=f"{count} joint projects"),
                Quantity(
                    value=millions * 1_000_000,
                    unit="EUR",
                    currency="EUR",
                    kind=QuantityKind.TARGET,
                    text=f"€{millions} million",
                ),
            ),
        )

    def _make_claim(
        self,
        *,
        claim_id: str,
        speaker_ids: tuple[str, ...],
        speech: Speech | None,
        summit: dict[str, Any],
        kind: ClaimKind,
        direct: bool,
        anchor: Anchor,
        topics: tuple[Topic, ...],
        quantities: tuple[Quantity, ...],
        initiatives: tuple[str, ...],
        inferred: dict[str, str],
    ) -> Claim:
        return Claim(
            id=claim_id,
            speakers=speaker_ids,
            speech=None if speech is None else speech.id,
            summit=summit["id"] if speech is not None or self.rng.random() < 0.7 else None,
            kind=kind,
            direct=direct,
            text=anchor.text,
            topics=topics,
            quantities=quantities,
            initiatives=initiatives,
            evidence=(anchor,),
            inferred=inferred,
        )

    # --- the records -----------------------------------------------------------------

    def _record(self, cls: Callable[..., _R], plan: dict[str, Any], *copied: str, **values: Any) -> _R:
        """The record of ``plan``: its id, the values named in ``copied`` as planned, ``values``, and its evidence."""
        record_id = plan["id"]
        planned = {key: plan[key] for key in copied}
        return cls(id=record_id, **planned, **values, evidence=tuple(self.evidence[record_id]))

    def build(self) -> Dataset:
        self.plan()
        self.write()
        places = [self._record(Place, p, "name", "kind", country=p.get("country")) for p in self.places]
        organizations = [self._record(Organization, o, "name", "country", short_name=o["short"]) for o in self.orgs]
        people = [
            self._record(
                Person,
                p,
                "name",
                aliases=(p["alias"],) if p["alias"] else (),
                roles=tuple(self.roles[p["id"]]),
                inferred={"roles": "The article gives the current title at the summit and says only 'previously'."}
                if len(p["titles"]) > 1
                else {},
            )
            for p in self.people
        ]
        summit_fields = ("kind", "name", "start", "end", "status", "parent", "participants")
        summits = [
            self._record(
                Summit,
                s,
                *summit_fields,
                place=s["city"]["id"],
                host=s["country"]["id"],
                inferred={"start": "The article gives the day and month only; the year from the summit's name."}
                if s["infer_year"]
                else {},
            )
            for s in self.summits
        ]
        initiative_fields = ("kind", "name", "description", "proposer", "status")
        initiatives = [self._record(Initiative, i, *initiative_fields, topics=(i["topic"],)) for i in self.initiatives]
        return Dataset(
            sources=self.sources,
            people=people,
            organizations=organizations,
            places=places,
            summits=summits,
            speeches=self.speeches,
            claims=self.claims,
            initiatives=initiatives,
            data_version=SYNTHETIC_DATA_VERSION,
        )

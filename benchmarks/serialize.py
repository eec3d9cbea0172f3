"""Time ``dumps`` and validated ``loads`` of 100,000 claims against msgspec and pydantic v2.

The records are ``summitdata.testing.synthetic_dataset(N)`` (N claims and the sources,
people, organizations, places, summits, speeches and initiatives around them). The same
document goes through three libraries in the same process, one after the other, with
the interpreter's defaults (cyclic GC on, no tuning by this script):

- summitdata: ``summitdata.dumps(ds)`` and ``summitdata.loads(data)``, which checks every
  type, value, anchor and reference and builds the immutable ``Dataset``;
- msgspec: typed ``Struct`` classes with the same per-field constraints (exact types, all
  fields required, unknown fields forbidden, enums, id/text/date patterns, non-negative
  offsets, number range, non-empty arrays), decoded from and encoded to the same bytes
  (``msgspec.json.format(indent=2)`` gives the same layout);
- pydantic v2: strict ``BaseModel`` classes with the same constraints
  (``extra="forbid"``, ``strict=True``), ``model_validate_json`` and ``model_dump_json(indent=2)``.

msgspec and pydantic check each record on its own; summitdata also checks every anchor
against the text of its article, every reference against the ids present, and unique
ids, so the comparison favours them.

Run (from the repository root)::

    pip install -e ".[bench]"          # msgspec and pydantic, the benchmark-only extra
    python benchmarks/serialize.py     # default install: stdlib json
    pip install -e ".[fast,bench]"     # orjson as the JSON backend of summitdata
    python benchmarks/serialize.py

Options: ``--claims N`` (default 100000), ``--repeat R`` (best of R, default 3),
``--backend json|orjson`` (default: what summitdata picks: orjson when installed),
``--no-gc`` (for context only: disable the cyclic GC for all three libraries; the
targets are measured with it on, the interpreter's default).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
import pydantic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

import summitdata
from summitdata import serialize
from summitdata.records import (
    ClaimKind,
    Comparator,
    InitiativeKind,
    InitiativeStatus,
    PlaceKind,
    QuantityKind,
    SummitKind,
    SummitStatus,
    Topic,
)
from summitdata.testing import synthetic_dataset

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# msgspec's patterns are Python regular expressions used with re.search; pydantic's are
# Rust regular expressions (where $ is the end of the text and look-ahead is unsupported).
END_PY = r"$(?!\n)"
TEXT_RE = r"^\S(?:[\s\S]*\S)?"
DATE_RE = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
ACTORS = ("person", "organization", "place")


def ref_re(*kinds: str) -> str:
    return "^(?:" + "|".join(kinds) + "):" + SLUG


# --- msgspec -----------------------------------------------------------------------------


def ms_str(pattern: str, min_length: int = 0) -> Any:
    return Annotated[str, msgspec.Meta(pattern=pattern + END_PY, min_length=min_length)]


MsText = ms_str(TEXT_RE, 1)
MsDate = ms_str(DATE_RE)
MsOffset = Annotated[int, msgspec.Meta(ge=0)]
MsNumber = Annotated[int, msgspec.Meta(gt=-(10**18), lt=10**18)] | Annotated[float, msgspec.Meta(gt=-1e18, lt=1e18)]
MsNotes = dict[Annotated[str, msgspec.Meta(min_length=1)], Annotated[str, msgspec.Meta(pattern=r"\S")]]


def ms_id(*kinds: str) -> Any:
    return ms_str(ref_re(*kinds))


class MsStruct(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


class MsAnchor(MsStruct):
    source: ms_id("source")  # type: ignore[valid-type]
    start: MsOffset
    end: MsOffset
    text: str


MsEvidence = Annotated[list[MsAnchor], msgspec.Meta(min_length=1)]


class MsPeriod(MsStruct):
    start: MsDate | None  # type: ignore[valid-type]
    end: MsDate | None  # type: ignore[valid-type]


class MsQuantity(MsStruct):
    value: MsNumber
    unit: MsText  # type: ignore[valid-type]
    currency: ms_str("^[A-Z]{3}") | None  # type: ignore[valid-type]
    comparator: Comparator
    kind: QuantityKind
    period: MsPeriod | None
    text: MsText  # type: ignore[valid-type]


class MsRole(MsStruct):
    title: MsText  # type: ignore[valid-type]
    of: ms_id("organization", "place") | None  # type: ignore[valid-type]
    as_of: MsDate | None  # type: ignore[valid-type]
    evidence: MsEvidence


class MsSource(MsStruct):
    id: ms_id("source")  # type: ignore[valid-type]
    file: MsText  # type: ignore[valid-type]
    dateline: ms_id("place") | None  # type: ignore[valid-type]
    credits: list[ms_id("organization")]  # type: ignore[valid-type]
    reported_by: list[ms_id("organization")]  # type: ignore[valid-type]
    rights: MsText | None  # type: ignore[valid-type]
    text: str
    evidence: MsEvidence
    inferred: MsNotes


class MsPerson(MsStruct):
    id: ms_id("person")  # type: ignore[valid-type]
    name: MsText  # type: ignore[valid-type]
    aliases: list[MsText]  # type: ignore[valid-type]
    roles: list[MsRole]
    evidence: MsEvidence
    inferred: MsNotes


class MsOrganization(MsStruct):
    id: ms_id("organization")  # type: ignore[valid-type]
    name: MsText  # type: ignore[valid-type]
    short_name: MsText | None  # type: ignore[valid-type]
    aliases: list[MsText]  # type: ignore[valid-type]
    country: ms_id("place") | None  # type: ignore[valid-type]
    evidence: MsEvidence
    inferred: MsNotes


class MsPlace(MsStruct):
    id: ms_id("place")  # type: ignore[valid-type]
    name: MsText  # type: ignore[valid-type]
    kind: PlaceKind
    country: ms_id("place") | None  # type: ignore[valid-type]
    aliases: list[MsText]  # type: ignore[valid-type]
    evidence: MsEvidence
    inferred: MsNotes


class MsSummit(MsStruct):
    id: ms_id("summit")  # type: ignore[valid-type]
    kind: SummitKind
    name: MsText  # type: ignore[valid-type]
    start: MsDate | None  # type: ignore[valid-type]
    end: MsDate | None  # type: ignore[valid-type]
    place: ms_id("place") | None  # type: ignore[valid-type]
    status: SummitStatus
    parent: ms_id("summit") | None  # type: ignore[valid-type]
    participants: list[ms_id(*ACTORS)]  # type: ignore[valid-type]
    host: ms_id(*ACTORS) | None  # type: ignore[valid-type]
    evidence: MsEvidence
    inferred: MsNotes


class MsSpeech(MsStruct):
    id: ms_id("speech")  # type: ignore[valid-type]
    speaker: ms_id("person")  # type: ignore[valid-type]
    role: MsRole | None
    summit: ms_id("summit")  # type: ignore[valid-type]
    date: MsDate | None  # type: ignore[valid-type]
    evidence: MsEvidence
    inferred: MsNotes


class MsClaim(MsStruct):
    id: ms_id("claim")  # type: ignore[valid-type]
    speakers: Annotated[list[ms_id(*ACTORS)], msgspec.Meta(min_length=1)]  # type: ignore[valid-type]
    speech: ms_id("speech") | None  # type: ignore[valid-type]
    summit: ms_id("summit") | None  # type: ignore[valid-type]
    kind: ClaimKind
    direct: bool
    text: MsText  # type: ignore[valid-type]
    topics: list[Topic]
    quantities: list[MsQuantity]
    initiatives: list[ms_id("initiative")]  # type: ignore[valid-type]
    evidence: MsEvidence
    inferred: MsNotes


class MsInitiative(MsStruct):
    id: ms_id("initiative")  # type: ignore[valid-type]
    kind: InitiativeKind
    name: MsText  # type: ignore[valid-type]
    description: MsText | None  # type: ignore[valid-type]
    proposer: ms_id(*ACTORS) | None  # type: ignore[valid-type]
    status: InitiativeStatus
    topics: list[Topic]
    evidence: MsEvidence
    inferred: MsNotes


class MsDocument(MsStruct):
    schema_version: ms_str(r"^1\.[0-9]+")  # type: ignore[valid-type]
    data_version: Annotated[str, msgspec.Meta(min_length=1)]
    sources: list[MsSource]
    people: list[MsPerson]
    organizations: list[MsOrganization]
    places: list[MsPlace]
    summits: list[MsSummit]
    speeches: list[MsSpeech]
    claims: list[MsClaim]
    initiatives: list[MsInitiative]


MS_DECODER = msgspec.json.Decoder(MsDocument)
MS_ENCODER = msgspec.json.Encoder()


def msgspec_load(data: bytes) -> MsDocument:
    return MS_DECODER.decode(data)


def msgspec_dump(doc: MsDocument) -> bytes:
    return msgspec.json.format(MS_ENCODER.encode(doc), indent=2) + b"\n"


# --- pydantic v2 ---------------------------------------------------------------------------


def pd_str(pattern: str, min_length: int = 0) -> Any:
    return Annotated[str, StringConstraints(pattern=pattern + "$", min_length=min_length)]


PdText = pd_str(TEXT_RE, 1)
PdDate = pd_str(DATE_RE)
PdOffset = Annotated[int, Field(ge=0)]
PdNumber = Annotated[int, Field(gt=-(10**18), lt=10**18)] | Annotated[float, Field(gt=-1e18, lt=1e18)]
PdNotes = dict[Annotated[str, StringConstraints(min_length=1)], Annotated[str, StringConstraints(pattern=r"\S")]]


def pd_id(*kinds: str) -> Any:
    return pd_str(ref_re(*kinds))


class PdModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PdAnchor(PdModel):
    source: pd_id("source")  # type: ignore[valid-type]
    start: PdOffset
    end: PdOffset
    text: str


PdEvidence = Annotated[list[PdAnchor], Field(min_length=1)]


class PdPeriod(PdModel):
    start: PdDate | None  # type: ignore[valid-type]
    end: PdDate | None  # type: ignore[valid-type]


class PdQuantity(PdModel):
    value: PdNumber
    unit: PdText  # type: ignore[valid-type]
    currency: pd_str("^[A-Z]{3}") | None  # type: ignore[valid-type]
    comparator: Comparator
    kind: QuantityKind
    period: PdPeriod | None
    text: PdText  # type: ignore[valid-type]


class PdRole(PdModel):
    title: PdText  # type: ignore[valid-type]
    of: pd_id("organization", "place") | None  # type: ignore[valid-type]
    as_of: PdDate | None  # type: ignore[valid-type]
    evidence: PdEvidence


class PdSource(PdModel):
    id: pd_id("source")  # type: ignore[valid-type]
    file: PdText  # type: ignore[valid-type]
    dateline: pd_id("place") | None  # type: ignore[valid-type]
    credits: list[pd_id("organization")]  # type: ignore[valid-type]
    reported_by: list[pd_id("organization")]  # type: ignore[valid-type]
    rights: PdText | None  # type: ignore[valid-type]
    text: str
    evidence: PdEvidence
    inferred: PdNotes


class PdPerson(PdModel):
    id: pd_id("person")  # type: ignore[valid-type]
    name: PdText  # type: ignore[valid-type]
    aliases: list[PdText]  # type: ignore[valid-type]
    roles: list[PdRole]
    evidence: PdEvidence
    inferred: PdNotes


class PdOrganization(PdModel):
    id: pd_id("organization")  # type: ignore[valid-type]
    name: PdText  # type: ignore[valid-type]
    short_name: PdText | None  # type: ignore[valid-type]
    aliases: list[PdText]  # type: ignore[valid-type]
    country: pd_id("place") | None  # type: ignore[valid-type]
    evidence: PdEvidence
    inferred: PdNotes


class PdPlace(PdModel):
    id: pd_id("place")  # type: ignore[valid-type]
    name: PdText  # type: ignore[valid-type]
    kind: PlaceKind
    country: pd_id("place") | None  # type: ignore[valid-type]
    aliases: list[PdText]  # type: ignore[valid-type]
    evidence: PdEvidence
    inferred: PdNotes


class PdSummit(PdModel):
    id: pd_id("summit")  # type: ignore[valid-type]
    kind: SummitKind
    name: PdText  # type: ignore[valid-type]
    start: PdDate | None  # type: ignore[valid-type]
    end: PdDate | None  # type: ignore[valid-type]
    place: pd_id("place") | None  # type: ignore[valid-type]
    status: SummitStatus
    parent: pd_id("summit") | None  # type: ignore[valid-type]
    participants: list[pd_id(*ACTORS)]  # type: ignore[valid-type]
    host: pd_id(*ACTORS) | None  # type: ignore[valid-type]
    evidence: PdEvidence
    inferred: PdNotes


class PdSpeech(PdModel):
    id: pd_id("speech")  # type: ignore[valid-type]
    speaker: pd_id("person")  # type: ignore[valid-type]
    role: PdRole | None
    summit: pd_id("summit")  # type: ignore[valid-type]
    date: PdDate | None  # type: ignore[valid-type]
    evidence: PdEvidence
    inferred: PdNotes


class PdClaim(PdModel):
    id: pd_id("claim")  # type: ignore[valid-type]
    speakers: Annotated[list[pd_id(*ACTORS)], Field(min_length=1)]  # type: ignore[valid-type]
    speech: pd_id("speech") | None  # type: ignore[valid-type]
    summit: pd_id("summit") | None  # type: ignore[valid-type]
    kind: ClaimKind
    direct: bool
    text: PdText  # type: ignore[valid-type]
    topics: list[Topic]
    quantities: list[PdQuantity]
    initiatives: list[pd_id("initiative")]  # type: ignore[valid-type]
    evidence: PdEvidence
    inferred: PdNotes


class PdInitiative(PdModel):
    id: pd_id("initiative")  # type: ignore[valid-type]
    kind: InitiativeKind
    name: PdText  # type: ignore[valid-type]
    description: PdText | None  # type: ignore[valid-type]
    proposer: pd_id(*ACTORS) | None  # type: ignore[valid-type]
    status: InitiativeStatus
    topics: list[Topic]
    evidence: PdEvidence
    inferred: PdNotes


class PdDocument(PdModel):
    schema_version: pd_str(r"^1\.[0-9]+")  # type: ignore[valid-type]
    data_version: Annotated[str, StringConstraints(min_length=1)]
    sources: list[PdSource]
    people: list[PdPerson]
    organizations: list[PdOrganization]
    places: list[PdPlace]
    summits: list[PdSummit]
    speeches: list[PdSpeech]
    claims: list[PdClaim]
    initiatives: list[PdInitiative]


def pydantic_load(data: bytes) -> PdDocument:
    return PdDocument.model_validate_json(data)


def pydantic_dump(doc: PdDocument) -> bytes:
    return doc.model_dump_json(indent=2).encode("utf-8") + b"\n"


# --- the run -------------------------------------------------------------------------------


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        result = None  # let the previous result go before timing the next run
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the synthetic dataset")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is reported)")
    parser.add_argument("--backend", choices=serialize.BACKENDS, help="summitdata's JSON backend")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC for every library (context)")
    args = parser.parse_args()
    backend = serialize.json_backend(args.backend)  # None: the default
    if args.no_gc:
        gc.disable()

    ds = synthetic_dataset(args.claims)
    data = summitdata.dumps(ds).encode("utf-8")
    records = sum(len(c) for c in ds.collections())
    same_ms = msgspec_dump(msgspec_load(data)) == data
    same_pd = pydantic_dump(pydantic_load(data)) == data
    del ds
    gc.collect()

    # Each measurement runs with only what it needs alive (the input, and the previous
    # result released before each run), so the cyclic GC, when on, traverses the same
    # live objects for every library.
    libraries: dict[str, tuple[Callable[[bytes], Any], Callable[[Any], Any]]] = {
        "summitdata": (
            lambda data: summitdata.loads(data, backend=backend),
            lambda ds: summitdata.dumps(ds, backend=backend),
        ),
        "msgspec": (msgspec_load, msgspec_dump),
        "pydantic": (pydantic_load, pydantic_dump),
    }
    results: dict[str, tuple[float, float]] = {}
    for name, (load, dump) in libraries.items():
        t_load, loaded = best(lambda load=load: load(data), args.repeat)  # type: ignore[misc]
        t_dump, written = best(lambda dump=dump, loaded=loaded: dump(loaded), args.repeat)  # type: ignore[misc]
        assert (written.encode("utf-8") if isinstance(written, str) else written) == data
        del loaded, written
        gc.collect()
        results[name] = (t_load, t_dump)

    print(
        f"{args.claims:,} claims, {records:,} records, {len(data) / 1e6:.1f} MB; "
        f"summitdata {summitdata.__version__} (backend {backend.name}), msgspec {msgspec.__version__}, "
        f"pydantic {pydantic.VERSION}; best of {args.repeat}, GC {'off' if args.no_gc else 'on'}"
    )
    print(f"same bytes as summitdata.dumps: msgspec {same_ms}, pydantic {same_pd}")
    print(f"{'':12} {'load µs/rec':>12} {'dump µs/rec':>12} {'load s':>8} {'dump s':>8}")
    for name, (t_load, t_dump) in results.items():
        print(f"{name:12} {t_load / records * 1e6:12.2f} {t_dump / records * 1e6:12.2f} {t_load:8.3f} {t_dump:8.3f}")
    ours_load, ours_dump = results["summitdata"]
    for name in ("msgspec", "pydantic"):
        their_load, their_dump = results[name]
        print(f"summitdata / {name}: load {ours_load / their_load:.1f}x, dump {ours_dump / their_dump:.1f}x")


if __name__ == "__main__":
    main()

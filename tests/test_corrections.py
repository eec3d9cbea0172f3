"""The rules of the 2026.1 corrections, checked over the whole packaged data (decisions page)."""

from __future__ import annotations

import re

import pytest

import summitdata
from summitdata.fields import Many, Nested, walk
from summitdata.records import record_anchors

#: The verb-to-kind rule of the decisions page (and of ``ClaimKind``): verb forms -> kind.
VERBS = {
    "emphasizes": r"stressed|stressing|emphasized|emphasizing|underscored|underscoring|highlighted|highlighting",
    "warns": r"warned",
    "urges": r"urged|called on|call on",
    "calls": r"called for",
    "invites": r"invited",
    "recalls": r"recalled|has proposed",
    "proposes": r"proposed|proposal|launched|should",
    "supports": r"advocates|expressed support",
    "welcomes": r"welcomed|welcomes",
    "congratulates": r"congratulated",
    "announces": r"announced",
    "commits": r"reaffirmed",
    "thanks": r"expressed gratitude",
    "assesses": r"expressed confidence|calling it|citing",
}
#: Verbs that only frame what follows.
FRAMING = r"said|noted|noting|added|adding"
_VERB = re.compile("|".join(f"(?P<{kind.replace('-', '_')}>\\b(?:{forms})\\b)" for kind, forms in VERBS.items()))
_FRAME = re.compile(rf"\b(?:{FRAMING})\b")


def kind_by_rule(ds: summitdata.Dataset, claim: summitdata.Claim) -> set[str]:
    """The kinds the rule allows for a claim: its own verb decides, else the verb that frames it."""
    own = _VERB.search(claim.text)
    if own is not None:
        return {str(own.lastgroup)}
    if own is None and not claim.direct and not _FRAME.search(claim.text):
        sentence = ds.context(claim)
        before = sentence.text[: claim.evidence[0].start - sentence.start]
        governing = list(re.finditer(f"{_VERB.pattern}|{_FRAME.pattern}", before))
        if governing and governing[-1].lastgroup is not None:
            return {governing[-1].lastgroup}
    if claim.quantities:
        return {"reports", "forecasts"}
    return {"states", "warns", "assesses"} if claim.direct else {"states"}


def test_every_claim_kind_follows_the_verb_rule(ds: summitdata.Dataset) -> None:
    wrong = [
        (c.id, c.kind.value, sorted(kind_by_rule(ds, c))) for c in ds.claims if c.kind.value not in kind_by_rule(ds, c)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("he stressed that the organization remains an effective mechanism", "emphasizes"),
        ("He emphasized Kazakhstan’s long-standing support for it", "emphasizes"),
        ("Kazakhstan has proposed developing a programme", "recalls"),
        ("Kazakhstan, he noted, advocates for reforming the UN", "supports"),
        ("noting Kazakhstan’s support for the resolution", "states"),
    ],
)
def test_the_verb_rule_on_its_own_examples(ds: summitdata.Dataset, text: str, kind: str) -> None:
    probe = type("Probe", (), {"text": text, "direct": False, "quantities": ()})()
    assert kind_by_rule(ds, probe) == {kind}


def test_no_anchor_starts_or_ends_inside_a_word(ds: summitdata.Dataset) -> None:
    cut = []
    for record in ds.records():
        if isinstance(record, summitdata.Source):
            continue
        for path, anchor in record_anchors(record):
            text = ds.sources.get(anchor.source).text
            inside_end = anchor.end < len(text) and text[anchor.end - 1].isalnum() and text[anchor.end].isalnum()
            inside_start = anchor.start > 0 and text[anchor.start - 1].isalnum() and text[anchor.start].isalnum()
            if inside_end or inside_start:
                cut.append((record.id, path))
    assert cut == []


def test_one_sentence_counts_once(ds: summitdata.Dataset) -> None:
    spans = [(c.evidence[0].source, c.evidence[0].start, c.evidence[0].end) for c in ds.claims]
    assert len(spans) == len(set(spans))


def test_attribution_anchors_do_not_swallow_another_quotation(ds: summitdata.Dataset) -> None:
    quotations = [(c.id, c.evidence[0]) for c in ds.claims if c.direct]
    swallowed = [
        (claim.id, other)
        for claim in ds.claims
        for extra in claim.evidence[1:]
        for other, quote in quotations
        if other != claim.id and quote.source == extra.source and extra.start <= quote.start and quote.end <= extra.end
    ]
    assert swallowed == []


def test_a_person_has_one_role_per_title_and_holder(ds: summitdata.Dataset) -> None:
    for person in ds.people:
        keys = [(role.title, role.of) for role in person.roles]
        assert len(keys) == len(set(keys)), person.id


def test_every_inference_note_names_a_value_of_its_record(ds: summitdata.Dataset) -> None:
    # A key names the value inferred (roles[0].as_of), not a whole list of values (roles).
    missing = []
    for record in ds.records():
        nodes = {path: node for path, node, _ in walk(type(record), record)}
        for key in record.inferred:
            node = nodes.get(key)
            whole_list = isinstance(node, Many) and isinstance(node.item, Nested)
            if key != "id" and (node is None or whole_list):
                missing.append((record.id, key))
    assert missing == []


def test_no_reason_is_two_reasons_spliced(ds: summitdata.Dataset) -> None:
    # A splice joined two notes with "; " or ". " followed by a second note's opening words.
    spliced = [
        (record.id, key)
        for record in ds.records()
        for key, reason in record.inferred.items()
        if re.search(r"[;.] (?:The article prints|Article \d{3}:|General knowledge:)", reason[1:])
        and reason.count("The article prints") + reason.count("Article 0") > 1
    ]
    assert spliced == []


def test_initiative_descriptions_are_sentences(ds: summitdata.Dataset) -> None:
    fragments = [
        i.id
        for i in ds.initiatives
        if i.description is not None and not (i.description[0].isupper() and i.description.endswith("."))
    ]
    assert fragments == []
    for i in ds.initiatives:  # a sentence has a verb: not a bare noun phrase such as "A map to link ..."
        assert i.description is None or not re.match(r"(?:A|An|Newly|Which|Including)\b", i.description), i.id


def test_one_day_events_end_the_day_they_start(ds: summitdata.Dataset) -> None:
    one_day = {s.id for s in ds.summits if s.end is not None and s.end == s.start}
    assert one_day == {
        "summit:2025-10-10-cis-heads-of-state-council",
        "summit:2025-12-11-ashgabat-welcome",
        # the events of format 1.1 that end the day (or year) they start
        "summit:2025-12-12-turkmenistan-neutrality-30th-anniversary",
        "summit:2025-80th-anniversary-victory-world-war-ii",
        "summit:2026-cis-chairmanship-turkmenistan",
    }
    assert all("end" in ds.summits.get(summit).inferred for summit in one_day)  # the day is an inference


def test_the_adjectives_the_articles_use_are_aliases(ds: summitdata.Dataset) -> None:
    texts = "\n".join(s.text for s in ds.sources)
    for place in ds.places:
        for alias in place.aliases:
            assert re.search(rf"\b{re.escape(alias)}\b", texts), (place.id, alias)
    for adjective in ("Kazakh", "Turkmen", "Ukrainian", "Central Asian", "Caspian"):
        assert any(adjective in p.aliases for p in ds.places), adjective


def test_quantity_texts_hold_the_figure_not_the_measured_noun(ds: summitdata.Dataset) -> None:
    nouns = ("GDP", "trade", "income", "growth", "sector")
    for claim in ds.claims:
        for quantity in claim.quantities:
            assert quantity.text in claim.evidence[0].text or any(quantity.text in a.text for a in claim.evidence)
            assert not quantity.text.startswith(nouns), (claim.id, quantity.text)

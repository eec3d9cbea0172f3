"""summitdata.testing.synthetic_dataset: deterministic, valid, realistic, dependency-free."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

import summitdata
from summitdata.dates import Precision
from summitdata.testing import synthetic_dataset


@pytest.fixture(scope="module")
def big() -> summitdata.Dataset:
    return synthetic_dataset(20_000)


def test_exact_size_and_valid() -> None:
    for n in (0, 1, 9, 11, 333):
        ds = synthetic_dataset(n)
        assert len(ds.claims) == n
        assert ds.verify() == ()
        assert summitdata.loads(summitdata.dumps(ds)) == ds


def test_deterministic() -> None:
    first = synthetic_dataset(500, seed=3)
    assert summitdata.dumps(synthetic_dataset(500, seed=3)) == summitdata.dumps(first)
    assert synthetic_dataset(500, seed=4) != first
    assert summitdata.synthetic_dataset is synthetic_dataset


def test_realistic(big: summitdata.Dataset) -> None:
    assert big.verify() == ()
    assert len(big.people) >= 200 and len(big.summits) >= 200
    assert len(big.speeches) >= 1000 and len(big.initiatives) >= 100 and len(big.sources) == 2000
    years = {s.start.year for s in big.summits if s.start is not None}
    assert max(years) - min(years) >= 20
    precisions = Counter(s.start.precision for s in big.summits if s.start is not None)
    assert precisions[Precision.DAY] > precisions[Precision.MONTH] > 0 and precisions[Precision.YEAR] > 0
    assert any(s.inferred for s in big.summits) and any(c.inferred for c in big.claims)
    assert {t for c in big.claims for t in c.topics} == set(summitdata.Topic)
    assert {c.kind for c in big.claims} == set(summitdata.ClaimKind)
    assert {p.kind for p in big.places} == set(summitdata.PlaceKind)
    assert sum(c.direct for c in big.claims) > 0 and sum(not c.direct for c in big.claims) > 0
    quantities = [q for c in big.claims for q in c.quantities]
    assert {q.unit for q in quantities} >= {"USD", "percent", "times"}
    assert any(c.initiatives for c in big.claims) and any(c.speech is None for c in big.claims)
    assert any(s.parent is not None for s in big.summits)
    assert any(len(c.speakers) > 1 for c in big.claims)
    assert any(not s.text.isascii() for s in big.sources)  # offsets count code points


def test_anchors_are_real(big: summitdata.Dataset) -> None:
    texts = {s.id: s.text for s in big.sources}
    for record in list(big.claims)[:2000:7]:
        anchor = record.evidence[0]
        assert texts[anchor.source][anchor.start : anchor.end] == anchor.text == record.text


def test_bad_arguments() -> None:
    with pytest.raises(summitdata.ValidationError, match="n_claims"):
        synthetic_dataset(-1)
    with pytest.raises(summitdata.ValidationError, match="seed"):
        synthetic_dataset(1, seed="x")  # type: ignore[arg-type]


def test_import_needs_no_test_dependency() -> None:
    code = (
        "import sys, summitdata.testing; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pytest', 'hypothesis', 'jsonschema', '_pytest'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

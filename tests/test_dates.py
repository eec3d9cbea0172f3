"""Partial dates (summitdata.dates): the order of dates of different precisions, and what a date can be."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable

import pytest
from hypothesis import given
from tests.strategies import partial_dates

from summitdata import PartialDate, ValidationError

OPERATORS: dict[str, Callable[[object, object], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def oracle(date: PartialDate) -> tuple[datetime.date, int]:
    """The documented order: by first day, the less precise first on a tie."""
    return date.first_day(), ["year", "month", "day"].index(date.precision.value)


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


# (left, right): left sorts strictly before right
BEFORE = [
    ("2025", "2025-01"),
    ("2025-01", "2025-01-01"),
    ("2025", "2025-01-01"),
    ("2025-01-01", "2025-01-02"),
    ("2025-01-31", "2025-02"),
    ("2025-12", "2026"),
    ("2025-06-30", "2025-07"),
    ("2024-12-31", "2025"),
    ("2025-01-02", "2025-02"),
    ("2025-02", "2025-02-01"),
    ("0999", "1000"),
]


@pytest.mark.parametrize(("left", "right"), BEFORE)
def test_order_across_precisions(left: str, right: str) -> None:
    a, b = d(left), d(right)
    assert (a < b, a <= b, a > b, a >= b) == (True, True, False, False)
    assert (b < a, b <= a, b > a, b >= a) == (False, False, True, True)
    assert a.sort_key() < b.sort_key()
    assert sorted([b, a]) == [a, b]


@pytest.mark.parametrize("text", ["2025", "2025-02", "2025-02-28"])
def test_a_date_against_itself(text: str) -> None:
    a, b = d(text), d(text)
    assert (a < b, a <= b, a > b, a >= b) == (False, True, False, True)
    assert a == b and hash(a) == hash(b) and a.sort_key() == b.sort_key()


@given(a=partial_dates(), b=partial_dates())
def test_every_comparison_follows_the_documented_order(a: PartialDate, b: PartialDate) -> None:
    for name, compare in OPERATORS.items():
        assert compare(a, b) == compare(oracle(a), oracle(b)), name
    assert (a.sort_key() < b.sort_key()) == (oracle(a) < oracle(b))
    assert (a.sort_key() == b.sort_key()) == (a == b)


@pytest.mark.parametrize("name", list(OPERATORS))
def test_comparing_with_something_else_is_a_type_error(name: str) -> None:
    with pytest.raises(TypeError):
        OPERATORS[name](d("2025"), "2025")
    with pytest.raises(TypeError):
        OPERATORS[name](d("2025"), datetime.date(2025, 1, 1))
    assert d("2025") != "2025"


def test_precision_interval_and_text() -> None:
    assert [d(t).precision.value for t in ("2024", "2024-02", "2024-02-29")] == ["year", "month", "day"]
    assert (d("2024").first_day(), d("2024").last_day()) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert (d("2023-02").first_day(), d("2023-02").last_day()) == (
        datetime.date(2023, 2, 1),
        datetime.date(2023, 2, 28),
    )
    assert d("2024-02-29").first_day() == d("2024-02-29").last_day() == datetime.date(2024, 2, 29)
    assert [str(d(t)) for t in ("0001", "0987-01", "2025-10-09")] == ["0001", "0987-01", "2025-10-09"]
    assert d("2025-10-09").isoformat() == "2025-10-09"
    assert PartialDate.from_date(datetime.date(2025, 3, 4)) == PartialDate(year=2025, month=3, day=4)
    assert d("2025-03").sort_key() == (2025, 3, 0) and d("2025").sort_key() == (2025, 0, 0)


@given(date=partial_dates())
def test_text_round_trip(date: PartialDate) -> None:
    assert PartialDate.parse(date.isoformat()) == date
    assert date.first_day() <= date.last_day()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": 0}, "year 0 is out of range 1..9999"),
        ({"year": 10000}, "year 10000 is out of range 1..9999"),
        ({"year": 2025, "month": 0}, "month 0 is out of range 1..12"),
        ({"year": 2025, "month": 13}, "month 13 is out of range 1..12"),
        ({"year": 2025, "day": 1}, "a day needs a month"),
        ({"year": 2025, "month": 2, "day": 29}, "day 29 is not in 2025-02"),
        ({"year": 2025, "month": 1, "day": 0}, "day 0 is not in 2025-01"),
        ({"year": 2025, "month": 4, "day": 31}, "day 31 is not in 2025-04"),
        ({"year": 2025.0}, "year must be an int, not float"),
        ({"year": 2025, "month": True}, "month must be an int, not bool"),
        ({"year": 2025, "month": 1, "day": "1"}, "day must be an int, not str"),
    ],
)
def test_impossible_dates_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        PartialDate(**fields)  # type: ignore[arg-type]
    [problem] = exc.value.problems
    assert (problem.record, problem.field, problem.message) == ("PartialDate", "", message)


def test_edges_of_the_calendar_are_fine() -> None:
    assert PartialDate(year=1, month=1, day=1).first_day() == datetime.date(1, 1, 1)
    assert PartialDate(year=9999, month=12, day=31).last_day() == datetime.date(9999, 12, 31)
    assert PartialDate(year=2024, month=2, day=29).day == 29
    assert PartialDate(year=2025, month=12).last_day() == datetime.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-1", "'2025-1' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-01-01T00", "'2025-01-01T00' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (" 2025", "' 2025' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("２０２５", "'２０２５' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        (2025, "expected an ISO 8601 date string, not int"),
    ],
)
def test_parse_refuses_other_forms(text: object, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        PartialDate.parse(text)  # type: ignore[arg-type]
    assert [p.message for p in exc.value.problems] == [message]

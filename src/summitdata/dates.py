"""Dates known to a year, a month or a day, and periods between them."""

from __future__ import annotations

import calendar
import datetime
import enum
import re

import attrs

from .errors import Problem, ValidationError

__all__ = ["PartialDate", "Precision"]

_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class Precision(enum.Enum):
    """How much of a :class:`PartialDate` is known.

    >>> PartialDate.parse("2025-04").precision
    <Precision.MONTH: 'month'>
    """

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def _invalid(message: str) -> ValidationError:
    return ValidationError([Problem(record="PartialDate", field="", message=message)])


@attrs.frozen(kw_only=True, order=False)
class PartialDate:
    """A calendar date known to a year, a month or a day.

    In JSON it is the ISO 8601 string of its precision: ``"2025"``, ``"2025-04"`` or
    ``"2025-10-10"``. A date known to a month or a year stands for the whole interval
    from :meth:`first_day` to :meth:`last_day`. Dates sort chronologically by their first
    day, a less precise date before a more precise one that starts on the same day.

    >>> d = PartialDate.parse("2026-04")
    >>> d.precision.value, str(d), d.first_day(), d.last_day()
    ('month', '2026-04', datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    >>> PartialDate(year=2025, month=2, day=30)
    Traceback (most recent call last):
    ...
    summitdata.errors.ValidationError: PartialDate: day 30 is not in 2025-02
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("year", "month", "day"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int):
                raise _invalid(f"{name} must be an int, not {type(value).__name__}")
        if not 1 <= self.year <= 9999:
            raise _invalid(f"year {self.year} is out of range 1..9999")
        if self.month is None:
            if self.day is not None:
                raise _invalid("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise _invalid(f"month {self.month} is out of range 1..12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise _invalid(f"day {self.day} is not in {self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; refuse anything else.

        >>> PartialDate.parse("2025-10-10")
        PartialDate(year=2025, month=10, day=10)
        >>> PartialDate.parse("2025-13")
        Traceback (most recent call last):
        ...
        summitdata.errors.ValidationError: PartialDate: month 13 is out of range 1..12
        """
        if type(text) is not str:
            raise _invalid(f"expected an ISO 8601 date string, not {type(text).__name__}")
        match = _ISO.fullmatch(text)
        if match is None:
            raise _invalid(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

    @classmethod
    def from_date(cls, value: datetime.date) -> PartialDate:
        """The day-precision date of a :class:`datetime.date`.

        >>> str(PartialDate.from_date(datetime.date(2025, 12, 12)))
        '2025-12-12'
        """
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> Precision:
        """:attr:`Precision.YEAR`, :attr:`Precision.MONTH` or :attr:`Precision.DAY`.

        >>> PartialDate.parse("2025").precision.value
        'year'
        """
        if self.month is None:
            return Precision.YEAR
        if self.day is None:
            return Precision.MONTH
        return Precision.DAY

    def first_day(self) -> datetime.date:
        """The first day of the interval this date stands for.

        >>> PartialDate.parse("2025").first_day()
        datetime.date(2025, 1, 1)
        """
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The last day of the interval this date stands for.

        >>> PartialDate.parse("2024-02").last_day()
        datetime.date(2024, 2, 29)
        """
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        if self.day is None:
            return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return datetime.date(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        """A key that orders dates by first day, the less precise first on a tie.

        >>> PartialDate.parse("2025").sort_key() < PartialDate.parse("2025-01").sort_key()
        True
        """
        return (self.year, self.month or 0, self.day or 0)

    def isoformat(self) -> str:
        """The ISO 8601 string of this date's precision (also ``str(date)``).

        >>> PartialDate(year=2025, month=4).isoformat()
        '2025-04'
        """
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    __str__ = isoformat

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

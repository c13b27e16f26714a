"""The reported month and the report period: one type each, one parser, one arithmetic.

A month is :class:`Month`; a report period is :class:`ReportPeriod` — a month ``2023-01``, a
quarter ``2023-Q1``, six months ``2023-H1``, nine months ``2023-9T`` or a year ``2023``.
Every function between packages takes and returns these types. Text is parsed and formatted
only at the edges: ``str()`` gives the canonical form (``2023-01``, ``2023-Q1``), which is
also what the database stores and what page addresses and CLI arguments carry.

>>> p = ReportPeriod.parse("2023-q1")
>>> str(p), [str(m) for m in p.months]
('2023-Q1', ['2023-01', '2023-02', '2023-03'])
>>> str(p.next()), str(ReportPeriod.parse("2023-9T").next()), str(p.same_period_last_year())
('2023-Q2', '2023-Q4', '2022-Q1')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from core.text import normalize

MIN_YEAR, MAX_YEAR = 1900, 2999

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(?:t(?:hang)?\.?\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"invalid month {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2023-01``, ``01/2023``, ``1/2023``, ``T1/2023``; ValueError otherwise."""
        m = _ISO.match(text)
        if m:
            return cls(int(m.group(1)), int(m.group(2)))
        m = _VN.match(normalize(text).replace("thang ", "t"))
        if m:
            return cls(int(m.group(2)), int(m.group(1)))
        raise ValueError(f"not a month: {text!r}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        """The canonical text ``YYYY-MM``: the stored form and the address form."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        nxt = self + 1
        return date.fromordinal(nxt.first_day.toordinal() - 1)

    def __add__(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, months: int) -> Month:
        return self + (-months)

    def diff(self, other: Month) -> int:
        """Whole months from ``other`` to ``self``."""
        return (self.year - other.year) * 12 + (self.month - other.month)


def month_range(start: Month, end: Month) -> list[Month]:
    """Every month from start to end inclusive (empty when end < start)."""
    return [start + i for i in range(end.diff(start) + 1)]


def year_to_date(month: Month) -> list[Month]:
    """January to ``month`` of the same year."""
    return month_range(Month(month.year, 1), month)


PeriodKind = Literal["month", "quarter", "half", "nine_months", "year"]
MONTH: PeriodKind = "month"
QUARTER: PeriodKind = "quarter"
HALF: PeriodKind = "half"
NINE_MONTHS: PeriodKind = "nine_months"
YEAR: PeriodKind = "year"
KINDS: tuple[PeriodKind, ...] = (MONTH, QUARTER, HALF, NINE_MONTHS, YEAR)

# Per kind: how many periods a year holds and how many months each covers (nine months is
# January to September, one a year).
_SPAN: dict[str, tuple[int, int]] = {
    MONTH: (12, 1), QUARTER: (4, 3), HALF: (2, 6), NINE_MONTHS: (1, 9), YEAR: (1, 12),
}
_CODE = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q(\d)|H(\d)|(9T)))?$", re.ASCII)


@dataclass(frozen=True)
class ReportPeriod:
    """A period the Department reports on: ``kind`` of ``KINDS``, its ``year`` and, within the
    year, its ``index`` (the month 1–12, the quarter 1–4, the half 1–2; 1 for nine months and
    for a year)."""

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _SPAN:
            raise ValueError(f"unknown report period kind {self.kind!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR or not 1 <= self.index <= _SPAN[self.kind][0]:
            raise ValueError(f"invalid {self.kind} {self.year}/{self.index}")

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """The period of a code, case and surrounding spaces ignored: ``2023-01``,
        ``2023-Q1``, ``2023-H1``, ``2023-9T``, ``2023``. ValueError for anything else
        (``2023-13``, ``2023-Q5``, ``01/2023``).

        >>> ReportPeriod.parse(" 2023-h2 ")
        ReportPeriod(kind='half', year=2023, index=2)
        """
        found = _CODE.match(str(text).strip().upper())
        if found is None:
            raise ValueError(f"not a report period: {text!r}")
        year, month, quarter, half, nine = found.groups()
        if month is not None:
            return cls(MONTH, int(year), int(month))
        if quarter is not None:
            return cls(QUARTER, int(year), int(quarter))
        if half is not None:
            return cls(HALF, int(year), int(half))
        return cls(NINE_MONTHS if nine else YEAR, int(year))

    @classmethod
    def of_month(cls, month: Month) -> ReportPeriod:
        """The one-month period of ``month``."""
        return cls(MONTH, month.year, month.month)

    @classmethod
    def containing(cls, kind: PeriodKind, month: Month) -> ReportPeriod | None:
        """The period of ``kind`` that ``month`` falls in (None: October to December have no
        nine-month period). ValueError for an unknown kind."""
        if kind not in _SPAN:
            raise ValueError(f"unknown report period kind {kind!r}")
        count, length = _SPAN[kind]
        index = (month.month - 1) // length + 1
        return cls(kind, month.year, index) if index <= count else None

    def __str__(self) -> str:
        """The canonical code: ``2023-01``, ``2023-Q1``, ``2023-H1``, ``2023-9T``, ``2023``."""
        suffix = {MONTH: f"-{self.index:02d}", QUARTER: f"-Q{self.index}",
                  HALF: f"-H{self.index}", NINE_MONTHS: "-9T", YEAR: ""}[self.kind]
        return f"{self.year:04d}{suffix}"

    @property
    def first_month(self) -> Month:
        return Month(self.year, (self.index - 1) * _SPAN[self.kind][1] + 1)

    @property
    def last_month(self) -> Month:
        """The last calendar month (the month whose tasks open the next period)."""
        return self.first_month + (_SPAN[self.kind][1] - 1)

    @property
    def months(self) -> tuple[Month, ...]:
        """Every calendar month of the period, oldest first."""
        return tuple(month_range(self.first_month, self.last_month))

    def next(self) -> ReportPeriod:
        """The period part II plans for: the next month, quarter, half or year; after nine
        months the fourth quarter."""
        if self.kind == NINE_MONTHS:
            return ReportPeriod(QUARTER, self.year, 4)
        if self.index < _SPAN[self.kind][0]:
            return ReportPeriod(self.kind, self.year, self.index + 1)
        return ReportPeriod(self.kind, self.year + 1, 1)

    def same_period_last_year(self) -> ReportPeriod:
        """``2023-Q1`` → ``2022-Q1``."""
        return ReportPeriod(self.kind, self.year - 1, self.index)

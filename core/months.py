"""The reported month: one type, one parser, one arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(?:t(?:hang)?\.?\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(f"invalid month {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2023-01``, ``01/2023``, ``1/2023``, ``T1/2023``; ValueError otherwise."""
        from core.text import normalize

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
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def iso(self) -> str:
        return str(self)

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

"""How months and report periods are stored: the text column ``period``.

``submission.period`` and ``plan_followup.period`` hold a month as ``YYYY-MM`` (text sorts
in time order, so SQL compares ranges on it); ``report_draft.period`` holds a report
period's code (``2023-01``, ``2023-Q1``, ``2023-H1``, ``2023-9T``, ``2023``). Store code
turns ``Month`` / ``ReportPeriod`` into that text and back here, so no caller outside the
store sees the stored form.

>>> month_text(Month(2023, 1)), month_of("2023-01")
('2023-01', Month(year=2023, month=1))
"""

from __future__ import annotations

from core.months import Month, ReportPeriod


def month_text(month: Month) -> str:
    """The stored text of ``month`` (TypeError for anything but a ``Month``: a text here
    would skip the parsing at the edge)."""
    if not isinstance(month, Month):
        raise TypeError(f"a month is a Month, not {type(month).__name__}")
    return str(month)


def month_of(text: str) -> Month:
    """The ``Month`` of a stored ``YYYY-MM``."""
    return Month.parse(text)


def period_text(period: ReportPeriod) -> str:
    """The stored code of a report period."""
    if not isinstance(period, ReportPeriod):
        raise TypeError(f"a report period is a ReportPeriod, not {type(period).__name__}")
    return str(period)


def period_of(text: str) -> ReportPeriod:
    """The ``ReportPeriod`` of a stored code."""
    return ReportPeriod.parse(text)

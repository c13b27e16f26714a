"""Problems the review workflow adds to a load: an approved (locked) month."""

from __future__ import annotations

from core.formatting import fmt_month
from core.months import Month
from etl.problems import Problem, error


def locked_problem(unit: str, month: Month) -> Problem:
    """The error a new upload gets while its unit and month are approved."""
    return error("month_locked", unit=unit, period=fmt_month(month))

"""Checks that need the database: identical bytes already loaded, locked months, outliers.

Each takes an open Connection, so ``actions.submissions.ingest`` runs them inside its write
transaction (after taking the unit-month locks) and the upload page runs them before the
user confirms. None of them writes.

Outlier rule (documented in docs/etl.md): for each figure, the reference set is the unit's
own figures of that indicator over the last ``WINDOW_MONTHS`` months plus the same
calendar month of every earlier year (the version that counts: the newest). With at least
``MIN_HISTORY`` reference figures, the modified z-score ``0.6745·(x − median) / MAD``
(Iglewicz & Hoaglin) above ``Z_LIMIT`` in absolute value gives a warning. When the MAD is
0 (half the history is one number) the mean absolute deviation ×1.2533 stands in for it;
when that is 0 too, the history is flat and nothing is flagged.
"""

from __future__ import annotations

from statistics import median

from sqlalchemy import Connection

from core.formatting import fmt_month, fmt_number
from core.months import MIN_YEAR, Month
from etl.model import ParsedSubmission, ValidationResult, ValueColumns
from etl.month_checks import month_warnings
from etl.problems import Problem, error, warning
from etl.review_checks import locked_problem
from store.approvals import is_locked
from store.periods import month_of
from store.queries import figures
from store.submissions import find_same_file

WINDOW_MONTHS = 24
MIN_HISTORY = 6
Z_LIMIT = 3.5


def duplicate_file(conn: Connection, result: ValidationResult) -> Problem | None:
    """Identical bytes already loaded for one of the file's unit-months (nothing is added)."""
    for sub in result.submissions:
        same = find_same_file(conn, sub.unit, sub.month, result.sha256)
        if same is not None:
            return error("duplicate_file", None, version=same["version"],
                         period=fmt_month(sub.month))
    return None


def locked_months(conn: Connection, result: ValidationResult) -> list[Problem]:
    """Months whose newest version is approved: closed to new versions until reopened."""
    return [locked_problem(sub.unit, sub.month) for sub in result.submissions
            if is_locked(conn, sub.unit, sub.month)]


def modified_z(x: float, reference: list[float]) -> float | None:
    """The modified z-score of ``x`` against ``reference``; None when it says nothing.

    >>> round(modified_z(100, [10, 11, 9, 10, 12, 10, 11]), 1)
    60.7
    >>> modified_z(5, [3, 3, 3, 3, 3, 3]) is None
    True
    """
    if len(reference) < MIN_HISTORY:
        return None
    mid = median(reference)
    mad = median(abs(v - mid) for v in reference)
    if mad > 0:
        return 0.6745 * (x - mid) / mad
    mean_ad = sum(abs(v - mid) for v in reference) / len(reference)
    if mean_ad > 0:
        return (x - mid) / (1.253314 * mean_ad)
    return None


def _reference(history: dict[Month, float], month: Month) -> list[float]:
    start = month - WINDOW_MONTHS
    return [v for m, v in history.items()
            if m != month and (start <= m < month or (m.month == month.month and m < start))]


def _unit_history(conn: Connection, unit: str, indicators: list[str], until: Month
                  ) -> dict[str, dict[Month, float]]:
    # Only what the rule can use: this file's indicators, months before the latest one.
    frame = figures(conn, Month(MIN_YEAR, 1), until, indicators=indicators, units=[unit])
    history: dict[str, dict[Month, float]] = {}
    for ind, period, val in zip(frame["indicator"], frame["period"], frame["value"],
                                strict=True):
        history.setdefault(ind, {})[month_of(period)] = float(val)
    return history


def outlier_warnings(conn: Connection, submissions: list[ParsedSubmission]) -> list[Problem]:
    """A warning for each figure far outside the unit's own history (rule in module doc)."""
    problems: list[Problem] = []
    cache: dict[str, dict[str, dict[Month, float]]] = {}
    for sub in submissions:
        if sub.unit not in cache:
            same_unit = [s for s in submissions if s.unit == sub.unit]
            codes = sorted({code for s in same_unit for code in (
                s.values.codes() if isinstance(s.values, ValueColumns)  # no object a figure
                else (v.indicator for v in s.values))})
            cache[sub.unit] = _unit_history(conn, sub.unit, codes,
                                            max(s.month for s in same_unit))
        history = cache[sub.unit]
        if not history:
            continue  # nothing to compare with (a first load, a back-fill)
        for v in sub.values:
            reference = _reference(history.get(v.indicator, {}), sub.month)
            z = modified_z(v.value, reference)
            if z is not None and abs(z) > Z_LIMIT:
                problems.append(warning(
                    "outlier", v.sheet, v.row, v.column, name=v.name,
                    value=fmt_number(v.value), low=fmt_number(min(reference)),
                    high=fmt_number(max(reference)), count=len(reference),
                ))
    return problems


def database_problems(conn: Connection, result: ValidationResult) -> list[Problem]:
    """Every database-backed problem of a file that is otherwise valid."""
    found = duplicate_file(conn, result)
    problems = [found] if found else []
    problems += locked_months(conn, result)
    problems += outlier_warnings(conn, result.submissions)
    if not any(p.is_error for p in problems):  # a refused file adds no version to warn about
        problems += month_warnings(conn, result)
    return problems

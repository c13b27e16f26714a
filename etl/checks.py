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

from dataclasses import dataclass
from statistics import median

from sqlalchemy import Connection

from core.catalog import Catalog
from core.formatting import fmt_exact, fmt_month
from core.months import MIN_YEAR, Month
from etl.model import ParsedSubmission, ValidationResult, ValueColumns
from etl.month_checks import month_warnings
from etl.problems import Problem, error, warning
from etl.review_checks import locked_problem
from store.approvals import is_locked
from store.periods import month_of
from store.queries import figures
from store.submissions import find_same_file, latest_submission, submission_values

WINDOW_MONTHS = 24
MIN_HISTORY = 6
Z_LIMIT = 3.5
MAX_LISTED_INDICATORS = 1_000  # more: the unit's whole history is read


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
    # A long list (a history sheet of thousands of rows) costs more to send as SQL than
    # the unit's other figures it would leave out: then every figure of the unit is read
    # (the others are never looked up).
    listed = indicators if len(indicators) <= MAX_LISTED_INDICATORS else None
    frame = figures(conn, Month(MIN_YEAR, 1), until, indicators=listed, units=[unit])
    months = {period: month_of(period) for period in set(frame["period"])}  # each once
    history: dict[str, dict[Month, float]] = {}
    for ind, period, val in zip(frame["indicator"], frame["period"], frame["value"],
                                strict=True):
        history.setdefault(ind, {})[months[period]] = float(val)
    return history


def _codes(submissions: list[ParsedSubmission]) -> set[str]:
    """The indicator codes of the submissions' figures (a history sheet's month columns
    share one list of codes: each list is added once, in C, no object made per figure)."""
    codes: set[str] = set()
    added: set[int] = set()  # the lists added already, by identity (alive all along)
    for sub in submissions:
        if isinstance(sub.values, ValueColumns):
            for chunk in sub.values.chunks():
                if id(chunk.codes) not in added:
                    added.add(id(chunk.codes))
                    codes.update(chunk.codes)
        else:
            codes.update(v.indicator for v in sub.values)
    return codes


def outlier_warnings(conn: Connection, submissions: list[ParsedSubmission]) -> list[Problem]:
    """A warning for each figure far outside the unit's own history (rule in module doc).

    The figures are shown exactly as read (``5,749``, never a rounded ``5,75`` or ``6``):
    the clerk must see what went wrong."""
    problems: list[Problem] = []
    cache: dict[str, dict[str, dict[Month, float]]] = {}
    for sub in submissions:
        if sub.unit not in cache:
            same_unit = [s for s in submissions if s.unit == sub.unit]
            codes = sorted(_codes(same_unit))
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
                    value=fmt_exact(v.value), low=fmt_exact(min(reference)),
                    high=fmt_exact(max(reference)), count=len(reference),
                ))
    return problems


@dataclass(frozen=True)
class Missing:
    """Indicators the newest version of a unit-month has and a new version lacks."""

    unit: str
    month: Month
    version: int  # the newest version now
    codes: tuple[str, ...]  # in the order that version lists them


def missing_from_previous(conn: Connection, result: ValidationResult) -> list[Missing]:
    """For each unit-month of the file that already has a version: the indicators that
    version has and the file does not list (a corrected file listing only the changed
    rows). Loading must not drop them without the uploader's choice (keep or drop)."""
    found: list[Missing] = []
    for sub in result.submissions:
        latest = latest_submission(conn, sub.unit, sub.month)
        if latest is None:
            continue
        listed = _codes([sub])
        codes = tuple(r["indicator_code"] for r in submission_values(conn, latest["id"])
                      if r["indicator_code"] not in listed)
        if codes:
            found.append(Missing(sub.unit, sub.month, latest["version"], codes))
    return found


def indicator_names(catalog: Catalog) -> dict[str, str]:
    return {i.code: i.name for i in catalog.indicators}


def missing_warnings(missing: list[Missing], catalog_names: dict[str, str]) -> list[Problem]:
    """One warning per unit-month naming the indicators a new version would lack."""
    return [warning("missing_from_resubmission", None, count=len(m.codes), version=m.version,
                    period=fmt_month(m.month), unit=m.unit,
                    names="; ".join(f"«{catalog_names.get(c, c)}»" for c in m.codes),
                    codes=",".join(m.codes))
            for m in missing]


def database_problems(conn: Connection, result: ValidationResult,
                      names: dict[str, str] | None = None) -> list[Problem]:
    """Every database-backed problem of a file that is otherwise valid. ``names``
    (indicator code → name) words the warning about indicators a resubmission lacks."""
    found = duplicate_file(conn, result)
    problems = [found] if found else []
    problems += locked_months(conn, result)
    problems += outlier_warnings(conn, result.submissions)
    if not any(p.is_error for p in problems):  # a refused file adds no version to warn about
        problems += month_warnings(conn, result)
    problems += missing_warnings(missing_from_previous(conn, result), names or {})
    return problems

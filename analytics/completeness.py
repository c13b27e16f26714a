"""Completeness and timeliness of submissions: who reported which month, on time or late.

The deadline rule is the setting ``deadline_days_after_month_end`` (``core.settings_spec``):
a month's report is due by the end of the N-th day after the month's last day, Vietnam time.
Timeliness is judged on the *first* version (a later correction does not make a report late).

Each expected unit × month gets one state:

- ``missing``: no version and the deadline has passed;
- ``pending``: no version yet, the deadline has not passed;
- ``returned``: the newest version was returned for correction;
- ``approved``: the newest version is approved (``late`` still says whether it came late);
- ``late`` / ``on_time``: submitted, not yet reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pandas as pd

from analytics.periods import period_column, to_month, to_period
from core.catalog import Catalog
from core.months import Month
from core.timezone import VN_TZ, as_utc, to_vn, utc_now

STATES = ("on_time", "late", "approved", "returned", "missing", "pending")
GRID_COLUMNS = ("unit", "period", "state", "late", "deadline", "first_submitted_at",
                "versions", "version", "status")


def deadline(month: Month, days_after_month_end: int) -> datetime:
    """The last moment (UTC) a first version of ``month`` is on time.

    >>> deadline(Month(2023, 1), 5).isoformat()
    '2023-02-05T16:59:59.999999+00:00'
    """
    last_day = month.last_day + timedelta(days=int(days_after_month_end))
    local = datetime.combine(last_day, time.max, tzinfo=VN_TZ)
    return as_utc(local)


def expected_units(catalog: Catalog, month: Month,
                   units: Sequence[str] | None = None) -> list[str]:
    """Units that should report ``month``: reporting units valid in it (``units`` narrows)."""
    codes = [u.code for u in catalog.reporting_units(month)]
    return [c for c in codes if not units or c in units]


def classify(status: pd.DataFrame, catalog: Catalog, months: Sequence[Month],
             days_after_month_end: int | Mapping[Month, int], now: datetime | None = None,
             units: Sequence[str] | None = None) -> pd.DataFrame:
    """The state of every expected unit × month.

    ``status`` has the columns of ``store.queries.submission_status``. ``now`` (default: the
    current time) decides whether a month without a version is ``missing`` or ``pending``.
    ``days_after_month_end`` is one setting for all months, or one per month (the setting
    valid in each month, so a changed rule does not rewrite the past).
    Returns the columns ``GRID_COLUMNS`` (``period`` a monthly ``pandas.Period``); ``late`` is
    None where nothing was submitted.
    """
    now = as_utc(now or utc_now())
    found = {(r.unit, to_month(p)): r for r, p in
             zip(status.itertuples(index=False), period_column(status["period"]), strict=True)}
    rows = []
    for month in months:
        key = to_period(month)
        days = (days_after_month_end[month] if isinstance(days_after_month_end, Mapping)
                else days_after_month_end)
        due = deadline(month, days)
        for unit in expected_units(catalog, month, units):
            rec = found.get((unit, month))
            if rec is None:
                state = "missing" if now > due else "pending"
                rows.append((unit, key, state, None, due, pd.NaT, 0, None, None))
                continue
            first = as_utc(pd.Timestamp(rec.first_submitted_at).to_pydatetime())
            late = first > due
            if rec.status == "returned":
                state = "returned"
            elif rec.status == "approved":
                state = "approved"
            else:
                state = "late" if late else "on_time"
            rows.append((unit, key, state, late, due, first, int(rec.versions),
                         int(rec.version), rec.status))
    return pd.DataFrame(rows, columns=list(GRID_COLUMNS))


def month_summary(grid: pd.DataFrame, month: Month) -> dict[str, int]:
    """Counts for one month: ``expected``, ``submitted``, ``on_time``, ``late`` (first
    versions after the deadline, whatever their review state), and one count per state."""
    rows = grid[grid["period"] == to_period(month)]
    submitted = rows[rows["versions"] > 0]
    counts = {state: int((rows["state"] == state).sum()) for state in STATES}
    counts.update(expected=len(rows), submitted=len(submitted),
                  late_first=int((submitted["late"] == True).sum()),  # noqa: E712
                  on_time_first=int((submitted["late"] == False).sum()))  # noqa: E712
    return counts


def missing_units(grid: pd.DataFrame, month: Month) -> list[str]:
    """Units without any version of ``month`` (missing or still pending), grid order."""
    rows = grid[(grid["period"] == to_period(month))
                & grid["state"].isin(("missing", "pending"))]
    return list(rows["unit"])


def completeness_ratio(grid: pd.DataFrame, month: Month) -> float | None:
    """Share of expected units that submitted ``month``; None when none was expected."""
    summary = month_summary(grid, month)
    return summary["submitted"] / summary["expected"] if summary["expected"] else None


# --- the month the dashboards open on (issue #14) -------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of the units expected in a month have submitted it."""

    submitted: int
    expected: int

    def reaches(self, min_share_percent: int) -> bool:
        """At least one unit and ``min_share_percent`` % of the expected ones submitted.

        >>> Coverage(1, 8).reaches(100), Coverage(8, 8).reaches(100), Coverage(4, 8).reaches(50)
        (False, True, True)
        """
        if self.submitted <= 0 or self.expected <= 0:
            return False
        share = min(max(int(min_share_percent), 0), 100)
        return self.submitted * 100 >= share * self.expected


def month_coverage(status: pd.DataFrame, catalog: Catalog, months: Sequence[Month],
                   units: Sequence[str] | None = None,
                   approved_only: bool = False) -> dict[Month, Coverage]:
    """Per month, the expected units (``expected_units``) and how many of them have a
    version (with ``approved_only``: some approved version) in ``status``."""
    rows = status if not approved_only else status[status["ever_approved"].astype(bool)]
    have: dict[Month, set[str]] = {}
    for unit, period in zip(rows["unit"], period_column(rows["period"]), strict=True):
        have.setdefault(to_month(period), set()).add(unit)
    out: dict[Month, Coverage] = {}
    for month in months:
        expected = expected_units(catalog, month, units)
        got = have.get(month, set())
        out[month] = Coverage(sum(1 for u in expected if u in got), len(expected))
    return out


def home_month(coverage: Mapping[Month, Coverage], min_share_percent: int) -> Month | None:
    """The newest month that ``reaches`` the share; else the newest month where any
    expected unit submitted; None when no month has a submission.

    >>> m = Month(2024, 1)
    >>> home_month({m - 1: Coverage(8, 8), m: Coverage(1, 8)}, 100)
    Month(year=2023, month=12)
    >>> home_month({m - 1: Coverage(2, 8), m: Coverage(1, 8)}, 100)
    Month(year=2024, month=1)
    """
    newest_first = sorted(coverage, reverse=True)
    for month in newest_first:
        if coverage[month].reaches(min_share_percent):
            return month
    return next((m for m in newest_first if coverage[m].submitted > 0), None)


def days_after(moment: datetime, due: datetime) -> int:
    """Whole calendar days (Vietnam time) from the deadline's day to ``moment``'s day.

    >>> days_after(datetime(2023, 2, 6, 1, tzinfo=VN_TZ), deadline(Month(2023, 1), 5))
    1
    """
    return (to_vn(as_utc(moment)).date() - to_vn(as_utc(due)).date()).days


@dataclass(frozen=True)
class Timeliness:
    """How a unit × month stands against its deadline.

    ``kind``: ``on_time`` / ``late`` (judged on the first version), ``overdue`` (nothing yet,
    deadline passed), ``due`` (nothing yet, deadline ahead); ``days``: days late or overdue,
    or days left (0 on the deadline's own day); None when on time."""
    kind: str
    days: int | None


def timeliness(row, now: datetime | None = None) -> Timeliness:
    """The ``Timeliness`` of one grid row (a row of ``classify``)."""
    now = as_utc(now or utc_now())
    due = as_utc(pd.Timestamp(row.deadline).to_pydatetime())
    if int(row.versions) > 0:
        first = as_utc(pd.Timestamp(row.first_submitted_at).to_pydatetime())
        return Timeliness("late", days_after(first, due)) if first > due \
            else Timeliness("on_time", None)
    if now > due:
        return Timeliness("overdue", days_after(now, due))
    return Timeliness("due", -days_after(now, due))


@dataclass(frozen=True)
class LateUnit:
    unit: str
    state: str
    timeliness: Timeliness


def late_by_month(grid: pd.DataFrame, now: datetime | None = None
                  ) -> list[tuple[Month, list[LateUnit]]]:
    """Per month, newest first: the units whose first version came late or that have none
    past the deadline (in grid order); months where everyone was on time are left out."""
    out: dict[Month, list[LateUnit]] = {}
    for row in grid.itertuples(index=False):
        when = timeliness(row, now)
        if when.kind in ("late", "overdue"):
            out.setdefault(to_month(row.period), []).append(LateUnit(row.unit, row.state, when))
    return sorted(out.items(), key=lambda item: item[0], reverse=True)

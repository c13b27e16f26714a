"""Warnings about the month a file would add a version to (docs/etl.md, section 5).

A sheet copied from last month keeps last month's title: read without ``--month`` it would
quietly become a new version of last month. So every load says which month it adds to and
warns when that month already has versions, or is older than the newest month loaded for
the unit. A history workbook (many months at once, usually a back-fill) gets one warning
naming its months that already have versions.
"""

from __future__ import annotations

from sqlalchemy import Connection

from core.formatting import fmt_month
from etl.model import ValidationResult
from etl.problems import Problem, warning
from store.queries import latest_period
from store.submissions import next_version

LISTED = 6  # months named in the history warning before "…"


def month_warnings(conn: Connection, result: ValidationResult) -> list[Problem]:
    """The warnings above for a valid file's unit-months."""
    where: tuple = result.month_source.where if result.month_source is not None else (None,)
    if result.source == "history":
        taken = [s for s in result.submissions if next_version(conn, s.unit, s.month) > 1]
        if not taken:
            return []
        months = ", ".join(f"{s.unit} {fmt_month(s.month)}" for s in taken[:LISTED])
        return [warning("history_months_have_versions", None, count=len(taken),
                        months=months + (", …" if len(taken) > LISTED else ""))]
    problems: list[Problem] = []
    for sub in result.submissions:
        latest = latest_period(conn, units=[sub.unit])
        if latest is not None and sub.month < latest:
            problems.append(warning("month_older_than_latest", *where, unit=sub.unit,
                                    month=fmt_month(sub.month), latest=fmt_month(latest)))
        versions = next_version(conn, sub.unit, sub.month) - 1
        if versions:
            problems.append(warning("month_has_versions", *where, unit=sub.unit,
                                    month=fmt_month(sub.month), versions=versions,
                                    next=versions + 1))
    return problems

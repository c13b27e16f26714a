"""Provenance: the values a figure is made of, each value's origin, and its original file.

A figure is asked for as a :class:`FigureQuery` (an indicator, months, units and the rule
that chooses the version that counts: the dashboard's newest, its approved-only switch, or
the report's approved-else-newest). Reading needs ``provenance.view`` (the roles of the
trends page). The original file of a version is given only to a role that may see its
unit (``submission.view_all``, or an analyst for their own unit) and each download is an
audited action (``submission.download_original``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from actions.base import FORBIDDEN, Acting, ActionError, Done, require
from analytics.provenance import PART_COLUMNS, FigureParts, figure_parts
from analytics.series import indicator_chain, unit_chain
from auth.permissions import allowed
from core.catalog import Catalog
from core.months import Month
from report.sources import counting_sources
from store import audit, queries
from store.engine import write_transaction
from store.provenance import submission_file, value_origin
from store.report_sources import values_of

PERMISSION = "provenance.view"
NEWEST, APPROVED, REPORT = "newest", "approved", "report"
RULES = (NEWEST, APPROVED, REPORT)


@dataclass(frozen=True)
class FigureQuery:
    """One figure: ``indicator`` over ``months`` (oldest first, contiguous) for ``units``
    (empty: every unit), its versions chosen by ``rule`` (one of ``RULES``)."""

    indicator: str
    months: tuple[Month, ...]
    units: tuple[str, ...] = ()
    rule: str = NEWEST


@dataclass(frozen=True)
class OriginalFile:
    name: str
    content: bytes
    unit: str


def may_see_unit(actor: Acting, unit: str) -> bool:
    """Whether ``actor`` may see ``unit``'s files: a role seeing every unit's submissions,
    or an analyst (a sender for one unit only) their own unit."""
    if allowed(actor.role, "submission.view_all"):
        return True
    return allowed(actor.role, "submission.upload") and bool(actor.unit) and actor.unit == unit


def _report_frame(conn: Connection, months: Sequence[Month]) -> pd.DataFrame:
    """The report's figures of ``months`` (approved, else newest) with their versions."""
    sources = counting_sources(conn, months)
    by_id = {src.id: src for src in sources.values()}
    rows = [(by_id[r.submission_id].unit, str(by_id[r.submission_id].month),
             r.indicator_code, float(r.value), r.qualifier, r.submission_id,
             by_id[r.submission_id].version, by_id[r.submission_id].status)
            for r in values_of(conn, sorted(by_id))]
    return queries.missing_text_as_none(pd.DataFrame(rows, columns=list(PART_COLUMNS)))


def figure_of(engine: Engine, actor: Acting, catalog: Catalog, query: FigureQuery
              ) -> FigureParts:
    """The stored values ``query``'s figure is made of (read-only)."""
    require(actor, PERMISSION)
    if query.rule not in RULES:
        raise ValueError(query.rule)
    if not query.months:
        return figure_parts(pd.DataFrame(columns=list(PART_COLUMNS)), catalog,
                            query.indicator, ())
    with engine.connect() as conn:
        if query.rule == REPORT:
            frame = _report_frame(conn, query.months)
        else:
            units = [u for unit in query.units for u in unit_chain(catalog, unit)]
            frame = queries.figures(conn, query.months[0], query.months[-1],
                                    indicator_chain(catalog, query.indicator), units or None,
                                    approved_only=query.rule == APPROVED)
    return figure_parts(frame, catalog, query.indicator, query.months, query.units)


def origin_of(engine: Engine, actor: Acting, submission_id: int, indicator: str
              ) -> dict[str, Any] | None:
    """One stored value with its version and, when carried over, the rows it was carried
    through (``store.provenance.value_origin``); None when there is no such value."""
    require(actor, PERMISSION)
    with engine.connect() as conn:
        return value_origin(conn, submission_id, indicator)


def original_file(engine: Engine, actor: Acting, submission_id: int) -> Done[OriginalFile]:
    """The bytes of the file version ``submission_id`` was loaded from, for a role that may
    see its unit; the download is audited. Refused (``ActionError``) for anyone else, for
    an unknown version and for a version without a stored file (typed, or carried)."""
    with write_transaction(engine) as conn:
        found = submission_file(conn, submission_id)
        if found is None:
            raise ActionError("provenance.no_such_version")
        row, content = found
        if not may_see_unit(actor, row["unit_code"]):
            raise ActionError(FORBIDDEN)
        if content is None:
            raise ActionError("provenance.no_file")
        name = row["file_name"] or f"{row['unit_code']}_{row['period']}_v{row['version']}"
        audit.record(conn, actor.username, "submission.download_original", "submission",
                     submission_id, None, None,
                     f"{row['unit_code']} {row['period']} v{row['version']}: {name}")
    return Done("provenance.downloaded", {"name": name}, OriginalFile(name, content,
                                                                       row["unit_code"]))

"""Which stored values make up a figure the pages show.

A figure is one indicator over some months and some units: one unit's month is one value;
a quarter, a year, year to date or all units together are several, combined the way the
dashboards and the report combine them (``analytics.series``: successors continue their
predecessors' lines, a successor's value supersedes its predecessor's in the same month;
``analytics.ytd``: ``sum`` adds the months, ``last`` takes the latest month with data).
``parts`` lists exactly the rows the figure is made of, so each can link to its origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.series import canonical, indicator_chain, unit_chain
from analytics.ytd import LAST, SUM
from core.catalog import Catalog
from core.months import Month

PART_COLUMNS = ("unit", "period", "indicator", "value", "qualifier", "submission_id",
                "version", "status")


@dataclass(frozen=True)
class FigureParts:
    """The rows a figure is made of (columns ``PART_COLUMNS``, ``period`` as ``YYYY-MM``
    text, oldest month first, units in catalogue order) and its value (None: no data)."""

    parts: pd.DataFrame
    value: float | None
    aggregation: str  # how the months combine: SUM or LAST (units always add up)

    @property
    def single(self) -> bool:
        return len(self.parts) == 1


def figure_parts(frame: pd.DataFrame, catalog: Catalog, code: str, months: Sequence[Month],
                 units: Sequence[str] | None = None) -> FigureParts:
    """The parts of ``code`` over ``months`` for ``units`` (None or empty: every unit).

    ``frame`` holds the figures that count (the columns of ``store.queries.figures``) for
    at least the indicator's line and the months. Units merged into a unit count as it.
    """
    item = catalog.indicator_by_code.get(code)
    aggregation = item.aggregation if item is not None and len(months) > 1 else SUM
    wanted_periods = {str(m) for m in months}
    rows = frame[frame["indicator"].isin(indicator_chain(catalog, code))
                 & frame["period"].isin(wanted_periods)]
    if units:
        rows = rows[rows["unit"].isin({u for unit in units for u in unit_chain(catalog, unit)})]
    if not rows.empty:
        rows = canonical(rows, catalog)
    if aggregation == LAST and not rows.empty:
        rows = rows[rows["period"] == rows["period"].max()]
    order = {u.code: i for i, u in enumerate(catalog.units)}
    rows = rows.assign(_order=rows["unit"].map(order).fillna(len(order)))
    rows = rows.sort_values(["period", "_order", "unit"], kind="stable")
    parts = rows.reindex(columns=list(PART_COLUMNS)).reset_index(drop=True)
    total = None if parts.empty else float(parts["value"].sum())
    return FigureParts(parts, total, aggregation)

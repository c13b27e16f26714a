"""Part II of a report: the next period's key tasks (also what the next month follows up)."""

from __future__ import annotations

from sqlalchemy import Connection

from core.catalog import Catalog
from core.months import Month
from report.sources import Source, plan_items


def unit_rank(catalog: Catalog) -> dict[str, int]:
    """Reporting units in catalogue order (the order units appear in a report)."""
    return {u.code: i for i, u in enumerate(catalog.reporting_units())}


def next_period_tasks(
    conn: Connection, catalog: Catalog, last: Month,
    sources: dict[tuple[str, Month], Source], tasks_unit: str,
) -> list[str]:
    """Part II: the office's tasks of the last month, else the units' proposals."""
    month_sources = [s for (unit, m), s in sources.items() if m == last]
    items = plan_items(conn, [s.id for s in month_sources])
    office = [s for s in month_sources if s.unit == tasks_unit]
    if office and items[office[0].id]:
        return list(items[office[0].id])
    rank = unit_rank(catalog)
    tasks: list[str] = []
    for src in sorted(month_sources, key=lambda s: rank.get(s.unit, 10**6)):
        tasks.extend(task for task in items[src.id] if task not in tasks)
    return tasks

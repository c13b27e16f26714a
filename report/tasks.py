"""Part II of a report: the next period's key tasks (also what the next month follows up).

The office (setting ``report_tasks_unit``, VP) writes part II in its submission of the
period's last month; when it sent none, the other units' proposals stand in, so part II is
never silently empty. A month's part II is the tasks for the next month; a quarter's,
half's, nine months' or year's is the tasks for the period that begins next (the «Kế
hoạch» sheet's "Nhiệm vụ kỳ sau" table of the closing month), else, when nobody wrote
those, the tasks for the next month.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from core.catalog import Catalog
from core.months import Month
from report.sources import Source, plan_items
from store.submissions import MONTH_HORIZON, PERIOD_HORIZON


@dataclass(frozen=True)
class PlannedTask:
    """A key task and the unit whose submission planned it."""

    unit: str
    text: str


def unit_rank(catalog: Catalog) -> dict[str, int]:
    """Reporting units in catalogue order (the order units appear in a report)."""
    return {u.code: i for i, u in enumerate(catalog.reporting_units())}


def planned_in(
    conn: Connection, catalog: Catalog, last: Month,
    sources: dict[tuple[str, Month], Source], tasks_unit: str, horizon: str = MONTH_HORIZON,
) -> list[PlannedTask]:
    """The tasks ``last``'s submissions plan for ``horizon``: the office's, else the
    units' proposals in catalogue order (a task proposed twice once)."""
    month_sources = [s for (unit, m), s in sources.items() if m == last]
    items = plan_items(conn, [s.id for s in month_sources], horizon)
    office = [s for s in month_sources if s.unit == tasks_unit]
    if office and items[office[0].id]:
        return [PlannedTask(tasks_unit, text) for text in items[office[0].id]]
    rank = unit_rank(catalog)
    tasks: list[PlannedTask] = []
    seen: set[str] = set()
    for src in sorted(month_sources, key=lambda s: rank.get(s.unit, 10**6)):
        for text in items[src.id]:
            if text not in seen:
                seen.add(text)
                tasks.append(PlannedTask(src.unit, text))
    return tasks


def next_period_tasks(
    conn: Connection, catalog: Catalog, last: Month,
    sources: dict[tuple[str, Month], Source], tasks_unit: str, longer: bool = False,
) -> list[str]:
    """Part II's tasks: for the next month, or (``longer``) for the next period, falling
    back to the next month's when no unit wrote any for the period."""
    if longer:
        found = planned_in(conn, catalog, last, sources, tasks_unit, PERIOD_HORIZON)
        if found:
            return [task.text for task in found]
    return [task.text for task in planned_in(conn, catalog, last, sources, tasks_unit)]

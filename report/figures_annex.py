"""The "Số liệu chủ yếu" annex: every indicator with data in the period, by its own rule.

A month shows the figure as submitted (with "hơn" / "khoảng" where written); a longer
period shows the sum of its months or, for running totals, the latest month's value, and
says which months had no data (missing is never zero). The numbers come from
``report.period_figures``, the source the period's bullets and the summary read too.
"""

from __future__ import annotations

from sqlalchemy import Connection

from analytics.ytd import SUM
from core.catalog import Catalog
from core.formatting import fmt_number
from core.messages import t
from core.months import ReportPeriod
from report import periods_text
from report.model import AnnexTable
from report.period_figures import PeriodFigure, distinct, period_figures

WIDTHS_MM = (12, 78, 28, 25, 22)  # 165 mm: the text width of an A4 page
QUALIFIER_KEYS = {"more_than": "report.qualifier_more_than", "about": "report.qualifier_about"}


def figures_annex(conn: Connection, period: ReportPeriod, catalog: Catalog,
                  found: dict[str, PeriodFigure] | None = None) -> AnnexTable | None:
    """The annex for ``period`` (from ``found`` when the caller already has the figures);
    None when no unit reported a figure."""
    found = period_figures(conn, period, catalog) if found is None else found
    single = len(period.months) == 1
    order = {s.code: s.order for s in catalog.sections}
    # By section; within one, catalogue order (``sorted`` is stable).
    ranked = sorted(distinct(found), key=lambda f: order.get(f.indicator.section, 10**6))
    rows: list[list[str]] = []
    for figure in ranked:
        item, total = figure.indicator, figure.total
        text = fmt_number(total.value, item.decimals)
        if figure.qualifier in QUALIFIER_KEYS:
            text = f"{t(QUALIFIER_KEYS[figure.qualifier])} {text}"
        notes = []
        if not single and item.aggregation == SUM and total.months_missing:
            notes.append(t("report.figures_missing_months",
                           months=periods_text.month_list(total.months_missing)))
        if not figure.approved:
            notes.append(t("report.unapproved_short"))
        rows.append([str(len(rows) + 1), item.name, item.unit, text, "; ".join(notes)])
    if not rows:
        return None
    headers = [t("report.col_number"), t("report.col_indicator"), t("report.col_unit"),
               t("report.col_value"), t("report.col_comment")]
    return AnnexTable(t("report.figures_title"), headers, rows, WIDTHS_MM)

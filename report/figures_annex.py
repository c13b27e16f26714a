"""The "Số liệu chủ yếu" annex: every indicator with data in the period, by its own rule.

A month shows the figure as submitted (with "hơn" / "khoảng" where written); a longer
period shows the sum of its months or, for running totals, the latest month's value, and
says which months had no data (missing is never zero).
"""

from __future__ import annotations

from sqlalchemy import Connection

from analytics.series import all_series
from analytics.ytd import SUM, period_total
from core.catalog import Catalog
from core.formatting import fmt_month, fmt_number
from core.messages import t
from core.months import ReportPeriod
from report.model import AnnexTable
from report.sources import as_frame, figures

WIDTHS_MM = (12, 78, 28, 25, 22)  # 165 mm: the text width of an A4 page
QUALIFIER_KEYS = {"more_than": "report.qualifier_more_than", "about": "report.qualifier_about"}


def figures_annex(conn: Connection, period: ReportPeriod, catalog: Catalog
                  ) -> AnnexTable | None:
    """The annex for ``period``; None when no unit reported a figure."""
    months = period.months
    found = figures(conn, months)
    if not found:
        return None
    frame = as_frame(found)
    reported = {f.indicator for f in found}
    codes = [i.code for i in catalog.indicators if i.code in reported]  # catalogue order
    series = all_series(frame, catalog, codes)
    single = len(months) == 1
    qualifiers = {f.indicator: f.qualifier for f in found if f.qualifier} if single else {}
    unapproved = {f.indicator for f in found if not f.approved}
    order = {s.code: s.order for s in catalog.sections}
    # By section; within one, catalogue order (``sorted`` is stable).
    ranked = sorted(codes, key=lambda c: order.get(catalog.indicator(c).section, 10**6))
    rows: list[list[str]] = []
    for ind_code in ranked:
        item = catalog.indicator(ind_code)
        total = period_total(series[ind_code], period, item.aggregation)
        if total.value is None:
            continue
        text = fmt_number(total.value, item.decimals)
        if ind_code in qualifiers:
            text = f"{t(QUALIFIER_KEYS[qualifiers[ind_code]])} {text}"
        notes = []
        if not single and item.aggregation == SUM and total.months_missing:
            missing = ", ".join(fmt_month(m) for m in total.months_missing)
            notes.append(t("report.figures_missing_months", months=missing))
        if ind_code in unapproved:
            notes.append(t("report.unapproved_short"))
        rows.append([str(len(rows) + 1), item.name, item.unit, text, "; ".join(notes)])
    if not rows:
        return None
    headers = [t("report.col_number"), t("report.col_indicator"), t("report.col_unit"),
               t("report.col_value"), t("report.col_comment")]
    return AnnexTable(t("report.figures_title"), headers, rows, WIDTHS_MM)


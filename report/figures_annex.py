"""The "Số liệu chủ yếu" annex: every indicator with a value in the period, from the same
figures as the summary (``report.figures``), so the two agree on every value, plan and rate.

Columns: STT, indicator, unit, the period's value (as submitted for a month, with "hơn" /
"khoảng" where written; the sum of the months or, for a running total, the latest month's
value for a longer period), the year to date (only when the period does not start in
January: otherwise it is the period's value), the year's plan (``analytics.targets``: the
catalogue's target or the reported allocation) and the year to date against it in percent
to one decimal — the same ratio the summary says. Under an indicator's name: the months
without data of a sum (missing is never zero; a running total's own value holds the months
before it) and "chưa duyệt" for a figure not yet approved.
"""

from __future__ import annotations

from analytics.period_figures import IndicatorFigures
from analytics.ytd import SUM
from core.formatting import fmt_number
from core.messages import t
from report import periods_text
from report.figures import ReportFigures, number
from report.model import AnnexTable

QUALIFIER_KEYS = {"more_than": "report.qualifier_more_than", "about": "report.qualifier_about"}


def annex_figures(figures: ReportFigures) -> list[IndicatorFigures]:
    """The annex's rows in its order: every indicator with a value in the period, by
    section, within one in catalogue order (the report page lists their origins so)."""
    order = {s.code: s.order for s in figures.catalog.sections}
    # ``sorted`` is stable: catalogue order within a section.
    return sorted((f for f in figures.indicators.values() if f.value is not None),
                  key=lambda f: order.get(f.indicator.section, 10**6))


def figures_annex(figures: ReportFigures) -> AnnexTable | None:
    """The annex of ``figures``' period; None when no indicator has a value in it."""
    period = figures.period
    with_ytd = period.months[0].month != 1
    ranked = annex_figures(figures)
    rows: list[list[str]] = []
    notes: dict[int, str] = {}
    for f in ranked:
        item = f.indicator
        text = number(item, f.value)
        qualifier = figures.qualifiers.get(item.code)
        if qualifier in QUALIFIER_KEYS:
            text = f"{t(QUALIFIER_KEYS[qualifier])} {text}"
        att = f.attainment
        plan = number(item, att.plan.value) if att.plan.value is not None else ""
        ratio = fmt_number(att.ratio * 100, 1) if att.ratio is not None else ""
        row = [str(len(rows) + 1), item.name, item.unit, text]
        if with_ytd:
            row.append(number(item, att.ytd.value) if att.ytd.value is not None else "")
        rows.append([*row, plan, ratio])
        remarks = []
        if len(period.months) > 1 and item.aggregation == SUM and f.total.months_missing:
            remarks.append(t("report.figures_missing_months",
                             months=periods_text.month_list(f.total.months_missing)))
        if item.code in figures.unapproved:
            remarks.append(t("report.unapproved_short"))
        if remarks:
            notes[len(rows) - 1] = "; ".join(remarks)
    if not rows:
        return None
    headers = [t("report.col_number"), t("report.col_indicator"), t("report.col_unit"),
               t("report.col_value_period", period=periods_text.long_label(period))]
    if with_ytd:
        headers.append(t("report.col_ytd"))
    headers += [t("report.col_plan", year=period.last_month.year), t("report.col_attained")]
    numbers = tuple(range(3, len(headers)))
    title = t("report.figures_title_period", period=periods_text.long_label(period))
    return AnnexTable(title, headers, rows, wide=1, nowrap=(0, *numbers), notes=notes)

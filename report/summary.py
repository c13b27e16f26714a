"""The generated paragraph opening part I: deterministic Vietnamese from the data only.

Two steps, so that a test can check every number in the text: ``gather_facts`` computes
what the paragraph says (with ``analytics``: series, comparisons, year to date, targets,
notable movements, outliers) and ``summary_text`` words it from the message catalogue
(``report.summary_*``) with ``core.formatting``; it adds no number of its own.

What it says, in order:

1. every headline indicator (catalogue ``headline``) valid in the period: its value, the
   change against the previous month (months only) and the same period last year, absolute
   and in percent ("tăng / giảm / không đổi"), and the year to date against the annual
   target; a missing value or base is said, never taken as zero;
2. the largest rises and falls (relative change, bases below ``MIN_BASE`` skipped) against
   the previous month, or for longer periods against the same period last year, among
   indicators summed over months (running totals restart each January: their January
   "fall" is no news);
3. the units that have not submitted and the units whose report is not yet approved;
4. values the outlier rule flags (month reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection

from analytics.comparisons import (
    PREVIOUS_MONTH,
    Comparison,
    compare_last_year,
    compare_previous_month,
)
from analytics.completeness import expected_units
from analytics.movements import FALL, OUTLIER, RISE, notable_movements
from analytics.outliers import OutlierCheck
from analytics.series import IndicatorSeries, all_series, indicator_series
from analytics.targets import Attainment, attainment
from analytics.ytd import SUM, Aggregate, period_total
from core.catalog import Catalog, Indicator
from core.formatting import fmt_number, fmt_percent
from core.messages import t
from core.months import MONTH, Month, ReportPeriod
from report.sources import as_frame, counting_sources, figures
from store.catalog_store import read_catalog

TOP = 2  # rises and falls named
MIN_BASE = 10  # smaller bases make large percentages out of small moves
HISTORY_YEARS = 4  # earlier years loaded for comparisons and the outlier rule
# What a headline figure is compared with: report.summary_basis_<basis>, summary_no_base_<basis>.
BASES = BASIS_PREVIOUS_MONTH, BASIS_LAST_YEAR, BASIS_SAME_PERIOD = (
    "previous_month", "last_year", "same_period")
SAME_PERIOD = "same_period_last_year"


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    value: float | None
    missing_months: int  # months of the period without data (longer periods)
    previous: Comparison | None  # against the previous month (months only)
    last_year: Comparison | None  # None: a longer period with months missing on either side
    target: Attainment | None  # year to date against the yearly target, where one is set


@dataclass(frozen=True)
class Change:
    indicator: Indicator
    comparison: Comparison


@dataclass
class SummaryFacts:
    period: ReportPeriod
    monthly: bool
    headlines: list[Headline] = field(default_factory=list)
    rises: list[Change] = field(default_factory=list)
    falls: list[Change] = field(default_factory=list)
    expected_units: int = 0
    missing_units: list[tuple[str, int]] = field(default_factory=list)  # name, months missing
    unapproved_units: list[str] = field(default_factory=list)
    outliers: list[tuple[Indicator, OutlierCheck]] = field(default_factory=list)


# --- facts ---------------------------------------------------------------------------------


def figures_frame(conn: Connection, months: list[Month]) -> pd.DataFrame:
    """The report's figures (approved, else newest) in the columns analytics expects."""
    return as_frame(figures(conn, months))


def _series(frame: pd.DataFrame, catalog: Catalog) -> dict[str, IndicatorSeries]:
    codes = sorted(set(frame["indicator"]) & set(catalog.indicator_by_code)) \
        if not frame.empty else []
    return all_series(frame, catalog, codes)


def _period_comparison(series: IndicatorSeries, period: ReportPeriod, aggregation: str
                       ) -> tuple[Aggregate, Comparison | None]:
    """The period's aggregate and its comparison with the same period last year (None
    unless both periods have data for every month)."""
    current = period_total(series, period, aggregation)
    base = period_total(series, period.same_period_last_year(), aggregation)
    end = period.last_month
    if not (current.complete and base.complete):
        return current, None  # months missing on either side: not like for like
    return current, Comparison(SAME_PERIOD, end, end - 12, current.value, base.value)


def _ranked(changes: list[Change]) -> tuple[list[Change], list[Change]]:
    usable = [c for c in changes if c.comparison.ratio is not None and c.comparison.change != 0
              and abs(c.comparison.base) >= MIN_BASE]
    rises = sorted((c for c in usable if c.comparison.change > 0),
                   key=lambda c: (-c.comparison.ratio, c.indicator.code))
    falls = sorted((c for c in usable if c.comparison.change < 0),
                   key=lambda c: (c.comparison.ratio, c.indicator.code))
    return rises[:TOP], falls[:TOP]


def gather_facts(conn: Connection, period: ReportPeriod, catalog: Catalog | None = None
                 ) -> SummaryFacts:
    """Everything the summary of ``period`` says, computed from the report's figures."""
    catalog = catalog or read_catalog(conn)
    months = period.months
    last = period.last_month
    monthly = period.kind == MONTH
    history = Month(last.year - HISTORY_YEARS, 1)
    frame = figures_frame(conn, [history + i for i in range(last.diff(history) + 1)])
    series = _series(frame, catalog)
    facts = SummaryFacts(period, monthly)

    for item in catalog.indicators:
        if not item.headline or not any(item.valid_in(m) for m in months):
            continue
        s = series.get(item.code) or indicator_series(frame, catalog, item.code)
        target = attainment(catalog, s, last)
        if target.target is None:
            target = None
        if monthly:
            facts.headlines.append(Headline(
                item, s.value(last), 0, compare_previous_month(s, last),
                compare_last_year(s, last), target))
        else:
            current, vs_last_year = _period_comparison(s, period, item.aggregation)
            facts.headlines.append(Headline(item, current.value, len(current.months_missing),
                                            None, vs_last_year, target))

    if monthly:
        moves = notable_movements(catalog, series, last, top=TOP, min_base=MIN_BASE)
        for move in moves:
            item = catalog.indicator(move.indicator)
            if (move.kind in (RISE, FALL) and move.basis == PREVIOUS_MONTH
                    and item.aggregation == SUM):
                target_list = facts.rises if move.kind == RISE else facts.falls
                target_list.append(Change(item, move.comparison))
            elif move.kind == OUTLIER:
                facts.outliers.append((item, move.outlier))
    else:
        changes = []
        for c, s in series.items():
            item = catalog.indicator(c)
            if item.aggregation != SUM:
                continue
            comparison = _period_comparison(s, period, item.aggregation)[1]
            if comparison is not None:
                changes.append(Change(item, comparison))
        facts.rises, facts.falls = _ranked(changes)

    sources = counting_sources(conn, months)
    missing: dict[str, int] = {}
    expected: set[str] = set()
    for month in months:
        for unit in expected_units(catalog, month):
            expected.add(unit)
            if (unit, month) not in sources:
                missing[unit] = missing.get(unit, 0) + 1
    names = {u.code: u.name for u in catalog.units}
    order = {u.code: i for i, u in enumerate(catalog.reporting_units())}
    facts.expected_units = len(expected)
    facts.missing_units = [(names[u], n) for u, n in sorted(missing.items(),
                                                            key=lambda kv: order.get(kv[0], 0))]
    pending = {s.unit for s in sources.values() if not s.approved}
    facts.unapproved_units = [names[u] for u in sorted(pending, key=lambda u: order.get(u, 0))]
    return facts


# --- words ---------------------------------------------------------------------------------


def _num(item: Indicator, value: float) -> str:
    return fmt_number(value, item.decimals or None)


def _comparison(item: Indicator, comp: Comparison, basis: str) -> str:
    """``tăng 629 (12,29%) so với tháng trước`` / ``không đổi …`` / ``chưa có số liệu …``."""
    if comp.base is None:
        return t(f"report.summary_no_base_{basis}")
    based = t(f"report.summary_basis_{basis}")
    if comp.change == 0:
        return t("report.summary_same", basis=based)
    verb = t("report.summary_rise") if comp.change > 0 else t("report.summary_fall")
    if comp.ratio is None:  # a zero base has no percentage
        return t("report.summary_change", verb=verb, change=_num(item, abs(comp.change)),
                 basis=based)
    return t("report.summary_change_pct", verb=verb, change=_num(item, abs(comp.change)),
             percent=fmt_percent(abs(comp.ratio)), basis=based)


def _headline(h: Headline, monthly: bool) -> str:
    item = h.indicator
    if h.value is None:
        return t("report.summary_headline_missing", name=item.name) + "."
    parts = [t("report.summary_headline", name=item.name, value=_num(item, h.value),
               noun=item.unit)]
    if h.missing_months:
        parts[0] += " " + t("report.summary_incomplete", count=h.missing_months)
    if monthly and h.previous is not None:
        parts.append(_comparison(item, h.previous, BASIS_PREVIOUS_MONTH))
    if h.last_year is None:
        parts.append(t("report.summary_not_comparable"))
    else:
        basis = BASIS_LAST_YEAR if monthly else BASIS_SAME_PERIOD
        parts.append(_comparison(item, h.last_year, basis))
    text = ", ".join(parts)
    if h.target is not None and h.target.ratio is not None:
        text += t("report.summary_target", ytd=_num(item, h.target.ytd.value), noun=item.unit,
                  percent=fmt_percent(h.target.ratio), target=_num(item, h.target.target))
    return text + "."


def _change_item(change: Change) -> str:
    item, comp = change.indicator, change.comparison
    verb = t("report.summary_rise") if comp.change > 0 else t("report.summary_fall")
    return t("report.summary_move_item", name=item.name, value=_num(item, comp.value),
             noun=item.unit, verb=verb, percent=fmt_percent(abs(comp.ratio)))


def summary_text(facts: SummaryFacts) -> str | None:
    """The paragraph for ``facts`` (None when there is nothing to say)."""
    sentences = [_headline(h, facts.monthly) for h in facts.headlines]
    basis = t("report.summary_basis_previous_month" if facts.monthly
              else "report.summary_basis_same_period")
    moves = []
    if facts.rises:
        moves.append(t("report.summary_rises", items="; ".join(map(_change_item, facts.rises))))
    if facts.falls:
        moves.append(t("report.summary_falls", items="; ".join(map(_change_item, facts.falls))))
    if moves:
        sentences.append(t("report.summary_moves", basis=basis[:1].upper() + basis[1:],
                           moves="; ".join(moves)))
    if facts.missing_units:
        items = [name if facts.monthly else t("report.summary_months_missing", name=name,
                                               count=count)
                 for name, count in facts.missing_units]
        sentences.append(t("report.summary_missing_units", units=", ".join(items)))
    elif facts.expected_units:
        sentences.append(t("report.summary_all_submitted", count=facts.expected_units))
    if facts.unapproved_units:
        sentences.append(t("report.summary_unapproved",
                           units=", ".join(facts.unapproved_units)))
    if facts.outliers:
        items = [t("report.summary_outlier_item", name=item.name, value=_num(item, o.value),
                   noun=item.unit, median=_num(item, o.median)) for item, o in facts.outliers]
        sentences.append(t("report.summary_outliers", items="; ".join(items)))
    if not sentences:
        return None
    return " ".join([t("report.summary_opening"), *sentences])


def build_summary(conn: Connection, period: ReportPeriod, catalog: Catalog | None = None
                  ) -> str | None:
    """The summary paragraph of ``period``."""
    return summary_text(gather_facts(conn, period, catalog))

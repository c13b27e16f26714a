"""The month's notable movements ("Biến động đáng chú ý"): the material rises and falls
against the previous month and against the same month last year, and the flagged
outliers, each as a Vietnamese sentence that names both numbers (texts from the message
catalogue, area ``analytics``).

Which changes are listed is the material-move rule of ``analytics.material`` (the same
rule as the report's summary): both values there, not a rate, a base of at least 10, a
change of at least 10%; largest relative change first, at most ``LIST_SIZE`` rises and
``LIST_SIZE`` falls per comparison. A running total (aggregation ``last``) is never
compared with the previous month (``analytics.comparisons.has_previous_month_comparison``);
against last year it is compared at the same point of the year (its value is the year
to date). Outliers:
the months the outlier rule flags, largest deviation first, at most ``LIST_SIZE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analytics.comparisons import (
    PREVIOUS_MONTH,
    SAME_MONTH_LAST_YEAR,
    Comparison,
    compare_last_year,
    compare_previous_month_of,
)
from analytics.material import LIST_SIZE, material_moves
from analytics.outliers import SAME_MONTH, OutlierCheck, check
from analytics.series import IndicatorSeries
from analytics.ytd import LAST
from core.catalog import Catalog, Indicator
from core.formatting import fmt_month, fmt_number, fmt_percent
from core.messages import t
from core.months import Month

RISE, FALL, OUTLIER = "rise", "fall", "outlier"


@dataclass(frozen=True)
class Movement:
    """One notable movement: ``kind`` rise/fall/outlier, ``basis`` the comparison kind
    (``previous_month`` / ``same_month_last_year``) or the outlier history basis."""

    kind: str
    basis: str | None
    indicator: str
    text: str
    comparison: Comparison | None = None
    outlier: OutlierCheck | None = None


def _num(item: Indicator, value: float | None) -> str:
    return fmt_number(value, item.decimals or None)


def describe_comparison(item: Indicator, comp: Comparison) -> str:
    """``Phương tiện đo được kiểm định: 5.749 phương tiện đo trong tháng 01/2023, tăng 629
    (12,29%) so với tháng 12/2022 (5.120 phương tiện đo).`` An indicator aggregated by its
    latest value (a running total, or a level such as tasks in progress) is said at the
    month's end: ``… 574,3 triệu đồng tính đến hết tháng 01/2023 …``."""
    verb = t("analytics.rise") if comp.change > 0 else t("analytics.fall")
    base_key = ("analytics.vs_previous_month" if comp.kind == PREVIOUS_MONTH
                else "analytics.vs_last_year")
    pct = fmt_percent(abs(comp.ratio)) if comp.ratio is not None else t("analytics.no_percent")
    key = "analytics.movement_running_total" if item.aggregation == LAST \
        else "analytics.movement"
    return t(key, name=item.name, value=_num(item, comp.value),
             noun=item.unit, month=fmt_month(comp.month), verb=verb,
             change=_num(item, abs(comp.change)), percent=pct,
             base_text=t(base_key, month=fmt_month(comp.base_month)),
             base=_num(item, comp.base))


def describe_outlier(item: Indicator, result: OutlierCheck) -> str:
    """``…: 12.000 mẫu trong tháng 01/2023, khác thường so với các tháng 01 những năm trước
    (trung vị 540 mẫu).``"""
    key = ("analytics.outlier_same_month" if result.basis == SAME_MONTH
           else "analytics.outlier_recent")
    verb = t("analytics.unusually_high") if result.score > 0 else t("analytics.unusually_low")
    return t(key, name=item.name, value=_num(item, result.value), noun=item.unit,
             month=fmt_month(result.month), verb=verb,
             calendar_month=f"{result.month.month:02d}", count=len(result.history_months),
             median=_num(item, result.median))


def month_changes(catalog: Catalog, series: Mapping[str, IndicatorSeries], month: Month,
                  basis: str) -> list[tuple[Indicator, Comparison, str]]:
    """Every indicator's change of ``month`` on ``basis`` that exists, as
    ``material_moves`` takes them; running totals have none against the previous month."""
    out = []
    for code, s in series.items():
        item = catalog.indicator(code)
        if basis == PREVIOUS_MONTH:
            comp = compare_previous_month_of(item.aggregation, s, month)
        else:
            comp = compare_last_year(s, month)
        if comp is not None:
            out.append((item, comp, item.unit))
    return out


def notable_movements(
    catalog: Catalog,
    series: Mapping[str, IndicatorSeries],
    month: Month,
    limit: int = LIST_SIZE,
) -> list[Movement]:
    """The material rises and falls of ``month`` against the previous month, then against
    the same month last year, then its flagged outliers; each list largest first and at
    most ``limit`` long.

    ``series`` maps indicator codes to their series (see ``analytics.series``).
    """
    out: list[Movement] = []
    for basis in (PREVIOUS_MONTH, SAME_MONTH_LAST_YEAR):
        rises, falls = material_moves(month_changes(catalog, series, month, basis), limit)
        for label, chosen in ((RISE, rises), (FALL, falls)):
            out.extend(Movement(label, basis, m.key.code,
                                describe_comparison(m.key, m.comparison), m.comparison)
                       for m in chosen)
    flagged = [(code, r) for code, s in series.items() if (r := check(s, month)).flagged]
    flagged.sort(key=lambda pair: (-abs(pair[1].score), pair[0]))
    for code, result in flagged[:limit]:
        item = catalog.indicator(code)
        out.append(Movement(OUTLIER, result.basis, code, describe_outlier(item, result),
                            outlier=result))
    return out

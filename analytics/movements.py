"""The month's notable movements: the largest rises and falls against the previous month and
the same month last year, and the flagged outliers, each as a Vietnamese sentence that names
both numbers (texts from the message catalogue, area ``analytics``).

Ranking is by relative change; a base below ``min_base`` is skipped (a move from 1 to 3 is
+200% but rarely news), a zero change is not a movement, and a running total (aggregation
``last``) is not compared across the December→January turn, where it restarts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analytics.comparisons import (
    PREVIOUS_MONTH,
    SAME_MONTH_LAST_YEAR,
    Comparison,
    compare_last_year,
    compare_previous_month,
)
from analytics.outliers import SAME_MONTH, OutlierCheck, check
from analytics.series import IndicatorSeries
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
    (12,29%) so với tháng 12/2022 (5.120 phương tiện đo).``"""
    verb = t("analytics.rise") if comp.change > 0 else t("analytics.fall")
    base_key = ("analytics.vs_previous_month" if comp.kind == PREVIOUS_MONTH
                else "analytics.vs_last_year")
    pct = fmt_percent(abs(comp.ratio)) if comp.ratio is not None else t("analytics.no_percent")
    return t("analytics.movement", name=item.name, value=_num(item, comp.value),
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


def notable_movements(
    catalog: Catalog,
    series: Mapping[str, IndicatorSeries],
    month: Month,
    top: int = 3,
    min_base: float = 10,
) -> list[Movement]:
    """Up to ``top`` rises and ``top`` falls against the previous month, the same against the
    same month last year, then every flagged outlier of ``month``.

    ``series`` maps indicator codes to their series (see ``analytics.series``).
    """
    out: list[Movement] = []
    for kind, fn in ((PREVIOUS_MONTH, compare_previous_month),
                     (SAME_MONTH_LAST_YEAR, compare_last_year)):
        comps = []
        for code, s in series.items():
            if kind == PREVIOUS_MONTH and month.month == 1 and \
                    catalog.indicator(code).aggregation == "last":
                continue  # a running total restarts in January: not a fall
            comp = fn(s, month)
            if comp.ratio is None or comp.change == 0 or abs(comp.base) < min_base:
                continue
            comps.append((code, comp))
        rises = sorted((c for c in comps if c[1].change > 0), key=lambda c: -c[1].ratio)
        falls = sorted((c for c in comps if c[1].change < 0), key=lambda c: c[1].ratio)
        for label, chosen in ((RISE, rises[:top]), (FALL, falls[:top])):
            for code, comp in chosen:
                item = catalog.indicator(code)
                out.append(Movement(label, kind, code, describe_comparison(item, comp), comp))
    for code, s in series.items():
        result = check(s, month)
        if result.flagged:
            item = catalog.indicator(code)
            out.append(Movement(OUTLIER, result.basis, code, describe_outlier(item, result),
                                outlier=result))
    return out

"""The numbers behind the trends page: per month and line, the value, the same month last
year, the year-to-date value by aggregation and the yearly target — one tidy table that the
charts draw and the downloads carry.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analytics.periods import period_column, to_period, to_periods
from analytics.series import all_series, canonical, indicator_series
from analytics.targets import plan_codes, plan_for
from analytics.ytd import cumulative
from core.catalog import Catalog
from core.months import Month, month_range

TREND_COLUMNS = ("period", "indicator", "unit", "value", "last_year", "ytd", "target",
                 "source")


def fetch_start(start: Month) -> Month:
    """The first month to read for a range starting at ``start`` (its last-year months and
    the year to date of its first year)."""
    return start - 12


def trend_frame(catalog: Catalog, frame: pd.DataFrame, codes: Sequence[str],
                start: Month, end: Month, units: Sequence[str] = ()
                ) -> pd.DataFrame:
    """One row per month × indicator × line (``unit`` is "" for the total over all units).

    ``frame`` holds the figures from :func:`fetch_start` to ``end`` (``store.queries.figures``)
    for the codes and their predecessors. ``period`` holds monthly ``pandas.Period`` values.
    Missing months keep NaN (never 0). ``source`` is the indicator code that supplied the
    value (it changes at a successor join).
    """
    months = month_range(start, end)
    history = month_range(fetch_start(start), end)
    index = to_periods(months)
    plans = all_series(frame, catalog, plan_codes(catalog, list(codes)))
    parts = []
    for code in codes:
        item = catalog.indicator(code)
        for unit in (list(units) or [""]):
            series = indicator_series(frame, catalog, code, [unit] if unit else None)
            values = series.values.reindex(index)
            shifted = series.values.reindex(index - 12)
            ytd = cumulative(series, history, item.aggregation).reindex(index)
            parts.append(pd.DataFrame({
                "period": index,
                "indicator": code,
                "unit": unit,
                "value": values.to_numpy(),
                "last_year": shifted.to_numpy(),
                "ytd": ytd.to_numpy(),
                "target": [plan_for(catalog, code, m, plans).value for m in months],
                "source": series.sources.reindex(index).to_numpy(),
            }))
    if not parts:
        return pd.DataFrame(columns=list(TREND_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out["target"] = out["target"].astype("float64")
    return out


def unit_comparison(catalog: Catalog, frame: pd.DataFrame, codes: Sequence[str],
                    month: Month, units: Sequence[str] = ()) -> pd.DataFrame:
    """The value of each indicator for each reporting unit in one month (``indicator``,
    ``unit``, ``value``), predecessors shown under their successor's code; units without a
    value that month are left out."""
    rows = frame[period_column(frame["period"]) == to_period(month)]
    if rows.empty:
        return pd.DataFrame(columns=["indicator", "unit", "value"])
    rows = canonical(rows, catalog)
    rows = rows[rows["line_indicator"].isin(list(codes))]
    if units:
        rows = rows[rows["line_unit"].isin(list(units))]
    out = rows[["line_indicator", "line_unit", "value"]]
    return out.set_axis(["indicator", "unit", "value"], axis=1).reset_index(drop=True)

"""Monthly series of one indicator, following the catalogue's ``successor`` links.

An indicator whose validity ended and was replaced (``successor``) continues as its
successor: the trend of the successor starts with its predecessors' months, and the month
the successor took over is a *join* that charts mark. A merged unit continues as its
successor unit in per-unit views. Where a predecessor and its successor both have a value
in the same month the successor's counts (never both: that would double-count).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.periods import period_column, to_period
from core.catalog import Catalog
from core.months import Month


@dataclass(frozen=True)
class Join:
    """Where a line continues under another code: the first month of ``to_code``."""

    month: Month
    from_code: str
    to_code: str


@dataclass
class IndicatorSeries:
    """Values per month (monthly ``Period`` index, NaN or absent = no data) and, per month,
    which indicator code supplied the value."""

    code: str
    values: pd.Series
    sources: pd.Series
    joins: list[Join] = field(default_factory=list)

    def value(self, month: Month) -> float | None:
        """The value of ``month``, or None when the month has no data."""
        found = self.values.get(to_period(month))
        return None if found is None or pd.isna(found) else float(found)

    def source(self, month: Month) -> str | None:
        return self.sources.get(to_period(month))


def _predecessors(items: Iterable, code: str) -> list:
    return [i for i in items if i.successor == code]


def _chain(items: Iterable, code: str) -> list[str]:
    """``code`` and every item that (transitively) became it, oldest first."""
    chain, frontier, seen = [], [code], {code}
    while frontier:
        current = frontier.pop()
        chain.append(current)
        for pred in _predecessors(items, current):
            if pred.code not in seen:
                seen.add(pred.code)
                frontier.append(pred.code)
    return list(reversed(chain))


def indicator_chain(catalog: Catalog, code: str) -> list[str]:
    """``code`` and every indicator that (transitively) became it, oldest first."""
    return _chain(catalog.indicators, code)


def unit_chain(catalog: Catalog, code: str) -> list[str]:
    """``code`` and every unit merged into it (transitively), oldest first."""
    return _chain(catalog.units, code)


def final_indicator(catalog: Catalog, code: str) -> str:
    """Follow ``successor`` links to the indicator that carries the line today."""
    seen = {code}
    current = catalog.indicator_by_code.get(code)
    while current is not None and current.successor and current.successor not in seen:
        seen.add(current.successor)
        code = current.successor
        current = catalog.indicator_by_code.get(code)
    return code


def final_unit(catalog: Catalog, code: str) -> str:
    """Follow ``successor`` links to the unit that carries the line today."""
    seen = {code}
    current = catalog.unit_by_code.get(code)
    while current is not None and current.successor and current.successor not in seen:
        seen.add(current.successor)
        code = current.successor
        current = catalog.unit_by_code.get(code)
    return code


def indicator_joins(catalog: Catalog, code: str) -> list[Join]:
    """The months where a predecessor's line continues as its successor."""
    joins = []
    chain = indicator_chain(catalog, code)
    for earlier in chain[:-1]:
        item = catalog.indicator_by_code[earlier]
        successor = catalog.indicator_by_code.get(item.successor or "")
        start = successor.valid_from if successor else None
        if start is None and item.valid_to is not None:
            month = Month.of(item.valid_to) + 1
        elif start is not None:
            month = Month.of(start)
        else:
            continue
        joins.append(Join(month, earlier, item.successor))
    return joins


def canonical(frame: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Add ``line_indicator`` and ``line_unit``: the successor each row's line continues as.

    Rows a successor supersedes in the same month (same line, same month, an older code in
    the chain) are dropped. Vectorised: the catalogue is consulted once per distinct code.
    """
    out = frame.copy()
    line_ind, ind_rank = {}, {}
    for code in out["indicator"].unique():
        final = final_indicator(catalog, code)
        chain = indicator_chain(catalog, final)
        line_ind[code], ind_rank[code] = final, chain.index(code) if code in chain else 0
    line_unit, unit_rank = {}, {}
    for code in out["unit"].unique():
        final = final_unit(catalog, code)
        chain = unit_chain(catalog, final)
        line_unit[code], unit_rank[code] = final, chain.index(code) if code in chain else 0
    out["line_indicator"] = out["indicator"].map(line_ind)
    out["line_unit"] = out["unit"].map(line_unit)
    rank = out["indicator"].map(ind_rank) * 1000 + out["unit"].map(unit_rank)
    out = out.assign(_rank=rank).sort_values("_rank", kind="stable")
    out = out.drop_duplicates(["line_indicator", "line_unit", "period"], keep="last")
    return out.drop(columns="_rank").sort_values(["line_indicator", "period", "line_unit"])


def _empty(code: str, catalog: Catalog) -> IndicatorSeries:
    index = pd.PeriodIndex([], freq="M")
    return IndicatorSeries(code, pd.Series(dtype="float64", index=index),
                           pd.Series(dtype=object, index=index), indicator_joins(catalog, code))


def all_series(frame: pd.DataFrame, catalog: Catalog, codes: Sequence[str],
               units: Sequence[str] | None = None) -> dict[str, IndicatorSeries]:
    """:func:`indicator_series` for many codes in one pass over ``frame``."""
    wanted_codes = {c for code in codes for c in indicator_chain(catalog, code)}
    rows = frame[frame["indicator"].isin(wanted_codes)]
    if units:
        wanted_units = {u for unit in units for u in unit_chain(catalog, unit)}
        rows = rows[rows["unit"].isin(wanted_units)]
    out = {code: _empty(code, catalog) for code in codes}
    if rows.empty:
        return out
    rows = canonical(rows, catalog)
    # Group on the stored period text, then convert the grouped months to Periods once.
    grouped = rows.groupby(["line_indicator", "period"], sort=True)
    values = grouped["value"].sum(min_count=1)
    sources = grouped["indicator"].last()
    wanted = set(codes)
    line_codes = values.index.get_level_values(0).to_numpy()
    months = period_column(values.index.get_level_values(1)).asi8
    raw_values, raw_sources = values.to_numpy(dtype="float64"), sources.to_numpy()
    bounds = np.flatnonzero(np.r_[True, line_codes[1:] != line_codes[:-1], True])
    for first, last in itertools.pairwise(bounds):
        code = line_codes[first]
        if code not in wanted:
            continue
        index = pd.PeriodIndex.from_ordinals(months[first:last], freq="M")
        out[code] = IndicatorSeries(code, pd.Series(raw_values[first:last], index=index),
                                    pd.Series(raw_sources[first:last], index=index),
                                    indicator_joins(catalog, code))
    return out


def indicator_series(frame: pd.DataFrame, catalog: Catalog, code: str,
                     units: Sequence[str] | None = None) -> IndicatorSeries:
    """The monthly total of ``code`` (over ``units``, default all) following successors.

    ``frame`` has the columns of ``store.queries.figures`` and must hold every code of the
    chain. A month is missing when no unit has a value: the total is NaN, never zero.
    """
    return all_series(frame, catalog, [code], units)[code]

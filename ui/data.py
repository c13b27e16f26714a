"""Cached data access for the dashboards, keyed by the database's data version.

Every function takes the data version first: a load bumps it, so cached results are reused
until the figures change and are never looked up by hashing a DataFrame. The keys are a few
small strings and tuples; results are small (filtered and reduced in SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from actions import review
from analytics import completeness, kpi, movements, trends
from analytics.series import IndicatorSeries, all_series
from core.catalog import Catalog
from core.months import Month, month_range
from etl.problems import Problem
from report.reminders import Letterhead, read_letterhead
from store import queries
from store.catalog_store import read_catalog
from store.settings import get_setting
from store.submissions import (
    list_submissions,
    submission_activities,
    submission_plan_items,
    submission_values,
)
from ui.db import current_data_version, engine

MOVEMENT_HISTORY_MONTHS = 60  # enough for the same month of 3+ earlier years (outliers)


def data_version() -> int:
    return current_data_version()


@st.cache_resource(show_spinner=False, max_entries=4)
def catalog(dv: int) -> Catalog:
    """The catalogue as the database holds it at data version ``dv`` (shared, read-only)."""
    return read_catalog(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def version_warnings(dv: int, submission_id: int) -> list[Problem]:
    """The warnings of one stored version (``actions.review.version_warnings``) at data
    version ``dv``: they depend on stored figures only, and reading the unit's history for
    the outlier rule on every run of the review page took a third of a second."""
    with engine().connect() as conn:
        return review.version_warnings(conn, submission_id)


@st.cache_data(show_spinner=False, max_entries=4)
def submissions(dv: int) -> list[dict]:
    """Every version, newest first (the review page's list), at data version ``dv``: every
    load and review bumps it, and reading all of them (thousands at province scale) on each
    change of the page's pickers cost it a tenth of a second."""
    with engine().connect() as conn:
        return list_submissions(conn)


@dataclass(frozen=True)
class VersionContents:
    """What the review page shows of one version: its figures, activities and next-month
    tasks, and the figures that count for its unit last month and the same month last year
    (by indicator)."""

    values: list[dict]
    activities: list[dict]
    plans: list[dict]
    previous_month: dict[str, float]
    last_year: dict[str, float]


def _counting(conn, unit: str, month: Month, codes: list[str]) -> dict[str, float]:
    """The figures that count for ``unit`` in ``month`` (the newest version), by indicator."""
    frame = queries.figures(conn, month, month, codes, [unit])
    return dict(zip(frame["indicator"], frame["value"], strict=True))


@st.cache_data(show_spinner=False, max_entries=32)
def version_contents(dv: int, submission_id: int, unit: str, month: Month) -> VersionContents:
    """:class:`VersionContents` of the version ``submission_id`` (of ``unit`` and ``month``)
    at data version ``dv``."""
    with engine().connect() as conn:
        values = submission_values(conn, submission_id)
        codes = [v["indicator_code"] for v in values]
        return VersionContents(values, submission_activities(conn, submission_id),
                               submission_plan_items(conn, submission_id),
                               _counting(conn, unit, month - 1, codes),
                               _counting(conn, unit, month - 12, codes))


@st.cache_data(show_spinner=False, max_entries=16)
def latest_period(dv: int, approved_only: bool, units: tuple[str, ...] = ()) -> Month | None:
    return queries.latest_period(engine(), approved_only, units or None)


@st.cache_data(show_spinner=False, max_entries=4)
def first_period(dv: int) -> Month | None:
    return queries.first_period(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def figures(dv: int, start: Month, end: Month, indicators: tuple[str, ...],
            units: tuple[str, ...], approved_only: bool) -> pd.DataFrame:
    return queries.figures(engine(), start, end, indicators or None, units or None,
                           approved_only)


@st.cache_data(show_spinner=False, max_entries=64)
def totals(dv: int, start: Month, end: Month, indicators: tuple[str, ...],
           units: tuple[str, ...], approved_only: bool) -> pd.DataFrame:
    return queries.totals(engine(), start, end, indicators or None, units or None,
                          approved_only)


@st.cache_data(show_spinner=False, max_entries=32)
def submission_status(dv: int, start: Month, end: Month, units: tuple[str, ...]
                      ) -> pd.DataFrame:
    return queries.submission_status(engine(), start, end, units or None)


@st.cache_data(show_spinner=False, max_entries=64)
def versions(dv: int, unit: str, month: Month) -> pd.DataFrame:
    return queries.versions(engine(), unit, month)


@st.cache_data(show_spinner=False, max_entries=64)
def version_values(dv: int, unit: str, month: Month) -> pd.DataFrame:
    return queries.version_values(engine(), unit, month)


@st.cache_data(show_spinner=False, ttl=300)
def deadline_days(on_date: date) -> int:
    """The deadline setting valid on ``on_date`` (settings are edited rarely: 5-minute TTL)."""
    return int(get_setting(engine(), "deadline_days_after_month_end", on_date))


@st.cache_data(show_spinner=False, ttl=300)
def home_month_share(on_date: date) -> int:
    """The home-month setting valid on ``on_date`` (5-minute TTL like the deadline)."""
    return int(get_setting(engine(), "home_month_min_share_percent", on_date))


@st.cache_data(show_spinner=False, ttl=300)
def letterhead(on_date: date) -> Letterhead:
    """The reminder letter's header texts and signer valid on ``on_date`` (5-minute TTL
    like the deadline)."""
    with engine().connect() as conn:
        return read_letterhead(conn, on_date)


@st.cache_data(show_spinner=False, max_entries=16)
def month_coverage(dv: int, approved_only: bool, units: tuple[str, ...]
                   ) -> dict[Month, completeness.Coverage]:
    """Every month from the first with data to the newest: expected and submitted units."""
    first, latest = first_period(dv), latest_period(dv, False, units)
    if first is None or latest is None:
        return {}
    status = submission_status(dv, first, latest, units)
    return completeness.month_coverage(status, catalog(dv), month_range(first, latest),
                                       units or None, approved_only)


@dataclass(frozen=True)
class Overview:
    cards: list[kpi.KpiCard]
    movements: list[movements.Movement]
    grid: pd.DataFrame  # completeness grid of the month
    missing_units: list[str]


@st.cache_data(show_spinner=False, max_entries=32)
def overview(dv: int, month: Month, approved_only: bool, department: str | None) -> Overview:
    """Everything the overview shows for ``month``, computed once per data version."""
    cat = catalog(dv)
    units = tuple(kpi.department_units(cat, department))
    headline = kpi.headline_indicators(cat, month, units)
    codes = tuple(kpi.fetch_codes(cat, [i.code for i in headline]))
    frame = totals(dv, kpi.history_start(month), month, codes, units, approved_only)
    cards = kpi.kpi_cards(cat, frame, month, headline)
    valid = [i.code for i in cat.indicators if i.org_unit in units and i.valid_in(month)]
    history = totals(dv, month - MOVEMENT_HISTORY_MONTHS, month,
                     tuple(kpi.with_predecessors(cat, valid)), units, approved_only)
    series = series_by_code(cat, history, valid)
    moves = movements.notable_movements(cat, series, month)
    status = submission_status(dv, month, month, units)
    grid = completeness.classify(status, cat, [month], deadline_days(month.last_day),
                                 units=units)
    return Overview(cards, moves, grid, completeness.missing_units(grid, month))


def series_by_code(cat: Catalog, frame: pd.DataFrame,
                   codes: Sequence[str], units: Sequence[str] | None = None
                   ) -> dict[str, IndicatorSeries]:
    """One series per indicator code (following successors)."""
    return all_series(frame, cat, codes, units)


@st.cache_data(show_spinner=False, max_entries=32)
def trend(dv: int, start: Month, end: Month, codes: tuple[str, ...], units: tuple[str, ...],
          approved_only: bool) -> pd.DataFrame:
    """The trends table (``analytics.trends.trend_frame``) for the picked view."""
    cat = catalog(dv)
    frame = figures(dv, trends.fetch_start(start), end,
                    tuple(kpi.fetch_codes(cat, codes)), (), approved_only)
    return trends.trend_frame(cat, frame, codes, start, end, units)


@st.cache_data(show_spinner=False, max_entries=32)
def unit_comparison(dv: int, month: Month, codes: tuple[str, ...], units: tuple[str, ...],
                    approved_only: bool) -> pd.DataFrame:
    cat = catalog(dv)
    frame = figures(dv, month, month, tuple(kpi.with_predecessors(cat, codes)), (),
                    approved_only)
    return trends.unit_comparison(cat, frame, codes, month, units)

"""A running total (aggregation ``last``) is compared year to date with the same month last
year and with the plan — never a month with the month before, so never January with
December: not on the card, not in the movements, not in the report's figures."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.comparisons import (
    PREVIOUS_MONTH,
    SAME_MONTH_LAST_YEAR,
    compare_previous_month_of,
    has_previous_month_comparison,
)
from analytics.kpi import kpi_cards
from analytics.movements import notable_movements
from analytics.period_figures import period_figures
from analytics.series import all_series
from core.months import Month, ReportPeriod
from tests.analytics.helpers import catalog, indicator, monthly

# Disbursed budget: December 2022's whole year, then January 2023 starts again (-96,8%).
DISBURSED = {"2021-12": 16000.0, "2022-01": 530.5, "2022-02": 1300.0, "2022-12": 18104.7,
             "2023-01": 574.3, "2023-02": 1391.4, "2023-03": 2783.0}
# A monthly count beside it, with a real fall in January.
COUNT = {"2022-01": 300.0, "2022-12": 500.0, "2023-01": 150.0, "2023-02": 200.0,
         "2023-03": 210.0}
CAT = catalog([indicator("RUN", aggregation="last", headline=True),
               indicator("CNT", headline=True)])
FRAME = pd.concat([monthly("RUN", DISBURSED), monthly("CNT", COUNT)], ignore_index=True)
SERIES = all_series(FRAME, CAT, ["RUN", "CNT"])


def test_the_gate():
    assert not has_previous_month_comparison("last")
    assert has_previous_month_comparison("sum")
    assert compare_previous_month_of("last", SERIES["RUN"], Month(2023, 2)) is None
    assert compare_previous_month_of("sum", SERIES["CNT"], Month(2023, 2)).base == 150.0


@pytest.mark.parametrize("month", ["2023-01", "2023-02", "2023-03"])
def test_card_of_a_running_total_leads_with_last_year(month):
    run, cnt = kpi_cards(CAT, FRAME, Month.parse(month), CAT.indicators)
    assert run.previous is None and run.lead is run.last_year
    assert run.lead.kind == SAME_MONTH_LAST_YEAR
    assert run.lead.base_month == Month.parse(month) - 12
    # the count keeps its month-to-month comparison
    assert cnt.previous is not None and cnt.lead is cnt.previous
    assert cnt.lead.kind == PREVIOUS_MONTH


def test_january_card_is_not_a_fall_of_97_percent():
    run = kpi_cards(CAT, FRAME, Month(2023, 1), CAT.indicators)[0]
    assert run.lead.base == 530.5 and run.lead.ratio == pytest.approx(574.3 / 530.5 - 1)


@pytest.mark.parametrize("month", ["2023-01", "2023-02", "2023-03"])
def test_movements_never_compare_a_running_total_with_the_month_before(month):
    moves = notable_movements(CAT, SERIES, Month.parse(month))
    assert not [m for m in moves if m.indicator == "RUN" and m.basis == PREVIOUS_MONTH]


def test_running_total_moves_against_last_year_are_year_to_date():
    moves = notable_movements(CAT, SERIES, Month(2023, 3))
    # 2.783 against no March 2022: nothing; January: 574,3 against 530,5 is +8,3% (< 10%)
    assert not [m for m in moves if m.indicator == "RUN"]
    frame = pd.concat([FRAME, monthly("RUN", {"2022-03": 2000.0})], ignore_index=True)
    moves = notable_movements(CAT, all_series(frame, CAT, ["RUN", "CNT"]), Month(2023, 3))
    run = [m for m in moves if m.indicator == "RUN"]
    assert [(m.basis, m.comparison.base) for m in run] == [(SAME_MONTH_LAST_YEAR, 2000.0)]
    assert "tính đến hết tháng 03/2023" in run[0].text and "trong tháng" not in run[0].text


def test_a_count_still_moves_against_the_month_before():
    moves = notable_movements(CAT, SERIES, Month(2023, 1))
    assert [(m.kind, m.basis) for m in moves if m.indicator == "CNT"] == [
        ("fall", PREVIOUS_MONTH), ("fall", SAME_MONTH_LAST_YEAR)]


@pytest.mark.parametrize("period", ["2023-01", "2023-02", "2023-Q1"])
def test_report_figures_of_a_running_total(period):
    figures = period_figures(CAT, FRAME, ReportPeriod.parse(period))
    run = figures["RUN"]
    assert run.previous is None
    if period == "2023-01":
        assert run.last_year.base == 530.5 and run.last_year.value == 574.3
    if period == "2023-02":
        assert run.last_year.base == 1300.0
    if period == "2023-Q1":
        assert run.last_year is None  # March 2022 missing: not like for like
    assert figures["CNT"].previous is not None or period == "2023-Q1"

"""The reported month and the report period: parsing, formatting and arithmetic."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.months import (
    HALF,
    KINDS,
    MAX_YEAR,
    MIN_YEAR,
    MONTH,
    NINE_MONTHS,
    QUARTER,
    YEAR,
    Month,
    ReportPeriod,
    month_range,
    year_to_date,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-01", Month(2023, 1)),
    ("2023-1", Month(2023, 1)),
    (" 2023-12 ", Month(2023, 12)),
    ("01/2023", Month(2023, 1)),
    ("1/2023", Month(2023, 1)),
    ("12/2022", Month(2022, 12)),
    ("01-2023", Month(2023, 1)),
    ("T1/2023", Month(2023, 1)),
    ("t12/2023", Month(2023, 12)),
    ("tháng 01/2023", Month(2023, 1)),
    ("Tháng 2/2023", Month(2023, 2)),
])
def test_parse(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize("text", ["", "2023", "13/2023", "2023-13", "00/2023", "abc",
                                  "01/23", "2023/01/05"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(text)


@pytest.mark.parametrize(("month", "months", "expected"), [
    (Month(2023, 1), 1, Month(2023, 2)),
    (Month(2023, 12), 1, Month(2024, 1)),
    (Month(2023, 1), -1, Month(2022, 12)),
    (Month(2023, 1), 12, Month(2024, 1)),
    (Month(2023, 1), -13, Month(2021, 12)),
    (Month(2023, 6), 0, Month(2023, 6)),
])
def test_add(month: Month, months: int, expected: Month) -> None:
    assert month + months == expected
    assert expected - months == month
    assert expected.diff(month) == months


@pytest.mark.parametrize(("month", "first", "last"), [
    (Month(2023, 1), date(2023, 1, 1), date(2023, 1, 31)),
    (Month(2023, 2), date(2023, 2, 1), date(2023, 2, 28)),
    (Month(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
    (Month(2023, 4), date(2023, 4, 1), date(2023, 4, 30)),
    (Month(2023, 12), date(2023, 12, 1), date(2023, 12, 31)),
])
def test_first_and_last_day(month: Month, first: date, last: date) -> None:
    assert (month.first_day, month.last_day) == (first, last)
    assert Month.of(last) == month


def test_text_order_and_validation() -> None:
    assert str(Month(2023, 1)) == "2023-01"
    assert str(Month(1999, 12)) == "1999-12"
    assert Month(2022, 12) < Month(2023, 1) < Month(2023, 2)
    assert sorted([Month(2023, 2), Month(2021, 5), Month(2023, 1)]) == \
        [Month(2021, 5), Month(2023, 1), Month(2023, 2)]
    with pytest.raises(ValueError):
        Month(2023, 0)
    with pytest.raises(ValueError):
        Month(2023, 13)


def test_month_range() -> None:
    assert month_range(Month(2022, 11), Month(2023, 2)) == [
        Month(2022, 11), Month(2022, 12), Month(2023, 1), Month(2023, 2)]
    assert month_range(Month(2023, 1), Month(2023, 1)) == [Month(2023, 1)]
    assert month_range(Month(2023, 2), Month(2023, 1)) == []
    assert len(month_range(Month(2021, 1), Month(2023, 12))) == 36


def test_year_to_date() -> None:
    assert year_to_date(Month(2023, 3)) == [Month(2023, 1), Month(2023, 2), Month(2023, 3)]
    assert year_to_date(Month(2024, 1)) == [Month(2024, 1)]
    assert len(year_to_date(Month(2023, 12))) == 12


# --- report periods ------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "kind", "year", "index", "first", "last", "count"), [
    ("2023-01", MONTH, 2023, 1, Month(2023, 1), Month(2023, 1), 1),
    ("2023-12", MONTH, 2023, 12, Month(2023, 12), Month(2023, 12), 1),
    ("2023-Q1", QUARTER, 2023, 1, Month(2023, 1), Month(2023, 3), 3),
    ("2023-Q2", QUARTER, 2023, 2, Month(2023, 4), Month(2023, 6), 3),
    ("2023-Q4", QUARTER, 2023, 4, Month(2023, 10), Month(2023, 12), 3),
    ("2023-H1", HALF, 2023, 1, Month(2023, 1), Month(2023, 6), 6),
    ("2023-H2", HALF, 2023, 2, Month(2023, 7), Month(2023, 12), 6),
    ("2023-9T", NINE_MONTHS, 2023, 1, Month(2023, 1), Month(2023, 9), 9),
    ("2023", YEAR, 2023, 1, Month(2023, 1), Month(2023, 12), 12),
    ("2024-02", MONTH, 2024, 2, Month(2024, 2), Month(2024, 2), 1),
])
def test_report_period_parse_format_and_months(code, kind, year, index, first, last, count):
    period = ReportPeriod.parse(code)
    assert (period.kind, period.year, period.index) == (kind, year, index)
    assert period == ReportPeriod(kind, year, index)
    assert str(period) == code
    assert (period.first_month, period.last_month) == (first, last)
    assert period.months == tuple(month_range(first, last))
    assert len(period.months) == count


@pytest.mark.parametrize(("text", "code"), [
    ("2023-q1", "2023-Q1"), ("2023-h2", "2023-H2"), ("2023-9t", "2023-9T"),
    (" 2023-Q3 ", "2023-Q3"), ("2023 ", "2023"), ("\t2023-07\n", "2023-07"),
])
def test_report_period_parse_ignores_case_and_spaces(text, code):
    assert str(ReportPeriod.parse(text)) == code


@pytest.mark.parametrize("bad", [
    "", " ", "x", "23", "202", "20231", "2023-", "2023-13", "2023-00", "2023-1", "2023-001",
    "2023-Q0", "2023-Q5", "2023-H0", "2023-H3", "2023-8T", "2023-9", "2023-T9", "01/2023",
    "T1/2023", "2023/01", "2023-01-05", "2023-Q1x", "0999", "3000-01", "1899-Q1",
    "2023-Q１", "２０２３",
])
def test_report_period_parse_refuses(bad):
    with pytest.raises(ValueError):
        ReportPeriod.parse(bad)


@pytest.mark.parametrize(("kind", "year", "index"), [
    ("week", 2023, 1), (MONTH, 2023, 0), (MONTH, 2023, 13), (QUARTER, 2023, 5),
    (HALF, 2023, 3), (NINE_MONTHS, 2023, 2), (YEAR, 2023, 2), (YEAR, MIN_YEAR - 1, 1),
    (MONTH, MAX_YEAR + 1, 1),
])
def test_report_period_refuses_impossible_fields(kind, year, index):
    with pytest.raises(ValueError):
        ReportPeriod(kind, year, index)


@pytest.mark.parametrize(("code", "nxt"), [
    ("2023-01", "2023-02"),
    ("2023-11", "2023-12"),
    ("2023-12", "2024-01"),  # across the year end
    ("2023-Q1", "2023-Q2"),
    ("2023-Q3", "2023-Q4"),
    ("2023-Q4", "2024-Q1"),
    ("2023-H1", "2023-H2"),
    ("2023-H2", "2024-H1"),
    ("2023-9T", "2023-Q4"),  # after nine months: the fourth quarter
    ("2023", "2024"),
    ("1999", "2000"),
])
def test_next_period(code, nxt):
    assert str(ReportPeriod.parse(code).next()) == nxt


@pytest.mark.parametrize(("code", "before"), [
    ("2023-01", "2022-01"), ("2023-12", "2022-12"), ("2023-Q4", "2022-Q4"),
    ("2023-H2", "2022-H2"), ("2023-9T", "2022-9T"), ("2023", "2022"), ("2000-Q1", "1999-Q1"),
])
def test_same_period_last_year(code, before):
    period = ReportPeriod.parse(code)
    assert str(period.same_period_last_year()) == before
    assert [m + 12 for m in period.same_period_last_year().months] == list(period.months)


@pytest.mark.parametrize(("kind", "month", "code"), [
    (MONTH, Month(2023, 5), "2023-05"),
    (QUARTER, Month(2023, 1), "2023-Q1"), (QUARTER, Month(2023, 3), "2023-Q1"),
    (QUARTER, Month(2023, 4), "2023-Q2"), (QUARTER, Month(2023, 12), "2023-Q4"),
    (HALF, Month(2023, 6), "2023-H1"), (HALF, Month(2023, 7), "2023-H2"),
    (NINE_MONTHS, Month(2023, 1), "2023-9T"), (NINE_MONTHS, Month(2023, 9), "2023-9T"),
    (NINE_MONTHS, Month(2023, 10), None), (NINE_MONTHS, Month(2023, 12), None),
    (YEAR, Month(2023, 1), "2023"), (YEAR, Month(2023, 12), "2023"),
])
def test_period_containing_a_month(kind, month, code):
    found = ReportPeriod.containing(kind, month)
    assert (None if found is None else str(found)) == code
    if found is not None:
        assert month in found.months


def test_period_containing_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        ReportPeriod.containing("week", Month(2023, 1))


def test_month_period():
    assert ReportPeriod.of_month(Month(2023, 2)) == ReportPeriod.parse("2023-02")
    assert ReportPeriod.of_month(Month(2023, 2)).months == (Month(2023, 2),)


PERIODS = st.sampled_from(KINDS).flatmap(lambda kind: st.builds(
    ReportPeriod, st.just(kind), st.integers(MIN_YEAR + 1, MAX_YEAR - 1),
    st.integers(1, {MONTH: 12, QUARTER: 4, HALF: 2}.get(kind, 1))))


@given(PERIODS)
def test_parse_of_the_code_is_the_period(period: ReportPeriod) -> None:
    assert ReportPeriod.parse(str(period)) == period
    assert ReportPeriod.parse(str(period).lower()) == period


@given(PERIODS)
def test_periods_are_consecutive_months(period: ReportPeriod) -> None:
    months = period.months
    assert all(b.diff(a) == 1 for a, b in itertools.pairwise(months))
    assert all(m.year == period.year for m in months)
    following = period.next()
    if period.kind != NINE_MONTHS:
        assert following.first_month == period.last_month + 1
        assert following.kind == period.kind
    assert all(ReportPeriod.containing(period.kind, m) == period for m in months)


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))
def test_month_text_round_trip(year: int, month: int) -> None:
    assert Month.parse(str(Month(year, month))) == Month(year, month)
    assert ReportPeriod.parse(str(Month(year, month))).months == (Month(year, month),)


def test_report_period_years_span_those_of_months():
    assert ReportPeriod(YEAR, MIN_YEAR).first_month == Month(MIN_YEAR, 1)
    assert ReportPeriod(MONTH, MAX_YEAR, 12).last_month == Month(MAX_YEAR, 12)
    assert str(ReportPeriod.parse(f"{MIN_YEAR}-Q1")) == f"{MIN_YEAR}-Q1"
    assert ReportPeriod.parse(f"{MAX_YEAR}-H2").months[-1] == Month(MAX_YEAR, 12)
    with pytest.raises(ValueError):  # no year after the last one
        ReportPeriod(YEAR, MAX_YEAR).next()

"""Numbers, months and dates shown the Vietnamese way."""

from __future__ import annotations

from datetime import date

import pytest

from core.formatting import (
    fmt_count,
    fmt_date,
    fmt_date_line,
    fmt_month,
    fmt_month_long,
    fmt_number,
    fmt_percent,
    fmt_place_date,
    fmt_signed,
    roman,
)
from core.months import Month


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (5749, None, "5.749"),
    (5749.0, 0, "5.749"),
    (1234.5, None, "1.234,5"),
    (1234567.891, 2, "1.234.567,89"),
    (1234.5, 1, "1.234,5"),
    (18107.2, 1, "18.107,2"),
    (7, None, "7"),
    (0, None, "0"),
    (0.5, None, "0,5"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
    (12.0, 2, "12,00"),
])
def test_fmt_number(value: float, decimals: int | None, expected: str) -> None:
    assert fmt_number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_is_never_zero(missing: float | None) -> None:
    assert fmt_number(missing) == ""
    assert fmt_number(missing, missing="—") == "—"
    assert fmt_percent(missing) == ""
    assert fmt_signed(missing) == ""


@pytest.mark.parametrize(("value", "expected"), [
    (120, "+120"), (-1005, "-1.005"), (0, "0"), (2.5, "+2,5"),
])
def test_fmt_signed(value: float, expected: str) -> None:
    assert fmt_signed(value) == expected


@pytest.mark.parametrize(("ratio", "decimals", "expected"), [
    (0.9615, 2, "96,15%"), (1, 0, "100%"), (0.05, 1, "5,0%"), (1.2345, 2, "123,45%"),
])
def test_fmt_percent(ratio: float, decimals: int, expected: str) -> None:
    assert fmt_percent(ratio, decimals) == expected


@pytest.mark.parametrize(("month", "short", "long"), [
    (Month(2023, 1), "01/2023", "tháng 01/2023"),
    (Month(2023, 12), "12/2023", "tháng 12/2023"),
    (Month(2025, 3), "03/2025", "tháng 03/2025"),
])
def test_months_are_written_with_a_two_digit_month_and_an_ungrouped_year(
        month: Month, short: str, long: str) -> None:
    assert fmt_month(month) == short
    assert fmt_month_long(month) == long


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),
    (date(2023, 6, 29), "ngày 29 tháng 6 năm 2023"),
    (date(2023, 1, 1), "ngày 01 tháng 01 năm 2023"),
    (date(2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
    (date(2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
    (date(2024, 10, 10), "ngày 10 tháng 10 năm 2024"),
])
def test_official_date_line(day: date, expected: str) -> None:
    """Decree 30/2020: day below 10 and months 1–2 zero-padded, months 3–12 never."""
    assert fmt_date_line(day) == expected


@pytest.mark.parametrize(("month", "expected"), [
    (Month(2023, 1), "ngày    tháng 01 năm 2023"),
    (Month(2023, 2), "ngày    tháng 02 năm 2023"),
    (Month(2023, 6), "ngày    tháng 6 năm 2023"),
])
def test_date_line_with_the_day_left_blank(month: Month, expected: str) -> None:
    assert fmt_date_line(None, month) == expected


def test_date_line_needs_a_day_or_a_month() -> None:
    with pytest.raises(ValueError):
        fmt_date_line(None)


def test_place_and_date() -> None:
    assert fmt_place_date("Quảng Trị", date(2023, 2, 5)) == "Quảng Trị, ngày 05 tháng 02 năm 2023"
    assert fmt_place_date("Quảng Trị", None, Month(2023, 1)) == \
        "Quảng Trị, ngày    tháng 01 năm 2023"


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 2, 5), "05/02/2023"), (date(2022, 12, 14), "14/12/2022"), (None, ""),
])
def test_fmt_date(day: date | None, expected: str) -> None:
    assert fmt_date(day) == expected


# --- counts as the Department writes them, Roman numerals (summary stream) -----------------


@pytest.mark.parametrize(("value", "expected"), [
    (7, "07"), (1, "01"), (9, "09"), (9.0, "09"), (0, "0"), (10, "10"), (105, "105"),
    (5749, "5.749"), (1234567, "1.234.567"), (2.5, "2,5"), (9.5, "9,5"), (-3, "-3"),
])
def test_fmt_count(value, expected):
    assert fmt_count(value) == expected


def test_fmt_count_refuses_nan():
    with pytest.raises(ValueError):
        fmt_count(float("nan"))


@pytest.mark.parametrize(("number", "expected"), [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"), (14, "XIV"),
    (40, "XL"), (49, "XLIX"), (90, "XC"), (400, "CD"), (944, "CMXLIV"), (2024, "MMXXIV"),
])
def test_roman(number, expected):
    assert roman(number) == expected


@pytest.mark.parametrize("number", [0, -1])
def test_roman_refuses_what_has_no_numeral(number):
    with pytest.raises(ValueError):
        roman(number)


@pytest.mark.parametrize(("value", "text"), [
    (6.5, "6,5"), (5749.0, "5.749"), (0.0, "0"), (1.234, "1,2340"), (12.5, "12,5"),
    (999.999, "999,9990"), (1234.5, "1.234,5"), (0.125, "0,125"), (1e15, "1.000.000.000.000.000"),
])
def test_a_figure_is_written_with_one_reading_only(value, text):
    from core.formatting import fmt_unambiguous
    from core.numbers import parse_vn_number

    assert fmt_unambiguous(value) == text
    parsed = parse_vn_number(text)
    assert parsed.value == value and parsed.other is None  # read back as written, no doubt

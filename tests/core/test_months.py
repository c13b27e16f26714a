"""The reported month: parsing and arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from core.months import Month, month_range


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
    assert str(Month(2023, 1)) == Month(2023, 1).iso == "2023-01"
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

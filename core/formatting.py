"""How numbers, months and dates are shown: ``5.749``, ``1.234,5``, ``96,15%``, ``01/2023``."""

from __future__ import annotations

from datetime import date, datetime

from babel.numbers import format_decimal

from core.months import Month
from core.numbers import exact_decimal, other_reading
from core.timezone import to_vn

LOCALE = "vi_VN"


def fmt_number(value: float | int | None, decimals: int | None = None, missing: str = "") -> str:
    """Vietnamese grouping and decimal mark; ``decimals=None`` keeps up to 2 as needed.

    >>> fmt_number(5749), fmt_number(1234.5), fmt_number(1234567.891, 2)
    ('5.749', '1.234,5', '1.234.567,89')
    """
    if value is None or value != value:
        return missing
    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_count(value: float | int) -> str:
    """A count as the Department's reports write it: one to nine with a leading zero
    (``07 dự án``, ``02 cuộc``), larger counts grouped (``1.100``), zero as ``0``.

    >>> fmt_count(7), fmt_count(0), fmt_count(12), fmt_count(5749)
    ('07', '0', '12', '5.749')
    """
    if value != value:
        raise ValueError("a count cannot be NaN")
    if 1 <= value <= 9 and float(value).is_integer():
        return f"{int(value):02d}"
    return fmt_number(value, 0 if float(value).is_integer() else None)


def fmt_exact(value: float | int | None, missing: str = "") -> str:
    """A figure exactly as read, every decimal kept: the clerk sees ``5,749``, never a
    rounded ``5,75`` or ``6``.

    >>> fmt_exact(5.749), fmt_exact(5749), fmt_exact(1234567.125)
    ('5,749', '5.749', '1.234.567,125')
    """
    if value is None or value != value:
        return missing
    return format_decimal(exact_decimal(value), format="#,##0.###", locale=LOCALE,
                          decimal_quantization=False)


def fmt_unambiguous(value: float) -> str:
    """``value`` written so that it has one reading: ``6,5``; ``1,2340`` for 1,234 (whose
    shortest form ``1,234`` the English convention reads as a thousand and more).

    >>> fmt_unambiguous(6.5), fmt_unambiguous(1.234), fmt_unambiguous(5749)
    ('6,5', '1,2340', '5.749')
    """
    text = fmt_exact(value)
    return text + "0" if other_reading(text) is not None else text


def fmt_signed(value: float | None, decimals: int | None = None, missing: str = "") -> str:
    """A change with its sign: ``+120``, ``-1.005``, ``0``."""
    if value is None or value != value:
        return missing
    text = fmt_number(abs(value), decimals)
    if value > 0:
        return "+" + text
    if value < 0:
        return "-" + text
    return text


def fmt_percent(ratio: float | None, decimals: int = 2, missing: str = "") -> str:
    """A ratio as a percent: ``0.9615`` → ``96,15%``."""
    if ratio is None or ratio != ratio:
        return missing
    return fmt_number(ratio * 100, decimals) + "%"


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Upper-case Roman numerals (annexes "Phụ lục II", Word's list labels).

    >>> roman(1), roman(4), roman(14), roman(2024)
    ('I', 'IV', 'XIV', 'MMXXIV')
    """
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def fmt_month(month: Month) -> str:
    """``01/2023``."""
    return f"{month.month:02d}/{month.year}"


def fmt_month_long(month: Month) -> str:
    """``tháng 01/2023``."""
    return f"tháng {fmt_month(month)}"


def official_month(month_number: int) -> str:
    """Month as written in an official date line: 01, 02, then 3 … 12 (Decree 30/2020)."""
    return f"{month_number:02d}" if month_number <= 2 else str(month_number)


def official_day(day: int) -> str:
    return f"{day:02d}"


def fmt_date_line(day: date | None, month: Month | None = None) -> str:
    """``ngày 05 tháng 02 năm 2023``; without a day the day is left blank for the clerk.

    >>> fmt_date_line(date(2023, 6, 29))
    'ngày 29 tháng 6 năm 2023'
    >>> fmt_date_line(None, Month(2023, 1))
    'ngày    tháng 01 năm 2023'
    """
    if day is not None:
        return f"ngày {official_day(day.day)} tháng {official_month(day.month)} năm {day.year}"
    if month is None:
        raise ValueError("a date line needs a day or a month")
    return f"ngày    tháng {official_month(month.month)} năm {month.year}"


def fmt_place_date(place: str, day: date | None, month: Month | None = None) -> str:
    """``Quảng Trị, ngày 05 tháng 02 năm 2023``."""
    return f"{place}, {fmt_date_line(day, month)}"


def fmt_date(day: date | None) -> str:
    """``05/02/2023``."""
    return "" if day is None else day.strftime("%d/%m/%Y")


def fmt_datetime_vn(moment: datetime | None) -> str:
    """A stored (UTC) moment shown in Vietnam time: ``05/02/2023 16:30``; empty for None."""
    if moment is None or moment != moment:  # None or NaT
        return ""
    return to_vn(moment).strftime("%d/%m/%Y %H:%M")

"""Reading numbers written the Vietnamese way."""

from __future__ import annotations

import pytest

from core.numbers import ParsedNumber, parse_number_token, parse_vn_number


@pytest.mark.parametrize(("token", "expected"), [
    ("5.749", 5749.0),
    ("5749", 5749.0),
    ("07", 7.0),
    ("1.100", 1100.0),
    ("6.000", 6000.0),
    ("1.234,5", 1234.5),
    ("1.234.567,89", 1234567.89),
    ("12,5", 12.5),
    ("96,15", 96.15),
    ("12.5", 12.5),  # an English decimal point, as some writers type it
    ("0", 0.0),
    (" 1 234 ", 1234.0),
    ("1\u00a0234", 1234.0),
    ("-5", -5.0),
    ("-1.005", -1005.0),
])
def test_number_tokens(token: str, expected: float) -> None:
    assert parse_number_token(token) == pytest.approx(expected)


@pytest.mark.parametrize("token", ["", "abc", "1.23.4", "5,749,1", "12a", "1..2", "--5"])
def test_not_number_tokens(token: str) -> None:
    assert parse_number_token(token) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("hơn 20", ParsedNumber(20.0, "more_than")),
    ("Hơn 20", ParsedNumber(20.0, "more_than")),
    ("trên 5.000", ParsedNumber(5000.0, "more_than")),
    ("gần 1.000", ParsedNumber(1000.0, "about")),
    ("khoảng 200", ParsedNumber(200.0, "about")),
    ("xấp xỉ 10", ParsedNumber(10.0, "about")),
    ("ước tính 50", ParsedNumber(50.0, "about")),
    ("96,15%", ParsedNumber(96.15, None)),
    ("5.749", ParsedNumber(5749.0, None)),
    (1100, ParsedNumber(1100.0, None)),
    (12.5, ParsedNumber(12.5, None)),
    (0, ParsedNumber(0.0, None)),
    ("  07 ", ParsedNumber(7.0, None)),
])
def test_cells_and_phrases(raw: object, expected: ParsedNumber) -> None:
    parsed = parse_vn_number(raw)
    assert parsed is not None
    assert parsed.value == pytest.approx(expected.value)
    assert parsed.qualifier == expected.qualifier


@pytest.mark.parametrize("raw", [None, "", "   ", True, False, float("nan"), "không có",
                                 "hơn", "khoảng mười"])
def test_blank_or_not_a_number(raw: object) -> None:
    """Blank or text is no number: the caller keeps it missing, never zero."""
    assert parse_vn_number(raw) is None

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


# --- value kinds: what each kind of indicator accepts (docs/etl.md, "Numbers") -----------

from core.formatting import fmt_exact  # noqa: E402
from core.numbers import (  # noqa: E402
    AMBIGUOUS,
    AMOUNT,
    COUNT,
    ENGLISH,
    FRACTION,
    NOT_PERCENT,
    PERCENT,
    Doubt,
    check_kind,
    english_reading,
    exact_decimal,
    is_whole,
    number_text,
    other_reading,
    whole_hint,
)


@pytest.mark.parametrize(("token", "other"), [
    ("5,749", 5749.0), ("1,234", 1234.0), ("12,500", 12500.0), ("999,999", 999999.0),
    ("1,000", 1000.0), ("-5,749", -5749.0), (" 5,749 ", 5749.0),
    # one reading only: a leading 0, four digits before the comma, not three after it
    ("0,125", None), ("1234,567", None), ("12,5", None), ("12,50", None),
    ("1,2345", None), ("5.749", None), ("5749", None), ("1.234,567", None), ("", None),
])
def test_other_reading_names_the_english_thousands(token: str, other: float | None) -> None:
    assert other_reading(token) == other


@pytest.mark.parametrize(("token", "value"), [
    ("1,234,567", 1234567.0), ("1,234.5", 1234.5), ("12,345,678.91", 12345678.91),
    ("-1,234,567", -1234567.0),
    ("1.234", None), ("1,234", None), ("1.234,5", None), ("12.5", None), ("abc", None),
    ("1,23,456", None), ("1,234.", None),
])
def test_english_reading_only_for_forms_only_english_explains(token, value) -> None:
    assert english_reading(token) == value
    if value is not None:  # and the Vietnamese parser never takes them for a number
        assert parse_number_token(token) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("5,749", ParsedNumber(5.749, None, False, 5749.0)),
    ("khoảng 12,500", ParsedNumber(12.5, "about", False, 12500.0)),
    ("85%", ParsedNumber(85.0, None, True, None)),
    ("85 %", ParsedNumber(85.0, None, True, None)),
    ("hơn 96,15%", ParsedNumber(96.15, "more_than", True, None)),
    ("0,85", ParsedNumber(0.85, None, False, None)),
    (0.85, ParsedNumber(0.85, None, False, None)),
])
def test_parsed_numbers_keep_percent_and_the_other_reading(raw, expected) -> None:
    assert parse_vn_number(raw) == expected


@pytest.mark.parametrize(("raw", "text"), [
    ("khoảng 1,234,567", "1,234,567"), ("85%", "85"), (" hơn 5,749 % ", "5,749"),
    ("năm", "năm"), (5.0, None), (None, None),
])
def test_number_text_drops_qualifier_and_percent(raw, text) -> None:
    assert number_text(raw) == text


@pytest.mark.parametrize(("value", "whole"), [
    (5.0, True), (0.0, True), (4.9999999999, True), (5749.0000000001, True),
    (5.75, False), (5.749, False), (0.5, False), (1e12 + 0.5, False), (-3.0, True),
    (5.00001, False), (1e12 + 0.01, False), (1e15 + 1, True), (5.0000000001, True),
    (5.000000002, False),
])
def test_is_whole(value: float, whole: bool) -> None:
    assert is_whole(value) is whole


@pytest.mark.parametrize(("value", "hint"), [
    (5.749, 5749.0), (5.75, 5750.0), (1.1, 1100.0), (12.5, 12500.0), (0.001, 1.0),
    (0.1234, None), (5.7491, None), (3.14159, None),
])
def test_whole_hint_reads_the_mark_as_a_thousands_dot(value: float, hint) -> None:
    assert whole_hint(value) == hint


def test_exact_decimal_is_the_shortest_repr() -> None:
    assert str(exact_decimal(5.749)) == "5.749"
    assert str(exact_decimal(0.1 + 0.2)) == "0.30000000000000004"
    assert fmt_exact(5.749) == "5,749" and fmt_exact(1234567.5) == "1.234.567,5"
    assert fmt_exact(None) == "" and fmt_exact(float("nan"), "—") == "—"


N = ParsedNumber


@pytest.mark.parametrize(("parsed", "kind", "percent_format", "value", "doubt"), [
    # counts: whole numbers only; a fraction suggests the thousands reading
    (N(5749.0), COUNT, False, 5749.0, None),
    (N(0.0), COUNT, False, 0.0, None),
    (N(4.9999999999), COUNT, False, 5.0, None),
    (N(5.749), COUNT, False, None, Doubt(FRACTION, 5749.0)),
    (N(5.75), COUNT, False, None, Doubt(FRACTION, 5750.0)),
    (N(0.1234), COUNT, False, None, Doubt(FRACTION, None)),
    (N(12.0, "about"), COUNT, False, 12.0, None),
    # an ambiguous text is asked about whatever the kind
    (N(5.749, None, False, 5749.0), COUNT, False, None, Doubt(AMBIGUOUS, 5749.0)),
    (N(12.5, None, False, 12500.0), AMOUNT, False, None, Doubt(AMBIGUOUS, 12500.0)),
    (N(96.15, None, False, 96150.0), PERCENT, False, None, Doubt(AMBIGUOUS, 96150.0)),
    # amounts keep their decimals
    (N(12.5), AMOUNT, False, 12.5, None),
    (N(5.749), AMOUNT, False, 5.749, None),
    (N(1100.0), AMOUNT, False, 1100.0, None),
    # percentages: a cell formatted as one is ×100, "85%" is 85, other kinds refuse both
    (N(0.85), PERCENT, True, 85.0, None),
    (N(0.9615), PERCENT, True, 96.15, None),
    (N(1.2), PERCENT, True, 120.0, None),
    (N(0.0), PERCENT, True, 0.0, None),
    (N(85.0, None, True), PERCENT, False, 85.0, None),
    (N(96.15, "about", True), PERCENT, False, 96.15, None),
    (N(85.0), PERCENT, False, 85.0, None),
    (N(0.85), PERCENT, False, 0.85, None),
    (N(0.85), COUNT, True, None, Doubt(NOT_PERCENT)),
    (N(0.85), AMOUNT, True, None, Doubt(NOT_PERCENT)),
    (N(85.0, None, True), COUNT, False, None, Doubt(NOT_PERCENT)),
    (N(85.0, None, True), AMOUNT, False, None, Doubt(NOT_PERCENT)),
    (N(1.0), COUNT, True, None, Doubt(NOT_PERCENT)),
])
def test_check_kind(parsed, kind, percent_format, value, doubt) -> None:
    got, why = check_kind(parsed, kind, percent_format)
    assert why == doubt
    assert got == value
    if got is not None:
        assert isinstance(got, float)


def test_a_counts_value_is_rounded_to_the_whole_it_means() -> None:
    value, _ = check_kind(N(5748.9999999999), COUNT)
    assert value == 5749.0 and str(value) == "5749.0"


def test_reasons_are_distinct_names() -> None:
    assert len({AMBIGUOUS, ENGLISH, FRACTION, NOT_PERCENT}) == 4

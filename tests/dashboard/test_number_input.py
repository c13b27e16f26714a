"""Numbers typed on a page (``ui.number_input``): the Vietnamese reading, every refusal with
its field and its fix, and the display that reads back as the same number."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from actions.base import ActionError
from core.messages import t
from core.numbers import LARGEST_TYPED
from ui.number_input import (
    ECHO_CHARS,
    NumberField,
    editor_texts,
    read_cells,
    read_number,
    show_number,
)

AMOUNT = NumberField("Chỉ tiêu năm")
COUNT = NumberField("Chỉ tiêu năm", whole=True)
SHARE = NumberField("Tỷ lệ", whole=True, percent=True, maximum=100, required=True)


@pytest.mark.parametrize(("typed", "value"), [
    ("6.500", 6500), ("6,5", 6.5), ("6.500,5", 6500.5), ("1.234.567", 1234567),
    (" 24 ", 24), ("24.00", 24), ("24.5", 24.5), ("24,50", 24.5), ("07", 7), ("0", 0),
    ("0,125", 0.125), ("1,2340", 1.234), ("5749", 5749), ("1.000.000.000", 1e9),
    ("6 500", 6500), ("6\u00a0500", 6500), ("-0", 0), (str(LARGEST_TYPED), LARGEST_TYPED),
    ("4,9999999999", 4.9999999999), (6500, 6500), (2.5, 2.5),
])
def test_an_amount_reads_the_vietnamese_way(typed: object, value: float) -> None:
    got = read_number(typed, AMOUNT)
    assert got == value and isinstance(got, float)
    assert math.copysign(1, got) == 1  # never -0


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", None, float("nan")])
def test_an_empty_field_is_no_value_unless_required(typed: object) -> None:
    assert read_number(typed, AMOUNT) is None
    with pytest.raises(ActionError) as refused:
        read_number(typed, SHARE)
    assert refused.value.key == "action.number_required"
    assert "«Tỷ lệ»: chưa nhập số" in refused.value.message()


@pytest.mark.parametrize(("typed", "key"), [
    ("None", "action.number_not_a_number"), ("nan", "action.number_not_a_number"),
    ("inf", "action.number_not_a_number"), ("1e9", "action.number_not_a_number"),
    ("abc", "action.number_not_a_number"), ("6.5.0", "action.number_not_a_number"),
    ("6.50.0", "action.number_not_a_number"), ("+5", "action.number_not_a_number"),
    (",5", "action.number_not_a_number"), ("5 cái", "action.number_not_a_number"),
    ("--5", "action.number_not_a_number"), ("85%%", "action.number_not_a_number"),
    ("=1+1", "action.number_not_a_number"), ("<b>1</b>", "action.number_not_a_number"),
    ("6,500", "action.number_ambiguous"), ("1,234", "action.number_ambiguous"),
    ("-6,500", "action.number_ambiguous"),
    ("1,234,567", "action.number_english"), ("1,234.5", "action.number_english"),
    ("khoảng 200", "action.number_qualifier"), ("hơn 1.000", "action.number_qualifier"),
    ("Xấp xỉ 10", "action.number_qualifier"),
    ("85%", "action.number_percent"), ("-5", "action.number_negative"),
    ("-0,5", "action.number_negative"),
    ("1" + "0" * 15 + ",5", "action.number_too_large"),
    ("1.000.000.000.000.001", "action.number_too_large"),
    ("9" * 400, "action.number_too_large"),
])
def test_what_is_no_single_clear_number_is_refused(typed: str, key: str) -> None:
    with pytest.raises(ActionError) as refused:
        read_number(typed, AMOUNT)
    assert refused.value.key == key
    assert refused.value.params["value"] in (typed, typed[:ECHO_CHARS] + "…")  # what
    message = refused.value.message()
    assert message.startswith("«Chỉ tiêu năm»: ")  # where
    assert "hãy " in message.casefold()  # how to fix


def test_the_messages_name_the_readings_and_the_fix() -> None:
    def message(typed: str, field: NumberField = AMOUNT) -> str:
        with pytest.raises(ActionError) as refused:
            read_number(typed, field)
        return refused.value.message()

    text = message("6,500")
    assert "6.500 (dấu phẩy ngăn cách hàng nghìn) hoặc 6,5 (dấu phẩy là dấu thập phân)" in text
    # 1,234 written so it has one decimal reading: a trailing zero
    assert "ghi 1.234 nếu là số nghìn, hoặc 1,2340 nếu là số thập phân" in message("1,234")
    assert "Nếu là 1.234.567, hãy ghi 1.234.567" in message("1,234,567")
    assert "ghi số, ví dụ 200" in message("khoảng 200")
    assert "«-5» là số âm" in message("-5")
    assert "không quá 1.000.000.000.000.000" in message("9" * 30)
    assert "không quá 100" in message("101", SHARE)
    assert "«6,5» có phần thập phân" in message("6,5", COUNT)
    # a whole-number field asks too, and offers only the whole reading as the fix
    whole = message("1,200", COUNT)
    assert "1.200 (dấu phẩy ngăn cách hàng nghìn) hoặc 1,2 (dấu phẩy là dấu thập phân)" in whole
    assert "chỉ nhận số nguyên: nếu là 1.200, hãy ghi 1.200" in whole
    assert "nếu là số thập phân" not in whole
    # … unless both readings are whole: 1,000 is 1 or 1.000
    assert "ghi 1.000 nếu là số nghìn, hoặc 1 nếu là số thập phân" in message("1,000", COUNT)
    assert "nếu là số thập phân" in message("1,200", AMOUNT)
    assert "«abc» không phải là số" in message("abc")


@pytest.mark.parametrize(("value", "expected"), [
    (5.749, 5.749), (1234.567, 1234.567), (6500, 6500), (0.5, 0.5), (Decimal("6500"), 6500),
    (Decimal("1234.5"), 1234.5)])
def test_a_number_object_is_taken_as_it_is(value: object, expected: float) -> None:
    # only text has two readings: 5.749 as a float is five point seven four nine
    assert read_number(value, AMOUNT) == expected


@pytest.mark.parametrize(("value", "key", "echo"), [
    (float("inf"), "action.number_too_large", "inf"),
    (-1.0, "action.number_negative", "-1"), (float("-inf"), "action.number_negative", "-inf"),
    (True, "action.number_not_a_number", "True"),
    (1e16, "action.number_too_large", "10.000.000.000.000.000"),
    (6.5, "action.number_not_whole", "6,5")])
def test_a_number_object_is_checked_like_text(value: object, key: str, echo: str) -> None:
    with pytest.raises(ActionError) as refused:
        read_number(value, COUNT)
    assert refused.value.key == key
    assert refused.value.params["value"] == echo  # shown the Vietnamese way


def test_a_long_text_is_echoed_short() -> None:
    with pytest.raises(ActionError) as refused:
        read_number("x" * ECHO_CHARS, AMOUNT)
    assert refused.value.params["value"] == "x" * ECHO_CHARS
    with pytest.raises(ActionError) as refused:
        read_number("x" * 10_000, AMOUNT)
    assert refused.value.params["value"] == "x" * ECHO_CHARS + "…"
    with pytest.raises(ActionError) as refused:
        read_number("a \n  b", AMOUNT)
    assert refused.value.params["value"] == "a b"


@pytest.mark.parametrize(("typed", "value"), [
    ("6.500", 6500), ("4,9999999999", 5), ("07", 7), ("1.000.000", 1_000_000)])
def test_a_whole_field_takes_whole_numbers(typed: str, value: int) -> None:
    got = read_number(typed, COUNT)
    assert got == value and float(got).is_integer()


@pytest.mark.parametrize("typed", ["6,5", "6.5", "0,001", "6.500,5"])
def test_a_whole_field_refuses_a_fraction(typed: str) -> None:
    with pytest.raises(ActionError) as refused:
        read_number(typed, COUNT)
    assert refused.value.key == "action.number_not_whole"
    assert refused.value.params == {"field": "Chỉ tiêu năm", "value": typed}


@pytest.mark.parametrize(("typed", "value"), [("85%", 85), ("85 %", 85), ("100", 100),
                                              ("0%", 0)])
def test_a_percent_field_takes_the_percent_sign(typed: str, value: int) -> None:
    assert read_number(typed, SHARE) == value


@pytest.mark.parametrize("typed", ["101", "100,5%", "1.000"])
def test_a_field_maximum_is_kept(typed: str) -> None:
    with pytest.raises(ActionError) as refused:
        read_number(typed, SHARE)
    assert refused.value.key in {"action.number_too_large", "action.number_not_whole"}
    assert refused.value.key == "action.number_too_large" or typed == "100,5%"


def test_a_field_maximum_above_the_storable_one_is_capped() -> None:
    huge = NumberField("x", maximum=float("inf"))
    with pytest.raises(ActionError) as refused:
        read_number("9" * 20, huge)
    assert refused.value.params["maximum"] == "1.000.000.000.000.000"
    assert read_number(str(LARGEST_TYPED), huge) == LARGEST_TYPED


@pytest.mark.parametrize(("value", "shown"), [
    (6500.0, "6.500"), (24.0, "24"), (24, "24"), (1234.5, "1.234,5"), (0.125, "0,125"),
    (5.749, "5,749"), (1_234_567.891, "1.234.567,891"), (0, "0"), (None, ""),
    (float("nan"), ""), (float("inf"), ""), (True, ""),
])
def test_a_number_shows_the_vietnamese_way(value: object, shown: str) -> None:
    assert show_number(value) == shown
    assert editor_texts([value]) == [shown]


@pytest.mark.parametrize("value", [6500.0, 24.0, 1234.5, 0.125, 1_234_567.891, 12.5, 0.0,
                                   1e15, 60000.0])
def test_a_shown_number_reads_back_as_itself(value: float) -> None:
    assert read_number(show_number(value), AMOUNT) == value


def test_a_shown_three_decimal_value_is_asked_about_when_retyped() -> None:
    # 5,749 is shown as such and is ambiguous when typed: editors read changed cells only
    with pytest.raises(ActionError):
        read_number(show_number(5.749), AMOUNT)


def test_cells_are_read_each_with_its_own_field() -> None:
    row = [NumberField(t("action.number_row", column="Chỉ tiêu năm", row=n, name=f"CT {n}"))
           for n in (1, 2, 3)]
    values, refused = read_cells([("6.500", row[0]), ("6,500", row[1]), ("", row[2])])
    assert values == [6500, None, None]
    assert [e.key for e in refused] == ["action.number_ambiguous"]
    assert refused[0].message().startswith("«Chỉ tiêu năm ở dòng 2 (CT 2)»: «6,500»")
    values, refused = read_cells([("1", row[0]), ("2,5", row[1])])
    assert values == [1, 2.5] and refused == []

"""The view in the address: every parameter parsed, bad values fall back with a notice."""

import pytest

from core.months import Month
from ui.address import CHARTS, View, parse_view, to_params

IND = ["TTKT_KD_PTD", "TTKT_THU_NGHIEM"]
UNITS = ["TTKT", "TTRA"]


@pytest.mark.parametrize(("params", "field", "expected", "notices"), [
    ({"thang": "2023-01"}, "month", Month(2023, 1), 0),
    ({"thang": "2023-13"}, "month", None, 1),
    ({"thang": "01/2023"}, "month", None, 1),
    ({"thang": "<script>"}, "month", None, 1),
    ({"tu": "2022-01", "den": "2023-01"}, "start", Month(2022, 1), 0),
    ({"tu": "2023-05", "den": "2023-01"}, "start", None, 1),  # reversed range dropped
    ({"chi_tieu": "TTKT_KD_PTD,TTKT_THU_NGHIEM"}, "indicators", tuple(IND), 0),
    ({"chi_tieu": "TTKT_KD_PTD,NOPE"}, "indicators", ("TTKT_KD_PTD",), 1),
    ({"chi_tieu": ",,"}, "indicators", (), 0),
    ({"don_vi": "TTKT"}, "units", ("TTKT",), 0),
    ({"don_vi": "XX"}, "units", (), 1),
    ({"duyet": "1"}, "approved_only", True, 0),
    ({"duyet": "0"}, "approved_only", False, 0),
    ({"duyet": "yes"}, "approved_only", False, 1),
    ({"so": "SKHCN"}, "department", "SKHCN", 0),
    ({"so": "ZZ"}, "department", None, 1),
    ({"bieu_do": "thang"}, "chart", "thang", 0),
    ({"bieu_do": "luy-ke"}, "chart", "luy-ke", 0),
    ({"bieu_do": "don-vi"}, "chart", "don-vi", 0),
    ({"bieu_do": ["luy-ke", "don-vi"]}, "chart", "don-vi", 0),  # the last one, as the others
    ({"bieu_do": "DON-VI"}, "chart", None, 1),
    ({"bieu_do": "<b>x</b>"}, "chart", None, 1),
    ({"bieu_do": " "}, "chart", None, 0),
    ({}, "month", None, 0),
])
def test_parse_view(params, field, expected, notices):
    parsed = parse_view(params, IND, UNITS, ["SKHCN"])
    assert getattr(parsed.view, field) == expected
    assert len(parsed.notices) == notices
    assert all(n and n[0].isupper() for n in parsed.notices)  # a sentence, in Vietnamese


def test_round_trip():
    view = View(month=Month(2023, 1), start=Month(2022, 2), end=Month(2023, 1),
                indicators=("TTKT_KD_PTD",), units=("TTKT",), approved_only=True,
                department="SKHCN", chart="luy-ke")
    assert to_params(view)["bieu_do"] == "luy-ke"
    assert "bieu_do" not in to_params(View(month=Month(2023, 1)))
    assert parse_view(to_params(view), IND, UNITS, ["SKHCN"]).view == view


@pytest.mark.parametrize("key", ["thang", "bieu_do"])
def test_notice_does_not_echo_a_long_value(key):
    parsed = parse_view({key: "x" * 500}, IND, UNITS)
    assert len(parsed.notices[0]) < 200
    assert "x" * 30 + "…" in parsed.notices[0]


def test_unknown_chart_notice_names_the_value_and_the_choices():
    notice = parse_view({"bieu_do": "cot"}, IND, UNITS).notices[0]
    assert "«cot»" in notice
    assert all(name in notice for name in CHARTS)

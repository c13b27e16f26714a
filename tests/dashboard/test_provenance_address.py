"""The origin page's address (``ui.provenance_address``): every bad or missing value gives
a Vietnamese notice and no figure; good addresses name exactly one figure; writing and
reading an address agree."""

from __future__ import annotations

import pytest

from actions.provenance import APPROVED, NEWEST, REPORT
from core.catalog import Catalog, load_catalog
from core.months import Month, ReportPeriod, year_to_date
from ui.provenance_address import origin_address, origin_params, parse_origin

CODE = "TTKT_KD_PTD"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("params, fragment", [
    ({"thang": "2023-01"}, "thiếu chỉ tiêu"),
    ({"chi_tieu": "  ", "thang": "2023-01"}, "thiếu chỉ tiêu"),
    ({"chi_tieu": "KHONG_CO", "thang": "2023-01"}, "Không có chỉ tiêu mã «KHONG_CO»"),
    ({"chi_tieu": CODE.lower(), "thang": "2023-01"}, "Không có chỉ tiêu"),
    ({"chi_tieu": f"{CODE},TTKT_THU_NGHIEM", "thang": "2023-01"}, "chỉ nhận một mã"),
    ({"chi_tieu": CODE}, "thiếu tháng hoặc kỳ"),
    ({"chi_tieu": CODE, "thang": "2023-13"}, "Tháng «2023-13»"),
    ({"chi_tieu": CODE, "thang": "01/2023"}, "không đúng dạng YYYY-MM"),
    ({"chi_tieu": CODE, "thang": "2023-1"}, "không đúng dạng YYYY-MM"),
    ({"chi_tieu": CODE, "thang": "2023-00"}, "không đúng dạng YYYY-MM"),
    ({"chi_tieu": CODE, "thang": "2023-Q1"}, "không đúng dạng YYYY-MM"),
    ({"chi_tieu": CODE, "ky": "2023-Q5"}, "Kỳ «2023-Q5»"),
    ({"chi_tieu": CODE, "ky": "quý 1"}, "tham số ky"),
    ({"chi_tieu": CODE, "ky": "0000"}, "tham số ky"),
    ({"chi_tieu": CODE, "thang": "2023-01", "ky": "2023-Q1"}, "cả tháng (thang) và kỳ"),
    ({"chi_tieu": CODE, "ky": "2023-Q1", "luy_ke": "1"}, "Lũy kế"),
    ({"chi_tieu": CODE, "thang": "2023-01", "luy_ke": "yes"}, "Tham số luy_ke"),
    ({"chi_tieu": CODE, "thang": "2023-01", "duyet": "true"}, "Tham số duyet"),
    ({"chi_tieu": CODE, "thang": "2023-01", "bao_cao": "2"}, "Tham số bao_cao"),
    ({"chi_tieu": CODE, "thang": "2023-01", "duyet": "1", "bao_cao": "1"}, "cả duyet=1"),
    ({"chi_tieu": CODE, "thang": "2023-01", "don_vi": "TTKT,XYZ"}, "đơn vị mã «XYZ»"),
    ({"chi_tieu": CODE, "thang": "2023-01", "don_vi": "VP_SO"}, "Không có đơn vị"),
    ({"chi_tieu": CODE, "thang": "2023-01", "don_vi": ",".join(["TTKT"] * 51)},
     "Không có đơn vị"),
])
def test_a_bad_or_missing_value_names_the_parameter_and_gives_no_figure(
        cat: Catalog, params: dict, fragment: str) -> None:
    parsed = parse_origin(params, cat)
    assert parsed.origin is None
    assert any(fragment in n for n in parsed.notices), parsed.notices


def test_a_department_code_is_not_a_unit(cat: Catalog) -> None:
    departments = [u.code for u in cat.units if u.kind != "unit"]
    assert departments
    parsed = parse_origin({"chi_tieu": CODE, "thang": "2023-01", "don_vi": departments[0]},
                          cat)
    assert parsed.origin is None and parsed.notices


def test_hostile_values_are_cut_and_never_raise(cat: Catalog) -> None:
    huge = "<script>" + "x" * 100_000
    parsed = parse_origin({"chi_tieu": huge, "thang": huge, "don_vi": huge + "," * 5000,
                           "luy_ke": huge}, cat)
    assert parsed.origin is None
    assert all(len(n) < 400 for n in parsed.notices)
    assert any("…" in n for n in parsed.notices)
    # Lists (a parameter given twice) take the last value, as the dashboards do.
    parsed = parse_origin({"chi_tieu": ["X", CODE], "thang": ["2023-13", "2023-02"]}, cat)
    assert parsed.origin is not None and parsed.origin.query.months == (Month(2023, 2),)
    assert parse_origin({"chi_tieu": [], "thang": None}, cat).origin is None


def test_one_unit_one_month(cat: Catalog) -> None:
    parsed = parse_origin({"chi_tieu": f" {CODE} ", "don_vi": "TTKT", "thang": "2023-01",
                           "other": "ignored"}, cat)
    assert parsed.notices == []
    origin = parsed.origin
    assert origin.query.indicator == CODE and origin.query.units == ("TTKT",)
    assert origin.query.months == (Month(2023, 1),) and origin.query.rule == NEWEST
    assert origin.one_value and origin.month == Month(2023, 1) and not origin.ytd


@pytest.mark.parametrize("params, months, rule", [
    ({"thang": "2023-01"}, (Month(2023, 1),), NEWEST),
    ({"ky": "2023-q1"}, ReportPeriod.parse("2023-Q1").months, NEWEST),
    ({"ky": "2023-H2", "duyet": "1"}, ReportPeriod.parse("2023-H2").months, APPROVED),
    ({"ky": "2023-9T", "bao_cao": "1"}, ReportPeriod.parse("2023-9T").months, REPORT),
    ({"ky": "2023"}, ReportPeriod.parse("2023").months, NEWEST),
    ({"ky": "2023-05"}, (Month(2023, 5),), NEWEST),
    ({"thang": "2023-04", "luy_ke": "1"}, tuple(year_to_date(Month(2023, 4))), NEWEST),
    ({"thang": "2023-04", "luy_ke": "0", "duyet": "0", "bao_cao": "0"}, (Month(2023, 4),),
     NEWEST),
])
def test_sums_over_units_and_periods(cat: Catalog, params: dict, months: tuple,
                                     rule: str) -> None:
    parsed = parse_origin({"chi_tieu": CODE, **params}, cat)
    assert parsed.notices == [] and parsed.origin is not None
    assert parsed.origin.query.months == tuple(months)
    assert parsed.origin.query.rule == rule and parsed.origin.query.units == ()
    assert not parsed.origin.one_value


def test_repeated_units_count_once(cat: Catalog) -> None:
    parsed = parse_origin({"chi_tieu": CODE, "thang": "2023-01", "don_vi": "TTKT, TTKT,"},
                          cat)
    assert parsed.origin.query.units == ("TTKT",) and parsed.origin.one_value


@pytest.mark.parametrize("kwargs", [
    dict(month=Month(2023, 1), units=["TTKT"]),
    dict(month=Month(2023, 3), ytd=True, rule=APPROVED),
    dict(period=ReportPeriod.parse("2023-Q2"), rule=REPORT),
    dict(period=ReportPeriod.parse("2023-07"), units=["TTKT", "KHTC"]),
    dict(period=ReportPeriod.parse("2024")),
])
def test_written_addresses_read_back_as_the_same_figure(cat: Catalog, kwargs: dict) -> None:
    params = origin_params(CODE, **kwargs)
    parsed = parse_origin(params, cat)
    assert parsed.notices == []
    query = parsed.origin.query
    period = kwargs.get("period")
    month = kwargs.get("month")
    expected = (tuple(year_to_date(month)) if kwargs.get("ytd") else (month,)) if month \
        else period.months
    assert query.months == expected
    assert query.units == tuple(kwargs.get("units", ()))
    assert query.rule == kwargs.get("rule", NEWEST)
    assert origin_address(params).startswith("/nguon-so-lieu?chi_tieu=" + CODE)


def test_a_one_month_period_is_written_as_thang() -> None:
    assert origin_params(CODE, period=ReportPeriod.parse("2023-07")) == {
        "chi_tieu": CODE, "thang": "2023-07"}
    assert origin_params(CODE, period=ReportPeriod.parse("2023-Q3")) == {
        "chi_tieu": CODE, "ky": "2023-Q3"}


def test_a_bad_value_is_echoed_up_to_thirty_characters(cat: Catalog) -> None:
    exact, longer = "A" * 30, "B" * 30 + "C"
    notices = parse_origin({"chi_tieu": exact, "thang": longer}, cat).notices
    assert f"«{exact}»" in notices[0]
    assert f"«{'B' * 30}…»" in notices[1] and "C" not in notices[1]


def test_up_to_fifty_unit_codes_are_read(cat: Catalog) -> None:
    fifty = parse_origin({"chi_tieu": CODE, "thang": "2023-01",
                          "don_vi": ",".join(["TTKT"] * 49 + ["KHTC"])}, cat)
    assert fifty.notices == [] and fifty.origin.query.units == ("TTKT", "KHTC")
    more = parse_origin({"chi_tieu": CODE, "thang": "2023-01",
                         "don_vi": ",".join(["TTKT"] * 50 + ["KHTC"])}, cat)
    assert more.origin is None and "«KHTC»" in more.notices[0]


def test_year_to_date_is_written_only_with_a_month() -> None:
    assert origin_params(CODE, period=ReportPeriod.parse("2023-Q1"), ytd=True) == {
        "chi_tieu": CODE, "ky": "2023-Q1"}
    assert origin_params(CODE, month=Month(2023, 1), ytd=True, units=("A", "B")) == {
        "chi_tieu": CODE, "don_vi": "A,B", "thang": "2023-01", "luy_ke": "1"}
    assert origin_params(CODE) == {"chi_tieu": CODE}


def test_one_value_needs_one_unit_and_one_month(cat: Catalog) -> None:
    def origin(**params):
        return parse_origin({"chi_tieu": CODE, **params}, cat).origin

    assert origin(thang="2023-01", luy_ke="1", don_vi="TTKT").one_value  # January alone
    assert not origin(thang="2023-02", luy_ke="1", don_vi="TTKT").one_value
    assert not origin(thang="2023-02", don_vi="TTKT,KHTC").one_value
    assert not origin(thang="2023-02").one_value
    assert origin(ky="2023-02", don_vi="TTKT").one_value


def test_the_origin_keeps_how_its_period_was_written(cat: Catalog) -> None:
    quarter = parse_origin({"chi_tieu": CODE, "ky": "2023-Q2"}, cat).origin
    assert quarter.period == ReportPeriod.parse("2023-Q2") and quarter.month is None
    assert not quarter.ytd
    ytd = parse_origin({"chi_tieu": CODE, "thang": "2023-05", "luy_ke": "1"}, cat).origin
    assert ytd.ytd is True and ytd.month == Month(2023, 5) and ytd.period is None
    plain = parse_origin({"chi_tieu": CODE, "thang": "2023-05"}, cat).origin
    assert plain.ytd is False


def test_notices_echo_what_was_written(cat: Catalog) -> None:
    def notices(**params):
        return parse_origin({"chi_tieu": CODE, "thang": "2023-01", **params}, cat).notices

    assert "«yes»" in notices(luy_ke="yes")[0]
    assert "«XYZ, ABC»" in notices(don_vi="TTKT,XYZ,ABC")[0]
    two = parse_origin({"chi_tieu": f"{CODE},X", "thang": "2023-01"}, cat).notices
    assert f"«{CODE},X»" in two[0]


def test_the_last_of_repeated_values_counts_and_an_empty_list_is_absent(cat: Catalog
                                                                       ) -> None:
    parsed = parse_origin({"chi_tieu": ["X", "Y", CODE], "thang": "2023-01", "don_vi": []},
                          cat)
    assert parsed.notices == [] and parsed.origin.query.indicator == CODE
    assert parsed.origin.query.units == ()

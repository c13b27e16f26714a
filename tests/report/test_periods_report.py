"""Longer periods: titles, figures aggregated by each indicator's rule, bullets by month."""

from __future__ import annotations

import pytest

from core.months import MONTH, Month, ReportPeriod
from report import periods_text
from report.assemble import assemble_report
from report.figures import report_figures
from store.catalog_store import read_catalog


@pytest.mark.parametrize(("code", "subject", "part1", "part2", "nxt"), [
    ("2023-01", "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023",
     "I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023",
     "2023-02"),
    ("2023-12", "Kết quả công tác tháng 12 năm 2023 và kế hoạch tháng 01 năm 2024",
     "I. KẾT QUẢ CÔNG TÁC THÁNG 12 NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM THÁNG 01 NĂM 2024",
     "2024-01"),
    ("2023-Q1", "Kết quả công tác quý I và kế hoạch quý II năm 2023",
     "I. KẾT QUẢ CÔNG TÁC QUÝ I NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023", "2023-Q2"),
    ("2023-Q4", "Kết quả công tác quý IV năm 2023 và kế hoạch quý I năm 2024",
     "I. KẾT QUẢ CÔNG TÁC QUÝ IV NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM QUÝ I NĂM 2024", "2024-Q1"),
    ("2023-H1", "Kết quả công tác 6 tháng đầu năm và kế hoạch 6 tháng cuối năm 2023",
     "I. KẾT QUẢ CÔNG TÁC 6 THÁNG ĐẦU NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023",
     "2023-H2"),
    ("2023-9T", "Kết quả công tác 9 tháng và kế hoạch quý IV năm 2023",
     "I. KẾT QUẢ CÔNG TÁC 9 THÁNG NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2023", "2023-Q4"),
    ("2023", "Kết quả công tác năm 2023 và kế hoạch năm 2024",
     "I. KẾT QUẢ CÔNG TÁC NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024", "2024"),
])
def test_period_wording(code, subject, part1, part2, nxt):
    period = ReportPeriod.parse(code)
    assert periods_text.subject(period) == subject
    assert periods_text.part1_title(period) == part1
    assert periods_text.part2_title(period) == part2
    assert str(period.next()) == nxt


@pytest.mark.parametrize(("code", "intro"), [
    ("2023-01", "Tháng 02/2023, "),
    ("2023-12", "Tháng 01/2024, "),
    ("2023-Q4", "Trong quý I năm 2024, "),
    ("2023-9T", "Trong quý IV năm 2023, "),
])
def test_part2_intro_names_the_next_period(code, intro):
    assert periods_text.part2_intro(ReportPeriod.parse(code)).startswith(intro)


@pytest.mark.parametrize(("code", "label"), [
    ("2023-01", "Tháng 01/2023"),
    ("2023-11", "Tháng 11/2023"),
    ("2023-Q1", "Quý I năm 2023"),
    ("2023-Q4", "Quý IV năm 2023"),
    ("2023-H1", "6 tháng đầu năm 2023"),
    ("2023-H2", "6 tháng cuối năm 2023"),
    ("2023-9T", "9 tháng năm 2023"),
    ("2023", "Năm 2023"),
])
def test_picker_labels(code, label):
    assert periods_text.picker_label(ReportPeriod.parse(code)) == label


@pytest.mark.parametrize(("params", "code", "notice"), [
    ({"thang": "2023-01"}, "2023-01", False),
    ({"ky": "2023-h1"}, "2023-H1", False),
    ({"ky": "2023-9T"}, "2023-9T", False),
    ({"ky": "2023"}, "2023", False),
    ({"thang": "2023-13"}, None, True),
    ({"thang": "2023-Q1"}, None, True),
    ({"ky": "<script>"}, None, True),
    ({}, None, False),
])
def test_address(params, code, notice):
    found, message = periods_text.parse_address(params)
    assert (None if found is None else str(found)) == code and bool(message) == notice
    if found is not None:
        assert periods_text.parse_address(periods_text.address_params(found)) == (found, None)
    if message:
        assert "<script>" not in message or "«<script>»" in message  # echoed as text only


def test_period_picker_lists():
    months = [Month(2023, 1), Month(2023, 7)]
    def codes(kind, months):
        return [str(p) for p in periods_text.periods_of_kind(kind, months)]

    assert codes("half", months) == ["2023-H2", "2023-H1"]
    assert codes("nine_months", months) == ["2023-9T"]
    assert codes("nine_months", [Month(2023, 10)]) == []
    assert codes("month", [Month(2023, 1), Month(2022, 12), Month(2023, 1)]) == [
        "2023-01", "2022-12"]
    assert codes("quarter", [Month(2022, 12), Month(2023, 2), Month(2023, 3)]) == [
        "2023-Q1", "2022-Q4"]
    assert codes("year", [*months, Month(2021, 5)]) == ["2023", "2021"]


@pytest.fixture(scope="module")
def six_months(sample_engine):
    with sample_engine.connect() as conn:
        catalog = read_catalog(conn)
        half = report_figures(conn, ReportPeriod.parse("2023-H1"), catalog)
        months = {m: report_figures(conn, ReportPeriod(MONTH, 2023, m), catalog)
                  for m in range(1, 7)}
    return half, months


def test_six_month_figures_are_the_months_by_each_indicators_rule(six_months):
    half, months = six_months
    headlines = [f for f in half.indicators.values() if f.indicator.headline]
    assert headlines
    for figures in headlines:
        code = figures.indicator.code
        monthly = [months[m].indicators[code].value if code in months[m].indicators
                   else None for m in range(1, 7)]
        present = [v for v in monthly if v is not None]
        if figures.indicator.aggregation == "sum":
            assert figures.value == pytest.approx(sum(present)), code
            assert len(figures.total.months_missing) == monthly.count(None)
        else:  # a running total: the latest month with data
            assert figures.value == present[-1], code


def test_six_month_report_gathers_bullets_in_month_order(sample_engine):
    half = assemble_report(sample_engine, ReportPeriod.parse("2023-H1"))
    assert half.subject == "Kết quả công tác 6 tháng đầu năm và kế hoạch 6 tháng cuối năm 2023"
    assert half.place_date == "Quảng Trị, ngày    tháng 6 năm 2023"
    monthly = [assemble_report(sample_engine, ReportPeriod(MONTH, 2023, m), include_drafts=False)
               for m in range(1, 7)]
    for index, section in enumerate(half.sections):
        expected: list[str] = []
        for doc in monthly:
            for bullet in doc.sections[index].bullets:
                if bullet.text not in expected:  # a bullet repeated word for word: once
                    expected.append(bullet.text)
        assert [b.text for b in section.bullets] == expected, section.number
    # January's footnotes come first, as in the month report
    assert half.footnotes()[:3] == monthly[0].footnotes()
    # part II: the tasks of the last month of the period
    assert half.tasks == monthly[-1].tasks
    assert half.followup == []

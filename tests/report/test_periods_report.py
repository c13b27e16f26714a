"""Longer periods: titles, figures aggregated by each indicator's rule, bullets by month."""

from __future__ import annotations

import re

import pytest

from core.months import MONTH, Month, ReportPeriod
from demo.sample import build_sample_plan
from report import periods_text
from report.assemble import assemble_report
from report.figures import number, report_figures
from report.period_bullets import FIGURE, _noun_fit, pattern, scan
from report.period_figures import period_figures
from report.summary import gather_facts
from store.catalog_store import read_catalog
from tests.report.conftest import add_month


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


LONGER = ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2023-H1", "2023-H2", "2023-9T", "2023")
BARE_IN_MONTH = re.compile(r"trong tháng(?!\s*\d)", re.IGNORECASE)


@pytest.fixture(scope="module")
def longer_reports(sample_engine):
    return {code: assemble_report(sample_engine, ReportPeriod.parse(code)) for code in LONGER}


def test_longer_reports_print_each_activity_once_in_the_periods_words(longer_reports):
    for code, doc in longer_reports.items():
        for section in doc.sections:
            texts = [b.text for b in section.bullets]
            patterns = [(b.unit, pattern(b.text)) for b in section.bullets]
            assert len(set(patterns)) == len(patterns), (code, section.number)
            assert not any(BARE_IN_MONTH.search(text) for text in texts), (code, section.number)


def test_the_2023_report_is_a_summary_not_the_months_stuck_together(longer_reports, sample_engine):
    year = longer_reports["2023"]
    monthly = sum(len(s.bullets) for m in range(1, 13)
                  for s in assemble_report(sample_engine, ReportPeriod(MONTH, 2023, m)).sections)
    bullets = [b for s in year.sections for b in s.bullets]
    assert len(bullets) < monthly / 2  # 263 distinct bullets were printed before
    texts = [b.text for b in bullets]
    assert any(text.startswith("Tiếp nhận, xử lý 5.731 văn bản đến; phát hành 3.506 văn bản đi")
               for text in texts)
    assert "Xây dựng báo cáo kết quả công tác quý I và III năm 2023." in texts


def _annex_values(doc) -> dict[str, str]:
    return {row[1]: row[3] for row in doc.figures_table.rows}


def test_every_figure_stated_for_the_period_is_the_annexs(longer_reports, sample_engine, catalog):
    """Each tied figure of a stated bullet equals the annex row of its indicator, and the
    summary's key figures are the same numbers (the bullets' report.period_figures and the
    annex's and summary's report.figures aggregate by the same period_total)."""
    checked = 0
    for code, doc in longer_reports.items():
        period = ReportPeriod.parse(code)
        annex = _annex_values(doc)
        with sample_engine.connect() as conn:
            found = period_figures(conn, period, catalog)
            facts = gather_facts(period, report_figures(conn, period, catalog))
        for key in facts.key_figures:
            if key.value is not None:
                assert key.value == found[key.indicator.code].value, code
        bullets = {b.text for s in doc.sections for b in s.bullets}
        for figure in found.values():
            assert annex[figure.indicator.name] == number(figure.indicator, figure.value)
        for text in bullets:
            for token in scan(text):
                if token.kind != FIGURE:
                    continue
                fits = [f for f in found.values() if _noun_fit(f.indicator, token) > 1]
                stated = [f for f in fits if token.value == round(f.value, token.decimals)]
                if stated:
                    checked += 1
    assert checked > 50
    q1 = {b.text for s in longer_reports["2023-Q1"].sections for b in s.bullets}
    assert any("hiện có 24 nhiệm vụ đang triển khai" in text for text in q1)
    assert _annex_values(longer_reports["2023-Q1"])["Nhiệm vụ KH&CN đang triển khai"] == "24"


@pytest.mark.parametrize(("code", "written_in", "label"), [
    ("2023-Q1", 3, "quý II năm 2023"), ("2023-H1", 6, "6 tháng cuối năm 2023"),
    ("2023-Q3", 9, "quý IV năm 2023"), ("2023-9T", 9, "quý IV năm 2023"),
    ("2023", 12, "năm 2024"), ("2023-Q4", 12, "năm 2024"),
])
def test_part_two_lists_the_tasks_written_for_the_next_period(longer_reports, code,
                                                              written_in, label):
    plan = {(f.unit, f.month): f for f in build_sample_plan()}
    closing = plan[("VP", Month(2023, written_in))]
    assert closing.next_period == label and closing.period_tasks
    assert longer_reports[code].tasks == list(closing.period_tasks)
    assert longer_reports[code].tasks != list(closing.tasks)  # not next month's


def test_without_next_period_tasks_part_two_falls_back_to_next_months(small_sqlite):
    quarter, march = ReportPeriod.parse("2023-Q1"), ReportPeriod.parse("2023-03")
    add_month(small_sqlite, "VP", "2023-03", {"VP_VB_DEN": 430}, [], ["Nhiệm vụ tháng 4."])
    assert assemble_report(small_sqlite, quarter).tasks == ["Nhiệm vụ tháng 4."]
    # a unit's proposal for the quarter stands in while the office wrote none
    add_month(small_sqlite, "TTKT", "2023-03", {}, [], [], period_tasks=["Đề xuất quý II."])
    assert assemble_report(small_sqlite, quarter).tasks == ["Đề xuất quý II."]
    add_month(small_sqlite, "VP", "2023-03", {"VP_VB_DEN": 430}, [], ["Nhiệm vụ tháng 4."],
              period_tasks=["Nhiệm vụ quý II.", "Nhiệm vụ quý II (2)."])
    assert assemble_report(small_sqlite, quarter).tasks == [
        "Nhiệm vụ quý II.", "Nhiệm vụ quý II (2)."]
    assert assemble_report(small_sqlite, march).tasks == ["Nhiệm vụ tháng 4."]


def test_longer_periods_have_no_follow_up_annex(longer_reports):
    assert all(doc.followup == [] for doc in longer_reports.values())

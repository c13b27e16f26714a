"""The summary: a few short paragraphs chosen by stated rules, every number traceable to the
stored figures, nothing internal, running totals never against December."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from sqlalchemy import select

from analytics.comparisons import Comparison
from analytics.material import LIST_SIZE, MIN_BASE, MIN_SHARE, Move
from analytics.movements import FALL, RISE, notable_movements
from analytics.series import all_series
from core.catalog import load_catalog
from core.formatting import fmt_count, fmt_number
from core.months import Month, ReportPeriod, month_range, year_to_date
from report import summary as summary_module
from report.checks import numbers_in
from report.figures import ReportFigures, number, percent, report_figures
from report.figures_annex import figures_annex
from report.periods_text import long_label
from report.sources import as_frame, figures
from report.summary import (
    AHEAD_FROM,
    AT_RISK_BELOW,
    PERIOD_WORD_LIMIT,
    WORD_LIMIT,
    KeyFigure,
    PlanStanding,
    SummaryFacts,
    gather_facts,
    summary_text,
    word_count,
)
from store.catalog_store import read_catalog
from store.schema import submission, value

CATALOG = load_catalog()
JAN = ReportPeriod.parse("2023-01")
# Phrases of internal checks: they belong to the page's panel, never to the summary.
INTERNAL = ("bất thường", "chưa được duyệt", "chưa duyệt", "kiểm tra lại", "trung vị",
            "khác xa")


# --- helpers: the stored figures read straight from SQL --------------------------------


def _raw(engine, unit: str, month: Month, code: str) -> float | None:
    """The value of the version that counts (approved, else newest)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(submission.c.version, submission.c.status, value.c.value)
            .join(value, value.c.submission_id == submission.c.id)
            .where(submission.c.unit_code == unit, submission.c.period == str(month),
                   value.c.indicator_code == code)).all()
    if not rows:
        return None
    approved = [r for r in rows if r.status == "approved"]
    return max(approved or rows, key=lambda r: r.version).value


def _raw_total(engine, code: str, months: Iterable[Month], aggregation: str) -> float | None:
    """Sum of the months, or the last month's value; None when any month is missing."""
    unit = CATALOG.indicator(code).org_unit
    values = [_raw(engine, unit, m, code) for m in months]
    if any(v is None for v in values):
        return None
    return values[-1] if aggregation == "last" else sum(values)


def _raw_plan(engine, code: str, month: Month) -> float | None:
    item = CATALOG.indicator(code)
    if not item.plan:
        return CATALOG.target(code, month.year)
    found = [_raw(engine, CATALOG.indicator(item.plan).org_unit, m, item.plan)
             for m in year_to_date(month)]
    found = [v for v in found if v is not None]
    return found[-1] if found else None


def _raw_outlook_percent(engine, code: str, month: Month) -> int | None:
    """The outlook recomputed from SQL alone (docs/report.md, "Outlook")."""
    agg = CATALOG.indicator(code).aggregation
    plan = _raw_plan(engine, code, month)
    this = _raw_total(engine, code, year_to_date(month), agg)
    base = _raw_total(engine, code, year_to_date(month - 12), agg)
    whole = _raw_total(engine, code, year_to_date(Month(month.year - 1, 12)), agg)
    if None in (plan, this, base, whole) or base < MIN_BASE or plan <= 0:
        return None
    return int(this * whole / base / plan * 100 + 0.5)


def _without_names(text: str) -> str:
    """The text without catalogue names (some hold digits: "Giống nấm cấp 3")."""
    names = [i.name for i in CATALOG.indicators] + [u.name for u in CATALOG.units] + \
        [i.unit for i in CATALOG.indicators if i.unit.strip() != "%"]
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def allowed_numbers(facts: SummaryFacts) -> set[str]:
    """Every number the facts hold, formatted as the summary must write it."""
    out = {fmt_count(facts.expected_units), fmt_count(facts.reported_units),
           fmt_count(len(facts.missing_units))}
    for month in facts.period.months:  # the period's own name: "tháng 01 năm 2023", "6 tháng"
        out |= {f"{month.month:02d}", str(month.year)}
    out |= set(numbers_in(long_label(facts.period)))
    out |= {fmt_count(n) for _, n in facts.missing_units}
    for k in facts.key_figures:
        if k.value is not None:
            out.add(number(k.indicator, k.value))
        if k.plan_ratio is not None:
            out.add(percent(k.plan_ratio))
        out |= {fmt_count(k.months_missing), f"{k.end.month:02d}", str(k.end.year)}
    for move in facts.rises + facts.falls:
        out |= {number(move.key, abs(move.comparison.change)),
                percent(abs(move.comparison.ratio))}
    standings = facts.behind + facts.ahead
    out |= {f"{s.percent}%" for s in standings}
    out |= {fmt_number(s.result_percent, 1) + "%" for s in standings}
    out |= {fmt_count(n) for n in range(len(standings) + facts.others + 1)}
    return out


def _numbers_trace(text: str, facts: SummaryFacts) -> None:
    found = numbers_in(_without_names(text))
    assert found
    assert sorted(set(found) - allowed_numbers(facts)) == []


# --- the sample's January 2023 ---------------------------------------------------------


@pytest.fixture(scope="module")
def january(sample_engine) -> tuple[ReportFigures, SummaryFacts, str]:
    with sample_engine.connect() as conn:
        figs = report_figures(conn, JAN, read_catalog(conn))
    facts = gather_facts(JAN, figs)
    return figs, facts, summary_text(facts)


def test_january_2023_length_and_shape(january):
    _figs, _facts, text = january
    paragraphs = text.split("\n")
    assert word_count(text) <= WORD_LIMIT
    assert 3 <= len(paragraphs) <= 5
    assert all(p.endswith(".") and p[0].isupper() for p in paragraphs)
    assert paragraphs[0] == "Trong tháng 01 năm 2023, cả 08 phòng, đơn vị thuộc Sở đã gửi báo cáo."


def test_january_2023_content_rules(january):
    _figs, facts, text = january
    # key figures as the body writes them, with their units
    for phrase in ("Dự án đầu tư được thẩm định công nghệ 07 dự án", "02 cuộc",
                   "Phương tiện đo được kiểm định 5.749 phương tiện đo", "544 mẫu",
                   "đến hết tháng 01/2023 là 574,3 triệu đồng, đạt 3,0% kế hoạch năm"):
        assert phrase in text
    # the running total against the plan and last year, never against December's 18.104,7
    assert "so với tháng trước" not in text
    assert "18.104,7" not in text and "17.530,4" not in text and "96,8" not in text
    # the hidden minimum base is gone: no 0,7% "largest rise"
    assert "0,7%" not in text and "0,74" not in text
    assert not [phrase for phrase in INTERNAL if phrase in text]
    # percentages: one decimal, or a whole "khoảng N%" outlook
    for match in re.finditer(r"(\S+) (\d[\d.]*(?:,\d+)?)%", text):
        assert match[1] in ("khoảng", "(khoảng") or re.fullmatch(r"[\d.]+,\d", match[2]), \
            match[0]
    assert facts.rises or facts.falls or "không có chỉ tiêu nào" in text


def test_january_2023_numbers_trace_to_the_stored_figures(january, sample_engine):
    _figs, facts, text = january
    _numbers_trace(text, facts)
    end = JAN.last_month
    for k in facts.key_figures:
        code = k.indicator.code
        assert k.value == _raw(sample_engine, k.indicator.org_unit, end, code)
    for move in facts.rises + facts.falls:
        code, comp = move.key.code, move.comparison
        unit = move.key.org_unit
        assert (comp.value, comp.base) == (_raw(sample_engine, unit, end, code),
                                           _raw(sample_engine, unit, end - 12, code))
    disbursed = next(k for k in facts.key_figures if k.indicator.code == "KHTC_GIAINGAN")
    allocation = _raw(sample_engine, "KHTC", end, "KHTC_DUTOAN")
    assert disbursed.plan_ratio == pytest.approx(574.3 / allocation)
    # every outlook the text names, recomputed from SQL alone
    named = re.findall(r"([^:;,]+?) \(khoảng (\d+)%\)", text)
    assert named
    by_name = {i.name: i.code for i in CATALOG.indicators}
    for name, shown in named:
        code = by_name[name.strip().removeprefix("và ").strip()]
        assert int(shown) == _raw_outlook_percent(sample_engine, code, end)


def test_january_moves_are_the_overviews_list(january, sample_engine):
    """One rule: the summary's moves are the overview's "so với cùng kỳ" list (maybe cut
    short for length), in the same order."""
    _figs, facts, text = january
    history = month_range(Month(2018, 1), JAN.last_month)
    with sample_engine.connect() as conn:
        frame = as_frame(figures(conn, history))
    series = all_series(frame, CATALOG, sorted(set(frame["indicator"])))
    moves = notable_movements(CATALOG, series, JAN.last_month)
    yearly = {kind: [m.indicator for m in moves
                     if m.kind == kind and m.basis == "same_month_last_year"]
              for kind in (RISE, FALL)}
    assert [m.key.code for m in facts.rises] == yearly[RISE]
    assert [m.key.code for m in facts.falls] == yearly[FALL]
    shown = [m for m in facts.rises + facts.falls if m.key.name in text]
    assert shown
    for move in shown:
        assert abs(move.comparison.ratio) >= MIN_SHARE and move.comparison.base >= MIN_BASE


def test_summary_and_annex_read_one_source(january):
    figs, facts, _text = january
    annex = figures_annex(figs)
    columns = annex.headers
    plan_col, pct_col = len(columns) - 2, len(columns) - 1
    rows = {row[1]: row for row in annex.rows}
    disbursed = rows["Kinh phí sự nghiệp KH&CN đã giải ngân"]
    assert disbursed[3] == "574,3"
    assert disbursed[plan_col] == number(CATALOG.indicator("KHTC_GIAINGAN"),
                                         figs.indicators["KHTC_GIAINGAN"].attainment.target)
    assert disbursed[plan_col] == rows["Dự toán kinh phí sự nghiệp KH&CN được giao"][3]
    key = next(k for k in facts.key_figures if k.indicator.code == "KHTC_GIAINGAN")
    assert percent(key.plan_ratio) == disbursed[pct_col] + "%" == "3,0%"
    for f in figs.indicators.values():  # every rate in the annex is the summary's
        if f.attainment.ratio is not None and f.value is not None:
            assert rows[f.indicator.name][pct_col] + "%" == percent(f.attainment.ratio)


@pytest.mark.parametrize("period", [
    *[f"2023-{m:02d}" for m in range(1, 13)], "2022-07", "2021-02",
    "2023-Q1", "2023-Q3", "2023-H1", "2023-9T", "2023"])
def test_every_period_keeps_the_rules(sample_engine, period):
    p = ReportPeriod.parse(period)
    with sample_engine.connect() as conn:
        figs = report_figures(conn, p, read_catalog(conn))
    facts = gather_facts(p, figs)
    text = summary_text(facts)
    limit = WORD_LIMIT if p.kind == "month" else PERIOD_WORD_LIMIT
    assert text and word_count(text) <= limit
    _numbers_trace(text, facts)
    assert "so với tháng trước" not in text
    assert not [phrase for phrase in INTERNAL if phrase in text]
    for f in figs.indicators.values():
        if f.indicator.aggregation == "last":
            assert f.previous is None  # a running total is never compared month to month
    if p.last_month.month == 12:
        assert "Theo tiến độ hiện nay" not in text  # the year is over: results
    for standing in facts.behind:
        assert standing.percent < AT_RISK_BELOW or standing.final
    for standing in facts.ahead:
        assert standing.percent >= AHEAD_FROM or standing.final


# --- hand-made facts: wording, missing, zero, huge, long --------------------------------


def _move(code: str, value: float, base: float) -> Move:
    return Move(CATALOG.indicator(code), Comparison("same_month_last_year", Month(2023, 1),
                                                    Month(2022, 1), value, base))


def _key(code: str, value: float | None, ratio: float | None = None, missing: int = 0):
    return KeyFigure(CATALOG.indicator(code), value, Month(2023, 3), missing, ratio)


def test_hand_made_facts_read_as_the_department_writes():
    facts = SummaryFacts(
        JAN, expected_units=8, reported_units=7, missing_units=[("Thanh tra Sở", 1)],
        key_figures=[_key("QLCN_THAMDINH_CN", 7), _key("TTRA_CUOC_TTKT", 0),
                     _key("KHTC_GIAINGAN", 574.3, 0.0301),
                     _key("TTKT_KD_PTD", 1234567), _key("TTKT_THU_NGHIEM", None)],
        compared=True, rises=[_move("TTKT_KD_PTD", 5749, 4000)],
        falls=[_move("TTUD_GIONG_NAM", 1100, 1242)],
        behind=[PlanStanding(CATALOG.indicator("TTRA_CUOC_TTKT"), 0.862, False)],
        ahead=[PlanStanding(CATALOG.indicator("TTKT_KD_PTD"), 1.0449, False)], others=2)
    text = summary_text(facts)
    assert text.split("\n")[0] == ("Trong tháng 01 năm 2023, 07/08 phòng, đơn vị thuộc Sở đã "
                                   "gửi đủ báo cáo; chưa nhận được báo cáo của Thanh tra Sở.")
    for phrase in ("Dự án đầu tư được thẩm định công nghệ 07 dự án",
                   "Cuộc thanh tra, kiểm tra 0 cuộc",
                   "đến hết tháng 03/2023 là 574,3 triệu đồng, đạt 3,0% kế hoạch năm",
                   "Phương tiện đo được kiểm định 1.234.567 phương tiện đo",
                   "Mẫu thử nghiệm chưa có số liệu",
                   "Phương tiện đo được kiểm định tăng 1.749 phương tiện đo (43,7%)",
                   "Giống nấm cấp 3 sản xuất giảm 142 kg (11,4%)",
                   "ước vượt kế hoạch: Phương tiện đo được kiểm định (khoảng 104%)",
                   "có nguy cơ không đạt kế hoạch: Cuộc thanh tra, kiểm tra (khoảng 86%)",
                   "02 chỉ tiêu có kế hoạch khác ước đạt xấp xỉ kế hoạch"):
        assert phrase in text, phrase
    _numbers_trace(text, facts)


def test_longer_periods_count_the_months_missing():
    facts = SummaryFacts(ReportPeriod.parse("2023-Q1"), expected_units=8, reported_units=6,
                         missing_units=[("Thanh tra Sở", 2), ("Văn phòng Sở", 1)],
                         key_figures=[_key("TTKT_KD_PTD", 10000, missing=1)])
    text = summary_text(facts)
    assert "Trong quý I năm 2023, 06/08 phòng, đơn vị" in text
    assert "Thanh tra Sở (thiếu 02 tháng), Văn phòng Sở (thiếu 01 tháng)" in text
    assert "10.000 phương tiện đo (thiếu số liệu 01 tháng)" in text


def test_the_year_reports_results_not_outlooks():
    facts = SummaryFacts(ReportPeriod.parse("2023"), expected_units=8, reported_units=8,
                         final=True,
                         behind=[PlanStanding(CATALOG.indicator("TTRA_CUOC_TTKT"), 0.9996,
                                              True)],
                         ahead=[PlanStanding(CATALOG.indicator("TTKT_KD_PTD"), 1.011, True)])
    text = summary_text(facts)
    assert "Kết quả cả năm so với kế hoạch: đạt và vượt kế hoạch: Phương tiện đo được kiểm " \
           "định (đạt 101,1%); chưa đạt kế hoạch: Cuộc thanh tra, kiểm tra (đạt 100,0%)." in text
    assert "Theo tiến độ" not in text and "khoảng" not in text


def test_no_material_move_is_said_and_nothing_to_say_is_none():
    facts = SummaryFacts(JAN, expected_units=8, reported_units=8, compared=True)
    assert "không có chỉ tiêu nào thay đổi đáng kể" in summary_text(facts)
    assert summary_text(SummaryFacts(JAN)) is None


def test_all_plans_on_track_in_one_sentence():
    facts = SummaryFacts(JAN, others=5)
    assert summary_text(facts) == ("Theo tiến độ hiện nay, cả 05 chỉ tiêu có kế hoạch năm "
                                   "đều ước đạt xấp xỉ kế hoạch.")


def test_hostile_lengths_are_cut_in_the_stated_order():
    """Long headline figures, every list full, many plans at risk and missing units: the
    text still fits; the lists are cut first, then the units counted, key figures last."""
    codes = [i.code for i in CATALOG.indicators][:20]
    many = [PlanStanding(CATALOG.indicator(c), 0.5 + i / 100, False)
            for i, c in enumerate(codes)]
    facts = SummaryFacts(
        JAN, expected_units=30, reported_units=24,
        missing_units=[(f"Đơn vị số {i}", 1) for i in range(6)],
        key_figures=[_key(c, 123456.7) for c in codes[:6]],
        compared=True,
        rises=[_move(c, 2000, 1000) for c in codes[:LIST_SIZE]],
        falls=[_move(c, 500, 1000) for c in codes[3:3 + LIST_SIZE]],
        behind=many, others=4)
    untrimmed = summary_module._compose(facts, summary_module._Sizes(key=6))
    assert word_count(untrimmed) > WORD_LIMIT  # said in full, it would run over
    text = summary_text(facts)
    assert word_count(text) <= WORD_LIMIT
    assert "Đơn vị số 5" in text  # units kept by name
    assert all(CATALOG.indicator(c).name in text for c in codes[:6])  # every key figure
    if "Theo tiến độ" in text:
        assert "và 19 chỉ tiêu khác" in text  # one named, the rest counted
    # forty missing units and forty long key figures: units counted, then figures cut
    facts.key_figures = [_key(c, 1.0) for c in codes] * 2
    facts.missing_units = [(f"Đơn vị có tên rất rất rất dài số {i}", 1) for i in range(40)]
    text = summary_text(facts)
    assert word_count(text) <= WORD_LIMIT
    assert "chưa nhận được báo cáo của 40 phòng, đơn vị" in text
    assert "Số liệu chủ yếu" in text and "Theo tiến độ" not in text

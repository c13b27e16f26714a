"""The rules of a longer period's part I (report/period_bullets.py), on bullets and figures
made here: recurring activities once with the period's figure, one-offs once, wording for
the period, and never a number the annex contradicts."""

from __future__ import annotations

import re

import pytest

from core.catalog import Catalog
from core.months import Month, ReportPeriod
from report.period_bullets import (
    FIGURE,
    MONTH_REF,
    QUARTER_REF,
    MonthBullet,
    pattern,
    period_bullets,
    scan,
)
from report.period_figures import figures_of
from report.sources import Figure

Q1 = ReportPeriod.parse("2023-Q1")
YEAR = ReportPeriod.parse("2023")
JAN, FEB, MAR = Month(2023, 1), Month(2023, 2), Month(2023, 3)
BARE_IN_MONTH = re.compile(r"trong tháng(?!\s*\d)", re.IGNORECASE)


def run(catalog: Catalog, period: ReportPeriod, bullets: list[MonthBullet],
        values: list[Figure]) -> dict[str, list]:
    """Part I's bullets by section, from ``bullets`` and the units' ``values``."""
    figures = figures_of(values, period, catalog)
    unit_values: dict = {}
    for f in values:
        unit_values.setdefault((f.unit, f.month), {})[f.indicator] = f.value
    rank = {u.code: i for i, u in enumerate(catalog.reporting_units())}
    return period_bullets(bullets, period, unit_values, figures, catalog, rank)


def texts(out: dict[str, list], section: str = "1") -> list[str]:
    return [b.text for b in out.get(section, [])]


def vp(month: Month, text: str, *notes: str, approved: bool = True) -> MonthBullet:
    return MonthBullet(month, "VP", "1", text, tuple(notes), approved)


def fig(unit: str, month: Month, code: str, value: float, approved: bool = True) -> Figure:
    return Figure(unit, month, code, value, None, approved)


def letters(month: Month, incoming: int, outgoing: int) -> list[Figure]:
    return [fig("VP", month, "VP_VB_DEN", incoming), fig("VP", month, "VP_VB_DI", outgoing)]


# --- rule 1: what is masked -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "kinds"), [
    ("Tiếp nhận 345 văn bản đến; phát hành 1.221 văn bản đi.", [FIGURE, FIGURE]),
    ("Lũy kế đến hết tháng 02/2023 là 1.391,4 triệu đồng, đạt 7,30% dự toán.",
     [MONTH_REF, FIGURE, FIGURE]),
    ("Kế hoạch công tác tháng 4 năm 2023.", [MONTH_REF]),
    ("Báo cáo công tác thanh tra quý III năm 2023.", [QUARTER_REF]),
    ("Bản tin số 05, Đề án 06, Thông tư 23/2013/TT-BKHCN, Nghị quyết số 163/2021/NQ-HĐND.",
     []),
    ("Kỷ niệm 72 năm (20/01/1950 - 20/01/2021), ngày 18/5, ISO 9001:2015, giai đoạn 2021-2025.",
     []),
    ("Báo cáo 6 tháng đầu năm 2023; sản xuất giống nấm cấp 3 các loại; tạm ứng đợt 1.", []),
    ("Tổng số 25 đơn vị; đăng ký 03 hợp đồng; Cục cấp 01 văn bằng.", [FIGURE] * 3),
    ("Tết Nguyên đán Quý Mão 2023. Kỳ 2, lần thứ 5, khóa 13.", []),
])
def test_figures_months_and_quarters_are_masked_names_are_not(text, kinds):
    assert [token.kind for token in scan(text)] == kinds


def test_a_pattern_ignores_case_spacing_dash_and_stop():
    one = pattern("- Tiếp nhận 345 văn bản đến trong tháng 02/2023.")
    assert one == pattern("tiếp nhận  5.749 VĂN BẢN đến trong tháng 11/2023")
    assert one != pattern("Tiếp nhận 345 văn bản đi trong tháng 02/2023.")
    assert pattern("Báo cáo quý I năm 2023.") == pattern("Báo cáo quý IV năm 2023")
    assert pattern("Báo cáo năm 2022.") != pattern("Báo cáo năm 2023.")


# --- rules 2–4: a recurring activity once, with the period's figure -------------------------


def test_a_recurring_activity_is_printed_once_with_the_sum_of_the_months(catalog):
    sentence = "Tiếp nhận, xử lý {} văn bản đến; phát hành {} văn bản đi."
    bullets = [vp(JAN, sentence.format(345, 221)), vp(FEB, "Tổ chức giao ban công tác tháng."),
               vp(FEB, sentence.format(496, 312)), vp(MAR, sentence.format(462, 323))]
    values = letters(JAN, 345, 221) + letters(FEB, 496, 312) + letters(MAR, 462, 323)
    out = texts(run(catalog, YEAR, bullets, values))
    assert out == ["Tiếp nhận, xử lý 1.303 văn bản đến; phát hành 856 văn bản đi "
                   "(chưa có số liệu tháng 04–12/2023).",
                   "Tổ chức giao ban công tác tháng."]


def test_the_total_is_the_indicators_even_where_a_month_wrote_no_sentence(catalog):
    # February sent the figures but wrote no sentence about them: the total counts them.
    bullets = [vp(JAN, "Tiếp nhận 345 văn bản đến."), vp(MAR, "Tiếp nhận 462 văn bản đến.")]
    values = letters(JAN, 345, 0) + letters(FEB, 496, 0) + letters(MAR, 462, 0)
    assert texts(run(catalog, Q1, bullets, values)) == [
        "Tiếp nhận 1.303 văn bản đến (tháng 01: 345; tháng 02: 496; tháng 03: 462)."]


def test_reordered_and_recased_bullets_are_still_one_activity(catalog):
    bullets = [vp(JAN, "Góp ý 07 dự thảo văn bản."), vp(JAN, "Tiếp nhận 10 văn bản đến."),
               vp(FEB, "tiếp nhận  20 văn bản đến"), vp(FEB, "Góp ý 09 dự thảo văn bản."),
               vp(MAR, "Góp ý 05 dự thảo văn bản."), vp(MAR, "TIẾP NHẬN 30 văn bản đến.")]
    values = [fig("VP", m, "VP_GOPY_DUTHAO", v) for m, v in ((JAN, 7), (FEB, 9), (MAR, 5))] \
        + [fig("VP", m, "VP_VB_DEN", v) for m, v in ((JAN, 10), (FEB, 20), (MAR, 30))]
    out = texts(run(catalog, Q1, bullets, values))
    assert out == ["Góp ý 21 dự thảo văn bản (tháng 01: 7; tháng 02: 9; tháng 03: 5).",
                   "TIẾP NHẬN 60 văn bản đến (tháng 01: 10; tháng 02: 20; tháng 03: 30)."]


def test_reworded_bullets_that_state_the_same_figures_are_one_activity(catalog):
    bullets = [vp(JAN, "Tiếp nhận 345 văn bản đến."),
               vp(FEB, "Xử lý 496 văn bản đến qua hệ thống điều hành."),
               vp(MAR, "Tiếp nhận, xử lý 462 văn bản đến; phát hành 323 văn bản đi.")]
    values = letters(JAN, 345, 200) + letters(FEB, 496, 300) + letters(MAR, 462, 323)
    # the latest wording that names every figure of the group, stated for the quarter
    assert texts(run(catalog, Q1, bullets, values)) == [
        "Tiếp nhận, xử lý 1.303 văn bản đến; phát hành 823 văn bản đi."]


def test_a_running_total_states_its_latest_value_and_month(catalog):
    text = "Lũy kế kinh phí đã giải ngân đến hết tháng {:02d}/2023 là {} triệu đồng."
    bullets = [MonthBullet(m, "KHTC", "2.5", text.format(m.month, v))
               for m, v in ((JAN, "500,0"), (FEB, "1.391,4"))]
    values = [fig("KHTC", JAN, "KHTC_GIAINGAN", 500.0), fig("KHTC", FEB, "KHTC_GIAINGAN", 1391.4),
              fig("KHTC", MAR, "KHTC_GIAINGAN", 2783.0)]  # March: no sentence, a value
    assert texts(run(catalog, Q1, bullets, values), "2.5") == [
        "Lũy kế kinh phí đã giải ngân đến hết tháng 03/2023 là 2.783,0 triệu đồng."]


def test_a_one_off_current_state_takes_the_periods_latest_value(catalog):
    # Only February wrote it; March's figure is the quarter's (the annex says 24 too).
    bullets = [MonthBullet(FEB, "QLKH", "2.1",
                           "Kiểm tra tiến độ; hiện có 19 nhiệm vụ đang triển khai.")]
    values = [fig("QLKH", FEB, "QLKH_NV_DANGTRIENKHAI", 19),
              fig("QLKH", MAR, "QLKH_NV_DANGTRIENKHAI", 24)]
    assert texts(run(catalog, Q1, bullets, values), "2.1") == [
        "Kiểm tra tiến độ; hiện có 24 nhiệm vụ đang triển khai."]


@pytest.mark.parametrize(("period", "bare", "dated"), [
    ("2023-Q1", "trong quý I", "quý I năm 2023"),
    ("2023-H1", "trong 6 tháng đầu năm", "6 tháng đầu năm 2023"),
    ("2023-9T", "trong 9 tháng", "9 tháng năm 2023"),
    ("2023", "trong năm", "năm 2023"),
])
def test_month_wording_becomes_the_periods(catalog, period, bare, dated):
    visits = "Cổng Thông tin điện tử có {} lượt truy cập trong tháng."
    verified = "Tổng số phương tiện đo được kiểm định trong tháng {:02d}/2023 là {} phương tiện đo."
    bullets = [MonthBullet(m, "TTUD", "3.1", visits.format(v)) for m, v in ((JAN, 10), (FEB, 20))]
    bullets += [MonthBullet(m, "TTKT", "3.2", verified.format(m.month, v))
                for m, v in ((JAN, 100), (FEB, 200))]
    values = [fig("TTUD", JAN, "TTUD_LUOT_TRUYCAP", 10), fig("TTUD", FEB, "TTUD_LUOT_TRUYCAP", 20),
              fig("TTKT", JAN, "TTKT_KD_PTD", 100), fig("TTKT", FEB, "TTKT_KD_PTD", 200)]
    out = run(catalog, ReportPeriod.parse(period), bullets, values)
    assert texts(out, "3.1")[0].startswith(f"Cổng Thông tin điện tử có 30 lượt truy cập {bare}")
    assert texts(out, "3.2")[0].startswith(
        f"Tổng số phương tiện đo được kiểm định trong {dated} là 300 phương tiện đo")
    assert not any(BARE_IN_MONTH.search(b) for s in out.values() for b in map(str, s))


def test_figures_that_are_not_an_indicator_are_listed_with_their_months(catalog):
    sentence = "Kiểm định {} huyết áp kế cho các cơ sở y tế; xuất bản Bản tin số {}/2023."
    bullets = [MonthBullet(m, "TTKT", "3.2", sentence.format(v, f"{m.month:02d}"))
               for m, v in ((JAN, "54"), (FEB, "100"), (MAR, "90"))]
    assert texts(run(catalog, Q1, bullets, []), "3.2") == [
        "Kiểm định 54 (tháng 01), 100 (tháng 02) và 90 (tháng 03) huyết áp kế cho các cơ sở y "
        "tế; xuất bản Bản tin số 01/2023, 02/2023 và 03/2023."]


def test_quarters_named_in_the_months_are_listed(catalog):
    bullets = [MonthBullet(m, "TTRA", "2.4", f"Báo cáo công tác thanh tra quý {q} năm 2023.")
               for m, q in ((Month(2023, 3), "I"), (Month(2023, 9), "III"),
                            (Month(2023, 12), "IV"))]
    assert texts(run(catalog, YEAR, bullets, []), "2.4") == [
        "Báo cáo công tác thanh tra quý I, III và IV năm 2023."]


def test_a_coincidental_value_with_other_words_is_not_the_indicator(catalog):
    # 01 "Đặc san" equals TTUD_THONGBAO = 1 but names no indicator: the month's text stays.
    bullets = [MonthBullet(JAN, "TTUD", "3.1", "Ấn phẩm: 01 Đặc san, 01 Bản tin KH&CN.")]
    values = [fig("TTUD", JAN, "TTUD_THONGBAO", 1), fig("TTUD", JAN, "TTUD_VIDEO", 1)]
    assert texts(run(catalog, Q1, bullets, values), "3.1") == [
        "Ấn phẩm: 01 Đặc san, 01 Bản tin KH&CN (tháng 01/2023)."]


def test_two_indicators_with_one_value_are_told_apart_by_their_words(catalog):
    sentence = "Tiếp nhận {0} hồ sơ thủ tục hành chính; giải quyết đúng hạn {0} hồ sơ."
    bullets = [vp(JAN, sentence.format(40)), vp(FEB, sentence.format(41))]
    values = [fig("VP", m, code, v) for m, v in ((JAN, 40), (FEB, 41))
              for code in ("VP_TTHC_TIEPNHAN", "VP_TTHC_DUNGHAN")]
    values.append(fig("VP", MAR, "VP_TTHC_TIEPNHAN", 5))  # March: received, none settled
    assert texts(run(catalog, Q1, bullets, values)) == [
        "Tiếp nhận 86 hồ sơ thủ tục hành chính; giải quyết đúng hạn 81 hồ sơ (chưa có số "
        "liệu tháng 03/2023)."]


def test_the_same_pattern_twice_in_a_month_is_two_facts(catalog):
    bullets = [vp(JAN, "Góp ý 03 dự thảo văn bản của Sở Y tế."),
               vp(JAN, "Góp ý 04 dự thảo văn bản của Sở Y tế."),
               vp(FEB, "Góp ý 05 dự thảo văn bản của Sở Y tế.")]
    out = texts(run(catalog, Q1, bullets, []))
    assert len(out) == 3 and all("(tháng 0" in text for text in out)


def test_units_and_sections_are_never_merged(catalog):
    bullets = [MonthBullet(JAN, "TDC", "2.3", "Kiểm tra tại 05 cơ sở."),
               MonthBullet(FEB, "TTRA", "2.4", "Kiểm tra tại 07 cơ sở.")]
    out = run(catalog, Q1, bullets, [])
    assert texts(out, "2.3") == ["Kiểm tra tại 05 cơ sở (tháng 01/2023)."]
    assert texts(out, "2.4") == ["Kiểm tra tại 07 cơ sở (tháng 02/2023)."]


# --- rule 5: one-offs ----------------------------------------------------------------------


def test_one_offs_are_printed_once_as_written_with_their_footnotes(catalog):
    bullets = [vp(JAN, "Tổ chức Hội nghị tổng kết năm 2022.", "Gồm: A; B."),
               vp(FEB, "Tổ chức Hội nghị tổng kết năm 2022.", "Gồm: A; B."),
               vp(FEB, "Tổ chức trực Tết trong tháng."),
               vp(MAR, "Phát động phong trào thi đua năm 2023.", "Gồm: C.")]
    out = run(catalog, Q1, bullets, [])["1"]
    assert [(b.text, b.footnotes) for b in out] == [
        ("Tổ chức Hội nghị tổng kết năm 2022.", ["Gồm: A; B."]),
        ("Tổ chức trực Tết trong tháng 02/2023.", []),
        ("Phát động phong trào thi đua năm 2023.", ["Gồm: C."])]


def test_a_one_off_summed_figure_keeps_its_month_and_a_stated_one_is_left_out(catalog):
    bullets = [vp(JAN, "Tiếp nhận và xử lý 02 hồ sơ của Công ty Thiên Tân."),
               MonthBullet(JAN, "TDC", "2.3", "Tiếp nhận và xử lý 02 hồ sơ công bố hợp chuẩn "
                                               "của Công ty Thiên Tân."),
               MonthBullet(FEB, "TDC", "2.3", "Tiếp nhận 03 hồ sơ công bố hợp chuẩn."),
               MonthBullet(MAR, "TDC", "2.3", "Tiếp nhận 01 hồ sơ công bố hợp chuẩn.")]
    values = [fig("TDC", m, "TDC_HOPCHUAN", v) for m, v in ((JAN, 2), (FEB, 3), (MAR, 1))]
    out = run(catalog, Q1, bullets, values)
    assert texts(out, "2.3") == [
        "Tiếp nhận 06 hồ sơ công bố hợp chuẩn (tháng 01: 2; tháng 02: 3; tháng 03: 1)."]
    assert texts(out) == ["Tiếp nhận và xử lý 02 hồ sơ của Công ty Thiên Tân (tháng 01/2023)."]


def test_a_stated_sentence_drops_the_months_footnotes(catalog):
    bullets = [vp(JAN, "Góp ý 07 dự thảo văn bản.", "Gồm: dự thảo A."),
               vp(FEB, "Góp ý 09 dự thảo văn bản.", "Gồm: dự thảo B.")]
    values = [fig("VP", JAN, "VP_GOPY_DUTHAO", 7), fig("VP", FEB, "VP_GOPY_DUTHAO", 9)]
    (bullet,) = run(catalog, Q1, bullets, values)["1"]
    assert bullet.footnotes == [] and bullet.text.startswith("Góp ý 16 dự thảo")


# --- approval, zero, qualified, huge, hostile -------------------------------------------


def test_an_unapproved_month_or_figure_marks_the_merged_bullet(catalog):
    bullets = [vp(JAN, "Tiếp nhận 10 văn bản đến."), vp(FEB, "Tiếp nhận 20 văn bản đến.")]
    approved = [fig("VP", JAN, "VP_VB_DEN", 10), fig("VP", FEB, "VP_VB_DEN", 20)]
    assert run(catalog, Q1, bullets, approved)["1"][0].approved
    late = [fig("VP", JAN, "VP_VB_DEN", 10), fig("VP", FEB, "VP_VB_DEN", 20),
            fig("VP", MAR, "VP_VB_DEN", 5, approved=False)]  # March figure not approved
    assert not run(catalog, Q1, bullets, late)["1"][0].approved
    pending = [bullets[0], vp(FEB, "Tiếp nhận 20 văn bản đến.", approved=False)]
    assert not run(catalog, Q1, pending, approved)["1"][0].approved


def test_zero_huge_and_qualified_figures(catalog):
    bullets = [MonthBullet(m, "TTRA", "2.4", f"Tiếp {v} lượt công dân.")
               for m, v in ((JAN, "00"), (FEB, "hơn 1.234.567"))]
    values = [fig("TTRA", JAN, "TTRA_TIEPDAN", 0), fig("TTRA", FEB, "TTRA_TIEPDAN", 1234567)]
    assert texts(run(catalog, Q1, bullets, values), "2.4") == [
        "Tiếp hơn 1.234.567 lượt công dân (tháng 01: 0; tháng 02: 1.234.567; tháng 03: chưa "
        "có số liệu)."]


@pytest.mark.timeout(20)
def test_hostile_text_is_kept_as_text_and_never_hangs(catalog):
    long_digits = "1." * 20000 + "1"
    hostile = [vp(JAN, "<script>alert(1)</script> " + "9" * 5000 + " văn bản"),
               vp(FEB, long_digits), vp(MAR, "tháng " * 5000 + "quý " * 5000 + "%" * 1000),
               vp(MAR, "")]
    out = texts(run(catalog, Q1, hostile, [fig("VP", JAN, "VP_VB_DEN", 1e300)]))
    assert out[0].startswith("<script>alert(1)</script>")  # the renderers escape it
    assert len(out) == 4


def test_a_month_is_not_a_longer_period(catalog):
    with pytest.raises(ValueError):
        run(catalog, ReportPeriod.parse("2023-01"), [], [])

"""The generated summary: every number in it comes from the data, in Vietnamese format."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from analytics.comparisons import Comparison
from analytics.targets import Attainment
from analytics.ytd import Aggregate
from core.catalog import load_catalog
from core.formatting import fmt_number, fmt_percent
from core.months import Month, ReportPeriod, month_range
from report.summary import Change, Headline, SummaryFacts, gather_facts, summary_text
from store.schema import submission, value

# A Vietnamese number as written: 5.749 · 1.234,5 · 12,29% · 7
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?%?|\d+(?:,\d+)?%?")
CATALOG = load_catalog()


def numbers_in(text: str) -> list[str]:
    return NUMBER.findall(text)


def _num(item, x) -> str:
    return fmt_number(x, item.decimals or None)


def allowed_numbers(facts: SummaryFacts) -> set[str]:
    """Every number the facts hold, formatted as the text must write it."""
    out: set[str] = {str(facts.expected_units)}
    for h in facts.headlines:
        item = h.indicator
        if h.value is not None:
            out.add(_num(item, h.value))
        out.add(str(h.missing_months))
        for comp in (h.previous, h.last_year):
            if comp is not None and comp.ok:
                out.add(_num(item, abs(comp.change)))
                if comp.ratio is not None:
                    out.add(fmt_percent(abs(comp.ratio)))
        if h.target is not None and h.target.ratio is not None:
            out |= {_num(item, h.target.ytd.value), fmt_percent(h.target.ratio),
                    _num(item, h.target.target)}
    for change in facts.rises + facts.falls:
        out |= {_num(change.indicator, change.comparison.value),
                fmt_percent(abs(change.comparison.ratio))}
    out |= {str(count) for _, count in facts.missing_units}
    for item, check in facts.outliers:
        out |= {_num(item, check.value), _num(item, check.median)}
    return out


def _comparison(value, base, kind="previous_month"):
    return Comparison(kind, Month(2023, 1), Month(2022, 12), value, base)


def _headline(code, value, prev_base, ly_base, target=None, ytd=None):
    item = CATALOG.indicator(code)
    attain = None
    if target is not None:
        agg = Aggregate("sum", (Month(2023, 1),), ytd, (Month(2023, 1),), ())
        attain = Attainment(2023, target, agg)
    return Headline(item, value, 0, _comparison(value, prev_base),
                    _comparison(value, ly_base, "same_month_last_year"), attain)


HAND_FACTS = SummaryFacts(
    ReportPeriod.parse("2023-01"), True,
    headlines=[
        _headline("TTKT_KD_PTD", 5749, 5120, 5749, target=60000, ytd=5749),
        _headline("TTKT_THU_NGHIEM", 544, 600, None),
        _headline("TTUD_TINBAI", 105, 0, 90),
        Headline(CATALOG.indicator("TTRA_CUOC_TTKT"), None, 0, None, None, None),
    ],
    rises=[Change(CATALOG.indicator("TTKT_KD_PTD"), _comparison(5749, 5120))],
    falls=[Change(CATALOG.indicator("TTKT_THU_NGHIEM"), _comparison(544, 600))],
    expected_units=8,
    missing_units=[("Thanh tra Sở", 1)],
    unapproved_units=["Văn phòng Sở"],
)


def test_hand_made_facts_read_naturally():
    text = summary_text(HAND_FACTS)
    assert "Phương tiện đo được kiểm định: 5.749 phương tiện đo, tăng 629 (12,29%) so với " \
           "tháng trước, không đổi so với cùng kỳ năm trước; lũy kế từ đầu năm 5.749 phương " \
           "tiện đo, đạt 9,58% kế hoạch năm (60.000 phương tiện đo)." in text
    assert "Mẫu thử nghiệm: 544 mẫu, giảm 56 (9,33%) so với tháng trước, cùng kỳ năm trước " \
           "chưa có số liệu để so sánh." in text
    # a zero base has no percentage, only the absolute change
    assert "tăng 105 so với tháng trước" in text
    assert "Cuộc thanh tra, kiểm tra: chưa có số liệu." in text
    assert "Đơn vị chưa gửi báo cáo: Thanh tra Sở." in text
    assert "Báo cáo chưa được duyệt: Văn phòng Sở." in text
    assert "tăng nhiều nhất: Phương tiện đo được kiểm định (5.749 phương tiện đo, tăng 12,29%)" \
        in text


def test_hand_made_facts_numbers_all_come_from_the_facts():
    text = summary_text(HAND_FACTS)
    found = numbers_in(text)
    assert found and set(found) <= allowed_numbers(HAND_FACTS)


def test_nothing_to_say():
    assert summary_text(SummaryFacts(ReportPeriod.parse("2023-01"), True)) is None


def _raw(engine, unit, period, indicator):
    """The value of the version that counts (approved, else newest), read straight from SQL."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(submission.c.version, submission.c.status, value.c.value)
            .join(value, value.c.submission_id == submission.c.id)
            .where(submission.c.unit_code == unit, submission.c.period == period,
                   value.c.indicator_code == indicator)).all()
    if not rows:
        return None
    approved = [r for r in rows if r.status == "approved"]
    return max(approved or rows, key=lambda r: r.version).value


@pytest.mark.parametrize("period", ["2023-01", "2023-12"])
def test_sample_month_summary_numbers_come_from_the_data(sample_engine, period):
    with sample_engine.connect() as conn:
        facts = gather_facts(conn, ReportPeriod.parse(period))
    month = Month.parse(period)
    for h in facts.headlines:
        unit = h.indicator.org_unit
        assert h.value == _raw(sample_engine, unit, period, h.indicator.code)
        assert h.previous.base == _raw(sample_engine, unit, str(month - 1), h.indicator.code)
        assert h.last_year.base == _raw(sample_engine, unit, str(month - 12), h.indicator.code)
    ptd = next(h for h in facts.headlines if h.indicator.code == "TTKT_KD_PTD")
    if period == "2023-01":
        assert ptd.value == 5749 and ptd.target.ytd.value == 5749
        assert ptd.target.target == CATALOG.target("TTKT_KD_PTD", 2023)
    else:  # year to date is the sum of the twelve months
        months = [str(m) for m in month_range(Month(2023, 1), Month(2023, 12))]
        assert ptd.target.ytd.value == sum(_raw(sample_engine, "TTKT", m, "TTKT_KD_PTD")
                                           for m in months)
        assert facts.unapproved_units  # December is not approved yet
    text = summary_text(facts)
    found = numbers_in(text)
    assert found and set(found) <= allowed_numbers(facts)
    assert "so với tháng trước" in text and "so với cùng kỳ năm trước" in text
    assert re.search(r"\d\.\d{3}", text)  # thousands grouped the Vietnamese way


def test_sample_six_month_summary_numbers_come_from_the_data(sample_engine):
    with sample_engine.connect() as conn:
        facts = gather_facts(conn, ReportPeriod.parse("2023-H1"))
    assert not facts.monthly and all(h.previous is None for h in facts.headlines)
    text = summary_text(facts)
    assert set(numbers_in(text)) <= allowed_numbers(facts)
    assert "so với tháng trước" not in text

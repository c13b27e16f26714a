"""The overview draws few elements (each is a message and a component the browser draws on
every month change): the lines of one block of a KPI card share one caption, the lines of
one movement list share one markdown element. Nothing shown is lost on the way."""

from __future__ import annotations

import re

import pytest

from analytics import material
from ui.text import LINE_BREAK

PREVIOUS = "So với tháng trước"
LAST_YEAR = "So với cùng kỳ"
HEADINGS = ("**So với tháng trước**", "**So với cùng kỳ năm trước**", "**Số liệu bất thường**")


def _lines(element) -> list[str]:
    return str(element.value).split(LINE_BREAK)


def _comparison_blocks(at) -> list[list[str]]:
    blocks = [_lines(c) for c in at.caption]
    return [lines for lines in blocks if any(line.startswith(LAST_YEAR) for line in lines)]


@pytest.mark.parametrize("month", ["2023-01", "2022-07", "2023-12"])
def test_each_card_says_its_comparisons_and_year_to_date_in_one_caption(page, month):
    at = page("overview", thang=month)
    blocks = _comparison_blocks(at)
    assert len(blocks) == len(at.metric) == 6  # one block per card
    for lines in blocks:
        first, year, ytd, *rest = lines
        assert first.startswith((PREVIOUS, "Chỉ tiêu lũy kế")), lines
        assert year.startswith(LAST_YEAR), lines
        assert ytd.startswith(("Lũy kế", "Số lũy kế đến tháng")), lines
        assert all(line.startswith("Thiếu số liệu:") for line in rest), lines
        assert all(line.strip() for line in lines)  # no empty line between
    # a card's captions: this block, its target's (at most one) and its sparkline's
    assert len(at.caption) <= 3 * len(at.metric) + 2


def test_a_card_without_the_months_figure_still_says_each_line(page):
    """July 2022: the inspectorate did not report; its card keeps every line, in order."""
    at = page("overview", thang="2022-07")
    missing = [lines for lines in _comparison_blocks(at) if "không so sánh" in lines[0]]
    assert missing == [[
        "So với tháng trước: chưa có số liệu tháng này — không so sánh.",
        "So với cùng kỳ: chưa có số liệu tháng này — không so sánh.",
        "Lũy kế 01/2022–07/2022: 6",
        "Thiếu số liệu: 07/2022.",
    ]]


def test_the_plan_and_the_outlook_share_a_caption_after_the_progress_bar(page):
    at = page("overview", thang="2023-01")
    plan = [lines for c in at.caption if (lines := _lines(c))[0].startswith("Kế hoạch năm:")]
    assert plan == [[
        "Kế hoạch năm: số liệu «Dự toán kinh phí sự nghiệp KH&CN được giao» đơn vị báo cáo "
        "tháng 01/2023.",
        "Theo tiến độ hiện nay, cả năm ước đạt khoảng 103% kế hoạch.",
    ]]
    assert len(at.get("progress")) >= 1


def test_each_movement_list_is_one_element_a_heading_and_a_line_each(page):
    at = page("overview", thang="2023-01")
    lists = [_lines(m) for m in at.markdown if str(m.value).startswith(HEADINGS)]
    assert lists  # January 2023 has material moves
    assert len({lines[0] for lines in lists}) == len(lists)  # each heading once
    for heading, *items in lists:
        assert heading in HEADINGS
        assert 1 <= len(items) <= 2 * material.LIST_SIZE  # rises and falls, each capped
        for item in items:
            assert re.match(r":material/(trending_up|trending_down|warning): \S", item), item
            assert LINE_BREAK not in item and "\n" not in item

"""The Markdown rendering of the January 2023 reference report."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reference_doc import FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3, TASKS, reference_document

from report.markdown_export import build_markdown, escape, paragraph
from report.model import FollowupRow, ReportDocument


@pytest.fixture(scope="module")
def reference() -> ReportDocument:
    return reference_document()


@pytest.fixture(scope="module")
def markdown(reference: ReportDocument) -> str:
    return build_markdown(reference)


def test_header_lines_and_title(markdown: str, reference: ReportDocument) -> None:
    head = markdown.split("# BÁO CÁO")[0]
    for text in (
        reference.parent_body,
        reference.issuer,
        reference.number_label,
        reference.motto_country,
        reference.motto_slogan,
        reference.place_date,
    ):
        assert text in head
    assert f"# BÁO CÁO\n\n**{reference.subject}**" in markdown


def test_all_sections_in_order_as_headings(markdown: str, reference: ReportDocument) -> None:
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    expected = [
        "# BÁO CÁO",
        f"## {reference.part1_title}",
        *(
            ("### " if s.level == 1 else "#### ") + f"{s.number}. {s.title}"
            for s in reference.sections
        ),
        f"## {reference.part2_title}",
    ]
    assert headings == expected


def test_every_bullet_present(markdown: str, reference: ReportDocument) -> None:
    lines = markdown.splitlines()
    for section in reference.sections:
        for bullet in section.bullets:
            text, _ = bullet.split_stop()
            prefix = "- " if bullet.dash else ""
            assert any(line.startswith(prefix + text) for line in lines), bullet.text
    assert any(line.startswith("Tổ chức triển khai công tác kiểm định") for line in lines)


def test_footnote_markers_before_the_stop_and_definitions_at_the_end(markdown: str) -> None:
    assert (
        "- Xây dựng và triển khai kế hoạch hoạt động KH&CN năm 2023 trên các lĩnh vực[^1].\n"
        in markdown
    )
    assert "- Triển khai các kế hoạch, văn bản chỉ đạo của Tỉnh ủy, UBND tỉnh[^2].\n" in markdown
    assert "- Góp ý dự thảo văn bản của các đơn vị, địa phương[^3].\n" in markdown
    assert re.findall(r"\[\^(\d+)\](?!:)", markdown) == ["1", "2", "3"]
    tail = markdown.rstrip().splitlines()[-3:]
    assert tail == [f"[^1]: {FOOTNOTE_1}", f"[^2]: {FOOTNOTE_2}", f"[^3]: {FOOTNOTE_3}"]


def test_tasks_numbered_with_end_mark(markdown: str) -> None:
    for number, task in enumerate(TASKS[:-1], start=1):
        assert f"\n{number}. {task}\n" in markdown
    assert "\n7. Phê duyệt nhiệm vụ thường xuyên" in markdown
    assert "ký kết thực hiện./.\n" in markdown


@pytest.mark.parametrize("figure", ["5749", "544", "07", "02", "01", "105", "35", "1.100", "6.000"])
def test_every_figure_appears(markdown: str, figure: str) -> None:
    assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", markdown)


def test_recipients_and_signer(markdown: str, reference: ReportDocument) -> None:
    assert "***Nơi nhận:***" in markdown
    recipients = "\n".join(f"- {r}" for r in reference.recipients)
    assert recipients in markdown
    assert "**KT. GIÁM ĐỐC**\\\n**PHÓ GIÁM ĐỐC**" in markdown
    assert "**Nguyễn Hữu Thắng**" in markdown


def test_summary_note_and_followup(reference: ReportDocument) -> None:
    doc = dataclasses.replace(
        reference,
        summary="Trong tháng, Sở hoàn thành 7/7 nhiệm vụ.",
        unapproved_note="Có nội dung chưa duyệt.",
        followup=[FollowupRow("Kiểm tra | Tết", "Hoàn thành")],
    )
    md = build_markdown(doc)
    assert f"## {reference.part1_title}\n\nTrong tháng, Sở hoàn thành 7/7 nhiệm vụ." in md
    assert "> *Có nội dung chưa duyệt.*" in md
    assert "| STT | Nhiệm vụ | Kết quả thực hiện | Ghi chú |" in md
    assert "| 1 | Kiểm tra \\| Tết | Hoàn thành |  |" in md


def test_unapproved_bullets_are_marked(reference: ReportDocument) -> None:
    section = reference.sections[3]
    bullets = [dataclasses.replace(b, approved=False) for b in section.bullets]
    sections = list(reference.sections)
    sections[3] = dataclasses.replace(section, bullets=bullets)
    md = build_markdown(dataclasses.replace(reference, sections=sections))
    assert "- Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư. *(chưa duyệt)*\n" in md
    assert md.count("(chưa duyệt)") == len(bullets)


def test_escaping_keeps_text_literal() -> None:
    assert escape("a*b_c [x]") == "a\\*b\\_c \\[x\\]"
    assert paragraph("1. không phải danh sách") == "1\\. không phải danh sách"
    assert paragraph("- không phải gạch đầu dòng") == "\\- không phải gạch đầu dòng"

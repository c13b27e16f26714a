"""The reference and its variants in four layouts (tests/etl/narrative/corpus.py): every
layout reads to the same structure, the same figures with the right meaning."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus import (
    LAYOUTS,
    PERIOD_TITLES,
    REWORDED,
    REWORDED_CONTEXT,
    SYMBOL_BULLET,
    Block,
    add_bullet,
    reference_blocks,
    render,
    reword,
    to_docx,
    to_pdf_word,
    to_txt,
)
from fpdf import FPDF
from narrative_samples import FONT
from test_narrative_reference import ITEM_STARTS, SECTIONS

from core.catalog import Catalog
from core.months import ReportPeriod
from etl.narrative import ParsedReport, parse_report
from etl.narrative.load import default_reviews, plan_import
from etl.narrative.readers import read_document
from etl.narrative.roles import VALUE
from tests.conftest import REFERENCE_FACTS

FACTS = {code: value for unit in REFERENCE_FACTS.values() for code, value in unit.items()}
RECIPIENTS = ["UBND tỉnh", "Sở Kế hoạch và Đầu tư", "GD, các PGD Sở",
              "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def _parse(layout: str, blocks: list[Block], folder: Path, catalog: Catalog) -> ParsedReport:
    data, name = render(layout, blocks, folder)
    return parse_report(data, name, catalog=catalog)


@pytest.fixture(scope="module", params=LAYOUTS)
def reference(request: pytest.FixtureRequest, folder: Path, catalog: Catalog) -> ParsedReport:
    return _parse(request.param, reference_blocks(), folder, catalog)


@pytest.fixture(scope="module", params=LAYOUTS)
def reworded(request: pytest.FixtureRequest, folder: Path, catalog: Catalog) -> ParsedReport:
    return _parse(request.param, reword(reference_blocks(), REWORDED), folder, catalog)


def test_every_layout_has_the_structure_of_the_reference(reference: ParsedReport) -> None:
    assert [s.number for s in reference.sections] == SECTIONS
    assert [s.catalog_section for s in reference.sections] == SECTIONS
    for section in reference.sections:
        starts = ITEM_STARTS[section.number]
        assert len(section.items) == len(starts), section.number
        for item, start in zip(section.items, starts, strict=True):
            assert item.text.startswith(start)
            assert SYMBOL_BULLET not in item.text and not item.text.startswith(("-", "•"))
    assert [len(i.footnotes) for i in reference.section("1").items] == [0, 1, 1, 1, 0]
    assert [f.text[:5] for f in reference.footnotes] == ["Gồm: "] * 3


def test_every_layout_gives_every_reference_figure(reference: ParsedReport) -> None:
    """DOMAIN.md's figures of January 2023 with their values, each the period's value."""
    got = {f.indicator: f for f in reference.figures}
    assert len(reference.figures) == len(FACTS)
    assert {code: got[code].value for code in FACTS} == FACTS
    assert {f.role for f in reference.figures} == {VALUE}
    assert reference.context == [] and all(f.context == [] for f in reference.figures)


def test_tasks_end_before_the_recipients_and_signer(reference: ParsedReport) -> None:
    assert len(reference.tasks) == 7
    assert reference.tasks[0].endswith("giai đoạn 2022-2026”.")
    assert reference.tasks[-1].endswith("ký kết thực hiện.")
    assert not any("Nơi nhận" in x or "GIÁM ĐỐC" in x or "Thắng" in x for x in reference.tasks)
    assert reference.recipients == RECIPIENTS
    assert reference.signer.name == "Nguyễn Hữu Thắng"


def test_reworded_figures_keep_their_value_and_show_the_rest(reworded: ParsedReport) -> None:
    got = {f.indicator: f.value for f in reworded.figures}
    assert {code: got.get(code) for code in FACTS} == FACTS  # 105 not 120, 7 not 10 …
    context = {(c.indicator, c.role, c.value) for f in reworded.figures for c in f.context}
    context |= {(c.indicator, c.role, c.value) for c in reworded.context}
    assert context == REWORDED_CONTEXT
    # "Cấp 02 giấy phép", "Cấp 01 Chứng chỉ": the verb, read; "nấm cấp 3": a grade, not read
    assert got["QLCN_GP_BUCXA"] == 2 and got["QLCN_CC_BUCXA"] == 1
    assert not [f for f in reworded.figures if f.unit_noun == "các loại"]
    assert {f.indicator: f.value for f in reworded.figures}["TTUD_GIONG_NAM"] == 1100


def test_reworded_certain_figures_start_accepted(reworded: ParsedReport,
                                                 catalog: Catalog) -> None:
    reviews = default_reviews(reworded)
    accepted = {reworded.figures[r.figure].indicator for r in reviews if r.accepted}
    with_context = {f.indicator for f in reworded.figures if f.context}
    assert accepted and not accepted & with_context  # context means a person looks
    assert "QLCN_GP_BUCXA" in accepted  # "Cấp 02 giấy phép tiến hành công việc bức xạ"
    plan = plan_import(reworded, reviews, catalog, "vanphong", "bc.txt")
    loaded = {v.indicator: v for s in plan.submissions for v in s.values}
    assert set(loaded) == accepted
    assert all(v.source_text and v.source_text in _texts(reworded) for v in loaded.values())


def _texts(report: ParsedReport) -> str:
    return " ".join(i.text for s in report.sections for i in s.items)


@pytest.mark.parametrize("kind", sorted(PERIOD_TITLES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_period_reports(kind: str, layout: str, folder: Path, catalog: Catalog) -> None:
    code, next_code, edits = PERIOD_TITLES[kind]
    report = _parse(layout, reword(reference_blocks(), edits), folder, catalog)
    assert (str(report.period), str(report.next_period)) == (code, next_code)
    assert report.month is None and report.next_month is None
    assert len(report.tasks) == 7 and [s.number for s in report.sections] == SECTIONS
    # figures of the period, none certain; "trong tháng 01/2023" is a part of the period
    assert report.figures and not any(f.certain for f in report.figures)
    assert {(c.indicator, c.role) for c in report.context} == {
        ("TTKT_KD_PTD", "part"), ("TTKT_THU_NGHIEM", "part")}
    plan = plan_import(report, [], catalog, "vanphong", "bc.txt")
    assert plan.submissions == [] and [e.key for e in plan.errors] == [
        "narrative.load_period_report"]
    assert report.to_json()["period"] == code and report.to_json()["month"] is None


# --- single mechanisms, with files built here -----------------------------------------------


@pytest.mark.parametrize("glyph", [SYMBOL_BULLET, "\uf0a7", "\uf0d8", "•", "▪", "●", "○", "◦",
                                   "➢", "\uf076", "–", "+", "*"])
def test_bullet_glyphs_are_dropped(glyph: str, catalog: Catalog) -> None:
    text = ("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023\n"
            "1. Công tác tham mưu, tổng hợp\n"
            f"{glyph} Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.\n"
            f"{glyph}\tGóp ý dự thảo văn bản.\n")
    report = parse_report(text.encode(), "bc.txt", catalog=catalog)
    assert [(i.text, i.dash) for i in report.sections[0].items] == [
        ("Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", True),
        ("Góp ý dự thảo văn bản.", True)]


@pytest.mark.parametrize(("lost", "kept"), [
    # a heading whose list number the file lost: found by its catalogue wording
    ("3.2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
     "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"),
    # a Word list that numbered it 3.1 again
    ("3.2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
     "3.1. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"),
    # upper case, trailing colon
    ("3.2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
     "TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG:"),
])
def test_headings_by_their_wording(lost: str, kept: str, catalog: Catalog) -> None:
    text = REFERENCE_TEXT.replace(lost, kept)
    report = parse_report(text.encode(), "bc.txt", catalog=catalog)
    assert [s.number for s in report.sections] == SECTIONS
    assert len(report.section("3.1").items) == 6 and len(report.section("3.2").items) == 2
    assert {f.indicator: f.value for f in report.figures}["TTKT_KD_PTD"] == 5749


def test_a_section_title_quoted_in_a_bullet_is_no_heading(catalog: Catalog) -> None:
    text = REFERENCE_TEXT.replace(
        "- Thực hiện các đề tài, dự án KH&CN các cấp.\n\nII.",
        "- Thực hiện các đề tài, dự án KH&CN các cấp.\n\nCông tác thanh tra\n\nII.")
    report = parse_report(text.encode(), "bc.txt", catalog=catalog)
    assert [s.number for s in report.sections] == SECTIONS
    assert report.section("3.2").items[-1].text == "Công tác thanh tra"


@pytest.mark.parametrize("ending", [
    # the recipients run into the last task, as a PDF's bottom table often reads
    "7. Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn vị thuộc Sở và "
    "ký kết thực hiện./. Nơi nhận: - UBND tỉnh; - Lưu: VT, VP.\nKT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n"
    "Nguyễn Hữu Thắng",
    # the signer first (the right column read before the left), then the recipients
    "7. Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn vị thuộc Sở và "
    "ký kết thực hiện./.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nNguyễn Hữu Thắng\nNơi nhận:\n"
    "- UBND tỉnh;\n- Lưu: VT, VP.",
    # both columns on one line each
    "7. Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn vị thuộc Sở và "
    "ký kết thực hiện./.\nNơi nhận: KT.GIÁM ĐỐC\n- UBND tỉnh; PHÓ GIÁM ĐỐC\n- Lưu: VT, VP.\n"
    "Nguyễn Hữu Thắng",
    # no "Nơi nhận:" at all: after "./." nothing is a task
    "7. Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn vị thuộc Sở và "
    "ký kết thực hiện./.\nSở Kế hoạch và Đầu tư;\nNguyễn Hữu Thắng",
])
def test_recipients_and_signature_are_never_tasks(ending: str, catalog: Catalog) -> None:
    head = REFERENCE_TEXT[:REFERENCE_TEXT.index("7. Phê duyệt")]
    report = parse_report((head + ending).encode(), "bc.txt", catalog=catalog)
    assert len(report.tasks) == 7
    assert report.tasks[-1].endswith("ký kết thực hiện.")
    assert not any("Lưu: VT" in x or "Thắng" in x or "Sở Kế hoạch và Đầu tư" in x
                   for x in report.tasks)


def test_docx_automatic_lists_and_soft_breaks(folder: Path, catalog: Catalog) -> None:
    """The Word file numbers its headings only through styles and list instances; the raw
    paragraphs carry the numbers Word draws, a bullet becomes "-", soft breaks are joined."""
    raw = read_document(to_docx(reference_blocks()), "bc.docx")
    starts = [p[:5] for p in raw.paragraphs]
    assert "3.1. " in starts and "3.2. " in starts and "II. N" in starts
    assert not any(SYMBOL_BULLET in p for p in raw.paragraphs)
    long_bullet = next(p for p in raw.paragraphs if "Cập nhật tin bài" in p)
    assert long_bullet.startswith("- Duy trì") and long_bullet.endswith("Đài PT-TH Quảng Trị.")
    assert to_docx(reference_blocks(), soft_wrap=False) != to_docx(reference_blocks())


def test_a_word_list_paragraph_running_over_a_page_break(folder: Path,
                                                         catalog: Catalog) -> None:
    """Its wrapped lines continue at the hanging indent at the top of the next page."""
    blocks = add_bullet(reference_blocks(), "Tham gia ý kiến thẩm định",
                        "Phối hợp tổ chức " + "các hoạt động hỗ trợ khởi nghiệp " * 60 + "xong.")
    data = to_pdf_word(blocks, folder)
    report = parse_report(data, "bc.pdf", catalog=catalog)
    items = report.section("2.2").items
    assert len(items) == 4 and items[1].text.endswith("xong.")
    assert len(_pdf_pages(data)) > 2


def test_flush_left_pdf_without_spacing(catalog: Catalog) -> None:
    """Smaller type, tighter lines: still every heading and figure."""
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 10, 15)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    pdf.multi_cell(0, 3.6, to_txt(reference_blocks()).decode().replace("\n\n", "\n"))
    report = parse_report(bytes(pdf.output()), "bc.pdf", catalog=catalog)
    assert [s.number for s in report.sections] == SECTIONS
    assert {f.indicator: f.value for f in report.figures} == FACTS


def _pdf_pages(data: bytes) -> list:
    from pypdf import PdfReader
    return list(PdfReader(io.BytesIO(data)).pages)


REFERENCE_TEXT = to_txt(reference_blocks()).decode()


def test_period_code_round_trip() -> None:
    for code, next_code, _ in PERIOD_TITLES.values():
        assert str(ReportPeriod.parse(code)) == code and ReportPeriod.parse(next_code)

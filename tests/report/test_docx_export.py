"""The Word export of the January 2023 reference report, checked through python-docx
and through the raw XML of the package (what Word and LibreOffice actually read)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from reference_doc import FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3, TASKS, reference_document

from core.word_xml import (
    FOOTNOTES_CONTENT_TYPE,
    FOOTNOTES_RELTYPE,
    add_footnote,
    footnote_ids,
    footnoted_paragraphs,
    read_footnotes,
)
from report.docx_export import FONT, build_docx, write_docx
from report.model import FollowupRow, ReportDocument
from scripts.render_report_page1 import docx_to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def reference() -> ReportDocument:
    return reference_document()


@pytest.fixture(scope="module")
def docx_bytes(reference: ReportDocument) -> bytes:
    return build_docx(reference)


@pytest.fixture(scope="module")
def document(docx_bytes: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def package(docx_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _xml(package: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(package[name])


def _body_paragraphs(document: DocumentObject) -> list[Paragraph]:
    """Top-level body paragraphs (outside the header and signature tables)."""
    return [b for b in document.iter_inner_content() if isinstance(b, Paragraph)]


def _tables(document: DocumentObject) -> list[Table]:
    return [b for b in document.iter_inner_content() if isinstance(b, Table)]


def _texted_runs(p: Paragraph) -> list[Run]:
    return [r for r in p.runs if r.text.strip()]


def _find(document: DocumentObject, start: str) -> Paragraph:
    matches = [p for p in _body_paragraphs(document) if p.text.startswith(start)]
    assert matches, f"no paragraph starts with {start!r}"
    return matches[0]


def _size(run: Run) -> float:
    return run.font.size.pt


# --- page and fonts ---------------------------------------------------------------------


def test_page_is_a4_portrait_with_decree_30_margins(document: DocumentObject) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def _check_runs(root: etree._Element) -> int:
    """Assert Times New Roman in all four slots and black on each run; count them."""
    checked = 0
    for run in root.iter(f"{W}r"):
        if run.find(f"{W}separator") is not None:
            continue  # the separator line has no glyphs
        if run.find(f"{W}continuationSeparator") is not None:
            continue
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None, etree.tostring(run)
        assert {s: fonts.get(f"{W}{s}") for s in FONT_SLOTS} == dict.fromkeys(FONT_SLOTS, FONT)
        assert not any(fonts.get(f"{W}{s}") for s in THEME_SLOTS)
        assert run.find(f"{W}rPr/{W}color").get(f"{W}val") == "000000"
        checked += 1
    return checked


@pytest.mark.parametrize("part", ["word/document.xml", "word/footnotes.xml"])
def test_every_run_is_times_new_roman_black_in_all_font_slots(
    package: dict[str, bytes], part: str
) -> None:
    assert _check_runs(_xml(package, part)) > 0


def test_header_runs_are_times_new_roman_too(package: dict[str, bytes]) -> None:
    headers = [name for name in package if re.fullmatch(r"word/header\d+\.xml", name)]
    assert len(headers) == 2  # first page (empty) and the rest (page number)
    assert sum(_check_runs(_xml(package, name)) for name in headers) == 5  # the PAGE field


def test_defaults_and_normal_style_are_times_new_roman_14(package: dict[str, bytes]) -> None:
    styles = _xml(package, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']/{W}rPr")
    for r_pr in (default, normal):
        fonts = r_pr.find(f"{W}rFonts")
        assert all(fonts.get(f"{W}{s}") == FONT for s in FONT_SLOTS)
        assert not any(fonts.get(f"{W}{s}") for s in THEME_SLOTS)
        assert r_pr.find(f"{W}sz").get(f"{W}val") == "28"
        assert r_pr.find(f"{W}color").get(f"{W}val") == "000000"


def test_headers_name_times_new_roman_for_every_run_via_python_docx(
    document: DocumentObject,
) -> None:
    """The same check through python-docx, including runs inside tables."""
    cells = [c for t in _tables(document) for row in t.rows for c in row.cells]
    paragraphs = _body_paragraphs(document) + [p for c in cells for p in c.paragraphs]
    for p in paragraphs:
        for run in p.runs:
            assert run.font.name == FONT
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == FONT
            assert run._r.rPr.rFonts.get(qn("w:cs")) == FONT


# --- header block -----------------------------------------------------------------------


def test_document_opens_with_the_borderless_header_table(
    document: DocumentObject, reference: ReportDocument
) -> None:
    first = next(iter(document.iter_inner_content()))
    assert isinstance(first, Table)
    assert len(first.columns) == 2
    borders = first._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(edge.get(qn("w:val")) == "none" for edge in borders)
    texts = [[c.text.strip() for c in row.cells] for row in first.rows]
    assert texts[0][0].splitlines() == [reference.parent_body, reference.issuer]
    assert texts[0][1].splitlines() == [reference.motto_country, reference.motto_slogan]
    assert texts[1] == [reference.number_label, reference.place_date]


def _cell_runs(table: Table, row: int, col: int) -> list[Run]:
    return [r for p in table.cell(row, col).paragraphs for r in _texted_runs(p)]


def test_header_table_sizes_and_weights(document: DocumentObject) -> None:
    table = _tables(document)[0]
    parent, issuer = _cell_runs(table, 0, 0)
    country, motto = _cell_runs(table, 0, 1)
    (number,) = _cell_runs(table, 1, 0)
    (place,) = _cell_runs(table, 1, 1)
    assert (_size(parent), parent.bold, parent.text.isupper()) == (13, None, True)
    assert (_size(issuer), issuer.bold, issuer.text.isupper()) == (13, True, True)
    assert (_size(number), number.bold) == (13, None)
    assert (_size(country), country.bold) == (13, True)
    assert (_size(motto), motto.bold) == (14, True)
    assert (_size(place), place.italic, place.bold) == (14, True, None)


def _rule_width_mm(p: Paragraph, box_mm: float) -> float:
    fmt = p.paragraph_format
    return box_mm - fmt.left_indent.mm - fmt.right_indent.mm


def _rules(paragraphs: list[Paragraph]) -> list[Paragraph]:
    return [
        p
        for p in paragraphs
        if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    ]


def test_rules_under_issuer_motto_and_subject(document: DocumentObject) -> None:
    table = _tables(document)[0]
    (issuer_rule,) = _rules(table.cell(0, 0).paragraphs)
    (motto_rule,) = _rules(table.cell(0, 1).paragraphs)
    issuer_w = _rule_width_mm(issuer_rule, table.cell(0, 0).width.mm)
    motto_w = _rule_width_mm(motto_rule, table.cell(0, 1).width.mm)
    assert 15 < issuer_w < 40  # 1/3 to 1/2 of the 70 mm issuer line
    assert 50 < motto_w < 65  # the whole "Độc lập - Tự do - Hạnh phúc" line (about 60 mm)
    (subject_rule,) = _rules(_body_paragraphs(document))
    assert 35 < _rule_width_mm(subject_rule, 165) < 65
    assert all(not p.text for p in (issuer_rule, motto_rule, subject_rule))


def test_title_and_subject_centred_bold_14(
    document: DocumentObject, reference: ReportDocument
) -> None:
    body = _body_paragraphs(document)
    kind, subject = body[0], body[1]
    assert (kind.text, subject.text) == ("BÁO CÁO", reference.subject)
    for p in (kind, subject):
        assert p.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER
        (run,) = p.runs
        assert (_size(run), run.bold) == (14, True)


# --- body -------------------------------------------------------------------------------


def _heading_texts(reference: ReportDocument) -> list[str]:
    sections = [f"{s.number}. {s.title}" for s in reference.sections]
    return [reference.part1_title, *sections, reference.part2_title]


def test_sections_appear_in_order_with_heading_formats(
    document: DocumentObject, reference: ReportDocument
) -> None:
    texts = [p.text for p in _body_paragraphs(document)]
    expected = _heading_texts(reference)
    positions = [texts.index(h) for h in expected]
    assert positions == sorted(positions)
    levels = {f"{s.number}. {s.title}": s.level for s in reference.sections}
    for heading in expected:
        (run,) = _find(document, heading).runs
        assert run.bold and _size(run) == 14
        if heading in (reference.part1_title, reference.part2_title):
            assert heading.isupper() and not run.italic
        elif levels[heading] == 1:
            assert not run.italic
        else:
            assert run.italic  # "2.1." level: bold italic
        assert _find(document, heading).paragraph_format.keep_with_next


def test_body_paragraphs_follow_decree_30(document: DocumentObject) -> None:
    p = _find(document, "- Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư")
    fmt = p.paragraph_format
    assert p.alignment == WD_PARAGRAPH_ALIGNMENT.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after == Pt(6)
    assert 1.15 <= fmt.line_spacing <= 1.5
    assert all(_size(r) == 14 and not r.bold for r in _texted_runs(p))


def test_every_bullet_is_rendered_with_or_without_dash(
    document: DocumentObject, reference: ReportDocument
) -> None:
    texts = [p.text for p in _body_paragraphs(document)]
    for section in reference.sections:
        for bullet in section.bullets:
            expected = ("- " if bullet.dash else "") + bullet.text
            assert expected in texts
    plain = _find(document, "Tổ chức triển khai công tác kiểm định")
    assert not plain.text.startswith("-")


def test_summary_paragraph_follows_part_one_title(reference: ReportDocument) -> None:
    summary = "Trong tháng 01/2023, Sở đã hoàn thành các nhiệm vụ trọng tâm."
    document = docx.Document(
        io.BytesIO(build_docx(dataclasses.replace(reference, summary=summary)))
    )
    texts = [p.text for p in _body_paragraphs(document)]
    assert texts[texts.index(reference.part1_title) + 1] == summary


def test_part_two_intro_and_seven_numbered_tasks(
    document: DocumentObject, reference: ReportDocument
) -> None:
    texts = [p.text for p in _body_paragraphs(document)]
    start = texts.index(reference.part2_title)
    assert texts[start + 1] == reference.part2_intro
    tasks = texts[start + 2 : start + 9]
    assert [t.split(". ", 1)[0] for t in tasks] == [str(n) for n in range(1, 8)]
    assert tasks[0] == "1. " + TASKS[0]
    assert tasks[-1].endswith("ký kết thực hiện./.")


FIGURES = ["5749", "544", "07", "02", "01", "105", "35", "1.100", "6.000"]


@pytest.mark.parametrize("figure", FIGURES)
def test_every_figure_of_the_reference_appears(document: DocumentObject, figure: str) -> None:
    text = "\n".join(p.text for p in _body_paragraphs(document))
    if figure == "5749":
        assert re.search(r"\b5\.?749\b", text)
    else:
        assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text)


def test_unapproved_bullets_are_highlighted(reference: ReportDocument) -> None:
    draft = dataclasses.replace(reference, unapproved_note="Có nội dung chưa duyệt.")
    draft.sections = [dataclasses.replace(s) for s in reference.sections]
    draft.sections[2] = dataclasses.replace(
        draft.sections[2],
        bullets=[dataclasses.replace(b, approved=False) for b in draft.sections[2].bullets],
    )
    document = docx.Document(io.BytesIO(build_docx(draft)))
    assert "Có nội dung chưa duyệt." in [p.text for p in _body_paragraphs(document)]
    flagged = _find(document, "- Thành lập và tổ chức các Hội đồng")
    assert flagged.runs[0].font.highlight_color is not None
    assert flagged.text.endswith("năm 2023. (chưa duyệt)")
    assert flagged.runs[-1].italic
    approved = _find(document, "- Tham gia ý kiến")
    assert approved.runs[0].font.highlight_color is None
    assert "chưa duyệt" not in approved.text


# --- footnotes --------------------------------------------------------------------------


def test_footnotes_part_content_type_and_relationship(package: dict[str, bytes]) -> None:
    types = _xml(package, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_CONTENT_TYPE
    rels = _xml(package, "word/_rels/document.xml.rels")
    targets = {r.get("Type"): r.get("Target") for r in rels}
    assert targets[FOOTNOTES_RELTYPE] == "footnotes.xml"
    notes = _xml(package, "word/footnotes.xml")
    kinds = {n.get(f"{W}id"): n.get(f"{W}type") for n in notes.iter(f"{W}footnote")}
    assert kinds == {
        "-1": "separator",
        "0": "continuationSeparator",
        "1": None,
        "2": None,
        "3": None,
    }
    settings = _xml(package, "word/settings.xml")
    listed = [f.get(f"{W}id") for f in settings.iterfind(f"{W}footnotePr/{W}footnote")]
    assert listed == ["-1", "0"]


def test_three_footnotes_with_their_texts(docx_bytes: bytes) -> None:
    assert read_footnotes(io.BytesIO(docx_bytes)) == {1: FOOTNOTE_1, 2: FOOTNOTE_2, 3: FOOTNOTE_3}


def test_footnote_references_sit_in_their_bullets(docx_bytes: bytes) -> None:
    found = [(p.text, ids) for p, ids in footnoted_paragraphs(io.BytesIO(docx_bytes))]
    assert found == [
        ("- Xây dựng và triển khai kế hoạch hoạt động KH&CN năm 2023 trên các lĩnh vực.", [1]),
        ("- Triển khai các kế hoạch, văn bản chỉ đạo của Tỉnh ủy, UBND tỉnh.", [2]),
        ("- Góp ý dự thảo văn bản của các đơn vị, địa phương.", [3]),
    ]


def test_footnote_reference_is_superscript_before_the_full_stop(document: DocumentObject) -> None:
    p = _find(document, "- Xây dựng và triển khai kế hoạch")
    children = [r for r in p._p.iter(qn("w:r"))]
    ref_index = next(
        i for i, r in enumerate(children) if r.find(qn("w:footnoteReference")) is not None
    )
    ref = children[ref_index]
    assert ref.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}").get(qn("w:val")) == "superscript"
    assert ref.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "FootnoteReference"
    assert "".join(t.text for t in children[ref_index + 1].iter(qn("w:t"))) == "."
    assert footnote_ids(p) == [1]


def test_footnote_text_style_and_size(package: dict[str, bytes]) -> None:
    styles = _xml(package, "word/styles.xml")
    ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    assert {"FootnoteText", "FootnoteReference"} <= ids
    notes = _xml(package, "word/footnotes.xml")
    note = next(n for n in notes.iter(f"{W}footnote") if n.get(f"{W}id") == "1")
    assert note.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
    assert note.find(f".//{W}footnoteRef") is not None
    sizes = {int(sz.get(f"{W}val")) / 2 for sz in note.iter(f"{W}sz")}
    assert sizes and all(10 <= s <= 12 for s in sizes)


def test_footnotes_round_trip_through_a_saved_file(tmp_path: Path) -> None:
    """Adding to a reopened document continues the numbering."""
    document = docx.Document()
    assert read_footnotes(document) == {}
    add_footnote(document.add_paragraph("Một"), "Ghi chú một")
    path = tmp_path / "notes.docx"
    document.save(path)
    reopened = docx.Document(path)
    assert add_footnote(reopened.add_paragraph("Hai"), "Ghi chú hai") == 2
    reopened.save(path)
    assert read_footnotes(path) == {1: "Ghi chú một", 2: "Ghi chú hai"}
    assert [(p.text, ids) for p, ids in footnoted_paragraphs(path)] == [("Một", [1]), ("Hai", [2])]


# --- signature, page numbers, annex -----------------------------------------------------


def test_signature_table(document: DocumentObject, reference: ReportDocument) -> None:
    table = _tables(document)[-1]
    left = [p for p in table.cell(0, 0).paragraphs if p.text]
    right = [p for p in table.cell(0, 1).paragraphs if p.text]
    label = left[0].runs[0]
    assert (left[0].text, _size(label), label.bold, label.italic) == ("Nơi nhận:", 12, True, True)
    assert [p.text for p in left[1:]] == [f"- {r}" for r in reference.recipients]
    assert all(_size(p.runs[0]) == 11 for p in left[1:])
    assert [p.text for p in right] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Hữu Thắng"]
    for p in right:
        assert p.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER
        assert (_size(p.runs[0]), p.runs[0].bold) == (14, True)
    assert right[-1].paragraph_format.space_before >= Pt(48)  # room for the signature
    assert table._tbl.tblPr.find(qn("w:tblBorders"))[0].get(qn("w:val")) == "none"


def test_page_numbers_from_page_two(document: DocumentObject, package: dict[str, bytes]) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert _xml(package, "word/document.xml").find(f".//{W}sectPr/{W}titlePg") is not None
    default_header = section.header._element
    instructions = "".join(t.text for t in default_header.iter(qn("w:instrText")))
    assert instructions.strip() == "PAGE"
    assert {f.get(qn("w:fldCharType")) for f in default_header.iter(qn("w:fldChar"))} == {
        "begin",
        "separate",
        "end",
    }
    assert section.header.paragraphs[0].alignment == WD_PARAGRAPH_ALIGNMENT.CENTER
    first_header = section.first_page_header
    assert not first_header.is_linked_to_previous
    assert not list(first_header._element.iter(qn("w:instrText")))


def test_followup_annex_only_when_rows(document: DocumentObject, reference: ReportDocument) -> None:
    assert len(_tables(document)) == 2
    rows = [
        FollowupRow("Ký hợp đồng nhiệm vụ KH&CN cấp tỉnh", "Hoàn thành"),
        FollowupRow("Kiểm tra dịp Tết", "Đang thực hiện", "Chuyển sang tháng 02 | 03"),
    ]
    with_annex = docx.Document(
        io.BytesIO(build_docx(dataclasses.replace(reference, followup=rows)))
    )
    annex = _tables(with_annex)[-1]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Kết quả thực hiện",
        "Ghi chú",
    ]
    assert [c.text for c in annex.rows[2].cells] == [
        "2",
        "Kiểm tra dịp Tết",
        "Đang thực hiện",
        "Chuyển sang tháng 02 | 03",
    ]
    texts = [p.text for p in _body_paragraphs(with_annex)]
    assert reference.followup_title.upper() in texts
    assert "Phụ lục" in texts  # the only annex: no number (Decree 30)


def test_write_docx_writes_a_file(tmp_path: Path, reference: ReportDocument) -> None:
    path = write_docx(reference, tmp_path / "bao-cao.docx")
    assert zipfile.is_zipfile(path)
    assert round(docx.Document(path).sections[0].left_margin.mm) == 30


@pytest.mark.slow
def test_libreoffice_lays_out_footnotes_and_page_numbers(
    tmp_path: Path, reference: ReportDocument, soffice: str
) -> None:
    """LibreOffice accepts the file: footnotes print on page 1, page 1 has no number,
    page 2 starts with "2"."""
    from pypdf import PdfReader

    source = write_docx(reference, tmp_path / "bao-cao.docx")
    pdf = docx_to_pdf(source, tmp_path)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) >= 2
    assert "Kế hoạch Thực hiện Đề án" in pages[0]  # footnote 1 at the foot of page 1
    assert pages[0].lstrip().startswith("UBND")
    assert pages[1].lstrip().startswith("2")

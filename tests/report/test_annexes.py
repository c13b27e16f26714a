"""Annexes in Decree 30 form, checked in the Word XML and in LibreOffice's layout:
"Phụ lục I/II" (plain "Phụ lục" for one), upper-case title, the italic "Kèm theo" line, each
annex named in the body, header rows repeated (``w:tblHeader``), rows never split
(``w:cantSplit``), column widths that fit, own page numbering; and the file's properties."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from core.formatting import roman
from core.months import ReportPeriod
from core.word_xml import extended_property, page_number_start
from report.assemble import assemble_report, issued_with
from report.docx_export import (
    ANNEX_PT,
    CELL_MARGIN_MM,
    TEXT_WIDTH_MM,
    _text_width_mm,
    build_docx,
    fit_columns,
)
from report.markdown_export import build_markdown
from report.model import AnnexTable, FollowupRow
from scripts.render_report_page1 import docx_to_pdf

NOW = datetime(2026, 11, 29, 3, 4, 5, tzinfo=UTC)
ISSUED = ("(Kèm theo Báo cáo số     /BC-SKHCN ngày    tháng 01 năm 2023 "
          "của Sở Khoa học và Công nghệ)")


@pytest.fixture(scope="module")
def january(sample_engine):
    return assemble_report(sample_engine, ReportPeriod.parse("2023-01"))


@pytest.fixture(scope="module")
def january_bytes(january) -> bytes:
    return build_docx(january, NOW)


@pytest.fixture(scope="module")
def document(january_bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(january_bytes))


def _paragraphs(document: DocumentObject) -> list[Paragraph]:
    return [b for b in document.iter_inner_content() if isinstance(b, Paragraph)]


def _tables(document: DocumentObject) -> list[Table]:
    return [b for b in document.iter_inner_content() if isinstance(b, Table)]


def _annex_tables(document: DocumentObject) -> list[Table]:
    return _tables(document)[2:]  # after the header and the signature tables


# --- the model: labels, reference, the "Kèm theo" line -----------------------------------


def test_labels_are_roman_from_two_annexes_on(january):
    assert [a.title for a in january.annexes()] == [
        "Số liệu chủ yếu tháng 01 năm 2023", "Kết quả thực hiện nhiệm vụ trọng tâm tháng trước"]
    assert january.annex_labels() == ["Phụ lục I", "Phụ lục II"]
    one = dataclasses.replace(january, followup=[])
    assert one.annex_labels() == ["Phụ lục"]
    none = dataclasses.replace(january, followup=[], figures_table=None)
    assert none.annexes() == [] and none.annex_reference() is None
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14, 40)] == \
        ["I", "II", "III", "IV", "IX", "XIV", "XL"]
    with pytest.raises(ValueError):
        roman(0)


def test_the_body_names_each_annex(january):
    assert january.annex_reference() == (
        "Số liệu chủ yếu tháng 01 năm 2023 tại Phụ lục I; kết quả thực hiện nhiệm vụ trọng "
        "tâm tháng trước tại Phụ lục II kèm theo Báo cáo này.")
    assert january.issued_with == ISSUED


@pytest.mark.parametrize(("label", "name", "line", "expected"), [
    ("Số:    /BC-SKHCN", "Sở Khoa học và Công nghệ", "ngày    tháng 01 năm 2023",
     "(Kèm theo Báo cáo số     /BC-SKHCN ngày    tháng 01 năm 2023 của Sở Khoa học và "
     "Công nghệ)"),
    ("Số: 15/BC-SKHCN", "Sở Khoa học và Công nghệ", "ngày 05 tháng 02 năm 2023",
     "(Kèm theo Báo cáo số 15/BC-SKHCN ngày 05 tháng 02 năm 2023 của Sở Khoa học và "
     "Công nghệ)"),
    ("số 7/BC-SKHCN", "Sở KH&CN", "ngày 29 tháng 6 năm 2023",
     "(Kèm theo Báo cáo số 7/BC-SKHCN ngày 29 tháng 6 năm 2023 của Sở KH&CN)"),
])
def test_issued_with_line(label, name, line, expected):
    assert issued_with(label, name, line) == expected


def test_the_day_given_fills_the_kem_theo_line(sample_engine):
    from datetime import date

    doc = assemble_report(sample_engine, ReportPeriod.parse("2023-01"), day=date(2023, 2, 5))
    assert "ngày 05 tháng 02 năm 2023 của Sở Khoa học và Công nghệ)" in doc.issued_with


def test_a_quarter_has_one_annex_without_numeral(sample_engine):
    quarter = assemble_report(sample_engine, ReportPeriod.parse("2023-Q2"))
    assert quarter.annex_labels() == ["Phụ lục"]
    assert quarter.annex_reference() == \
        "Số liệu chủ yếu quý II năm 2023 tại Phụ lục kèm theo Báo cáo này."
    headers = quarter.figures_table.headers
    assert "Lũy kế từ đầu năm" in headers  # April–June: the year to date differs
    half = assemble_report(sample_engine, ReportPeriod.parse("2023-H1"))
    assert "Lũy kế từ đầu năm" not in half.figures_table.headers  # starts in January


# --- the Word XML ------------------------------------------------------------------------


def test_each_annex_opens_with_label_title_and_kem_theo_line(document):
    texts = [p.text for p in _paragraphs(document)]
    for label, title in (("Phụ lục I", "SỐ LIỆU CHỦ YẾU THÁNG 01 NĂM 2023"),
                         ("Phụ lục II", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM THÁNG TRƯỚC")):
        at = texts.index(label)
        assert texts[at + 1] == title and texts[at + 2] == ISSUED
    for p in _paragraphs(document):
        if p.text in ("Phụ lục I", "Phụ lục II"):
            assert all(r.bold and r.font.size.pt == 14 for r in p.runs)
        if p.text == ISSUED:
            assert all(r.italic and not r.bold and r.font.size.pt == 14 for r in p.runs)
    reference = next(t for t in texts if t.startswith("Số liệu chủ yếu tháng 01"))
    assert texts.index(reference) < texts.index("1. Công tác tham mưu, tổng hợp")


def test_each_annex_is_a_section_that_numbers_its_own_pages(document):
    sections = document.sections
    assert len(sections) == 3  # the report, Phụ lục I, Phụ lục II
    assert page_number_start(sections[0]) is None
    for section in sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert page_number_start(section) == 1
        assert section.different_first_page_header_footer  # no number on its first page
        assert section.header.is_linked_to_previous  # the same centred PAGE field
        assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_header_rows_repeat_and_rows_never_split(document):
    tables = _annex_tables(document)
    assert len(tables) == 2
    for table in tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
        assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None
                   for r in rows)
        assert all(run.bold for c in table.rows[0].cells for p in c.paragraphs
                   for run in p.runs)


def test_columns_fit_the_page_and_their_text(document, january):
    pad = 2 * CELL_MARGIN_MM
    for table, annex in zip(_annex_tables(document), january.annexes(), strict=True):
        grid = [int(c.get(qn("w:w"))) / 56.6929 for c in table._tbl.tblGrid.gridCol_lst]
        assert sum(grid) <= TEXT_WIDTH_MM + 0.5
        # "STT" on one line: the column holds the bold word and the cell padding
        assert grid[0] >= _text_width_mm("STT", ANNEX_PT, True) + pad
        for i, width in enumerate(grid):
            words = [w for w in annex.headers[i].split()]
            assert max(_text_width_mm(w, ANNEX_PT, True) for w in words) + pad <= width
            if i in annex.nowrap:  # numbers stay on one line
                for row in annex.rows:
                    assert _text_width_mm(row[i], ANNEX_PT, False) + pad <= width, row[i]
        assert grid[annex.wide] == max(grid)  # the names take what is left


def test_huge_numbers_widen_their_column_and_everything_still_fits():
    annex = AnnexTable("Số liệu", ["STT", "Chỉ tiêu", "Kết quả"],
                       [["1", "Tên", "1.234.567.890.123,45"], ["2", "Tên khác", "7"]],
                       wide=1, nowrap=(0, 2))
    widths = fit_columns(annex, TEXT_WIDTH_MM, ANNEX_PT)
    assert widths[2] >= _text_width_mm("1.234.567.890.123,45", ANNEX_PT, False) + 3.8
    assert sum(widths) == pytest.approx(TEXT_WIDTH_MM, abs=0.3)
    crowded = AnnexTable("Số liệu", ["STT", "A", "B", "C"],
                         [["1", "x", "9" * 40, "9" * 40]], wide=1, nowrap=(0, 2, 3))
    assert sum(fit_columns(crowded, TEXT_WIDTH_MM, ANNEX_PT)) <= TEXT_WIDTH_MM + 0.3


def test_core_and_extended_properties_name_the_issuer_and_today(january_bytes, document):
    props = document.core_properties
    assert props.author == props.last_modified_by == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert props.created == props.modified == NOW
    assert props.revision == 1 and "python-docx" not in (props.comments or "")
    application = extended_property(io.BytesIO(january_bytes), "Application")
    assert application and "Microsoft" not in application
    assert extended_property(io.BytesIO(january_bytes), "Company") == \
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    with zipfile.ZipFile(io.BytesIO(january_bytes)) as zf:
        names = zf.namelist()
        rels = zf.read("_rels/.rels").decode()
    assert not [n for n in names if "thumbnail" in n] and "thumbnail" not in rels


def test_created_defaults_to_now(january):
    before = datetime.now(UTC).replace(microsecond=0)
    made = docx.Document(io.BytesIO(build_docx(january))).core_properties.created
    assert before <= made <= datetime.now(UTC)


def test_markdown_and_page_carry_the_same_annex_heading(january):
    text = build_markdown(january)
    assert "**Phụ lục I**\\\n**SỐ LIỆU CHỦ YẾU THÁNG 01 NĂM 2023**\\\n*(Kèm theo" in text
    assert "**Phụ lục II**" in text
    from report.html_view import render_html

    html = render_html(january)
    assert html.index("Phụ lục I<") < html.index("SỐ LIỆU CHỦ YẾU THÁNG 01 NĂM 2023") \
        < html.index("Kèm theo Báo cáo số")


def test_row_notes_sit_under_the_name(january):
    table = dataclasses.replace(january.figures_table, notes={0: "chưa duyệt"})
    doc = dataclasses.replace(january, figures_table=table, followup=[
        FollowupRow("Nhiệm vụ | có ký tự lạ <b>", "Hoàn thành")])
    document = docx.Document(io.BytesIO(build_docx(doc, NOW)))
    first = _annex_tables(document)[0].rows[1].cells[1]
    assert [p.text for p in first.paragraphs] == [table.rows[0][1], "(chưa duyệt)"]
    assert first.paragraphs[1].runs[0].italic
    assert "Nhiệm vụ \\| có ký tự lạ \\<b\\> | Hoàn thành" in build_markdown(doc)


# --- LibreOffice's layout ----------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_lays_out_the_annexes(tmp_path, january_bytes, january, soffice):
    from pypdf import PdfReader

    source = tmp_path / "bao-cao.docx"
    source.write_bytes(january_bytes)
    pages = [p.extract_text() for p in PdfReader(docx_to_pdf(source, tmp_path)).pages]
    starts = [i for i, text in enumerate(pages) if text.lstrip().startswith("Phụ lục")]
    assert [pages[i].lstrip().split("\n")[0] for i in starts] == ["Phụ lục I", "Phụ lục II"]
    first, second = starts
    assert second - first >= 2  # the figures run over two pages at least
    # own numbering: no number on the annex's first page, "2" on its second
    assert pages[first + 1].lstrip().startswith("2")
    # the header row is repeated at the top of the continuation page
    assert re.match(r"\s*2\s+STT\s+Chỉ tiêu", pages[first + 1])
    assert "ST\nT" not in "".join(pages[first:])  # "STT" never wraps
    # a row never splits: each indicator's whole name is on one page
    for row in january.figures_table.rows:
        name = " ".join(row[1].split())
        assert any(name in " ".join(p.split()) for p in pages[first:second]), name

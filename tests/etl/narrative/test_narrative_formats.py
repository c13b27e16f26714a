"""The same report as .txt, .docx and text .pdf parses to the same result; bad files fail
with a Vietnamese message, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from narrative_samples import FONT, REFERENCE, blank_pdf, build_docx, build_pdf
from pypdf import PdfReader, PdfWriter

from core.catalog import Catalog
from core.messages import t
from core.word_xml import add_footnote
from etl.narrative import NarrativeError, ParsedReport, parse_report


def test_docx_with_real_word_footnotes_equals_the_txt(catalog: Catalog,
                                                       reference_report: ParsedReport) -> None:
    data = build_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "word/footnotes.xml" in package.namelist()  # real Word footnotes
    report = parse_report(data, "bao-cao.docx", catalog=catalog)
    assert report.to_json() == reference_report.to_json()


@pytest.mark.skipif(not FONT.exists(), reason="no TTF with Vietnamese glyphs (DejaVuSans)")
@pytest.mark.parametrize("raised_marks", [False, True], ids=["marks ¹²³", "raised digits"])
def test_text_pdf_equals_the_txt(catalog: Catalog, reference_report: ParsedReport,
                                 raised_marks: bool) -> None:
    data = build_pdf(raised_marks)
    assert len(PdfReader(io.BytesIO(data)).pages) > 2  # page breaks to rejoin across
    report = parse_report(data, "bao-cao.pdf", catalog=catalog)
    assert report.to_json() == reference_report.to_json()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_txt_with_bom(catalog: Catalog, reference_report: ParsedReport, encoding: str) -> None:
    data = REFERENCE.read_text(encoding="utf-8").encode(encoding)
    report = parse_report(data, "bao-cao.txt", catalog=catalog)
    assert report.to_json() == reference_report.to_json()


def test_path_and_bytes_give_the_same_result(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(build_docx())
    by_path = parse_report(target, target.name, catalog=catalog)
    by_str = parse_report(str(target), target.name, catalog=catalog)
    assert by_path.to_json() == by_str.to_json()


def test_word_footnotes_numbered_in_reading_order(catalog: Catalog) -> None:
    """Word ids follow the order notes were added; the marks follow the text."""
    document = docx.Document()
    for line in ("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023",
                 "1. Công tác tham mưu, tổng hợp"):
        document.add_paragraph(line)
    first = document.add_paragraph("- Triển khai các kế hoạch")
    second = document.add_paragraph("- Góp ý dự thảo văn bản")
    add_footnote(second, "Ghi chú của ý hai.")  # Word id 1
    add_footnote(first, "Ghi chú của ý một.")  # Word id 2
    out = io.BytesIO()
    document.save(out)
    report = parse_report(out.getvalue(), "x.docx", catalog=catalog)
    assert [i.footnotes for i in report.section("1").items] == [["1"], ["2"]]
    assert [(f.marker, f.text) for f in report.footnotes] == [
        ("1", "Ghi chú của ý một."), ("2", "Ghi chú của ý hai.")]


def test_word_list_numbers_and_bullets(catalog: Catalog) -> None:
    """Numbers and bullets drawn by Word's list styles are not in the text; they count."""
    document = docx.Document()
    document.add_paragraph("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023")
    document.add_paragraph("1. Công tác tham mưu, tổng hợp")
    document.add_paragraph("Xây dựng kế hoạch.", style="List Bullet")
    document.add_paragraph("II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023")
    document.add_paragraph("Tổ chức thực hiện kế hoạch.", style="List Number")
    document.add_paragraph("Xét chọn nhiệm vụ.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    report = parse_report(out.getvalue(), "x.docx", catalog=catalog)
    assert [(i.text, i.dash) for i in report.section("1").items] == [("Xây dựng kế hoạch.", True)]
    assert report.tasks == ["Tổ chức thực hiện kế hoạch.", "Xét chọn nhiệm vụ."]


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(build_pdf()))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_that_is_not_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("hello.txt", "xin chào")
    return out.getvalue()


@pytest.mark.parametrize(("data", "filename", "key"), [
    (b"", "trong.txt", "narrative.empty"),
    (b"   \n", "trong.txt", "narrative.empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "cu.doc", "narrative.old_word"),
    (b"%PDF-1.4\nrac rac", "hong.pdf", "narrative.unreadable"),
    (b"khong phai docx", "hong.docx", "narrative.unreadable"),
    (_zip_that_is_not_word(), "nen.docx", "narrative.unreadable"),
    ("Báo cáo tháng 01 năm 2023".encode("cp1258"), "cu.txt", "narrative.not_utf8"),
    (b"{\\rtf1 Bao cao}", "bao-cao.rtf", "narrative.unsupported"),
    (blank_pdf(), "scan.pdf", "narrative.scanned_pdf"),
])
def test_bad_files_give_a_message(catalog: Catalog, data: bytes, filename: str,
                                  key: str) -> None:
    with pytest.raises(NarrativeError) as err:
        parse_report(data, filename, catalog=catalog)
    assert err.value.message == t(key, file=filename)


def test_password_protected_pdf(catalog: Catalog) -> None:
    with pytest.raises(NarrativeError) as err:
        parse_report(_encrypted_pdf(), "khoa.pdf", catalog=catalog)
    assert err.value.message == t("narrative.pdf_encrypted", file="khoa.pdf")


def test_missing_file(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(NarrativeError) as err:
        parse_report(tmp_path / "khong-co.docx", "khong-co.docx", catalog=catalog)
    assert err.value.message == t("narrative.cannot_open", file="khong-co.docx")

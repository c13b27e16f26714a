""""Cần kiểm tra trước khi ký": internal checks reach the page's panel, never the document
(.docx, .md, the printed view); the office can still edit the summary as a draft."""

from __future__ import annotations

import io

import docx
import pytest

from actions.report import restore_wording, save_draft
from core.months import ReportPeriod
from report.assemble import assemble_report
from report.checks import numbers_in
from report.docx_export import build_docx
from report.drafts import SUMMARY_PART
from report.html_view import render_html
from report.markdown_export import build_markdown
from tests.actors import OFFICE
from tests.report.conftest import add_month

JANUARY = ReportPeriod.parse("2023-01")


@pytest.fixture
def troubled(small_sqlite):
    """January 2023 of the small database plus: three earlier Januaries of samples tested
    around 545 and 5.440 this January (an outlier), a finance report not yet approved with
    the disbursed budget but no allocation (its plan is unknown)."""
    for year, samples in ((2020, 540), (2021, 550), (2022, 545)):
        add_month(small_sqlite, "TTKT", f"{year}-01", {"TTKT_THU_NGHIEM": samples})
    add_month(small_sqlite, "TTKT", "2023-01", {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 5440})
    add_month(small_sqlite, "KHTC", "2023-01", {"KHTC_GIAINGAN": 574.3}, approve=False)
    return small_sqlite


def _document_texts(doc) -> list[str]:
    word = docx.Document(io.BytesIO(build_docx(doc)))
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    return ["\n".join(parts), build_markdown(doc), render_html(doc)]


def test_each_check_names_what_where_and_what_to_do(troubled):
    doc = assemble_report(troubled, JANUARY)
    checks = "\n".join(doc.checks)
    assert "Chưa nhận được báo cáo của: Phòng Quản lý Khoa học" in checks
    assert "Thanh tra Sở" in checks and "Đôn đốc đơn vị" in checks
    assert "Báo cáo chưa được duyệt: Phòng Kế hoạch - Tài chính. Duyệt trên trang" in checks
    outlier = next(c for c in doc.checks if c.startswith("Số liệu khác thường"))
    assert "Mẫu thử nghiệm: 5.440 mẫu trong tháng 01/2023" in outlier
    assert "trung vị 545 mẫu" in outlier and "Đối chiếu lại với đơn vị" in outlier
    assert ("«Kinh phí sự nghiệp KH&CN đã giải ngân» lấy kế hoạch năm từ «Dự toán kinh phí "
            "sự nghiệp KH&CN được giao», nhưng năm 2023") in checks


def test_checks_never_reach_the_document(troubled):
    doc = assemble_report(troubled, JANUARY)
    assert len(doc.checks) >= 4
    for text in _document_texts(doc):
        for check in doc.checks:
            assert check not in text
        for phrase in ("Số liệu khác thường", "trung vị", "Cần kiểm tra", "Đôn đốc"):
            assert phrase not in text


def test_a_clean_month_has_no_checks(small_sqlite):
    for unit in ("QLKH", "QLCN", "TDC", "TTRA", "KHTC", "TTUD"):
        add_month(small_sqlite, unit, "2023-01", {})
    assert assemble_report(small_sqlite, JANUARY).checks == []


def test_the_office_edits_the_summary_as_a_draft_and_stray_numbers_are_flagged(troubled):
    generated = assemble_report(troubled, JANUARY).summary
    assert generated and "\n" in generated  # a few paragraphs
    first, *rest = generated.split("\n")
    # a rewording that keeps the figures: no check
    save_draft(troubled, OFFICE, JANUARY, SUMMARY_PART,
               "\n\n".join([first.replace("Trong tháng", "Tháng"), *rest]))
    doc = assemble_report(troubled, JANUARY)
    assert doc.summary_edited and doc.summary.startswith("Tháng 01 năm 2023,")
    assert not [c for c in doc.checks if c.startswith("Đoạn tóm tắt")]
    assert len(doc.summary_paragraphs()) == len(generated.split("\n"))  # blank lines dropped
    word = docx.Document(io.BytesIO(build_docx(doc)))
    texts = [p.text for p in word.paragraphs]
    assert texts[texts.index("I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023") + 1] == \
        doc.summary_paragraphs()[0]
    # a stale or mistyped figure is flagged on the page, and only there
    save_draft(troubled, OFFICE, JANUARY, SUMMARY_PART,
               doc.summary + "\nKinh phí giảm 17.530,4 triệu đồng (96,8%), thêm 5.750 mẫu.")
    doc = assemble_report(troubled, JANUARY)
    stray = next(c for c in doc.checks if c.startswith("Đoạn tóm tắt"))
    assert "17.530,4, 96,8%, 5.750" in stray
    assert "5.440" not in stray and "2023" not in stray
    # restoring the generated wording clears it
    restore_wording(troubled, OFFICE, JANUARY, SUMMARY_PART, generated)
    doc = assemble_report(troubled, JANUARY)
    assert not doc.summary_edited and not [c for c in doc.checks if c.startswith("Đoạn")]


@pytest.mark.parametrize(("text", "numbers"), [
    ("5.749 phương tiện đo, 3,0% và 07 dự án", ["5.749", "3,0%", "07"]),
    ("khoảng 104% kế hoạch; 1.234.567,89", ["104%", "1.234.567,89"]),
    ("không có số", []),
])
def test_numbers_in(text, numbers):
    assert numbers_in(text) == numbers

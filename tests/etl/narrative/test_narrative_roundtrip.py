"""What the Word export writes, the importer reads back: as .docx, and as the PDF
LibreOffice makes of it (justified lines, first-line indents, footnotes at the foot of
the page and running on to the next, page numbers at the top)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.narrative import ParsedReport, parse_report
from report.docx_export import build_docx
from report.model import Bullet, ReportDocument, ReportSection
from scripts.render_report_page1 import docx_to_pdf


def export(report: ParsedReport) -> bytes:
    """The parsed reference rendered by the product's own Word export."""
    notes = {f.marker: f.text for f in report.footnotes}
    sections = [
        ReportSection(s.number, s.title, s.number.count(".") + 1,
                      [Bullet(i.text, [notes[m] for m in i.footnotes], dash=i.dash)
                       for i in s.items])
        for s in report.sections
    ]
    return build_docx(ReportDocument(
        parent_body="UBND TỈNH QUẢNG TRỊ", issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number_label="Số:    /BC-SKHCN", motto_country="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto_slogan="Độc lập - Tự do - Hạnh phúc",
        place_date="Quảng Trị, ngày tháng 01 năm 2023", doc_type="BÁO CÁO",
        subject="Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023",
        part1_title="I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023", sections=sections,
        part2_title="II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023",
        part2_intro="Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung một số nhiệm vụ "
                    "trọng tâm sau đây:",
        tasks=report.tasks,
        recipients=[f"{r};" for r in report.recipients[:-1]] + [f"{report.recipients[-1]}."],
        signer_titles=(report.signer.title or "").split("\n"),
        signer_name=report.signer.name or "",
    ))


def test_word_export_reads_back(reference_report: ParsedReport) -> None:
    again = parse_report(export(reference_report), "bao-cao.docx")
    assert again.to_json() == reference_report.to_json()


@pytest.mark.slow
def test_word_export_as_pdf_reads_back(reference_report: ParsedReport, tmp_path: Path,
                                       soffice: str) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(export(reference_report))
    pdf = docx_to_pdf(source, tmp_path)  # its own LibreOffice profile
    again = parse_report(pdf, "bao-cao.pdf")
    assert again.to_json() == reference_report.to_json()

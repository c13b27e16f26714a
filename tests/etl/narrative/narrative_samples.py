"""Sample reports for the narrative importer tests, built in code from the reference text.

``build_docx`` writes a Word file the way the Department's are made: header and
signature as two-column tables, real Word footnotes (``core.word_xml``,
the same module the Word export uses). ``build_pdf`` writes a text PDF with fpdf2:
footnote texts in a smaller font where the reference prints them, a page break in
the middle of task 1 and page numbers at the top from page 2 on.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from fpdf import FPDF

from core.word_xml import add_footnote

REFERENCE = (Path(__file__).resolve().parents[3] / "data" / "reference"
             / "quangtri-2023-01-bao-cao-thang.txt")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

_SUPER = "¹²³⁴⁵⁶⁷⁸⁹"
_NOTE = re.compile(rf"^([{_SUPER}])\s*(.*)$")
_MARK = re.compile(rf"[{_SUPER}]")


def reference_lines() -> list[str]:
    return REFERENCE.read_text(encoding="utf-8").splitlines()


def split_reference() -> tuple[list[str], list[str], dict[str, str], list[str], list[str]]:
    """(header lines, body lines, footnotes by mark, recipients block, signer block)."""
    lines = [line.replace("*", "") for line in reference_lines()]
    notes = {m.group(1): m.group(2) for line in lines if (m := _NOTE.match(line))}
    lines = [line for line in lines if not _NOTE.match(line)]
    body_start = next(i for i, line in enumerate(lines) if line.startswith("I. "))
    recipients_at = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    signer_at = next(i for i, line in enumerate(lines) if line.startswith("KT."))
    return (
        [x for x in lines[:body_start] if x.strip()],
        lines[body_start:recipients_at],
        notes,
        [x for x in lines[recipients_at:signer_at] if x.strip()],
        [x for x in lines[signer_at:] if x.strip()],
    )


# --- Word ----------------------------------------------------------------------------


def build_docx() -> bytes:
    header, body, notes, recipients, signer = split_reference()
    document = docx.Document()
    top = document.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.paragraphs[0].text = "UBND TỈNH QUẢNG TRỊ"
    left.add_paragraph("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    left.add_paragraph(header[0])  # Số: /BC-SKHCN
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph(header[1])  # Quảng Trị, ngày … tháng 01 năm 2023
    for line in header[2:]:
        document.add_paragraph(line)
    for line in body:
        if line.strip():
            _add_with_footnotes(document.add_paragraph(), line, notes)
    bottom = document.add_table(rows=1, cols=2)
    left, right = bottom.rows[0].cells
    left.paragraphs[0].text = recipients[0]
    for line in recipients[1:]:
        left.add_paragraph(line)
    title = right.paragraphs[0]
    title.add_run(signer[0])
    title.add_run().add_break()  # "KT.GIÁM ĐỐC" ↵ "PHÓ GIÁM ĐỐC" in one paragraph
    title.add_run(signer[1])
    right.add_paragraph("")
    right.add_paragraph(signer[2])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_with_footnotes(paragraph: object, line: str, notes: dict[str, str]) -> None:
    """Text runs with a real footnote reference where the line has ¹ ² ³."""
    pos = 0
    for m in _MARK.finditer(line):
        paragraph.add_run(line[pos:m.start()])  # type: ignore[attr-defined]
        add_footnote(paragraph, notes[m.group()])  # type: ignore[arg-type]
        pos = m.end()
    paragraph.add_run(line[pos:])  # type: ignore[attr-defined]


# --- PDF -----------------------------------------------------------------------------


class _Pdf(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:  # Decree 30: page numbers at the top, not on page 1
            self.set_font("DejaVu", size=11)
            self.cell(0, 8, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)


def build_pdf(raised_marks: bool = False) -> bytes:
    """The reference as a text PDF. ``raised_marks`` prints footnote marks as small
    raised digits (as Word's PDFs do) instead of the characters ¹ ² ³."""
    pdf = _Pdf(format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    for line in reference_lines():
        text = line.replace("*", "")
        if not text.strip():
            continue
        if text.startswith("rộng các kết quả"):
            pdf.add_page()  # task 1 runs over a page break, as in the original
        note = _NOTE.match(text)
        size = 10 if note else 12
        pdf.set_font("DejaVu", size=size)
        if raised_marks and _MARK.search(text):
            _write_raised(pdf, text, size)
        else:
            pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)  # space after each paragraph
    return bytes(pdf.output())


def _write_raised(pdf: FPDF, text: str, size: int) -> None:
    pos = 0
    for m in _MARK.finditer(text):
        pdf.write(size * 0.5, text[pos:m.start()])
        pdf.char_vpos = "SUP"
        pdf.write(size * 0.5, str(_SUPER.index(m.group()) + 1))
        pdf.char_vpos = "LINE"
        pos = m.end()
    pdf.write(size * 0.5, text[pos:])
    pdf.ln(size * 0.5)


def blank_pdf() -> bytes:
    """A PDF with a page and no text layer, like a scan."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    return bytes(pdf.output())

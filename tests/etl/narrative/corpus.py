"""A corpus of report files made by the tests: the reference in every layout people send.

The reference report (data/reference/) is read once into blocks (header lines, part
titles, numbered headings, bullets, plain paragraphs, footnotes, tasks, recipients,
signer); each renderer writes those blocks the way one kind of real file is made:

- ``to_txt``: plain text, as the reference;
- ``to_docx``: Word with *automatic* numbering and bullets (``numbering.xml``: headings
  numbered through a paragraph style inherited from its parent style, the sub-heading
  3.2 in a second list instance of the same list, bullets in the Symbol font ``F0B7``),
  real footnotes, a long bullet broken with soft line breaks (Shift+Enter) where the
  line wrapped, and the two-column bottom table (recipients | signer);
- ``to_pdf_flush``: a text PDF with every line flush left, no indent and almost no space
  between paragraphs, lines wrapped by the page width, footnote texts printed mid-text in
  small print where the reference prints them, task 1 cut by a page break;
- ``to_pdf_word``: a PDF as Word prints automatic lists: the bullet glyph U+F0B7 and the
  heading numbers drawn apart at the margin, the text and its wrapped lines at a hanging
  indent.

``reword`` applies text edits to the blocks, so variants (figures with changes, running
totals, parts, targets; ``cấp`` as a verb; quarter and six-month reports) come out in
every layout too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from fpdf import FPDF
from narrative_samples import FONT, REFERENCE

from core.word_xml import add_footnote

_SUPER = "¹²³⁴⁵⁶⁷⁸⁹"
_NOTE = re.compile(rf"^([{_SUPER}])\s*(.*)$")
_MARK = re.compile(rf"[{_SUPER}]")
_PART = re.compile(r"^([IVX]+)\.\s+(.*)$")
_HEADING = re.compile(r"^(\d+(?:\.\d+)?)\.\s+(.*)$")
SYMBOL_BULLET = "\uf0b7"  # Word's default bullet in the Symbol font, as text extraction gives it


@dataclass(frozen=True)
class Block:
    # header, part, heading, bullet, plain, note, intro, task, recipients, recipient, signer
    kind: str
    text: str
    number: str = ""  # heading "2.1", part "I", task "3", note "¹"


def reference_blocks() -> list[Block]:
    """The reference report as blocks, in reading order."""
    lines = [x.replace("*", "").strip() for x in REFERENCE.read_text(encoding="utf-8").splitlines()]
    lines = [x for x in lines if x]
    blocks: list[Block] = []
    state = "header"
    for line in lines:
        note = _NOTE.match(line)
        part = _PART.match(line)
        heading = _HEADING.match(line)
        if line.startswith("Nơi nhận"):
            state = "bottom"
            blocks.append(Block("recipients", line))
        elif state == "bottom":
            kind = "recipient" if line.startswith("-") else "signer"
            blocks.append(Block(kind, line.lstrip("- ") if kind == "recipient" else line))
        elif note:
            blocks.append(Block("note", note.group(2), note.group(1)))
        elif part:
            state = "tasks" if part.group(1) == "II" else "results"
            blocks.append(Block("part", part.group(2), part.group(1)))
        elif state == "header":
            blocks.append(Block("header", line))
        elif state == "results" and heading:
            blocks.append(Block("heading", heading.group(2), heading.group(1)))
        elif state == "results":
            bullet = line.startswith("- ")
            blocks.append(Block("bullet" if bullet else "plain", line[2:] if bullet else line))
        elif heading:
            blocks.append(Block("task", heading.group(2), heading.group(1)))
        elif blocks[-1].kind == "task":  # the reference splits task 1 over a page break
            blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text} {line}")
        else:
            blocks.append(Block("intro", line))
    return blocks


def reword(blocks: list[Block], edits: dict[str, str]) -> list[Block]:
    """Blocks with each ``old`` text replaced by ``new`` (every one must be found once)."""
    out = list(blocks)
    for old, new in edits.items():
        hits = [i for i, b in enumerate(out) if old in b.text]
        assert len(hits) == 1, (old, hits)
        out[hits[0]] = replace(out[hits[0]], text=out[hits[0]].text.replace(old, new))
    return out


def add_bullet(blocks: list[Block], after: str, text: str) -> list[Block]:
    """Blocks with a new bullet after the block whose text starts with ``after``."""
    at = next(i for i, b in enumerate(blocks) if b.text.startswith(after))
    return [*blocks[:at + 1], Block("bullet", text), *blocks[at + 1:]]


# --- text ------------------------------------------------------------------------------


def to_txt(blocks: list[Block]) -> bytes:
    lines = []
    for b in blocks:
        lines.append(_plain_line(b))
    return "\n\n".join(lines).encode("utf-8")


def _plain_line(b: Block) -> str:
    if b.kind == "part":
        return f"{b.number}. {b.text}"
    if b.kind in ("heading", "task"):
        return f"{b.number}. {b.text}"
    if b.kind in ("bullet", "recipient"):
        return f"- {b.text}"
    if b.kind == "note":
        return f"{b.number} {b.text}"
    return b.text


# --- Word ------------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _lvl(ilvl: int, fmt: str, text: str, font: str | None = None) -> str:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
           if font else "")
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (ilvl + 1)}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')


def _numbering(document) -> None:
    """Three lists: 1 = part I/II and headings (I. / 1. / 2.1.), 2 = bullets (Symbol F0B7),
    3 = tasks (1. 2. …). Two list instances (num 1 and 4) share abstract list 1."""
    numbering = document.part.numbering_part.element
    abstract = [
        ("1", [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%2."),
               _lvl(2, "decimal", "%2.%3.")]),
        ("2", [_lvl(0, "bullet", SYMBOL_BULLET, "Symbol")]),
        ("3", [_lvl(0, "decimal", "%1.")]),
    ]
    for ident, levels in abstract:
        numbering.append(_xml(f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="{ident}">'
                              f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}'
                              "</w:abstractNum>"))
    for num, ref in (("1", "1"), ("2", "2"), ("3", "3"), ("4", "1")):
        numbering.append(_xml(f'<w:num xmlns:w="{_W_NS}" w:numId="{num}">'
                              f'<w:abstractNumId w:val="{ref}"/></w:num>'))


def _xml(text: str):
    from docx.oxml import parse_xml
    return parse_xml(text)


def _heading_styles(document) -> None:
    """"Muc" carries the list (num 1) and "Muc 2" / "Muc 3" inherit it with their level,
    as Word's outline-numbered heading styles do."""
    styles = document.styles
    parent = styles.add_style("Muc", 1)
    ppr = parent.element.get_or_add_pPr()
    ppr.append(_num_pr("1", 0))
    for name, level in (("Muc 1", 0), ("Muc 2", 1), ("Muc 3", 2)):
        style = styles.add_style(name, 1)
        style.base_style = parent
        style_ppr = style.element.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        num_pr.append(ilvl)  # the level only: the list comes from the parent style
        style_ppr.append(num_pr)


def _num_pr(num_id: str, level: int):
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(num)
    return num_pr


def _numbered(paragraph, num_id: str, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(_num_pr(num_id, level))


def to_docx(blocks: list[Block], soft_wrap: bool = True) -> bytes:
    """Word with automatic lists, real footnotes, soft line breaks and the bottom table."""
    document = docx.Document()
    _numbering(document)
    _heading_styles(document)
    notes = {b.number: b.text for b in blocks if b.kind == "note"}
    header = [b for b in blocks if b.kind == "header"]
    top = document.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.paragraphs[0].text = "UBND TỈNH QUẢNG TRỊ"
    left.add_paragraph("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    left.add_paragraph(header[0].text)
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph(header[1].text)
    for b in header[2:]:
        document.add_paragraph(b.text)
    seen_31 = False
    for b in blocks:
        if b.kind == "part":
            document.add_paragraph(b.text, style="Muc 1")
        elif b.kind == "heading":
            level = 2 if "." in b.number else 1
            p = document.add_paragraph(b.text, style=f"Muc {level + 1}")
            if b.number == "3.1":
                seen_31 = True
            elif seen_31 and b.number == "3.2":
                _numbered(p, "4", 2)  # a second instance of the same list: Word continues it
        elif b.kind == "bullet":
            p = document.add_paragraph()
            _numbered(p, "2", 0)
            _add_runs(p, b.text, notes, soft_wrap)
        elif b.kind in ("plain", "intro"):
            _add_runs(document.add_paragraph(), b.text, notes, soft_wrap=False)
        elif b.kind == "task":
            p = document.add_paragraph()
            _numbered(p, "3", 0)
            _add_runs(p, b.text, notes, soft_wrap=False)
    bottom = document.add_table(rows=1, cols=2)
    left, right = bottom.rows[0].cells
    left.paragraphs[0].text = next(b.text for b in blocks if b.kind == "recipients")
    for b in blocks:
        if b.kind == "recipient":
            left.add_paragraph(f"- {b.text}")
    signer = [b.text for b in blocks if b.kind == "signer"]
    title = right.paragraphs[0]
    title.add_run(signer[0])
    title.add_run().add_break()
    title.add_run(signer[1])
    right.add_paragraph("")
    right.add_paragraph(signer[2])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_WRAP = 90  # characters per line where a soft line break imitates a wrapped line


def _add_runs(paragraph, text: str, notes: dict[str, str], soft_wrap: bool) -> None:
    """Runs with real footnotes for ¹ ² ³, and soft breaks at word ends every ``_WRAP``
    characters when ``soft_wrap`` (people who press Shift+Enter at the line's end)."""
    pieces = _MARK.split(text)
    marks = _MARK.findall(text)
    for i, piece in enumerate(pieces):
        chunks = _wrap(piece) if soft_wrap else [piece]
        for j, chunk in enumerate(chunks):
            if j:
                paragraph.add_run().add_break()
            paragraph.add_run(chunk)
        if i < len(marks):
            add_footnote(paragraph, notes[marks[i]])


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > _WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


# --- PDF -------------------------------------------------------------------------------


def _symbol_font(folder: Path) -> Path:
    """DejaVu Sans with the bullet also at U+F0B7, as Word's Symbol bullet is mapped in the
    PDFs it writes (so text extraction gives U+F0B7)."""
    path = folder / "dejavu-symbol-bullet.ttf"
    if not path.exists():
        font = TTFont(str(FONT))
        for table in font["cmap"].tables:
            if table.isUnicode() and 0x2022 in table.cmap:
                table.cmap[0xF0B7] = table.cmap[0x2022]
        font.save(str(path))
    return path


def _pdf(folder: Path | None = None) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT))
    if folder is not None:
        pdf.add_font("WordBullet", "", str(_symbol_font(folder)))
    pdf.add_page()
    return pdf


def _note_text(b: Block) -> str:
    return f"{b.number} {b.text}"


def to_pdf_flush(blocks: list[Block], size: float = 11) -> bytes:
    """Every line flush left, no indent, no space between paragraphs, lines wrapped by the
    page width; footnotes in small print where the reference prints them; task 1 cut by a
    page break."""
    pdf = _pdf()
    height = size * 0.42
    for b in blocks:
        small = b.kind == "note"
        pdf.set_font("DejaVu", size=size - 2 if small else size)
        text = _note_text(b) if small else _plain_line(b)
        if b.kind == "task" and b.number == "1":
            cut = text.index("nhân rộng") + len("nhân")
            pdf.multi_cell(0, height, text[:cut], new_x="LMARGIN", new_y="NEXT")
            pdf.add_page()
            text = text[cut:].strip()
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def to_pdf_word(blocks: list[Block], folder: Path, size: float = 12) -> bytes:
    """Word's automatic lists printed to PDF: label at the margin, text and wrapped lines at
    a hanging indent; body paragraphs with a first-line indent; footnotes mid-text."""
    pdf = _pdf(folder)
    height = size * 0.45
    left = pdf.l_margin
    hang = 7.0  # mm from the margin to the text of a list paragraph
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def labelled(label: str, text: str, font: str = "DejaVu") -> None:
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()  # Word keeps a label with the first line of its text
        y = pdf.get_y()
        pdf.set_font(font, size=size)
        pdf.set_xy(left, y)
        pdf.cell(hang, height, label)
        pdf.set_font("DejaVu", size=size)
        pdf.set_xy(left + hang, y)
        pdf.multi_cell(width - hang, height, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    for b in blocks:
        if b.kind == "note":
            pdf.set_font("DejaVu", size=size - 2)
            pdf.multi_cell(0, height * 0.9, _note_text(b), new_x="LMARGIN", new_y="NEXT")
        elif b.kind in ("part", "heading", "task"):
            labelled(f"{b.number}.", b.text)
        elif b.kind in ("bullet", "recipient"):
            labelled(SYMBOL_BULLET if b.kind == "bullet" else "-", b.text,
                     "WordBullet" if b.kind == "bullet" else "DejaVu")
        else:
            pdf.set_font("DejaVu", size=size)
            indent = False  # body text flush left: only lists hang
            pdf.set_x(left + (10 if indent else 0))
            pdf.multi_cell(width - (10 if indent else 0), height, b.text,
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


Renderer = Callable[[list[Block]], bytes]


# --- variants ----------------------------------------------------------------------------

# The January 2023 reference reworded as other writers put it: every figure of
# REFERENCE_FACTS keeps its value, and numbers of other roles stand beside them.
REWORDED = {
    "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.":
        "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư, trong đó có 03 dự án sử dụng "
        "công nghệ cao.",
    "Tiếp nhận và xử lý 02 hồ sơ công bố hợp chuẩn":
        "Tiếp nhận và xử lý 02 hồ sơ công bố hợp chuẩn (kế hoạch năm là 30 hồ sơ)",
    "Cập nhật tin bài: 105 tin, bài;":
        "Cập nhật tin bài: 105 tin, bài, tăng 15 tin, bài so với tháng trước;",
    "là 5749 phương tiện đo.":
        "là 5749 phương tiện đo, cùng kỳ năm 2022 là 5.120 phương tiện đo.",
    "là 544 mẫu.": "là 544 mẫu, giảm 12 mẫu so với cùng kỳ.",
    # "cấp" as the verb "to grant" before a number (the grade "nấm cấp 3" stays)
    "Trình UBND tỉnh cấp Giấy phép tiên hành công việc bức xạ - sử dụng thiết bị X-quang "
    "chẩn đoán trong y tế đối với 02 đơn vị; trình UBND tỉnh cấp Chứng chỉ nhân viên bức xạ "
    "đối với 01 cá nhân.":
        "Cấp 02 giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán "
        "trong y tế; Cấp 01 Chứng chỉ nhân viên bức xạ.",
}

# Numbers of the reworded report that are context, with their role and indicator.
REWORDED_CONTEXT = {
    ("QLCN_THAMDINH_CN", "part", 3),
    ("TDC_HOPCHUAN", "target", 30),
    ("TTUD_TINBAI", "change", 15),
    ("TTKT_KD_PTD", "comparison", 5120),
    ("TTKT_THU_NGHIEM", "change", 12),
}

# Titles of the reference as a report of a longer period: (period code, next period code,
# edits). The figures are the same text; in a quarter report the "tháng 01/2023" of 3.2 is
# a part of the quarter.
PERIOD_TITLES = {
    "quarter": ("2023-Q1", "2023-Q2", {
        "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023":
            "Kết quả công tác quý I và kế hoạch quý II năm 2023",
        "KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023": "KẾT QUẢ CÔNG TÁC QUÝ I NĂM 2023",
        "NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023": "NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023",
        "Tháng 02/2023, các phòng": "Quý II/2023, các phòng",
    }),
    "half": ("2023-H1", "2023-H2", {
        "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023":
            "Kết quả công tác 6 tháng đầu năm và phương hướng nhiệm vụ 6 tháng cuối năm 2023",
        "KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023": "KẾT QUẢ CÔNG TÁC 6 THÁNG ĐẦU NĂM 2023",
        "NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023": "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023",
        "Tháng 02/2023, các phòng": "6 tháng cuối năm 2023, các phòng",
    }),
    "nine_months": ("2023-9T", "2023-Q4", {
        "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023":
            "Báo cáo kết quả công tác 9 tháng đầu năm 2023",
        "KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023": "KẾT QUẢ CÔNG TÁC 9 THÁNG ĐẦU NĂM 2023",
        "NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023": "NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2023",
        "Tháng 02/2023, các phòng": "Quý IV/2023, các phòng",
    }),
    "year": ("2023", "2024", {
        "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023":
            "Tổng kết công tác năm 2023 và phương hướng nhiệm vụ năm 2024",
        "KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023": "KẾT QUẢ CÔNG TÁC NĂM 2023",
        "NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023": "NHIỆM VỤ TRỌNG TÂM NĂM 2024",
        "Tháng 02/2023, các phòng": "Năm 2024, các phòng",
    }),
}


def render(layout: str, blocks: list[Block], folder: Path) -> tuple[bytes, str]:
    """(file bytes, file name) of ``blocks`` in one of the four layouts."""
    if layout == "txt":
        return to_txt(blocks), "bao-cao.txt"
    if layout == "docx":
        return to_docx(blocks), "bao-cao.docx"
    if layout == "pdf-flush":
        return to_pdf_flush(blocks), "bao-cao.pdf"
    return to_pdf_word(blocks, folder), "bao-cao.pdf"


LAYOUTS = ("txt", "docx", "pdf-flush", "pdf-word")

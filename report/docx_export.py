"""The month report as a Word file laid out per Decree 30/2020/NĐ-CP, Phụ lục I.

A4 portrait, Times New Roman black everywhere (all four font slots, so Word
never swaps in a theme or East Asian font for Vietnamese letters), header and
signature blocks as borderless two-column tables, real Word footnotes, page
numbers centred at the top from page 2 on.

Annexes (Decree 30): each in a Word section of its own that starts a page and numbers
its pages from 1 (no number on its first page, as the body), headed "Phụ lục I" (14 pt
bold; "Phụ lục" alone when there is one), its title upper case (14 pt bold) and the
italic line "(Kèm theo Báo cáo số … ngày … của …)"; the body names each annex. Annex
tables repeat their header row on every page (``w:tblHeader``), never split a row across
pages (``w:cantSplit``) and size their columns from their content (``fit_columns``).

Everything is direct formatting on the Normal style: that is how these
documents are written by hand, and it survives copy-paste into other files.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import docx
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.messages import t
from core.word_xml import (
    RunFormat,
    add_bottom_border,
    add_field,
    add_footnote,
    ensure_footnotes_part,
    format_font,
    format_run,
    keep_row_together,
    repeat_as_header,
    restart_page_numbering,
    set_cell_margins,
    set_document_defaults,
    set_extended_properties,
    set_paragraph_mark,
    set_table_borders,
    set_table_indent,
    set_table_width,
)
from report.model import AnnexTable, Bullet, ReportDocument, ReportSection

# --- the format (Decree 30 ranges narrowed to one choice) ------------------------------

FONT = "Times New Roman"
BLACK = "000000"
LANG = "vi-VN"
PAGE_MM = (210, 297)  # A4 portrait
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
HEADER_DISTANCE_MM = 10  # page number sits inside the 20 mm top margin
BODY_PT = 14
LINE_SPACING = 1.15
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
FOOTNOTE_PT = 12
FOOTNOTE_FORMAT = RunFormat(FONT, FOOTNOTE_PT, BLACK)
# Header block: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" (70 mm at 13 pt bold) and the national name
# (96 mm) do not fit side by side in 165 mm, so the table reaches 10 mm into the left
# margin and 2 mm into the right one, as hand-made forms do.
HEADER_COLUMNS_MM = (77, 100)
HEADER_INDENT_MM = -10
SIGNATURE_COLUMNS_MM = (80, 85)
ANNEX_PT = 12  # annex tables: 7 columns of figures fit the text width at 12 pt
CELL_MARGIN_MM = 1.9  # Word's default left and right cell padding (108 twips)
CELL_SLACK_MM = 1.5  # room for the font-metric estimate's error
WRAP_CAP_MM = 35  # a wrapping column is as wide as its longest text, up to this
HEADER_CAP_MM = 20  # a column title up to this wide keeps one line; a longer one wraps
SIGNATURE_ROOM = Pt(84)  # about 3 cm for the hand signature and seal
SHORT_RULE = 0.4  # rules under issuer and subject: 1/3 to 1/2 of the text above
RULE_WIDTH_EIGHTHS = 6  # 0.75 pt line
RULE_HEIGHT = Pt(4)  # the empty paragraph carrying a rule: a little air under the text


@dataclass(frozen=True)
class Look:
    """Character formatting of one piece of text (font and colour are always the same)."""

    size: float = BODY_PT
    bold: bool = False
    italic: bool = False

    def format(self) -> RunFormat:
        return RunFormat(FONT, self.size, BLACK, self.bold, self.italic)


BODY = Look()
PART_HEAD = Look(bold=True)
LEVEL1_HEAD = Look(bold=True)
LEVEL2_HEAD = Look(bold=True, italic=True)


class DocumentFrame(Protocol):
    """What the header and signature blocks of an official document read: a report
    (``ReportDocument``) or a letter (``report.reminders.ReminderLetter``)."""

    parent_body: str
    issuer: str
    number_label: str
    motto_country: str
    motto_slogan: str
    place_date: str
    doc_type: str
    subject: str
    period_label: str
    recipients: list[str]
    signer_titles: list[str]
    signer_name: str


# --- public API ------------------------------------------------------------------------


def build_docx(doc: ReportDocument, now: datetime | None = None) -> bytes:
    """The report as the bytes of a .docx file (``now``: its creation time, default now)."""
    buffer = io.BytesIO()
    render_document(doc, now).save(buffer)
    return buffer.getvalue()


def write_docx(doc: ReportDocument, path: str | Path) -> Path:
    """Write the report to ``path`` and return it."""
    path = Path(path)
    path.write_bytes(build_docx(doc))
    return path


def render_document(doc: ReportDocument, now: datetime | None = None) -> DocumentObject:
    """The report as a python-docx Document, for callers that add to it before saving."""
    document = start_document(doc, now)
    _add_title(document, doc)
    _add_part1(document, doc)
    _add_part2(document, doc)
    _add_signature_table(document, doc)
    for annex, label in zip(doc.annexes(), doc.annex_labels(), strict=True):
        _add_annex(document, annex, label, doc.issued_with)
    return document


def start_document(frame: DocumentFrame, now: datetime | None = None, excerpt: str = ""
                   ) -> DocumentObject:
    """A new Decree 30 document up to its header block: defaults, A4 page, page numbers,
    properties, and the header table. ``excerpt`` is a letter's "V/v …" line, printed
    under the number (Decree 30: a công văn's subject sits there, not under a title)."""
    document = docx.Document()
    _set_defaults(document)
    _set_page(document.sections[0])
    _add_page_numbers(document.sections[0])
    _set_properties(document, frame, now or datetime.now(UTC))
    _add_header_table(document, frame, excerpt)
    return document


def add_signature(document: DocumentObject, frame: DocumentFrame) -> None:
    """The bottom block: "Nơi nhận:" with the recipients, the signer's titles and name."""
    _add_signature_table(document, frame)


def add_text(document: DocumentObject, text: str, *, indent: bool = True,
             keep_with_next: bool = False) -> Paragraph:
    """A body paragraph (justified, 14 pt, the first line indented unless ``indent`` is
    off; ``keep_with_next``: on the same page as the next one)."""
    p = _body_paragraph(document)
    if not indent:
        p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.keep_with_next = keep_with_next
    _add_run(p, text, BODY)
    return p


# --- document, page, header ------------------------------------------------------------


def _set_defaults(document: DocumentObject) -> None:
    """Times New Roman 14 pt black in the document defaults and Normal, so text typed
    later in Word (and any run we miss) gets the official font too."""
    set_document_defaults(document, BODY.format(), LANG, SPACE_AFTER, LINE_SPACING)
    format_font(document.styles["Normal"].font, BODY.format())
    ensure_footnotes_part(document, FOOTNOTE_FORMAT)


def _set_page(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(HEADER_DISTANCE_MM)


def _add_page_numbers(section: Section) -> None:
    """PAGE field centred in the default header; page 1 gets its own empty header
    (``w:titlePg``), as Decree 30 puts no number on the first page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _format_paragraph(p, WD_PARAGRAPH_ALIGNMENT.CENTER, after=Pt(0), line=1.0)
    add_field(p, "PAGE", "2", Look(BODY_PT).format())


def _set_properties(document: DocumentObject, doc: DocumentFrame, now: datetime) -> None:
    """Core properties name the issuer and the time the file was made (the template's say
    python-docx, 2013); the extended ones the product instead of "Microsoft Macintosh
    Word"."""
    props = document.core_properties
    props.title = f"{doc.doc_type} {doc.subject}".strip()
    props.subject = doc.subject
    props.author = doc.issuer
    props.last_modified_by = doc.issuer
    props.language = LANG
    props.comments = ""
    props.keywords = doc.period_label
    props.created = props.modified = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props.revision = 1
    set_extended_properties(document, t("report.docx_application"), doc.issuer)


def _add_header_table(document: DocumentObject, doc: DocumentFrame, excerpt: str = "") -> None:
    """Row 1: agency names | national name and motto (each with its rule).
    Row 2: number | place and date, so both sit on one line as in the printed form; a
    letter's excerpt ("V/v …", 12 pt, centred) under the number."""
    table = _layout_table(document, 2, HEADER_COLUMNS_MM, indent_mm=HEADER_INDENT_MM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left_w, right_w = HEADER_COLUMNS_MM
    _cell_line(left, doc.parent_body.upper(), Look(13), first=True)
    _cell_line(left, doc.issuer.upper(), Look(13, bold=True))
    _add_rule(left, _text_width_mm(doc.issuer.upper(), 13, True) * SHORT_RULE, left_w)
    _cell_line(right, doc.motto_country.upper(), Look(13, bold=True), first=True)
    _cell_line(right, doc.motto_slogan, Look(14, bold=True))
    _add_rule(right, _text_width_mm(doc.motto_slogan, 14, True), right_w)
    number, place = table.cell(1, 0), table.cell(1, 1)
    _cell_line(number, doc.number_label, Look(13), first=True, before=Pt(6))
    if excerpt:
        _cell_line(number, excerpt, Look(12), before=Pt(3))
    _cell_line(place, doc.place_date, Look(14, italic=True), first=True, before=Pt(6))


def _add_title(document: DocumentObject, doc: ReportDocument) -> None:
    """Document type, subject, short rule under the subject, optional draft note."""
    kind = document.add_paragraph()
    _format_paragraph(
        kind, WD_PARAGRAPH_ALIGNMENT.CENTER, before=Pt(18), after=Pt(0), line=1.0, keep=True
    )
    _add_run(kind, doc.doc_type.upper(), Look(BODY_PT, bold=True))
    subject = document.add_paragraph()
    _format_paragraph(subject, WD_PARAGRAPH_ALIGNMENT.CENTER, after=Pt(0), line=1.0, keep=True)
    _add_run(subject, doc.subject, Look(BODY_PT, bold=True))
    subject_w = min(_text_width_mm(doc.subject, BODY_PT, True), TEXT_WIDTH_MM)
    _add_rule(document, subject_w * SHORT_RULE, TEXT_WIDTH_MM, after=Pt(18))
    if doc.unapproved_note:
        _add_body(document, doc.unapproved_note, Look(BODY_PT, italic=True))


# --- body ------------------------------------------------------------------------------


def _add_part1(document: DocumentObject, doc: ReportDocument) -> None:
    _add_heading(document, doc.part1_title.upper(), PART_HEAD)
    for paragraph in doc.summary_paragraphs():
        _add_body(document, paragraph, BODY)
    reference = doc.annex_reference()
    if reference:
        _add_body(document, reference, BODY)
    for section in doc.sections:
        _add_section(document, section)


def _add_section(document: DocumentObject, section: ReportSection) -> None:
    look = LEVEL1_HEAD if section.level <= 1 else LEVEL2_HEAD
    _add_heading(document, f"{section.number}. {section.title}", look)
    for bullet in section.bullets:
        _add_bullet(document, bullet)


def _add_bullet(document: DocumentObject, bullet: Bullet) -> None:
    """ "- text", footnote references before the closing stop, then the stop.

    Text from a submission not yet approved is highlighted and marked "(chưa duyệt)",
    the mark the document's unapproved note refers to."""
    text, stop = bullet.split_stop()
    p = _body_paragraph(document)
    run = _add_run(p, ("- " if bullet.dash else "") + text, BODY)
    for note in bullet.footnotes:
        add_footnote(p, note, FOOTNOTE_FORMAT, ref_size_pt=BODY.size)
    if stop:
        _add_run(p, stop, BODY)
    if not bullet.approved:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        _add_run(p, f" ({t('report.unapproved_mark')})", Look(BODY_PT, italic=True))


def _add_part2(document: DocumentObject, doc: ReportDocument) -> None:
    _add_heading(document, doc.part2_title.upper(), PART_HEAD)
    intro, tasks = doc.part2_closed()
    if intro:
        _add_body(document, intro, BODY)
    last = None
    for number, task in enumerate(tasks, start=1):
        last = _add_body(document, f"{number}. {task}", BODY)
    if last is not None:  # never leave the signature alone on the last page
        last.paragraph_format.keep_with_next = True


def _add_heading(document: DocumentObject, text: str, look: Look) -> None:
    p = _body_paragraph(document)
    p.paragraph_format.keep_with_next = True
    _add_run(p, text, look)


def _add_body(document: DocumentObject, text: str, look: Look) -> Paragraph:
    p = _body_paragraph(document)
    _add_run(p, text, look)
    return p


def _body_paragraph(document: DocumentObject) -> Paragraph:
    """Justified, 1.27 cm first-line indent, 6 pt after, 1.15 lines."""
    p = document.add_paragraph()
    _format_paragraph(p, WD_PARAGRAPH_ALIGNMENT.JUSTIFY, first_line=FIRST_LINE_INDENT)
    return p


# --- signature and annex ---------------------------------------------------------------


def _add_signature_table(document: DocumentObject, doc: DocumentFrame) -> None:
    """Left: "Nơi nhận:" and the recipients; right: signer titles, room, name."""
    spacer = document.add_paragraph()  # keeps the table clear of the last task
    _format_paragraph(spacer, WD_PARAGRAPH_ALIGNMENT.LEFT, after=Pt(0), line=1.0, keep=True)
    table = _layout_table(document, 1, SIGNATURE_COLUMNS_MM)
    _keep_row_together(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_line(
        left,
        t("report.recipients_label"),
        Look(12, bold=True, italic=True),
        first=True,
        align=WD_PARAGRAPH_ALIGNMENT.LEFT,
    )
    for recipient in doc.recipients:
        _cell_line(left, f"- {recipient}", Look(11), align=WD_PARAGRAPH_ALIGNMENT.LEFT)
    for i, title in enumerate(doc.signer_titles):
        _cell_line(right, title.upper(), Look(BODY_PT, bold=True), first=i == 0)
    _cell_line(
        right,
        doc.signer_name,
        Look(BODY_PT, bold=True),
        first=not doc.signer_titles,
        before=SIGNATURE_ROOM,
    )


def _add_annex(document: DocumentObject, annex: AnnexTable, label: str, issued_with: str
               ) -> None:
    """An annex in a section of its own: new page, pages numbered from 1, the Decree 30
    heading (label, upper-case title, italic "Kèm theo" line, short rule), the table."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True  # no number on its first page
    restart_page_numbering(section, 1)
    head = document.add_paragraph()
    _format_paragraph(head, WD_PARAGRAPH_ALIGNMENT.CENTER, after=Pt(0), line=1.0, keep=True)
    _add_run(head, label, Look(14, bold=True))
    title = document.add_paragraph()
    _format_paragraph(title, WD_PARAGRAPH_ALIGNMENT.CENTER, after=Pt(0), line=1.0, keep=True)
    _add_run(title, annex.title.upper(), Look(14, bold=True))
    if issued_with:
        line = document.add_paragraph()
        _format_paragraph(line, WD_PARAGRAPH_ALIGNMENT.CENTER, after=Pt(0), line=1.0,
                          keep=True)
        _add_run(line, issued_with, Look(14, italic=True))
        width = min(_text_width_mm(issued_with, 14, False), TEXT_WIDTH_MM)
        _add_rule(document, width * SHORT_RULE, TEXT_WIDTH_MM, after=Pt(12))
    widths = fit_columns(annex, TEXT_WIDTH_MM, ANNEX_PT)
    table = document.add_table(rows=1, cols=len(annex.headers))
    table.style = document.styles["Table Grid"]
    _mark_header_row(table)
    for cell, text in zip(table.rows[0].cells, annex.headers, strict=True):
        _cell_line(cell, text, Look(ANNEX_PT, bold=True), first=True)
    for index, row in enumerate(annex.rows):
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            # numbers right, the counter centred, text left (justified text in narrow
            # columns opens wide gaps)
            if i == 0:
                align = WD_PARAGRAPH_ALIGNMENT.CENTER
            elif i in annex.nowrap:
                align = WD_PARAGRAPH_ALIGNMENT.RIGHT
            else:
                align = WD_PARAGRAPH_ALIGNMENT.LEFT
            _cell_line(cell, text, Look(ANNEX_PT), first=True, align=align)
            if i == annex.wide and index in annex.notes:
                _cell_line(cell, f"({annex.notes[index]})", Look(ANNEX_PT - 1, italic=True),
                           align=WD_PARAGRAPH_ALIGNMENT.LEFT)
    _set_columns(table, widths)
    _keep_row_together(table)


def fit_columns(annex: AnnexTable, total_mm: float, size_pt: float) -> tuple[float, ...]:
    """Column widths (mm) that fit ``total_mm``: a ``nowrap`` column as wide as its widest
    cell, another column as wide as its longest text up to ``WRAP_CAP_MM`` but never
    narrower than its longest word (so "STT" never breaks into "ST/T"), and the ``wide``
    column the rest. A column title up to ``HEADER_CAP_MM`` wide keeps one line ("Ghi chú",
    "Đơn vị tính"); a longer one wraps between words.
    """
    pad = 2 * CELL_MARGIN_MM + CELL_SLACK_MM

    def longest_word(texts: list[str], bold: bool = False) -> float:
        return max((_text_width_mm(w, size_pt, bold) for x in texts for w in x.split()),
                   default=0.0)

    def longest_text(texts: list[str]) -> float:
        return max((_text_width_mm(x, size_pt, False) for x in texts), default=0.0)

    widths: list[float] = []
    for i, header in enumerate(annex.headers):
        cells = [row[i] for row in annex.rows]
        title = _text_width_mm(header, size_pt, True)
        need = max(title if title <= HEADER_CAP_MM else 0.0,
                   longest_word([header], bold=True), longest_word(cells))
        if i in annex.nowrap:
            need = max(need, longest_text(cells))
        elif i != annex.wide:
            need = max(need, min(longest_text(cells), WRAP_CAP_MM))
        widths.append(need + pad)
    others = sum(w for i, w in enumerate(widths) if i != annex.wide)
    widths[annex.wide] = max(total_mm - others, widths[annex.wide])
    scale = min(1.0, total_mm / sum(widths))  # too much to fit: shrink all alike
    return tuple(round(w * scale, 1) for w in widths)


# --- tables ----------------------------------------------------------------------------


def _layout_table(
    document: DocumentObject, rows: int, widths_mm: tuple[int, ...], indent_mm: int = 0
) -> Table:
    """A borderless fixed-width table used for page layout, not for data."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    set_table_borders(table, "none")
    set_cell_margins(table, Mm(0))
    if indent_mm:
        set_table_indent(table, Mm(indent_mm))
    _set_columns(table, widths_mm)
    return table


def _set_columns(table: Table, widths_mm: tuple[float, ...]) -> None:
    """Fixed layout with grid and cell widths: Word reads tcW, LibreOffice gridCol."""
    table.autofit = False
    set_table_width(table, Twips(sum(Mm(w).twips for w in widths_mm)))
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _keep_row_together(table: Table) -> None:
    for row in table.rows:
        keep_row_together(row)


def _mark_header_row(table: Table) -> None:
    """Repeat the column titles on every page the table runs over."""
    repeat_as_header(table.rows[0])


def _cell_line(
    cell: _Cell,
    text: str,
    look: Look,
    first: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT = WD_PARAGRAPH_ALIGNMENT.CENTER,
    before: Length = Pt(0),
) -> Paragraph:
    """One single-spaced line in a layout cell; ``first`` reuses the cell's empty paragraph."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    _format_paragraph(p, align, before=before, after=Pt(0), line=1.0)
    _add_run(p, text, look)
    return p


# --- rules -----------------------------------------------------------------------------


def _add_rule(
    container: DocumentObject | _Cell, width_mm: float, box_mm: float, after: Length = Pt(0)
) -> Paragraph:
    """A centred horizontal line ``width_mm`` long: an empty, 4 pt high paragraph whose
    bottom border is cut to length by equal left and right indents. No drawing shapes,
    so every client (and the narrative importer) sees plain paragraphs."""
    p = container.add_paragraph()
    side = Mm(max((box_mm - width_mm) / 2, 0))
    _format_paragraph(p, WD_PARAGRAPH_ALIGNMENT.CENTER, after=after, line=RULE_HEIGHT)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    add_bottom_border(p, RULE_WIDTH_EIGHTHS)
    set_paragraph_mark(p, Look(2).format())  # a 2 pt mark, so the line height is not 14 pt
    return p


def _text_width_mm(text: str, size_pt: float, bold: bool) -> float:
    """Printed width of ``text`` in Times New Roman, from average advance widths per
    kind of letter (within a few per cent, enough to size a rule under a line)."""
    em = 0.0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isupper():
            em += 0.73 if bold else 0.69
        elif base.islower():
            em += 0.49 if bold else 0.45
        elif base.isdigit():
            em += 0.5
        elif base.isspace():
            em += 0.25
        else:
            em += 0.33
    return em * size_pt * 25.4 / 72


# --- paragraphs and runs ---------------------------------------------------------------


def _format_paragraph(
    p: Paragraph,
    align: WD_PARAGRAPH_ALIGNMENT,
    *,
    first_line: Length = Cm(0),
    before: Length = Pt(0),
    after: Length = SPACE_AFTER,
    line: float | Length = LINE_SPACING,
    keep: bool = False,
) -> None:
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = first_line
    fmt.space_before = before
    fmt.space_after = after
    fmt.line_spacing = line  # a float is a multiple, a Length is an exact height
    if keep:
        fmt.keep_with_next = True


def _add_run(paragraph: Paragraph, text: str, look: Look) -> Run:
    return format_run(paragraph.add_run(text), look.format())

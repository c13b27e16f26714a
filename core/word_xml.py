"""Word (WordprocessingML) helpers for the report export and the report importer.

python-docx covers fonts, sizes, colours, paragraph format, page set-up, styles, column
and cell widths; callers use that public API, and so does this module wherever it can.
What python-docx has no API for is written here as raw XML (ECMA-376 part 1), and only
here, together with the few element handles (``paragraph._p`` …) it takes:

* footnotes (§17.11): the ``word/footnotes.xml`` part with its two separator notes, the
  note paragraphs, the ``w:footnotePr`` entry of the settings — added to each document
  that needs them, nothing registered in python-docx, so importing this module changes
  nothing in the library;
* the East Asian and complex-script font slots, the complex-script size (``w:szCs``) and
  theme fonts; run formats where python-docx has no object (document defaults, the
  paragraph mark);
* table width, indent, borders and cell margins, header rows (``w:tblHeader``), rows that
  do not break across pages (``w:cantSplit``), paragraph borders, complex fields (PAGE);
* reading: paragraphs in document order (tables too), footnote texts and references,
  superscript runs, and the list numbers Word draws but does not store as text.

Writing and reading footnotes live together so the narrative importer reads exactly
what the Word export writes (and what Word itself writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.formatting import roman

FOOTNOTES_PARTNAME = "/word/footnotes.xml"
FOOTNOTES_CONTENT_TYPE = CT.WML_FOOTNOTES
FOOTNOTES_RELTYPE = RT.FOOTNOTES
TEXT_STYLE_ID = "FootnoteText"
REFERENCE_STYLE_ID = "FootnoteReference"
SEPARATOR_IDS = (-1, 0)  # Word 2010+ numbering of the two separator notes
SPECIAL_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
DEFAULT_FONT = "Times New Roman"
DEFAULT_SIZE_PT = 12.0

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class RunFormat:
    """How a piece of text is set: one font in every slot, size, colour, weight, slant."""

    font: str = DEFAULT_FONT
    size_pt: float = DEFAULT_SIZE_PT
    color: str = "000000"  # RGB hex
    bold: bool = False
    italic: bool = False


# --- run formats -----------------------------------------------------------------------


def format_font(font: Font, fmt: RunFormat) -> None:
    """Set a run's or a style's font to ``fmt``.

    Name (Latin slots), size, bold and italic in both forms, and colour go through
    python-docx; the East Asian and complex-script slots and the complex-script size
    have no API. Theme font attributes are removed, as they would win over the names,
    so Word never swaps a theme or East Asian font in for Vietnamese letters.
    """
    font.name = fmt.font
    font.size = Pt(fmt.size_pt)
    font.bold = True if fmt.bold else None
    font.cs_bold = True if fmt.bold else None
    font.italic = True if fmt.italic else None
    font.cs_italic = True if fmt.italic else None
    font.color.rgb = RGBColor.from_string(fmt.color)
    r_pr = font.element.get_or_add_rPr()
    _set_font_slots(r_pr, fmt.font)
    _set_cs_size(r_pr, fmt.size_pt)


def format_run(run: Run, fmt: RunFormat) -> Run:
    format_font(run.font, fmt)
    return run


def set_document_defaults(
    document: DocumentObject, fmt: RunFormat, lang: str, space_after: Length, line: float
) -> None:
    """The run and paragraph defaults of the document (``w:docDefaults``), so text typed
    later in Word gets them too; python-docx has no object for them."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _format_rpr(r_pr, fmt)
    lang_el = r_pr.find(qn("w:lang"))
    if lang_el is not None:
        lang_el.set(qn("w:val"), lang)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        spacing.set(qn("w:after"), str(space_after.twips))
        spacing.set(qn("w:line"), str(round(line * 240)))


def set_paragraph_mark(paragraph: Paragraph, fmt: RunFormat) -> None:
    """Format the paragraph mark (its height counts even when the paragraph is empty)."""
    p_pr = paragraph._p.get_or_add_pPr()
    mark = p_pr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    _format_rpr(mark, fmt)


def _format_rpr(r_pr: BaseOxmlElement, fmt: RunFormat) -> None:
    """``fmt`` written straight into a ``w:rPr`` (for places python-docx has no Font for)."""
    _set_font_slots(r_pr, fmt.font)
    for tag, on in (("w:b", fmt.bold), ("w:bCs", fmt.bold),
                    ("w:i", fmt.italic), ("w:iCs", fmt.italic)):
        for old in r_pr.findall(qn(tag)):
            r_pr.remove(old)
        if on:
            _insert_in_order(r_pr, OxmlElement(tag), _RPR_ORDER)
    color = r_pr.find(qn("w:color"))
    if color is None:
        color = _insert_in_order(r_pr, OxmlElement("w:color"), _RPR_ORDER)
    color.set(qn("w:val"), fmt.color)
    size = r_pr.find(qn("w:sz"))
    if size is None:
        size = _insert_in_order(r_pr, OxmlElement("w:sz"), _RPR_ORDER)
    size.set(qn("w:val"), _half_points(fmt.size_pt))
    _set_cs_size(r_pr, fmt.size_pt)


def _set_font_slots(r_pr: BaseOxmlElement, name: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _insert_in_order(r_pr, OxmlElement("w:rFonts"), _RPR_ORDER)
    for attr in THEME_SLOTS:
        fonts.attrib.pop(qn(attr), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), name)


def _set_cs_size(r_pr: BaseOxmlElement, size_pt: float) -> None:
    sz_cs = r_pr.find(qn("w:szCs"))
    if sz_cs is None:
        sz_cs = _insert_in_order(r_pr, OxmlElement("w:szCs"), _RPR_ORDER)
    sz_cs.set(qn("w:val"), _half_points(size_pt))


def _half_points(size_pt: float) -> str:
    return str(round(size_pt * 2))


# Children of w:rPr in schema order (ECMA-376 §17.3.2.28); Word rejects other orders.
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def _insert_in_order(
    parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]
) -> BaseOxmlElement:
    """Put ``child`` before the first sibling that the schema orders after it."""
    name = next(n for n in order if qn(n) == child.tag)
    parent.insert_element_before(child, *order[order.index(name) + 1:])
    return child


# --- paragraphs --------------------------------------------------------------------------


def add_bottom_border(paragraph: Paragraph, width_eighths: int, color: str = "000000") -> None:
    """A single line under the paragraph (``w:pBdr/w:bottom``), ``width_eighths`` of a
    point thick; with equal side indents it draws a centred rule of any length."""
    border = OxmlElement("w:pBdr")
    border.append(OxmlElement("w:bottom", {
        qn("w:val"): "single", qn("w:sz"): str(width_eighths), qn("w:space"): "1",
        qn("w:color"): color,
    }))
    _insert_in_order(paragraph._p.get_or_add_pPr(), border, _PPR_ORDER)


# Children of w:pPr in schema order (ECMA-376 §17.3.1.26).
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def add_field(paragraph: Paragraph, instruction: str, shown: str, fmt: RunFormat) -> None:
    """A complex field (begin, instruction, separate, cached result, end) as five runs set
    in ``fmt``; Word and LibreOffice recompute e.g. PAGE on layout and show ``shown``
    until then."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = format_run(paragraph.add_run(shown if kind == "result" else ""), fmt)
        if kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif kind != "result":
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


# --- tables ----------------------------------------------------------------------------


def set_table_width(table: Table, width: Length) -> None:
    """A fixed table width (``w:tblW`` in twips); python-docx sets column widths only."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _insert_in_order(table._tbl.tblPr, OxmlElement("w:tblW"), _TBL_PR_ORDER)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(width.twips))


def set_table_indent(table: Table, indent: Length) -> None:
    """Move the table from the left margin (negative: into the margin)."""
    _set_tbl_pr(table, OxmlElement("w:tblInd", {qn("w:w"): str(indent.twips),
                                                qn("w:type"): "dxa"}))


def set_table_borders(table: Table, value: str) -> None:
    """Every outer and inner border of the table set to ``value`` (``"none"``, ``"single"``)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{edge}", {
            qn("w:val"): value, qn("w:sz"): "0", qn("w:space"): "0", qn("w:color"): "auto",
        }))
    _set_tbl_pr(table, borders)


def set_cell_margins(table: Table, left_right: Length) -> None:
    """The left and right padding of every cell of the table."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(OxmlElement(f"w:{edge}", {qn("w:w"): str(left_right.twips),
                                                 qn("w:type"): "dxa"}))
    _set_tbl_pr(table, margins)


def repeat_as_header(row: _Row) -> None:
    """Repeat ``row`` at the top of every page the table runs over (``w:tblHeader``)."""
    _set_tr_pr(row, "w:tblHeader")


def keep_row_together(row: _Row) -> None:
    """Never break ``row`` across two pages (``w:cantSplit``)."""
    _set_tr_pr(row, "w:cantSplit")


# Children of w:tblPr in schema order (ECMA-376 §17.4.60); Word rejects other orders.
_TBL_PR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)
# Children of w:trPr (ECMA-376 §17.4.82, a choice the schema repeats; Word writes this order).
_TR_PR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
    "w:ins", "w:del", "w:trPrChange",
)


def _set_tbl_pr(table: Table, child: BaseOxmlElement) -> None:
    """Put ``child`` into tblPr at its schema place, replacing one of the same kind."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(child.tag):
        tbl_pr.remove(old)
    _insert_in_order(tbl_pr, child, _TBL_PR_ORDER)


def _set_tr_pr(row: _Row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        _insert_in_order(tr_pr, OxmlElement(tag), _TR_PR_ORDER)


# --- sections and package properties -----------------------------------------------------

# Children of w:sectPr in schema order (ECMA-376 §17.6.17).
_SECT_PR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)


def restart_page_numbering(section: Section, start: int = 1) -> None:
    """Number the pages of ``section`` from ``start`` (``w:pgNumType w:start``): Decree 30
    numbers each annex on its own."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    _insert_in_order(sect_pr, OxmlElement("w:pgNumType", {qn("w:start"): str(start)}),
                     _SECT_PR_ORDER)


def page_number_start(section: Section) -> int | None:
    """The number ``section`` restarts its pages at, or None when it continues."""
    found = section._sectPr.find(qn("w:pgNumType"))
    value = None if found is None else found.get(qn("w:start"))
    return None if value is None else int(value)


_EXT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_EXT_NS}" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><Application>{application}</Application>'
            '<Company>{company}</Company></Properties>')


def set_extended_properties(document: DocumentObject, application: str, company: str
                            ) -> None:
    """A fresh ``docProps/app.xml`` (python-docx has no API for it) naming ``application``
    and ``company`` instead of the template's "Microsoft Macintosh Word"; the template's
    thumbnail picture is dropped too, so a file browser never previews python-docx's
    sample page."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package.rels.pop(r_id)
    blob = _APP_XML.format(application=xml_escape(application), company=xml_escape(company))
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES,
                blob.encode("utf-8"), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def extended_property(source: Source, name: str) -> str | None:
    """One field of ``docProps/app.xml`` (tests and checks)."""
    package = open_document(source).part.package
    try:
        app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    except KeyError:
        return None
    element = parse_xml(app.blob).find(f"{{{_EXT_NS}}}{name}")
    return None if element is None else element.text


# --- footnotes: writing ----------------------------------------------------------------

_FOOTNOTES_XML = f"""<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="-1">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:separator/></w:r></w:p>
  </w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
</w:footnotes>"""


def ensure_footnotes_part(document: DocumentObject, fmt: RunFormat | None = None) -> XmlPart:
    """The document's footnotes part, created (with styles and settings) if missing.

    ``fmt`` sets the FootnoteText style of a new part (default Times New Roman 12 pt).
    A part python-docx loaded as plain bytes (it has no footnotes class) is replaced by
    an editable copy under the same relationship id, with its own relationships.
    """
    main = document.part
    for rel in list(main.rels.values()):
        if rel.reltype == FOOTNOTES_RELTYPE and not rel.is_external:
            target = rel.target_part
            if isinstance(target, XmlPart):
                return target
            part = XmlPart(target.partname, FOOTNOTES_CONTENT_TYPE, _root_element(target),
                           target.package)
            for inner in target.rels.values():
                part.load_rel(inner.reltype, inner.target_ref if inner.is_external
                              else inner.target_part, inner.rId, inner.is_external)
            main.load_rel(FOOTNOTES_RELTYPE, part, rel.rId)
            return part
    part = XmlPart(PackURI(FOOTNOTES_PARTNAME), FOOTNOTES_CONTENT_TYPE,
                   parse_xml(_FOOTNOTES_XML), main.package)
    main.relate_to(part, FOOTNOTES_RELTYPE)
    ensure_footnote_styles(document, fmt or RunFormat())
    _ensure_settings_footnote_pr(document)
    return part


def ensure_footnote_styles(document: DocumentObject, fmt: RunFormat) -> None:
    """Word's ``footnote text`` paragraph style (set in ``fmt``, single-spaced, justified)
    and ``footnote reference`` character style (superscript), unless present. The names
    are Word's built-in lower-case ones, so Word shows its localised style names."""
    styles = document.styles
    ids = {style.style_id for style in styles}
    if TEXT_STYLE_ID not in ids:
        text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        text.style_id = TEXT_STYLE_ID
        text.base_style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        text.priority = 99
        text.unhide_when_used = True
        par = text.paragraph_format
        par.space_before, par.space_after, par.line_spacing = Pt(0), Pt(0), 1.0
        par.first_line_indent = Pt(0)
        par.alignment = WD_PARAGRAPH_ALIGNMENT.JUSTIFY
        format_font(text.font, RunFormat(fmt.font, fmt.size_pt, fmt.color))
    if REFERENCE_STYLE_ID not in ids:
        ref = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
        ref.style_id = REFERENCE_STYLE_ID
        ref.base_style = styles.default(WD_STYLE_TYPE.CHARACTER)
        ref.priority = 99
        ref.unhide_when_used = True
        ref.font.superscript = True


def add_footnote(
    paragraph: Paragraph,
    text: str,
    fmt: RunFormat | None = None,
    ref_size_pt: float | None = None,
) -> int:
    """Append a footnote reference to ``paragraph`` and the note ``text``; return its id.

    ``fmt`` sets the note text; the superscript number in the body takes the body's
    size ``ref_size_pt`` (default: the note size). Ids are the next free number, so
    notes are numbered in the order they are added, which for a document written top
    to bottom is document order (what Word shows).
    """
    fmt = fmt or RunFormat()
    document = paragraph.part.document
    footnotes = ensure_footnotes_part(document, fmt).element
    note_id = _next_id(footnotes)
    footnotes.append(_footnote_element(note_id, text, fmt))
    reference = paragraph.add_run()
    reference.style = document.styles.get_by_id(REFERENCE_STYLE_ID, WD_STYLE_TYPE.CHARACTER)
    format_font(reference.font, RunFormat(fmt.font, ref_size_pt or fmt.size_pt, fmt.color))
    reference.font.superscript = True
    reference._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))
    return note_id


def _next_id(footnotes_el: BaseOxmlElement) -> int:
    ids = [_note_id(fn) for fn in footnotes_el.findall(qn("w:footnote"))]
    return max([0, *ids]) + 1


def _note_id(footnote_el: BaseOxmlElement) -> int:
    return int(footnote_el.get(qn("w:id"), "0"))


def _footnote_element(note_id: int, text: str, fmt: RunFormat) -> BaseOxmlElement:
    """``<w:footnote w:id=N>`` with one FootnoteText paragraph: mark, space, text."""
    footnote = OxmlElement("w:footnote", {qn("w:id"): str(note_id)})
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(OxmlElement("w:pStyle", {qn("w:val"): TEXT_STYLE_ID}))
    p.append(p_pr)
    mark = _note_run(fmt, superscript=True)
    mark.append(OxmlElement("w:footnoteRef"))
    p.append(mark)
    body = _note_run(fmt)
    t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
    t.text = " " + text
    body.append(t)
    p.append(body)
    footnote.append(p)
    return footnote


def _note_run(fmt: RunFormat, superscript: bool = False) -> BaseOxmlElement:
    """A ``w:r`` of the footnotes part, which python-docx has no objects for."""
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    run.append(r_pr)
    if superscript:
        r_pr.append(OxmlElement("w:rStyle", {qn("w:val"): REFERENCE_STYLE_ID}))
        r_pr.append(OxmlElement("w:vertAlign", {qn("w:val"): "superscript"}))
    _format_rpr(r_pr, fmt)
    return run


# CT_Settings children that the schema puts after w:footnotePr (ECMA-376 §17.15.1.78).
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def _ensure_settings_footnote_pr(document: DocumentObject) -> None:
    """Name the separator notes in settings (``w:footnotePr``), as Word does."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = OxmlElement("w:footnotePr")
    for sep_id in SEPARATOR_IDS:
        footnote_pr.append(OxmlElement("w:footnote", {qn("w:id"): str(sep_id)}))
    settings.insert_element_before(footnote_pr, *_SETTINGS_AFTER_FOOTNOTE_PR)


# --- reading ---------------------------------------------------------------------------

Source = str | Path | IO[bytes] | DocumentObject


def open_document(source: Source) -> DocumentObject:
    """A python-docx Document from a path, a binary stream or a Document."""
    if isinstance(source, DocumentObject):
        return source
    return docx.Document(str(source) if isinstance(source, Path) else source)


def read_footnotes(source: Source) -> dict[int, str]:
    """Every real note as ``{id: text}`` (separators left out), paragraphs joined by newlines."""
    footnotes_el = _footnotes_element(open_document(source))
    if footnotes_el is None:
        return {}
    notes: dict[int, str] = {}
    for fn in footnotes_el.findall(qn("w:footnote")):
        if fn.get(qn("w:type")) in SPECIAL_TYPES:
            continue
        notes[_note_id(fn)] = _note_text(fn)
    return notes


def footnote_ids(paragraph: Paragraph) -> list[int]:
    """Ids of the footnotes referenced in ``paragraph``, in reading order."""
    refs = paragraph._p.iter(qn("w:footnoteReference"))
    return [int(ref.get(qn("w:id"), "0")) for ref in refs]


def iter_paragraphs(document: DocumentObject) -> Iterator[Paragraph]:
    """Body paragraphs in document order, including those inside tables."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        else:
            yield from _table_paragraphs(block)


def footnoted_paragraphs(source: Source) -> list[tuple[Paragraph, list[int]]]:
    """Each body paragraph that references footnotes, with the ids it references."""
    document = open_document(source)
    found = [(p, footnote_ids(p)) for p in iter_paragraphs(document)]
    return [(p, ids) for p, ids in found if ids]


@dataclass(frozen=True)
class Text:
    """Text of one ``w:t``; ``superscript`` when its run is raised (a hand-typed note mark)."""

    text: str
    superscript: bool = False


@dataclass(frozen=True)
class NoteRef:
    """A footnote reference; ``note_id`` is the XML id (not the number Word shows)."""

    note_id: str


TAB = "tab"
BREAK = "break"  # a line or page break inside the paragraph
Piece = Text | NoteRef | str


def paragraph_pieces(paragraph: Paragraph) -> Iterator[Piece]:
    """What a paragraph shows, in reading order: texts, tabs, breaks, footnote references."""
    for el in paragraph._p.iter(_T, _TAB, _BR, _CR, _REF):
        if el.tag == _T:
            yield Text(el.text or "", _is_superscript(el.getparent()))
        elif el.tag == _TAB:
            yield TAB
        elif el.tag == _REF:
            yield NoteRef(el.get(qn("w:id"), ""))
        else:
            yield BREAK


_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_REF = qn("w:footnoteReference")


def _is_superscript(run: BaseOxmlElement | None) -> bool:
    if run is None:
        return False
    align = run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}")
    return align is not None and align.get(qn("w:val")) == "superscript"


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: set[BaseOxmlElement] = set()  # holds the elements, so identity stays valid
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats across the grid
                continue
            seen.add(cell._tc)
            for block in cell.iter_inner_content():
                if isinstance(block, Paragraph):
                    yield block
                else:
                    yield from _table_paragraphs(block)


def _footnotes_element(document: DocumentObject) -> BaseOxmlElement | None:
    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES_RELTYPE and not rel.is_external:
            return _root_element(rel.target_part)
    return None


def _root_element(part: Part) -> BaseOxmlElement:
    """The XML root of a part, whether python-docx parsed it or kept it as bytes."""
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


def _note_text(footnote_el: BaseOxmlElement) -> str:
    """The note's text without its own number mark (``w:footnoteRef``)."""
    return "\n".join(_plain_text(p) for p in footnote_el.findall(qn("w:p"))).strip()


_TEXT_TAGS = {_T: None, _TAB: "\t", _BR: "\n", _CR: "\n"}


def _plain_text(p: BaseOxmlElement) -> str:
    parts = []
    for el in p.iter(*_TEXT_TAGS):
        fixed = _TEXT_TAGS[el.tag]
        parts.append(el.text or "" if fixed is None else fixed)
    return "".join(parts)


# --- reading: list numbers -------------------------------------------------------------


class ListLabels:
    """The numbers and bullets Word draws for list paragraphs, which are not in the text.

    Covers direct and style numbering, ``%1.%2.`` level texts, decimal, roman and
    letter formats, ``start`` values; a bullet level becomes ``-``. Counters are kept
    per list (``numId``); a higher level resets the deeper ones, as Word does. Call
    ``label`` for each paragraph in document order.
    """

    def __init__(self, document: DocumentObject):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.sequence: dict[str, str] = {}  # list instance → the sequence it counts in
        self.styles = {
            s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))
        }
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {
            a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))
        }
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            if definition is None:
                continue
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _val(lvl, "w:numFmt", "decimal"),
                    _val(lvl, "w:lvlText", "%1."),
                    int(_val(lvl, "w:start", "1")),
                )
            num_id = num.get(qn("w:numId"))
            self.levels[num_id] = levels
            # Word continues one sequence across the list instances of an abstract list
            # unless an instance restarts it (lvlOverride): count per abstract list.
            restarts = num.find(qn("w:lvlOverride")) is not None
            self.sequence[num_id] = num_id if restarts else f"abstract:{ref.get(qn('w:val'))}"

    def label(self, paragraph: Paragraph) -> str | None:
        """The label Word draws before ``paragraph`` (``"2.1."``, ``"a)"``, ``"-"``), or None."""
        num_id, level = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or level not in levels:
            return None
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(self.sequence.get(num_id or "", num_id or ""),
                                            [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        for k in range(9):
            if f"%{k + 1}" in text:
                k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
                count = counters[k] or 1
                text = text.replace(f"%{k + 1}", _format_number(count + k_start - 1, k_fmt))
        return text.strip() or None

    def _num_pr(self, paragraph: Paragraph) -> tuple[str | None, int]:
        """The list and level of ``paragraph``: its own ``numPr``, completed by its style and
        the styles that one is based on (a heading style often names only its level and
        inherits the list from its parent style). ``numId`` 0 means "no list"."""
        p_pr = paragraph._p.pPr
        chain = [p_pr]
        style_ref = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
        style_id = style_ref.get(qn("w:val")) if style_ref is not None else None
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style.find(qn("w:pPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        num_id: str | None = None
        level: str | None = None
        for props in chain:
            num_pr = props.find(qn("w:numPr")) if props is not None else None
            if num_pr is None:
                continue
            num_id = num_id or _val(num_pr, "w:numId", None)
            level = level if level is not None else _val(num_pr, "w:ilvl", None)
        if num_id is None or num_id == "0":
            return None, 0
        return num_id, int(level or 0)


def _val(parent: BaseOxmlElement, tag: str, default: str | None) -> str | None:
    child = parent.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _roman(n: int) -> str:
    return roman(n) if n > 0 else ""

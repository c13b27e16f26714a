"""Real Word footnotes for python-docx: writing them and reading them back.

python-docx 1.2 has no footnote API and its default template has no footnotes
part, so this module adds one by hand (ECMA-376 §17.11):

* ``word/footnotes.xml`` (content type ``…wordprocessingml.footnotes+xml``),
  related from the document part with the ``…/relationships/footnotes`` type;
* in it the separator (``w:id="-1"``) and continuation separator
  (``w:id="0"``) notes, as Word 2010+ writes them and LibreOffice reads them,
  then one ``w:footnote w:id="N"`` (N ≥ 1) per note;
* in the body a run holding ``w:footnoteReference w:id="N"``, superscript;
* the ``FootnoteText`` / ``FootnoteReference`` styles and the
  ``w:footnotePr`` entry in settings that names the separators.

Writing and reading live together so the narrative importer reads exactly
what the Word export writes (and what Word itself writes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, cast

import docx
from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.rel import _Relationship
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.settings import CT_Settings
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.package import Package
from docx.table import Table
from docx.text.paragraph import Paragraph

FOOTNOTES_PARTNAME = "/word/footnotes.xml"
FOOTNOTES_CONTENT_TYPE = CT.WML_FOOTNOTES
FOOTNOTES_RELTYPE = RT.FOOTNOTES
TEXT_STYLE_ID = "FootnoteText"
REFERENCE_STYLE_ID = "FootnoteReference"
SEPARATOR_IDS = (-1, 0)  # Word 2010+ numbering of the two separator notes
SPECIAL_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
DEFAULT_FONT = "Times New Roman"
DEFAULT_SIZE_PT = 12.0

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

# Word's own definitions of the two styles (names are the built-in lower-case ones,
# so Word maps them to its localised "Footnote Text" / "Footnote Reference").
_TEXT_STYLE_XML = f"""<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{TEXT_STYLE_ID}">
  <w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
  <w:unhideWhenUsed/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>
    <w:ind w:firstLine="0"/><w:jc w:val="both"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{{font}}" w:hAnsi="{{font}}" w:eastAsia="{{font}}" w:cs="{{font}}"/>
    <w:color w:val="{{color}}"/><w:sz w:val="{{size}}"/><w:szCs w:val="{{size}}"/></w:rPr>
</w:style>"""

_REFERENCE_STYLE_XML = f"""<w:style {nsdecls("w")} w:type="character"
  w:styleId="{REFERENCE_STYLE_ID}">
  <w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:rPr><w:vertAlign w:val="superscript"/></w:rPr>
</w:style>"""


class FootnotesPart(XmlPart):
    """The ``word/footnotes.xml`` part; its element is the ``w:footnotes`` root."""

    @classmethod
    def new(cls, package: Package) -> FootnotesPart:
        element = parse_xml(_FOOTNOTES_XML)
        return cls(PackURI(FOOTNOTES_PARTNAME), FOOTNOTES_CONTENT_TYPE, element, package)


# Loaded documents get a FootnotesPart (editable XML) instead of an opaque blob part.
PartFactory.part_type_for[FOOTNOTES_CONTENT_TYPE] = FootnotesPart


@dataclass(frozen=True)
class RunFormat:
    """How the text of a note is set: font in every slot, size, colour."""

    font: str = DEFAULT_FONT
    size_pt: float = DEFAULT_SIZE_PT
    color: str = "000000"


# --- writing ---------------------------------------------------------------


def ensure_footnotes_part(document: DocumentObject, fmt: RunFormat | None = None) -> FootnotesPart:
    """The document's footnotes part, created (with styles and settings) if missing.

    ``fmt`` sets the FootnoteText style of a new part (default Times New Roman 12 pt).
    """
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == FOOTNOTES_RELTYPE and not rel.is_external:
            return _as_xml_part(rel)
    part = FootnotesPart.new(main.package)
    main.relate_to(part, FOOTNOTES_RELTYPE)
    ensure_footnote_styles(document, fmt or RunFormat())
    _ensure_settings_footnote_pr(document)
    return part


def ensure_footnote_styles(document: DocumentObject, fmt: RunFormat) -> None:
    """Add ``FootnoteText`` (set in ``fmt``) and ``FootnoteReference`` (superscript)
    styles unless the document has them."""
    styles_el = document.styles.element
    present = {s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))}
    if TEXT_STYLE_ID not in present:
        size = str(round(fmt.size_pt * 2))
        xml = _TEXT_STYLE_XML.format(font=fmt.font, color=fmt.color, size=size)
        styles_el.append(parse_xml(xml))
    if REFERENCE_STYLE_ID not in present:
        styles_el.append(parse_xml(_REFERENCE_STYLE_XML))


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
    part = ensure_footnotes_part(paragraph.part.document, fmt)
    note_id = _next_id(part.element)
    part.element.append(_footnote_element(note_id, text, fmt))
    ref_fmt = replace(fmt, size_pt=ref_size_pt or fmt.size_pt)
    paragraph._p.append(_reference_run(note_id, ref_fmt))
    return note_id


def _as_xml_part(rel: _Relationship) -> FootnotesPart:
    """The related footnotes part as editable XML.

    A document opened before this module registered FootnotesPart holds a plain
    blob part; swap in a parsed copy so notes can be added.
    """
    target = rel.target_part
    if isinstance(target, FootnotesPart):
        return target
    element = _root_element(target)
    part = FootnotesPart(target.partname, FOOTNOTES_CONTENT_TYPE, element, target.package)
    rel._target = part  # python-docx keeps no other handle on the target
    return part


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
    mark = _run(fmt, superscript=True)
    mark.append(OxmlElement("w:footnoteRef"))
    p.append(mark)
    body = _run(fmt)
    t = OxmlElement("w:t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    t.text = " " + text
    body.append(t)
    p.append(body)
    footnote.append(p)
    return footnote


def _reference_run(note_id: int, fmt: RunFormat) -> BaseOxmlElement:
    """The superscript body run that carries the note number."""
    run = _run(fmt, superscript=True)
    run.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))
    return run


def _run(fmt: RunFormat, superscript: bool = False) -> BaseOxmlElement:
    """A ``w:r`` whose properties name the font in all four slots (Latin, East
    Asian, complex script), so no slot falls back to a theme font."""
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    if superscript:
        r_pr.append(OxmlElement("w:rStyle", {qn("w:val"): REFERENCE_STYLE_ID}))
    slots = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    r_pr.append(OxmlElement("w:rFonts", {qn(s): fmt.font for s in slots}))
    r_pr.append(OxmlElement("w:color", {qn("w:val"): fmt.color}))
    half_points = str(round(fmt.size_pt * 2))
    r_pr.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
    r_pr.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))
    if superscript:
        r_pr.append(OxmlElement("w:vertAlign", {qn("w:val"): "superscript"}))
    run.append(r_pr)
    return run


# CT_Settings children that the schema puts after w:footnotePr (ECMA-376 §17.15.1.78).
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _ensure_settings_footnote_pr(document: DocumentObject) -> None:
    """Name the separator notes in settings (``w:footnotePr``), as Word does."""
    settings = cast(CT_Settings, document.settings.element)
    if settings.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = OxmlElement("w:footnotePr")
    for sep_id in SEPARATOR_IDS:
        footnote_pr.append(OxmlElement("w:footnote", {qn("w:id"): str(sep_id)}))
    settings.insert_element_before(footnote_pr, *_SETTINGS_AFTER_FOOTNOTE_PR)


# --- reading ---------------------------------------------------------------

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
    return "\n".join(_paragraph_text(p) for p in footnote_el.findall(qn("w:p"))).strip()


_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _paragraph_text(p: BaseOxmlElement) -> str:
    parts = []
    for el in p.iter(*_TEXT_TAGS):
        fixed = _TEXT_TAGS[el.tag]
        parts.append(el.text or "" if fixed is None else fixed)
    return "".join(parts)

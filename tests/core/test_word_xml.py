"""core.word_xml: the Word XML python-docx has no API for, written and read back.

Each helper is checked on documents built here: the XML it writes (schema order, values),
what python-docx reads back through its public API, and that a saved file reopens.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from core.word_xml import (
    BREAK,
    FOOTNOTES_CONTENT_TYPE,
    FOOTNOTES_RELTYPE,
    TAB,
    ListLabels,
    NoteRef,
    RunFormat,
    Text,
    add_bottom_border,
    add_field,
    add_footnote,
    footnote_ids,
    footnoted_paragraphs,
    format_font,
    format_run,
    iter_paragraphs,
    keep_row_together,
    paragraph_pieces,
    read_footnotes,
    repeat_as_header,
    set_cell_margins,
    set_document_defaults,
    set_paragraph_mark,
    set_table_borders,
    set_table_indent,
    set_table_width,
)

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEMES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _reopen(document: DocumentObject) -> DocumentObject:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def _children(element) -> list[str]:
    return [etree.QName(child).localname for child in element]


# --- nothing global -----------------------------------------------------------------------


def test_importing_the_module_changes_nothing_in_python_docx() -> None:
    """Part classes, element classes and the part selector are python-docx's own after the
    import, and a loaded document's footnotes stay a plain part until we edit them."""
    script = """
import docx
from docx.opc.part import PartFactory
from docx.oxml.ns import nsmap
from docx.oxml.parser import element_class_lookup

def snapshot():
    return (dict(PartFactory.part_type_for), PartFactory.part_class_selector,
            {ns: dict(element_class_lookup.get_namespace(uri).items())
             for ns, uri in nsmap.items()})

before = snapshot()
import core.word_xml
document = docx.Document()
core.word_xml.add_footnote(document.add_paragraph("x"), "note")
buffer = __import__("io").BytesIO()
document.save(buffer)
loaded = docx.Document(buffer)
part = loaded.part.part_related_by(core.word_xml.FOOTNOTES_RELTYPE)
assert snapshot() == before, "python-docx was changed"
print(type(part).__module__, type(part).__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["docx.opc.part", "Part"]


def test_no_other_module_writes_word_xml() -> None:
    """Raw Word XML and python-docx's element handles live in core/word_xml.py only."""
    raw = re.compile(r"\bdocx\.oxml\b|\._(?:p|r|tbl|tr|tc|element)\b|\bOxmlElement\b")
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests") or rel == Path("core/word_xml.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if "docx" in text and raw.search(text):
            offenders.append(str(rel))
    assert offenders == []


# --- run formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [
    RunFormat("Times New Roman", 14, "000000", bold=True),
    RunFormat("Arial", 10.5, "1F3864", italic=True),
    RunFormat("Times New Roman", 13, "000000", bold=True, italic=True),
    RunFormat("Calibri", 8),
])
def test_format_run_sets_every_font_slot_size_weight_and_colour(fmt: RunFormat) -> None:
    document = docx.Document()
    run = format_run(document.add_paragraph().add_run("Sở Khoa học"), fmt)
    font = run.font
    assert (font.name, font.size, font.color.rgb) == (fmt.font, Pt(fmt.size_pt),
                                                      RGBColor.from_string(fmt.color))
    assert (font.bold, font.cs_bold) == ((True, True) if fmt.bold else (None, None))
    assert (font.italic, font.cs_italic) == ((True, True) if fmt.italic else (None, None))
    r_pr = etree.fromstring(etree.tostring(run._r))[0]
    fonts = r_pr.find(f"{W}rFonts")
    assert {s: fonts.get(f"{W}{s}") for s in SLOTS} == dict.fromkeys(SLOTS, fmt.font)
    assert r_pr.find(f"{W}szCs").get(f"{W}val") == str(round(fmt.size_pt * 2))
    _assert_schema_order(r_pr)


def test_format_font_replaces_an_earlier_format_and_theme_fonts() -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("x")
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsiaTheme"), "minorEastAsia")
    format_run(run, RunFormat("Arial", 20, bold=True, italic=True))
    format_run(run, RunFormat("Times New Roman", 12))
    assert (run.bold, run.italic, run.font.cs_bold, run.font.size) == (None, None, None, Pt(12))
    fonts = run._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert len(run._r.rPr.findall(qn("w:szCs"))) == 1


def test_style_font_through_the_same_helper() -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    format_font(normal.font, RunFormat("Times New Roman", 14))
    reopened = _reopen(document).styles["Normal"]
    assert (reopened.font.name, reopened.font.size) == ("Times New Roman", Pt(14))
    fonts = reopened.element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == fonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_document_defaults() -> None:
    document = docx.Document()
    set_document_defaults(document, RunFormat("Times New Roman", 14), "vi-VN", Pt(6), 1.15)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = r_pr.find(qn("w:rFonts"))
    assert all(fonts.get(qn(f"w:{s}")) == "Times New Roman" for s in SLOTS)
    assert not any(fonts.get(qn(f"w:{s}")) for s in THEMES)  # the template has theme fonts
    assert r_pr.find(qn("w:sz")).get(qn("w:val")) == "28"
    assert r_pr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    assert (spacing.get(qn("w:after")), spacing.get(qn("w:line"))) == ("120", "276")
    _assert_schema_order(etree.fromstring(etree.tostring(r_pr)))


def test_paragraph_mark_and_bottom_border_in_schema_order() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.left_indent = Mm(10)
    p.paragraph_format.keep_with_next = True
    add_bottom_border(p, 6)
    set_paragraph_mark(p, RunFormat(size_pt=2))
    set_paragraph_mark(p, RunFormat(size_pt=3))  # a second call replaces, never repeats
    p_pr = p._p.pPr
    assert _children(p_pr) == ["keepNext", "pBdr", "spacing", "ind", "rPr"]
    bottom = p_pr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert (bottom.get(qn("w:val")), bottom.get(qn("w:sz"))) == ("single", "6")
    assert p_pr.find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "6"
    reopened = _reopen(document).paragraphs[-1]
    assert round(reopened.paragraph_format.left_indent.mm) == 10  # stored in twips


def test_field_is_five_formatted_runs() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    add_field(p, "PAGE", "7", RunFormat("Times New Roman", 14))
    runs = p.runs
    assert len(runs) == 5 and p.text == "7"
    kinds = [r._r.find(qn("w:fldChar")) for r in runs]
    assert [k.get(qn("w:fldCharType")) if k is not None else None for k in kinds] == [
        "begin", None, "separate", None, "end"]
    assert runs[1]._r.find(qn("w:instrText")).text == " PAGE "
    for run in runs:
        assert run.font.size == Pt(14) and run._r[0].tag == qn("w:rPr")


# --- tables ----------------------------------------------------------------------------------


def _tbl_pr_order(table) -> list[str]:
    return _children(table._tbl.tblPr)


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)])
def test_table_properties_land_in_schema_order_whatever_the_call_order(order) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    steps = [
        lambda: set_table_width(table, Mm(165)),
        lambda: set_table_indent(table, Mm(-10)),
        lambda: set_table_borders(table, "none"),
        lambda: set_cell_margins(table, Mm(0)),
    ]
    for index in order:
        steps[index]()
    steps[order[0]]()  # again: replaced, not repeated
    names = _tbl_pr_order(table)
    expected = ["tblStyle", "tblW", "tblInd", "tblBorders", "tblCellMar", "tblLook"]
    assert [n for n in names if n in expected] == expected
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    assert (width.get(qn("w:type")), width.get(qn("w:w"))) == ("dxa", str(Mm(165).twips))
    assert tbl_pr.find(qn("w:tblInd")).get(qn("w:w")) == str(Mm(-10).twips)
    assert {e.get(qn("w:val")) for e in tbl_pr.find(qn("w:tblBorders"))} == {"none"}
    assert len(tbl_pr.find(qn("w:tblBorders"))) == 6
    margins = tbl_pr.find(qn("w:tblCellMar"))
    assert [(etree.QName(m).localname, m.get(qn("w:w"))) for m in margins] == [
        ("left", "0"), ("right", "0")]


def test_header_row_and_unbreakable_rows() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=1)
    repeat_as_header(table.rows[0])
    keep_row_together(table.rows[0])  # called after: still before tblHeader
    repeat_as_header(table.rows[0])  # idempotent
    keep_row_together(table.rows[1])
    assert _children(table.rows[0]._tr.trPr) == ["cantSplit", "tblHeader"]
    assert _children(table.rows[1]._tr.trPr) == ["cantSplit"]
    assert table.rows[2]._tr.trPr is None
    table.rows[0].height = Mm(8)  # python-docx's own property slots in between
    assert _children(table.rows[0]._tr.trPr) == ["cantSplit", "trHeight", "tblHeader"]


# --- footnotes -------------------------------------------------------------------------------


def _package(document: DocumentObject) -> dict[str, bytes]:
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_footnotes_in_a_new_document_are_a_real_part() -> None:
    document = docx.Document()
    fmt = RunFormat("Times New Roman", 12)
    ids = [add_footnote(document.add_paragraph(f"Đoạn {n}"), f"Ghi chú {n}", fmt, 14)
           for n in range(1, 4)]
    assert ids == [1, 2, 3]
    package = _package(document)
    types = etree.fromstring(package["[Content_Types].xml"])
    assert {o.get("PartName"): o.get("ContentType") for o in types}[
        "/word/footnotes.xml"] == FOOTNOTES_CONTENT_TYPE
    rels = etree.fromstring(package["word/_rels/document.xml.rels"])
    assert {r.get("Type"): r.get("Target") for r in rels}[FOOTNOTES_RELTYPE] == "footnotes.xml"
    reopened = docx.Document(_as_stream(package))
    assert read_footnotes(reopened) == {n: f"Ghi chú {n}" for n in (1, 2, 3)}
    refs = [p for p, _ in footnoted_paragraphs(reopened)]
    assert [r.text for r in refs] == ["Đoạn 1", "Đoạn 2", "Đoạn 3"]
    reference = refs[0].runs[-1]
    assert (reference.font.superscript, reference.font.size) == (True, Pt(14))
    assert reference.style.style_id == "FootnoteReference"
    text_style = next(s for s in reopened.styles if s.style_id == "FootnoteText")
    assert (text_style.name, text_style.font.size) == ("footnote text", Pt(12))


def _as_stream(package: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in package.items():
            zf.writestr(name, data)
    buffer.seek(0)
    return buffer


def _word_like_document() -> io.BytesIO:
    """A document as Word writes one: footnote ids 5 and 9 (not 1, 2), a note of two
    paragraphs with a tab and a break, a hyperlink relationship inside the footnotes part."""
    document = docx.Document()
    add_footnote(document.add_paragraph("Một"), "tạm")
    package = _package(document)
    footnotes = etree.fromstring(package["word/footnotes.xml"])
    note = next(n for n in footnotes if n.get(f"{W}id") == "1")
    note.set(f"{W}id", "9")
    second = etree.fromstring(etree.tostring(note))
    second.set(f"{W}id", "5")
    footnotes.append(second)
    paragraph = note.find(f"{W}p")
    paragraph.find(f".//{W}t").text = " Dòng một"
    extra = etree.SubElement(note, f"{W}p")
    run = etree.SubElement(extra, f"{W}r")
    etree.SubElement(run, f"{W}t").text = "a"
    etree.SubElement(run, f"{W}tab")
    etree.SubElement(run, f"{W}t").text = "b"
    etree.SubElement(run, f"{W}br")
    etree.SubElement(run, f"{W}t").text = "c"
    package["word/footnotes.xml"] = etree.tostring(footnotes)
    body = package["word/document.xml"].decode().replace('w:id="1"', 'w:id="9"')
    body = body.replace("</w:p></w:body>", "").replace(
        "<w:sectPr", '<w:p><w:r><w:t>Hai</w:t></w:r><w:r><w:footnoteReference w:id="5"/>'
        "</w:r></w:p><w:sectPr", 1)
    package["word/document.xml"] = body.encode()
    package["word/_rels/footnotes.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT.HYPERLINK}" Target="https://example.vn/"'
        ' TargetMode="External"/></Relationships>').encode()
    return _as_stream(package)


def test_reading_word_ids_multi_paragraph_notes_and_references() -> None:
    document = docx.Document(_word_like_document())
    assert read_footnotes(document) == {9: "Dòng một\na\tb\nc", 5: "tạm"}
    found = [(p.text, ids) for p, ids in footnoted_paragraphs(document)]
    assert found == [("Một", [9]), ("Hai", [5])]


def test_adding_to_a_loaded_document_keeps_its_notes_and_their_links(tmp_path: Path) -> None:
    document = docx.Document(_word_like_document())
    assert add_footnote(document.add_paragraph("Ba"), "mới") == 10  # after the highest id
    path = tmp_path / "again.docx"
    document.save(path)
    assert read_footnotes(path) == {9: "Dòng một\na\tb\nc", 5: "tạm", 10: "mới"}
    with zipfile.ZipFile(path) as zf:
        rels = zf.read("word/_rels/footnotes.xml.rels").decode()
        styles = zf.read("word/styles.xml").decode()
    assert "https://example.vn/" in rels
    assert styles.count('w:styleId="FootnoteText"') == 1  # not added twice


def test_paragraph_pieces_in_reading_order() -> None:
    document = docx.Document()
    p = document.add_paragraph("Số")
    p.add_run().add_tab()
    p.add_run("5.749")
    raised = p.add_run("2")
    raised.font.superscript = True
    p.add_run().add_break()
    add_footnote(p, "ghi chú")
    assert list(paragraph_pieces(p)) == [
        Text("Số"), TAB, Text("5.749"), Text("2", superscript=True), BREAK, NoteRef("1")]
    assert footnote_ids(p) == [1]


def test_iter_paragraphs_reads_tables_nested_and_merged_once() -> None:
    document = docx.Document()
    document.add_paragraph("trước")
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.paragraphs[0].text = "gộp"
    table.cell(1, 0).paragraphs[0].text = "trái"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).paragraphs[0].text = "lồng"
    document.add_paragraph("sau")
    texts = [p.text for p in iter_paragraphs(document) if p.text]
    assert texts == ["trước", "gộp", "trái", "lồng", "sau"]


# --- list numbers ----------------------------------------------------------------------------


def _numbered(levels: list[tuple[str, str, int]], items: list[int],
              style_numbered: bool = False) -> tuple[DocumentObject, list]:
    """A document with one list (levels: format, level text, start) and one paragraph per
    entry of ``items`` (its level); ``style_numbered`` puts the numbering on a style."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text, start) in enumerate(levels))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.append(parse_xml(f'<w:abstractNum {ns} w:abstractNumId="77">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="42"><w:abstractNumId w:val="77"/></w:num>'))
    if style_numbered:
        style = document.styles.add_style("Danh sách", WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="42"/></w:numPr>'))
    paragraphs = []
    for n, level in enumerate(items):
        p = document.add_paragraph(f"mục {n}")
        if style_numbered:
            p.style = document.styles["Danh sách"]
        else:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="42"/></w:numPr>'))
        paragraphs.append(p)
    return document, paragraphs


@pytest.mark.parametrize(("levels", "items", "expected"), [
    ([("decimal", "%1.", 1)], [0, 0, 0], ["1.", "2.", "3."]),
    ([("upperRoman", "%1.", 1)], [0] * 4, ["I.", "II.", "III.", "IV."]),
    ([("lowerRoman", "%1)", 8)], [0, 0], ["viii)", "ix)"]),
    ([("lowerLetter", "%1)", 1)], [0, 0, 0], ["a)", "b)", "c)"]),
    ([("upperLetter", "%1.", 26)], [0, 0], ["Z.", "A."]),
    ([("decimal", "%1.", 1), ("decimal", "%1.%2.", 1)], [0, 1, 1, 0, 1],
     ["1.", "1.1.", "1.2.", "2.", "2.1."]),  # a higher level resets the deeper one
    ([("decimal", "%1.", 3), ("bullet", "•", 1)], [0, 1, 1, 0], ["3.", "-", "-", "4."]),
    ([("none", "", 1)], [0], [None]),
])
def test_list_labels(levels, items, expected) -> None:
    document, paragraphs = _numbered(levels, items)
    labels = ListLabels(document)
    assert [labels.label(p) for p in paragraphs] == expected


def test_list_labels_from_a_style_and_plain_paragraphs() -> None:
    document, paragraphs = _numbered([("decimal", "%1.", 1)], [0, 0], style_numbered=True)
    plain = document.add_paragraph("không đánh số")
    labels = ListLabels(document)
    assert [labels.label(p) for p in [*paragraphs, plain]] == ["1.", "2.", None]


# --- helpers ---------------------------------------------------------------------------------

_RPR_SCHEMA = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "highlight",
               "vertAlign", "lang"]


def _assert_schema_order(r_pr) -> None:
    names = [n for n in _children(r_pr) if n in _RPR_SCHEMA]
    assert names == sorted(names, key=_RPR_SCHEMA.index)

"""Read a .docx report: body paragraphs (tables included), list numbers, real footnotes.

Footnote texts come from ``report.docx_footnotes.read_footnotes`` — the module the
Word export writes them with — so export and import agree on the format. A
``w:footnoteReference`` run becomes ``[n]`` in the text, ``n`` counting notes in
reading order as Word displays them (the XML ids need not be 1, 2, 3 …).
"""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from core.messages import t
from etl.narrative.model import NarrativeError, RawText
from report.docx_footnotes import iter_paragraphs, open_document, read_footnotes

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_REF = qn("w:footnoteReference")


def read_docx(data: bytes, filename: str) -> RawText:
    try:
        document = open_document(io.BytesIO(data))
        word_notes = read_footnotes(document)
    except Exception:  # a damaged or foreign zip fails in many ways
        raise NarrativeError(t("narrative.unreadable", file=filename)) from None
    notes = {str(k): " ".join(v.split()) for k, v in word_notes.items()}
    labels = _ListLabels(document)
    markers: dict[str, str] = {}  # Word id → displayed number
    paragraphs: list[str] = []
    for paragraph in iter_paragraphs(document):
        text = _paragraph_text(paragraph, markers)
        label = labels.label(paragraph)
        # Soft line breaks (signature block "KT. GIÁM ĐỐC" ↵ "PHÓ GIÁM ĐỐC") become lines.
        lines = text.split("\n")
        if label and lines:
            lines[0] = f"{label} {lines[0]}"
        paragraphs.extend(lines)
    footnotes = {shown: notes[word_id] for word_id, shown in markers.items() if word_id in notes}
    return RawText(paragraphs, footnotes)


def _paragraph_text(paragraph: Paragraph, markers: dict[str, str]) -> str:
    """Text of the runs in order; footnote references as ``[n]``; superscript digits
    typed by hand (a fake footnote mark) as ``¹²³``."""
    parts: list[str] = []
    for el in paragraph._p.iter(_T, _TAB, _BR, _CR, _REF):
        if el.tag == _T:
            text = el.text or ""
            if text.strip().isdigit() and _is_superscript(el.getparent()):
                text = text.translate(_SUPERSCRIPT)
            parts.append(text)
        elif el.tag == _TAB:
            parts.append(" ")
        elif el.tag == _REF:
            word_id = el.get(qn("w:id"), "")
            shown = markers.setdefault(word_id, str(len(markers) + 1))
            parts.append(f"[{shown}]")
        else:  # line or page break
            parts.append("\n")
    return "".join(parts)


def _is_superscript(run: BaseOxmlElement | None) -> bool:
    if run is None:
        return False
    align = run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}")
    return align is not None and align.get(qn("w:val")) == "superscript"


class _ListLabels:
    """The numbers and bullets Word draws for list paragraphs, which are not in the text.

    Covers direct and style numbering, ``%1.%2.`` level texts, decimal, roman and
    letter formats, ``start`` values; a bullet level becomes ``-``. Counters are kept
    per list (``numId``); a higher level resets the deeper ones, as Word does.
    """

    def __init__(self, document: DocumentObject):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
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
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph: Paragraph) -> str | None:
        num_id, level = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or level not in levels:
            return None
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id or "", [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        for k in range(9):
            if f"%{k + 1}" in text:
                k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
                count = counters[k] or 1
                text = text.replace(f"%{k + 1}", _format(count + k_start - 1, k_fmt))
        return text.strip() or None

    def _num_pr(self, paragraph: Paragraph) -> tuple[str | None, int]:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None and p_pr is not None:
            style_ref = p_pr.find(qn("w:pStyle"))
            style = self.styles.get(style_ref.get(qn("w:val"))) if style_ref is not None else None
            if style is not None:
                num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            return None, 0
        return _val(num_pr, "w:numId", None), int(_val(num_pr, "w:ilvl", "0") or 0)


def _val(parent: BaseOxmlElement, tag: str, default: str | None) -> str | None:
    child = parent.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _format(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _roman(n: int) -> str:
    out = ""
    numerals = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    for value, numeral in numerals:
        while n >= value:
            out += numeral
            n -= value
    return out

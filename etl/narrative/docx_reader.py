"""Read a .docx report: body paragraphs (tables included), list numbers, real footnotes.

Everything Word-specific comes from ``core.word_xml`` — the module the Word export
writes with — so export and import agree on the format. A footnote reference becomes
``[n]`` in the text, ``n`` counting notes in reading order as Word displays them (the
XML ids need not be 1, 2, 3 …); superscript digits typed by hand (a fake note mark)
become ``¹²³``.
"""

from __future__ import annotations

import io
import re

from docx.text.paragraph import Paragraph

from core.word_xml import (
    BREAK,
    TAB,
    ListLabels,
    NoteRef,
    Text,
    iter_paragraphs,
    open_document,
    paragraph_pieces,
    read_footnotes,
)
from etl.narrative.model import NarrativeError, RawText
from etl.narrative.paragraphs import BULLET_GLYPHS

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A line after a soft break that starts something new: a bullet, a number, a part.
_FULL_STOP = re.compile(r"[.!?…][”\"')\]]*$")  # ";" and ":" end a clause, not the line
_NEW_LINE = re.compile(
    rf"^(?:[-+–{BULLET_GLYPHS}\ue000-\uf8ff]|\d{{1,2}}(?:\.\d{{1,2}})*[.)]\s|[IVX]{{1,4}}\.\s)")


def read_docx(data: bytes, filename: str) -> RawText:
    try:
        document = open_document(io.BytesIO(data))
        word_notes = read_footnotes(document)
    except Exception:  # a damaged or foreign zip fails in many ways
        raise NarrativeError("narrative.unreadable", file=filename) from None
    notes = {str(k): " ".join(v.split()) for k, v in word_notes.items()}
    labels = ListLabels(document)
    markers: dict[str, str] = {}  # Word id → displayed number
    paragraphs: list[str] = []
    for paragraph in iter_paragraphs(document):
        text = _paragraph_text(paragraph, markers)
        label = labels.label(paragraph)
        # Soft line breaks: a line of its own (signature block "KT. GIÁM ĐỐC" ↵ "PHÓ GIÁM
        # ĐỐC") stays a line; a sentence broken where its line wrapped is joined again.
        lines = join_wrapped(text.split("\n"))
        if label and lines:
            lines[0] = f"{label} {lines[0]}"
        paragraphs.extend(lines)
    footnotes = {shown: notes[word_id] for word_id, shown in markers.items() if word_id in notes}
    return RawText(paragraphs, footnotes)


def join_wrapped(lines: list[str]) -> list[str]:
    """Lines of one Word paragraph split by soft breaks, a wrapped sentence joined again.

    >>> join_wrapped(["Tham gia thẩm định công nghệ", "Dự án đầu tư.", "- Tiếp"])
    ['Tham gia thẩm định công nghệ Dự án đầu tư.', '- Tiếp']
    >>> join_wrapped(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"])
    ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']
    """
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        previous = out[-1].strip() if out else ""
        if (previous and stripped and not _FULL_STOP.search(previous)
                and not _is_upper(previous) and not _is_upper(stripped)
                and not _NEW_LINE.match(stripped)):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
    return out


def _is_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text.upper() == text


def _paragraph_text(paragraph: Paragraph, markers: dict[str, str]) -> str:
    """Text of the runs in order; footnote references as ``[n]``; a tab as a space."""
    parts: list[str] = []
    for piece in paragraph_pieces(paragraph):
        if isinstance(piece, Text):
            text = piece.text
            if piece.superscript and text.strip().isdigit():
                text = text.translate(_SUPERSCRIPT)
            parts.append(text)
        elif isinstance(piece, NoteRef):
            shown = markers.setdefault(piece.note_id, str(len(markers) + 1))
            parts.append(f"[{shown}]")
        elif piece == TAB:
            parts.append(" ")
        elif piece == BREAK:
            parts.append("\n")
    return "".join(parts)

"""Read a .docx report: body paragraphs (tables included), list numbers, real footnotes.

Everything Word-specific comes from ``core.word_xml`` — the module the Word export
writes with — so export and import agree on the format. A footnote reference becomes
``[n]`` in the text, ``n`` counting notes in reading order as Word displays them (the
XML ids need not be 1, 2, 3 …); superscript digits typed by hand (a fake note mark)
become ``¹²³``.
"""

from __future__ import annotations

import io

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

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


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
        # Soft line breaks (signature block "KT. GIÁM ĐỐC" ↵ "PHÓ GIÁM ĐỐC") become lines.
        lines = text.split("\n")
        if label and lines:
            lines[0] = f"{label} {lines[0]}"
        paragraphs.extend(lines)
    footnotes = {shown: notes[word_id] for word_id, shown in markers.items() if word_id in notes}
    return RawText(paragraphs, footnotes)


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

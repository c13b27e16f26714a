"""Read a PDF with a text layer into paragraphs.

A PDF has lines, not paragraphs (``pdf_lines``). Within a page a new paragraph
starts at a first-line indent (or a centred line), a gap wider than the line pitch,
a change of font size, a bullet or number, or after a short line that ends a
sentence. Across pages, a paragraph cut by the page break is joined again, and the
small print that opens a page's footnote area without a mark continues the
previous page's last footnote. Page numbers alone on a page's first or last line
are dropped.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

from pypdf import PdfReader

from etl.containers import Refusal, check_pages, check_text_size
from etl.narrative.model import NarrativeError, RawText
from etl.narrative.paragraphs import BULLET_GLYPHS
from etl.narrative.pdf_lines import Line, page_lines

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,3}[-–\s]*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?…][”\"')]?$")
_FULL_STOP = re.compile(r"[.!?…][”\"')]?$")  # ends a sentence, not just a clause
_BULLET = re.compile(rf"^[-+–{BULLET_GLYPHS}\ue000-\uf8ff]\s*\S")
# Starts a paragraph whatever the layout: "II.", "2.1. Công tác…", "¹ Gồm…", "[1] …"
# (the letter after a number must be a capital: checked in ``_strong_start``).
# A heading number is not zero-padded: "01 Đặc san" is a count running onto a new line.
_STRONG_START = re.compile(
    r"^(?:[IVX]{1,4}\.|[1-9]\d?(?:\.\d{1,2}){0,2}\.?\s+(\w)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])"
)
_NOTE_MARK = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])")
_NOTE_START = re.compile(r"^(\d{1,2})\s+(\w)")  # "1 Gồm: …" with the mark not raised
_HEADING = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2}){0,2}\.?\s)")

_SMALL_PRINT = 0.9  # a line below this share of the body size is footnote print
_HEADING_MAX = 80  # a numbered line shorter than this at a page foot is a heading
_GAP_EXTRA = 2.0  # points of extra space (beyond the line pitch) that end a paragraph
_INDENT_PT = 8.0  # a line starting this far right of the margin starts a paragraph
_SHORT_LINE = 0.8  # a line shorter than this share of the longest may end a paragraph
_VERY_SHORT = 0.6  # … or this share without a full stop (a title, a heading, a header line)
_HANG = 2.0  # points: a line starting this close to the text after a label continues it


@dataclass
class _Paragraph:
    text: str
    indented: bool  # its first line starts right of the margin (indent or centring)
    small: bool  # set in footnote-sized print
    hang: float | None = None  # where its wrapped lines start (after a list label)


def read_pdf(data: bytes, filename: str) -> RawText:
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise NarrativeError("narrative.pdf_encrypted", file=filename)
            pages = _bounded_pages(reader, filename)
    except (NarrativeError, Refusal):
        raise
    except Exception:  # pypdf fails on damaged files in many ways
        raise NarrativeError("narrative.unreadable", file=filename) from None
    if not any(lines for lines in pages):
        raise NarrativeError("narrative.scanned_pdf", file=filename)
    pages = [_drop_page_numbers(lines) for lines in pages]
    body, pitch = _body_size(pages), _pitch_by_size(pages)
    paragraphs: list[list[_Paragraph]] = []
    hang: float | None = None  # a list paragraph running over the page break keeps its indent
    for lines in pages:
        paragraphs.append(_paragraphs(_mark_note_starts(lines, body), body, pitch, hang))
        hang = next((p.hang for p in reversed(paragraphs[-1]) if not p.small), hang)
    return RawText([p.text for p in _across_pages(paragraphs)])


def _bounded_pages(reader: PdfReader, filename: str) -> list[list[Line]]:
    """Every page's lines, at most ``MAX_PDF_PAGES`` pages and ``MAX_TEXT_CHARS`` of text
    (checked page by page, so a huge text layer stops early)."""
    check_pages(len(reader.pages), filename)
    pages, chars = [], 0
    for page in reader.pages:
        lines = page_lines(page)
        chars += sum(len(line.text) for line in lines)
        check_text_size(chars, filename)
        pages.append(lines)
    return pages


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns in English about damaged files; the user gets our message."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    if lines and _PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    if lines and _PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    return lines


def _body_size(pages: list[list[Line]]) -> float:
    """The font size of most lines in the document: the body text."""
    sizes = Counter(line.size for lines in pages for line in lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _mark_note_starts(lines: list[Line], body: float) -> list[Line]:
    """"1 Gồm: …" in small print after a sentence's end opens note 1: give it a ¹.

    Some writers do not report a raised digit's own size, so the small print is what
    tells a note from a sentence that starts with a number.
    """
    previous: Line | None = None
    for line in lines:
        m = _NOTE_START.match(line.text)
        small = line.size < _SMALL_PRINT * body
        opens = previous is None or previous.size >= _SMALL_PRINT * body or bool(
            _SENTENCE_END.search(previous.text))
        if m and m.group(2).isupper() and small and opens:
            line.set_text(m.group(1).translate(_SUPERSCRIPT) + line.text[m.end(1):])
        previous = line
    return lines


def _paragraphs(lines: list[Line], body: float, pitch: dict[float, float],
                hang: float | None = None) -> list[_Paragraph]:
    """The page's paragraphs; ``hang`` is the indent of the list paragraph the previous
    page ended in (its wrapped lines may run on here)."""
    if not lines:
        return []
    xs = Counter(round(line.x) for line in lines if line.x is not None)
    repeated = [x for x, n in xs.items() if n > 1] or list(xs)
    margin = min(repeated) if repeated else None  # the left edge wrapped lines return to
    longest: Counter[float] = Counter()
    for line in lines:
        longest[line.size] = max(longest[line.size], len(line.text))

    def indented(line: Line) -> bool:
        return margin is not None and line.x is not None and line.x - margin > _INDENT_PT

    def new(line: Line) -> _Paragraph:
        return _Paragraph(line.text, indented(line), line.size < _SMALL_PRINT * body,
                          line.text_x)

    def at_hang(line: Line) -> bool:
        return hang is not None and line.x is not None and abs(line.x - hang) <= _HANG

    paragraphs = [new(lines[0])]
    if at_hang(lines[0]):
        paragraphs[0].indented = False  # the wrapped lines of the last page's list paragraph
        paragraphs[0].hang = hang
    hang = paragraphs[0].hang  # the x wrapped lines of a bulleted paragraph return to
    for prev, line in pairwise(lines):
        if (indented(line) and not at_hang(line)) or _starts_paragraph(
                prev, line, pitch.get(line.size), longest[prev.size]):
            paragraphs.append(new(line))
            hang = line.text_x
        else:
            paragraphs[-1].text += " " + line.text
    return paragraphs


def _pitch_by_size(pages: list[list[Line]]) -> dict[float, float]:
    """The most common step between two lines of one size in the document: the step
    of wrapped lines, which outnumber paragraph breaks in running text."""
    gaps: dict[float, Counter[float]] = {}
    for lines in pages:
        for a, b in pairwise(lines):
            if a.y is not None and b.y is not None and a.size == b.size and a.y > b.y:
                gaps.setdefault(a.size, Counter())[round((a.y - b.y) * 2) / 2] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in gaps.items()}


def _starts_paragraph(prev: Line, line: Line, pitch: float | None, longest: int) -> bool:
    text, before = line.text, prev.text
    ends_sentence = bool(_SENTENCE_END.search(before))
    if _strong_start(text) or (ends_sentence and _BULLET.match(text)):
        return True
    if abs(prev.size - line.size) > 1.0:
        return True
    if pitch and prev.y is not None and line.y is not None:
        gap = prev.y - line.y
        if gap < 0 or gap > pitch + max(_GAP_EXTRA, 0.1 * pitch):
            return True
    if len(before) >= _SHORT_LINE * longest:
        return False  # a full line wraps on
    if _FULL_STOP.search(before):
        return True
    # In a flush-left layout with no indent and no spacing a heading ("2.2. Công tác …"
    # over "- Tham gia …") or a title ends where its line does; any other line ends its
    # paragraph only when it is much shorter than a full one (a long word carried over
    # leaves a line a little short).
    heading = bool(_HEADING.match(before)) or before.upper() == before
    limit = _SHORT_LINE if heading else _VERY_SHORT
    return len(before) < limit * longest and _opens(text)


def _opens(text: str) -> bool:
    """Starts as a paragraph does: a capital, a digit, a bullet, an opening quote."""
    first = text[:1]
    return first.isupper() or first.isdigit() or bool(_BULLET.match(text)) or first in "“\"("


def _strong_start(text: str) -> bool:
    m = _STRONG_START.match(text)
    return bool(m) and (m.group(1) is None or m.group(1).isupper())


def _across_pages(pages: list[list[_Paragraph]]) -> list[_Paragraph]:
    """Join what a page break cut: a body paragraph ("… nhiệm vụ" | "KH&CN cấp cơ sở …",
    capital or not) and a footnote running on in the next page's footnote area."""
    out: list[_Paragraph] = []
    for page in pages:
        page = list(page)
        note = next((p for p in reversed(out) if _NOTE_MARK.match(p.text)), None)
        area = _footnote_area(page)
        if note is not None and area < len(page) and not _NOTE_MARK.match(page[area].text):
            note.text = f"{note.text} {page.pop(area).text}"
        last = next((p for p in reversed(out) if not p.small), None)
        if last is not None and page and _continues(last.text, page[0]):
            last.text = f"{last.text} {page.pop(0).text}"
        out.extend(page)
    return out


def _footnote_area(page: list[_Paragraph]) -> int:
    """Index where the page's trailing small print begins (len(page) when there is none)."""
    start = len(page)
    while start > 0 and page[start - 1].small:
        start -= 1
    return start


def _continues(before: str, first: _Paragraph) -> bool:
    if _SENTENCE_END.search(before) or first.indented or first.small:
        return False
    if before.upper() == before or (_HEADING.match(before) and len(before) < _HEADING_MAX):
        return False  # a title or a heading at the foot of a page
    return not (_strong_start(first.text) or _BULLET.match(first.text)
                or first.text.upper() == first.text or first.text.startswith("Nơi nhận"))

"""The lines of a PDF page, each with its position and the font size of its pieces.

pypdf's own line breaks are kept, with two repairs: a piece far above or below the
line starts a new line (pypdf sometimes runs two lines together), and a small
raised digit — a footnote mark — goes with the text it belongs to: the same line
when the text goes on beside it (``vực¹.``), the next line when it opens a
footnote (``² Gồm: …``). Such a digit is written as ``¹²³``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from etl.narrative.paragraphs import BULLET_GLYPHS

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARK_SIZE = 0.8  # a digit below this share of the text size beside it is a mark
_SAME_LINE = 0.5  # pieces within this share of the font size vertically share a line
# A list label drawn apart from its text (Word's automatic bullets and numbers): the
# text after it, and the lines the paragraph wraps to, start at its own x.
_LABEL = re.compile(
    rf"^(?:[-+–—{BULLET_GLYPHS}\ue000-\uf8ff]|\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\.?|[IVX]{{1,4}}\.|[a-zđ]\))$")


@dataclass
class Line:
    pieces: list[tuple[str, float]] = field(default_factory=list)  # (text, font size)
    x: float | None = None
    y: float | None = None
    text_x: float | None = None  # where the text starts after a label drawn apart

    @property
    def size(self) -> float:
        """The font size of most of the line's characters."""
        by_size: Counter[float] = Counter()
        for text, size in self.pieces:
            by_size[round(size, 1)] += len(text.strip())
        return by_size.most_common(1)[0][0] if by_size else 0.0

    @property
    def text(self) -> str:
        main = self.size
        out = []
        for text, size in self.pieces:
            if text.strip().isdigit() and main and size < _MARK_SIZE * main:
                text = text.translate(_SUPERSCRIPT)
            out.append(text)
        return "".join(out).strip()

    def set_text(self, text: str) -> None:
        self.pieces = [(text, self.size)]


@dataclass
class _Piece:
    text: str
    size: float
    x: float | None
    y: float | None


class _LineBuilder:
    def __init__(self) -> None:
        self.lines: list[Line] = [Line()]
        self.pending: _Piece | None = None  # a small digit waiting to see where it belongs
        self.last_size = 0.0

    def visit(self, text: str, cm: list[float], tm: list[float], _font: object,
              size: float) -> None:
        size *= math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for i, chunk in enumerate(text.split("\n")):
            if i:
                self._flush_mark(inline=True)
                self.lines.append(Line())
            if chunk:
                # pypdf gives one position per call: it holds for the first chunk only
                self._piece(_Piece(chunk, size, x if i == 0 else None, y if i == 0 else None))

    def _piece(self, piece: _Piece) -> None:
        line = self.lines[-1]
        if not piece.text.strip():
            line.pieces.append((piece.text, piece.size))
            return
        reference = line.size or self.last_size
        if piece.text.strip().isdigit() and reference and piece.size < _MARK_SIZE * reference:
            self._flush_mark(inline=True)
            self.pending = piece
            return
        if self.pending is not None:
            self._flush_mark(inline=self._same_line(line, piece))
            line = self.lines[-1]
        if not self._same_line(line, piece):
            self.lines.append(Line())  # pypdf ran two lines together
            line = self.lines[-1]
        self._add(line, piece)

    def _flush_mark(self, inline: bool) -> None:
        mark, self.pending = self.pending, None
        if mark is None:
            return
        if not inline and self.lines[-1].pieces:
            self.lines.append(Line())
        line = self.lines[-1]
        line.pieces.append((mark.text, mark.size))  # its position is raised: not the line's
        if line.x is None:
            line.x = mark.x

    def _same_line(self, line: Line, piece: _Piece) -> bool:
        if line.y is None or piece.y is None:
            return True
        return abs(piece.y - line.y) <= _SAME_LINE * max(piece.size, line.size)

    def _add(self, line: Line, piece: _Piece) -> None:
        if line.y is None and piece.y is not None:
            line.y = piece.y
            line.x = piece.x if line.x is None else line.x
        elif (line.text_x is None and piece.x is not None and line.x is not None
              and piece.x > line.x and _LABEL.match(line.text)):
            line.text_x = piece.x
            if not piece.text[:1].isspace():
                line.pieces.append((" ", piece.size))  # "2.1." ⇥ "Công tác …": a tab, no space
        line.pieces.append((piece.text, piece.size))
        self.last_size = piece.size

    def result(self) -> list[Line]:
        self._flush_mark(inline=True)
        return [line for line in self.lines if line.text]


def page_lines(page: object) -> list[Line]:
    """The page's lines in reading order."""
    builder = _LineBuilder()
    page.extract_text(visitor_text=builder.visit)  # type: ignore[attr-defined]
    return builder.result()

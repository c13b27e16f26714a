"""Footnote marks in the text (``¹``, ``[1]``) and footnote texts printed in the flow.

A paragraph that starts with a mark is a footnote text, wherever the page break put
it (the reference prints three of them between a heading and its first bullet).
A mark inside a sentence refers to a note; it counts only when that note exists,
so "100 m²" keeps its square metre.
"""

from __future__ import annotations

import re

_SUPER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPER = str.maketrans(_SUPER_DIGITS, "0123456789")
_DEFINITION = re.compile(rf"^(?:([{_SUPER_DIGITS}]+)|\[(\d{{1,3}})\])\s*(\S.*)$")
# A mark inside the text; a superscript after a metre unit ("m²", "km²") is a power.
_MARK = re.compile(rf"(?<![\d\s][kcdm]m)(?<![\d\s]m)([{_SUPER_DIGITS}]+)|\[(\d{{1,3}})\]")


def split_definitions(paragraphs: list[str]) -> tuple[list[str], dict[str, str]]:
    """Take footnote texts out of the flow: (remaining paragraphs, {marker: text})."""
    body: list[str] = []
    notes: dict[str, str] = {}
    for paragraph in paragraphs:
        m = _DEFINITION.match(paragraph)
        if m:
            marker = (m.group(1) or "").translate(_FROM_SUPER) or m.group(2)
            notes[marker] = m.group(3).strip()
        else:
            body.append(paragraph)
    return body, notes


def take_marks(text: str, known: set[str] | dict[str, str]) -> tuple[str, list[str]]:
    """Remove the marks of known notes from ``text``: (clean text, markers in order).

    >>> take_marks("trên các lĩnh vực¹.", {"1"})
    ('trên các lĩnh vực.', ['1'])
    """
    found: list[str] = []

    def drop(m: re.Match[str]) -> str:
        marker = (m.group(1) or "").translate(_FROM_SUPER) or m.group(2)
        if marker not in known:
            return m.group(0)
        if marker not in found:
            found.append(marker)
        return ""

    cleaned = _MARK.sub(drop, text)
    return re.sub(r"\s+([.,;:])", r"\1", cleaned).strip(), found

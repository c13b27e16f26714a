"""Text normalisation used wherever Vietnamese labels are matched."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ to d/D.

    >>> strip_diacritics("Đơn vị tính")
    'Don vi tinh'
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", text).translate(_NO_MARKS)


class _MarkTable(dict):
    """``str.translate`` table: combining marks (category Mn) to nothing, đ/Đ to d/D;
    filled as characters are met. One C-level pass per label instead of a Python loop
    per character: matching normalises every label of a sheet of 100.000 rows."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value = None if unicodedata.category(ch) == "Mn" else {"đ": "d", "Đ": "D"}.get(ch, ch)
        self[code] = value
        return value


_NO_MARKS = _MarkTable()


def normalize(text: object) -> str:
    """Key for matching labels: no diacritics, lower case, single spaces, no edge punctuation.

    >>> normalize("  Tên  CHỈ tiêu: ")
    'ten chi tieu'
    """
    if text is None:
        return ""
    return _normalize_text(str(text))


@lru_cache(maxsize=65536)
def _normalize_text(text: str) -> str:
    # Cached: header detection and matching normalise the same few labels again and again.
    # ASCII text (codes, most numbers) has no diacritics to strip.
    s = text.casefold() if text.isascii() else \
        strip_diacritics(unicodedata.normalize("NFC", text)).casefold()
    s = s.replace("\u00a0", " ")
    s = _SPACES.sub(" ", s).strip()
    return s.strip(" .:;,-*")

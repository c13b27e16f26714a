"""Reading numbers written the Vietnamese way: ``5.749``, ``1.234,5``, ``07``, ``hơn 20``.

One parser for the Excel reader and the narrative importer alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.text import normalize

# Qualifier words (diacritics stripped) → stored qualifier.
QUALIFIERS: dict[str, str] = {
    "hon": "more_than",
    "tren": "more_than",
    "gan": "about",
    "khoang": "about",
    "xap xi": "about",
    "uoc": "about",
    "uoc tinh": "about",
}

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,89
_PLAIN = re.compile(r"^\d+(,\d+)?$")  # 5749 or 12,5
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$|^\d+\.\d{4,}$")  # 12.5 written the English way


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str | None = None


def parse_number_token(token: str) -> float | None:
    """Parse one number token in Vietnamese notation; None when it is not one.

    >>> parse_number_token("5.749"), parse_number_token("1.234,5"), parse_number_token("07")
    (5749.0, 1234.5, 7.0)
    """
    t = token.strip().replace(" ", "").replace("\u00a0", "")
    negative = t.startswith("-")
    if negative:
        t = t[1:]
    if _GROUPED.match(t):
        value = float(t.replace(".", "").replace(",", "."))
    elif _PLAIN.match(t):
        value = float(t.replace(",", "."))
    elif _DOT_DECIMAL.match(t):
        value = float(t)
    else:
        return None
    return -value if negative else value


def parse_vn_number(raw: object) -> ParsedNumber | None:
    """Parse a cell or phrase: numbers, Vietnamese text numbers and a leading qualifier.

    Returns None for empty or non-numeric input. Percent signs are accepted and dropped.

    >>> parse_vn_number("hơn 20")
    ParsedNumber(value=20.0, qualifier='more_than')
    >>> parse_vn_number(1100)
    ParsedNumber(value=1100.0, qualifier=None)
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        if raw != raw:  # NaN
            return None
        return ParsedNumber(float(raw))
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not text:
        return None
    qualifier = None
    key = normalize(text)
    for word in sorted(QUALIFIERS, key=len, reverse=True):
        if key.startswith(word + " "):
            qualifier = QUALIFIERS[word]
            text = text.strip()[len(word):].strip()
            break
    text = text.rstrip("%").strip()
    value = parse_number_token(text)
    if value is None:
        return None
    return ParsedNumber(value, qualifier)

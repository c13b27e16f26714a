"""Reading numbers written the Vietnamese way: ``5.749``, ``1.234,5``, ``07``, ``hơn 20``.

One parser for the Excel reader and the narrative importer alike, and the rule that says
which figures an indicator of each kind (a whole count, a decimal amount, a percentage)
accepts. A text that the Vietnamese and the English conventions read differently
(``5,749``: five point seven four nine, or five thousand) is never loaded as either: the
reader asks (``docs/etl.md``, "Numbers").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

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
# Every way a qualifier may be spelled in a cell, lower case and NFC: the words of
# QUALIFIERS with any Vietnamese tone and vowel marks (``khoảng``, ``khoang``, ``khoãng``).
# The loader reads exactly these (after NFC and case folding); the template's data
# validation lists the same spellings, also as the keyboards type them (etl/value_rule.py).
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ` ´ ? ~ .
_VOWEL_BASES = {"a": "aăâ", "e": "eê", "i": "i", "o": "oôơ", "u": "uư", "y": "y"}


def _letter_spellings(letter: str) -> list[str]:
    bases = _VOWEL_BASES.get(letter)
    if bases is None:
        return [letter]  # the words have no đ: a consonant or the space is itself
    return [unicodedata.normalize("NFC", b + tone) for b in bases for tone in _TONES]


def _word_spellings(word: str) -> list[str]:
    spellings = [""]
    for letter in word:
        spellings = [s + v for s in spellings for v in _letter_spellings(letter)]
    return spellings


QUALIFIER_SPELLINGS: dict[str, str] = {
    spelling: kind for word, kind in QUALIFIERS.items() for spelling in _word_spellings(word)
}

# What an indicator counts: whole things, a decimal amount (money, kg) or a percentage.
COUNT, AMOUNT, PERCENT = "count", "amount", "percent"
VALUE_KINDS = (COUNT, AMOUNT, PERCENT)

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,89
_PLAIN = re.compile(r"^\d+(,\d+)?$")  # 5749 or 12,5
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$|^\d+\.\d{4,}$")  # 12.5 written the English way
# 5,749 / 1,234 / 12,500: a Vietnamese decimal, or an English thousands group.
_COMMA_THOUSANDS = re.compile(r"^[1-9]\d{0,2},\d{3}$")
# 1,234,567 / 1,234.5 / 1,234,567.89: only the English convention reads these.
_ENGLISH = re.compile(r"^\d{1,3}(,\d{3})+\.\d+$|^\d{1,3}(,\d{3}){2,}$")
# The largest figure a field typed on a page takes (ui/number_input.py, the actions behind
# it): below 2**53, so every whole number up to it is stored exactly in the database's float
# columns, where a twenty-digit text would be stored as another number.
LARGEST_TYPED = 10**15
# A formula's 4.9999999999 is the whole number it means: an absolute tolerance for small
# figures, a relative one (a few float steps) for large ones, never as much as 0.01.
_WHOLE_ABSOLUTE = 1e-9
_WHOLE_RELATIVE = 1e-14


@dataclass(frozen=True)
class ParsedNumber:
    """A figure as read: its value, a qualifier, whether it was written as a percentage
    (``85%``), and ``other``: what the English convention reads when the text is ambiguous
    (``5,749`` → ``other`` = 5749)."""

    value: float
    qualifier: str | None = None
    percent: bool = False
    other: float | None = None


def _clean(token: str) -> tuple[str, bool]:
    t = token.strip().replace(" ", "").replace("\u00a0", "")
    negative = t.startswith("-")
    return (t[1:] if negative else t), negative


def parse_number_token(token: str) -> float | None:
    """Parse one number token in Vietnamese notation; None when it is not one.

    >>> parse_number_token("5.749"), parse_number_token("1.234,5"), parse_number_token("07")
    (5749.0, 1234.5, 7.0)
    """
    t, negative = _clean(token)
    if _GROUPED.match(t):
        value = float(t.replace(".", "").replace(",", "."))
    elif _PLAIN.match(t):
        value = float(t.replace(",", "."))
    elif _DOT_DECIMAL.match(t):
        value = float(t)
    else:
        return None
    return -value if negative else value


def other_reading(token: str) -> float | None:
    """What the English convention reads in a token the Vietnamese one reads otherwise:
    ``5,749`` → 5749 (Vietnamese: 5,749); None when the token has one reading only.

    >>> other_reading("5,749"), other_reading("12,5"), other_reading("0,125")
    (5749.0, None, None)
    """
    t, negative = _clean(token)
    if not _COMMA_THOUSANDS.match(t):
        return None
    value = float(t.replace(",", ""))
    return -value if negative else value


def english_reading(token: str) -> float | None:
    """The value of a token only the English convention reads (``1,234,567``,
    ``1,234.5``); None for anything else.

    >>> english_reading("1,234,567"), english_reading("1,234.5"), english_reading("1.234")
    (1234567.0, 1234.5, None)
    """
    t, negative = _clean(token)
    if not _ENGLISH.match(t):
        return None
    value = float(t.replace(",", ""))
    return -value if negative else value


def _strip_qualifier(text: str) -> tuple[str, str | None]:
    """(the rest, the qualifier) when the text's first word or two spell a qualifier
    (``Khoảng 200``, ``xấp  xỉ 10``, ``hon 20``); (text, None) otherwise."""
    words = text.split()
    for size in (2, 1):  # ``ước tính 50`` is ``ước tính`` and 50, not ``ước`` and ``tính 50``
        if len(words) > size:
            head = unicodedata.normalize("NFC", " ".join(words[:size])).casefold()
            if head in QUALIFIER_SPELLINGS:
                return text.split(maxsplit=size)[size], QUALIFIER_SPELLINGS[head]
    return text, None


def _drop_percent(text: str) -> tuple[str, bool]:
    """The text without one trailing ``%`` (``85 %`` → ``85``), and whether it had one;
    ``85%%`` keeps a ``%`` and is no number."""
    text = text.strip()
    if text.endswith("%"):
        return text[:-1].strip(), True
    return text, False


def number_text(raw: object) -> str | None:
    """The number part of a text figure (qualifier and ``%`` removed); None for non-text."""
    if not isinstance(raw, str):
        return None
    text, _ = _strip_qualifier(unicodedata.normalize("NFC", raw).strip())
    return _drop_percent(text)[0]


def parse_vn_number(raw: object) -> ParsedNumber | None:
    """Parse a cell or phrase: numbers, Vietnamese text numbers and a leading qualifier.

    Returns None for empty or non-numeric input. A ``%`` sign is accepted and noted
    (``percent``); an ambiguous text keeps the other reading in ``other``.

    >>> parse_vn_number("hơn 20")
    ParsedNumber(value=20.0, qualifier='more_than', percent=False, other=None)
    >>> parse_vn_number(1100)
    ParsedNumber(value=1100.0, qualifier=None, percent=False, other=None)
    >>> parse_vn_number("khoảng 96,15%")
    ParsedNumber(value=96.15, qualifier='about', percent=True, other=None)
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
    text, qualifier = _strip_qualifier(text)
    text, percent = _drop_percent(text)
    value = parse_number_token(text)
    if value is None:
        return None
    return ParsedNumber(value, qualifier, percent, other_reading(text))


def is_whole(value: float) -> bool:
    """Whole up to a formula's rounding error (``4.9999999999`` is 5).

    >>> is_whole(5.0), is_whole(4.9999999999), is_whole(5.75)
    (True, True, False)
    """
    return abs(value - round(value)) <= max(_WHOLE_ABSOLUTE, _WHOLE_RELATIVE * abs(value))


def whole_hint(value: float) -> float | None:
    """The whole number a fractional count probably meant: the decimal mark was a
    thousands dot (``5,749`` read from an English ``5.749`` → 5749); None when no
    such reading exists (more than three decimals).

    >>> whole_hint(5.749), whole_hint(5.75), whole_hint(0.1234)
    (5749.0, 5750.0, None)
    """
    scaled = value * 1000
    return float(round(scaled)) if is_whole(scaled) else None


def exact_decimal(value: float) -> Decimal:
    """The shortest decimal that is ``value`` (``5.749``, never ``5.74899999…``)."""
    return Decimal(repr(float(value)))


@dataclass(frozen=True)
class Doubt:
    """Why a figure is not loaded for an indicator of a kind: ``reason`` is one of
    ``ambiguous`` (5,749: two readings), ``english`` (1,234,567), ``fraction`` (a count
    that is not whole), ``percent`` (a percentage for an indicator that is none);
    ``hint`` is the figure the writer probably meant, when there is one."""

    reason: str
    hint: float | None = None


AMBIGUOUS, ENGLISH, FRACTION, NOT_PERCENT = "ambiguous", "english", "fraction", "percent"


def check_kind(parsed: ParsedNumber, kind: str, percent_format: bool = False
               ) -> tuple[float | None, Doubt | None]:
    """The value to load for an indicator of ``kind``, or the doubt that stops it.

    ``percent_format``: the cell is formatted as a percentage (stored 0,85, shown 85%);
    a percentage indicator then loads 85, any other kind refuses it.

    >>> check_kind(ParsedNumber(0.85), PERCENT, percent_format=True)
    (85.0, None)
    >>> check_kind(ParsedNumber(5.749), COUNT)
    (None, Doubt(reason='fraction', hint=5749.0))
    """
    if parsed.other is not None:
        return None, Doubt(AMBIGUOUS, parsed.other)
    value = parsed.value
    if percent_format or parsed.percent:
        if kind != PERCENT:
            return None, Doubt(NOT_PERCENT)
        if percent_format:
            value = float(exact_decimal(value) * 100)
    if kind == COUNT:
        if not is_whole(value):
            return None, Doubt(FRACTION, whole_hint(value))
        value = float(round(value))
    return value, None

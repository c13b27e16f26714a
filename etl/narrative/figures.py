"""Numbers written in a sentence, with the noun that follows them.

``07 dự án`` → 7 "dự án"; ``1.100 kg`` → 1100 "kg"; ``hơn 20 doanh nghiệp`` → 20,
more_than. The value (and qualifier) comes from ``core.numbers``; this module only
decides which digits are a figure. Not figures: dates (``20/01/1950``, ``tháng 01``),
years (``năm 2022``, ``2021-2025``), document numbers (``Số 54/NQ-CP``, ``Đề án 06``),
ordinals and grades (``lần thứ 5``, ``giống nấm cấp 3``; but ``cấp 03 giấy phép`` is the verb
"to grant" and a figure), durations and anniversaries
(``72 năm``, ``6 tháng``), and numbers with no noun after them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from core.numbers import QUALIFIERS, parse_number_token, parse_vn_number
from etl.narrative.lexicon import (
    COMMON_NOUNS,
    DATE_WORDS,
    DOCUMENT_WORDS,
    ORDINAL_WORDS,
    STOP_WORDS,
    TIME_NOUNS,
    fold,
    lower,
)

_BLOB = re.compile(r"\d[\d.,/\-–]*\d|\d")  # a run of digits with the marks numbers use
_WORD = re.compile(r"[^\W\d_]+")
_WORDS_BEFORE = re.compile(r"((?:[^\W\d_]+ ){1,3})$")  # words right before, no punctuation
_GLUE_BEFORE = "/-–_&.,"  # "NĐ-CP", "Covid-19", "F1": a code, not a figure
# "cấp" before a number is a grade ("giống nấm cấp 3") unless a counting noun follows
# it: then it is the verb "to grant" ("cấp 03 giấy phép", "Cấp 02 Chứng chỉ").
GRANT_VERB = "cấp"
_STOP = re.compile(r"[.!?…]+[”\"')]*(?=\s|$)")


@dataclass(frozen=True)
class WrittenNumber:
    """A figure as written: value, qualifier, noun and where it sits in the text."""

    value: float
    qualifier: str | None
    noun: str | None
    start: int  # first character of the qualifier or the number
    end: int  # just after the number
    noun_end: int  # just after the noun


class NounLexicon:
    """The counting nouns that may follow a number; the longest match wins."""

    def __init__(self, extra: Iterable[str] = ()):
        entries = set(COMMON_NOUNS) | {fold(e.strip()) for e in extra if e.strip()}
        self.entries = sorted(entries, key=len, reverse=True)

    def match_at(self, folded: str, pos: int) -> int | None:
        """End of the noun starting at ``pos`` of the folded text, or None."""
        for entry in self.entries:
            end = pos + len(entry)
            if folded.startswith(entry, pos) and (end == len(folded) or not folded[end].isalnum()):
                return end
        return None


def find_numbers(text: str, lexicon: NounLexicon) -> list[WrittenNumber]:
    """Every figure written in ``text``, in order.

    >>> [(n.value, n.noun) for n in find_numbers("Tham gia 07 dự án năm 2023", NounLexicon())]
    [(7.0, 'dự án')]
    """
    folded, lowered = fold(text), lower(text)
    found: list[WrittenNumber] = []
    for m in _BLOB.finditer(text):
        number = _read(text, folded, lowered, m.start(), m.end(), lexicon)
        if number is not None:
            found.append(number)
    return found


def _read(text: str, folded: str, lowered: str, s: int, e: int,
          lexicon: NounLexicon) -> WrittenNumber | None:
    blob = text[s:e]
    if any(mark in blob for mark in "/-–"):
        return None  # a date, a document number or a range: 20/01/1950, 54/NQ-CP, 2021-2025
    if s and (text[s - 1].isalnum() or text[s - 1] in _GLUE_BEFORE):
        return None
    if text[e:e + 1] in ("/", "-", "–") and text[e + 1:e + 2].isalnum():
        return None  # 08/SL, 24-CT/TU
    if parse_number_token(blob) is None:
        return None  # 20.01.2023 and the like

    before = _words_before(lowered, s)
    names = _names_something(before) and _could_be_named(before, blob)
    if names and before[-1] != GRANT_VERB:
        return None
    start = s
    qualifier_words = _qualifier(before)
    if qualifier_words:
        start = s - len(qualifier_words) - 1
    parsed = parse_vn_number(text[start:e])
    if parsed is None:
        return None

    noun, noun_end, listed = _noun(text, folded, e, lexicon)
    if noun is None or (names and not listed):
        return None  # "giống nấm cấp 3 các loại": a grade; "cấp 03 giấy phép": granted
    if lower(noun).split(" ")[0] in TIME_NOUNS or lower(noun) in TIME_NOUNS:
        return None  # 72 năm, 6 tháng đầu năm, 8h
    if _is_year(blob) and not listed:
        return None  # "Quý Mão 2023", "PAPI 2023"
    return WrittenNumber(parsed.value, parsed.qualifier, noun, start, e, noun_end)


_BEFORE_WINDOW = 120  # characters looked at for the three words before a number


def _words_before(lowered: str, pos: int) -> list[str]:
    # A window, not the whole text before: a long bullet with many numbers stays linear.
    m = _WORDS_BEFORE.search(lowered[max(0, pos - _BEFORE_WINDOW):pos])
    return m.group(1).split() if m else []


def _names_something(before: list[str]) -> bool:
    """True when the words before the number make it a date, a document or an ordinal."""
    if not before:
        return False
    last, last2 = before[-1], " ".join(before[-2:])
    if last2 == "tổng số":
        return False  # "tổng số 25 đơn vị" counts
    if last in DATE_WORDS or last in ORDINAL_WORDS or last in DOCUMENT_WORDS:
        return True
    return last2 in DATE_WORDS or last2 in ORDINAL_WORDS or last2 in DOCUMENT_WORDS


# How big a number after a date word can be and still be part of a date: "tháng 12",
# "ngày 31", "quý 4", "năm 2023"; "trong tháng 6.215 phương tiện đo" is a count.
_DATE_PART_MAX = {"tháng": 12, "ngày": 31, "quý": 4, "tuần": 53}


def _could_be_named(before: list[str], blob: str) -> bool:
    """False when the words before name a date part the number cannot be."""
    last = before[-1]
    if last not in DATE_WORDS:
        return True
    if not blob.isdigit():
        return False  # "năm 20.423", "tháng 6.215": grouped digits are no date
    if last == "năm":
        return len(blob) in (2, 4)
    return int(blob) <= _DATE_PART_MAX.get(last, 10**9)


def _qualifier(before: list[str]) -> str | None:
    """The qualifier words right before the number ("hơn", "khoảng", "ước tính")."""
    for size in (2, 1):
        words = " ".join(before[-size:]) if len(before) >= size else ""
        if fold(words) in QUALIFIERS:  # core.numbers keys its table without diacritics
            return words
    return None


def _noun(text: str, folded: str, e: int, lexicon: NounLexicon) -> tuple[str | None, int, bool]:
    """(noun as written, its end, whether it is a listed noun) after position ``e``."""
    pos = e + 1 if text[e:e + 1] == " " else e
    if text[pos:pos + 1] == "%":
        return "%", pos + 1, True
    if pos == e and not text[e:e + 1].isalpha():
        return None, e, False  # punctuation or end right after the number
    glued = _WORD.match(text, pos)
    if pos == e and glued and text[glued.end():glued.end() + 1].isdigit():
        return None, e, False  # 8h30
    end = lexicon.match_at(folded, pos)
    if end is not None:
        return text[pos:end], end, True
    # Not a listed noun: take up to two lower-case words that are not function words.
    words: list[re.Match[str]] = []
    for m in _WORD.finditer(text, pos):
        if m.start() != (words[-1].end() + 1 if words else pos) or len(words) == 2:
            break
        if not m.group().islower() or m.group() in STOP_WORDS:
            break
        words.append(m)
    if not words:
        return None, e, False
    return text[pos:words[-1].end()], words[-1].end(), False


def _is_year(blob: str) -> bool:
    return len(blob) == 4 and blob.isdigit() and 1900 <= int(blob) <= 2100


@lru_cache(maxsize=16)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where each sentence of ``text`` starts and ends: a stop, a space, a capital.

    Cached: every number of a bullet asks for the sentence it stands in.
    """
    spans = []
    start = 0
    for m in _STOP.finditer(text):
        rest = text[m.end():].lstrip()
        if rest and not rest[0].isupper():
            continue  # "v.v. và …", "TP. đông" — not a sentence end
        spans.append((start, m.end()))
        start = len(text) - len(rest)
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` that holds position ``pos``."""
    spans = sentence_spans(text)
    index = bisect_right([start for start, _ in spans], pos) - 1
    if 0 <= index < len(spans) and pos < spans[index][1]:
        start, end = spans[index]
        return text[start:end].strip()
    return text.strip()

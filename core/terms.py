"""Words as people write them: abbreviations expanded, content words, units of measure.

Text is cut into words (letters and digits; ``&`` and ``%`` are words of their own), each
kept twice: with its diacritics (lower case) and without them. Abbreviations from the
catalogue (``PTĐ`` → ``phương tiện đo``) are replaced as whole words, compared without
diacritics, so ``PTĐ``, ``ptd`` and ``Ptđ`` are one; ``KH & CN`` and ``KH&CN`` are the
same three words. Content words drop what does not name a thing (``số``, ``được``,
``các``, ``số lượng``, ``trong tháng`` …): a stop word is recognised by its diacritics
(``số`` is one, ``sơ`` of ``hồ sơ`` is not), and without diacritics only when the bare
form cannot be another word. Two units of measure agree when one's words hold the
other's, with the same scale (``nghìn``, ``triệu``, ``tỷ``) and the same percent sign,
after the catalogue's measure synonyms (``cái`` = ``chiếc``).

>>> terms = Terms([("PTĐ", "phương tiện đo")])
>>> sorted(terms.content("Số PTĐ được kiểm định"))
['dinh', 'do', 'kiem', 'phuong', 'tien']
>>> terms.agree("đồng", "triệu đồng"), terms.agree("phương tiện", "phương tiện đo")
(False, True)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.text import strip_diacritics

_WORD = re.compile(r"[^\W_]+|[&%]")
# (plain, with diacritics) of one word.
Word = tuple[str, str]

STOP_WORDS = frozenset({
    "số", "được", "đã", "các", "và", "của", "những", "trong", "loại", "tổng", "cho", "về",
    "tại", "với", "theo", "là", "có", "bị", "thì", "một", "này", "tháng", "&",
})
# Without diacritics only forms that cannot be a content word ("so" could be "sơ", "sở").
PLAIN_STOP_WORDS = frozenset({"duoc", "cac", "cua", "nhung", "va", "trong", "tong", "thang",
                              "nay", "loai", "&"})
STOP_PHRASES = (("số", "lượng"), ("tổng", "số"), ("trong", "tháng"), ("tháng", "này"),
                ("so", "luong"), ("tong", "so"))
SCALE_WORDS = frozenset({"nghin", "ngan", "trieu", "ty", "ti"})
PERCENT = "%"
MEASURE_CACHE = 4096  # units of measure kept compared (a hostile sheet may write many)


def words(text: object) -> list[Word]:
    """The words of ``text``: (without diacritics, with diacritics), lower case.

    >>> words("KH&CN, Đo-lường")
    [('kh', 'kh'), ('&', '&'), ('cn', 'cn'), ('do', 'đo'), ('luong', 'lường')]
    """
    if text is None:
        return []
    lowered = unicodedata.normalize("NFC", str(text)).lower()
    return [(_plain(w), w) for w in _WORD.findall(lowered)]


def _plain(word: str) -> str:
    return word if word.isascii() else strip_diacritics(word)


@dataclass(frozen=True)
class Measure:
    """A unit of measure as compared: its words, its scale words and the percent sign."""

    words: frozenset[str]
    scale: frozenset[str]
    percent: bool


class _Replacer:
    """Whole-word replacement of word sequences (compared without diacritics)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], list[Word]]]] = {}
        for short, full in pairs:
            key = tuple(p for p, _ in words(short))
            if key:
                self._by_first.setdefault(key[0], []).append((key, words(full)))
        for options in self._by_first.values():
            options.sort(key=lambda item: -len(item[0]))  # the longest form wins

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def apply(self, found: list[Word]) -> list[Word]:
        if not self._by_first:
            return found
        out: list[Word] = []
        i = 0
        while i < len(found):
            for key, full in self._by_first.get(found[i][0], ()):
                if tuple(p for p, _ in found[i:i + len(key)]) == key:
                    out.extend(full)
                    i += len(key)
                    break
            else:
                out.append(found[i])
                i += 1
        return out


class Terms:
    """A catalogue's abbreviations and measure synonyms, compiled once."""

    def __init__(self, abbreviations: Iterable[tuple[str, str]] = (),
                 measure_synonyms: Iterable[Sequence[str]] = ()):
        self._abbreviations = _Replacer(abbreviations)
        self._measures = _Replacer((term, group[0]) for group in measure_synonyms
                                   for term in group[1:])
        self._measure_cache: dict[str, Measure | None] = {}

    def expanded(self, text: object) -> list[Word]:
        """The words of ``text`` with every abbreviation written out."""
        return self._abbreviations.apply(words(text))

    def plain_words(self, text: object) -> tuple[str, ...]:
        """The expanded words without diacritics, ``&`` dropped (for phrase search)."""
        return tuple(p for p, _ in self.expanded(text) if p != "&")

    def content(self, text: object) -> frozenset[str]:
        """The content words of ``text`` (no diacritics), in no order."""
        return content_of(self.expanded(text))

    def measure(self, text: object) -> Measure | None:
        """A unit of measure as compared; None when ``text`` names none (blank, ``-``)."""
        key = "" if text is None else str(text)
        if key not in self._measure_cache:  # a sheet repeats a few units of measure
            if len(self._measure_cache) > MEASURE_CACHE:
                self._measure_cache.clear()
            self._measure_cache[key] = self._measure(key)
        return self._measure_cache[key]

    def _measure(self, text: str) -> Measure | None:
        found = self._measures.apply(self.expanded(text))
        plain = [p for p, _ in found]
        percent = PERCENT in plain
        scale = frozenset(p for p in plain if p in SCALE_WORDS)
        rest = frozenset(p for p in plain if p not in SCALE_WORDS and p not in (PERCENT, "&"))
        if not rest and not scale and not percent:
            return None
        return Measure(rest, scale, percent)

    def agree(self, given: object, expected: object) -> bool:
        """Whether a sheet's unit of measure ``given`` fits ``expected``; a blank one fits."""
        if given is None or given == "":
            return True
        a = self.measure(given)
        b = self.measure(expected) if a is not None else None
        if a is None or b is None:
            return True
        if a.scale != b.scale or a.percent != b.percent:
            return False
        return a.words <= b.words or b.words <= a.words


def content_of(found: list[Word]) -> frozenset[str]:
    """Content words of already expanded words: stop phrases, then stop words, dropped."""
    kept: list[Word] = []
    i = 0
    while i < len(found):
        pair = (found[i][1], found[i + 1][1]) if i + 1 < len(found) else None
        if pair in STOP_PHRASES:
            i += 2
            continue
        kept.append(found[i])
        i += 1
    return frozenset(p for p, accented in kept
                     if not _is_stop(p, accented))


def _is_stop(plain: str, accented: str) -> bool:
    if accented != plain:
        return accented in STOP_WORDS
    return plain in PLAIN_STOP_WORDS or (plain in STOP_WORDS)

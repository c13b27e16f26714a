"""The data validation of the template's figure cells: the loader's rule as a formula.

Excel shows its error box when a clerk types what the loader would refuse, and never for
what the loader accepts (issue #12: it used to refuse ``khoảng 200``). The rule is the
loader's (``core.numbers``, ``etl.read_sheets.parse_figure``), cell by cell:

- a number: not negative; not a date; not formatted as a percentage unless the indicator
  is one; whole (up to a formula's rounding error) for a count;
- a text: at most one qualifier word (any spelling ``core.numbers.QUALIFIER_SPELLINGS``
  reads, also as keyboards type it: decomposed, or a composed vowel with a combining tone
  mark), then a number the loader reads with one meaning only — its *shape* (digits,
  ``.`` and ``,``; spaces ignored) must be one of the shapes the loader accepts, listed on
  the hidden sheet with what the formula still has to check (the first digit, the number
  of decimals); a ``%`` at the end for a percentage only; whole for a count.

Excel limits a validation formula to 255 characters and Excel before 365 has no LET, so
the rule of each cell is a set of hidden defined names with absolute references to that
cell (``_v5t`` its text, ``_v5n`` the number part, … ``_v5ok`` the verdict) and the cell's
validation formula is the name of its verdict. Only functions of Excel 2007 are used.

The lists the names read are computed here from the loader itself (``shape_table``), so
the formula cannot drift from it: tests/etl/test_template_validation.py has LibreOffice
evaluate the real validation of every cell and compares it with the loader, form by form.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache

from core.numbers import (
    COUNT,
    PERCENT,
    QUALIFIER_SPELLINGS,
    other_reading,
    parse_number_token,
)

MAX_CHARS = 26  # the longest number part the rule reads (4**26 is exact in a double)
LISTS_SHEET = "_ds"
# Named lists on the hidden sheet (column, name).
WORDS, POSITIONS, SHAPES, LEAD, DECIMALS = "_q_words", "_q_pos", "_q_shape", "_q_lead", "_q_dec"
LIST_COLUMNS = {WORDS: "B", POSITIONS: "C", SHAPES: "D", LEAD: "E", DECIMALS: "F"}
# The class of each character of a number part: digit 1, "." 2, "," 3 (anything else
# makes FIND fail, and the text is refused).
_CODES = {".": 2, ",": 3}
# What the first digit must be for a shape: anything (0), "0" (1), not "0" (2).
ANY_LEAD, ZERO_LEAD, NONZERO_LEAD = 0, 1, 2
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@dataclass(frozen=True)
class Shape:
    """A number part the loader reads: its signature (``signature``), what its first
    digit must be, and how many decimals it has (a count's must be zeros)."""

    signature: int
    lead: int
    decimals: int


def signature(shape: str) -> int:
    """The formula's number for a shape (``d`` a digit): sum of class × 4^(position-1).

    >>> signature("d"), signature("d,d"), signature("d.ddd")
    (1, 13, 89)
    """
    return sum(_CODES.get(ch, 1) * 4 ** i for i, ch in enumerate(shape))


def _candidates() -> set[str]:
    """Every shape the loader's three forms could take (plain 5749 / 12,5; grouped
    1.234.567,89; a dot decimal 12.5), longer forms included; the loader decides."""
    d = "d"
    found: set[str] = set()
    for a in range(1, MAX_CHARS + 1):
        found.add(d * a)
        for b in range(1, MAX_CHARS - a):
            found.add(f"{d * a},{d * b}")
            found.add(f"{d * a}.{d * b}")
    for first in range(1, 4):
        for groups in range(1, MAX_CHARS // 4 + 1):
            whole = d * first + ".ddd" * groups
            found.add(whole)
            found.update(f"{whole},{d * b}" for b in range(1, MAX_CHARS - len(whole)))
    return {s for s in found if len(s) <= MAX_CHARS}


def _reads(token: str) -> bool:
    """The loader reads this number part, with one meaning."""
    return parse_number_token(token) is not None and other_reading(token) is None


@cache
def shape_table() -> tuple[Shape, ...]:
    """The shapes the loader accepts, asked of the loader with a 1 for every digit and
    with the first digit 0 (``5,749`` is two readings, ``0,749`` one)."""
    table = []
    for shape in sorted(_candidates(), key=lambda s: (len(s), s)):
        ones, zero = shape.replace("d", "1"), "0" + shape[1:].replace("d", "1")
        with_one, with_zero = _reads(ones), _reads(zero)
        if not (with_one or with_zero):
            continue
        lead = ANY_LEAD if with_one and with_zero else (ZERO_LEAD if with_zero else NONZERO_LEAD)
        sample = ones if with_one else zero
        value = parse_number_token(sample)
        digits = int(sample.replace(".", "").replace(",", ""))
        decimals = round(math.log10(digits / value)) if value else 0
        table.append(Shape(signature(shape), lead, decimals))
    return tuple(table)


def _keyboard_form(word: str) -> str:
    """A word as the Windows Vietnamese keyboard types it: the vowel with its breve,
    circumflex or horn composed, the tone mark after it as a combining character."""
    out = []
    for ch in unicodedata.normalize("NFC", word):
        marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


@cache
def qualifier_words() -> tuple[str, ...]:
    """Each qualifier spelling the loader reads followed by a space, as Excel may hold it
    (lower case, NFC, decomposed and keyboard forms)."""
    forms = set()
    for spelling in QUALIFIER_SPELLINGS:
        for form in (spelling, unicodedata.normalize("NFD", spelling), _keyboard_form(spelling)):
            forms.add(form + " ")
    return tuple(sorted(forms))


def list_values() -> dict[str, list[object]]:
    """The named lists the rules read, by name."""
    table = shape_table()
    return {WORDS: list(qualifier_words()), POSITIONS: list(range(1, MAX_CHARS + 1)),
            SHAPES: [s.signature for s in table], LEAD: [s.lead for s in table],
            DECIMALS: [s.decimals for s in table]}


def _whole(x: str) -> str:
    """Whole up to a formula's rounding error (``core.numbers.is_whole``)."""
    return f"ABS({x}-ROUND({x},0))<=MAX(1E-9,1E-14*ABS({x}))"


def cell_names(sheet: str, row: int, column: str, kind: str) -> dict[str, str]:
    """The defined names (name → formula) that judge the figure cell ``column``/``row``
    of ``sheet`` for an indicator of ``kind``; the last is the verdict."""
    cell = f"'{sheet}'!${column}${row}"
    p = f"_v{row}"
    text, qual, part, chars, index = (f"{p}t", f"{p}m", f"{p}n", f"{p}c", f"{p}i")
    spaced = f'SUBSTITUTE(MID({text},{qual}+1,999)," ","")'
    if kind == PERCENT:  # one "%" may end the number part (85%, khoảng 85 %)
        number = f'IF(RIGHT({spaced})="%",LEFT({spaced},LEN({spaced})-1),{spaced})'
    else:
        number = spaced
    fmt = f'LEFT(CELL("format",{cell}))'
    # a date is no figure (Excel's CELL says "D…"; LibreOffice's says "G" for a date)
    number_checks = [f"{cell}>=0", f'{fmt}<>"D"']
    if kind != PERCENT:
        number_checks.append(f'{fmt}<>"P"')  # 0,85 shown 85% is a percentage
    if kind == COUNT:
        number_checks.append(_whole(cell))
    text_checks = [
        f"LEN({part})<={MAX_CHARS}", f"ISNUMBER({index})",
        f'CHOOSE(INDEX({LEAD},{index})+1,TRUE,LEFT({part})="0",LEFT({part})<>"0")',
    ]
    if kind == COUNT:
        value = (f'VALUE(SUBSTITUTE(SUBSTITUTE({part},".",""),",",""))'
                 f"/10^INDEX({DECIMALS},{index})")
        text_checks.append(_whole(value))
    return {
        # the no-break space as a literal: CHAR(160) is the system code page's, not Unicode's
        text: f'LOWER(TRIM(SUBSTITUTE({cell},"\u00a0"," ")))',
        qual: f"SUMPRODUCT(MAX((LEFT({text},LEN({WORDS}))={WORDS})*LEN({WORDS})))",
        part: number,
        # padded with zeros: FIND("") is 1 in Excel, an error in LibreOffice
        chars: f'FIND(MID({part}&REPT("0",{MAX_CHARS}),{POSITIONS},1),".,0123456789")',
        index: (f"MATCH(SUMPRODUCT((({chars}>2)+2*({chars}=1)+3*({chars}=2))"
                f"*({POSITIONS}<=LEN({part}))*4^({POSITIONS}-1)),{SHAPES},0)"),
        f"{p}ok": (f"IF(ISNUMBER({cell}),AND({','.join(number_checks)}),"
                   f'IF({text}="",TRUE,IFERROR(AND({",".join(text_checks)}),FALSE)))'),
    }


def verdict_name(row: int) -> str:
    """The name whose value is the verdict of the figure cell in ``row``."""
    return f"_v{row}ok"


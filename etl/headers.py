"""Finding a table's header row by its content, also when it spans two merged rows.

A label gets one role: an exact synonym wins; otherwise a "dominant" role whose word it
contains (``Lũy kế``, ``%``, ``So sánh`` … so that "Thực hiện lũy kế" is never taken for
the month's figure); otherwise the longest synonym it contains as whole words. A label
that is a month (``Tháng 01/2023``, ``T1/2023``, a date) gets the role ``month``; so does
a month without its year (``Tháng 1``, ``T12``) when the year is known: from a label
above it in a two-row header (``Năm 2022`` merged over ``T1 … T12``; a merged label counts
for the columns to its right up to the next label), else from the title rows above the
header or the sheet's name (``SỐ LIỆU NĂM 2022``, a sheet named ``2022``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from core.months import Month
from core.text import normalize
from etl.facts import year_in_titles
from etl.workbook import Cell, Sheet, cell_text

SCAN_ROWS = 30  # title rows above a header are few
DOMINANT_ROLES = ("ytd", "compare")  # beat "value" when both words appear in a label
MONTH_ROLE = "month"

_MONTH_YEAR_WORDS = re.compile(r"^(?:thang|th|t)?\s*(\d{1,2})\s*(?:nam|/|-|\.)\s*(\d{4})$")
_MONTH_ONLY = re.compile(r"^(?:thang|th|t)\.?\s*(\d{1,2})$")
_YEAR_LABEL = re.compile(r"^(?:nam\s*:?\s*)?((?:19|2\d)\d\d)$")
Years = int | None | list[int | None]  # one year for every column, or one per column


@dataclass
class Header:
    row: int  # 0-based index of the last header row
    columns: dict[str, int]  # role → 0-based column (the first one with that role)
    months: dict[int, Month] = field(default_factory=dict)  # column → month it is labelled with
    first_row: int = 0  # 0-based index of the first header row (== row for one-row headers)


def month_of_label(cell: Cell, year: int | None = None) -> Month | None:
    """The month a column label names: ``T1/2022``, ``01/2022``, ``Tháng 1 năm 2022``, a
    date; ``Tháng 1`` or ``T1`` in ``year`` when one is given.

    >>> month_of_label("Tháng 01/2023"), month_of_label("T12/2022"), month_of_label("Ghi chú")
    (Month(year=2023, month=1), Month(year=2022, month=12), None)
    >>> month_of_label("Tháng 3", 2022), month_of_label("Tháng 3")
    (Month(year=2022, month=3), None)
    """
    if isinstance(cell, (datetime, date)):
        return Month(cell.year, cell.month)
    if not isinstance(cell, str) or len(cell) > 40:
        return None
    key = normalize(cell)
    if not key or not any(ch.isdigit() for ch in key):
        return None
    if year is not None:
        only = _MONTH_ONLY.match(key)
        if only:
            return Month(year, int(only.group(1))) if 1 <= int(only.group(1)) <= 12 else None
    try:
        return Month.parse(key)
    except ValueError:
        pass
    m = _MONTH_YEAR_WORDS.match(key)
    if m:
        try:
            return Month(int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=512)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")


def _role_of(text: str, synonyms: dict[str, tuple[str, ...]]) -> str | None:
    key = normalize(text)
    if not key:
        return None
    for role, words in synonyms.items():
        if key in words:
            return role
    # (A plain substring test first: the whole-word pattern only for words inside.)
    for role in DOMINANT_ROLES:
        if any(w in key and _word_pattern(w).search(key) for w in synonyms.get(role, ())):
            return role
    # Longer labels such as "Giá trị thực hiện tháng 01/2023": the longest synonym inside wins.
    best: tuple[int, str] | None = None
    for role, words in synonyms.items():
        for word in words:
            if len(word) > 2 and (best is None or len(word) > best[0]) and word in key and \
                    _word_pattern(word).search(key):
                best = (len(word), role)
    return best[1] if best else None


def year_of_label(cell: Cell) -> int | None:
    """``Năm 2022``, ``NĂM: 2022`` or ``2022`` over month columns: the year."""
    if isinstance(cell, float) and cell.is_integer():
        cell = str(int(cell))
    m = _YEAR_LABEL.match(normalize(cell)) if isinstance(cell, (str, int)) else None
    return int(m.group(1)) if m else None


def _column_year(years: Years, col: int) -> int | None:
    if isinstance(years, list):
        return years[col] if col < len(years) else None
    return years


def _roles(cells: list[Cell], synonyms: dict[str, tuple[str, ...]], years: Years = None
           ) -> tuple[dict[str, int], dict[int, Month]]:
    found: dict[str, int] = {}
    months: dict[int, Month] = {}
    for col, cell in enumerate(cells):
        month = month_of_label(cell, _column_year(years, col))
        if month is not None:
            months[col] = month
            found.setdefault(MONTH_ROLE, col)
            continue
        role = _role_of(cell_text(cell), synonyms)
        if role and role not in found:
            found[role] = col
    return found, months


def _merge_rows(top: list[Cell], below: list[Cell]) -> list[Cell]:
    width = max(len(top), len(below))
    top = list(top) + [""] * (width - len(top))
    below = list(below) + [""] * (width - len(below))
    merged: list[Cell] = []
    for a, b in zip(top, below, strict=True):
        ta, tb = cell_text(a), cell_text(b)
        if tb and not ta:
            merged.append(b)
        elif ta and not tb:
            merged.append(a)
        elif month_of_label(b) is not None:
            merged.append(b)  # "Năm 2022" over "T1/2022": the month is the label
        else:
            merged.append(f"{ta} {tb}".strip())
    return merged


def find_header(
    sheet: Sheet,
    synonyms: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    any_of: tuple[str, ...] = (),
    min_months: int = 0,
) -> Header | None:
    """The first row (or pair of rows) naming every ``required`` role and one of ``any_of``.

    ``min_months`` asks for at least that many month-labelled columns (history sheets).
    """

    def fits(roles: dict[str, int], months: dict[int, Month]) -> bool:
        return (all(r in roles for r in required)
                and (not any_of or any(r in roles for r in any_of))
                and len(months) >= min_months and len(set(roles.values())) >= 2)

    limit = min(len(sheet.rows), SCAN_ROWS)
    for r in range(limit):
        row = sheet.rows[r]
        if not any(cell_text(c) for c in row):
            continue
        year = year_in_titles(sheet, r)  # for "Tháng 1" labels: the titles' year
        if min_months and _month_count(sheet, r, year) < min_months:
            continue  # too few month labels here (or just below) to be a history header
        roles, months = _roles(row, synonyms, year)
        single = Header(r, roles, months, r) if fits(roles, months) else None
        double = _two_row_header(sheet, r, synonyms, year)
        if single is None and double is not None and \
                fits(*_roles(sheet.rows[r + 1], synonyms, year_in_titles(sheet, r + 1))):
            continue  # a title row above a complete header: the header starts below
        if double is not None and fits(double.columns, double.months):
            label_cols = [roles[k] for k in ("code", "name") if k in roles] or \
                [double.columns[k] for k in ("code", "name") if k in double.columns]
            below = sheet.rows[r + 1]
            # The row below continues the header when it has no label of its own there.
            # Tables without label columns (activities, plan) keep a complete one-row
            # header: their first data row is never a header's second line.
            if single is None or (label_cols and not any(cell_text(below[c]) for c in label_cols
                                                         if c < len(below))):
                return double
        if single is not None:
            return single
    return None


def _month_count(sheet: Sheet, r: int, year: int | None) -> int:
    """How many columns of row r, or of row r+1 under it, are labelled with a month (the
    cheap test before a row is read as a history header)."""
    top = sheet.rows[r]
    count = sum(1 for cell in top if month_of_label(cell, year) is not None)
    if r + 1 < len(sheet.rows):
        years = _years_over(top, year)
        count += sum(1 for col, cell in enumerate(sheet.rows[r + 1])
                     if month_of_label(cell, _column_year(years, col)) is not None)
    return count


def _years_over(top: list[Cell], year: int | None) -> list[int | None]:
    """Per column, the year a label of the upper header row gives it: a year label counts
    for its column and the empty ones to its right (a merged cell); others: ``year``."""
    years: list[int | None] = []
    current: int | None = None
    for cell in top:
        if cell_text(cell):
            current = year_of_label(cell)
        years.append(current if current is not None else year)
    return years


def _two_row_header(sheet: Sheet, r: int, synonyms: dict[str, tuple[str, ...]],
                    year: int | None = None) -> Header | None:
    """Rows r and r+1 read as one header (merged cells leave one of the two empty)."""
    if r + 1 >= len(sheet.rows):
        return None
    below = sheet.rows[r + 1]
    if not any(cell_text(c) for c in below):
        return None
    years = _years_over(sheet.rows[r], year)
    roles, months = _roles(_merge_rows(sheet.rows[r], below), synonyms)
    for col, cell in enumerate(below):
        month = month_of_label(cell, _column_year(years, col))
        if month is not None and col not in months:
            months[col] = month
            roles.setdefault(MONTH_ROLE, col)
    # The lower row alone may be the better reading ("Thực hiện" under "Tháng này").
    below_roles, _ = _roles(below, synonyms)
    for role, col in below_roles.items():
        if role not in roles and col not in roles.values():
            roles[role] = col
    return Header(r + 1, roles, months, r)

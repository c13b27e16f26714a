"""The unit and the month a file is about, as people write them (docs/etl.md, section 3).

Both come from the ``Thông tin`` sheet (``Mã đơn vị`` / ``Tên đơn vị``, ``Tháng báo
cáo``), else from the title rows above a table; the caller reconciles them with what it
was told.

**Units** are found by code (``TTKT``), by full name or one of the catalogue's aliases,
written out with the catalogue's abbreviations, in any case, with or without diacritics,
also inside a longer title (``THANH TRA SỞ - SỞ KH&CN QUẢNG TRỊ``): the longest name
found wins; two units found equally long is no answer.

**Months** are read from ``Tháng 01/2023``, ``Tháng 1 năm 2023``, ``T01/2023``,
``01/2023``, ``2023-01``, a date ``30/09/2024`` (day first, as Vietnamese dates are
written: its month), a date cell, or an Excel date serial. A date cell or serial whose day
is 1 or above 12 gives its month; a day from 2 to 12 (other than the month itself) could
have been swapped with the month by an Excel set to another country's dates, so it gives
both months and the caller asks. In a title, months named after ``kế hoạch``, ``phương
hướng``, ``nhiệm vụ``, ``so với``, ``so sánh`` or ``cùng kỳ`` are the plan's or a
comparison's and are left out; ``tháng 01 và … tháng 02 năm 2023`` lends the year to the
first month; the long date line of a signed document (``ngày 05 tháng 02 năm 2023``) is
not the reported month. Dates count only when no month is named. More than one month
left is ambiguous: the caller asks (an error) unless it was told one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.catalog import Catalog
from core.months import MAX_YEAR, MIN_YEAR, Month
from core.text import normalize
from etl import layout
from etl.problems import column_letter
from etl.workbook import Sheet, cell_text

TITLE_ROWS = 12  # rows above a table searched for "BÁO CÁO THÁNG 01/2023", "Đơn vị: …"
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = (32874, 73050)  # Excel date serials of 1990-01-01 … 2099-12-31
_YEAR = r"((?:19|2\d)\d\d)"
_MONTH_WORD = r"(?:thang|th|t)\.?\s*"
# "tháng 01/2023", "tháng 1 năm 2023", "T01-2023", "th.1/2023", "tháng 01, năm 2023"
_NAMED = re.compile(r"(?<![a-z\d])" + _MONTH_WORD + r"(\d{1,2})(?:\s*(?:/|-|\.|,?\s*nam)\s*"
                    + _YEAR + r")?(?![\d/])")
# "ngày 05 tháng 02 năm 2023": a signed document's date line
_DATE_LINE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*(?:/|-|nam)\s*\d{4}")
_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR
                   + r"(?![\d/])")
_BARE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*" + _YEAR + r"(?![\d/.-])")
_ISO = re.compile(r"(?<![\d/.-])" + _YEAR + r"-(\d{1,2})(?:-(\d{1,2}))?(?![\d/.-])")
_YEAR_ONLY = re.compile(r"(?<![a-z\d])nam\s*:?\s*" + _YEAR + r"(?!\d)")
_NOT_REPORTED = re.compile(r"(ke hoach|phuong huong|nhiem vu|so voi|so sanh|cung ky)"
                           r"(?:\s+\S+){0,3}\s*$")
_UNIT_LINE = re.compile(r"^(?:ten\s+)?don vi(?!\s+tinh)[^:]{0,20}:")


@dataclass(frozen=True)
class Fact:
    """What the file says about its unit or month, and where.

    ``months`` holds every month the text could mean (one when clear, none when it names
    no month); ``unit`` the unit code found, or None when ``text`` names no known unit."""

    text: str
    sheet: str
    row: int  # 0-based
    col: int  # 0-based
    months: tuple[Month, ...] = ()
    unit: str | None = None

    @property
    def where(self) -> tuple[str, int, str]:
        return self.sheet, self.row + 1, column_letter(self.col)


@dataclass
class Facts:
    """The facts of one source (the Info sheet, or the title rows of one sheet)."""

    unit: Fact | None = None
    month: Fact | None = None
    others: list[Fact] = field(default_factory=list)  # further months a title names


# --- months ---------------------------------------------------------------------------


def _month(year: int, month: int) -> Month | None:
    if 1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR:
        return Month(year, month)
    return None


def months_of_day(day: date) -> tuple[Month, ...]:
    """The months a date cell may stand for: its own, and, when the day could have been
    the month (2 to 12, not the month itself), that one too (module docstring)."""
    own = Month(day.year, day.month)
    if 2 <= day.day <= 12 and day.day != day.month:
        return own, Month(day.year, day.day)
    return (own,)


def _serial_day(value: float) -> date | None:
    if not float(value).is_integer() or not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(days=int(value))


def months_of_cell(value: object) -> tuple[Month, ...]:
    """Every month a cell may mean: a date, an Excel serial, or text (see months_in_text).

    >>> [str(m) for m in months_of_cell("Tháng 1 năm 2023")], months_of_cell("Ghi chú")
    (['2023-01'], ())
    """
    if isinstance(value, datetime | date):
        return months_of_day(value)
    if isinstance(value, bool):
        return ()
    if isinstance(value, int | float):
        day = _serial_day(value)
        return months_of_day(day) if day else ()
    return months_in_text(cell_text(value))


def months_in_text(text: str, title: bool = False) -> tuple[Month, ...]:
    """The months a text names, in order (module docstring: the forms and what is left
    out). ``title`` leaves out a signed document's date line."""
    key = normalize(text)
    if not key or not any(ch.isdigit() for ch in key):
        return ()
    if title:
        key = _DATE_LINE.sub(" ", key)
    named: list[Month] = []
    spans: list[tuple[int, int]] = []
    pending: list[int] = []  # months named without a year, waiting for the next year
    for m in _NAMED.finditer(key):
        spans.append(m.span())
        if _NOT_REPORTED.search(key[:m.start()]):
            continue
        number, year = int(m.group(1)), m.group(2)
        if year is None:
            pending.append(number)
            continue
        for waiting in pending:
            found = _month(int(year), waiting)
            if found:
                named.append(found)
        pending.clear()
        found = _month(int(year), number)
        if found:
            named.append(found)
    if pending:  # "tháng 01 năm 2023" is matched whole; "tháng 1 … năm 2023" lends the year
        later = _YEAR_ONLY.search(key)
        for waiting in pending if later else ():
            found = _month(int(later.group(1)), waiting)
            if found:
                named.append(found)
    rest = key
    for start, end in reversed(spans):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    for m in _ISO.finditer(rest):
        found = _month(int(m.group(1)), int(m.group(2)))
        if found and not _NOT_REPORTED.search(rest[:m.start()]):
            named.append(found)
    dates: list[Month] = []
    for m in _DATE.finditer(rest):
        found = _month(int(m.group(3)), int(m.group(2)))
        if found and int(m.group(1)) <= 31 and not _NOT_REPORTED.search(rest[:m.start()]):
            dates.append(found)
    rest = _DATE.sub(" ", rest)
    for m in _BARE.finditer(rest):
        found = _month(int(m.group(2)), int(m.group(1)))
        if found and not _NOT_REPORTED.search(rest[:m.start()]):
            named.append(found)
    return tuple(dict.fromkeys(named or dates))


def year_in_titles(sheet: Sheet, last_row: int) -> int | None:
    """The one year the title rows (or the sheet's name) give: ``SỐ LIỆU NĂM 2022``,
    ``Năm: 2022``, a sheet named ``2022``; None when none or several."""
    years: set[int] = set()
    for r in range(min(last_row, len(sheet.rows), TITLE_ROWS)):
        for cell in sheet.rows[r]:
            if isinstance(cell, str):
                years.update(int(y) for y in _YEAR_ONLY.findall(normalize(cell)))
    name = normalize(sheet.name)
    m = re.fullmatch(r"(?:nam\s*)?" + _YEAR, name)
    if m:
        years.add(int(m.group(1)))
    return years.pop() if len(years) == 1 else None


# --- units ----------------------------------------------------------------------------


def _unit_phrases(catalog: Catalog) -> list[tuple[tuple[str, ...], str]]:
    """(words of a name or alias, unit code) of every reporting unit, longest first."""
    found = catalog.__dict__.get("_etl_unit_phrases")
    if found is None:
        terms = catalog.terms
        found = sorted(((terms.plain_words(text), unit.code)
                        for unit in catalog.units if unit.kind == "unit"
                        for text in (unit.name, *unit.aliases)),
                       key=lambda item: -len(item[0]))
        found = [item for item in found if item[0]]
        catalog.__dict__["_etl_unit_phrases"] = found
    return found


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i:i + size] == phrase for i in range(len(words) - size + 1))


def find_unit(text: object, catalog: Catalog) -> str | None:
    """The reporting unit ``text`` names: its code, or a name or alias written in it (the
    longest wins; two units equally long: None).

    >>> from core.catalog import load_catalog
    >>> find_unit("THANH TRA SỞ - SỞ KH&CN QUẢNG TRỊ", load_catalog())
    'TTRA'
    """
    raw = cell_text(text)
    code = raw.strip().upper()
    if code in catalog.unit_by_code and catalog.unit(code).kind == "unit":
        return code
    words = catalog.terms.plain_words(raw)
    if not words:
        return None
    best: tuple[int, str] | None = None
    for phrase, unit in _unit_phrases(catalog):
        if best is not None and len(phrase) < best[0]:
            break
        if _contains(words, phrase):
            if best is not None and best[1] != unit:
                return None  # two units equally well named
            best = (len(phrase), unit)
    return best[1] if best else None


# --- where the facts stand --------------------------------------------------------------


_INFO_LABELS = {
    normalize(layout.INFO_UNIT_CODE): "unit",
    normalize(layout.INFO_UNIT_NAME): "unit_name",
    normalize(layout.INFO_MONTH): "month",
    "don vi": "unit",
    "don vi bao cao": "unit",
    "ten don vi bao cao": "unit_name",
    "thang": "month",
    "ky bao cao": "month",
    "thang bao cao": "month",
}


def read_info(sheet: Sheet, catalog: Catalog) -> Facts:
    """Unit and month beside their labels in a ``label | value`` sheet (``Thông tin``)."""
    facts = Facts()
    names: Fact | None = None
    for r, row in enumerate(sheet.rows[:40]):
        for c, cell in enumerate(row[:-1]):
            role = _INFO_LABELS.get(normalize(cell_text(cell)))
            value = row[c + 1]
            text = cell_text(value)
            if role == "month" and facts.month is None:
                facts.month = Fact(text, sheet.name, r, c + 1, months_of_cell(value))
            elif role == "unit" and facts.unit is None and text:
                facts.unit = Fact(text, sheet.name, r, c + 1, unit=find_unit(text, catalog))
            elif role == "unit_name" and names is None and text:
                names = Fact(text, sheet.name, r, c + 1, unit=find_unit(text, catalog))
    if facts.unit is None:
        facts.unit = names
    elif names is not None and names.unit and facts.unit.unit and names.unit != facts.unit.unit:
        facts.others.append(names)  # code and name of two units: the caller asks
    return facts


def read_titles(sheet: Sheet, catalog: Catalog, last_row: int | None = None) -> Facts:
    """Unit and month in the title rows above a table (``BÁO CÁO THÁNG 01/2023``, ``Đơn vị:
    Trung tâm …``, ``THANH TRA SỞ``). Every further month the titles name is in
    ``others``; an unknown unit after ``Đơn vị:`` is kept as its text."""
    facts = Facts()
    stop = min(len(sheet.rows), TITLE_ROWS if last_row is None else last_row)
    for r in range(stop):
        for c, cell in enumerate(sheet.rows[r]):
            if not isinstance(cell, str) or not cell.strip():
                if isinstance(cell, datetime | date) and facts.month is None:
                    facts.month = Fact(cell_text(cell), sheet.name, r, c, months_of_day(cell))
                continue
            months = months_in_text(cell, title=True)
            if months:
                found = Fact(cell.strip(), sheet.name, r, c, months)
                if facts.month is None:
                    facts.month = found
                elif set(months) - set(facts.month.months):
                    facts.others.append(found)
            if facts.unit is None:
                facts.unit = _title_unit(cell, sheet.name, r, c, catalog)
    return facts


def _title_unit(cell: str, sheet: str, r: int, c: int, catalog: Catalog) -> Fact | None:
    key = normalize(cell)
    if _UNIT_LINE.match(key) and ":" in cell:
        rest = cell.split(":", 1)[1].strip()
        return Fact(rest, sheet, r, c, unit=find_unit(rest, catalog)) if rest else None
    if len(key) > 2:
        unit = find_unit(cell, catalog)
        if unit:
            return Fact(cell.strip(), sheet, r, c, unit=unit)
    return None

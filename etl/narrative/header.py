"""The header: document number, place and date line, and the months the report covers.

The reported month comes from the subject line ("Kết quả công tác tháng 01 và kế
hoạch tháng 02 năm 2023", across a year end "tháng 12 năm 2023 và kế hoạch tháng 01
năm 2024"), else from part I's title ("KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023"). The
date line is the issue date and often falls in the next month, so it is not used.
"""

from __future__ import annotations

import re

from core.months import Month
from core.text import strip_diacritics

_NUMBER = re.compile(r"\bSố\s*:?\s*([0-9]*)\s*/\s*([0-9A-ZĐa-zđ][\w.\-/]*)", re.IGNORECASE)
# Up to five words of place name, then ", ngày … năm yyyy".
_DATE_LINE = re.compile(r"((?:[^\W\d_]+\.?\s){0,4}[^\W\d_]+,\s*ngày\b.*?\bnăm\s+\d{4})")

# Searched in text without diacritics, lower case, single spaces.
_WHEN = r"(\d{1,2})(?: ?(?:nam|/) ?(\d{4}))?"
_SUBJECT = re.compile(
    rf"thang {_WHEN},? va (?:ke hoach|phuong huong|nhiem vu)[a-z ]*? thang {_WHEN}"
)
_RESULTS = re.compile(rf"ket qua (?:cong tac |thuc hien )?thang {_WHEN}")
_TASKS = re.compile(rf"(?:nhiem vu|ke hoach|phuong huong)[a-z ]*? thang {_WHEN}")


def document_number(header: list[str]) -> str | None:
    """``"12/BC-SKHCN"``, or None while the number is left blank (``Số: /BC-SKHCN``)."""
    for line in header:
        m = _NUMBER.search(line)
        if m:
            return f"{m.group(1)}/{m.group(2)}" if m.group(1) else None
    return None


def date_line(header: list[str]) -> str | None:
    """``"Quảng Trị, ngày 05 tháng 02 năm 2023"`` as written (blank day kept blank)."""
    for line in header:
        m = _DATE_LINE.search(line)
        if m:
            words = m.group(1).split(" ")
            while len(words) > 1 and not _title_case(words[0]):
                words.pop(0)  # "…/BC-SKHCN Quảng Trị, ngày …" on one line: keep the place
            return " ".join(words).strip()
    return None


def _title_case(word: str) -> bool:
    """"Quảng", "Trị", "TP." (an abbreviation) but not "SKHCN" or "năm"."""
    if word.endswith(".") and word[:-1].isalpha():
        return True
    return word[:1].isupper() and (len(word) == 1 or not word[1:].isupper())


def report_months(texts: list[str]) -> tuple[Month | None, Month | None]:
    """(reported month, next month) from the header and part titles; None when not found."""
    key = " ".join(_fold(t) for t in texts)
    month = next_month = None
    m = _SUBJECT.search(key)
    if m:
        next_month = _month(m.group(3), m.group(4))
        year = int(m.group(2)) if m.group(2) else None
        if year is None and next_month is not None:
            # "tháng 12 và kế hoạch tháng 01 năm 2024": the first month is in 2023
            year = next_month.year - (1 if int(m.group(1)) > next_month.month else 0)
        month = _month(m.group(1), str(year) if year else None)
    if month is None:
        month = _first(_RESULTS, key)
    if next_month is None:
        next_month = _first(_TASKS, key)
    return month, next_month


def _first(pattern: re.Pattern[str], key: str) -> Month | None:
    """The first match that names both a month and a year."""
    for m in pattern.finditer(key):
        found = _month(m.group(1), m.group(2))
        if found:
            return found
    return None


def _fold(text: str) -> str:
    return " ".join(strip_diacritics(text).lower().split())


def _month(month: str | None, year: str | None) -> Month | None:
    if not month or not year:
        return None
    try:
        return Month(int(year), int(month))
    except ValueError:
        return None

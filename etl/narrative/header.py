"""The header: document number, place and date line, and the period the report covers.

The reported period comes from the subject line ("Kết quả công tác tháng 01 và kế
hoạch tháng 02 năm 2023", across a year end "tháng 12 năm 2023 và kế hoạch tháng 01
năm 2024", "quý I và kế hoạch quý II năm 2023", "6 tháng đầu năm và kế hoạch 6 tháng
cuối năm 2023"), else from a results title ("KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023",
"Báo cáo kết quả công tác quý I năm 2023", "Báo cáo tổng kết công tác năm 2023").
The date line is the issue date and often falls in the next period, so it is not used.
"""

from __future__ import annotations

import re

from core.formatting import fmt_month
from core.messages import t
from core.months import HALF, MONTH, NINE_MONTHS, QUARTER, YEAR, ReportPeriod
from core.text import strip_diacritics

_NUMBER = re.compile(r"\bSố\s*:?\s*([0-9]*)\s*/\s*([0-9A-ZĐa-zđ][\w.\-/]*)", re.IGNORECASE)
# Up to five words of place name, then ", ngày … năm yyyy".
_DATE_LINE = re.compile(r"((?:[^\W\d_]+\.?\s){0,4}[^\W\d_]+,\s*ngày\b.*?\bnăm\s+\d{4})")

# Searched in text without diacritics, lower case, single spaces. A period as titles
# write it: "thang 01 (nam 2023)", "quy I (nam 2023)", "6 thang dau nam (2023)",
# "6 thang cuoi nam", "9 thang (dau nam) (2023)", "nam 2023".
_PERIOD = (
    r"(?:thang (?P<m>\d{1,2})(?: ?(?:nam|/) ?(?P<my>\d{4}))?"
    r"|quy (?P<q>iv|iii|ii|i|[1-4])\b(?: ?(?:nam|/) ?(?P<qy>\d{4}))?"
    r"|(?P<h>6|sau) thang (?P<hw>dau|cuoi) nam(?: (?P<hy>\d{4}))?"
    r"|(?P<n>9|chin) thang(?: dau)?(?: nam)?(?: (?P<ny>\d{4}))?"
    r"|(?:ca )?nam (?P<y>\d{4}))"
)
_PLAN = r"(?:ke hoach|phuong huong|nhiem vu)[a-z ]*?"
_SUBJECT = re.compile(rf"{_PERIOD.replace('?P<', '?P<a_')},? va {_PLAN} {_PERIOD}")
_RESULTS = re.compile(
    rf"(?:ket qua (?:cong tac |thuc hien )?|(?:tong|so) ket (?:cong tac )?){_PERIOD}")
_TASKS = re.compile(rf"{_PLAN} {_PERIOD}")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


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


def report_periods(texts: list[str]) -> tuple[ReportPeriod | None, ReportPeriod | None]:
    """(reported period, next period) from the header and part titles; None when not found.

    >>> found = report_periods(["Kết quả công tác quý I và kế hoạch quý II năm 2023"])
    >>> [str(p) for p in found]
    ['2023-Q1', '2023-Q2']
    """
    key = " ".join(_fold(t) for t in texts)
    period = next_period = None
    m = _SUBJECT.search(key)
    if m:
        groups = m.groupdict()
        next_period = _period({k: v for k, v in groups.items() if not k.startswith("a_")})
        first = {k[2:]: v for k, v in groups.items() if k.startswith("a_")}
        period = _period(first)
        if period is None and next_period is not None:
            # "tháng 12 và kế hoạch tháng 01 năm 2024": the first period is in 2023
            period = _period(first, next_period.year)
            if period is not None and period.first_month >= next_period.first_month:
                period = _period(first, next_period.year - 1)
    if period is None:
        period = _first(_RESULTS, key)
    if next_period is None:
        next_period = _first(_TASKS, key)
    return period, next_period


def period_label(period: ReportPeriod) -> str:
    """How messages name a period: "tháng 01/2023", "quý I năm 2023", "6 tháng đầu năm
    2023", "9 tháng năm 2023", "năm 2023"."""
    if period.kind == MONTH:
        return t("narrative.period_month", month=fmt_month(period.first_month))
    if period.kind == HALF:
        return t(f"narrative.period_half_{period.index}", year=period.year)
    roman = next(r for r, i in _ROMAN.items() if i == period.index).upper()
    return t(f"narrative.period_{period.kind}", roman=roman, year=period.year)


def _first(pattern: re.Pattern[str], key: str) -> ReportPeriod | None:
    """The first match that names both a period and its year."""
    for m in pattern.finditer(key):
        found = _period(m.groupdict())
        if found:
            return found
    return None


def _fold(text: str) -> str:
    return " ".join(strip_diacritics(text).lower().split())


def _period(groups: dict[str, str | None], default_year: int | None = None
            ) -> ReportPeriod | None:
    """The period of one ``_PERIOD`` match; None without a year or when out of range."""
    year_text = next((groups[k] for k in ("my", "qy", "hy", "ny", "y") if groups.get(k)), None)
    year = int(year_text) if year_text else default_year
    if year is None:
        return None
    try:
        if groups.get("m"):
            return ReportPeriod(MONTH, year, int(groups["m"]))
        if groups.get("q"):
            q = groups["q"]
            return ReportPeriod(QUARTER, year, _ROMAN.get(q) or int(q))
        if groups.get("h"):
            return ReportPeriod(HALF, year, 1 if groups.get("hw") == "dau" else 2)
        if groups.get("n"):
            return ReportPeriod(NINE_MONTHS, year)
        if groups.get("y"):
            return ReportPeriod(YEAR, year)
    except ValueError:
        return None
    return None

"""How a report period is named in the report: subject line, part titles, picker labels.

Period codes and their months come from ``analytics.periods`` (``2023-01``, ``2023-Q1``,
``2023-H1``, ``2023-9T``, ``2023``); this module only words them, from the message
catalogue:

>>> subject("2023-01")
'Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023'
>>> subject("2023-12")
'Kết quả công tác tháng 12 năm 2023 và kế hoạch tháng 01 năm 2024'
>>> subject("2023-H1")
'Kết quả công tác 6 tháng đầu năm và kế hoạch 6 tháng cuối năm 2023'
"""

from __future__ import annotations

from analytics.periods import period_end, period_kind, period_months
from core.messages import t
from core.months import Month

ROMAN = ("I", "II", "III", "IV")


def normalize_code(code: str) -> str:
    """The canonical code (``2023-q1`` → ``2023-Q1``, ``2023-9t`` → ``2023-9T``);
    ValueError when ``code`` is not a report period."""
    text = str(code).strip().upper()
    period_kind(text)  # raises ValueError for anything else
    return text


def year_of(code: str) -> int:
    return int(str(code)[:4])


def last_month(code: str) -> Month:
    """The last calendar month of a period (the month whose tasks open the next one)."""
    end = period_end(code)
    return Month(end.year, end.month)


def months_of(code: str) -> list[Month]:
    """Every calendar month of a period, oldest first."""
    return [Month(p.year, p.month) for p in period_months(code)]


def next_period(code: str) -> str:
    """The period part II plans for: the next month, quarter, half or year; after nine
    months the fourth quarter."""
    kind, year = period_kind(code), year_of(code)
    if kind == "month":
        return str(last_month(code) + 1)
    if kind == "quarter":
        q = int(code[-1])
        return f"{year}-Q{q + 1}" if q < 4 else f"{year + 1}-Q1"
    if kind == "half":
        return f"{year}-H2" if code.endswith("1") else f"{year + 1}-H1"
    if kind == "nine_months":
        return f"{year}-Q4"
    return str(year + 1)


def same_period_last_year(code: str) -> str:
    """``2023-Q1`` → ``2022-Q1``."""
    return str(year_of(code) - 1) + str(code)[4:]


def short_label(code: str) -> str:
    """The period without its year: ``tháng 01``, ``quý I``, ``6 tháng đầu năm``,
    ``9 tháng``; empty for a whole year."""
    kind = period_kind(code)
    if kind == "month":
        return t("report.period_month", month=f"{last_month(code).month:02d}")
    if kind == "quarter":
        return t("report.period_quarter", roman=ROMAN[int(code[-1]) - 1])
    if kind == "half":
        return t("report.period_half_1" if code.endswith("1") else "report.period_half_2")
    if kind == "nine_months":
        return t("report.period_nine_months")
    return ""


def long_label(code: str) -> str:
    """The period with its year: ``tháng 01 năm 2023``, ``6 tháng đầu năm 2023``, ``năm 2023``."""
    # "6 tháng đầu năm" already ends in "năm": the year follows it directly.
    key = "report.period_half_with_year" if period_kind(code) == "half" else \
        "report.period_with_year"
    return t(key, period=short_label(code), year=year_of(code)).strip()


def subject(code: str) -> str:
    """The subject line under ``BÁO CÁO``; the year is written once when both periods
    share it, twice across a year end."""
    nxt = next_period(code)
    current = short_label(code) if year_of(nxt) == year_of(code) else long_label(code)
    return t("report.subject", current=current, next=long_label(nxt))


def part1_title(code: str) -> str:
    """``I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023``."""
    return t("report.part1_title", period=long_label(code).upper())


def part2_title(code: str) -> str:
    """``II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023`` (the next period)."""
    return t("report.part2_title", period=long_label(next_period(code)).upper())


def part2_intro(code: str) -> str:
    """``Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung …`` (the next period)."""
    nxt = next_period(code)
    if period_kind(nxt) == "month":
        month = last_month(nxt)
        return t("report.part2_intro_month", month=f"{month.month:02d}", year=month.year)
    return t("report.part2_intro_period", period=long_label(nxt))


def picker_label(code: str) -> str:
    """How the page lists a period: ``Tháng 01/2023``, ``Quý I/2023``, ``Năm 2023`` …"""
    kind = period_kind(code)
    if kind == "month":
        month = last_month(code)
        return t("report.picker_month", month=f"{month.month:02d}", year=month.year)
    label = long_label(code)
    return label[:1].upper() + label[1:]


def periods_of_kind(kind: str, months: list[Month]) -> list[str]:
    """Codes of the periods of ``kind`` that contain at least one of ``months``, newest first.

    ``kind`` is one of ``month``, ``quarter``, ``half``, ``nine_months``, ``year``.
    """
    codes: set[str] = set()
    for m in months:
        if kind == "month":
            codes.add(str(m))
        elif kind == "quarter":
            codes.add(f"{m.year}-Q{(m.month - 1) // 3 + 1}")
        elif kind == "half":
            codes.add(f"{m.year}-H{1 if m.month <= 6 else 2}")
        elif kind == "nine_months":
            if m.month <= 9:
                codes.add(f"{m.year}-9T")
        elif kind == "year":
            codes.add(str(m.year))
        else:
            raise ValueError(kind)
    return sorted(codes, key=lambda c: (period_end(c), c), reverse=True)


KINDS = ("month", "quarter", "half", "nine_months", "year")
MONTH_PARAM, PERIOD_PARAM = "thang", "ky"


def parse_address(params: dict[str, object]) -> tuple[str | None, str | None]:
    """The period in a page address and a notice when the address held a bad value.

    ``thang=2023-01`` names a month, ``ky=2023-Q1|2023-H1|2023-9T|2023`` a longer period
    (a month in ``ky`` is accepted too). Returns ``(code or None, notice or None)``; never
    raises, so a crafted address only earns a notice.

    >>> parse_address({"thang": "2023-01"})
    ('2023-01', None)
    >>> parse_address({"ky": "2023-h1"})
    ('2023-H1', None)
    >>> parse_address({"thang": "2023-13"})[0] is None
    True
    """

    def first(value: object) -> str:
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        return str(value or "").strip()[:40]

    for name in (MONTH_PARAM, PERIOD_PARAM):
        raw = first(params.get(name))
        if not raw:
            continue
        try:
            code = normalize_code(raw)
            if name == MONTH_PARAM and period_kind(code) != "month":
                raise ValueError(raw)
            period_months(code)  # a real month: 2023-13 fails here
        except ValueError:
            shown = raw if len(raw) <= 20 else raw[:20] + "…"
            return None, t("report.page_bad_address", value=shown)
        return code, None
    return None, None


def address_params(code: str) -> dict[str, str]:
    """The address parameters that name ``code`` (``thang`` for a month, else ``ky``)."""
    return {MONTH_PARAM if period_kind(code) == "month" else PERIOD_PARAM: code}

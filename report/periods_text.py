"""How a report period is named in the report: subject line, part titles, picker labels.

The period itself (its code, months, next period, same period last year) is
``core.months.ReportPeriod``; this module only words it, from the message catalogue:

>>> subject(ReportPeriod.parse("2023-01"))
'Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023'
>>> subject(ReportPeriod.parse("2023-12"))
'Kết quả công tác tháng 12 năm 2023 và kế hoạch tháng 01 năm 2024'
>>> subject(ReportPeriod.parse("2023-H1"))
'Kết quả công tác 6 tháng đầu năm và kế hoạch 6 tháng cuối năm 2023'
"""

from __future__ import annotations

from collections.abc import Sequence

from core.formatting import fmt_month
from core.messages import t
from core.months import (
    HALF,
    MONTH,
    NINE_MONTHS,
    QUARTER,
    YEAR,
    Month,
    PeriodKind,
    ReportPeriod,
)

ROMAN = ("I", "II", "III", "IV")


def short_label(period: ReportPeriod) -> str:
    """The period without its year: ``tháng 01``, ``quý I``, ``6 tháng đầu năm``,
    ``9 tháng``; empty for a whole year."""
    if period.kind == MONTH:
        return t("report.period_month", month=f"{period.index:02d}")
    if period.kind == QUARTER:
        return t("report.period_quarter", roman=ROMAN[period.index - 1])
    if period.kind == HALF:
        return t(f"report.period_half_{period.index}")
    if period.kind == NINE_MONTHS:
        return t("report.period_nine_months")
    return ""


def long_label(period: ReportPeriod) -> str:
    """The period with its year: ``tháng 01 năm 2023``, ``6 tháng đầu năm 2023``, ``năm 2023``."""
    # "6 tháng đầu năm" already ends in "năm": the year follows it directly.
    key = "report.period_half_with_year" if period.kind == HALF else "report.period_with_year"
    return t(key, period=short_label(period), year=period.year).strip()


def subject(period: ReportPeriod) -> str:
    """The subject line under ``BÁO CÁO``; the year is written once when both periods
    share it, twice across a year end."""
    nxt = period.next()
    current = short_label(period) if nxt.year == period.year else long_label(period)
    return t("report.subject", current=current, next=long_label(nxt))


def part1_title(period: ReportPeriod) -> str:
    """``I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023``."""
    return t("report.part1_title", period=long_label(period).upper())


def part2_title(period: ReportPeriod) -> str:
    """``II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023`` (the next period)."""
    return t("report.part2_title", period=long_label(period.next()).upper())


def part2_intro(period: ReportPeriod) -> str:
    """``Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung …`` (the next period)."""
    nxt = period.next()
    if nxt.kind == MONTH:
        return t("report.part2_intro_month", month=f"{nxt.index:02d}", year=nxt.year)
    return t("report.part2_intro_period", period=long_label(nxt))


def month_list(months: Sequence[Month]) -> str:
    """Months of one year by number, a run of three or more as a range, the year once
    when they all share it: ``tháng 01, 08, 10–12/2023``.

    >>> month_list([Month(2023, m) for m in (1, 2, 3, 4, 8, 11, 12)])
    'tháng 01–04, 08, 11, 12/2023'
    >>> month_list([Month(2022, 12), Month(2023, 1)])
    'tháng 12/2022, 01/2023'
    """
    ordered = sorted(set(months))
    if not ordered:
        return ""
    if len({m.year for m in ordered}) > 1:
        return t("report.period_month", month=", ".join(fmt_month(m) for m in ordered))
    runs: list[list[Month]] = []
    for month in ordered:
        if runs and month.diff(runs[-1][-1]) == 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0].month:02d}–{run[-1].month:02d}")
        else:
            parts.extend(f"{m.month:02d}" for m in run)
    return t("report.period_month", month=f"{', '.join(parts)}/{ordered[0].year}")


def starting_label(month: Month) -> str | None:
    """The longest quarter, half or year that begins the month after ``month``, named
    (``quý II năm 2023``, ``6 tháng cuối năm 2023``, ``năm 2024``); None when ``month``
    closes none. Its tasks, written in ``month``'s form, are part II of every longer
    report that ends with ``month``.

    >>> [starting_label(Month(2023, m)) for m in (3, 6, 9, 12, 1)]
    ['quý II năm 2023', '6 tháng cuối năm 2023', 'quý IV năm 2023', 'năm 2024', None]
    """
    start = month + 1
    for kind in (YEAR, HALF, QUARTER):
        period = ReportPeriod.containing(kind, start)
        if period is not None and period.first_month == start:
            return long_label(period)
    return None


def picker_label(period: ReportPeriod) -> str:
    """How the page lists a period: ``Tháng 01/2023``, ``Quý I năm 2023``, ``Năm 2023`` …"""
    if period.kind == MONTH:
        return t("report.picker_month", month=f"{period.index:02d}", year=period.year)
    label = long_label(period)
    return label[:1].upper() + label[1:]


def periods_of_kind(kind: PeriodKind, months: list[Month]) -> list[ReportPeriod]:
    """The periods of ``kind`` that contain at least one of ``months``, newest first.

    >>> [str(p) for p in periods_of_kind("half", [Month(2023, 1), Month(2023, 7)])]
    ['2023-H2', '2023-H1']
    """
    found = {ReportPeriod.containing(kind, m) for m in months} - {None}
    return sorted(found, key=lambda p: (p.last_month, str(p)), reverse=True)


MONTH_PARAM, PERIOD_PARAM = "thang", "ky"


def parse_address(params: dict[str, object]) -> tuple[ReportPeriod | None, str | None]:
    """The period in a page address and a notice when the address held a bad value.

    ``thang=2023-01`` names a month, ``ky=2023-Q1|2023-H1|2023-9T|2023`` a longer period
    (a month in ``ky`` is accepted too). Returns ``(period or None, notice or None)``; never
    raises, so a crafted address only earns a notice.

    >>> str(parse_address({"thang": "2023-01"})[0])
    '2023-01'
    >>> str(parse_address({"ky": "2023-h1"})[0])
    '2023-H1'
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
            period = ReportPeriod.parse(raw)
            if name == MONTH_PARAM and period.kind != MONTH:
                raise ValueError(raw)
        except ValueError:
            shown = raw if len(raw) <= 20 else raw[:20] + "…"
            return None, t("report.page_bad_address", value=shown)
        return period, None
    return None, None


def address_params(period: ReportPeriod) -> dict[str, str]:
    """The address parameters that name ``period`` (``thang`` for a month, else ``ky``).

    >>> address_params(ReportPeriod.parse("2023-q1"))
    {'ky': '2023-Q1'}
    """
    return {MONTH_PARAM if period.kind == MONTH else PERIOD_PARAM: str(period)}

"""The address of a figure's origin, ``/nguon-so-lieu``: reading it and writing it (pure).

Parameters: ``chi_tieu=CODE`` (one indicator, required); ``thang=YYYY-MM`` (one month) or
``ky=YYYY-Q1|YYYY-H1|YYYY-9T|YYYY`` (a quarter, half, nine months or year), one of them
required; ``luy_ke=1`` (year to date up to ``thang``); ``don_vi=CODE,CODE`` (units; absent:
every unit); ``duyet=1`` (approved versions only, the dashboards' switch) or ``bao_cao=1``
(the report's rule: approved, else newest). A bad or missing value gives a Vietnamese
notice and no figure: a figure chosen by a guess could be another number than the one
clicked. Parsing never raises; the address is never rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from actions.provenance import APPROVED, NEWEST, REPORT, FigureQuery
from core.catalog import Catalog
from core.messages import t
from core.months import MONTH, Month, ReportPeriod, year_to_date
from ui.address import MAX_CODES, parse_month
from ui.links import page_address

PAGE = "pages/provenance.py"
INDICATOR, UNITS, MONTH_PARAM, PERIOD_PARAM = "chi_tieu", "don_vi", "thang", "ky"
YTD, APPROVED_PARAM, REPORT_PARAM = "luy_ke", "duyet", "bao_cao"
ADDRESS_PARAMS = (INDICATOR, UNITS, MONTH_PARAM, PERIOD_PARAM, YTD, APPROVED_PARAM, REPORT_PARAM)
_RAW_LIMIT = 2000  # longer values are cut before they are split or echoed


@dataclass(frozen=True)
class Origin:
    """A figure as its address names it: the query and how its period was written."""

    query: FigureQuery
    month: Month | None = None  # thang (alone or as the end of a year to date)
    period: ReportPeriod | None = None  # ky
    ytd: bool = False

    @property
    def one_value(self) -> bool:
        """One unit's one month: a single stored value."""
        return len(self.query.units) == 1 and len(self.query.months) == 1


@dataclass
class ParsedOrigin:
    origin: Origin | None
    notices: list[str] = field(default_factory=list)


def _first(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value or "").strip()[:_RAW_LIMIT]


def _short(text: str) -> str:
    # Echo a bad value back shortened, so a crafted address cannot flood the page.
    return text if len(text) <= 30 else text[:30] + "…"


def _flag(params: Mapping[str, object], name: str, notices: list[str]) -> bool:
    raw = _first(params.get(name))
    if raw in ("", "0"):
        return False
    if raw == "1":
        return True
    notices.append(t("provenance.bad_flag", param=name, value=_short(raw)))
    return False


def parse_origin(params: Mapping[str, object], catalog: Catalog) -> ParsedOrigin:
    """The figure an address names, or None with a notice for each problem."""
    notices: list[str] = []
    raw = _first(params.get(INDICATOR))
    indicator = None
    if not raw:
        notices.append(t("provenance.missing_indicator"))
    elif "," in raw:
        notices.append(t("provenance.one_indicator", value=_short(raw)))
    elif raw not in catalog.indicator_by_code:
        notices.append(t("provenance.unknown_indicator", code=_short(raw)))
    else:
        indicator = raw
    known_units = {u.code for u in catalog.units if u.kind == "unit"}
    wanted = [c.strip() for c in _first(params.get(UNITS)).split(",") if c.strip()]
    bad = [c for c in wanted if c not in known_units]
    if len(wanted) > MAX_CODES or bad:
        notices.append(t("provenance.unknown_units",
                         codes=_short(", ".join(bad or wanted[MAX_CODES:]))))
    units = tuple(dict.fromkeys(wanted))
    month_raw, period_raw = _first(params.get(MONTH_PARAM)), _first(params.get(PERIOD_PARAM))
    ytd = _flag(params, YTD, notices)
    approved, report = _flag(params, APPROVED_PARAM, notices), _flag(params, REPORT_PARAM,
                                                                    notices)
    if approved and report:
        notices.append(t("provenance.two_rules"))
    month = period = None
    if month_raw and period_raw:
        notices.append(t("provenance.both_periods"))
    elif month_raw:
        month = parse_month(month_raw)
        if month is None:
            notices.append(t("provenance.bad_month", value=_short(month_raw)))
    elif period_raw:
        try:
            period = ReportPeriod.parse(period_raw)
        except ValueError:
            notices.append(t("provenance.bad_period", value=_short(period_raw)))
        if ytd:
            notices.append(t("provenance.ytd_needs_month"))
    else:
        notices.append(t("provenance.missing_period"))
    if notices or indicator is None or (month is None and period is None):
        return ParsedOrigin(None, notices)
    if month is not None:
        months = tuple(year_to_date(month)) if ytd else (month,)
    else:
        months = period.months
    rule = REPORT if report else APPROVED if approved else NEWEST
    return ParsedOrigin(Origin(FigureQuery(indicator, months, units, rule), month, period, ytd))


def origin_params(indicator: str, *, month: Month | None = None,
                  period: ReportPeriod | None = None, units: Sequence[str] = (),
                  ytd: bool = False, rule: str = NEWEST) -> dict[str, str]:
    """The address parameters of a figure (``period`` of one month is written ``thang``).

    >>> origin_params("A", month=Month(2023, 1), units=["TTKT"], rule=APPROVED)
    {'chi_tieu': 'A', 'don_vi': 'TTKT', 'thang': '2023-01', 'duyet': '1'}
    >>> origin_params("A", period=ReportPeriod.parse("2023-Q1"), rule=REPORT)
    {'chi_tieu': 'A', 'ky': '2023-Q1', 'bao_cao': '1'}
    """
    out = {INDICATOR: indicator}
    if units:
        out[UNITS] = ",".join(units)
    if period is not None and period.kind == MONTH:
        month, period = period.first_month, None
    if month is not None:
        out[MONTH_PARAM] = str(month)
        if ytd:
            out[YTD] = "1"
    elif period is not None:
        out[PERIOD_PARAM] = str(period)
    if rule == APPROVED:
        out[APPROVED_PARAM] = "1"
    elif rule == REPORT:
        out[REPORT_PARAM] = "1"
    return out


def origin_address(params: Mapping[str, str]) -> str:
    """The site-relative address ``/nguon-so-lieu?…`` of ``params``.

    >>> origin_address({"chi_tieu": "A", "thang": "2023-01"})
    '/nguon-so-lieu?chi_tieu=A&thang=2023-01'
    """
    return page_address(PAGE, dict(params))

"""The view in the address: parse ``st.query_params`` into a view and back (pure, no Streamlit).

Parameters: ``thang=YYYY-MM`` (the month), ``tu=YYYY-MM`` / ``den=YYYY-MM`` (a month range),
``chi_tieu=CODE,CODE`` (indicators), ``don_vi=CODE,CODE`` (units), ``duyet=1`` (approved
versions only), ``so=CODE`` (the department, where a database holds several), ``bieu_do=NAME``
(the trends page's chart: one of ``CHARTS``). Unknown or
malformed values fall back to the defaults, each with a short Vietnamese notice; parsing never
raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.messages import t
from core.months import Month

_MONTH = re.compile(r"^\d{4}-\d{2}$")
MAX_CODES = 50
# The trends page's charts by their address name; the first is the default.
LINE_CHART, YTD_CHART, UNITS_CHART = "thang", "luy-ke", "don-vi"
CHARTS = (LINE_CHART, YTD_CHART, UNITS_CHART)


@dataclass(frozen=True)
class View:
    """What a dashboard page shows. ``None``/empty means "the page's default"."""

    month: Month | None = None
    start: Month | None = None
    end: Month | None = None
    indicators: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    approved_only: bool = False
    department: str | None = None
    chart: str | None = None


@dataclass
class Parsed:
    view: View
    notices: list[str] = field(default_factory=list)


def _first(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value or "").strip()


def parse_month(text: str) -> Month | None:
    """``YYYY-MM`` (a real month) or None.

    >>> parse_month("2023-01"), parse_month("2023-13"), parse_month("01/2023")
    (Month(year=2023, month=1), None, None)
    """
    if not _MONTH.match(text):  # the address form only, not the looser forms people type
        return None
    try:
        return Month.parse(text)
    except ValueError:
        return None


def _codes(text: str, known: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    known_set = set(known)
    wanted = [c.strip() for c in text.split(",") if c.strip()][:MAX_CODES]
    good = tuple(dict.fromkeys(c for c in wanted if c in known_set))
    bad = [c for c in wanted if c not in known_set]
    return good, bad


def _short(text: str) -> str:
    # Echo a bad value back shortened, so a crafted address cannot flood the page.
    return text if len(text) <= 30 else text[:30] + "…"


def parse_view(params: Mapping[str, object], indicators: Iterable[str] = (),
               units: Iterable[str] = (), departments: Iterable[str] = ()) -> Parsed:
    """Read the address parameters against the known codes.

    Each bad value is dropped (the page uses its default) with a notice. ``tu`` after
    ``den`` drops both.
    """
    notices: list[str] = []
    values: dict[str, object] = {}
    for key, name in (("thang", "month"), ("tu", "start"), ("den", "end")):
        raw = _first(params.get(key))
        if raw:
            month = parse_month(raw)
            if month is None:
                notices.append(t("dashboard.bad_month", param=key, value=_short(raw)))
            else:
                values[name] = month
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and start > end:
        notices.append(t("dashboard.bad_range"))
        values.pop("start")
        values.pop("end")
    for key, name, known, message in (
        ("chi_tieu", "indicators", indicators, "dashboard.unknown_indicators"),
        ("don_vi", "units", units, "dashboard.unknown_units"),
    ):
        raw = _first(params.get(key))
        if raw:
            good, bad = _codes(raw, known)
            if bad:
                notices.append(t(message, codes=_short(", ".join(bad))))
            values[name] = good
    raw = _first(params.get("duyet"))
    if raw:
        if raw in ("1", "0"):
            values["approved_only"] = raw == "1"
        else:
            notices.append(t("dashboard.bad_approved", value=_short(raw)))
    raw = _first(params.get("so"))
    if raw:
        if raw in set(departments):
            values["department"] = raw
        else:
            notices.append(t("dashboard.unknown_department", value=_short(raw)))
    raw = _first(params.get("bieu_do"))
    if raw:
        if raw in CHARTS:
            values["chart"] = raw
        else:
            notices.append(t("dashboard.unknown_chart", value=_short(raw),
                               choices=", ".join(CHARTS)))
    return Parsed(View(**values), notices)


def to_params(view: View) -> dict[str, str]:
    """The address parameters of ``view`` (only the ones that are set).

    >>> to_params(View(month=Month(2023, 1), indicators=("A", "B"), approved_only=True))
    {'thang': '2023-01', 'chi_tieu': 'A,B', 'duyet': '1'}
    """
    out: dict[str, str] = {}
    if view.month:
        out["thang"] = str(view.month)
    if view.start:
        out["tu"] = str(view.start)
    if view.end:
        out["den"] = str(view.end)
    if view.indicators:
        out["chi_tieu"] = ",".join(view.indicators)
    if view.units:
        out["don_vi"] = ",".join(view.units)
    if view.approved_only:
        out["duyet"] = "1"
    if view.department:
        out["so"] = view.department
    if view.chart:
        out["bieu_do"] = view.chart
    return out

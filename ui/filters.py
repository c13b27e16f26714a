"""Page set-up shared by the dashboards: the view from the address, the approved-only
switch, the department and month pickers, and writing the view back to the address.

Widgets take their value from the address when the address changed from outside (a link, a
reload, a typed URL) and otherwise keep what the user picked; after the widgets the page
writes the view back with :func:`write_address`, so a copied link opens the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from analytics import completeness
from analytics.kpi import department_units
from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import t
from core.months import Month, month_range
from core.timezone import vn_today
from ui import data
from ui.address import View, parse_view, to_params
from ui.text import escape_markdown


@dataclass
class PageContext:
    page: str
    dv: int
    catalog: Catalog
    address: View  # the view as the address gave it (unset fields: page default)
    fresh: bool  # the address changed from outside since this page last wrote it

    def key(self, name: str) -> str:
        return f"{self.page}_{name}"


def start_page(page: str) -> PageContext:
    """Read the address once per run and show a short notice for each bad parameter."""
    dv = data.data_version()
    cat = data.catalog(dv)
    params = st.query_params.to_dict()
    parsed = parse_view(
        params,
        indicators=[i.code for i in cat.indicators],
        units=[u.code for u in cat.units if u.kind == "unit"],
        departments=[u.code for u in cat.units if u.kind == "department"],
    )
    for notice in parsed.notices:
        st.info(escape_markdown(notice), icon=":material/info:")
    fresh = params != st.session_state.get(f"_address_{page}")
    return PageContext(page, dv, cat, parsed.view, fresh)


def init_widget(ctx: PageContext, name: str, value: object) -> str:
    """The widget key of ``name``, seeded with ``value`` when the address is fresh."""
    key = ctx.key(name)
    if ctx.fresh or key not in st.session_state:
        st.session_state[key] = value
    return key


def approved_switch(ctx: PageContext) -> bool:
    """The switch between newest versions (default) and approved versions only."""
    key = init_widget(ctx, "approved", ctx.address.approved_only)
    on = st.toggle(t("dashboard.approved_only"), key=key, help=t("dashboard.approved_only_help"))
    st.caption(t("dashboard.showing_approved") if on else t("dashboard.showing_newest"))
    return bool(on)


def department_picker(ctx: PageContext) -> str | None:
    """The department whose units are shown; a picker only where the database holds several."""
    departments = [u for u in ctx.catalog.units if u.kind == "department"]
    if len(departments) <= 1:
        return departments[0].code if departments else None
    codes = [u.code for u in departments]
    default = ctx.address.department if ctx.address.department in codes else codes[0]
    key = init_widget(ctx, "department", default)
    names = {u.code: u.name for u in departments}
    return st.selectbox(t("dashboard.department"), codes, key=key, format_func=names.get)


def scope_units(ctx: PageContext, department: str | None) -> tuple[str, ...]:
    return tuple(department_units(ctx.catalog, department))


def available_months(ctx: PageContext, approved_only: bool, units: Sequence[str],
                     extra: Sequence[Month] = ()) -> list[Month]:
    """Months from the first with data to the latest (plus ``extra``), newest first."""
    latest = data.latest_period(ctx.dv, approved_only, tuple(units)) \
        or data.latest_period(ctx.dv, False, tuple(units))
    first = data.first_period(ctx.dv)
    if latest is None or first is None:
        return sorted(set(extra), reverse=True)
    months = set(month_range(first, latest)) | set(extra)
    return sorted(months, reverse=True)


def latest_month(ctx: PageContext, units: Sequence[str]) -> Month | None:
    """The newest month with any version (the end of the pages' month lists)."""
    return data.latest_period(ctx.dv, False, tuple(units))


def default_month(ctx: PageContext, approved_only: bool, units: Sequence[str]) -> Month | None:
    """The home month: the newest month complete enough (setting
    ``home_month_min_share_percent``), else the newest with data; None without data."""
    coverage = data.month_coverage(ctx.dv, approved_only, tuple(units))
    share = data.home_month_share(vn_today())
    return completeness.home_month(coverage, share) or latest_month(ctx, units)


def month_label(coverage: Mapping[Month, completeness.Coverage]) -> Callable[[Month], str]:
    """``01/2024 · 1/8 đơn vị``: the month and how many expected units submitted it."""
    def label(month: Month) -> str:
        cov = coverage.get(month)
        if cov is None or cov.expected == 0:
            return fmt_month(month)
        return t("dashboard.month_coverage", month=fmt_month(month),
                 submitted=cov.submitted, expected=cov.expected)
    return label


def month_picker(ctx: PageContext, name: str, label: str, options: Sequence[Month],
                 default: Month,
                 coverage: Mapping[Month, completeness.Coverage] | None = None) -> Month:
    """A month select box (``01/2023``, with ``coverage`` ``01/2023 · 7/8 đơn vị``) seeded
    from the address or ``default``."""
    key = init_widget(ctx, name, default)
    if st.session_state[key] not in options:
        st.session_state[key] = default
    return st.selectbox(label, list(options), key=key,
                        format_func=month_label(coverage or {}))


def multiselect_codes(ctx: PageContext, name: str, label: str, options: Sequence[str],
                      default: Sequence[str], labels: dict[str, str],
                      placeholder: str) -> list[str]:
    """A multiselect of codes shown by name, seeded from the address or ``default``."""
    key = init_widget(ctx, name, [c for c in default if c in options])
    st.session_state[key] = [c for c in st.session_state[key] if c in options]
    return st.multiselect(label, list(options), key=key, format_func=lambda c: labels.get(c, c),
                          placeholder=placeholder)


def write_address(ctx: PageContext, view: View) -> None:
    """Put ``view`` in the address once the user has picked something.

    An address that came from outside (a link, a reload, a typed URL) is never rewritten:
    the page shows what it asks for, or says why it cannot, and the address stays as typed
    until the user changes a picker.
    """
    stored = f"_address_{ctx.page}"
    if ctx.fresh:
        st.session_state[stored] = st.query_params.to_dict()
        return
    params = to_params(view)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state[stored] = params

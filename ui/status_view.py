"""The sections of the submission status page."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analytics import completeness
from analytics.periods import to_month
from core.formatting import fmt_datetime_vn, fmt_month, fmt_signed
from core.messages import t
from core.months import Month, month_range
from core.timezone import utc_now
from ui import charts, data, filters, responsive
from ui.figures import figure_text
from ui.filters import PageContext
from ui.text import escape_markdown

DEFAULT_MONTHS = 12
VERSIONS_OPEN = "status_versions_open"  # the session key of the versions' expander
# Background and text colours per state (colour-blind friendly, with the label in the cell).
COLOURS = {
    "on_time": ("#d4edda", "#155724"),
    "late": ("#fff3cd", "#856404"),
    "approved": ("#cce5ff", "#004085"),
    "returned": ("#f8d7da", "#721c24"),
    "missing": ("#f5c6cb", "#721c24"),
    "pending": ("#e2e3e5", "#383d41"),
    "not_approved": ("#e2e3e5", "#383d41"),
}


WHEN_KEYS = {"on_time": "dashboard.when_on_time", "late": "dashboard.when_late",
             "overdue": "dashboard.when_overdue", "due": "dashboard.when_due"}


@dataclass
class Picked:
    start: Month
    end: Month
    month: Month
    unit: str | None


def state_label(state: str) -> str:
    return t(f"dashboard.state_{state}")


def pick(ctx: PageContext, units_in_scope: tuple[str, ...], latest: Month,
         home: Month) -> Picked:
    """The month range and the summary's month, as the address asks.

    Without ``tu``/``den`` the range is the last twelve months to ``latest``, widened to hold
    the address's ``thang``; without ``thang`` the summary shows ``home`` (the home month).
    A ``thang`` outside an explicit ``tu``–``den`` is said, never silently replaced.
    """
    asked = ctx.address
    extra = [m for m in (asked.start, asked.end, asked.month) if m]
    months = filters.available_months(ctx, False, units_in_scope, extra)
    default_end = asked.end or max(latest, asked.month or latest)
    default_start = asked.start or max(default_end - (DEFAULT_MONTHS - 1), months[-1])
    if asked.month and not asked.start:
        default_start = min(default_start, asked.month)
    left, right = st.columns(2)
    with left:
        start = filters.month_picker(ctx, "start", t("dashboard.from_month"), months,
                                     default_start)
    with right:
        end = filters.month_picker(ctx, "end", t("dashboard.to_month"), months, default_end)
    if start > end:
        start, end = end, start
    wanted = asked.month or home
    month = wanted if start <= wanted <= end else end
    if asked.month and month != asked.month:
        st.info(t("dashboard.month_outside_range", month=fmt_month(asked.month),
                  start=fmt_month(start), end=fmt_month(end), shown=fmt_month(month)),
                icon=":material/info:")
    unit = asked.units[0] if asked.units and asked.units[0] in units_in_scope else None
    return Picked(start, end, month, unit)


def load_grid(ctx: PageContext, picked: Picked, units: tuple[str, ...]) -> pd.DataFrame:
    status = data.submission_status(ctx.dv, picked.start, picked.end, units)
    months = month_range(picked.start, picked.end)
    days = {m: data.deadline_days(m.last_day) for m in months}
    return completeness.classify(status, ctx.catalog, months, days, units=units)


def when_label(when: completeness.Timeliness) -> str:
    """"đúng hạn", "trễ 3 ngày", "quá hạn 5 ngày", "còn 2 ngày", "hạn hôm nay"."""
    if when.kind == "due" and not when.days:
        return t("dashboard.when_due_today")
    return t(WHEN_KEYS[when.kind], days=when.days)


def cell_label(state: str, when: completeness.Timeliness, approved_only: bool) -> str:
    """The state and its timeliness in one cell: "Đã duyệt · trễ 3 ngày"."""
    shown = shown_state(state, approved_only)
    word = t("dashboard.cell_submitted") if shown in ("on_time", "late") else \
        state_label("missing" if shown == "pending" else shown)
    return t("dashboard.cell_join", state=word, when=when_label(when))


def shown_state(state: str, approved_only: bool) -> str:
    """With approved only, anything submitted but not approved reads "not approved"."""
    if approved_only and state in ("on_time", "late", "returned"):
        return "not_approved"
    return state


def grid_table(ctx: PageContext, grid: pd.DataFrame, picked: Picked, approved: bool) -> None:
    """Units down, months across, one coloured label per cell."""
    st.subheader(t("dashboard.grid_heading"))
    st.caption(t("dashboard.deadline_rule", days=data.deadline_days(picked.end.last_day)))
    legend = " · ".join(state_label(s) for s in COLOURS if s != "not_approved" or approved)
    st.caption(legend)
    if grid.empty:
        st.caption(t("dashboard.no_data"))
        return
    now = utc_now()
    labels = [cell_label(row.state, completeness.timeliness(row, now), approved)
              for row in grid.itertuples(index=False)]
    cells = grid.assign(state=grid["state"].map(lambda s: shown_state(s, approved)),
                        label=labels)
    order = [u for u in dict.fromkeys(grid["unit"])]
    newest_first = sorted(dict.fromkeys(grid["period"]), reverse=True)
    states = cells.pivot(index="unit", columns="period", values="state")
    states = states.reindex(index=order, columns=newest_first)
    shown = cells.pivot(index="unit", columns="period", values="label")
    shown = shown.reindex(index=order, columns=newest_first).fillna("")
    shown.index = [ctx.catalog.unit_by_code[u].name for u in shown.index]
    shown.columns = [fmt_month(to_month(p)) for p in shown.columns]
    css = states.map(lambda s: "background-color: {}; color: {}".format(*COLOURS[s])
                     if isinstance(s, str) and s in COLOURS else "")
    css.index, css.columns = shown.index, shown.columns

    responsive.apply_styles()
    with st.container(key=responsive.wide_key("status_grid")):
        responsive.table(shown.style.apply(lambda _: css, axis=None), hide_index=False)
    with st.container(key=responsive.narrow_key("status_grid")):
        st.html(grid_cards(shown, states))
    late_units(ctx, grid, now)
    export = shown.reset_index().rename(columns={"index": t("dashboard.col_unit")})
    charts.download_buttons(export, f"tinh-hinh-nop-{picked.start}-{picked.end}",
                            "status_grid")


def grid_cards(shown: pd.DataFrame, states: pd.DataFrame) -> str:
    """The grid as a list for a phone: one card per unit, its months newest first (the
    grid's order), each a label coloured by its state ("12/2023 · Đã duyệt · trễ 3 ngày");
    every text escaped. ``states`` has the grid's shape: the state code of each cell."""
    cards = []
    for (unit, row), (_, codes) in zip(shown.iterrows(), states.iterrows(), strict=True):
        chips = []
        for month, code in zip(shown.columns, codes, strict=True):
            label = row[month]
            if not label:
                continue
            back, fore = COLOURS.get(code, ("#e2e3e5", "#383d41")) \
                if isinstance(code, str) else ("#e2e3e5", "#383d41")
            chips.append(f'<span class="skhcn-chip" style="background:{back};color:{fore}">'
                         f"{html.escape(str(month))} · {html.escape(label)}</span>")
        cards.append(f'<div class="skhcn-card"><b>{html.escape(str(unit))}</b>'
                     f'<div class="skhcn-chips">{"".join(chips)}</div></div>')
    return f'<div class="skhcn-cards">{"".join(cards)}</div>'


def late_units(ctx: PageContext, grid: pd.DataFrame, now) -> None:
    """Who was late or is overdue, named per month, newest month first."""
    st.markdown(f"**{t('dashboard.late_heading')}**")
    late = completeness.late_by_month(grid, now)
    if not late:
        st.caption(t("dashboard.late_none"))
    for month, units in late:
        names = ", ".join(t("dashboard.late_unit", unit=ctx.catalog.unit_by_code[u.unit].name,
                            cell=cell_label(u.state, u.timeliness, False)) for u in units)
        st.markdown("- " + escape_markdown(t("dashboard.late_month_line", month=fmt_month(month),
                                               count=len(units), units=names)))


def month_summary(ctx: PageContext, grid: pd.DataFrame, picked: Picked,
                  coverage: Mapping[Month, completeness.Coverage] | None = None) -> None:
    """The chosen month's counts and its units without a report."""
    months = month_range(picked.start, picked.end)[::-1]
    month = filters.month_picker(ctx, "month", t("dashboard.month"), months,
                                 picked.month if picked.month in months else picked.end,
                                 coverage)
    picked.month = month
    counts = completeness.month_summary(grid, month)
    st.markdown(escape_markdown(t(
        "dashboard.summary", month=fmt_month(month), submitted=counts["submitted"],
        expected=counts["expected"], on_time=counts["on_time_first"],
        late=counts["late_first"], missing=counts["missing"] + counts["pending"])))
    st.markdown(f"**{t('dashboard.missing_heading', month=fmt_month(month))}**")
    missing = completeness.missing_units(grid, month)
    if not missing:
        st.success(t("dashboard.all_submitted", month=fmt_month(month)))
    for unit in missing:
        st.markdown(f"- {escape_markdown(ctx.catalog.unit_by_code[unit].name)}")


def submission_versions(ctx: PageContext, picked: Picked, units_in_scope: tuple[str, ...],
                        approved: bool) -> None:
    """One unit's report for the chosen month: its versions and its values by version.

    Drawn only while its expander is open (opening it reruns the page): its picker and two
    tables cost each change of the page's pickers about a tenth of a second in the
    browser, for a look into one unit that the page's first question (who is late) does
    not need. An address naming a unit (``don_vi``) opens it."""
    if ctx.fresh and picked.unit:
        st.session_state[VERSIONS_OPEN] = True
    box = st.expander(t("dashboard.versions_heading"), icon=":material/history:",
                      key=VERSIONS_OPEN, on_change="rerun")
    with box:
        if box.open:
            _versions(ctx, picked, units_in_scope, approved)


def _versions(ctx: PageContext, picked: Picked, units_in_scope: tuple[str, ...],
              approved: bool) -> None:
    cat = ctx.catalog
    units = [u.code for u in cat.reporting_units() if u.code in units_in_scope]
    default = picked.unit if picked.unit in units else units[0]
    key = f"{ctx.page}_unit"
    if ctx.fresh or key not in st.session_state or st.session_state[key] not in units:
        st.session_state[key] = default
    unit = st.selectbox(t("dashboard.pick_unit"), units, key=key,
                        format_func=lambda c: cat.unit_by_code[c].name)
    picked.unit = unit
    versions = data.versions(ctx.dv, unit, picked.month)
    if approved:
        versions = versions[versions["status"] == "approved"]
    if versions.empty:
        st.caption(t("dashboard.no_versions"))
        return
    table = pd.DataFrame({
        t("dashboard.col_version"): versions["version"].astype(int),
        t("dashboard.col_status"): versions["status"].map(lambda s: t(f"dashboard.status_{s}")),
        t("dashboard.col_by"): versions["submitted_by"],
        t("dashboard.col_at"): versions["submitted_at"].map(fmt_datetime_vn),
        t("dashboard.col_source_kind"): versions["source"].map(
            lambda s: t(f"dashboard.source_{s}")),
        t("dashboard.col_file"): versions["file_name"].fillna(""),
        t("dashboard.col_reviewed_by"): versions["reviewed_by"].fillna(""),
        t("dashboard.col_comment"): versions["review_comment"].fillna(""),
    })
    responsive.table(table)
    _values(ctx, unit, picked, set(int(v) for v in versions["version"]))


def _values(ctx: PageContext, unit: str, picked: Picked, shown_versions: set[int]) -> None:
    st.markdown(f"**{t('dashboard.values_heading')}**")
    values = data.version_values(ctx.dv, unit, picked.month)
    values = values[values["version"].isin(shown_versions)]
    only = st.toggle(t("dashboard.only_changes"), value=False, key="status_only_changes")
    if only:
        values = values[values["changed"]]
    cat = ctx.catalog
    names = {i.code: i.name for i in cat.indicators}
    # A figure shows with its qualifier ("khoảng 80"), as on every other page.
    shown = pd.DataFrame({
        "version": values["version"].astype(int),
        "indicator": values["indicator"].map(lambda c: names.get(c, c)),
        "value": [figure_text(v, q) if pd.notna(v) else t("dashboard.value_dropped")
                  for v, q in zip(values["value"], values["qualifier"], strict=True)],
        "previous": [figure_text(v, q) for v, q in zip(values["previous"],
                                                       values["previous_qualifier"],
                                                       strict=True)],
        "change": values["change"].map(fmt_signed),
    }).rename(columns={"version": t("dashboard.col_version"),
                      "indicator": t("dashboard.col_indicator"),
                      "value": t("dashboard.col_value"),
                      "previous": t("dashboard.col_previous"),
                      "change": t("dashboard.col_change")})
    responsive.table(shown)

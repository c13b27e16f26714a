"""The sections of the overview page: headline cards, notable movements, missing units."""

from __future__ import annotations

import streamlit as st

from actions.provenance import APPROVED, NEWEST
from analytics import material
from analytics.comparisons import PREVIOUS_MONTH, SAME_MONTH_LAST_YEAR
from analytics.kpi import department_units
from analytics.movements import FALL, OUTLIER, RISE, Movement
from core.catalog import Catalog
from core.formatting import fmt_datetime_vn, fmt_month, fmt_number, fmt_percent
from core.messages import t
from core.months import Month
from ui import cards
from ui.address import View, to_params
from ui.data import Overview
from ui.provenance_address import origin_params
from ui.text import LINE_BREAK, escape_markdown

CARDS_PER_ROW = 3
TREND_MONTHS = 24


def headline_cards(model: Overview, month: Month, approved: bool,
                   units: tuple[str, ...] = ()) -> None:
    """The cards, three to a row on a wide screen (Streamlit stacks them on a phone); each
    figure links to its origin (over ``units``, empty: every unit)."""
    rule = APPROVED if approved else NEWEST
    st.subheader(t("dashboard.headline_heading", month=fmt_month(month)))
    if not model.cards:
        st.info(t("dashboard.no_headline"))
        return
    for start in range(0, len(model.cards), CARDS_PER_ROW):
        row = model.cards[start:start + CARDS_PER_ROW]
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, row, strict=False):
            with column:
                params = to_params(View(start=month - (TREND_MONTHS - 1), end=month,
                                        indicators=(card.indicator.code,),
                                        approved_only=approved))
                code = card.indicator.code
                cards.kpi_card(card, params,
                               origin=origin_params(code, month=month, units=units, rule=rule),
                               ytd_origin=origin_params(code, month=month, units=units,
                                                        ytd=True, rule=rule))


def origin_units(catalog: Catalog, units: tuple[str, ...]) -> tuple[str, ...]:
    """The units a card's origin link names: none (every unit) when ``units`` are all the
    reporting units, so the common link stays short; else ``units``."""
    return () if set(units) == set(department_units(catalog, None)) else units


_GROUPS = (
    ((RISE, FALL), PREVIOUS_MONTH, "dashboard.movement_prev"),
    ((RISE, FALL), SAME_MONTH_LAST_YEAR, "dashboard.movement_year"),
    ((OUTLIER,), None, "dashboard.movement_outlier"),
)
_ICONS = {RISE: ":material/trending_up:", FALL: ":material/trending_down:",
          OUTLIER: ":material/warning:"}


def movement_rule() -> str:
    """The material-move rule in words, from the rule's own constants."""
    return t("dashboard.movements_rule", share=fmt_percent(material.MIN_SHARE, 0),
             base=fmt_number(material.MIN_BASE), size=material.LIST_SIZE)


def notable_movements(model: Overview) -> None:
    """The month's largest rises and falls and its outliers, one sentence each."""
    st.subheader(t("dashboard.movements_heading"))
    st.caption(movement_rule())
    if not model.movements:
        st.caption(t("dashboard.no_movements"))
        return
    for kinds, basis, heading in _GROUPS:
        chosen: list[Movement] = [m for m in model.movements if m.kind in kinds
                                  and (basis is None or m.basis == basis)]
        if chosen:  # one element per list: its heading and a line per movement
            st.markdown(LINE_BREAK.join([f"**{t(heading)}**", *(
                f"{_ICONS[m.kind]} {escape_markdown(m.text)}" for m in chosen)]))


def missing_units(model: Overview, catalog: Catalog, month: Month) -> None:
    """Units without any version of the month, with the deadline."""
    st.subheader(t("dashboard.missing_heading", month=fmt_month(month)))
    rows = model.grid[model.grid["unit"].isin(model.missing_units)]
    if rows.empty:
        st.success(t("dashboard.all_submitted", month=fmt_month(month)))
        return
    for row in rows.itertuples(index=False):
        name = catalog.unit_by_code[row.unit].name if row.unit in catalog.unit_by_code \
            else row.unit
        note_key = "dashboard.missing_note" if row.state == "missing" else "dashboard.pending_note"
        note = t(note_key, deadline=fmt_datetime_vn(row.deadline))
        st.markdown(f"- {escape_markdown(name)} {escape_markdown(note)}")

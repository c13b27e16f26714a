"""The origin page (``/nguon-so-lieu``): one stored value with everything known of where it
came from, or a sum with the list of the values it adds up, each linking to its own origin.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from actions.base import Acting, ActionError
from actions.provenance import (
    APPROVED,
    REPORT,
    FigureQuery,
    figure_of,
    may_see_unit,
    origin_of,
    original_file,
)
from analytics.provenance import FigureParts
from analytics.ytd import LAST
from core.catalog import Catalog
from core.formatting import fmt_datetime_vn, fmt_month
from core.messages import catalogue, t
from core.months import Month, ReportPeriod
from report import periods_text
from store.periods import month_of
from ui import data, responsive
from ui.db import engine
from ui.figures import figure_text
from ui.links import page_link
from ui.provenance_address import (
    ADDRESS_PARAMS,
    PAGE,
    Origin,
    origin_address,
    origin_params,
    parse_origin,
)
from ui.text import escape_markdown, message_text

log = logging.getLogger(__name__)
_RULE_KEYS = {APPROVED: "provenance.rule_approved", REPORT: "provenance.rule_report"}


def page(user: Acting) -> None:
    """The whole page below its title: the address read, then the figure's origin."""
    dv = data.data_version()
    catalog = data.catalog(dv)
    params = st.query_params.to_dict()
    if not params.keys() & set(ADDRESS_PARAMS):  # opened without a figure: how to pick one
        st.info(escape_markdown(t("provenance.how_to_open")), icon=":material/info:")
        return
    parsed = parse_origin(params, catalog)
    for notice in parsed.notices:
        st.warning(escape_markdown(notice), icon=":material/link_off:")
    if parsed.origin is None:
        st.info(escape_markdown(t("provenance.how_to_open")), icon=":material/info:")
        return
    try:
        show(user, parsed.origin, catalog)
    except ActionError as refused:
        st.error(message_text(refused), icon=":material/error:")
    except Exception:  # never a traceback on the page; the log keeps the details
        log.exception("provenance page failed")
        st.error(t("action.unexpected"), icon=":material/error:")


def _unit_name(catalog: Catalog, code: str) -> str:
    unit = catalog.unit_by_code.get(code)
    return unit.name if unit else code


def _units_text(catalog: Catalog, units: Sequence[str]) -> str:
    return ", ".join(_unit_name(catalog, u) for u in units) if units \
        else t("provenance.all_units")


def _period_text(origin: Origin) -> str:
    months = origin.query.months
    if origin.ytd and len(months) > 1:
        return t("provenance.period_ytd", first=fmt_month(months[0]), last=fmt_month(months[-1]))
    return periods_text.long_label(origin.period or ReportPeriod.of_month(months[0]))


def show(user: Acting, origin: Origin, catalog: Catalog) -> None:
    query = origin.query
    st.caption(t(_RULE_KEYS.get(query.rule, "provenance.rule_newest")))
    parts = figure_of(engine(), user, catalog, query)
    item = catalog.indicator(query.indicator)
    if parts.parts.empty:
        st.info(escape_markdown(t("provenance.no_figure", indicator=item.name,
                                  units=_units_text(catalog, query.units),
                                  period=_period_text(origin))), icon=":material/info:")
        return
    if not origin.one_value:
        sum_list(catalog, origin, parts)
    if parts.single:  # one value (also a sum that holds one): its origin right here
        row = parts.parts.iloc[0]
        value_detail(user, catalog, int(row["submission_id"]), str(row["indicator"]))


def _line(label_key: str, value: str) -> str:
    return f"- **{escape_markdown(t(label_key))}:** {escape_markdown(value)}"


def _place(found: dict[str, Any]) -> str | None:
    if not (found.get("value_sheet") or found.get("row") or found.get("col")):
        return None
    return t("provenance.field_place_value", sheet=found.get("value_sheet") or "—",
             row=found.get("row") if found.get("row") is not None else "—",
             col=found.get("col") or "—")


def _version_lines(found: dict[str, Any]) -> list[str]:
    """Where one version's value was read: source, file, place, version, who and when."""
    source = f"provenance.source_{found['source']}"
    lines = [_line("provenance.field_source",
                   t(source) if source in catalogue() else str(found["source"]))]
    if found.get("file_name"):
        lines.append(_line("provenance.field_file", found["file_name"]))
    place = _place(found)
    if place:
        lines.append(_line("provenance.field_place", place))
    lines.append(_line("provenance.field_version", t(
        "provenance.field_version_value", version=found["version"],
        status=t(f"dashboard.status_{found['status']}"))))
    lines.append(_line("provenance.field_sent", t(
        "provenance.field_sent_value", who=found["submitted_by"],
        when=fmt_datetime_vn(found["submitted_at"]))))
    if found["status"] == "approved" and found.get("reviewed_by"):
        approved = t("provenance.field_approved_value", who=found["reviewed_by"],
                     when=fmt_datetime_vn(found["reviewed_at"]))
    else:
        approved = t("provenance.not_approved")
    lines.append(_line("provenance.field_approved", approved))
    if found.get("source_text"):
        lines.append(_line("provenance.field_sentence", f"«{found['source_text']}»"))
    return lines


def value_detail(user: Acting, catalog: Catalog, submission_id: int, indicator: str) -> None:
    """One stored value: what was read, where, in which version, by whom; its file."""
    found = origin_of(engine(), user, submission_id, indicator)
    if found is None:
        st.warning(t("provenance.figure_missing"), icon=":material/warning:")
        return
    item = catalog.indicator_by_code.get(indicator)
    name = item.name if item else indicator
    month = found["period"] if isinstance(found["period"], Month) else month_of(found["period"])
    st.subheader(escape_markdown(t("provenance.heading_one", indicator=name,
                                   unit=_unit_name(catalog, found["unit_code"]),
                                   month=fmt_month(month))))
    value = figure_text(found["value"], found["qualifier"], exact=True)
    noun = item.unit if item else ""
    lines = [_line("provenance.field_unit", f"{_unit_name(catalog, found['unit_code'])} "
                   f"({found['unit_code']})"),
             _line("provenance.field_indicator", f"{name} ({indicator})"),
             _line("provenance.field_month", fmt_month(month)),
             _line("provenance.field_value", f"{value} {noun}".strip())]
    if found.get("note"):
        lines.append(_line("provenance.field_note", found["note"]))
    carried = found["carried"]
    if carried:
        lines.append(_line("provenance.field_carried", t("provenance.carried_value",
                                                         version=carried[-1]["version"])))
    lines += _version_lines(found)
    st.markdown("\n".join(lines))
    file_of = found
    if carried:
        file_of = carried[-1]
        heading = t("provenance.carried_heading", version=file_of["version"])
        st.markdown(f"**{escape_markdown(heading)}**")
        st.markdown("\n".join(_version_lines(file_of)))
    download(user, file_of)


def download(user: Acting, found: dict[str, Any]) -> None:
    """The original file of the version ``found`` was read from, for a role that may see
    its unit; built (and audited) only when clicked."""
    if not found.get("sha256"):
        key = "provenance.no_file_typed" if found["source"] == "typed" else "provenance.no_file"
        st.caption(t(key))
        return
    if not may_see_unit(user, found["unit_code"]):
        st.caption(t("provenance.download_forbidden"))
        return
    name = found.get("file_name") or "tep-goc"
    submission_id = int(found["submission_id"])
    st.download_button(
        t("provenance.download", name=name),
        lambda: original_file(engine(), user, submission_id).value.content,
        file_name=name, mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
        icon=":material/download:", on_click="ignore", key=f"original_{submission_id}")


def parts_frame(catalog: Catalog, parts: pd.DataFrame, rule: str) -> pd.DataFrame:
    """The values of a sum as the page lists them, each with its origin's address."""
    rows = []
    for r in parts.itertuples(index=False):
        item = catalog.indicator_by_code.get(r.indicator)
        month = Month.parse(str(r.period))
        # Short columns first: on a phone the first one stays pinned and the link near.
        rows.append({
            t("provenance.col_month"): fmt_month(month),
            t("provenance.col_value"): figure_text(r.value, r.qualifier,
                                                   item.decimals or None if item else None),
            t("provenance.col_origin"): origin_address(origin_params(
                r.indicator, month=month, units=[r.unit], rule=rule)),
            t("provenance.col_unit"): _unit_name(catalog, r.unit),
            t("provenance.col_version"): str(int(r.version)),
            t("provenance.col_status"): t(f"dashboard.status_{r.status}"),
            t("provenance.col_indicator"): item.name if item else r.indicator,
        })
    return pd.DataFrame(rows)


def sum_list(catalog: Catalog, origin: Origin, parts: FigureParts) -> None:
    """A sum: its value, how it is made, and each value it adds with its own origin."""
    query: FigureQuery = origin.query
    item = catalog.indicator(query.indicator)
    st.subheader(escape_markdown(t("provenance.heading_sum", indicator=item.name,
                                   units=_units_text(catalog, query.units),
                                   period=_period_text(origin))))
    total = figure_text(parts.value, None, item.decimals or None)
    if parts.aggregation == LAST:
        latest = Month.parse(str(parts.parts["period"].iloc[-1]))
        text = t("provenance.last_of", value=total, noun=item.unit, month=fmt_month(latest),
                 count=len(parts.parts))
    else:
        text = t("provenance.sum_of", value=total, noun=item.unit, count=len(parts.parts))
    st.markdown(escape_markdown(text))
    if parts.single:
        return
    if parts.aggregation != LAST and len(query.months) > 1:
        present = set(parts.parts["period"])
        missing = [m for m in query.months if str(m) not in present]
        if missing:
            st.caption(escape_markdown(t("provenance.months_missing",
                                         months=", ".join(fmt_month(m) for m in missing))))
    link = t("provenance.col_origin")
    responsive.table(parts_frame(catalog, parts.parts, query.rule), column_config={
        link: st.column_config.LinkColumn(link, display_text=t("provenance.see_origin"))})


def origin_link(params: dict[str, str], label_key: str = "provenance.link") -> None:
    """A link to the origin page of the figure ``params`` names."""
    page_link(PAGE, t(label_key), params, icon=":material/travel_explore:")


def open_clicked(address: str | None) -> None:
    """Go to the origin page of a clicked chart point (``address`` as
    :func:`ui.provenance_address.origin_address` wrote it); nothing when None."""
    if not address or "?" not in address:
        return
    params = dict(parse_qsl(address.split("?", 1)[1]))
    try:
        st.switch_page(PAGE, query_params=params)
    except StreamlitAPIException:  # the page runs on its own (a page test): a plain link
        origin_link(params)

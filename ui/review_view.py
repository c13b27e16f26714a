"""The review screen's parts: filters, the list of versions, one version, the decisions.

Decisions are the actions of ``actions.review`` (which check the role again and audit),
run through ``ui.actions.run``; the page only collects the comment.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from actions.review import (
    COMMENT_LIMIT,
    approve,
    own_upload_blocks_approval,
    reopen,
    return_submission,
)
from core.formatting import fmt_month, fmt_number
from core.messages import t
from core.months import Month
from core.timezone import to_vn
from store.users import User
from ui import data, responsive
from ui.actions import run
from ui.db import engine
from ui.figures import figure_text
from ui.text import escape_markdown, safe_t

STATUS_KEYS = {"submitted": "review.status_submitted", "approved": "review.status_approved",
               "returned": "review.status_returned"}


TAB_KEY = "rv_tab"  # the page's chosen tab (its label), in session state


def default_month(rows: list[dict]) -> Month | None:
    """The month the review opens on: the newest with a version waiting for a decision,
    else the newest (None: no version at all). Every month listed at once made the table
    and the version picker hold thousands of rows at province scale."""
    waiting = [r["period"] for r in rows if r["status"] == "submitted"]
    return max(waiting or [r["period"] for r in rows], default=None)


@lru_cache(maxsize=16_384)
def vn_time(moment) -> str:
    """``31/01/2023 09:05`` in Vietnam time; remembered per moment: "all months" lists
    every version, thousands at province scale, on each change of a picker."""
    return "" if moment is None else to_vn(moment).strftime("%d/%m/%Y %H:%M")


def status_label(status: str) -> str:
    return t(STATUS_KEYS[status]) if status in STATUS_KEYS else status


def filters(rows: list[dict]) -> tuple[Month | None, str | None, str | None]:
    """Month, unit and status pickers (None: all)."""
    catalog = data.catalog(data.data_version())
    periods = sorted({r["period"] for r in rows}, reverse=True)
    units = {u.code: u.name for u in catalog.reporting_units()}
    units.update({r["unit_code"]: r["unit_code"] for r in rows if r["unit_code"] not in units})
    every = t("review.all")
    if "rv_month" not in st.session_state:
        st.session_state["rv_month"] = default_month(rows)
    with st.container(horizontal=True):
        period = st.selectbox(t("review.filter_month"), [None, *periods], key="rv_month",
                              format_func=lambda p: every if p is None else fmt_month(p))
        unit = st.selectbox(t("review.filter_unit"), [None, *units], key="rv_unit",
                            format_func=lambda u: every if u is None else units[u])
        status = st.selectbox(t("review.filter_status"), [None, *STATUS_KEYS], key="rv_status",
                              format_func=lambda s: every if s is None else status_label(s))
    return period, unit, status


def versions_table(rows: list[dict]) -> None:
    """The versions, a column at a time (each label and state word made once)."""
    states = {s: status_label(s) for s in {r["status"] for r in rows}}
    frame = pd.DataFrame({
        t("review.col_unit"): [r["unit_code"] for r in rows],
        t("review.col_period"): [fmt_month(r["period"]) for r in rows],
        t("review.col_version"): [r["version"] for r in rows],
        t("review.col_status"): [states[r["status"]] for r in rows],
        t("review.col_submitted_by"): [r["submitted_by"] for r in rows],
        t("review.col_submitted_at"): [vn_time(r["submitted_at"]) for r in rows],
        t("review.col_file"): [r["file_name"] or "" for r in rows],
        t("review.col_reviewed_by"): [r["reviewed_by"] or "" for r in rows],
        t("review.col_comment"): [r["review_comment"] or "" for r in rows],
    })
    responsive.table(frame)


def _version_label(r: dict) -> str:
    return t("review.version_label", unit=r["unit_code"], period=fmt_month(r["period"]),
             version=r["version"], status=status_label(r["status"]))


def pick_version(rows: list[dict]) -> dict | None:
    by_id = {r["id"]: r for r in rows}
    chosen = st.selectbox(t("review.choose_version"), list(by_id), key="rv_version",
                          format_func=lambda i: _version_label(by_id[i]))
    return by_id.get(chosen)


def _origin(row: dict) -> str:
    """Where a figure of the version came from: its own file, or kept from an earlier
    version because the new file did not list it (``value.carried_from``)."""
    if row.get("carried_from_version") is None:
        return t("review.origin_file")
    return t("review.origin_carried", version=row["carried_from_version"])


def version_detail(sub: dict) -> int:
    """The figures (beside last month's and the same month last year's), the warnings,
    activities and next-month tasks of one version (user text as plain data); returns the
    number of warnings."""
    dv = data.data_version()
    indicators = data.catalog(dv).indicator_by_code
    month: Month = sub["period"]
    contents = data.version_contents(dv, sub["id"], sub["unit_code"], month)
    values, acts, plans = contents.values, contents.activities, contents.plans
    before, last_year = contents.previous_month, contents.last_year
    found = data.version_warnings(dv, sub["id"])
    st.subheader(t("review.values_heading"))
    if not values:
        st.info(t("review.no_values"))
    else:
        responsive.table(pd.DataFrame([{
            t("review.col_indicator"): indicators[v["indicator_code"]].name
            if v["indicator_code"] in indicators else v["indicator_code"],
            t("review.col_value"): figure_text(
                v["value"], v["qualifier"], indicators[v["indicator_code"]].decimals
                if v["indicator_code"] in indicators else None),
            # where the figure came from, beside it (a carried figure is seen at once)
            t("review.col_origin"): _origin(v),
            t("review.col_previous_month", month=fmt_month(month - 1)): fmt_number(
                before.get(v["indicator_code"]), _decimals(indicators, v["indicator_code"])),
            t("review.col_last_year", month=fmt_month(month - 12)): fmt_number(
                last_year.get(v["indicator_code"]), _decimals(indicators, v["indicator_code"])),
            t("review.col_unit_noun"): indicators[v["indicator_code"]].unit
            if v["indicator_code"] in indicators else "",
            t("review.col_note"): v["note"] or "",
            t("review.col_place"): " ".join(str(x) for x in (v["sheet"], v["col"], v["row"])
                                            if x is not None),
        } for v in values]))
        carried = sum(1 for v in values if v.get("carried_from_version") is not None)
        if carried:
            st.caption(t("review.carried_note", count=carried))
    st.subheader(t("review.warnings_heading", count=len(found)))
    if not found:
        st.caption(t("review.no_warnings"))
    for problem in found:
        st.warning(escape_markdown(problem.message), icon=":material/warning:")
    if acts:
        st.subheader(t("review.activities_heading"))
        responsive.table(pd.DataFrame([{t("review.col_section"): a["section_code"],
                                        t("review.col_text"): a["text"]} for a in acts]))
    if plans:
        st.subheader(t("review.plan_heading"))
        responsive.table(pd.DataFrame([{t("review.col_text"): p["text"]} for p in plans]))
    return len(found)


def _decimals(indicators, code: str) -> int | None:
    return indicators[code].decimals if code in indicators else None


def decisions(sub: dict, newest: bool, user: User, warnings: int = 0) -> None:
    """Approve / return with a comment / reopen with a reason, as the status allows."""
    if sub["reviewed_by"]:
        st.caption(safe_t("review.last_review", who=sub["reviewed_by"],
                     at=vn_time(sub["reviewed_at"]), comment=sub["review_comment"] or ""))
    if not newest:
        st.info(t("review.older_version"))
        return
    sid = sub["id"]
    if sub["status"] == "submitted":
        with engine().connect() as conn:
            own = own_upload_blocks_approval(conn, user, sub)  # four eyes, as the action
        comment = st.text_area(t("review.comment_label"), key=f"rv_comment_{sid}",
                               max_chars=COMMENT_LIMIT)
        if own:
            st.caption(t("review.own_upload_help"))
        acknowledged = None
        if warnings and not own and st.checkbox(t("review.acknowledge_warnings", count=warnings),
                                                key=f"rv_ack_{sid}_{warnings}"):
            acknowledged = warnings
        with st.container(horizontal=True):
            if st.button(t("review.approve"), type="primary", key=f"rv_approve_{sid}",
                         icon=":material/check:", disabled=own,
                         help=t("review.own_upload_help") if own else None):
                run(approve, engine(), user, sid, comment, acknowledged)
            if st.button(t("review.return"), key=f"rv_return_{sid}", icon=":material/undo:"):
                run(return_submission, engine(), user, sid, comment)
    elif sub["status"] == "approved":
        reason = st.text_area(t("review.reason_label"), key=f"rv_reason_{sid}",
                              max_chars=COMMENT_LIMIT)
        if st.button(t("review.reopen"), key=f"rv_reopen_{sid}", icon=":material/lock_open:"):
            run(reopen, engine(), user, sid, reason)


def review_tab(user: User) -> None:
    """Tab 1: the units' submissions, one version in detail, the decisions on it."""
    every = data.submissions(data.data_version())
    period, unit, status = filters(every)
    rows = [r for r in every if (period is None or r["period"] == period)
            and (unit is None or r["unit_code"] == unit)
            and (status is None or r["status"] == status)]
    if not rows:
        st.info(t("review.none_found"))
        return
    versions_table(rows)
    sub = pick_version(rows)
    if sub is None:
        return
    newest = max(r["version"] for r in every
                 if r["unit_code"] == sub["unit_code"] and r["period"] == sub["period"])
    warnings = version_detail(sub)
    decisions(sub, sub["version"] == newest, user, warnings)

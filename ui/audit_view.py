"""The audit log screen's parts: filters, the table in Vietnam time, the Excel download."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from actions.accounts import role_label
from core.export import to_xlsx_bytes
from core.formatting import fmt_datetime_vn, fmt_month, fmt_number
from core.messages import catalogue, t
from core.months import Month
from core.timezone import vn_date_to_utc, vn_today
from report.figures_annex import QUALIFIER_KEYS
from store.audit_queries import audit_actions, audit_actors, audit_rows
from ui import responsive
from ui.db import engine
from ui.review_view import vn_time


def action_label(action: str) -> str:
    key = "admin.action_" + action.replace(".", "_")
    return t(key) if key in catalogue() else action


_STATUS_KEYS = {"submitted": "review.status_submitted", "approved": "review.status_approved",
                "returned": "review.status_returned"}


def entity_label(name: str) -> str:
    key = f"admin.entity_{name}"
    return t(key) if key in catalogue() else name


def field_label(name: str) -> str:
    key = f"admin.field_{name}"
    return t(key) if key in catalogue() else name


def _shown(name: str, value: object) -> str:
    """One audited value as a reader sees it: numbers 5.749, yes/no, states in Vietnamese."""
    if value is None or value == "":
        return t("admin.audit_empty")
    if isinstance(value, bool):
        return t("admin.audit_yes") if value else t("admin.audit_no")
    if isinstance(value, int | float):
        return fmt_number(value)
    if name.endswith("_at") and isinstance(value, str):
        try:
            return fmt_datetime_vn(datetime.fromisoformat(value))
        except ValueError:
            return value
    if name == "role" and isinstance(value, str):
        return role_label(value)
    if name == "period" and isinstance(value, str):
        try:
            return fmt_month(Month.parse(value))
        except ValueError:
            return value
    if name == "status" and value in _STATUS_KEYS:
        return t(_STATUS_KEYS[str(value)])
    if name == "qualifier" and value in QUALIFIER_KEYS:
        return t(QUALIFIER_KEYS[str(value)])
    if isinstance(value, list | tuple):
        return "; ".join(_shown(name, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {_shown(k, v)}" for k, v in value.items())
    return str(value)


def describe_change(before: object, after: object) -> str:
    """An audit row's before/after as lines "trường: trước → sau" (unchanged fields left
    out; a value only after reads "trường: sau"; one only before "trường: trước → (bỏ)")."""
    old = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    new = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    lines = []
    for name in dict.fromkeys([*old, *new]):
        field = field_label(name)
        if name not in old:
            lines.append(t("admin.audit_set", field=field, after=_shown(name, new[name])))
        elif name not in new:
            lines.append(t("admin.audit_cleared", field=field, before=_shown(name, old[name])))
        elif old[name] != new[name]:
            lines.append(t("admin.audit_change", field=field, before=_shown(name, old[name]),
                           after=_shown(name, new[name])))
    return "\n".join(lines)


def filters() -> tuple[str | None, list[str], date, date]:
    every = t("review.all")
    actors = audit_actors(engine())
    with st.container(horizontal=True):
        actor = st.selectbox(t("admin.audit_who"), [None, *actors], key="au_actor",
                             format_func=lambda a: every if a is None else a)
        actions = st.multiselect(t("admin.audit_what"), audit_actions(engine()), key="au_actions",
                                 format_func=action_label, placeholder=every)
        today = vn_today()
        start = st.date_input(t("admin.audit_from"), value=today - timedelta(days=30),
                              format="DD/MM/YYYY", key="au_from")
        end = st.date_input(t("admin.audit_to"), value=today, format="DD/MM/YYYY", key="au_to")
    return actor, actions, start, end


def audit_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        t("admin.audit_at"): vn_time(r["at"]), t("admin.audit_who"): r["actor"],
        t("admin.audit_what"): action_label(r["action"]),
        t("admin.audit_entity"): entity_label(r["entity"]),
        t("admin.audit_entity_id"): r["entity_id"] or "",
        t("admin.audit_changes"): describe_change(r["before"], r["after"]),
        t("admin.audit_detail"): r["detail"] or "",
    } for r in rows], columns=[t(k) for k in (
        "admin.audit_at", "admin.audit_who", "admin.audit_what", "admin.audit_entity",
        "admin.audit_entity_id", "admin.audit_changes", "admin.audit_detail")])


def audit_table() -> None:
    actor, actions, start, end = filters()
    if end < start:
        st.error(t("admin.setting_bad_dates"))
        return
    # Vietnam calendar days → UTC bounds: from 00:00 of the first day to 00:00 after the last.
    rows = audit_rows(engine(), actor, actions or None, vn_date_to_utc(start, 0),
                      vn_date_to_utc(end + timedelta(days=1), 0))
    if not rows:
        st.info(t("admin.audit_none"))
        return
    frame = audit_frame(rows)
    st.caption(t("admin.audit_count", count=len(rows)))
    responsive.table(frame)
    st.download_button(t("admin.audit_download"),
                       lambda: to_xlsx_bytes(frame, t("admin.audit_sheet")),
                       file_name=f"nhat-ky-{start.isoformat()}-{end.isoformat()}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", on_click="ignore")

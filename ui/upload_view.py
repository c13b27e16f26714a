"""The upload screen's parts: pickers, template, check, preview beside last month, history.

Validation runs on the uploaded bytes in memory with the database checks (identical file,
locked month, outliers); loading is the action ``actions.submissions.ingest`` (run through
``ui.actions.run``), which checks the role and the analyst's own unit again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from actions.base import ActionError
from actions.names import remember_names
from actions.submissions import (
    DROP,
    KEEP,
    ingest,
    offered_months,
    upload_window,
    window_problems,
)
from auth.permissions import allowed
from core.catalog import Catalog
from core.formatting import fmt_month, fmt_number
from core.messages import t
from core.months import Month
from core.timezone import vn_today
from etl.matching import unmatched_names
from etl.model import ValidationResult
from etl.pipeline import Context, validate_upload
from etl.problems import error_count
from etl.template import build_template, template_file_name
from etl.typed import Entry, entry_bytes, last_version_entry
from report import periods_text
from report.followup import unit_planned_tasks
from store.catalog_store import read_catalog
from store.drafts import get_draft
from store.queries import figures
from store.submissions import list_submissions
from store.users import User
from ui import responsive
from ui.actions import run
from ui.db import engine
from ui.figures import figure_text
from ui.problems_table import show_problems
from ui.review_view import status_label, vn_time
from ui.text import escape_markdown
from ui.uploads import file_upload

FILE_TYPES = ["xlsx", "xlsm", "xls", "ods"]
MONTH_WARNINGS = ("month_older_than_latest", "month_has_versions",
                  "history_months_have_versions")
NONCE_KEY = "up_file_nonce"


def catalog() -> Catalog:
    return read_catalog(engine())


def own_unit_only(user: User) -> bool:
    """Whether the user sends only for their own unit (an analyst), not for any."""
    return not allowed(user.role, "submission.upload_any")


def acting_unit(user: User) -> str | None:
    """An analyst's own unit (the only one they may send); None for the office."""
    return user.unit if own_unit_only(user) else None


def pick_unit_and_month(user: User, cat: Catalog) -> tuple[str | None, Month]:
    """Unit (fixed for an analyst) and month (default: last month, Vietnam time), among the
    months of the upload window (``actions.submissions.offered_months``)."""
    this_month = Month.of(vn_today())
    months = offered_months(engine(), vn_today())
    own = acting_unit(user)
    units = {u.code: u.name for u in cat.reporting_units(this_month)}
    # Columns stack on a phone; a horizontal container would squeeze the unit's name.
    left, right = st.columns(2)
    with left:
        if own_unit_only(user):
            if not own:
                st.error(t("upload.no_unit"))
                return None, months[1]
            unit = st.selectbox(t("upload.unit"), [own], disabled=True, key="up_unit",
                                format_func=lambda c: cat.unit(c).name,
                                help=t("upload.own_unit_only"))
        else:
            unit = st.selectbox(t("upload.unit"), list(units), key="up_unit",
                                format_func=lambda c: units[c])
    with right:
        month = st.selectbox(t("upload.month"), months, index=min(1, len(months) - 1),
                             key="up_month",
                             format_func=fmt_month)
    return unit, month


def template_button(cat: Catalog, unit: str, month: Month, user: User) -> None:
    """The unit's form for the month, prefilled with what was typed for it on «Nhập số
    liệu» (the user's draft, else the version sent last), so typing one month and
    uploading the next — or finishing a typed month in Excel — loses nothing."""
    st.subheader(t("upload.step_template"))
    with engine().connect() as conn:  # the tasks the unit set for this month, to report on
        planned = unit_planned_tasks(conn, unit, month)
        draft = get_draft(conn, user.username, unit, month)
        last = None if draft is not None else last_version_entry(conn, unit, month)
    next_period = periods_text.starting_label(month)
    if draft is not None:
        st.caption(t("upload.template_prefilled_draft", saved=vn_time(draft.saved_at)))
        entry = Entry.from_json(draft.content)
    elif last is not None:
        entry, version, source = last
        st.caption(t("upload.template_prefilled_version", version=version,
                     source=t("upload.source_" + source)))
    else:
        entry = None
    st.download_button(
        t("upload.download_template", month=fmt_month(month)),
        # built when pressed, not on every run of the page
        data=lambda: build_template(cat, unit, month, author=user.display_name,
                                    followup=planned, next_period=next_period)
        if entry is None else entry_bytes(cat, unit, month, entry, user.display_name,
                                          planned, next_period),
        file_name=template_file_name(unit, month), icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


def check(content: bytes, file_name: str, cat: Catalog, unit: str, month: Month,
          user: User) -> ValidationResult:
    ctx = Context(unit=unit, month=month, acting_unit=acting_unit(user))
    with engine().connect() as conn:
        result = validate_upload(content, file_name, cat, ctx, conn=conn)
        if ctx.acting_unit is not None:  # the upload action refuses the same months
            result.problems.extend(window_problems(result, upload_window(conn, vn_today())))
    return result


def summary(result: ValidationResult) -> None:
    st.subheader(t("upload.step_check"))
    if not result.ok:
        st.error(t("upload.has_errors", errors=fmt_number(error_count(result.problems))),
                 icon=":material/error:")
    elif result.source == "history":
        st.success(t("upload.valid_history", months=len(result.submissions),
                     values=sum(len(s.values) for s in result.submissions)))
    else:
        sub = result.submissions[0]
        st.success(t("upload.valid", values=len(sub.values), activities=len(sub.activities),
                     plans=len(sub.plan_items)), icon=":material/check_circle:")
    warnings = [p for p in result.problems if not p.is_error]
    if result.ok and warnings:
        st.warning(t("upload.has_warnings", warnings=len(warnings)))
    for p in warnings:
        if p.code in MONTH_WARNINGS:  # a copied sheet's old month: said above the table too
            st.warning(p.message, icon=":material/event_busy:")
    show_problems(result.problems)


def _previous(unit: str, month: Month) -> dict[str, tuple[float, str | None]]:
    frame = figures(engine(), month - 1, month - 1, units=[unit])
    return {r.indicator: (r.value, r.qualifier) for r in frame.itertuples()}


def preview(result: ValidationResult, cat: Catalog) -> None:
    """The values that would be loaded, beside last month's figure that counts."""
    if not result.submissions or not any(s.values for s in result.submissions):
        return
    st.subheader(t("upload.values_title"))
    rows = []
    for sub in result.submissions:
        before = _previous(sub.unit, sub.month)
        for v in sub.values:
            decimals = cat.indicator(v.indicator).decimals
            prev = before.get(v.indicator)
            rows.append({  # the indicator first: it is the pinned column on a phone
                t("upload.col_indicator"): v.name,
                t("upload.col_month"): fmt_month(sub.month),
                # Exactly as read: the clerk checks the file, not a rounded figure.
                t("upload.col_value"): figure_text(v.value, v.qualifier, exact=True),
                t("upload.col_previous", month=fmt_month(sub.month - 1)):
                    figure_text(prev[0], prev[1], decimals or None) if prev
                    else t("upload.no_previous"),
                t("upload.col_unit_noun"): cat.indicator(v.indicator).unit,
                t("upload.col_note"): v.note or "",
                t("upload.col_cell"): f"{v.sheet}!{v.column}{v.row}",
            })
    responsive.table(pd.DataFrame(rows))


def name_picker(result: ValidationResult, cat: Catalog, month: Month, user: User) -> None:
    """One picker per name the file uses that matched no indicator, the suggestions first;
    the choices are remembered for the unit (``actions.names.remember_names``) and the
    page checks the same file again, which then loads without asking."""
    own = acting_unit(user)
    rows = [r for r in unmatched_names(result.problems)
            if r.unit in cat.unit_by_code and (own is None or r.unit == own)]
    if not rows:
        return
    st.subheader(t("names.picker_title"))
    st.caption(t("names.picker_intro"))
    names = {i.code: i.name for i in cat.indicators}
    with st.form("frm_names"):
        chosen: list[tuple[str, str, str]] = []
        for n, row in enumerate(rows):
            suggested = [c for c in row.codes if c in names]
            others = [i.code for i in cat.indicators_for(row.unit, month)
                      if i.code not in suggested]
            label = t("names.picker_label", label=row.label, unit=row.unit,
                      sheet=row.sheet or "", row=row.row or "")
            code = st.selectbox(
                escape_markdown(label), [None, *suggested, *others], key=f"up_name_{n}",
                format_func=lambda c, s=tuple(suggested): t("names.picker_none") if c is None
                else t("names.picker_suggested", name=names[c]) if c in s else names[c])
            if code is not None:
                chosen.append((row.unit, row.label, code))
        if st.form_submit_button(t("names.picker_submit"), type="primary",
                                 icon=":material/bookmark_add:"):
            run(remember_names, engine(), user, chosen)


def _show_refusal(refused: ActionError) -> None:
    show_problems(list(refused.problems))


def _new_uploader(_done) -> None:
    # A new key empties the file uploader after the load.
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1


def missing_choice(result: ValidationResult) -> tuple[bool, str | None]:
    """When the new version lacks indicators the previous version has: the question keep
    or drop, with no answer chosen beforehand. Returns (asked, choice)."""
    lacking = [p for p in result.problems if p.code == "missing_from_resubmission"]
    if not lacking:
        return False, None
    st.subheader(t("upload.missing_title"))
    for problem in lacking:
        st.warning(problem.message, icon=":material/warning:")
    labels = {KEEP: t("upload.missing_keep"), DROP: t("upload.missing_drop")}
    nonce = st.session_state.get(NONCE_KEY, 0)
    choice = st.radio(t("upload.missing_question"), list(labels), index=None,
                      format_func=labels.__getitem__, key=f"up_missing_{nonce}")
    if choice is None:
        st.info(t("upload.missing_choose_first"))
    return True, choice


def confirm(content: bytes, file_name: str, unit: str, month: Month, user: User,
            missing: str | None = None, blocked: bool = False) -> None:
    """The load button (disabled while a keep-or-drop question is open); the outcome is
    shown after the rerun that clears the uploader."""
    if st.button(t("upload.confirm"), type="primary", icon=":material/upload:",
                 disabled=blocked):
        run(ingest, engine(), user, content, file_name, unit=unit, month=month,
            missing=missing, on_refused=_show_refusal, on_done=_new_uploader)


def uploader() -> tuple[bytes, str] | None:
    st.subheader(t("upload.step_upload"))
    nonce = st.session_state.get(NONCE_KEY, 0)
    return file_upload(t("upload.file"), FILE_TYPES, key=f"up_file_{nonce}",
                       help=t("upload.file_help"))


def history(unit: str) -> None:
    """Every version the unit sent, newest first: month, version, who, when, status."""
    st.subheader(t("upload.history_title"))
    with engine().connect() as conn:
        rows = list_submissions(conn, unit=unit)
    if not rows:
        st.info(t("upload.history_empty"))
        return
    table = pd.DataFrame([{
        t("upload.col_month"): fmt_month(r["period"]),
        t("upload.col_version"): r["version"],
        t("upload.col_submitted_by"): r["submitted_by"],
        t("upload.col_submitted_at"): vn_time(r["submitted_at"]),
        t("upload.col_status"): status_label(r["status"]),
        t("upload.col_source"): t(f"upload.source_{r['source']}"),
        t("upload.col_file"): r["file_name"] or "",
    } for r in rows])
    responsive.table(table)

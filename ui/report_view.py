"""Widgets of the report page: period picker, the document, downloads, the office's edits.

The page (``pages/month_report.py``) calls these in screen order; the work is done by the
``report`` package (assembly, drafts, follow-up, HTML/Word/Markdown rendering) and the
office's edits are the actions of ``actions.report``, run through ``ui.actions.run``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd
import streamlit as st

from actions.provenance import REPORT
from actions.report import restore_wording, save_draft, set_followups
from analytics import completeness
from core.formatting import fmt_date
from core.messages import t
from core.months import KINDS, MONTH, Month, ReportPeriod, month_range
from core.timezone import to_vn, vn_today
from report import periods_text
from report.assemble import assemble_report
from report.docx_export import build_docx
from report.drafts import SUMMARY_PART, section_text
from report.figures import ReportFigures, number, report_figures
from report.figures_annex import QUALIFIER_KEYS, annex_figures
from report.followup import (
    OFFICE,
    STATUSES,
    FollowupItem,
    followup_items,
    followup_rows,
    status_label,
)
from report.html_view import render_html
from report.markdown_export import build_markdown, escape
from report.model import ReportDocument
from store import queries
from store.report_drafts import draft_history, drafts_stamp
from store.users import User
from ui import data, responsive
from ui.actions import on_submit, run
from ui.db import current_data_version, engine
from ui.provenance_address import origin_address, origin_params
from ui.text import escape_markdown, safe_t

log = logging.getLogger(__name__)
# The editors' two expanders; their content runs only while they are open.
EDIT_OPEN, FOLLOWUP_OPEN = "report_edit_open", "report_followup_open"


def _when(moment) -> str:
    local = to_vn(moment)
    return f"{local:%H:%M} {fmt_date(local.date())}"


@st.cache_data(show_spinner=False, max_entries=8)
def _months_with_data(dv: int) -> list[Month]:
    first, last = queries.first_period(engine()), queries.latest_period(engine())
    if first is None or last is None:
        return []
    return month_range(first, last)


@st.cache_resource(show_spinner=False, max_entries=8)
def _figures(dv: int, period: ReportPeriod) -> ReportFigures:
    """The period's report figures at data version ``dv`` (shared, read-only): the document
    and the list of its figures' origins both need them, and they take a second to compute
    at province scale, after every load or approval."""
    with engine().connect() as conn:
        return report_figures(conn, period, data.catalog(dv))


@st.cache_data(show_spinner=False, max_entries=32)
def _document(dv: int, period: ReportPeriod, stamp: str, include_drafts: bool
              ) -> ReportDocument | None:
    # ``dv`` and ``stamp`` only key the cache: new figures or drafts rebuild it.
    return assemble_report(engine(), period, include_drafts=include_drafts,
                           report_figs=_figures(dv, period))


def load_document(period: ReportPeriod, include_drafts: bool = True) -> ReportDocument | None:
    """The assembled report (cached by data version and drafts) with the follow-up read
    fresh: saving a task's status, a few rows, never rebuilds the whole report."""
    with engine().connect() as conn:
        stamp = drafts_stamp(conn, period)
        doc = _document(current_data_version(), period, stamp, include_drafts)
        if doc is None or period.kind != MONTH:
            return doc
        return replace(doc, followup=followup_rows(conn, period.last_month))


def document_or_stop(period: ReportPeriod) -> ReportDocument:
    """The assembled report, or a notice (nothing submitted, or an error) and stop."""
    try:
        doc = load_document(period)
    except Exception:  # never a traceback on the page; the log keeps the details
        log.exception("assembling the report %s failed", period)
        st.error(t("report.page_error"))
        st.stop()
    if doc is None:
        st.info(t("report.page_nothing_for_period", period=periods_text.picker_label(period)))
        st.stop()
    return doc


def period_picker() -> ReportPeriod | None:
    """Kind and period pickers seeded from the address (``thang`` / ``ky``), written back."""
    months = _months_with_data(current_data_version())
    if not months:
        st.info(t("report.page_no_data"))
        return None
    raw = st.query_params.to_dict()
    # An address from outside (link, reload, back button, typed) resets the pickers to it
    # and is never rewritten; the address follows the pickers once the user changes one.
    fresh = st.session_state.get("_report_address") != raw
    wanted, notice = periods_text.parse_address(raw)
    if notice:
        st.info(escape_markdown(notice), icon=":material/info:")
    if wanted is None:
        home = completeness.home_month(data.month_coverage(current_data_version(), False, ()),
                                       data.home_month_share(vn_today()))
        wanted = ReportPeriod.of_month(home or months[-1])
    kind = wanted.kind
    if fresh:
        st.session_state["report_kind"] = kind
        st.session_state[f"report_period_{kind}"] = wanted
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.segmented_control(
            t("report.page_kind"), KINDS, key="report_kind",
            format_func=lambda k: t(f"report.kind_{k}"),
        ) or "month"
        options = periods_text.periods_of_kind(kind, months)
        if wanted not in options and wanted.kind == kind:
            options.insert(0, wanted)
        key = f"report_period_{kind}"
        if st.session_state.get(key) not in options:
            st.session_state[key] = options[0]
        period = st.selectbox(t("report.page_period"), options, key=key,
                              format_func=periods_text.picker_label)
    if fresh:
        st.session_state["_report_address"] = raw
    else:
        params = periods_text.address_params(period)
        if raw != params:
            st.query_params.from_dict(params)
        st.session_state["_report_address"] = params
    return period


def downloads(doc: ReportDocument, period: ReportPeriod) -> None:
    """Word is built when the button is pressed (a second or so for a long report), not
    on every run of the page."""
    name = f"bao-cao-{period}"
    with st.container(horizontal=True):
        st.download_button(
            t("report.page_download_docx"), lambda: build_docx(doc), f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            icon=":material/description:", on_click="ignore")
        st.download_button(
            t("report.page_download_md"), lambda: build_markdown(doc).encode("utf-8"),
            f"{name}.md", "text/markdown", icon=":material/article:", on_click="ignore")


def checks(doc: ReportDocument) -> None:
    """"Cần kiểm tra trước khi ký": the report's internal checks (``report.checks``), on the
    page only; the downloads never carry them."""
    with st.container(border=True):
        st.markdown(f"**{t('report.checks_title')}**")
        if not doc.checks:
            st.success(t("report.checks_none"), icon=":material/task_alt:")
        for text in doc.checks:
            st.warning(escape_markdown(text), icon=":material/fact_check:")
        st.caption(t("report.checks_note"))


def document(doc: ReportDocument) -> None:
    """The report drawn like the printed document (all data text escaped)."""
    st.html(render_html(doc))


@st.cache_data(show_spinner=False, max_entries=16)
def _annex_origins(dv: int, period: ReportPeriod) -> pd.DataFrame:
    """The annex's figures in its order, each with the address of its origin (the
    report's rule: approved, else newest) and, past January, of its year to date."""
    figures = _figures(dv, period)
    with_ytd = period.months[0].month != 1
    rows = []
    for n, f in enumerate(annex_figures(figures), start=1):
        item = f.indicator
        text = number(item, f.value)
        qualifier = figures.qualifiers.get(item.code)
        if qualifier in QUALIFIER_KEYS:
            text = f"{t(QUALIFIER_KEYS[qualifier])} {text}"
        row = {t("report.col_number"): str(n), t("report.col_indicator"): item.name,
               t("report.col_unit"): item.unit,
               t("report.col_value_period", period=periods_text.long_label(period)): text,
               t("provenance.col_origin"): origin_address(origin_params(
                   item.code, period=period, rule=REPORT))}
        if with_ytd:
            row[t("provenance.link_ytd")] = origin_address(origin_params(
                item.code, month=period.last_month, ytd=True, rule=REPORT)) \
                if f.attainment.ytd.value is not None else ""
        rows.append(row)
    return pd.DataFrame(rows)


def annex_origins(period: ReportPeriod) -> None:
    """Under the document: every figure of the annex with a link to its origin (the Word
    file stays clean: the links are on this page only)."""
    frame = _annex_origins(current_data_version(), period)
    if frame.empty:
        return
    st.subheader(t("provenance.report_heading"))
    st.caption(t("provenance.report_caption"))
    config = {column: st.column_config.LinkColumn(column,
                                                  display_text=t("provenance.see_origin"))
              for column in (t("provenance.col_origin"), t("provenance.link_ytd"))
              if column in frame.columns}
    responsive.table(frame, column_config=config)


def edit_wording(user: User, period: ReportPeriod, doc: ReportDocument) -> None:
    """Editors: rewrite the summary or a section; saved as a new draft version."""
    # Drawn only while open (a click reruns the page): drawn closed, the two editors' widgets
    # cost each run of the page about half of its time in the browser.
    box = st.expander(t("report.page_edit_title"), icon=":material/edit:", key=EDIT_OPEN,
                      on_change="rerun")
    with box:
        source = load_document(period, include_drafts=False) if box.open else None
        if source is None:
            return
        parts = ([SUMMARY_PART] if source.summary is not None else []) + \
            [s.number for s in doc.sections if s.level == 2 or s.bullets]
        titles = {SUMMARY_PART: t("report.page_edit_summary"),
                  **{s.number: f"{s.number}. {s.title}" for s in doc.sections}}
        part = st.selectbox(t("report.page_edit_part"), parts, format_func=titles.get,
                            key=f"report_edit_part_{period}")
        current = _part_text(doc, part)
        original = _part_text(source, part)
        text = st.text_area(t("report.page_edit_text"), current, height=260,
                            help=t("report.page_edit_help"),
                            key=f"report_edit_text_{period}_{part}_{hash(current)}")
        with st.container(horizontal=True):
            save = st.button(t("report.page_edit_save"), type="primary",
                             icon=":material/save:", key=f"report_save_{period}_{part}")
            restore = st.button(t("report.page_edit_restore"), icon=":material/undo:",
                                disabled=current == original,
                                key=f"report_restore_{period}_{part}")
        if restore:
            run(restore_wording, engine(), user, period, part, original)
        elif save:
            run(save_draft, engine(), user, period, part, text)
        with engine().connect() as conn:
            history = draft_history(conn, period, part)
        if history:
            for draft in history[:5]:
                st.caption(safe_t("report.page_edit_history", version=draft.version,
                             who=draft.created_by, when=_when(draft.created_at)))
        else:
            st.caption(t("report.page_edit_none"))


def _part_text(doc: ReportDocument, part: str) -> str:
    if part == SUMMARY_PART:
        return doc.summary or ""
    for section in doc.sections:
        if section.number == part:
            return section_text(section)
    return ""


def followup(user: User, period: ReportPeriod) -> None:
    """Editors: each of last month's key tasks with the status its unit reported (the
    «Kế hoạch» sheet), which the office may correct (month reports)."""
    month = period.last_month
    box = st.expander(t("report.page_followup_title"), icon=":material/task_alt:",
                      key=FOLLOWUP_OPEN, on_change="rerun")  # drawn only while open
    with box:
        if not box.open:
            return
        with engine().connect() as conn:
            items = followup_items(conn, month)
        if not items:
            st.caption(t("report.page_followup_none"))
            return
        st.caption(t("report.page_followup_help"))
        with st.form(f"report_followup_{month}"):
            for item in items:
                st.markdown(f"**{item.position + 1}.** {_plain(item.task)}")
                cols = st.columns([1, 2])
                cols[0].selectbox(
                    t("report.page_followup_status"), [None, *STATUSES],
                    index=[None, *STATUSES].index(item.status), format_func=status_label,
                    key=f"fu_status_{month}_{item.position}")
                cols[1].text_input(t("report.page_followup_comment"), item.comment,
                                   key=f"fu_comment_{month}_{item.position}")
                st.caption(_followup_source(item))
            # saved before the page's run (one run per save, not two)
            st.form_submit_button(
                t("report.page_followup_save"), type="primary",
                on_click=on_submit(set_followups, engine(), user, month,
                                   arguments=lambda: (_followup_changes(items, month),)))


def _followup_source(item: FollowupItem) -> str:
    """What the unit reported and, when the office corrected it, who did and when."""
    known = data.catalog(current_data_version()).unit_by_code.get(item.unit or "")
    unit = known.name if known else item.unit or ""
    if item.reported_status is None:
        said = safe_t("report.page_followup_not_reported", unit=unit)
    else:
        note = f" — {escape_markdown(item.reported_note)}" if item.reported_note else ""
        said = safe_t("report.page_followup_reported", unit=unit,
                 status=status_label(item.reported_status), note=note)
    if item.source == OFFICE and item.updated_by:
        said += " · " + safe_t("report.page_followup_updated", who=item.updated_by,
                          when=_when(item.updated_at))
    return said


def _followup_changes(items: list[FollowupItem], month: Month
                      ) -> list[tuple[int, str, str]]:
    """(position, status, comment) of each task whose status or comment the form changed
    (read from the form's widgets when it is submitted); a task left without a status is
    not saved."""
    changed = []
    for item in items:
        status = st.session_state.get(f"fu_status_{month}_{item.position}")
        comment = st.session_state.get(f"fu_comment_{month}_{item.position}", item.comment)
        if status is not None and (status != item.status or comment != item.comment):
            changed.append((item.position, status, comment))
    return changed


def _plain(text: str) -> str:
    """User text shown through st.markdown without being read as Markdown or HTML."""
    return escape(text)

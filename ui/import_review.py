"""The "Nhập báo cáo cũ" tab: upload a past report, review what was read, load it.

Parsing (``etl.narrative``) writes nothing; the editor accepts, changes or rejects each
candidate figure in a table, sees what each unit will receive, then loads through the action
``actions.submissions.load_imported_report`` (which checks the role again and writes
everything in one transaction). User text is shown escaped or inside tables, never as HTML.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from actions.base import ActionError
from actions.submissions import load_imported_report
from core.catalog import Catalog
from core.formatting import fmt_date, fmt_month, fmt_number
from core.messages import t
from core.months import Month
from core.timezone import to_vn, vn_today
from etl.narrative.header import period_label
from etl.narrative.intake import FILE_TYPES, read_upload
from etl.narrative.load import (
    FigureReview,
    ImportPlan,
    figure_label,
    locked_refusal,
    plan_import,
    plan_versions,
)
from etl.narrative.model import ContextNumber, Figure, NarrativeError, ParsedReport
from store.catalog_store import read_catalog
from store.settings import get_setting
from store.users import User
from ui import responsive
from ui.actions import run
from ui.db import engine
from ui.number_input import (
    NumberField,
    number_column,
    read_number,
    show_number,
    show_refusals,
)
from ui.text import escape_markdown, message_text, safe_t
from ui.uploads import file_upload, upload_limit

PARSED_KEY = "imp_parsed"  # (file digest, month override) → ParsedReport, for reruns
NONCE_KEY = "imp_nonce"
MONTHS_BACK = 12 * 15  # how far back the month override reaches

# Column keys of the review table (labels come from the catalogue).
ROW, ACCEPT, STATE, INDICATOR, VALUE, READ, NOUN, SECTION, CONTEXT, NOTE, SENTENCE = (
    "row", "accept", "state", "indicator", "value", "read", "noun", "section", "context",
    "note", "sentence")
# A figure's review state: certain (accepted from the start), to review, unmatched, or
# for reference only (a report of a longer period, whose figures are not loaded).
CERTAIN, TO_REVIEW, UNMATCHED, REFERENCE_ONLY = "certain", "review", "unmatched", "reference"
REVIEW_STATES = (CERTAIN, TO_REVIEW, UNMATCHED, REFERENCE_ONLY)


# --- pure helpers (tested without a running app) ---------------------------------------------

def indicator_options(catalog: Catalog, month: Month) -> dict[str, str]:
    """Label shown in the table → indicator code, for the indicators valid in ``month``."""
    return {f"{i.name} ({i.code})": i.code for i in catalog.indicators if i.valid_in(month)}


def figure_note(figure: Figure) -> str:
    """What the reader should know about a figure: summed, implied, tied, unmatched."""
    parts = [figure.note] if figure.note else []
    if figure.candidates:
        parts.append(t("narrative.ui_tied", codes=", ".join(figure.candidates)))
    elif figure.indicator is None:
        parts.append(t("narrative.ui_unmatched"))
    return " ".join(parts)


def _read_as(figure: Figure | ContextNumber) -> str:
    text = fmt_number(figure.value)
    if figure.qualifier in ("more_than", "about"):
        text = f"{t('narrative.qualifier_' + figure.qualifier)} {text}"
    return text


def figure_state(report: ParsedReport, figure: Figure) -> str:
    """``certain``, ``review``, ``unmatched`` or ``reference`` (docs/import.md)."""
    if not report.is_monthly:
        return REFERENCE_ONLY
    if figure.indicator is None:
        return UNMATCHED
    return CERTAIN if figure.certain else TO_REVIEW


def context_text(numbers: list[ContextNumber]) -> str:
    """The numbers beside a figure, each with its role: "mức tăng/giảm: «tăng 15 tin, bài …»"."""
    return "; ".join(t("narrative.ui_context_item", role=t(f"narrative.role_{c.role}"),
                       text=c.text) for c in numbers)


def review_frame(report: ParsedReport, catalog: Catalog) -> pd.DataFrame:
    """The review table's starting content: certain figures accepted, every other one
    ("cần xem", unmatched, a longer period's) waiting for the editor."""
    labels = {code: label for label, code
              in indicator_options(catalog, report.catalog_month).items()}
    rows = []
    for i, f in enumerate(report.figures):
        state = figure_state(report, f)
        rows.append({
            ROW: i + 1,
            ACCEPT: state == CERTAIN and f.indicator in labels,
            STATE: t(f"narrative.ui_state_{state}"),
            INDICATOR: labels.get(f.indicator or ""),
            VALUE: show_number(f.value),
            READ: _read_as(f),
            NOUN: f.unit_noun or "",
            SECTION: f.section,
            CONTEXT: context_text(f.context),
            NOTE: figure_note(f),
            SENTENCE: f.sentence,
        })
    return pd.DataFrame(rows, columns=[ROW, ACCEPT, STATE, INDICATOR, VALUE, CONTEXT, READ,
                                       NOUN, SECTION, SENTENCE, NOTE])


def context_frame(report: ParsedReport, catalog: Catalog) -> pd.DataFrame:
    """The numbers that are no figure and stand beside none: role, number, where, words."""
    names = {i.code: i.name for i in catalog.indicators}
    return pd.DataFrame([{
        t("narrative.ui_col_role"): t(f"narrative.role_{c.role}"),
        t("narrative.ui_col_read"): _read_as(c),
        t("narrative.ui_col_noun"): c.unit_noun or "",
        t("narrative.ui_col_indicator"): names.get(c.indicator or "", ""),
        t("narrative.ui_col_section"): c.section,
        t("narrative.ui_col_context_text"): c.text,
    } for c in report.context])


def reviews_from_frame(frame: pd.DataFrame, options: dict[str, str], report: ParsedReport
                       ) -> tuple[list[FigureReview], list[ActionError]]:
    """The editor's decisions from the (edited) review table, one per row, and the
    refusals of value cells that hold no clear number (``ui.number_input``, row named).

    A value cell left as shown keeps the figure as read (``5,749`` is shown so, and would be
    asked about if read again); a changed one is read with the Vietnamese rule."""
    reviews, refused = [], []
    column = t("narrative.ui_col_value")
    for i, rec in enumerate(frame.to_dict("records")):
        label = rec.get(INDICATOR)
        index = int(rec.get(ROW, i + 1)) - 1
        figure = report.figures[index]
        raw = rec.get(VALUE)
        number: float | None = float(figure.value)
        if raw != show_number(figure.value):
            try:
                number = read_number(raw, NumberField(t(
                    "action.number_row", column=column, row=index + 1,
                    name=figure_label(figure))))
            except ActionError as exc:
                refused.append(exc)
                number = None
        reviews.append(FigureReview(
            figure=index, accepted=bool(rec.get(ACCEPT)),
            indicator=options.get(label) if isinstance(label, str) else None, value=number))
    return reviews, refused


def plan_frame(plan: ImportPlan, catalog: Catalog,
               versions: dict[str, int | None]) -> pd.DataFrame:
    """One row per unit the load will write: figures, bullets, tasks and the new version."""
    names = {u.code: u.name for u in catalog.units}
    return pd.DataFrame([{
        t("narrative.ui_col_unit"): names.get(s.unit, s.unit),
        t("narrative.ui_col_values"): len(s.values),
        t("narrative.ui_col_activities"): len(s.activities),
        t("narrative.ui_col_tasks"): len(s.plan_items),
        t("narrative.ui_col_version"): t("narrative.ui_locked") if versions.get(s.unit) is None
        else t("narrative.ui_version", version=versions[s.unit]),
    } for s in plan.submissions])


def table_height(rows: int) -> int:
    """Pixels that show every row of a table (up to 30) without an inner scroll bar."""
    return 38 + 35 * min(max(rows, 1), 30)


# --- the screen ------------------------------------------------------------------------------

def render_import_tab(user: User) -> None:
    """Upload → parsed structure → figure review → what each unit gets → load."""
    st.caption(t("narrative.ui_intro"))
    catalog = read_catalog(engine())
    upload, month = _upload_and_month()
    if upload is None:
        st.info(t("narrative.ui_no_file"))
        return
    content, file_name = upload
    report = _parsed(content, file_name, month, catalog)
    if report is None:
        return
    show_header(report)
    show_structure(report)
    reviews, refused = figure_review(report, catalog, hashlib.sha256(content).hexdigest()[:12])
    if refused:  # no plan nor load until every value cell holds a clear number
        show_refusals(refused)
        return
    tasks_unit = str(get_setting(engine(), "report_tasks_unit", report.catalog_month.last_day))
    plan = plan_import(report, reviews, catalog, user.username, file_name, tasks_unit)
    locked = show_plan(plan, catalog)
    if st.button(t("narrative.ui_load"), type="primary", disabled=not plan.ok or locked,
                 key="imp_load", icon=":material/database_upload:"):
        _load(user, report, content, file_name, reviews)


def _upload_and_month() -> tuple[tuple[bytes, str] | None, Month | None]:
    this_month = Month.of(vn_today())
    months: list[Month | None] = [None, *(this_month - i for i in range(MONTHS_BACK))]
    nonce = st.session_state.get(NONCE_KEY, 0)
    with st.container(horizontal=True):
        file = file_upload(t("narrative.ui_file"), FILE_TYPES, key=f"imp_file_{nonce}",
                           help=t("narrative.ui_file_help"))
        month = st.selectbox(t("narrative.ui_month"), months, key="imp_month",
                             help=t("narrative.ui_month_help"),
                             format_func=lambda m: t("narrative.ui_month_auto") if m is None
                             else fmt_month(m))
    return file, month


def _parsed(content: bytes, file_name: str, month: Month | None,
            catalog: Catalog) -> ParsedReport | None:
    """The parsed report (kept across reruns); a refusal is shown and gives None."""
    key = (hashlib.sha256(content).hexdigest(), month)
    cached = st.session_state.get(PARSED_KEY)
    if cached and cached[0] == key:
        return cached[1]
    try:
        report = read_upload(content, file_name, upload_limit(), month, catalog)
    except NarrativeError as exc:
        st.error(message_text(exc))
        return None
    except Exception:  # never a traceback on screen
        st.error(safe_t("etl.unexpected", file=file_name))
        return None
    st.session_state[PARSED_KEY] = (key, report)
    return report


def show_header(report: ParsedReport) -> None:
    """The header fields as read: months, number, date line, signer, recipients."""
    st.subheader(t("narrative.ui_header"))
    unknown = t("narrative.summary_unknown")
    signer = " — ".join(x for x in ((report.signer.title or "").replace("\n", " / "),
                                    report.signer.name or "") if x) or unknown
    rows = [
        (t("narrative.ui_field_period"), period_label(report.period)),
        (t("narrative.ui_field_next_period"), period_label(report.next_period)),
        (t("narrative.ui_field_number"), report.number or t("narrative.ui_no_number")),
        (t("narrative.ui_field_date_line"), report.date_line or unknown),
        (t("narrative.ui_field_signer"), signer),
        (t("narrative.ui_field_recipients"), "; ".join(report.recipients) or unknown),
    ]
    responsive.table(pd.DataFrame(rows, columns=[t("narrative.ui_col_field"),
                                                 t("narrative.ui_col_content")]))


def show_structure(report: ParsedReport) -> None:
    """Part I's sections with their bullets and footnotes, then part II's tasks."""
    st.subheader(t("narrative.ui_structure"))
    notes = {f.marker: f.text for f in report.footnotes}
    for section in report.sections:
        label = t("narrative.ui_section", number=section.number, title=section.title,
                  count=len(section.items))
        with st.expander(escape_markdown(label), expanded=False):
            if not section.items:
                st.caption(t("narrative.ui_section_empty"))
            for item in section.items:
                marks = "".join(f" \\[{escape_markdown(m)}\\]" for m in item.footnotes)
                st.markdown("\\- " + escape_markdown(item.text) + marks)
                for marker in item.footnotes:
                    st.caption(f"\\[{escape_markdown(marker)}\\] "
                               + escape_markdown(notes.get(marker, t("narrative.ui_no_note"))))
    label = t("narrative.ui_tasks_period", period=period_label(report.next_period),
              count=len(report.tasks))
    with st.expander(escape_markdown(label), expanded=False):
        if not report.tasks:
            st.caption(t("narrative.ui_section_empty"))
        for n, task in enumerate(report.tasks, start=1):
            st.markdown(f"{n}\\. " + escape_markdown(task))


def figure_review(report: ParsedReport, catalog: Catalog, digest: str
                  ) -> tuple[list[FigureReview], list[ActionError]]:
    """The editable table of candidate figures; returns the editor's decisions and the
    refusals of value cells that hold no clear number."""
    st.subheader(t("narrative.ui_figures"))
    options = indicator_options(catalog, report.catalog_month)
    if not report.is_monthly:
        st.info(t("narrative.ui_period_report", period=period_label(report.period)))
    if not report.figures:
        st.info(t("narrative.ui_no_figures"))
        show_context(report, catalog)
        return [], []
    matched = sum(1 for f in report.figures if f.indicator)
    certain = sum(1 for f in report.figures if figure_state(report, f) == CERTAIN)
    st.caption(t("narrative.ui_figures_help", count=len(report.figures), matched=matched))
    if report.is_monthly:
        st.caption(t("narrative.ui_certain_help", certain=certain, review=matched - certain))
    edited = responsive.editor(
        review_frame(report, catalog),
        key=f"imp_table_{digest}_{report.period}",
        hide_index=True, width="stretch", num_rows="fixed",
        height=table_height(len(report.figures)),
        disabled=[ROW, STATE, READ, NOUN, SECTION, CONTEXT, NOTE, SENTENCE],
        column_config={
            ROW: st.column_config.NumberColumn(t("narrative.ui_col_row"), width="small"),
            ACCEPT: st.column_config.CheckboxColumn(t("narrative.ui_col_accept")),
            STATE: st.column_config.TextColumn(t("narrative.ui_col_state"),
                                               help=t("narrative.ui_col_state_help")),
            CONTEXT: st.column_config.TextColumn(t("narrative.ui_col_context"), width="large",
                                                 help=t("narrative.ui_col_context_help")),
            INDICATOR: st.column_config.SelectboxColumn(
                t("narrative.ui_col_indicator"), options=list(options), width="medium",
                help=t("narrative.ui_col_indicator_help")),
            VALUE: number_column(t("narrative.ui_col_value"),
                                 f"{t('narrative.ui_col_value_help')} {t('action.number_help')}"),
            READ: st.column_config.TextColumn(t("narrative.ui_col_read")),
            NOUN: st.column_config.TextColumn(t("narrative.ui_col_noun")),
            SECTION: st.column_config.TextColumn(t("narrative.ui_col_section"), width="small"),
            NOTE: st.column_config.TextColumn(t("narrative.ui_col_note"), width="medium"),
            SENTENCE: st.column_config.TextColumn(t("narrative.ui_col_sentence"),
                                                  width="large"),
        },
    )
    show_context(report, catalog)
    return reviews_from_frame(edited, options, report)


def show_context(report: ParsedReport, catalog: Catalog) -> None:
    """Numbers that are not the period's figure and stand beside none (a change, a running
    total, a target … of an indicator with no figure in that bullet): shown, never loaded."""
    if not report.context:
        return
    with st.expander(t("narrative.ui_context_title", count=len(report.context))):
        st.caption(t("narrative.ui_context_help"))
        responsive.table(context_frame(report, catalog),
                         height=table_height(len(report.context)))


def show_plan(plan: ImportPlan, catalog: Catalog) -> bool:
    """What the load will write (or why it cannot), before the button; True when locked."""
    st.subheader(t("narrative.ui_plan"))
    if plan.submissions:
        st.caption(t("narrative.ui_plan_help", month=fmt_month(plan.month),
                     date=fmt_date(to_vn(plan.submitted_at).date())))
    for note in plan.notes:
        st.warning(message_text(note), icon=":material/info:")
    for problem in plan.errors:
        st.error(message_text(problem))
    if not plan.submissions:
        return False
    versions = plan_versions(engine(), plan)
    locked = [unit for unit, version in versions.items() if version is None]
    if locked:
        st.error(message_text(locked_refusal(catalog, locked, plan.month)))
    responsive.table(plan_frame(plan, catalog, versions),
                     height=table_height(len(plan.submissions)))
    return bool(locked)


def _show_reasons(refused: ActionError) -> None:
    for problem in refused.problems:  # the plan's errors (PlanMessage)
        st.error(message_text(problem))


def _forget_file(_done) -> None:
    # A new uploader key and no cached parse: the tab starts over after the load.
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
    st.session_state.pop(PARSED_KEY, None)


def _load(user: User, report: ParsedReport, content: bytes, file_name: str,
          reviews: list[FigureReview]) -> None:
    run(load_imported_report, engine(), user, report, content, file_name, reviews,
        on_refused=_show_reasons, on_done=_forget_file)

"""«Nhập số liệu»: a unit's month typed in a grid, saved as a draft or sent.

The grid shows each indicator with last month's and last year's figure that counts beside
it; numbers are read with ``ui.number_input`` (one bad cell refuses the whole save, its
row named). Saving and sending are the actions of ``actions.typing``, run through
``ui.actions.run``; sending loads the month exactly as an uploaded file is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from actions.base import ActionError
from actions.submissions import DROP, KEEP, offered_months
from actions.typing import save_entry_draft, submit_entry
from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import t
from core.months import Month
from core.numbers import PERCENT
from core.timezone import vn_today
from etl import layout
from etl.typed import Entry, TypedFigure, last_version_entry
from report import periods_text
from report.followup import unit_planned_tasks
from store.drafts import get_draft
from store.queries import figures
from store.users import User
from ui import responsive
from ui.actions import run
from ui.address import parse_month
from ui.db import engine
from ui.figures import figure_text
from ui.number_input import NumberField, editor_texts, number_column, read_cells, show_refusals
from ui.problems_table import show_problems
from ui.review_view import vn_time
from ui.text import escape_markdown

CODE = "code"  # the grid's hidden column: the indicator each row is
ASKED_KEY = "ty_missing_asked"  # (unit, month, warnings) of the keep-or-drop question
NONCE_KEY = "ty_nonce"  # a new value resets the widgets after a save or a send


@dataclass
class Opened:
    """What the page opens with and where it comes from (said above the grid)."""

    entry: Entry
    notice: str


def month_from_address() -> None:
    """``/nhap-so-lieu?thang=YYYY-MM`` opens that month when the page offers it (the month
    picker's first value; a month picked since is kept); any other value is said and
    ignored."""
    raw = st.query_params.get("thang")
    if raw is None or "up_month" in st.session_state:
        return
    month = parse_month(str(raw).strip())
    if month is not None and month in offered_months(engine(), vn_today()):
        st.session_state["up_month"] = month
    else:
        st.warning(t("typing.address_month_unknown", value=escape_markdown(str(raw)[:20])),
                   icon=":material/event_busy:")


def opened(user: User, unit: str, month: Month) -> Opened:
    """The user's draft of the month, else the version sent last, else an empty entry."""
    with engine().connect() as conn:
        draft = get_draft(conn, user.username, unit, month)
        if draft is not None:
            return Opened(Entry.from_json(draft.content),
                          t("typing.from_draft", saved=vn_time(draft.saved_at)))
        last = last_version_entry(conn, unit, month)
    if last is not None:
        entry, version, source = last
        return Opened(entry, t("typing.from_version", version=version,
                               source=t("upload.source_" + source)))
    return Opened(Entry(), t("typing.from_nothing"))


def _beside(unit: str, month: Month) -> dict[str, tuple[float, str | None]]:
    """indicator → (value, qualifier) of the figure that counts for ``unit`` in ``month``."""
    frame = figures(engine(), month, month, units=[unit])
    return {r.indicator: (r.value, r.qualifier) for r in frame.itertuples()}


def _shown(found: tuple[float, str | None] | None, decimals: int | None) -> str:
    if found is None:
        return t("typing.no_figure")
    return figure_text(found[0], found[1], decimals) or t("typing.no_figure")


EXACT = t("typing.qualifier_exact")  # the qualifier column's "no qualifier" (never blank)
QUALIFIER_LABELS = {"": EXACT, "about": layout.QUALIFIER_WORDS["about"],
                    "more_than": layout.QUALIFIER_WORDS["more_than"]}
_QUALIFIER_OF = {label: code for code, label in QUALIFIER_LABELS.items()}


def grid(cat: Catalog, unit: str, month: Month, entry: Entry, key: str) -> pd.DataFrame:
    """The indicators' editor; returns the edited frame (index: row number)."""
    before, last_year = _beside(unit, month - 1), _beside(unit, month - 12)
    indicators = cat.indicators_for(unit, month)
    typed = [entry.figures.get(i.code, TypedFigure()) for i in indicators]
    cols = {
        "name": t("typing.col_indicator"),
        "measure": t("typing.col_measure"),
        "previous": t("typing.col_previous", month=fmt_month(month - 1)),
        "last_year": t("typing.col_last_year", month=fmt_month(month - 12)),
        "qualifier": t("typing.col_qualifier"),
        "value": t("typing.col_value", month=fmt_month(month)),
        "note": t("typing.col_note"),
    }
    # The figure to type comes right after the indicator (in view on a phone, where the
    # table scrolls sideways), the figures it is compared with next.
    frame = pd.DataFrame({
        CODE: [i.code for i in indicators],
        cols["name"]: [i.name for i in indicators],
        cols["qualifier"]: [QUALIFIER_LABELS.get(f.qualifier or "", EXACT) for f in typed],
        cols["value"]: editor_texts([f.value for f in typed]),
        cols["previous"]: [_shown(before.get(i.code), i.decimals) for i in indicators],
        cols["last_year"]: [_shown(last_year.get(i.code), i.decimals) for i in indicators],
        cols["measure"]: [i.unit for i in indicators],
        cols["note"]: [f.note for f in typed],
    })
    return responsive.editor(
        frame, key=key, num_rows="fixed",
        disabled=[cols["name"], cols["measure"], cols["previous"], cols["last_year"]],
        column_config={
            CODE: None,  # hidden: the row's indicator, read back on save
            cols["qualifier"]: st.column_config.SelectboxColumn(
                cols["qualifier"], options=list(QUALIFIER_LABELS.values()), width="small"),
            cols["value"]: number_column(cols["value"]),
            cols["note"]: st.column_config.TextColumn(cols["note"], max_chars=1000),
        })


def read_grid(cat: Catalog, unit: str, month: Month, edited: pd.DataFrame
              ) -> tuple[dict[str, TypedFigure], list[ActionError]]:
    """The typed figures (by indicator code) and the refusals of the cells that are not
    one clear number of the indicator's kind."""
    indicators = {i.code: i for i in cat.indicators_for(unit, month)}
    qual_col = t("typing.col_qualifier")
    value_col = t("typing.col_value", month=fmt_month(month))
    note_col = t("typing.col_note")
    cells = []
    for n, row in enumerate(edited.itertuples(index=False), start=1):
        ind = indicators[getattr(row, CODE)]
        label = t("action.number_row", column=value_col, row=n, name=ind.name)
        cells.append((edited.iloc[n - 1][value_col],
                      NumberField(label, whole=ind.value_kind == "count",
                                  percent=ind.value_kind == PERCENT)))
    values, refused = read_cells(cells)
    out = {}
    for n, value in enumerate(values):
        row = edited.iloc[n]
        qualifier = _QUALIFIER_OF.get(str(row[qual_col] or ""), "") or None
        note = row[note_col] if isinstance(row[note_col], str) else ""
        if value is not None or note.strip():
            out[str(row[CODE])] = TypedFigure(value, qualifier, note.strip())
    return out, refused


def activities(cat: Catalog, unit: str, month: Month, entry: Entry, nonce: str
               ) -> dict[str, str]:
    """One text area per section of the unit: an activity per line."""
    st.subheader(t("typing.activities_title"))
    st.caption(t("typing.activities_help"))
    out = {}
    for section in cat.ordered_sections(month):
        if section.code not in cat.unit(unit).sections:
            continue
        out[section.code] = st.text_area(
            f"{section.code}. {section.title}", value=entry.activities.get(section.code, ""),
            key=f"ty_act_{section.code}_{nonce}", height=120)
    return out


def plans(entry: Entry, nonce: str) -> str:
    st.subheader(t("typing.plans_title"))
    return st.text_area(t("typing.plans_title"), value=entry.plans, help=t("typing.plans_help"),
                        key=f"ty_plans_{nonce}", height=120, label_visibility="collapsed")


def period_plans(month: Month, entry: Entry, nonce: str) -> str:
    """In a month that closes a quarter, half or year, the tasks of the one that begins
    next (part II of the longer reports, as the template's own table); "" in any other."""
    period = periods_text.starting_label(month)
    if period is None:
        return ""
    title = t("typing.period_plans_title", period=period)
    st.subheader(title)
    st.caption(t("typing.period_plans_help", period=period))
    return st.text_area(title, value=entry.period_plans, key=f"ty_period_plans_{nonce}",
                        height=120, label_visibility="collapsed")


def followup(unit: str, month: Month, entry: Entry, nonce: str
             ) -> dict[str, tuple[str | None, str]]:
    """The tasks the unit planned for ``month`` (last month's «Kế hoạch»), each with a
    status and a note; nothing when it planned none."""
    with engine().connect() as conn:
        tasks = unit_planned_tasks(conn, unit, month)
    if not tasks:
        return {}
    st.subheader(t("typing.followup_title", month=fmt_month(month)))
    st.caption(t("typing.followup_help"))
    labels = {"": t("report.status_unset"), **layout.PROGRESS_LABELS}
    status_of = {label: code for code, label in labels.items()}
    col_task, col_status = t("typing.col_task"), t("typing.col_status")
    col_note = t("typing.col_note")
    frame = pd.DataFrame({
        col_task: tasks,
        col_status: [labels.get(entry.progress.get(task, (None, ""))[0] or "", "")
                     for task in tasks],
        col_note: [entry.progress.get(task, (None, ""))[1] for task in tasks],
    })
    edited = responsive.editor(
        frame, key=f"ty_followup_{nonce}", num_rows="fixed", disabled=[col_task],
        column_config={col_status: st.column_config.SelectboxColumn(
            col_status, options=list(labels.values())),
            col_note: st.column_config.TextColumn(col_note, max_chars=1000)})
    out = {}
    for row in edited.itertuples(index=False):
        task, status, note = row
        note = note if isinstance(note, str) else ""
        code = status_of.get(str(status or ""), "") or None
        if code or note.strip():
            out[str(task)] = (code, note.strip())
    return out


def missing_question(unit: str, month: Month) -> str | None:
    """After a send refused for want of a keep-or-drop answer: the warnings naming the
    figures, and the question (no answer chosen beforehand). The answer, or None."""
    asked = st.session_state.get(ASKED_KEY)
    if not asked or asked[0] != (unit, str(month)):
        return None
    st.subheader(t("typing.missing_title"))
    for line in asked[1]:
        st.warning(line, icon=":material/warning:")
    labels = {KEEP: t("upload.missing_keep"), DROP: t("upload.missing_drop")}
    choice = st.radio(t("upload.missing_question"), list(labels), index=None,
                      format_func=labels.__getitem__, key=f"ty_missing_{asked[2]}")
    if choice is None:
        st.info(t("upload.missing_choose_first"))
    return choice


def _refused(unit: str, month: Month):
    def show(refused: ActionError) -> None:
        if refused.key == "upload.missing_choice_needed":
            lines = [p.message for p in refused.problems
                     if getattr(p, "code", None) == "missing_from_resubmission"]
            # The question shows above the form on the rerun; the form keeps what was typed.
            asked = st.session_state.get(ASKED_KEY)
            count = asked[2] + 1 if asked else 0
            st.session_state[ASKED_KEY] = ((unit, str(month)), lines, count)
            st.rerun()
        show_problems(list(refused.problems))
    return show


def _after(_done) -> None:
    st.session_state.pop(ASKED_KEY, None)
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1


def form(cat: Catalog, user: User, unit: str, month: Month) -> None:
    """The whole entry in one form: the grid, activities, tasks, follow-up; save or send."""
    start = opened(user, unit, month)
    st.info(start.notice, icon=":material/info:")
    choice = missing_question(unit, month)
    nonce = f"{unit}_{month}_{st.session_state.get(NONCE_KEY, 0)}"
    with st.form(f"ty_form_{nonce}", border=False):
        st.subheader(t("typing.figures_title"))
        st.caption(t("typing.figures_help"))
        edited = grid(cat, unit, month, start.entry, f"ty_grid_{nonce}")
        acts = activities(cat, unit, month, start.entry, nonce)
        tasks = plans(start.entry, nonce)
        period_tasks = period_plans(month, start.entry, nonce)
        progress = followup(unit, month, start.entry, nonce)
        with st.container(horizontal=True):
            save = st.form_submit_button(t("typing.save"), icon=":material/save:")
            send = st.form_submit_button(t("typing.submit"), type="primary",
                                         icon=":material/send:")
    if not (save or send):
        return
    values, refused = read_grid(cat, unit, month, edited)
    if refused:
        show_refusals(refused, "action.number_nothing_saved" if save else "typing.nothing_sent")
        return
    entry = Entry(values, acts, tasks, progress, period_tasks)
    if save:
        run(save_entry_draft, engine(), user, unit, month, entry, on_done=_after)
    else:
        run(submit_entry, engine(), user, unit, month, entry, missing=choice,
            author=user.display_name, on_refused=_refused(unit, month), on_done=_after)

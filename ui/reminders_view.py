"""The status page's reminders: for each late or missing unit of the chosen month a text
ready to send (with Streamlit's copy button) and one "Công văn đôn đốc" (.docx) for all of
them. Built by ``report.reminders`` from the page's status grid; reading only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.formatting import fmt_month
from core.messages import t
from core.months import Month
from core.timezone import to_vn, utc_now
from report.reminder_docx import build_reminder_docx
from report.reminders import reminder_letter, reminder_text, reminders_for, status_phrase
from ui import data
from ui.filters import PageContext
from ui.text import escape_markdown

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def reminder_key(unit: str) -> str:
    """The session key of ``unit``'s reminder expander (True while it is open)."""
    return f"status_reminder_{unit}"


def reminders(ctx: PageContext, grid: pd.DataFrame, month: Month) -> None:
    """The month's reminders, each in a closed expander; the letter is built when its
    button is pressed.

    A reminder's text is drawn only once its expander is opened (opening one reruns the
    page): the first code block of a page costs the browser half a second or more (its
    syntax highlighter), which every change of a picker paid again."""
    st.subheader(t("dashboard.reminders_heading", month=fmt_month(month)))
    now = utc_now()
    names = {code: unit.name for code, unit in ctx.catalog.unit_by_code.items()}
    found = reminders_for(grid, month, names, now)
    if not found:
        st.success(t("dashboard.reminders_none", month=fmt_month(month)),
                   icon=":material/task_alt:")
        return
    st.caption(t("dashboard.reminders_help", count=len(found)))
    for reminder in found:
        label = t("dashboard.reminder_label", unit=reminder.unit_name,
                  state=status_phrase(reminder))
        box = st.expander(escape_markdown(label), key=reminder_key(reminder.unit),
                          on_change="rerun")
        with box:
            if box.open:
                st.code(reminder_text(reminder), language=None, wrap_lines=True)
    letter = reminder_letter(found, data.letterhead(to_vn(now).date()), month, now)
    if letter is None:  # found is not empty: never, kept for the type checker
        return
    st.download_button(t("dashboard.reminders_download", count=len(found)),
                       lambda: build_reminder_docx(letter, now),
                       f"cong-van-don-doc-{month}.docx", DOCX,
                       icon=":material/description:", on_click="ignore",
                       key="status_reminder_letter")

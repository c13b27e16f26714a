"""Reminders for the units late or missing in one month: a ready-to-send text per unit and
one "Công văn đôn đốc" (official reminder letter) for all of them.

Who gets one is read off the status grid (``analytics.completeness.classify``), judged by
``analytics.completeness.timeliness`` — the one deadline rule (setting
``deadline_days_after_month_end``, Vietnam time); nothing here computes a deadline:

- ``missing``: no version and the deadline has passed;
- ``pending``: no version yet, the deadline still ahead (a reminder before it passes);
- ``returned``: the newest version was returned for correction and not sent again;
- ``late``: the first version came after the deadline (whatever its review state).

Units on time (and not returned) get nothing. Everything is read-only: the texts and the
letter are built from the rows given, the header texts and signer from the settings valid
on the day the letter is written (``read_letterhead``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection

from analytics import completeness
from analytics.periods import to_month, to_period
from core.formatting import fmt_date, fmt_month, fmt_place_date
from core.messages import t
from core.months import Month
from core.timezone import as_utc, to_vn, utc_now
from report.header import read_header
from store.settings import get_setting

KINDS = ("missing", "pending", "returned", "late")
# The letter's requests, one per kind present ("pending" is asked as "missing": not sent).
LETTER_ASKS = ("missing", "returned", "late")


@dataclass(frozen=True)
class Reminder:
    """One unit to remind about one month.

    ``days``: days overdue (``missing``), days left (``pending``, 0 on the deadline's own
    day), days late (``late``, and ``returned`` when its first version came late), else
    None. ``rule_days``: the deadline rule of the month (days after its last day)."""

    unit: str
    unit_name: str
    month: Month
    kind: str
    deadline: date
    rule_days: int
    days: int | None = None
    first_submitted: date | None = None
    version: int | None = None


def reminders_for(grid: pd.DataFrame, month: Month, unit_names: Mapping[str, str],
                  now: datetime | None = None) -> list[Reminder]:
    """The reminders of ``month`` from a status grid (the rows of
    ``completeness.classify``), in the grid's unit order; a unit without a name in
    ``unit_names`` is named by its code."""
    now = as_utc(now or utc_now())
    if grid.empty:
        return []
    rows = grid[grid["period"] == to_period(month)]
    out = []
    for row in rows.itertuples():
        when = completeness.timeliness(row, now)
        kind = _kind(str(row.state), when)
        if kind is None:
            continue
        due = to_vn(as_utc(pd.Timestamp(row.deadline).to_pydatetime())).date()
        first = (None if pd.isna(row.first_submitted_at)  # NaT: nothing submitted
                 else to_vn(as_utc(pd.Timestamp(row.first_submitted_at).to_pydatetime())
                            ).date())
        out.append(Reminder(
            unit=str(row.unit), unit_name=str(unit_names.get(row.unit) or row.unit),
            month=to_month(row.period), kind=kind, deadline=due,
            rule_days=(due - month.last_day).days, days=when.days, first_submitted=first,
            version=None if row.version is None or pd.isna(row.version) else int(row.version)))
    return out


def _kind(state: str, when: completeness.Timeliness) -> str | None:
    if state == "returned":
        return "returned"
    return {"overdue": "missing", "due": "pending", "late": "late"}.get(when.kind)


def status_phrase(reminder: Reminder) -> str:
    """Where the unit stands, as a phrase: "chưa gửi báo cáo, đã quá hạn 3 ngày"."""
    r = reminder
    if r.kind == "pending" and not r.days:
        return t("report.reminder_state_pending_today")
    if r.kind == "returned":
        phrase = t("report.reminder_state_returned", version=r.version or 1)
        if r.days and r.first_submitted:
            phrase += t("report.reminder_state_returned_late",
                        submitted=fmt_date(r.first_submitted), days=r.days)
        return phrase
    return t(f"report.reminder_state_{r.kind}", days=r.days or 0,
             submitted=fmt_date(r.first_submitted))


def deadline_sentence(reminder: Reminder) -> str:
    """"… tháng 01/2023 gửi chậm nhất hết ngày 05/02/2023 (5 ngày sau ngày cuối tháng)."."""
    key = "report.reminder_deadline" if reminder.rule_days else \
        "report.reminder_deadline_month_end"
    return t(key, month=fmt_month(reminder.month), deadline=fmt_date(reminder.deadline),
             days=reminder.rule_days)


def reminder_text(reminder: Reminder) -> str:
    """The message to send one unit (plain text, one sentence a line)."""
    month = fmt_month(reminder.month)
    return "\n".join([
        t("report.reminder_greeting", unit=reminder.unit_name),
        deadline_sentence(reminder),
        t("report.reminder_state_line", month=month, state=status_phrase(reminder)),
        t(f"report.reminder_request_{reminder.kind}", month=month),
        t("report.reminder_closing"),
    ])


# --- the letter ------------------------------------------------------------------------------


@dataclass
class ReminderLetter:
    """A "Công văn đôn đốc" as data (the Decree 30 frame of ``report.docx_export`` plus the
    letter's addressees and paragraphs)."""

    parent_body: str
    issuer: str
    number_label: str
    motto_country: str
    motto_slogan: str
    place_date: str
    doc_type: str
    subject: str  # the excerpt "V/v đôn đốc gửi báo cáo tháng 01/2023"
    period_label: str
    addressees: list[str]
    paragraphs: list[str]
    requests: list[str]
    recipients: list[str]
    signer_titles: list[str]
    signer_name: str
    lines: list[str] = field(default_factory=list)  # one line per unit, under paragraphs[1]


@dataclass(frozen=True)
class Letterhead:
    """The settings of a letter's frame, as valid on the day it is written."""

    parent_body: str
    issuer: str
    issuer_name: str
    number_label: str
    place: str
    recipients: list[str]
    signer_titles: list[str]
    signer_name: str


def read_letterhead(conn: Connection, on_date: date) -> Letterhead:
    """The month report's header texts and signer, with the letter's own number line and
    recipients, as valid on ``on_date``."""
    header = read_header(conn, on_date)
    return Letterhead(
        parent_body=header.parent_body, issuer=header.issuer,
        issuer_name=header.issuer_name,
        number_label=str(get_setting(conn, "reminder_number_label", on_date)),
        place=header.place,
        recipients=[str(r) for r in get_setting(conn, "reminder_recipients", on_date)],
        signer_titles=header.signer_titles, signer_name=header.signer_name)


def reminder_letter(reminders: Sequence[Reminder], head: Letterhead, month: Month,
                    now: datetime | None = None) -> ReminderLetter | None:
    """The letter to every unit of ``reminders`` (all of ``month``); None without any.
    The date line leaves the day blank for the clerk, as the report does."""
    if not reminders:
        return None
    today = to_vn(as_utc(now or utc_now())).date()
    shown = fmt_month(month)
    first = reminders[0]
    addressees = [r.unit_name for r in reminders]
    lines = [t("report.reminder_letter_unit", unit=r.unit_name, state=status_phrase(r))
             for r in reminders]
    lines = [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]
    kinds = {r.kind for r in reminders}
    asks = [t(f"report.reminder_letter_ask_{kind}", month=shown)
            for kind in LETTER_ASKS if kind in kinds
            or (kind == "missing" and "pending" in kinds)]
    asks = [a + (";" if i < len(asks) - 1 else "./.") for i, a in enumerate(asks)]
    return ReminderLetter(
        parent_body=head.parent_body, issuer=head.issuer, number_label=head.number_label,
        motto_country=t("report.motto_country"), motto_slogan=t("report.motto_slogan"),
        place_date=fmt_place_date(head.place, None, Month(today.year, today.month)),
        doc_type=t("report.reminder_doc_type"),
        subject=t("report.reminder_excerpt", month=shown),
        period_label=str(month),
        addressees=addressees,
        paragraphs=[t("report.reminder_letter_rule", days=first.rule_days, month=shown,
                      deadline=fmt_date(first.deadline)) if first.rule_days else
                    t("report.reminder_letter_rule_month_end", month=shown,
                      deadline=fmt_date(first.deadline)),
                    t("report.reminder_letter_status", today=fmt_date(today), month=shown)],
        lines=lines,
        requests=[t("report.reminder_letter_asks", issuer=head.issuer_name), *asks],
        recipients=head.recipients, signer_titles=head.signer_titles,
        signer_name=head.signer_name)

"""Plan the load of a reviewed narrative report: one submission per unit and month.

The parsing half (``parse_report``) writes nothing; this plans what the review tab loads
once the editor has accepted, changed or rejected each candidate figure. The load itself,
everything in one transaction, is the action ``actions.submissions.load_imported_report``.

Rules (documented in docs/import.md):

- values: each accepted figure goes to the unit that owns its indicator (an indicator
  belongs to one org unit) with the sentence it was read from (``source_text``, shown by
  the provenance page); a figure whose value the editor changed keeps a note with the
  value as read and loses the parser's qualifier (the editor typed an exact number);
  only certain figures start accepted;
- a report of a longer period (quarter, half, nine months, year) is refused: the
  database keeps figures, bullets and tasks per month and a period's content is never
  spread over its months;
- activities: the bullets of a section go to the unit that writes that section (the
  catalogue's unit ``sections``) with their footnote texts; a section no unit writes (a
  parent heading such as ``2.`` with text of its own) goes to the office, a section the
  catalogue does not know is not loaded — both are listed as notes before loading;
- part II's tasks become plan items of the office (setting ``report_tasks_unit``);
- ``submitted_at`` is the report's date: the date line's day when it is written (at 09:00
  Vietnam time), else the last day of the reported month — a report whose day was left
  blank was never issued, and the month's last day is the end of the data it reports;
- source ``imported``, the original file's bytes stored with every version, an audit row
  per submission; a month locked by approval is refused; everything or nothing is written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from core.catalog import Catalog
from core.formatting import fmt_month, fmt_number
from core.messages import t
from core.months import Month
from core.timezone import vn_date_to_utc, vn_today
from etl.narrative.header import period_label
from etl.narrative.model import Figure, ParsedReport, Section
from store.approvals import is_locked
from store.submissions import (
    NewActivity,
    NewPlanItem,
    NewSubmission,
    NewValue,
    next_version,
)

SOURCE = "imported"
AUDIT_DETAIL = "import-report"
REPORT_HOUR = 9  # local hour a report's date is stored at (its time of day is unknown)

_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


@dataclass
class FigureReview:
    """The editor's decision on ``report.figures[figure]``: accept or not, and what."""

    figure: int
    accepted: bool
    indicator: str | None
    value: float | None


@dataclass(frozen=True)
class PlanMessage:
    """An error or a note of an import plan: a catalogue key and its parameters; the
    Vietnamese text comes when it is shown (``message``)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportPlan:
    """What a load would write, or why it cannot: ``errors`` and ``notes`` as messages."""

    month: Month
    submitted_at: datetime
    submissions: list[NewSubmission] = field(default_factory=list)
    errors: list[PlanMessage] = field(default_factory=list)
    notes: list[PlanMessage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.submissions)


def default_reviews(report: ParsedReport) -> list[FigureReview]:
    """The starting decisions: a certain figure is accepted as read; every other one
    ("cần xem", unmatched) waits for the editor to accept it."""
    return [FigureReview(i, f.certain, f.indicator, f.value)
            for i, f in enumerate(report.figures)]


def report_date(report: ParsedReport) -> date:
    """The day the report was issued, else the last day of the reported month.

    >>> from core.months import ReportPeriod
    >>> from etl.narrative.model import ParsedReport, Signer
    >>> r = ParsedReport(ReportPeriod.parse("2023-01"), ReportPeriod.parse("2023-02"), None,
    ...                  "Quảng Trị, ngày 05 tháng 02 năm 2023", [], [], [], [], Signer(), [])
    >>> report_date(r)
    datetime.date(2023, 2, 5)
    >>> r.date_line = "Quảng Trị, ngày   tháng 01 năm 2023"
    >>> report_date(r)
    datetime.date(2023, 1, 31)
    """
    m = _DATE.search(report.date_line or "")
    if m:
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            day = None  # "ngày 31 tháng 02": a typo is no date
        if day is not None and day >= report.period.first_month.first_day:
            return day
    return report.period.last_month.last_day


def figure_label(figure: Figure) -> str:
    """``"07 dự án, mục 2.2"`` — how a figure is named in messages."""
    return t("narrative.figure_label", value=fmt_number(figure.value),
             noun=figure.unit_noun or "", section=figure.section).replace("  ", " ")


def plan_import(report: ParsedReport, reviews: list[FigureReview], catalog: Catalog,
                user: str, file_name: str, tasks_unit: str = "VP",
                today: date | None = None) -> ImportPlan:
    """The submissions a reviewed report makes, with every error and note; writes nothing.

    ``reviews`` name figures by their index in ``report.figures``; a figure without a
    review is not loaded. ``tasks_unit`` receives part II's tasks (setting
    ``report_tasks_unit``). ``today`` (Vietnam) refuses a month still in the future.
    """
    month = report.catalog_month
    plan = ImportPlan(month, vn_date_to_utc(report_date(report), REPORT_HOUR))
    if not report.is_monthly:
        # Figures, bullets and tasks are kept per month: a quarter's (half's, year's)
        # content has no month to go to, and is never spread over its months.
        plan.errors.append(PlanMessage("narrative.load_period_report",
                                       {"period": period_label(report.period)}))
        return plan
    if month > Month.of(today or vn_today()):
        plan.errors.append(PlanMessage("narrative.load_future_month",
                                       {"month": fmt_month(month)}))
    by_unit: dict[str, NewSubmission] = {}

    def unit_submission(unit: str) -> NewSubmission:
        if unit not in by_unit:
            by_unit[unit] = NewSubmission(
                unit=unit, period=month, source=SOURCE, submitted_by=user, values=[],
                submitted_at=plan.submitted_at, file_name=file_name)
        return by_unit[unit]

    for unit, new_value in _values(report, reviews, catalog, plan.errors):
        unit_submission(unit).values.append(new_value)
    for unit, new_activity in _activities(report, catalog, tasks_unit, plan.notes):
        unit_submission(unit).activities.append(new_activity)
    if report.tasks:
        office = catalog.unit_by_code.get(tasks_unit)
        if office is None or not office.valid_in(month):
            plan.errors.append(PlanMessage("narrative.load_tasks_unit",
                                           {"unit": tasks_unit, "month": fmt_month(month)}))
        else:
            unit_submission(tasks_unit).plan_items.extend(NewPlanItem(x) for x in report.tasks)
    order = {u.code: i for i, u in enumerate(catalog.reporting_units(month))}
    plan.submissions = sorted(by_unit.values(), key=lambda s: (order.get(s.unit, 10**6), s.unit))
    if not plan.submissions and not plan.errors:
        plan.errors.append(PlanMessage("narrative.load_nothing"))
    return plan


def _values(report: ParsedReport, reviews: list[FigureReview], catalog: Catalog,
            errors: list[PlanMessage]) -> list[tuple[str, NewValue]]:
    """(owning unit, value) for each accepted figure; problems appended to ``errors``."""
    month = report.catalog_month
    seen: dict[str, int] = {}  # indicator → table row that first took it
    found: list[tuple[str, NewValue]] = []
    for review in sorted(reviews, key=lambda r: r.figure):
        if not review.accepted:
            continue
        figure = report.figures[review.figure]
        row, label = review.figure + 1, figure_label(figure)
        code = (review.indicator or "").strip()
        if not code:
            errors.append(PlanMessage("narrative.load_no_indicator",
                                      {"row": row, "figure": label}))
            continue
        indicator = catalog.indicator_by_code.get(code)
        if indicator is None:
            errors.append(PlanMessage("narrative.load_unknown_indicator",
                                      {"row": row, "figure": label, "code": code}))
            continue
        if review.value is None or not math.isfinite(review.value):
            errors.append(PlanMessage("narrative.load_no_value", {"row": row, "figure": label}))
            continue
        if review.value < 0:
            errors.append(PlanMessage("narrative.load_negative", {
                "row": row, "figure": label, "value": fmt_number(review.value)}))
            continue
        owner = catalog.unit_by_code.get(indicator.org_unit)
        if not indicator.valid_in(month) or owner is None or not owner.valid_in(month):
            errors.append(PlanMessage("narrative.load_indicator_not_valid", {
                "row": row, "figure": label, "name": indicator.name,
                "month": fmt_month(month)}))
            continue
        if code in seen:
            errors.append(PlanMessage("narrative.load_duplicate_indicator", {
                "name": indicator.name, "first": seen[code], "row": row}))
            continue
        seen[code] = row
        edited = not math.isclose(review.value, figure.value)
        note = figure.note
        if edited:
            read = t("narrative.value_edited_note", read=fmt_number(figure.value))
            note = f"{note} {read}" if note else read
        found.append((indicator.org_unit, NewValue(
            code, float(review.value), None if edited else figure.qualifier, note,
            source_text=figure.sentence)))
    return found


def _activities(report: ParsedReport, catalog: Catalog, tasks_unit: str,
                notes: list[PlanMessage]) -> list[tuple[str, NewActivity]]:
    """(writing unit, activity) for every bullet of part I, footnote texts attached."""
    month = report.catalog_month
    texts = {f.marker: f.text for f in report.footnotes}
    writers: dict[str, str] = {}
    for unit in catalog.reporting_units(month):
        for code in unit.sections:
            writers.setdefault(code, unit.code)
    found: list[tuple[str, NewActivity]] = []
    for section in report.sections:
        if not section.items:
            continue
        code = _catalog_section(section, catalog, month)
        if code is None:
            notes.append(PlanMessage("narrative.note_unmapped_section", {
                "number": section.number, "title": section.title,
                "count": len(section.items), "month": fmt_month(month)}))
            continue
        unit = writers.get(code)
        if unit is None:
            unit = tasks_unit
            notes.append(PlanMessage("narrative.note_office_section", {
                "number": section.number, "title": section.title,
                "count": len(section.items), "unit": unit}))
        for item in section.items:
            attached = []
            for marker in item.footnotes:
                if marker in texts:
                    attached.append(texts[marker])
                else:
                    notes.append(PlanMessage("narrative.note_missing_footnote",
                                             {"marker": marker, "number": section.number}))
            found.append((unit, NewActivity(code, item.text, attached)))
    return found


def _catalog_section(section: Section, catalog: Catalog, month: Month) -> str | None:
    """The catalogue section the heading maps to, when it exists in ``month``."""
    code = section.catalog_section
    found = catalog.section_by_code.get(code) if code else None
    return code if found is not None and found.valid_in(month) else None


def plan_versions(engine: Engine, plan: ImportPlan) -> dict[str, int | None]:
    """The version each unit of the plan would get now; None where the month is locked."""
    with engine.connect() as conn:
        return {s.unit: None if is_locked(conn, s.unit, s.period)
                else next_version(conn, s.unit, s.period) for s in plan.submissions}


def locked_refusal(catalog: Catalog, units: list[str], month: Month) -> PlanMessage:
    """Why the import is refused: these units' month is approved, locked until reopened."""
    names = [catalog.unit_by_code[u].name if u in catalog.unit_by_code else u for u in units]
    if len(names) == 1:
        return PlanMessage("narrative.load_locked", {"unit": names[0], "month": fmt_month(month)})
    return PlanMessage("narrative.load_locked_many", {
        "count": len(names), "units": "; ".join(names), "month": fmt_month(month)})

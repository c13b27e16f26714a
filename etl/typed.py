"""A month typed in the browser (``/nhap-so-lieu``): what was typed, kept as a draft, and the
same month written into the unit's template workbook.

A typed month is loaded exactly as an uploaded file is: ``entry_workbook`` writes it into
the template (``etl.template``) and the upload action (``actions.submissions.ingest``)
reads, checks and loads that workbook — one reader, one set of checks, one set of
messages, one version rule. The same workbook is the template download prefilled with what
was typed, so a unit can type one month and upload the next.

An ``Entry`` holds numbers already read (``ui.number_input``: ``5.749``, ``1.234,5``; an
ambiguous text never gets here), the qualifier as stored (``about``, ``more_than``), a note
per figure, the activities of each section and next month's tasks (one per line), and the
unit's progress on the tasks it planned for the month. As JSON it is a draft's content.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Connection

from core.catalog import Catalog
from core.formatting import fmt_unambiguous
from core.months import Month
from etl import layout
from etl.template import template_workbook
from store.report_sources import progress_of
from store.submissions import (
    MONTH_HORIZON,
    PERIOD_HORIZON,
    PROGRESS_STATUSES,
    latest_submission,
    submission_activities,
    submission_plan_items,
    submission_values,
)

TYPED_SOURCE = "typed"
# A bullet typed before an activity or a task ("- ", "• ", "+ ", "* "): the report adds its own.
_BULLET = re.compile(r"^\s*[-•+*–]\s+")


@dataclass(frozen=True)
class TypedFigure:
    """One indicator's figure as typed: the number (None: left blank, missing, never zero),
    its qualifier (``about``, ``more_than`` or None) and a note."""

    value: float | None = None
    qualifier: str | None = None
    note: str = ""


@dataclass
class Entry:
    """A unit's month as typed. ``figures``: indicator code → figure; ``activities``:
    section code → text, one activity per line; ``plans``: next month's tasks, one per line;
    ``progress``: task (as planned) → (status or None, note); ``period_plans``: in a month
    that closes a quarter, half or year, the tasks of the period that begins next, one per
    line (part II of the longer reports)."""

    figures: dict[str, TypedFigure] = field(default_factory=dict)
    activities: dict[str, str] = field(default_factory=dict)
    plans: str = ""
    progress: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    period_plans: str = ""

    def is_empty(self) -> bool:
        return (not any(f.value is not None or f.note.strip() for f in self.figures.values())
                and not any(text.strip() for text in self.activities.values())
                and not self.plans.strip() and not self.period_plans.strip()
                and not any(status or note.strip() for status, note in self.progress.values()))

    def to_json(self) -> dict[str, Any]:
        return {
            "figures": {code: {"value": f.value, "qualifier": f.qualifier, "note": f.note}
                        for code, f in self.figures.items()
                        if f.value is not None or f.qualifier or f.note},
            "activities": {code: text for code, text in self.activities.items() if text},
            "plans": self.plans,
            "progress": {task: {"status": status, "note": note}
                         for task, (status, note) in self.progress.items() if status or note},
            "period_plans": self.period_plans,
        }

    @classmethod
    def from_json(cls, data: object) -> Entry:
        """The entry a draft holds; what is not of the expected shape is left out (a draft
        is the user's own work in progress, never trusted as a figure: the load checks)."""
        data = data if isinstance(data, Mapping) else {}
        figures = {}
        for code, f in _mapping(data.get("figures")).items():
            f = _mapping(f)
            value = f.get("value")
            ok = isinstance(value, int | float) and not isinstance(value, bool) \
                and math.isfinite(value)
            qualifier = f.get("qualifier")
            figures[str(code)] = TypedFigure(
                float(value) if ok else None,
                qualifier if qualifier in layout.QUALIFIER_WORDS else None,
                _text(f.get("note")))
        progress = {}
        for task, p in _mapping(data.get("progress")).items():
            p = _mapping(p)
            status = p.get("status")
            progress[str(task)] = (status if status in PROGRESS_STATUSES else None,
                                   _text(p.get("note")))
        return cls(figures,
                   {str(c): _text(t) for c, t in _mapping(data.get("activities")).items()},
                   _text(data.get("plans")), progress, _text(data.get("period_plans")))


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def lines(text: str) -> list[str]:
    """The items of a text area: one per non-blank line, a typed bullet dropped.

    >>> lines("- Hội thảo A\\n\\n  • Đoàn kiểm tra B  \\n+ 3 hợp đồng")
    ['Hội thảo A', 'Đoàn kiểm tra B', '3 hợp đồng']
    """
    return [_BULLET.sub("", line).strip() for line in text.splitlines()
            if _BULLET.sub("", line).strip()]


def cell_value(figure: TypedFigure) -> float | str | None:
    """What a figure's cell of the template holds: the number, or ``khoảng 1.234`` text
    when it has a qualifier (written so that it has one reading)."""
    if figure.value is None:
        return None
    if figure.qualifier in layout.QUALIFIER_WORDS:
        return f"{layout.QUALIFIER_WORDS[figure.qualifier]} {fmt_unambiguous(figure.value)}"
    return figure.value


def entry_workbook(catalog: Catalog, unit: str, month: Month, entry: Entry, author: str = "",
                   followup: Sequence[str] = (), next_period: str | None = None) -> Workbook:
    """The unit's template for ``month`` with ``entry`` written in: figures and notes on
    «Chỉ tiêu» (in the template's rows), activities on «Hoạt động», tasks and progress on
    «Kế hoạch» (the next period's tasks in its own table, which the template has when
    ``next_period`` is given). A figure of an indicator the template has no row for is not
    written (the page shows only the template's indicators)."""
    tasks = lines(entry.plans)
    period_tasks = lines(entry.period_plans) if next_period else []
    wb = template_workbook(catalog, unit, month, author, followup, next_period,
                           plan_rows=len(tasks), period_rows=len(period_tasks))
    values = wb[layout.SHEET_VALUES]
    for row in range(2, values.max_row + 1):
        code = values.cell(row=row, column=1).value
        figure = entry.figures.get(str(code)) if code else None
        if figure is None:
            continue
        cell = values.cell(row=row, column=4, value=cell_value(figure))
        if isinstance(cell.value, str):
            cell.number_format = "@"
        if figure.note.strip():
            values.cell(row=row, column=5, value=figure.note.strip())
    acts = wb[layout.SHEET_ACTIVITIES]
    titles = {s.code: f"{s.code}. {s.title}" for s in catalog.ordered_sections(month)}
    row = 2
    for code in [s.code for s in catalog.ordered_sections(month)]:
        for item in lines(entry.activities.get(code, "")):
            acts.cell(row=row, column=1, value=titles[code])
            acts.cell(row=row, column=2, value=item)
            row += 1
    plan = wb[layout.SHEET_PLAN]
    _write_tasks(plan, 1, tasks)  # under the sheet's own header
    _write_progress(plan, followup, entry.progress)
    if period_tasks:
        _write_tasks(plan, _header_row(plan, layout.PERIOD_PLAN_HEADERS[1]), period_tasks)
    return wb


def _header_row(ws, title: str) -> int | None:
    """The row of the «Kế hoạch» table whose task column is headed ``title``."""
    return next((row for row in range(1, ws.max_row + 1)
                 if ws.cell(row=row, column=2).value == title), None)


def _write_tasks(ws, header: int, tasks: Sequence[str]) -> None:
    """``tasks``, numbered, in the rows under the header row ``header``."""
    for number, task in enumerate(tasks, start=1):
        ws.cell(row=header + number, column=1, value=number)
        ws.cell(row=header + number, column=2, value=task)


def _write_progress(ws, followup: Sequence[str], progress: Mapping[str, tuple[str | None, str]]
                    ) -> None:
    """Each planned task's status and note, in the follow-up table's row of that task."""
    if not followup or not progress:
        return
    # The follow-up table's rows only: next month's tasks above it may have the same text.
    header = _header_row(ws, layout.FOLLOWUP_HEADERS[1])
    if header is None:
        return
    rows = {}
    for row in range(header + 1, header + 1 + len(followup)):
        task = ws.cell(row=row, column=2).value
        if isinstance(task, str) and task in progress:
            rows.setdefault(task, row)
    for task, (status, note) in progress.items():
        row = rows.get(task)
        if row is None:
            continue
        if status in layout.PROGRESS_LABELS:
            ws.cell(row=row, column=3, value=layout.PROGRESS_LABELS[status])
        if note.strip():
            ws.cell(row=row, column=4, value=note.strip())


def entry_bytes(catalog: Catalog, unit: str, month: Month, entry: Entry, author: str = "",
                followup: Sequence[str] = (), next_period: str | None = None) -> bytes:
    """``entry_workbook`` as .xlsx bytes (the prefilled download; the typed submission)."""
    buffer = BytesIO()
    entry_workbook(catalog, unit, month, entry, author, followup, next_period).save(buffer)
    return buffer.getvalue()


def typed_file_name(unit: str, month: Month) -> str:
    """The name a typed month's workbook is stored under (its version's "file")."""
    return f"nhap-truc-tiep-{unit}-{month}.xlsx"


def entry_of_version(values: Sequence[Mapping], activities: Sequence[Mapping],
                     plan_items: Sequence[Mapping], progress: Sequence[Any] = ()) -> Entry:
    """An entry holding what a stored version holds (``store.submissions`` rows): to
    prefill the page or the template with the last version sent."""
    figures = {str(r["indicator_code"]): TypedFigure(
        float(r["value"]), r["qualifier"] if r["qualifier"] in layout.QUALIFIER_WORDS else None,
        r["note"] or "") for r in values}
    by_section: dict[str, list[str]] = {}
    for r in activities:
        by_section.setdefault(str(r["section_code"]), []).append(str(r["text"]))
    tasks = [str(r["text"]) for r in plan_items
             if r.get("horizon", MONTH_HORIZON) == MONTH_HORIZON]
    period_tasks = [str(r["text"]) for r in plan_items if r.get("horizon") == PERIOD_HORIZON]
    done = {str(r.task): (r.status if r.status in PROGRESS_STATUSES else None, r.note or "")
            for r in progress}
    return Entry(figures, {c: "\n".join(items) for c, items in by_section.items()},
                 "\n".join(tasks), done, "\n".join(period_tasks))


def last_version_entry(conn: Connection, unit: str, month: Month
                       ) -> tuple[Entry, int, str] | None:
    """The newest version of ``unit``'s ``month`` as an entry, with its version number and
    source; None when the month has none."""
    latest = latest_submission(conn, unit, month)
    if latest is None:
        return None
    sid = latest["id"]
    entry = entry_of_version(submission_values(conn, sid), submission_activities(conn, sid),
                             submission_plan_items(conn, sid), progress_of(conn, [sid]))
    return entry, int(latest["version"]), str(latest["source"])

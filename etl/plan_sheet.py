"""The «Kế hoạch» sheet: next month's tasks, progress on this month's, next period's tasks.

The template writes up to three tables, one under the other, each under its own header:

- ``STT | Nhiệm vụ tháng sau``: the unit's key tasks for next month (every form has it);
- ``STT | Nhiệm vụ tháng này | Tình trạng | Ghi chú``: prefilled with the tasks the unit
  planned for this month; the unit picks a status (Hoàn thành / Đang thực hiện / Chưa
  thực hiện) and may add a note;
- ``STT | Nhiệm vụ kỳ sau``: in a month that closes a quarter, half or year, the tasks for
  the period that begins next.

A row belongs to the table whose header is the nearest above it; rows without text in
that table's task column (titles, help lines, blank rows) are skipped. A sheet with only
a header of its own words ("STT | Nội dung", "Kế hoạch") is next month's tasks, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.text import normalize
from etl import layout
from etl.model import ParsedPlanItem, ParsedProgress
from etl.problems import Problem, column_letter, error, warning
from etl.workbook import Sheet, cell_text
from store.submissions import MONTH_HORIZON, PERIOD_HORIZON

PLAN, FOLLOWUP, PERIOD_PLAN = "plan", "followup", "period_plan"
TASK_IN_MESSAGE = 80  # characters of a task quoted in a problem


@dataclass
class PlanSheet:
    """What the sheet holds."""

    plan_items: list[ParsedPlanItem] = field(default_factory=list)  # both horizons
    progress: list[ParsedProgress] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _roles(row: list, synonyms: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, cell in enumerate(row):
        key = normalize(cell_text(cell))
        for role, words in synonyms.items():
            if key in words and role not in found:
                found[role] = col
                break
    return found


def _header(row: list) -> tuple[str, dict[str, int]] | None:
    """The table a header row opens and its columns, or None for any other row. A
    header names at least two columns (``STT`` and the task column, or the task and its
    status)."""
    followup = _roles(row, layout.FOLLOWUP_COLUMN_SYNONYMS)
    if "status" in followup and "task" in followup:
        return FOLLOWUP, followup
    period = _roles(row, layout.PERIOD_PLAN_COLUMN_SYNONYMS)
    if "text" in period and len(period) >= 2:
        return PERIOD_PLAN, period
    plan = _roles(row, layout.PLAN_COLUMN_SYNONYMS)
    if "text" in plan and len(plan) >= 2:
        return PLAN, plan
    return None


def _quoted(task: str) -> str:
    return task if len(task) <= TASK_IN_MESSAGE else task[:TASK_IN_MESSAGE - 1] + "…"


def parse_status(raw: str) -> str | None:
    """The stored status a cell names (``Hoàn thành`` → ``done``), None when unknown."""
    key = normalize(raw)
    labels = {normalize(label): status for status, label in layout.PROGRESS_LABELS.items()}
    return labels.get(key) or layout.PROGRESS_SYNONYMS.get(key)


def _progress_row(sheet: Sheet, r: int, cols: dict[str, int], out: PlanSheet) -> None:
    task = cell_text(sheet.cell(r, cols["task"]))
    raw = cell_text(sheet.cell(r, cols["status"]))
    note = cell_text(sheet.cell(r, cols["note"])) if "note" in cols else ""
    status_col = column_letter(cols["status"])
    if not task:
        if raw or note:
            out.problems.append(warning("followup_without_task", sheet.name, r + 1,
                                        column_letter(cols["task"])))
        return
    if not raw:
        if note:
            out.problems.append(warning("followup_note_without_status", sheet.name, r + 1,
                                        status_col, task=_quoted(task)))
        return  # not reported: the office sees "Chưa cập nhật"
    status = parse_status(raw)
    if status is None:
        out.problems.append(error("followup_unknown_status", sheet.name, r + 1, status_col,
                                  value=_quoted(raw), task=_quoted(task)))
        return
    out.progress.append(ParsedProgress(task, status, note or None, sheet.name, r + 1))


def read_plan_sheet(sheet: Sheet) -> PlanSheet:
    """Every table of the sheet (see the module docstring) and its problems."""
    out = PlanSheet()
    table: tuple[str, dict[str, int]] | None = None
    found_any = False
    for r, row in enumerate(sheet.rows):
        header = _header(row)
        if header is not None:
            table, found_any = header, True
            continue
        if table is None:
            continue
        kind, cols = table
        if kind == FOLLOWUP:
            _progress_row(sheet, r, cols, out)
            continue
        text = cell_text(sheet.cell(r, cols["text"]))
        if text:
            horizon = PERIOD_HORIZON if kind == PERIOD_PLAN else MONTH_HORIZON
            out.plan_items.append(ParsedPlanItem(text, sheet.name, r + 1, horizon))
    if not found_any:
        out.problems.append(error("header_not_found", sheet.name,
                                  expected=", ".join(layout.PLAN_HEADERS)))
    return out

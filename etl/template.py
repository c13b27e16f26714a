"""The monthly submission workbook for one unit and month, written with openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import t
from core.months import Month
from etl import layout, value_rule

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
ACTIVITY_ROWS = 60  # rows prepared for bullets (dropdown and unlocked cells)
PLAN_ROWS = 30
PERIOD_PLAN_ROWS = 20
GUIDE_KEYS = tuple(f"template.guide_{n}" for n in range(1, 8))  # the guide sheet, in order


def _header(ws: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"


def _unlock(ws: Worksheet, columns: str, first: int, last: int) -> None:
    for col in columns:
        for row in range(first, last + 1):
            ws[f"{col}{row}"].protection = Protection(locked=False)


def _guide(wb: Workbook, unit_name: str, month: Month) -> None:
    ws = wb.active
    ws.title = layout.SHEET_GUIDE
    ws.column_dimensions["A"].width = 110
    lines = [t("template.guide_title", unit=unit_name, month=fmt_month(month))] + [
        t(key) for key in GUIDE_KEYS
    ]
    for row, line in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.alignment = WRAP
    ws["A1"].font = Font(bold=True, size=14)


def _info(wb: Workbook, unit_code: str, unit_name: str, month: Month, author: str) -> None:
    ws = wb.create_sheet(layout.SHEET_INFO)
    rows = [
        (layout.INFO_UNIT_CODE, unit_code),
        (layout.INFO_UNIT_NAME, unit_name),
        (layout.INFO_MONTH, fmt_month(month)),
        (layout.INFO_AUTHOR, author),
        (layout.INFO_DATE, None),
    ]
    for row, (label, value) in enumerate(rows, start=1):
        ws.cell(row=row, column=1, value=label).font = HEADER_FONT
        cell = ws.cell(row=row, column=2, value=value)
        cell.number_format = "@"  # keep "01/2023" as text, never a date
    ws["B5"].number_format = "DD/MM/YYYY"
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    _unlock(ws, "B", 4, 5)
    ws.protection.sheet = True


def _values(wb: Workbook, catalog: Catalog, unit_code: str, month: Month) -> None:
    ws = wb.create_sheet(layout.SHEET_VALUES)
    _header(ws, layout.VALUE_HEADERS, (22, 60, 16, 16, 40))
    indicators = catalog.indicators_for(unit_code, month)
    for row, ind in enumerate(indicators, start=2):
        ws.cell(row=row, column=1, value=ind.code)
        ws.cell(row=row, column=2, value=ind.name).alignment = WRAP
        ws.cell(row=row, column=3, value=ind.unit)
        ws.cell(row=row, column=4).number_format = "#,##0.##"
    last = max(len(indicators) + 1, 2)
    for row, ind in enumerate(indicators, start=2):
        # One rule per cell: what the loader accepts for the indicator's kind, as hidden
        # names over this cell (etl/value_rule.py); the validation formula is the verdict.
        for name, formula in value_rule.cell_names(ws.title, row, "D", ind.value_kind).items():
            wb.defined_names[name] = DefinedName(name, attr_text=formula, hidden=True)
        check = DataValidation(
            type="custom", formula1=value_rule.verdict_name(row), allow_blank=True,
            showErrorMessage=True, errorTitle=t("template.value_error_title"),
            error=t(f"template.value_error_{ind.value_kind}"),
        )
        ws.add_data_validation(check)
        check.add(f"D{row}")
    _unlock(ws, "DE", 2, last)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be changed


def _rule_lists(wb: Workbook) -> None:
    """The lists the figure cells' rules read (qualifier spellings, the number shapes the
    loader accepts …) as named columns of the hidden ``_ds`` sheet."""
    lists = wb[value_rule.LISTS_SHEET] if value_rule.LISTS_SHEET in wb.sheetnames \
        else wb.create_sheet(value_rule.LISTS_SHEET)
    lists.sheet_state = "hidden"
    for name, items in value_rule.list_values().items():
        letter = value_rule.LIST_COLUMNS[name]
        for row, item in enumerate(items, start=1):
            cell = lists[f"{letter}{row}"]
            cell.value = item
            if isinstance(item, str):
                cell.number_format = "@"
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"{value_rule.LISTS_SHEET}!${letter}$1:${letter}${len(items)}",
            hidden=True)


def _activities(wb: Workbook, catalog: Catalog, unit_code: str, month: Month) -> None:
    ws = wb.create_sheet(layout.SHEET_ACTIVITIES)
    _header(ws, layout.ACTIVITY_HEADERS, (42, 90, 60))
    unit = catalog.unit(unit_code)
    choices = [
        f"{s.code}. {s.title}" for s in catalog.ordered_sections(month) if s.code in unit.sections
    ]
    # The dropdown's list lives on a hidden sheet: Excel limits inline lists to 255 characters.
    lists = wb[value_rule.LISTS_SHEET] if value_rule.LISTS_SHEET in wb.sheetnames \
        else wb.create_sheet(value_rule.LISTS_SHEET)
    for row, choice in enumerate(choices, start=1):
        lists.cell(row=row, column=1, value=choice)
    lists.sheet_state = "hidden"
    pick = DataValidation(
        type="list", formula1=f"=_ds!$A$1:$A${max(len(choices), 1)}", allow_blank=True,
        showErrorMessage=True, errorTitle=t("template.section_error_title"),
        error=t("template.section_error"),
    )
    ws.add_data_validation(pick)
    pick.add(f"A2:A{ACTIVITY_ROWS + 1}")
    for row in range(2, ACTIVITY_ROWS + 2):
        for col in "ABC":
            ws[f"{col}{row}"].alignment = WRAP


def _table_header(ws: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    for col, title in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP


def _title(ws: Worksheet, row: int, title: str, help_text: str) -> None:
    ws.cell(row=row, column=1, value=title).font = HEADER_FONT
    note = ws.cell(row=row + 1, column=1, value=help_text)
    note.font = Font(italic=True)


def _followup(ws: Worksheet, row: int, month: Month, tasks: Sequence[str]) -> int:
    """The unit's tasks planned for ``month``, each with a status to pick and a note; the
    task text is locked (the report matches the status to the task by its text)."""
    _title(ws, row, t("template.followup_title", month=fmt_month(month)),
           t("template.followup_help"))
    _table_header(ws, row + 2, layout.FOLLOWUP_HEADERS)
    first = row + 3
    for number, task in enumerate(tasks, start=1):
        ws.cell(row=first + number - 1, column=1, value=number)
        ws.cell(row=first + number - 1, column=2, value=task).alignment = WRAP
    last = first + len(tasks) - 1
    pick = DataValidation(
        type="list", formula1='"' + ",".join(layout.PROGRESS_LABELS.values()) + '"',
        allow_blank=True, showErrorMessage=True, errorTitle=t("template.status_error_title"),
        error=t("template.status_error"))
    ws.add_data_validation(pick)
    pick.add(f"C{first}:C{last}")
    for r in range(first, last + 1):
        ws[f"D{r}"].alignment = WRAP
    _unlock(ws, "CD", first, last)
    return last + 2


def _period_plan(ws: Worksheet, row: int, period: str, rows: int = PERIOD_PLAN_ROWS) -> int:
    """Rows for the key tasks of the period that begins next month."""
    _title(ws, row, t("template.period_plan_title", period=period.upper()),
           t("template.period_plan_help", period=period))
    _table_header(ws, row + 2, layout.PERIOD_PLAN_HEADERS)
    first = row + 3
    for r in range(first, first + rows):
        ws[f"B{r}"].alignment = WRAP
    _unlock(ws, "AB", first, first + rows - 1)
    return first + rows + 1


def _plan(wb: Workbook, month: Month, followup: Sequence[str] = (),
          next_period: str | None = None, rows: int = PLAN_ROWS,
          period_rows: int = PERIOD_PLAN_ROWS) -> None:
    """«Kế hoạch»: next month's tasks; under them the follow-up of the tasks planned for
    ``month`` (when there are any) and, when ``next_period`` names the period that begins
    next month, its tasks (``etl/plan_sheet.py`` reads the three tables)."""
    ws = wb.create_sheet(layout.SHEET_PLAN)
    _header(ws, layout.PLAN_HEADERS, (8, 90))
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 45
    for row in range(2, rows + 2):
        ws[f"B{row}"].alignment = WRAP
    _unlock(ws, "AB", 2, rows + 1)
    row = rows + 3
    if followup:
        row = _followup(ws, row, month, followup)
    if next_period:
        row = _period_plan(ws, row, next_period, period_rows)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights may still be changed
    ws.protection.formatRows = False


def template_workbook(catalog: Catalog, unit_code: str, month: Month, author: str = "",
                      followup: Sequence[str] = (), next_period: str | None = None,
                      plan_rows: int = PLAN_ROWS, period_rows: int = PERIOD_PLAN_ROWS
                      ) -> Workbook:
    """The form as an openpyxl Workbook (for code that fills it before saving, e.g. the sample).

    ``followup``: the tasks the unit planned for ``month`` (its previous month's «Kế
    hoạch»), listed for a status; ``next_period``: the name of the quarter, half or year
    that begins next month ("quý II năm 2023"), given in a month that closes one.
    ``plan_rows``, ``period_rows``: the rows for next month's and the next period's tasks
    (more when a typed entry fills more).
    Raises KeyError for an unknown unit.
    """
    unit = catalog.unit(unit_code)
    wb = Workbook()
    _guide(wb, unit.name, month)
    _info(wb, unit.code, unit.name, month, author)
    _values(wb, catalog, unit.code, month)
    _activities(wb, catalog, unit.code, month)
    _rule_lists(wb)
    _plan(wb, month, followup, next_period, max(plan_rows, PLAN_ROWS),
          max(period_rows, PERIOD_PLAN_ROWS))
    wb.active = 2  # open on the figures
    return wb


def build_template(catalog: Catalog, unit_code: str, month: Month, author: str = "",
                   followup: Sequence[str] = (), next_period: str | None = None) -> bytes:
    """The .xlsx form for ``unit_code`` and ``month`` with that unit's valid indicators
    (``followup`` and ``next_period`` as for ``template_workbook``).

    Raises KeyError for an unknown unit.
    """
    wb = template_workbook(catalog, unit_code, month, author, followup, next_period)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template(catalog: Catalog, unit_code: str, month: Month, path: Path | str,
                   author: str = "", followup: Sequence[str] = (),
                   next_period: str | None = None) -> None:
    Path(path).write_bytes(build_template(catalog, unit_code, month, author, followup,
                                          next_period))


def template_file_name(unit_code: str, month: Month) -> str:
    return f"bao-cao-{unit_code}-{month}.xlsx"



"""The monthly submission workbook for one unit and month, written with openpyxl."""

from __future__ import annotations

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
from core.numbers import AMOUNT, COUNT, PERCENT, QUALIFIER_WORDS
from etl import layout

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
ACTIVITY_ROWS = 60  # rows prepared for bullets (dropdown and unlocked cells)
PLAN_ROWS = 30
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
        # One rule per cell, written for that cell: what the loader accepts for its kind.
        check = DataValidation(
            type="custom", formula1=value_rule(f"D{row}", ind.value_kind), allow_blank=True,
            showErrorMessage=True, errorTitle=t("template.value_error_title"),
            error=t("template.value_error"),
        )
        ws.add_data_validation(check)
        check.add(f"D{row}")
    _unlock(ws, "DE", 2, last)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be changed


# Named lists on the hidden sheet that the value rule reads (a validation formula may hold
# at most 255 characters, so the words and characters live there).
RULE_WORDS, RULE_LETTERS = "_q_words", "_q_letters"
RULE_CHARS = {COUNT: "_num_chars", AMOUNT: "_num_chars", PERCENT: "_pct_chars"}
NUMBER_CHARS = (*"0123456789.,", " ")


def value_rule(cell: str, kind: str) -> str:
    """The data-validation formula of one figure cell: what the loader accepts, as far as
    a formula can tell (docs/etl.md, "The template's data validation").

    A number: not negative, and whole for a count. A text: a number written with digits,
    ``.``, ``,`` and spaces (and ``%`` for a percentage), after at most one qualifier word
    (``khoảng``, ``hơn`` … with or without diacritics): its letters are exactly the
    qualifier's. Whether ``5,749`` is ambiguous is the loader's to say, with its message.
    """
    text = f"LOWER(TRIM({cell}))"
    number = f"AND({cell}>=0,INT({cell})={cell})" if kind == COUNT else f"{cell}>=0"
    letters = (f"LEN({text})-SUMPRODUCT(LEN({text})-LEN(SUBSTITUTE({text},"
               f"{RULE_CHARS[kind]},\"\")))")
    qualifier = (f"SUMPRODUCT(MAX((LEFT({text},LEN({RULE_WORDS}))={RULE_WORDS})"
                 f"*{RULE_LETTERS}))")
    return f"IF(ISNUMBER({cell}),{number},{letters}={qualifier})"


def _rule_lists(wb: Workbook) -> None:
    """The qualifier words, their letter counts and the number characters, as named lists
    on the hidden ``_ds`` sheet."""
    lists = wb["_ds"] if "_ds" in wb.sheetnames else wb.create_sheet("_ds")
    lists.sheet_state = "hidden"
    words = [f"{w} " for w in QUALIFIER_WORDS]
    columns = {"B": (RULE_WORDS, words), "C": (RULE_LETTERS, [len(w.replace(" ", ""))
                                                               for w in words]),
               "D": ("_num_chars", list(NUMBER_CHARS)),
               "E": ("_pct_chars", [*NUMBER_CHARS, "%"])}
    for letter, (name, items) in columns.items():
        for row, item in enumerate(items, start=1):
            cell = lists[f"{letter}{row}"]
            cell.value = item
            cell.number_format = "@"
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"_ds!${letter}$1:${letter}${len(items)}")


def _activities(wb: Workbook, catalog: Catalog, unit_code: str, month: Month) -> None:
    ws = wb.create_sheet(layout.SHEET_ACTIVITIES)
    _header(ws, layout.ACTIVITY_HEADERS, (42, 90, 60))
    unit = catalog.unit(unit_code)
    choices = [
        f"{s.code}. {s.title}" for s in catalog.ordered_sections(month) if s.code in unit.sections
    ]
    # The dropdown's list lives on a hidden sheet: Excel limits inline lists to 255 characters.
    lists = wb["_ds"] if "_ds" in wb.sheetnames else wb.create_sheet("_ds")
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


def _plan(wb: Workbook) -> None:
    ws = wb.create_sheet(layout.SHEET_PLAN)
    _header(ws, layout.PLAN_HEADERS, (8, 110))
    for row in range(2, PLAN_ROWS + 2):
        ws[f"B{row}"].alignment = WRAP


def template_workbook(catalog: Catalog, unit_code: str, month: Month, author: str = ""
                      ) -> Workbook:
    """The form as an openpyxl Workbook (for code that fills it before saving, e.g. the sample).

    Raises KeyError for an unknown unit.
    """
    unit = catalog.unit(unit_code)
    wb = Workbook()
    _guide(wb, unit.name, month)
    _info(wb, unit.code, unit.name, month, author)
    _values(wb, catalog, unit.code, month)
    _activities(wb, catalog, unit.code, month)
    _rule_lists(wb)
    _plan(wb)
    wb.active = 2  # open on the figures
    return wb


def build_template(catalog: Catalog, unit_code: str, month: Month, author: str = "") -> bytes:
    """The .xlsx form for ``unit_code`` and ``month`` with that unit's valid indicators.

    Raises KeyError for an unknown unit.
    """
    wb = template_workbook(catalog, unit_code, month, author)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template(catalog: Catalog, unit_code: str, month: Month, path: Path | str,
                   author: str = "") -> None:
    Path(path).write_bytes(build_template(catalog, unit_code, month, author))


def template_file_name(unit_code: str, month: Month) -> str:
    return f"bao-cao-{unit_code}-{month}.xlsx"



"""Reading the template's sheets (and sheets like them) into parsed rows and problems."""

from __future__ import annotations

import re
from datetime import date, datetime

from core.catalog import Catalog
from core.months import Month
from core.numbers import parse_vn_number
from core.text import normalize
from etl import layout
from etl.headers import find_header
from etl.matching import IndicatorMatcher
from etl.model import ParsedActivity, ParsedPlanItem, ParsedValue
from etl.problems import Problem, column_letter, error, warning
from etl.workbook import Sheet, cell_text, is_empty

_GROUP_ROW = re.compile(r"^([IVXLC]+|[A-Z]|\d+(\.\d+)*)\.?$")
_TOTAL_WORDS = ("tong", "tong cong", "cong", "tong so")


def find_sheet(sheets: list[Sheet], name: str) -> Sheet | None:
    key = normalize(name)
    for sheet in sheets:
        if normalize(sheet.name) == key:
            return sheet
    return None


def read_info(sheet: Sheet) -> dict[str, tuple[str, int, int]]:
    """Label → (value text, row, col) from a two-column ``label | value`` sheet."""
    labels = {
        normalize(layout.INFO_UNIT_CODE): "unit",
        normalize(layout.INFO_UNIT_NAME): "unit_name",
        normalize(layout.INFO_MONTH): "month",
        normalize(layout.INFO_AUTHOR): "author",
        normalize(layout.INFO_DATE): "date",
        "don vi": "unit",
        "thang": "month",
        "ky bao cao": "month",
    }
    found: dict[str, tuple[str, int, int]] = {}
    for r, row in enumerate(sheet.rows[:40]):
        for c, cell in enumerate(row[:-1]):
            role = labels.get(normalize(cell_text(cell)))
            if role and role not in found:
                value = row[c + 1]
                text = _month_cell_text(value) if role == "month" else cell_text(value)
                found[role] = (text, r, c + 1)
    return found


def _month_cell_text(value: object) -> str:
    # Excel may have turned "01/2023" into a date; read it back as the month it was.
    if isinstance(value, (datetime, date)):
        return f"{value.month:02d}/{value.year}"
    return cell_text(value)


def _is_group_or_total(stt: str, name: str) -> bool:
    if _GROUP_ROW.match(stt.strip()) and not name:
        return True
    return normalize(name) in _TOTAL_WORDS or normalize(stt) in _TOTAL_WORDS


def read_values(
    sheet: Sheet, matcher: IndicatorMatcher, unit: str | None, month: Month | None
) -> tuple[list[ParsedValue], list[Problem]]:
    """Figures of an indicator table: code or name, a value column, an optional note."""
    problems: list[Problem] = []
    header = find_header(sheet, layout.VALUE_COLUMN_SYNONYMS, ("value",))
    if header is None or ("code" not in header.columns and "name" not in header.columns):
        return [], [error("header_not_found", sheet.name, expected=", ".join(layout.VALUE_HEADERS))]
    cols = header.columns
    values: list[ParsedValue] = []
    seen: dict[str, int] = {}
    for r in range(header.row + 1, len(sheet.rows)):
        excel_row = r + 1
        code = cell_text(sheet.cell(r, cols["code"])) if "code" in cols else ""
        name = cell_text(sheet.cell(r, cols["name"])) if "name" in cols else ""
        raw = sheet.cell(r, cols["value"])
        stt = cell_text(sheet.cell(r, cols["stt"])) if "stt" in cols else ""
        if not code and not name:
            continue
        if _is_group_or_total(stt or code, name) or normalize(name) in _TOTAL_WORDS:
            continue
        match = matcher.match(code or None, name or None, unit, month)
        where = (sheet.name, excel_row, column_letter(cols.get("code", cols.get("name", 0))))
        if match.indicator is None:
            if is_empty(raw):
                continue  # an unknown label with no figure is a heading, not a figure
            if match.candidates:
                problems.append(error("ambiguous_indicator", *where, label=name or code,
                                      options="; ".join(match.suggestions)))
            else:
                hint = "; ".join(match.suggestions) or "—"
                problems.append(error("unknown_indicator", *where, label=name or code,
                                      suggestions=hint))
            continue
        ind = match.indicator
        if is_empty(raw):
            continue  # blank means no data this month, never zero
        vcol = column_letter(cols["value"])
        parsed = parse_vn_number(raw)
        if parsed is None:
            problems.append(error("not_a_number", sheet.name, excel_row, vcol,
                                  value=cell_text(raw), name=ind.name))
            continue
        if parsed.value < 0:
            problems.append(error("negative_value", sheet.name, excel_row, vcol,
                                  value=cell_text(raw), name=ind.name))
            continue
        if ind.code in seen:
            problems.append(error("duplicate_indicator", sheet.name, excel_row, vcol,
                                  name=ind.name, first_row=seen[ind.code]))
            continue
        seen[ind.code] = excel_row
        if unit and ind.org_unit != unit:
            problems.append(error("indicator_of_other_unit", *where, name=ind.name,
                                  owner=ind.org_unit, unit=unit))
            continue
        if month and not ind.valid_in(month):
            problems.append(error("indicator_not_valid", *where, name=ind.name,
                                  month=f"{month.month:02d}/{month.year}"))
            continue
        note = cell_text(sheet.cell(r, cols["note"])) if "note" in cols else ""
        values.append(ParsedValue(ind.code, ind.name, parsed.value, parsed.qualifier,
                                  note or None, sheet.name, excel_row, vcol))
    return values, problems


def _section_code(text: str, catalog: Catalog, unit: str | None) -> str | None:
    """``"3.1. Trung tâm …"``, ``"3.1"`` or the section's title → its code."""
    m = re.match(r"^\s*(\d+(?:\.\d+)*)\.?", text)
    if m and m.group(1) in catalog.section_by_code:
        return m.group(1)
    key = normalize(text)
    for sec in catalog.sections:
        if normalize(sec.title) == key:
            return sec.code
    return None


def read_activities(
    sheet: Sheet, catalog: Catalog, unit: str | None
) -> tuple[list[ParsedActivity], list[Problem]]:
    header = find_header(sheet, layout.ACTIVITY_COLUMN_SYNONYMS, ("text",))
    if header is None:
        return [], [error("header_not_found", sheet.name,
                          expected=", ".join(layout.ACTIVITY_HEADERS))]
    cols = header.columns
    items: list[ParsedActivity] = []
    problems: list[Problem] = []
    default = catalog.unit(unit).sections[0] if unit and unit in catalog.unit_by_code and \
        catalog.unit(unit).sections else None
    for r in range(header.row + 1, len(sheet.rows)):
        text = cell_text(sheet.cell(r, cols["text"]))
        if not text:
            continue
        section_raw = cell_text(sheet.cell(r, cols["section"])) if "section" in cols else ""
        code = _section_code(section_raw, catalog, unit) if section_raw else default
        if code is None:
            problems.append(error("unknown_section", sheet.name, r + 1,
                                  column_letter(cols.get("section", 0)), value=section_raw))
            continue
        if unit and unit in catalog.unit_by_code and code not in catalog.unit(unit).sections:
            problems.append(warning("section_of_other_unit", sheet.name, r + 1,
                                    column_letter(cols.get("section", 0)), section=code))
        notes_raw = cell_text(sheet.cell(r, cols["footnotes"])) if "footnotes" in cols else ""
        notes = [line.strip() for line in notes_raw.splitlines() if line.strip()]
        items.append(ParsedActivity(code, text, notes, sheet.name, r + 1))
    return items, problems


def read_plan(sheet: Sheet) -> tuple[list[ParsedPlanItem], list[Problem]]:
    header = find_header(sheet, layout.PLAN_COLUMN_SYNONYMS, ("text",))
    if header is None:
        return [], [error("header_not_found", sheet.name, expected=", ".join(layout.PLAN_HEADERS))]
    col = header.columns["text"]
    items = [
        ParsedPlanItem(cell_text(sheet.cell(r, col)), sheet.name, r + 1)
        for r in range(header.row + 1, len(sheet.rows))
        if cell_text(sheet.cell(r, col))
    ]
    return items, []

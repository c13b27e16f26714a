"""Reading the template's sheets (and sheets like them) into parsed rows and problems."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from core.catalog import Catalog, Indicator
from core.formatting import fmt_exact
from core.months import Month
from core.numbers import (
    AMBIGUOUS,
    NOT_PERCENT,
    Doubt,
    ParsedNumber,
    check_kind,
    english_reading,
    exact_decimal,
    number_text,
    parse_vn_number,
)
from core.text import normalize
from etl import layout
from etl.headers import Header, find_header
from etl.matching import IndicatorMatcher, review_match, unmatched_problem
from etl.merges import resolve_merges
from etl.model import ParsedActivity, ParsedValue
from etl.problems import Problem, column_letter, error, warning
from etl.workbook import Sheet, cell_text, is_empty

_GROUP_ROW = re.compile(r"^([IVXLC]+|[A-Z]|\d+(\.\d+)*)\.?$")
_GROUP_MARK = re.compile(r"^([IVXLC]+|[A-Z])\.?$")  # I, II, A: a heading, never an indicator
_TOTAL_WORDS = ("tong", "tong cong", "cong", "tong so", "cong tong")
_TOTAL_MAX = 16  # longest total label worth normalising, spaces and punctuation included


def find_sheet(sheets: list[Sheet], name: str) -> Sheet | None:
    key = normalize(name)
    for sheet in sheets:
        if normalize(sheet.name) == key:
            return sheet
    return None


def is_group_or_total(stt: str, name: str) -> bool:
    """A heading (``I``, ``2.1`` with no name) or a total row (``Tổng cộng``)."""
    if _GROUP_ROW.match(stt.strip()) and not name:
        return True
    # Total words are short: skip normalising the long labels of ordinary rows.
    return (len(name) <= _TOTAL_MAX and normalize(name) in _TOTAL_WORDS) or \
        (len(stt) <= _TOTAL_MAX and normalize(stt) in _TOTAL_WORDS)


def parse_figure(sheet: Sheet, r: int, c: int, ind: Indicator
                 ) -> tuple[ParsedNumber | None, Problem | None]:
    """The number in cell (r, c) for indicator ``ind``: (number, None), (None, problem),
    or (None, None) for a blank cell — blank is "no data", never zero.

    The indicator's kind decides what is accepted (``core.numbers.check_kind``): a count
    is whole, a percentage may come from a cell formatted as one (0,85 shown 85% → 85),
    and a text the two number conventions read differently (``5,749``) is asked about.
    """
    raw = sheet.cell(r, c)
    where = (sheet.name, r + 1, column_letter(c))
    if is_empty(raw):
        if sheet.is_uncached_formula(r, c):
            return None, error("formula_without_value", *where, name=ind.name)
        return None, None
    parsed = parse_vn_number(raw)
    if parsed is None:
        english = english_reading(number_text(raw) or "")
        if english is not None:
            return None, error("english_number", *where, value=cell_text(raw), name=ind.name,
                               hint=fmt_exact(english))
        return None, error("not_a_number", *where, value=cell_text(raw), name=ind.name)
    if math.copysign(1.0, parsed.value) < 0:  # -0 too: a minus sign is never a figure's
        return None, error("negative_value", *where, value=cell_text(raw), name=ind.name)
    percent_format = isinstance(raw, (int, float)) and (r, c) in sheet.percent
    value, doubt = check_kind(parsed, ind.value_kind, percent_format)
    if doubt is not None:
        return None, _doubt_problem(doubt, raw, parsed, percent_format, ind, where)
    return ParsedNumber(value, parsed.qualifier), None


def _doubt_problem(doubt: Doubt, raw: object, parsed: ParsedNumber, percent_format: bool,
                   ind: Indicator, where: tuple[str, int, str]) -> Problem:
    """The problem a figure the indicator's kind does not accept becomes; the figure is
    shown exactly as read (text as written, a number with every decimal)."""
    shown = cell_text(raw) if isinstance(raw, str) else fmt_exact(parsed.value)
    if doubt.reason == AMBIGUOUS:
        return error("ambiguous_number", *where, value=shown, name=ind.name,
                     decimal=fmt_exact(parsed.value), thousands=fmt_exact(doubt.hint))
    if doubt.reason == NOT_PERCENT:
        if percent_format:
            shown = f"{fmt_exact(float(exact_decimal(parsed.value) * 100))}%"
        return error("percent_not_allowed", *where, value=shown, name=ind.name,
                     unit=ind.unit)
    if doubt.hint is not None:
        return error("count_not_whole", *where, value=shown, name=ind.name, unit=ind.unit,
                     hint=fmt_exact(doubt.hint))
    return error("count_fraction", *where, value=shown, name=ind.name, unit=ind.unit)


def check_indicator(ind: Indicator, unit: str | None, month: Month | None,
                    where: tuple[str, int, str]) -> Problem | None:
    """An indicator of another unit, or not valid in the month, is an error at ``where``."""
    if unit and ind.org_unit != unit:
        return error("indicator_of_other_unit", *where, name=ind.name, owner=ind.org_unit,
                     unit=unit)
    if month and not ind.valid_in(month):
        return error("indicator_not_valid", *where, name=ind.name,
                     month=f"{month.month:02d}/{month.year}")
    return None


def label_columns(cols: dict[str, int]) -> list[int]:
    """The columns that name a row's indicator (code and name)."""
    return [cols[k] for k in ("code", "name") if k in cols]


def row_label(sheet: Sheet, cols: dict[str, int], r: int) -> str:
    """How row ``r`` names its indicator (the name, else the code), for messages."""
    for key in ("name", "code"):
        if key in cols and cell_text(sheet.cell(r, cols[key])):
            return cell_text(sheet.cell(r, cols[key]))
    return ""


def unnamed_figure(sheet: Sheet, r: int, figure_cols: list[int], stt: str) -> Problem | None:
    """A figure in a row that names no indicator (neither code nor name) is an error: no
    one can tell whose figure it is. A total row labelled only in its STT column and a
    group's subtotal (``I``, ``A``) are not figures of an indicator."""
    if stt and (is_group_or_total(stt, "") or _GROUP_MARK.match(stt)):
        return None
    for c in figure_cols:
        raw = sheet.cell(r, c)
        if not is_empty(raw):
            return error("value_without_name", sheet.name, r + 1, column_letter(c),
                         cell=f"{column_letter(c)}{r + 1}", value=cell_text(raw), line=r + 1)
    return None


def value_header(sheet: Sheet) -> Header | None:
    """The header of a one-month indicator table (code or name, and a figure column)."""
    header = find_header(sheet, layout.VALUE_COLUMN_SYNONYMS, (), any_of=("code", "name"))
    if header is None or ("value" not in header.columns and not header.months):
        return None
    return header


def _value_column(header: Header, month: Month | None) -> int:
    if "value" in header.columns:
        return header.columns["value"]
    for col, labelled in header.months.items():
        if labelled == month:
            return col
    return min(header.months)  # one month column: it is the month's figure


def read_values(
    sheet: Sheet, matcher: IndicatorMatcher, unit: str | None, month: Month | None,
    header: Header | None = None, remembered: Mapping[str, str] | None = None,
) -> tuple[list[ParsedValue], list[Problem]]:
    """Figures of an indicator table: code or name, a value column, an optional note.

    Group rows (I, II, A), blank rows and total rows are skipped; a year-to-date column
    beside the month's figure is cross-checked (warning when smaller than the month).
    """
    problems: list[Problem] = []
    header = header or value_header(sheet)
    if header is None:
        return [], [error("header_not_found", sheet.name, expected=", ".join(layout.VALUE_HEADERS))]
    cols = header.columns
    vcol = _value_column(header, month)
    vletter = column_letter(vcol)
    label_col = cols.get("code", cols.get("name", 0))
    problems.extend(resolve_merges(sheet, header.row + 1, label_columns(cols),
                                   {vcol: month}, lambda r: row_label(sheet, cols, r)))
    values: list[ParsedValue] = []
    seen: dict[str, int] = {}
    for r in range(header.row + 1, len(sheet.rows)):
        excel_row = r + 1
        code = cell_text(sheet.cell(r, cols["code"])) if "code" in cols else ""
        name = cell_text(sheet.cell(r, cols["name"])) if "name" in cols else ""
        stt = cell_text(sheet.cell(r, cols["stt"])) if "stt" in cols else ""
        if not code and not name:
            found = unnamed_figure(sheet, r, [vcol], stt)
            if found is not None:
                problems.append(found)
            continue
        if is_group_or_total(stt or code, name):
            continue
        measure = cell_text(sheet.cell(r, cols["unit"])) if "unit" in cols else None
        match = matcher.match(code or None, name or None, unit, month, measure, remembered)
        where = (sheet.name, excel_row, column_letter(label_col))
        if match.indicator is None:
            if is_empty(sheet.cell(r, vcol)) and not sheet.is_uncached_formula(r, vcol):
                continue  # an unknown label with no figure is a heading, not a figure
            if _GROUP_MARK.match(stt):
                continue  # "I | Lĩnh vực … | 5.749": a group's subtotal
            problems.append(unmatched_problem(match, where, unit))
            continue
        ind = match.indicator
        noted = review_match(matcher, match, measure, where)
        if noted is not None:
            problems.append(noted)
            if noted.is_error:
                continue
        parsed, problem = parse_figure(sheet, r, vcol, ind)
        if problem is not None:
            problems.append(problem)
            continue
        if parsed is None:
            continue
        if ind.code in seen:
            problems.append(error("duplicate_indicator", sheet.name, excel_row, vletter,
                                  name=ind.name, first_row=seen[ind.code]))
            continue
        seen[ind.code] = excel_row
        problem = check_indicator(ind, unit, month, where)
        if problem is not None:
            problems.append(problem)
            continue
        if "ytd" in cols:
            ytd = parse_vn_number(sheet.cell(r, cols["ytd"]))
            if ytd is not None and ind.aggregation == "sum" and ytd.value < parsed.value:
                problems.append(warning("ytd_below_month", sheet.name, excel_row,
                                        column_letter(cols["ytd"]), name=ind.name))
        note = cell_text(sheet.cell(r, cols["note"])) if "note" in cols else ""
        values.append(ParsedValue(ind.code, ind.name, parsed.value, parsed.qualifier,
                                  note or None, sheet.name, excel_row, vletter))
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

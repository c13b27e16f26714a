"""Wide history sheets: indicators down, months across, one submission per month.

A sheet is a history sheet when its header row (found by content, like any other table)
names the indicator by code or name and has at least ``MIN_MONTH_COLUMNS`` columns labelled
with a month: ``T1/2022``, ``01/2022``, ``Tháng 1/2022``, ``Tháng 1 năm 2022`` or a real date.
A workbook may split the years over several such sheets; it holds one unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.catalog import Indicator
from core.months import Month
from core.numbers import COUNT
from etl import layout
from etl.headers import Header, find_header
from etl.matching import IndicatorMatcher
from etl.merges import resolve_merges
from etl.model import ParsedValue
from etl.problems import Problem, column_letter, error
from etl.read_sheets import (
    check_indicator,
    is_group_or_total,
    label_columns,
    parse_figure,
    row_label,
    suggestions_later,
    unnamed_figure,
)
from etl.workbook import Sheet, cell_text

MIN_MONTH_COLUMNS = 3  # a monthly sheet may show the month and one or two comparisons


def history_header(sheet: Sheet) -> Header | None:
    """The header of a wide history table, or None when ``sheet`` is not one."""
    return find_header(sheet, layout.VALUE_COLUMN_SYNONYMS, (), any_of=("code", "name"),
                       min_months=MIN_MONTH_COLUMNS)


@dataclass
class _Column:
    """A month column with everything a cell check needs, computed once."""

    index: int
    month: Month
    letter: str
    label: str  # "01/2022" for messages
    first_day: date
    last_day: date
    future: bool
    bucket: dict[str, ParsedValue]


def _month_columns(sheet: Sheet, header: Header, current: Month,
                   values: dict[Month, dict[str, ParsedValue]], problems: list[Problem]
                   ) -> list[_Column]:
    seen: dict[Month, int] = {}
    columns: list[_Column] = []
    for col, month in sorted(header.months.items()):
        letter = column_letter(col)
        label = f"{month.month:02d}/{month.year}"
        if month in seen:
            problems.append(error("duplicate_month_column", sheet.name, header.row + 1, letter,
                                  month=label, first=column_letter(seen[month])))
            continue
        seen[month] = col
        columns.append(_Column(col, month, letter, label, month.first_day, month.last_day,
                               month > current, values.setdefault(month, {})))
    return columns


def _valid(ind: Indicator, column: _Column) -> bool:
    # Catalog.Indicator.valid_in with the month's days computed once per column.
    if ind.valid_from is not None and ind.valid_from > column.last_day:
        return False
    return not (ind.valid_to is not None and ind.valid_to < column.first_day)


@dataclass
class _CellState:
    header_row: int  # 0-based row of the header (future-month problems point at it)
    future_reported: set[int]  # columns already reported as a future month


def _cell(sheet: Sheet, r: int, m: _Column, raw: object, ind: Indicator, state: _CellState,
          problems: list[Problem]) -> None:
    """Every check of one figure cell (the slow path: text, blanks, future, validity, twins)."""
    name_of = sheet.name
    if raw is None or raw == "":
        if sheet.uncached and (r, m.index) in sheet.uncached:
            problems.append(error("formula_without_value", name_of, r + 1, m.letter,
                                  name=ind.name))
        return
    parsed, problem = parse_figure(sheet, r, m.index, ind)
    if problem is not None:
        problems.append(problem)
        return
    if parsed is None:
        return
    number, qualifier = parsed.value, parsed.qualifier
    if m.future:
        if m.index not in state.future_reported:
            state.future_reported.add(m.index)
            problems.append(error("future_month", name_of, state.header_row + 1, m.letter,
                                  month=m.label))
        return
    if not _valid(ind, m):
        problems.append(error("indicator_not_valid", name_of, r + 1, m.letter,
                              name=ind.name, month=m.label))
        return
    if ind.code in m.bucket:
        first = m.bucket[ind.code]
        problems.append(error("duplicate_in_history", name_of, r + 1, m.letter,
                              name=ind.name, month=m.label,
                              first=f"{first.sheet}!{first.column}{first.row}"))
        return
    m.bucket[ind.code] = ParsedValue(ind.code, ind.name, number, qualifier, None, name_of,
                                     r + 1, m.letter)


def read_history(
    sheet: Sheet,
    header: Header,
    matcher: IndicatorMatcher,
    unit: str | None,
    current: Month,
    values: dict[Month, dict[str, ParsedValue]],
) -> list[Problem]:
    """Add the sheet's figures to ``values`` (month → indicator → value); return problems.

    ``current`` is this month in Vietnam: a figure in a later month's column is an error
    (one problem per column). Blank cells are missing data and add nothing. The cell loop
    is kept tight: a history sheet may hold tens of thousands of rows.
    """
    problems: list[Problem] = []
    cols = header.columns
    months = _month_columns(sheet, header, current, values, problems)
    problems.extend(resolve_merges(sheet, header.row + 1, label_columns(cols),
                                   {m.index: m.month for m in months},
                                   lambda r: row_label(sheet, cols, r)))
    month_cols = [m.index for m in months]
    future = [m for m in months if m.future]
    # (index, letter, bucket, column) of past months: no attribute lookups per cell.
    fast = [(m.index, m.letter, m.bucket, m) for m in months if not m.future]
    new_value = ParsedValue
    unit_state = _CellState(header.row, set())
    code_col, name_col, stt_col = cols.get("code"), cols.get("name"), cols.get("stt")
    label_letter = column_letter(code_col if code_col is not None else name_col or 0)
    uncached = sheet.uncached
    percent = sheet.percent
    seen_rows: dict[str, int] = {}
    name_of = sheet.name
    span_start = min((m.first_day for m in months), default=date.min)
    span_end = max((m.last_day for m in months), default=date.max)
    for r in range(header.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        width = len(row)
        code = cell_text(row[code_col]) if code_col is not None and code_col < width else ""
        name = cell_text(row[name_col]) if name_col is not None and name_col < width else ""
        if not code and not name:
            stt = cell_text(row[stt_col]) if stt_col is not None and stt_col < width else ""
            found = unnamed_figure(sheet, r, month_cols, stt)
            if found is not None:
                problems.append(found)
            continue
        match = matcher.match(code or None, name or None, unit, None)
        where = (name_of, r + 1, label_letter)
        if match.indicator is None:
            # Only a row that names no indicator can be a group or total row.
            stt = cell_text(row[stt_col]) if stt_col is not None and stt_col < width else ""
            if is_group_or_total(stt or code, name):
                continue
            if not any((m.index < width and row[m.index] not in (None, ""))
                       or (r, m.index) in uncached for m in months):
                continue  # a label without figures is a heading
            if match.candidates:
                problems.append(error("ambiguous_indicator", *where, label=name or code,
                                      options="; ".join(match.suggestions)))
            else:
                problems.append(error("unknown_indicator", *where, label=name or code,
                                      suggestions=suggestions_later(matcher, code, name, unit)))
            continue
        ind = match.indicator
        ind_code = ind.code
        if ind_code in seen_rows:
            problems.append(error("duplicate_indicator", *where, name=ind.name,
                                  first_row=seen_rows[ind_code]))
            continue
        seen_rows[ind_code] = r + 1
        problem = check_indicator(ind, unit, None, where)
        if problem is not None:
            problems.append(problem)
            continue
        # Valid over the whole span of the sheet's months: no per-cell date check needed.
        always_valid = (ind.valid_from is None or ind.valid_from <= span_start) and \
            (ind.valid_to is None or ind.valid_to >= span_end)
        excel_row = r + 1
        ind_name = ind.name
        # A count's figure must be whole and a cell formatted as 85% is read by its kind:
        # both go the slow path (parse_figure), the rest stays tight.
        any_number = ind.value_kind != COUNT
        if not always_valid:
            for m in months:
                _cell(sheet, r, m, row[m.index] if m.index < width else None, ind,
                      unit_state, problems)
            continue
        for c, letter, bucket, m in fast:
            raw = row[c] if c < width else None
            # The common case, kept tight: a plain non-negative number in a past month.
            if type(raw) is float and raw >= 0 and (any_number or raw.is_integer()) and \
                    ind_code not in bucket and not (percent and (r, c) in percent):
                bucket[ind_code] = new_value(ind_code, ind_name, raw, None, None, name_of,
                                             excel_row, letter)
            else:
                _cell(sheet, r, m, raw, ind, unit_state, problems)
        for m in future:
            _cell(sheet, r, m, row[m.index] if m.index < width else None, ind, unit_state,
                  problems)
    return problems

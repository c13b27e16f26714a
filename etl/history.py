"""Wide history sheets: indicators down, months across, one submission per unit and month.

A sheet is a history sheet when its header row (found by content, like any other table)
names the indicator by code or name and has at least ``MIN_MONTH_COLUMNS`` columns labelled
with a month: ``T1/2022``, ``01/2022``, ``Tháng 1/2022``, ``Tháng 1 năm 2022``, a real
date, or ``Tháng 1`` … ``Tháng 12`` with the year in the title or in a row above
(``etl/headers.py``). A workbook may split the years over several sheets.

Whose figures: a unit column (``Mã đơn vị``, ``Đơn vị báo cáo``, or a column ``Đơn vị``
whose cells name units) gives each row's unit; a blank cell below takes the unit of the
row above (a merged cell). Without one, the sheet's unit (its title, else the workbook's:
the ``Thông tin`` sheet or the caller's).

Merged cells are resolved first (``etl.merges``): a merged name names every row under
it, a figure merged over two indicators or two months is refused.

Speed: the figures of one month column are read as a column. When every cell of it is a
plain non-negative number for indicators valid over the sheet's whole span — whole for a
count, no cell formatted as a percentage — the column is taken as it is
(``ValueColumns``: no object per figure); any other column is checked cell by cell, each
figure by its indicator's kind (``read_sheets.parse_figure``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, eq, itemgetter

from core.catalog import Indicator
from core.months import Month
from core.numbers import COUNT
from etl import layout
from etl.headers import Header, find_header
from etl.matching import IndicatorMatcher, review_match, unmatched_problem
from etl.merges import resolve_merges
from etl.model import ValueColumns
from etl.problems import Problem, column_letter, error
from etl.read_sheets import (
    check_indicator,
    is_group_or_total,
    label_columns,
    parse_figure,
    row_label,
    unnamed_figure,
)
from etl.workbook import Sheet, cell_text

MIN_MONTH_COLUMNS = 3  # a monthly sheet may show the month and one or two comparisons
UNIT_SAMPLE = 50  # cells of a "Đơn vị" column looked at to tell units from units of measure

Buckets = dict[tuple[str, Month], ValueColumns]


def history_header(sheet: Sheet) -> Header | None:
    """The header of a wide history table, or None when ``sheet`` is not one."""
    return find_header(sheet, layout.VALUE_COLUMN_SYNONYMS, (), any_of=("code", "name"),
                       min_months=MIN_MONTH_COLUMNS)


@dataclass
class RowUnits:
    """Whose figures the rows of one sheet are.

    ``default`` is the sheet's unit (None: unknown); ``find`` turns a unit cell's text into
    a unit code (None: no such unit); ``refuse`` says why a unit may not be sent (another
    unit than the analyst's or the caller's), or None."""

    default: str | None
    find: Callable[[str], str | None]
    refuse: Callable[[str, tuple[str, int, str]], Problem | None]
    refused: set[str] = field(default_factory=set)
    missing: bool = False  # a row with figures had no unit at all


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


@dataclass
class _Group:
    """The rows of one unit whose indicator was found, in sheet order."""

    unit: str
    index: list[int] = field(default_factory=list)  # 0-based rows
    rows: list[int] = field(default_factory=list)  # Excel rows
    indicators: list[Indicator] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    always_valid: bool = True
    counts: list[int] = field(default_factory=list)  # positions of count indicators


def _month_columns(sheet: Sheet, header: Header, current: Month,
                   problems: list[Problem]) -> list[_Column]:
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
                               month > current))
    return columns


def _valid(ind: Indicator, column: _Column) -> bool:
    # Catalog.Indicator.valid_in with the month's days computed once per column.
    if ind.valid_from is not None and ind.valid_from > column.last_day:
        return False
    return not (ind.valid_to is not None and ind.valid_to < column.first_day)


def unit_column(sheet: Sheet, header: Header, find: Callable[[str], str | None]
                ) -> int | None:
    """The column naming each row's unit: labelled so (``Mã đơn vị`` …), or a ``Đơn vị``
    column whose filled cells (the first ``UNIT_SAMPLE``) all name a unit."""
    cols = header.columns
    if "org" in cols:
        return cols["org"]
    col = cols.get("unit")
    if col is None:
        return None
    texts = [cell_text(sheet.cell(r, col)) for r in range(header.row + 1, len(sheet.rows))]
    sample = [x for x in texts if x][:UNIT_SAMPLE]
    return col if sample and all(find(x) for x in sample) else None


def read_history(sheet: Sheet, header: Header, matcher: IndicatorMatcher, units: RowUnits,
                 current: Month, buckets: Buckets,
                 remembered: Mapping[str, Mapping[str, str]] | None = None) -> list[Problem]:
    """Add the sheet's figures to ``buckets`` ((unit, month) → figures); return problems.

    ``current`` is this month in Vietnam: a figure in a later month's column is an error
    (one problem per column). Blank cells are missing data and add nothing.
    """
    problems: list[Problem] = []
    cols = header.columns
    months = _month_columns(sheet, header, current, problems)
    problems.extend(resolve_merges(sheet, header.row + 1, label_columns(cols),
                                   {m.index: m.month for m in months},
                                   lambda r: row_label(sheet, cols, r)))
    month_cols = [m.index for m in months]
    org_col = unit_column(sheet, header, units.find)
    measure_col = cols.get("unit") if cols.get("unit") != org_col else None
    code_col, name_col, stt_col = cols.get("code"), cols.get("name"), cols.get("stt")
    label_letter = column_letter(code_col if code_col is not None else name_col or 0)
    groups: dict[str, _Group] = {}
    seen_rows: dict[tuple[str, str], int] = {}
    span_start = min((m.first_day for m in months), default=date.min)
    span_end = max((m.last_day for m in months), default=date.max)
    rows = sheet.rows
    name_of = sheet.name
    unit = units.default
    remembered = remembered or {}
    by_code = matcher.by_raw_code
    # The common row, kept tight: a known code of the sheet's own unit valid over the whole
    # span, nothing else to check (no unit column, no unit of measure).
    plain = org_col is None and measure_col is None and unit is not None and \
        unit not in units.refused and code_col is not None
    first = header.row + 1
    if plain:
        own = groups.setdefault(unit, _Group(unit))
        index, excel_rows, found = own.index, own.rows, own.indicators
        codes, names = own.codes, own.names
        # Every row the common row: taken in a few C passes, the loop below has none left.
        every = _plain_rows(rows[first:], code_col, by_code, unit, span_start, span_end)
        if every is not None:
            n, base = len(every), len(index)  # (positions in the group's lists)
            kinds = map(attrgetter("value_kind"), every)
            own.counts.extend(compress(range(base, base + n), map(eq, kinds, repeat(COUNT))))
            index.extend(range(first, first + n))
            excel_rows.extend(range(first + 1, first + n + 1))
            found.extend(every)
            codes.extend(map(attrgetter("code"), every))
            names.extend(map(attrgetter("name"), every))
            first = len(rows)
    for r in range(first, len(rows)):
        row = rows[r]
        width = len(row)
        raw = row[code_col] if code_col is not None and code_col < width else None
        ind = by_code.get(raw) if plain and raw.__class__ is str else None
        if ind is not None and ind.org_unit == unit and (unit, ind.code) not in seen_rows \
                and (ind.valid_from is None or ind.valid_from <= span_start) \
                and (ind.valid_to is None or ind.valid_to >= span_end):
            seen_rows[(unit, ind.code)] = r + 1
            if ind.value_kind == COUNT:
                own.counts.append(len(index))
            index.append(r)
            excel_rows.append(r + 1)
            found.append(ind)
            codes.append(ind.code)
            names.append(ind.name)
            continue
        code = cell_text(raw) if raw is not None else ""
        name = cell_text(row[name_col]) if name_col is not None and name_col < width else ""
        if org_col is not None:
            unit = _row_unit(row, r, org_col, unit, units, name_of, problems)
        if not code and not name:
            stt = cell_text(row[stt_col]) if stt_col is not None and stt_col < width else ""
            unnamed = unnamed_figure(sheet, r, month_cols, stt)
            if unnamed is not None:
                problems.append(unnamed)
            continue
        if unit is None:
            units.missing = True  # reported once for the file
            continue
        if unit in units.refused:
            continue  # reported at its cell
        where = (name_of, r + 1, label_letter)
        measure = cell_text(row[measure_col]) if measure_col is not None and \
            measure_col < width else None
        match = matcher.match(code or None, name or None, unit, None, measure,
                              remembered.get(unit))
        if match.indicator is None:
            # Only a row that names no indicator can be a group or total row.
            stt = cell_text(row[stt_col]) if stt_col is not None and stt_col < width else ""
            if is_group_or_total(stt or code, name):
                continue
            if not any((m.index < width and row[m.index] not in (None, ""))
                       or (r, m.index) in sheet.uncached for m in months):
                continue  # a label without figures is a heading
            problems.append(unmatched_problem(match, where, unit))
            continue
        noted = review_match(matcher, match, measure, where)
        if noted is not None:
            problems.append(noted)
            if noted.is_error:
                continue
        ind = match.indicator
        if (unit, ind.code) in seen_rows:
            problems.append(error("duplicate_indicator", *where, name=ind.name,
                                  first_row=seen_rows[(unit, ind.code)]))
            continue
        seen_rows[(unit, ind.code)] = r + 1
        problem = check_indicator(ind, unit, None, where)
        if problem is not None:
            problems.append(problem)
            continue
        group = groups.get(unit) or groups.setdefault(unit, _Group(unit))
        _add_row(group, r, ind, span_start, span_end)
    columns = _Columns(rows, header.row + 1)
    for group in groups.values():
        if not group.index:
            continue  # the sheet's own unit, set up for the common row, had none
        future_reported: set[int] = set()
        for m in months:
            bucket = buckets.setdefault((group.unit, m.month), ValueColumns())
            _read_column(sheet, header, group, m, columns.of(group, m.index), bucket,
                         future_reported, problems)
    return problems


def _plain_rows(body: list[list], code_col: int, by_code: Mapping[str, Indicator], unit: str,
                span_start: date, span_end: date) -> list[Indicator] | None:
    """The indicators of ``body``'s rows when every row is read_history's common row (its
    code cell a text naming an indicator of ``unit``, valid over the whole span, no code
    twice), found without a Python step per row; else None (then the rows are read one
    by one, and what is odd about any of them is reported there)."""
    try:
        raws = list(map(itemgetter(code_col), body))
    except IndexError:  # a short row
        return None
    if not raws or set(map(type, raws)) != {str} or len(set(raws)) != len(raws):
        return None
    every = list(map(by_code.get, raws))
    if not all(every):  # a code that is not in the catalogue (as written)
        return None
    if set(map(attrgetter("org_unit"), every)) != {unit}:
        return None
    starts = set(map(attrgetter("valid_from"), every))
    ends = set(map(attrgetter("valid_to"), every))
    if any(d is not None and d > span_start for d in starts) or \
            any(d is not None and d < span_end for d in ends):
        return None
    return every


def _add_row(group: _Group, r: int, ind: Indicator, span_start: date, span_end: date) -> None:
    if ind.value_kind == COUNT:
        group.counts.append(len(group.index))
    group.index.append(r)
    group.rows.append(r + 1)
    group.indicators.append(ind)
    group.codes.append(ind.code)
    group.names.append(ind.name)
    # Valid over the whole span of the sheet's months: no per-cell date check needed.
    if not ((ind.valid_from is None or ind.valid_from <= span_start)
            and (ind.valid_to is None or ind.valid_to >= span_end)):
        group.always_valid = False


class _Columns:
    """The sheet's body read column by column: transposed once (in C), then the cells of a
    group's rows picked with one ``itemgetter`` per group."""

    def __init__(self, rows: list[list], start: int):
        self.start = start
        body = rows[start:]
        width = max(map(len, body), default=0)
        if min(map(len, body), default=width) != width:  # calamine's rows are even; pad
            body = [list(row) + [None] * (width - len(row)) for row in body]
        self.width = width
        self._columns: list[tuple] | None = None
        self._body = body
        self._pickers: dict[int, Callable[[tuple], tuple]] = {}

    def of(self, group: _Group, col: int) -> tuple:
        if col >= self.width:
            return (None,) * len(group.index)
        if self._columns is None:
            self._columns = list(zip(*self._body, strict=True))
        column = self._columns[col]
        picker = self._pickers.get(id(group))
        if picker is None:
            offsets = [r - self.start for r in group.index]
            if offsets == list(range(len(column))):
                picker = tuple
            elif len(offsets) == 1:
                picker = lambda column, i=offsets[0]: (column[i],)  # noqa: E731
            else:
                picker = itemgetter(*offsets)
            self._pickers[id(group)] = picker
        return picker(column)


def _row_unit(row: list, r: int, col: int, previous: str | None, units: RowUnits,
              sheet: str, problems: list[Problem]) -> str | None:
    """The unit of row ``r`` from the unit column; a blank cell keeps the row above's."""
    text = cell_text(row[col]) if col < len(row) else ""
    if not text:
        return previous
    code = units.find(text)
    where = (sheet, r + 1, column_letter(col))
    if code is None:
        if text not in units.refused:
            problems.append(error("unknown_unit", *where, unit=text))
            units.refused.add(text)
        return text
    refusal = units.refuse(code, where)
    if refusal is not None:
        if code not in units.refused:
            problems.append(refusal)
        units.refused.add(code)
    return code


def _read_column(sheet: Sheet, header: Header, group: _Group, m: _Column, col: tuple,
                 bucket: ValueColumns, future_reported: set[int],
                 problems: list[Problem]) -> None:
    c = m.index
    earlier = len(bucket) > 0  # the month was in an earlier sheet: duplicates possible
    percent = sheet.percent
    # Every cell a plain non-negative number (checked in C), a count's whole, none shown
    # as a percentage: the column is taken as it is.
    if not m.future and not earlier and group.always_valid and col and \
            set(map(type, col)) == {float} and min(col) >= 0 and \
            all(map(float.is_integer, col if len(group.counts) == len(col)
                    else map(col.__getitem__, group.counts))) and \
            not (percent and any((r, c) in percent for r in group.index)):
        bucket.add_column(sheet.name, m.letter, group.codes, group.names, col, group.rows)
        return
    firsts = {v.indicator: v for v in bucket} if earlier else {}
    codes: list[str] = []
    names: list[str] = []
    values: list[float] = []
    excel_rows: list[int] = []
    qualifiers: list[str | None] = []
    uncached = sheet.uncached
    for j, raw in enumerate(col):
        r = group.index[j]
        ind = group.indicators[j]
        if raw is None or raw == "":
            if uncached and (r, c) in uncached:
                problems.append(error("formula_without_value", sheet.name, r + 1, m.letter,
                                      name=ind.name))
            continue
        # A count's figure must be whole and a cell formatted as 85% is read by its kind:
        # both go through parse_figure, the rest stays tight.
        if raw.__class__ is float and raw >= 0 and \
                (raw.is_integer() or ind.value_kind != COUNT) and \
                not (percent and (r, c) in percent):
            number, qualifier = raw, None
        else:
            parsed, problem = parse_figure(sheet, r, c, ind)
            if problem is not None:
                problems.append(problem)
                continue
            if parsed is None:
                continue
            number, qualifier = parsed.value, parsed.qualifier
        if m.future:
            if c not in future_reported:
                future_reported.add(c)
                problems.append(error("future_month", sheet.name, header.row + 1, m.letter,
                                      month=m.label))
            continue
        if not _valid(ind, m):
            problems.append(error("indicator_not_valid", sheet.name, r + 1, m.letter,
                                  name=ind.name, month=m.label))
            continue
        if ind.code in firsts:
            first = firsts[ind.code]
            problems.append(error("duplicate_in_history", sheet.name, r + 1, m.letter,
                                  name=ind.name, month=m.label,
                                  first=f"{first.sheet}!{first.column}{first.row}"))
            continue
        codes.append(ind.code)
        names.append(ind.name)
        values.append(number)
        excel_rows.append(r + 1)
        qualifiers.append(qualifier)
    bucket.add_column(sheet.name, m.letter, codes, names, values, excel_rows,
                      qualifiers if any(qualifiers) else None)

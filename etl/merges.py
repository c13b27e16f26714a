"""Merged cells in a table of figures: read what they stand for, or say why not.

A merged range keeps its content in the top-left cell only; every other cell of it reads
empty. Left alone, that silently loses figures: a name merged over two rows leaves the
lower row without a name, and a figure merged over two indicators' rows would be loaded
for the first one only. Before a table is read, :func:`resolve_merges`

- gives the rows under a merged name (or code) cell their name, so each row's figure is
  read for it with its own address — and when two rows under one merged name both hold
  a figure, reports ``merged_name_rows`` (one indicator, two figures) and reads neither;
- reports a figure cell merged down over the rows of two or more indicators
  (``merged_value_rows``) or across two or more month columns (``merged_value_columns``)
  and reads it for none: no one can tell whose figure it is.

A figure merged down over rows that name no other indicator (a tall cell) is read for its
indicator as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.formatting import fmt_month
from core.months import Month
from etl.problems import Problem, column_letter, error
from etl.workbook import Sheet, cell_text, is_empty


def span_ref(top: int, left: int, bottom: int, right: int) -> str:
    """``B5:B6`` for 0-based inclusive bounds."""
    return f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"


def _set(sheet: Sheet, r: int, c: int, value: object) -> None:
    row = sheet.rows[r]
    if c >= len(row):
        row.extend([None] * (c + 1 - len(row)))
    row[c] = value


def resolve_merges(sheet: Sheet, first_row: int, label_cols: list[int],
                   figure_cols: Mapping[int, Month | None],
                   label_text: Callable[[int], str]) -> list[Problem]:
    """Prepare the rows from ``first_row`` on (0-based) for reading; return the problems.

    ``label_cols``: the code and name columns; ``figure_cols``: the figure columns with
    the month each holds (None in a one-month table); ``label_text(r)``: the label of row
    ``r`` as shown in messages. Changes ``sheet.rows`` in place: labels copied down a
    merged name, figures of a refused merge emptied (they are reported instead).
    """
    problems: list[Problem] = []
    spans = sorted(s for s in sheet.merged if s[0] >= first_row)
    if not spans:
        return problems
    labels = set(label_cols)
    # 1. Names (or codes) merged down: every row under the name gets it.
    for top, left, bottom, right in spans:
        if bottom == top or not labels & set(range(left, right + 1)):
            continue
        for r in range(top + 1, bottom + 1):
            for c in labels:
                if left <= c <= right:
                    _set(sheet, r, c, sheet.cell(top, c))
        for c in figure_cols:
            filled = [r for r in range(top, bottom + 1)
                      if not is_empty(sheet.cell(r, c)) or sheet.is_uncached_formula(r, c)]
            if len(filled) < 2:
                continue
            problems.append(error(
                "merged_name_rows", sheet.name, top + 1, column_letter(min(labels & set(
                    range(left, right + 1)))),
                name=label_text(top), range=span_ref(top, left, bottom, right),
                count=len(filled), cells=", ".join(f"{column_letter(c)}{r + 1}"
                                                   for r in filled)))
            for r in filled:
                _set(sheet, r, c, None)
    # 2. Figures merged down over several indicators, or across several months.
    for top, left, bottom, right in spans:
        covered = [c for c in figure_cols if left <= c <= right]
        if not covered or left not in figure_cols:
            continue
        raw = sheet.cell(top, left)
        if is_empty(raw):
            continue
        shown = cell_text(raw)
        where = (sheet.name, top + 1, column_letter(left))
        named = [r for r in range(top, bottom + 1) if label_text(r)]
        if len(covered) > 1:
            months = [figure_cols[c] for c in covered]
            problems.append(error(
                "merged_value_columns", *where, value=shown, name=label_text(top),
                range=span_ref(top, left, bottom, right), count=len(covered),
                months=", ".join(fmt_month(m) for m in months if m is not None)))
            _set(sheet, top, left, None)
        elif len({label_text(r) for r in named}) > 1:
            problems.append(error(
                "merged_value_rows", *where, value=shown,
                range=span_ref(top, left, bottom, right), count=len(named),
                names="; ".join(f"«{label_text(r)}»" for r in named)))
            _set(sheet, top, left, None)
    return problems

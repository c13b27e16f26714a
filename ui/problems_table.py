"""Problems of a file as a table (Mức độ, Sheet, Dòng, Cột, Nội dung), errors first.

Drawn as an escaped HTML table, not ``st.dataframe``: the grid cuts a long message at the
column's edge ("Gần giống: Phương tiện đo đ…") and cannot wrap it. Here the whole message
wraps; on a phone (``ui.responsive.NARROW_PX``) each problem becomes a card whose cells carry
their column's name, and an empty cell (no row for a whole-file problem) is left out."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core.messages import t
from etl.problems import Problem
from ui.responsive import NARROW_PX

# (column key, CSS class): the short columns keep one line, sheet and message wrap.
COLUMNS = (("upload.col_severity", "sev"), ("upload.col_sheet", "sheet"),
           ("upload.col_row", "num"), ("upload.col_column", "num"),
           ("upload.col_message", "msg"))
STYLE = f"""<style>
.skhcn-problems {{ max-height: 36rem; overflow-y: auto; }}
.skhcn-problems table {{ width: 100%; border-collapse: collapse; font-size: .9rem; }}
.skhcn-problems th {{ position: sticky; top: 0; background: #f0f2f6; text-align: left;
  padding: .4rem .5rem; white-space: nowrap; }}
.skhcn-problems td {{ padding: .4rem .5rem; vertical-align: top; text-align: left;
  border-top: 1px solid rgba(49, 51, 63, .15); }}
.skhcn-problems td.sev, .skhcn-problems td.num {{ white-space: nowrap; }}
.skhcn-problems td.sheet {{ overflow-wrap: anywhere; min-width: 5rem; }}
.skhcn-problems td.msg {{ white-space: pre-wrap; overflow-wrap: anywhere; width: 100%; }}
.skhcn-problems tr.error td.sev {{ color: #a61b1b; font-weight: 600; }}
.skhcn-problems tr.warning td.sev {{ color: #856404; font-weight: 600; }}
@media (max-width: {NARROW_PX}px) {{
  .skhcn-problems thead {{ display: none; }}
  .skhcn-problems table, .skhcn-problems tbody, .skhcn-problems tr,
  .skhcn-problems td {{ display: block; width: auto; }}
  .skhcn-problems tr {{ border: 1px solid rgba(49, 51, 63, .2); border-radius: .5rem;
    padding: .3rem .6rem; margin-bottom: .5rem; }}
  .skhcn-problems td {{ border: none; padding: .1rem 0; white-space: normal; }}
  .skhcn-problems td.sev, .skhcn-problems td.sheet, .skhcn-problems td.num {{
    display: inline-block; margin-right: .9rem; }}
  .skhcn-problems td.empty {{ display: none; }}
  .skhcn-problems td::before {{ content: attr(data-label) ": "; font-weight: 600;
    color: #31333f; }}
}}
</style>"""


def _ordered(problems: Sequence[Problem]) -> list[Problem]:
    """Errors before warnings, each kind in the order found."""
    return sorted(problems, key=lambda p: not p.is_error)


def _cells(problem: Problem) -> list[str]:
    """One row's texts in the order of ``COLUMNS``; the row number as text, blank (not
    "None") for a problem of no row."""
    return [t("upload.severity_error") if problem.is_error else t("upload.severity_warning"),
            problem.sheet or "", "" if problem.row is None else str(problem.row),
            problem.column or "", problem.message]


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """The table's rows, errors before warnings. Row numbers are written as text: whole
    numbers, and a blank cell (not the grid's grey "None") for a problem of no row."""
    return pd.DataFrame([_cells(p) for p in _ordered(problems)],
                        columns=[t(key) for key, _ in COLUMNS])


def problems_html(problems: Sequence[Problem]) -> str:
    """The rows of ``problems_frame`` as an HTML table, every text escaped (sheet names and
    messages quote the file), each cell labelled with its column for the phone layout."""
    heads = "".join(f"<th>{html.escape(t(key))}</th>" for key, _ in COLUMNS)
    body = []
    for problem in _ordered(problems):
        cells = []
        for index, text in enumerate(_cells(problem)):
            key, css = COLUMNS[index]
            classes = css if text else f"{css} empty"
            cells.append(f'<td class="{classes}" data-label="{html.escape(t(key))}">'
                         f"{html.escape(text)}</td>")
        kind = "error" if problem.is_error else "warning"
        body.append(f'<tr class="{kind}">{"".join(cells)}</tr>')
    return (f'{STYLE}<div class="skhcn-problems"><table><thead><tr>{heads}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def show_problems(problems: Sequence[Problem]) -> None:
    """Draw the table (text cells are data, never markdown or HTML)."""
    if not problems:
        return
    st.html(problems_html(problems))

"""Problems of a file as a table (Mức độ, Sheet, Dòng, Cột, Nội dung), errors first."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core.messages import t
from etl.problems import Problem


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """The table's rows, errors before warnings. Row numbers are written as text: whole
    numbers, and a blank cell (not the grid's grey "None") for a problem of no row."""
    ordered = sorted(problems, key=lambda p: (not p.is_error,))
    rows = [{
        t("upload.col_severity"): t("upload.severity_error") if p.is_error
        else t("upload.severity_warning"),
        t("upload.col_sheet"): p.sheet or "",
        t("upload.col_row"): "" if p.row is None else str(p.row),
        t("upload.col_column"): p.column or "",
        t("upload.col_message"): p.message,
    } for p in ordered]
    return pd.DataFrame(rows, columns=[t("upload.col_severity"), t("upload.col_sheet"),
                                       t("upload.col_row"), t("upload.col_column"),
                                       t("upload.col_message")])


def show_problems(problems: Sequence[Problem]) -> None:
    """Draw the table (text cells are data, never markdown or HTML)."""
    if not problems:
        return
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch",
                 column_config={t("upload.col_message"): st.column_config.TextColumn(
                     width="large")})

"""Tables out as CSV and Excel, safe to open in Excel.

CSV is UTF-8 with a BOM so Excel shows Vietnamese; text cells that Excel would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are prefixed
with ``'`` (OWASP CSV injection advice). Numbers stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` with a leading ``'`` when it is text Excel could take for a formula.

    >>> safe_cell("=SUM(A1)"), safe_cell("-5"), safe_cell(-5), safe_cell("Cân")
    ("'=SUM(A1)", "'-5", -5, 'Cân')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised by :func:`safe_cell`."""
    out = frame.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM; missing values are empty cells (never 0)."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "Số liệu") -> bytes:
    """An .xlsx workbook with one sheet; missing values are empty cells (never 0)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return buffer.getvalue()

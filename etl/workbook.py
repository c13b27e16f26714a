"""Raw cells of every sheet, read with python-calamine (xlsx, xlsm, xls, ods)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from python_calamine import CalamineWorkbook

Cell = object  # str | float | int | bool | date | datetime | time | timedelta | None


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[r][c]; r and c 0-based; "" and None mean empty

    def cell(self, row: int, col: int) -> Cell:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def read_workbook(content: bytes) -> list[Sheet]:
    """Every visible sheet's cells; raises whatever calamine raises for a bad file."""
    book = CalamineWorkbook.from_filelike(BytesIO(content))
    sheets = []
    for meta in book.sheets_metadata:
        if str(getattr(meta, "visible", "Visible")).lower().endswith("hidden"):
            continue
        data = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        sheets.append(Sheet(meta.name, [list(r) for r in data]))
    return sheets


def is_empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Cell) -> str:
    """A cell as text the way a person reads it (integers without ``.0``)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (datetime, date, time, timedelta)):
        return str(cell)
    return str(cell).strip()

"""Raw cells of every sheet, read with python-calamine (xlsx, xlsm, xls, ods)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import BytesIO

from python_calamine import CalamineWorkbook

Cell = object  # str | float | int | bool | date | datetime | time | timedelta | None


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[r][c]; r and c 0-based; "" and None mean empty
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas with no result
    percent: set[tuple[int, int]] = field(default_factory=set)  # numbers formatted as 85%
    # Merged ranges as 0-based inclusive (top, left, bottom, right); only the top-left
    # cell of each holds the content (etl/merges.py reads what the others stand for).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def is_uncached_formula(self, row: int, col: int) -> bool:
        """True when (row, col) holds a formula whose result the file does not store."""
        return (row, col) in self.uncached

    def cell(self, row: int, col: int) -> Cell:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def read_workbook(content: bytes) -> list[Sheet]:
    """Every visible sheet's cells; raises whatever calamine raises for a bad file.

    Call :func:`etl.safety.inspect_bytes` first: this trusts the bytes to be a spreadsheet.
    """
    book = CalamineWorkbook.from_filelike(BytesIO(content))
    sheets = []
    for meta in book.sheets_metadata:
        if str(getattr(meta, "visible", "Visible")).lower().endswith("hidden"):
            continue
        if "worksheet" not in str(getattr(meta, "typ", "WorkSheet")).lower():
            continue  # chart and macro sheets hold no cells to read
        try:
            found = book.get_sheet_by_name(meta.name)
            data = found.to_python(skip_empty_area=False)
            merged = [(top, left, bottom, right) for (top, left), (bottom, right)
                      in found.merged_cell_ranges or ()]
        except Exception as exc:
            raise SheetError(meta.name) from exc
        except BaseException as exc:  # calamine panics (a BaseException) on some odd cells
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise SheetError(meta.name) from exc
        sheets.append(Sheet(meta.name, data if isinstance(data, list) else list(data),
                            merged=merged))
    return sheets


class SheetError(Exception):
    """One sheet could not be read; ``sheet`` names it."""

    def __init__(self, sheet: str):
        super().__init__(sheet)
        self.sheet = sheet


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

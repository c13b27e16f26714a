"""A corpus of workbooks as offices really make them, for the value rules (issue 12):
cells formatted as percentages, numbers typed every way, merged cells — in .xlsx, .xls
and .ods, all built here in code.

Rows are lists of cells; a cell may be a plain value, ``Pct(0.85)`` (a number formatted
as a percentage), ``Fmt(5.749, "#,##0.00")`` (a number with a display format) or
``Span(value, rows=2, cols=1)`` (a merged range whose top-left holds ``value``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter

Rows = list[list[object]]
INFO = [["Mã đơn vị", "{unit}"], ["Tháng báo cáo", "{month}"]]
HEAD = ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"]


@dataclass(frozen=True)
class Pct:
    value: float
    code: str = "0%"


@dataclass(frozen=True)
class Fmt:
    value: float
    code: str


@dataclass(frozen=True)
class Span:
    value: object
    rows: int = 1
    cols: int = 1


def _plain(cell: object) -> object:
    while isinstance(cell, (Pct, Fmt, Span)):
        cell = cell.value
    return cell


def _format(cell: object) -> str | None:
    if isinstance(cell, Span):
        return _format(cell.value)
    return cell.code if isinstance(cell, (Pct, Fmt)) else None


def book(unit: str, month: str, rows: Rows, info: bool = True) -> dict[str, Rows]:
    """``Thông tin`` (unit and month) and a ``Chỉ tiêu`` table under the template header."""
    sheets: dict[str, Rows] = {}
    if info:
        sheets["Thông tin"] = [[a, b.format(unit=unit, month=month)] for a, b in INFO]
    sheets["Chỉ tiêu"] = [HEAD, *rows]
    return sheets


def xlsx(sheets: dict[str, Rows]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                target = ws.cell(row=r, column=c, value=_plain(cell))
                if _format(cell):
                    target.number_format = _format(cell)
                if isinstance(cell, Span) and (cell.rows > 1 or cell.cols > 1):
                    ws.merge_cells(f"{get_column_letter(c)}{r}:"
                                   f"{get_column_letter(c + cell.cols - 1)}{r + cell.rows - 1}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xls(sheets: dict[str, Rows]) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                value = _plain(cell)
                style = xlwt.easyxf(num_format_str=_format(cell)) if _format(cell) else \
                    xlwt.Style.default_style
                if isinstance(cell, Span) and (cell.rows > 1 or cell.cols > 1):
                    ws.write_merge(r, r + cell.rows - 1, c, c + cell.cols - 1, value, style)
                elif value is not None:
                    ws.write(r, c, value, style)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ods(sheets: dict[str, Rows]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        width = max((len(r) for r in rows), default=0)
        covered: set[tuple[int, int]] = set()
        table = Table(name=name)
        for r, row in enumerate(rows):
            tr = TableRow()
            for c in range(width):
                cell = row[c] if c < len(row) else None
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                value = _plain(cell)
                attrs: dict[str, object] = {}
                if isinstance(cell, Span):
                    attrs = {"numberrowsspanned": cell.rows, "numbercolumnsspanned": cell.cols}
                    covered.update((r + i, c + j) for i in range(cell.rows)
                                   for j in range(cell.cols) if i or j)
                if isinstance(value, (int, float)):
                    kind = "percentage" if isinstance(cell, Pct) or (
                        isinstance(cell, Span) and isinstance(cell.value, Pct)) else "float"
                    out = TableCell(valuetype=kind, value=value, **attrs)
                    out.addElement(P(text=str(value)))
                elif value is None:
                    out = TableCell(**attrs)
                else:
                    out = TableCell(valuetype="string", **attrs)
                    out.addElement(P(text=str(value)))
                tr.addElement(out)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


BUILDERS = {"xlsx": xlsx, "xls": xls, "ods": ods}

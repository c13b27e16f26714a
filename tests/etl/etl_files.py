"""Builders for the test corpus: real, messy and hostile files, all made in code."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from datetime import date, datetime

import openpyxl
from sqlalchemy import Engine, MetaData, select

from core.catalog import Catalog
from core.months import Month
from etl.template import build_template

Rows = list[list[object]]


def xlsx(sheets: dict[str, Rows], merges: dict[str, Iterable[str]] | None = None) -> bytes:
    """An .xlsx with the given rows per sheet (strings starting with '=' become formulas)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xls(sheets: dict[str, Rows]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(sheets: dict[str, Rows]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                elif value is None:
                    cell = TableCell()
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def filled_template(catalog: Catalog, unit: str, month: Month, values: dict[str, object],
                    info: dict[str, object] | None = None, extra_rows: Rows = ()) -> bytes:
    """The real template with figures in column D by indicator code (and Info edits)."""
    wb = openpyxl.load_workbook(io.BytesIO(build_template(catalog, unit, month)))
    ws = wb["Chỉ tiêu"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for code, value in values.items():
        ws.cell(row=rows[code], column=4, value=value)
    for row in extra_rows:
        ws.append(row)
    info_ws = wb["Thông tin"]
    for label_row, value in (info or {}).items():
        info_ws[f"B{label_row}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(content: bytes, add: dict[str, bytes] | None = None,
          replace: dict[str, bytes] | None = None) -> bytes:
    """The same zip with entries added or replaced (macros, hostile XML)."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = (replace or {}).get(item.filename, src.read(item.filename))
            dst.writestr(item.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def zip_bomb(ratio_mb: int = 50) -> bytes:
    """A small zip that inflates to ``ratio_mb`` MB of zeros beside a workbook part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (ratio_mb * 1024 * 1024))
    return out.getvalue()


def many_entries(count: int = 6000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(count):
            z.writestr(f"xl/media/{i}.bin", b"x")
    return out.getvalue()


def encrypted_ole() -> bytes:
    """An OLE2 compound file whose directory names the ``EncryptedPackage`` stream,
    the way Excel stores a password-protected .xlsx."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = struct.pack("<H", 0x3E)
    header[26:28] = struct.pack("<H", 3)
    header[28:30] = b"\xfe\xff"
    header[30:32] = struct.pack("<H", 9)
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128:i * 128 + len(raw)] = raw
        directory[i * 128 + 64:i * 128 + 66] = struct.pack("<H", len(raw))
    return bytes(header) + bytes(directory) + b"\0" * 1024


def info_rows(unit: str | None, month: str | None) -> Rows:
    rows: Rows = []
    if unit is not None:
        rows.append(["Mã đơn vị", unit])
    if month is not None:
        rows.append(["Tháng báo cáo", month])
    return rows


def simple_values(rows: Rows, unit: str | None = "TTKT", month: str | None = "01/2023"
                  ) -> bytes:
    """A two-sheet workbook: Info (when unit or month) and a Chỉ tiêu table."""
    sheets: dict[str, Rows] = {}
    info = info_rows(unit, month)
    if info:
        sheets["Thông tin"] = info
    sheets["Chỉ tiêu"] = [["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị"], *rows]
    return xlsx(sheets)


def history_sheet(month_labels: list[object], rows: Rows, title: str | None = None) -> bytes:
    head: Rows = [[title]] if title else []
    return xlsx({"Lịch sử": [*head, ["Mã chỉ tiêu", "Tên chỉ tiêu", *month_labels], *rows]})


def db_dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    meta = MetaData()
    meta.reflect(engine)
    dump: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            rows = conn.execute(select(table)).all()
            dump[name] = sorted((tuple(map(_plain, r)) for r in rows), key=repr)
    return dump


def _plain(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value

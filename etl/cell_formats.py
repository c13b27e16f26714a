"""What calamine does not tell: which number cells are formatted as a percentage (stored
0,85, shown 85%), and which cells of an .ods sheet are merged.

- .xlsx/.xlsm: ``xl/styles.xml`` says which cell formats (``cellXfs``) show a percentage
  (built-in formats 9 and 10, or a format code with ``%`` outside quotes); the sheet XML is
  searched only when a sheet mentions one of those formats at all (a byte search first).
- .ods: ``content.xml`` marks a percentage cell with ``office:value-type="percentage"`` and
  a merged one with ``table:number-rows-spanned`` / ``number-columns-spanned``.
- .xls: xlrd reads the BIFF format and XF records (calamine gives .xls merges itself).

XML is parsed with ``defusedxml`` (a hostile part fails there, and the caller reports it);
the attribute search in sheet XML is a regular expression over bytes, no parser at all.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from defusedxml import ElementTree

from etl.formulas import MAIN_NS, _sheet_paths

Cells = set[tuple[int, int]]
Span = tuple[int, int, int, int]  # 0-based inclusive: top, left, bottom, right
BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
REPEAT_CAP = 1_000  # an .ods row or cell repeated more often is empty padding
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escapes, [colour]/[>=100]
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*)>")
_ATTR_R = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def is_percent_code(code: str) -> bool:
    """Whether an Excel number format code shows a percentage (``0%``, ``#,##0.00%``),
    not counting a ``%`` inside quotes, escaped (``\\%``) or in brackets.

    >>> is_percent_code("0.00%"), is_percent_code('0" %"'), is_percent_code("#,##0")
    (True, False, False)
    """
    return "%" in _QUOTED.sub("", code)


def _col_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes of the ``cellXfs`` formats of ``xl/styles.xml`` that show a percentage."""
    root = ElementTree.fromstring(styles_xml)
    custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "")
              for f in root.iter(f"{MAIN_NS}numFmt")}
    cell_xfs = root.find(f"{MAIN_NS}cellXfs")
    found: set[int] = set()
    for index, xf in enumerate(() if cell_xfs is None else cell_xfs.findall(f"{MAIN_NS}xf")):
        fmt = int(xf.get("numFmtId", "0"))
        if fmt in BUILTIN_PERCENT or (fmt in custom and is_percent_code(custom[fmt])):
            found.add(index)
    return found


def xlsx_percent_cells(content: bytes) -> dict[str, Cells]:
    """Sheet name → 0-based (row, column) of cells whose format shows a percentage."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/styles.xml" not in names:
            return {}
        styles = percent_styles(archive.read("xl/styles.xml"))
        if not styles:
            return {}
        paths = _sheet_paths(archive)
    except (zipfile.BadZipFile, KeyError):
        return {}
    marks = [b's="%d"' % i for i in styles]
    found: dict[str, Cells] = {}
    for name, path in paths.items():
        if path not in names:
            continue
        xml = archive.read(path)
        if not any(mark in xml for mark in marks):
            continue
        cells: Cells = set()
        for m in _CELL.finditer(xml):
            style, ref = _ATTR_S.search(m.group(1)), _ATTR_R.search(m.group(1))
            if style and ref and int(style.group(1)) in styles:
                cells.add((int(ref.group(2)) - 1, _col_index(ref.group(1))))
        if cells:
            found[name] = cells
    return found


def _int_attr(elem, name: str) -> int:
    try:
        return max(1, int(elem.get(f"{ODS_TABLE}{name}", "1")))
    except ValueError:
        return 1


def ods_cells(content: bytes) -> tuple[dict[str, Cells], dict[str, list[Span]]]:
    """(percent cells, merged ranges) of every sheet of an .ods file, by sheet name."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        xml = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError):
        return {}, {}
    percent: dict[str, Cells] = {}
    merged: dict[str, list[Span]] = {}
    sheet, row, col, row_repeat = "", -1, 0, 1
    cell_tags = (f"{ODS_TABLE}table-cell", f"{ODS_TABLE}covered-table-cell")
    for event, elem in ElementTree.iterparse(BytesIO(xml), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == f"{ODS_TABLE}table":
                sheet, row = elem.get(f"{ODS_TABLE}name", ""), -1
            elif tag == f"{ODS_TABLE}table-row":
                row, col = row + row_repeat if row >= 0 else 0, 0
                row_repeat = _int_attr(elem, "number-rows-repeated")
            elif tag in cell_tags:
                repeat = _int_attr(elem, "number-columns-repeated")
                if elem.get(f"{ODS_OFFICE}value-type") == "percentage":
                    cells = percent.setdefault(sheet, set())
                    for r in range(row, row + min(row_repeat, REPEAT_CAP)):
                        cells.update((r, c) for c in range(col, col + min(repeat, REPEAT_CAP)))
                rows_spanned = _int_attr(elem, "number-rows-spanned")
                cols_spanned = _int_attr(elem, "number-columns-spanned")
                if tag == cell_tags[0] and (rows_spanned > 1 or cols_spanned > 1):
                    merged.setdefault(sheet, []).append(
                        (row, col, row + rows_spanned - 1, col + cols_spanned - 1))
                col += repeat
        elif tag == f"{ODS_TABLE}table":
            row_repeat = 1
            elem.clear()
        elif tag == f"{ODS_TABLE}table-row":
            elem.clear()
    return percent, merged


def xls_percent_cells(content: bytes) -> dict[str, Cells]:
    """Sheet name → number cells of an .xls file whose format shows a percentage."""
    import xlrd  # imported here: only .xls files need it

    book = xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=True,
                              logfile=_Discard())
    try:
        styles = {i for i, xf in enumerate(book.xf_list)
                  if xf.format_key in book.format_map
                  and is_percent_code(book.format_map[xf.format_key].format_str)}
        if not styles:
            return {}
        found: dict[str, Cells] = {}
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            cells = {(r, c) for r in range(sheet.nrows) for c in range(sheet.row_len(r))
                     if sheet.cell_type(r, c) == xlrd.XL_CELL_NUMBER
                     and sheet.cell_xf_index(r, c) in styles}
            if cells:
                found[name] = cells
            book.unload_sheet(index)
        return found
    finally:
        book.release_resources()


class _Discard:
    """xlrd writes warnings to a log file; they mean nothing to the user."""

    def write(self, _text: str) -> None:
        pass

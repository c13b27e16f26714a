"""Bounds on what an uploaded file can make a reader build, checked before the reader runs.

Each reader allocates for a reason of its own, and each reason is bounded here from the
bytes, before the reader sees them (``docs/security.md`` lists every number):

- calamine turns a sheet into a dense grid from A1 to the farthest cell that holds a value:
  one cell at A1 and one at XFD1048576 ask for 17 billion cells. The grid of every sheet
  (``<c r="…">`` positions, ODF repeats, BIFF cell records) and its declared size
  (``<dimension ref>``, BIFF ``DIMENSIONS``) are bounded (``MAX_SHEET_CELLS``, ``MAX_BOOK_CELLS``).
- OpenDocument repeats a row or a cell ``number-rows-repeated`` × ``number-columns-repeated``
  times: a 1,5 KB .ods can stand for 10⁸ cells. Repeats count in full.
- python-docx (lxml) builds a tree of every element of every XML part: elements and depth are
  counted (``MAX_XML_ELEMENTS``, ``MAX_XML_DEPTH``).
- Every zip-based format: entries, uncompressed size (declared, and enforced while inflating:
  ``zipfile`` stops at the declared size and checks the CRC), compression ratio, one part's size.
- .xls: the OLE2 container's sector chains are walked with loop detection, BIFF records counted.

The caller runs all this, and the reader after it, in a worker process with CPU and memory
limits (``etl.worker``): these checks give a precise Vietnamese reason fast, the limits stop
anything they miss. A refusal is a :class:`Refusal` (a problem code and its parameters).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from xml.parsers import expat

from core.formatting import fmt_number
from etl.problems import column_letter

MB = 1024 * 1024
MAX_ZIP_ENTRIES = 1_000  # a real workbook or report has a few dozen
MAX_UNCOMPRESSED_BYTES = 256 * MB  # all entries together, once inflated
MAX_PART_BYTES = 128 * MB  # one entry, once inflated
MAX_COMPRESSION_RATIO = 200  # whole archive; real files stay well under 100
MAX_SHEETS = 100
MAX_SHEET_CELLS = 5_000_000  # grid from A1 to the farthest value of one sheet (rows × columns)
MAX_BOOK_CELLS = 10_000_000  # the grids of all sheets together
MAX_SHARED_STRINGS = 1_000_000
MAX_XML_ELEMENTS = 2_000_000  # elements of one report's XML parts together (.docx)
MAX_XML_DEPTH = 256  # nesting of elements (.docx, .ods)
MAX_XLS_RECORDS = 5_000_000  # BIFF records of an .xls workbook stream

EXCEL_COLUMNS = 16_384  # XFD
# What a damaged archive raises while its directory or an entry is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError,
              NotImplementedError, RuntimeError)
EXCEL_ROWS = 1_048_576


@dataclass
class Refusal(Exception):
    """Why a file is not read: a problem code (``etl.<code>``) and its parameters."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.code


def _mb(size: int) -> str:
    return fmt_number(round(size / MB, 1))


def _n(count: int) -> str:
    return fmt_number(count)


# --- zip --------------------------------------------------------------------------------


def open_zip(content: bytes, file_name: str) -> zipfile.ZipFile:
    """The archive once its directory is within bounds; Refusal otherwise.

    ``zipfile.BadZipFile`` (and the like) propagate for the caller to name the format.
    """
    archive = zipfile.ZipFile(BytesIO(content))
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise Refusal("too_many_parts", {"file": file_name, "count": _n(len(infos)),
                                         "limit": _n(MAX_ZIP_ENTRIES)})
    total = sum(max(i.file_size, 0) for i in infos)
    packed = sum(max(i.compress_size, 0) for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise Refusal("zip_bomb", {"file": file_name})
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise Refusal("part_too_large", {"file": file_name, "part": info.filename,
                                             "limit": _mb(MAX_PART_BYTES)})
    return archive


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One entry inflated, never more than its declared size (which ``open_zip`` bounded):
    ``zipfile`` stops there and raises BadZipFile when the data disagrees."""
    with archive.open(name) as stream:
        return stream.read(MAX_PART_BYTES + 1)


def xml_elements(xml: bytes) -> int:
    """Start tags in an XML text, counted in C: every ``<`` that does not open an end tag,
    a processing instruction, a comment, CDATA or a declaration. An upper bound (a ``<``
    inside CDATA or a comment counts too), exact for real files."""
    return (xml.count(b"<") - xml.count(b"</") - xml.count(b"<?") - xml.count(b"<!"))


# How many times ``follows`` looks at its rare byte before it searches the pair itself.
RARE_BYTE_LOOKS = 64


def follows(xml: bytes, byte: bytes, before: bytes) -> bool:
    """Whether ``byte`` comes right after one of the bytes ``before`` anywhere in ``xml``
    (``follows(x, b"f", b"<:")`` is ``b"<f" in x or b":f" in x``).

    A search for two bytes whose first one is as common as ``<`` runs at a tenth of the
    speed of ``find`` for one byte (``memchr``): so the rare ``byte`` is found alone and
    the byte before each look is checked; only a part holding it more than
    ``RARE_BYTE_LOOKS`` times is searched for the pairs."""
    at = xml.find(byte)
    for _ in range(RARE_BYTE_LOOKS):
        if at < 0:
            return False
        if at and xml[at - 1] in before:
            return True
        at = xml.find(byte, at + 1)
    return at >= 0 and any(bytes((first,)) + byte in xml for first in before)


def refuse_dtd(xml: bytes, file_name: str, part: str) -> None:
    """Office and OpenDocument parts never declare a DTD; one that does may define entities.
    (Both start ``<!``: a part without one, nearly every part, is passed after one scan.)"""
    if follows(xml, b"!", b"<") and (b"<!DOCTYPE" in xml or b"<!ENTITY" in xml):
        raise Refusal("unsafe_xml", {"file": file_name, "part": part})


# --- sheet grids ------------------------------------------------------------------------


@dataclass
class Grid:
    """The farthest row and column (1-based) holding a value, and how many cells do."""

    rows: int = 0
    columns: int = 0
    cells: int = 0

    @property
    def area(self) -> int:
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _cell_name(row: int, column: int) -> str:
    return f"{column_letter(max(column, 1) - 1)}{max(row, 1)}"


def _check_grid(grid: Grid, sheet: str, file_name: str) -> None:
    if grid.area > MAX_SHEET_CELLS or grid.cells > MAX_SHEET_CELLS:
        raise Refusal("sheet_too_large", {
            "file": file_name, "sheet_name": sheet, "last": _cell_name(grid.rows, grid.columns),
            "cells": _n(max(grid.area, grid.cells)), "limit": _n(MAX_SHEET_CELLS)})


def _check_declared(rows: int, columns: int, sheet: str, file_name: str, ref: str) -> None:
    if rows * columns > MAX_SHEET_CELLS:
        raise Refusal("declared_range_too_large", {
            "file": file_name, "sheet_name": sheet, "range": ref, "cells": _n(rows * columns),
            "limit": _n(MAX_SHEET_CELLS)})


# The fast bound (``_xlsx_grid_quick``): C-level scans of the sheet XML, each regular
# expression anchored on a literal (``<c``, ``:c``, ``r``, ``r="``).
_CELL_WITHOUT_R = re.compile(rb'<c(?=[\s>/])(?! r=")')
# An element or attribute whose local name is "c" behind a prefix (``<x:c``): a cell the
# bound cannot see.
_PREFIXED_CELL = re.compile(rb":c(?![\w.\-:\x80-\xff])")
_ODD_ATTRIBUTE = re.compile(rb"r(?:\s*=\s*'|\s+=|=\s)")
_WIDE = re.compile(rb'r="[A-Za-z]{2}')  # a position of two letters or more
_TOO_WIDE = re.compile(rb'r="[A-Za-z]{4}')
_LETTERS = {n: re.compile(rb'r="[A-Za-z]{%d}\d' % n) for n in (1, 2, 3)}  # exactly n
# The same XML with every letter made "A", every digit "0" and every white space and
# single quote " ": ``…A00000"`` is a number of exactly five digits after a letter, and an
# odd attribute (``r='…'``, ``r = "…"``) needs ``= `` or `` =``, each found by a plain
# byte search.
_SHAPES = bytes(
    ord("A") if chr(b).isascii() and chr(b).isalpha() else ord("0") if 48 <= b <= 57 else
    ord(" ") if b in b" \t\n\r\f\v'" else b for b in range(256))
_COLUMNS_WITH_LETTERS = {0: 0, 1: 26, 2: 702, 3: 18_278}


def _xlsx_grid_quick(xml: bytes) -> Grid | None:
    """An upper bound of the grid from a few C-level scans, or None when the sheet is
    written in a way this bound does not cover (then ``_xlsx_grid_exact`` runs).

    It holds when every cell element is written ``<c r="…"`` without a namespace prefix
    (what Excel, LibreOffice, Google Sheets and openpyxl write) and every ``r`` attribute
    ``r="…"``: calamine then places each cell at its ``r``. The bound takes the most
    letters of any ``r="…"`` position (26, 702 or 18.278 columns; any ASCII letter counts,
    a lower-case r too) and the longest run of digits after a letter and before a quote
    anywhere (10^k − 1 rows). One letter and at most five digits (up to row 99.999,
    column Z: the usual big sheet) is settled without a scan per possible length.
    """
    if _CELL_WITHOUT_R.search(xml) or _PREFIXED_CELL.search(xml):
        return None
    shapes = xml.translate(_SHAPES)
    if (b"= " in shapes or b" =" in shapes) and _ODD_ATTRIBUTE.search(xml):
        return None  # an attribute written another way: let the exact scan read it
    if _WIDE.search(xml) is None:
        letters = 1 if _LETTERS[1].search(xml) else 0
    elif _TOO_WIDE.search(xml):
        return Grid(EXCEL_ROWS, EXCEL_COLUMNS * 26, 0)
    else:
        letters = max((n for n in (3, 2, 1) if _LETTERS[n].search(xml)), default=0)
    longest = 9 if b"A000000" in shapes else 5  # no six digits after a letter: at most 5
    if longest == 9 and b"A" + b"0" * 10 in shapes:
        return Grid(10**10, _COLUMNS_WITH_LETTERS[letters], 0)
    digits = next((n for n in range(longest, 0, -1) if b"A" + b"0" * n + b'"' in shapes), 0)
    grid = Grid(10**digits - 1, _COLUMNS_WITH_LETTERS[letters], 0)
    if grid.area > MAX_SHEET_CELLS and digits:
        # Closer: the largest of the longest row numbers (usually a few rows at the end).
        # A shorter number is below 10^(digits−1), whatever zeros lead the longer ones.
        longest = re.findall(rb'r="[A-Za-z]+(\d{%d})"' % digits, xml)
        grid.rows = max([10 ** (digits - 1) - 1, *map(int, longest)])
    if grid.area > MAX_SHEET_CELLS and letters > 1:
        names = set(re.findall(rb'r="([A-Za-z]{%d})\d' % letters, xml))
        grid.columns = max((_column_number(n) for n in names), default=grid.columns)
    return grid


class _Stop(Exception):
    """The exact scan has seen enough to refuse."""


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _xlsx_grid_exact(xml: bytes, sheet: str, file_name: str) -> Grid:
    """The grid as calamine lays it out, read with expat: a cell's own ``r`` when it has
    one, else the next column of the row; a row's ``r`` when it has one, else the next
    row. A cell counts when it has a child element (a value, an inline string, a
    formula: an upper bound of what calamine keeps). Stops as soon as a bound is passed.
    """
    grid = Grid()
    state = {"row": 0, "col": 0, "cell": None, "depth": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        state["depth"] += 1
        if state["cell"] is not None:
            row, col = state["cell"]
            state["cell"] = None
            grid.cells += 1
            grid.rows, grid.columns = max(grid.rows, row + 1), max(grid.columns, col + 1)
            if grid.area > MAX_SHEET_CELLS or grid.cells > MAX_SHEET_CELLS:
                raise _Stop
        if local == "row":
            ref = attrs.get("r")
            if ref is not None and ref.isdigit():
                state["row"] = int(ref) - 1
        elif local == "c":
            ref = attrs.get("r")
            if ref is not None:
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters):]
                if not (letters.isascii() and letters.isalpha() and digits.isdigit()):
                    return  # calamine refuses the file there
                col = _column_number(letters.encode()) - 1
                state["col"] = col
                state["cell"] = (int(digits) - 1, col)
            else:
                state["cell"] = (state["row"], state["col"])
            state["col"] += 1

    def end(name: str) -> None:
        local = _local(name)
        if local == "row":
            state["row"] += 1
            state["col"] = 0
        elif local == "c":
            state["cell"] = None

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    # Malformed XML: calamine fails on it too; what was seen so far is the bound.
    with contextlib.suppress(_Stop, expat.ExpatError):
        parser.Parse(xml, True)
    _check_grid(grid, sheet, file_name)
    return grid


def _declared_dimension(xml: bytes) -> tuple[str, int, int] | None:
    """``<dimension ref="A1:D20"/>`` near the top of a sheet as (ref, rows, columns)."""
    head = xml[: xml.find(b"sheetData") if b"sheetData" in xml else 65_536]
    at = head.find(b"dimension")
    if at < 0:
        return None
    quote = head.find(b'ref="', at)
    if quote < 0:
        return None
    end = head.find(b'"', quote + 5)
    ref = head[quote + 5:end].decode("ascii", "replace")
    corners = []
    for part in ref.split(":"):
        letters = part.rstrip("0123456789")
        digits = part[len(letters):]
        if not (letters.isascii() and letters.isalpha() and digits.isdigit()) or len(
                digits) > 12 or len(letters) > 6:
            return None
        corners.append((int(digits), _column_number(letters.encode())))
    if not corners:
        return None
    return ref, max(r for r, _ in corners), max(c for _, c in corners)


@dataclass
class _GridScan:
    """What the fast scans found in one worksheet part: its declared range and the quick
    bound (None: the exact scan must read the part)."""

    declared: tuple[str, int, int] | None
    quick: Grid | None


def _scan_grid(xml: bytes) -> _GridScan:
    quick = _xlsx_grid_quick(xml)
    if quick is not None and quick.area > MAX_SHEET_CELLS:
        quick = None
    return _GridScan(_declared_dimension(xml), quick)


def _checked_grid(scan: _GridScan, xml: bytes | None, sheet: str, file_name: str) -> Grid:
    if scan.declared is not None:
        ref, rows, columns = scan.declared
        _check_declared(rows, columns, sheet, file_name, ref)
    if scan.quick is not None:
        return scan.quick
    assert xml is not None
    return _xlsx_grid_exact(xml, sheet, file_name)


def xlsx_sheet_grid(xml: bytes, sheet: str, file_name: str) -> Grid:
    """The bounded grid of one worksheet part; Refusal when it is too large."""
    return _checked_grid(_scan_grid(xml), xml, sheet, file_name)


@dataclass
class SheetPart:
    name: str
    path: str


def _workbook_sheets(archive: zipfile.ZipFile, file_name: str) -> list[SheetPart]:
    """Sheets named in ``xl/workbook.xml`` and the parts their relationships point to."""
    book = read_part(archive, "xl/workbook.xml")
    refuse_dtd(book, file_name, "xl/workbook.xml")
    names: list[tuple[str, str]] = []

    def on_book(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            names.append((attrs.get("name", ""), rid))
            if len(names) > MAX_SHEETS:
                raise _Stop

    _parse(book, on_book)
    if len(names) > MAX_SHEETS:
        raise Refusal("too_many_sheets", {"file": file_name, "limit": _n(MAX_SHEETS)})
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        rels = read_part(archive, "xl/_rels/workbook.xml.rels")
        refuse_dtd(rels, file_name, "xl/_rels/workbook.xml.rels")

        def on_rel(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship":
                targets[attrs.get("Id", "")] = attrs.get("Target", "")

        _parse(rels, on_rel)
    parts = []
    for name, rid in names:
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts.append(SheetPart(name, path))
    return parts


def _parse(xml: bytes, on_start) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = on_start
    # Malformed XML: calamine refuses the file and says so; we bound what we saw.
    with contextlib.suppress(_Stop, expat.ExpatError):
        parser.Parse(xml, True)


def _string_items(strings: bytes) -> int:
    return strings.count(b"<si>") + strings.count(b"<si ") + strings.count(b":si>") + \
        strings.count(b":si ")


def mentions_formula(xml: bytes) -> bool:
    """Whether a worksheet's XML may hold a formula (``<f>``, or ``<x:f>`` with a prefix);
    False is certain."""
    return follows(xml, b"f", b"<:")


def check_xlsx(archive: zipfile.ZipFile, file_name: str) -> set[str]:
    """Sheets, shared strings and every sheet's grid of an .xlsx/.xlsm within bounds;
    returns the worksheet parts that hold no formula (``mentions_formula``), so the
    formula scan (``etl.formulas``) need not inflate them again.

    Each XML part is inflated once: the DTD check of every part also runs the fast grid
    scans of the worksheets and counts the shared strings; the refusals then come in the
    order they always did (a DTD in any part, too many sheets, too many strings, the
    grids sheet by sheet). Only a sheet the fast scans cannot bound is inflated again,
    for the exact scan."""
    names = set(archive.namelist())
    scans: dict[str, _GridScan] = {}
    without_formulas: set[str] = set()
    string_items: int | None = None
    for name in names:
        if name.endswith((".xml", ".rels")):
            xml = read_part(archive, name)
            refuse_dtd(xml, file_name, name)
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                scans[name] = _scan_grid(xml)
                if not mentions_formula(xml):
                    without_formulas.add(name)
            elif name == "xl/sharedStrings.xml":
                string_items = _string_items(xml)
            del xml
    sheets = _workbook_sheets(archive, file_name)
    worksheets = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    if len(worksheets) > MAX_SHEETS:
        raise Refusal("too_many_sheets", {"file": file_name, "limit": _n(MAX_SHEETS)})
    if "xl/sharedStrings.xml" in names:
        count = string_items if string_items is not None else _string_items(
            read_part(archive, "xl/sharedStrings.xml"))
        if count > MAX_SHARED_STRINGS:
            raise Refusal("too_many_strings", {"file": file_name, "count": _n(count),
                                               "limit": _n(MAX_SHARED_STRINGS)})
    by_path = {s.path: s.name for s in sheets}
    total = 0
    for path in sorted(worksheets | {s.path for s in sheets if s.path in names}):
        scan = scans.get(path)
        sheet = by_path.get(path, path)
        if scan is None:
            grid = xlsx_sheet_grid(read_part(archive, path), sheet, file_name)
        else:
            grid = _checked_grid(scan, read_part(archive, path) if scan.quick is None
                                 else None, sheet, file_name)
        total += grid.area
        if total > MAX_BOOK_CELLS:
            raise Refusal("workbook_too_large", {"file": file_name, "cells": _n(total),
                                                 "limit": _n(MAX_BOOK_CELLS)})
    return without_formulas


# --- OpenDocument -----------------------------------------------------------------------


def _repeat(attrs: dict[str, str], which: str) -> int:
    for key, value in attrs.items():
        if _local(key) == which:
            return int(value) if value.isdigit() else 1
    return 1


def check_ods(archive: zipfile.ZipFile, file_name: str) -> None:
    """Tables, repeated rows and cells of an .ods within bounds (``content.xml`` read
    with expat; a repeated row or cell counts as many times as it repeats)."""
    for name in archive.namelist():
        if name.endswith(".xml"):
            refuse_dtd(read_part(archive, name), file_name, name)
    if "content.xml" not in archive.namelist():
        return
    content = read_part(archive, "content.xml")
    state: dict = {"tables": 0, "sheet": "", "row": 0, "rows_repeat": 1, "col": 0,
                   "cell": None, "grid": Grid(), "total": 0, "depth": 0}

    def close_table() -> None:
        grid = state["grid"]
        state["total"] += grid.area
        state["grid"] = Grid()

    def store(cell: tuple[int, int]) -> None:
        col, repeat = cell
        grid, rows = state["grid"], state["rows_repeat"]
        grid.cells += repeat * rows
        grid.rows = max(grid.rows, state["row"] + rows)
        grid.columns = max(grid.columns, col + repeat)
        _check_grid(grid, state["sheet"], file_name)
        if state["total"] + grid.area > MAX_BOOK_CELLS:
            raise Refusal("workbook_too_large", {"file": file_name,
                                                 "cells": _n(state["total"] + grid.area),
                                                 "limit": _n(MAX_BOOK_CELLS)})

    def start(name: str, attrs: dict[str, str]) -> None:
        state["depth"] += 1
        if state["depth"] > MAX_XML_DEPTH:
            raise Refusal("xml_too_complex", {"file": file_name, "part": "content.xml",
                                              "limit": _n(MAX_XML_ELEMENTS),
                                              "depth": MAX_XML_DEPTH})
        local = _local(name)
        if state["cell"] is not None:  # a child of a cell: its text holds a value
            store(state["cell"])
            state["cell"] = None
        if local == "table":
            state["tables"] += 1
            if state["tables"] > MAX_SHEETS:
                raise Refusal("too_many_sheets", {"file": file_name, "limit": _n(MAX_SHEETS)})
            state["sheet"] = next((v for k, v in attrs.items() if _local(k) == "name"), "")
            state["row"] = 0
        elif local == "table-row":
            state["rows_repeat"] = _repeat(attrs, "number-rows-repeated")
            state["col"] = 0
        elif local in ("table-cell", "covered-table-cell"):
            repeat = _repeat(attrs, "number-columns-repeated")
            cell = (state["col"], repeat)
            state["col"] += repeat
            if any(_local(k) == "value-type" for k in attrs):
                store(cell)
            else:
                state["cell"] = cell

    def end(name: str) -> None:
        state["depth"] -= 1
        local = _local(name)
        if local in ("table-cell", "covered-table-cell"):
            state["cell"] = None
        elif local == "table-row":
            state["row"] += state["rows_repeat"]
            state["rows_repeat"] = 1
        elif local == "table":
            close_table()

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(content, True)
    except expat.ExpatError:
        return  # calamine fails on it and says so


# --- Word -------------------------------------------------------------------------------


def check_docx(archive: zipfile.ZipFile, file_name: str) -> None:
    """Every XML part of a .docx: no DTD, elements (all parts together) and depth bounded.

    python-docx parses each XML part into an lxml tree at once: a 2 MB .docx can hold a
    200 MB ``document.xml`` of small elements (several GB as a tree). Counted in C first,
    then the depth by expat (a bounded number of elements by then).
    """
    parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    blobs = []
    total = 0
    for name in parts:
        xml = read_part(archive, name)
        refuse_dtd(xml, file_name, name)
        total += xml_elements(xml)
        if total > MAX_XML_ELEMENTS:
            raise Refusal("xml_too_complex", {"file": file_name, "part": name,
                                              "limit": _n(MAX_XML_ELEMENTS),
                                              "depth": MAX_XML_DEPTH})
        blobs.append((name, xml))
    for name, xml in blobs:
        if _depth(xml) > MAX_XML_DEPTH:
            raise Refusal("xml_too_complex", {"file": file_name, "part": name,
                                              "limit": _n(MAX_XML_ELEMENTS),
                                              "depth": MAX_XML_DEPTH})


def _depth(xml: bytes) -> int:
    """Deepest nesting of elements (stops counting past MAX_XML_DEPTH)."""
    state = {"depth": 0, "deepest": 0}

    def start(_name: str, _attrs: dict[str, str]) -> None:
        state["depth"] += 1
        if state["depth"] > state["deepest"]:
            state["deepest"] = state["depth"]
            if state["deepest"] > MAX_XML_DEPTH:
                raise _Stop

    def end(_name: str) -> None:
        state["depth"] -= 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(_Stop, expat.ExpatError):
        parser.Parse(xml, True)
    return state["deepest"]


# --- .xls (BIFF8 in an OLE2 compound file) ------------------------------------------------

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x0201, 0x00D6, 0x0406}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column … last column
_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _SST = 0x0809, 0x000A, 0x0085, 0x0200, 0x00FC


class _Ole:
    """Just enough of the compound file format to find one stream, every chain walked
    with loop and range checks (a cyclic chain is how such a file hangs a reader)."""

    def __init__(self, data: bytes, file_name: str):
        self.data, self.file_name = data, file_name
        if len(data) < 512:
            raise self.damaged()
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise self.damaged()
        self.size = 1 << shift
        self.sectors = (len(data) - 512) // self.size + 1
        fat_count, self.dir_start = struct.unpack_from("<II", data, 44)
        self.mini_cutoff, self.mini_fat_start, _mini_count, difat_start, difat_count = \
            struct.unpack_from("<IIIII", data, 56)
        difat = list(struct.unpack_from("<109I", data, 76))
        seen = set()
        sector = difat_start
        for _ in range(difat_count):
            if sector in seen or sector >= self.sectors:
                raise self.damaged()
            seen.add(sector)
            entries = struct.unpack_from(f"<{self.size // 4}I", data, self.offset(sector))
            difat.extend(entries[:-1])
            sector = entries[-1]
        fat_sectors = [s for s in difat if s not in (_FREE, _END_OF_CHAIN)][:fat_count]
        if any(s >= self.sectors for s in fat_sectors):
            raise self.damaged()
        self.fat: list[int] = []
        for s in fat_sectors:
            self.fat.extend(struct.unpack_from(f"<{self.size // 4}I", data, self.offset(s)))

    def damaged(self) -> Refusal:
        return Refusal("unreadable", {"file": self.file_name})

    def offset(self, sector: int) -> int:
        return 512 + sector * self.size

    def chain(self, start: int, table: list[int], limit: int) -> Iterator[int]:
        seen: set[int] = set()
        sector = start
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector in seen or sector >= min(len(table), limit):
                raise self.damaged()
            seen.add(sector)
            yield sector
            sector = table[sector]

    def read(self, start: int, size: int) -> bytes:
        chunks = [self.data[self.offset(s):self.offset(s) + self.size]
                  for s in self.chain(start, self.fat, self.sectors)]
        return b"".join(chunks)[:size]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        directory = self.read(self.dir_start, self.sectors * self.size)
        root_start = root_size = 0
        for at in range(0, len(directory) - 127, 128):
            entry = directory[at:at + 128]
            length = struct.unpack_from("<H", entry, 64)[0]
            name = entry[:max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            kind = entry[66]
            start, size = struct.unpack_from("<II", entry, 116)
            if kind == 5:
                root_start, root_size = start, size
            elif kind == 2 and name in names:
                if size < self.mini_cutoff:  # a tiny stream lives in the mini stream
                    mini = self.read(root_start, root_size)
                    mini_fat_raw = self.read(self.mini_fat_start, self.sectors * self.size)
                    mini_fat = list(struct.unpack(f"<{len(mini_fat_raw) // 4}I", mini_fat_raw))
                    sectors = self.chain(start, mini_fat, len(mini) // 64 + 1)
                    return b"".join(mini[s * 64:s * 64 + 64] for s in sectors)[:size]
                return self.read(start, size)
        return None


def check_xls(content: bytes, file_name: str) -> None:
    """An .xls workbook stream within bounds: its OLE2 chains sound, at most
    ``MAX_XLS_RECORDS`` records, ``MAX_SHEETS`` sheets, ``MAX_SHARED_STRINGS`` strings, and
    each sheet's declared (``DIMENSIONS``) and real (cell records) grid bounded."""
    try:
        ole = _Ole(content, file_name)
        book = ole.stream(("Workbook", "Book"))
        if book is None:
            raise Refusal("unreadable", {"file": file_name})
        _check_biff(book, file_name)
    except (struct.error, IndexError, ValueError, OverflowError):
        raise Refusal("unreadable", {"file": file_name}) from None


def _check_biff(book: bytes, file_name: str) -> None:
    at, records, sheets, total, bofs = 0, 0, 0, 0, 0
    grid, sheet = Grid(), ""
    names: list[str] = []
    end = len(book)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", book, at)
        body = book[at + 4:at + 4 + length]
        at += 4 + length
        records += 1
        if records > MAX_XLS_RECORDS:
            raise Refusal("too_many_records", {"file": file_name, "limit": _n(MAX_XLS_RECORDS)})
        if kind == _BOUNDSHEET:
            sheets += 1
            if sheets > MAX_SHEETS:
                raise Refusal("too_many_sheets", {"file": file_name, "limit": _n(MAX_SHEETS)})
            names.append(_biff_sheet_name(body))
        elif kind == _SST and len(body) >= 8:
            unique = struct.unpack_from("<I", body, 4)[0]
            if unique > MAX_SHARED_STRINGS:
                raise Refusal("too_many_strings", {"file": file_name, "count": _n(unique),
                                                   "limit": _n(MAX_SHARED_STRINGS)})
        elif kind == _BOF:
            grid = Grid()
            bofs += 1  # the first opens the workbook globals, each next one a sheet
            sheet = names[bofs - 2] if 2 <= bofs <= len(names) + 1 else ""
        elif kind == _DIMENSIONS and len(body) >= 12:
            _first_row, last_row, _first_col, last_col = struct.unpack_from("<IIHH", body, 0)
            _check_declared(last_row, last_col, sheet, file_name,
                            f"A1:{_cell_name(last_row, last_col)}")
        elif kind in _CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body, 0)
            _grow(grid, row, col, 1, sheet, file_name)
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body, 0)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            _grow(grid, row, max(first, last), max(last - first + 1, 1), sheet, file_name)
        elif kind == _EOF:
            total += grid.area
            if total > MAX_BOOK_CELLS:
                raise Refusal("workbook_too_large", {"file": file_name, "cells": _n(total),
                                                     "limit": _n(MAX_BOOK_CELLS)})
            grid = Grid()


def _grow(grid: Grid, row: int, col: int, cells: int, sheet: str, file_name: str) -> None:
    grid.cells += cells
    grid.rows, grid.columns = max(grid.rows, row + 1), max(grid.columns, col + 1)
    _check_grid(grid, sheet, file_name)


def _biff_sheet_name(body: bytes) -> str:
    if len(body) < 8:
        return ""
    length, wide = body[6], body[7] & 1
    raw = body[8:8 + length * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


# --- plain text and PDF ---------------------------------------------------------------

MAX_TEXT_CHARS = 2_000_000  # a report's text (a .txt, or what a .pdf or .docx holds)
MAX_PDF_PAGES = 500


def check_text_size(chars: int, file_name: str) -> None:
    if chars > MAX_TEXT_CHARS:
        raise Refusal("text_too_long", {"file": file_name, "count": _n(chars),
                                        "limit": _n(MAX_TEXT_CHARS)})


def check_pages(pages: int, file_name: str) -> None:
    if pages > MAX_PDF_PAGES:
        raise Refusal("too_many_pages", {"file": file_name, "count": _n(pages),
                                         "limit": _n(MAX_PDF_PAGES)})

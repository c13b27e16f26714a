"""Formulas without a cached value in an .xlsx/.xlsm file.

Excel stores each formula's last result beside it (``<c><f>…</f><v>42</v></c>``); files
written by programs often store none, and calamine then reads an empty cell. We find those
cells by reading the sheet XML with ``defusedxml`` — only for sheets that contain a formula
at all, found by a cheap byte search first — so a blank caused by a formula is reported as
such instead of being taken as "no data".
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection
from io import BytesIO

from defusedxml import ElementTree

from etl.containers import mentions_formula

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the archive."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL_NS}Relationship")}
    paths: dict[str, str] = {}
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        paths[sheet.get("name", "")] = path
    return paths


def _uncached_in(xml: bytes) -> set[tuple[int, int]]:
    cells: set[tuple[int, int]] = set()
    for _event, elem in ElementTree.iterparse(BytesIO(xml), events=("end",)):
        if elem.tag != f"{MAIN_NS}c":
            continue
        if elem.find(f"{MAIN_NS}f") is not None:
            cached = elem.find(f"{MAIN_NS}v")
            if cached is None or not (cached.text or "").strip():
                m = _REF.match(elem.get("r", ""))
                if m:
                    cells.add((int(m.group(2)) - 1, _col_index(m.group(1))))
        elem.clear()
    return cells


def uncached_formulas(content: bytes, without: Collection[str] = ()
                      ) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → 0-based (row, column) of formula cells that have no cached value.

    Only for the zip-based Excel formats; {} for anything else. Raises what defusedxml
    raises on a hostile XML part (the caller turns it into a message). ``without``: parts
    already known to hold no formula (``etl.containers.check_xlsx`` inflated them), not
    read again.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        if "xl/workbook.xml" not in archive.namelist():
            return {}
        paths = _sheet_paths(archive)
    except (zipfile.BadZipFile, KeyError):
        return {}
    found: dict[str, set[tuple[int, int]]] = {}
    for name, path in paths.items():
        if path in without:
            continue
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        if not mentions_formula(xml):
            continue  # no formula at all: nothing to parse
        cells = _uncached_in(xml)
        if cells:
            found[name] = cells
    return found

"""Which cells break their data validation, as LibreOffice Calc judges them.

Run by the system Python (it needs LibreOffice's ``uno`` module, Debian's python3-uno),
never imported by the tests: ``python3 calc_invalid_cells.py PROFILE_DIR SHEET FILE…``
prints ``{"FILE": [[row, column], …]}`` (0-based) as JSON.

It starts a headless ``soffice`` with a throw-away profile, opens each workbook hidden and
calls the sheet's ``showInvalid()`` (Calc's Tools › Detective › Mark Invalid Data): Calc
evaluates every cell's validation rule — the real rule, with its defined names and named
lists — and circles each cell whose content it refuses. The circles are read back from
the sheet's draw page by the cell they are anchored to.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # LibreOffice's Python bridge (python3-uno)
from com.sun.star.beans import PropertyValue

CONNECT_TIMEOUT_S = 180  # a cold start on a busy 2-core machine takes its time


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, office: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def invalid_cells(desktop, path: str, sheet_name: str) -> list[list[int]]:
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
    try:
        sheet = doc.Sheets.getByName(sheet_name)
        sheet.showInvalid()
        page = sheet.DrawPage
        found = []
        for index in range(page.getCount()):
            shape = page.getByIndex(index)
            if shape.ShapeType != "com.sun.star.drawing.EllipseShape":
                continue
            address = shape.Anchor.CellAddress
            found.append([address.Row, address.Column])
        return sorted(found)
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    profile, sheet_name, files = argv[0], argv[1], argv[2:]
    pipe = f"calc_invalid_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         f"-env:UserInstallation={uno.systemPathToFileUrl(os.path.abspath(profile))}",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = _connect(pipe, office)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        result = {path: invalid_cells(desktop, path, sheet_name) for path in files}
        with contextlib.suppress(Exception):  # the bridge closes while soffice quits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Filling the downloaded submission template the way a person would in Excel."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from etl import layout


def template_facts(content: bytes) -> dict[str, object]:
    """Unit code, month text and indicator codes written in a template."""
    wb = load_workbook(BytesIO(content))
    info = wb[layout.SHEET_INFO]
    labels = {info.cell(r, 1).value: info.cell(r, 2).value for r in range(1, info.max_row + 1)}
    values = wb[layout.SHEET_VALUES]
    codes = [values.cell(r, 1).value for r in range(2, values.max_row + 1)
             if values.cell(r, 1).value]
    return {"unit": labels.get(layout.INFO_UNIT_CODE), "month": labels.get(layout.INFO_MONTH),
            "codes": codes}


def fill_template(content: bytes, figures: dict[str, float | int],
                  extra_rows: list[tuple[str, str, float | int]] = ()) -> bytes:
    """The template with ``figures`` (code → value) entered in the value column and
    ``extra_rows`` (code, name, value) appended below the catalogue's rows."""
    wb = load_workbook(BytesIO(content))
    ws = wb[layout.SHEET_VALUES]
    value_col = layout.VALUE_HEADERS.index("Giá trị") + 1
    last = 1
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row, 1).value
        if not code:
            continue
        last = row
        if code in figures:
            ws.cell(row, value_col, figures[code])
    for offset, (code, name, value) in enumerate(extra_rows, start=1):
        ws.cell(last + offset, 1, code)
        ws.cell(last + offset, 2, name)
        ws.cell(last + offset, value_col, value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

"""The template's data validation agrees with the loader (issue 12): each form a clerk may
type is judged by the validation formula of the generated template — evaluated by a real
spreadsheet engine (LibreOffice) — and by the loader, and they agree."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from etl.template import build_template, value_rule
from tests.etl.value_workbooks import book, xlsx

JAN = Month(2023, 1)
TODAY = date(2024, 6, 15)
# (unit, indicator) of each kind; form → accepted by the loader?
KINDS = {"count": ("TTKT", "TTKT_KD_PTD"), "amount": ("KHTC", "KHTC_GIAINGAN"),
         "percent": ("KHTC", "KHTC_TYLE_GIAINGAN")}
FORMS: list[object] = [
    5749, 0, 12.5, -3, 0.85, "5.749", "5749", "07", "khoảng 200", "Khoảng 200", "hơn 20",
    "trên 5.000", "gần 1.000", "xấp xỉ 10", "ước tính 50", "ước 50", "khoang 200",
    "hon 20", "12,5", "1.234,5", "85%", "khoảng 85%", "năm", "5 cái", "hơn", "abc 5",
    "-5", "khoảng -5", "hơn20", "5,749", "1,234,567",
]
# Forms the formula accepts and the loader refuses, on purpose: a formula cannot tell a
# number's convention (5,749) nor a count's fraction written as text; the loader's message
# says what to do. The other direction (the loader accepts, the formula refuses) is empty.
FORMULA_ONLY = {
    ("count", "12,5"), ("count", "1.234,5"), ("count", "5,749"), ("amount", "5,749"),
    ("percent", "5,749"), ("count", "1,234,567"), ("amount", "1,234,567"),
    ("percent", "1,234,567"),
}


def _loader_accepts(catalog: Catalog, kind: str, form: object) -> bool:
    unit, code = KINDS[kind]
    content = xlsx(book(unit, "01/2023", [[code, "", "", form, ""]]))
    result = validate_content(content, "a.xlsx", catalog, Context(today=TODAY))
    return result.ok


def _formula_verdicts(tmp_path: Path, catalog: Catalog) -> dict[tuple[str, object], bool]:
    """Every (kind, form) through the template's own validation formula, computed by
    LibreOffice: the formula of each indicator's cell, moved onto a cell holding the form."""
    verdicts: dict[tuple[str, object], bool] = {}
    for unit in sorted({u for u, _ in KINDS.values()}):
        wb = openpyxl.load_workbook(io.BytesIO(build_template(catalog, unit, JAN)))
        ws = wb["Chỉ tiêu"]
        rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation
                 if dv.type == "custom"}
        rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        probe = wb.create_sheet("Probe", 0)
        wb.active = 0
        line = 1
        order: list[tuple[str, object]] = []
        for kind, (owner, code) in KINDS.items():
            if owner != unit:
                continue
            origin = f"D{rows[code]}"
            assert rules[origin] == value_rule(origin, kind)
            for form in FORMS:
                probe.cell(row=line, column=1, value=form)
                moved = Translator("=" + rules[origin], origin=origin).translate_formula(
                    f"A{line}")
                probe.cell(row=line, column=2, value=moved)
                order.append((kind, form))
                line += 1
        source = tmp_path / f"{unit}.xlsx"
        wb.save(source)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "csv", "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=180)
        with open(tmp_path / f"{unit}.csv", encoding="utf-8") as handle:
            for (kind, form), row in zip(order, csv.reader(handle), strict=True):
                assert row[1] in ("TRUE", "FALSE"), (kind, form, row)
                verdicts[(kind, form)] = row[1] == "TRUE"
    return verdicts


# LibreOffice's spreadsheet part (Debian: libreoffice-calc-nogui) computes the formula.
CALC = shutil.which("soffice") is not None and any(
    Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                               "/opt/libreoffice/program/libsclo.so"))


@pytest.mark.skipif(not CALC, reason="LibreOffice Calc not installed (libreoffice-calc-nogui)")
def test_the_validation_formula_and_the_loader_agree(tmp_path: Path, catalog: Catalog):
    verdicts = _formula_verdicts(tmp_path, catalog)
    disagree = {}
    for (kind, form), formula in verdicts.items():
        loader = _loader_accepts(catalog, kind, form)
        if formula != loader:
            disagree[(kind, form)] = (formula, loader)
    assert not [k for k, (formula, loader) in disagree.items() if loader and not formula], \
        disagree  # the formula never refuses what the loader accepts
    assert set(disagree) == FORMULA_ONLY, disagree
    # the example, and the clear refusals
    for kind in KINDS:
        assert verdicts[(kind, "khoảng 200")] and verdicts[(kind, "hơn 20")]
        assert not verdicts[(kind, "năm")] and not verdicts[(kind, -3)]
        assert not verdicts[(kind, "5 cái")] and not verdicts[(kind, "hơn")]
    assert not verdicts[("count", 12.5)] and verdicts[("amount", 12.5)]
    assert not verdicts[("count", "85%")] and verdicts[("percent", "85%")]


def test_each_figure_cell_has_the_rule_of_its_kind(catalog: Catalog):
    wb = openpyxl.load_workbook(io.BytesIO(build_template(catalog, "KHTC", JAN)))
    ws = wb["Chỉ tiêu"]
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    for r in range(2, ws.max_row + 1):
        code = ws.cell(row=r, column=1).value
        kind = catalog.indicator(code).value_kind
        assert rules[f"D{r}"] == value_rule(f"D{r}", kind)
        assert len(rules[f"D{r}"]) <= 255  # Excel's limit for a validation formula
    assert {"_q_words", "_q_letters", "_num_chars", "_pct_chars"} <= set(wb.defined_names)
    assert wb["_ds"].sheet_state == "hidden"

"""The fast paths of validation give what the plain way gives (speed is measured in bench/).

Each optimised function is compared with a slow, obviously right reference on varied
inputs of our own making: the JSON of ``validate --json`` against ``json.dumps`` of
``to_json()``, the catalogue read from the database against the catalogue written.
"""

from __future__ import annotations

import io
import json
import random

import pytest

from core.months import Month
from etl.facts import Fact
from etl.model import ParsedSubmission, ParsedValue, ValidationResult, ValueColumns
from etl.problems import error, warning

TRICKY = ['Chỉ tiêu "trích dẫn"', "gạch \\ ngược", "xuống\ndòng\tvà\x01\x1f", "{0} {name}",
          "emoji 🙂 và 𝔘", "", " ", "ĐƠN VỊ Ω", "'nháy đơn'", "\u2028\u2029", "</script>"]


def _columns(rng: random.Random, sheet: str, months: int, rows: int,
             qualified: bool) -> list[tuple[Month, ValueColumns]]:
    codes = [rng.choice(TRICKY) + f"_{i}" for i in range(rows)]
    names = [rng.choice(TRICKY) for _ in range(rows)]
    excel_rows = sorted(rng.sample(range(2, 10 * rows + 3), rows))
    found = []
    for m in range(1, months + 1):
        values = ValueColumns()
        # The columns of one sheet share the code, name and row lists, as read_history does.
        values.add_column(sheet, f"{chr(66 + m)}", codes, names,
                          [rng.choice([0.0, 1.5, 1e-7, 123456789.125, 1e22, 7.0])
                           for _ in range(rows)], excel_rows,
                          [rng.choice([None, "khoảng", 'hơn "5"', "<"]) for _ in range(rows)]
                          if qualified else None)
        if m % 2:  # a second chunk in the same month, with lists of its own
            values.add_column(sheet + " 2", "Z", codes[:2], names[:2], [2.0, 3.0], [5, 6])
        values.add_column(sheet, "Y", [], [], [], [])  # empty: adds nothing
        found.append((Month(2022, m), values))
    return found


def _result(seed: int) -> ValidationResult:
    rng = random.Random(seed)
    result = ValidationResult(file_name='tệp "x".xlsx', sha256="ab" * 32, source="history",
                              unit="TTKT", month=Month(2022, 1),
                              month_source=Fact('T1/"2022"', "Lịch \\ sử", 1, 2))
    for month, values in _columns(rng, rng.choice(TRICKY) or "Lịch sử", 1 + seed % 4,
                                  1 + seed * 7 % 40, qualified=bool(seed % 2)):
        result.submissions.append(ParsedSubmission(rng.choice(["TTKT", "Đơn \"vị\""]),
                                                   month, values))
    plain = [ParsedValue(f"C{i}", rng.choice(TRICKY), float(i), rng.choice([None, "khoảng"]),
                         None, rng.choice([None, "S\\1"]), rng.choice([None, 3]),
                         rng.choice([None, "D"])) for i in range(seed % 5)]
    result.submissions.append(ParsedSubmission("VP", Month(2021, 12), plain))
    result.problems = [error("unknown_unit", 'Sheet "1"', 3, "B", unit="X\\Y\n"),
                       warning("outlier", None, name="Tên 🙂", value="1,5", low="1",
                               high="2", count=6)]
    return result


@pytest.mark.parametrize("seed", range(12))
def test_write_json_reads_back_as_to_json(seed: int) -> None:
    result = _result(seed)
    out = io.StringIO()
    result.write_json(out)
    text = out.getvalue()
    assert json.loads(text) == result.to_json()
    assert "NaN" not in text and text.endswith("}\n")
    values = result.to_json()["values"]
    assert len(text.split("\n")) == len(values) + 3  # one figure a line (and U+2028 raw)


def test_write_json_of_no_figures_and_of_only_plain_figures() -> None:
    empty = ValidationResult(file_name="e.xlsx", sha256="0")
    plain = ValidationResult(file_name="p.xlsx", sha256="1")
    plain.submissions.append(ParsedSubmission("TTKT", Month(2023, 5), [
        ParsedValue("A", 'a "b"', 1.0, None, "ghi chú", "S", 2, "D")]))
    empty_columns = ValidationResult(file_name="c.xlsx", sha256="2")
    empty_columns.submissions.append(ParsedSubmission("TTKT", Month(2023, 5), ValueColumns()))
    for result in (empty, plain, empty_columns):
        out = io.StringIO()
        result.write_json(out)
        assert json.loads(out.getvalue()) == result.to_json()


def test_the_figure_text_is_json_dumps_of_each_figure() -> None:
    """Beyond equal meaning: each line is a JSON object, the keys in to_json's order."""
    result = _result(3)
    out = io.StringIO()
    result.write_json(out)
    lines = out.getvalue().split("\n")[1:-2]
    expected = result.to_json()["values"]
    assert [list(json.loads(line.rstrip(","))) for line in lines] == [
        list(v) for v in expected]
    assert [json.loads(line.rstrip(",")) for line in lines] == expected


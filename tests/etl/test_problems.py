"""Problems carry a code and parameters; the Vietnamese text is rendered when shown."""

from __future__ import annotations

import dataclasses
import json
import string
from datetime import date

import pytest

from core.messages import Key, catalogue, json_safe, t
from core.months import Month
from etl.narrative.model import NarrativeError
from etl.problems import Problem, error, problem_message, warning
from etl.safety import inspect_bytes


def test_a_problem_stores_no_text() -> None:
    assert "message" not in {f.name for f in dataclasses.fields(Problem)}
    p = error("unknown_unit", "Thông tin", 3, "B", unit="XYZ")
    assert (p.code, dict(p.params), p.sheet, p.row, p.column) == (
        "unknown_unit", {"unit": "XYZ"}, "Thông tin", 3, "B")


@pytest.mark.parametrize("code", sorted(
    {k.removeprefix("etl.").removesuffix("_fix") for k in catalogue() if k.endswith("_fix")
     and k.startswith("etl.")}))
def test_message_is_the_text_and_its_fix(code: str) -> None:
    params = _params_for(code)
    assert problem_message(code, params) == (
        f"{t(f'etl.{code}', **params)} {t(f'etl.{code}_fix', **params)}")


def test_message_without_a_fix_is_the_text_alone() -> None:
    codes = [k.removeprefix("etl.") for k in catalogue() if k.startswith("etl.")
             and f"{k}_fix" not in catalogue() and not k.endswith("_fix")]
    assert "month_locked" in codes
    p = warning("month_locked", unit="TTKT", period="01/2023")
    assert p.message == t("etl.month_locked", unit="TTKT", period="01/2023")
    assert "{" not in p.message


def test_rendered_when_shown_not_when_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """A problem made before the catalogue changes shows the catalogue's new words."""
    p = error("empty_file")
    before = p.message
    changed = dict(catalogue())
    changed["etl.empty_file"] = "Tệp trống."
    monkeypatch.setattr("etl.problems.catalogue", lambda: changed)
    monkeypatch.setattr("etl.problems.t", lambda key, **params: changed[key].format(**params))
    assert p.message == f"Tệp trống. {changed['etl.empty_file_fix']}" != before


def test_to_json_keeps_code_params_and_message() -> None:
    p = error("duplicate_file", None, version=2, period="01/2023")
    shape = p.to_json()
    assert shape == {"severity": "error", "code": "duplicate_file",
                     "params": {"version": 2, "period": "01/2023"}, "message": p.message,
                     "sheet": None, "row": None, "column": None}
    json.dumps(shape, allow_nan=False)


def test_json_safe_params() -> None:
    params = {"n": 3, "x": 2.5, "ok": True, "none": None, "text": "Sở",
              "month": Month(2023, 1), "day": date(2023, 1, 31), "nan": float("nan"),
              "inf": float("inf"), "kind": Key("etl.kind_pdf")}
    safe = json_safe(params)
    assert safe == {"n": 3, "x": 2.5, "ok": True, "none": None, "text": "Sở",
                    "month": "2023-01", "day": "2023-01-31", "nan": "nan", "inf": "inf",
                    "kind": "etl.kind_pdf"}
    json.dumps(safe, allow_nan=False)


def test_a_key_parameter_is_translated_with_the_message() -> None:
    (p,) = inspect_bytes(b"%PDF-1.7 ...", "bao-cao.xlsx").problems
    assert p.params["detected"] == "etl.kind_pdf"  # no Vietnamese in the parameters
    assert t("etl.kind_pdf") in p.message
    assert p.to_json()["params"] == {"file": "bao-cao.xlsx", "detected": "etl.kind_pdf"}


def test_problems_hash_and_compare_by_their_content() -> None:
    a, b = error("bad_month", "Thông tin", 2, "B", value="13/2023"), \
        error("bad_month", "Thông tin", 2, "B", value="13/2023")
    assert a == b and len({a, b}) == 1
    assert a != error("bad_month", "Thông tin", 2, "B", value="14/2023")


def test_narrative_error_keeps_key_and_params() -> None:
    exc = NarrativeError("narrative.no_month", file="bc.txt")
    assert (exc.key, exc.params) == ("narrative.no_month", {"file": "bc.txt"})
    assert exc.message == str(exc) == t("narrative.no_month", file="bc.txt")
    assert exc.to_json() == {"code": "narrative.no_month", "params": {"file": "bc.txt"},
                             "message": exc.message}


def _params_for(code: str) -> dict[str, object]:
    """A value for every placeholder of the code's texts."""
    names = set()
    for key in (f"etl.{code}", f"etl.{code}_fix"):
        names |= {f for _, f, _, _ in string.Formatter().parse(catalogue()[key]) if f}
    return {name: f"<{name}>" for name in names}

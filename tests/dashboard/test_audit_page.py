"""The audit page in Vietnamese: a label for every action code the actions write (codes
read from the actions package's source, not a hand list), every audited field named, and
before/after shown as "trường: trước → sau"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.messages import catalogue
from etl.typed import Entry, TypedFigure
from tests.apptest_db import use_database
from ui.audit_view import describe_change, entity_label

ROOT = Path(__file__).resolve().parents[2]


def _strings(node: ast.AST) -> set[str]:
    return {c.value for c in ast.walk(node) if isinstance(c, ast.Constant)
            and isinstance(c.value, str)}


def _audited() -> tuple[set[str], set[str], set[str]]:
    """(action codes, entity names, field names) of every ``audit.record`` call in actions/.
    A code passed in a variable is followed to the literals the enclosing function's
    callers pass for that parameter (``_transition(..., "submission.approve")``)."""
    codes: set[str] = set()
    entities: set[str] = set()
    fields: set[str] = set()
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        for func in functions.values():
            for call in ast.walk(func):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "record" and len(call.args) >= 4):
                    continue
                code, entity = call.args[2], call.args[3]
                entities |= _strings(entity)
                if isinstance(code, ast.Name):
                    index = [a.arg for a in func.args.args].index(code.id)
                    for site in ast.walk(tree):
                        if isinstance(site, ast.Call) and isinstance(site.func, ast.Name) \
                                and site.func.id == func.name and len(site.args) > index:
                            codes |= _strings(site.args[index])
                else:
                    codes |= _strings(code)
                for arg in call.args[5:7]:
                    for node in ast.walk(arg):
                        if isinstance(node, ast.Dict):
                            fields |= {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return codes, entities, fields


def test_the_source_reading_finds_the_known_codes():
    codes, entities, fields = _audited()
    assert {"report.draft_save", "submission.create", "submission.approve",
            "submission.return", "submission.reopen", "user.enable", "user.disable"} <= codes
    assert {"submission", "user"} <= entities
    assert {"status", "comment", "version"} <= fields
    assert len(codes) > 20


def test_every_audited_action_entity_and_field_has_a_vietnamese_label():
    codes, entities, fields = _audited()
    messages = catalogue()
    assert not [c for c in codes if "admin.action_" + c.replace(".", "_") not in messages]
    assert not [e for e in entities if f"admin.entity_{e}" not in messages]
    assert not [f for f in fields | {"warnings", "warnings_acknowledged"}
                if f"admin.field_{f}" not in messages]
    # a typed draft's content, audited as it is stored (Entry.to_json), figure by figure
    typed = Entry(figures={"X": TypedFigure(1, "about", "n")}, activities={"3.2": "a"},
                  plans="p", progress={"t": ("done", "n")}).to_json()
    nested = {k for part in typed.values() if isinstance(part, dict)
              for v in part.values() if isinstance(v, dict) for k in v}
    assert not [f for f in {*typed, *nested} if f"admin.field_{f}" not in messages]


@pytest.mark.parametrize(("before", "after", "expected"), [
    ({"status": "submitted"}, {"status": "approved", "comment": "Đạt"},
     "trạng thái: Chờ duyệt → Đã duyệt\nghi chú: Đạt"),
    ({"value": 24.0}, {"value": 6500.0}, "giá trị: 24 → 6.500"),
    ({"value": 5.75}, {"value": 5749}, "giá trị: 5,75 → 5.749"),
    (None, {"active": False}, "đang hoạt động: không"),
    ({"role": "viewer", "unit": None}, {"role": "viewer", "unit": "TTKT"},
     "đơn vị: (trống) → TTKT"),
    ({"text": "cũ", "version": 1}, {"version": 2}, "nội dung: cũ → (bỏ)\nphiên bản: 1 → 2"),
    ({"status": "approved"}, {"status": "approved"}, ""),
    (None, None, ""),
    (None, {"warnings_acknowledged": 2, "warnings": ["A", "B"]},
     "số cảnh báo đã xác nhận: 2\ncảnh báo: A; B"),
    ("5", "6", "giá trị: 5 → 6"),
    (None, {"submitted_at": "2024-01-04T08:10:00+00:00"},
     "thời điểm nộp: 04/01/2024 15:10"),
    (None, {"submitted_at": "hôm qua"}, "thời điểm nộp: hôm qua"),
    (None, {"figures": {"TTKT_KD_PTD": {"value": 200, "qualifier": "about", "note": ""}}},
     "số liệu: TTKT_KD_PTD: giá trị: 200; mức độ: khoảng; ghi chú: (trống)"),
    (None, {"period": "2023-12", "role": "editor"}, "tháng: 12/2023\nvai trò: Văn phòng Sở"),
    (None, {"period": "quý 1"}, "tháng: quý 1"),
])
def test_describe_change(before, after, expected):
    assert describe_change(before, after) == expected


def test_unknown_entity_falls_back_to_its_name():
    assert entity_label("submission") == "Báo cáo đơn vị"
    assert entity_label("zzz") == "zzz"


def test_audit_page_shows_no_raw_codes_nor_json(demo_db_copy_url, monkeypatch):

    from actions.report import save_draft
    from core.months import Month, ReportPeriod
    from store.database import open_database
    from tests.actors import OFFICE

    use_database(demo_db_copy_url, monkeypatch)
    engine = open_database(demo_db_copy_url)
    save_draft(engine, OFFICE, ReportPeriod.of_month(Month(2023, 12)), "intro", "Lời mở đầu")
    engine.dispose()
    at = AppTest.from_file(str(ROOT / "pages" / "audit.py"), default_timeout=120)
    at.session_state["user"] = "quantri"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    shown = table.astype(str)
    assert "Sửa lời văn báo cáo" in set(table["Thao tác"])
    for column in shown.columns:
        for cell in shown[column]:
            assert "report.draft_save" not in cell and '{"' not in cell, cell
            assert cell not in ("None", "nan")
    assert any("nội dung: Lời mở đầu" in c for c in shown.iloc[:, 5])

"""Issue #14, phones: every table keeps its first, identifying column in view while it scrolls
sideways (``ui.responsive.table`` / ``editor``). Three guards: the pure column configuration,
no table drawn around the helper, and every table of every page as AppTest sees it."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from core.messages import t
from core.months import Month
from core.timezone import vn_today
from store.catalog_store import read_catalog
from tests.etl.etl_files import filled_template
from tests.etl.narrative.narrative_samples import REFERENCE
from ui.admin_view import TAB_KEY
from ui.responsive import INDEX, pinned_config

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the configuration ------------------------------------------------------------------


@pytest.mark.parametrize(("columns", "config", "order", "hide_index", "expected"), [
    # nothing configured: the first column
    (["Đơn vị", "Tháng", "Giá trị"], None, None, True, {"Đơn vị": {"pinned": True}}),
    # its own settings are kept, other columns untouched
    (["Mã", "Tên"], {"Mã": {"width": "small", "label": "Mã số"}, "Tên": {"width": "large"}},
     None, True, {"Mã": {"width": "small", "label": "Mã số", "pinned": True},
                  "Tên": {"width": "large"}}),
    # a bare label becomes a labelled, pinned column
    (["code", "name"], {"code": "Mã"}, None, True, {"code": {"label": "Mã", "pinned": True}}),
    # a hidden first column is skipped: the first one shown is pinned
    (["id", "Chỉ tiêu", "Số"], {"id": None}, None, True,
     {"id": None, "Chỉ tiêu": {"pinned": True}}),
    # the shown order decides, not the frame's
    (["Tháng", "Chỉ tiêu"], None, ["Chỉ tiêu", "Tháng"], True, {"Chỉ tiêu": {"pinned": True}}),
    (["a", "b", "c"], {"c": None}, ["c", "b"], True, {"c": None, "b": {"pinned": True}}),
    # a shown index is the first column
    (["01/2023", "02/2023"], None, None, False, {INDEX: {"pinned": True}}),
    # non-text column names (a frame's integer columns) are named as text
    ([0, 1], None, None, True, {"0": {"pinned": True}}),
    # nothing shown: nothing to pin
    ([], None, None, True, {}),
    (["x"], {"x": None}, None, True, {"x": None}),
])
def test_pinned_config(columns, config, order, hide_index, expected):
    before = json.dumps(config)
    assert pinned_config(columns, config, order, hide_index) == expected
    assert json.dumps(config) == before  # the caller's mapping is not changed


# --- no table drawn around the helper ---------------------------------------------------

def _direct_tables(path: Path) -> list[int]:
    """Lines calling ``st.dataframe`` / ``st.data_editor`` (under any module alias)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("dataframe", "data_editor")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in ("st", "streamlit")]


def test_every_table_is_drawn_by_the_pinning_helper():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "ui").glob("*.py"))]
    found = {str(f.relative_to(ROOT)): lines for f in files if (lines := _direct_tables(f))}
    assert set(found) == {"ui/responsive.py"}, found
    assert len(found["ui/responsive.py"]) == 2  # table() and editor()


def test_the_guard_sees_a_direct_table(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nx = 1\nst.data_editor(df)\nst.dataframe(df)\n"
                    "ui.responsive.table(df)\n")
    assert _direct_tables(page) == [3, 4]


# --- every table of every page ----------------------------------------------------------


def _config(table) -> dict:
    return json.loads(table.proto.columns) if table.proto.columns else {}


def assert_first_column_pinned(at, at_least: int) -> int:
    """Every table (and editor) on the page pins exactly its first shown column; returns
    how many tables it checked."""
    assert not at.exception
    tables = list(at.dataframe)
    assert len(tables) >= at_least
    for table in tables:
        config = _config(table)
        index_shown = not config.get(INDEX, {}).get("hidden", False)
        if index_shown:
            first = INDEX
        else:
            first = next(str(c) for c in table.value.columns
                         if not config.get(str(c), {}).get("hidden"))
        pinned = [name for name, column in config.items() if column.get("pinned")]
        assert pinned == [first], (list(table.value.columns), config)
    return len(tables)


@pytest.mark.parametrize(("name", "user", "params", "at_least"), [
    ("overview", "lanhdao", {}, 0),
    ("trends", "lanhdao", {}, 1),  # one table per chart tab
    ("trends", "lanhdao", {"bieu_do": "luy-ke"}, 1),
    ("trends", "lanhdao", {"bieu_do": "don-vi"}, 1),
    ("status", "vanphong", {"thang": "2023-05", "don_vi": "TTKT"}, 3),
    ("month_report", "vanphong", {}, 0),
    ("audit", "quantri", {}, 1),
    ("administration", "quantri", {}, 1),  # its first tab; the others below
    ("submissions", "vanphong", {}, 2),
    ("upload", "chuyenvien", {}, 1),
    ("typing", "chuyenvien", {}, 1),
])
def test_every_table_of_every_page_pins_its_first_column(page, name, user, params, at_least):
    assert_first_column_pinned(page(name, user=user, **params), at_least)


@pytest.mark.parametrize(("tab", "head"), [
    ("accounts", "Tên đăng nhập"), ("targets", "Mã chỉ tiêu"), ("settings", "Thiết lập")])
def test_admin_tables_and_the_targets_editor(page, tab, head):
    at = page("administration", user="quantri", state={TAB_KEY: t(f"admin.tab_{tab}")})
    assert head in [str(table.value.columns[0]) for table in at.dataframe]
    assert_first_column_pinned(at, 1)


def test_upload_preview_pins_the_indicator(page, dashboard_db):
    _url, engine = dashboard_db
    content = filled_template(read_catalog(engine), "TTKT", Month.of(vn_today()) - 1,
                              {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "khoảng 1.234"})
    at = page("upload", user="chuyenvien")
    at.file_uploader[0].set_value(("bao-cao.xlsx", content, XLSX)).run()
    assert assert_first_column_pinned(at, 2) >= 2  # the values to load and the history
    preview = at.dataframe[0]
    assert list(preview.value.columns[:2]) == ["Chỉ tiêu", "Tháng"]
    assert _config(preview)["Chỉ tiêu"]["pinned"] is True


def test_past_report_import_tables(page):
    at = page("submissions", user="vanphong", state={"rv_tab": "Nhập báo cáo cũ"})
    uploader = next(u for u in at.file_uploader if u.label == "Tệp báo cáo cũ")
    uploader.set_value((REFERENCE.name, REFERENCE.read_bytes(), "text/plain")).run()
    # the header, the figures editor and the load plan (only the chosen tab runs)
    assert assert_first_column_pinned(at, 3) >= 3

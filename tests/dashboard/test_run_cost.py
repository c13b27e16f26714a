"""Issue #14, speed: a page's run does only what it shows.

- A download is built when its button is pressed, never on every run of the page (the
  catalogue's YAML, the audit's Excel, the template, the report's Markdown and Word cost from
  a tenth of a second to a second at province scale, on every rerun). Guards: no download
  button in the app's code is given ready bytes; the deferred downloads still give the right
  file when pressed.
- The administration page draws only its chosen tab (drawing all six made it take a second
  or more at province scale)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import openpyxl
import yaml

from core.messages import t
from store.catalog_store import export_yaml
from tests.dashboard.conftest import download_bytes
from ui.admin_view import TAB_KEY

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "ui").glob("*.py"))]


def eager_downloads(source: str) -> list[int]:
    """Lines of ``<module>.download_button(...)`` calls whose data (second argument or
    ``data=``) is not a ``lambda``, or that rerun the page on press (no
    ``on_click="ignore"``): a callable is built only when pressed."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "download_button"):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        data = node.args[1] if len(node.args) > 1 else keywords.get("data")
        on_click = keywords.get("on_click")
        ignored = isinstance(on_click, ast.Constant) and on_click.value == "ignore"
        if not isinstance(data, ast.Lambda) or not ignored:
            lines.append(node.lineno)
    return lines


def test_no_download_is_built_on_every_run():
    found = {str(f.relative_to(ROOT)): lines for f in APP_FILES
             if (lines := eager_downloads(f.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_guard_sees_eager_and_rerunning_downloads():
    code = """
import streamlit as st
from streamlit import download_button as db
st.download_button("a", make(), "a.txt", on_click="ignore")          # bytes: eager
st.download_button("b", data=make(), file_name="b.txt", on_click="ignore")
st.download_button("c", lambda: make(), "c.txt")                     # reruns on press
st.download_button("d", data=lambda: make(), on_click="rerun")
st.download_button("e", lambda: make(), "e.txt", on_click="ignore")  # right
st.download_button("f", data=lambda: make(), file_name="f", on_click="ignore")
st.download_button("g")                                              # no data at all
"""
    assert eager_downloads(code) == [4, 5, 6, 7, 10]


def test_admin_catalogue_download_is_the_current_catalogue(page, dashboard_db):
    at = page("administration", user="quantri", state={TAB_KEY: "Danh mục"})
    assert not at.exception
    (button,) = [b for b in at.download_button if b.proto.label.startswith("Tải danh mục")]
    got = download_bytes(button).decode("utf-8")
    assert got == export_yaml(dashboard_db[1])
    assert yaml.safe_load(got)["units"]


def test_audit_download_is_the_listed_rows(page):
    at = page("audit", user="quantri")
    assert not at.exception
    (button,) = [b for b in at.download_button if b.proto.label == "Tải Excel"]
    book = openpyxl.load_workbook(io.BytesIO(download_bytes(button)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    table = next(e for e in at.dataframe)
    assert len(rows) - 1 == len(table.value)  # a header row, then every listed row


ADMIN_TABS = {"accounts": "Tên đăng nhập", "targets": "Mã chỉ tiêu", "settings": "Thiết lập"}


def test_the_admin_page_draws_only_its_chosen_tab(page):
    first = page("administration", user="quantri")  # no choice yet: the first tab
    assert [str(x.value.columns[0]) for x in first.dataframe] == [ADMIN_TABS["accounts"]]
    for tab, head in ADMIN_TABS.items():
        at = page("administration", user="quantri", state={TAB_KEY: t(f"admin.tab_{tab}")})
        assert not at.exception
        heads = [str(x.value.columns[0]) for x in at.dataframe]
        assert head in heads
        assert not {h for other, h in ADMIN_TABS.items() if other != tab} & set(heads), tab
    catalog = page("administration", user="quantri", state={TAB_KEY: t("admin.tab_catalog")})
    assert [b.proto.label for b in catalog.download_button] == [t("admin.catalog_download")]
    assert not catalog.dataframe
    names = page("administration", user="quantri", state={TAB_KEY: t("admin.tab_names")})
    assert not names.dataframe and not names.download_button  # none remembered in the demo
    assert [i.value for i in names.info] == [t("names.admin_empty")]

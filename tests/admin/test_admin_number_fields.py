"""The administration page's number fields under AppTest: the yearly target editor and the
whole-number settings read Vietnamese numbers (``6.500`` is six thousand five hundred), show
them the Vietnamese way (``6.500``, ``24``, empty — never ``None`` or ``24.00``) and refuse a
bad cell or field with its message, saving nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from core.messages import t
from core.timezone import vn_today
from store.catalog_admin import targets_of
from store.schema import audit_log
from store.settings import get_setting
from ui.admin_view import TAB_KEY

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2023  # the seeded catalogue's targets: TTKT_KD_PTD 60.000, QLKH_NV_NGHIEMTHU 24
TARGET = t("admin.col_target")
CODE = t("admin.col_indicator_code")


@pytest.fixture
def admin_page(accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", accounts.url.render_as_string(hide_password=False))
    st.cache_resource.clear()
    st.cache_data.clear()

    def open_page(tab: str = "targets") -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / "administration.py"), default_timeout=90)
        at.session_state["user"] = "quantri"
        at.session_state[TAB_KEY] = t(f"admin.tab_{tab}")  # only the chosen tab is drawn
        return at.run()

    yield open_page
    st.cache_resource.clear()


def _targets(engine: Engine, year: int = YEAR) -> dict[str, float]:
    with engine.connect() as conn:
        return {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


def _year(at: AppTest, year: int = YEAR) -> AppTest:
    at.selectbox(key="adm_target_year").set_value(year).run()
    assert not at.exception, at.exception
    return at


def _editor(at: AppTest, year: int):
    """The page's one data editor: the targets of ``year`` (its key changes after a save)."""
    [editor] = at.data_editor
    assert editor.key.startswith(f"adm_targets_{year}_")
    return editor


def _table(at: AppTest, year: int = YEAR):
    return _editor(at, year).value


def _edit(at: AppTest, cells: dict[str, str], year: int = YEAR) -> AppTest:
    """Type ``cells`` (indicator code → text) in the target column, then press save."""
    codes = list(_table(at, year)[CODE])
    at.session_state[_editor(at, year).key] = {
        "edited_rows": {codes.index(code): {TARGET: text} for code, text in cells.items()},
        "added_rows": [], "deleted_rows": []}
    at.button[[b.label for b in at.button].index(t("admin.save_targets"))].click().run()
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    """The error texts as the user reads them (markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def test_targets_show_the_vietnamese_way_and_empty_when_missing(admin_page, accounts) -> None:
    at = _year(admin_page())
    table = _table(at)
    shown = dict(zip(table[CODE], table[TARGET], strict=True))
    assert shown["TTKT_KD_PTD"] == "60.000" and shown["QLKH_NV_NGHIEMTHU"] == "24"
    assert shown["TTRA_TIENPHAT"] == ""  # no target that year
    assert all(isinstance(v, str) for v in shown.values())
    assert not {"None", "nan", "24.00", "24.0", "60000.0"} & set(shown.values())
    # a year with no target at all: every cell empty
    this_year = vn_today().year
    assert set(_table(_year(at, this_year), this_year)[TARGET]) == {""}


def test_typing_6_500_stores_six_thousand_five_hundred(admin_page, accounts) -> None:
    at = _edit(_year(admin_page()), {"TTKT_KD_PTD": "6.500", "TTRA_TIENPHAT": "1.234,5",
                                     "QLKH_NV_NGHIEMTHU": " 24 "})
    assert not _errors(at)
    stored = _targets(accounts)
    assert stored["TTKT_KD_PTD"] == 6500 and stored["TTRA_TIENPHAT"] == 1234.5
    assert stored["QLKH_NV_NGHIEMTHU"] == 24  # unchanged: not saved again
    assert t("admin.targets_saved", count=2, year=YEAR) in [s.value for s in at.success]
    shown = dict(zip(_table(at)[CODE], _table(at)[TARGET], strict=True))
    assert shown["TTKT_KD_PTD"] == "6.500" and shown["TTRA_TIENPHAT"] == "1.234,5"


def test_emptying_a_cell_removes_the_target(admin_page, accounts) -> None:
    at = _edit(_year(admin_page()), {"QLKH_NV_NGHIEMTHU": "   "})
    assert not _errors(at)
    assert "QLKH_NV_NGHIEMTHU" not in _targets(accounts)
    assert dict(zip(_table(at)[CODE], _table(at)[TARGET], strict=True))["QLKH_NV_NGHIEMTHU"] == ""


@pytest.mark.parametrize(("typed", "says"), [
    ("6,500", "có hai cách hiểu"), ("1,234,567", "kiểu tiếng Anh"), ("abc", "không phải là số"),
    ("None", "không phải là số"), ("1e9", "không phải là số"), ("-5", "số âm"),
    ("khoảng 200", "chỉ nhận một số cụ thể"), ("6,5", "chỉ nhận số nguyên"),
    ("85%", "dấu %"), ("9" * 30, "lớn hơn mức cho phép"),
])
def test_a_bad_cell_refuses_the_whole_save_naming_its_row(admin_page, accounts, typed: str,
                                                          says: str) -> None:
    before, rows = _targets(accounts), _audit_rows(accounts)
    at = _year(admin_page())
    codes = list(_table(at)[CODE])
    # a good cell beside the bad one: nothing of either is stored
    at = _edit(at, {"QLKH_NV_NGHIEMTHU": "30", "TTKT_KD_PTD": typed})
    errors = _errors(at)
    assert errors[0] == t("action.number_nothing_saved", count=1)
    row = codes.index("TTKT_KD_PTD") + 1
    assert f"dòng {row}" in errors[1] and "(Phương tiện đo được kiểm định)" in errors[1]
    assert says in errors[1]
    assert _targets(accounts) == before and _audit_rows(accounts) == rows
    assert not at.success


def test_every_bad_cell_is_named(admin_page, accounts) -> None:
    before = _targets(accounts)
    at = _edit(_year(admin_page()), {"QLKH_NV_NGHIEMTHU": "x", "TTKT_KD_PTD": "6,500",
                                     "TTRA_TIENPHAT": "12,5"})
    errors = _errors(at)
    assert errors[0] == t("action.number_nothing_saved", count=2) and len(errors) == 3
    assert _targets(accounts) == before


def test_a_percent_indicator_takes_the_percent_sign(admin_page, accounts) -> None:
    _edit(_year(admin_page()), {"KHTC_TYLE_GIAINGAN": "96,15%"})
    assert _targets(accounts)["KHTC_TYLE_GIAINGAN"] == 96.15


def _setting_form(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="adm_setting").set_value(name).run()
    assert not at.exception, at.exception
    return at


def _send_setting(at: AppTest, name: str, typed: str) -> AppTest:
    at.text_input(key=f"adm_setting_value_{name}").input(typed)
    at.button[[b.label for b in at.button].index(t("admin.save_setting"))].click().run()
    assert not at.exception, at.exception
    return at


def test_a_whole_number_setting_is_typed_the_vietnamese_way(admin_page, accounts) -> None:
    name = "upload_months_back"
    at = _setting_form(admin_page("settings"), name)
    assert at.text_input(key=f"adm_setting_value_{name}").value == "36"
    at = _send_setting(at, name, "1.200")
    assert not _errors(at)
    assert get_setting(accounts, name) == 1200
    assert at.text_input(key=f"adm_setting_value_{name}").value == "1.200"


@pytest.mark.parametrize(("name", "typed", "says"), [
    ("upload_months_back", "1,200", "có hai cách hiểu"),
    ("upload_months_back", "", "chưa nhập số"),
    ("upload_months_back", "6,5", "chỉ nhận số nguyên"),
    ("upload_months_back", "-1", "số âm"),
    ("upload_months_back", "36%", "dấu %"),
    ("deadline_days_after_month_end", "năm", "không phải là số"),
    ("home_month_min_share_percent", "101%", "không quá 100"),
])
def test_a_bad_setting_is_refused_and_nothing_saved(admin_page, accounts, name: str,
                                                    typed: str, says: str) -> None:
    before, rows = get_setting(accounts, name), _audit_rows(accounts)
    at = _send_setting(_setting_form(admin_page("settings"), name), name, typed)
    errors = _errors(at)
    assert len(errors) == 1 and says in errors[0]
    assert errors[0].startswith(f"«{t('admin.setting_value')}»")
    assert get_setting(accounts, name) == before and _audit_rows(accounts) == rows


def test_a_share_setting_takes_the_percent_sign(admin_page, accounts) -> None:
    name = "home_month_min_share_percent"
    _send_setting(_setting_form(admin_page("settings"), name), name, "80%")
    assert get_setting(accounts, name) == 80

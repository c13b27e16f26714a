"""Issue #14, leadership: the month the pages open on, the address that is never rewritten,
and the unit-comparison chart's default (AppTest over a copy of the sample database in which
one unit has already sent the next month, 01/2024)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from actions.base import ActionError
from actions.settings import change_setting
from core.months import Month, ReportPeriod
from store.catalog_store import read_catalog
from store.engine import make_engine
from tests.actors import ADMINISTRATOR
from tests.apptest_db import use_database
from tests.dashboard.conftest import texts
from ui.address import CHARTS

ROOT = Path(__file__).resolve().parents[2]
EARLY_UNIT = "VP"  # the one unit that has sent 01/2024
SHARED_CODE = "VP_VB_DI"  # an indicator a second unit (TTKT) also reports in 12/2023


def _copy_submission(conn: sqlite3.Connection, unit: str, source: str, target: str,
                     indicators: list[str] | None = None, into_unit: str | None = None) -> None:
    """Copy ``unit``'s newest ``source`` version as the first version of ``target`` (or, with
    ``into_unit``, copy some of its values into that unit's ``source`` version)."""
    row = conn.execute("SELECT id FROM submission WHERE unit_code=? AND period=? "
                       "ORDER BY version DESC LIMIT 1", (unit, source)).fetchone()
    columns = [c[1] for c in conn.execute("PRAGMA table_info(value)") if c[1] != "id"]
    if into_unit:
        new_id = conn.execute("SELECT id FROM submission WHERE unit_code=? AND period=? "
                              "ORDER BY version DESC LIMIT 1", (into_unit, source)).fetchone()[0]
    else:
        conn.execute(
            "INSERT INTO submission (unit_code, period, version, status, source, submitted_by,"
            " submitted_at, created_at) SELECT unit_code, ?, 1, 'submitted', source,"
            " submitted_by, '2024-02-02 08:00:00', created_at FROM submission WHERE id=?",
            (target, row[0]))
        new_id = conn.execute("SELECT max(id) FROM submission").fetchone()[0]
    picked = "" if indicators is None else \
        f" AND indicator_code IN ({','.join('?' * len(indicators))})"
    rest = [c for c in columns if c != "submission_id"]
    conn.execute(f"INSERT INTO value (submission_id, {', '.join(rest)}) "
                 f"SELECT ?, {', '.join(rest)} FROM value WHERE submission_id=?{picked}",
                 (new_id, row[0], *(indicators or [])))


@pytest.fixture(scope="module")
def early_db(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample database plus VP's 01/2024 and TTKT reporting VP_VB_DI in 12/2023."""
    path = tmp_path_factory.mktemp("early") / "early.db"
    shutil.copyfile(demo_db_path, path)
    with sqlite3.connect(path) as conn:
        _copy_submission(conn, EARLY_UNIT, "2023-12", "2024-01")
        _copy_submission(conn, "VP", "2023-12", "2023-12", [SHARED_CODE], into_unit="TTKT")
        conn.execute("UPDATE meta SET int_value = int_value + 1 "
                     "WHERE key = 'data_version'")
    return f"sqlite:///{path}"


@pytest.fixture
def page(early_db: str, monkeypatch: pytest.MonkeyPatch):

    use_database(early_db, monkeypatch)

    def run(name: str, user: str = "lanhdao", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=180)
        at.session_state["user"] = user
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    yield run
    st.cache_resource.clear()
    st.cache_data.clear()


def _address(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def _expected_units(url: str, month: Month) -> int:
    engine = make_engine(url)
    try:
        return len(read_catalog(engine).reporting_units(month))
    finally:
        engine.dispose()


def _set_share(url: str, percent: int) -> None:
    engine = make_engine(url)
    try:
        change_setting(engine, ADMINISTRATOR, "home_month_min_share_percent", percent)
    finally:
        engine.dispose()
    st.cache_data.clear()


# --- 1. the home month -------------------------------------------------------------------


def test_every_page_opens_on_the_newest_complete_month(page):
    overview = page("overview")
    assert not overview.exception
    assert str(overview.selectbox(key="overview_month").value) == "2023-12"
    newest = page("overview", thang="2024-01")  # what the page used to open on

    def empty_cards(at: AppTest) -> int:
        return sum(m.value == "chưa có số liệu" for m in at.metric)

    assert empty_cards(overview) < empty_cards(newest)
    status = page("status")
    assert str(status.selectbox(key="status_month").value) == "2023-12"
    assert str(status.selectbox(key="status_end").value) == "2024-01"  # the grid shows it
    trends = page("trends")
    bars = page("trends", bieu_do="don-vi")
    assert str(bars.selectbox(key="trends_bar_month").value) == "2023-12"
    assert _address(bars) == {"bieu_do": "don-vi"}  # kept as it came
    report = page("month_report")
    assert not report.exception
    assert "tháng 12 năm 2023" in report.get("html")[0].proto.body
    for at in (overview, status, trends, report):
        assert _address(at) == {}  # nothing asked, nothing written


def test_month_picker_says_how_complete_each_month_is(page, early_db):
    expected = _expected_units(early_db, Month(2024, 1))
    at = page("overview")
    options = at.selectbox(key="overview_month").options
    assert options[0] == f"01/2024 · 1/{expected} đơn vị"
    assert f"12/2023 · {expected}/{expected} đơn vị" in options
    status = page("status")
    assert status.selectbox(key="status_month").options[0] == f"01/2024 · 1/{expected} đơn vị"
    approved = page("overview", duyet="1").selectbox(key="overview_month").options
    assert all(re.fullmatch(r"\d\d/\d{4} · \d+/\d+ đơn vị", o) for o in approved)
    assert not any(o.startswith("01/2024") for o in approved)  # VP's 01/2024 is not approved


def test_the_share_setting_moves_the_home_month(page, early_db):
    expected = _expected_units(early_db, Month(2024, 1))
    one_unit = 100 / expected  # 1 of 8 units = 12,5 %
    try:
        _set_share(early_db, int(one_unit))  # 12 %: one unit is enough
        assert str(page("overview").selectbox(key="overview_month").value) == "2024-01"
        _set_share(early_db, int(one_unit) + 1)  # 13 %: one unit is not
        assert str(page("overview").selectbox(key="overview_month").value) == "2023-12"
        _set_share(early_db, 0)  # any submission counts: the newest month with data
        assert str(page("status").selectbox(key="status_month").value) == "2024-01"
    finally:
        _set_share(early_db, 100)


@pytest.mark.parametrize("value", [101, -1, 12.5, "50", True, None])
def test_the_share_setting_refuses_what_is_not_a_percentage(early_db, value):
    engine = make_engine(early_db)
    try:
        with pytest.raises(ActionError) as refused:
            change_setting(engine, ADMINISTRATOR, "home_month_min_share_percent", value)
    finally:
        engine.dispose()
    assert refused.value.key == "admin.setting_bad_value"


# --- 2. the address is never rewritten -----------------------------------------------------

ADDRESSES = [
    ("overview", {"thang": "2023-01"}),
    ("overview", {"thang": "2030-07"}),  # a month without data: shown, says no data
    ("overview", {"thang": "2023-13", "duyet": "abc", "chi_tieu": "X"}),
    ("overview", {"thang": "01/2023", "so": "KHONGCO"}),
    ("status", {"thang": "2023-01"}),  # the reported case
    ("status", {"thang": "2021-03"}),  # before the first month with data
    ("status", {"tu": "2023-05", "den": "2023-02", "don_vi": "TTKT"}),  # reversed range
    ("status", {"tu": "2022-01", "den": "2022-03", "thang": "2023-06"}),  # outside the range
    ("status", {"don_vi": "KHONGCO,TTKT", "duyet": "1"}),
    ("trends", {"tu": "2022-02", "den": "2022-09", "chi_tieu": "TTKT_KD_PTD,khong_co"}),
    ("trends", {"chi_tieu": "x" * 500, "don_vi": "<script>", "tu": "9999-99"}),
    ("month_report", {"thang": "2023-01"}),
    ("month_report", {"thang": "2023-13"}),
    ("month_report", {"ky": "2023-q3"}),
    ("month_report", {"ky": "2023-Q9"}),
]


@pytest.mark.parametrize(("name", "params"), ADDRESSES)
def test_an_address_from_outside_is_never_rewritten(page, name, params):
    at = page(name, **params)
    assert not at.exception
    assert _address(at) == params
    for text in texts(at):
        assert "Traceback" not in text and "None" not in text


@pytest.mark.parametrize("month", ["2023-01", "2021-03", "2024-01", "2022-07"])
def test_status_shows_the_month_the_address_asks_for(page, month):
    at = page("status", thang=month)
    assert str(at.selectbox(key="status_month").value) == month
    start = at.selectbox(key="status_start").value
    end = at.selectbox(key="status_end").value
    assert start <= Month.parse(month) <= end
    assert any(f"tháng {Month.parse(month).month:02d}/{Month.parse(month).year}" in t
               for t in texts(at))


def test_status_says_when_the_month_is_outside_the_asked_range(page):
    at = page("status", tu="2022-01", den="2022-03", thang="2023-06")
    notice = " ".join(i.value for i in at.info)
    assert "06/2023" in notice and "01/2022" in notice and "03/2022" in notice
    assert str(at.selectbox(key="status_month").value) == "2022-03"
    inside = page("status", tu="2022-01", den="2022-03", thang="2022-02")
    assert str(inside.selectbox(key="status_month").value) == "2022-02"
    assert not any("ngoài khoảng" in i.value for i in inside.info)


@pytest.mark.parametrize("month", ["2023-01", "2030-07", "2021-03"])
def test_overview_shows_the_month_the_address_asks_for(page, month):
    at = page("overview", thang=month)
    assert str(at.selectbox(key="overview_month").value) == month


def test_the_address_follows_the_users_picks(page):
    at = page("status", thang="2023-01")
    at.selectbox(key="status_month").set_value(Month(2023, 3)).run()
    assert _address(at)["thang"] == "2023-03"
    at = page("overview", thang="2023-13")  # a bad value: kept until the user picks
    assert _address(at) == {"thang": "2023-13"}
    at.selectbox(key="overview_month").set_value(Month(2023, 5)).run()
    assert _address(at) == {"thang": "2023-05"}
    at.toggle(key="overview_approved").set_value(True).run()
    assert _address(at) == {"thang": "2023-05", "duyet": "1"}
    at = page("trends", tu="2022-02", den="2022-09")
    at.selectbox(key="trends_end").set_value(Month(2022, 12)).run()
    assert _address(at)["den"] == "2022-12" and _address(at)["tu"] == "2022-02"


def test_report_page_follows_a_period_pick(page):
    at = page("month_report", ky="2023-Q9")  # bad: kept, the home month shown
    assert _address(at) == {"ky": "2023-Q9"}
    at.selectbox(key="report_period_month").set_value(ReportPeriod.parse("2023-02")).run()
    assert _address(at) == {"thang": "2023-02"}
    assert "tháng 02 và kế hoạch tháng 03 năm 2023" in at.get("html")[0].proto.body


# --- 3. the unit-comparison chart --------------------------------------------------------


def test_unit_comparison_defaults_to_the_most_reported_indicator(page):
    at = page("trends", bieu_do="don-vi")
    chosen = at.multiselect(key="trends_bar_indicators").value
    assert chosen == [SHARED_CODE]  # two units report it in 12/2023, every other has one
    assert not any("chỉ có một đơn vị báo cáo" in i.value for i in at.info)
    table = at.dataframe[-1].value
    assert len(table) == 2


def test_unit_comparison_says_when_one_unit_reports(page, early_db):
    at = page("trends", bieu_do="don-vi")
    at.selectbox(key="trends_bar_month").set_value(Month(2023, 11)).run()
    box = at.multiselect(key="trends_bar_indicators")
    assert len(box.value) == 1
    notice = " ".join(i.value for i in at.info)
    assert "chỉ có một đơn vị báo cáo trong tháng 11/2023" in notice
    at.selectbox(key="trends_bar_month").set_value(Month(2023, 12)).run()
    at.multiselect(key="trends_bar_indicators").set_value(["TTKT_KD_PTD", SHARED_CODE]).run()
    assert at.multiselect(key="trends_bar_indicators").value == ["TTKT_KD_PTD", SHARED_CODE]
    engine = make_engine(early_db)
    try:
        cat = read_catalog(engine)
    finally:
        engine.dispose()
    single = [i.value for i in at.info if "chỉ có một đơn vị báo cáo" in i.value]
    assert len(single) == 1  # TTKT_KD_PTD only; the shared one has two units
    assert cat.indicator("TTKT_KD_PTD").name in single[0]
    assert cat.unit_by_code["TTKT"].name in single[0]


# --- 4. wide tables keep their first column in view --------------------------------------


def test_wide_tables_pin_their_first_column(page):
    import json

    def config(table) -> dict:
        return json.loads(table.proto.columns) if table.proto.columns else {}

    at = page("status", thang="2023-05", don_vi="TTKT")
    grid, *tables = at.dataframe  # the grid shows its units as the index: the index is pinned
    assert config(grid)["_index"]["pinned"] is True
    assert len(tables) == 2  # the versions and the values by version
    for table in tables:
        columns = config(table)
        first = str(table.value.columns[0])
        assert columns[first]["pinned"] is True
        assert not any(c.get("pinned") for name, c in columns.items() if name != first)
    # one table per chart tab; the first column is pinned (the origin links' column has a
    # configuration of its own)
    tables = [d for chart in CHARTS for d in page("trends", bieu_do=chart).dataframe]
    pinned = [config(d)[str(d.value.columns[0])] for d in tables]
    assert len(pinned) == 3 and all(c["pinned"] for c in pinned)

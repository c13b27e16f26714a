"""Issue #15, «Nhập số liệu» (/nhap-so-lieu) under AppTest over a copy of the demo database:
the grid beside last month and last year, Vietnamese numbers (an ambiguous one refused,
nothing saved), a draft kept for its author and reopened, sending through the upload
pipeline (source «Nhập trực tiếp»), the keep-or-drop question, the roles refused, and the
upload page's template prefilled with what was typed."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from core.messages import t
from core.months import Month
from store.drafts import get_draft
from store.engine import make_engine
from store.queries import figures
from store.schema import audit_log
from store.submissions import latest_submission, submission_values
from tests.apptest_db import use_database
from tests.dashboard.conftest import download_bytes, texts

ROOT = Path(__file__).resolve().parents[2]
MONTH = Month(2024, 1)  # in the analyst's window; 12/2023 and 01/2023 hold demo figures
CODE = "code"


@pytest.fixture
def typing_db(demo_db_copy_url: str) -> Engine:
    engine = make_engine(demo_db_copy_url)
    yield engine
    engine.dispose()


@pytest.fixture
def open_page(demo_db_copy_url: str, typing_db, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    use_database(demo_db_copy_url, monkeypatch)

    def run(user: str = "chuyenvien", name: str = "typing", month: Month | None = MONTH,
            unit: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
        at.session_state["user"] = user
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        if unit is not None:
            at.selectbox(key="up_unit").set_value(unit).run()
        if month is not None:
            at.selectbox(key="up_month").set_value(month).run()
        assert not at.exception, at.exception
        return at

    yield run
    st.cache_resource.clear()


def _grid(at: AppTest):
    [editor] = [e for e in at.data_editor if e.key.startswith("ty_grid_")]
    return editor


def _type(at: AppTest, cells: dict[str, dict[str, str]]) -> None:
    """``cells``: indicator code → {column title: text}."""
    editor = _grid(at)
    codes = list(editor.value[CODE])
    at.session_state[editor.key] = {
        "edited_rows": {codes.index(code): row for code, row in cells.items()},
        "added_rows": [], "deleted_rows": []}


def _press(at: AppTest, label_key: str) -> AppTest:
    [button] = [b for b in at.button if b.label == t(label_key)]
    button.click().run()
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def _audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


VALUE = "Số liệu tháng 01/2024"
QUALIFIER = "Mức độ"
NOTE = "Ghi chú"


def test_the_grid_shows_the_units_indicators_beside_last_month_and_last_year(open_page,
                                                                             typing_db):
    at = open_page()
    assert at.title[0].value == t("typing.title")
    editor = _grid(at)
    frame = editor.value
    expected = figures(typing_db, MONTH - 1, MONTH - 1, units=["TTKT"])
    year_ago = figures(typing_db, MONTH - 12, MONTH - 12, units=["TTKT"])
    assert len(expected) and len(year_ago)
    prev_col, year_col = "Tháng trước (12/2023)", "Cùng kỳ 01/2023"
    assert list(frame.columns) == [CODE, "Chỉ tiêu", QUALIFIER, VALUE, prev_col, year_col,
                                   "Đơn vị tính", NOTE]
    assert set(frame[QUALIFIER]) == {"chính xác"}  # never a blank that shows "None"
    shown = dict(zip(frame[CODE], frame[prev_col], strict=True))
    for row in expected.itertuples():
        number = shown[row.indicator]
        assert re.sub(r"^(khoảng|hơn) ", "", number).replace(".", "") \
            == f"{row.value:.0f}", (row.indicator, number)
    assert set(frame[VALUE]) == {""}  # nothing typed yet: empty, never None/nan/0
    for value in frame.to_numpy().ravel():
        assert str(value) not in {"None", "nan", "NaN"}
    assert t("typing.from_nothing") in [i.value for i in at.info]
    # the indicator is the pinned column, the code hidden
    from tests.dashboard.test_pinned_tables import assert_first_column_pinned
    assert assert_first_column_pinned(at, 1) >= 1


def test_ambiguous_or_wrong_numbers_are_refused_and_nothing_is_saved(open_page, typing_db):
    at = open_page()
    before = _audit_count(typing_db)
    _type(at, {"TTKT_KD_PTD": {VALUE: "5,749"}, "TTKT_KD_CAN": {VALUE: "1,234,567"},
               "TTKT_THU_NGHIEM": {VALUE: "mười"}, "TTKT_KD_CONGTO": {VALUE: "-3"},
               "TTKT_KD_COTDO": {VALUE: "2,5"}})
    _press(at, "typing.save")
    errors = _errors(at)
    assert errors[0] == t("action.number_nothing_saved", count=5)
    joined = "\n".join(errors)
    assert "5,749" in joined and "5.749" in joined  # the two readings, the fix
    assert "dòng 1 (Phương tiện đo được kiểm định)" in joined  # where
    assert "1.234.567" in joined and "mười" in joined and "số âm" in joined
    assert "số nguyên" in joined  # 2,5 in a count
    assert _audit_count(typing_db) == before
    with typing_db.connect() as conn:
        assert get_draft(conn, "chuyenvien", "TTKT", MONTH) is None


def test_a_draft_is_saved_reopened_for_its_author_and_unseen_by_others(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "5.749", NOTE: "Đợt cao điểm"},
               "TTKT_THU_NGHIEM": {VALUE: "1.234", QUALIFIER: "khoảng"},
               "TTKT_KD_CAN": {VALUE: "0"}})
    at.text_area(key=next(a.key for a in at.text_area if a.key.startswith("ty_act_3.2"))) \
        .set_value("- Kiểm định cân tại chợ")
    at.text_area(key=next(a.key for a in at.text_area if a.key.startswith("ty_plans"))) \
        .set_value("Kiểm tra đo lường xăng dầu")
    _press(at, "typing.save")
    assert not _errors(at)
    assert t("typing.draft_saved", unit="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
             month="01/2024").split(":")[0] in " ".join(s.value for s in at.success)
    # reopened: a new session of the same user sees the draft
    again = open_page()
    shown = dict(zip(_grid(again).value[CODE], _grid(again).value[VALUE], strict=True))
    assert shown["TTKT_KD_PTD"] == "5.749" and shown["TTKT_THU_NGHIEM"] == "1.234"
    assert shown["TTKT_KD_CAN"] == "0" and shown["TTKT_KD_CONGTO"] == ""
    quals = dict(zip(_grid(again).value[CODE], _grid(again).value[QUALIFIER], strict=True))
    assert quals["TTKT_THU_NGHIEM"] == "khoảng" and quals["TTKT_KD_PTD"] == "chính xác"
    assert [a.value for a in again.text_area if a.key.startswith("ty_act_3.2")] \
        == ["- Kiểm định cân tại chợ"]
    assert any(i.value.startswith("Đang mở bản nháp của bạn") for i in again.info)
    # the office opens the same unit and month: not their draft
    office = open_page("vanphong", unit="TTKT")
    assert set(_grid(office).value[VALUE]) == {""}
    assert t("typing.from_nothing") in [i.value for i in office.info]


def test_sending_loads_a_typed_version_shown_with_its_origin(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "5.749"}, "TTKT_THU_NGHIEM": {VALUE: "hơn 20"}})
    _press(at, "typing.save")  # a draft first: sending removes it
    _type(at, {"TTKT_KD_PTD": {VALUE: "6.001"}})
    _press(at, "typing.submit")
    assert not _errors(at), _errors(at)
    assert any("phiên bản 1" in s.value for s in at.success)
    with typing_db.connect() as conn:
        sub = latest_submission(conn, "TTKT", MONTH)
        values = {r["indicator_code"]: r["value"] for r in submission_values(conn, sub["id"])}
        assert get_draft(conn, "chuyenvien", "TTKT", MONTH) is None
    assert sub["source"] == "typed" and values == {"TTKT_KD_PTD": 6001.0}
    # the page now opens the version sent
    assert any("phiên bản 1" in i.value and "Nhập trực tiếp" in i.value for i in at.info)
    # the upload page's history names the origin
    upload = open_page(name="upload")
    history = upload.dataframe[-1].value
    assert "Nhập trực tiếp" in set(history["Nguồn"])
    # the overview's headline card carries the typed figure
    overview = open_page("lanhdao", name="overview", month=None, thang="2024-01")
    cards = {m.label: m.value for m in overview.metric}
    assert cards["phương tiện đo"] == "6.001", cards  # TTKT_KD_PTD: its unit noun
    # the status page lists the version with its origin
    status = open_page("vanphong", name="status", month=None, thang="2024-01", don_vi="TTKT")
    sources = [v for table in status.dataframe if "Nguồn" in table.value.columns
               for v in table.value["Nguồn"]]
    assert "Nhập trực tiếp" in sources, [list(x.value.columns) for x in status.dataframe]


def test_a_qualifier_typed_in_the_number_cell_is_refused_with_the_fix(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "khoảng 200"}})
    _press(at, "typing.submit")
    assert _errors(at)[0] == t("typing.nothing_sent", count=1)  # said for a send, not a save
    joined = "\n".join(_errors(at))
    assert "khoảng 200" in joined and "200" in joined
    with typing_db.connect() as conn:
        assert latest_submission(conn, "TTKT", MONTH) is None


def test_the_loaders_refusal_is_shown_with_the_files_message(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {NOTE: "chỉ có ghi chú"}})
    _press(at, "typing.submit")
    assert t("typing.note_without_value", name="Phương tiện đo được kiểm định") in _errors(at)
    with typing_db.connect() as conn:
        assert latest_submission(conn, "TTKT", MONTH) is None


def test_a_resubmission_lacking_figures_asks_keep_or_drop(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "10"}, "TTKT_KD_CAN": {VALUE: "7"}})
    _press(at, "typing.submit")
    assert not _errors(at)
    at = open_page()  # opens version 1; empty the scale's cell and send
    _type(at, {"TTKT_KD_CAN": {VALUE: ""}})
    _press(at, "typing.submit")
    [radio] = at.radio
    assert radio.value is None  # no answer chosen beforehand
    assert any("Cân được kiểm định" in w.value for w in at.warning)
    with typing_db.connect() as conn:
        assert latest_submission(conn, "TTKT", MONTH)["version"] == 1
    radio.set_value("keep").run()
    _type(at, {"TTKT_KD_CAN": {VALUE: ""}})
    _press(at, "typing.submit")
    assert not _errors(at), _errors(at)
    with typing_db.connect() as conn:
        sub = latest_submission(conn, "TTKT", MONTH)
        values = {r["indicator_code"]: r["value"] for r in submission_values(conn, sub["id"])}
    assert sub["version"] == 2 and values == {"TTKT_KD_PTD": 10.0, "TTKT_KD_CAN": 7.0}


@pytest.mark.parametrize("user", ["lanhdao", "quantri"])
def test_the_wrong_role_is_refused_at_the_address(open_page, user):
    at = AppTest.from_file(str(ROOT / "pages" / "typing.py"), default_timeout=120)
    at.session_state["user"] = user
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("auth.forbidden")]
    assert not at.data_editor and not at.button


def test_the_template_download_is_prefilled_with_the_draft(open_page, typing_db):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "5.749", NOTE: "Ghi chú A"},
               "TTKT_THU_NGHIEM": {VALUE: "1.234", QUALIFIER: "hơn"}})
    _press(at, "typing.save")
    upload = open_page(name="upload")
    [button] = upload.get("download_button")
    content = download_bytes(button)
    sheet = load_workbook(BytesIO(content))["Chỉ tiêu"]
    rows = {r[0]: (r[3], r[4]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["TTKT_KD_PTD"] == (5749, "Ghi chú A")
    assert rows["TTKT_THU_NGHIEM"] == ("hơn 1.234", None)
    assert rows["TTKT_KD_CAN"] == (None, None)
    assert any("bản nháp" in c for c in texts(upload))


def test_page_text_is_vietnamese_without_raw_values(open_page):
    at = open_page()
    for line in texts(at):
        assert "None" not in line and "nan" not in line.split() and "{" not in line


def test_the_address_opens_the_month(open_page):
    at = open_page(month=None, thang="2024-01")
    assert at.selectbox(key="up_month").value == MONTH
    assert "Tháng trước (12/2023)" in _grid(at).value.columns
    assert not at.warning


@pytest.mark.parametrize("value", ["2019-01", "2024-13", "01/2024", "abc", "<b>x</b>", ""])
def test_a_month_the_page_does_not_offer_is_said_and_ignored(open_page, value):
    at = open_page(month=None, thang=value)
    offered = at.selectbox(key="up_month")
    assert offered.index == 1  # the default: last month
    assert len(at.warning) == 1 and "không phải một tháng được nhập" in at.warning[0].value
    assert not at.exception


def test_the_template_download_is_prefilled_with_the_version_sent_last(open_page):
    at = open_page()
    _type(at, {"TTKT_KD_PTD": {VALUE: "5.749"}, "TTKT_KD_CAN": {VALUE: "12"}})
    _press(at, "typing.submit")
    assert not _errors(at)
    upload = open_page(name="upload")
    [button] = upload.get("download_button")
    sheet = load_workbook(BytesIO(download_bytes(button)))["Chỉ tiêu"]
    rows = {r[0]: r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["TTKT_KD_PTD"] == 5749 and rows["TTKT_KD_CAN"] == 12
    assert rows["TTKT_THU_NGHIEM"] is None
    assert t("upload.template_prefilled_version", version=1,
             source="Nhập trực tiếp") in texts(upload)
    # another month: the empty form, said nothing about
    other = open_page(name="upload", month=MONTH + 1)
    sheet = load_workbook(BytesIO(download_bytes(other.get("download_button")[0])))["Chỉ tiêu"]
    assert {r[3] for r in sheet.iter_rows(min_row=2, values_only=True)} == {None}
    assert not any("điền sẵn" in x for x in texts(other))


def test_a_month_that_closes_a_year_asks_for_the_next_years_tasks(open_page, typing_db):
    """December closes the year: the page asks for the tasks of the next one (part II of
    the year report), sends them as such and opens them again; January asks nothing."""
    december = Month(2023, 12)
    at = open_page(user="vanphong", month=december, unit="TTKT")
    assert "Nhiệm vụ trọng tâm năm 2024" in [h.value for h in at.subheader]
    assert any("cho năm 2024" in c.value and "Phần II" in c.value for c in at.caption)
    [area] = [a for a in at.text_area if a.key.startswith("ty_period_plans_")]
    area.set_value("- Kiểm định cân năm 2024\nHiệu chuẩn năm 2024")
    _type(at, {"TTKT_KD_PTD": {"Số liệu tháng 12/2023": "5.749"}})
    _press(at, "typing.submit")
    if any(r.label == t("upload.missing_keep") for r in at.radio):  # the demo's December
        at.radio[0].set_value("keep").run()
        _press(at, "typing.submit")
    assert not _errors(at), _errors(at)
    with typing_db.connect() as conn:
        sub = latest_submission(conn, "TTKT", december)
        from store.submissions import submission_plan_items
        period = [p["text"] for p in submission_plan_items(conn, sub["id"])
                  if p["horizon"] == "period"]
    assert sub["source"] == "typed"
    assert period == ["Kiểm định cân năm 2024", "Hiệu chuẩn năm 2024"]
    [area] = [a for a in at.text_area if a.key.startswith("ty_period_plans_")]
    assert area.value == "Kiểm định cân năm 2024\nHiệu chuẩn năm 2024"  # the version sent
    january = open_page()
    assert not [a for a in january.text_area if a.key.startswith("ty_period_plans_")]
    assert not [h for h in january.subheader if h.value.startswith("Nhiệm vụ trọng tâm")]

"""The upload page (pages/upload.py) driven with Streamlit's AppTest on a temporary SQLite db."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from etl_files import filled_template, xlsx
from streamlit.testing.v1 import AppTest

from actions.accounts import create_account
from actions.names import remember_names
from core.months import Month
from core.timezone import vn_today
from store.catalog_store import read_catalog
from store.database import migrate, open_database
from store.submissions import list_submissions, submission_values
from tests.actors import ADMINISTRATOR, OFFICE
from tests.html_table import read_table
from ui.admin_view import TAB_KEY

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "upload.py")
ADMIN_PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "administration.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_MONTH = Month.of(vn_today()) - 1


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    engine = open_database(url)
    create_account(engine, ADMINISTRATOR, "chuyenvien", "demo123", "analyst",
                   "Chuyên viên TTKT", "TTKT")
    create_account(engine, ADMINISTRATOR, "vanphong", "demo123", "editor", "Văn phòng Sở")
    from ui.db import engine as cached_engine

    cached_engine.clear()  # the app's engine is cached per process: point it at this db
    st.cache_data.clear()  # ui.data is keyed on the data version, not the database
    yield engine
    cached_engine.clear()
    engine.dispose()


def _page(user: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = user
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "success", "error", "info", "warning",
                                  "caption") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_analyst_sees_the_page_in_vietnamese_and_only_their_unit(app_db):
    at = _page("chuyenvien")
    assert not at.exception
    assert at.title[0].value == "Nộp báo cáo tháng"
    unit = at.selectbox(key="up_unit")
    assert unit.options == ["Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"]
    assert unit.disabled
    assert {x.lstrip(".") for x in at.file_uploader[0].allowed_type} == \
        {"xlsx", "xlsm", "xls", "ods"}
    assert "Đơn vị chưa nộp báo cáo nào." in _texts(at)
    assert at.download_button  # the template for the unit and month


def test_editor_may_pick_any_unit(app_db):
    at = _page("vanphong")
    assert len(at.selectbox(key="up_unit").options) >= 8
    assert not at.selectbox(key="up_unit").disabled


def test_upload_check_preview_confirm_and_history(app_db):
    catalog = read_catalog(app_db)
    content = filled_template(catalog, "TTKT", LAST_MONTH,
                              {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "khoảng 1.234"})
    at = _page("chuyenvien")
    at.file_uploader[0].set_value(("bao-cao.xlsx", content, XLSX)).run()
    assert not at.exception
    assert "Tệp hợp lệ: 2 số liệu" in _texts(at)
    preview = at.dataframe[0].value
    assert list(preview["Giá trị"]) == ["5.749", "khoảng 1.234"]
    assert set(preview.columns) >= {"Chỉ tiêu", "Tháng", "Ô"}
    at.button[0].click().run()
    assert not at.exception
    assert f"Đã nạp: TTKT, tháng {LAST_MONTH.month:02d}/{LAST_MONTH.year}, phiên bản 1." in \
        _texts(at)
    with app_db.connect() as conn:
        (row,) = list_submissions(conn, unit="TTKT")
    assert (row["version"], row["submitted_by"], row["source"]) == (1, "chuyenvien", "upload")
    history = at.dataframe[-1].value
    assert list(history["Phiên bản"]) == [1] and list(history["Người nộp"]) == ["chuyenvien"]
    assert list(history["Trạng thái"]) == ["Chờ duyệt"]


def test_file_of_another_unit_is_refused_with_a_problem_table(app_db):
    catalog = read_catalog(app_db)
    content = filled_template(catalog, "TTUD", LAST_MONTH, {"TTUD_TINBAI": 105})
    at = _page("chuyenvien")
    at.file_uploader[0].set_value(("ttud.xlsx", content, XLSX)).run()
    assert not at.exception
    assert "Tệp có 1 lỗi" in _texts(at)
    assert not at.dataframe  # the problems are a wrapping table, not a grid
    [table] = [h.value for h in at.html if "<table" in h.value]
    heads, rows = read_table(table)
    assert heads == ["Mức độ", "Sheet", "Dòng", "Cột", "Nội dung"]
    assert [row[0]["text"] for row in rows] == ["Lỗi"]
    assert "TTUD" in rows[0][4]["text"] and "TTKT" in rows[0][4]["text"]
    assert not at.button  # nothing to confirm
    with app_db.connect() as conn:
        assert list_submissions(conn) == []


# --- names the unit writes its own way: mapped once on the page, remembered -------------

ODD = "Tổng số PT đo đã qua KĐ"


def _odd_file(figure: int) -> bytes:
    return xlsx({"Thông tin": [["Mã đơn vị", "TTKT"],
                               ["Tháng báo cáo", f"{LAST_MONTH.month:02d}/{LAST_MONTH.year}"]],
                 "Chỉ tiêu": [["Tên chỉ tiêu", "Đơn vị tính", "Giá trị"],
                              [ODD, "phương tiện đo", figure], ["Mẫu thử nghiệm", "mẫu", 544]]})


def test_map_an_unknown_name_once_and_the_next_file_loads_without_asking(app_db):
    at = _page("chuyenvien")
    at.file_uploader[0].set_value(("thang.xlsx", _odd_file(5749), XLSX)).run()
    assert not at.exception
    assert "Tệp có 1 lỗi" in _texts(at)
    assert "4. Chọn chỉ tiêu cho các tên chưa nhận ra" in _texts(at)
    picker = at.selectbox(key="up_name_0")
    assert ODD in picker.label and "TTKT" in picker.label
    assert picker.options[0] == "— chưa chọn —"
    assert picker.options[1] == "Phương tiện đo được kiểm định (gợi ý)"  # suggestions first
    assert "Mẫu thử nghiệm" in picker.options  # then the unit's other indicators
    assert not [b for b in at.button if b.label == "Nạp báo cáo"]
    at.button(key="FormSubmitter:frm_names-Ghi nhớ và kiểm tra lại").click().run()
    assert "Chưa chọn chỉ tiêu nào" in _texts(at)  # nothing chosen: refused, nothing kept
    picker = at.selectbox(key="up_name_0")
    picker.set_value("TTKT_KD_PTD")
    at.button(key="FormSubmitter:frm_names-Ghi nhớ và kiểm tra lại").click().run()
    assert not at.exception
    texts = _texts(at)
    assert "Đã ghi nhớ 1 tên chỉ tiêu" in texts and "Tệp hợp lệ: 2 số liệu" in texts
    assert "Chọn chỉ tiêu cho các tên" not in texts
    [confirm] = [b for b in at.button if b.label == "Nạp báo cáo"]
    confirm.click().run()
    assert "phiên bản 1" in _texts(at)
    with app_db.connect() as conn:
        assert [r["version"] for r in list_submissions(conn, unit="TTKT")] == [1]
    # Next month's file (a new upload) with the same odd name: no question asked.
    at.file_uploader[0].set_value(("lan-2.xlsx", _odd_file(6000), XLSX)).run()
    texts = _texts(at)
    assert "Tệp hợp lệ: 2 số liệu" in texts and "Chọn chỉ tiêu cho các tên" not in texts
    assert "đã có 1 phiên bản" in texts  # the month warning, shown above the table too


def test_the_admin_sees_and_removes_a_remembered_name(app_db):
    create_account(app_db, ADMINISTRATOR, "quantri2", "demo123", "admin", "Quản trị")
    remember_names(app_db, OFFICE, [("TTKT", ODD, "TTKT_KD_PTD")])
    at = AppTest.from_file(ADMIN_PAGE, default_timeout=60)
    at.session_state["user"] = "quantri2"
    at.session_state[TAB_KEY] = "Tên đã ghi nhớ"  # only the chosen tab is drawn
    at.run()
    assert not at.exception
    tab = next(t for t in at.tabs if t.label == "Tên đã ghi nhớ")
    table = tab.dataframe[0].value
    assert list(table["Tên trong tệp"]) == [ODD]
    assert list(table["Chỉ tiêu"]) == ["Phương tiện đo được kiểm định (TTKT_KD_PTD)"]
    assert list(table["Người chọn"]) == ["vanphong"]
    at.button(key="adm_name_forget").click().run()
    assert not at.exception
    assert "Đã xóa tên" in _texts(at)
    assert "Chưa có tên nào được ghi nhớ." in "\n".join(i.value for i in at.info)


def test_the_problems_table_leaves_a_missing_place_blank():
    from etl.problems import error, warning
    from ui.problems_table import problems_frame

    frame = problems_frame([warning("month_has_versions", None, unit="TTKT", month="10/2026",
                                    versions=1, next=2),
                            error("negative_value", "Chỉ tiêu", 12, "D", value="-5",
                                  name="Mẫu thử nghiệm")])
    assert frame.iloc[:, 0].tolist() == ["Lỗi", "Cảnh báo"]  # errors first
    assert frame.iloc[:, 1:4].values.tolist() == [["Chỉ tiêu", "12", "D"], ["", "", ""]]
    assert not frame.isna().any().any()


@pytest.mark.parametrize(("choice", "kept"), [(0, True), (1, False)])
def test_a_resubmission_lacking_rows_asks_keep_or_drop_before_loading(app_db, choice, kept):
    """Version 1 has three figures; the corrected file lists one. The page names the two
    others, the load button waits for the choice, and the choice decides version 2."""
    catalog = read_catalog(app_db)
    first = filled_template(catalog, "TTKT", LAST_MONTH, {
        "TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "khoảng 80", "TTKT_KD_CAN": 0})
    at = _page("chuyenvien")
    at.file_uploader[0].set_value(("v1.xlsx", first, XLSX)).run()
    assert not at.radio  # a first version asks nothing
    at.button[0].click().run()
    fix = filled_template(catalog, "TTKT", LAST_MONTH, {"TTKT_KD_PTD": 5800})
    at.file_uploader[0].set_value(("v2.xlsx", fix, XLSX)).run()
    assert not at.exception
    shown = _texts(at)
    assert "Phiên bản mới không có một số chỉ tiêu của phiên bản trước" in shown
    assert "«Mẫu thử nghiệm»" in shown and "«Cân được kiểm định»" in shown
    (question,) = at.radio
    assert question.value is None  # nothing chosen for the user
    assert question.options == ["Giữ các số liệu này từ phiên bản trước (ghi rõ là số giữ lại)",
                                "Bỏ các số liệu này (phiên bản mới không còn các chỉ tiêu đó)"]
    (load,) = [b for b in at.button if b.label == "Nạp báo cáo"]
    assert load.disabled
    with app_db.connect() as conn:
        assert len(list_submissions(conn, unit="TTKT")) == 1
    question.set_value(question.options[choice]).run()
    (load,) = [b for b in at.button if b.label == "Nạp báo cáo"]
    assert not load.disabled
    load.click().run()
    assert not at.exception
    assert "phiên bản 2" in _texts(at)
    with app_db.connect() as conn:
        latest = list_submissions(conn, unit="TTKT")[0]
        values = {v["indicator_code"]: v["carried_from_version"]
                  for v in submission_values(conn, latest["id"])}
    assert latest["version"] == 2
    expected = {"TTKT_KD_PTD": None}
    if kept:
        expected |= {"TTKT_THU_NGHIEM": 1, "TTKT_KD_CAN": 1}
    assert values == expected
    # The office's review page shows which figures were kept, and from which version.
    review = AppTest.from_file(str(Path(PAGE).parent / "submissions.py"), default_timeout=60)
    review.session_state["user"] = "vanphong"
    review.run()
    assert not review.exception
    table = review.dataframe[1].value
    origin = dict(zip(table["Chỉ tiêu"], table["Nguồn số liệu"], strict=True))
    assert origin["Phương tiện đo được kiểm định"] == "tệp của phiên bản này"
    if kept:
        assert origin["Mẫu thử nghiệm"] == "giữ từ phiên bản 1 (tệp mới không có)"
        assert dict(zip(table["Chỉ tiêu"], table["Giá trị"], strict=True))[
            "Mẫu thử nghiệm"] == "khoảng 80"
        assert any("2 số liệu được giữ lại" in c.value for c in review.caption)
    else:
        assert set(origin) == {"Phương tiện đo được kiểm định"}

"""The review page ("Duyệt báo cáo") under AppTest: each value beside last month's and the
same month last year's, every warning of the version, approval only with the warnings
acknowledged (the checkbox names the count)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.catalog import load_catalog
from core.months import Month
from store.database import open_database
from store.schema import audit_log, submission
from tests.actors import upload
from tests.apptest_db import use_database
from tests.etl.etl_files import filled_template

ROOT = Path(__file__).resolve().parents[2]
JAN_2024 = Month(2024, 1)


@pytest.fixture
def review_db(demo_db_copy_url: str, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    engine = open_database(demo_db_copy_url)
    use_database(demo_db_copy_url, monkeypatch)
    yield engine
    st.cache_resource.clear()
    engine.dispose()


def _send(engine, figure) -> int:
    content = filled_template(load_catalog(), "TTKT", JAN_2024, {"TTKT_KD_PTD": figure})
    result = upload(engine, content, "ttkt-2024-01.xlsx")
    return result.loaded[0].submission_id


def _page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "submissions.py"), default_timeout=120)
    at.session_state["user"] = "vanphong"
    return at.run()


def _status(engine, sub_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(select(submission.c.status)
                            .where(submission.c.id == sub_id)).scalar_one()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_values_beside_last_month_and_last_year_and_the_warning(review_db):
    sub_id = _send(review_db, 6)  # far below the usual 3.287–6.202
    at = _page()
    assert not at.exception
    values = at.dataframe[1].value
    row = values[values["Chỉ tiêu"] == "Phương tiện đo được kiểm định"].iloc[0]
    assert row["Giá trị"] == "6"
    assert row["Tháng trước (12/2023)"] == "6.202"
    assert row["Cùng kỳ năm trước (01/2023)"] == "5.749"
    # an indicator the unit did not report a year ago reads empty, never None or nan
    assert not values.isin(["None", "nan", "NaN"]).any().any()
    assert any(s.value == "Cảnh báo của phiên bản này (1)" for s in at.subheader)
    assert len(at.warning) == 1 and "Giá trị 6 của" in at.warning[0].value
    # approving without the acknowledgement is refused and changes nothing
    _button(at, "Duyệt").click().run()
    assert any("1 cảnh báo chưa được xác nhận" in e.value for e in at.error)
    assert _status(review_db, sub_id) == "submitted"
    box = next(c for c in at.checkbox if c.label == "Tôi đã xem 1 cảnh báo và vẫn duyệt")
    box.check().run()
    _button(at, "Duyệt").click().run()
    assert not at.error
    assert _status(review_db, sub_id) == "approved"
    with review_db.connect() as conn:
        after = conn.execute(select(audit_log.c.after).where(
            audit_log.c.action == "submission.approve",
            audit_log.c.entity_id == str(sub_id))).scalar_one()
    assert after["warnings_acknowledged"] == 1


def test_a_version_without_warnings_needs_no_acknowledgement(review_db):
    sub_id = _send(review_db, 5500)
    at = _page()
    assert any(s.value == "Cảnh báo của phiên bản này (0)" for s in at.subheader)
    assert not [c for c in at.checkbox if "cảnh báo" in c.label]
    _button(at, "Duyệt").click().run()
    assert not at.error
    assert _status(review_db, sub_id) == "approved"


def test_the_warnings_are_read_once_per_data_version(review_db, monkeypatch):
    """The review page reads a version's warnings once per data version (a rerun reuses
    them, any write brings fresh ones), and they are the action's own."""
    from actions import review
    from ui import data

    sub_id = _send(review_db, 57490000)
    with review_db.connect() as conn:
        expected = review.version_warnings(conn, sub_id)
    assert any(p.code == "outlier" for p in expected)
    calls = []
    real = review.version_warnings
    monkeypatch.setattr(review, "version_warnings",
                        lambda conn, sid: calls.append(sid) or real(conn, sid))
    dv = data.data_version()
    assert data.version_warnings(dv, sub_id) == expected
    assert data.version_warnings(dv, sub_id) == expected
    assert calls == [sub_id]
    _send(review_db, 5749)  # a new version: the data version moves on
    assert data.data_version() > dv
    data.version_warnings(data.data_version(), sub_id)
    assert calls == [sub_id, sub_id]


def test_the_review_opens_on_the_newest_month_waiting_for_a_decision():
    from ui.review_view import default_month

    def row(period: Month, status: str) -> dict:
        return {"period": period, "status": status}

    rows = [row(Month(2023, 11), "submitted"), row(Month(2023, 12), "approved"),
            row(Month(2023, 10), "submitted"), row(Month(2023, 9), "returned")]
    assert default_month(rows) == Month(2023, 11)  # waiting beats newer but decided
    assert default_month([row(Month(2023, 12), "approved"), row(Month(2024, 1), "returned"),
                          row(Month(2023, 5), "approved")]) == Month(2024, 1)
    assert default_month([]) is None


def test_the_page_opens_on_that_month_and_all_months_stay_one_pick_away(review_db):
    sub_id = _send(review_db, 5749)  # 01/2024 waits; the sample's months are decided
    at = _page()
    assert at.selectbox(key="rv_month").value == JAN_2024
    table = at.dataframe[0].value
    assert set(table["Tháng"]) == {"01/2024"}
    assert at.selectbox(key="rv_version").value == sub_id
    at.selectbox(key="rv_month").set_value(None).run()
    assert len(at.dataframe[0].value) > 100  # every month of the sample


def test_the_list_and_a_version_are_read_once_per_data_version(review_db, monkeypatch):
    """Reruns of the review page (a picker changed) reuse the list of versions and the
    chosen version's contents; a decision moves the data version on, and the page then
    shows the version's new state."""
    from ui import data

    sub_id = _send(review_db, 5500)
    lists, contents = [], []
    real_list, real_values = data.list_submissions, data.submission_values
    monkeypatch.setattr(data, "list_submissions",
                        lambda conn: lists.append(1) or real_list(conn))
    monkeypatch.setattr(data, "submission_values",
                        lambda conn, sid: contents.append(sid) or real_values(conn, sid))
    at = _page()
    assert (len(lists), contents) == (1, [sub_id])
    listed = at.dataframe[0].value
    assert listed.iloc[0]["Trạng thái"] == "Chờ duyệt"
    at.run()
    at.selectbox(key="rv_status").set_value("submitted").run()
    assert (len(lists), contents) == (1, [sub_id])  # reruns read nothing again
    at.selectbox(key="rv_status").set_value(None).run()
    _button(at, "Duyệt").click().run()
    assert not at.error and _status(review_db, sub_id) == "approved"
    at.run()
    assert len(lists) == 2 and contents[-1] == sub_id
    assert at.dataframe[0].value.iloc[0]["Trạng thái"] == "Đã duyệt"
    assert [b for b in at.button if b.label == "Mở lại"]

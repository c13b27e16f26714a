"""The "Nhập báo cáo cũ" tab of pages/submissions.py (AppTest) and its pure helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from narrative_samples import REFERENCE
from streamlit.testing.v1 import AppTest

from actions.accounts import create_account
from core.catalog import Catalog
from core.months import Month
from etl.narrative import ParsedReport
from store.database import migrate, open_database
from store.submissions import list_submissions
from tests.actors import ADMINISTRATOR
from ui.import_review import (
    ACCEPT,
    INDICATOR,
    VALUE,
    figure_note,
    indicator_options,
    review_frame,
    reviews_from_frame,
)

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "submissions.py")
CONTENT = REFERENCE.read_bytes()


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    engine = open_database(url)
    create_account(engine, ADMINISTRATOR, "vanphong", "demo123", "editor", "Văn phòng Sở")
    from ui.db import engine as cached_engine

    cached_engine.clear()  # the app's engine is cached per process: point it at this db
    yield engine
    cached_engine.clear()
    engine.dispose()


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = "vanphong"
    return at.run()


def _uploader(at: AppTest):
    return next(u for u in at.file_uploader if u.label == "Tệp báo cáo cũ")


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "success", "error", "info", "warning",
                                  "caption", "markdown") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_the_tab_is_there_in_vietnamese(app_db) -> None:
    at = _page()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Duyệt báo cáo đơn vị", "Nhập báo cáo cũ"]
    assert {x.lstrip(".") for x in _uploader(at).allowed_type} == {"txt", "docx", "pdf"}
    assert "Chọn một tệp báo cáo cũ để bắt đầu." in _texts(at)
    assert at.selectbox(key="imp_month").value is None  # the month as the report says


def test_upload_review_and_load_the_reference(app_db) -> None:
    at = _page()
    _uploader(at).set_value((REFERENCE.name, CONTENT, "text/plain")).run()
    assert not at.exception
    texts = _texts(at)
    for heading in ("Thông tin chung", "Nội dung đọc được", "Số liệu tìm thấy", "Sẽ nạp"):
        assert heading in texts
    assert "15 số liệu, 15 đã khớp chỉ tiêu" in texts
    header, table, plan = (d.value for d in at.dataframe[-3:])
    fields = dict(zip(header["Mục"], header["Nội dung"], strict=True))
    assert fields["Tháng báo cáo"] == "01/2023" and fields["Số văn bản"] == "(chưa ghi số)"
    assert fields["Người ký"] == "KT.GIÁM ĐỐC / PHÓ GIÁM ĐỐC — Nguyễn Hữu Thắng"
    assert len(table) == 15 and table[ACCEPT].all()
    assert table.loc[13, "read"] == "5.749" and table.loc[13, "noun"] == "phương tiện đo"
    assert list(plan["Đơn vị"])[-1] == "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"
    assert plan["Nhiệm vụ tháng tới"].sum() == 7
    assert set(plan["Phiên bản mới"]) == {"phiên bản 1"}
    labels = [e.label for e in at.expander]
    assert "3\\.2\\. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng — 2 ý" in labels
    assert any(label.startswith("II\\. Nhiệm vụ trọng tâm tháng 02/2023 — 7") for label in labels)
    assert "ngày nộp 31/01/2023" in texts
    button = next(b for b in at.button if b.label == "Nạp vào hệ thống")
    assert not button.disabled
    button.click().run()
    assert not at.exception
    loaded = [s.value for s in at.success]
    assert len(loaded) == 8
    assert "Đã nạp Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tháng 01/2023: " \
        "phiên bản 1." in loaded
    with app_db.connect() as conn:
        rows = list_submissions(conn, period=Month(2023, 1))
    assert len(rows) == 8 and {r["source"] for r in rows} == {"imported"}


def test_an_unreadable_file_is_a_vietnamese_error(app_db) -> None:
    at = _page()
    _uploader(at).set_value(("bc.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")).run()
    assert not at.exception
    assert any("bc.pdf" in e.value for e in at.error)
    assert not any(b.label == "Nạp vào hệ thống" for b in at.button)


def test_review_table_round_trip(catalog: Catalog, reference_report: ParsedReport) -> None:
    options = indicator_options(catalog, reference_report.month)
    frame = review_frame(reference_report, catalog)
    assert list(frame[ACCEPT]) == [True] * len(reference_report.figures)
    reviews = reviews_from_frame(frame, options)
    assert [(r.indicator, r.value) for r in reviews] == \
        [(f.indicator, f.value) for f in reference_report.figures]
    label = next(k for k, v in options.items() if v == "TTKT_THU_NGHIEM")
    frame.loc[13, ACCEPT] = False
    frame.loc[14, VALUE] = 545
    frame.loc[0, INDICATOR] = None
    frame.loc[1, INDICATOR] = label
    edited = reviews_from_frame(frame, options)
    assert not edited[13].accepted and edited[14].value == 545
    assert edited[0].indicator is None and edited[1].indicator == "TTKT_THU_NGHIEM"
    assert all(o.endswith(f"({v})") for o, v in options.items())
    assert not any(v.startswith("CDS_") for v in options.values())  # not valid in 2023


def test_figure_notes_say_summed_implied_and_unmatched(reference_report: ParsedReport) -> None:
    notes = {f.indicator: figure_note(f) for f in reference_report.figures}
    assert notes["TTUD_ANPHAM"].startswith("Cộng 1 + 1 = 2")
    assert notes["QLKH_NV_NGHIEMTHU"].startswith("Không ghi số")
    assert notes["TTKT_KD_PTD"] == ""
    unmatched = type(reference_report.figures[0])(
        value=3, unit_noun="việc", qualifier=None, indicator=None, name=None, section="1",
        sentence="3 việc")
    assert figure_note(unmatched) == "Chưa khớp chỉ tiêu nào."

"""The "Nhập báo cáo cũ" tab of pages/submissions.py (AppTest) and its pure helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from corpus import PERIOD_TITLES, REWORDED, add_bullet, reference_blocks, reword, to_txt
from narrative_samples import REFERENCE
from streamlit.testing.v1 import AppTest

from actions.accounts import create_account
from core.catalog import Catalog
from core.messages import t
from core.months import Month
from etl.narrative import ParsedReport, parse_report
from store.database import migrate, open_database
from store.submissions import list_submissions
from tests.actors import ADMINISTRATOR
from ui.import_review import (
    ACCEPT,
    CONTEXT,
    INDICATOR,
    STATE,
    VALUE,
    figure_note,
    indicator_options,
    review_frame,
    reviews_from_frame,
)
from ui.review_view import TAB_KEY
from ui.text import escape_markdown, safe_t

PAGE = str(Path(__file__).resolve().parents[3] / "pages" / "submissions.py")
CONTENT = REFERENCE.read_bytes()
REFERENCE_REPORT = parse_report(REFERENCE, REFERENCE.name)


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    engine = open_database(url)
    create_account(engine, ADMINISTRATOR, "vanphong", "demo123", "editor", "Văn phòng Sở")
    from ui.db import engine as cached_engine

    cached_engine.clear()  # the app's engine is cached per process: point it at this db
    st.cache_data.clear()  # ui.data is keyed on the data version, not the database
    yield engine
    cached_engine.clear()
    engine.dispose()


def _page() -> AppTest:
    """The page on its import tab (only the chosen tab runs)."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = "vanphong"
    at.session_state[TAB_KEY] = "Nhập báo cáo cũ"
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
    certain = sum(1 for f in REFERENCE_REPORT.figures if f.certain)
    assert t("narrative.ui_certain_help", certain=certain, review=15 - certain) in texts
    header, table, plan = (d.value for d in at.dataframe[-3:])
    fields = dict(zip(header["Mục"], header["Nội dung"], strict=True))
    assert fields["Kỳ báo cáo"] == "tháng 01/2023" and fields["Số văn bản"] == "(chưa ghi số)"
    assert fields["Kỳ kế hoạch"] == "tháng 02/2023"
    assert fields["Người ký"] == "KT.GIÁM ĐỐC / PHÓ GIÁM ĐỐC — Nguyễn Hữu Thắng"
    assert len(table) == 15
    # certain figures start accepted, "cần xem" ones wait for the editor
    assert list(table[ACCEPT]) == [f.certain for f in REFERENCE_REPORT.figures]
    assert list(table[STATE]) == ["chắc chắn" if f.certain else "cần xem"
                                  for f in REFERENCE_REPORT.figures]
    assert set(table[CONTEXT]) == {""}
    assert table.loc[13, "read"] == "5.749" and table.loc[13, "noun"] == "phương tiện đo"
    _no_missing_text(table)
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


def _no_missing_text(frame) -> None:
    """No "nan"/"None" shown to the editor in any text column."""
    for column in frame.columns:
        shown = {str(v) for v in frame[column] if isinstance(v, str) or v is None}
        assert not shown & {"nan", "None", "NaN"}, column


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    _uploader(at).set_value((name, content, "text/plain")).run()
    assert not at.exception
    return at


def test_numbers_of_other_roles_are_shown_as_context(app_db) -> None:
    """The reworded reference: 105 tin, bài with "tăng 15" beside it, not 120."""
    content = to_txt(reword(reference_blocks(), REWORDED))
    at = _upload(_page(), "bc-viet-khac.txt", content)
    table = next(d.value for d in at.dataframe if CONTEXT in d.value.columns)
    row = table[table[INDICATOR].fillna("").str.contains("TTUD_TINBAI")].iloc[0]
    assert row[VALUE] == "105" and row[STATE] == "cần xem" and not row[ACCEPT]
    assert row[CONTEXT] == "mức tăng/giảm: «tăng 15 tin, bài so với tháng trước»"
    part = table[table[INDICATOR].fillna("").str.contains("QLCN_THAMDINH_CN")].iloc[0]
    assert part[VALUE] == "7" and part[CONTEXT].startswith("một phần của số khác: «trong đó có 03")
    _no_missing_text(table)


def test_numbers_beside_no_figure_are_listed_apart(app_db) -> None:
    blocks = add_bullet(reference_blocks(), "Tổ chức triển khai công tác kiểm định",
                        "Lũy kế từ đầu năm kiểm định 5.749 phương tiện đo.")
    at = _upload(_page(), "bc-luy-ke.txt", to_txt(blocks))
    label = t("narrative.ui_context_title", count=1)
    assert label in [e.label for e in at.expander]
    loose = next(d.value for d in at.dataframe if "Vai trò" in d.value.columns)
    assert list(loose["Vai trò"]) == ["lũy kế"]
    assert list(loose["Chỉ tiêu"]) == ["Phương tiện đo được kiểm định"]
    assert list(loose["Trích"]) == ["Lũy kế từ đầu năm kiểm định 5.749 phương tiện đo"]
    _no_missing_text(loose)


def test_a_quarter_report_is_for_reference_only(app_db) -> None:
    content = to_txt(reword(reference_blocks(), PERIOD_TITLES["quarter"][2]))
    at = _upload(_page(), "bc-quy-1.txt", content)
    texts = _texts(at)
    assert t("narrative.ui_period_report", period="quý I năm 2023") in texts
    assert t("narrative.load_period_report", period="quý I năm 2023") in texts
    header = next(d.value for d in at.dataframe if "Mục" in d.value.columns)
    fields = dict(zip(header["Mục"], header["Nội dung"], strict=True))
    assert (fields["Kỳ báo cáo"], fields["Kỳ kế hoạch"]) == ("quý I năm 2023", "quý II năm 2023")
    assert any(e.label.startswith("II\\. Nhiệm vụ trọng tâm quý II năm 2023 — 7")
               for e in at.expander)
    table = next(d.value for d in at.dataframe if STATE in d.value.columns)
    assert set(table[STATE]) == {"chỉ tham khảo"} and not table[ACCEPT].any()
    button = next(b for b in at.button if b.label == "Nạp vào hệ thống")
    assert button.disabled
    with app_db.connect() as conn:
        assert list_submissions(conn, period=Month(2023, 3)) == []


def test_a_month_chosen_for_a_quarter_report_is_refused(app_db) -> None:
    content = to_txt(reword(reference_blocks(), PERIOD_TITLES["quarter"][2]))
    at = _page()
    at.selectbox(key="imp_month").set_value(Month(2023, 3)).run()
    at = _upload(at, "bc-quy-1.txt", content)
    # the file name is the user's text: shown escaped (ui.text), never as Markdown
    assert [e.value for e in at.error] == [safe_t(
        "narrative.period_conflict", file="bc-quy-1.txt", found="quý I năm 2023",
        chosen="tháng 03/2023")]
    assert not any(b.label == "Nạp vào hệ thống" for b in at.button)


def test_an_unreadable_file_is_a_vietnamese_error(app_db) -> None:
    at = _page()
    _uploader(at).set_value(("bc.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")).run()
    assert not at.exception
    assert any(escape_markdown("bc.pdf") in e.value for e in at.error)
    assert not any(b.label == "Nạp vào hệ thống" for b in at.button)


def test_review_table_round_trip(catalog: Catalog, reference_report: ParsedReport) -> None:
    options = indicator_options(catalog, reference_report.catalog_month)
    frame = review_frame(reference_report, catalog)
    assert list(frame[ACCEPT]) == [f.certain for f in reference_report.figures]
    frame[ACCEPT] = True
    reviews, refused = reviews_from_frame(frame, options, reference_report)
    assert refused == []
    assert [(r.indicator, r.value) for r in reviews] == \
        [(f.indicator, f.value) for f in reference_report.figures]
    label = next(k for k, v in options.items() if v == "TTKT_THU_NGHIEM")
    frame.loc[13, ACCEPT] = False
    frame.loc[14, VALUE] = "6.545"  # typed the Vietnamese way: six thousand five hundred …
    frame.loc[0, INDICATOR] = None
    frame.loc[1, INDICATOR] = label
    edited, refused = reviews_from_frame(frame, options, reference_report)
    assert refused == []
    assert not edited[13].accepted and edited[14].value == 6545
    assert edited[0].indicator is None and edited[1].indicator == "TTKT_THU_NGHIEM"
    assert all(o.endswith(f"({v})") for o, v in options.items())
    assert not any(v.startswith("CDS_") for v in options.values())  # not valid in 2023


@pytest.mark.parametrize(("typed", "key"), [
    ("6,545", "action.number_ambiguous"), ("abc", "action.number_not_a_number"),
    ("-5", "action.number_negative"), ("", None), ("khoảng 5", "action.number_qualifier")])
def test_a_changed_value_cell_is_read_the_vietnamese_way(catalog: Catalog,
                                                         reference_report: ParsedReport,
                                                         typed: str, key: str | None) -> None:
    options = indicator_options(catalog, reference_report.catalog_month)
    frame = review_frame(reference_report, catalog)
    assert all(isinstance(v, str) and v not in {"nan", "None"} for v in frame[VALUE])
    frame.loc[14, VALUE] = typed
    reviews, refused = reviews_from_frame(frame, options, reference_report)
    assert reviews[14].value is None  # nothing to load from that row
    if key is None:  # emptied: no value (the plan refuses an accepted figure without one)
        assert refused == []
        return
    [error] = refused
    assert error.key == key and "dòng 15" in error.message()
    assert all(r.value is not None for i, r in enumerate(reviews) if i != 14)


def test_figure_notes_say_summed_implied_and_unmatched(reference_report: ParsedReport) -> None:
    notes = {f.indicator: figure_note(f) for f in reference_report.figures}
    assert notes["TTUD_ANPHAM"].startswith("Cộng 1 + 1 = 2")
    assert notes["QLKH_NV_NGHIEMTHU"].startswith("Không ghi số")
    assert notes["TTKT_KD_PTD"] == ""
    unmatched = type(reference_report.figures[0])(
        value=3, unit_noun="việc", qualifier=None, indicator=None, name=None, section="1",
        sentence="3 việc")
    assert figure_note(unmatched) == "Chưa khớp chỉ tiêu nào."

"""The report page with AppTest: viewers read, editors edit wording and follow-up;
the document's HTML escapes every user text."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from report.html_view import render_html
from report.model import Bullet, ReportSection
from store.engine import make_engine
from store.schema import plan_followup, report_draft
from tests.report.reference_doc import reference_document
from ui.report_view import EDIT_OPEN, FOLLOWUP_OPEN

PAGE = Path(__file__).resolve().parents[2] / "pages" / "month_report.py"


@pytest.fixture
def app(sample_copy_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sample_copy_url)
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(user: str, opened: tuple[str, ...] = (), **params: str) -> AppTest:
        """``opened``: the editors' expanders open (their content runs only then)."""
        at = AppTest.from_file(str(PAGE), default_timeout=180)
        at.session_state["user"] = user
        for key in opened:
            at.session_state[key] = True
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    yield make
    st.cache_resource.clear()
    st.cache_data.clear()


def _html(at: AppTest) -> str:
    return at.get("html")[0].proto.body


def test_viewer_reads_the_report_without_edit_controls(app):
    at = app("lanhdao", thang="2023-01")
    assert not at.exception
    html = _html(at)
    for text in ("UBND TỈNH QUẢNG TRỊ", "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023",
                 "5749 phương tiện đo", "1.100 kg", "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023",
                 "Nguyễn Hữu Thắng"):
        assert text in html
    assert html.count('class="bc-notes"') == 1 and html.count("bc-fn-") >= 6  # 3 notes
    assert len(at.text_area) == 0 and len(at.expander) == 0
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải về Word (.docx)", "Tải về Markdown (.md)"]
    assert at.query_params["thang"] == ["2023-01"] or at.query_params["thang"] == "2023-01"


def test_bad_address_falls_back_with_a_notice(app):
    at = app("lanhdao", thang="2023-13")
    assert not at.exception
    assert any("không hợp lệ" in info.value for info in at.info)
    assert "Kết quả công tác tháng 12 năm 2023" in _html(at)  # the latest month


def test_six_months_and_unapproved_marks(app):
    at = app("lanhdao", ky="2023-H1")
    assert not at.exception
    assert "6 tháng đầu năm và kế hoạch 6 tháng cuối năm 2023" in _html(at)
    december = _html(app("lanhdao", thang="2023-12"))
    assert "chưa duyệt" in december and "bc-pending" in december


def test_editor_saves_a_draft_shown_as_edited(app, sample_copy_url):
    at = app("vanphong", opened=(EDIT_OPEN,), thang="2023-01")
    assert not at.exception
    at.selectbox(key="report_edit_part_2023-01").select("2.4")
    at.run()
    area = at.text_area[0]
    assert "Thông báo Lịch tiếp công dân" in area.value
    area.input(area.value + "\nCâu mới của <b>Văn phòng</b>.")
    at.button(key="report_save_2023-01_2.4").click()
    at.run()
    assert not at.exception
    html = _html(at)
    assert "đã chỉnh sửa" in html
    assert "Câu mới của &lt;b&gt;Văn phòng&lt;/b&gt;." in html
    engine = make_engine(sample_copy_url)
    with engine.connect() as conn:
        rows = conn.execute(select(report_draft)).all()
    engine.dispose()
    assert [(r.period, r.part, r.version, r.created_by) for r in rows] == [
        ("2023-01", "2.4", 1, "vanphong")]


def test_editor_sets_follow_up_status(app, sample_copy_url):
    at = app("vanphong", opened=(FOLLOWUP_OPEN,), thang="2023-02")
    assert not at.exception
    status = [s for s in at.selectbox if s.label == "Kết quả"]
    assert len(status) == 7  # the seven tasks planned in January for February
    status[0].select("done")
    at.text_input[0].input("Đã triển khai.")
    next(b for b in at.button if b.label == "Lưu kết quả thực hiện").click()
    at.run()
    assert not at.exception
    engine = make_engine(sample_copy_url)
    with engine.connect() as conn:
        rows = conn.execute(select(plan_followup)).all()
    engine.dispose()
    assert [(r.period, r.position, r.status, r.comment) for r in rows] == [
        ("2023-02", 0, "done", "Đã triển khai.")]
    html = _html(at)
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM THÁNG TRƯỚC" in html and "Phụ lục II" in html
    assert "Hoàn thành" in html


def test_user_text_is_escaped_in_the_html_view():
    doc = reference_document()
    doc.sections = [ReportSection("1", "Công tác <i>tham mưu</i>", 1, [
        Bullet("<script>alert('x')</script> & co.", ["<img src=x onerror=alert(1)>"]),
    ])]
    doc.summary = "<b>tóm tắt</b>"
    doc.signer_name = "<svg onload=alert(1)>"
    html = render_html(doc)
    assert "<script>" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in html
    assert "&lt;b&gt;tóm tắt&lt;/b&gt;" in html and "&lt;i&gt;tham mưu&lt;/i&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def _download(at: AppTest, label: str) -> bytes:
    from tests.dashboard.conftest import download_bytes

    return download_bytes(next(b for b in at.get("download_button") if b.proto.label == label))


@pytest.mark.parametrize("user", ["lanhdao", "vanphong"])
def test_checks_panel_before_signing_and_never_in_the_downloads(app, user):
    """The signer and the office see what to check; the files they send do not carry it."""
    import io
    import re

    import docx as python_docx

    at = app(user, thang="2023-12")
    assert not at.exception
    shown = [m.value for m in at.markdown] + [w.value for w in at.warning]
    assert "**Cần kiểm tra trước khi ký**" in shown
    warnings = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert any(w.startswith("Báo cáo chưa được duyệt: Văn phòng Sở") for w in warnings)
    assert any(w.startswith("Số liệu khác thường") for w in warnings)
    word = python_docx.Document(io.BytesIO(_download(at, "Tải về Word (.docx)")))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for row in t.rows for c in row.cells)
    markdown = _download(at, "Tải về Markdown (.md)").decode("utf-8")
    for phrase in ("Cần kiểm tra", "Số liệu khác thường", "chưa được duyệt", "trung vị"):
        assert phrase not in text and phrase not in markdown and phrase not in _html(at)
    assert "Phụ lục I" in text and "(Kèm theo Báo cáo số" in text


def test_a_month_without_findings_says_so(app):
    at = app("lanhdao", thang="2023-01")
    assert not at.exception
    assert [s.value for s in at.success] == ["Không có điểm nào cần kiểm tra thêm."]
    html = _html(at)
    assert "Phụ lục I" in html and "SỐ LIỆU CHỦ YẾU THÁNG 01 NĂM 2023" in html
    assert "Trong tháng 01 năm 2023, cả 08 phòng, đơn vị thuộc Sở đã gửi báo cáo." in html


def test_the_follow_up_shows_what_the_units_reported(app):
    at = app("vanphong", opened=(FOLLOWUP_OPEN,), thang="2023-02")
    assert not at.exception
    html = _html(at)
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM THÁNG TRƯỚC" in html  # Decree 30: upper case
    assert "Chưa cập nhật" not in html  # the sample's units reported every task
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Văn phòng Sở báo cáo: ") for c in captions)
    status = [s for s in at.selectbox if s.label == "Kết quả"]
    assert all(s.value is not None for s in status)


@pytest.mark.parametrize(("code", "words"), [
    ("2023-Q1", ["Kết quả công tác quý I và kế hoạch quý II năm 2023",
                 "II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2023", "(tháng 01: "]),
    ("2023", ["Kết quả công tác năm 2023 và kế hoạch năm 2024",
              "5.731 văn bản đến", "II. NHIỆM VỤ TRỌNG TÂM NĂM 2024"]),
])
def test_quarter_and_year_pages(app, code, words):
    at = app("vanphong", ky=code)
    assert not at.exception
    html = _html(at)
    for text in words:
        assert text in html
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM THÁNG TRƯỚC" not in html
    assert not [s for s in at.selectbox if s.label == "Kết quả"]  # no follow-up editor


def test_the_editors_expanders_run_only_when_open(app):
    closed = app("vanphong", thang="2023-02")
    assert not closed.exception
    assert [e.label for e in closed.expander] == [
        "Chỉnh sửa câu chữ báo cáo", "Theo dõi thực hiện nhiệm vụ trọng tâm tháng trước"]
    assert not closed.text_area and not [s for s in closed.selectbox if s.label == "Kết quả"]
    assert not closed.button  # neither editor's buttons
    both = app("vanphong", opened=(EDIT_OPEN, FOLLOWUP_OPEN), thang="2023-02")
    assert len(both.text_area) == 1
    assert len([s for s in both.selectbox if s.label == "Kết quả"]) == 7


def test_the_period_figures_are_computed_once_for_the_document_and_its_origins(
        app, monkeypatch):
    """The document and the list of its figures' origins share the period's figures: one
    computation per period and data version (a second of work at province scale after
    every load or approval), none on a rerun; another period computes its own."""
    import report.assemble
    import ui.report_view
    from report.figures import report_figures

    computed = []

    def counting(conn, period, catalog):
        computed.append(str(period))
        return report_figures(conn, period, catalog)

    monkeypatch.setattr(ui.report_view, "report_figures", counting)
    monkeypatch.setattr(report.assemble, "report_figures", counting)
    at = app("lanhdao", thang="2023-01")
    assert not at.exception and computed == ["2023-01"]
    assert "Nguồn các số liệu của phụ lục" in [h.value for h in at.subheader]
    origins = at.dataframe[-1].value
    assert len(origins) > 10 and "5.749" in set(origins.iloc[:, 3])
    at.run()
    assert computed == ["2023-01"]
    february = app("lanhdao", thang="2023-02")
    assert not february.exception and computed == ["2023-01", "2023-02"]

"""In Chromium: the report page's summary, "Cần kiểm tra trước khi ký" panel and Decree 30
annexes; the overview's running-total card and its movement lists under the stated rule;
the Word file downloaded from the browser."""

from __future__ import annotations

import io
import re

import docx
import pytest
from e2e_harness import download, error_shown, main_text, new_context, open_signed_in

from admin.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def viewer(shared_server, browser):
    page = new_context(browser).new_page()
    yield page
    page.context.close()


def test_report_page_checks_panel_summary_and_annexes(viewer, shared_server, tmp_path):
    open_signed_in(viewer, shared_server, "bao-cao-thang?thang=2023-12", "lanhdao",
                   DEMO_PASSWORD)
    assert not error_shown(viewer)
    text = main_text(viewer)
    assert "Cần kiểm tra trước khi ký" in text
    assert "Báo cáo chưa được duyệt: Văn phòng Sở" in text
    assert "Số liệu khác thường" in text
    document = viewer.locator(".bc-doc").inner_text()
    assert "Cần kiểm tra" not in document and "Số liệu khác thường" not in document
    assert "Trong tháng 12 năm 2023, cả 08 phòng, đơn vị thuộc Sở đã gửi báo cáo." in document
    assert "Kết quả cả năm so với kế hoạch" in document
    assert re.search(r"Phụ lục I\s+SỐ LIỆU CHỦ YẾU THÁNG 12 NĂM 2023", document)
    assert "Phụ lục II" in document and "(Kèm theo Báo cáo số" in document
    for word in ("nan", "None", "Traceback"):
        assert not re.search(rf"\b{word}\b", text), word
    viewer.screenshot(path=str(tmp_path / "bao-cao.png"), full_page=True)
    name, content = download(viewer, "Tải về Word")
    assert name == "bao-cao-2023-12.docx"
    word = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in word.paragraphs]
    assert "Phụ lục I" in paragraphs and "Phụ lục II" in paragraphs
    assert not [p for p in paragraphs if "Cần kiểm tra" in p or "khác thường" in p]
    assert word.core_properties.author == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"


def test_overview_running_total_and_material_moves(viewer, shared_server):
    open_signed_in(viewer, shared_server, "tong-quan?thang=2023-01", "lanhdao", DEMO_PASSWORD)
    assert not error_shown(viewer)
    text = main_text(viewer)
    start = text.index("Kinh phí sự nghiệp KH&CN đã giải ngân")
    card = text[start:text.index("Xem xu hướng", start)]  # the card, up to its trend link
    assert "574,3" in card and "-96" not in card and "+43,8" in card
    assert "không so với tháng trước" in card
    assert "Chỉ nêu các chỉ tiêu thay đổi từ 10% trở lên" in text
    moves = text[text.index("Biến động đáng chú ý"):]
    percents = [float(p.replace(",", ".")) for p in re.findall(r"\((\d+,\d+)%\)", moves)]
    assert percents and min(percents) >= 10  # never the +0,74% of before

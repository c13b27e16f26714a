"""Provenance in Chromium: a card's link, a click on a chart point, a quarter sum and an
imported figure each open /nguon-so-lieu with the figure's origin; the original file
downloads; an analyst typing the address is refused; the page fits a phone."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from e2e_harness import (
    AppServer,
    copy_db,
    download,
    error_shown,
    full_page_screenshot,
    main_text,
    new_context,
    open_signed_in,
    wait_for_grid_text,
    wait_idle,
)

from core.messages import t

pytestmark = pytest.mark.e2e

CARD = "TTKT_KD_PTD"
IMPORT_MONTH = "2024-01"  # after the demo's history: the imported report's own month


def _params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def _clean(page) -> str:
    text = main_text(page)
    assert not error_shown(page)
    for bad in ("Traceback", "nan", "None", "Error"):
        assert bad not in text.split(), bad
    return text


@pytest.fixture(scope="module")
def origins_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo history plus the reference narrative report imported as January 2024."""
    from actions.submissions import load_imported_report
    from core.catalog import load_catalog
    from core.months import Month
    from etl.narrative import parse_report
    from etl.narrative.load import FigureReview
    from store.database import open_database
    from tests.actors import OFFICE
    from tests.etl.narrative.narrative_samples import REFERENCE

    folder = tmp_path_factory.mktemp("origins")
    url = copy_db(demo_db, folder / "app.db")
    engine = open_database(url)
    report = parse_report(REFERENCE, REFERENCE.name, month=Month.parse(IMPORT_MONTH),
                          catalog=load_catalog())
    reviews = [FigureReview(i, f.indicator is not None, f.indicator, f.value)
               for i, f in enumerate(report.figures)]
    load_imported_report(engine, OFFICE, report, REFERENCE.read_bytes(), REFERENCE.name,
                         reviews, today=date(2024, 6, 1))
    engine.dispose()
    with AppServer(url, log_path=folder / "streamlit.log") as server:
        yield server
        assert "Traceback" not in server.log_text()


def test_a_card_figure_opens_its_origin_and_its_file(origins_server: AppServer, page,
                                                     tmp_path: Path) -> None:
    open_signed_in(page, origins_server, "tong-quan?thang=2023-01", "lanhdao", "demo123")
    metric = page.locator("[data-testid='stMetric']").filter(has_text="phương tiện đo").first
    shown = metric.locator("[data-testid='stMetricValue']").inner_text()
    link = page.locator(f"a[href*='chi_tieu={CARD}&thang=2023-01']").filter(
        has_text=t("provenance.link")).first
    assert link.inner_text().strip().endswith(t("provenance.link"))
    link.click()
    page.wait_for_url("**/nguon-so-lieu?**")
    wait_idle(page, expect_run=True)
    assert _params(page.url) == {"chi_tieu": CARD, "thang": "2023-01"}
    text = _clean(page)
    assert f"{shown} phương tiện đo là tổng của 1 số liệu" in text
    assert "Tệp: bao-cao-TTKT-2023-01.xlsx" in text
    assert "Vị trí trong tệp: trang tính «Chỉ tiêu», dòng" in text
    assert "Người duyệt: vanphong" in text
    name, content = download(page, "Tải tệp gốc")
    assert name == "bao-cao-TTKT-2023-01.xlsx" and content[:2] == b"PK"
    full_page_screenshot(page, tmp_path / "card-origin.png")


def test_a_click_on_a_chart_point_opens_its_origin(origins_server: AppServer, page) -> None:
    open_signed_in(page, origins_server, f"xu-huong?chi_tieu={CARD}&tu=2023-01&den=2023-06",
                   "lanhdao", "demo123")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    # The third point of the first line (March): its position from plotly's own layout.
    point = page.evaluate("""() => {
        const el = document.querySelector('.js-plotly-plot');
        const trace = el._fullData[0], xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
        const box = el.querySelector('.nsewdrag').getBoundingClientRect();
        return {x: box.left + xa.d2p(trace.x[2]), y: box.top + ya.d2p(trace.y[2]),
                value: trace.y[2]};
    }""")
    page.mouse.move(point["x"], point["y"])
    hover = chart.locator(".hoverlayer").text_content()
    assert "bấm để xem nguồn" in hover
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/nguon-so-lieu?**", timeout=20_000)
    wait_idle(page, expect_run=True)
    assert _params(page.url) == {"chi_tieu": CARD, "thang": "2023-03"}
    from core.formatting import fmt_number

    assert f"{fmt_number(point['value'])} phương tiện đo" in _clean(page)


def test_a_click_on_a_card_sparkline_point_opens_its_month(origins_server: AppServer,
                                                           page) -> None:
    open_signed_in(page, origins_server, "tong-quan?thang=2023-01", "lanhdao", "demo123")
    card = page.locator("[data-testid='stVerticalBlock']").filter(
        has=page.locator("[data-testid='stMetric']").filter(has_text="phương tiện đo")).filter(
        has=page.locator(".skhcn-spark")).last
    points = card.locator(".skhcn-spark a.pt")
    points.first.wait_for()
    assert points.count() == 12
    # The tenth month of the card's twelve (11/2022): a point drawn on the line, which says
    # what a click does when the pointer rests on it.
    point = points.nth(9)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    line = card.locator(".skhcn-spark").bounding_box()
    assert box and line and box["width"] > 5 and line["y"] <= box["y"] <= line["y"] + line["height"]
    title = point.get_attribute("title") or ""
    assert title.startswith("11/2022: ") and title.endswith(" — bấm để xem nguồn")
    point.click()
    page.wait_for_url("**/nguon-so-lieu?**", timeout=20_000)
    wait_idle(page, expect_run=True)
    assert _params(page.url) == {"chi_tieu": CARD, "thang": "2022-11"}
    value = title.removeprefix("11/2022: ").removesuffix(" — bấm để xem nguồn")
    assert f"{value} phương tiện đo" in _clean(page)


def test_a_quarter_sum_lists_its_values(origins_server: AppServer, page) -> None:
    open_signed_in(page, origins_server, f"nguon-so-lieu?chi_tieu={CARD}&ky=2023-Q1",
                   "lanhdao", "demo123")
    text = _clean(page)
    assert "quý I năm 2023" in text and "là tổng của 3 số liệu" in text
    grid = wait_for_grid_text(page, "03/2023")
    for month in ("01/2023", "02/2023", "03/2023"):
        assert month in grid
    for month in ("01", "02", "03"):  # each row links to its own value's origin
        assert f"/nguon-so-lieu?chi_tieu={CARD}&don_vi=TTKT&thang=2023-{month}" in grid
    # The first row's link (third column, after the short month and value columns): a
    # click selects the cell, a second one opens the value's origin in a new tab.
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    x, y = box["x"] + 150, box["y"] + 35 + 17
    page.mouse.click(x, y)
    page.wait_for_timeout(500)
    with page.context.expect_page(timeout=20_000) as opened:
        page.mouse.click(x, y)
    one = opened.value
    one.wait_for_load_state("domcontentloaded")
    wait_idle(one)
    assert _params(one.url) == {"chi_tieu": CARD, "don_vi": "TTKT", "thang": "2023-01"}
    assert "Giá trị như đã đọc: 5.749 phương tiện đo" in _clean(one)
    one.close()


def test_an_imported_figure_shows_its_sentence(origins_server: AppServer, page) -> None:
    open_signed_in(page, origins_server,
                   f"nguon-so-lieu?chi_tieu=QLCN_THAMDINH_CN&don_vi=QLCN&thang={IMPORT_MONTH}",
                   "vanphong", "demo123")
    text = _clean(page)
    assert "Nhập từ báo cáo cũ (văn bản)" in text
    assert "«Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.»" in text
    name, content = download(page, "Tải tệp gốc")
    from tests.etl.narrative.narrative_samples import REFERENCE

    assert name == REFERENCE.name and content == REFERENCE.read_bytes()


def test_an_analyst_typing_the_address_is_refused(origins_server: AppServer, page) -> None:
    open_signed_in(page, origins_server, f"nguon-so-lieu?chi_tieu={CARD}&don_vi=TTKT"
                   "&thang=2023-01", "chuyenvien", "demo123")
    text = main_text(page)
    assert t("auth.forbidden") in text
    assert "5.749" not in text and "Tải tệp gốc" not in text
    assert _params(page.url)["chi_tieu"] == CARD  # the address is kept


def test_the_page_fits_a_phone(origins_server: AppServer, browser, tmp_path: Path) -> None:
    context = new_context(browser, 390, 844)
    page = context.new_page()
    open_signed_in(page, origins_server, f"nguon-so-lieu?chi_tieu={CARD}&don_vi=TTKT"
                   "&thang=2023-01", "lanhdao", "demo123")
    _clean(page)
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return main.scrollWidth - main.clientWidth;
    }""")
    assert overflow <= 1
    full_page_screenshot(page, tmp_path / "phone.png")
    context.close()

"""The origin page /nguon-so-lieu (AppTest): a card figure, a chart point, a quarter sum
and the report's annex lead to their stored values; an imported, a carried-over and a
typed figure show where they came from; the original file downloads for a role that may
see the unit; the wrong role and bad addresses are refused in Vietnamese."""

from __future__ import annotations

import base64
import json
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core.formatting import fmt_number
from core.messages import t
from core.months import Month, ReportPeriod
from store import queries
from store.blobs import get_blob
from store.schema import audit_log
from tests.apptest_db import use_database
from tests.dashboard.conftest import download_bytes, texts
from tests.dashboard.test_dashboard_pages import FORBIDDEN
from tests.dashboard.test_sparkline_links import _points

ROOT = Path(__file__).resolve().parents[2]
CARD = "TTKT_KD_PTD"
LINK = re.compile(r"\]\((/nguon-so-lieu\?[^)]+)\)")


def _params(address: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(address).query))


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in texts(at):
        assert not FORBIDDEN.search(text), text
    for frame in at.dataframe:
        assert not frame.value.astype(str).isin(["nan", "None", "NaN", "NaT"]).any().any()


def _origin_links(at: AppTest) -> list[str]:
    return [m for e in at.markdown for m in LINK.findall(str(e.value))]


def _shown(at: AppTest) -> str:
    """The page's text as a reader sees it (markdown's bold marks dropped)."""
    return "\n".join(t.replace("**", "") for t in texts(at))


# --- the demo history -------------------------------------------------------------------

def test_a_card_figure_leads_to_the_value_it_shows(page, dashboard_db) -> None:
    _url, engine = dashboard_db
    overview = page("overview", thang="2023-01")
    metric = {m.label: m.value for m in overview.metric}["phương tiện đo"]
    links = [a for a in _origin_links(overview) if f"chi_tieu={CARD}&" in a]
    assert links == [f"/nguon-so-lieu?chi_tieu={CARD}&thang=2023-01",
                     f"/nguon-so-lieu?chi_tieu={CARD}&thang=2023-01&luy_ke=1"]
    at = page("provenance", **_params(links[0]))
    _clean(at)
    shown = _shown(at)
    assert f"{metric} phương tiện đo là tổng của 1 số liệu" in shown
    frame = queries.figures(engine, Month(2023, 1), Month(2023, 1), [CARD])
    row = frame.iloc[0]
    assert fmt_number(row["value"]) == metric
    with engine.connect() as conn:
        from store.provenance import value_origin

        stored = value_origin(conn, int(row["submission_id"]), CARD)
    assert f"Tệp: {stored['file_name']}" in shown
    assert (f"Vị trí trong tệp: trang tính «{stored['value_sheet']}», dòng {stored['row']}, "
            f"cột {stored['col']}") in shown
    assert f"Người gửi: {stored['submitted_by']}, lúc" in shown
    assert f"Người duyệt: {stored['reviewed_by']}, lúc" in shown
    assert f"Phiên bản: {stored['version']} (trạng thái: Đã duyệt)" in shown
    assert [b.label for b in at.get("download_button")] == [
        f"Tải tệp gốc ({stored['file_name']})"]


def test_a_year_to_date_card_figure_lists_its_months(page, dashboard_db) -> None:
    _url, engine = dashboard_db
    at = page("provenance", chi_tieu=CARD, thang="2023-03", luy_ke="1")
    _clean(at)
    frame = queries.figures(engine, Month(2023, 1), Month(2023, 3), [CARD])
    table = at.dataframe[0].value
    assert list(table["Tháng"]) == ["01/2023", "02/2023", "03/2023"]
    assert f"{fmt_number(frame['value'].sum())} phương tiện đo là tổng của 3" in _shown(at)


def test_a_quarter_sum_lists_each_value_with_its_own_origin(page, dashboard_db) -> None:
    _url, engine = dashboard_db
    at = page("provenance", chi_tieu=CARD, ky="2023-Q1")
    _clean(at)
    frame = queries.figures(engine, Month(2023, 1), Month(2023, 3), [CARD])
    assert "quý I năm 2023" in _shown(at)
    assert f"{fmt_number(frame['value'].sum())} phương tiện đo là tổng của {len(frame)}" \
        in _shown(at)
    table = at.dataframe[0].value
    assert list(table["Giá trị"]) == [fmt_number(v) for v in frame["value"]]
    links = list(table["Nguồn gốc"])
    assert [_params(a) for a in links] == [
        {"chi_tieu": CARD, "don_vi": u, "thang": p} for u, p in zip(
            frame["unit"], frame["period"], strict=True)]
    # Each link opens one value: the one the list shows.
    one = page("provenance", **_params(links[1]))
    _clean(one)
    assert f"Giá trị như đã đọc: {table['Giá trị'].iloc[1]} phương tiện đo" in _shown(one)
    assert not one.dataframe  # a single value: no list


def test_a_chart_point_carries_the_address_of_its_figure(page, dashboard_db) -> None:
    _url, engine = dashboard_db
    at = page("trends", chi_tieu=CARD, tu="2022-11", den="2023-02")
    _clean(at)
    assert "Bấm vào một điểm trên biểu đồ để xem nguồn của con số đó." in _shown(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    trace = spec["data"][0]
    points = [(y, c[0]) for y, c in zip(trace["y"], trace["customdata"], strict=True)
              if y is not None]
    assert len(points) == 4 and "bấm để xem nguồn" in trace["hovertemplate"]
    y, address = points[2]
    assert _params(address) == {"chi_tieu": CARD, "thang": "2023-01"}
    assert y == float(queries.figures(engine, Month(2023, 1), Month(2023, 1), [CARD])
                      ["value"].sum())
    origin = page("provenance", **_params(address))
    assert f"{fmt_number(y)} phương tiện đo là tổng của" in _shown(origin)
    last_year = spec["data"][1]["customdata"][2][0]
    assert _params(last_year) == {"chi_tieu": CARD, "thang": "2022-01"}
    # The table under the chart links each row to the same address.
    table = at.dataframe[0].value
    assert address in list(table["Nguồn gốc"])


def _numbers(y: list | dict) -> list[float]:
    """A trace's y as the page's JSON has it: a list, or plotly's typed array (base64)."""
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return y


def test_a_card_sparkline_point_carries_the_address_of_its_month(page, dashboard_db) -> None:
    _url, engine = dashboard_db
    overview = page("overview", thang="2023-01", duyet="1")
    _clean(overview)
    sparks = [_points(str(h.value)) for h in overview.get("html")]
    card = next(points for points in sparks
                if any(f"chi_tieu={CARD}&" in a.get("href", "") for _, a in points))
    assert all("bấm để xem nguồn" in a["title"] for _, a in card)
    months = [_params(a["href"]) for _, a in card]
    assert len(months) == 12  # the sample has every month of the last twelve
    # each point: the card's own address (indicator, approved switch) with its month
    assert months[-1] == {"chi_tieu": CARD, "thang": "2023-01", "duyet": "1"}
    assert months[0] == {"chi_tieu": CARD, "thang": "2022-02", "duyet": "1"}
    address, title = card[5][1]["href"], card[5][1]["title"]
    month = Month.parse(_params(address)["thang"])
    frame = queries.figures(engine, month, month, [CARD], approved_only=True)
    shown = fmt_number(float(frame["value"].sum()))
    assert title == f"{month.month:02d}/{month.year}: {shown} — bấm để xem nguồn"
    origin = page("provenance", **_params(address))
    assert f"{shown} phương tiện đo là tổng của" in _shown(origin)


def test_the_approved_switch_travels_to_the_origin(page) -> None:
    at = page("trends", chi_tieu=CARD, tu="2023-01", den="2023-02", duyet="1")
    links = list(at.dataframe[0].value["Nguồn gốc"])
    assert all(_params(a).get("duyet") == "1" for a in links if a)
    origin = page("provenance", **_params(links[0]))
    assert "Chỉ theo các phiên bản đã duyệt." in _shown(origin)


def test_the_report_page_lists_the_annex_figures_with_their_origins(page) -> None:
    at = page("month_report", ky="2023-Q1")
    _clean(at)
    assert "Nguồn các số liệu của phụ lục" in _shown(at)
    table = next(d.value for d in at.dataframe if "Nguồn gốc" in d.value.columns)
    row = table[table["Chỉ tiêu"] == "Phương tiện đo được kiểm định"].iloc[0]
    assert _params(row["Nguồn gốc"]) == {"chi_tieu": CARD, "ky": "2023-Q1", "bao_cao": "1"}
    value = row[t("report.col_value_period", period="quý I năm 2023")]
    origin = page("provenance", **_params(row["Nguồn gốc"]))
    _clean(origin)
    assert f"{value} phương tiện đo là tổng của 3 số liệu" in _shown(origin)
    assert "Theo quy tắc của báo cáo" in _shown(origin)


@pytest.mark.parametrize("user", ["chuyenvien", None])
def test_the_wrong_role_is_refused_at_the_address(page, user) -> None:
    at = page("provenance", user=user, chi_tieu=CARD, don_vi="TTKT", thang="2023-01") \
        if user else _anonymous(page)
    assert not at.exception
    shown = _shown(at)
    assert ("Bạn không có quyền" in shown) if user else ("Đăng nhập" in shown)
    assert "5.749" not in shown and not at.get("download_button") and not at.dataframe


def _anonymous(page) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "provenance.py"), default_timeout=120)
    at.query_params.update({"chi_tieu": CARD, "don_vi": "TTKT", "thang": "2023-01"})
    return at.run()


@pytest.mark.parametrize("params, notice", [
    ({}, "Hãy mở nó bằng liên kết"),
    ({"chi_tieu": CARD}, "thiếu tháng hoặc kỳ"),
    ({"chi_tieu": "<b>x</b>", "thang": "2023-01"}, "Không có chỉ tiêu mã «<b>x</b>»"),
    ({"chi_tieu": CARD, "thang": "2023-13", "don_vi": "TTKT"}, "Tháng «2023-13»"),
    ({"chi_tieu": CARD, "ky": "2023-Q9"}, "Kỳ «2023-Q9»"),
    ({"chi_tieu": CARD, "thang": "x" * 5000}, "…"),
])
def test_a_bad_address_gets_a_notice_and_is_kept(page, params, notice) -> None:
    at = page("provenance", **params)
    _clean(at)
    assert notice in _shown(at)
    assert not at.dataframe and not at.get("download_button")
    kept = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert kept == params  # the address is never rewritten


def test_a_month_without_data_says_so(page) -> None:
    at = page("provenance", chi_tieu="TTRA_CUOC_TTKT", don_vi="TTRA", thang="2022-07")
    _clean(at)
    assert "Chưa có số liệu" in _shown(at) and not at.get("download_button")


# --- a history with an imported report, a carried-over and a typed figure -----------------

@pytest.fixture(scope="module")
def origins_db(tmp_path_factory) -> Path:
    from actions.base import ActionError
    from actions.submissions import load_imported_report
    from core.catalog import load_catalog
    from etl.narrative import parse_report
    from etl.narrative.load import FigureReview
    from store.engine import make_engine, write_transaction
    from store.submissions import NewSubmission, NewValue, insert_submission
    from tests.actors import OFFICE
    from tests.etl.narrative.narrative_samples import REFERENCE
    from tests.qualified_history import THIS_MONTH, build

    path = build(tmp_path_factory.mktemp("origins") / "app.db")
    engine = make_engine(f"sqlite:///{path}")
    report = parse_report(REFERENCE, REFERENCE.name, catalog=load_catalog())
    reviews = [FigureReview(i, f.indicator is not None, f.indicator, f.value)
               for i, f in enumerate(report.figures)]
    try:
        load_imported_report(engine, OFFICE, report, REFERENCE.read_bytes(), REFERENCE.name,
                             reviews, today=date(2024, 6, 1))
    except ActionError as refused:  # pragma: no cover - the fixture must load
        raise AssertionError(refused.message()) from None
    with write_transaction(engine) as conn:
        insert_submission(conn, NewSubmission("KHTC", THIS_MONTH - 1, "typed", "khtc.cv",
                                              [NewValue("KHTC_DUTOAN", 12.5, "about")]))
    engine.dispose()
    return path


@pytest.fixture
def origins(origins_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):

    from ui.db import engine

    copy = tmp_path / "app.db"
    shutil.copyfile(origins_db, copy)
    use_database(f"sqlite:///{copy}", monkeypatch)

    def run(user: str = "lanhdao", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "pages" / "provenance.py"), default_timeout=120)
        at.session_state["user"] = user
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    yield run, copy
    engine.clear()


def _downloads(path: Path) -> list[dict]:
    from store.engine import make_engine

    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(
            audit_log.c.action == "submission.download_original")).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def test_an_imported_figure_shows_its_sentence_and_its_report(origins) -> None:
    from tests.etl.narrative.narrative_samples import REFERENCE

    run, path = origins
    at = run(chi_tieu="QLCN_THAMDINH_CN", don_vi="QLCN", thang="2023-01")
    _clean(at)
    shown = _shown(at)
    assert "Cách nhận số liệu: Nhập từ báo cáo cũ (văn bản)" in shown
    assert "Câu trong báo cáo cũ: «Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.»" \
        in shown
    assert f"Tệp: {REFERENCE.name}" in shown and "Vị trí trong tệp" not in shown
    button = at.get("download_button")[0]
    assert download_bytes(button) == REFERENCE.read_bytes()
    assert [r["actor"] for r in _downloads(path)] == ["lanhdao"]


def test_a_carried_figure_leads_to_the_file_it_was_read_from(origins) -> None:
    from tests.qualified_history import THIS_MONTH

    run, path = origins
    month = THIS_MONTH - 3
    at = run(chi_tieu="TTKT_THU_NGHIEM", don_vi="TTKT", thang=str(month))
    _clean(at)
    shown = _shown(at)
    assert "Giá trị như đã đọc: hơn 20 mẫu" in shown
    assert "Giữ lại từ phiên bản trước: Bản gửi lại không có số này nên số của phiên bản 1" \
        in shown
    assert "Tệp: TTKT-fix.xlsx" in shown  # the version that counts
    assert "Nơi số liệu được đọc lần đầu: phiên bản 1" in shown
    assert f"Tệp: TTKT-{month}.xlsx" in shown
    button = at.get("download_button")[0]
    assert button.label == f"Tải tệp gốc (TTKT-{month}.xlsx)"
    from store.engine import make_engine
    from store.provenance import submission_file

    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        sid = int(_downloads_target(conn, month))
        original = get_blob(conn, submission_file(conn, sid)[0]["sha256"])
    engine.dispose()
    assert download_bytes(button) == original


def _downloads_target(conn, month: Month) -> int:
    from store.schema import submission

    return conn.execute(select(func.min(submission.c.id)).where(
        submission.c.unit_code == "TTKT", submission.c.period == str(month))).scalar()


def test_a_typed_figure_says_so_and_has_no_file(origins) -> None:
    from tests.qualified_history import THIS_MONTH

    run, path = origins
    at = run(chi_tieu="KHTC_DUTOAN", don_vi="KHTC", thang=str(THIS_MONTH - 1))
    _clean(at)
    shown = _shown(at)
    assert "Cách nhận số liệu: Nhập trực tiếp" in shown
    assert "Giá trị như đã đọc: khoảng 12,5" in shown
    assert "nhập trực tiếp trên trình duyệt nên không có tệp gốc" in shown
    assert "Người duyệt: chưa duyệt" in shown
    assert not at.get("download_button") and _downloads(path) == []


def test_a_zero_is_a_figure_with_an_origin(origins) -> None:
    from tests.qualified_history import THIS_MONTH

    run, _path = origins
    at = run(chi_tieu="TTKT_KD_CAN", don_vi="TTKT", thang=str(THIS_MONTH - 5))
    _clean(at)
    assert "Giá trị như đã đọc: 0" in _shown(at) and at.get("download_button")


def test_a_sum_over_a_year_counts_what_is_there_and_names_the_gaps(origins) -> None:
    from tests.qualified_history import THIS_MONTH

    run, _path = origins
    period = ReportPeriod.containing("year", THIS_MONTH)
    at = run(chi_tieu="TTKT_KD_PTD", ky=str(period))
    _clean(at)
    shown = _shown(at)
    assert "Các tháng chưa có số liệu (không tính là 0)" in shown
    table = at.dataframe[0].value
    assert len(table) == len({str(THIS_MONTH + o) for o in (-5, -4, -3, -2)
                              if (THIS_MONTH + o).year == period.year})

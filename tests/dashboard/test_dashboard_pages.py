"""The three dashboard pages with the sample data (AppTest)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from core.formatting import fmt_number, fmt_signed
from core.messages import t as message
from core.months import Month
from store import queries
from tests.dashboard.conftest import download_bytes, texts

# English words that must never reach a Vietnamese user (labels Streamlit or we could leak).
FORBIDDEN = re.compile(
    r"\b(Download|Loading|Error|Month|Value|Indicator|Units?|Total|No data|Approved|"
    r"Submitted|Missing|Late|On time|None|nan|NaN|Traceback|Exception|True|False)\b")


def _value(engine, code: str, month: str, approved_only: bool = False) -> float | None:
    """The total of ``code`` in ``month`` (``2022-12`` or ``12/2022``) straight from the store."""
    parsed = Month.parse(month)
    frame = queries.figures(engine, parsed, parsed, [code], approved_only=approved_only)
    return float(frame["value"].sum()) if not frame.empty else None


def _assert_vietnamese(at):
    assert not at.exception, at.exception
    for text in texts(at):
        assert not FORBIDDEN.search(text), text


@pytest.mark.parametrize("name", ["overview", "trends", "status"])
def test_pages_render_in_vietnamese(page, name):
    at = page(name)
    _assert_vietnamese(at)
    assert at.title[0].value in ("Tổng quan", "Xu hướng", "Tình hình nộp báo cáo")


def test_overview_january_2023_reference_figures(page, dashboard_db):
    _url, engine = dashboard_db
    at = page("overview", thang="2023-01")
    _assert_vietnamese(at)
    metrics = {m.label: m for m in at.metric}
    assert metrics["phương tiện đo"].value == "5.749"
    assert metrics["mẫu"].value == "544"
    for code, noun, value in (("TTKT_KD_PTD", "phương tiện đo", 5749),
                              ("TTKT_THU_NGHIEM", "mẫu", 544)):
        december = _value(engine, code, "2022-12")
        change = fmt_signed(value - december, 0)
        assert metrics[noun].delta.startswith(change)
        assert any(f"(12/2022: {fmt_number(december, 0)}): {change}" in t for t in texts(at))


def test_missing_month_says_no_data(page, dashboard_db):
    _url, engine = dashboard_db
    assert _value(engine, "TTRA_CUOC_TTKT", "2022-07") is None  # TTRA did not report
    at = page("overview", thang="2022-07")
    shown = texts(at)
    assert any(m.label == "cuộc" and m.value == "chưa có số liệu" for m in at.metric)
    assert any("Thanh tra Sở" in t for t in shown)  # listed among units without a report
    at = page("overview", thang="2022-09")
    assert any("chưa có số liệu tháng 08/2022" in t for t in texts(at))


MOVEMENT = re.compile(r"^(?P<name>.+?): (?P<value>[\d.,]+) .+? trong tháng (?P<month>\d\d/\d{4}), "
                      r"(tăng|giảm) [\d.,]+ \(.+?\) so với (cùng kỳ )?tháng "
                      r"(?P<base_month>\d\d/\d{4}) \((?P<base>[\d.,]+) ")


def test_movements_name_real_numbers(page, dashboard_db):
    _url, engine = dashboard_db
    at = page("overview", thang="2023-01")
    from store.catalog_store import read_catalog

    by_name = {i.name: i for i in read_catalog(engine).indicators}
    sentences = [m for t in texts(at) if (m := MOVEMENT.match(t.split(" ", 1)[-1]))]
    assert sentences
    for m in sentences:
        item = by_name[m["name"]]
        for key, month in (("value", m["month"]), ("base", m["base_month"])):
            assert m[key] == fmt_number(_value(engine, item.code, month),
                                        item.decimals or None)


def test_trends_downloads_carry_the_charted_numbers(page, dashboard_db):
    _url, engine = dashboard_db
    at = page("trends", chi_tieu="TTKT_KD_PTD", tu="2022-11", den="2023-01")
    _assert_vietnamese(at)
    table = at.dataframe[0].value
    assert "5.749" in table["Giá trị"].tolist()
    csv = download_bytes(next(b for b in at.download_button if b.label == "Tải CSV"))
    assert csv.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    by_month = dict(zip(rows["Tháng"], rows["Giá trị"], strict=True))
    assert by_month["01/2023"] == 5749
    assert by_month["12/2022"] == _value(engine, "TTKT_KD_PTD", "2022-12")
    xlsx = download_bytes(next(b for b in at.download_button if b.label == "Tải Excel"))
    sheet = pd.read_excel(io.BytesIO(xlsx), engine="openpyxl")
    assert sheet["Giá trị"].tolist() == rows["Giá trị"].tolist()


def test_address_with_every_parameter_restores_the_view(page):
    params = dict(chi_tieu="TTKT_KD_PTD,TTKT_THU_NGHIEM", don_vi="TTKT", tu="2022-06",
                  den="2023-02", duyet="1")
    at = page("trends", **params)
    assert not at.exception
    assert at.multiselect[0].value == ["TTKT_KD_PTD", "TTKT_THU_NGHIEM"]
    assert at.multiselect[1].value == ["TTKT"]
    assert str(at.selectbox[0].value) == "2022-06" and str(at.selectbox[1].value) == "2023-02"
    assert at.toggle[0].value is True
    assert {k: at.query_params[k][0] if isinstance(at.query_params[k], list)
            else at.query_params[k] for k in params} == params
    at = page("overview", thang="2023-03", duyet="1")
    assert str(at.selectbox[0].value) == "2023-03" and at.toggle[0].value is True


def test_bad_address_falls_back_with_a_notice(page):
    at = page("overview", thang="2023-99", chi_tieu="X", duyet="abc")
    assert not at.exception
    assert len(at.info) >= 2
    assert str(at.selectbox[0].value) == "2023-12"  # latest month with data


def test_approved_only_switch_changes_what_is_shown(page, dashboard_db):
    _url, engine = dashboard_db
    newest = page("overview", thang="2023-12")
    approved = page("overview", thang="2023-12", duyet="1")
    assert _value(engine, "TTKT_KD_PTD", "2023-12") is not None
    assert _value(engine, "TTKT_KD_PTD", "2023-12", approved_only=True) is None
    assert any(m.label == "phương tiện đo" and m.value != "chưa có số liệu"
               for m in newest.metric)
    assert all(m.value == "chưa có số liệu" for m in approved.metric)


def test_status_page_grid_and_versions(page):
    at = page("status", tu="2022-07", den="2022-08", thang="2022-07", don_vi="TTKT")
    _assert_vietnamese(at)
    grid = at.dataframe[0].value
    assert grid.loc["Thanh tra Sở", "07/2022"].startswith("Chưa nộp · quá hạn ")
    assert any("Thanh tra Sở" in t for t in texts(at))
    at = page("status", tu="2023-05", den="2023-05", thang="2023-05", don_vi="TTKT")
    versions = at.dataframe[1].value
    assert len(versions) >= 2  # the sample's TTKT 2023-05 was resubmitted
    assert versions["Phiên bản"].tolist() == list(range(1, len(versions) + 1))


def test_status_versions_are_drawn_only_while_open(page):
    """One unit's versions are a closed expander unless the address names a unit; opened,
    they show the unit picker and both tables, and closing it takes them away again."""
    from ui.status_view import VERSIONS_OPEN

    heading, pick_unit = message("dashboard.versions_heading"), message("dashboard.pick_unit")
    closed = page("status", tu="2023-04", den="2023-05", thang="2023-05")
    _assert_vietnamese(closed)
    box = next(e for e in closed.expander if e.label == heading)
    assert not box.proto.expanded
    assert len(closed.dataframe) == 1  # the grid alone
    assert not [s for s in closed.selectbox if s.label == pick_unit]

    opened = page("status", state={VERSIONS_OPEN: True}, tu="2023-04", den="2023-05",
                  thang="2023-05")
    _assert_vietnamese(opened)
    assert next(e for e in opened.expander if e.label == heading).proto.expanded
    assert [s for s in opened.selectbox if s.label == pick_unit]
    assert len(opened.dataframe) == 3  # the grid, the versions, their values
    assert opened.dataframe[1].value["Phiên bản"].tolist()[0] == 1
    opened.session_state[VERSIONS_OPEN] = False
    opened.run()
    assert len(opened.dataframe) == 1 and not opened.exception

    asked = page("status", tu="2023-05", den="2023-05", thang="2023-05", don_vi="TTKT")
    assert asked.session_state[VERSIONS_OPEN] is True
    assert asked.selectbox(key="status_unit").value == "TTKT"
    kept = asked.query_params["don_vi"]
    assert (kept[0] if isinstance(kept, list) else kept) == "TTKT"  # the address is kept
    assert len(asked.dataframe) == 3


def test_viewer_pages_refuse_an_analyst(page):
    at = page("overview", user="chuyenvien")
    assert not at.exception
    assert at.error and not at.metric


# --- running totals and the material-move rule (issues #13, #14) ---------------------------

PERCENT_IN_SENTENCE = re.compile(r"\((\d+(?:,\d+)?)%\)")


@pytest.mark.parametrize("month", ["2023-01", "2023-02", "2022-01", "2023-12"])
def test_running_total_card_is_year_to_date_against_last_year(page, dashboard_db, month):
    """The disbursed budget is never compared with the month before: in January that was a
    red -96,83% against December's whole year."""
    _url, engine = dashboard_db
    at = page("overview", thang=month)
    _assert_vietnamese(at)
    card = {m.label: m for m in at.metric}["triệu đồng"]
    value = _value(engine, "KHTC_GIAINGAN", month)
    base = _value(engine, "KHTC_GIAINGAN", str(Month.parse(month) - 12))
    assert card.value == fmt_number(value, 1)
    assert card.delta.startswith(fmt_signed(value - base, 1))
    assert not card.delta.startswith("-")  # spending only grows year on year in the sample
    previous = _value(engine, "KHTC_GIAINGAN", str(Month.parse(month) - 1))
    shown = texts(at)
    assert not any(f"{fmt_number(previous, 1)})" in t for t in shown)  # no month before
    assert any(t.startswith("Chỉ tiêu lũy kế (lấy số của tháng gần nhất)") for t in shown)
    assert any(t.startswith("Kế hoạch năm: số liệu «Dự toán kinh phí sự nghiệp KH&CN được "
                            "giao» đơn vị báo cáo tháng") for t in shown)
    allocation = _value(engine, "KHTC_DUTOAN", month)
    bars = [e.proto.text for e in at.get("progress")]
    ratio = fmt_number(value / allocation * 100, 2)
    assert any(f": {fmt_number(allocation, 1)} — đạt {ratio}%" in b for b in bars), bars


def test_movement_lists_follow_the_stated_rule(page):
    at = page("overview", thang="2023-01")
    _assert_vietnamese(at)
    shown = texts(at)
    assert any(t.startswith("Chỉ nêu các chỉ tiêu thay đổi từ 10% trở lên so với mức nền "
                            "từ 10 trở lên") for t in shown)
    lists: dict[str, list[str]] = {}
    heading = None
    for t in shown:
        if t.strip("*") in ("So với tháng trước", "So với cùng kỳ năm trước",
                            "Số liệu bất thường"):
            heading = t.strip("*")
            lists[heading] = []
        elif heading and t.startswith(":material/"):
            lists[heading].append(t)
    assert lists  # January 2023 has material moves
    for name, items in lists.items():
        rises = [t for t in items if "trending_up" in t]
        falls = [t for t in items if "trending_down" in t]
        assert len(rises) <= 3 and len(falls) <= 3, name
        for group in (rises, falls):
            percents = [float(PERCENT_IN_SENTENCE.search(t)[1].replace(",", "."))
                        for t in group]
            assert all(p >= 10 for p in percents), group  # never +0,74%
            assert percents == sorted(percents, reverse=True), group  # largest first
    assert not any("Kinh phí sự nghiệp KH&CN đã giải ngân" in t
                   for t in lists.get("So với tháng trước", []))


def _expected_cells(engine, month: Month) -> dict[str, str]:
    """Per unit name, the timeliness words the cell of ``month`` must carry, worked out here
    from the stored first submission times and the deadline setting (not via the page code)."""
    from datetime import timedelta

    from core.timezone import to_vn, vn_today
    from store.catalog_store import read_catalog
    from store.settings import get_setting

    cat = read_catalog(engine)
    days = int(get_setting(engine, "deadline_days_after_month_end", month.last_day))
    due_day = month.last_day + timedelta(days=days)
    status = queries.submission_status(engine, month, month)
    first = {r.unit: pd.Timestamp(r.first_submitted_at).to_pydatetime()
             for r in status.itertuples(index=False)}
    out = {}
    for u in cat.reporting_units(month):
        if u.code not in first:
            out[u.name] = f"Chưa nộp · quá hạn {(vn_today() - due_day).days} ngày"
            continue
        late = (to_vn(first[u.code]).date() - due_day).days
        out[u.name] = f"trễ {late} ngày" if late > 0 else "đúng hạn"
    return out


@pytest.mark.parametrize("month", ["2023-01", "2022-07", "2024-01"])
def test_status_cells_carry_timeliness_and_late_units_are_named(page, dashboard_db, month):
    _url, engine = dashboard_db
    parsed = Month.parse(month)
    at = page("status", tu=str(parsed - 2), den=month, thang=month)
    _assert_vietnamese(at)
    grid = at.dataframe[0].value
    # newest month first
    assert list(grid.columns)[:3] == [f"{(parsed - k).month:02d}/{(parsed - k).year}"
                                      for k in range(3)]
    expected = _expected_cells(engine, parsed)
    column = f"{parsed.month:02d}/{parsed.year}"
    late_line = next((t for t in texts(at) if t.startswith(f"- {column} — ")), "")
    for name, words in expected.items():
        cell = grid.loc[name, column]
        assert cell.endswith(words), (name, cell, words)
        assert " · " in cell
        named = f"{name} (" in late_line
        assert named == ("trễ" in words or "quá hạn" in words), (name, late_line)
    late = sum("trễ" in w for w in expected.values())
    summary = next(t for t in texts(at) if t.startswith(f"Tháng {column}:"))
    assert f"{late} trễ hạn" in summary

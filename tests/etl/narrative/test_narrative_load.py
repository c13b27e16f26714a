"""Loading a reviewed narrative report: one version per unit, audited, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from narrative_samples import REFERENCE
from sqlalchemy import Engine, func, select

from actions.base import FORBIDDEN, ActionError, Actor
from actions.review import approve
from auth.permissions import roles_without
from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import t
from core.months import Month
from core.timezone import to_vn
from etl.narrative import ParsedReport, parse_report
from etl.narrative.intake import check_upload, read_upload
from etl.narrative.load import (
    FigureReview,
    default_reviews,
    plan_import,
    report_date,
)
from etl.narrative.model import NarrativeError
from store.blobs import get_blob
from store.schema import audit_log, submission
from store.submissions import (
    list_submissions,
    submission_activities,
    submission_plan_items,
    submission_values,
)
from tests.actors import OFFICE, REVIEWER, import_report
from tests.conftest import REFERENCE_FACTS

CONTENT = REFERENCE.read_bytes()
NAME = REFERENCE.name
TODAY = date(2024, 6, 1)

EXPECTED_VALUES = REFERENCE_FACTS
BULLETS = {"VP": 5, "QLKH": 3, "QLCN": 3, "TDC": 3, "TTRA": 2, "KHTC": 3, "TTUD": 6, "TTKT": 2}


def accept_matched(report: ParsedReport) -> list[FigureReview]:
    """What an editor does who checks every "cần xem" figure and accepts it as read."""
    return [FigureReview(i, f.indicator is not None, f.indicator, f.value)
            for i, f in enumerate(report.figures)]


def _load(engine: Engine, report: ParsedReport, reviews=None, actor: Actor = OFFICE,
          content: bytes = CONTENT):
    return import_report(engine, report, content, NAME,
                         accept_matched(report) if reviews is None else reviews,
                         actor=actor, today=TODAY)


def _index(report: ParsedReport, code: str) -> int:
    return next(i for i, f in enumerate(report.figures) if f.indicator == code)


def _latest(engine: Engine) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = list_submissions(conn, period=Month(2023, 1))
    latest: dict[str, dict] = {}
    for row in rows:  # newest version first per unit
        latest.setdefault(row["unit_code"], row)
    return latest


def _values(engine: Engine, sub_id: int) -> dict[str, float]:
    with engine.connect() as conn:
        return {v["indicator_code"]: v["value"] for v in submission_values(conn, sub_id)}


def _count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_reference_report_loads_one_version_per_unit(engine: Engine,
                                                     reference_report: ParsedReport) -> None:
    result = _load(engine, reference_report)
    assert result.ok, result.errors
    assert {x.unit for x in result.loaded} == set(BULLETS)
    assert all(x.period == Month(2023, 1) and x.version == 1 for x in result.loaded)
    latest = _latest(engine)
    for unit, expected in EXPECTED_VALUES.items():
        assert _values(engine, latest[unit]["id"]) == expected, unit
    for unit in ("VP", "TTRA", "KHTC"):
        assert _values(engine, latest[unit]["id"]) == {}  # missing stays missing, not 0
    for unit, row in latest.items():
        assert row["source"] == "imported"
        assert row["submitted_by"] == "vanphong"
        assert row["file_name"] == NAME
        # The date line leaves the day blank: the last day of the reported month.
        assert to_vn(row["submitted_at"]).date() == date(2023, 1, 31)
        with engine.connect() as conn:
            assert get_blob(conn, row["sha256"]) == CONTENT  # the original is traceable
            acts = submission_activities(conn, row["id"])
        assert len(acts) == BULLETS[unit], unit


def test_bullets_footnotes_and_tasks_go_to_their_units(engine: Engine,
                                                       reference_report: ParsedReport) -> None:
    _load(engine, reference_report)
    latest = _latest(engine)
    with engine.connect() as conn:
        vp_acts = submission_activities(conn, latest["VP"]["id"])
        tasks = submission_plan_items(conn, latest["VP"]["id"])
        ttkt_acts = submission_activities(conn, latest["TTKT"]["id"])
        others = [submission_plan_items(conn, latest[u]["id"]) for u in latest if u != "VP"]
    assert [a["section_code"] for a in vp_acts] == ["1"] * 5
    assert [len(a["footnotes"]) for a in vp_acts] == [0, 1, 1, 1, 0]
    assert vp_acts[1]["footnotes"][0].startswith("Gồm: Kế hoạch Thực hiện Đề án")
    assert vp_acts[2]["footnotes"][0].startswith("Gồm: triển khai công tác Khoa giáo")
    assert vp_acts[3]["footnotes"][0].startswith("Gồm: dự thảo Kế hoạch tổ chức Cuộc thi")
    assert [a["position"] for a in vp_acts] == list(range(5))
    assert len(tasks) == 7 and tasks[0]["text"].startswith("Tổ chức thực hiện Nghị quyết số 163")
    assert all(not items for items in others)  # part II belongs to the office only
    assert {a["section_code"] for a in ttkt_acts} == {"3.2"}
    assert "5749 phương tiện đo" in ttkt_acts[0]["text"]


def test_every_version_is_audited(engine: Engine, reference_report: ParsedReport) -> None:
    result = _load(engine, reference_report)
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == "submission.create")
                            ).mappings().all()
    assert {int(r["entity_id"]) for r in rows} == {x.submission_id for x in result.loaded}
    assert all(r["actor"] == "vanphong" and r["after"]["source"] == "imported" for r in rows)
    assert all(r["detail"] == "import-report" for r in rows)


def test_a_second_import_adds_versions(engine: Engine, reference_report: ParsedReport) -> None:
    assert _load(engine, reference_report).ok
    second = _load(engine, reference_report)
    assert second.ok and {x.version for x in second.loaded} == {2}
    with engine.connect() as conn:
        assert len(list_submissions(conn, unit="TTKT", period=Month(2023, 1))) == 2


def test_rejected_changed_and_retargeted_figures(engine: Engine,
                                                 reference_report: ParsedReport) -> None:
    reviews = accept_matched(reference_report)
    reviews[_index(reference_report, "TTKT_THU_NGHIEM")].accepted = False
    reviews[_index(reference_report, "TTKT_KD_PTD")].value = 5750
    # The 105 news items re-filed by the editor as documents (the 35 rejected instead).
    reviews[_index(reference_report, "TTUD_VANBAN")].accepted = False
    reviews[_index(reference_report, "TTUD_TINBAI")].indicator = "TTUD_VANBAN"
    assert _load(engine, reference_report, reviews).ok
    latest = _latest(engine)
    with engine.connect() as conn:
        ttkt = submission_values(conn, latest["TTKT"]["id"])
    assert [(v["indicator_code"], v["value"]) for v in ttkt] == [("TTKT_KD_PTD", 5750)]
    assert "5.749" in ttkt[0]["note"]  # the value as read stays on record
    ttud = _values(engine, latest["TTUD"]["id"])
    assert ttud["TTUD_VANBAN"] == 105 and "TTUD_TINBAI" not in ttud


def test_a_figure_moved_to_another_units_indicator_goes_to_that_unit(
        engine: Engine, reference_report: ParsedReport) -> None:
    reviews = accept_matched(reference_report)
    reviews[_index(reference_report, "TTKT_THU_NGHIEM")].accepted = False
    reviews[_index(reference_report, "TDC_HOPCHUAN")].indicator = "TTKT_THU_NGHIEM"
    assert _load(engine, reference_report, reviews).ok
    latest = _latest(engine)
    assert _values(engine, latest["TTKT"]["id"])["TTKT_THU_NGHIEM"] == 2
    assert _values(engine, latest["TDC"]["id"]) == {}


def test_an_unmatched_figure_can_be_accepted_once_given_an_indicator(
        engine: Engine, catalog: Catalog) -> None:
    text = ("Kết quả công tác tháng 03 và kế hoạch tháng 4 năm 2023\n"
            "Quảng Trị, ngày 28 tháng 3 năm 2023\n"
            "1. Công tác tham mưu, tổng hợp\n"
            "- Hoàn thành 12 việc khác.\n")
    report = parse_report(text.encode(), "bc.txt", catalog=catalog)
    assert report.figures and report.figures[0].indicator is None
    reviews = accept_matched(report)
    assert not reviews[0].accepted  # never silently guessed
    reviews[0] = FigureReview(0, True, "TTKT_KD_PTD", 12)
    result = _load(engine, report, reviews)
    assert result.ok, result.errors
    assert [(x.unit, x.period) for x in result.loaded] == [("VP", Month(2023, 3)),
                                                           ("TTKT", Month(2023, 3))]
    ttkt = next(x for x in result.loaded if x.unit == "TTKT")
    assert _values(engine, ttkt.submission_id) == {"TTKT_KD_PTD": 12}
    with engine.connect() as conn:
        row = list_submissions(conn, unit="TTKT")[0]
    assert to_vn(row["submitted_at"]).date() == date(2023, 3, 28)  # the date line's day


def test_only_an_editor_may_import(engine: Engine, reference_report: ParsedReport) -> None:
    audit_before = _count(engine, audit_log)
    for role in (*roles_without("import.report"), None):
        with pytest.raises(ActionError) as refused:
            _load(engine, reference_report, actor=Actor("vanphong", role, "TTKT"))
        assert refused.value.key == FORBIDDEN
    assert _count(engine, submission) == 0
    assert _count(engine, audit_log) == audit_before


def _bad_reviews(report: ParsedReport) -> list[tuple[str, list[FigureReview]]]:
    cases = []
    for label, change in (
        ("no indicator", {"indicator": None}),
        ("negative", {"value": -3}),
        ("no value", {"value": None}),
        ("unknown", {"indicator": "KHONG_CO"}),
        ("not valid in 2023", {"indicator": "CDS_DVC_TOANTRINH"}),
    ):
        reviews = accept_matched(report)
        i = _index(report, "TTKT_KD_PTD")
        reviews[i] = replace(reviews[i], **change)
        cases.append((label, reviews))
    return cases


def test_errors_are_vietnamese_and_write_nothing(engine: Engine, catalog: Catalog,
                                                 reference_report: ParsedReport) -> None:
    assert "CDS_DVC_TOANTRINH" in catalog.indicator_by_code  # valid from 03/2025 only
    expected = {"no indicator": "chưa chọn chỉ tiêu", "negative": "số âm",
                "no value": "chưa có giá trị", "unknown": "không có trong danh mục",
                "not valid in 2023": "không áp dụng trong tháng 01/2023"}
    audit_before = _count(engine, audit_log)  # the catalogue seed's row
    for label, reviews in _bad_reviews(reference_report):
        result = _load(engine, reference_report, reviews)
        assert not result.ok and not result.loaded, label
        assert len(result.errors) == 1, (label, result.errors)
        assert "Dòng 14 (5.749 phương tiện đo, mục 3.2)" in result.errors[0], label
        assert expected[label] in result.errors[0], (label, result.errors)
    assert _count(engine, submission) == 0
    assert _count(engine, audit_log) == audit_before  # nothing half-written


def test_the_same_indicator_twice_is_refused(engine: Engine,
                                             reference_report: ParsedReport) -> None:
    reviews = accept_matched(reference_report)
    reviews[_index(reference_report, "TTKT_THU_NGHIEM")].indicator = "TTKT_KD_PTD"
    result = _load(engine, reference_report, reviews)
    assert not result.ok
    assert "dòng 14 và dòng 15" in result.errors[0]
    assert _count(engine, submission) == 0


def test_a_locked_month_refuses_the_whole_report(engine: Engine,
                                                 reference_report: ParsedReport) -> None:
    first = _load(engine, reference_report)
    ttkt = next(x for x in first.loaded if x.unit == "TTKT")
    approve(engine, REVIEWER, ttkt.submission_id)  # four eyes: not the importer
    before = _count(engine, submission)
    second = _load(engine, reference_report)
    assert not second.ok and not second.loaded
    assert second.errors == [
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tháng 01/2023 đã được duyệt nên "
        "đang khóa. Hãy mở lại trên thẻ «Duyệt báo cáo» rồi nạp lại."]
    assert _count(engine, submission) == before  # no other unit got a version either


def test_a_future_month_is_refused(catalog: Catalog, reference_report: ParsedReport) -> None:
    plan = plan_import(reference_report, accept_matched(reference_report), catalog,
                       "vanphong", NAME, today=date(2022, 12, 15))
    assert not plan.ok and "chưa tới" in plan.errors[0].message
    # The plan keeps the key and its parameters; the text is made when it is shown.
    assert (plan.errors[0].key, dict(plan.errors[0].params)) == (
        "narrative.load_future_month", {"month": fmt_month(Month(2023, 1))})


def test_sections_without_a_writer_and_unknown_sections_are_announced(
        catalog: Catalog) -> None:
    text = ("Kết quả công tác tháng 02 và kế hoạch tháng 03 năm 2023\n"
            "1. Công tác tham mưu, tổng hợp\n- Ý của Văn phòng.\n"
            "2. Công tác quản lý các hoạt động KH&CN\n- Ý chung của phần 2.\n"
            "3. Công việc khác lạ\n- Một ý lạ.\n")
    report = parse_report(text.encode(), "bc.txt", catalog=catalog)
    report.sections[2].catalog_section = None  # a heading the catalogue does not know
    plan = plan_import(report, accept_matched(report), catalog, "vanphong", "bc.txt",
                       today=TODAY)
    assert plan.ok, plan.errors
    assert [(s.unit, [a.section for a in s.activities]) for s in plan.submissions] == \
        [("VP", ["1", "2"])]
    notes = [n.message for n in plan.notes]
    assert any("«2. Công tác quản lý các hoạt động KH&CN» không thuộc riêng đơn vị nào" in n
               for n in notes)
    assert any("«3. Công việc khác lạ» không khớp mục nào" in n and "không được nạp" in n
               for n in notes)
    assert sorted(n.key for n in plan.notes) == ["narrative.note_office_section",
                                                 "narrative.note_unmapped_section"]


@pytest.mark.parametrize(("date_line", "expected"), [
    ("Quảng Trị, ngày 05 tháng 02 năm 2023", date(2023, 2, 5)),
    ("Quảng Trị, ngày 29 tháng 1 năm 2023", date(2023, 1, 29)),
    ("Quảng Trị, ngày   tháng 01 năm 2023", date(2023, 1, 31)),
    ("Quảng Trị, ngày 31 tháng 02 năm 2023", date(2023, 1, 31)),  # no such day
    ("Quảng Trị, ngày 05 tháng 12 năm 2022", date(2023, 1, 31)),  # before the month
    (None, date(2023, 1, 31)),
])
def test_report_date(reference_report: ParsedReport, date_line, expected) -> None:
    assert report_date(replace(reference_report, date_line=date_line)) == expected


def test_upload_checks(catalog: Catalog) -> None:
    assert "vượt giới hạn" in check_upload(CONTENT, NAME, 1000).message
    with pytest.raises(NarrativeError, match="rỗng"):
        read_upload(b"", "bc.txt", 10**6, None, catalog)
    with pytest.raises(NarrativeError, match=r"không có lớp chữ|hỏng"):
        read_upload(b"%PDF-1.4\n%%EOF", "bc.pdf", 10**6, None, catalog)
    report = read_upload(CONTENT, NAME, 10**6, Month(2022, 12), catalog)
    assert report.month == Month(2022, 12)


def test_each_value_keeps_the_sentence_it_was_read_from(engine: Engine,
                                                        reference_report: ParsedReport) -> None:
    """For the provenance page: the sentence is stored with the figure, in the same row."""
    _load(engine, reference_report)
    latest = _latest(engine)
    sentences = {f.indicator: f.sentence for f in reference_report.figures}
    with engine.connect() as conn:
        rows = [v for unit in EXPECTED_VALUES
                for v in submission_values(conn, latest[unit]["id"])]
    assert {v["indicator_code"]: v["source_text"] for v in rows} == {
        code: sentences[code] for unit in EXPECTED_VALUES.values() for code in unit}
    assert {v["indicator_code"]: v["source_text"] for v in rows}["QLCN_THAMDINH_CN"] == (
        "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.")


def test_by_default_only_certain_figures_load(engine: Engine,
                                              reference_report: ParsedReport) -> None:
    """"Cần xem" figures wait for the editor: loading the defaults leaves them out."""
    reviews = default_reviews(reference_report)
    certain = {f.indicator for f in reference_report.figures if f.certain}
    review = {f.indicator for f in reference_report.figures if not f.certain}
    assert certain and review  # the reference has both kinds
    assert {"TTUD_ANPHAM", "TTUD_CHUYENMUC", "QLKH_NV_NGHIEMTHU"} <= review  # summed, implied
    assert [r.accepted for r in reviews] == [f.certain for f in reference_report.figures]
    assert _load(engine, reference_report, reviews).ok
    latest = _latest(engine)
    loaded = {code for unit in latest for code in _values(engine, latest[unit]["id"])}
    assert loaded == certain


def test_a_period_report_is_refused_with_nothing_written(engine: Engine,
                                                         catalog: Catalog) -> None:
    from corpus import PERIOD_TITLES, reference_blocks, reword, to_txt
    content = to_txt(reword(reference_blocks(), PERIOD_TITLES["half"][2]))
    report = parse_report(content, "bc-6-thang.txt", catalog=catalog)
    before = _count(engine, submission), _count(engine, audit_log)
    outcome = import_report(engine, report, content, "bc-6-thang.txt", accept_matched(report),
                            actor=OFFICE, today=TODAY)
    assert not outcome.ok and outcome.loaded == []
    assert outcome.errors == [t("narrative.load_period_report", period="6 tháng đầu năm 2023")]
    assert (_count(engine, submission), _count(engine, audit_log)) == before


def test_docs_name_the_certain_figures_of_the_reference(reference_report: ParsedReport) -> None:
    """docs/import.md says which reference figures are certain: keep it true."""
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[3] / "docs" / "import.md").read_text("utf-8")
    certain = [f for f in reference_report.figures if f.certain]
    assert f"{len(certain)} of {len(reference_report.figures)} figures are certain" in doc
    assert {f.indicator for f in reference_report.figures if not f.certain} == {
        "QLKH_NV_NGHIEMTHU", "QLCN_GP_BUCXA", "QLCN_CC_BUCXA", "TTUD_ANPHAM", "TTUD_CHUYENMUC"}

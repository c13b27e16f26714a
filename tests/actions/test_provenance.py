"""Provenance behind the page (``actions.provenance``, ``store.provenance``): a value's
file, sheet, row and column as stored, versions and reviews, carry-over followed to the
row read from a file, imported and typed figures, the rules that choose a version, and the
original file given only to roles that may see the unit (each download audited)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import Engine, func, select

from actions.base import FORBIDDEN, ActionError, Actor
from actions.provenance import (
    APPROVED,
    NEWEST,
    REPORT,
    FigureQuery,
    figure_of,
    may_see_unit,
    origin_of,
    original_file,
)
from actions.review import approve, return_submission
from actions.submissions import KEEP, ingest
from auth.permissions import ADMIN, ANALYST, EDITOR, ROLES, VIEWER, roles_without
from core.catalog import Catalog
from core.months import Month
from core.timezone import vn_today
from etl.narrative import ParsedReport, parse_report
from etl.narrative.load import FigureReview
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.schema import audit_log
from store.submissions import SOURCES, NewSubmission, NewValue, insert_submission
from tests.actors import BY_ROLE, DIRECTOR, OFFICE, REVIEWER, import_report
from tests.etl.etl_files import filled_template
from tests.etl.narrative.narrative_samples import REFERENCE

TODAY = vn_today()
MONTH = Month.of(TODAY) - 2
CODE, OTHER = "TTKT_KD_PTD", "TTKT_THU_NGHIEM"
DOWNLOAD = "submission.download_original"


def accept_matched(report: ParsedReport) -> list[FigureReview]:
    """An editor who accepts every figure the importer matched, as read."""
    return [FigureReview(i, f.indicator is not None, f.indicator, f.value)
            for i, f in enumerate(report.figures)]


def _send(engine: Engine, values: dict, month: Month = MONTH, name: str | None = None,
          unit: str = "TTKT", **options) -> tuple[int, bytes]:
    content = filled_template(read_catalog(engine), unit, month, values)
    done = ingest(engine, OFFICE, content, name or f"{unit}-{month}-{len(values)}.xlsx",
                  today=TODAY, **options).value
    return done.loaded[0].submission_id, content


def _downloads(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)
                                .where(audit_log.c.action == DOWNLOAD)).scalar())


def test_an_uploaded_value_points_at_the_cell_it_was_read_from(engine: Engine) -> None:
    sid, content = _send(engine, {CODE: 5749, OTHER: "khoảng 80"}, name="bao-cao TTKT.xlsx")
    for code, shown, qualifier in ((CODE, 5749, None), (OTHER, 80, "about")):
        found = origin_of(engine, DIRECTOR, sid, code)
        assert found["value"] == shown and found["qualifier"] == qualifier
        assert found["file_name"] == "bao-cao TTKT.xlsx" and found["source"] == "upload"
        assert found["unit_code"] == "TTKT" and found["period"] == MONTH
        assert found["version"] == 1 and found["submitted_by"] == OFFICE.username
        assert found["status"] == "submitted" and found["carried"] == []
        sheet = openpyxl.load_workbook(io.BytesIO(content))[found["value_sheet"]]
        assert sheet[f"{found['col']}{found['row']}"].value == (
            shown if qualifier is None else "khoảng 80")
        assert sheet.cell(row=found["row"], column=1).value == code
    assert origin_of(engine, DIRECTOR, sid, "TTKT_KD_CAN") is None  # not in the file
    assert origin_of(engine, DIRECTOR, sid + 999, CODE) is None


def test_review_decisions_show_who_approved_and_a_return_is_not_an_approval(
        engine: Engine) -> None:
    sid, _ = _send(engine, {CODE: 1})
    return_submission(engine, REVIEWER, sid, "Sai số")
    returned = origin_of(engine, DIRECTOR, sid, CODE)
    assert returned["status"] == "returned" and returned["reviewed_by"] == REVIEWER.username
    again, _ = _send(engine, {CODE: 2})
    approve(engine, REVIEWER, again, None)
    approved = origin_of(engine, DIRECTOR, again, CODE)
    assert approved["status"] == "approved" and approved["version"] == 2
    assert approved["reviewed_by"] == REVIEWER.username and approved["reviewed_at"]


def test_a_carried_value_leads_to_the_row_read_from_a_file(engine: Engine) -> None:
    first, _ = _send(engine, {CODE: 5749, OTHER: 80}, name="goc.xlsx")
    second, _ = _send(engine, {CODE: 12}, name="sua-1.xlsx", missing=KEEP)
    third, _ = _send(engine, {CODE: 13}, name="sua-2.xlsx", missing=KEEP)
    for version_id, version in ((second, 2), (third, 3)):
        found = origin_of(engine, DIRECTOR, version_id, OTHER)
        assert found["version"] == version and found["file_name"] != "goc.xlsx"
        assert found["row"] is None  # not read from this version's file
        assert [c["version"] for c in found["carried"]] == [1]
        origin = found["carried"][-1]
        assert origin["submission_id"] == first and origin["file_name"] == "goc.xlsx"
        assert origin["value"] == 80 and origin["row"] and origin["col"] == "D"
    own = origin_of(engine, DIRECTOR, third, CODE)
    assert own["carried"] == [] and own["value"] == 13 and own["row"]


def test_an_imported_value_keeps_its_sentence_and_file(engine: Engine, catalog: Catalog
                                                       ) -> None:
    report = parse_report(REFERENCE, REFERENCE.name, catalog=catalog)
    content = REFERENCE.read_bytes()
    import_report(engine, report, content, REFERENCE.name, accept_matched(report),
                  actor=OFFICE, today=date(2024, 6, 1))
    sentences = {f.indicator: f.sentence for f in report.figures}
    query = FigureQuery("QLCN_THAMDINH_CN", (Month(2023, 1),), ("QLCN",))
    parts = figure_of(engine, DIRECTOR, catalog, query)
    assert parts.single and parts.value == 7.0
    found = origin_of(engine, DIRECTOR, int(parts.parts.loc[0, "submission_id"]),
                      "QLCN_THAMDINH_CN")
    assert found["source"] == "imported" and found["file_name"] == REFERENCE.name
    assert found["source_text"] == sentences["QLCN_THAMDINH_CN"]
    assert "07 dự án" in found["source_text"]
    got = original_file(engine, DIRECTOR, found["submission_id"]).value
    assert got.content == content and got.name == REFERENCE.name


def _typed(engine: Engine, value: float, source: str = "typed") -> int:
    """A version written straight into the store (typing has its own action elsewhere; an
    approved month cannot take a new upload, so the rules' test makes one this way)."""
    with write_transaction(engine) as conn:
        return insert_submission(conn, NewSubmission(
            "TTKT", MONTH, source, "ttkt.chuyenvien",
            [NewValue(CODE, value, "more_than", note="ước tính")])).id


def test_a_typed_value_has_no_file_and_its_download_is_refused(engine: Engine) -> None:
    assert "typed" in SOURCES
    sid = _typed(engine, 42)
    found = origin_of(engine, DIRECTOR, sid, CODE)
    assert found["source"] == "typed" and found["sha256"] is None
    assert found["qualifier"] == "more_than" and found["note"] == "ước tính"
    assert found["row"] is None and found["file_name"] is None
    with pytest.raises(ActionError) as refused:
        original_file(engine, OFFICE, sid)
    assert refused.value.key == "provenance.no_file"
    assert _downloads(engine) == 0


def test_the_original_file_for_each_role_that_may_see_the_unit(engine: Engine) -> None:
    sid, content = _send(engine, {CODE: 3}, name="TTKT thang.xlsx")
    expected = 0
    for role in (VIEWER, EDITOR, ADMIN):
        done = original_file(engine, BY_ROLE[role], sid)
        expected += 1
        assert done.value.content == content and done.value.name == "TTKT thang.xlsx"
        assert done.value.unit == "TTKT" and "TTKT thang.xlsx" in done.message()
    own = original_file(engine, Actor("ttkt.cv", ANALYST, "TTKT"), sid)
    assert own.value.content == content
    assert _downloads(engine) == expected + 1
    with engine.connect() as conn:
        row = conn.execute(select(audit_log).where(audit_log.c.action == DOWNLOAD)
                           .order_by(audit_log.c.id.desc())).mappings().first()
    assert row["actor"] == "ttkt.cv" and row["entity_id"] == str(sid)


@pytest.mark.parametrize("actor", [
    Actor("khtc.cv", ANALYST, "KHTC"),  # another unit's analyst
    Actor("nobody.cv", ANALYST, None),  # an analyst without a unit
    Actor("nobody.cv", ANALYST, ""),
    Actor("ghost", None, "TTKT"),  # no role
    Actor("intruder", "intruder", "TTKT"),  # an unknown role
], ids=["other-unit", "no-unit", "empty-unit", "no-role", "unknown-role"])
def test_the_original_file_is_refused_to_who_may_not_see_the_unit(engine: Engine,
                                                                  actor: Actor) -> None:
    sid, _ = _send(engine, {CODE: 3})
    assert not may_see_unit(actor, "TTKT")
    with pytest.raises(ActionError) as refused:
        original_file(engine, actor, sid)
    assert refused.value.key == FORBIDDEN
    assert _downloads(engine) == 0


def test_an_unknown_version_is_refused(engine: Engine) -> None:
    with pytest.raises(ActionError) as refused:
        original_file(engine, OFFICE, 987654)
    assert refused.value.key == "provenance.no_such_version"
    assert _downloads(engine) == 0


def test_who_may_see_a_unit_follows_the_permissions() -> None:
    for role in ROLES:
        plain = Actor("x", role, None)
        assert may_see_unit(plain, "TTKT") == (role in (VIEWER, EDITOR, ADMIN))
    assert may_see_unit(Actor("x", ANALYST, "TTKT"), "TTKT")
    assert not may_see_unit(Actor("x", ANALYST, "TTKT"), "KHTC")


@pytest.mark.parametrize("role", roles_without("provenance.view"))
def test_reading_a_figure_needs_the_trends_roles(engine: Engine, catalog: Catalog,
                                                 role: str) -> None:
    sid, _ = _send(engine, {CODE: 3})
    actor = Actor("x", role, "TTKT")
    with pytest.raises(ActionError) as refused:
        figure_of(engine, actor, catalog, FigureQuery(CODE, (MONTH,), ("TTKT",)))
    assert refused.value.key == FORBIDDEN
    with pytest.raises(ActionError):
        origin_of(engine, actor, sid, CODE)


def test_each_rule_picks_its_version(engine: Engine, catalog: Catalog) -> None:
    first, _ = _send(engine, {CODE: 100})
    approve(engine, REVIEWER, first, None)
    second = _typed(engine, 200, "upload")
    pending, _ = _send(engine, {CODE: 50}, month=MONTH - 1)

    def figure(rule: str, month: Month = MONTH):
        return figure_of(engine, DIRECTOR, catalog, FigureQuery(CODE, (month,), ("TTKT",),
                                                                rule))

    newest, approved, report = figure(NEWEST), figure(APPROVED), figure(REPORT)
    assert (newest.value, int(newest.parts.loc[0, "submission_id"])) == (200, second)
    assert (approved.value, int(approved.parts.loc[0, "submission_id"])) == (100, first)
    assert (report.value, int(report.parts.loc[0, "submission_id"])) == (100, first)
    assert figure(APPROVED, MONTH - 1).value is None  # nothing approved: no figure
    assert figure(REPORT, MONTH - 1).value == 50  # the report falls back to the newest
    assert int(figure(REPORT, MONTH - 1).parts.loc[0, "submission_id"]) == pending
    both = figure_of(engine, DIRECTOR, catalog, FigureQuery(CODE, (MONTH - 1, MONTH), (),
                                                            REPORT))
    assert both.value == 150 and list(both.parts["period"]) == [str(MONTH - 1), str(MONTH)]
    assert list(both.parts["status"]) == ["submitted", "approved"]
    with pytest.raises(ValueError):
        figure(NEWEST + "x")
    assert figure_of(engine, DIRECTOR, catalog, FigureQuery(CODE, ())).value is None


def test_a_sum_over_months_lists_each_month_with_its_version(engine: Engine,
                                                            catalog: Catalog) -> None:
    ids = {}
    for offset, number in ((-2, 7), (-1, 0), (0, 9)):
        ids[MONTH + offset], _ = _send(engine, {CODE: number}, month=MONTH + offset)
    months = (MONTH - 3, MONTH - 2, MONTH - 1, MONTH)
    found = figure_of(engine, DIRECTOR, catalog, FigureQuery(CODE, months))
    assert found.value == 16 and len(found.parts) == 3
    assert [int(s) for s in found.parts["submission_id"]] == [ids[m] for m in months[1:]]

"""The office's wording edits: saved as versions, applied over the sources, never altering them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from actions.base import FORBIDDEN, ActionError, Actor
from actions.report import restore_wording, save_draft
from auth.permissions import roles_without
from core.months import ReportPeriod
from report.assemble import assemble_report
from report.drafts import SUMMARY_PART, apply_drafts, parse_section_text, section_text
from report.model import Bullet, ReportSection
from store.report_drafts import Draft, draft_history
from store.schema import activity, audit_log
from tests.actors import OFFICE
from tests.report.conftest import FOOTNOTE

JANUARY, FEBRUARY = ReportPeriod.parse("2023-01"), ReportPeriod.parse("2023-02")


def _section(doc, number):
    return next(s for s in doc.sections if s.number == number)


def test_saved_versions_are_applied_and_marked(small_engine):
    first = save_draft(small_engine, OFFICE, JANUARY, "1",
                       "Tham mưu kế hoạch năm.\nDòng mới của Văn phòng.").value
    second = save_draft(small_engine, OFFICE, JANUARY, "1",
                        "- Tham mưu kế hoạch năm.\n\nDòng mới đã sửa.").value
    assert (first.version, second.version) == (1, 2)
    doc = assemble_report(small_engine, JANUARY)
    section = _section(doc, "1")
    assert section.edited
    assert [b.text for b in section.bullets] == ["Tham mưu kế hoạch năm.", "Dòng mới đã sửa."]
    # the unchanged line keeps its footnote; the reworded second line stays the second
    # source bullet's (same line count: an edit in place)
    assert section.bullets[0].footnotes == [FOOTNOTE]
    assert section.bullets[1].footnotes == [] and section.bullets[1].unit == "VP"
    assert not _section(doc, "3.2").edited
    with small_engine.connect() as conn:
        assert [d.version for d in draft_history(conn, JANUARY, "1")] == [2, 1]
        audits = conn.execute(select(audit_log).where(audit_log.c.action == "report.draft_save")
                              .order_by(audit_log.c.id)).mappings().all()
    assert len(audits) == 2
    assert audits[1]["before"]["version"] == 1 and audits[1]["after"]["version"] == 2
    assert audits[1]["actor"] == "vanphong"


def test_drafts_never_touch_the_sources_and_can_be_left_out(small_engine):
    with small_engine.connect() as conn:
        before = conn.execute(select(activity.c.text).order_by(activity.c.id)).scalars().all()
    save_draft(small_engine, OFFICE, JANUARY, "1", "Hoàn toàn khác.")
    save_draft(small_engine, OFFICE, JANUARY, SUMMARY_PART, "Tóm tắt do Văn phòng viết.")
    with small_engine.connect() as conn:
        after = conn.execute(select(activity.c.text).order_by(activity.c.id)).scalars().all()
    assert after == before
    edited = assemble_report(small_engine, JANUARY)
    assert edited.summary == "Tóm tắt do Văn phòng viết." and edited.summary_edited
    plain = assemble_report(small_engine, JANUARY, include_drafts=False)
    assert not plain.summary_edited and plain.summary != edited.summary
    assert [b.text for b in _section(plain, "1").bullets] == [
        "Tham mưu kế hoạch năm.", "Tổng kết năm 2022."]
    # another period is not affected
    assert not _section(assemble_report(small_engine, FEBRUARY), "1").edited


@pytest.mark.parametrize("role", [*roles_without("report.edit"), None])
def test_only_editors_save_drafts(small_sqlite, role):
    for save in (save_draft, restore_wording):
        with pytest.raises(ActionError) as refused:
            save(small_sqlite, Actor("someone", role), JANUARY, "1", "x")
        assert refused.value.key == FORBIDDEN
    with small_sqlite.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)
                            .where(audit_log.c.action == "report.draft_save")).scalar() == 0


def test_saving_the_source_wording_is_not_an_edit(small_sqlite):
    source = assemble_report(small_sqlite, JANUARY, include_drafts=False)
    done = restore_wording(small_sqlite, OFFICE, JANUARY, "1",
                           section_text(_section(source, "1")))
    assert done.message() == "Đã khôi phục nội dung gốc (lưu thành bản số 1)."
    assert not _section(assemble_report(small_sqlite, JANUARY), "1").edited


SOURCE = [Bullet("A một.", ["fn A"], "VP", True), Bullet("B hai.", [], "VP", False),
          Bullet("C ba.", ["fn C"], "VP", True)]


@pytest.mark.parametrize(("text", "expected"), [
    # moved lines keep their footnotes
    ("C ba.\nA một.\nB hai.", [("C ba.", ["fn C"]), ("A một.", ["fn A"]), ("B hai.", [])]),
    # a wording fix in place (same line count) keeps the footnote of that position
    ("A một (đã sửa).\nB hai.\nC ba.", [("A một (đã sửa).", ["fn A"]), ("B hai.", []),
                                        ("C ba.", ["fn C"])]),
    # a removed line takes its footnote with it; a new line has none
    ("A một.\nMới.", [("A một.", ["fn A"]), ("Mới.", [])]),
    ("- A một.\n\n   \n- C ba.", [("A một.", ["fn A"]), ("C ba.", ["fn C"])]),
    ("", []),
])
def test_section_text_rules(text, expected):
    bullets = parse_section_text(text, SOURCE)
    assert [(b.text, b.footnotes) for b in bullets] == expected


def test_unapproved_mark_follows_the_unchanged_line():
    bullets = parse_section_text("B hai.\nViết lại hoàn toàn.", SOURCE)
    assert [b.approved for b in bullets] == [False, True]


def test_apply_drafts_marks_only_what_differs():
    from datetime import UTC, datetime

    section = ReportSection("1", "Công tác tham mưu, tổng hợp", 1, list(SOURCE))
    from tests.report.reference_doc import reference_document

    doc = reference_document()
    doc.sections = [section]
    doc.summary = "Tóm tắt."
    now = datetime(2023, 2, 1, tzinfo=UTC)
    apply_drafts(doc, {"1": Draft(JANUARY, "1", 1, "A một.\nB hai.\nC ba.", "vp", now),
                       SUMMARY_PART: Draft(JANUARY, SUMMARY_PART, 1, "Tóm tắt.", "vp", now)})
    assert not section.edited and not doc.summary_edited


"""Issue #15, typing the month: drafts per user, and a typed month sent through the one
upload pipeline (same checks, messages, version rules and audit as a file), with the
source ``typed``; the template download prefilled with what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from actions.base import ActionError, Actor
from actions.submissions import DROP, KEEP, ingest
from actions.typing import MAX_NOTE, save_entry_draft, submit_entry
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER, roles_without
from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from etl.typed import (
    Entry,
    TypedFigure,
    cell_value,
    entry_bytes,
    last_version_entry,
    lines,
    typed_file_name,
)
from store.drafts import get_draft
from store.queries import figures
from store.schema import audit_log, entry_draft
from store.submissions import (
    latest_submission,
    submission_activities,
    submission_plan_items,
    submission_values,
)
from tests.actors import OFFICE, TTKT_ANALYST
from tests.etl.etl_files import db_dump, filled_template

TODAY = date(2023, 2, 10)
JAN = Month(2023, 1)
TTKT = "TTKT"
ANALYST_B = Actor("chuyenvien.b", ANALYST, TTKT)  # a second analyst of the same unit


def _entry(**figures) -> Entry:
    return Entry({code: f if isinstance(f, TypedFigure) else TypedFigure(f)
                  for code, f in figures.items()})


def _audit(engine, action: str) -> list:
    with engine.connect() as conn:
        return conn.execute(select(audit_log.c.actor, audit_log.c.entity_id,
                                   audit_log.c.before, audit_log.c.after)
                            .where(audit_log.c.action == action)
                            .order_by(audit_log.c.id)).all()


def _latest(engine, unit=TTKT, month=JAN):
    with engine.connect() as conn:
        sub = latest_submission(conn, unit, month)
        if sub is None:
            return None, {}
        return sub, {r["indicator_code"]: (r["value"], r["qualifier"], r["note"])
                     for r in submission_values(conn, sub["id"])}


# --- the entry and its workbook ----------------------------------------------------------


@pytest.mark.parametrize(("figure", "cell"), [
    (TypedFigure(5749.0), 5749.0),
    (TypedFigure(0.0), 0.0),  # zero is a figure, written as one
    (TypedFigure(None, "about", "x"), None),  # blank stays blank, whatever else is set
    (TypedFigure(1234.0, "about"), "khoảng 1.234"),
    (TypedFigure(20.0, "more_than"), "hơn 20"),
    (TypedFigure(1.234, "about"), "khoảng 1,2340"),  # one reading only, never 1234
    (TypedFigure(1234.5, "more_than"), "hơn 1.234,5"),
    (TypedFigure(7.0, "nonsense"), 7.0),  # a qualifier of no meaning is not written
])
def test_a_figure_is_written_so_that_it_reads_back_as_typed(figure, cell):
    assert cell_value(figure) == cell


def test_lines_drop_bullets_and_blank_lines():
    assert lines("") == []
    assert lines("  \n\t\n") == []
    assert lines("- a\n• b\n+ c\n* d\n– e\nf - g\n-h") == ["a", "b", "c", "d", "e", "f - g", "-h"]


@pytest.mark.parametrize("data", [
    None, [], "text", 5, {"figures": "x"}, {"figures": {"A": "x"}},
    {"figures": {"A": {"value": "5.749"}}}, {"figures": {"A": {"value": True}}},
    {"figures": {"A": {"value": float("nan")}}}, {"figures": {"A": {"value": float("inf")}}},
    {"progress": {"t": {"status": "finished"}}}, {"plans": 5, "activities": ["a"]},
])
def test_a_draft_of_another_shape_opens_without_a_made_up_figure(data):
    entry = Entry.from_json(data)
    assert all(f.value is None for f in entry.figures.values())
    assert all(status is None for status, _ in entry.progress.values())
    assert isinstance(entry.plans, str)


def test_an_entry_survives_json():
    entry = Entry({"A": TypedFigure(1.5, "about", "n"), "B": TypedFigure(0.0),
                   "C": TypedFigure(None, None, "only a note")},
                  {"3.2": "a\nb"}, "x\ny", {"task": ("done", "ok"), "other": (None, "n")},
                  "quý sau 1\nquý sau 2")
    back = Entry.from_json(entry.to_json())
    assert back == entry
    assert Entry.from_json(Entry({"A": TypedFigure()}).to_json()).figures == {}


def test_is_empty_sees_every_part():
    assert Entry().is_empty()
    assert Entry({"A": TypedFigure()}, {"3.2": " \n"}, "  ", {"t": (None, " ")}).is_empty()
    assert not _entry(A=0.0).is_empty()
    assert not Entry({"A": TypedFigure(None, None, "n")}).is_empty()
    assert not Entry(activities={"3.2": "x"}).is_empty()
    assert not Entry(plans="x").is_empty()
    assert not Entry(period_plans="x").is_empty()
    assert Entry(period_plans=" \n ").is_empty()
    assert not Entry(progress={"t": ("done", "")}).is_empty()
    assert not Entry(progress={"t": (None, "n")}).is_empty()


def test_the_typed_workbook_is_read_by_the_loader_as_typed(catalog: Catalog):
    entry = Entry(
        {"TTKT_KD_PTD": TypedFigure(5749.0, None, "Tăng do đợt cao điểm"),
         "TTKT_THU_NGHIEM": TypedFigure(1234.0, "about"),
         "TTKT_KD_CAN": TypedFigure(0.0),
         "TTKT_KD_CONGTO": TypedFigure(20.0, "more_than")},
        {"3.2": "- Kiểm định cân tại chợ\nHiệu chuẩn thiết bị y tế"},
        "Nhiệm vụ 1\n\n- Nhiệm vụ 2")
    content = entry_bytes(catalog, TTKT, JAN, entry, "Người nhập")
    result = validate_content(content, "x.xlsx", catalog, Context(unit=TTKT, month=JAN,
                                                                 today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    assert (sub.unit, sub.month) == (TTKT, JAN)
    assert {v.indicator: (v.value, v.qualifier, v.note) for v in sub.values} == {
        "TTKT_KD_PTD": (5749.0, None, "Tăng do đợt cao điểm"),
        "TTKT_THU_NGHIEM": (1234.0, "about", None),
        "TTKT_KD_CAN": (0.0, None, None),
        "TTKT_KD_CONGTO": (20.0, "more_than", None)}
    assert [(a.section, a.text) for a in sub.activities] == [
        ("3.2", "Kiểm định cân tại chợ"), ("3.2", "Hiệu chuẩn thiết bị y tế")]
    assert [p.text for p in sub.plan_items] == ["Nhiệm vụ 1", "Nhiệm vụ 2"]


def test_more_tasks_than_the_template_rows_are_all_read(catalog: Catalog):
    tasks = [f"Nhiệm vụ số {n}" for n in range(1, 46)]
    planned = ["Việc A", "Việc B"]
    entry = Entry(plans="\n".join(tasks), progress={"Việc B": ("in_progress", "chậm"),
                                                    "Việc lạ": ("done", "")})
    content = entry_bytes(catalog, TTKT, JAN, entry, followup=planned)
    result = validate_content(content, "x.xlsx", catalog, Context(unit=TTKT, month=JAN,
                                                                 today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    assert [p.text for p in sub.plan_items] == tasks
    assert [(p.task, p.status, p.note) for p in sub.progress] == [
        ("Việc B", "in_progress", "chậm")]


# --- drafts -------------------------------------------------------------------------------


def test_a_draft_is_kept_for_its_author_only_and_replaced_by_each_save(sqlite_engine):
    first = Entry({"TTKT_KD_PTD": TypedFigure(5749.0, None, "ghi chú")}, {"3.2": "a"}, "b")
    done = save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, first)
    assert done.key == "typing.draft_saved"
    assert done.params["month"] == "01/2023"
    with sqlite_engine.connect() as conn:
        mine = get_draft(conn, TTKT_ANALYST.username, TTKT, JAN)
        assert Entry.from_json(mine.content) == first
        assert get_draft(conn, ANALYST_B.username, TTKT, JAN) is None  # another user
        assert get_draft(conn, OFFICE.username, TTKT, JAN) is None
        assert get_draft(conn, TTKT_ANALYST.username, TTKT, JAN + 1) is None  # another month
    second = _entry(TTKT_KD_PTD=6000.0)
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, second)
    save_entry_draft(sqlite_engine, ANALYST_B, TTKT, JAN, _entry(TTKT_KD_CAN=1.0))
    with sqlite_engine.connect() as conn:
        assert Entry.from_json(get_draft(conn, TTKT_ANALYST.username, TTKT, JAN).content) \
            == second
        assert conn.execute(select(entry_draft.c.id)).all().__len__() == 2
    rows = _audit(sqlite_engine, "typing.draft_save")
    assert [r.actor for r in rows] == ["chuyenvien", "chuyenvien", "chuyenvien.b"]
    assert rows[0].before is None
    assert rows[1].before == first.to_json()  # what the save replaced
    assert rows[1].after["figures"] == {"TTKT_KD_PTD": {"value": 6000.0, "qualifier": None,
                                                        "note": ""}}
    assert rows[1].after["unit"] == TTKT and rows[1].after["period"] == "2023-01"


@pytest.mark.parametrize("role", roles_without("submission.type"))
def test_roles_without_the_permission_save_and_send_nothing(sqlite_engine, role):
    actor = Actor("x", role, TTKT if role == ANALYST else None)
    before = db_dump(sqlite_engine)
    for action in (save_entry_draft, submit_entry):
        with pytest.raises(ActionError) as refused:
            action(sqlite_engine, actor, TTKT, JAN, _entry(TTKT_KD_PTD=1.0))
        assert refused.value.key == "action.forbidden"
    assert db_dump(sqlite_engine) == before
    assert set(roles_without("submission.type")) == {VIEWER, ADMIN}


@pytest.mark.parametrize(("actor", "unit", "key"), [
    (TTKT_ANALYST, "TTUD", "typing.other_unit"),  # an analyst, another unit
    (Actor("x", ANALYST, None), TTKT, "upload.no_unit"),  # an analyst without a unit
    (OFFICE, "KHONGCO", "typing.unknown_unit"),
    (OFFICE, "", "typing.unknown_unit"),
])
def test_units_the_actor_may_not_type_are_refused(sqlite_engine, actor, unit, key):
    before = db_dump(sqlite_engine)
    for action in (save_entry_draft, submit_entry):
        with pytest.raises(ActionError) as refused:
            action(sqlite_engine, actor, unit, JAN, _entry(TTKT_KD_PTD=1.0))
        assert refused.value.key == key
        assert refused.value.message()  # a Vietnamese sentence, never a raw key
    assert db_dump(sqlite_engine) == before


def test_the_office_types_for_any_unit(sqlite_engine):
    code = _catalog(sqlite_engine).indicators_for("TTUD", JAN)[0].code
    save_entry_draft(sqlite_engine, OFFICE, "TTUD", JAN, _entry(**{code: 2.0}))
    with sqlite_engine.connect() as conn:
        assert get_draft(conn, OFFICE.username, "TTUD", JAN) is not None


def _catalog(engine) -> Catalog:
    from store.catalog_store import read_catalog

    return read_catalog(engine)


@pytest.mark.parametrize(("entry", "key"), [
    (_entry(TTUD_X=1.0), "typing.unknown_indicator"),  # not the unit's
    (_entry(**{"": 1.0}), "typing.unknown_indicator"),
    (_entry(TTKT_KD_PTD=-1.0), "typing.bad_figure"),
    (_entry(TTKT_KD_PTD=float("nan")), "typing.bad_figure"),
    (_entry(TTKT_KD_PTD=float("inf")), "typing.bad_figure"),
    (_entry(TTKT_KD_PTD=1e16), "typing.bad_figure"),
    (Entry({"TTKT_KD_PTD": TypedFigure(1.0, None, "x" * (MAX_NOTE + 1))}), "typing.too_long"),
    (Entry(activities={"3.1": "not this unit's section"}), "typing.unknown_section"),
    (Entry(activities={"9.9": "no such section"}), "typing.unknown_section"),
    (Entry(activities={"3.2": "x\n" * 201}), "typing.too_long"),
    (Entry(activities={"3.2": "x" * 20_001}), "typing.too_long"),
    (Entry(plans="x\n" * 201), "typing.too_long"),
    (Entry(period_plans="x\n" * 201, plans="x"), "typing.too_long"),
    (Entry(period_plans="x" * 20_001), "typing.too_long"),
    (Entry(plans="x", period_plans="Nhiệm vụ quý"), "typing.no_next_period"),  # January
    (Entry(progress={"t": ("done", "x" * 20_001)}), "typing.too_long"),
    (Entry(), "typing.draft_empty"),
    (Entry({"TTKT_KD_PTD": TypedFigure()}, {"3.2": "  "}, "\n"), "typing.draft_empty"),
])
def test_a_hostile_or_empty_draft_is_refused_and_changes_nothing(sqlite_engine, entry, key):
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry)
    assert refused.value.key == key
    assert "{" not in refused.value.message()
    assert db_dump(sqlite_engine) == before


def test_the_largest_typed_figure_is_taken(sqlite_engine):
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=1e15))
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=0.0))


# --- sending ------------------------------------------------------------------------------


def test_sending_loads_a_typed_version_removes_the_draft_and_audits_both(sqlite_engine,
                                                                          catalog):
    entry = Entry({"TTKT_KD_PTD": TypedFigure(5749.0, None, "ghi chú"),
                   "TTKT_THU_NGHIEM": TypedFigure(80.0, "about"),
                   "TTKT_KD_CAN": TypedFigure(0.0)},
                  {"3.2": "Kiểm định cân"}, "Việc tháng sau")
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry)
    save_entry_draft(sqlite_engine, ANALYST_B, TTKT, JAN, _entry(TTKT_KD_CAN=3.0))
    done = submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry, today=TODAY,
                        author="Chuyên viên")
    assert done.key == "typing.submitted" and done.params["version"] == 1
    sub, values = _latest(sqlite_engine)
    assert sub["source"] == "typed" and sub["submitted_by"] == "chuyenvien"
    assert sub["file_name"] == typed_file_name(TTKT, JAN) == "nhap-truc-tiep-TTKT-2023-01.xlsx"
    assert values == {"TTKT_KD_PTD": (5749.0, None, "ghi chú"),
                      "TTKT_THU_NGHIEM": (80.0, "about", None), "TTKT_KD_CAN": (0.0, None, None)}
    with sqlite_engine.connect() as conn:
        assert [a["text"] for a in submission_activities(conn, sub["id"])] == ["Kiểm định cân"]
        assert [p["text"] for p in submission_plan_items(conn, sub["id"])] == ["Việc tháng sau"]
        assert get_draft(conn, TTKT_ANALYST.username, TTKT, JAN) is None  # sent: gone
        assert get_draft(conn, ANALYST_B.username, TTKT, JAN) is not None  # not theirs
    (created,) = _audit(sqlite_engine, "submission.create")
    assert created.actor == "chuyenvien" and created.after["source"] == "typed"
    assert created.after["values"] == 3 and created.after["version"] == 1
    (sent,) = _audit(sqlite_engine, "typing.draft_sent")
    assert sent.actor == "chuyenvien" and sent.before == {"unit": TTKT, "period": "2023-01"}
    frame = figures(sqlite_engine, JAN, JAN, units=[TTKT])
    assert dict(zip(frame.indicator, frame.value, strict=True))["TTKT_KD_PTD"] == 5749.0


def test_sending_without_a_draft_writes_no_draft_row(sqlite_engine):
    submit_entry(sqlite_engine, OFFICE, TTKT, JAN, _entry(TTKT_KD_PTD=1.0), today=TODAY)
    assert _audit(sqlite_engine, "typing.draft_sent") == []
    assert _latest(sqlite_engine)[0]["source"] == "typed"


@pytest.mark.parametrize(("entry", "key"), [
    (Entry(), "typing.nothing_typed"),
    (Entry({"TTKT_KD_PTD": TypedFigure(None, None, "chỉ ghi chú")}), "typing.note_without_value"),
    (_entry(TTKT_KD_PTD=-5.0), "typing.bad_figure"),
])
def test_a_send_the_page_could_not_make_is_refused_and_changes_nothing(sqlite_engine, entry,
                                                                       key):
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_CAN=1.0))
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry, today=TODAY)
    assert refused.value.key == key
    assert db_dump(sqlite_engine) == before  # the draft too


@pytest.mark.parametrize("figure", [5.5, 1.234, 0.001])  # a count that is not whole
def test_the_loaders_checks_refuse_a_typed_figure_with_the_files_message(sqlite_engine,
                                                                          catalog, figure):
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=figure))
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=figure),
                     today=TODAY)
    assert refused.value.key == "typing.submit_refused"
    typed_problems = [(p.code, p.message) for p in refused.value.problems if p.is_error]
    assert len(typed_problems) == 1
    # exactly what the same figure in an uploaded file gets
    content = filled_template(catalog, TTKT, JAN, {"TTKT_KD_PTD": figure})
    with pytest.raises(ActionError) as uploaded:
        ingest(sqlite_engine, TTKT_ANALYST, content, "tep.xlsx", today=TODAY)
    assert [(p.code, p.message) for p in uploaded.value.problems if p.is_error] \
        == typed_problems
    assert db_dump(sqlite_engine) == before


def test_a_locked_month_refuses_a_typed_version_as_it_refuses_a_file(sqlite_engine):
    from actions.review import approve
    from tests.actors import REVIEWER

    done = submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=1.0),
                        today=TODAY)
    approve(sqlite_engine, REVIEWER, done.value.loaded[0].submission_id, None)
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=2.0),
                     today=TODAY)
    assert refused.value.key == "typing.submit_refused"
    assert "month_locked" in {p.code for p in refused.value.problems}
    assert db_dump(sqlite_engine) == before


def test_outside_the_analysts_window_a_typed_month_is_refused(sqlite_engine):
    far = Month(2020, 1)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, far, _entry(TTKT_KD_PTD=1.0),
                     today=TODAY)
    assert refused.value.key == "typing.submit_refused"
    assert "month_outside_window" in {p.code for p in refused.value.problems}


def test_a_typed_resubmission_asks_keep_or_drop_like_a_file(sqlite_engine, catalog):
    # uploaded first, typed next: a unit switches between the two
    content = filled_template(catalog, TTKT, JAN, {"TTKT_KD_PTD": 5749, "TTKT_KD_CAN": 7,
                                                   "TTKT_THU_NGHIEM": "khoảng 80"})
    ingest(sqlite_engine, TTKT_ANALYST, content, "tep.xlsx", today=TODAY)
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=6000.0))
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=6000.0),
                     today=TODAY)
    assert refused.value.key == "upload.missing_choice_needed"
    assert refused.value.params["count"] == 2
    assert db_dump(sqlite_engine) == before  # the draft stays until a version is written
    submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=6000.0),
                 today=TODAY, missing=KEEP)
    sub, values = _latest(sqlite_engine)
    assert sub["version"] == 2 and sub["source"] == "typed"
    assert values == {"TTKT_KD_PTD": (6000.0, None, None), "TTKT_KD_CAN": (7.0, None, None),
                      "TTKT_THU_NGHIEM": (80.0, "about", None)}
    submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN, _entry(TTKT_KD_PTD=6100.0),
                 today=TODAY, missing=DROP)
    sub, values = _latest(sqlite_engine)
    assert sub["version"] == 3 and values == {"TTKT_KD_PTD": (6100.0, None, None)}
    created = _audit(sqlite_engine, "submission.create")
    assert [r.after["source"] for r in created] == ["upload", "typed", "typed"]
    assert [(r.after.get("missing") or {}).get("choice") for r in created] == [None, KEEP, DROP]
    # and back to uploading the month after
    content = filled_template(catalog, TTKT, JAN + 1, {"TTKT_KD_PTD": 10})
    ingest(sqlite_engine, TTKT_ANALYST, content, "tep2.xlsx", today=date(2023, 3, 1))
    assert _latest(sqlite_engine, month=JAN + 1)[0]["source"] == "upload"


def test_the_last_version_opens_as_an_entry(sqlite_engine, catalog):
    assert last_version_entry(sqlite_engine.connect(), TTKT, JAN) is None
    content = filled_template(catalog, TTKT, JAN, {"TTKT_KD_PTD": 5749,
                                                   "TTKT_THU_NGHIEM": "hơn 80"})
    ingest(sqlite_engine, OFFICE, content, "tep.xlsx", today=TODAY)
    with sqlite_engine.connect() as conn:
        entry, version, source = last_version_entry(conn, TTKT, JAN)
    assert (version, source) == (1, "upload")
    assert entry.figures == {"TTKT_KD_PTD": TypedFigure(5749.0),
                             "TTKT_THU_NGHIEM": TypedFigure(80.0, "more_than")}
    # the prefilled template of that entry reads back as the same figures
    result = validate_content(entry_bytes(catalog, TTKT, JAN, entry), "x.xlsx", catalog,
                              Context(unit=TTKT, month=JAN, today=TODAY))
    assert {v.indicator: (v.value, v.qualifier) for v in result.submissions[0].values} == {
        "TTKT_KD_PTD": (5749.0, None), "TTKT_THU_NGHIEM": (80.0, "more_than")}


def test_editor_role_constant_holds_the_permission():
    from auth.permissions import allowed

    assert allowed(EDITOR, "submission.type") and allowed(ANALYST, "submission.type")


# --- edges ----------------------------------------------------------------------------------


def test_a_qualifier_chosen_before_the_figure_is_kept_in_the_draft():
    entry = Entry({"A": TypedFigure(None, "about"), "B": TypedFigure(2.0, "bogus")})
    back = Entry.from_json(entry.to_json())
    assert back.figures["A"] == TypedFigure(None, "about")
    assert back.figures["B"] == TypedFigure(2.0, None)  # a qualifier of no meaning is dropped
    assert Entry.from_json({"figures": {"C": {"value": 5}}}).figures["C"] == TypedFigure(5.0)
    assert isinstance(Entry.from_json({"figures": {"C": {"value": 5}}}).figures["C"].value,
                      float)


def test_a_qualified_cell_is_text_in_the_prefilled_template(catalog: Catalog):
    from io import BytesIO

    from openpyxl import load_workbook

    entry = Entry({"TTKT_KD_PTD": TypedFigure(1234.0, "about"),
                   "TTKT_KD_CAN": TypedFigure(7.0)})
    sheet = load_workbook(BytesIO(entry_bytes(catalog, TTKT, JAN, entry)))["Chỉ tiêu"]
    cells = {row[0].value: row[3] for row in sheet.iter_rows(min_row=2)}
    assert cells["TTKT_KD_PTD"].value == "khoảng 1.234"
    assert cells["TTKT_KD_PTD"].number_format == "@"  # Excel keeps it as typed
    assert cells["TTKT_KD_CAN"].value == 7 and cells["TTKT_KD_CAN"].number_format != "@"


def test_progress_goes_to_the_follow_up_table_even_when_a_new_task_has_the_same_text(
        catalog: Catalog):
    planned = ["Kiểm tra chợ", "Hiệu chuẩn"]
    entry = Entry(plans="Kiểm tra chợ\nViệc mới",  # the same task planned again
                  progress={"Kiểm tra chợ": ("in_progress", "còn 2 chợ"),
                            "Hiệu chuẩn": ("done", "")})
    content = entry_bytes(catalog, TTKT, JAN, entry, followup=planned)
    result = validate_content(content, "x.xlsx", catalog, Context(unit=TTKT, month=JAN,
                                                                 today=TODAY))
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    assert [p.text for p in sub.plan_items] == ["Kiểm tra chợ", "Việc mới"]
    assert [(p.task, p.status, p.note) for p in sub.progress] == [
        ("Kiểm tra chợ", "in_progress", "còn 2 chợ"), ("Hiệu chuẩn", "done", None)]


def test_a_stored_version_opens_as_an_entry_with_its_month_tasks_and_progress():
    from types import SimpleNamespace as Row

    from etl.typed import entry_of_version

    entry = entry_of_version(
        [{"indicator_code": "A", "value": 3, "qualifier": "more_than", "note": None},
         {"indicator_code": "B", "value": 0.5, "qualifier": "weird", "note": "n"}],
        [{"section_code": "3.2", "text": "a"}, {"section_code": "3.1", "text": "b"},
         {"section_code": "3.2", "text": "c"}],
        [{"text": "next month", "horizon": "month"}, {"text": "next quarter",
                                                       "horizon": "period"},
         {"text": "old row"}],
        [Row(task="t1", status="done", note=None), Row(task="t2", status="bad", note="x")])
    assert entry.figures == {"A": TypedFigure(3.0, "more_than"), "B": TypedFigure(0.5, None, "n")}
    assert entry.activities == {"3.2": "a\nc", "3.1": "b"}
    assert entry.plans == "next month\nold row"
    assert entry.period_plans == "next quarter"
    assert entry.progress == {"t1": ("done", ""), "t2": (None, "x")}


@pytest.mark.parametrize("entry", [
    Entry({"TTKT_KD_PTD": TypedFigure(1.0, None, "x" * MAX_NOTE)}),
    Entry(activities={"3.2": "x" * 20_000}),
    Entry(activities={"3.2": "x\n" * 200}),
    Entry(plans="x" * 20_000),
    Entry(plans="x\n" * 200),
    Entry(progress={"t" * 20_000: ("done", "x" * 20_000)}),
])
def test_the_largest_entry_is_kept(sqlite_engine, entry):
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry)
    with sqlite_engine.connect() as conn:
        assert Entry.from_json(get_draft(conn, "chuyenvien", TTKT, JAN).content) == entry


@pytest.mark.parametrize("entry", [
    Entry(plans="x" * 20_001),
    Entry(progress={"t" * 20_001: ("done", "")}),
])
def test_too_long_tasks_are_refused(sqlite_engine, entry):
    with pytest.raises(ActionError) as refused:
        save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, JAN, entry)
    assert refused.value.key == "typing.too_long"
    assert "20000" in refused.value.message() or "20.000" in refused.value.message()


def test_the_tasks_planned_last_month_are_followed_up_and_the_author_is_written(
        sqlite_engine):
    from io import BytesIO

    from openpyxl import load_workbook

    from store.blobs import get_blob
    from store.report_sources import progress_of

    dec = JAN - 1
    submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, dec,
                 Entry({"TTKT_KD_PTD": TypedFigure(1.0)}, plans="Kiểm tra chợ\nHiệu chuẩn"),
                 today=TODAY)
    submit_entry(sqlite_engine, TTKT_ANALYST, TTKT, JAN,
                 Entry({"TTKT_KD_PTD": TypedFigure(2.0)},
                       progress={"Hiệu chuẩn": ("done", "xong sớm"),
                                 "Không có trong kế hoạch": ("done", "")}),
                 author="Nguyễn Văn A", today=TODAY)
    with sqlite_engine.connect() as conn:
        sub = latest_submission(conn, TTKT, JAN)
        rows = progress_of(conn, [sub["id"]])
        content = get_blob(conn, sub["sha256"])
    assert [(r.task, r.status, r.note) for r in rows] == [("Hiệu chuẩn", "done", "xong sớm")]
    info = load_workbook(BytesIO(content))["Thông tin"]
    assert [info.cell(row=r, column=2).value for r in (1, 3, 4)] == [
        TTKT, "01/2023", "Nguyễn Văn A"]


# --- the next period's tasks, in a month that closes a quarter, half or year -------------

MARCH = Month(2023, 3)


def test_the_next_periods_tasks_are_read_with_their_horizon(catalog: Catalog):
    """Written in the template's own table (more rows when there are more tasks than it
    has), read back as the next period's, beside next month's."""
    from report.periods_text import starting_label

    quarter = [f"Nhiệm vụ quý II số {n}" for n in range(1, 26)]
    entry = Entry({"TTKT_KD_PTD": TypedFigure(1.0)}, plans="Việc tháng 4\nViệc khác",
                  period_plans="\n".join(f"- {task}" for task in quarter))
    content = entry_bytes(catalog, TTKT, MARCH, entry, next_period=starting_label(MARCH))
    result = validate_content(content, "x.xlsx", catalog, Context(unit=TTKT, month=MARCH,
                                                                 today=date(2023, 4, 5)))
    assert result.ok, [p.message for p in result.problems]
    (sub,) = result.submissions
    assert [(p.text, p.horizon) for p in sub.plan_items] == [
        ("Việc tháng 4", "month"), ("Việc khác", "month"),
        *[(task, "period") for task in quarter]]
    # numbered under their header, every row open to the unit (more rows than the
    # template's 20 when there are more tasks)
    from io import BytesIO

    from openpyxl import load_workbook

    plan = load_workbook(BytesIO(content))["Kế hoạch"]
    header = next(r for r in range(1, plan.max_row + 1)
                  if plan.cell(row=r, column=2).value == "Nhiệm vụ kỳ sau")
    rows = range(header + 1, header + 1 + len(quarter))
    assert [plan.cell(row=r, column=1).value for r in rows] == list(range(1, 26))
    assert [plan.cell(row=r, column=2).value for r in rows] == quarter
    assert not any(plan.cell(row=r, column=2).protection.locked for r in rows)
    # a month that closes nothing has no such table: nothing written there
    january = entry_bytes(catalog, TTKT, JAN, entry)
    (sub,) = validate_content(january, "x.xlsx", catalog, Context(
        unit=TTKT, month=JAN, today=TODAY)).submissions
    assert [p.horizon for p in sub.plan_items] == ["month", "month"]


def test_typed_tasks_of_the_next_quarter_reach_the_quarter_report_and_open_again(
        sqlite_engine):
    from core.months import ReportPeriod
    from report.assemble import assemble_report

    entry = Entry({"TTKT_KD_PTD": TypedFigure(5.0)}, plans="Việc tháng 4",
                  period_plans="Kiểm định cân quý II\nHiệu chuẩn quý II")
    submit_entry(sqlite_engine, OFFICE, TTKT, MARCH, entry, today=date(2023, 4, 5))
    with sqlite_engine.connect() as conn:
        sub = latest_submission(conn, TTKT, MARCH)
        assert [(p["text"], p["horizon"]) for p in submission_plan_items(conn, sub["id"])] == [
            ("Việc tháng 4", "month"), ("Kiểm định cân quý II", "period"),
            ("Hiệu chuẩn quý II", "period")]
        opened, version, _ = last_version_entry(conn, TTKT, MARCH)
    assert (opened.plans, opened.period_plans, version) == (
        "Việc tháng 4", "Kiểm định cân quý II\nHiệu chuẩn quý II", 1)
    quarter = assemble_report(sqlite_engine, ReportPeriod.parse("2023-Q1"))
    assert quarter.tasks == ["Kiểm định cân quý II", "Hiệu chuẩn quý II"]
    month = assemble_report(sqlite_engine, ReportPeriod.parse("2023-03"))
    assert month.tasks == ["Việc tháng 4"]


def test_tasks_of_a_next_period_in_a_month_that_closes_none_are_refused(sqlite_engine):
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        submit_entry(sqlite_engine, OFFICE, TTKT, Month(2023, 2),
                     Entry({"TTKT_KD_PTD": TypedFigure(5.0)}, period_plans="Nhiệm vụ quý"),
                     today=date(2023, 3, 5))
    assert refused.value.key == "typing.no_next_period"
    assert refused.value.message() == (
        "Tháng 02/2023 không khép lại quý, 6 tháng hay năm nào nên không có nhiệm vụ kỳ sau. "
        "Hãy tải lại trang rồi gửi lại.")
    assert db_dump(sqlite_engine) == before


@pytest.mark.parametrize("tasks", ["x" * 20_000, "x\n" * 200, "  \n"])
def test_the_largest_list_of_next_period_tasks_is_kept(sqlite_engine, tasks):
    """At the bounds, in a month that closes a quarter; blank lines in a month that closes
    none are no tasks (nothing to refuse)."""
    entry = Entry({"TTKT_KD_PTD": TypedFigure(1.0)}, period_plans=tasks)
    month = JAN if not tasks.strip() else MARCH
    save_entry_draft(sqlite_engine, TTKT_ANALYST, TTKT, month, entry)
    with sqlite_engine.connect() as conn:
        assert Entry.from_json(get_draft(conn, "chuyenvien", TTKT, month).content) == entry

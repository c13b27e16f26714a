"""A resubmission never makes figures disappear (issue 12): indicators the newest version
has and a new file lacks are named, and the uploader keeps them (carried over, with the
row they came from) or drops them — in the action, its audit row and ``python -m etl
ingest``; nothing is guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.base import ActionError, Actor
from actions.review import approve
from actions.submissions import DROP, KEEP, ingest
from auth.permissions import ANALYST
from cli.etl import main
from core.catalog import Catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from store.queries import figures
from store.schema import audit_log
from store.submissions import latest_submission, submission_values
from tests.actors import OFFICE, REVIEWER
from tests.etl.etl_files import db_dump, filled_template, history_sheet

TODAY = date(2024, 6, 15)
JAN = Month(2023, 1)
# Qualified figures (khoảng, hơn) among them: a carried figure keeps its qualifier.
FIRST = {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "khoảng 80", "TTKT_KD_CAN": 0,
         "TTKT_KD_CONGTO": "hơn 1.100"}


def _load(engine, catalog, values, month=JAN, actor=OFFICE, **options):
    content = filled_template(catalog, "TTKT", month, values)
    return ingest(engine, actor, content, f"bc-{len(values)}-{hash(str(values))}.xlsx",
                  today=TODAY, **options).value


def _values(engine, month=JAN) -> dict[str, tuple]:
    with engine.connect() as conn:
        sub = latest_submission(conn, "TTKT", month)
        return {r["indicator_code"]: (r["value"], r["qualifier"], r["carried_from_version"])
                for r in submission_values(conn, sub["id"])}


def _audit_missing(engine) -> list:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.after).where(
            audit_log.c.action == "submission.create").order_by(audit_log.c.id)).scalars()
        return [r.get("missing") for r in rows]


def test_a_first_version_asks_nothing(sqlite_engine, catalog: Catalog):
    loaded = _load(sqlite_engine, catalog, FIRST)
    assert [x.version for x in loaded.loaded] == [1]
    assert not [p for p in loaded.validation.problems if p.code == "missing_from_resubmission"]
    assert _audit_missing(sqlite_engine) == [None]


def test_without_a_choice_the_resubmission_is_refused_and_names_what_would_go(
        sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 5800})
    assert refused.value.key == "upload.missing_choice_needed"
    assert refused.value.params["count"] == 3
    (warning,) = [p for p in refused.value.problems if p.code == "missing_from_resubmission"]
    assert warning.severity == "warning"
    assert warning.params["codes"] == "TTKT_THU_NGHIEM,TTKT_KD_CAN,TTKT_KD_CONGTO" or \
        set(warning.params["codes"].split(",")) == {"TTKT_THU_NGHIEM", "TTKT_KD_CAN",
                                                    "TTKT_KD_CONGTO"}
    names = {i.code: i.name for i in catalog.indicators}
    for code in ("TTKT_THU_NGHIEM", "TTKT_KD_CAN", "TTKT_KD_CONGTO"):
        assert f"«{names[code]}»" in warning.message
    assert "phiên bản 1" in warning.message and "--keep-missing" in warning.message
    assert "giữ" in refused.value.message()
    assert db_dump(sqlite_engine) == before


def test_keep_carries_every_missing_figure_with_its_origin(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)
    with sqlite_engine.connect() as conn:
        v1 = {r["indicator_code"]: r["id"] for r in submission_values(
            conn, latest_submission(conn, "TTKT", JAN)["id"])}
    loaded = _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 5800}, missing=KEEP)
    assert [x.version for x in loaded.loaded] == [2]
    assert _values(sqlite_engine) == {
        "TTKT_KD_PTD": (5800.0, None, None), "TTKT_THU_NGHIEM": (80.0, "about", 1),
        "TTKT_KD_CAN": (0.0, None, 1), "TTKT_KD_CONGTO": (1100.0, "more_than", 1)}
    with sqlite_engine.connect() as conn:
        rows = submission_values(conn, loaded.loaded[0].submission_id)
    carried = {r["indicator_code"]: r["carried_from"] for r in rows if r["carried_from"]}
    assert carried == {c: v1[c] for c in ("TTKT_THU_NGHIEM", "TTKT_KD_CAN", "TTKT_KD_CONGTO")}
    assert all(r["sheet"] is None and r["row"] is None for r in rows if r["carried_from"])
    # the dashboards see all four figures, the new one for the corrected indicator
    frame = figures(sqlite_engine, JAN, JAN, units=["TTKT"])
    assert dict(zip(frame["indicator"], frame["value"], strict=True)) == {
        "TTKT_KD_PTD": 5800.0, "TTKT_THU_NGHIEM": 80.0, "TTKT_KD_CAN": 0.0,
        "TTKT_KD_CONGTO": 1100.0}
    missing = _audit_missing(sqlite_engine)[-1]
    assert (missing["choice"], missing["from_version"]) == (KEEP, 1)
    assert set(missing["indicators"]) == set(carried)
    assert missing["carried_from"] == {c: v1[c] for c in carried}


def test_drop_leaves_them_out_and_says_so_in_the_audit(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)
    _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 5800, "TTKT_KD_CAN": 3}, missing=DROP)
    assert _values(sqlite_engine) == {"TTKT_KD_PTD": (5800.0, None, None),
                                      "TTKT_KD_CAN": (3.0, None, None)}
    missing = _audit_missing(sqlite_engine)[-1]
    assert missing["choice"] == DROP and missing["carried_from"] == {}
    assert set(missing["indicators"]) == {"TTKT_THU_NGHIEM", "TTKT_KD_CONGTO"}


def test_a_chain_of_corrections_points_at_the_row_read_from_a_file(sqlite_engine, catalog):
    _load(sqlite_engine, catalog, FIRST)
    _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 5800}, missing=KEEP)
    _load(sqlite_engine, catalog, {"TTKT_KD_CAN": 7}, missing=KEEP)
    got = _values(sqlite_engine)
    assert got == {"TTKT_KD_CAN": (7.0, None, None), "TTKT_KD_PTD": (5800.0, None, 2),
                   "TTKT_THU_NGHIEM": (80.0, "about", 1),
                   "TTKT_KD_CONGTO": (1100.0, "more_than", 1)}


def test_zero_is_a_figure_and_a_complete_file_asks_nothing(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)
    again = dict(FIRST, TTKT_KD_PTD=0, TTKT_THU_NGHIEM=81)  # reordered values, one zero
    loaded = _load(sqlite_engine, catalog, dict(reversed(list(again.items()))))
    assert not [p for p in loaded.validation.problems if p.code == "missing_from_resubmission"]
    assert _values(sqlite_engine)["TTKT_KD_PTD"] == (0.0, None, None)
    assert _audit_missing(sqlite_engine) == [None, None]


def test_an_extra_indicator_is_no_missing_one(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 1})
    loaded = _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 2, "TTKT_KD_CAN": 3})
    assert loaded.loaded[0].version == 2


def test_an_unknown_choice_is_refused_before_anything(sqlite_engine, catalog: Catalog):
    with pytest.raises(ActionError) as refused:
        _load(sqlite_engine, catalog, FIRST, missing="maybe")
    assert refused.value.key == "upload.missing_choice_unknown"
    assert "maybe" in refused.value.message()


def test_an_analyst_chooses_for_their_own_unit(sqlite_engine, catalog: Catalog):
    analyst = Actor("ttkt.an", ANALYST, "TTKT")
    _load(sqlite_engine, catalog, FIRST, actor=analyst)
    _load(sqlite_engine, catalog, {"TTKT_KD_CAN": 2}, actor=analyst, missing=KEEP)
    assert len(_values(sqlite_engine)) == 4


def test_an_approved_month_stays_locked_whatever_the_choice(sqlite_engine, catalog):
    loaded = _load(sqlite_engine, catalog, FIRST)
    approve(sqlite_engine, REVIEWER, loaded.loaded[0].submission_id, None)
    with pytest.raises(ActionError) as refused:
        _load(sqlite_engine, catalog, {"TTKT_KD_PTD": 1}, missing=KEEP)
    assert [p.code for p in refused.value.problems if p.is_error] == ["month_locked"]


def test_the_check_before_loading_shows_the_same_warning(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)
    content = filled_template(catalog, "TTKT", JAN, {"TTKT_KD_PTD": 1, "TTKT_KD_CAN": 1})
    with sqlite_engine.connect() as conn:
        result = validate_content(content, "a.xlsx", catalog, Context(today=TODAY), conn=conn)
    assert result.ok
    (warning,) = [p for p in result.problems if p.code == "missing_from_resubmission"]
    assert warning.params["count"] == 2 and warning.params["version"] == 1
    assert warning.params["period"] == "01/2023" and warning.to_json()["severity"] == "warning"


def test_a_history_file_asks_for_each_month_that_had_more(sqlite_engine, catalog: Catalog):
    _load(sqlite_engine, catalog, FIRST)  # January 2023 has four figures
    history = history_sheet(["T1/2023", "T2/2023", "T3/2023"],
                            [["TTKT_KD_PTD", "", 1, 2, 3]])
    with pytest.raises(ActionError) as refused:
        ingest(sqlite_engine, OFFICE, history, "h.xlsx", unit="TTKT", today=TODAY)
    (warning,) = [p for p in refused.value.problems if p.code == "missing_from_resubmission"]
    assert warning.params["period"] == "01/2023"
    done = ingest(sqlite_engine, OFFICE, history, "h.xlsx", unit="TTKT", today=TODAY,
                  missing=KEEP).value
    assert sorted(str(x.period) for x in done.loaded) == ["2023-01", "2023-02", "2023-03"]
    assert len(_values(sqlite_engine)) == 4
    assert len(_values(sqlite_engine, Month(2023, 2))) == 1


# --- python -m etl ingest ------------------------------------------------------------------

def _files(tmp_path: Path, catalog: Catalog) -> tuple[Path, Path]:
    first, fix = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    first.write_bytes(filled_template(catalog, "TTKT", JAN, FIRST))
    fix.write_bytes(filled_template(catalog, "TTKT", JAN, {"TTKT_KD_PTD": 5800}))
    return first, fix


@pytest.mark.parametrize(("flag", "count"), [("--keep-missing", 4), ("--drop-missing", 1)])
def test_the_cli_takes_the_choice_as_a_flag(sqlite_url, sqlite_engine, catalog, tmp_path,
                                            monkeypatch, capsys, flag, count):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    first, fix = _files(tmp_path, catalog)
    assert main(["ingest", str(first), "--user", "vanphong"]) == 0
    assert main(["ingest", str(fix), "--user", "vanphong", flag]) == 0
    assert len(_values(sqlite_engine)) == count
    assert "phiên bản 2" in capsys.readouterr().out


def test_the_cli_refuses_to_guess(sqlite_url, sqlite_engine, catalog, tmp_path, monkeypatch,
                                  capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    first, fix = _files(tmp_path, catalog)
    assert main(["ingest", str(first)]) == 0
    capsys.readouterr()
    before = db_dump(sqlite_engine)
    assert main(["ingest", str(fix)]) == 1
    out, err = capsys.readouterr()
    assert "--keep-missing" in out and "Traceback" not in out + err
    assert "Mẫu thử nghiệm" in out
    assert db_dump(sqlite_engine) == before
    with pytest.raises(SystemExit) as usage:
        main(["ingest", str(fix), "--keep-missing", "--drop-missing"])
    assert usage.value.code == 2

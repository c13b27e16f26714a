"""Remembered names: mapped once by the unit's analyst, used by the upload action and the
command line, never over the catalogue; refused cleanly; listed and removed by an admin.
And the month a file adds to: said, and warned about when it looks copied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from etl_files import db_dump, filled_template, xlsx
from sqlalchemy import Engine

from actions.base import ActionError, Actor
from actions.names import MAX_LABEL, forget_name, remember_names
from auth.permissions import ADMIN, ANALYST, EDITOR
from cli.etl import main
from core.catalog import Catalog, load_catalog
from core.months import Month
from etl.pipeline import Context, validate_content
from store.audit_queries import audit_rows
from store.catalog_store import read_catalog
from store.database import migrate, open_database
from store.engine import make_engine, write_transaction
from store.migrate import upgrade
from store.remembered_names import list_remembered, remembered_names
from store.submissions import list_submissions
from tests.actors import ADMINISTRATOR, OFFICE, TTKT_ANALYST, upload

TODAY = date(2024, 6, 15)
JAN, FEB = Month(2023, 1), Month(2023, 2)
ODD = "Tổng số PT đo đã qua KĐ"  # how this unit writes "Phương tiện đo được kiểm định"


def _sheet(label: str = ODD, value: object = 5749, code: str | None = None) -> bytes:
    return xlsx({"Thông tin": [["Mã đơn vị", "TTKT"], ["Tháng báo cáo", "01/2023"]],
                 "Chỉ tiêu": [["Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"],
                              [code, label, value], [None, "Mẫu thử nghiệm", 544]]})


def test_map_once_then_the_file_loads_without_asking(sqlite_engine: Engine) -> None:
    refused = upload(sqlite_engine, _sheet(), "a.xlsx", acting_unit="TTKT", today=TODAY)
    (problem,) = refused.validation.errors
    assert (problem.code, problem.params["unit"], problem.row) == ("unknown_indicator", "TTKT", 2)
    assert "TTKT_KD_PTD" in problem.params["codes"]
    done = remember_names(sqlite_engine, TTKT_ANALYST, [("TTKT", ODD, "TTKT_KD_PTD")])
    assert (done.value, done.message()) == (1, "Đã ghi nhớ 1 tên chỉ tiêu; tệp được kiểm tra "
                                                "lại với các tên này.")
    loaded = upload(sqlite_engine, _sheet(), "a.xlsx", acting_unit="TTKT", today=TODAY)
    assert loaded.ok and [p.code for p in loaded.validation.problems] == []
    values = {v.indicator: v.value for v in loaded.validation.submissions[0].values}
    assert values == {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": 544}
    # Written otherwise (case, diacritics, spaces): the same remembered name.
    again = upload(sqlite_engine, _sheet("  TONG SO pt do DA QUA kđ ", 6000), "b.xlsx",
                   acting_unit="TTKT", today=TODAY)
    assert again.ok


def test_a_remembered_name_is_the_units_own(sqlite_engine: Engine) -> None:
    remember_names(sqlite_engine, OFFICE, [("TTUD", "Số bài đăng web", "TTUD_TINBAI")])
    names = remembered_names(sqlite_engine)
    assert names == {"TTUD": {"so bai dang web": "TTUD_TINBAI"}}
    sheet = xlsx({"Chỉ tiêu": [["Tên chỉ tiêu", "Giá trị"], ["Số bài đăng web", 5]]})
    ctx = Context(unit="TTKT", month=JAN, today=TODAY, names=names)
    assert [p.code for p in validate_content(sheet, "x.xlsx", load_catalog(), ctx).errors] == \
        ["unknown_indicator"]
    ctx = Context(unit="TTUD", month=JAN, today=TODAY, names=names)
    assert validate_content(sheet, "x.xlsx", load_catalog(), ctx).ok


def test_a_remembered_name_never_overrides_the_catalogue(catalog: Catalog) -> None:
    names = {"TTKT": {"mau thu nghiem": "TTKT_KD_PTD", "ttkt_kd_can": "TTKT_KD_PTD"}}
    sheet = xlsx({"Chỉ tiêu": [["Mã chỉ tiêu", "Tên chỉ tiêu", "Giá trị"],
                               [None, "Mẫu thử nghiệm", 544], ["TTKT_KD_CAN", None, 3]]})
    result = validate_content(sheet, "x.xlsx", catalog,
                              Context(unit="TTKT", month=JAN, today=TODAY, names=names))
    assert {v.indicator: v.value for v in result.submissions[0].values} == \
        {"TTKT_THU_NGHIEM": 544, "TTKT_KD_CAN": 3}


def test_a_remembered_name_beats_a_guess_by_words(catalog: Catalog) -> None:
    sheet = xlsx({"Chỉ tiêu": [["Tên chỉ tiêu", "Giá trị"], ["Kiểm định cân điện tử", 3]]})
    guess = validate_content(sheet, "x.xlsx", catalog,
                             Context(unit="TTKT", month=JAN, today=TODAY))
    names = {"TTKT": {"kiem dinh can dien tu": "TTKT_KD_CONGTO"}}
    told = validate_content(sheet, "x.xlsx", catalog,
                            Context(unit="TTKT", month=JAN, today=TODAY, names=names))
    assert [v.indicator for v in told.submissions[0].values] == ["TTKT_KD_CONGTO"]
    assert told.problems == [] and guess.problems != []


def test_remembered_names_in_a_history_workbook_of_several_units(catalog: Catalog) -> None:
    rows = [["Đơn vị", "Chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
            ["TTKT", "PT đo KĐ xong", 1, 2, 3], ["TTRA", "PT đo KĐ xong", 4, 5, 6]]
    names = {"TTKT": {"pt do kd xong": "TTKT_KD_PTD"}}
    result = validate_content(xlsx({"LS": rows}), "h.xlsx", catalog,
                              Context(today=TODAY, names=names))
    (problem,) = result.errors
    assert (problem.code, problem.row, problem.params["unit"]) == ("unknown_indicator", 3, "TTRA")
    assert {s.unit for s in result.submissions} == {"TTKT"}


@pytest.mark.parametrize(("actor", "names", "key"), [
    (TTKT_ANALYST, [("TTUD", "Tên lạ", "TTUD_TINBAI")], "names.not_your_unit"),
    (OFFICE, [("XYZ", "Tên lạ", "TTKT_KD_PTD")], "names.unknown_unit"),
    (OFFICE, [("SKHCN", "Tên lạ", "TTKT_KD_PTD")], "names.unknown_unit"),
    (OFFICE, [("TTKT", "Tên lạ", "KHONG_CO")], "names.unknown_indicator"),
    (OFFICE, [("TTKT", "Tên lạ", "TTRA_TIENPHAT")], "names.indicator_of_other_unit"),
    (OFFICE, [("TTKT", "MẪU THỬ NGHIỆM", "TTKT_KD_PTD")], "names.is_catalogue_name"),
    (OFFICE, [("TTKT", " .. ", "TTKT_KD_PTD")], "names.bad_label"),
    (OFFICE, [("TTKT", "x" * (MAX_LABEL + 1), "TTKT_KD_PTD")], "names.bad_label"),
    (OFFICE, [], "names.nothing_chosen"),
    (OFFICE, [("TTKT", "Tên tốt", "TTKT_KD_PTD"), ("TTKT", "Tên xấu", "KHONG_CO")],
     "names.unknown_indicator"),  # one bad name refuses them all
    (Actor("vien", ANALYST, None), [("TTKT", "Tên lạ", "TTKT_KD_PTD")], "upload.no_unit"),
    (ADMINISTRATOR, [("TTKT", "Tên lạ", "TTKT_KD_PTD")], "action.forbidden"),
])
def test_refused_names_change_nothing(sqlite_engine: Engine, actor, names, key: str) -> None:
    before = db_dump(sqlite_engine)
    with pytest.raises(ActionError) as refused:
        remember_names(sqlite_engine, actor, names)
    assert refused.value.key == key
    assert refused.value.message() and "{" not in refused.value.message()
    assert db_dump(sqlite_engine) == before


def test_remapping_a_name_is_audited_with_before_and_after(sqlite_engine: Engine) -> None:
    remember_names(sqlite_engine, OFFICE, [("TTKT", ODD, "TTKT_KD_CAN")])
    same = remember_names(sqlite_engine, OFFICE, [("TTKT", ODD.upper(), "TTKT_KD_CAN")])
    assert same.value == 0  # nothing changed, nothing audited
    changed = remember_names(sqlite_engine, TTKT_ANALYST, [("TTKT", ODD, "TTKT_KD_PTD")])
    assert changed.value == 1
    rows = audit_rows(sqlite_engine, actions=["name.remember"])
    assert [(r["actor"], r["before"], r["after"]) for r in rows] == [
        ("chuyenvien", {"unit": "TTKT", "label": ODD, "indicator": "TTKT_KD_CAN"},
         {"unit": "TTKT", "label": ODD, "indicator": "TTKT_KD_PTD"}),
        ("vanphong", None, {"unit": "TTKT", "label": ODD, "indicator": "TTKT_KD_CAN"})]
    (listed,) = list_remembered(sqlite_engine)
    assert (listed["indicator_code"], listed["created_by"], listed["unit_name"]) == \
        ("TTKT_KD_PTD", "chuyenvien", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng")


def test_an_admin_removes_a_name_and_the_file_is_asked_about_again(sqlite_engine) -> None:
    remember_names(sqlite_engine, OFFICE, [("TTKT", ODD, "TTKT_KD_PTD")])
    (row,) = list_remembered(sqlite_engine)
    done = forget_name(sqlite_engine, ADMINISTRATOR, row["id"])
    assert done.message() == (f"Đã xóa tên «{ODD}» của đơn vị TTKT; tệp có tên này sẽ được "
                              "hỏi lại.")
    assert list_remembered(sqlite_engine) == []
    (audit,) = audit_rows(sqlite_engine, actions=["name.forget"])
    assert (audit["actor"], audit["after"], audit["before"]["indicator"]) == \
        ("quantri", None, "TTKT_KD_PTD")
    refused = upload(sqlite_engine, _sheet(), "a.xlsx", today=TODAY)
    assert [p.code for p in refused.validation.errors] == ["unknown_indicator"]
    before = db_dump(sqlite_engine)
    for actor, key in ((ADMINISTRATOR, "names.not_found"), (OFFICE, "action.forbidden")):
        with pytest.raises(ActionError) as again:
            forget_name(sqlite_engine, actor, row["id"])
        assert again.value.key == key
    assert db_dump(sqlite_engine) == before


def test_the_command_line_uses_the_remembered_names(sqlite_url: str, tmp_path: Path,
                                                    monkeypatch, capsys) -> None:
    migrate(sqlite_url)
    engine = open_database(sqlite_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(_sheet())
    assert main(["validate", str(path)]) == 1
    assert ODD in capsys.readouterr().out
    remember_names(engine, OFFICE, [("TTKT", ODD, "TTKT_KD_PTD")])
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "hợp lệ, 2 số liệu" in out
    assert main(["ingest", str(path), "--user", "vanphong"]) == 0
    with engine.connect() as conn:
        (sub,) = list_submissions(conn, unit="TTKT")
    assert (sub["version"], sub["submitted_by"]) == (1, "vanphong")
    engine.dispose()


# --- the month a file adds to ----------------------------------------------------------


def _copied(month_in_title: str) -> bytes:
    return xlsx({"Chỉ tiêu": [["TRUNG TÂM KỸ THUẬT TĐC"], [f"BÁO CÁO THÁNG {month_in_title}"],
                              ["Mã chỉ tiêu", "Giá trị"], ["TTKT_KD_PTD", 6100]]})


def test_the_command_line_says_the_month_and_warns_when_it_looks_copied(
        sqlite_url: str, tmp_path: Path, monkeypatch, capsys, catalog: Catalog) -> None:
    migrate(sqlite_url)
    engine = open_database(sqlite_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    for month, figure in ((JAN, 5749), (FEB, 6000)):
        content = filled_template(catalog, "TTKT", month, {"TTKT_KD_PTD": figure})
        assert upload(engine, content, f"{month}.xlsx", today=TODAY).ok
    path = tmp_path / "thang-3.xlsx"
    path.write_bytes(_copied("02/2023"))  # March's figures under February's old title
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert ("sẽ nạp báo cáo tháng 02/2023 của đơn vị TTKT (tháng đọc từ sheet «Chỉ tiêu», "
            "ô A2: «BÁO CÁO THÁNG 02/2023»)") in out
    assert "[CẢNH BÁO]" in out and "đã có 1 phiên bản; tệp này sẽ thành phiên bản 2" in out
    old = tmp_path / "thang-1.xlsx"
    old.write_bytes(_copied("01/2023"))
    assert main(["ingest", str(old), "--user", "vanphong"]) == 0
    out = capsys.readouterr().out
    said = out.index("sẽ nạp báo cáo tháng 01/2023")
    assert said < out.index("cũ hơn tháng 02/2023 đã nạp trước đó") < out.index(
        "TTKT 2023-01: phiên bản 2")
    assert out.count("cũ hơn tháng 02/2023") == 1  # said before the load, not again after
    path.write_bytes(_copied("03/2023"))
    assert main(["validate", str(path), "--month", "2023-03"]) == 0
    out = capsys.readouterr().out
    assert "tháng theo tham số --month" in out and "CẢNH BÁO" not in out
    engine.dispose()


def test_a_history_file_warns_once_about_months_it_adds_versions_to(sqlite_engine) -> None:
    rows = [["Mã chỉ tiêu", "T1/2023", "T2/2023", "T3/2023"], ["TTKT_KD_PTD", 1, 2, 3]]
    first = upload(sqlite_engine, xlsx({"LS": rows}), "h1.xlsx", unit="TTKT", today=TODAY)
    assert first.ok and [p.code for p in first.validation.problems] == []
    rows[1][1] = 10
    again = upload(sqlite_engine, xlsx({"LS": rows}), "h2.xlsx", unit="TTKT", today=TODAY)
    (warned,) = again.validation.problems
    assert (warned.code, warned.params["count"]) == ("history_months_have_versions", 3)
    assert "TTKT 01/2023, TTKT 02/2023, TTKT 03/2023" in warned.message


def test_an_older_database_gets_the_catalogues_terms_when_migrated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with write_transaction(engine) as conn:  # a catalogue seeded the old way
        from store.schema import org_unit

        conn.execute(org_unit.insert().values(code="TTKT", name="Trung tâm", kind="unit",
                                              position=0))
    upgrade(engine)
    stored = read_catalog(engine)
    assert stored.unit("TTKT").aliases == load_catalog().unit("TTKT").aliases
    assert len(stored.abbreviations) == len(load_catalog().abbreviations)
    assert stored.measure_synonyms == load_catalog().measure_synonyms
    engine.dispose()


def test_an_empty_database_migrates_without_terms_until_seeded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade(engine)
    assert read_catalog(engine).abbreviations == []
    engine.dispose()


def test_an_analyst_role_and_an_editor_may_remember(sqlite_engine: Engine) -> None:
    for actor in (Actor("a", ANALYST, "TTKT"), Actor("b", EDITOR)):
        assert remember_names(sqlite_engine, actor, [("TTKT", f"Tên {actor.username}",
                                                      "TTKT_KD_PTD")]).value == 1
    assert ADMIN not in {r["created_by"] for r in list_remembered(sqlite_engine)}


def test_the_json_text_written_figure_by_figure_reads_back_as_the_result(catalog: Catalog
                                                                         ) -> None:
    import io
    import json

    rows = [["Đơn vị: TTKT"], ["Mã chỉ tiêu", "Tên chỉ tiêu", "T1/2022", "T2/2022", "T3/2022"],
            ["TTKT_KD_PTD", "x", 1, 2, "hơn 3"], ["TTKT_THU_NGHIEM", "y", None, 4, 5],
            ["TTKT_KD_CAN", "z", 6, 7, 8]]
    history = validate_content(xlsx({'Sheet "{a}"': rows}), "h.xlsx", catalog,
                               Context(today=TODAY))
    monthly = validate_content(_sheet(), "m.xlsx", catalog, Context(today=TODAY))
    refused = validate_content(b"", "r.xlsx", catalog, Context(today=TODAY))
    for result in (history, monthly, refused):
        out = io.StringIO()
        result.write_json(out)
        assert json.loads(out.getvalue()) == result.to_json()
    assert len(history.to_json()["values"]) == 8

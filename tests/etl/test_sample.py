"""The sample history: the reference month exactly, determinism, planned untidiness, loading."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from cli.etl import main
from core.catalog import Catalog
from core.months import Month, month_range
from core.timezone import to_vn
from etl import sample as sample_module
from etl.sample import (
    FIRST_MONTH,
    LAST_MONTH,
    SampleFile,
    build_sample_plan,
    write_sample_files,
)
from etl.sample_load import load_sample
from etl.sample_values import DERIVED, PROFILES
from store.database import open_database
from store.schema import submission
from store.submissions import (
    list_submissions,
    submission_activities,
    submission_plan_items,
    submission_values,
)
from tests.conftest import REFERENCE, REFERENCE_FACTS

JAN_2023 = Month(2023, 1)
UNITS = ("VP", "QLKH", "QLCN", "TDC", "TTRA", "KHTC", "TTUD", "TTKT")
SECTION_UNIT = {"1": "VP", "2.1": "QLKH", "2.2": "QLCN", "2.3": "TDC", "2.4": "TTRA",
                "2.5": "KHTC", "3.1": "TTUD", "3.2": "TTKT"}

DOMAIN_FACTS = REFERENCE_FACTS  # DOMAIN.md's table, with indicator codes


# --- the reference, parsed here independently of etl.sample_reference ----------------------

MARKERS = "¹²³"


def _reference_lines() -> list[str]:
    return [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]


def reference_footnotes() -> dict[str, str]:
    notes = {}
    for line in _reference_lines():
        if line and line[0] in MARKERS:
            notes[line[0]] = line[1:].strip()
    return notes


def reference_bullets() -> dict[str, list[tuple[str, list[str]]]]:
    """Section code → [(bullet text, footnote texts)] in report order."""
    notes = reference_footnotes()
    heading = re.compile(r"^(\d\.\d|1)\. ")
    bullets: dict[str, list[tuple[str, list[str]]]] = {}
    current = None
    for line in _reference_lines():
        if line.startswith("II."):
            break
        found = heading.match(line)
        if found and found.group(1) in SECTION_UNIT:
            current = found.group(1)
            bullets[current] = []
            continue
        if current is None or not line or line[:1] in MARKERS or re.match(r"^\d\. ", line):
            continue
        text = line.removeprefix("- ")
        carried = [notes[m] for m in MARKERS if m in text]
        for marker in MARKERS:
            text = text.replace(marker, "")
        bullets[current].append((text, carried))
    return bullets


def reference_tasks() -> list[str]:
    lines = _reference_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("II."))
    tasks: list[str] = []
    for line in lines[start + 1:]:
        if line.startswith("Nơi nhận"):
            break
        if not line or line.startswith("Tháng 02/2023"):
            continue
        numbered = re.match(r"^(\d+)\. (.*)$", line)
        if numbered:
            tasks.append(numbered.group(2))
        elif tasks:
            tasks[-1] += " " + line  # a task split over a page break
    return [task.replace("*", "").removesuffix("/.") for task in tasks]


def test_the_reference_parse_itself_finds_every_part() -> None:
    bullets = reference_bullets()
    assert {s: len(b) for s, b in bullets.items()} == {
        "1": 5, "2.1": 3, "2.2": 3, "2.3": 3, "2.4": 2, "2.5": 3, "3.1": 6, "3.2": 2}
    assert len(reference_tasks()) == 7
    assert all(note.startswith("Gồm: ") for note in reference_footnotes().values())


# --- the plan ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan() -> list[SampleFile]:
    return build_sample_plan()


def _file(plan: list[SampleFile], unit: str, month: Month, version: int = 1) -> SampleFile:
    return next(f for f in plan if f.unit == unit and f.month == month and f.version == version)


@pytest.mark.parametrize("unit", UNITS)
def test_january_2023_figures_are_the_reference_figures(plan: list[SampleFile],
                                                        unit: str) -> None:
    values = _file(plan, unit, JAN_2023).values
    for code, expected in DOMAIN_FACTS.get(unit, {}).items():
        assert values[code] == expected, code
    if unit in DOMAIN_FACTS:  # nothing the reference does not say for these units
        assert set(values) == set(DOMAIN_FACTS[unit])


def test_january_2023_bullets_and_footnotes_are_the_reference(plan: list[SampleFile]) -> None:
    for section, bullets in reference_bullets().items():
        sample = _file(plan, SECTION_UNIT[section], JAN_2023)
        got = [(a.text, list(a.footnotes)) for a in sample.activities]
        assert got == bullets, section
        assert {a.section for a in sample.activities} == {section}


def test_january_2023_tasks_are_part_two_of_the_reference(plan: list[SampleFile]) -> None:
    assert list(_file(plan, "VP", JAN_2023).tasks) == reference_tasks()
    first = reference_tasks()[0]
    assert "hỗ trợ ứng dụng, nhân rộng các kết quả" in first and "*" not in first
    assert "“Quy định" in first
    others = [f for f in plan if f.month == JAN_2023 and f.unit != "VP"]
    assert all(not f.tasks for f in others)


def test_two_builds_are_identical(plan: list[SampleFile]) -> None:
    again = build_sample_plan()
    assert again == plan
    for sample in (plan[0], _file(plan, "TTKT", Month(2023, 5), 2), plan[-1]):
        assert sample.build_content() == sample.build_content()


def test_every_unit_every_month_except_the_planned_gap(plan: list[SampleFile]) -> None:
    have = {(f.unit, f.month) for f in plan}
    expected = {(u, m) for u in UNITS for m in month_range(FIRST_MONTH, LAST_MONTH)}
    assert expected - have == {("TTRA", Month(2022, 7)), ("TTRA", Month(2022, 8))}
    assert have <= expected
    assert Counter(f.unit for f in plan)["TTKT"] == 37  # 36 months and one resubmission


def test_planned_late_submission_and_resubmission(plan: list[SampleFile]) -> None:
    late = _file(plan, "QLKH", Month(2022, 3))
    assert to_vn(late.submitted_at).date() == date(2022, 4, 20)
    first = _file(plan, "TTKT", Month(2023, 5), 1)
    second = _file(plan, "TTKT", Month(2023, 5), 2)
    assert first.values["TTKT_KD_PTD"] != second.values["TTKT_KD_PTD"]
    assert str(int(first.values["TTKT_KD_PTD"])).startswith(str(int(second.values["TTKT_KD_PTD"])))
    assert {k: v for k, v in first.values.items() if k != "TTKT_KD_PTD"} == \
        {k: v for k, v in second.values.items() if k != "TTKT_KD_PTD"}
    assert 2 <= (second.submitted_at - first.submitted_at).days <= 6
    assert first.file_name != second.file_name
    assert not first.approve and first.return_comment and second.approve


def test_submission_dates_and_approval(plan: list[SampleFile]) -> None:
    early = 0
    for sample in plan:
        day = to_vn(sample.submitted_at).date()
        assert sample.submitted_at.utcoffset().total_seconds() == 0
        assert day > sample.month.last_day
        assert day.weekday() < 5
        if Month.of(day) == sample.month + 1 and day.day <= 5:
            early += 1
        elif (sample.unit, sample.month) not in {("QLKH", Month(2022, 3)),
                                                ("TTKT", Month(2023, 5))}:
            assert Month.of(day) == sample.month + 1 and day.day <= 10
        assert sample.approve == (sample.month <= Month(2023, 11) and not sample.return_comment)
    assert early / len(plan) > 0.6


def test_plan_is_in_submission_order(plan: list[SampleFile]) -> None:
    moments = [f.submitted_at for f in plan]
    assert moments == sorted(moments)


def test_every_indicator_of_the_period_has_a_rule_and_appears(plan: list[SampleFile],
                                                               catalog: Catalog) -> None:
    used = {code for f in plan for code in f.values}
    for unit in UNITS:
        for ind in catalog.indicators_for(unit, Month(2022, 6)):
            assert ind.code in PROFILES or ind.code in DERIVED, ind.code
            assert ind.code in used, ind.code


def test_seasons_and_running_totals(plan: list[SampleFile]) -> None:
    def series(code: str) -> dict[Month, float]:
        return {f.month: f.values[code] for f in plan if code in f.values and not f.return_comment}

    verified = series("TTKT_KD_PTD")
    disbursed = series("KHTC_GIAINGAN")
    for year in (2021, 2022, 2023):
        feb = verified[Month(year, 2)]
        assert feb < verified[Month(year, 1)] and feb < verified[Month(year, 12)]
        months = [Month(year, m) for m in range(1, 13) if Month(year, m) in disbursed]
        totals = [disbursed[m] for m in months]
        assert totals == sorted(totals)  # a running total never goes down within a year
        if year > 2021:
            assert disbursed[Month(year, 1)] < disbursed[Month(year - 1, 12)] / 5  # reset
    yearly = [sum(v for m, v in verified.items() if m.year == y) for y in (2021, 2022, 2023)]
    assert yearly == sorted(yearly)  # mild growth


def test_narrative_shape(plan: list[SampleFile]) -> None:
    texts = Counter()
    for sample in plan:
        if sample.month == JAN_2023:
            continue
        assert 2 <= len(sample.activities) <= 5
        if sample.unit == "VP":
            assert 3 <= len(sample.tasks) <= 7
        else:
            assert len(sample.tasks) <= 2
        for item in [a.text for a in sample.activities] + list(sample.tasks):
            assert "{" not in item and "}" not in item and " 00 " not in item
            texts[item] += 1
    assert len(texts) > 300  # varied wording, not one sentence repeated
    blanks = sum(1 for f in plan if f.unit == "TTUD" and "TTUD_LUOT_TRUYCAP" not in f.values)
    assert blanks > 0  # some figures left blank, as real units do


def test_cli_sample_writes_the_files(tmp_path: Path, plan: list[SampleFile],
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sample_module, "build_sample_plan", lambda: plan[:3])
    assert main(["sample", "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        sorted(f.file_name for f in plan[:3])
    assert "3" in capsys.readouterr().out
    paths = write_sample_files(tmp_path / "again", plan[:1])
    assert paths[0].read_bytes() == (tmp_path / "out" / plan[0].file_name).read_bytes()


# --- loaded into a database through the real loader ----------------------------------------


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path, int]]:
    base = tmp_path_factory.mktemp("sample")
    engine = open_database(f"sqlite:///{base / 'sample.db'}")
    calls: list[tuple[int, int]] = []
    count = load_sample(engine, base / "files", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (count, count) and len(calls) == count
    yield engine, base / "files", count
    engine.dispose()


def test_load_covers_every_month_and_unit(loaded, plan: list[SampleFile]) -> None:
    engine, files, count = loaded
    assert count == len(plan)
    assert len(list(files.glob("*.xlsx"))) == len(plan)
    with engine.connect() as conn:
        rows = list_submissions(conn)
    have = {(r["unit_code"], r["period"]) for r in rows}
    expected = {(u, str(m)) for u in UNITS for m in month_range(FIRST_MONTH, LAST_MONTH)}
    assert expected - have == {("TTRA", "2022-07"), ("TTRA", "2022-08")}
    assert {r["source"] for r in rows} == {"sample"}
    assert {r["submitted_by"] for r in rows if r["unit_code"] == "TTKT"} == {"ttkt.chuyenvien"}


def test_load_versions_statuses_and_dates(loaded) -> None:
    engine, _files, _count = loaded
    with engine.connect() as conn:
        rows = list_submissions(conn)
        resubmitted = list_submissions(conn, "TTKT", "2023-05")
        late = list_submissions(conn, "QLKH", "2022-03")
    assert [r["version"] for r in resubmitted] == [2, 1]
    assert [r["status"] for r in resubmitted] == ["approved", "returned"]
    assert resubmitted[1]["review_comment"]
    for row in rows:
        if (row["unit_code"], row["period"], row["version"]) == ("TTKT", "2023-05", 1):
            continue
        expected = "submitted" if row["period"] == "2023-12" else "approved"
        assert row["status"] == expected, (row["unit_code"], row["period"])
    assert to_vn(late[0]["submitted_at"]).date() == date(2022, 4, 20)


def test_loaded_reference_month_equals_the_reference(loaded) -> None:
    engine, _files, _count = loaded
    bullets = reference_bullets()
    with engine.connect() as conn:
        for unit, facts in DOMAIN_FACTS.items():
            sub_id = list_submissions(conn, unit, "2023-01")[0]["id"]
            values = {v["indicator_code"]: v["value"] for v in submission_values(conn, sub_id)}
            assert values == facts
        for section, expected in bullets.items():
            sub_id = list_submissions(conn, SECTION_UNIT[section], "2023-01")[0]["id"]
            got = [(a["text"], a["footnotes"]) for a in submission_activities(conn, sub_id)]
            assert got == expected
        vp = list_submissions(conn, "VP", "2023-01")[0]["id"]
        assert [p["text"] for p in submission_plan_items(conn, vp)] == reference_tasks()
        ttkt = conn.execute(select(submission.c.id).where(
            submission.c.unit_code == "TTKT", submission.c.period == "2023-01")).scalar_one()
        cells = {(v["indicator_code"], v["sheet"], v["col"]) for v in
                 submission_values(conn, ttkt)}
        assert ("TTKT_KD_PTD", "Chỉ tiêu", "D") in cells

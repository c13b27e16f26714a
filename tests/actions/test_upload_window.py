"""The upload window: a unit's analyst sends figures only for the months of the window
(``upload_months_back`` months back from the month the file is sent in), a history workbook's
months as much as a single month's; a file with any month outside is refused whole, with a
message naming the month and where it is, and nothing is written. The office is not bound."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from actions import submissions as sending
from actions.base import ActionError, Actor
from auth.permissions import ANALYST
from core.catalog import load_catalog
from core.months import Month
from store.engine import write_transaction
from store.settings import insert_setting
from tests.actors import OFFICE
from tests.etl.etl_files import db_dump, filled_template, history_sheet

TODAY = date(2024, 6, 15)  # default window of 36 months: 07/2021 … 06/2024
ANALYST_TTKT = Actor("chuyenvien", ANALYST, "TTKT")


def _history(*labels: str) -> bytes:
    return history_sheet(list(labels), [["TTKT_KD_PTD", "", *range(1, len(labels) + 1)]])


def _refused(engine: Engine, content: bytes, actor: Actor = ANALYST_TTKT, **options
             ) -> ActionError:
    before = db_dump(engine)
    with pytest.raises(ActionError) as refused:
        sending.ingest(engine, actor, content, "h.xlsx", unit="TTKT", today=TODAY, **options)
    assert refused.value.key == "upload.load_refused"
    assert db_dump(engine) == before  # nothing written
    return refused.value


def _months(engine: Engine, content: bytes, actor: Actor = ANALYST_TTKT, **options
            ) -> list[Month]:
    done = sending.ingest(engine, actor, content, "h.xlsx", unit="TTKT", today=TODAY,
                          **options)
    return [x.period for x in done.value.loaded]


@pytest.mark.parametrize("labels", [
    ["T1/2016", "T2/2016", "T3/2016"], ["T4/2021", "T5/2021", "T6/2021"],
    ["T10/2019", "T11/2019", "T12/2019"]])
def test_old_months_of_a_history_workbook_are_refused(accounts: Engine, labels) -> None:
    refused = _refused(accounts, _history(*labels))
    errors = [p for p in refused.problems if p.is_error]
    assert [p.code for p in errors] == ["month_outside_window"] * len(labels)
    assert [p.params["month"] for p in errors] == \
        [f"{int(x[1:].split('/')[0]):02d}/{x.split('/')[1]}" for x in labels]
    for p, column in zip(errors, "CDEFG", strict=False):
        assert (p.sheet, p.row, p.column) == ("Lịch sử", 2, column)
        assert "07/2021" in p.message and "06/2024" in p.message
        assert p.message.startswith(f"Tháng {p.params['month']} nằm ngoài")


def test_a_future_month_of_a_history_workbook_is_refused(accounts: Engine) -> None:
    refused = _refused(accounts, _history("T5/2024", "T6/2024", "T7/2024"))
    assert [p.code for p in refused.problems if p.is_error] == ["future_month"]


def test_a_mixed_workbook_is_refused_whole_naming_only_the_months_outside(
        accounts: Engine) -> None:
    refused = _refused(accounts, _history("T5/2021", "T6/2021", "T7/2021", "T8/2021",
                                          "T7/2024"))
    errors = [p for p in refused.problems if p.is_error]
    assert sorted((p.code, p.column) for p in errors) == [
        ("future_month", "G"), ("month_outside_window", "C"), ("month_outside_window", "D")]


def test_the_window_boundaries_are_inside(accounts: Engine) -> None:
    assert _months(accounts, _history("T7/2021", "T8/2021", "T6/2024")) == \
        [Month(2021, 7), Month(2021, 8), Month(2024, 6)]


@pytest.mark.parametrize(("month", "accepted"), [
    (Month(2021, 6), False), (Month(2021, 7), True), (Month(2024, 6), True)])
def test_a_single_month_file_follows_the_same_rule(accounts: Engine, month: Month,
                                                   accepted: bool) -> None:
    content = filled_template(load_catalog(), "TTKT", month, {"TTKT_KD_PTD": 7})
    if accepted:
        assert _months(accounts, content, month=month) == [month]
    else:
        refused = _refused(accounts, content, month=month)
        assert [p.code for p in refused.problems if p.is_error] == ["month_outside_window"]


def test_the_setting_sets_the_window(accounts: Engine) -> None:
    with write_transaction(accounts) as conn:
        insert_setting(conn, "upload_months_back", 3, None, None, "quantri")
    refused = _refused(accounts, _history("T3/2024", "T4/2024", "T5/2024"))
    assert [p.params["month"] for p in refused.problems if p.is_error] == ["03/2024"]
    assert _months(accounts, _history("T4/2024", "T5/2024", "T6/2024")) == \
        [Month(2024, 4), Month(2024, 5), Month(2024, 6)]
    assert sending.offered_months(accounts, TODAY) == [Month(2024, 6), Month(2024, 5),
                                                       Month(2024, 4)]


def test_zero_sets_no_limit(accounts: Engine) -> None:
    with write_transaction(accounts) as conn:
        insert_setting(conn, "upload_months_back", 0, None, None, "quantri")
    assert _months(accounts, _history("T1/2016", "T2/2016", "T3/2016")) == \
        [Month(2016, 1), Month(2016, 2), Month(2016, 3)]


def test_the_office_back_fills_history_outside_the_window(accounts: Engine) -> None:
    assert _months(accounts, _history("T1/2016", "T2/2016", "T3/2016"),
                   actor=OFFICE) == [Month(2016, 1), Month(2016, 2), Month(2016, 3)]

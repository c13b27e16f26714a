from datetime import UTC, datetime

import pandas as pd
import pytest

from analytics.completeness import (
    classify,
    completeness_ratio,
    deadline,
    expected_units,
    missing_units,
    month_summary,
)
from core.months import Month
from core.timezone import vn_date_to_utc
from tests.analytics.helpers import catalog, unit


def _status(rows):
    frame = pd.DataFrame(rows, columns=["unit", "period", "status", "version", "versions",
                                        "first_submitted_at"])
    frame["first_submitted_at"] = pd.to_datetime(frame["first_submitted_at"], utc=True)
    return frame


@pytest.mark.parametrize(("month", "days", "expected"), [
    ("2023-01", 5, "2023-02-05T16:59:59.999999+00:00"),  # 23:59:59 in Vietnam
    ("2023-12", 5, "2024-01-05T16:59:59.999999+00:00"),  # year turn
    ("2024-02", 0, "2024-02-29T16:59:59.999999+00:00"),  # leap year, month end
])
def test_deadline_in_vietnam_time(month, days, expected):
    assert deadline(Month.parse(month), days).isoformat() == expected


LATE_MOMENT = vn_date_to_utc(datetime(2023, 2, 6).date(), hour=0)  # 00:00 on day 6: late
EDGE_MOMENT = vn_date_to_utc(datetime(2023, 2, 5).date(), hour=23)  # 23:00 day 5: on time
JANUARY = Month(2023, 1)


@pytest.mark.parametrize(("status", "first", "state", "late"), [
    ("submitted", EDGE_MOMENT, "on_time", False),
    ("submitted", LATE_MOMENT, "late", True),
    ("approved", LATE_MOMENT, "approved", True),
    ("returned", EDGE_MOMENT, "returned", False),
])
def test_states(status, first, state, late):
    cat = catalog(units=[unit("A")])
    grid = classify(_status([("A", "2023-01", status, 1, 1, first)]), cat, [JANUARY], 5,
                    now=datetime(2023, 6, 1, tzinfo=UTC))
    row = grid.iloc[0]
    assert (row.state, row.late) == (state, late)
    assert (row.unit, row.period) == ("A", pd.Period("2023-01", freq="M"))


@pytest.mark.parametrize(("now", "state"), [
    (datetime(2023, 2, 3, tzinfo=UTC), "pending"),
    (datetime(2023, 2, 6, tzinfo=UTC), "missing"),
])
def test_missing_only_after_the_deadline(now, state):
    cat = catalog(units=[unit("A")])
    grid = classify(_status([]), cat, [JANUARY], 5, now=now)
    assert grid.iloc[0].state == state
    assert missing_units(grid, JANUARY) == ["A"]


def test_units_outside_their_validity_are_not_expected():
    from datetime import date

    cat = catalog(units=[unit("A", valid_to=date(2023, 1, 31), successor="B"),
                         unit("B", valid_from=date(2023, 2, 1))])
    assert expected_units(cat, JANUARY) == ["A"]
    assert expected_units(cat, Month(2023, 2)) == ["B"]


def test_summary_counts():
    cat = catalog(units=[unit("A"), unit("B"), unit("C")])
    grid = classify(_status([("A", "2023-01", "approved", 2, 2, EDGE_MOMENT),
                             ("B", "2023-01", "submitted", 1, 1, LATE_MOMENT)]),
                    cat, [JANUARY], 5, now=datetime(2023, 6, 1, tzinfo=UTC))
    summary = month_summary(grid, JANUARY)
    assert (summary["expected"], summary["submitted"], summary["missing"]) == (3, 2, 1)
    assert (summary["on_time_first"], summary["late_first"]) == (1, 1)
    assert completeness_ratio(grid, JANUARY) == pytest.approx(2 / 3)


# --- office: timeliness in days, late units per month ---
from analytics.completeness import Timeliness, days_after, late_by_month, timeliness  # noqa: E402
from core.timezone import VN_TZ  # noqa: E402

DUE = deadline(JANUARY, 5)  # 05/02/2023 23:59:59 Vietnam time


@pytest.mark.parametrize(("local", "days"), [
    (datetime(2023, 2, 5, 23, 59, tzinfo=VN_TZ), 0),
    (datetime(2023, 2, 6, 0, 0, tzinfo=VN_TZ), 1),   # just after midnight: one day late
    (datetime(2023, 2, 6, 6, 30, tzinfo=UTC), 1),     # 13:30 in Vietnam, still day 6
    (datetime(2023, 2, 5, 17, 30, tzinfo=UTC), 1),    # 00:30 on day 6 in Vietnam, UTC day 5
    (datetime(2023, 2, 8, 12, 0, tzinfo=VN_TZ), 3),
    (datetime(2024, 2, 5, 12, 0, tzinfo=VN_TZ), 365),
    (datetime(2023, 2, 1, 12, 0, tzinfo=VN_TZ), -4),
])
def test_days_after_counts_vietnam_calendar_days(local, days):
    assert days_after(local, DUE) == days


def _one(status_rows, now, days=5, months=(JANUARY,)):
    cat = catalog(units=[unit("A"), unit("B"), unit("C")])
    return classify(_status(status_rows), cat, list(months), days, now=now)


NOW = datetime(2023, 2, 10, 5, 0, tzinfo=UTC)  # 10/02 12:00 in Vietnam


@pytest.mark.parametrize(("status", "first", "expected"), [
    ("approved", datetime(2023, 2, 8, 9, tzinfo=VN_TZ), Timeliness("late", 3)),
    ("approved", datetime(2023, 2, 5, 9, tzinfo=VN_TZ), Timeliness("on_time", None)),
    ("returned", datetime(2023, 2, 7, 9, tzinfo=VN_TZ), Timeliness("late", 2)),
    ("submitted", datetime(2023, 1, 20, 9, tzinfo=VN_TZ), Timeliness("on_time", None)),
])
def test_timeliness_of_a_submitted_report_is_its_first_version(status, first, expected):
    grid = _one([("A", "2023-01", status, 2, 2, first)], NOW)
    row = next(grid[grid["unit"] == "A"].itertuples(index=False))
    assert timeliness(row, NOW) == expected


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2023, 2, 10, 12, tzinfo=VN_TZ), Timeliness("overdue", 5)),
    (datetime(2023, 2, 6, 0, 1, tzinfo=VN_TZ), Timeliness("overdue", 1)),
    (datetime(2023, 2, 5, 12, tzinfo=VN_TZ), Timeliness("due", 0)),
    (datetime(2023, 2, 3, 12, tzinfo=VN_TZ), Timeliness("due", 2)),
])
def test_timeliness_of_a_missing_report_counts_from_now(now, expected):
    grid = _one([], now)
    row = next(grid[grid["unit"] == "B"].itertuples(index=False))
    assert timeliness(row, now) == expected


def test_deadline_per_month_uses_each_months_setting():
    first = datetime(2023, 3, 8, 9, tzinfo=VN_TZ)  # February report, sent 08/03
    grid = _one([("A", "2023-02", "submitted", 1, 1, first)], NOW.replace(month=6),
                days={JANUARY: 5, Month(2023, 2): 10}, months=(JANUARY, Month(2023, 2)))
    feb = grid[(grid["unit"] == "A") & (grid["period"] == pd.Period("2023-02", freq="M"))]
    assert feb.iloc[0].state == "on_time"
    with pytest.raises(KeyError):
        _one([], NOW, days={JANUARY: 5}, months=(JANUARY, Month(2023, 2)))


def test_late_units_are_named_per_month_newest_first():
    late = datetime(2023, 2, 8, 9, tzinfo=VN_TZ)
    rows = [("A", "2023-01", "approved", 1, 1, late),
            ("B", "2023-01", "approved", 1, 1, datetime(2023, 2, 1, tzinfo=VN_TZ)),
            ("C", "2023-01", "approved", 1, 1, late),
            ("A", "2023-02", "approved", 1, 1, datetime(2023, 3, 1, tzinfo=VN_TZ)),
            ("B", "2023-03", "submitted", 1, 1, datetime(2023, 4, 2, tzinfo=VN_TZ))]
    now = datetime(2023, 4, 10, 12, tzinfo=VN_TZ)
    grid = _one(rows, now, months=(JANUARY, Month(2023, 2), Month(2023, 3)))
    named = [(m, [(u.unit, u.state, u.timeliness) for u in units])
             for m, units in late_by_month(grid, now)]
    assert named == [
        (Month(2023, 3), [("A", "missing", Timeliness("overdue", 5)),
                          ("C", "missing", Timeliness("overdue", 5))]),
        (Month(2023, 2), [("B", "missing", Timeliness("overdue", 36)),
                          ("C", "missing", Timeliness("overdue", 36))]),
        (JANUARY, [("A", "approved", Timeliness("late", 3)),
                   ("C", "approved", Timeliness("late", 3))]),
    ]


def test_no_late_units_gives_an_empty_list():
    on_time = datetime(2023, 2, 1, tzinfo=VN_TZ)
    grid = _one([(u, "2023-01", "approved", 1, 1, on_time) for u in "ABC"], NOW)
    assert late_by_month(grid, NOW) == []

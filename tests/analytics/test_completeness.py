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

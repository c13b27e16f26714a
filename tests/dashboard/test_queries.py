"""Dashboard queries on SQLite and PostgreSQL: which version counts, status, versions."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert

from core.months import Month
from store import queries
from store.engine import write_transaction
from store.schema import setting
from store.settings import get_setting
from store.submissions import NewSubmission, NewValue, insert_submission, set_status


def _add(engine, unit, month, values, status="submitted", day=3):
    with write_transaction(engine) as conn:
        return insert_submission(conn, NewSubmission(
            unit=unit, period=Month.parse(month), source="sample", submitted_by="test",
            values=[NewValue(k, v) for k, v in values.items()], status=status,
            submitted_at=datetime(2023, 2, day, 2, tzinfo=UTC), file_name=f"{unit}.xlsx")).id


def _load(engine):
    _add(engine, "TTKT", "2022-12", {"TTKT_KD_PTD": 5000, "TTKT_THU_NGHIEM": 500},
         status="approved")
    _add(engine, "TTKT", "2023-01", {"TTKT_KD_PTD": 5700, "TTKT_THU_NGHIEM": 540},
         status="approved")
    _add(engine, "TTKT", "2023-01", {"TTKT_KD_PTD": 5749, "TTKT_KD_CAN": 10}, day=9)
    _add(engine, "TTRA", "2023-01", {"TTRA_CUOC_TTKT": 2})


JAN, DEC = Month(2023, 1), Month(2022, 12)


def test_dashboard_queries(engine):
    """One database per engine for all query checks (creating one is the slow part)."""
    loaded = engine
    _load(loaded)
    # newest version counts by default
    frame = queries.figures(loaded, JAN, JAN, ["TTKT_KD_PTD"])
    assert frame["value"].tolist() == [5749.0]
    assert frame["version"].tolist() == [2]
    assert list(frame.columns) == list(queries.FIGURE_COLUMNS)
    # approved only takes the newest approved version; the frame keeps the stored text
    frame = queries.figures(loaded, DEC, JAN, ["TTKT_KD_PTD"], approved_only=True)
    assert frame.set_index("period")["value"].to_dict() == {"2022-12": 5000.0, "2023-01": 5700.0}
    with pytest.raises(TypeError):  # a month is parsed at the edge, never passed as text
        queries.figures(loaded, "2023-01", JAN)
    # TTRA's only version is not approved: absent, not zero
    assert queries.figures(loaded, JAN, JAN, ["TTRA_CUOC_TTKT"],
                           approved_only=True).empty
    # filters by unit and range
    frame = queries.figures(loaded, JAN, JAN, units=["TTRA"])
    assert set(frame["unit"]) == {"TTRA"}
    assert queries.figures(loaded, Month(2021, 1), Month(2021, 12)).empty
    # status per unit and month
    status = queries.submission_status(loaded, JAN, JAN).set_index("unit")
    assert status.loc["TTKT", "versions"] == 2
    assert status.loc["TTKT", "status"] == "submitted"
    assert bool(status.loc["TTKT", "ever_approved"])
    assert status.loc["TTKT", "first_submitted_at"] == pd.Timestamp("2023-02-03 02:00", tz="UTC")
    assert not bool(status.loc["TTRA", "ever_approved"])
    # versions and changes
    versions = queries.versions(loaded, "TTKT", JAN)
    assert versions["version"].tolist() == [1, 2]
    values = queries.version_values(loaded, "TTKT", JAN)
    v2 = values[values["version"] == 2].set_index("indicator")
    assert v2.loc["TTKT_KD_PTD", "change"] == 49
    assert bool(v2.loc["TTKT_KD_CAN", "changed"]) and pd.isna(v2.loc["TTKT_KD_CAN", "previous"])
    assert pd.isna(v2.loc["TTKT_THU_NGHIEM", "value"])  # dropped in version 2
    assert not values[values["version"] == 1]["changed"].any()
    # latest period and status change
    assert queries.latest_period(loaded) == JAN
    assert queries.latest_period(loaded, approved_only=True) == JAN
    assert queries.latest_period(loaded, units=["TTKT_NONE"]) is None
    assert queries.first_period(loaded) == DEC
    sub = queries.versions(loaded, "TTRA", JAN)["submission_id"].iloc[0]
    with write_transaction(loaded) as conn:
        set_status(conn, int(sub), "returned", "vanphong")
    status = queries.submission_status(loaded, JAN, JAN).set_index("unit")
    assert status.loc["TTRA", "status"] == "returned"


def test_setting_default_and_dated_override(engine):
    assert get_setting(engine, "deadline_days_after_month_end", date(2023, 1, 1)) == 5
    with write_transaction(engine) as conn:
        conn.execute(insert(setting).values(
            key="deadline_days_after_month_end", value=10, valid_from=date(2024, 1, 1),
            valid_to=None, updated_by="quantri", updated_at=datetime.now(UTC)))
    assert get_setting(engine, "deadline_days_after_month_end", date(2023, 6, 1)) == 5
    assert get_setting(engine, "deadline_days_after_month_end", date(2024, 6, 1)) == 10
    with pytest.raises(KeyError):
        get_setting(engine, "no_such_setting")

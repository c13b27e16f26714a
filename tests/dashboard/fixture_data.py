"""A small dashboard database built in code (used until / besides the sample loader).

Mirrors the sample's shape: 2021-01 … 2023-12, every unit; TTRA missing 2022-07 and 2022-08;
QLKH 2022-03 late; TTKT 2023-05 with two versions; up to 2023-11 approved, 2023-12 submitted.
January 2023 carries the reference figures (TTKT_KD_PTD 5749, TTKT_THU_NGHIEM 544).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Engine

from auth.accounts import create_user
from core.catalog import Catalog
from core.months import Month, month_range
from core.timezone import vn_date_to_utc
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.submissions import NewSubmission, NewValue, insert_submission

FIRST, LAST = Month(2021, 1), Month(2023, 12)
REFERENCE = {("TTKT", "2023-01"): {"TTKT_KD_PTD": 5749.0, "TTKT_THU_NGHIEM": 544.0}}
MISSING = {("TTRA", "2022-07"), ("TTRA", "2022-08")}
LATE = {("QLKH", "2022-03")}
TWO_VERSIONS = ("TTKT", "2023-05")
USERS = (("lanhdao", "viewer", None), ("vanphong", "editor", None),
         ("quantri", "admin", None), ("chuyenvien", "analyst", "TTKT"))


def fixture_value(code: str, month: Month, aggregation: str) -> float:
    """A deterministic, plausible value (a running total grows through the year)."""
    rng = random.Random(f"{code}/{month}")
    base = 20 + (sum(map(ord, code)) % 50) * 10
    seasonal = 1 + 0.15 * ((month.month % 6) - 2.5) / 2.5
    monthly = round(base * seasonal * rng.uniform(0.85, 1.15))
    if aggregation == "last":
        return float(monthly * month.month)
    return float(monthly)


def submissions(catalog: Catalog) -> list[NewSubmission]:
    out = []
    for month in month_range(FIRST, LAST):
        for unit in catalog.reporting_units(month):
            key = (unit.code, str(month))
            if key in MISSING:
                continue
            items = catalog.indicators_for(unit.code, month)
            values = {i.code: fixture_value(i.code, month, i.aggregation) for i in items}
            values.update(REFERENCE.get(key, {}))
            day = month.last_day + timedelta(days=12 if key in LATE else 3)
            status = "approved" if month <= Month(2023, 11) else "submitted"
            versions = 2 if key == TWO_VERSIONS else 1
            for version in range(1, versions + 1):
                vals = dict(values)
                if version == 1 and versions == 2:
                    vals = {k: v - 100 if k == "TTKT_KD_PTD" else v for k, v in vals.items()}
                out.append(NewSubmission(
                    unit=unit.code, period=str(month), source="sample",
                    submitted_by=f"fixture_{unit.code.lower()}",
                    values=[NewValue(k, v) for k, v in vals.items()],
                    submitted_at=vn_date_to_utc(day + timedelta(days=version - 1)),
                    file_name=f"{unit.code}_{month}_v{version}.xlsx",
                    status=status if version == versions else "submitted",
                ))
    return out


def build(engine: Engine, on: date | None = None) -> None:
    """Load the fixture history and the four demo accounts (password ``demo123``)."""
    catalog = read_catalog(engine)
    with write_transaction(engine) as conn:
        for username, role, unit in USERS:
            create_user(conn, username, "demo123", role, unit=unit)
        for new in submissions(catalog):
            insert_submission(conn, new)

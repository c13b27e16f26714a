"""Synthetic monthly histories for benchmarks, at province or national scale.

Province scale: one department of 20 units and 150 indicators over 10 years (120 months),
every unit reporting every indicator of its department: 20 × 120 ≈ 2 400 submissions and
20 × 150 × 120 ≈ 360 000 value rows. National scale: 34 provinces, each with one such
department, in one database: ≈ 82 000 submissions and ≈ 12.2 M value rows. (With
``every_unit_all_indicators=False`` each indicator belongs to one unit, as in the real
catalogue, and the row counts are 20 times smaller.)

The generator BYPASSES THE LOADER on purpose: rows are bulk-inserted straight into the tables
by ``store.bulk`` (``executemany`` on SQLite, ``COPY`` on PostgreSQL) because loading millions
of figures through the upload action would take hours and measure the loader, not the
dashboard. It still
writes a catalogue (units, sections, indicators, targets), a few resubmissions, some missing
months, and bumps the data version once.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine

from actions.database import migrate_database
from core.months import Month, month_range
from store.bulk import add_catalog_rows, finish, first_free_submission_id, insert_rows
from store.database import open_database

SECTION = "B"


@dataclass(frozen=True)
class Scale:
    name: str
    departments: int
    units_per_department: int = 20
    indicators_per_department: int = 150
    months: int = 120
    last_month: str = "2023-12"
    every_unit_all_indicators: bool = True
    missing_share: float = 0.02
    resubmitted_share: float = 0.02


SCALES = {
    "province": Scale("province", 1),
    "national": Scale("national", 34),
}
QUICK = {
    "province": Scale("province", 1, months=24),
    "national": Scale("national", 4, months=24),
}


def _catalog_rows(scale: Scale) -> tuple[list[dict], list[dict], list[dict]]:
    units, indicators, targets = [], [], []
    start = date(2000, 1, 1)
    for d in range(1, scale.departments + 1):
        prov, dept = f"P{d:02d}", f"D{d:02d}"
        units.append(dict(code=prov, name=f"UBND tỉnh thử nghiệm {d:02d}", kind="province",
                          parent_code=None, valid_from=start, position=-100000 + d * 100))
        units.append(dict(code=dept, name=f"Sở KH&CN thử nghiệm {d:02d}", kind="department",
                          parent_code=prov, valid_from=start, position=-100000 + d * 100 + 1))
        for u in range(1, scale.units_per_department + 1):
            units.append(dict(code=f"{dept}U{u:02d}", name=f"Đơn vị {u:02d} của sở {d:02d}",
                              kind="unit", parent_code=dept, valid_from=start,
                              position=-100000 + d * 100 + 1 + u))
        for i in range(1, scale.indicators_per_department + 1):
            owner = f"{dept}U{(i - 1) % scale.units_per_department + 1:02d}"
            code = f"{dept}I{i:03d}"
            indicators.append(dict(
                code=code, name=f"Chỉ tiêu thử nghiệm {i:03d}", aliases=[], unit_noun="lượt",
                section_code=SECTION, org_unit_code=owner,
                aggregation="last" if i % 10 == 0 else "sum", direction="up", decimals=0,
                headline=i <= 6, valid_from=start, position=i))
            if i <= 6:
                targets += [dict(indicator_code=code, year=y, value=1200.0)
                            for y in range(2014, 2025)]
    return units, indicators, targets


def build_database(url: str, scale: str | Scale = "province", quick: bool = False,
                   seed: int = 7) -> dict[str, Any]:
    """Create (migrate) the database at ``url`` and fill it; returns the parameters and
    counts (recorded beside the benchmark figures)."""
    sc = scale if isinstance(scale, Scale) else (QUICK if quick else SCALES)[scale]
    started = time.perf_counter()
    migrate_database(url)
    engine = open_database(url)
    units, indicators, targets = _catalog_rows(sc)
    add_catalog_rows(engine, SECTION, "Mục thử nghiệm", units, indicators, targets)
    subs, values = _history(engine, sc, indicators, seed)
    finish(engine)
    engine.dispose()
    return {**asdict(sc), "submissions": subs, "value_rows": values,
            "generated_in_s": round(time.perf_counter() - started, 1),
            "generator": "bench/synthetic.py (bulk insert, bypasses the loader)"}


def _history(engine: Engine, sc: Scale, indicators: list[dict], seed: int) -> tuple[int, int]:
    rng = np.random.default_rng(seed)
    last = Month.parse(sc.last_month)
    months = month_range(last - (sc.months - 1), last)
    by_owner: dict[str, list[str]] = {}
    for item in indicators:
        by_owner.setdefault(item["org_unit_code"], []).append(item["code"])
    unit_codes = sorted(by_owner)
    if sc.every_unit_all_indicators:
        dept_codes = {}
        for item in indicators:
            dept_codes.setdefault(item["code"][:3], []).append(item["code"])
        by_owner = {u: dept_codes[u[:3]] for u in unit_codes}
    base = {c: float(rng.integers(20, 2000)) for item in indicators for c in [item["code"]]}
    next_id = first_free_submission_id(engine)
    total_subs = total_values = 0
    for month in months:
        sub_rows, value_rows = [], []
        due = datetime(month.year, month.month, 1, tzinfo=UTC) + timedelta(days=33)
        status = "submitted" if month == last else "approved"
        for unit in unit_codes:
            if rng.random() < sc.missing_share:
                continue
            versions = 2 if rng.random() < sc.resubmitted_share else 1
            for version in range(1, versions + 1):
                sub_rows.append((next_id, unit, month, version,
                                 status if version == versions else "submitted", "sample",
                                 "bench", due + timedelta(hours=version), due))
                codes = by_owner[unit]
                noise = rng.normal(1.0, 0.12, len(codes))
                seasonal = 1 + 0.2 * np.sin(month.month / 12 * 2 * np.pi)
                for code, factor in zip(codes, noise, strict=True):
                    value_rows.append((next_id, code, round(base[code] * seasonal * factor)))
                next_id += 1
        insert_rows(engine, sub_rows, value_rows)  # a month per transaction: bounded memory
        total_subs += len(sub_rows)
        total_values += len(value_rows)
    return total_subs, total_values

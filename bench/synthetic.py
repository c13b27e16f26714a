"""Synthetic monthly histories for benchmarks, at province or national scale.

Province scale: one department of 20 units and 150 indicators over 10 years (120 months),
every unit reporting every indicator of its department: 20 × 120 ≈ 2 400 submissions and
20 × 150 × 120 ≈ 360 000 value rows. National scale: 34 provinces, each with one such
department, in one database: ≈ 82 000 submissions and ≈ 12.2 M value rows. (With
``every_unit_all_indicators=False`` each indicator belongs to one unit, as in the real
catalogue, and the row counts are 20 times smaller.)

The generator BYPASSES THE LOADER on purpose: rows are bulk-inserted straight into the tables
(``executemany`` on SQLite, ``COPY`` on PostgreSQL) because loading millions of figures through
``etl.load.ingest`` would take hours and measure the loader, not the dashboard. It still
writes a catalogue (units, sections, indicators, targets), a few resubmissions, some missing
months, and bumps the data version once.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, insert, select, text

from core.months import Month, month_range
from store.database import migrate, open_database
from store.engine import write_transaction
from store.meta import bump_data_version
from store.schema import indicator, org_unit, section, target

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
    migrate(url)
    engine = open_database(url)
    units, indicators, targets = _catalog_rows(sc)
    with write_transaction(engine) as conn:
        if conn.execute(select(section.c.code).where(section.c.code == SECTION)).first() is None:
            conn.execute(insert(section).values(code=SECTION, title="Mục thử nghiệm",
                                                sort_order=999))
        conn.execute(insert(org_unit), [dict(u, parent_code=None) for u in units])
        for u in units:
            if u["parent_code"]:
                conn.execute(org_unit.update().where(org_unit.c.code == u["code"])
                             .values(parent_code=u["parent_code"]))
        conn.execute(insert(indicator), indicators)
        conn.execute(insert(target), targets)
    subs, values = _history(engine, sc, indicators, seed)
    with write_transaction(engine) as conn:
        bump_data_version(conn)
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
    next_id = _first_free_id(engine)
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
                sub_rows.append((next_id, unit, str(month), version,
                                 status if version == versions else "submitted", "sample",
                                 "bench", due + timedelta(hours=version), due))
                codes = by_owner[unit]
                noise = rng.normal(1.0, 0.12, len(codes))
                seasonal = 1 + 0.2 * np.sin(month.month / 12 * 2 * np.pi)
                for code, factor in zip(codes, noise, strict=True):
                    value_rows.append((next_id, code, round(base[code] * seasonal * factor)))
                next_id += 1
        _bulk(engine, sub_rows, value_rows)  # one month per transaction: bounded memory
        total_subs += len(sub_rows)
        total_values += len(value_rows)
    _analyze(engine)
    return total_subs, total_values


def _first_free_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM submission")).scalar()) + 1


def _bulk(engine: Engine, sub_rows: list[tuple], value_rows: list[tuple]) -> None:
    sub_cols = ("id", "unit_code", "period", "version", "status", "source", "submitted_by",
                "submitted_at", "created_at")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:
                with cur.copy(f"COPY submission ({', '.join(sub_cols)}) FROM STDIN") as copy:
                    for row in sub_rows:
                        copy.write_row(row)
                with cur.copy("COPY value (submission_id, indicator_code, value) FROM STDIN"
                              ) as copy:
                    for row in value_rows:
                        copy.write_row(row)
                cur.execute("SELECT setval(pg_get_serial_sequence('submission', 'id'), "
                            "(SELECT max(id) FROM submission))")
        return
    iso = [(*r[:7], r[7].isoformat(sep=" "), r[8].isoformat(sep=" ")) for r in sub_rows]
    with write_transaction(engine) as conn:
        raw = conn.connection.driver_connection
        raw.executemany(f"INSERT INTO submission ({', '.join(sub_cols)}) VALUES "
                        f"({', '.join('?' * len(sub_cols))})", iso)
        for start in range(0, len(value_rows), 200_000):
            raw.executemany("INSERT INTO value (submission_id, indicator_code, value) "
                            "VALUES (?, ?, ?)", value_rows[start:start + 200_000])


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE submission"))
            conn.execute(text("ANALYZE value"))
        else:
            conn.exec_driver_sql("ANALYZE")

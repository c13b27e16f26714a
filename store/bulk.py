"""Bulk loading for the benchmarks' synthetic histories: it BYPASSES the loader on purpose.

Loading millions of figures through the upload action would take hours and measure the
loader, not the dashboard; here rows go straight into the tables (``executemany`` on
SQLite, ``COPY`` on PostgreSQL). Never used by the product itself.
"""

from __future__ import annotations

from sqlalchemy import Engine, insert, select, text

from core.months import Month
from store.engine import write_transaction
from store.meta import bump_data_version
from store.periods import month_text
from store.schema import indicator, org_unit, plan_item, section, submission, target

SUBMISSION_COLUMNS = ("id", "unit_code", "period", "version", "status", "source",
                      "submitted_by", "submitted_at", "created_at")


def add_catalog_rows(engine: Engine, section_code: str, section_title: str,
                     units: list[dict], indicators: list[dict], targets: list[dict]) -> None:
    """Add one section, units (parents linked after every row exists), indicators, targets."""
    with write_transaction(engine) as conn:
        if conn.execute(select(section.c.code).where(section.c.code == section_code)
                        ).first() is None:
            conn.execute(insert(section).values(code=section_code, title=section_title,
                                                sort_order=999))
        conn.execute(insert(org_unit), [dict(u, parent_code=None) for u in units])
        for u in units:
            if u["parent_code"]:
                conn.execute(org_unit.update().where(org_unit.c.code == u["code"])
                             .values(parent_code=u["parent_code"]))
        conn.execute(insert(indicator), indicators)
        conn.execute(insert(target), targets)


def first_free_submission_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM submission")).scalar()) + 1


def insert_rows(engine: Engine, sub_rows: list[tuple], value_rows: list[tuple]) -> None:
    """Submissions (``SUBMISSION_COLUMNS``, the period a ``Month``) and their values
    (submission_id, indicator_code, value) in one transaction."""
    sub_rows = [(*r[:2], month_text(r[2]), *r[3:]) for r in sub_rows]
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:
                with cur.copy(f"COPY submission ({', '.join(SUBMISSION_COLUMNS)}) FROM STDIN"
                              ) as copy:
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
        raw.executemany(f"INSERT INTO submission ({', '.join(SUBMISSION_COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(SUBMISSION_COLUMNS))})", iso)
        for start in range(0, len(value_rows), 200_000):
            raw.executemany("INSERT INTO value (submission_id, indicator_code, value) "
                            "VALUES (?, ?, ?)", value_rows[start:start + 200_000])


def add_plan_items(engine: Engine, periods: list[Month], texts: list[str]) -> int:
    """The key tasks ``texts`` as next-month plan items (the «Kế hoạch» sheet) of every
    submission of ``periods``; returns the rows written."""
    wanted = [month_text(m) for m in periods]
    with write_transaction(engine) as conn:
        ids = conn.execute(select(submission.c.id).where(submission.c.period.in_(wanted))
                           ).scalars().all()
        rows = [dict(submission_id=i, position=p, text=task, horizon="month")
                for i in ids for p, task in enumerate(texts)]
        if rows:
            conn.execute(insert(plan_item), rows)
        bump_data_version(conn)
    return len(rows)


def finish(engine: Engine) -> None:
    """After a bulk load: one data-version bump and fresh planner statistics."""
    with write_transaction(engine) as conn:
        bump_data_version(conn)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE submission"))
            conn.execute(text("ANALYZE value"))
        else:
            conn.exec_driver_sql("ANALYZE")

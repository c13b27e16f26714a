"""The audit log is append-only in the database itself: UPDATE, DELETE (with or without a
WHERE) and, on PostgreSQL, TRUNCATE of ``audit_log`` are refused by triggers, whoever sends
them (the app's own connection here), and the rows stay as they were; adding rows still
works. Both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from actions.settings import change_setting
from store.append_only import REFUSED
from store.schema import audit_log
from tests.actors import ADMINISTRATOR


def _rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]


FIRST = select(func.min(audit_log.c.id)).scalar_subquery()
STATEMENTS = {
    "update one": lambda: update(audit_log).where(audit_log.c.id == FIRST).values(actor="x"),
    "update all": lambda: update(audit_log).values(detail="rewritten"),
    "delete one": lambda: delete(audit_log).where(audit_log.c.id == FIRST),
    "delete all": lambda: delete(audit_log),
}


@pytest.mark.parametrize("statement", list(STATEMENTS))
def test_audit_rows_cannot_be_changed_or_removed(engine: Engine, statement: str) -> None:
    change_setting(engine, ADMINISTRATOR, "report_signer_name", "Lê Văn B")
    before = _rows(engine)
    assert before
    with pytest.raises(DBAPIError, match=REFUSED), engine.begin() as conn:
        conn.execute(STATEMENTS[statement]())
    assert _rows(engine) == before
    change_setting(engine, ADMINISTRATOR, "report_signer_name", "Lê Văn C")  # still appends
    assert _rows(engine)[: len(before)] == before and len(_rows(engine)) == len(before) + 1


def test_truncate_is_refused_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (DELETE is covered above)")
    change_setting(engine, ADMINISTRATOR, "report_signer_name", "Lê Văn B")
    before = _rows(engine)
    with pytest.raises(DBAPIError, match=REFUSED), engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert _rows(engine) == before

"""``actions.database.migrate_database``: the audited set-up of a database (``python -m admin
migrate``, the demo, the app's start). Tested apart from ``test_actions.SPECS`` because it
writes into the database it creates, not into an open one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from actions import database
from actions.base import FORBIDDEN, ActionError, Actor
from auth.permissions import ADMIN, roles_without
from store.database import DatabaseNotReady, head_revision, migrate, open_database
from store.schema import audit_log, indicator, org_unit

PERMISSION = "admin.migrate"


def _seed_rows(url: str) -> list[tuple[str, dict]]:
    engine = open_database(url)
    try:
        with engine.connect() as conn:
            return [(r.actor, r.after) for r in conn.execute(
                select(audit_log.c.actor, audit_log.c.after)
                .where(audit_log.c.action == "catalog.seed"))]
    finally:
        engine.dispose()


def test_refused_for_every_role_without_the_permission(db_url: str) -> None:
    for role in [*roles_without(PERMISSION), None, "intruder"]:
        with pytest.raises(ActionError) as refused:
            database.migrate_database(db_url, Actor("nguoi.thu", role))
        assert refused.value.key == FORBIDDEN, role
    with pytest.raises(DatabaseNotReady):  # nothing was set up
        open_database(db_url)


def test_seeds_once_with_its_audit_row_and_says_so(db_url: str) -> None:
    operator = Actor("cli:ops", ADMIN)
    done = database.migrate_database(db_url, operator)
    assert done.value == head_revision()
    assert head_revision() in done.message() and "{" not in done.message()
    database.migrate_database(db_url, Actor("system", ADMIN))  # again: nothing to do
    rows = _seed_rows(db_url)
    assert [actor for actor, _ in rows] == ["cli:ops"]
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            assert rows[0][1]["indicators"] == conn.scalar(
                select(func.count()).select_from(indicator))
    finally:
        engine.dispose()


def test_the_seed_and_its_audit_row_share_a_transaction(db_url: str, break_audit,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit row is written, then the transaction fails: no catalogue is kept without
    its row; the next set-up seeds and audits it."""
    break_audit()
    with pytest.raises(RuntimeError, match="disk is full"):
        database.migrate_database(db_url, Actor("cli:ops", ADMIN))
    monkeypatch.undo()  # the disk has room again
    engine = open_database(db_url)  # the schema is there (migrations commit on their own)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(org_unit)) == 0
            assert conn.scalar(select(func.count()).select_from(audit_log)) == 0
    finally:
        engine.dispose()
    database.migrate_database(db_url, Actor("cli:ops", ADMIN))
    assert [actor for actor, _ in _seed_rows(db_url)] == ["cli:ops"]


def test_the_store_alone_seeds_without_any_audit_row(sqlite_url: str) -> None:
    migrate(sqlite_url)
    assert _seed_rows(sqlite_url) == []

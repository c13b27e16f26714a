"""Opening the product's database, and setting it up (migrations, catalogue seed).

Opening never changes the database: ``open_database`` connects to one that ``migrate``
has set up and refuses, with a Vietnamese message, one that is missing or at an older
schema. ``migrate`` (called by ``actions.database``: ``python -m admin migrate``, ``make
run`` through ``admin demo``, and once per app server process) creates or upgrades the
schema with Alembic and seeds the catalogue, under a lock so that processes setting up the
same database queue up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

from core.catalog import Catalog, load_catalog
from store.catalog_store import is_seeded, seed_catalog
from store.engine import database_url, make_engine, write_transaction
from store.migrate import alembic_config, current_revision, upgrade
from store.not_ready import DatabaseNotReady
from store.setup_lock import setup_lock, sqlite_file

MIGRATE_COMMAND = "python -m admin migrate"

__all__ = ["MIGRATE_COMMAND", "DatabaseNotReady", "head_revision", "migrate", "open_database"]


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest Alembic revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "store/migrations has no revision"
    return head


def open_database(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine on the database at ``url`` (default: ``database_url()``).

    Creates, migrates and seeds nothing: a SQLite file that does not exist is not
    created, and a database not at the newest schema raises ``DatabaseNotReady`` (run
    ``python -m admin migrate``). ``read_only`` opens a connection that cannot write
    (SQLite ``mode=ro``, PostgreSQL read-only transactions), for commands that promise
    to write nothing.
    """
    url = url or database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise DatabaseNotReady("store.not_migrated", database=shown, command=MIGRATE_COMMAND)
    probe = make_engine(url, read_only=True)  # the check itself must not write either
    try:
        current = current_revision(probe)
    finally:
        probe.dispose()
    if current is None:
        raise DatabaseNotReady("store.not_migrated", database=shown, command=MIGRATE_COMMAND)
    if current != head_revision():
        raise DatabaseNotReady("store.outdated", database=shown, current=current,
                               head=head_revision(), command=MIGRATE_COMMAND)
    return make_engine(url, read_only=read_only)


def migrate(url: str | None = None, catalog_path: Path | str | None = None, *,
            on_seed: Callable[[Connection, Catalog], None] | None = None) -> str:
    """Create or upgrade the database at ``url`` to the newest schema and seed the catalogue
    (``data/catalog.yaml`` unless ``catalog_path``) when it has none; returns the revision.

    Safe to run again and from several processes at once: the set-up lock makes the
    others wait, and they then find nothing to do. ``on_seed(conn, catalog)`` runs inside
    the seeding transaction when this call seeded (the caller's audit row: the store
    writes none); ``actions.database.migrate_database`` is the audited way in.
    """
    url = url or database_url()
    with setup_lock(url):
        engine = make_engine(url)
        try:
            upgrade(engine)
            with write_transaction(engine, during_maintenance=True) as conn:
                if not is_seeded(conn):
                    catalog = load_catalog(catalog_path)
                    seed_catalog(conn, catalog)
                    if on_seed is not None:
                        on_seed(conn, catalog)
        finally:
            engine.dispose()
    return head_revision()

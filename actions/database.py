"""Setting the database up: ``python -m admin migrate``, ``make run`` (through the demo) and
the app server's start.

``store.database.migrate`` creates or upgrades the schema and seeds the catalogue under the
set-up lock; this action adds what the store does not do: the permission and the audit row
of the seed, written in the seed's own transaction (so exactly one process records it).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from actions.base import Acting, Actor, Done, require
from auth.permissions import ADMIN
from core.catalog import Catalog
from store import audit
from store.database import migrate
from store.engine import database_url

# The app server setting its own database up at its start (no one signed in yet).
SYSTEM = Actor("system", ADMIN)


def migrate_database(url: str | None = None, actor: Acting = SYSTEM,
                     catalog_path: Path | str | None = None) -> Done[str]:
    """Bring the database at ``url`` (default: ``database_url()``) to the newest schema and
    seed the catalogue when it has none; returns the revision. Safe to repeat."""
    require(actor, "admin.migrate")

    def audit_seed(conn: Connection, catalog: Catalog) -> None:
        audit.record(conn, actor.username, "catalog.seed", "catalog", None, None,
                     {"units": len(catalog.units), "indicators": len(catalog.indicators)})

    url = url or database_url()
    revision = migrate(url, catalog_path, on_seed=audit_seed)
    shown = make_url(url).render_as_string(hide_password=True)
    return Done("admin.migrate_done", {"database": shown, "revision": revision}, revision)

"""Opening the product's database: engine, migrations, catalogue seed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from core.catalog import load_catalog
from store.catalog_store import seed_catalog
from store.engine import make_engine, write_transaction
from store.migrate import upgrade


def open_database(url: str | None = None, catalog_path: Path | str | None = None) -> Engine:
    """An engine on a database migrated to the newest schema with the catalogue seeded."""
    engine = make_engine(url)
    upgrade(engine)
    with write_transaction(engine) as conn:
        seed_catalog(conn, load_catalog(catalog_path))
    return engine

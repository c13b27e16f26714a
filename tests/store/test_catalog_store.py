"""The catalogue in the database: seeded from the YAML, read back equal (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, func, select

from actions.catalogue import apply_catalog
from core.catalog import Catalog
from store.catalog_store import read_catalog, seed_catalog
from store.engine import write_transaction
from store.schema import audit_log, indicator
from tests.actors import ADMINISTRATOR


def _comparable(catalog: Catalog) -> dict:
    data = catalog.to_json()
    for unit in data["units"]:
        unit["sections"] = sorted(unit["sections"])
    data["targets"] = sorted(data["targets"], key=lambda t: (t["indicator"], t["year"]))
    return data


def test_seed_and_read_back_equals_the_yaml(engine: Engine, catalog: Catalog) -> None:
    stored = read_catalog(engine)
    assert _comparable(stored) == _comparable(catalog)
    assert len(stored.indicators) == len(catalog.indicators)
    assert stored.unit("TTKT").parent == "SKHCN"
    assert stored.indicator("TTKT_KD_HUYETAP").successor == "TTKT_KD_YTE"
    assert stored.indicator("QLCN_GP_BUCXA").aliases == catalog.indicator("QLCN_GP_BUCXA").aliases


def test_seeding_twice_adds_nothing(engine: Engine, catalog: Catalog) -> None:
    with write_transaction(engine) as conn:
        assert seed_catalog(conn, catalog) is False
        count = conn.execute(select(func.count()).select_from(indicator)).scalar()
    assert count == len(catalog.indicators)


def test_replace_updates_in_place_and_keeps_what_is_missing(engine: Engine,
                                                            catalog: Catalog) -> None:
    renamed = replace(catalog.indicator("TTKT_KD_PTD"), name="Phương tiện đo đã kiểm định")
    changed = Catalog(
        catalog.units, catalog.sections,
        [renamed if i.code == "TTKT_KD_PTD" else i for i in catalog.indicators
         if i.code != "TTKT_HIEUCHUAN"],
        catalog.targets,
    )
    apply_catalog(engine, ADMINISTRATOR, changed)  # the admin's action over replace_catalog
    stored = read_catalog(engine)
    assert stored.indicator("TTKT_KD_PTD").name == "Phương tiện đo đã kiểm định"
    assert "TTKT_HIEUCHUAN" in stored.indicator_by_code  # figures may point at it
    with engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action, audit_log.c.actor)).all()
    assert ("catalog.apply", "quantri") in [tuple(a) for a in actions]

"""The catalogue in the database: seeded from the YAML, read back equal (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine, func, select

from actions.catalogue import apply_catalog
from core.catalog import Catalog, Indicator
from core.catalog_packing import indicator_names, pack, unpack
from store.catalog_store import read_catalog, read_catalog_packed, seed_catalog
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


def _plain_indicators(engine: Engine) -> list:
    """The indicators read the plain way (SQLAlchemy converting every row's JSON and dates):
    the reference for read_catalog's read of raw values converted once per distinct value."""
    from core.catalog import Indicator

    with engine.connect() as conn:
        rows = conn.execute(select(indicator).order_by(indicator.c.position,
                                                       indicator.c.code)).all()
    return [Indicator(r.code, r.name, tuple(r.aliases or ()), r.unit_noun, r.section_code,
                      r.org_unit_code, r.aggregation, r.direction, r.decimals,
                      bool(r.headline), r.valid_from, r.valid_to, r.successor_code,
                      r.plan_code, r.value_kind) for r in rows]


def test_indicators_read_back_as_written_with_varied_fields(engine: Engine,
                                                            catalog: Catalog) -> None:
    from datetime import date

    model = catalog.indicator("TTKT_KD_PTD")
    aliases = [(), ("a",), ('có "ngoặc"', "gạch \\ ngược", "Đơn vị 🙂"), ("a",), ()]
    days = [None, date(2015, 1, 1), date(2024, 2, 29), date(2015, 1, 1), date(1999, 12, 31)]
    extra = [replace(model, code=f"X_{n:03d}", name=f"Chỉ tiêu {n} \"x\"",
                     aliases=aliases[n % 5], valid_from=days[n % 5],
                     valid_to=days[(n * 3) % 5] if n % 4 else None,
                     headline=bool(n % 2), decimals=n % 3,
                     value_kind=("count", "amount", "percent")[n % 3],
                     successor="X_000" if n % 7 == 1 else None,
                     plan="X_001" if n % 11 == 2 else None)
             for n in range(60)]
    changed = Catalog(catalog.units, catalog.sections, [*catalog.indicators, *extra],
                      catalog.targets, catalog.abbreviations, catalog.measure_synonyms)
    apply_catalog(engine, ADMINISTRATOR, changed)
    stored = read_catalog(engine)
    assert stored.indicators == _plain_indicators(engine)
    assert [stored.indicator(i.code) for i in extra] == extra
    # the same alias list read for two rows: equal tuples
    assert stored.indicator("X_001").aliases == ("a",) == stored.indicator("X_003").aliases


def test_the_packed_read_is_the_catalogue_packed(engine: Engine, catalog: Catalog) -> None:
    """What a validation worker is sent: the same catalogue as ``read_catalog``, without
    the indicators made in between; the repeated short texts and converted values one
    object each (pickle writes them once)."""
    import pickle
    from datetime import date

    model = catalog.indicator("TTKT_KD_PTD")
    extra = [replace(model, code=f"Y_{n:02d}", name=f"Tên {n}", unit=f"cái {n % 2}",
                     aliases=(("b", "c"), ())[n % 2], valid_from=date(2020, 1, 1 + n % 2),
                     valid_to=None if n % 3 else date(2030, 12, 31), headline=n % 2 == 0,
                     plan=None if n % 4 else "Y_01", successor=None if n % 5 else "Y_02")
             for n in range(12)]
    changed = Catalog(catalog.units, catalog.sections, [*catalog.indicators, *extra],
                      catalog.targets, catalog.abbreviations, catalog.measure_synonyms)
    apply_catalog(engine, ADMINISTRATOR, changed)
    stored = read_catalog(engine)
    packed = read_catalog_packed(engine)
    assert packed == pack(stored)
    assert unpack(pickle.loads(pickle.dumps(packed))) == stored
    assert [stored.indicator(i.code) for i in extra] == extra
    kind, rows = packed["indicators"]
    assert kind is Indicator
    ours = [r for r in rows if r[0].startswith("Y_")]
    for field in range(2, 15):  # everything but the code and the name
        equal = {}
        for row in ours:
            first = equal.setdefault(row[field], row[field])
            assert first is row[field], (field, row[field])
    assert indicator_names(packed) == {i.code: i.name for i in stored.indicators}


def test_an_empty_catalogue_packs_and_names_nothing() -> None:
    empty = Catalog([], [], [])
    assert unpack(pack(empty)) == empty
    assert indicator_names(pack(empty)) == {}


def test_an_alias_list_written_by_hand_with_a_list_inside_still_reads(engine: Engine,
                                                                    catalog: Catalog) -> None:
    """Aliases are converted once per distinct value; a value that cannot be remembered
    (PostgreSQL parses the JSON itself: a list inside the list) is converted every time."""
    with write_transaction(engine) as conn:
        for code in ("TTKT_KD_PTD", "TTKT_THU_NGHIEM"):
            conn.execute(indicator.update().where(indicator.c.code == code)
                         .values(aliases=[["lồng"], "a"]))
    stored = read_catalog(engine)
    assert stored.indicator("TTKT_KD_PTD").aliases == (["lồng"], "a")
    assert stored.indicator("TTKT_THU_NGHIEM").aliases == (["lồng"], "a")
    assert stored.indicator("QLCN_GP_BUCXA").aliases == catalog.indicator("QLCN_GP_BUCXA").aliases


def test_units_and_sections_read_back_with_their_end_and_successor(engine: Engine,
                                                                   catalog: Catalog) -> None:
    """What a unit's or a section's validity ends on, and the unit that took over, are read
    back as written (the sample catalogue has none: every unit is still valid)."""
    from datetime import date

    old = catalog.reporting_units()[0]
    ended = replace(old, valid_to=date(2025, 2, 28), successor="SKHCN")
    section = replace(catalog.sections[-1], valid_to=date(2024, 12, 31))
    changed = Catalog([ended if u.code == old.code else u for u in catalog.units],
                      [*catalog.sections[:-1], section], catalog.indicators, catalog.targets,
                      catalog.abbreviations, catalog.measure_synonyms)
    apply_catalog(engine, ADMINISTRATOR, changed)
    stored = read_catalog(engine)
    assert stored.unit(old.code) == ended
    assert stored.section_by_code[section.code] == section
    assert unpack(read_catalog_packed(engine)) == stored


def test_what_is_kept_from_an_earlier_catalogue_is_ordered_by_its_code(engine: Engine,
                                                                      catalog: Catalog) -> None:
    """A unit or an indicator missing from a new catalogue stays (figures may point at it)
    with its old position, which one of the new catalogue may take: the code settles their
    order."""
    first, model = catalog.units[0], catalog.indicators[0]
    unit = replace(first, code="AA_CU", name="Đơn vị cũ", parent=None, successor=None,
                   aliases=(), sections=())
    item = replace(model, code="AA_CU_CT", name="Chỉ tiêu cũ", successor=None, plan=None)
    apply_catalog(engine, ADMINISTRATOR, Catalog(
        [unit, *catalog.units], catalog.sections, [item, *catalog.indicators],
        catalog.targets, catalog.abbreviations, catalog.measure_synonyms))
    apply_catalog(engine, ADMINISTRATOR, catalog)  # without them: the first back at 0
    stored = read_catalog(engine)
    assert [u.code for u in stored.units] == ["AA_CU", *(u.code for u in catalog.units)]
    assert [i.code for i in stored.indicators] == [
        "AA_CU_CT", *(i.code for i in catalog.indicators)]


def test_targets_read_back_by_indicator_then_year(engine: Engine, catalog: Catalog) -> None:
    """Whatever order a catalogue lists its targets in, they are read by indicator, then
    year (the YAML export is the same for the same targets)."""
    from core.catalog import Target

    codes = sorted(i.code for i in catalog.indicators)
    first, last = codes[0], codes[-1]
    listed = [Target(last, 2029, 3.0), Target(first, 2031, 5.0), Target(last, 2028, 2.0),
              Target(first, 2030, 1.0)]
    apply_catalog(engine, ADMINISTRATOR, Catalog(
        catalog.units, catalog.sections, catalog.indicators, listed, catalog.abbreviations,
        catalog.measure_synonyms))
    stored = read_catalog(engine)
    assert stored.targets == [listed[3], listed[1], listed[2], listed[0]]

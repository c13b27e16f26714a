"""The catalogue in the database: seeded from YAML once, then the database is the truth."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from sqlalchemy import Column, Connection, Engine, Text, delete, func, insert, select, type_coerce

from core.catalog import Abbreviation, Catalog, Indicator, OrgUnit, Section, Target
from core.catalog_packing import Packed, pack, unpack
from store.meta import bump_data_version
from store.schema import catalog_term, indicator, org_unit, section, target, unit_section

ABBREVIATION, MEASURE = "abbreviation", "measure"


def is_seeded(conn: Connection) -> bool:
    return bool(conn.execute(select(func.count()).select_from(org_unit)).scalar())


def seed_catalog(conn: Connection, catalog: Catalog) -> bool:
    """Write the catalogue into an empty database; returns False when one is already there.

    No audit row: the caller that seeds writes it (``actions.database``)."""
    if is_seeded(conn):
        return False
    _write(conn, catalog)
    bump_data_version(conn)
    return True


def replace_catalog(conn: Connection, catalog: Catalog) -> None:
    """Write a changed catalogue: rows are updated in place, none that is used is lost.

    Units, sections and indicators missing from the new catalogue are kept (figures may
    point at them); give them a ``valid_to`` to retire them. Targets are replaced whole.
    """
    _upsert(conn, catalog)
    bump_data_version(conn)


def unit_exists(conn: Connection, code: str) -> bool:
    """Whether an org unit ``code`` is in the catalogue (valid or not)."""
    return conn.execute(select(org_unit.c.code).where(org_unit.c.code == code)).first() is not None


def _rows(catalog: Catalog) -> dict[str, list[dict]]:
    units = [
        dict(code=u.code, name=u.name, kind=u.kind, parent_code=u.parent, valid_from=u.valid_from,
             valid_to=u.valid_to, successor_code=None, position=i, aliases=list(u.aliases))
        for i, u in enumerate(catalog.units)
    ]
    sections = [
        dict(code=s.code, title=s.title, parent_code=None, sort_order=s.order,
             valid_from=s.valid_from, valid_to=s.valid_to)
        for s in catalog.sections
    ]
    indicators = [
        dict(code=i.code, name=i.name, aliases=list(i.aliases), unit_noun=i.unit,
             section_code=i.section, org_unit_code=i.org_unit, aggregation=i.aggregation,
             direction=i.direction, decimals=i.decimals, headline=i.headline,
             valid_from=i.valid_from, valid_to=i.valid_to, successor_code=None, plan_code=None,
             position=n, value_kind=i.value_kind)
        for n, i in enumerate(catalog.indicators)
    ]
    return {"units": units, "sections": sections, "indicators": indicators}


def _write(conn: Connection, catalog: Catalog) -> None:
    rows = _rows(catalog)
    # Self-references are set after every row exists (parents may come later in the file).
    conn.execute(insert(section), rows["sections"])
    conn.execute(insert(org_unit), [dict(r, parent_code=None) for r in rows["units"]])
    _link_references(conn, catalog)
    conn.execute(insert(indicator), rows["indicators"])
    _link_indicator_successors(conn, catalog)
    _write_unit_sections(conn, catalog)
    if catalog.targets:
        conn.execute(insert(target), [
            dict(indicator_code=tg.indicator, year=tg.year, value=tg.value)
            for tg in catalog.targets
        ])
    write_terms(conn, catalog)


def write_terms(conn: Connection, catalog: Catalog) -> None:
    """Replace the abbreviations and measure synonyms; set the aliases of the units the
    database has (also used by the migration that added them)."""
    conn.execute(delete(catalog_term))
    rows = [dict(kind=ABBREVIATION, position=n, short=a.short, full=a.full)
            for n, a in enumerate(catalog.abbreviations)]
    rows += [dict(kind=MEASURE, position=len(rows) + n, short=term, full=group[0])
             for n, (group, term) in enumerate((g, x) for g in catalog.measure_synonyms
                                               for x in g)]
    if rows:
        conn.execute(insert(catalog_term), rows)
    for u in catalog.units:
        conn.execute(org_unit.update().where(org_unit.c.code == u.code)
                     .values(aliases=list(u.aliases)))


def _read_terms(conn: Connection) -> tuple[list[Abbreviation], list[tuple[str, ...]]]:
    abbreviations: list[Abbreviation] = []
    groups: dict[str, list[str]] = {}
    for r in conn.execute(select(catalog_term).order_by(catalog_term.c.position)):
        if r.kind == ABBREVIATION:
            abbreviations.append(Abbreviation(r.short, r.full))
        else:
            groups.setdefault(r.full, []).append(r.short)
    return abbreviations, [tuple(g) for g in groups.values()]


def _link_references(conn: Connection, catalog: Catalog) -> None:
    for s in catalog.sections:
        if s.parent:
            conn.execute(section.update().where(section.c.code == s.code)
                         .values(parent_code=s.parent))
    for u in catalog.units:
        conn.execute(org_unit.update().where(org_unit.c.code == u.code)
                     .values(parent_code=u.parent, successor_code=u.successor))


def _link_indicator_successors(conn: Connection, catalog: Catalog) -> None:
    """Successors and reported plans point at other indicators: set once all exist."""
    for i in catalog.indicators:
        conn.execute(indicator.update().where(indicator.c.code == i.code)
                     .values(successor_code=i.successor, plan_code=i.plan))


def _write_unit_sections(conn: Connection, catalog: Catalog) -> None:
    conn.execute(delete(unit_section))
    links = [dict(unit_code=u.code, section_code=s) for u in catalog.units for s in u.sections]
    if links:
        conn.execute(insert(unit_section), links)


def _upsert(conn: Connection, catalog: Catalog) -> None:
    rows = _rows(catalog)
    for table, key, items in ((section, "code", rows["sections"]),
                              (org_unit, "code", rows["units"]),
                              (indicator, "code", rows["indicators"])):
        existing = set(conn.execute(select(table.c[key])).scalars())
        for row in items:
            plain = {k: v for k, v in row.items()
                     if k not in ("parent_code", "successor_code", "plan_code")}
            if row[key] in existing:
                conn.execute(table.update().where(table.c[key] == row[key]).values(**plain))
            else:
                conn.execute(insert(table).values(**plain))
    _link_references(conn, catalog)
    _link_indicator_successors(conn, catalog)
    _write_unit_sections(conn, catalog)
    conn.execute(delete(target))
    if catalog.targets:
        conn.execute(insert(target), [
            dict(indicator_code=tg.indicator, year=tg.year, value=tg.value)
            for tg in catalog.targets
        ])
    write_terms(conn, catalog)


def read_catalog(bind: Engine | Connection) -> Catalog:
    """The catalogue as the database holds it now."""
    return unpack(read_catalog_packed(bind))


def read_catalog_packed(bind: Engine | Connection) -> Packed:
    """``pack(read_catalog(bind))``, without making the indicators: their field tuples
    come straight from the rows. What a validation worker is sent
    (``etl.pipeline.validate_upload``): the caller builds no 50.000 records it would only
    take apart again, and the file's reading in the worker does not share the machine
    with that work."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return read_catalog_packed(conn)
    conn = bind
    links: dict[str, list[str]] = {}
    pairs = conn.execute(select(unit_section.c.unit_code, unit_section.c.section_code))
    for u_code, s_code in pairs:
        links.setdefault(u_code, []).append(s_code)
    units = [
        OrgUnit(r.code, r.name, r.kind, r.parent_code, tuple(sorted(links.get(r.code, []))),
                r.valid_from, r.valid_to, r.successor_code, tuple(r.aliases or ()))
        for r in conn.execute(select(org_unit).order_by(org_unit.c.position, org_unit.c.code))
    ]
    sections = [
        Section(r.code, r.title, r.parent_code, r.sort_order, r.valid_from, r.valid_to)
        for r in conn.execute(select(section).order_by(section.c.sort_order))
    ]
    targets = [
        Target(r.indicator_code, r.year, r.value)
        for r in conn.execute(select(target).order_by(target.c.indicator_code, target.c.year))
    ]
    abbreviations, measures = _read_terms(conn)
    packed = pack(Catalog(units, sections, [], targets, abbreviations, measures))
    packed["indicators"] = (Indicator, _indicator_rows(conn))
    return packed


def _converter(conn: Connection, column: Column,
               then: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """``then`` of what SQLAlchemy would make of a column's raw driver value (a JSON
    text, an SQLite date text), done once per distinct value: a catalogue of 50.000
    indicators holds a handful of dates and mostly empty alias lists. Each distinct value
    is then one object, which a worker is sent once (pickle refers back to an object it
    has written)."""
    dialect = conn.dialect
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)
    done: dict[Any, Any] = {}

    def make(value: Any) -> Any:
        found = value if process is None else process(value)  # None: the driver's value
        return found if then is None else then(found)

    def convert(value: Any) -> Any:
        # PostgreSQL's driver gives a JSON list already parsed: remembered by its items.
        key = tuple(value) if isinstance(value, list) else value
        try:
            return done[key]
        except KeyError:
            done[key] = found = make(value)
            return found
        except TypeError:  # not hashable (a list in a list): nothing to remember
            return make(value)

    return convert


def _indicator_rows(conn: Connection) -> list[tuple]:
    """Every indicator's field values (``Indicator``'s order) in catalogue order, a column
    at a time in C. The alias list (JSON) and the dates are taken raw (``type_coerce``)
    and converted once per distinct value; the texts that repeat (unit of measure, section,
    unit, aggregation, direction, successor, plan, kind) become one object each."""
    c = indicator.c
    aliases = _converter(conn, c.aliases, lambda found: tuple(found or ()))
    day = _converter(conn, c.valid_from)
    query = select(c.code, c.name, type_coerce(c.aliases, Text), c.unit_noun, c.section_code,
                   c.org_unit_code, c.aggregation, c.direction, c.decimals, c.headline,
                   type_coerce(c.valid_from, Text), type_coerce(c.valid_to, Text),
                   c.successor_code, c.plan_code, c.value_kind
                   ).order_by(c.position, c.code)
    rows = conn.execute(query).all()
    if not rows:
        return []
    (code, name, raw, noun, section_code, unit, aggregation, direction, decimals, headline,
     start, end, successor, plan, kind) = zip(*rows, strict=True)
    shared: dict[Any, Any] = {}

    def same(column: tuple) -> map:
        return map(shared.setdefault, column, column)

    return list(zip(code, name, map(aliases, raw), same(noun), same(section_code),
                    same(unit), same(aggregation), same(direction), decimals,
                    map(bool, headline), map(day, start), map(day, end), same(successor),
                    same(plan), same(kind), strict=True))


def export_yaml(bind: Engine | Connection) -> str:
    """The catalogue as the database holds it, as YAML that ``core.catalog`` loads back."""
    data = {"version": 1, **read_catalog(bind).to_json()}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)

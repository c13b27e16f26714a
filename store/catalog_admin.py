"""The admin's catalogue work: what a changed YAML would change, and the yearly targets.

The writes' rules and audit rows are ``actions.catalogue``'s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from core.catalog import Catalog
from store.schema import indicator, target

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KINDS = ("units", "sections", "indicators", "targets", "abbreviations", "measure_synonyms")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    code: str
    change: str  # added | removed | changed
    fields: tuple[str, ...] = ()  # for "changed": which fields differ


def _keyed(catalog: Catalog) -> dict[str, dict[str, dict[str, Any]]]:
    data = catalog.to_json()
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ("units", "sections", "indicators"):
        out[kind] = {row["code"]: row for row in data[kind]}
    out["targets"] = {f"{row['indicator']}/{row['year']}": row for row in data["targets"]}
    out["abbreviations"] = {row["short"]: row for row in data["abbreviations"]}
    out["measure_synonyms"] = {group[0]: {"terms": group} for group in data["measure_synonyms"]}
    return out


def diff_catalog(old: Catalog, new: Catalog) -> list[Change]:
    """What applying ``new`` over ``old`` changes, kind by kind, in file order.

    "removed" rows are kept in the database by ``replace_catalog`` (figures may point at
    them), except targets, which are replaced as a whole.
    """
    before, after = _keyed(old), _keyed(new)
    changes: list[Change] = []
    for kind in KINDS:
        for code, row in after[kind].items():
            if code not in before[kind]:
                changes.append(Change(kind, code, ADDED))
            elif row != before[kind][code]:
                fields = tuple(k for k in row if row[k] != before[kind][code].get(k))
                changes.append(Change(kind, code, CHANGED, fields))
        changes.extend(Change(kind, code, REMOVED)
                       for code in before[kind] if code not in after[kind])
    return changes


def targets_of(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    """Yearly targets with the indicator's name and unit noun, by indicator order."""
    stmt = (select(target.c.indicator_code, target.c.year, target.c.value,
                   indicator.c.name, indicator.c.unit_noun)
            .join(indicator, indicator.c.code == target.c.indicator_code)
            .order_by(target.c.year, indicator.c.position))
    if year is not None:
        stmt = stmt.where(target.c.year == year)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def indicator_codes(conn: Connection) -> set[str]:
    """Every indicator code in the catalogue (valid or not)."""
    return set(conn.execute(select(indicator.c.code)).scalars())


def replace_target(conn: Connection, code: str, year: int, new: float | None) -> None:
    """Set one indicator's target for ``year`` (None removes it)."""
    conn.execute(delete(target).where(target.c.indicator_code == code, target.c.year == year))
    if new is not None:
        conn.execute(insert(target).values(indicator_code=code, year=year, value=float(new)))


def change_rows(changes: list[Change]) -> list[dict[str, Any]]:
    """Changes as plain rows for a table."""
    return [dict(asdict(c), fields=", ".join(c.fields)) for c in changes]

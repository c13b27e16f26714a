"""The admin's catalogue work: see what a changed YAML would change, apply it, edit targets.

Each write checks the acting role here (not only on the page) and leaves an audit row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from auth.roles import require
from core.catalog import Catalog
from store import audit
from store.catalog_store import read_catalog, replace_catalog
from store.meta import bump_data_version
from store.schema import indicator, target

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    kind: str  # units | sections | indicators | targets
    code: str
    change: str  # added | removed | changed
    fields: tuple[str, ...] = ()  # for "changed": which fields differ


def _keyed(catalog: Catalog) -> dict[str, dict[str, dict[str, Any]]]:
    data = catalog.to_json()
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ("units", "sections", "indicators"):
        out[kind] = {row["code"]: row for row in data[kind]}
    out["targets"] = {f"{row['indicator']}/{row['year']}": row for row in data["targets"]}
    return out


def diff_catalog(old: Catalog, new: Catalog) -> list[Change]:
    """What applying ``new`` over ``old`` changes, kind by kind, in file order.

    "removed" rows are kept in the database by ``replace_catalog`` (figures may point at
    them), except targets, which are replaced as a whole.
    """
    before, after = _keyed(old), _keyed(new)
    changes: list[Change] = []
    for kind in ("units", "sections", "indicators", "targets"):
        for code, row in after[kind].items():
            if code not in before[kind]:
                changes.append(Change(kind, code, ADDED))
            elif row != before[kind][code]:
                fields = tuple(k for k in row if row[k] != before[kind][code].get(k))
                changes.append(Change(kind, code, CHANGED, fields))
        changes.extend(Change(kind, code, REMOVED)
                       for code in before[kind] if code not in after[kind])
    return changes


def apply_catalog(conn: Connection, catalog: Catalog, actor: str, actor_role: str) -> int:
    """Apply a checked catalogue (admin); audited with before and after. Returns #changes."""
    require(actor_role, "admin.catalog")
    changes = diff_catalog(read_catalog(conn), catalog)
    replace_catalog(conn, catalog, actor)
    return len(changes)


def targets_of(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    """Yearly targets with the indicator's name and unit noun, by indicator order."""
    stmt = (select(target.c.indicator_code, target.c.year, target.c.value,
                   indicator.c.name, indicator.c.unit_noun)
            .join(indicator, indicator.c.code == target.c.indicator_code)
            .order_by(target.c.year, indicator.c.position))
    if year is not None:
        stmt = stmt.where(target.c.year == year)
    return [dict(r) for r in conn.execute(stmt).mappings()]


class TargetError(ValueError):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def set_targets(conn: Connection, year: int, values: dict[str, float | None], actor: str,
                actor_role: str) -> int:
    """Set one year's targets (admin): indicator → value, None removes it. Audited per change.

    Returns how many targets changed. A target is never negative.
    """
    require(actor_role, "admin.targets")
    known = set(conn.execute(select(indicator.c.code)).scalars())
    current = {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}
    changed = 0
    for code, new in values.items():
        if code not in known:
            raise TargetError("admin.target_unknown_indicator", code=code)
        if new is not None and (new != new or new < 0):
            raise TargetError("admin.target_bad_value", code=code)
        old = current.get(code)
        if old == new:
            continue
        conn.execute(delete(target).where(target.c.indicator_code == code,
                                          target.c.year == year))
        if new is not None:
            conn.execute(insert(target).values(indicator_code=code, year=year, value=float(new)))
        audit.record(conn, actor, "target.change", "target", f"{code}/{year}",
                     None if old is None else {"value": old},
                     None if new is None else {"value": float(new)})
        changed += 1
    if changed:
        bump_data_version(conn)
    return changed


def change_rows(changes: list[Change]) -> list[dict[str, Any]]:
    """Changes as plain rows for a table."""
    return [dict(asdict(c), fields=", ".join(c.fields)) for c in changes]

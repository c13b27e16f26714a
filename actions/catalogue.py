"""The admin's catalogue actions: apply a changed catalogue, set a year's targets."""

from __future__ import annotations

import math

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from core.catalog import Catalog
from store import audit
from store.catalog_admin import diff_catalog, indicator_codes, replace_target, targets_of
from store.catalog_store import read_catalog, replace_catalog
from store.engine import write_transaction
from store.meta import bump_data_version


def apply_catalog(engine: Engine, actor: Acting, catalog: Catalog) -> Done[int]:
    """Apply a checked catalogue (admin); audited with before and after. Returns how many
    rows it changed."""
    require(actor, "admin.catalog")
    with write_transaction(engine) as conn:
        before = read_catalog(conn)
        changes = diff_catalog(before, catalog)
        replace_catalog(conn, catalog)
        audit.record(conn, actor.username, "catalog.apply", "catalog", None, before.to_json(),
                     catalog.to_json())
    return Done("admin.catalog_applied", {"count": len(changes)}, len(changes))


def set_targets(engine: Engine, actor: Acting, year: int,
                values: dict[str, float | None]) -> Done[int]:
    """Set one year's targets (admin): indicator → value, None removes it; one audit row per
    change. A target is never negative. Returns how many targets changed."""
    require(actor, "admin.targets")
    changed = 0
    with write_transaction(engine) as conn:
        known = indicator_codes(conn)
        planned = {i.code: i.plan for i in read_catalog(conn).indicators if i.plan}
        current = {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}
        for code, new in values.items():
            if code not in known:
                raise ActionError("admin.target_unknown_indicator", code=code)
            if code in planned and new is not None:  # one source for a plan
                raise ActionError("admin.target_plan_reported", code=code, plan=planned[code])
            if new is not None and (math.isnan(new) or new < 0):
                raise ActionError("admin.target_bad_value", code=code)
            old = current.get(code)
            if old == new:
                continue
            replace_target(conn, code, year, new)
            audit.record(conn, actor.username, "target.change", "target", f"{code}/{year}",
                         None if old is None else {"value": old},
                         None if new is None else {"value": float(new)})
            changed += 1
        if changed:
            bump_data_version(conn)
    return Done("admin.targets_saved", {"count": changed, "year": year}, changed)

"""The admin's catalogue actions: apply a changed catalogue, set a year's targets."""

from __future__ import annotations

import math

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from core.catalog import Catalog
from core.formatting import fmt_number
from core.numbers import COUNT, LARGEST_TYPED, is_whole
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
    change. A target is a finite number from 0 to ``LARGEST_TYPED``, whole for a count; any
    other value refuses the whole call. Returns how many targets changed."""
    require(actor, "admin.targets")
    changed = 0
    with write_transaction(engine) as conn:
        known = indicator_codes(conn)
        indicators = read_catalog(conn).indicators
        planned = {i.code: i.plan for i in indicators if i.plan}
        kinds = {i.code: i.value_kind for i in indicators}
        current = {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}
        for code, new in values.items():
            if code not in known:
                raise ActionError("admin.target_unknown_indicator", code=code)
            if code in planned and new is not None:  # one source for a plan
                raise ActionError("admin.target_plan_reported", code=code, plan=planned[code])
            new = _checked_target(code, new, kinds.get(code))
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


def _checked_target(code: str, new: object, kind: str | None) -> float | None:
    """``new`` as the target to store, or the refusal: not a number (text, a yes/no, NaN),
    negative, infinite or too large to store exactly, or a fraction of a count."""
    if new is None:
        return None
    if isinstance(new, bool) or not isinstance(new, int | float) or math.isnan(new) or new < 0:
        raise ActionError("admin.target_bad_value", code=code)
    if new > LARGEST_TYPED:  # infinity too
        raise ActionError("admin.target_too_large", code=code,
                          maximum=fmt_number(LARGEST_TYPED))
    if kind == COUNT:
        if not is_whole(new):
            raise ActionError("admin.target_not_whole", code=code)
        return float(round(new))
    return float(new)

"""Remembered names: the analyst maps a name their sheets use to an indicator once; an
admin sees and removes them. The pipeline reads them (``etl.matching``, rule 3)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from actions.submissions import upload_scope
from core.text import normalize
from etl.matching import matcher_for
from store import audit
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.remembered_names import (
    delete_remembered,
    find_remembered,
    get_remembered,
    insert_remembered,
    update_remembered,
)

MAX_LABEL = 300  # a name longer than this is not a name


def remember_names(engine: Engine, actor: Acting,
                   names: Iterable[tuple[str, str, str]]) -> Done[int]:
    """Remember each ``(unit, name as written, indicator code)``: the next file of that
    unit with that name loads without asking. Who may send for the unit may (an analyst:
    their own unit only). The indicator must be the unit's; a name that is already an
    indicator's name or alias is refused (it never needs remembering, and a remembered
    name never overrides the catalogue). One audit row per name added or changed; returns
    how many."""
    scope = upload_scope(actor)
    wanted = list(names)
    if not wanted:
        raise ActionError("names.nothing_chosen")
    changed = 0
    with write_transaction(engine) as conn:
        catalog = read_catalog(conn)
        matcher = matcher_for(catalog)
        for unit, label, code in wanted:
            if scope is not None and unit != scope:
                raise ActionError("names.not_your_unit", unit=unit, own=scope)
            if unit not in catalog.unit_by_code or catalog.unit(unit).kind != "unit":
                raise ActionError("names.unknown_unit", unit=unit)
            key = normalize(label)
            if not key or len(label) > MAX_LABEL:
                raise ActionError("names.bad_label", limit=MAX_LABEL)
            if code not in catalog.indicator_by_code:
                raise ActionError("names.unknown_indicator", code=code)
            ind = catalog.indicator(code)
            if ind.org_unit != unit:
                raise ActionError("names.indicator_of_other_unit", name=ind.name, unit=unit)
            if key in matcher.by_label:
                raise ActionError("names.is_catalogue_name", label=label.strip())
            old = find_remembered(conn, unit, key)
            after = {"unit": unit, "label": label.strip(), "indicator": code}
            if old is None:
                name_id = insert_remembered(conn, unit, key, label.strip(), code,
                                            actor.username)
                before = None
            elif old["indicator_code"] == code:
                continue
            else:
                name_id = old["id"]
                update_remembered(conn, name_id, label.strip(), code, actor.username)
                before = {"unit": unit, "label": old["label"],
                          "indicator": old["indicator_code"]}
            audit.record(conn, actor.username, "name.remember", "remembered_name", name_id,
                         before, after)
            changed += 1
    return Done("names.remembered", {"count": changed}, changed)


def forget_name(engine: Engine, actor: Acting, name_id: int) -> Done[None]:
    """Remove one remembered name (admin); files with that name are asked about again."""
    require(actor, "admin.catalog")
    with write_transaction(engine) as conn:
        row = get_remembered(conn, name_id)
        if row is None:
            raise ActionError("names.not_found")
        delete_remembered(conn, name_id)
        audit.record(conn, actor.username, "name.forget", "remembered_name", name_id,
                     {"unit": row["unit_code"], "label": row["label"],
                      "indicator": row["indicator_code"]}, None)
    return Done("names.forgotten", {"label": row["label"], "unit": row["unit_code"]})

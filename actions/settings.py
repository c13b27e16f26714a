"""Changing a setting (admin): a new value with validity dates, audited with the old one."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from core.messages import Key
from core.settings_spec import SETTINGS_BY_NAME, coerce
from store import audit
from store.engine import write_transaction
from store.settings import get_setting, insert_setting

PERMISSION = "admin.settings"


def change_setting(engine: Engine, actor: Acting, key: str, value: Any,
                   valid_from: date | None = None, valid_to: date | None = None) -> Done[Any]:
    """Add a value of setting ``key`` valid from/to the given days; returns the stored value.

    Nothing is overwritten: the new row wins on the days it covers.
    """
    require(actor, PERMISSION)
    if key not in SETTINGS_BY_NAME:
        raise ActionError("admin.unknown_setting", name=key)
    if valid_from and valid_to and valid_to < valid_from:
        raise ActionError("admin.setting_bad_dates")
    try:
        value = coerce(key, value)
    except ValueError:
        raise ActionError("admin.setting_bad_value", name=key) from None
    with write_transaction(engine) as conn:
        before = get_setting(conn, key, valid_from)
        insert_setting(conn, key, value, valid_from, valid_to, actor.username)
        audit.record(conn, actor.username, "setting.change", "setting", key, {"value": before},
                     {"value": value, "valid_from": valid_from and valid_from.isoformat(),
                      "valid_to": valid_to and valid_to.isoformat()})
    # The setting's name as a key: translated with the success text when it is shown.
    return Done("admin.setting_saved", {"name": Key(f"admin.setting_{key}")}, value)

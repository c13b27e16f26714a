"""Marking a database as the demo (the "bản dùng thử" banner): ``python -m admin demo``."""

from __future__ import annotations

from sqlalchemy import Engine

from actions.base import Acting, Done, require
from store import audit
from store.engine import write_transaction
from store.meta import get_flag, set_flag

DEMO_FLAG = "demo"


def mark_demo(engine: Engine, actor: Acting) -> Done[None]:
    """Flag the database as a demo (its pages then carry the demo banner); audited once."""
    require(actor, "admin.settings")
    with write_transaction(engine) as conn:
        if not get_flag(conn, DEMO_FLAG):
            set_flag(conn, DEMO_FLAG, 1)
            audit.record(conn, actor.username, "demo.mark", "meta", DEMO_FLAG, None,
                         {"demo": 1})
    return Done("admin.demo_marked")

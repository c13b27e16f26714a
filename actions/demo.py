"""Marking a database as the demo (the "bản dùng thử" banner): ``python -m admin demo``.

The demo adds accounts with a known password and loads the sample as figures, so it runs
only on a database it created itself: one that is already marked as the demo, or a brand-new
one (no account, no version). Any other database is refused before anything is written.
"""

from __future__ import annotations

from sqlalchemy import Engine

from actions.base import Acting, ActionError, Done, require
from store import audit
from store.engine import write_transaction
from store.meta import get_flag, set_flag
from store.submissions import count_submissions
from store.users import count_accounts

DEMO_FLAG = "demo"


def mark_demo(engine: Engine, actor: Acting) -> Done[None]:
    """Flag a brand-new database as the demo (its pages then carry the demo banner), audited
    once; a database already marked passes. A database with accounts or versions that the
    demo did not create is refused (``admin.demo_refused``) and left unchanged."""
    require(actor, "admin.settings")
    with write_transaction(engine) as conn:
        if not get_flag(conn, DEMO_FLAG):
            accounts, versions = count_accounts(conn), count_submissions(conn)
            if accounts or versions:
                raise ActionError("admin.demo_refused", accounts=accounts, versions=versions)
            set_flag(conn, DEMO_FLAG, 1)
            audit.record(conn, actor.username, "demo.mark", "meta", DEMO_FLAG, None,
                         {"demo": 1})
    return Done("admin.demo_marked")

"""The office's review status of submissions, and the lock an approval puts on a month.

Submitted → approved (locks that unit and month: a new upload is refused until an editor
reopens it with a reason) or returned (the analyst sees the comment and sends a corrected
version, which is a new version with status submitted). The decisions themselves are the
actions of ``actions.review``; here only what they read.
"""

from __future__ import annotations

from sqlalchemy import Connection

from core.months import Month
from store.submissions import latest_submission

APPROVED, RETURNED, SUBMITTED = "approved", "returned", "submitted"


def is_locked(conn: Connection, unit: str, month: Month) -> bool:
    """Whether the unit's month is approved, so a new version must wait for a reopen."""
    latest = latest_submission(conn, unit, month)
    return latest is not None and latest["status"] == APPROVED

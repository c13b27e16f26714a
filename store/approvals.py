"""The office's review of submissions: approve, return with a comment, reopen with a reason.

Submitted → approved (locks that unit and month: a new upload is refused until an editor
reopens it with a reason) or returned (the analyst sees the comment and sends a corrected
version, which is a new version with status submitted). Only the newest version of a unit
and month is reviewed: it is the one that counts. Every decision is audited by
``store.submissions.set_status``; the role is checked here, in the function that writes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from auth.roles import require
from core.months import Month
from store.schema import submission
from store.submissions import latest_submission, lock_unit_period, set_status, submission_row

APPROVED, RETURNED, SUBMITTED = "approved", "returned", "submitted"
COMMENT_LIMIT = 2000


class ReviewError(ValueError):
    """A refused review step; ``key`` is the message-catalogue key of the reason."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def is_locked(conn: Connection, unit: str, month: Month) -> bool:
    """Whether the unit's month is approved, so a new version must wait for a reopen."""
    latest = latest_submission(conn, unit, month)
    return latest is not None and latest["status"] == APPROVED


def _newest(conn: Connection, submission_id: int) -> dict[str, Any]:
    row = conn.execute(select(submission).where(submission.c.id == submission_id)).mappings()
    first = row.first()
    if first is None:
        raise ReviewError("review.not_found")
    found = submission_row(first)
    lock_unit_period(conn, found["unit_code"], found["period"])
    latest = latest_submission(conn, found["unit_code"], found["period"])
    if latest is None or latest["id"] != submission_id:
        raise ReviewError("review.not_latest", version=latest["version"] if latest else 0)
    return found


def _text(value: str | None, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ReviewError(key)
    return text[:COMMENT_LIMIT]


_NOT_IN = {SUBMITTED: "review.not_submitted", APPROVED: "review.not_approved"}


def _transition(conn: Connection, submission_id: int, actor: str,
                expected: str, new: str, text: str | None, action: str) -> None:
    """Newest version from ``expected`` to ``new`` status, audited; callers check the role."""
    sub = _newest(conn, submission_id)
    if sub["status"] != expected:
        raise ReviewError(_NOT_IN[expected])
    set_status(conn, submission_id, new, actor, text, action=action)


def approve(conn: Connection, submission_id: int, actor: str, actor_role: str,
            comment: str | None = None) -> None:
    """Approve the newest version of a unit's month (editor); locks that month."""
    require(actor_role, "submission.review")
    text = (comment or "").strip()[:COMMENT_LIMIT] or None
    _transition(conn, submission_id, actor, SUBMITTED, APPROVED, text,
                "submission.approve")


def return_submission(conn: Connection, submission_id: int, comment: str, actor: str,
                      actor_role: str) -> None:
    """Send the newest version back to its unit with a comment saying what to fix (editor)."""
    require(actor_role, "submission.review")
    text = _text(comment, "review.comment_required")
    _transition(conn, submission_id, actor, SUBMITTED, RETURNED, text,
                "submission.return")


def reopen(conn: Connection, submission_id: int, reason: str, actor: str,
           actor_role: str) -> None:
    """Unlock an approved month so the unit can send a new version (editor, with a reason)."""
    require(actor_role, "submission.review")
    text = _text(reason, "review.reason_required")
    _transition(conn, submission_id, actor, APPROVED, SUBMITTED, text,
                "submission.reopen")

"""The office's review of submissions: approve, return with a comment, reopen with a reason.

Only the newest version of a unit and month is reviewed (it is the one that counts).
Approving locks the month: a new upload is refused until an editor reopens it with a
reason. Four eyes: nobody approves a version they sent themselves (the setting
``review_own_upload_allowed`` lifts this for a one-person office). Returning sends the
version back with a comment saying what to fix. Each decision is one audited status
change (``submission.approve`` / ``.return`` / ``.reopen``).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from actions.base import Acting, ActionError, Done, require
from store import audit
from store.approvals import APPROVED, RETURNED, SUBMITTED
from store.engine import write_transaction
from store.settings import get_setting
from store.submissions import get_submission, latest_submission, lock_unit_period, set_status

PERMISSION = "submission.review"
OWN_UPLOAD_SETTING = "review_own_upload_allowed"
COMMENT_LIMIT = 2000
_NOT_IN = {SUBMITTED: "review.not_submitted", APPROVED: "review.not_approved"}


def _required(value: str | None, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionError(key)
    return text[:COMMENT_LIMIT]


def own_upload_blocks_approval(conn: Connection, actor: Acting, submission: dict) -> bool:
    """Four eyes: whether ``actor`` may not approve ``submission`` because they sent it
    themselves (unless the setting ``review_own_upload_allowed`` is on, for a one-person
    office). The review page asks the same to explain its disabled button."""
    if submission["submitted_by"] != actor.username:
        return False
    return not get_setting(conn, OWN_UPLOAD_SETTING)


def _transition(conn: Connection, actor: Acting, submission_id: int, expected: str,
                new: str, text: str | None, action: str) -> None:
    """The newest version from ``expected`` to ``new`` status, audited."""
    found = get_submission(conn, submission_id)
    if found is None:
        raise ActionError("review.not_found")
    lock_unit_period(conn, found["unit_code"], found["period"])
    latest = latest_submission(conn, found["unit_code"], found["period"])
    if latest is None or latest["id"] != submission_id:
        raise ActionError("review.not_latest", version=latest["version"] if latest else 0)
    if found["status"] != expected:
        raise ActionError(_NOT_IN[expected])
    if new == APPROVED and own_upload_blocks_approval(conn, actor, found):
        raise ActionError("review.own_upload")
    set_status(conn, submission_id, new, actor.username, text)
    audit.record(conn, actor.username, action, "submission", submission_id,
                 {"status": found["status"]}, {"status": new, "comment": text})


def approve(engine: Engine, actor: Acting, submission_id: int,
            comment: str | None = None) -> Done[None]:
    """Approve the newest version of a unit's month (editor); locks that month."""
    require(actor, PERMISSION)
    text = (comment or "").strip()[:COMMENT_LIMIT] or None
    with write_transaction(engine) as conn:
        _transition(conn, actor, submission_id, SUBMITTED, APPROVED, text,
                    "submission.approve")
    return Done("review.approved_ok")


def return_submission(engine: Engine, actor: Acting, submission_id: int,
                      comment: str) -> Done[None]:
    """Send the newest version back to its unit with a comment saying what to fix."""
    require(actor, PERMISSION)
    text = _required(comment, "review.comment_required")
    with write_transaction(engine) as conn:
        _transition(conn, actor, submission_id, SUBMITTED, RETURNED, text,
                    "submission.return")
    return Done("review.returned_ok")


def reopen(engine: Engine, actor: Acting, submission_id: int, reason: str) -> Done[None]:
    """Unlock an approved month so the unit can send a new version (with a reason)."""
    require(actor, PERMISSION)
    text = _required(reason, "review.reason_required")
    with write_transaction(engine) as conn:
        _transition(conn, actor, submission_id, APPROVED, SUBMITTED, text,
                    "submission.reopen")
    return Done("review.reopened_ok")

"""Where a stored figure came from: its value row, the version that holds it and, for a
figure carried over from an earlier version, the row it was first read from.

Read-only. A value row is found by its submission (version) and indicator; the file it was
read from is ``file_blob``'s bytes under the submission's SHA-256.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from store.blobs import get_blob
from store.schema import file_blob, submission, value
from store.submissions import submission_row

# A carried figure points at the row read from a file (store.submissions.carry_over); the
# walk is bounded all the same, so a damaged chain can never loop.
MAX_CARRY_STEPS = 50

_SUBMISSION_FIELDS = ("unit_code", "period", "version", "status", "source", "submitted_by",
                      "submitted_at", "file_name", "sha256", "sheet", "reviewed_by",
                      "reviewed_at", "review_comment")


def _value_with_submission(conn: Connection, condition) -> dict[str, Any] | None:
    row = conn.execute(
        select(value.c.id.label("value_id"), value.c.submission_id, value.c.indicator_code,
               value.c.value, value.c.qualifier, value.c.note,
               value.c.sheet.label("value_sheet"), value.c.row, value.c.col,
               value.c.carried_from, value.c.source_text,
               *(submission.c[name] for name in _SUBMISSION_FIELDS),
               file_blob.c.size.label("file_size"))
        .select_from(value.join(submission, submission.c.id == value.c.submission_id)
                     .outerjoin(file_blob, file_blob.c.sha256 == submission.c.sha256))
        .where(condition)
    ).mappings().first()
    return submission_row(row) if row else None


def value_origin(conn: Connection, submission_id: int, indicator: str
                 ) -> dict[str, Any] | None:
    """The figure of ``indicator`` in version ``submission_id`` with its version's details,
    or None. ``carried`` holds the earlier versions' rows it was carried through, newest
    first, the last one being the row read from a file (empty for a figure read from this
    version's own file, typed or imported)."""
    found = _value_with_submission(conn, (value.c.submission_id == submission_id)
                                   & (value.c.indicator_code == indicator))
    if found is None:
        return None
    carried: list[dict[str, Any]] = []
    seen = {found["value_id"]}
    step = found
    while step["carried_from"] is not None and len(carried) < MAX_CARRY_STEPS:
        earlier = _value_with_submission(conn, value.c.id == step["carried_from"])
        if earlier is None or earlier["value_id"] in seen:
            break
        seen.add(earlier["value_id"])
        carried.append(earlier)
        step = earlier
    found["carried"] = carried
    return found


def submission_file(conn: Connection, submission_id: int
                    ) -> tuple[dict[str, Any], bytes | None] | None:
    """A version's row and its original bytes (None when it has no stored file), or None
    when there is no such version."""
    row = conn.execute(select(submission).where(submission.c.id == submission_id)
                       ).mappings().first()
    if row is None:
        return None
    found = submission_row(row)
    content = get_blob(conn, found["sha256"]) if found["sha256"] else None
    return found, content

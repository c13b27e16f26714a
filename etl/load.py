"""Loading a validated file: one transaction per file, a new version, nothing overwritten."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine

from auth.roles import require
from core.months import Month
from etl.checks import database_problems
from etl.model import ParsedSubmission, ValidationResult
from etl.pipeline import Context, validate_content
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.submissions import (
    NewSubmission,
    NewValue,
    insert_submission,
    lock_unit_period,
)


@dataclass
class Loaded:
    unit: str
    period: Month
    submission_id: int
    version: int


@dataclass
class IngestResult:
    validation: ValidationResult
    loaded: list[Loaded] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.validation.ok


def _to_new(sub: ParsedSubmission, source: str, user: str, file_name: str,
            submitted_at: datetime | None) -> NewSubmission:
    return NewSubmission(
        unit=sub.unit, period=sub.month, source=source, submitted_by=user,
        submitted_at=submitted_at, file_name=file_name, sheet=sub.sheet,
        values=[NewValue(v.indicator, v.value, v.qualifier, v.note, v.sheet, v.row, v.column)
                for v in sub.values],
        activities=list(sub.activities),
        plan_items=list(sub.plan_items),
    )


def ingest(
    engine: Engine,
    content: bytes,
    file_name: str,
    user: str,
    unit: str | None = None,
    month: Month | None = None,
    submitted_at: datetime | None = None,
    source: str = "upload",
    acting_unit: str | None = None,
    today: date | None = None,
    max_bytes: int | None = None,
    role: str | None = None,
) -> IngestResult:
    """Validate ``content`` and, when it has no error, load it in one transaction.

    ``acting_unit`` is an analyst's own unit: a file of another unit is refused here, not
    only on the page. Inside the transaction the unit-month locks are taken first (in
    order, so concurrent loaders never deadlock), then the database checks run: identical
    bytes already loaded or a locked month add nothing; outliers are warnings.
    ``submitted_at`` back-dates a back-fill (it is audited as such). With ``role`` the
    acting user's role is checked here too: an analyst may load only with ``acting_unit``.
    """
    if role is not None:
        require(role, "submission.upload_own" if acting_unit else "submission.upload_any")
    catalog = read_catalog(engine)
    ctx = Context(unit=unit, month=month, acting_unit=acting_unit, today=today,
                  max_bytes=max_bytes)
    result = validate_content(content, file_name, catalog, ctx)
    outcome = IngestResult(result)
    if not result.ok:
        return outcome
    with write_transaction(engine) as conn:
        for key in sorted({(s.unit, s.month) for s in result.submissions}):
            lock_unit_period(conn, *key)
        result.problems.extend(database_problems(conn, result))
        if not result.ok:
            return outcome
        detail = "backfill" if submitted_at is not None else None
        for sub in result.submissions:
            new = _to_new(sub, result.source if source == "upload" else source, user,
                          file_name, submitted_at)
            sub_id, version = insert_submission(conn, new, content, detail)
            outcome.loaded.append(Loaded(sub.unit, sub.month, sub_id, version))
    return outcome

"""Loading a validated file: one transaction per file, a new version, nothing overwritten."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from etl.model import ParsedSubmission, ValidationResult
from etl.pipeline import Context, validate_content
from etl.problems import error
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.submissions import (
    NewActivity,
    NewPlanItem,
    NewSubmission,
    NewValue,
    find_same_file,
    insert_submission,
)


@dataclass
class Loaded:
    unit: str
    period: str
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
        unit=sub.unit, period=str(sub.month), source=source, submitted_by=user,
        submitted_at=submitted_at, file_name=file_name, sheet=sub.sheet,
        values=[NewValue(v.indicator, v.value, v.qualifier, v.note, v.sheet, v.row, v.column)
                for v in sub.values],
        activities=[NewActivity(a.section, a.text, list(a.footnotes), a.sheet, a.row)
                    for a in sub.activities],
        plan_items=[NewPlanItem(p.text, p.sheet, p.row) for p in sub.plan_items],
    )


def ingest(
    engine: Engine,
    content: bytes,
    file_name: str,
    user: str,
    unit: str | None = None,
    month=None,
    submitted_at: datetime | None = None,
    source: str = "upload",
) -> IngestResult:
    """Validate ``content`` and, when it has no error, load it in one transaction.

    Identical bytes already loaded for the same unit and month are reported and add nothing.
    ``submitted_at`` back-dates a back-fill (it is audited as such).
    """
    catalog = read_catalog(engine)
    result = validate_content(content, file_name, catalog, Context(unit=unit, month=month))
    outcome = IngestResult(result)
    if not result.ok:
        return outcome
    with write_transaction(engine) as conn:
        for sub in result.submissions:
            same = find_same_file(conn, sub.unit, str(sub.month), result.sha256)
            if same is not None:
                result.problems.append(error("duplicate_file", None, version=same["version"],
                                             period=f"{sub.month.month:02d}/{sub.month.year}"))
                return outcome
        detail = "backfill" if submitted_at is not None else None
        for sub in result.submissions:
            new = _to_new(sub, result.source if source == "upload" else source, user,
                          file_name, submitted_at)
            sub_id, version = insert_submission(conn, new, content, detail)
            outcome.loaded.append(Loaded(sub.unit, str(sub.month), sub_id, version))
    return outcome

"""What loading a validated file writes: one new version per unit and month, nothing
overwritten. The load itself (permission, transaction, audit) is the action
``actions.submissions.ingest``; here the shapes it works with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.months import Month
from etl.model import ParsedSubmission, ValidationResult
from store.submissions import NewSubmission, NewValue


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


def new_submission(sub: ParsedSubmission, source: str, user: str, file_name: str,
                   submitted_at: datetime | None) -> NewSubmission:
    """The version a parsed unit-month becomes."""
    return NewSubmission(
        unit=sub.unit, period=sub.month, source=source, submitted_by=user,
        submitted_at=submitted_at, file_name=file_name, sheet=sub.sheet,
        values=[NewValue(v.indicator, v.value, v.qualifier, v.note, v.sheet, v.row, v.column)
                for v in sub.values],
        activities=list(sub.activities),
        plan_items=list(sub.plan_items),
        progress=list(sub.progress),
    )

"""Sending figures: a unit's workbook (upload, ``python -m etl ingest``, the demo) and a
reviewed past narrative report. Each adds new versions in one transaction, one
``submission.create`` audit row per version; nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, Engine

from actions.base import Acting, ActionError, Done, require
from auth.permissions import allowed
from core.formatting import fmt_month
from core.months import Month
from core.timezone import to_vn, vn_today
from etl.checks import database_problems, indicator_names, missing_from_previous
from etl.load import IngestResult, Loaded, new_submission
from etl.model import ValidationResult
from etl.narrative.load import FigureReview, ImportPlan, locked_refusal, plan_import
from etl.narrative.model import ParsedReport
from etl.pipeline import Context, validate_upload
from etl.problems import Problem, error
from etl.safety import max_upload_bytes
from store import audit
from store.approvals import is_locked
from store.catalog_store import read_catalog
from store.engine import write_transaction
from store.periods import month_text
from store.remembered_names import remembered_names
from store.settings import get_setting
from store.submissions import (
    Inserted,
    NewSubmission,
    carry_over,
    insert_submission,
    lock_unit_period,
)

IMPORT_DETAIL = "import-report"
# What to do with the figures a new version's file does not list (the uploader's choice).
KEEP, DROP = "keep", "drop"
MISSING_CHOICES = (KEEP, DROP)

WINDOW_SETTING = "upload_months_back"
# The months the upload page offers when the setting sets no limit (0).
UNLIMITED_OFFER = 120


def upload_window(bind: Engine | Connection, sent_on: date) -> tuple[Month, Month] | None:
    """The months a file sent on ``sent_on`` may carry figures for: the first and the last
    (the month it is sent in), or None when the setting sets no limit (0). The upload page
    offers the same months."""
    count = int(get_setting(bind, WINDOW_SETTING, sent_on))
    last = Month.of(sent_on)
    if count <= 0:
        return None
    try:
        return last - (count - 1), last
    except ValueError:  # further back than any month there is: no limit
        return None


def offered_months(bind: Engine | Connection, sent_on: date) -> list[Month]:
    """The months the upload page offers, newest first."""
    window = upload_window(bind, sent_on)
    last = Month.of(sent_on)
    count = UNLIMITED_OFFER if window is None else window[1].diff(window[0]) + 1
    return [last - i for i in range(count)]


def window_problems(result: ValidationResult, window: tuple[Month, Month] | None
                    ) -> list[Problem]:
    """An error for every month of the file before the window (later months are the
    validator's "future month" errors), pointing at the month's first figure (its sheet,
    row and column: a history workbook's month is a column)."""
    if window is None:
        return []
    first, last = window
    problems = []
    for sub in sorted(result.submissions, key=lambda s: (s.month, s.unit)):
        if sub.month < first:
            where = sub.values[0] if sub.values else None
            problems.append(error(
                "month_outside_window", sub.sheet or (where.sheet if where else None),
                where.row if where else None, where.column if where else None,
                month=fmt_month(sub.month),
                first=fmt_month(first), last=fmt_month(last)))
    return problems


def sent_on(today: date | None, submitted_at: datetime | None) -> date:
    """The day a file counts as sent: ``today`` (tests), the back-fill's date, or today."""
    if today is not None:
        return today
    return to_vn(submitted_at).date() if submitted_at is not None else vn_today()


@dataclass
class ImportResult:
    """What ``load_imported_report`` wrote: the plan and the versions."""

    plan: ImportPlan
    loaded: list[Loaded] = field(default_factory=list)


def _record(conn: Connection, actor: Acting, new: NewSubmission, inserted: Inserted,
            detail: str | None, missing: dict | None = None) -> Loaded:
    after = {"unit": new.unit, "period": month_text(new.period), "version": inserted.version,
             "source": new.source, "file_name": new.file_name, "sha256": inserted.sha256,
             "values": len(new.values), "submitted_at": inserted.submitted_at.isoformat()}
    if missing is not None:
        after["missing"] = missing
    audit.record(conn, actor.username, "submission.create", "submission", inserted.id, None,
                 after, detail)
    return Loaded(new.unit, new.period, inserted.id, inserted.version)


def upload_scope(actor: Acting) -> str | None:
    """The one unit the actor may send for (an analyst's own), None for any unit; refused
    when the actor may not send at all (or is an analyst without a unit)."""
    require(actor, "submission.upload")
    if allowed(actor.role, "submission.upload_any"):
        return None
    if not actor.unit:
        raise ActionError("upload.no_unit")
    return actor.unit


def _loaded_lines(loaded: list[Loaded], key: str, names: dict[str, str]) -> Done:
    lines = [(key, {"unit": names.get(x.unit, x.unit),
                    "month": fmt_month(x.period), "version": x.version})
             for x in loaded]
    return Done(lines[0][0], lines[0][1], more=tuple(lines[1:]))


def ingest(engine: Engine, actor: Acting, content: bytes, file_name: str, *,
           unit: str | None = None, month: Month | None = None,
           submitted_at: datetime | None = None, source: str = "upload",
           today: date | None = None, max_bytes: int | None = None,
           missing: str | None = None,
           then: Callable[[Connection], None] | None = None) -> Done[IngestResult]:
    """Validate a workbook and, when it has no error, load it as new versions.

    A resubmission never makes figures disappear: when a unit-month's newest version has
    indicators the file does not list, ``missing`` says what to do with them — ``"keep"``
    copies them into the new version as carried over (``value.carried_from`` points at the
    row they came from), ``"drop"`` leaves them out; without a choice the load is refused
    (``upload.missing_choice_needed``, carrying the warnings that name them). The choice
    and the indicators it touched are in the audit row.

    An analyst sends only for their own unit (a file of another unit is an error of the
    file), and every month the file carries, a history workbook's too, lies in the upload
    window (``upload_window``, counted from the day it is sent: today, or a back-fill's
    ``submitted_at``); the office, which back-fills history for every unit, is not bound
    by it. Inside the transaction the unit-month locks are taken first (in order, so
    concurrent loaders never deadlock), then the database checks run: identical bytes
    already loaded or a locked month refuse the file; outliers are warnings.
    ``submitted_at`` back-dates a back-fill (audited as such). A refused file raises
    ``ActionError("upload.load_refused")`` carrying every problem. ``then`` runs in the
    load's transaction after the versions are written (a typed month's draft is removed
    there, ``actions.typing``).
    """
    acting_unit = upload_scope(actor)
    if missing is not None and missing not in MISSING_CHOICES:
        raise ActionError("upload.missing_choice_unknown", choice=missing)
    catalog = read_catalog(engine)
    limit = max_bytes if max_bytes is not None else max_upload_bytes(engine)
    ctx = Context(unit=unit, month=month, acting_unit=acting_unit, today=today,
                  max_bytes=limit, names=remembered_names(engine))
    result = validate_upload(content, file_name, catalog, ctx)
    if acting_unit is not None:  # a unit's analyst: only the months of the window
        result.problems.extend(window_problems(
            result, upload_window(engine, sent_on(today, submitted_at))))
    if not result.ok:
        raise ActionError("upload.load_refused", problems=result.problems)
    if not result.submissions:
        raise ActionError("upload.nothing_to_load")
    outcome = IngestResult(result)
    detail = "backfill" if submitted_at is not None else None
    with write_transaction(engine) as conn:
        for key in sorted({(s.unit, s.month) for s in result.submissions}):
            lock_unit_period(conn, *key)
        result.problems.extend(database_problems(conn, result, indicator_names(catalog)))
        if not result.ok:
            raise ActionError("upload.load_refused", problems=result.problems)
        gaps = {(m.unit, m.month): m for m in missing_from_previous(conn, result)}
        if gaps and missing is None:
            raise ActionError("upload.missing_choice_needed", problems=result.problems,
                              count=sum(len(m.codes) for m in gaps.values()))
        for sub in result.submissions:
            new = new_submission(sub, result.source if source == "upload" else source,
                                 actor.username, file_name, submitted_at)
            gap = gaps.get((sub.unit, sub.month))
            choice = None
            if gap is not None:
                kept = carry_over(conn, sub.unit, sub.month, set(gap.codes)) \
                    if missing == KEEP else []
                new.values.extend(kept)
                choice = {"choice": missing, "from_version": gap.version,
                          "indicators": list(gap.codes),
                          "carried_from": {v.indicator: v.carried_from for v in kept}}
            outcome.loaded.append(_record(conn, actor, new,
                                          insert_submission(conn, new, content), detail,
                                          choice))
        if then is not None:
            then(conn)
    done = _loaded_lines(outcome.loaded, "upload.loaded", {})
    return Done(done.key, done.params, outcome, done.more)


def load_imported_report(engine: Engine, actor: Acting, report: ParsedReport, content: bytes,
                         file_name: str, reviews: list[FigureReview],
                         today: date | None = None) -> Done[ImportResult]:
    """Write a reviewed past report: one new version per unit, all in one transaction.

    Editors only (``import.report``). The plan's errors refuse the load
    (``narrative.load_refused`` carrying them), and so does a unit's month locked by
    approval. ``content`` (the uploaded file) is stored with every version.
    """
    require(actor, "import.report")
    catalog = read_catalog(engine)
    tasks_unit = str(get_setting(engine, "report_tasks_unit", report.catalog_month.last_day))
    plan = plan_import(report, reviews, catalog, actor.username, file_name, tasks_unit, today)
    if plan.errors:
        raise ActionError("narrative.load_refused", problems=plan.errors,
                          count=len(plan.errors))
    result = ImportResult(plan)
    with write_transaction(engine) as conn:
        # Locks in a fixed order so two loaders touching the same units never deadlock.
        for sub in sorted(plan.submissions, key=lambda s: s.unit):
            lock_unit_period(conn, sub.unit, sub.period)
        locked = [s.unit for s in plan.submissions if is_locked(conn, s.unit, s.period)]
        if locked:
            refusal = locked_refusal(catalog, locked, plan.month)
            raise ActionError(refusal.key, **refusal.params)
        for sub in plan.submissions:
            result.loaded.append(_record(conn, actor, sub,
                                         insert_submission(conn, sub, content), IMPORT_DETAIL))
    names = {u.code: u.name for u in catalog.units}
    done = _loaded_lines(result.loaded, "narrative.ui_loaded", names)
    return Done(done.key, done.params, result, done.more)

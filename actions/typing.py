"""A month typed in the browser: save it as a draft, or send it.

Sending writes the typed month into the unit's template workbook (``etl.typed``) and hands
it to the one upload action (``actions.submissions.ingest``) with the source ``typed``:
the same reader, checks, messages, version rules (the keep-or-drop question for figures a
new version lacks), window of months and audit row as an uploaded file. The sender's draft
of that month is removed in the same transaction.
"""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import Connection, Engine

from actions.base import Acting, ActionError, Done, require
from actions.submissions import ingest
from auth.permissions import allowed
from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import Key
from core.months import Month
from core.numbers import LARGEST_TYPED
from core.timezone import utc_now
from etl.load import IngestResult
from etl.typed import TYPED_SOURCE, Entry, entry_bytes, lines, typed_file_name
from report import periods_text
from report.followup import unit_planned_tasks
from store import audit
from store.catalog_store import read_catalog
from store.drafts import delete_draft, save_draft
from store.engine import write_transaction

PERMISSION = "submission.type"
# Bounds of what one typed month may hold (a hostile request is refused, not stored).
MAX_NOTE = 1_000  # characters of a figure's note
MAX_TEXT = 20_000  # characters of one section's activities, of the tasks, of a task note
MAX_ITEMS = 200  # activities of one section, tasks


def entry_scope(actor: Acting, unit: str) -> None:
    """Refuse unless the actor may type ``unit``'s month: an analyst their own unit, the
    office any unit."""
    require(actor, PERMISSION)
    if allowed(actor.role, "submission.upload_any"):
        return
    if not actor.unit:
        raise ActionError("upload.no_unit")
    if unit != actor.unit:
        raise ActionError("typing.other_unit")


def _indicator_names(catalog: Catalog, unit: str, month: Month) -> dict[str, str]:
    return {i.code: i.name for i in catalog.indicators_for(unit, month)}


def check_entry(catalog: Catalog, unit: str, month: Month, entry: Entry) -> None:
    """Refuse an entry the page could not have sent: an unknown unit, an indicator that is
    not the unit's in ``month``, a section that is not the unit's, a figure no field takes
    (negative, not finite, too large), a task the month did not plan, tasks of a next
    period in a month that closes none, or too much text.
    The figures' own rules (a count is whole …) are the loader's: sending checks them."""
    if unit not in catalog.unit_by_code:
        raise ActionError("typing.unknown_unit", unit=unit[:40])
    names = _indicator_names(catalog, unit, month)
    for code, figure in entry.figures.items():
        if code not in names:
            raise ActionError("typing.unknown_indicator", code=code[:40],
                              month=fmt_month(month))
        value = figure.value
        if value is not None and not (math.isfinite(value) and 0 <= value <= LARGEST_TYPED):
            raise ActionError("typing.bad_figure", name=names[code])
        if len(figure.note) > MAX_NOTE:
            raise ActionError("typing.too_long", what=names[code], limit=MAX_NOTE)
    sections = {s.code: s.title for s in catalog.ordered_sections(month)}
    for code, text in entry.activities.items():
        if code not in sections or code not in catalog.unit(unit).sections:
            raise ActionError("typing.unknown_section", code=code[:40])
        if len(text) > MAX_TEXT or len(lines(text)) > MAX_ITEMS:
            raise ActionError("typing.too_long", what=sections[code], limit=MAX_TEXT)
    for text, name in ((entry.plans, "typing.plans_title"),
                       (entry.period_plans, "typing.period_plans_name")):
        if len(text) > MAX_TEXT or len(lines(text)) > MAX_ITEMS:
            raise ActionError("typing.too_long", what=Key(name), limit=MAX_TEXT)
    if entry.period_plans.strip() and periods_text.starting_label(month) is None:
        # only a month that closes a quarter, half or year plans the next one
        raise ActionError("typing.no_next_period", month=fmt_month(month))
    for task, (_status, note) in entry.progress.items():
        if len(task) > MAX_TEXT or len(note) > MAX_TEXT:
            raise ActionError("typing.too_long", what=task[:40], limit=MAX_TEXT)


def save_entry_draft(engine: Engine, actor: Acting, unit: str, month: Month,
                     entry: Entry) -> Done[int]:
    """Keep what the actor typed for ``unit`` and ``month`` as their draft (the one before
    is replaced; only its author sees it). An empty entry is refused: nothing to keep."""
    entry_scope(actor, unit)
    catalog = read_catalog(engine)
    check_entry(catalog, unit, month, entry)
    if entry.is_empty():
        raise ActionError("typing.draft_empty")
    content = entry.to_json()
    with write_transaction(engine) as conn:
        draft_id, before = save_draft(conn, actor.username, unit, month, content, utc_now())
        audit.record(conn, actor.username, "typing.draft_save", "entry_draft", draft_id,
                     before, {"unit": unit, "period": str(month), **content})
    return Done("typing.draft_saved", {"unit": catalog.unit(unit).name,
                                       "month": fmt_month(month)}, draft_id)


def _drop_draft(actor: Acting, unit: str, month: Month):
    def then(conn: Connection) -> None:
        old = delete_draft(conn, actor.username, unit, month)
        if old is not None:
            audit.record(conn, actor.username, "typing.draft_sent", "entry_draft", old.id,
                         {"unit": unit, "period": str(month)}, None)
    return then


def submit_entry(engine: Engine, actor: Acting, unit: str, month: Month, entry: Entry, *,
                 missing: str | None = None, author: str = "",
                 today: date | None = None) -> Done[IngestResult]:
    """Send the typed month: a new version of ``unit``'s ``month`` with the source
    ``typed``, loaded by ``ingest`` from the unit's template filled with ``entry`` (the
    tasks planned for the month and the period that begins next as the template
    download has them). ``missing``: keep or drop the figures of the previous version the
    entry lacks (``ingest``'s question). A refusal carries the loader's problems."""
    entry_scope(actor, unit)
    catalog = read_catalog(engine)
    check_entry(catalog, unit, month, entry)
    names = _indicator_names(catalog, unit, month)
    for code, figure in entry.figures.items():
        if figure.value is None and figure.note.strip():
            raise ActionError("typing.note_without_value", name=names[code])
    if entry.is_empty():
        raise ActionError("typing.nothing_typed")
    with engine.connect() as conn:
        planned = unit_planned_tasks(conn, unit, month)
    content = entry_bytes(catalog, unit, month, entry, author, planned,
                          periods_text.starting_label(month))
    try:
        done = ingest(engine, actor, content, typed_file_name(unit, month), unit=unit,
                      month=month, source=TYPED_SOURCE, today=today, missing=missing,
                      then=_drop_draft(actor, unit, month))
    except ActionError as refused:
        if refused.key != "upload.load_refused":
            raise
        raise ActionError("typing.submit_refused", problems=refused.problems) from None
    return Done("typing.submitted", {"unit": catalog.unit(unit).name,
                                     "month": fmt_month(month),
                                     "version": done.value.loaded[0].version}, done.value)

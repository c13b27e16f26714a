"""Who acts in the tests, and the upload/import actions' outcome as a plain result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from actions.base import FORBIDDEN, ActionError, Actor
from actions.submissions import ingest, load_imported_report
from auth.permissions import ADMIN, ANALYST, EDITOR, VIEWER
from etl.load import IngestResult, Loaded
from etl.model import ValidationResult

OFFICE = Actor("vanphong", EDITOR)
# A second person of the office: approves what OFFICE sent (four eyes).
REVIEWER = Actor("vanphong.duyet", EDITOR)
ADMINISTRATOR = Actor("quantri", ADMIN)
DIRECTOR = Actor("lanhdao", VIEWER)
TTKT_ANALYST = Actor("chuyenvien", ANALYST, "TTKT")
# The day the tests' analysts send the sample's months (the window of 36 months reaches
# back to 01/2021).
SAMPLE_SENT_ON = date(2023, 12, 31)
# One actor of each role (an analyst with a unit).
BY_ROLE = {VIEWER: DIRECTOR, ANALYST: TTKT_ANALYST, EDITOR: OFFICE, ADMIN: ADMINISTRATOR}


def upload(engine: Engine, content: bytes, file_name: str, user: str = "tester",
           role: str = EDITOR, own_unit: str | None = None, **options) -> IngestResult:
    """``actions.submissions.ingest`` by ``user`` (an editor, or an analyst of ``own_unit``)
    as the result the tests read: the versions loaded, or (refused) no version and the
    file's problems. ``options`` are the action's (``unit``, ``month``, ``today`` …);
    ``acting_unit`` makes the sender an analyst of that unit."""
    acting_unit = options.pop("acting_unit", None)
    if acting_unit:
        role, own_unit = ANALYST, acting_unit
    if role == ANALYST:
        # An analyst's months are bounded by the upload window counted from the day the
        # file is sent: the sample's months (2021–2023) are sent at the end of 2023.
        options.setdefault("today", SAMPLE_SENT_ON)
    try:
        return ingest(engine, Actor(user, role, own_unit), content, file_name,
                      **options).value
    except ActionError as refused:
        if not refused.problems:
            raise  # a refusal that is not about the file: the test shall see it
        return IngestResult(ValidationResult(file_name, "", problems=list(refused.problems)))


@dataclass
class ImportOutcome:
    """What an import loaded, or (refused) why not."""

    loaded: list[Loaded] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.loaded)


def import_report(engine: Engine, *args, actor: Actor = OFFICE, **options) -> ImportOutcome:
    """``actions.submissions.load_imported_report``; a refusal about the report gives its
    reasons in ``errors`` and nothing loaded."""
    try:
        return ImportOutcome(load_imported_report(engine, actor, *args, **options).value.loaded)
    except ActionError as refused:
        if refused.key == FORBIDDEN:
            raise  # not about the report: the test shall see it
        return ImportOutcome(errors=[p.message for p in refused.problems]
                             or [refused.message()])

"""What a parsed narrative report holds, and its JSON shape.

The JSON shape is the contract with ``python -m etl import-report --json`` and the
review page: keys and nesting stay put; keys may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.messages import json_safe, t
from core.months import MONTH, Month, ReportPeriod


class NarrativeError(Exception):
    """A report that cannot be read: a catalogue key and its parameters; ``message`` is
    the Vietnamese text for the user, rendered when shown."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def message(self) -> str:
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict[str, Any]:
        """``{"code", "params", "message"}``: what ``import-report --json`` prints for it."""
        return {"code": self.key, "params": json_safe(self.params), "message": self.message}


@dataclass
class RawText:
    """What every reader returns: paragraphs in reading order (one string each, not yet
    cleaned) and, for Word files, the footnote texts by marker."""

    paragraphs: list[str]
    footnotes: dict[str, str] = field(default_factory=dict)  # Word footnotes by marker


@dataclass
class Item:
    """One bullet or plain paragraph of a section; ``footnotes`` are the markers it carries."""

    text: str
    footnotes: list[str] = field(default_factory=list)
    dash: bool = True  # False for a plain paragraph printed without a bullet

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "footnotes": list(self.footnotes), "dash": self.dash}


@dataclass
class Section:
    """A numbered heading of part I as printed (``"2.1"``) and its items."""

    number: str
    title: str
    items: list[Item] = field(default_factory=list)
    catalog_section: str | None = None  # the catalogue section the title maps to

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "items": [i.to_json() for i in self.items],
            "catalog_section": self.catalog_section,
        }


@dataclass
class Footnote:
    marker: str
    text: str


@dataclass
class Signer:
    title: str | None = None  # "KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", lines as written
    name: str | None = None


@dataclass
class ContextNumber:
    """A number of a bullet that is not the period's figure: a change, a running total,
    a part of another number, a target or rate, another period's figure. Shown to the
    reviewer beside the figure of its indicator (or on its own), never loaded."""

    role: str  # etl.narrative.roles: change, cumulative, part, target, rate, comparison
    value: float
    unit_noun: str | None
    qualifier: str | None
    indicator: str | None
    name: str | None
    section: str
    sentence: str
    text: str  # the words that gave the role and the number: "tăng 15 tin, bài"

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "value": _plain(self.value),
            "unit_noun": self.unit_noun,
            "qualifier": self.qualifier,
            "indicator": self.indicator,
            "name": self.name,
            "section": self.section,
            "sentence": self.sentence,
            "text": self.text,
        }


@dataclass
class Figure:
    """A number written in the text (or implied by it), with its noun and indicator.

    ``role`` is the role the number had in its bullet (``value``, or ``cumulative`` for a
    running-total indicator); ``context`` the other numbers of the bullet on the same
    indicator; ``certain`` whether the match needs no review (docs/import.md).
    """

    value: float
    unit_noun: str | None
    qualifier: str | None
    indicator: str | None
    name: str | None
    section: str
    sentence: str
    parts: list[float] | None = None  # the written numbers when several were summed
    implied: bool = False  # no number written: "tổ chức hội đồng nghiệm thu nhiệm vụ “…”"
    note: str | None = None
    candidates: list[str] = field(default_factory=list)  # codes when the match was a tie
    role: str = "value"
    context: list[ContextNumber] = field(default_factory=list)
    certain: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "value": _plain(self.value),
            "unit_noun": self.unit_noun,
            "qualifier": self.qualifier,
            "indicator": self.indicator,
            "name": self.name,
            "section": self.section,
            "sentence": self.sentence,
            "parts": [_plain(p) for p in self.parts] if self.parts else None,
            "implied": self.implied,
            "note": self.note,
            "candidates": list(self.candidates),
            "role": self.role,
            "certain": self.certain,
            "context": [c.to_json() for c in self.context],
        }


@dataclass
class ParsedReport:
    """A parsed report. ``period`` is what it reports on (a month, quarter, half, nine
    months or a year), ``next_period`` what its part II plans for; ``context`` holds the
    numbers that are not a figure and stand beside none."""

    period: ReportPeriod
    next_period: ReportPeriod
    number: str | None
    date_line: str | None
    sections: list[Section]
    tasks: list[str]
    footnotes: list[Footnote]
    recipients: list[str]
    signer: Signer
    figures: list[Figure]
    context: list[ContextNumber] = field(default_factory=list)

    @property
    def month(self) -> Month | None:
        """The reported month of a monthly report; None for a longer period."""
        return self.period.first_month if self.period.kind == MONTH else None

    @property
    def next_month(self) -> Month | None:
        return self.next_period.first_month if self.next_period.kind == MONTH else None

    @property
    def is_monthly(self) -> bool:
        return self.period.kind == MONTH

    @property
    def catalog_month(self) -> Month:
        """The month whose catalogue (indicators, sections, units) applies: the last of
        the period."""
        return self.period.last_month

    def to_json(self) -> dict[str, Any]:
        return {
            "month": str(self.month) if self.month else None,
            "next_month": str(self.next_month) if self.next_month else None,
            "period": str(self.period),
            "next_period": str(self.next_period),
            "number": self.number,
            "date_line": self.date_line,
            "sections": [s.to_json() for s in self.sections],
            "tasks": list(self.tasks),
            "footnotes": [{"marker": f.marker, "text": f.text} for f in self.footnotes],
            "recipients": list(self.recipients),
            "signer": {"title": self.signer.title, "name": self.signer.name},
            "figures": [f.to_json() for f in self.figures],
            "context": [c.to_json() for c in self.context],
        }

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)


def _plain(value: float) -> float | int:
    """7.0 → 7 so JSON shows counts as whole numbers."""
    return int(value) if float(value).is_integer() else value

"""What a file turns into before it is loaded."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.months import Month
from etl.problems import Problem
from store.submissions import NewActivity, NewPlanItem, NewProgress


@dataclass(slots=True)
class ParsedValue:
    indicator: str
    name: str
    value: float
    qualifier: str | None = None
    note: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


# A bullet and a task are the same before and after loading: one class for each.
ParsedActivity = NewActivity
ParsedPlanItem = NewPlanItem
ParsedProgress = NewProgress


@dataclass
class ParsedSubmission:
    unit: str
    month: Month
    values: list[ParsedValue] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)
    plan_items: list[ParsedPlanItem] = field(default_factory=list)
    progress: list[ParsedProgress] = field(default_factory=list)
    sheet: str | None = None  # set for history-sheet submissions


@dataclass
class ValidationResult:
    """Everything known about one file: parsed submissions and every problem."""

    file_name: str
    sha256: str
    submissions: list[ParsedSubmission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = "upload"
    unit: str | None = None
    month: Month | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``python -m etl validate --json``."""
        values, activities, plans, progress = [], [], [], []
        for sub in self.submissions:
            for v in sub.values:
                values.append({
                    "unit": sub.unit, "month": str(sub.month), "indicator": v.indicator,
                    "name": v.name, "value": v.value, "qualifier": v.qualifier,
                    "sheet": v.sheet, "row": v.row, "column": v.column,
                })
            for a in sub.activities:
                activities.append({"unit": sub.unit, "month": str(sub.month),
                                   "section": a.section, "text": a.text,
                                   "footnotes": list(a.footnotes)})
            for p in sub.plan_items:
                plans.append({"unit": sub.unit, "month": str(sub.month), "text": p.text,
                              "horizon": p.horizon})
            for g in sub.progress:
                progress.append({"unit": sub.unit, "month": str(sub.month), "task": g.task,
                                 "status": g.status, "note": g.note})
        return {
            "ok": self.ok,
            "unit": self.unit,
            "month": str(self.month) if self.month else None,
            "values": values,
            "activities": activities,
            "plan_items": plans,
            "progress": progress,
            "problems": [p.to_json() for p in self.problems],
        }

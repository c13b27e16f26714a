"""Narrative of the sample history: bullets and next-month tasks picked from a wording bank.

The wording lives in ``data/sample_texts.yaml`` (see its header for the fields and
placeholders). Bullets that quote a figure are only used when that figure was reported,
and quote it the way reports write numbers (``5.749``, ``07``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.catalog import Catalog
from core.formatting import fmt_month, fmt_number
from core.months import Month
from demo.reference import SampleActivity

TEXTS_PATH = Path(__file__).resolve().parent.parent / "data" / "sample_texts.yaml"
ROMAN_QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Wording:
    """One entry of the wording bank."""

    text: str
    needs: tuple[str, ...] = ()
    months: tuple[int, ...] = ()
    since: Month | None = None
    until: Month | None = None
    footnotes: tuple[str, ...] = ()

    def fits(self, month: Month, values: dict[str, float]) -> bool:
        if self.months and month.month not in self.months:
            return False
        if (self.since and month < self.since) or (self.until and month > self.until):
            return False
        # A figure quoted in words must be there and be more than zero ("00 nhiệm vụ" reads odd).
        return all(values.get(code, 0) > 0 for code in self.needs)


@dataclass(frozen=True)
class UnitWording:
    authors: tuple[str, ...]
    bullets: tuple[Wording, ...]
    tasks: tuple[Wording, ...]


def _wording(item: str | dict) -> Wording:
    if isinstance(item, str):
        return Wording(item)
    return Wording(
        item["text"], tuple(item.get("needs") or ()), tuple(item.get("months") or ()),
        Month.parse(item["since"]) if item.get("since") else None,
        Month.parse(item["until"]) if item.get("until") else None,
        tuple(item.get("footnotes") or ()),
    )


FOLLOWUP_WEIGHTS = {"done": 70, "in_progress": 22, "not_started": 8}  # % of tasks


@lru_cache(maxsize=1)
def followup_notes(path: Path = TEXTS_PATH) -> dict[str, tuple[str, ...]]:
    """Status → the notes a unit writes beside it (``followup`` in the wording file)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {status: tuple(notes) for status, notes in data["followup"].items()}


def pick_followup(rng: random.Random, month: Month, tasks: tuple[str, ...]
                  ) -> tuple[tuple[str, str, str], ...]:
    """``(task, status, note)`` for each task planned for ``month``: mostly done, some in
    progress, a few not started, each with a note now and then."""
    statuses, weights = zip(*FOLLOWUP_WEIGHTS.items(), strict=True)
    out = []
    for task in tasks:
        status = rng.choices(statuses, weights)[0]
        note = rng.choice(followup_notes()[status]).format(next_m=fmt_month(month + 1))
        out.append((task, status, note))
    return tuple(out)


def pick_period_tasks(rng: random.Random, catalog: Catalog, unit: str,
                      months: tuple[Month, ...], count: int) -> tuple[str, ...]:
    """``count`` key tasks for a whole coming period (its ``months``): tasks of the bank
    that fit any of its months, worded for its first month."""
    bank = wording_bank()[unit].tasks
    fitting = [i for i, w in enumerate(bank) if any(w.fits(m, {}) for m in months)]
    rng.shuffle(fitting)
    params = text_params(catalog, months[0], {})
    return tuple(bank[i].text.format(**params) for i in sorted(fitting[:count]))


@lru_cache(maxsize=1)
def wording_bank(path: Path = TEXTS_PATH) -> dict[str, UnitWording]:
    """Unit code → its wording, as loaded from ``data/sample_texts.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        unit: UnitWording(
            tuple(data["authors"][unit]),
            tuple(_wording(i) for i in entry["bullets"]),
            tuple(_wording(i) for i in entry.get("tasks") or ()),
        )
        for unit, entry in data["units"].items()
    }


def text_params(catalog: Catalog, month: Month, values: dict[str, float]) -> dict[str, str]:
    """Placeholder values for one month: dates, and each figure as reports write it."""
    params = {
        "m": fmt_month(month), "mm": f"{month.month:02d}", "year": str(month.year),
        "prev_year": str(month.year - 1), "next_year": str(month.year + 1),
        "quarter": ROMAN_QUARTERS[(month.month - 1) // 3],
    }
    for code, value in values.items():
        params[code] = fmt_number(value, catalog.indicator(code).decimals)
        # Writers zero-pad small counts: "07 dự án".
        params[f"{code}_02"] = f"{int(value):02d}" if float(value).is_integer() \
            else params[code]
    return params


def _pick(rng: random.Random, bank: tuple[Wording, ...], fitting: list[int], count: int,
          ) -> list[int]:
    """Indices of ``count`` entries: seasonal first, then figures, then routine; bank order."""
    seasonal = [i for i in fitting if bank[i].months]
    figures = [i for i in fitting if bank[i].needs and not bank[i].months]
    routine = [i for i in fitting if not bank[i].needs and not bank[i].months]
    for group in (seasonal, figures, routine):
        rng.shuffle(group)
    chosen = seasonal[:min(2, count - 1)]  # leave room for at least one figure
    chosen += figures[:count - len(chosen)]
    chosen += routine[:count - len(chosen)]
    return sorted(chosen)


def pick_activities(rng: random.Random, catalog: Catalog, unit: str, month: Month,
                    values: dict[str, float]) -> tuple[SampleActivity, ...]:
    """2–5 bullets for the unit's (first) section in ``month``."""
    bank = wording_bank()[unit].bullets
    fitting = [i for i, w in enumerate(bank) if w.fits(month, values)]
    params = text_params(catalog, month, values)
    section = catalog.unit(unit).sections[0]
    out = []
    for index in _pick(rng, bank, fitting, rng.randint(2, 5)):
        wording = bank[index]
        notes = (rng.choice(wording.footnotes).format(**params),) if wording.footnotes else ()
        out.append(SampleActivity(section, wording.text.format(**params), notes))
    return tuple(out)


def pick_tasks(rng: random.Random, catalog: Catalog, unit: str, month: Month,
               count: int) -> tuple[str, ...]:
    """``count`` tasks a unit plans for the month after ``month`` (fewer if the bank is short)."""
    if count <= 0:
        return ()
    planned = month + 1
    bank = wording_bank()[unit].tasks
    fitting = [i for i, w in enumerate(bank) if w.fits(planned, {})]
    seasonal = [i for i in fitting if bank[i].months]
    routine = [i for i in fitting if not bank[i].months]
    rng.shuffle(routine)
    chosen = sorted((seasonal + routine)[:count])
    params = text_params(catalog, planned, {})
    return tuple(bank[i].text.format(**params) for i in chosen)

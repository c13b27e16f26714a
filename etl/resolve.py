"""Which unit and month a file is for: what it says (``etl.facts``) against what the
caller was told (the unit and month picked on the upload page or given to the command
line, the analyst's own unit).

- Unit: the units the file names (``Thông tin``, titles) must be one; a name no unit has is
  an error at its cell; an analyst may send only their own unit's file; a unit the caller
  gave that the file contradicts is an error. Without any: the caller's unit, else
  ``missing_unit``.
- Month: the ``Thông tin`` month and the titles' month must agree (a sheet copied from
  last month keeps its old title); a text that could mean two months is asked about
  unless the caller gave one of them; a month the caller gave that the file contradicts
  is an error; a month still to come is an error.

Messages that say how to fix name only sheets the file has: the ``how`` parameter is a
catalogue key chosen by where the fact stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.catalog import Catalog
from core.formatting import fmt_month
from core.messages import Key
from core.months import Month
from etl.facts import Fact, Facts
from etl.problems import Problem, error


@dataclass(frozen=True)
class Told:
    """What the caller knows: the unit and month picked, the analyst's own unit, today."""

    unit: str | None
    acting_unit: str | None
    month: Month | None
    today_month: Month
    info_sheet: str | None  # the file's «Thông tin» sheet as it is named, None: it has none


def _how(told: Told, fact: Fact | None, info: str, title: str) -> Key:
    at_info = told.info_sheet is not None and (fact is None or fact.sheet == told.info_sheet)
    return Key(info if at_info else title)


def unit_refusal(code: str, where: tuple, told: Told) -> Problem | None:
    """Why the file's unit ``code`` may not be sent by this caller, or None."""
    if told.acting_unit and code != told.acting_unit:
        return error("not_your_unit", *where, unit=code, own=told.acting_unit)
    if told.unit and code != told.unit:
        return error("unit_conflict", *where, sheet_unit=code, given=told.unit,
                     how=Key("etl.how_unit_conflict_info" if where[0] == told.info_sheet
                             else "etl.how_unit_conflict_title"))
    return None


def resolve_unit(facts: list[Fact | None], told: Told, catalog: Catalog,
                 problems: list[Problem], required: bool = True) -> str | None:
    """The unit of the file (None after a problem, or none at all when not ``required``)."""
    named = [f for f in facts if f is not None and f.text]
    for fact in named:
        if fact.unit is None:
            problems.append(error("unknown_unit", *fact.where, unit=fact.text))
            return None
    first = named[0] if named else None
    for fact in named[1:]:
        if fact.unit != first.unit:
            problems.append(error("unit_sources_differ", *fact.where, first=first.unit,
                                  first_text=first.text, second=fact.unit,
                                  second_text=fact.text))
            return None
    if first is not None:
        refusal = unit_refusal(first.unit, first.where, told)
        if refusal is not None:
            problems.append(refusal)
            return None
        return first.unit
    unit = told.unit or told.acting_unit
    if unit is None:
        if required:
            problems.append(error("missing_unit", told.info_sheet, how=_how(
                told, None, "etl.how_unit_info", "etl.how_unit_title")))
        return None
    if unit not in catalog.unit_by_code or catalog.unit(unit).kind != "unit":
        problems.append(error("unknown_unit", None, unit=unit))
        return None
    refusal = unit_refusal(unit, (None,), told)
    if refusal is not None:
        problems.append(refusal)
        return None
    return unit


def _months_text(months: tuple[Month, ...] | list[Month]) -> str:
    return " hoặc ".join(fmt_month(m) for m in months)


def resolve_month(info: Facts, titles: Facts, told: Told, problems: list[Problem]
                  ) -> tuple[Month | None, Fact | None]:
    """The month of the file and the fact it was read from (None: given by the caller)."""
    stated = info.month if info.month is not None and info.month.text else None
    if stated is not None and not stated.months:
        problems.append(error("bad_month", *stated.where, value=stated.text))
        return None, stated
    title_facts = [f for f in (titles.month, *titles.others) if f is not None]
    title_months = tuple(dict.fromkeys(m for f in title_facts for m in f.months))
    if stated is not None and title_months:
        for fact in title_facts:
            if not set(fact.months) & set(stated.months):
                problems.append(error("month_sources_differ", *fact.where,
                                      first=_months_text(stated.months), first_text=stated.text,
                                      second=_months_text(fact.months), second_text=fact.text))
                return None, fact
    source = stated or (title_facts[0] if title_facts else None)
    candidates = stated.months if stated is not None else title_months
    where: tuple = source.where if source is not None else (None,)
    if told.month is not None:
        if candidates and told.month not in candidates:
            problems.append(error("month_conflict", *where, sheet_month=_months_text(candidates),
                                  given=fmt_month(told.month),
                                  how=_how(told, source, "etl.how_month_conflict_info",
                                           "etl.how_month_conflict_title")))
            return None, source
        month, source = told.month, None
    elif len(candidates) == 1:
        month = candidates[0]
    elif candidates:
        problems.append(error("ambiguous_month", *where, value=source.text if source else "",
                              months=_months_text(candidates)))
        return None, source
    else:
        problems.append(error("missing_month", told.info_sheet, how=_how(
            told, None, "etl.how_month_info", "etl.how_month_title")))
        return None, None
    if month > told.today_month:
        problems.append(error("future_month", *where, month=fmt_month(month)))
        return None, source
    return month, source

"""One pipeline for every workbook: check the bytes, read, validate — never write.

``validate_content`` is what ``python -m etl validate`` and the upload page call;
``etl.load.ingest`` calls it and loads the result when there is no error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.catalog import Catalog
from core.months import Month
from core.timezone import vn_today
from etl import layout
from etl.matching import IndicatorMatcher
from etl.model import ParsedSubmission, ValidationResult
from etl.problems import Problem, error
from etl.read_sheets import find_sheet, read_activities, read_info, read_plan, read_values
from etl.workbook import Sheet, read_workbook
from store.blobs import sha256_of


@dataclass
class Context:
    """Who sends the file and what the caller already knows about it."""

    unit: str | None = None  # the unit given by the caller (or the analyst's own unit)
    month: Month | None = None
    today: date | None = None  # Vietnam date; None = now


def _resolve_unit(info: dict, ctx: Context, catalog: Catalog, problems: list[Problem]
                  ) -> str | None:
    sheet_unit = info.get("unit")
    unit = ctx.unit
    if sheet_unit and sheet_unit[0]:
        code = sheet_unit[0].strip().upper()
        where = (layout.SHEET_INFO, sheet_unit[1] + 1, "B")
        if code not in catalog.unit_by_code:
            problems.append(error("unknown_unit", *where, unit=sheet_unit[0]))
            return None
        if unit and unit != code:
            problems.append(error("unit_conflict", *where, sheet_unit=code, given=unit))
            return None
        unit = code
    if unit is None:
        problems.append(error("missing_unit", layout.SHEET_INFO))
        return None
    if unit not in catalog.unit_by_code or catalog.unit(unit).kind != "unit":
        problems.append(error("unknown_unit", None, unit=unit))
        return None
    return unit


def _resolve_month(info: dict, ctx: Context, problems: list[Problem]) -> Month | None:
    sheet_month = info.get("month")
    month = ctx.month
    if sheet_month and sheet_month[0]:
        where = (layout.SHEET_INFO, sheet_month[1] + 1, "B")
        try:
            found = Month.parse(sheet_month[0])
        except ValueError:
            problems.append(error("bad_month", *where, value=sheet_month[0]))
            return None
        if month and month != found:
            problems.append(error("month_conflict", *where, sheet_month=sheet_month[0],
                                  given=f"{month.month:02d}/{month.year}"))
            return None
        month = found
    if month is None:
        problems.append(error("missing_month", layout.SHEET_INFO))
        return None
    today = ctx.today or vn_today()
    if month > Month.of(today):
        problems.append(error("future_month", layout.SHEET_INFO,
                              month=f"{month.month:02d}/{month.year}"))
        return None
    return month


def validate_sheets(
    sheets: list[Sheet], catalog: Catalog, ctx: Context, result: ValidationResult
) -> None:
    """Read the template's sheets into ``result`` (one submission) with every problem."""
    problems = result.problems
    info_sheet = find_sheet(sheets, layout.SHEET_INFO)
    info = read_info(info_sheet) if info_sheet else {}
    unit = _resolve_unit(info, ctx, catalog, problems)
    month = _resolve_month(info, ctx, problems)
    result.unit, result.month = unit, month

    values_sheet = find_sheet(sheets, layout.SHEET_VALUES)
    if values_sheet is None:
        problems.append(error("missing_sheet", None, sheet_name=layout.SHEET_VALUES))
        return
    matcher = IndicatorMatcher(catalog)
    values, found = read_values(values_sheet, matcher, unit, month)
    problems.extend(found)
    activities, plans = [], []
    act_sheet = find_sheet(sheets, layout.SHEET_ACTIVITIES)
    if act_sheet is not None:
        activities, found = read_activities(act_sheet, catalog, unit)
        problems.extend(found)
    plan_sheet = find_sheet(sheets, layout.SHEET_PLAN)
    if plan_sheet is not None:
        plans, found = read_plan(plan_sheet)
        problems.extend(found)
    if not values and not activities and not plans and not result.errors:
        problems.append(error("nothing_to_load", values_sheet.name))
    if unit and month:
        result.submissions.append(ParsedSubmission(unit, month, values, activities, plans))


def validate_content(
    content: bytes, file_name: str, catalog: Catalog, ctx: Context | None = None
) -> ValidationResult:
    """Every problem of one file and what it would load; writes nothing, never raises."""
    ctx = ctx or Context()
    result = ValidationResult(file_name=file_name, sha256=sha256_of(content))
    if not content:
        result.problems.append(error("empty_file"))
        return result
    try:
        sheets = read_workbook(content)
    except Exception:
        result.problems.append(error("unreadable", file=file_name))
        return result
    try:
        validate_sheets(sheets, catalog, ctx, result)
    except Exception:
        result.problems.append(error("unexpected", file=file_name))
    return result

"""One pipeline for every workbook: check the bytes, read, validate — never write.

``validate_content`` is what ``python -m etl validate`` and the upload page call;
the upload action (``actions.submissions.ingest``) calls it and loads the result when
there is no error.

1. ``etl.safety.inspect_bytes``: size, format by magic bytes, zip bomb, password.
2. Read every visible sheet with calamine in a worker thread with a time limit; formulas
   without a cached value are found from the sheet XML (``etl.formulas``).
3. Find the figures: the ``Chỉ tiêu`` sheet, else the first sheet whose header matches;
   wide history sheets (months across) give one submission per month.
4. With a Connection: database checks (``etl.checks``).
"""

from __future__ import annotations

import gc
import logging
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from core.catalog import Catalog
from core.formatting import fmt_month
from core.months import Month
from core.timezone import vn_today
from etl import layout
from etl.checks import database_problems
from etl.formulas import uncached_formulas
from etl.history import history_header, read_history
from etl.matching import matcher_for
from etl.model import ParsedSubmission, ParsedValue, ValidationResult
from etl.plan_sheet import read_plan_sheet
from etl.problems import Problem, error, problem
from etl.read_sheets import (
    Found,
    find_sheet,
    read_activities,
    read_info,
    read_title_info,
    read_values,
    value_header,
)
from etl.safety import PARSE_TIME_LIMIT_S, ParseTimeout, inspect_bytes, run_with_time_limit
from etl.workbook import Sheet, SheetError, cell_text, read_workbook
from store.blobs import sha256_of

log = logging.getLogger(__name__)
MAX_PROBLEMS_PER_CODE = 100  # beyond this one line says how many more of the same kind
UNEXPECTED = "unexpected"  # the problem an exception caught while validating becomes


@dataclass
class Context:
    """Who sends the file and what the caller already knows about it."""

    unit: str | None = None  # the unit chosen by the caller
    month: Month | None = None
    today: date | None = None  # Vietnam date; None = now
    acting_unit: str | None = None  # an analyst's own unit: files of other units are refused
    max_bytes: int | None = None  # None: the size-limit setting
    time_limit: float = PARSE_TIME_LIMIT_S


def _resolve_unit(info: dict[str, Found], ctx: Context, catalog: Catalog,
                  problems: list[Problem]) -> str | None:
    found = info.get("unit")
    given = ctx.unit or ctx.acting_unit
    unit = given
    if found and found.text:
        code = found.text.strip().upper()
        if code not in catalog.unit_by_code or catalog.unit(code).kind != "unit":
            problems.append(error("unknown_unit", *found.where, unit=found.text))
            return None
        if ctx.acting_unit and code != ctx.acting_unit:
            problems.append(error("not_your_unit", *found.where, unit=code,
                                  own=ctx.acting_unit))
            return None
        if ctx.unit and code != ctx.unit:
            problems.append(error("unit_conflict", *found.where, sheet_unit=code, given=ctx.unit))
            return None
        unit = code
    if unit is None:
        problems.append(error("missing_unit", found.sheet if found else None))
        return None
    if unit not in catalog.unit_by_code or catalog.unit(unit).kind != "unit":
        problems.append(error("unknown_unit", None, unit=unit))
        return None
    if ctx.acting_unit and unit != ctx.acting_unit:
        problems.append(error("not_your_unit", None, unit=unit, own=ctx.acting_unit))
        return None
    return unit


def _resolve_month(info: dict[str, Found], ctx: Context, problems: list[Problem]
                   ) -> Month | None:
    found = info.get("month")
    month = ctx.month
    where: tuple = (None,)
    if found and found.text:
        where = found.where
        try:
            parsed = Month.parse(found.text)
        except ValueError:
            problems.append(error("bad_month", *where, value=found.text))
            return None
        if month and month != parsed:
            problems.append(error("month_conflict", *where, sheet_month=found.text,
                                  given=fmt_month(month)))
            return None
        month = parsed
    if month is None:
        problems.append(error("missing_month", layout.SHEET_INFO))
        return None
    if month > Month.of(ctx.today or vn_today()):
        problems.append(error("future_month", *where, month=fmt_month(month)))
        return None
    return month


def _facts(sheets: list[Sheet], main: Sheet | None, header_row: int | None,
           catalog: Catalog) -> dict[str, Found]:
    """Unit and month from the ``Thông tin`` sheet, else from the title rows of ``main``."""
    info_sheet = find_sheet(sheets, layout.SHEET_INFO)
    info = read_info(info_sheet) if info_sheet else {}
    if main is not None and ("unit" not in info or "month" not in info):
        for key, found in read_title_info(main, catalog, header_row).items():
            info.setdefault(key, found)
    return info


def _history_sheets(sheets: list[Sheet]) -> list[tuple[Sheet, object]]:
    found = []
    for sheet in sheets:
        header = history_header(sheet)
        if header is not None:
            found.append((sheet, header))
    return found


def validate_history(sheets: list[Sheet], history: list, catalog: Catalog, ctx: Context,
                     result: ValidationResult) -> None:
    """Wide history sheets into one submission per month (source ``history``)."""
    result.source = "history"
    first_sheet, first_header = history[0]
    info = _facts(sheets, first_sheet, first_header.first_row, catalog)
    unit = _resolve_unit(info, ctx, catalog, result.problems)
    result.unit = unit
    current = Month.of(ctx.today or vn_today())
    matcher = matcher_for(catalog)
    by_month: dict[Month, dict[str, ParsedValue]] = {}
    for sheet, header in history:
        result.problems.extend(read_history(sheet, header, matcher, unit, current, by_month))
    if unit is None:
        return
    if not by_month and not result.errors:
        result.problems.append(error("nothing_to_load", first_sheet.name))
    for month in sorted(by_month):
        values = list(by_month[month].values())
        if not values:
            continue  # a month column left blank: missing, not zero
        result.submissions.append(ParsedSubmission(unit, month, values,
                                                   sheet=values[0].sheet))


def _values_sheet(sheets: list[Sheet]) -> tuple[Sheet | None, object]:
    named = find_sheet(sheets, layout.SHEET_VALUES)
    if named is not None:
        return named, value_header(named)
    for sheet in sheets:
        if sheet.name in (layout.SHEET_INFO, layout.SHEET_GUIDE):
            continue
        header = value_header(sheet)
        if header is not None:
            return sheet, header
    return None, None


def validate_sheets(
    sheets: list[Sheet], catalog: Catalog, ctx: Context, result: ValidationResult
) -> None:
    """Read the sheets into ``result`` (one submission, or one per month of a history)."""
    problems = result.problems
    values_sheet, header = _values_sheet(sheets)
    # Our own template names its figures sheet: only that sheet can be a history sheet then.
    named = find_sheet(sheets, layout.SHEET_VALUES)
    history = _history_sheets([named] if named is not None and header is not None else sheets)
    if history and (values_sheet is None or any(s is values_sheet for s, _ in history)):
        validate_history(sheets, history, catalog, ctx, result)
        return
    info = _facts(sheets, values_sheet, header.first_row if header else None, catalog)
    unit = _resolve_unit(info, ctx, catalog, problems)
    month = _resolve_month(info, ctx, problems)
    result.unit, result.month = unit, month
    if values_sheet is None:
        problems.append(error("missing_sheet", None, sheet_name=layout.SHEET_VALUES))
        return
    matcher = matcher_for(catalog)
    values, found = read_values(values_sheet, matcher, unit, month, header)
    problems.extend(found)
    activities, plans, progress = [], [], []
    act_sheet = find_sheet(sheets, layout.SHEET_ACTIVITIES)
    if act_sheet is not None:
        activities, found = read_activities(act_sheet, catalog, unit)
        problems.extend(found)
    plan_sheet = find_sheet(sheets, layout.SHEET_PLAN)
    if plan_sheet is not None:
        plan = read_plan_sheet(plan_sheet)
        plans, progress = plan.plan_items, plan.progress
        problems.extend(plan.problems)
    if not values and not activities and not plans and not progress and not result.errors:
        problems.append(error("nothing_to_load", values_sheet.name))
    if unit and month:
        result.submissions.append(ParsedSubmission(unit, month, values, activities, plans,
                                                   progress))


def _read(content: bytes, kind: str) -> list[Sheet]:
    # The formula scan (defusedxml: hostile XML fails there) runs beside calamine's read:
    # both spend their time in C (zlib, Rust) and a big sheet reads in half the time.
    if kind in ("xlsx", "xlsm"):
        with ThreadPoolExecutor(max_workers=1) as pool:
            scan = pool.submit(uncached_formulas, content)
            try:
                sheets = read_workbook(content)
            except BaseException:
                scan.result()  # hostile XML is reported as such, not as an unreadable sheet
                raise
            formulas = scan.result()
    else:
        formulas, sheets = {}, read_workbook(content)
    for sheet in sheets:
        sheet.uncached = formulas.get(sheet.name, set())
    return sheets


def _read_problem(exc: BaseException, file_name: str) -> Problem:
    name = type(exc).__name__
    if isinstance(exc, ParseTimeout):
        return error("parse_timeout", file=file_name)
    if isinstance(exc, SheetError):
        return error("unreadable_sheet", exc.sheet, file=file_name)
    if name == "PasswordError":
        return error("password_protected", file=file_name)
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden",
                "NotSupportedError"):
        return error("unsafe_xml", file=file_name)
    return error("unreadable", file=file_name)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while a big sheet turns into many small objects (none of them cyclic);
    collections triggered by allocation counts would otherwise rescan them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move the new objects straight to the oldest generation (freeze + unfreeze splices
        # lists, it scans nothing): otherwise the first collection after this would scan
        # every one of them at once.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _cap(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_CODE of one kind, then one line saying how many more."""
    counts = Counter(p.code for p in problems)
    if max(counts.values(), default=0) <= MAX_PROBLEMS_PER_CODE:
        return problems
    kept: list[Problem] = []
    shown: Counter[str] = Counter()
    for p in problems:
        shown[p.code] += 1
        if shown[p.code] <= MAX_PROBLEMS_PER_CODE:
            kept.append(p)
        elif shown[p.code] == MAX_PROBLEMS_PER_CODE + 1:
            kept.append(problem(p.severity, "more_problems", p.sheet,
                                count=counts[p.code] - MAX_PROBLEMS_PER_CODE))
    return kept


def validate_content(
    content: bytes, file_name: str, catalog: Catalog, ctx: Context | None = None,
    conn: Connection | None = None,
) -> ValidationResult:
    """Every problem of one file and what it would load; writes nothing, never raises.

    With ``conn`` the database checks run too (identical file already loaded, locked
    month, figures far outside the unit's history).
    """
    ctx = ctx or Context()
    result = ValidationResult(file_name=file_name, sha256=sha256_of(content))
    inspection = inspect_bytes(content, file_name, ctx.max_bytes)
    result.problems.extend(inspection.problems)
    if not inspection.ok:
        return result
    try:
        sheets = run_with_time_limit(_read, content, inspection.kind, seconds=ctx.time_limit)
    except BaseException as exc:  # calamine (even its panics), zipfile, defusedxml
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        log.info("cannot read %s: %r", file_name, exc)
        result.problems.append(_read_problem(exc, file_name))
        return result
    if not any(cell_text(c) for s in sheets for row in s.rows for c in row):
        result.problems.append(error("empty_file"))
        return result
    try:
        with _gc_paused():
            validate_sheets(sheets, catalog, ctx, result)
        if conn is not None and result.ok:
            result.problems.extend(database_problems(conn, result))
    except Exception:
        log.exception("unexpected error validating %s", file_name)
        result.submissions.clear()
        result.problems.append(error(UNEXPECTED, file=file_name))
    result.problems = _cap(result.problems)
    return result

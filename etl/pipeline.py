"""One pipeline for every workbook: check the bytes, read, validate — never write.

``validate_upload`` is what every path calls (the upload page, ``python -m etl validate``
and the upload action behind ``ingest``): it runs ``validate_content`` in a worker process
with CPU, memory and time limits (``etl.worker``), then the database checks in the caller's
process. ``validate_content`` is the work itself:

1. ``etl.safety.inspect_bytes``: size, format by magic bytes, password, and the container's
   bounds (``etl.containers``: zip directory, sheet grids, ODF repeats, BIFF records).
2. Read every visible sheet with calamine; formulas without a cached value are found from
   the sheet XML (``etl.formulas``).
3. Find the figures: the ``Chỉ tiêu`` sheet, else the first sheet whose header matches;
   wide history sheets (months across) give one submission per month.
4. The problems listed: at most ``etl.problems.MAX_PROBLEMS_PER_FILE`` (the costly
   "did you mean" suggestions only for those), then one line says how many more.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Connection

from core import catalog_packing
from core.catalog import Catalog
from core.catalog_packing import Packed
from core.messages import Key
from core.months import Month
from core.timezone import vn_today
from etl import layout
from etl.cell_formats import ods_cells, xls_percent_cells, xlsx_percent_cells
from etl.checks import database_problems, indicator_names
from etl.facts import Facts, find_unit, read_info, read_titles
from etl.formulas import uncached_formulas
from etl.history import RowUnits, history_header, read_history
from etl.matching import matcher_for
from etl.model import ParsedSubmission, ValidationResult, ValueColumns
from etl.plan_sheet import read_plan_sheet
from etl.problems import Problem, error, listed
from etl.read_sheets import (
    find_sheet,
    read_activities,
    read_values,
    value_header,
)
from etl.resolve import Told, resolve_month, resolve_unit, unit_refusal
from etl.safety import inspect_bytes, max_upload_bytes, size_problem
from etl.workbook import Sheet, SheetError, cell_text, read_workbook
from etl.worker import Later, WorkerFailure, run_limited
from store.blobs import sha256_of
from store.remembered_names import remembered_names

log = logging.getLogger(__name__)
UNEXPECTED = "unexpected"  # the problem an exception caught while validating becomes


@dataclass
class Context:
    """Who sends the file and what the caller already knows about it."""

    unit: str | None = None  # the unit chosen by the caller
    month: Month | None = None
    today: date | None = None  # Vietnam date; None = now
    acting_unit: str | None = None  # an analyst's own unit: files of other units are refused
    max_bytes: int | None = None  # None: the size-limit setting (``validate_upload``)
    # Remembered names: unit → normalised name → indicator code (store.remembered_names);
    # None: read them from the database when validate_content/validate_upload is given a
    # connection (the worker has none: validate_upload reads them before sending ctx).
    names: Mapping[str, Mapping[str, str]] | None = None


def _told(sheets: list[Sheet], ctx: Context) -> Told:
    info = find_sheet(sheets, layout.SHEET_INFO)
    return Told(ctx.unit, ctx.acting_unit, ctx.month, Month.of(ctx.today or vn_today()),
                info.name if info is not None else None)


def _info(sheets: list[Sheet], catalog: Catalog) -> Facts:
    info_sheet = find_sheet(sheets, layout.SHEET_INFO)
    return read_info(info_sheet, catalog) if info_sheet is not None else Facts()


def _history_sheets(sheets: list[Sheet]) -> list[tuple[Sheet, object]]:
    found = []
    for sheet in sheets:
        header = history_header(sheet)
        if header is not None:
            found.append((sheet, header))
    return found


def validate_history(sheets: list[Sheet], history: list, catalog: Catalog, ctx: Context,
                     result: ValidationResult) -> None:
    """Wide history sheets into one submission per unit and month (source ``history``).

    A sheet's unit: its own title, else the workbook's (the ``Thông tin`` sheet, else the
    first title naming a unit, else the caller's); a unit column names each row's unit
    (``etl.history``)."""
    result.source = "history"
    problems = result.problems
    told = _told(sheets, ctx)
    info = _info(sheets, catalog)
    titles = [read_titles(sheet, catalog, header.first_row) for sheet, header in history]
    named = [t.unit for t in titles if t.unit is not None and t.unit.text]
    info_facts = [info.unit, *info.others]
    stated = info_facts if any(f is not None and f.text for f in info_facts) else named[:1]
    before = len(problems)  # the first title naming a unit speaks for untitled sheets
    base = resolve_unit(stated, told, catalog, problems, required=False)
    if len(problems) > before:
        return
    current = told.today_month
    matcher = matcher_for(catalog)
    buckets: dict[tuple[str, Month], ValueColumns] = {}
    missing = False
    for (sheet, header), own in zip(history, titles, strict=True):
        unit = base
        if own.unit is not None and own.unit.text:
            before = len(problems)
            unit = resolve_unit([*info_facts, own.unit], told, catalog, problems)
            if len(problems) > before:
                continue
        rows = RowUnits(unit, lambda text: find_unit(text, catalog),
                        lambda code, where: unit_refusal(code, where, told))
        problems.extend(read_history(sheet, header, matcher, rows, current, buckets,
                                     ctx.names))
        missing = missing or rows.missing
    if missing:
        problems.append(error("missing_unit", told.info_sheet, how=Key(
            "etl.how_unit_info" if told.info_sheet else "etl.how_unit_title")))
        return
    if not any(len(v) for v in buckets.values()) and not result.errors:
        problems.append(error("nothing_to_load", history[0][0].name,
                              sheet_name=history[0][0].name))
    units = {unit for (unit, _), values in buckets.items() if len(values)}
    result.unit = units.pop() if len(units) == 1 else None
    for (unit, month), values in sorted(buckets.items(), key=lambda item: (item[0][1],
                                                                          item[0][0])):
        if not len(values):
            continue  # a month column left blank: missing, not zero
        result.submissions.append(ParsedSubmission(unit, month, values,
                                                   sheet=values.chunks()[0].sheet))


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
    told = _told(sheets, ctx)
    info = _info(sheets, catalog)
    titles = read_titles(values_sheet, catalog, header.first_row if header else None) \
        if values_sheet is not None else Facts()
    unit = resolve_unit([info.unit, *info.others, titles.unit], told, catalog, problems)
    month, result.month_source = resolve_month(info, titles, told, problems)
    result.unit, result.month = unit, month
    if values_sheet is None:
        problems.append(error("missing_sheet", None, sheet_name=layout.SHEET_VALUES,
                              sheets=", ".join(s.name for s in sheets[:10])))
        return
    matcher = matcher_for(catalog)
    values, found = read_values(values_sheet, matcher, unit, month, header,
                                (ctx.names or {}).get(unit or ""))
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
        problems.append(error("nothing_to_load", values_sheet.name,
                              sheet_name=values_sheet.name))
    if unit and month:
        result.submissions.append(ParsedSubmission(unit, month, values, activities, plans,
                                                   progress))


def _zip_scan(content: bytes, without_formulas: frozenset[str]) -> tuple[dict, dict]:
    return uncached_formulas(content, without_formulas), xlsx_percent_cells(content)


def _read(content: bytes, kind: str, without_formulas: frozenset[str] = frozenset()
          ) -> list[Sheet]:
    # The formula and format scans (defusedxml: hostile XML fails there) run beside
    # calamine's read: both spend their time in C (zlib, Rust) and a big sheet reads in
    # half the time.
    percent: dict = {}
    merged: dict = {}
    if kind in ("xlsx", "xlsm"):
        with ThreadPoolExecutor(max_workers=1) as pool:
            scan = pool.submit(_zip_scan, content, without_formulas)
            try:
                sheets = read_workbook(content)
            except BaseException:
                scan.result()  # hostile XML is reported as such, not as an unreadable sheet
                raise
            formulas, percent = scan.result()
    else:
        formulas, sheets = {}, read_workbook(content)
        if kind == "ods":
            percent, merged = ods_cells(content)
        elif kind == "xls":
            percent = xls_percent_cells(content)
    for sheet in sheets:
        sheet.uncached = formulas.get(sheet.name, set())
        sheet.percent = percent.get(sheet.name, set())
        sheet.merged = sheet.merged or merged.get(sheet.name, [])
    return sheets


def _read_problem(exc: BaseException, file_name: str) -> Problem:
    name = type(exc).__name__
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


def validate_content(
    content: bytes, file_name: str, catalog: Catalog, ctx: Context | None = None,
    conn: Connection | None = None,
) -> ValidationResult:
    """Every problem of one file and what it would load; writes nothing, never raises.

    In the caller's process and without limits of its own: user files go through
    ``validate_upload``. With ``conn`` the database checks run too (identical file already
    loaded, locked month, figures far outside the unit's history).
    """
    return _validate(content, file_name, lambda: catalog, ctx, conn)


def _validate(content: bytes, file_name: str, catalogue: Callable[[], Catalog],
              ctx: Context | None = None, conn: Connection | None = None) -> ValidationResult:
    """``validate_content``, asking for the catalogue only once the file is read."""
    ctx = ctx or Context()
    if ctx.names is None and conn is not None:
        ctx = replace(ctx, names=remembered_names(conn))
    result = ValidationResult(file_name=file_name, sha256=sha256_of(content))
    inspection = inspect_bytes(content, file_name, ctx.max_bytes)
    result.problems.extend(inspection.problems)
    if not inspection.ok:
        return result
    try:
        with _gc_paused():  # a big sheet's rows: many lists, no cycle among them
            sheets = _read(content, inspection.kind, inspection.without_formulas)
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
        catalog = catalogue()
        with _gc_paused():
            validate_sheets(sheets, catalog, ctx, result)
        if conn is not None and result.ok:
            result.problems.extend(database_problems(conn, result, indicator_names(catalog)))
    except Exception:
        log.exception("unexpected error validating %s", file_name)
        result.submissions.clear()
        result.problems.append(error(UNEXPECTED, file=file_name))
    result.problems = listed(result.problems)
    return result


def _received(catalogue: Later) -> Catalog:
    """The sent catalogue unpacked, its matcher built (every code normalised): a fresh
    worker has neither, and both are made while calamine reads, not after."""
    catalog = catalog_packing.unpack(catalogue.get())
    matcher_for(catalog)
    return catalog


def _validate_sent(content: bytes, file_name: str, ctx: Context,
                   catalogue: Later) -> ValidationResult:
    """In the worker: the catalogue comes packed (``core.catalog_packing``) and is unpacked by
    a thread while the file is checked and read (calamine lets go of the GIL)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        unpacked = pool.submit(_received, catalogue)
        with _gc_paused():  # the catalogue's records and the sheet's cells: no cycles
            return _validate(content, file_name, unpacked.result, ctx)
    finally:
        pool.shutdown(wait=False)  # a file refused at once does not wait for it


def validate_upload(
    content: bytes, file_name: str, catalog: Catalog | Callable[[], Packed],
    ctx: Context | None = None, conn: Connection | None = None,
) -> ValidationResult:
    """``validate_content`` in a worker process with CPU, memory and time limits
    (``etl.worker``), then, with ``conn``, the database checks here. Never raises (but
    what reading the catalogue raises).

    ``catalog`` may be a function giving it packed (``core.catalog_packing``), as
    ``lambda: read_catalog_packed(conn)`` does: it is then read here while the worker
    already checks and reads the file, and sent to the worker when read
    (``run_limited(later=…)``). A catalogue given as records is packed to be sent.

    The size limit is ``ctx.max_bytes``, else the ``upload_max_mb`` setting read through
    ``conn`` (else its default): one check for every path, refused here before any byte
    goes to a worker.
    """
    ctx = ctx or Context()
    limit = ctx.max_bytes if ctx.max_bytes is not None else max_upload_bytes(conn)
    ctx = replace(ctx, max_bytes=limit, today=ctx.today or vn_today())
    if ctx.names is None and conn is not None:
        ctx = replace(ctx, names=remembered_names(conn))
    result = ValidationResult(file_name=file_name, sha256=sha256_of(content))
    too_large = size_problem(len(content), file_name, limit)
    if too_large is not None:
        result.problems.append(too_large)
        return result
    sent: list[Packed] = []

    def packed() -> Packed:
        # Only the fields are sent, not what was cached on the object (the matcher and
        # its indexes): the worker builds its own.
        with _gc_paused():  # tens of thousands of records, no cycle among them
            sent.append(catalog_packing.pack(catalog) if isinstance(catalog, Catalog)
                        else catalog())
            return sent[0]

    try:
        result = run_limited(_validate_sent, content, file_name, ctx, later=packed).value
    except WorkerFailure as failure:
        log.warning("worker gave no answer for %s: %s", file_name, failure.reason)
        code = failure.code  # worker_timeout, worker_memory, worker_busy, worker_failed
        result.problems.append(error(code, **failure.params(file_name)))
        return result
    if conn is not None and result.ok:
        try:
            result.problems.extend(database_problems(
                conn, result, catalog_packing.indicator_names(sent[0])))
        except Exception:
            log.exception("database checks failed for %s", file_name)
            result.submissions.clear()
            result.problems.append(error(UNEXPECTED, file=file_name))
        result.problems = listed(result.problems)
    return result


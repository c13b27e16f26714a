"""An uploaded past report checked, then parsed in a worker process with limits.

The review tab and ``python -m etl import-report`` both call :func:`read_upload`: the size
limit (the ``upload_max_mb`` setting, ``etl.safety.size_problem``, the check every upload
goes through) first, then the parse — with the container's bounds of ``etl.containers``
(zip directory, XML elements and depth, PDF pages, text size) checked inside it before
python-docx or pypdf read anything — in a worker process with CPU, memory and time limits
(``etl.worker``). Every refusal is a NarrativeError with a Vietnamese message.
"""

from __future__ import annotations

from core.catalog import Catalog
from core.months import Month, ReportPeriod
from etl.narrative.model import NarrativeError, ParsedReport
from etl.narrative.parse import parse_report
from etl.safety import size_problem
from etl.worker import WorkerFailure, run_limited

FILE_TYPES = ("txt", "docx", "pdf")


def check_upload(content: bytes, file_name: str, max_bytes: int) -> NarrativeError | None:
    """The refusal of the bytes before any worker starts, or None.

    >>> check_upload(b"x" * 3 * 1024 * 1024, "bc.txt", 2 * 1024 * 1024).message.split(",")[0]
    'Tệp «bc.txt» nặng 3 MB'
    >>> check_upload(b"hello", "bc.txt", 10) is None
    True
    """
    if not content:
        return NarrativeError("narrative.empty", file=file_name)
    too_large = size_problem(len(content), file_name, max_bytes)
    if too_large is not None:
        return NarrativeError("narrative.too_large", **too_large.params)
    return None


def parse_in_worker(content: bytes, file_name: str, month: Month | ReportPeriod | None,
                    catalog: Catalog) -> ParsedReport | tuple[str, dict[str, object]]:
    """What the worker runs: the report, or a refusal as (key, params) — an exception
    with keyword parameters does not survive the trip between processes."""
    try:
        return parse_report(content, file_name, month, catalog)
    except NarrativeError as refusal:
        return refusal.key, dict(refusal.params)


def read_upload(content: bytes, file_name: str, max_bytes: int,
                month: Month | ReportPeriod | None, catalog: Catalog) -> ParsedReport:
    """Check and parse an uploaded report; every refusal is a NarrativeError (Vietnamese)."""
    refusal = check_upload(content, file_name, max_bytes)
    if refusal is not None:
        raise refusal
    plain = Catalog(catalog.units, catalog.sections, catalog.indicators, catalog.targets)
    try:
        answer = run_limited(parse_in_worker, content, file_name, month, plain).value
    except WorkerFailure as failure:
        raise NarrativeError(f"narrative.{failure.code}", **failure.params(file_name)) from None
    if isinstance(answer, tuple):
        key, params = answer
        raise NarrativeError(key, **params)
    return answer

"""``python -m etl import-report FILE [--month YYYY-MM | --period CODE] [--json]``.

The argparse wiring lives in ``cli/etl.py``; this returns the exit code and the text to
print, so the command and its tests need no subprocess. With ``--json`` every answer is
JSON, a refusal too: ``{"error": {"code", "params", "message"}}`` (the shape the house's
``--json`` commands print for a problem: a key, its parameters, the Vietnamese text).
"""

from __future__ import annotations

import json
from pathlib import Path

from core.catalog import CatalogError, load_catalog
from core.months import Month, ReportPeriod
from etl.narrative.intake import read_upload
from etl.narrative.model import NarrativeError
from etl.narrative.readers import load_bytes
from etl.narrative.summary import format_summary
from etl.safety import max_upload_bytes

EXIT_OK = 0
EXIT_FILE = 1  # the file could not be read or understood, or the catalogue is broken
EXIT_USAGE = 2  # a malformed --month or --period, as argparse reports usage errors


def run_import_report(path: str, month: str | None, as_json: bool,
                      period: str | None = None) -> tuple[int, str]:
    """Parse the report at ``path``; (exit code, text to print). Writes nothing.

    ``month`` (``2023-01``, ``01/2023``) or ``period`` (``2023-Q1``, ``2023-H1``,
    ``2023-9T``, ``2023``, ``2023-01``) overrides the period the report states.
    """
    try:
        wanted = _wanted(month, period)
    except NarrativeError as exc:
        return EXIT_USAGE, _refusal(exc, as_json)
    name = Path(path).name
    try:
        # The same road as the review tab: size limit, bounds, a worker with limits.
        report = read_upload(load_bytes(path, name), name, max_upload_bytes(), wanted,
                             load_catalog())
    except NarrativeError as exc:
        return EXIT_FILE, _refusal(exc, as_json)
    except CatalogError as exc:
        return EXIT_FILE, _refusal(NarrativeError("narrative.catalog_problem", error=str(exc)),
                                   as_json)
    except Exception as exc:  # never a traceback: the reason, as JSON when asked
        return EXIT_FILE, _refusal(NarrativeError(
            "narrative.unexpected", file=Path(path).name, detail=type(exc).__name__), as_json)
    if as_json:
        return EXIT_OK, json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    return EXIT_OK, format_summary(report)


def _wanted(month: str | None, period: str | None) -> Month | ReportPeriod | None:
    if month and period:
        raise NarrativeError("narrative.month_and_period")
    if month:
        try:
            return Month.parse(month)
        except ValueError:
            raise NarrativeError("narrative.bad_month", value=month) from None
    if period:
        try:
            return ReportPeriod.parse(period)
        except ValueError:
            raise NarrativeError("narrative.bad_period", value=period) from None
    return None


def _refusal(exc: NarrativeError, as_json: bool) -> str:
    """The Vietnamese reason, or with ``--json`` ``{"error": {"code", "params", "message"}}``."""
    if as_json:
        return json.dumps({"error": exc.to_json()}, ensure_ascii=False, indent=2)
    return exc.message

"""``python -m etl import-report FILE [--month YYYY-MM] [--json]``: the function behind it.

The argparse wiring lives in ``cli/etl.py``; this returns the exit code and the text to
print, so the command and its tests need no subprocess.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.catalog import CatalogError, load_catalog
from core.messages import t
from core.months import Month
from etl.narrative.intake import read_upload
from etl.narrative.model import NarrativeError
from etl.narrative.readers import load_bytes
from etl.narrative.summary import format_summary
from etl.safety import max_upload_bytes

EXIT_OK = 0
EXIT_FILE = 1  # the file could not be read or understood, or the catalogue is broken
EXIT_USAGE = 2  # a malformed --month, as argparse reports usage errors


def run_import_report(path: str, month: str | None, as_json: bool) -> tuple[int, str]:
    """Parse the report at ``path``; (exit code, text to print). Writes nothing."""
    try:
        wanted = Month.parse(month) if month else None
    except ValueError:
        return EXIT_USAGE, t("narrative.bad_month", value=month)
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
    if as_json:
        return EXIT_OK, json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    return EXIT_OK, format_summary(report)


def _refusal(exc: NarrativeError, as_json: bool) -> str:
    """The Vietnamese reason, or with ``--json`` ``{"error": {"code", "params", "message"}}``."""
    if as_json:
        return json.dumps({"error": exc.to_json()}, ensure_ascii=False, indent=2)
    return exc.message

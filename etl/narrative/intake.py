"""An uploaded past report's bytes checked before the parser sees them, then parsed safely.

Same limits as spreadsheet uploads (``etl.safety``): the size setting first, then for a
.docx (a zip) the archive's directory — entry count, uncompressed size, compression
ratio — before any XML inside is read; the parse itself runs under a time limit.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from core.catalog import Catalog
from core.formatting import fmt_number
from core.months import Month
from etl.narrative.model import NarrativeError, ParsedReport
from etl.narrative.parse import parse_report
from etl.safety import (
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    ZIP_MAGIC,
    ParseTimeout,
    run_with_time_limit,
)

FILE_TYPES = ("txt", "docx", "pdf")


def _mb(size: int) -> str:
    return fmt_number(round(size / 1024 / 1024, 1))


def check_upload(content: bytes, file_name: str, max_bytes: int) -> NarrativeError | None:
    """The refusal of the bytes, or None when they may be parsed.

    >>> check_upload(b"x" * 3 * 1024 * 1024, "bc.txt", 2 * 1024 * 1024).message
    'Tệp «bc.txt» nặng 3 MB, vượt giới hạn 2 MB.'
    >>> check_upload(b"hello", "bc.txt", 10) is None
    True
    """
    if len(content) > max_bytes:
        return NarrativeError("etl.too_large", file=file_name, size=_mb(len(content)),
                              limit=_mb(max_bytes))
    if content.startswith(ZIP_MAGIC):
        try:
            infos = zipfile.ZipFile(BytesIO(content)).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return NarrativeError("narrative.unreadable", file=file_name)
        total = sum(max(i.file_size, 0) for i in infos)
        packed = sum(max(i.compress_size, 0) for i in infos) or 1
        if (len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNCOMPRESSED_BYTES
                or total / packed > MAX_COMPRESSION_RATIO):
            return NarrativeError("etl.zip_bomb", file=file_name)
    return None


def read_upload(content: bytes, file_name: str, max_bytes: int, month: Month | None,
                catalog: Catalog) -> ParsedReport:
    """Check and parse an uploaded report; every refusal is a NarrativeError (Vietnamese)."""
    if not content:
        raise NarrativeError("narrative.empty", file=file_name)
    refusal = check_upload(content, file_name, max_bytes)
    if refusal is not None:
        raise refusal
    try:
        return run_with_time_limit(parse_report, content, file_name, month, catalog)
    except ParseTimeout:
        raise NarrativeError("etl.parse_timeout", file=file_name) from None

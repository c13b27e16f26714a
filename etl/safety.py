"""Safety checks on an uploaded file's bytes, before any parser sees them.

Order matters: size first (cheap), then the format by its magic bytes, then — for the zip
based formats — the archive's directory (entry count, total uncompressed size, compression
ratio) *before* any XML inside is parsed. A password-protected Office file is an OLE2
compound file holding an ``EncryptedPackage`` stream; it is refused with its own message.
Calamine parses XML without expanding entities, and our own XML reads use ``defusedxml``,
so XML bombs fail safely; :func:`run_with_time_limit` bounds the time a parse may take.
"""

from __future__ import annotations

import zipfile
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, TypeVar

from core.formatting import fmt_number
from core.messages import Key
from etl.problems import Problem, error, warning
from store.settings import get_setting

DEFAULT_MAX_UPLOAD_MB = 20  # used when the settings module has no "upload_max_mb"
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # all entries together, once decompressed
MAX_COMPRESSION_RATIO = 200  # whole archive; real workbooks stay well under 100
MAX_ZIP_ENTRIES = 5_000
PARSE_TIME_LIMIT_S = 60.0

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
MACRO_PARTS = ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin")
SPREADSHEET_KINDS = ("xlsx", "xlsm", "xls", "ods")

T = TypeVar("T")


@dataclass
class Inspection:
    """What the bytes are: ``kind`` is one of SPREADSHEET_KINDS, or None when refused."""

    kind: str | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kind is not None and not any(p.is_error for p in self.problems)


def max_upload_bytes(bind: Any = None) -> int:
    """The size limit: setting ``upload_max_mb`` when declared, else 20 MB."""
    megabytes: Any = DEFAULT_MAX_UPLOAD_MB
    if bind is not None:
        try:
            megabytes = get_setting(bind, "upload_max_mb")
        except Exception:  # an undeclared setting or no table: the default
            megabytes = DEFAULT_MAX_UPLOAD_MB
    try:
        return int(float(megabytes) * 1024 * 1024)
    except (TypeError, ValueError):
        return DEFAULT_MAX_UPLOAD_MB * 1024 * 1024


def _mb(size: int) -> str:
    return fmt_number(round(size / 1024 / 1024, 1))


def _guess_other_format(content: bytes) -> Key:
    """The catalogue key of a short name for what a non-spreadsheet file seems to be."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF"):
        return Key("etl.kind_pdf")
    if head[:5].lower() in (b"<html", b"<!doc") or head.startswith(b"<?xml"):
        return Key("etl.kind_html")
    if head.startswith(b"{\\rtf"):
        return Key("etl.kind_rtf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Key("etl.kind_text")  # UTF-16 text as Excel's "Unicode text" export writes it
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the 2 KB boundary is still text.
        text = head[:-4].decode("utf-8", errors="strict") if _utf8_prefix(head) else ""
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return Key("etl.kind_text")
    return Key("etl.kind_unknown")


def _utf8_prefix(head: bytes) -> bool:
    try:
        head[:-4].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _inspect_zip(content: bytes, file_name: str) -> Inspection:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Inspection(None, [error("not_spreadsheet", file=file_name,
                                       detected=_guess_other_format(content))])
    total = sum(max(i.file_size, 0) for i in infos)
    compressed = sum(max(i.compress_size, 0) for i in infos) or 1
    if (len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNCOMPRESSED_BYTES
            or total / compressed > MAX_COMPRESSION_RATIO):
        return Inspection(None, [error("zip_bomb", file=file_name)])
    if any(i.flag_bits & 0x1 for i in infos):
        return Inspection(None, [error("password_protected", file=file_name)])
    names = {i.filename for i in infos}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return Inspection("ods")
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if any(part in names for part in MACRO_PARTS):
            return Inspection("xlsm", [warning("macros_ignored", file=file_name)])
        return Inspection("xlsx")
    return Inspection(None, [error("not_spreadsheet", file=file_name,
                                   detected=_guess_other_format(content))])


def inspect_bytes(content: bytes, file_name: str, max_bytes: int | None = None) -> Inspection:
    """Size, format by magic bytes, zip-bomb and password checks; never raises.

    >>> inspect_bytes(b"a;b\\n1;2\\n", "x.xlsx").problems[0].code
    'not_spreadsheet'
    """
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if not content:
        return Inspection(None, [error("empty_file")])
    if len(content) > limit:
        return Inspection(None, [error("too_large", file=file_name, size=_mb(len(content)),
                                       limit=_mb(limit))])
    if content.startswith(ZIP_MAGIC):
        return _inspect_zip(content, file_name)
    if content.startswith(OLE_MAGIC):
        if any(name in content for name in ENCRYPTED_STREAMS):
            return Inspection(None, [error("password_protected", file=file_name)])
        return Inspection("xls")
    return Inspection(None, [error("not_spreadsheet", file=file_name,
                                   detected=_guess_other_format(content))])


class ParseTimeout(Exception):
    """The parse took longer than the time limit."""


_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="etl-parse")


def run_with_time_limit(fn: Any, *args: Any, seconds: float = PARSE_TIME_LIMIT_S) -> Any:
    """``fn(*args)`` in a worker thread; ParseTimeout when it has not finished in time.

    The caller stops waiting and reports; the worker thread cannot be killed, so the
    zip-bomb limits above are what bound the work itself (documented in docs/etl.md).
    """
    future = _POOL.submit(fn, *args)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        future.cancel()
        raise ParseTimeout from None

"""Safety checks on an uploaded file's bytes, before any parser sees them.

Order matters: size first (cheap; the ``upload_max_mb`` setting, :func:`size_problem` is the
one check every upload path goes through), then the format by its magic bytes, then the
container's own bounds (``etl.containers``: zip directory, sheet grids, ODF repeats, BIFF
records) *before* calamine or any XML parser runs. A password-protected Office file is an
OLE2 compound file holding an ``EncryptedPackage`` stream; it is refused with its own
message. The reading itself then runs in a worker process with CPU, memory and time
limits (``etl.worker``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.formatting import fmt_number
from core.messages import Key
from etl.containers import ZIP_ERRORS, Refusal, check_ods, check_xls, check_xlsx, open_zip
from etl.problems import Problem, error, warning
from store.settings import get_setting

DEFAULT_MAX_UPLOAD_MB = 20  # used when the settings table has no "upload_max_mb" value

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
MACRO_PARTS = ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin")
SPREADSHEET_KINDS = ("xlsx", "xlsm", "xls", "ods")


@dataclass
class Inspection:
    """What the bytes are: ``kind`` is one of SPREADSHEET_KINDS, or None when refused."""

    kind: str | None
    problems: list[Problem] = field(default_factory=list)
    # Worksheet parts seen to hold no formula (.xlsx/.xlsm): the formula scan skips them.
    without_formulas: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.kind is not None and not any(p.is_error for p in self.problems)


def max_upload_bytes(bind: Any = None) -> int:
    """The size limit of every upload: setting ``upload_max_mb`` read through ``bind``
    (an Engine or Connection), else 20 MB."""
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


def refusal_problem(refusal: Refusal) -> Problem:
    """A container's refusal as the problem of the file (on its sheet when it names one)."""
    code, sheet = refusal.code, refusal.params.get("sheet_name")
    return error(code, str(sheet) if sheet else None, **refusal.params)


def _refused(refusal: Refusal) -> Inspection:
    return Inspection(None, [refusal_problem(refusal)])


def _inspect_zip(content: bytes, file_name: str) -> Inspection:
    try:
        archive = open_zip(content, file_name)
        infos = archive.infolist()
    except Refusal as refusal:
        return _refused(refusal)
    except ZIP_ERRORS:
        return Inspection(None, [error("not_spreadsheet", file=file_name,
                                       detected=_guess_other_format(content))])
    if any(i.flag_bits & 0x1 for i in infos):
        return Inspection(None, [error("password_protected", file=file_name)])
    names = {i.filename for i in infos}
    try:
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mimetype:
                check_ods(archive, file_name)
                return Inspection("ods")
        if "xl/workbook.bin" in names:
            return Inspection(None, [error("xlsb_unsupported", file=file_name)])
        if "xl/workbook.xml" in names:
            plain = frozenset(check_xlsx(archive, file_name))
            if any(part in names for part in MACRO_PARTS):
                return Inspection("xlsm", [warning("macros_ignored", file=file_name)], plain)
            return Inspection("xlsx", without_formulas=plain)
    except Refusal as refusal:
        return _refused(refusal)
    except ZIP_ERRORS:
        return Inspection(None, [error("unreadable", file=file_name)])
    return Inspection(None, [error("not_spreadsheet", file=file_name,
                                   detected=_guess_other_format(content))])


def size_problem(size: int, file_name: str, limit: int) -> Problem | None:
    """The one size check of every upload (workbook, past report, catalogue YAML).

    >>> size_problem(3 * 1024 * 1024, "a.xlsx", 2 * 1024 * 1024).message.split(".")[0]
    'Tệp «a'
    >>> size_problem(10, "a.xlsx", 10) is None
    True
    """
    if size > limit:
        return error("too_large", file=file_name, size=_mb(size), limit=_mb(limit))
    return None


def inspect_bytes(content: bytes, file_name: str, max_bytes: int | None = None) -> Inspection:
    """Size, format by magic bytes, password, and the container's bounds; never raises.

    >>> inspect_bytes(b"a;b\\n1;2\\n", "x.xlsx").problems[0].code
    'not_spreadsheet'
    """
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if not content:
        return Inspection(None, [error("empty_file")])
    too_large = size_problem(len(content), file_name, limit)
    if too_large is not None:
        return Inspection(None, [too_large])
    if content.startswith(ZIP_MAGIC):
        return _inspect_zip(content, file_name)
    if content.startswith(OLE_MAGIC):
        if any(name in content for name in ENCRYPTED_STREAMS):
            return Inspection(None, [error("password_protected", file=file_name)])
        try:
            check_xls(content, file_name)
        except Refusal as refusal:
            return _refused(refusal)
        return Inspection("xls")
    return Inspection(None, [error("not_spreadsheet", file=file_name,
                                   detected=_guess_other_format(content))])

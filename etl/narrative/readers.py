"""Turn a .txt, .docx or text .pdf into paragraphs of plain text.

Every reader returns ``RawText``: paragraphs in reading order (one string each, not
yet cleaned) and, for Word files, the footnote texts by marker. Word footnote
references are written into the text as ``[n]`` so the rest of the importer sees one
marker syntax for every format.
"""

from __future__ import annotations

from pathlib import Path

from etl.containers import ZIP_ERRORS, Refusal, check_docx, check_text_size, open_zip
from etl.narrative.docx_reader import read_docx
from etl.narrative.model import NarrativeError, RawText
from etl.narrative.pdf_reader import read_pdf

_PDF_MAGIC = b"%PDF"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .doc (and .xls)


def load_bytes(source: str | Path | bytes, filename: str) -> bytes:
    """The file's bytes; a path that cannot be read raises NarrativeError."""
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    try:
        return Path(source).read_bytes()
    except OSError:
        raise NarrativeError("narrative.cannot_open", file=filename) from None


def read_document(data: bytes, filename: str) -> RawText:
    """Dispatch on the file's content first (a renamed file still reads), then its name."""
    if not data.strip():
        raise NarrativeError("narrative.empty", file=filename)
    suffix = Path(filename).suffix.lower()
    try:
        if data.startswith(_PDF_MAGIC):
            return read_pdf(data, filename)
        if data.startswith(_ZIP_MAGIC):
            _check_zip(data, filename)
            return read_docx(data, filename)
    except Refusal as refusal:  # a bound of etl.containers, in the importer's own words
        raise NarrativeError(f"narrative.{refusal.code}", **refusal.params) from None
    if data.startswith(_OLE_MAGIC) or suffix == ".doc":
        raise NarrativeError("narrative.old_word", file=filename)
    if suffix in (".pdf", ".docx"):  # the name promises a format the bytes do not have
        raise NarrativeError("narrative.unreadable", file=filename)
    if suffix not in ("", ".txt", ".text", ".md"):
        raise NarrativeError("narrative.unsupported", file=filename)
    text = decode_text(data, filename)
    try:
        check_text_size(len(text), filename)
    except Refusal as refusal:
        raise NarrativeError(f"narrative.{refusal.code}", **refusal.params) from None
    return RawText(text.splitlines())


def _check_zip(data: bytes, filename: str) -> None:
    """The .docx's archive and XML parts within bounds before python-docx parses them."""
    try:
        archive = open_zip(data, filename)
    except ZIP_ERRORS:
        raise NarrativeError("narrative.unreadable", file=filename) from None
    try:
        check_docx(archive, filename)
    except ZIP_ERRORS:
        raise NarrativeError("narrative.unreadable", file=filename) from None


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 with or without BOM, or UTF-16 with its BOM (Notepad's "Unicode")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise NarrativeError("narrative.not_utf8", file=filename)

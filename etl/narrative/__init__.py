"""Import past narrative reports (.txt, .docx, text .pdf): the parsing half.

``parse_report(path_or_bytes, filename, month=None, catalog=None)`` returns a
``ParsedReport`` (``.to_json()`` is the shape ``python -m etl import-report --json``
prints); ``format_summary(report)`` is the plain-text view; bad input raises
``NarrativeError`` with a Vietnamese message. Nothing here writes to the database.
"""

from etl.narrative.model import (
    Figure,
    Footnote,
    Item,
    NarrativeError,
    ParsedReport,
    Section,
    Signer,
)
from etl.narrative.parse import parse_report
from etl.narrative.summary import format_summary

__all__ = [
    "Figure",
    "Footnote",
    "Item",
    "NarrativeError",
    "ParsedReport",
    "Section",
    "Signer",
    "format_summary",
    "parse_report",
]

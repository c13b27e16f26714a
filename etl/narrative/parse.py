"""``parse_report``: a past narrative report in, a ``ParsedReport`` out. Writes nothing."""

from __future__ import annotations

from pathlib import Path

from core.catalog import Catalog, load_catalog
from core.months import Month
from core.text import normalize
from etl.narrative.header import date_line, document_number, report_months
from etl.narrative.matching import FigureMatcher
from etl.narrative.model import Footnote, NarrativeError, ParsedReport
from etl.narrative.readers import load_bytes, read_document
from etl.narrative.structure import build_layout


def parse_report(path_or_bytes: str | Path | bytes, filename: str, month: Month | None = None,
                 catalog: Catalog | None = None) -> ParsedReport:
    """Read a .txt, .docx or text .pdf report into sections, tasks, footnotes and figures.

    ``filename`` names the file in messages and gives the format when the content
    does not. ``month`` overrides (or supplies) the reported month. ``catalog``
    defaults to ``data/catalog.yaml``. Bad input raises ``NarrativeError`` with a
    Vietnamese message.

    >>> report = parse_report("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023\\n"
    ...                       "1. Công tác tham mưu, tổng hợp\\n- Tham gia 07 dự án.".encode(),
    ...                       "bc.txt")
    >>> report.to_json()["month"], report.sections[0].items[0].text
    ('2023-01', 'Tham gia 07 dự án.')
    """
    catalog = catalog if catalog is not None else load_catalog()
    raw = read_document(load_bytes(path_or_bytes, filename), filename)
    titles = {normalize(s.title) for s in catalog.sections}
    layout = build_layout(raw.paragraphs, raw.footnotes, titles)

    found, found_next = report_months(layout.header + layout.part_titles)
    reported = month or found
    if reported is None:
        raise NarrativeError("narrative.no_month", file=filename)
    next_month = reported + 1 if month or found_next is None else found_next
    if not layout.sections and not layout.tasks:
        raise NarrativeError("narrative.no_structure", file=filename)

    matcher = FigureMatcher(catalog, reported)
    matcher.map_sections(layout.sections)
    footnotes = [Footnote(marker, text) for marker, text
                 in sorted(layout.footnotes.items(), key=lambda kv: int(kv[0]))]
    return ParsedReport(
        month=reported,
        next_month=next_month,
        number=document_number(layout.header),
        date_line=date_line(layout.header),
        sections=layout.sections,
        tasks=layout.tasks,
        footnotes=footnotes,
        recipients=layout.recipients,
        signer=layout.signer,
        figures=matcher.figures(layout.sections),
    )

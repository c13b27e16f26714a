"""``parse_report``: a past narrative report in, a ``ParsedReport`` out. Writes nothing."""

from __future__ import annotations

from pathlib import Path

from core.catalog import Catalog, load_catalog
from core.months import Month, ReportPeriod
from core.text import normalize
from etl.narrative.header import date_line, document_number, period_label, report_periods
from etl.narrative.matching import FigureMatcher
from etl.narrative.model import Footnote, NarrativeError, ParsedReport
from etl.narrative.readers import load_bytes, read_document
from etl.narrative.structure import build_layout


def parse_report(path_or_bytes: str | Path | bytes, filename: str,
                 month: Month | ReportPeriod | None = None,
                 catalog: Catalog | None = None) -> ParsedReport:
    """Read a .txt, .docx or text .pdf report into sections, tasks, footnotes and figures.

    ``filename`` names the file in messages and gives the format when the content
    does not. ``month`` overrides (or supplies) the reported period: a ``Month`` or a
    ``ReportPeriod``; it must be of the kind the report itself states (a quarter's report
    is not turned into a month's). ``catalog`` defaults to ``data/catalog.yaml``. Bad
    input raises ``NarrativeError`` with a Vietnamese message.

    >>> report = parse_report("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023\\n"
    ...                       "1. Công tác tham mưu, tổng hợp\\n- Tham gia 07 dự án.".encode(),
    ...                       "bc.txt")
    >>> report.to_json()["month"], report.sections[0].items[0].text
    ('2023-01', 'Tham gia 07 dự án.')
    """
    catalog = catalog if catalog is not None else load_catalog()
    wanted = ReportPeriod.of_month(month) if isinstance(month, Month) else month
    raw = read_document(load_bytes(path_or_bytes, filename), filename)
    titles: dict[str, str] = {}
    for section in catalog.sections:
        titles.setdefault(normalize(section.title), section.code)
    layout = build_layout(raw.paragraphs, raw.footnotes, titles)

    found, found_next = report_periods(layout.header + layout.part_titles)
    if wanted is not None and found is not None and wanted.kind != found.kind:
        raise NarrativeError("narrative.period_conflict", file=filename,
                             found=period_label(found), chosen=period_label(wanted))
    period = wanted or found
    if period is None:
        raise NarrativeError("narrative.no_month", file=filename)
    next_period = found_next if wanted is None and found_next is not None else period.next()
    if not layout.sections and not layout.tasks:
        raise NarrativeError("narrative.no_structure", file=filename)

    matcher = FigureMatcher(catalog, period)
    matcher.map_sections(layout.sections)
    figures, context = matcher.figures(layout.sections)
    footnotes = [Footnote(marker, text) for marker, text
                 in sorted(layout.footnotes.items(), key=lambda kv: int(kv[0]))]
    return ParsedReport(
        period=period,
        next_period=next_period,
        number=document_number(layout.header),
        date_line=date_line(layout.header),
        sections=layout.sections,
        tasks=layout.tasks,
        footnotes=footnotes,
        recipients=layout.recipients,
        signer=layout.signer,
        figures=figures,
        context=context,
    )

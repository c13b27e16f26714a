"""The report of a period assembled from the submissions that count.

``assemble_report(engine, ReportPeriod.parse("2023-01"))`` gives the ``ReportDocument``
every renderer draws (page, Markdown, Word). Rules, in the order of the document:

- header texts, recipients and signer are settings valid on the last day of the period;
  the day of the date line is blank unless ``day`` is given (the clerk writes it);
- part I: the catalogue's sections valid in the period, in catalogue order; a parent
  heading ("2.", "3.") is printed even without bullets of its own. Each section holds the
  bullets of the units that write it, month by month, unit by unit in catalogue order; a
  bullet from a submission not yet approved is marked (``Bullet.approved`` False) and the
  document carries a note naming those units. Over several months a bullet repeated word
  for word in the same section is printed once (with the footnotes of its first mention);
- part II: the next-period tasks of the last month of the period from the office's
  submission (setting ``report_tasks_unit``, VP); when the office sent none, the other
  units' proposals in catalogue order, so part II is never silently empty;
- the generated summary opens part I unless the setting ``report_summary_enabled`` is off;
  the summary, the figures annex and the checks panel read ONE source of figures
  (``report.figures``);
- the annexes (Decree 30): the period's figures and, for a month, the office's follow-up
  of last month's tasks, numbered "Phụ lục I, II" and named in the body, each with the
  line "(Kèm theo Báo cáo số … ngày … của …)";
- the checks "Cần kiểm tra trước khi ký" (``report.checks``), for the page only;
- the office's saved drafts replace the wording of the summary or a section
  (``include_drafts``); sources are never altered.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, Engine

from core.catalog import Catalog, Section
from core.formatting import fmt_date_line, fmt_month, fmt_place_date
from core.messages import t
from core.months import MONTH, Month, ReportPeriod
from report import periods_text
from report.checks import draft_checks, figure_checks
from report.drafts import apply_drafts
from report.figures import ReportFigures, report_figures
from report.figures_annex import figures_annex
from report.followup import followup_rows
from report.header import read_header
from report.model import Bullet, ReportDocument, ReportSection
from report.period_bullets import MonthBullet, period_bullets
from report.period_figures import PeriodFigure, figures_of
from report.sources import Source, activities, counting_sources, figures
from report.summary import build_summary
from report.tasks import next_period_tasks, unit_rank
from store.catalog_store import read_catalog
from store.report_drafts import latest_drafts


def assemble_report(
    bind: Engine | Connection,
    period: ReportPeriod,
    *,
    day: date | None = None,
    include_drafts: bool = True,
    report_figs: ReportFigures | None = None,
) -> ReportDocument | None:
    """The report for ``period`` (a month, quarter, half, nine months or year), or None
    when no unit submitted anything in it.

    ``day`` fills the day of the date line; ``include_drafts`` applies the office's saved
    wording; ``report_figs``: ``report_figures`` of this period and data when the caller
    has them already (the report page shares them with its list of origins: a second of
    work at province scale).
    """
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return assemble_report(conn, period, day=day, include_drafts=include_drafts,
                                   report_figs=report_figs)
    conn = bind
    months = list(period.months)
    sources = counting_sources(conn, months)
    if not sources:
        return None
    catalog = read_catalog(conn)
    last = months[-1]
    header = read_header(conn, last.last_day)
    found = figures(conn, months)
    period_figures = figures_of(found, period, catalog)
    unit_values: dict[tuple[str, Month], dict[str, float]] = {}
    for figure in found:
        unit_values.setdefault((figure.unit, figure.month), {})[figure.indicator] = figure.value

    doc = ReportDocument(
        parent_body=header.parent_body,
        issuer=header.issuer,
        number_label=header.number_label,
        motto_country=t("report.motto_country"),
        motto_slogan=t("report.motto_slogan"),
        place_date=fmt_place_date(header.place, day, last),
        doc_type=t("report.doc_type"),
        subject=periods_text.subject(period),
        part1_title=periods_text.part1_title(period),
        sections=build_sections(conn, catalog, period, sources, unit_values, period_figures),
        part2_title=periods_text.part2_title(period),
        part2_intro=periods_text.part2_intro(period),
        tasks=next_period_tasks(conn, catalog, last, sources, header.tasks_unit,
                                longer=period.kind != MONTH),
        recipients=header.recipients,
        signer_titles=header.signer_titles,
        signer_name=header.signer_name,
        period_label=str(period),
    )
    doc.unapproved_note = unapproved_note(catalog, sources, multi_month=len(months) > 1)
    if report_figs is None:
        report_figs = report_figures(conn, period, catalog)
    generated = build_summary(period, report_figs)
    if header.summary_enabled:
        doc.summary = generated
    doc.figures_table = figures_annex(report_figs)
    if period.kind == MONTH:
        doc.followup_title = t("report.followup_title")
        doc.followup = followup_rows(conn, last, catalog=catalog)
    doc.issued_with = issued_with(header.number_label, header.issuer_name,
                                  fmt_date_line(day, last))
    if include_drafts:
        apply_drafts(doc, latest_drafts(conn, period))
    doc.checks = figure_checks(report_figs) + draft_checks(doc, generated)
    return doc


def issued_with(number_label: str, issuer_name: str, date_line: str) -> str:
    """The italic line under an annex's title: ``(Kèm theo Báo cáo số    /BC-SKHCN ngày
    tháng 01 năm 2023 của Sở Khoa học và Công nghệ)``; the number as on the number line
    (left blank for the clerk), the date as on the date line."""
    number = re.sub(r"^\s*số\s*:?", "", number_label, flags=re.IGNORECASE).rstrip()
    return t("report.annex_issued_with", doc_kind=t("report.doc_kind_running"),
             number=number.lstrip() if not number.strip().startswith("/") else number,
             date_line=date_line, issuer=issuer_name)


def _valid_in_any(section: Section, months: list[Month]) -> bool:
    return any(section.valid_in(m) for m in months)


def build_sections(
    conn: Connection, catalog: Catalog, period: ReportPeriod,
    sources: dict[tuple[str, Month], Source],
    unit_values: dict[tuple[str, Month], dict[str, float]],
    period_figures: dict[str, PeriodFigure],
) -> list[ReportSection]:
    """Part I: every section valid in the period with its bullets (see module docstring)."""
    months = list(period.months)
    rank = unit_rank(catalog)
    ordered = sorted(sources.values(), key=lambda s: (s.month, rank.get(s.unit, 10**6), s.unit))
    by_submission = activities(conn, [s.id for s in ordered])
    sections = [s for s in catalog.ordered_sections() if _valid_in_any(s, months)]
    out = {s.code: ReportSection(s.code, s.title, 1 if s.parent is None else 2)
           for s in sections}
    written = [MonthBullet(src.month, src.unit, act.section, act.text.strip(),
                           tuple(act.footnotes), src.approved)
               for src in ordered for act in by_submission[src.id] if act.section in out]
    if period.kind == MONTH:
        seen: dict[str, set[str]] = {s.code: set() for s in sections}
        for bullet in written:  # a month: as written, a repeated bullet once
            if bullet.text not in seen[bullet.section]:
                seen[bullet.section].add(bullet.text)
                out[bullet.section].bullets.append(Bullet(
                    bullet.text, list(bullet.footnotes), bullet.unit, bullet.approved))
    else:
        merged = period_bullets(written, period, unit_values, period_figures, catalog, rank)
        for code, bullets in merged.items():
            out[code].bullets.extend(bullets)
    return [out[s.code] for s in sections]


def unapproved_note(catalog: Catalog, sources: dict[tuple[str, Month], Source],
                    multi_month: bool) -> str | None:
    """The note naming the units whose content is not yet approved (None when all are)."""
    pending = sorted((s for s in sources.values() if not s.approved),
                     key=lambda s: (unit_rank(catalog).get(s.unit, 10**6), s.month))
    if not pending:
        return None
    names: list[str] = []
    for src in pending:
        unit = catalog.unit_by_code.get(src.unit)
        name = unit.name if unit else src.unit
        label = f"{name} ({fmt_month(src.month)})" if multi_month else name
        if label not in names:
            names.append(label)
    return t("report.unapproved_note", units="; ".join(names))

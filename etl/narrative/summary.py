"""The plain-text view of a parsed report, for the command line."""

from __future__ import annotations

from core.formatting import fmt_number
from core.messages import t
from etl.narrative.header import period_label
from etl.narrative.model import ContextNumber, Figure, ParsedReport

_TASK_WIDTH = 110  # characters of a task shown before "…"


def format_summary(report: ParsedReport) -> str:
    """Header, sections with item counts, tasks, footnotes, figures, recipients, signer."""
    unknown = t("narrative.summary_unknown")
    lines = [
        t("narrative.summary_title", period=period_label(report.period),
          next_period=period_label(report.next_period)),
        t("narrative.summary_number", number=report.number) if report.number
        else t("narrative.summary_no_number"),
        report.date_line or t("narrative.summary_no_date_line"),
        "",
        t("narrative.summary_sections", count=len(report.sections)),
    ]
    for s in report.sections:
        key = "narrative.summary_section_mapped" if s.catalog_section \
            else "narrative.summary_section"
        lines.append("  " + t(key, number=s.number, title=s.title,
                              count=len(s.items), code=s.catalog_section))
    lines += ["", t("narrative.summary_tasks", next_period=period_label(report.next_period),
                    count=len(report.tasks))]
    lines += [f"  {n}. {_shorten(task)}" for n, task in enumerate(report.tasks, 1)]
    lines += ["", t("narrative.summary_footnotes", count=len(report.footnotes))]
    lines += [f"  [{f.marker}] {_shorten(f.text)}" for f in report.footnotes]
    matched = sum(1 for f in report.figures if f.indicator)
    lines += ["", t("narrative.summary_figures", count=len(report.figures), matched=matched)]
    for f in report.figures:
        lines.append("  " + _figure_line(f))
        lines += ["      " + _context_line(c) for c in f.context]
    if report.context:
        lines += ["", t("narrative.summary_context", count=len(report.context))]
        lines += ["  " + _context_line(c) for c in report.context]
    lines += [
        "",
        t("narrative.summary_recipients", count=len(report.recipients)),
        *(f"  - {r}" for r in report.recipients),
        t("narrative.summary_signer",
          title=(report.signer.title or unknown).replace("\n", " "),
          name=report.signer.name or unknown),
    ]
    return "\n".join(lines)


def _figure_line(f: Figure) -> str:
    value = fmt_number(f.value)
    if f.qualifier:
        value = f"{t('narrative.qualifier_' + f.qualifier)} {value}"
    if f.indicator:
        target = f"{f.indicator} ({f.name})"
    elif f.candidates:
        target = t("narrative.summary_tied", codes=", ".join(f.candidates))
    else:
        target = t("narrative.summary_unmatched")
    line = t("narrative.summary_figure", section=f.section, value=value,
             noun=f.unit_noun or "", indicator=target)
    line += " — " + t("narrative.summary_certain" if f.certain else "narrative.summary_review")
    if f.implied:
        line += " — " + t("narrative.summary_implied")
    elif f.parts:
        line += " — " + t("narrative.summary_summed",
                          parts=" + ".join(fmt_number(p) for p in f.parts))
    return line


def _context_line(c: ContextNumber) -> str:
    """"(lũy kế) 20.423 phương tiện đo: «lũy kế 4 tháng đầu năm là 20.423 …»"."""
    return t("narrative.summary_context_line", role=t(f"narrative.role_{c.role}"),
             section=c.section, text=_shorten(c.text))


def _shorten(text: str) -> str:
    return text if len(text) <= _TASK_WIDTH else text[:_TASK_WIDTH - 1].rstrip() + "…"

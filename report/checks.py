""""Cần kiểm tra trước khi ký": what the office and the signer should look at before the
report goes out. Shown on the report page only; never written into the document (.docx,
.md or the page's printed view).

Each check is one Vietnamese sentence naming what, where and what to do:

1. units that have not sent a report for the period (the summary says so too);
2. units whose counting version is not yet approved;
3. figures the outlier rule flags (``analytics.outliers``), with the history's median;
4. an indicator whose plan is another's reported value (the allocation) while that value
   is not reported for the year yet, so its rate against the plan is missing;
5. an edited summary (the office's draft) holding numbers that the figures no longer give,
   so a stale number is not signed.
"""

from __future__ import annotations

import re

from analytics.movements import describe_outlier
from core.messages import t
from report.figures import ReportFigures
from report.model import ReportDocument

# A Vietnamese number as written: 5.749 · 1.234,5 · 12,29% · 07 (a date's parts count too).
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?%?|\d+(?:,\d+)?%?")


def numbers_in(text: str) -> list[str]:
    """Every number written in ``text`` (``5.749``, ``3,0%``, ``07``)."""
    return NUMBER.findall(text)


def figure_checks(figures: ReportFigures) -> list[str]:
    """Checks 1–4 of the module docstring."""
    out: list[str] = []
    names = [figures.unit_name(u) for u in figures.expected_units
             if u in figures.missing_months]
    if names:
        out.append(t("report.check_missing_units", units=", ".join(names)))
    if figures.unapproved_units:
        out.append(t("report.check_unapproved", units=", ".join(
            figures.unit_name(u) for u in figures.unapproved_units)))
    for f in figures.indicators.values():
        item = f.indicator
        if f.outlier is not None and f.outlier.flagged:
            out.append(t("report.check_outlier", text=describe_outlier(item, f.outlier)))
        plan = f.attainment.plan
        if plan.reported and plan.value is None and f.value is not None:
            out.append(t("report.check_plan_missing", name=item.name, plan=plan.source_name,
                         year=plan.year))
    return out


def draft_checks(doc: ReportDocument, generated: str | None) -> list[str]:
    """Check 5: numbers of an edited summary that neither the generated summary nor the
    annexes hold."""
    if not doc.summary_edited or not doc.summary:
        return []
    known = set(numbers_in(generated or ""))
    for annex in doc.annexes():
        for row in annex.rows:
            for cell in row:
                known.update(numbers_in(cell))
    for line in (doc.part1_title, doc.subject):
        known.update(numbers_in(line))
    stray = [n for n in dict.fromkeys(numbers_in(doc.summary)) if n not in known
             and n.rstrip("%") not in known]
    if not stray:
        return []
    return [t("report.check_draft_numbers", numbers=", ".join(stray))]

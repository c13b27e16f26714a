"""The office's wording edits: saved as draft versions, applied over the assembled report.

A draft belongs to one period (``2023-01``, ``2023-H1`` …) and one part: ``summary`` or a
section code (``2.1``). Every save (``actions.report.save_draft``) adds a version (who,
when, ``store.report_drafts``) and an audit row; the source submissions are never touched,
and the newest version of each part wins when the report is assembled with drafts.

Section text format (what the page's text box shows and saves): **one bullet per line**,
empty lines ignored, a leading ``- `` optional. Footnotes cannot be typed; they follow the
source bullets:

1. a line whose text equals a source bullet's text keeps that bullet's footnotes (and its
   unit and "chưa duyệt" mark), wherever the line moved;
2. when the line count is unchanged, a changed line keeps the footnotes of the source
   bullet at the same position (a wording fix in place), unless rule 1 already gave that
   bullet to another line;
3. any other line is the office's own text: no footnotes, no unit, approved.

A part is shown as edited ("đã chỉnh sửa") only when its draft differs from the wording
the sources give today.
"""

from __future__ import annotations

from report.model import Bullet, ReportDocument, ReportSection
from store.report_drafts import Draft

SUMMARY_PART = "summary"
MAX_PART_LENGTH = 32


def clean_draft_text(text: str) -> str:
    """A draft as it is stored: Windows line ends made plain, outer blank space removed."""
    return text.replace("\r\n", "\n").strip()


# --- text ↔ bullets --------------------------------------------------------------------


def section_text(section: ReportSection) -> str:
    """The section's bullets as editable text, one a line."""
    return "\n".join(b.text for b in section.bullets)


def _clean_line(line: str) -> str:
    line = line.strip()
    if line[:2] in ("- ", "– ", "• "):
        line = line[2:].strip()
    return line


def parse_section_text(text: str, source: list[Bullet]) -> list[Bullet]:
    """Bullets from edited text, footnotes carried over by the rules of the module doc."""
    lines = [c for c in (_clean_line(line) for line in text.splitlines()) if c]
    by_text: dict[str, int] = {}
    for index, bullet in enumerate(source):
        by_text.setdefault(bullet.text.strip(), index)
    matched = [by_text.get(line) for line in lines]
    used = {i for i in matched if i is not None}
    same_count = len(lines) == len(source)
    out: list[Bullet] = []
    for pos, (line, index) in enumerate(zip(lines, matched, strict=True)):
        if index is None and same_count and pos not in used:
            index = pos
            used.add(pos)
        if index is None:
            out.append(Bullet(line))
        else:
            src = source[index]
            out.append(Bullet(line, list(src.footnotes), src.unit, src.approved, src.dash))
    return out


def apply_drafts(doc: ReportDocument, drafts: dict[str, Draft]) -> None:
    """Replace the summary and section wording by the newest drafts, marking what changed."""
    summary = drafts.get(SUMMARY_PART)
    if summary is not None and summary.text != (doc.summary or ""):
        doc.summary = summary.text or None
        doc.summary_edited = True
    for section in doc.sections:
        draft = drafts.get(section.number)
        if draft is None or draft.text == section_text(section):
            continue
        section.bullets = parse_section_text(draft.text, section.bullets)
        section.edited = True

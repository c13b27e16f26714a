"""The month report as Markdown (CommonMark plus ``[^n]`` footnotes): for previews,
e-mail and pasting into other tools. Same order and wording as the Word file."""

from __future__ import annotations

import re

from core.messages import t
from report.model import AnnexTable, Bullet, ReportDocument, ReportSection

_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|"})
_HEADING_MARKS = {1: "###", 2: "####"}
_BLOCK_START = re.compile(r"^(?:[#>+-]|\d+[.)])")  # would open a heading, quote or list


def build_markdown(doc: ReportDocument) -> str:
    """The whole report; footnotes numbered in document order, defined at the end."""
    notes: list[str] = []
    blocks = [
        *_header(doc),
        *_title(doc),
        *_part1(doc, notes),
        *_part2(doc),
        *_signature(doc),
        *(block for annex, label in zip(doc.annexes(), doc.annex_labels(), strict=True)
          for block in _annex(annex, label, doc.issued_with)),
        *_footnote_definitions(notes),
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"


def escape(text: str) -> str:
    """Backslash the characters Markdown would read as formatting."""
    return text.translate(_SPECIAL)


def paragraph(text: str) -> str:
    """Escaped text that stays a plain paragraph even if it starts like "1." or "-"."""
    text = escape(text)
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    end = match.end()
    return text[: end - 1] + "\\" + text[end - 1 :]


def _lines(*lines: str) -> str:
    """Consecutive lines kept apart by CommonMark hard breaks (trailing backslash)."""
    return "\\\n".join(line for line in lines if line)


def _header(doc: ReportDocument) -> list[str]:
    agency = _lines(
        escape(doc.parent_body.upper()), _bold(doc.issuer.upper()), escape(doc.number_label)
    )
    nation = _lines(_bold(doc.motto_country.upper()), _bold(doc.motto_slogan))
    return [agency, nation, f"*{escape(doc.place_date)}*"]


def _title(doc: ReportDocument) -> list[str]:
    note = f"> *{escape(doc.unapproved_note)}*" if doc.unapproved_note else ""
    return [f"# {escape(doc.doc_type.upper())}", _bold(doc.subject), note]


def _part1(doc: ReportDocument, notes: list[str]) -> list[str]:
    blocks = [f"## {escape(doc.part1_title.upper())}",
              *(paragraph(text) for text in doc.summary_paragraphs()),
              paragraph(doc.annex_reference() or "")]
    for section in doc.sections:
        blocks.extend(_section(section, notes))
    return blocks


def _section(section: ReportSection, notes: list[str]) -> list[str]:
    mark = _HEADING_MARKS.get(section.level, _HEADING_MARKS[2])
    blocks = [f"{mark} {escape(section.number)}. {escape(section.title)}"]
    items: list[str] = []  # consecutive "- " bullets form one list
    for bullet in section.bullets:
        line = _bullet(bullet, notes)
        if bullet.dash:
            items.append(line)
            continue
        blocks.extend(["\n".join(items), line])
        items = []
    blocks.append("\n".join(items))
    return blocks


def _bullet(bullet: Bullet, notes: list[str]) -> str:
    """``- text[^1].``: markers before the closing stop, as in the Word file."""
    text, stop = bullet.split_stop()
    markers = ""
    for note in bullet.footnotes:
        notes.append(note)
        markers += f"[^{len(notes)}]"
    body = escape(text) if bullet.dash else paragraph(text)
    mark = "" if bullet.approved else f" *({escape(t('report.unapproved_mark'))})*"
    return ("- " if bullet.dash else "") + body + markers + stop + mark


def _part2(doc: ReportDocument) -> list[str]:
    intro, tasks = doc.part2_closed()
    numbered = "\n".join(f"{n}. {escape(task)}" for n, task in enumerate(tasks, start=1))
    return [f"## {escape(doc.part2_title.upper())}", paragraph(intro), numbered]


def _signature(doc: ReportDocument) -> list[str]:
    recipients = "\n".join(f"- {escape(r)}" for r in doc.recipients)
    titles = _lines(*(_bold(title.upper()) for title in doc.signer_titles))
    label = f"***{escape(t('report.recipients_label'))}***"
    return [label, recipients, titles, _bold(doc.signer_name)]


def _annex(annex: AnnexTable, label: str, issued_with: str) -> list[str]:
    """Label, upper-case title and the "Kèm theo" line (Decree 30), then the table; a
    row's note follows the indicator's name in brackets."""
    head = "| " + " | ".join(escape(h) for h in annex.headers) + " |"
    rule = "|" + "|".join("---:" if i in annex.nowrap else "---"
                          for i in range(len(annex.headers))) + "|"

    def cell(i: int, n: int, text: str) -> str:
        note = annex.notes.get(n) if i == annex.wide else None
        text = f"{text} ({note})" if note else text
        return escape(text).replace("\n", " ")

    rows = ["| " + " | ".join(cell(i, n, c) for i, c in enumerate(row)) + " |"
            for n, row in enumerate(annex.rows)]
    heading = _lines(_bold(label), _bold(annex.title.upper()),
                     f"*{escape(issued_with)}*" if issued_with else "")
    return [heading, "\n".join([head, rule, *rows])]


def _footnote_definitions(notes: list[str]) -> list[str]:
    return ["\n".join(f"[^{n}]: {escape(note)}" for n, note in enumerate(notes, start=1))]


def _bold(text: str) -> str:
    return f"**{escape(text)}**" if text else ""

"""The "Công văn đôn đốc" as a Word file in the Decree 30 layout of a công văn: the
report's header block with the excerpt "V/v …" under the number, "Kính gửi:", the body,
and the report's "Nơi nhận" and signature block (``report.docx_export``)."""

from __future__ import annotations

import io
from datetime import datetime

from docx.document import Document as DocumentObject
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Cm, Pt

from core.messages import t
from report.docx_export import add_signature, add_text, start_document
from report.reminders import ReminderLetter

ADDRESSEE_INDENT = Cm(3)  # "Kính gửi:" block, as hand-made letters place it
NAMES_INDENT = Cm(4.5)  # the names, one a line, to the right of the label
TOP_SPACE = Pt(12)


def build_reminder_docx(letter: ReminderLetter, now: datetime | None = None) -> bytes:
    """The letter as the bytes of a .docx file (``now``: its creation time)."""
    document = start_document(letter, now, excerpt=letter.subject)
    _add_addressees(document, letter.addressees)
    for index, paragraph in enumerate(letter.paragraphs):
        add_text(document, paragraph, keep_with_next=index == len(letter.paragraphs) - 1
                 and bool(letter.lines))
    for line in letter.lines:
        add_text(document, f"- {line}")
    for request in letter.requests[:1]:
        add_text(document, request, keep_with_next=True)
    for request in letter.requests[1:]:
        add_text(document, f"- {request}")
    add_signature(document, letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_addressees(document: DocumentObject, names: list[str]) -> None:
    """"Kính gửi: X." on one line for one unit; for several, "Kính gửi:" then one
    "- X;" a line, the last ending with "." (Decree 30)."""
    label = t("report.reminder_to")
    if len(names) == 1:
        p = add_text(document, f"{label} {names[0]}.", indent=False)
        p.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        p.paragraph_format.space_before = TOP_SPACE
        return
    p = add_text(document, label, indent=False, keep_with_next=True)
    p.paragraph_format.left_indent = ADDRESSEE_INDENT
    p.paragraph_format.space_before = TOP_SPACE
    p.paragraph_format.space_after = Pt(0)
    for i, name in enumerate(names):
        p = add_text(document, f"- {name}{';' if i < len(names) - 1 else '.'}", indent=False)
        p.paragraph_format.left_indent = NAMES_INDENT
        p.paragraph_format.space_after = Pt(0) if i < len(names) - 1 else Pt(12)

"""From paragraphs to the report's parts: header, numbered sections, tasks, recipients, signer.

The order of work matters: clean each paragraph, rejoin paragraphs cut by a page
break, take footnote texts out of the flow, rejoin again (a footnote printed
mid-page may have stood between the two halves), then walk the paragraphs once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import normalize
from etl.narrative.footnotes import split_definitions, take_marks
from etl.narrative.model import Item, Section, Signer
from etl.narrative.paragraphs import SENTENCE_END, clean, rejoin

_PART = re.compile(r"^(?:PHẦN\s+)?([IVX]{1,4})\s*[.):–-]?\s+(\S.*)$")
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]?\s+(\S.*)$")
_BULLET = re.compile(r"^(?:[-+•–—·▪●○◦]\s+|[-+•–—·▪●○◦](?=[^\d\s]))")
_TASK_NUMBER = re.compile(r"^(?:\d{1,2}|[a-zđ])\s*[.)]\s*(?=\S)")
# "1 Tổ chức …" without the dot: a plain small number and a capital ("05 đoàn …" is a count).
_TASK_NUMBER_BARE = re.compile(r"^[1-9]\d?\s+(?=[^\W\d_])")
_SIGNER_WORDS = ("GIÁM ĐỐC", "CHỦ TỊCH", "TRƯỞNG", "CHÁNH VĂN PHÒNG")
_SIGNER_PREFIX = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\s*\.")
_DOC_END = re.compile(r"\.?\s*/\s*\.\s*$")  # "./." closes an official text
_RECIPIENTS = re.compile(r"(?<!\w)Nơi nhận\s*:", re.IGNORECASE)
# A recipient line with the signer's title of the other column run into it.
_SIGNER_BESIDE = re.compile(
    r"^(.*?[;.,])\s+((?:(?:KT|TM|TL|TUQ|Q)\s*\.\s*)?[A-ZĐÀ-Ỹ .]*"
    r"(?:GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|CHÁNH VĂN PHÒNG)[A-ZĐÀ-Ỹ ]*)$")


@dataclass
class Layout:
    """The report's parts as found, before months and figures."""

    header: list[str] = field(default_factory=list)
    part_titles: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)


def build_layout(paragraphs: list[str], word_footnotes: dict[str, str] | None = None,
                 section_titles: dict[str, str] | None = None) -> Layout:
    """Walk the paragraphs once and sort them into the report's parts.

    ``section_titles`` (normalised catalogue title → section code) finds headings by
    their wording too: a heading that ends with a full stop, one whose number is out of
    sequence (a Word list that numbered 3.2 as 3.1 again) and one whose number was lost
    (a list number the file does not carry) still count, under the catalogue's number.
    """
    body, notes = split_definitions(rejoin(clean(paragraphs)))
    body = rejoin(body)
    notes.update(word_footnotes or {})
    return _Walker(notes, section_titles or {}).walk(body)


class _Walker:
    def __init__(self, notes: dict[str, str], section_titles: dict[str, str]):
        self.layout = Layout(footnotes=notes)
        self.numbering = _Numbering(section_titles)
        self.state = "header"
        self.task_lines: list[tuple[str, str]] = []  # (kind, text) of part II

    def walk(self, paragraphs: list[str]) -> Layout:
        for text in paragraphs:
            self.step(text)
        notes = self.layout.footnotes
        self.layout.tasks = [take_marks(task, notes)[0] for task in _tasks(self.task_lines)]
        return self.layout

    def step(self, text: str) -> None:
        key = normalize(text)
        if self.state != "header" and _is_signer_title(text):
            self._signer_line(text, is_title=True)
            return
        closing = _RECIPIENTS.search(text)
        if closing and closing.start() > 0 and self.state not in ("header", "recipients"):
            # "… ký kết thực hiện./. Nơi nhận: - UBND tỉnh; …" run together in one paragraph
            self.step(text[:closing.start()].strip())
            self.step(text[closing.start():].strip())
            return
        if key.startswith("noi nhan"):
            self.state = "recipients"
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                self._recipient(rest)
            return
        if self.state == "recipients":
            self._recipient(text)
            return
        if self.state == "signer":
            self._signer_line(text)
            return
        part = _PART.match(text)
        if part and _looks_like_part_title(part.group(2)):
            kind = _part_kind(part.group(2))
            if kind == "other" and not self.layout.part_titles:
                kind = "results"  # part I reports the month, whatever its title says
            self.layout.part_titles.append(text)
            self.state = kind
            return
        heading = _HEADING.match(text)
        if self.state in ("header", "results"):
            number, title = (heading.group(1), heading.group(2).strip()) if heading \
                else (None, text)
            accepted = self.numbering.accept(number, title)
            if accepted is not None:
                self.state = "results"
                self.layout.sections.append(Section(accepted, title.rstrip(" .:")))
                return
        if self.state == "header":
            self.layout.header.append(text)
        elif self.state == "results":
            self._item(text)
        elif self.state == "tasks":
            self._task_line(text)
        # paragraphs of other parts ("III. KIẾN NGHỊ") and after the end mark "./." (the
        # signature block, a stray line of the bottom table) have no place in the result

    def _item(self, text: str) -> None:
        if not self.layout.sections:
            return  # text between part I's title and its first heading
        bullet = _BULLET.match(text)
        body = text[bullet.end():].strip() if bullet else text
        body, marks = take_marks(body, self.layout.footnotes)
        self.layout.sections[-1].items.append(Item(body, marks, dash=bool(bullet)))

    def _task_line(self, text: str) -> None:
        number = _TASK_NUMBER.match(text)
        bare = _TASK_NUMBER_BARE.match(text)
        if number is None and bare and text[bare.end()].isupper():
            number = bare
        bullet = _BULLET.match(text)
        if number:
            self.task_lines.append(("number", text[number.end():].strip()))
        elif bullet:
            self.task_lines.append(("bullet", text[bullet.end():].strip()))
        else:
            self.task_lines.append(("plain", text))
        if _DOC_END.search(text):
            self.state = "closed"  # "./." ends the text: what follows is never a task

    def _recipient(self, text: str) -> None:
        bullet = _BULLET.match(text)
        body = text[bullet.end():].strip() if bullet else text
        beside = _SIGNER_BESIDE.match(body)
        if beside:  # the bottom table's two columns on one line: "- UBND tỉnh; PHÓ GIÁM ĐỐC"
            self._recipient(beside.group(1))
            self._signer_line(beside.group(2), is_title=True)
            self.state = "recipients" if self.state == "signer" else self.state
            return
        if not bullet and _is_upper(text):
            self._signer_line(text)
            return
        self.layout.recipients.append(body.rstrip(" ;,."))
        if normalize(body).startswith("luu"):  # "Lưu: VT, VP." is always the last line
            self.state = "signer"

    def _signer_line(self, text: str, is_title: bool = False) -> None:
        self.state = "signer"
        signer = self.layout.signer
        if is_title or (signer.title is None and signer.name is None and _is_upper(text)):
            signer.title = f"{signer.title}\n{text}" if signer.title else text
        elif signer.name is None and not _is_signature_note(text):
            signer.name = text  # after the title, even in capitals: "NGUYỄN HỮU THẮNG"


class _Numbering:
    """Accepts ``1``, ``2``, ``2.1``, ``2.2`` … in sequence, so a sentence that happens to
    start with a number stays a sentence; and a catalogue section's own title, numbered out
    of sequence or not numbered at all, under the catalogue's number."""

    def __init__(self, section_titles: dict[str, str]):
        self.path: list[int] = []
        self.titles = section_titles

    def accept(self, number: str | None, title: str) -> str | None:
        """The number the heading is filed under, or None when it is no heading."""
        known = self.titles.get(normalize(title.rstrip(" .:")))
        if number is not None and _looks_like_title(title, set(self.titles)):
            parts = [int(p) for p in number.split(".")]
            if self._follows(parts):
                self.path = parts
                return number
        if known is None or not known.replace(".", "").isdigit() or len(title) > 200:
            return None
        parts = [int(p) for p in known.split(".")]
        if self.path and parts <= self.path:
            return None  # a section already passed: the title quoted in a sentence
        self.path = parts
        return known

    def _follows(self, parts: list[int]) -> bool:
        path = self.path
        top = path[0] if path else 0
        if len(parts) == 1:
            return parts[0] == top + 1
        if len(parts) == 2:
            sub = path[1] if len(path) >= 2 and path[0] == parts[0] else 0
            return (parts[0] == top and parts[1] == sub + 1) or (
                parts[0] == top + 1 and parts[1] == 1)
        return len(path) >= 2 and parts[:2] == path[:2] and parts[2] == (
            path[2] if len(path) == 3 else 0) + 1

def _looks_like_title(title: str, known: set[str]) -> bool:
    first = next((ch for ch in title if ch.isalnum()), "")
    if not first or not first.isupper() or len(title) > 200 or title.endswith(";"):
        return False
    return not title.endswith(".") or normalize(title) in known


def _looks_like_part_title(title: str) -> bool:
    letters = [ch for ch in title if ch.isalpha()]
    return bool(letters) and (title.upper() == title or _part_kind(title) != "other")


def _part_kind(title: str) -> str:
    key = normalize(title)
    if key.startswith(("nhiem vu", "phuong huong", "ke hoach")) or "nhiem vu trong tam" in key:
        return "tasks"
    if key.startswith("ket qua") or "ket qua cong tac" in key:
        return "results"
    return "other"


def _tasks(lines: list[tuple[str, str]]) -> list[str]:
    """Part II lines → tasks: no intro sentence, no group heading above bullets."""
    tasks: list[str] = []
    started = False
    for i, (kind, text) in enumerate(lines):
        nxt = lines[i + 1][0] if i + 1 < len(lines) else None
        if kind == "plain" and not started and text.endswith(":"):
            continue  # "Tháng 02/2023, các phòng … trọng tâm sau đây:"
        if kind == "number" and nxt == "bullet" and not SENTENCE_END.search(text):
            continue  # "1. Công tác quản lý khoa học" over its own bullets
        started = True
        tasks.append(_DOC_END.sub(".", text))
    return tasks


def _is_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text.upper() == text


def _is_signer_title(text: str) -> bool:
    if not _is_upper(text) or len(text) > 60:
        return False
    return bool(_SIGNER_PREFIX.match(text)) or any(w in text for w in _SIGNER_WORDS)


def _is_signature_note(text: str) -> bool:
    key = normalize(text)
    return text.startswith("(") or key in ("da ky", "da ky va dong dau") or key.startswith("ky ")

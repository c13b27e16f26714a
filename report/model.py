"""The report as data: what every renderer (page, Markdown, Word) draws.

Footnotes belong to the bullet that carries them; renderers number them in
document order (1, 2, 3 …), as Word does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.formatting import roman
from core.messages import t


@dataclass
class Bullet:
    text: str
    footnotes: list[str] = field(default_factory=list)  # footnote texts, in marker order
    unit: str | None = None  # org unit code that wrote it
    approved: bool = True  # False: from a submission not yet approved ("chưa duyệt")
    dash: bool = True  # rendered with a leading "- " (the reference has a few plain paragraphs)

    def split_stop(self) -> tuple[str, str]:
        """The text and its closing "." or ";": footnote markers go between the two,
        as in the reference ("… trên các lĩnh vực¹."). An ellipsis is kept whole."""
        text = self.text.rstrip()
        if text.endswith((".", ";")) and not text.endswith(".."):
            return text[:-1], text[-1]
        return text, ""


@dataclass
class ReportSection:
    number: str  # "1", "2", "2.1" … as printed
    title: str
    level: int  # 1 for "1." headings, 2 for "2.1."
    bullets: list[Bullet] = field(default_factory=list)
    edited: bool = False  # wording changed by the office in a draft


@dataclass
class FollowupRow:
    task: str
    status: str  # text as shown: "Hoàn thành" / "Đang thực hiện" / "Chưa thực hiện"
    comment: str = ""


FOLLOWUP_HEADER_KEYS = ("report.col_number", "report.col_task", "report.col_status",
                        "report.col_comment")


@dataclass
class AnnexTable:
    """A data table printed after the signature (Decree 30: annexes follow the document).

    ``title`` as written in running text ("Số liệu chủ yếu tháng 01 năm 2023"); renderers
    print it upper case under the annex's label ("Phụ lục I"). Column widths are the
    renderer's: ``wide`` is the column that takes the width the others leave, ``nowrap``
    the columns whose cells must stay on one line (numbers)."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    wide: int = 1
    nowrap: tuple[int, ...] = ()
    notes: dict[int, str] = field(default_factory=dict)  # row index → a note under its name


@dataclass
class ReportDocument:
    parent_body: str  # "UBND TỈNH QUẢNG TRỊ"
    issuer: str  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    number_label: str  # "Số:    /BC-SKHCN"
    motto_country: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto_slogan: str  # "Độc lập - Tự do - Hạnh phúc"
    place_date: str  # "Quảng Trị, ngày    tháng 01 năm 2023"
    doc_type: str  # "BÁO CÁO"
    subject: str  # "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023"
    part1_title: str  # "I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023"
    sections: list[ReportSection]
    part2_title: str  # "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023"
    part2_intro: str  # "Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung …"
    tasks: list[str]
    recipients: list[str]  # "UBND tỉnh;" … last "Lưu: VT, VP."
    signer_titles: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer_name: str
    summary: str | None = None  # generated paragraph opening part I
    summary_edited: bool = False
    followup_title: str = "Kết quả thực hiện nhiệm vụ trọng tâm tháng trước"
    followup: list[FollowupRow] = field(default_factory=list)
    unapproved_note: str | None = None  # shown when some content is "chưa duyệt"
    period_label: str = ""  # "2023-01", "2023-H1" …
    figures_table: AnnexTable | None = None  # "Số liệu chủ yếu": the period's figures
    issued_with: str = ""  # "(Kèm theo Báo cáo số …/BC-SKHCN ngày … của …)" under annexes
    checks: list[str] = field(default_factory=list)  # "Cần kiểm tra trước khi ký": page only

    def annexes(self) -> list[AnnexTable]:
        """The annexes in document order: the figures, then the plan follow-up."""
        found = [self.figures_table, followup_annex(self) if self.followup else None]
        return [a for a in found if a is not None and a.rows]

    def annex_labels(self) -> list[str]:
        """"Phụ lục" for a single annex; "Phụ lục I", "Phụ lục II" … for two or more
        (Decree 30)."""
        count = len(self.annexes())
        if count == 1:
            return [t("report.annex_label_single")]
        return [t("report.annex_label", number=roman(n)) for n in range(1, count + 1)]

    def annex_reference(self) -> str | None:
        """The body's sentence naming each annex ("Số liệu chủ yếu … tại Phụ lục I; …")."""
        pairs = [t("report.annex_reference_item", title=a.title[:1].lower() + a.title[1:],
                   label=label) for a, label in zip(self.annexes(), self.annex_labels(),
                                                    strict=True)]
        if not pairs:
            return None
        text = t("report.annex_reference", items="; ".join(pairs))
        return text[:1].upper() + text[1:]

    def summary_paragraphs(self) -> list[str]:
        """The summary's paragraphs (one per line of its text, blank lines ignored)."""
        return [line.strip() for line in (self.summary or "").splitlines() if line.strip()]

    def footnotes(self) -> list[str]:
        """Every footnote text in document order (number = index + 1)."""
        return [fn for sec in self.sections for b in sec.bullets for fn in b.footnotes]

    def part2_closed(self) -> tuple[str, list[str]]:
        """Part II intro and tasks with the end-of-text mark "./." (Decree 30) on the
        last of them, added unless the text already carries it."""
        if self.tasks:
            return self.part2_intro, [*self.tasks[:-1], end_mark(self.tasks[-1])]
        return end_mark(self.part2_intro) if self.part2_intro else "", []


def end_mark(text: str) -> str:
    """``text`` ending with "./.": "… thực hiện." → "… thực hiện./."."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text + ("/." if text.endswith(".") else "./.")


def followup_annex(doc: ReportDocument) -> AnnexTable:
    """The plan follow-up as a table like any other annex."""
    rows = [[str(n), row.task, row.status, row.comment]
            for n, row in enumerate(doc.followup, start=1)]
    return AnnexTable(doc.followup_title, [t(k) for k in FOLLOWUP_HEADER_KEYS], rows,
                      wide=1, nowrap=(0,))


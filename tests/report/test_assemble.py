"""The January 2023 report assembled from the sample history, end to end to Word.

The sample's January 2023 is the Department's real report (DOMAIN.md): the assembled
document must carry every figure of it, its structure, its three footnotes as real Word
footnotes on the right bullets and the seven February tasks.
"""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from core.months import ReportPeriod
from report.assemble import assemble_report
from report.docx_export import build_docx
from report.markdown_export import build_markdown
from tests.report.reference_doc import FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3, TASKS, reference_document

# Every figure of DOMAIN.md's table as it is written in the report's bullets.
REFERENCE_FIGURES = [
    ("2.2", "07 dự án đầu tư"),
    ("2.2", "02 đơn vị"),
    ("2.2", "01 cá nhân"),
    ("2.3", "02 hồ sơ công bố hợp chuẩn"),
    ("3.1", "105 tin, bài"),
    ("3.1", "35 văn bản"),
    ("3.1", "01 thông báo"),
    ("3.1", "01 video"),
    ("3.1", "01 Đặc san, 01 Bản tin"),
    ("3.1", "Xây dựng 02 chuyên mục"),
    ("3.1", "Xây dựng 01 chuyên mục KH&CN trên Đài PT-TH"),
    ("3.1", "1.100 kg"),
    ("3.1", "6.000 bịch phôi"),
    ("3.2", "5749 phương tiện đo"),
    ("3.2", "544 mẫu"),
]
SECTION_NUMBERS = ["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "3.1", "3.2"]
FOOTNOTED_BULLETS = [  # bullet opening → its footnote, in document order
    ("Xây dựng và triển khai kế hoạch hoạt động KH&CN năm 2023", FOOTNOTE_1),
    ("Triển khai các kế hoạch, văn bản chỉ đạo của Tỉnh ủy", FOOTNOTE_2),
    ("Góp ý dự thảo văn bản của các đơn vị, địa phương", FOOTNOTE_3),
]


@pytest.fixture(scope="module")
def january(sample_engine):
    return assemble_report(sample_engine, ReportPeriod.parse("2023-01"))


@pytest.fixture(scope="module")
def january_docx(january) -> docx.document.Document:
    return docx.Document(io.BytesIO(build_docx(january)))


def _section(doc, number):
    return next(s for s in doc.sections if s.number == number)


def test_header_subject_and_part_titles(january):
    assert january.parent_body == "UBND TỈNH QUẢNG TRỊ"
    assert january.issuer == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert january.number_label == "Số:    /BC-SKHCN"
    assert january.place_date == "Quảng Trị, ngày    tháng 01 năm 2023"
    assert january.doc_type == "BÁO CÁO"
    assert january.subject == "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023"
    assert january.part1_title == "I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023"
    assert january.part2_title == "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023"
    assert january.part2_intro == ("Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung một số "
                                   "nhiệm vụ trọng tâm sau đây:")
    assert january.recipients[-1] == "Lưu: VT, VP."
    assert january.signer_titles == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert january.signer_name == "Nguyễn Hữu Thắng"
    assert january.unapproved_note is None


def test_section_structure_and_bullets_are_the_references(january):
    reference = reference_document()
    assert [s.number for s in january.sections] == SECTION_NUMBERS
    assert [(s.title, s.level) for s in january.sections] == [
        (s.title, s.level) for s in reference.sections]
    # parent headings 2 and 3 carry no bullets of their own
    assert _section(january, "2").bullets == [] and _section(january, "3").bullets == []
    for ours, theirs in zip(january.sections, reference.sections, strict=True):
        assert [b.text for b in ours.bullets] == [b.text for b in theirs.bullets], ours.number
        assert all(b.approved for b in ours.bullets)


def test_every_reference_figure_is_in_its_section(january):
    for number, written in REFERENCE_FIGURES:
        text = " ".join(b.text for b in _section(january, number).bullets)
        assert written in text, (number, written)


def test_three_footnotes_on_the_right_bullets(january):
    assert january.footnotes() == [FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3]
    carriers = [b for s in january.sections for b in s.bullets if b.footnotes]
    assert [(b.text[:len(opening)], b.footnotes) for b, (opening, _) in
            zip(carriers, FOOTNOTED_BULLETS, strict=True)] == [
        (opening, [note]) for opening, note in FOOTNOTED_BULLETS]
    assert all(b.unit == "VP" for b in carriers)


def test_the_seven_february_tasks(january):
    assert january.tasks == TASKS


def test_the_day_of_the_date_line_when_given(sample_engine):
    doc = assemble_report(sample_engine, ReportPeriod.parse("2023-01"), day=date(2023, 2, 5))
    assert doc.place_date == "Quảng Trị, ngày 05 tháng 02 năm 2023"


def test_year_end_subject_and_unapproved_december(sample_engine):
    doc = assemble_report(sample_engine, ReportPeriod.parse("2023-12"))
    assert doc.subject == "Kết quả công tác tháng 12 năm 2023 và kế hoạch tháng 01 năm 2024"
    assert doc.part2_title == "II. NHIỆM VỤ TRỌNG TÂM THÁNG 01 NĂM 2024"
    # 2023-12 is submitted, not approved: every bullet marked, the note names the units
    bullets = [b for s in doc.sections for b in s.bullets]
    assert bullets and not any(b.approved for b in bullets)
    assert "chưa duyệt" in doc.unapproved_note and "Văn phòng Sở" in doc.unapproved_note
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(build_docx(doc))).paragraphs)
    assert "(chưa duyệt)" in text


def test_nothing_to_report(sample_engine):
    assert assemble_report(sample_engine, ReportPeriod.parse("2019-05")) is None
    with pytest.raises(ValueError):  # a malformed period is refused where it is parsed
        ReportPeriod.parse("2023-13")



def test_given_report_figures_are_used_as_they_are(sample_engine, monkeypatch):
    """A caller that has the period's figures already (the report page) passes them: the
    document is the one assembled without them, and they are not computed again; figures
    that say otherwise show in the document (they are used, not ignored)."""
    import report.assemble
    from report.figures import report_figures
    from store.catalog_store import read_catalog

    period = ReportPeriod.parse("2023-01")
    with sample_engine.connect() as conn:
        given = report_figures(conn, period, read_catalog(conn))
    plain = assemble_report(sample_engine, period)
    monkeypatch.setattr(report.assemble, "report_figures",
                        lambda *args: pytest.fail("computed again"))
    assert assemble_report(sample_engine, period, report_figs=given) == plain
    given.unapproved_units = ["VP"]
    with_note = assemble_report(sample_engine, period, report_figs=given)
    assert with_note.checks != plain.checks
    assert any("Văn phòng Sở" in check for check in with_note.checks)

# --- the Word file -------------------------------------------------------------------------


def _body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_docx_carries_every_figure_and_the_structure_in_order(january_docx):
    text = _body_text(january_docx)
    for _, written in REFERENCE_FIGURES:
        assert written in text, written
    headings = ["I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023", "1. Công tác tham mưu, tổng hợp",
                "2. Công tác quản lý các hoạt động KH&CN", "2.1. Công tác quản lý KH&CN",
                "2.2. ", "2.3. ", "2.4. Công tác thanh tra", "2.5. ",
                "3. Hoạt động của các đơn vị sự nghiệp", "3.1. Trung tâm Nghiên cứu",
                "3.2. Trung tâm Kỹ thuật", "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for number, task in enumerate(TASKS, start=1):
        assert f"{number}. {task[:40]}" in text
    tables = "\n".join(c.text for t in january_docx.tables for r in t.rows for c in r.cells)
    assert "UBND TỈNH QUẢNG TRỊ" in tables and "Nguyễn Hữu Thắng" in tables


def test_docx_footnotes_are_real_word_footnotes_on_the_right_paragraphs(january_docx):
    part = january_docx.part
    rels = [r for r in part.rels.values() if r.reltype.endswith("/relationships/footnotes")]
    assert len(rels) == 1
    footnotes_part = rels[0].target_part
    assert footnotes_part.partname == "/word/footnotes.xml"
    assert footnotes_part.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")
    from lxml import etree

    root = etree.fromstring(footnotes_part.blob)
    notes = {}
    for note in root.findall(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
            continue
        notes[note.get(qn("w:id"))] = "".join(x.text or "" for x in note.iter(qn("w:t"))).strip()
    assert sorted(notes.values()) == sorted([FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3])
    references = []
    for paragraph in january_docx.paragraphs:
        for ref in paragraph._p.iter(qn("w:footnoteReference")):
            references.append((paragraph.text, notes[ref.get(qn("w:id"))]))
    assert len(references) == 3
    for (paragraph_text, note), (opening, expected) in zip(references, FOOTNOTED_BULLETS,
                                                           strict=True):
        assert opening in paragraph_text
        assert note == expected


def test_markdown_has_the_footnotes_as_references(january):
    text = build_markdown(january)
    assert re.findall(r"\[\^(\d+)\]:", text) == ["1", "2", "3"]
    assert "5749 phương tiện đo" in text

"""Reminders for late and missing units (report/reminders.py, report/reminder_docx.py):
who gets one, what each text says, and the "Công văn đôn đốc" in Word.

The grids are built here from status rows of our own making through the one deadline rule
(``analytics.completeness.classify``); expected days and dates are worked out by hand."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import docx
import pandas as pd
import pytest
from lxml import etree

from analytics import completeness
from core.catalog import load_catalog
from core.months import Month
from core.timezone import VN_TZ
from report.reminder_docx import build_reminder_docx
from report.reminders import (
    Letterhead,
    Reminder,
    reminder_letter,
    reminder_text,
    reminders_for,
    status_phrase,
)
from store.queries import STATUS_COLUMNS

CATALOG = load_catalog()
NAMES = {u.code: u.name for u in CATALOG.units}
JAN = Month(2023, 1)
HEAD = Letterhead(parent_body="UBND TỈNH QUẢNG TRỊ", issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                  issuer_name="Sở Khoa học và Công nghệ", number_label="Số:    /SKHCN-VP",
                  place="Quảng Trị", recipients=["Như trên;", "Lưu: VT, VP."],
                  signer_titles=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], signer_name="Người Ký")


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


def status(*rows: tuple) -> pd.DataFrame:
    """Rows (unit, month text, status of the newest version, newest version, count, first
    submission time) as ``store.queries.submission_status`` gives them."""
    frame = pd.DataFrame(
        [(u, p, s, v, n, first, first, s == "approved") for u, p, s, v, n, first in rows],
        columns=list(STATUS_COLUMNS))
    frame["first_submitted_at"] = pd.to_datetime(frame["first_submitted_at"], utc=True)
    return frame


def grid(rows: tuple, months=(JAN,), days: int | dict = 5, now: datetime | None = None):
    return completeness.classify(status(*rows), CATALOG, list(months), days, now=now)


# January 2023, deadline: end of 05/02/2023 (Vietnam time); "now" is 08/02/2023.
JANUARY = (
    ("VP", "2023-01", "approved", 1, 1, vn(2023, 2, 3, 9)),  # on time: nothing
    ("QLKH", "2023-01", "approved", 1, 1, vn(2023, 2, 8, 8)),  # late 3 days, approved
    ("QLCN", "2023-01", "returned", 2, 2, vn(2023, 2, 4, 9)),  # returned, first on time
    ("TDC", "2023-01", "returned", 1, 1, vn(2023, 2, 6, 0, 1)),  # returned, late 1 day
    ("TTRA", "2023-01", "submitted", 1, 1, vn(2023, 2, 5, 23, 59)),  # last minute: on time
    ("KHTC", "2023-01", "submitted", 1, 1, vn(2023, 2, 7, 15)),  # late 2 days, not reviewed
)  # TTUD and TTKT sent nothing
NOW = vn(2023, 2, 8, 10)


def test_every_late_returned_or_missing_unit_gets_one_on_time_units_none() -> None:
    found = reminders_for(grid(JANUARY, now=NOW), JAN, NAMES, NOW)
    assert [(r.unit, r.kind, r.days) for r in found] == [
        ("QLKH", "late", 3), ("QLCN", "returned", None), ("TDC", "returned", 1),
        ("KHTC", "late", 2), ("TTUD", "missing", 3), ("TTKT", "missing", 3)]
    assert all(r.deadline == date(2023, 2, 5) and r.rule_days == 5 for r in found)
    assert [r.first_submitted for r in found] == [
        date(2023, 2, 8), date(2023, 2, 4), date(2023, 2, 6), date(2023, 2, 7), None, None]
    assert [r.version for r in found] == [1, 2, 1, 1, None, None]
    assert [r.unit_name for r in found] == [NAMES[r.unit] for r in found]


def test_each_text_names_unit_month_deadline_and_what_is_missing() -> None:
    texts = {r.unit: reminder_text(r) for r in reminders_for(grid(JANUARY, now=NOW), JAN,
                                                               NAMES, NOW)}
    for unit, text in texts.items():
        lines = text.splitlines()
        assert lines[0] == f"Kính gửi: {NAMES[unit]}."
        assert lines[1] == ("Theo quy định, báo cáo số liệu tháng 01/2023 gửi chậm nhất hết "
                            "ngày 05/02/2023 (5 ngày sau ngày cuối tháng, giờ Việt Nam).")
        assert lines[-1] == "Trân trọng."
        assert "None" not in text and "nan" not in text
    assert ("Tình trạng báo cáo tháng 01/2023 của đơn vị: đã gửi báo cáo ngày 08/02/2023, "
            "trễ 3 ngày so với hạn.") in texts["QLKH"]
    assert "ở các tháng tiếp theo" in texts["QLKH"]
    assert "đã quá hạn 3 ngày" in texts["TTUD"] and "khẩn trương gửi" in texts["TTUD"]
    assert "(phiên bản 2) đã được trả lại để chỉnh sửa" in texts["QLCN"]
    assert "trễ" not in texts["QLCN"] and "gửi lại báo cáo tháng 01/2023" in texts["QLCN"]
    assert "(bản đầu tiên gửi ngày 06/02/2023, trễ 1 ngày)" in texts["TDC"]


@pytest.mark.parametrize(("now", "phrase"), [
    (vn(2023, 2, 3, 10), "chưa gửi báo cáo, còn 2 ngày đến hạn"),
    (vn(2023, 2, 5, 23, 0), "chưa gửi báo cáo, hôm nay là ngày cuối của hạn gửi"),
    (vn(2023, 2, 6, 0, 30), "chưa gửi báo cáo, đã quá hạn 1 ngày"),
])
def test_a_unit_without_a_version_is_reminded_before_and_after_the_deadline(now, phrase
                                                                            ) -> None:
    (reminder,) = reminders_for(grid((), now=now), JAN, NAMES, now)[:1]
    assert reminder.unit == "VP" and status_phrase(reminder) == phrase
    text = reminder_text(reminder)
    assert phrase in text
    before = now < vn(2023, 2, 6)
    assert ("trong thời hạn nêu trên" in text) == before
    assert ("khẩn trương" in text) == (not before)


def test_only_the_chosen_month_and_its_own_deadline_rule() -> None:
    """December 2022 under a 3-day rule, January 2023 under a 0-day rule (due on the
    month's last day): one unit late in each; only the chosen month's is listed."""
    rows = (("VP", "2022-12", "approved", 1, 1, vn(2023, 1, 4, 8)),  # 1 day after 03/01
            ("VP", "2023-01", "approved", 1, 1, vn(2023, 2, 1, 8)))  # 1 day after 31/01
    g = grid(rows, months=(Month(2022, 12), JAN), days={Month(2022, 12): 3, JAN: 0},
             now=NOW)
    january = reminders_for(g, JAN, NAMES, NOW)
    assert [(r.unit, r.kind, r.month) for r in january if r.unit == "VP"] == \
        [("VP", "late", JAN)]
    vp = next(r for r in january if r.unit == "VP")
    assert (vp.deadline, vp.rule_days, vp.days) == (date(2023, 1, 31), 0, 1)
    assert "hết ngày 31/01/2023 (ngày cuối tháng, giờ Việt Nam)" in reminder_text(vp)
    december = reminders_for(g, Month(2022, 12), NAMES, NOW)
    vp = next(r for r in december if r.unit == "VP")
    assert (vp.deadline, vp.rule_days, vp.days, vp.month) == \
        (date(2023, 1, 3), 3, 1, Month(2022, 12))
    assert "tháng 12/2022" in reminder_text(vp) and "tháng 01/2023" not in reminder_text(vp)


def test_all_on_time_or_empty_gives_nothing() -> None:
    on_time = tuple((u.code, "2023-01", "submitted", 1, 1, vn(2023, 2, 1, 9))
                    for u in CATALOG.reporting_units(JAN))
    assert reminders_for(grid(on_time, now=NOW), JAN, NAMES, NOW) == []
    assert reminders_for(grid((), months=(), now=NOW), JAN, NAMES, NOW) == []
    assert reminders_for(grid(on_time, now=NOW), Month(2023, 2), NAMES, NOW) == []
    assert reminder_letter([], HEAD, JAN, NOW) is None


def test_unit_names_are_text_never_markup_or_placeholders() -> None:
    hostile = "<b>Phòng {month}</b> *A* & `x` \\ 100%"
    found = reminders_for(grid((), now=NOW), JAN, {**NAMES, "VP": hostile, "TTKT": ""}, NOW)
    vp = next(r for r in found if r.unit == "VP")
    assert reminder_text(vp).splitlines()[0] == f"Kính gửi: {hostile}."
    assert next(r for r in found if r.unit == "TTKT").unit_name == "TTKT"  # no name: code
    letter = reminder_letter(found, HEAD, JAN, NOW)
    data = build_reminder_docx(letter, NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        etree.fromstring(z.read("word/document.xml"))  # well-formed XML
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert f"- {hostile};" in paragraphs


def _all_text(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            out += [p.text for p in cell.paragraphs]
    return out


def test_the_letter_names_every_unit_and_asks_what_each_kind_needs() -> None:
    found = reminders_for(grid(JANUARY, now=NOW), JAN, NAMES, NOW)
    letter = reminder_letter(found, HEAD, JAN, NOW)
    assert letter.addressees == [r.unit_name for r in found]
    assert letter.place_date == "Quảng Trị, ngày    tháng 02 năm 2023"
    assert letter.subject == "V/v đôn đốc gửi báo cáo số liệu tháng 01/2023"
    assert letter.paragraphs[0].endswith(
        "chậm nhất 5 ngày sau ngày cuối tháng; hạn gửi báo cáo tháng 01/2023 là hết ngày "
        "05/02/2023.")
    assert letter.paragraphs[1] == ("Đến ngày 08/02/2023, tình hình gửi báo cáo tháng "
                                    "01/2023 của các đơn vị như sau:")
    assert [line.split(":")[0] for line in letter.lines] == letter.addressees
    assert all(line.endswith(";") for line in letter.lines[:-1])
    assert letter.lines[-1].endswith("đã quá hạn 3 ngày.")
    assert letter.requests[0] == ("Để kịp thời tổng hợp báo cáo tháng, Sở Khoa học và Công "
                                  "nghệ đề nghị:")
    assert [r.split(" ")[3] for r in letter.requests[1:]] == ["chưa", "có", "gửi"]
    assert letter.requests[-1].endswith("./.") and letter.requests[1].endswith(";")

    document = docx.Document(io.BytesIO(build_reminder_docx(letter, NOW)))
    text = _all_text(document)
    for expected in ("UBND TỈNH QUẢNG TRỊ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số:    /SKHCN-VP",
                     letter.subject, "Quảng Trị, ngày    tháng 02 năm 2023", "Kính gửi:",
                     "KT. GIÁM ĐỐC", "Người Ký", "- Như trên;", "- Lưu: VT, VP."):
        assert expected in text, expected
    for name in letter.addressees[:-1]:
        assert f"- {name};" in text
    assert f"- {letter.addressees[-1]}." in text
    for line in letter.lines:
        assert f"- {line}" in text
    assert sum("./." in x for x in text) == 1
    assert NAMES["VP"] not in " ".join(text) and NAMES["TTRA"] not in " ".join(text)
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[-1].text == letter.subject  # under the number
    assert document.core_properties.title == f"Công văn {letter.subject}"


def test_only_late_units_one_ask_and_pending_counts_as_not_sent() -> None:
    late = (("VP", "2023-01", "approved", 1, 1, vn(2023, 2, 7, 9)),)
    found = [r for r in reminders_for(grid(late, now=NOW), JAN, NAMES, NOW)
             if r.unit == "VP"]
    letter = reminder_letter(found, HEAD, JAN, NOW)
    assert len(letter.requests) == 2 and "trễ hạn" in letter.requests[1]
    assert letter.requests[1].endswith("./.")
    early = vn(2023, 2, 2, 9)
    pending = reminders_for(grid((), now=early), JAN, NAMES, early)
    assert {r.kind for r in pending} == {"pending"}
    letter = reminder_letter(pending, HEAD, JAN, early)
    assert len(letter.requests) == 2 and "chưa gửi báo cáo" in letter.requests[1]


def test_a_single_unit_is_addressed_on_one_line() -> None:
    one = [Reminder("TTKT", "Trung tâm X", JAN, "missing", date(2023, 2, 5), 5, days=4)]
    document = docx.Document(io.BytesIO(build_reminder_docx(
        reminder_letter(one, HEAD, JAN, NOW), NOW)))
    text = [p.text for p in document.paragraphs]
    assert "Kính gửi: Trung tâm X." in text and "Kính gửi:" not in text
    assert "- Trung tâm X: chưa gửi báo cáo, đã quá hạn 4 ngày." in text


def test_the_date_line_is_the_vietnam_month_of_writing() -> None:
    """01:00 on 1 March in Vietnam is still 28 February in UTC."""
    now = vn(2023, 3, 1, 1)
    found = reminders_for(grid((), now=now), JAN, NAMES, now)
    letter = reminder_letter(found, HEAD, JAN, now)
    assert letter.place_date == "Quảng Trị, ngày    tháng 3 năm 2023"
    assert letter.paragraphs[1].startswith("Đến ngày 01/03/2023,")


def test_letterhead_from_the_settings_valid_on_the_day_of_writing(small_engine) -> None:
    from actions.settings import change_setting
    from report.reminders import read_letterhead
    from tests.actors import ADMINISTRATOR

    change_setting(small_engine, ADMINISTRATOR, "report_signer_name", "Người Ký Mới",
                   date(2025, 7, 1))
    change_setting(small_engine, ADMINISTRATOR, "reminder_number_label", "Số:   /SKHCN-KHTC",
                   date(2025, 7, 1))
    change_setting(small_engine, ADMINISTRATOR, "reminder_recipients",
                   ["Như trên;", "Lưu: VT, VP, TTRA."], date(2025, 7, 1))
    change_setting(small_engine, ADMINISTRATOR, "report_issuer_name",
                   "Sở Khoa học và Công nghệ tỉnh Quảng Trị", date(2025, 7, 1))
    with small_engine.connect() as conn:
        old = read_letterhead(conn, date(2025, 6, 30))
        new = read_letterhead(conn, date(2025, 7, 1))
    assert (old.signer_name, old.number_label) == ("Nguyễn Hữu Thắng", "Số:    /SKHCN-VP")
    assert old.recipients == ["Như trên;", "GĐ, các PGD Sở (để b/c);", "Lưu: VT, VP."]
    assert (new.signer_name, new.number_label) == ("Người Ký Mới", "Số:   /SKHCN-KHTC")
    assert new.recipients == ["Như trên;", "Lưu: VT, VP, TTRA."]
    assert old.signer_titles == new.signer_titles == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert (old.parent_body, old.issuer, old.place) == \
        ("UBND TỈNH QUẢNG TRỊ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Quảng Trị")
    found = reminders_for(grid((), now=NOW), JAN, NAMES, NOW)
    letter = reminder_letter(found, new, JAN, NOW)
    assert letter.number_label == "Số:   /SKHCN-KHTC" and letter.signer_name == "Người Ký Mới"
    assert "Sở Khoa học và Công nghệ tỉnh Quảng Trị đề nghị:" in letter.requests[0]


def test_the_letter_layout_follows_the_decree_30_letter_form() -> None:
    """Addressees indented without a first-line indent, each but the last with no space
    under it; body paragraphs with the 1,27 cm first-line indent; the lines that introduce
    a list stay on the page of the list; the excerpt 12 pt under the number."""
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Cm, Pt

    found = reminders_for(grid(JANUARY, now=NOW), JAN, NAMES, NOW)
    letter = reminder_letter(found, HEAD, JAN, NOW)
    document = docx.Document(io.BytesIO(build_reminder_docx(letter, NOW)))
    paragraphs = {p.text: p for p in document.paragraphs}
    to = paragraphs["Kính gửi:"]
    def close(length, cm: float) -> bool:  # lengths are stored in twips
        return length is not None and abs(length - Cm(cm)) < Cm(0.01)

    assert close(to.paragraph_format.left_indent, 3)
    assert to.paragraph_format.space_before == Pt(12)
    assert to.paragraph_format.keep_with_next
    names = [paragraphs[f"- {n}{';' if i < len(found) - 1 else '.'}"]
             for i, n in enumerate(letter.addressees)]
    assert all(close(p.paragraph_format.left_indent, 4.5) for p in names)
    assert all(p.paragraph_format.first_line_indent == 0 for p in [to, *names])
    assert [p.paragraph_format.space_after for p in names] == \
        [Pt(0)] * (len(names) - 1) + [Pt(12)]
    rule, status = (paragraphs[x] for x in letter.paragraphs)
    assert close(rule.paragraph_format.first_line_indent, 1.27)
    assert not rule.paragraph_format.keep_with_next and status.paragraph_format.keep_with_next
    assert paragraphs[letter.requests[0]].paragraph_format.keep_with_next
    for text in [f"- {x}" for x in letter.lines + letter.requests[1:]]:
        assert close(paragraphs[text].paragraph_format.first_line_indent, 1.27)
        assert not paragraphs[text].paragraph_format.keep_with_next
    excerpt = document.tables[0].cell(1, 0).paragraphs[-1]
    assert excerpt.runs[0].font.size == Pt(12) and not excerpt.runs[0].font.bold
    assert excerpt.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER
    one = [Reminder("TTKT", "Trung tâm X", JAN, "late", date(2023, 2, 5), 5, days=1,
                    first_submitted=date(2023, 2, 6))]
    single = docx.Document(io.BytesIO(build_reminder_docx(
        reminder_letter(one, HEAD, JAN, NOW), NOW)))
    line = next(p for p in single.paragraphs if p.text.startswith("Kính gửi:"))
    assert line.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER
    assert line.paragraph_format.space_before == Pt(12)
    assert line.paragraph_format.first_line_indent == 0

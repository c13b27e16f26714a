"""Report structure from text: headings, bullets, months, footnotes, tasks, signature."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from narrative_samples import REFERENCE

from core.catalog import Catalog
from core.messages import t
from core.months import Month
from etl.narrative import NarrativeError, ParsedReport, parse_report
from etl.narrative.paragraphs import clean, rejoin

HEADER = """Số: 15/BC-SKHCN
Quảng Trị, ngày 05 tháng 02 năm 2023
BÁO CÁO
Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023
"""

SIGNATURE = """Nơi nhận:
- UBND tỉnh;
- Lưu: VT, VP.
GIÁM ĐỐC
NGUYỄN VĂN AN
"""


def parse(text: str, catalog: Catalog, month: Month | None = None) -> ParsedReport:
    return parse_report(text.encode("utf-8"), "bao-cao.txt", month=month, catalog=catalog)


def test_headings_without_trailing_dot(catalog: Catalog) -> None:
    text = HEADER + """I KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1 Công tác tham mưu, tổng hợp
- Xây dựng kế hoạch năm 2023.
2 Công tác quản lý các hoạt động KH&CN
2.1 Công tác quản lý KH&CN cấp tỉnh và cấp cơ sở
- Ký hợp đồng thực hiện các nhiệm vụ.
2.2 Công tác quản lý công nghệ và sở hữu trí tuệ
- Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.
II NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023
1 Tổ chức thực hiện kế hoạch năm 2023.
""" + SIGNATURE
    report = parse(text, catalog)
    assert [s.number for s in report.sections] == ["1", "2", "2.1", "2.2"]
    assert report.section("2.1").title == "Công tác quản lý KH&CN cấp tỉnh và cấp cơ sở"
    assert report.section("2.2").items[0].text.startswith("Tham gia ý kiến")
    assert report.tasks == ["Tổ chức thực hiện kế hoạch năm 2023."]
    assert [(f.value, f.indicator) for f in report.figures] == [(7, "QLCN_THAMDINH_CN")]


def test_bullet_kinds(catalog: Catalog) -> None:
    text = HEADER + """I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Gạch đầu dòng.
+ Dấu cộng.
• Chấm tròn.
-Dính liền.
* Dấu sao.
Đoạn văn không có dấu đầu dòng.
""" + SIGNATURE
    items = parse(text, catalog).section("1").items
    assert [(i.text, i.dash) for i in items] == [
        ("Gạch đầu dòng.", True), ("Dấu cộng.", True), ("Chấm tròn.", True),
        ("Dính liền.", True), ("Dấu sao.", True), ("Đoạn văn không có dấu đầu dòng.", False),
    ]


def test_a_numbered_sentence_inside_a_section_stays_an_item(catalog: Catalog) -> None:
    text = HEADER + """I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
2. Công tác quản lý các hoạt động KH&CN
2.1. Công tác quản lý KH&CN cấp tỉnh và cấp cơ sở
1. Đã ký hợp đồng thực hiện 03 nhiệm vụ.
2023 là năm bản lề.
""" + SIGNATURE
    report = parse(text, catalog)
    assert [s.number for s in report.sections] == ["1", "2", "2.1"]
    assert [i.text for i in report.section("2.1").items] == [
        "1. Đã ký hợp đồng thực hiện 03 nhiệm vụ.", "2023 là năm bản lề."]


def test_part_one_under_another_title(catalog: Catalog) -> None:
    text = HEADER + """I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Một ý.
II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 02 NĂM 2023
- Một việc.
"""
    report = parse(text, catalog)
    assert [(s.number, len(s.items)) for s in report.sections] == [("1", 1)]
    assert report.tasks == ["Một việc."]


def test_header_number_date_line_recipients_and_signer(catalog: Catalog) -> None:
    text = HEADER + """I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Một ý.
""" + SIGNATURE
    report = parse(text, catalog)
    assert report.number == "15/BC-SKHCN"
    assert report.date_line == "Quảng Trị, ngày 05 tháng 02 năm 2023"
    assert report.recipients == ["UBND tỉnh", "Lưu: VT, VP"]
    assert (report.signer.title, report.signer.name) == ("GIÁM ĐỐC", "NGUYỄN VĂN AN")


def december(text: str, year_twice: bool = True) -> str:
    subject = ("Kết quả công tác tháng 12 năm 2023 và kế hoạch tháng 01 năm 2024" if year_twice
               else "Kết quả công tác tháng 12 và kế hoạch tháng 01 năm 2024")
    return (text.replace("Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023", subject)
            .replace("THÁNG 01 NĂM 2023", "THÁNG 12 NĂM 2023")
            .replace("THÁNG 02 NĂM 2023", "THÁNG 01 NĂM 2024")
            .replace("Tháng 02/2023", "Tháng 01/2024"))


@pytest.mark.parametrize("year_twice", [True, False])
def test_a_december_report_plans_january_of_the_next_year(catalog: Catalog,
                                                          year_twice: bool) -> None:
    report = parse(december(REFERENCE.read_text(encoding="utf-8"), year_twice), catalog)
    assert (report.month, report.next_month) == (Month(2023, 12), Month(2024, 1))
    assert len(report.tasks) == 7
    assert len(report.sections) == 10


def test_month_from_the_part_titles_when_the_subject_is_missing(catalog: Catalog) -> None:
    text = """BÁO CÁO
I. KẾT QUẢ CÔNG TÁC THÁNG 6 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Một ý.
II. NHIỆM VỤ TRỌNG TÂM THÁNG 7 NĂM 2023
1. Một việc.
"""
    report = parse(text, catalog)
    assert (report.month, report.next_month) == (Month(2023, 6), Month(2023, 7))


def test_month_given_overrides_the_text(catalog: Catalog) -> None:
    report = parse(REFERENCE.read_text(encoding="utf-8"), catalog, month=Month(2023, 3))
    assert (report.month, report.next_month) == (Month(2023, 3), Month(2023, 4))


def test_no_month_found_and_none_given(catalog: Catalog) -> None:
    text = "1. Công tác tham mưu, tổng hợp\n- Một ý.\n"
    with pytest.raises(NarrativeError) as err:
        parse(text, catalog)
    assert err.value.message == t("narrative.no_month", file="bao-cao.txt")
    # the same text with the month given parses
    assert parse(text, catalog, month=Month(2023, 1)).section("1").items[0].text == "Một ý."


def test_text_that_is_no_report(catalog: Catalog) -> None:
    with pytest.raises(NarrativeError) as err:
        parse("Kết quả công tác tháng 01 năm 2023.\nMột đoạn văn.\n", catalog)
    assert err.value.message == t("narrative.no_structure", file="bao-cao.txt")


def test_bracket_footnotes_at_the_end(catalog: Catalog) -> None:
    text = HEADER + """I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Triển khai các kế hoạch[1] và văn bản chỉ đạo[2].
- Cải tạo 100 m² phòng thí nghiệm.
""" + SIGNATURE + """[1] Gồm: Kế hoạch số 03/KH-UBND.
[2] Gồm: Chỉ thị 24-CT/TU
ngày 14/12/2022.
"""
    report = parse(text, catalog)
    items = report.section("1").items
    assert (items[0].text, items[0].footnotes) == (
        "Triển khai các kế hoạch và văn bản chỉ đạo.", ["1", "2"])
    assert (items[1].text, items[1].footnotes) == ("Cải tạo 100 m² phòng thí nghiệm.", [])
    assert [(f.marker, f.text) for f in report.footnotes] == [
        ("1", "Gồm: Kế hoạch số 03/KH-UBND."), ("2", "Gồm: Chỉ thị 24-CT/TU ngày 14/12/2022.")]
    assert report.signer.name == "NGUYỄN VĂN AN"


def test_tasks_grouped_under_headings_and_a_third_part(catalog: Catalog) -> None:
    text = HEADER + """I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023
1. Công tác tham mưu, tổng hợp
- Một ý.
II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023
Tháng 02/2023, các phòng, đơn vị tập trung các nhiệm vụ sau:
1. Công tác quản lý khoa học
- Xét chọn nhiệm vụ năm 2023.
- Ký hợp đồng.
2. Tổ chức kiểm tra dịp Tết./.
III. KIẾN NGHỊ, ĐỀ XUẤT
- Đề nghị UBND tỉnh bổ sung kinh phí.
""" + SIGNATURE
    report = parse(text, catalog)
    assert report.tasks == ["Xét chọn nhiệm vụ năm 2023.", "Ký hợp đồng.",
                            "Tổ chức kiểm tra dịp Tết."]
    assert [s.number for s in report.sections] == ["1"]


def test_clean_strips_emphasis_and_invisible_characters() -> None:
    assert clean(["\ufeff**KT.GIÁM ĐỐC", "  “*Quy định*  một\u00a0số ”", "", "## 2.1. Mục"]) == [
        "KT.GIÁM ĐỐC", "“Quy định một số ”", "2.1. Mục"]


@pytest.mark.parametrize(("paragraphs", "joined"), [
    (["… ứng dụng, nhân", "rộng các kết quả …"], ["… ứng dụng, nhân rộng các kết quả …"]),
    (["Hết câu.", "chữ thường: đoạn mới"], ["Hết câu.", "chữ thường: đoạn mới"]),
    (["Không dấu câu", "Chữ hoa là đoạn mới"], ["Không dấu câu", "Chữ hoa là đoạn mới"]),
    (["Không dấu câu", "- gạch đầu dòng"], ["Không dấu câu", "- gạch đầu dòng"]),
])
def test_rejoin(paragraphs: list[str], joined: list[str]) -> None:
    assert rejoin(paragraphs) == joined


_LINES = st.sampled_from([
    "I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023", "II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023",
    "1. Công tác tham mưu, tổng hợp", "2.1. Công tác quản lý", "- Tham gia 07 dự án.",
    "¹ Gồm: kế hoạch", "lĩnh vực¹.", "[2] Ghi chú", "Nơi nhận:", "- Lưu: VT, VP.",
    "KT.GIÁM ĐỐC", "Nguyễn Văn An", "", "*", "2023", "rộng các kết quả",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=25))
def test_any_text_parses_or_says_why(catalog: Catalog, lines: list[str]) -> None:
    """Whatever the text, the result is a report or a NarrativeError, never a crash."""
    text = "Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023\n" + "\n".join(lines)
    try:
        report = parse(text, catalog)
    except NarrativeError as err:
        assert err.message
    else:
        assert report.to_json()["month"] == "2023-01"

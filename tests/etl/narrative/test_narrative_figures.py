"""Which numbers in a sentence are figures: tables of input → expected output."""

from __future__ import annotations

import pytest

from core.catalog import Catalog
from core.months import Month
from etl.narrative.figures import NounLexicon, find_numbers, sentence_at
from etl.narrative.matching import FigureMatcher
from etl.narrative.model import Item, Section


@pytest.fixture(scope="module")
def lexicon(catalog: Catalog) -> NounLexicon:
    return NounLexicon(i.unit for i in catalog.indicators)


FIGURES = [
    # text, value, noun as written, qualifier
    ("Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", 7, "dự án", None),
    ("cấp giấy phép đối với 02 đơn vị;", 2, "đơn vị", None),
    ("đối với 01 cá nhân.", 1, "cá nhân", None),
    ("là 5749 phương tiện đo.", 5749, "phương tiện đo", None),
    ("là 5.749 phương tiện đo.", 5749, "phương tiện đo", None),
    ("giống nấm các loại (1.100 kg);", 1100, "kg", None),
    ("giống nấm các loại (1100 kg);", 1100, "kg", None),
    ("nấm sò (6.000 bịch phôi).", 6000, "bịch", None),
    ("giải ngân 1.234,5 triệu đồng", 1234.5, "triệu đồng", None),
    ("thu 1.234.567 đồng", 1234567, "đồng", None),  # "thu", not the ordinal "thứ"
    ("sản xuất nấm 120 kg", 120, "kg", None),  # "nấm", not the year word "năm"
    ("hướng dẫn hơn 20 doanh nghiệp", 20, "doanh nghiệp", "more_than"),
    ("trên 100 lượt truy cập", 100, "lượt", "more_than"),
    ("khoảng 30 người tham dự", 30, "người", "about"),
    ("gần 50 mẫu", 50, "mẫu", "about"),
    ("ước tính 300 lượt", 300, "lượt", "about"),
    ("tỷ lệ giải ngân đạt 96,15%", 96.15, "%", None),
    ("Cập nhật tin bài: 105 tin, bài;", 105, "tin, bài", None),
    ("Ấn phẩm: 01 Đặc san", 1, "Đặc san", None),
    ("nhập 100kg gạo", 100, "kg", None),
    ("với tổng số 25 đơn vị", 25, "đơn vị", None),
    ("thử nghiệm 2000 mẫu", 2000, "mẫu", None),  # a year-like number with a counting noun
    ("05 gian hàng tại hội chợ", 5, "gian hàng", None),  # a noun not in any list
    # "cấp" before a number and a counting noun is the verb "to grant", not a grade
    ("cấp 03 giấy phép tiến hành công việc bức xạ", 3, "giấy phép", None),
    ("Cấp 02 Chứng chỉ nhân viên bức xạ", 2, "Chứng chỉ", None),
    ("CẤP 12 GIẤY CHỨNG NHẬN", 12, "GIẤY CHỨNG NHẬN", None),
    ("trình UBND tỉnh cấp 02 giấy phép", 2, "giấy phép", None),
    ("cấp 1.250 giấy chứng nhận", 1250, "giấy chứng nhận", None),
    ("cấp hơn 20 văn bằng", 20, "văn bằng", "more_than"),
    ("đã cấp 0 giấy phép", 0, "giấy phép", None),
    # a date word before a number that cannot be that date part
    ("trong tháng 6.215 phương tiện đo", 6215, "phương tiện đo", None),
    ("lũy kế 4 tháng đầu năm 20.423 phương tiện đo", 20423, "phương tiện đo", None),
    ("trong tháng 45 hồ sơ", 45, "hồ sơ", None),
]

NOT_FIGURES = [
    # dates
    "kỷ niệm (20/01/1950 - 20/01/2021)",
    "lấy ngày 20/01 hàng năm",
    "trong tháng 01/2023 là",
    "Báo cáo tháng 01/2023",
    "Xuất bản Đặc san KH&CN số 01/2023",
    "tổ chức ngày 20 tại hội trường",
    "tháng 12 hồ sơ được gửi",  # a month: "tháng 12" names it even before a noun
    "ngày 31 hồ sơ đến hạn",
    "năm 2023 kế hoạch",
    # years
    "năm 2023",
    "Kế hoạch KH&CN năm 2022 và",
    "Kế hoạch PAPI 2023 ...",
    "Tết Nguyên đán Quý Mão 2023.",
    "giai đoạn 2021-2025",
    "giai đoạn 2021 - 2025",
    # document numbers
    "Nghị quyết số 54/NQ-CP ngày 12/4/2022",
    "Số 54/NQ-CP",
    "ký sắc lệnh 08/SL quy định",
    "Quyết định số 155/2001/QĐ-TTg",
    "Thông tư 23/2013/TT-BKHCN",
    "Chỉ thị 24-CT/TU",
    "của BTV Tỉnh ủy về Đề án 06;",
    "theo Nghị định 60/2021/NĐ-CP",
    "áp dụng ISO 9001",
    "phòng chống Covid-19",
    "theo Điều 5 của Luật",
    # ordinal names and grades
    "Cuộc thi Tin học trẻ lần thứ XXV",
    "Hội nghị lần thứ năm Ban Chấp hành",
    "Đảng khóa XIII",
    "Đại hội lần thứ 5",
    "kiểm định phương tiện đo nhóm II",
    "phương tiện đo nhóm 2",
    "Sản xuất giống nấm cấp 3 các loại",
    "Sản xuất giống nấm cấp 1 và cấp 2",
    "nhiệm vụ khoa học cấp 2",
    "đạt chuẩn cấp độ 3 giấy phép",  # "cấp độ" is a grade word, not the verb
    "trường cấp 3",
    "đợt 2 năm nay",
    # anniversaries and durations
    "Tuyên truyền kỷ niệm 72 năm ngày",
    "và 20 năm ngày Thủ tướng Chính phủ ký",
    "Lịch tiếp công dân 6 tháng đầu năm 2023",
    "họp lúc 8h30 sáng",
    # numbers with no noun after them
    "tổng cộng là 15.",
    "mã số 1234",
]


@pytest.mark.parametrize(("text", "value", "noun", "qualifier"), FIGURES)
def test_figures(lexicon: NounLexicon, text: str, value: float, noun: str,
                 qualifier: str | None) -> None:
    found = find_numbers(text, lexicon)
    assert [(n.value, n.noun, n.qualifier) for n in found] == [(value, noun, qualifier)]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(lexicon: NounLexicon, text: str) -> None:
    assert find_numbers(text, lexicon) == []


def test_the_reference_sentence_with_a_grade_and_two_figures(lexicon: NounLexicon) -> None:
    text = ("Sản xuất giống nấm cấp 3 các loại (1.100 kg); Xử lý nguyên liệu để sản xuất "
            "nấm sò trên mùn cưa và bông (6.000 bịch phôi).")
    assert [(n.value, n.noun) for n in find_numbers(text, lexicon)] == [
        (1100, "kg"), (6000, "bịch")]


@pytest.mark.parametrize(("pos", "sentence"), [
    (0, "Một câu ngày 20/01."),
    (25, "Xuất bản số 01/2023, Bản tin."),
    (60, "Xây dựng 01 chuyên mục."),
])
def test_sentence_at(pos: int, sentence: str) -> None:
    text = "Một câu ngày 20/01. Xuất bản số 01/2023, Bản tin. Xây dựng 01 chuyên mục."
    assert sentence_at(text, pos) == sentence


def _match(catalog: Catalog, section: str, text: str) -> list[tuple[float, str | None]]:
    matcher = FigureMatcher(catalog, Month(2023, 1))
    printed = Section(section, "", [Item(text)], catalog_section=section)
    return [(f.value, f.indicator) for f in matcher.figures([printed])[0]]


@pytest.mark.parametrize(("section", "text", "expected"), [
    ("3.2", "Tổng số phương tiện đo được kiểm định là 5.749 phương tiện đo.",
     [(5749, "TTKT_KD_PTD")]),
    ("3.2", "Tổng số phương tiện đo được kiểm định là 5749 phương tiện đo.",
     [(5749, "TTKT_KD_PTD")]),
    # the section decides: "văn bản" of the portal (3.1), not of the office (1)
    ("3.1", "Cập nhật văn bản: 35 văn bản.", [(35, "TTUD_VANBAN")]),
    # two numbers of one indicator in one bullet are summed, others stay apart
    ("3.1", "Xây dựng 02 chuyên mục; cập nhật 10 video. Xây dựng 01 chuyên mục KH&CN "
            "trên Đài PT-TH.", [(3, "TTUD_CHUYENMUC"), (10, "TTUD_VIDEO")]),
    # a figure that fits no indicator is kept, unmatched
    ("2.4", "Tổ chức 05 gian hàng tại hội chợ.", [(5, None)]),
])
def test_matching(catalog: Catalog, section: str, text: str,
                  expected: list[tuple[float, str | None]]) -> None:
    assert _match(catalog, section, text) == expected


@pytest.mark.parametrize("text", [
    # plural: not one named task
    "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu các nhiệm vụ KH&CN cấp cơ sở “A”.",
    # two names: a written count would be needed
    "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ KH&CN “A” và nhiệm vụ “B”.",
    # no quoted name
    "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ KH&CN cấp cơ sở.",
])
def test_no_implied_figure(catalog: Catalog, text: str) -> None:
    assert _match(catalog, "2.1", text) == []


def test_implied_figure_needs_no_number(catalog: Catalog) -> None:
    text = "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ KH&CN cấp cơ sở “Tên”."
    assert _match(catalog, "2.1", text) == [(1, "QLKH_NV_NGHIEMTHU")]

"""Each number of a bullet has a role; only the period's value becomes the figure.

Tables of sentences as writers put them (reworded, reordered, qualified, zero, huge) →
the role of each number, then the figure and its context once matched to the catalogue.
"""

from __future__ import annotations

import pytest

from core.catalog import Catalog
from core.messages import t
from core.months import ReportPeriod
from etl.narrative.figures import NounLexicon, find_numbers
from etl.narrative.matching import FigureMatcher, figure_roles
from etl.narrative.model import Figure, Item, Section
from etl.narrative.roles import (
    CHANGE,
    COMPARISON,
    CUMULATIVE,
    PART,
    RATE,
    ROLES,
    TARGET,
    VALUE,
    assign_roles,
    surroundings,
)

APRIL = ReportPeriod.parse("2023-04")


@pytest.fixture(scope="module")
def lexicon(catalog: Catalog) -> NounLexicon:
    return NounLexicon(i.unit for i in catalog.indicators)


def _roles(lexicon: NounLexicon, text: str, period: ReportPeriod = APRIL) -> list[tuple]:
    numbers = find_numbers(text, lexicon)
    roles = assign_roles(surroundings(text, numbers), period)
    return [(n.value, role) for n, role in zip(numbers, roles, strict=True)]


ROLE_CASES = [
    # the three examples
    ("Cập nhật 128 tin, bài, tăng 15 tin, bài so với tháng trước.",
     [(128, VALUE), (15, CHANGE)]),
    ("Kiểm định 6.215 phương tiện đo; lũy kế 4 tháng đầu năm là 20.423 phương tiện đo.",
     [(6215, VALUE), (20423, CUMULATIVE)]),
    ("Thẩm định 11 dự án, trong đó có 03 dự án công nghệ cao.", [(11, VALUE), (3, PART)]),
    # change, reworded and reordered
    ("Cập nhật 128 tin, bài, nhiều hơn tháng trước 15 tin, bài.", [(128, VALUE), (15, CHANGE)]),
    ("So với tháng trước tăng 15 tin, bài; trong tháng cập nhật 128 tin, bài.",
     [(15, CHANGE), (128, VALUE)]),
    ("Thử nghiệm 544 mẫu, giảm 12 mẫu so với cùng kỳ.", [(544, VALUE), (12, CHANGE)]),
    ("Thử nghiệm 544 mẫu, tăng so với cùng kỳ là 30 mẫu.", [(544, VALUE), (30, CHANGE)]),
    ("Số hồ sơ tăng thêm 05 hồ sơ.", [(5, CHANGE)]),
    ("Tăng 0 hồ sơ so với tháng trước, tiếp nhận 0 hồ sơ.", [(0, CHANGE), (0, VALUE)]),
    ("Thu phí tăng 12,5% so với cùng kỳ.", [(12.5, CHANGE)]),
    # a change word up to three words before the number, not four
    ("Tiếp nhận tăng đều đặn thêm 15 hồ sơ.", [(15, CHANGE)]),
    ("Số hồ sơ tăng đều đặn và đạt 15 hồ sơ.", [(15, VALUE)]),
    # the level reached after the change is the value
    ("Số hồ sơ tồn giảm còn 15 hồ sơ.", [(15, VALUE)]),
    ("Số doanh nghiệp tăng lên thành 20 doanh nghiệp.", [(20, VALUE)]),
    # not a change: "tăng cường", "giảm thiểu", a change word far from the number
    ("Tăng cường kiểm tra, đã kiểm tra 05 cơ sở.", [(5, VALUE)]),
    ("Giảm thiểu thủ tục, tiếp nhận 12 hồ sơ.", [(12, VALUE)]),
    ("Số lượng tin bài tăng mạnh trong tháng do các đơn vị phối hợp tốt và cập nhật "
     "128 tin, bài.", [(128, VALUE)]),
    # running totals, before or after the number, scoped over a clause
    ("Đến nay đã cấp 15 giấy phép.", [(15, CUMULATIVE)]),
    ("Đã cấp 120 văn bằng bảo hộ tính đến hết tháng 4.", [(120, CUMULATIVE)]),
    ("Tính đến hết tháng 4, đã cấp 120 văn bằng.", [(120, CUMULATIVE)]),
    ("Kiểm định 20.423 phương tiện đo lũy kế từ đầu năm.", [(20423, CUMULATIVE)]),
    ("Lũy kế từ đầu năm: kiểm định 20.423 phương tiện đo và thử nghiệm 2.000 mẫu.",
     [(20423, CUMULATIVE), (2000, CUMULATIVE)]),
    ("Lũy kế 4 tháng đầu năm 20.423 phương tiện đo, trong tháng 6.215 phương tiện đo.",
     [(20423, CUMULATIVE), (6215, VALUE)]),
    ("Từ đầu năm đến nay tiếp nhận khoảng 300 hồ sơ.", [(300, CUMULATIVE)]),
    ("Trong quý I đã cấp 10 giấy phép.", [(10, COMPARISON)]),  # April: quý I has passed
    # parts: after "trong đó"/"gồm", a colon, an open bracket; a list of parts
    ("Thẩm định 10 dự án: 04 dự án cấp tỉnh, 06 dự án cấp huyện.",
     [(10, VALUE), (4, PART), (6, PART)]),
    ("Tiếp nhận 05 hồ sơ (02 hồ sơ hợp chuẩn, 03 hồ sơ hợp quy).",
     [(5, VALUE), (2, PART), (3, PART)]),
    ("Hướng dẫn 20 doanh nghiệp, bao gồm 08 hợp tác xã.", [(20, VALUE), (8, PART)]),
    ("Trong đó, 03 dự án cấp tỉnh.", [(3, PART)]),
    # a colon or bracket after a label, not after a number, is no part
    ("Ấn phẩm: 01 Đặc san, 01 Bản tin.", [(1, VALUE), (1, VALUE)]),
    ("Sản xuất giống nấm các loại (1.100 kg).", [(1100, VALUE)]),
    # targets and plans
    ("Kế hoạch năm là 60.000 phương tiện đo.", [(60000, TARGET)]),
    ("Chỉ tiêu được giao 200 hồ sơ.", [(200, TARGET)]),
    ("Phấn đấu cấp 50 giấy chứng nhận.", [(50, TARGET)]),
    ("Dự kiến tổ chức 03 hội nghị.", [(3, TARGET)]),
    # rates
    ("Đạt 34% kế hoạch năm.", [(34, RATE)]),
    ("Bằng 120% so với cùng kỳ.", [(120, RATE)]),
    ("Trong tháng đạt 34% kế hoạch.", [(34, RATE)]),
    ("Lũy kế đạt 60% dự toán.", [(60, CUMULATIVE)]),
    ("Số hồ sơ gấp 2 lần tháng trước.", [(2, RATE)]),
    ("Số hồ sơ gấp đến 3 lần tháng trước.", [(3, RATE)]),
    ("Tổ chức bằng cách mở 2 lớp.", [(2, VALUE)]),  # "bằng cách": a manner, two words away
    ("Tỷ lệ hồ sơ đúng hạn đạt 100%.", [(100, VALUE)]),
    # another period's figure
    ("Thử nghiệm 544 mẫu, cùng kỳ năm 2022 là 500 mẫu.", [(544, VALUE), (500, COMPARISON)]),
    ("Tháng 3 tiếp nhận 10 hồ sơ, tháng 4 tiếp nhận 12 hồ sơ.",
     [(10, COMPARISON), (12, VALUE)]),
    ("Tháng 12 năm 2022 cấp 07 giấy phép.", [(7, COMPARISON)]),
    # the report's own month named: the value
    ("Tổng số phương tiện đo được kiểm định trong tháng 04/2023 là 6.215 phương tiện đo.",
     [(6215, VALUE)]),
    ("Riêng tháng 4 là 6.215 phương tiện đo.", [(6215, VALUE)]),
    # qualified and huge numbers keep their role
    ("Hướng dẫn hơn 20 doanh nghiệp, tăng khoảng 5 doanh nghiệp.", [(20, VALUE), (5, CHANGE)]),
    ("Giải ngân 1.234.567 nghìn đồng, lũy kế 9.876.543.210 nghìn đồng.",
     [(1234567, VALUE), (9876543210, CUMULATIVE)]),
]


@pytest.mark.parametrize(("text", "expected"), ROLE_CASES)
def test_roles(lexicon: NounLexicon, text: str, expected: list[tuple]) -> None:
    assert _roles(lexicon, text) == expected


@pytest.mark.parametrize(("period", "text", "role"), [
    # the period of the report decides what a period named in the text is
    ("2023-Q1", "Trong quý I đã cấp 10 giấy phép.", VALUE),
    ("2023-Q1", "Quý I/2023 cấp 10 giấy phép.", VALUE),
    ("2023-Q1", "Trong tháng 02/2023 cấp 10 giấy phép.", PART),
    ("2023-Q2", "Quý I cấp 10 giấy phép.", COMPARISON),
    ("2023-03", "Trong quý cấp 10 giấy phép.", CUMULATIVE),
    ("2023-Q1", "Trong quý cấp 10 giấy phép.", VALUE),
    ("2023-H1", "6 tháng đầu năm cấp 10 giấy phép.", VALUE),
    ("2023-H2", "6 tháng đầu năm cấp 10 giấy phép.", COMPARISON),
    ("2023-04", "6 tháng cuối năm cấp 10 giấy phép.", TARGET),  # still to come
    ("2023-9T", "9 tháng đầu năm cấp 10 giấy phép.", VALUE),
    ("2023", "Trong năm cấp 10 giấy phép.", VALUE),
    ("2023-05", "Trong năm cấp 10 giấy phép.", CUMULATIVE),
    ("2023-01", "Tháng 12 cấp 10 giấy phép.", COMPARISON),  # December 2022
    ("2023-12", "Tháng 12 cấp 10 giấy phép.", VALUE),
    ("2023-01", "Tính đến hết tháng 01/2023 cấp 10 giấy phép.", VALUE),
    ("2023-05", "3 tháng qua cấp 10 giấy phép.", CUMULATIVE),
])
def test_periods_named_in_the_text(lexicon: NounLexicon, period: str, text: str,
                                   role: str) -> None:
    assert _roles(lexicon, text, ReportPeriod.parse(period)) == [(10, role)]


def test_no_numbers_no_roles(lexicon: NounLexicon) -> None:
    assert _roles(lexicon, "Tăng cường, lũy kế, trong đó, kế hoạch năm.") == []


def test_many_numbers_in_one_long_bullet(lexicon: NounLexicon) -> None:
    """A hostile bullet: hundreds of figures in one sentence all get a role, in order."""
    text = ", ".join(f"{n} hồ sơ" for n in range(1, 400)) + "."
    roles = _roles(lexicon, text)
    assert [v for v, _ in roles] == list(range(1, 400))
    assert {r for _, r in roles} == {VALUE}


def test_roles_are_the_documented_seven() -> None:
    assert ROLES == (VALUE, CHANGE, CUMULATIVE, PART, TARGET, RATE, COMPARISON)


# --- matching: the figure is the period's value, the rest is context ---------------------


def _figures(catalog: Catalog, section: str, text: str, period: str = "2023-04"):
    matcher = FigureMatcher(catalog, ReportPeriod.parse(period))
    printed = Section(section, "", [Item(text)], catalog_section=section)
    return matcher.figures([printed])


def _one(figures: list[Figure], code: str) -> Figure:
    found = [f for f in figures if f.indicator == code]
    assert len(found) == 1, [(f.indicator, f.value) for f in figures]
    return found[0]


@pytest.mark.parametrize(("section", "text", "code", "value", "context"), [
    # the examples: 128 (not 143), 6.215 (not 26.638), 11 (not 14)
    ("3.1", "Cập nhật 128 tin, bài, tăng 15 tin, bài so với tháng trước.",
     "TTUD_TINBAI", 128, [(CHANGE, 15)]),
    ("3.2", "Kiểm định 6.215 phương tiện đo các loại; lũy kế 4 tháng đầu năm là 20.423 "
            "phương tiện đo.", "TTKT_KD_PTD", 6215, [(CUMULATIVE, 20423)]),
    ("2.2", "Tham gia ý kiến thẩm định công nghệ 11 dự án đầu tư, trong đó có 03 dự án sử "
            "dụng công nghệ cao.", "QLCN_THAMDINH_CN", 11, [(PART, 3)]),
    # reordered: the change first, the value after
    ("3.1", "So với tháng trước tăng 15 tin, bài; cập nhật 128 tin, bài.",
     "TTUD_TINBAI", 128, [(CHANGE, 15)]),
    # a total with its parts in a bracket, parts of the same noun inherit the indicator
    ("2.2", "Thẩm định công nghệ 10 dự án (04 dự án cấp tỉnh, 06 dự án cấp huyện).",
     "QLCN_THAMDINH_CN", 10, [(PART, 4), (PART, 6)]),
    # a target in a bracket is about the figure before it
    ("2.3", "Tiếp nhận 02 hồ sơ công bố hợp chuẩn (kế hoạch năm là 30 hồ sơ).",
     "TDC_HOPCHUAN", 2, [(TARGET, 30)]),
    # another period's figure
    ("3.2", "Thử nghiệm 544 mẫu, cùng kỳ năm 2022 là 500 mẫu.",
     "TTKT_THU_NGHIEM", 544, [(COMPARISON, 500)]),
])
def test_only_the_value_is_the_figure(catalog: Catalog, section: str, text: str, code: str,
                                      value: float, context: list[tuple]) -> None:
    figures, loose = _figures(catalog, section, text)
    figure = _one(figures, code)
    assert figure.value == value and figure.parts is None and figure.role == VALUE
    assert [(c.role, c.value) for c in figure.context] == context
    assert all(c.indicator == code and c.text and c.sentence for c in figure.context)
    assert not figure.certain  # a figure with context is checked by a person
    assert loose == []


def test_values_of_one_indicator_are_still_summed(catalog: Catalog) -> None:
    figures, _ = _figures(catalog, "3.1", "Ấn phẩm: 01 Đặc san, 01 Bản tin; tăng 01 ấn phẩm.")
    figure = _one(figures, "TTUD_ANPHAM")
    assert (figure.value, figure.parts) == (2, [1, 1])
    assert [(c.role, c.value) for c in figure.context] == [(CHANGE, 1)]


def test_a_bullet_with_no_value_gives_no_figure(catalog: Catalog) -> None:
    """Only a change and a running total: nothing to load, both shown as context."""
    figures, loose = _figures(catalog, "3.2", "Lũy kế từ đầu năm là 20.423 phương tiện đo, "
                                              "tăng 1.000 phương tiện đo so với cùng kỳ.")
    assert figures == []
    assert [(c.role, c.value, c.indicator) for c in loose] == [
        (CUMULATIVE, 20423, "TTKT_KD_PTD"), (CHANGE, 1000, "TTKT_KD_PTD")]


def test_a_running_total_indicator_takes_the_cumulative(catalog: Catalog) -> None:
    giai_ngan = catalog.indicator_by_code["KHTC_GIAINGAN"]
    assert figure_roles(giai_ngan) == (CUMULATIVE, VALUE)
    figures, _ = _figures(catalog, "2.5", "Giải ngân kinh phí sự nghiệp KH&CN lũy kế đến nay "
                                          "5.200 triệu đồng, trong tháng giải ngân 1.200 "
                                          "triệu đồng.")
    figure = _one(figures, "KHTC_GIAINGAN")
    assert (figure.value, figure.role) == (5200, CUMULATIVE)
    assert figure.note == t("narrative.note_running_total")
    assert [(c.role, c.value) for c in figure.context] == [(VALUE, 1200)]
    # written without "lũy kế": taken, but never certain, with a note saying why
    figures, _ = _figures(catalog, "2.5", "Giải ngân kinh phí sự nghiệp KH&CN 5.200 triệu đồng.")
    figure = _one(figures, "KHTC_GIAINGAN")
    assert (figure.value, figure.role, figure.certain) == (5200, VALUE, False)
    assert figure.note == t("narrative.note_running_total_plain")


def test_a_percentage_indicator_takes_a_rate(catalog: Catalog) -> None:
    assert figure_roles(catalog.indicator_by_code["KHTC_TYLE_GIAINGAN"]) == (
        VALUE, RATE, CUMULATIVE)
    figures, _ = _figures(catalog, "2.5", "Tỷ lệ giải ngân đạt 45,5% kế hoạch.")
    assert (_one(figures, "KHTC_TYLE_GIAINGAN").value,
            _one(figures, "KHTC_TYLE_GIAINGAN").role) == (45.5, RATE)
    assert figure_roles(catalog.indicator_by_code["TTUD_TINBAI"]) == (VALUE,)
    figures, _ = _figures(catalog, "2.5", "Tỷ lệ giải ngân lũy kế đạt 60% dự toán.")
    figure = _one(figures, "KHTC_TYLE_GIAINGAN")
    assert (figure.value, figure.role, figure.certain) == (60, CUMULATIVE, False)
    assert figure.note == t("narrative.note_running_total")
    figures, _ = _figures(catalog, "3.1", "Cập nhật 128 tin, bài.")
    assert _one(figures, "TTUD_TINBAI").note is None  # a count: no running-total note


# --- certainty -------------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "text", "code"), [
    ("2.2", "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", "QLCN_THAMDINH_CN"),
    ("2.2", "Cấp 03 giấy phép tiến hành công việc bức xạ.", "QLCN_GP_BUCXA"),
    ("3.2", "Tổng số mẫu thử nghiệm trong tháng 04/2023 là 544 mẫu.", "TTKT_THU_NGHIEM"),
])
def test_certain(catalog: Catalog, section: str, text: str, code: str) -> None:
    figures, _ = _figures(catalog, section, text)
    assert _one(figures, code).certain


@pytest.mark.parametrize(("section", "text", "code", "period"), [
    # a qualifier: not an exact number
    ("2.2", "Tham gia ý kiến thẩm định công nghệ khoảng 07 dự án đầu tư.", "QLCN_THAMDINH_CN",
     "2023-04"),
    # summed from several numbers
    ("3.1", "Ấn phẩm: 01 Đặc san, 01 Bản tin.", "TTUD_ANPHAM", "2023-04"),
    # a number of another role beside it
    ("3.1", "Cập nhật 128 tin, bài, tăng 15 tin, bài.", "TTUD_TINBAI", "2023-04"),
    # the noun alone, no label of the indicator near the number
    ("2.2", "Trình UBND tỉnh cấp Giấy phép tiên hành công việc bức xạ đối với 02 đơn vị.",
     "QLCN_GP_BUCXA", "2023-04"),
    # printed in another section than the indicator's
    ("2.3", "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", "QLCN_THAMDINH_CN",
     "2023-04"),
    # a report of a longer period: nothing is certain
    ("2.2", "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", "QLCN_THAMDINH_CN",
     "2023-Q1"),
])
def test_to_review(catalog: Catalog, section: str, text: str, code: str, period: str) -> None:
    figures, _ = _figures(catalog, section, text, period)
    assert not _one(figures, code).certain


def test_an_indicator_found_twice_is_reviewed_both_times(catalog: Catalog) -> None:
    matcher = FigureMatcher(catalog, APRIL)
    text = "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư."
    printed = [Section("2.2", "", [Item(text), Item(text)], catalog_section="2.2")]
    figures, _ = matcher.figures(printed)
    assert [(f.indicator, f.certain) for f in figures] == [("QLCN_THAMDINH_CN", False)] * 2
    single, _ = FigureMatcher(catalog, APRIL).figures(
        [Section("2.2", "", [Item(text)], catalog_section="2.2")])
    assert single[0].certain


def test_implied_and_unmatched_are_never_certain(catalog: Catalog) -> None:
    figures, _ = _figures(catalog, "2.1", "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu nhiệm vụ "
                                          "KH&CN cấp cơ sở “Tên”.")
    assert [(f.implied, f.certain) for f in figures] == [(True, False)]
    figures, _ = _figures(catalog, "2.4", "Tổ chức 05 gian hàng tại hội chợ.")
    assert [(f.indicator, f.certain) for f in figures] == [(None, False)]


def test_a_huge_bullet(lexicon: NounLexicon) -> None:
    """Thousands of numbers in sentences without a semicolon (its speed: bench/)."""
    text = " ".join(f"Tiếp nhận {n} hồ sơ, tăng {n % 7} hồ sơ." for n in range(1, 1001))
    roles = _roles(lexicon, text)
    assert roles[:4] == [(1, VALUE), (1, CHANGE), (2, VALUE), (2, CHANGE)]
    assert len(roles) == 2000 and roles[-1] == (1000 % 7, CHANGE)

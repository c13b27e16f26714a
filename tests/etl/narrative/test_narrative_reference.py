"""Acceptance on the real January 2023 report: structure, footnotes, tasks, figures."""

from __future__ import annotations

import json

import pytest

from core.months import Month
from etl.narrative import ParsedReport

SECTIONS = ["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "3.1", "3.2"]

# The first words of every bullet and paragraph of part I, in order.
ITEM_STARTS = {
    "1": ["Xây dựng, hoàn chỉnh Dự thảo", "Xây dựng và triển khai kế hoạch",
          "Triển khai các kế hoạch", "Góp ý dự thảo văn bản", "Tổ chức Hội nghị tổng kết"],
    "2": [],
    "2.1": ["Tổ chức Hội đồng tư vấn đánh giá nghiệm thu", "Thành lập và tổ chức các Hội đồng",
            "Ký hợp đồng thực hiện"],
    "2.2": ["Tham gia ý kiến thẩm định", "Chủ trì, phối hợp với Hội Liên hiệp",
            "Trình UBND tỉnh cấp Giấy phép"],
    "2.3": ["Tuyên truyền về ngày Đo lường", "Tiếp nhận và xử lý 02 hồ sơ",
            "Kiểm tra về tiêu chuẩn"],
    "2.4": ["Báo cáo công tác tiếp công dân", "Thông báo Lịch tiếp công dân"],
    "2.5": ["Xây dựng, trình Sở Tài chính", "Xây dựng báo cáo kết quả thực hiện cơ chế",
            "Tổ chức họp liên ngành"],
    "3": [],
    "3.1": ["Duy trì hoạt động Công Thông tin", "Thu thập số liệu báo cáo",
            "Duy trì hoạt động nuôi cấy mô", "Triển khai hoạt động dịch vụ",
            "Sản xuất giống nấm cấp 3", "Thực hiện các đề tài"],
    "3.2": ["Tổ chức triển khai công tác kiểm định", "Thực hiện các đề tài"],
}

# DOMAIN.md "Quantitative facts", the ones written as one number: section, value,
# the noun as written, indicator.
AS_WRITTEN = [
    ("2.2", 7, "dự án", "QLCN_THAMDINH_CN"),
    ("2.2", 2, "đơn vị", "QLCN_GP_BUCXA"),
    ("2.2", 1, "cá nhân", "QLCN_CC_BUCXA"),
    ("2.3", 2, "hồ sơ", "TDC_HOPCHUAN"),
    ("3.1", 105, "tin, bài", "TTUD_TINBAI"),
    ("3.1", 35, "văn bản", "TTUD_VANBAN"),
    ("3.1", 1, "thông báo", "TTUD_THONGBAO"),
    ("3.1", 1, "video", "TTUD_VIDEO"),
    ("3.1", 1100, "kg", "TTUD_GIONG_NAM"),
    ("3.1", 6000, "bịch", "TTUD_PHOI_NAM"),
    ("3.2", 5749, "phương tiện đo", "TTKT_KD_PTD"),
    ("3.2", 544, "mẫu", "TTKT_THU_NGHIEM"),
]

# The derived ones: several written numbers of one bullet summed.
DERIVED = [
    ("3.1", "TTUD_ANPHAM", 2, [1, 1]),  # 01 Đặc san, 01 Bản tin
    ("3.1", "TTUD_CHUYENMUC", 3, [2, 1]),  # 02 chuyên mục (cổng) + 01 trên Đài PT-TH
]


def test_header_and_months(reference_report: ParsedReport) -> None:
    assert reference_report.month == Month(2023, 1)
    assert reference_report.next_month == Month(2023, 2)
    assert reference_report.number is None  # "Số: /BC-SKHCN" is left blank until issue
    assert reference_report.date_line == "Quảng Trị, ngày tháng 01 năm 2023"


def test_sections_in_order_and_mapped_to_the_catalogue(reference_report: ParsedReport) -> None:
    assert [s.number for s in reference_report.sections] == SECTIONS
    assert [s.catalog_section for s in reference_report.sections] == SECTIONS
    assert reference_report.section("2.5").title == "Công tác kế hoạch – tài chính"
    assert reference_report.section("3.2").title == (
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng")


@pytest.mark.parametrize("number", SECTIONS)
def test_every_item_in_order(reference_report: ParsedReport, number: str) -> None:
    items = reference_report.section(number).items
    assert len(items) == len(ITEM_STARTS[number])
    for item, start in zip(items, ITEM_STARTS[number], strict=True):
        assert item.text.startswith(start)


def test_footnotes_printed_mid_text_are_not_items(reference_report: ParsedReport) -> None:
    texts = [i.text for s in reference_report.sections for i in s.items]
    assert not [t for t in texts if t.startswith("Gồm")]
    assert reference_report.section("2.1").items[0].text.startswith("Tổ chức Hội đồng tư vấn")


def test_footnotes_attached_to_the_bullets_that_carry_them(
        reference_report: ParsedReport) -> None:
    items = reference_report.section("1").items
    assert [i.footnotes for i in items] == [[], ["1"], ["2"], ["3"], []]
    assert items[1].text.endswith("trên các lĩnh vực.")  # the mark is taken out of the text
    assert items[2].text.endswith("UBND tỉnh.")
    notes = {f.marker: f.text for f in reference_report.footnotes}
    assert list(notes) == ["1", "2", "3"]
    assert notes["1"].startswith("Gồm: Kế hoạch Thực hiện Đề án")
    assert notes["1"].endswith("Kế hoạch PAPI 2023 ...")
    assert notes["2"].startswith("Gồm: triển khai công tác Khoa giáo năm 2023")
    assert notes["3"].startswith("Gồm: dự thảo Kế hoạch tổ chức Cuộc thi Tin học trẻ")
    others = [i for s in reference_report.sections if s.number != "1" for i in s.items]
    assert all(i.footnotes == [] for i in others)


def test_bullets_and_plain_paragraphs(reference_report: ParsedReport) -> None:
    items = reference_report.section("3.2").items
    assert [i.dash for i in items] == [False, True]
    assert not any("*" in i.text for s in reference_report.sections for i in s.items)


def test_seven_tasks_with_the_split_one_rejoined(reference_report: ParsedReport) -> None:
    tasks = reference_report.tasks
    assert len(tasks) == 7
    assert tasks[0] == (
        "Tổ chức thực hiện Nghị quyết số 163/2021/NQ-HĐND ngày 09/12/2021 của HĐND tỉnh "
        "“Quy định một số chính sách hỗ trợ ứng dụng, nhân rộng các kết quả khoa học và "
        "công nghệ trên địa bàn tỉnh giai đoạn 2022-2026”."
    )
    assert not any(t.startswith("Tháng 02/2023") for t in tasks)  # the intro sentence
    assert tasks[2].endswith("đổi mới sáng tạo giai đoạn 2021-2030")
    assert tasks[6] == ("Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn "
                        "vị thuộc Sở và ký kết thực hiện.")


def test_recipients_and_signer(reference_report: ParsedReport) -> None:
    assert reference_report.recipients == [
        "UBND tỉnh", "Sở Kế hoạch và Đầu tư", "GD, các PGD Sở",
        "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP",
    ]
    assert reference_report.signer.title == "KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert reference_report.signer.name == "Nguyễn Hữu Thắng"


@pytest.mark.parametrize(("section", "value", "noun", "code"), AS_WRITTEN)
def test_figures_as_written(reference_report: ParsedReport, section: str, value: int,
                            noun: str, code: str) -> None:
    found = [f for f in reference_report.figures if f.indicator == code]
    assert len(found) == 1
    figure = found[0]
    assert (figure.section, figure.value, figure.unit_noun) == (section, value, noun)
    assert figure.qualifier is None and figure.parts is None and not figure.implied
    assert str(noun).split(",")[0] in figure.sentence


@pytest.mark.parametrize(("section", "code", "total", "parts"), DERIVED)
def test_figures_summed_within_a_bullet(reference_report: ParsedReport, section: str,
                                        code: str, total: int, parts: list[int]) -> None:
    found = [f for f in reference_report.figures if f.indicator == code]
    assert len(found) == 1
    assert (found[0].section, found[0].value, found[0].parts) == (section, total, parts)
    assert found[0].note


def test_implied_acceptance_of_one_named_task(reference_report: ParsedReport) -> None:
    found = [f for f in reference_report.figures if f.indicator == "QLKH_NV_NGHIEMTHU"]
    assert len(found) == 1
    figure = found[0]
    assert (figure.section, figure.value, figure.unit_noun, figure.implied) == (
        "2.1", 1, "nhiệm vụ", True)
    assert "“Khảo sát, Phân tích đánh giá" in figure.sentence


def test_no_other_figures(reference_report: ParsedReport) -> None:
    """Nothing from dates, years, document numbers, names, grades or anniversaries."""
    expected = {code for *_, code in AS_WRITTEN} | {code for _, code, *_ in DERIVED}
    expected.add("QLKH_NV_NGHIEMTHU")
    assert len(reference_report.figures) == len(expected)
    assert {f.indicator for f in reference_report.figures} == expected
    for section in ("1", "2.4", "2.5"):
        assert not [f for f in reference_report.figures if f.section == section]


def test_json_shape(reference_report: ParsedReport) -> None:
    data = json.loads(json.dumps(reference_report.to_json(), ensure_ascii=False))
    assert set(data) == {"month", "next_month", "period", "next_period", "number",
                         "date_line", "sections", "tasks", "footnotes", "recipients", "signer",
                         "figures", "context"}
    assert (data["period"], data["next_period"], data["context"]) == ("2023-01", "2023-02", [])
    assert (data["month"], data["next_month"], data["number"]) == ("2023-01", "2023-02", None)
    section = data["sections"][0]
    assert {"number", "title", "items"} <= set(section)
    assert {"text", "footnotes"} <= set(section["items"][1])
    assert section["items"][1]["footnotes"] == ["1"]
    assert data["footnotes"][0]["marker"] == "1"
    assert data["signer"] == {"title": "KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "name": "Nguyễn Hữu Thắng"}
    figure = next(f for f in data["figures"] if f["indicator"] == "QLCN_THAMDINH_CN")
    assert {"value", "unit_noun", "qualifier", "indicator", "name", "section",
            "sentence"} <= set(figure)
    assert figure["value"] == 7 and isinstance(figure["value"], int)
    assert figure["name"] == "Dự án đầu tư được thẩm định công nghệ"
    assert figure["sentence"] == "Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư."

"""The real January 2023 report of Sở KH&CN Quảng Trị as a ReportDocument.

Text as in ``/work/shared/reference/quangtri-2023-01-bao-cao-thang.txt`` (typos of the
original kept), with the PDF artefacts undone: footnotes moved back to the bullets
that carry them, the task split over a page break joined, the closing "./." left to
the renderer.
"""

from __future__ import annotations

from report.model import Bullet, ReportDocument, ReportSection

FOOTNOTE_1 = (
    "Gồm: Kế hoạch Thực hiện Đề án “Tăng cường năng lực tiếp cận pháp luật của người dân”; "
    "Kế hoạch Cải cách hành chính của Sở Khoa học và Công nghệ Quảng Trị năm 2023; "
    "Kế hoạch Phòng, chống tham nhũng, tiêu cực năm 2023; Kế hoạch Triển khai thực hiện "
    "Nghị quyết số 54/NQ-CP ngày 12/4/2022 của Chính phủ về Chương trình hành động thực "
    "hiện Nghị quyết của Quốc hội về kế hoạch cơ cấu lại nền kinh tế giai đoạn 2021-2025; "
    "Kế hoạch Công khai việc kê khai tài sản, thu nhập hàng năm 2023; Kế hoạch công tác "
    "thanh tra năm 2023; Kế hoạch Rà soát, kiểm tra và xử lý văn bản QPPL năm 2022; "
    "Kế hoạch CCHC năm 2023; Kế hoạch PAPI 2023 ..."
)
FOOTNOTE_2 = (
    "Gồm: triển khai công tác Khoa giáo năm 2023; Chỉ thị 24-CT/TU ngày 14/12/2022 của "
    "BTV Tỉnh ủy về Đề án 06; Kế hoạch số 235/KH-UBND ngày 30/12/2022 của UBND tỉnh về "
    "triển khai thực hiện chương trình Quốc gia khai thác thủy sản; Kế hoạch số "
    "234/KH-UBND ngày 30/12/2022 của UBND tỉnh về triển khai thực hiện chương trình "
    "Chuyển đổi số trong xây dựng nông thôn mới; Kế hoạch số 03/KH-UBND ngày 05/01/2023 "
    "của UBND tỉnh về Phòng, chống bệnh không lây nhiễm và rối loạn sức khỏe tâm thần giai "
    "đoạn 2022-2025 tỉnh Quảng Trị; Kế hoạch số 237/KH-UBND ngày 30/12/2022 của UBND tỉnh "
    "về phát triển sản xuất gắn với chế biến, tiêu thụ dầu Trầu trên địa bàn huyện Hướng "
    "Hóa và Đakrông, tỉnh Quảng Trị giai đoạn 2023-2026, định hướng đến năm 2030; Kế hoạch "
    "số 233/KH-UBND ngày 30/12/2022 của UBND tỉnh về thực hiện chương trình tăng cường bảo "
    "vệ môi trường, an toàn thực phẩm và cấp nước sạch trong xây dựng nông thôn mới ..."
)
FOOTNOTE_3 = (
    "Gồm: dự thảo Kế hoạch tổ chức Cuộc thi Tin học trẻ Quảng Trị lần thứ XXV năm 2023; "
    "dự thảo Kế hoạch thực hiện Chương trình hành động số 46-CTr/TU ngày 01/12/2022 của "
    "Tỉnh ủy thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Hội nghị lần thứ năm Ban "
    "Chấp hành Trung ương Đảng khóa XIII “về nông nghiệp, nông dân, nông thôn đến năm 2030, "
    "tầm nhìn đến năm 2045”; dự thảo kế hoạch phổ biến giáo dục pháp luật năm 2023; dự thảo "
    "các phương án phát triển ngành và địa phương thuộc Nội dung đề xuất tích hợp vào Quy "
    "hoạch tỉnh; dự thảo Kế hoạch thực hiện Chương trình hành động của Tỉnh ủy về tiếp tục "
    "đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể trong giai đoạn mới; góp ý hồ "
    "sơ trình HĐND tỉnh về Nghị quyết quy định mức chi giải thưởng Giải Báo chí tỉnh Quảng "
    "Trị; dự thảo Chương trình hành động của UBND tỉnh thực hiện Nghị quyết số 01/NQ-CP của "
    "Chính phủ..."
)


def _section_1() -> ReportSection:
    return ReportSection(
        "1",
        "Công tác tham mưu, tổng hợp",
        1,
        [
            Bullet(
                "Xây dựng, hoàn chỉnh Dự thảo Quyết định quy định chức năng, nhiệm vụ, quyền "
                "hạn và cơ cấu tổ chức của Sở Khoa học và Công nghệ tỉnh Quảng Trị trình cấp "
                "có thẩm quyền phê duyệt.",
                unit="VP",
            ),
            Bullet(
                "Xây dựng và triển khai kế hoạch hoạt động KH&CN năm 2023 trên các lĩnh vực.",
                [FOOTNOTE_1],
                unit="VP",
            ),
            Bullet(
                "Triển khai các kế hoạch, văn bản chỉ đạo của Tỉnh ủy, UBND tỉnh.",
                [FOOTNOTE_2],
                unit="VP",
            ),
            Bullet("Góp ý dự thảo văn bản của các đơn vị, địa phương.", [FOOTNOTE_3], unit="VP"),
            Bullet(
                "Tổ chức Hội nghị tổng kết hoạt động ngành KH&CN năm 2022 và triển khai Kế "
                "hoạch KH&CN năm 2023.",
                unit="VP",
            ),
        ],
    )


def _section_2_1() -> ReportSection:
    return ReportSection(
        "2.1",
        "Công tác quản lý KH&CN cấp tỉnh và cấp cơ sở",
        2,
        [
            Bullet(
                "Tổ chức Hội đồng tư vấn đánh giá nghiệm thu kết quả thực hiện nhiệm vụ KH&CN "
                "cấp cơ sở “Khảo sát, Phân tích đánh giá thực trạng về hoạt động tiêu chuẩn đo "
                "lường chất lượng vàng trang sức mỹ nghệ nhằm phục vụ công tác quản lý nhà "
                "nước và bảo vệ quyền lợi người tiêu dùng trên địa bàn tỉnh Quảng Trị”.",
                unit="QLKH",
            ),
            Bullet(
                "Thành lập và tổ chức các Hội đồng tư vấn đánh giá đề xuất đặt hàng và kết quả "
                "thực hiện của các nhiệm vụ KH&CN cấp tỉnh, cấp cơ sở năm 2023.",
                unit="QLKH",
            ),
            Bullet(
                "Ký hợp đồng thực hiện các nhiệm vụ KH&CN cấp tỉnh thực hiện năm 2022 đã được "
                "UBND tỉnh phê duyệt.",
                unit="QLKH",
            ),
        ],
    )


def _section_2_2() -> ReportSection:
    return ReportSection(
        "2.2",
        "Công tác quản lý công nghệ và sở hữu trí tuệ",
        2,
        [
            Bullet("Tham gia ý kiến thẩm định công nghệ 07 dự án đầu tư.", unit="QLCN"),
            Bullet(
                "Chủ trì, phối hợp với Hội Liên hiệp phụ nữ tỉnh, Tỉnh đoàn, Sở Giáo dục và "
                "Đào tạo và Sở Lao động, Thương binh và Xã hội tổ chức vòng thi chung kết, "
                "trao giải cuộc thi “Khởi nghiệp đổi mới sáng tạo năm 2022” và phát động cuộc "
                "thi “Khởi nghiệp đổi mới sáng tạo năm 2023”.",
                unit="QLCN",
            ),
            Bullet(
                "Trình UBND tỉnh cấp Giấy phép tiên hành công việc bức xạ - sử dụng thiết bị "
                "X-quang chẩn đoán trong y tế đối với 02 đơn vị; trình UBND tỉnh cấp Chứng chỉ "
                "nhân viên bức xạ đối với 01 cá nhân. Cung cấp Bộ Khoa học và Công nghệ thông "
                "tin về thiết bị X-quang đo mật độ xương dùng trong y tế trên địa bàn tỉnh.",
                unit="QLCN",
            ),
        ],
    )


def _section_2_3() -> ReportSection:
    return ReportSection(
        "2.3",
        "Công tác quản lý nhà nước về tiêu chuẩn đo lường chất lượng",
        2,
        [
            Bullet(
                "Tuyên truyền về ngày Đo lường Việt Nam: Tuyên truyền kỷ niệm 72 năm "
                "(20/01/1950 - 20/01/2021) ngày Bác Hồ ký sắc lệnh 08/SL quy định về đo lường "
                "hợp pháp của Việt Nam và 20 năm ngày Thủ tướng Chính phủ ký ban hành Quyết "
                "định số 155/2001/QĐ-TTg lấy ngày 20/01 hàng năm làm “Ngày Đo lường Việt Nam”.",
                unit="TDC",
            ),
            Bullet(
                "Tiếp nhận và xử lý 02 hồ sơ công bố hợp chuẩn của Công ty Cổ phần Thiên Tân.",
                unit="TDC",
            ),
            Bullet(
                "Kiểm tra về tiêu chuẩn, đo lường, chất lượng và nhãn hàng hóa trước, trong và "
                "sau dịp Tết Nguyên đán Quý Mão 2023.",
                unit="TDC",
            ),
        ],
    )


def _section_2_4() -> ReportSection:
    return ReportSection(
        "2.4",
        "Công tác thanh tra",
        2,
        [
            Bullet(
                "Báo cáo công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm 2022; Báo cáo "
                "Phòng, chống tham nhũng, tiêu cực năm 2022...",
                unit="TTRA",
            ),
            Bullet(
                "Thông báo Lịch tiếp công dân định kỳ của Giám đốc Sở Khoa học và Công nghệ 6 "
                "tháng đầu năm 2023.",
                unit="TTRA",
            ),
        ],
    )


def _section_2_5() -> ReportSection:
    return ReportSection(
        "2.5",
        "Công tác kế hoạch – tài chính",
        2,
        [
            Bullet(
                "Xây dựng, trình Sở Tài chính thẩm định phương án tự chủ tài chính của các đơn "
                "vị sự nghiệp trực thuộc Sở Khoa học và Công nghệ theo Nghị định 60/2021/NĐ-CP "
                "và Thông tư số 56/2022/TT-BTC giai đoạn 2022-2025.",
                unit="KHTC",
            ),
            Bullet(
                "Xây dựng báo cáo kết quả thực hiện cơ chế tự chủ tài chính của đơn vị sự "
                "nghiệp công lập năm 2022 theo Nghị định số 60/2021/NĐ-CP của Chính phủ; báo "
                "cáo kết quả thực hiện quy định chế độ tự chủ, tự chịu trách nhiệm về sử dụng "
                "biên chế và kinh phí quản lý hành chính đối với các cơ quan nhà nước theo "
                "Nghị định 130/2005/NĐ-CP của Chính phủ.",
                unit="KHTC",
            ),
            Bullet(
                "Tổ chức họp liên ngành phân bổ kinh phí hoạt động sự nghiệp KH&CN năm 2023.",
                unit="KHTC",
            ),
        ],
    )


def _section_3_1() -> ReportSection:
    return ReportSection(
        "3.1",
        "Trung tâm Nghiên cứu, ứng dụng và Thông tin KH&CN",
        2,
        [
            Bullet(
                "Duy trì hoạt động Công Thông tin điện tử Sở KH&CN và các chuyên mục: Cập nhật "
                "tin bài: 105 tin, bài; Cập nhật văn bản: 35 văn bản, lịch công tác của các đơn "
                "vị, 01 thông báo; Cập nhật video, 01 video chuyên mục KH&CN; Ấn phẩm: 01 Đặc "
                "san, 01 Bản tin Thông tin KH&CN; Xây dựng 02 chuyên mục: Mừng Đảng mừng xuân, "
                "Ngày Đo lường Việt Nam 20/01. Xuất bản Đặc san KH&CN số 01/2023, Bản tin Thông "
                "tin KH&CN số 01/2023. Xây dựng 01 chuyên mục KH&CN trên Đài PT-TH Quảng Trị.",
                unit="TTUD",
            ),
            Bullet(
                "Thu thập số liệu báo cáo thống kê ngành KH&CN và thống kê các chỉ tiêu cấp "
                "tỉnh về KH&CN; Xử lý hồ sơ và cấp giấy chứng nhận đăng ký kết quả thực hiện "
                "nhiệm vụ KH&CN cấp tỉnh, cấp cơ sở.",
                unit="TTUD",
            ),
            Bullet(
                "Duy trì hoạt động nuôi cấy mô (cấy chuyển lan Hồ điệp, lan Kim tuyến, dâu "
                "tây). Tiếp tục theo dõi, chăm sóc các mô hình cây trồng.",
                unit="TTUD",
            ),
            Bullet(
                "Triển khai hoạt động dịch vụ: Sản xuất và thương mại các loại sản phẩm: cà "
                "gai leo, trà vàng, đông trùng hạ thảo, Lan kim tuyến, Lan hồ điệp...",
                unit="TTUD",
            ),
            Bullet(
                "Sản xuất giống nấm cấp 3 các loại (1.100 kg); Xử lý nguyên liệu để sản xuất "
                "nấm sò trên mùn cưa và bông (6.000 bịch phôi).",
                unit="TTUD",
            ),
            Bullet("Thực hiện các đề tài, dự án KH&CN các cấp.", unit="TTUD"),
        ],
    )


def _section_3_2() -> ReportSection:
    return ReportSection(
        "3.2",
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
        2,
        [
            Bullet(
                "Tổ chức triển khai công tác kiểm định các phương tiện đo nhóm II theo quy định "
                "tại Thông tư 23/2013/TT-BKHCN ngày 26/9/2013 cho khách hàng trên địa bàn tỉnh "
                "bao gồm kiểm định cột đo nhiên liệu, cân thông dụng, công tơ điện và các "
                "phương tiện đo khác. Thử nghiệm mẫu theo yêu cầu của khách hàng. Tổng số "
                "phương tiện đo được kiểm định trong tháng 01/2023 là 5749 phương tiện đo. "
                "Tổng số mẫu thử nghiệm trong tháng 01/2023 là 544 mẫu.",
                unit="TTKT",
                dash=False,
            ),
            Bullet("Thực hiện các đề tài, dự án KH&CN các cấp.", unit="TTKT"),
        ],
    )


TASKS = [
    "Tổ chức thực hiện Nghị quyết số 163/2021/NQ-HĐND ngày 09/12/2021 của HĐND tỉnh "
    "“Quy định một số chính sách hỗ trợ ứng dụng, nhân rộng các kết quả khoa học và công "
    "nghệ trên địa bàn tỉnh giai đoạn 2022-2026”.",
    "Tổ chức thực hiện Kế hoạch số 155/KH-UBND ngày 03/08/2022 Kế hoạch thực hiện Chương "
    "trình phát triển tài sản trí tuệ tỉnh Quảng Trị đến năm 2030.",
    "Tổ chức thực hiện Kế hoạch số 88/KH-UBND ngày 10/5/2022 của UBND tỉnh Triển khai "
    "Chương trình hỗ trợ doanh nghiệp tỉnh Quảng Trị nâng cao năng suất và chất lượng sản "
    "phẩm, hàng hóa dựa trên nền tảng khoa học, công nghệ và đổi mới sáng tạo giai đoạn "
    "2021-2030",
    "Xây dựng kế hoạch và triển khai thực hiện nội dung ký cam kết với Ban Thường vụ Tỉnh ủy "
    "năm 2023.",
    "Tổ chức Hội đồng khoa học và công nghệ tỉnh xét chọn danh mục nhiệm vụ cấp tỉnh thực "
    "hiện năm 2023.",
    "Tổ chức Kiểm tra về tiêu chuẩn, đo lường, chất lượng và nhãn hàng hóa trước, trong và "
    "sau dịp Tết Nguyên đán Quý Mão 2023.",
    "Phê duyệt nhiệm vụ thường xuyên theo chức năng năm 2022 của các đơn vị thuộc Sở và ký "
    "kết thực hiện.",
]


def reference_document() -> ReportDocument:
    """The January 2023 report, section by section, bullet by bullet."""
    return ReportDocument(
        parent_body="UBND TỈNH QUẢNG TRỊ",
        issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number_label="Số:    /BC-SKHCN",
        motto_country="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto_slogan="Độc lập - Tự do - Hạnh phúc",
        place_date="Quảng Trị, ngày    tháng 01 năm 2023",
        doc_type="BÁO CÁO",
        subject="Kết quả công tác tháng 01 và kế hoạch tháng 02 năm 2023",
        part1_title="I. KẾT QUẢ CÔNG TÁC THÁNG 01 NĂM 2023",
        sections=[
            _section_1(),
            ReportSection("2", "Công tác quản lý các hoạt động KH&CN", 1),
            _section_2_1(),
            _section_2_2(),
            _section_2_3(),
            _section_2_4(),
            _section_2_5(),
            ReportSection("3", "Hoạt động của các đơn vị sự nghiệp", 1),
            _section_3_1(),
            _section_3_2(),
        ],
        part2_title="II. NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2023",
        part2_intro="Tháng 02/2023, các phòng, đơn vị thuộc Sở tập trung một số nhiệm vụ trọng "
        "tâm sau đây:",
        tasks=list(TASKS),
        recipients=[
            "UBND tỉnh;",
            "Sở Kế hoạch và Đầu tư;",
            "GD, các PGD Sở;",
            "Các phòng, đơn vị thuộc Sở;",
            "Lưu: VT, VP.",
        ],
        signer_titles=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer_name="Nguyễn Hữu Thắng",
        period_label="2023-01",
    )

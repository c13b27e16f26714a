"""Word lists that tell a figure from a date, a document number, a name or a grade.

The filter lists are lower case *with* diacritics: without them Vietnamese words
collide in harmful ways (``nấm`` "mushroom" and ``năm`` "year", ``thu`` "collect"
and ``thứ`` "ordinal"). The counting nouns are matched without diacritics
(``fold``) and returned as written.
"""

from __future__ import annotations

from core.text import strip_diacritics

# A number right after one of these is part of a date: "tháng 01", "năm 2023", "ngày 20".
DATE_WORDS = frozenset({"ngày", "tháng", "năm", "quý", "tuần", "niên khóa", "niên khoá",
                        "niên độ"})

# A number right after one of these names a document or a legal text:
# "Đề án 06", "Nghị định 60/…", "số 01/2023", "Điều 5", "ISO 9001".
DOCUMENT_WORDS = frozenset({
    "số", "đề án", "nghị định", "thông tư", "quyết định", "chỉ thị", "nghị quyết",
    "kế hoạch", "công văn", "luật", "sắc lệnh", "lệnh", "chương trình", "tờ trình",
    "thông tư liên tịch", "điều", "khoản", "điểm", "chương", "phụ lục", "tcvn", "qcvn",
    "iso", "đlvn", "quốc lộ", "tỉnh lộ", "hương lộ", "đường", "km", "mã", "mã số",
    "số hiệu", "covid",
})

# A number right after one of these is an ordinal, a grade or a place in a series:
# "lần thứ 5", "khóa 14", "cấp 3" (giống nấm cấp 3), "nhóm 2", "loại 1".
ORDINAL_WORDS = frozenset({
    "thứ", "khóa", "khoá", "lần", "đợt", "kỳ", "kì", "phiên", "cấp", "cấp độ", "nhóm",
    "loại", "hạng", "bậc", "lớp", "mục", "mức", "mức độ", "tầng", "khu", "phường", "tổ",
    "đội", "thôn", "khối", "giai đoạn", "phần", "tập", "vòng",
})

# A number followed by one of these is a duration or an anniversary: "72 năm", "6 tháng".
TIME_NOUNS = frozenset({
    "năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý", "h", "thế kỷ", "thế kỉ",
    "thập kỷ", "thập niên",
})

# Counting nouns and measures as they follow a number in these reports, folded. The
# catalogue's own unit nouns are added at run time; the longest entry wins, so
# "đơn vị" beats "đơn" and "tin, bài" beats "tin".
COMMON_NOUNS = frozenset({
    "don vi", "ca nhan", "to chuc", "nguoi", "luot", "luot nguoi", "tin", "bai", "tin bai",
    "tin, bai", "dac san", "ban tin", "an pham", "cuon", "trang", "van ban", "cong van",
    "quyet dinh", "ho so", "thu tuc", "du an", "de tai", "nhiem vu", "mo hinh", "san pham",
    "doanh nghiep", "hop tac xa", "co so", "ho", "xa", "huyen", "lop", "hoc vien", "buoi",
    "cuoc", "dot", "doan", "hoi nghi", "hoi thao", "hoi dong", "giay phep",
    "giay chung nhan", "chung chi", "chung nhan", "don", "van bang", "sang kien", "sang che",
    "nhan hieu", "hop dong", "lo hang", "mau", "phuong tien do", "chuan", "chiec", "cai",
    "bo", "con", "cay", "cay giong", "kg", "tan", "ta", "gam", "lit", "ha", "m2", "m²", "m3",
    "m³", "km", "bich", "trieu dong", "ty dong", "nghin dong", "dong", "usd", "video",
    "thong bao", "chuyen muc", "tai lieu", "y kien", "kien nghi", "vu", "vi pham", "tram",
    "may", "thiet bi", "tieu chuan", "quy chuan", "cot do", "cong to", "dong ho", "phong",
    "ban", "dia phuong", "truong", "hoc sinh", "sinh vien", "can bo", "lo", "goi", "tiet",
    "chuong trinh", "ke hoach", "bao cao", "ban sao", "phieu", "ket qua", "giai",
})

# Words that never serve as the noun of a figure when no listed noun follows.
STOP_WORDS = frozenset({
    "và", "của", "trong", "trên", "tại", "với", "cho", "về", "được", "đã", "là", "các",
    "những", "theo", "từ", "đến", "này", "do", "mà", "thì", "sẽ", "đang", "hoặc", "hay",
    "như", "còn", "vào", "ra", "lên", "xuống", "ngày", "tháng", "năm",
})

# Plural words before a noun: "các nhiệm vụ" is not one task.
PLURAL_WORDS = frozenset({"các", "những", "một số", "nhiều", "mọi", "từng"})


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one, so positions carry over.

    >>> fold("Đặc san")
    'dac san'
    """
    return "".join((strip_diacritics(ch) or ch).lower()[:1] for ch in text)


def lower(text: str) -> str:
    """Lower case, one character for one (diacritics kept), so positions carry over."""
    return "".join(ch.lower()[:1] for ch in text)

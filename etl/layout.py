"""The submission template's layout: sheet names, headers and labels, shared by writer and reader.

These are the Excel form's own words (the form is Vietnamese by design); the reader
matches them diacritic- and case-insensitively, with the synonyms people really use.
"""

from __future__ import annotations

from store.submissions import DONE, IN_PROGRESS, NOT_STARTED

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_VALUES = "Chỉ tiêu"
SHEET_ACTIVITIES = "Hoạt động"
SHEET_PLAN = "Kế hoạch"

INFO_UNIT_CODE = "Mã đơn vị"
INFO_UNIT_NAME = "Tên đơn vị"
INFO_MONTH = "Tháng báo cáo"
INFO_AUTHOR = "Người lập"
INFO_DATE = "Ngày lập"

VALUE_HEADERS = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú")
ACTIVITY_HEADERS = ("Mục", "Nội dung", "Chú thích")
PLAN_HEADERS = ("STT", "Nhiệm vụ tháng sau")
# The «Kế hoạch» sheet's other tables (etl/plan_sheet.py): progress on this month's tasks
# (prefilled with what the unit planned last month) and, in a month that closes a quarter,
# half or year, the tasks for the period that begins next.
FOLLOWUP_HEADERS = ("STT", "Nhiệm vụ tháng này", "Tình trạng", "Ghi chú")
PERIOD_PLAN_HEADERS = ("STT", "Nhiệm vụ kỳ sau")
# The word a stored qualifier is written with in a figure's cell (``khoảng 1.234``); the
# reader knows every spelling of it (``core.numbers.QUALIFIER_SPELLINGS``).
QUALIFIER_WORDS = {"about": "khoảng", "more_than": "hơn"}
PROGRESS_LABELS = {DONE: "Hoàn thành", IN_PROGRESS: "Đang thực hiện",
                   NOT_STARTED: "Chưa thực hiện"}  # the status dropdown, by stored status

# Column roles → header words that mean them (normalised: no diacritics, lower case).
VALUE_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("ma chi tieu", "ma", "ma so", "code"),
    "name": ("ten chi tieu", "chi tieu", "noi dung", "ten", "noi dung chi tieu"),
    "unit": ("don vi tinh", "dvt", "don vi"),
    # The reporting unit of each row (history workbooks of several units).
    "org": ("ma don vi", "ten don vi", "don vi bao cao", "don vi thuc hien", "co quan",
            "phong ban", "ma dv"),
    "value": ("gia tri", "so luong", "ket qua", "thuc hien", "so lieu",
              "thuc hien thang", "thang nay", "trong thang", "ket qua thang"),
    "note": ("ghi chu", "chu thich"),
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    # Columns beside the month's figure that are never taken for it (see etl/headers.py).
    "ytd": ("luy ke", "tu dau nam", "luy ke tu dau nam", "luy ke den nay"),
    "compare": ("%", "so sanh", "ty le", "ti le", "cung ky", "tang giam", "ke hoach",
                "thang truoc", "nam truoc"),
}
ACTIVITY_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "section": ("muc", "linh vuc", "phan"),
    "text": ("noi dung", "hoat dong", "ket qua"),
    "footnotes": ("chu thich", "ghi chu", "chu giai"),
}
PLAN_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt"),
    "text": ("nhiem vu thang sau", "nhiem vu", "noi dung", "ke hoach"),
}
FOLLOWUP_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt"),
    "task": ("nhiem vu thang nay", "nhiem vu da de ra", "nhiem vu theo ke hoach",
             "nhiem vu thang truoc", "nhiem vu", "noi dung"),
    "status": ("tinh trang", "trang thai", "tien do", "ket qua thuc hien", "ket qua",
               "muc do thuc hien"),
    "note": ("ghi chu", "chu thich"),
}
PERIOD_PLAN_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt"),
    "text": ("nhiem vu ky sau", "nhiem vu ky toi", "nhiem vu quy sau", "nhiem vu nam sau",
             "nhiem vu 6 thang cuoi nam", "nhiem vu trong tam ky toi"),
}
# Status words people write (normalised) → stored status. "Chưa hoàn thành" is not here:
# it could mean in progress or not started, so the reader asks.
PROGRESS_SYNONYMS: dict[str, str] = {
    "hoan thanh": DONE, "da hoan thanh": DONE, "xong": DONE, "da xong": DONE,
    "hoan tat": DONE, "da thuc hien": DONE,
    "dang thuc hien": IN_PROGRESS, "dang trien khai": IN_PROGRESS,
    "dang tien hanh": IN_PROGRESS, "dang lam": IN_PROGRESS,
    "chua thuc hien": NOT_STARTED, "chua trien khai": NOT_STARTED,
    "chua bat dau": NOT_STARTED, "chua lam": NOT_STARTED,
}

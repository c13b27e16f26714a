"""Every setting the product reads, with its default and what it does (Datasette-style).

One tuple, one place: ``store.settings.get_setting`` falls back to these defaults, the
admin page lists them, and a test checks each one is documented.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    maximum: int | None = None  # whole-number settings only: the largest value allowed


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "deadline_days_after_month_end",
        5,
        "Days after the end of the reported month (Vietnam time) a unit has to submit; "
        "a first version after the end of that day is late.",
    ),
    # --- the month report's header and signature (report/assemble.py) --------------------
    # Names change over time (the 2025 mergers): the admin adds a row with valid_from for
    # the new wording; a report takes the row valid on the last day of its period.
    Setting("report_parent_body", "UBND TỈNH QUẢNG TRỊ",
            "Parent body printed top left of the report header (upper case)."),
    Setting("report_issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "Issuing body printed under the parent body, bold, with a short rule."),
    Setting("report_issuer_name", "Sở Khoa học và Công nghệ",
            "The issuing body as written in running text: the annexes' line \"(Kèm theo "
            "Báo cáo số …/BC-SKHCN ngày … tháng … năm … của …)\"."),
    Setting("report_number_label", "Số:    /BC-SKHCN",
            "Document number line; the number is left blank for the clerk."),
    Setting("report_place", "Quảng Trị",
            "Place in the date line (\"Quảng Trị, ngày … tháng … năm …\")."),
    Setting("report_recipients",
            ["UBND tỉnh;", "Sở Kế hoạch và Đầu tư;", "GD, các PGD Sở;",
             "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP."],
            "\"Nơi nhận\" list, one entry a line; the last is \"Lưu: VT, VP.\"."),
    Setting("report_signer_titles", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            "Signing titles above the signature, one a line."),
    Setting("report_signer_name", "Nguyễn Hữu Thắng", "Name of the person who signs the report."),
    Setting("report_tasks_unit", "VP",
            "Unit whose next-period tasks form part II (the office that compiles the report); "
            "when it has none, the other units' proposals are used."),
    Setting("report_summary_enabled", True,
            "Open part I of the report with the generated summary paragraph (true/false)."),
)

# Administration and hardening (auth/admin engineer): read by etl/safety.py.
SETTINGS += (
    Setting("upload_max_mb", 20,
            "Largest file of any upload (sheet submission, past report, catalogue YAML), in "
            "megabytes: every uploader shows it and every upload path checks it (in the "
            "browser at most server.maxUploadSize in .streamlit/config.toml)."),
)

# Four eyes and the upload window (guard stream): read by actions/review.py and
# actions/submissions.py.
SETTINGS += (
    Setting("review_own_upload_allowed", False,
            "Whether an editor may approve a version they uploaded themselves (true only for "
            "a one-person office); false: someone else approves it (four eyes)."),
    Setting("upload_months_back", 36,
            "How many months a unit's analyst may send figures for, counting back from the "
            "month the file is sent in (that month included): the upload page offers these "
            "months and the upload action refuses an analyst's file, a history workbook too, "
            "with an earlier month. The office (editors), which back-fills history for every "
            "unit, is not bound by it. 0: no limit."),
)

# --- leader: the month every dashboard opens on (ui/filters.py, issue #14) ----------------
SETTINGS += (
    Setting("home_month_min_share_percent", 100,
            "A month is complete enough for the dashboards to open on when at least this "
            "percentage of the units expected that month have submitted (100 = all units; "
            "with \"approved only\" on: have an approved version). Pages open on the newest such "
            "month, else on the newest month with any data.", maximum=100),
)

# --- remind: the "Công văn đôn đốc" of the status page (report/reminders.py, issue #14) ------
# Its header texts and signer are the report's (valid on the day the letter is written).
SETTINGS += (
    Setting("reminder_number_label", "Số:    /SKHCN-VP",
            "Number line of the reminder letter (công văn đôn đốc); the number is left blank "
            "for the clerk."),
    Setting("reminder_recipients", ["Như trên;", "GĐ, các PGD Sở (để b/c);", "Lưu: VT, VP."],
            "\"Nơi nhận\" list of the reminder letter, one entry a line; \"Như trên\" stands "
            "for the units it is addressed to."),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def default(name: str) -> Any:
    """The declared default of ``name``; KeyError for an undeclared setting."""
    return SETTINGS_BY_NAME[name].default


def coerce(name: str, value: Any) -> Any:
    """``value`` in the type of ``name``'s default (list of lines, whole number ≥ 0, yes/no,
    text); ValueError when it cannot be one, KeyError for an undeclared setting.

    >>> coerce("report_recipients", "UBND tỉnh;\\n\\n Lưu: VT, VP. ")
    ['UBND tỉnh;', 'Lưu: VT, VP.']
    """
    expected = default(name)
    if isinstance(expected, bool):
        if not isinstance(value, bool):
            raise ValueError(name)
        return value
    if isinstance(expected, int):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(name)
        if not math.isfinite(value) or value != int(value):  # int(inf) would overflow
            raise ValueError(name)
        if value < 0:
            raise ValueError(name)
        ceiling = SETTINGS_BY_NAME[name].maximum
        if ceiling is not None and value > ceiling:
            raise ValueError(name)
        return int(value)
    if isinstance(expected, list):
        if isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(name)
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(name)
    return value.strip()

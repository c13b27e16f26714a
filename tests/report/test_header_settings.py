"""Header, recipients, signer and summary switch: settings valid on the period's last day."""

from __future__ import annotations

from datetime import date

from actions.settings import change_setting
from core.months import ReportPeriod
from report.assemble import assemble_report
from tests.actors import ADMINISTRATOR
from tests.report.conftest import add_month


def test_header_settings_valid_at_the_period_end(small_engine):
    """Names changed in 2025: a dated setting row applies to reports of later periods only."""
    add_month(small_engine, "VP", "2025-07", {"VP_VB_DEN": 500}, [("1", "Sau sáp nhập.", [])])
    change_setting(small_engine, ADMINISTRATOR, "report_recipients",
                   ["UBND tỉnh;", "Sở Tài chính;", "Lưu: VT, VP."], date(2025, 3, 1))
    change_setting(small_engine, ADMINISTRATOR, "report_signer_name", "Người Ký Mới",
                   date(2025, 7, 1))
    change_setting(small_engine, ADMINISTRATOR, "report_summary_enabled", False,
                   date(2025, 1, 1))
    old = assemble_report(small_engine, ReportPeriod.parse("2023-01"))
    new = assemble_report(small_engine, ReportPeriod.parse("2025-07"))
    assert old.recipients[1] == "Sở Kế hoạch và Đầu tư;" and old.signer_name == "Nguyễn Hữu Thắng"
    assert old.summary is not None
    assert new.recipients == ["UBND tỉnh;", "Sở Tài chính;", "Lưu: VT, VP."]
    assert new.signer_name == "Người Ký Mới" and new.summary is None

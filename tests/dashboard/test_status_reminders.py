"""The status page's reminders (AppTest on the sample): one text per late or missing unit of
the chosen month with a copy button, and the "Công văn đôn đốc" for all of them.

Who must be reminded is worked out here from the stored first submission times and the
deadline setting, not through the page's code."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import docx
import pytest

from core.messages import t
from core.months import Month
from core.timezone import to_vn
from store import queries
from store.catalog_store import read_catalog
from store.settings import get_setting
from tests.dashboard.conftest import download_bytes, texts
from tests.dashboard.test_dashboard_pages import _assert_vietnamese
from ui.reminders_view import reminder_key


def reminder_boxes(at) -> list:
    """The reminders' expanders (the page's versions of one report have one too)."""
    return [e for e in at.expander if e.label != t("dashboard.versions_heading")]


def _open_all(at, engine):
    """Open every reminder (a reminder's text is drawn only while it is open)."""
    for unit in read_catalog(engine).units:
        at.session_state[reminder_key(unit.code)] = True
    return at.run()


def _to_remind(engine, month: Month) -> tuple[dict[str, str], set[str]]:
    """(unit name → "trễ N ngày" / "quá hạn", names of the units on time)."""
    cat = read_catalog(engine)
    days = int(get_setting(engine, "deadline_days_after_month_end", month.last_day))
    due = month.last_day + timedelta(days=days)
    first = {r.unit: r.first_submitted_at
             for r in queries.submission_status(engine, month, month).itertuples()}
    remind, on_time = {}, set()
    for unit in cat.reporting_units(month):
        if unit.code not in first:
            remind[unit.name] = "chưa gửi báo cáo, đã quá hạn"
            continue
        late = (to_vn(first[unit.code].to_pydatetime()).date() - due).days
        if late > 0:
            remind[unit.name] = f"trễ {late} ngày so với hạn"
        else:
            on_time.add(unit.name)
    return remind, on_time


@pytest.mark.parametrize("month", ["2023-01", "2022-07", "2022-08"])
def test_each_late_or_missing_unit_has_a_text_and_the_letter_names_them(page, dashboard_db,
                                                                        month):
    _url, engine = dashboard_db
    parsed = Month.parse(month)
    shown = f"{parsed.month:02d}/{parsed.year}"
    at = page("status", user="vanphong", tu=str(parsed - 1), den=month, thang=month)
    _assert_vietnamese(at)
    remind, on_time = _to_remind(engine, parsed)
    assert remind, "the sample month has late or missing units"
    assert f"Nhắc nộp báo cáo tháng {shown}" in texts(at)
    assert not at.code and not any(e.proto.expanded for e in reminder_boxes(at))  # all closed
    assert len(reminder_boxes(at)) >= len(remind)
    codes = [c.value for c in _open_all(at, engine).code]
    assert len(codes) == len(remind)
    named = {}
    for text in codes:
        first = text.splitlines()[0]
        name = first.removeprefix("Kính gửi: ").removesuffix(".")
        named[name] = text
        assert f"tháng {shown}" in text and "None" not in text and "nan" not in text
    assert set(named) == set(remind)
    for name, words in remind.items():
        assert words in named[name], (name, named[name])
    labels = [re.sub(r"\\(.)", r"\1", e.label) for e in reminder_boxes(at)]  # escapes
    assert all(any(label.startswith(name) for label in labels) for name in remind)
    (button,) = [b for b in at.download_button if "công văn đôn đốc" in b.label]
    assert f"({len(remind)} đơn vị, .docx)" in button.label
    letter = docx.Document(io.BytesIO(download_bytes(button)))
    body = "\n".join(p.text for p in letter.paragraphs)
    for name in remind:
        assert f"- {name}" in body
    for name in on_time:
        assert f"- {name}" not in body
    assert f"V/v đôn đốc gửi báo cáo số liệu tháng {shown}" in "\n".join(
        p.text for t in letter.tables for c in t._cells for p in c.paragraphs)


def test_a_month_everyone_sent_on_time_has_no_reminder(page, dashboard_db):
    _url, engine = dashboard_db
    remind, _ = _to_remind(engine, Month(2023, 6))
    assert not remind
    at = page("status", user="vanphong", tu="2023-05", den="2023-06", thang="2023-06")
    _assert_vietnamese(at)
    assert not at.code
    assert not [b for b in at.download_button if "công văn đôn đốc" in b.label]
    assert any(t.startswith("Tháng 06/2023 không có đơn vị nào cần nhắc") for t in texts(at))


def test_leadership_sees_the_same_reminders(page, dashboard_db):
    at = page("status", user="lanhdao", tu="2022-12", den="2023-01", thang="2023-01")
    _assert_vietnamese(at)
    assert len(_open_all(at, dashboard_db[1]).code) == 4


def test_a_reminder_is_drawn_only_while_it_is_open(page, dashboard_db):
    at = page("status", user="vanphong", tu="2022-12", den="2023-01", thang="2023-01")
    remind, _ = _to_remind(dashboard_db[1], Month(2023, 1))
    first, second, *_ = [re.sub(r"\\(.)", r"\1", e.label) for e in reminder_boxes(at)]
    assert not at.code
    units = {u.name: u.code for u in read_catalog(dashboard_db[1]).units}
    code_of = {label: next(units[n] for n in remind if label.startswith(n))
               for label in (first, second)}
    at.session_state[reminder_key(code_of[first])] = True
    at.run()
    assert [c.value.splitlines()[0] for c in at.code] == [
        f"Kính gửi: {next(n for n in remind if first.startswith(n))}."]
    at.session_state[reminder_key(code_of[second])] = True
    at.run()
    assert len(at.code) == 2
    at.session_state[reminder_key(code_of[first])] = False
    at.run()
    assert [c.value.splitlines()[0] for c in at.code] == [
        f"Kính gửi: {next(n for n in remind if second.startswith(n))}."]
    assert len(reminder_boxes(at)) == len(remind)  # closed ones keep their place

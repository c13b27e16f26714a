"""Vietnam time: stored in UTC, shown and reasoned about in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utc_now() -> datetime:
    return datetime.now(UTC)


def vn_now() -> datetime:
    return datetime.now(VN_TZ)


def vn_today() -> date:
    return vn_now().date()


def to_vn(moment: datetime) -> datetime:
    """A stored moment (naive means UTC, as SQLite returns it) in Vietnam time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive value is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def vn_date_to_utc(day: date, hour: int = 9) -> datetime:
    """A calendar day in Vietnam (at ``hour`` local time) as a UTC moment."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN_TZ).astimezone(UTC)

"""The settings of a report's frame (header texts, recipients, signer, options), as valid
on one day: names change over time, and a report takes those valid on its last day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from store.settings import get_setting


@dataclass(frozen=True)
class Header:
    """The settings of the document's frame, as valid on one day."""

    parent_body: str
    issuer: str
    issuer_name: str  # as written in running text ("Sở Khoa học và Công nghệ")
    number_label: str
    place: str
    recipients: list[str]
    signer_titles: list[str]
    signer_name: str
    summary_enabled: bool
    tasks_unit: str


def read_header(conn: Connection, on_date: date) -> Header:
    """Header, recipients and signer valid on ``on_date`` (names changed over time)."""

    def get(key: str):
        return get_setting(conn, key, on_date)

    return Header(
        parent_body=str(get("report_parent_body")),
        issuer=str(get("report_issuer")),
        issuer_name=str(get("report_issuer_name")),
        number_label=str(get("report_number_label")),
        place=str(get("report_place")),
        recipients=[str(r) for r in get("report_recipients")],
        signer_titles=[str(r) for r in get("report_signer_titles")],
        signer_name=str(get("report_signer_name")),
        summary_enabled=bool(get("report_summary_enabled")),
        tasks_unit=str(get("report_tasks_unit")),
    )

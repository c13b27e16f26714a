"""Tables (SQLAlchemy Core). Alembic migrations in ``store/migrations`` create them.

Long and tidy: one row per figure; nothing is overwritten. Months are text
``YYYY-MM``; moments are UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

UtcDateTime = DateTime(timezone=True)

org_unit = Table(
    "org_unit", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("parent_code", String(32), ForeignKey("org_unit.code")),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("successor_code", String(32), ForeignKey("org_unit.code")),
    Column("position", Integer, nullable=False, default=0),
    Column("aliases", JSON),  # other names in titles; NULL read as none
)

section = Table(
    "section", metadata,
    Column("code", String(16), primary_key=True),
    Column("title", Text, nullable=False),
    Column("parent_code", String(16), ForeignKey("section.code")),
    Column("sort_order", Integer, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
)

unit_section = Table(
    "unit_section", metadata,
    Column("unit_code", String(32), ForeignKey("org_unit.code"), primary_key=True),
    Column("section_code", String(16), ForeignKey("section.code"), primary_key=True),
)

indicator = Table(
    "indicator", metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("aliases", JSON, nullable=False, default=list),
    Column("unit_noun", Text, nullable=False),
    Column("section_code", String(16), ForeignKey("section.code"), nullable=False),
    Column("org_unit_code", String(32), ForeignKey("org_unit.code"), nullable=False),
    Column("aggregation", String(8), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("decimals", Integer, nullable=False, default=0),
    Column("headline", Boolean, nullable=False, default=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("successor_code", String(64), ForeignKey("indicator.code")),
    Column("position", Integer, nullable=False, default=0),
    # The indicator whose reported value is this one's yearly plan (catalogue ``plan``).
    Column("plan_code", String(64), ForeignKey("indicator.code")),
    # count | amount | percent (core.numbers.VALUE_KINDS): which figures the loader accepts
    Column("value_kind", String(8), nullable=False, default="count", server_default="count"),
)

target = Table(
    "target", metadata,
    Column("indicator_code", String(64), ForeignKey("indicator.code"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("value", Float, nullable=False),
)

# How names are written: the catalogue's abbreviations (kind "abbreviation": short → full)
# and measure synonyms (kind "measure": a way of writing → the group's first, which has a
# row of its own), in catalogue order.
catalog_term = Table(
    "catalog_term", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("short", Text, nullable=False),
    Column("full", Text, nullable=False),
)

# A name in a unit's sheets that the unit's analyst mapped to an indicator once: the next
# file with that name loads without asking. ``label_key`` is the name as matched
# (core.text.normalize); ``label`` as first written.
remembered_name = Table(
    "remembered_name", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String(32), ForeignKey("org_unit.code"), nullable=False),
    Column("label_key", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("indicator_code", String(64), ForeignKey("indicator.code"), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("unit_code", "label_key", name="uq_remembered_name_unit_label"),
)

# Original uploaded bytes, content-addressed so every app server shares them.
file_blob = Table(
    "file_blob", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

submission = Table(
    "submission", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String(32), ForeignKey("org_unit.code"), nullable=False),
    Column("period", String(7), nullable=False),  # YYYY-MM
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # submitted | approved | returned
    Column("source", String(16), nullable=False),  # upload | history | imported | sample | typed
    Column("submitted_by", String(64), nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("file_name", Text),
    Column("sha256", String(64), ForeignKey("file_blob.sha256")),
    Column("sheet", Text),  # the sheet a history-sheet submission came from
    Column("reviewed_by", String(64)),
    Column("reviewed_at", UtcDateTime),
    Column("review_comment", Text),
    UniqueConstraint("unit_code", "period", "version", name="uq_submission_unit_period_version"),
    Index("ix_submission_period_unit", "period", "unit_code"),
)

value = Table(
    "value", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submission.id"), nullable=False),
    Column("indicator_code", String(64), ForeignKey("indicator.code"), nullable=False),
    Column("value", Float, nullable=False),
    Column("qualifier", String(16)),  # more_than | about | NULL
    Column("note", Text),
    Column("sheet", Text),
    Column("row", Integer),
    Column("col", String(8)),
    # Set when the uploader kept a figure the new version's file did not list: the value
    # row (of an earlier version, always one read from a file) the figure was carried from.
    Column("carried_from", Integer, ForeignKey("value.id")),
    Column("source_text", Text),  # the sentence of an imported narrative report
    UniqueConstraint("submission_id", "indicator_code", name="uq_value_submission_indicator"),
    Index("ix_value_indicator", "indicator_code"),
)

activity = Table(
    "activity", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submission.id"), nullable=False, index=True),
    Column("section_code", String(16), ForeignKey("section.code"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("footnotes", JSON, nullable=False, default=list),  # list of footnote texts
    Column("sheet", Text),
    Column("row", Integer),
)

plan_item = Table(
    "plan_item", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submission.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sheet", Text),
    Column("row", Integer),
    # "month": a task for the next month; "period": for the quarter, half or year that
    # begins next (written in a month that closes one: March, June, September, December).
    Column("horizon", String(8), nullable=False, server_default="month"),
)

# A unit's progress on its tasks planned for the month (the «Kế hoạch» sheet's follow-up
# block), part of the submission: a resubmission brings its own rows.
plan_progress = Table(
    "plan_progress", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submission.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("task", Text, nullable=False),
    Column("status", String(16), nullable=False),  # done | in_progress | not_started
    Column("note", Text),
    Column("sheet", Text),
    Column("row", Integer),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("action", String(48), nullable=False, index=True),
    Column("entity", String(48), nullable=False),
    Column("entity_id", Text),
    Column("before", JSON),
    Column("after", JSON),
    Column("detail", Text),
)

# Settings are data with validity dates: the row valid on a day wins.
setting = Table(
    "setting", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, index=True),
    Column("value", JSON, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# One row: bumped by every write that changes figures, so caches can key on it.
meta = Table(
    "meta", metadata,
    Column("key", String(32), primary_key=True),
    Column("int_value", Integer, nullable=False, default=0),
)

app_user = Table(
    "app_user", metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text),
    Column("role", String(16), nullable=False),  # viewer | analyst | editor | admin
    Column("unit_code", String(32), ForeignKey("org_unit.code")),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("password_changed_at", UtcDateTime),
)

login_attempt = Table(
    "login_attempt", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, index=True),
    Column("source", String(64), nullable=False, index=True),  # IPv4 address or IPv6 /64
    Column("at", UtcDateTime, nullable=False),
    Column("success", Boolean, nullable=False),
    Column("cleared", Boolean, nullable=False, default=False),
    # The nonce of the valid device cookie the browser showed (NULL: an unknown device).
    Column("device", String(64), index=True),
)

# Single sign-on identities an admin linked to an account: (issuer, subject) → username.
sso_identity = Table(
    "sso_identity", metadata,
    Column("issuer", String(255), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("username", String(64), ForeignKey("app_user.username"), nullable=False,
           index=True),
    Column("linked_by", String(64), nullable=False),
    Column("linked_at", UtcDateTime, nullable=False),
)

session_token = Table(
    "session_token", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), ForeignKey("app_user.username"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

# The office's wording edits: each save is a new version of one part of a period's report.
report_draft = Table(
    "report_draft", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(10), nullable=False),  # 2023-01, 2023-Q1, 2023-H1, 2023-9T, 2023
    Column("part", String(32), nullable=False),  # "summary" or a section code
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("period", "part", "version", name="uq_report_draft_period_part_version"),
)

# A unit's month typed in the browser and not yet sent (``/nhap-so-lieu``): one draft per
# user, unit and month, replaced by each save and removed when the month is sent; only its
# author sees it. ``content`` is ``etl.typed.Entry`` as JSON.
entry_draft = Table(
    "entry_draft", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("unit_code", String(32), ForeignKey("org_unit.code"), nullable=False),
    Column("period", String(7), nullable=False),  # YYYY-MM
    Column("content", JSON, nullable=False),
    Column("saved_at", UtcDateTime, nullable=False),
    UniqueConstraint("username", "unit_code", "period",
                     name="uq_entry_draft_username_unit_period"),
)

# The office's status of last month's key tasks (rendered as the report's annex).
plan_followup = Table(
    "plan_followup", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(7), nullable=False),  # the month the tasks were planned for
    Column("task", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # done | in_progress | not_started
    Column("comment", Text),
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("period", "position", name="uq_plan_followup_period_position"),
)

# A one-time link to download a backup (``web/backup.py``): only the SHA-256 of the token is
# kept; the link works once, for the admin it was made for, until ``expires_at``.
download_ticket = Table(
    "download_ticket", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
)

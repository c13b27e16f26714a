"""Read queries for the dashboards: the figures that count, submission status, versions.

Everything is filtered and reduced in SQL so that only the rows a view needs leave the
database (the national scale is ~12 million value rows). "The figures that count" for a unit
and month are those of its newest version, or with ``approved_only`` of its newest approved
version; the ``max(version)`` per (unit, period) uses the unique index
``uq_submission_unit_period_version`` and the value join uses
``uq_value_submission_indicator``.

Months go in as ``core.months.Month`` and single months come back as ``Month``; the frames
keep the stored text ``YYYY-MM`` in their ``period`` column (``analytics.periods.period_column``
turns it into monthly periods).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, func, literal, select

from core.months import Month
from store.periods import month_of, month_text
from store.schema import submission, value

FIGURE_COLUMNS = ("unit", "period", "indicator", "value", "qualifier", "submission_id",
                  "version", "status", "submitted_at")
STATUS_COLUMNS = ("unit", "period", "status", "version", "versions", "first_submitted_at",
                  "last_submitted_at", "ever_approved")
VERSION_COLUMNS = ("submission_id", "unit", "period", "version", "status", "source",
                   "submitted_by", "submitted_at", "file_name", "sheet", "sha256",
                   "reviewed_by", "reviewed_at", "review_comment")


def _conn_call(bind: Engine | Connection, fn, *args, **kwargs):
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return fn(conn, *args, **kwargs)
    return fn(bind, *args, **kwargs)


def _counting_versions(start: str, end: str, units: Sequence[str] | None,
                       approved_only: bool):
    """Subquery: (unit_code, period, version) of the version that counts per unit and month."""
    conditions = [submission.c.period >= start, submission.c.period <= end]
    if units:
        conditions.append(submission.c.unit_code.in_(list(units)))
    if approved_only:
        conditions.append(submission.c.status == "approved")
    return (
        select(submission.c.unit_code, submission.c.period,
               func.max(submission.c.version).label("version"))
        .where(*conditions)
        .group_by(submission.c.unit_code, submission.c.period)
        .subquery("counting")
    )


def figures(
    bind: Engine | Connection,
    start: Month,
    end: Month,
    indicators: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    approved_only: bool = False,
) -> pd.DataFrame:
    """The figures that count from ``start`` to ``end`` (inclusive), one row per value.

    Columns: unit, period (``YYYY-MM``), indicator, value, qualifier, submission_id, version,
    status, submitted_at. ``indicators``/``units`` restrict in SQL (None or empty: all).
    A unit and month without a counting version has no rows: missing, never zero.
    """
    return _conn_call(bind, _figures, month_text(start), month_text(end), indicators, units,
                      approved_only)


def _counting_values(start: str, end: str, units, approved_only: bool):
    """The values of the versions that count, joined to their submission rows."""
    counting = _counting_versions(start, end, units, approved_only)
    s, v = submission, value
    return (
        counting.join(s, and_(s.c.unit_code == counting.c.unit_code,
                              s.c.period == counting.c.period,
                              s.c.version == counting.c.version))
        .join(v, v.c.submission_id == s.c.id)
    )


def _figures(conn: Connection, start: str, end: str, indicators, units,
             approved_only: bool) -> pd.DataFrame:
    s, v = submission, value
    stmt = (
        select(s.c.unit_code.label("unit"), s.c.period, v.c.indicator_code.label("indicator"),
               v.c.value, v.c.qualifier, s.c.id.label("submission_id"), s.c.version,
               s.c.status, s.c.submitted_at)
        .select_from(_counting_values(start, end, units, approved_only))
    )
    if indicators:
        stmt = stmt.where(v.c.indicator_code.in_(list(indicators)))
    stmt = stmt.order_by(v.c.indicator_code, s.c.period, s.c.unit_code)
    return _frame(conn.execute(stmt), FIGURE_COLUMNS, numeric=("value",))


def _frame(result, columns, numeric=()) -> pd.DataFrame:
    # Plain tuples: pandas probes Row objects attribute by attribute, which is slow.
    frame = pd.DataFrame([tuple(r) for r in result], columns=list(columns))
    for column in numeric:
        frame[column] = frame[column].astype("float64")
    return missing_text_as_none(frame)


def missing_text_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with a missing value hold ``None`` (object dtype), never NaN.

    This is where missing values enter our frames: pandas 3 infers a string dtype for a
    text column and turns SQL's NULL into NaN there, and NaN is truthy — a qualifier
    read as ``nan`` became ``t("upload.qualifier_nan")`` and crashed the upload page.
    Numeric columns keep NaN (a missing number), datetime columns NaT.
    """
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
            frame[column] = series.astype(object).where(series.notna(), None)
        elif series.dtype == object and series.isna().any():
            frame[column] = series.where(series.notna(), None)
    return frame


TOTAL_COLUMNS = ("unit", "period", "indicator", "value", "units_reporting")


def totals(
    bind: Engine | Connection,
    start: Month,
    end: Month,
    indicators: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    approved_only: bool = False,
) -> pd.DataFrame:
    """The figures that count summed over units in SQL: one row per indicator and month.

    Columns: unit (always ``""``: the total), period, indicator, value (the sum over the units
    that reported it), units_reporting. The shape fits ``analytics.series`` like
    :func:`figures`; use it where only totals are shown (KPI cards, movements) so that a
    national-scale database sends ~20× fewer rows.
    """
    return _conn_call(bind, _totals, month_text(start), month_text(end), indicators, units,
                      approved_only)


def _totals(conn: Connection, start: str, end: str, indicators, units,
            approved_only: bool) -> pd.DataFrame:
    s, v = submission, value
    stmt = (
        select(literal("").label("unit"), s.c.period, v.c.indicator_code,
               func.sum(v.c.value), func.count())
        .select_from(_counting_values(start, end, units, approved_only))
        .group_by(v.c.indicator_code, s.c.period)
        .order_by(v.c.indicator_code, s.c.period)
    )
    if indicators:
        stmt = stmt.where(v.c.indicator_code.in_(list(indicators)))
    return _frame(conn.execute(stmt), TOTAL_COLUMNS, numeric=("value",))


def submission_status(
    bind: Engine | Connection,
    start: Month,
    end: Month,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per unit and month that has any version.

    Columns: unit, period, status (of the newest version), version (newest), versions (count),
    first_submitted_at (the first version's time: timeliness), last_submitted_at,
    ever_approved (some version is approved). Units and months without a version are absent.
    """
    return _conn_call(bind, _submission_status, month_text(start), month_text(end), units)


def _submission_status(conn: Connection, start: str, end: str, units) -> pd.DataFrame:
    s = submission
    conditions = [s.c.period >= start, s.c.period <= end]
    if units:
        conditions.append(s.c.unit_code.in_(list(units)))
    approved = func.max(case((s.c.status == "approved", 1), else_=0))
    grouped = (
        select(s.c.unit_code, s.c.period, func.max(s.c.version).label("version"),
               func.count().label("versions"),
               func.min(s.c.submitted_at).label("first_submitted_at"),
               func.max(s.c.submitted_at).label("last_submitted_at"),
               approved.label("ever_approved"))
        .where(*conditions)
        .group_by(s.c.unit_code, s.c.period)
        .subquery("grouped")
    )
    stmt = (
        select(grouped.c.unit_code, grouped.c.period, s.c.status, grouped.c.version,
               grouped.c.versions, grouped.c.first_submitted_at, grouped.c.last_submitted_at,
               grouped.c.ever_approved)
        .select_from(grouped.join(s, and_(s.c.unit_code == grouped.c.unit_code,
                                          s.c.period == grouped.c.period,
                                          s.c.version == grouped.c.version)))
        .order_by(grouped.c.period, grouped.c.unit_code)
    )
    frame = _frame(conn.execute(stmt), STATUS_COLUMNS)
    frame["ever_approved"] = frame["ever_approved"].astype(bool)
    for column in ("first_submitted_at", "last_submitted_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def versions(bind: Engine | Connection, unit: str, month: Month) -> pd.DataFrame:
    """Every version of one unit and month, oldest first (who, when, source, file, review)."""
    return _conn_call(bind, _versions, unit, month_text(month))


def _versions(conn: Connection, unit: str, period: str) -> pd.DataFrame:
    s = submission
    stmt = (
        select(s.c.id, s.c.unit_code, s.c.period, s.c.version, s.c.status, s.c.source,
               s.c.submitted_by, s.c.submitted_at, s.c.file_name, s.c.sheet, s.c.sha256,
               s.c.reviewed_by, s.c.reviewed_at, s.c.review_comment)
        .where(s.c.unit_code == unit, s.c.period == period)
        .order_by(s.c.version)
    )
    frame = _frame(conn.execute(stmt), VERSION_COLUMNS)
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame


def version_values(bind: Engine | Connection, unit: str, month: Month) -> pd.DataFrame:
    """The values of every version of one unit and month with the change against the
    previous version.

    Columns: version, indicator, value, qualifier, previous (the same indicator in the
    previous version; NaN when absent there), previous_qualifier (its qualifier), change
    (value - previous; NaN when either is absent), changed (True when the value appeared,
    disappeared or differs, or only its qualifier did: ``80`` → ``khoảng 80``). An indicator
    dropped in a later version appears with value NaN in that version.
    """
    return _conn_call(bind, _version_values, unit, month_text(month))


def _version_values(conn: Connection, unit: str, period: str) -> pd.DataFrame:
    s, v = submission, value
    stmt = (
        select(s.c.version, v.c.indicator_code, v.c.value, v.c.qualifier)
        .select_from(s.join(v, v.c.submission_id == s.c.id))
        .where(s.c.unit_code == unit, s.c.period == period)
        .order_by(s.c.version, v.c.indicator_code)
    )
    long = pd.DataFrame(conn.execute(stmt).all(),
                        columns=["version", "indicator", "value", "qualifier"])
    all_versions = [int(x) for x in conn.execute(
        select(s.c.version).where(s.c.unit_code == unit, s.c.period == period)
        .order_by(s.c.version)).scalars()]
    columns = ["version", "indicator", "value", "qualifier", "previous", "previous_qualifier",
               "change", "changed"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    long["value"] = long["value"].astype("float64")
    # A full version × indicator grid so that a value dropped by a later version shows.
    grid = pd.MultiIndex.from_product([all_versions, sorted(long["indicator"].unique())],
                                      names=["version", "indicator"])
    full = long.set_index(["version", "indicator"]).reindex(grid).reset_index()
    by_indicator = full.groupby("indicator")
    full["previous"] = by_indicator["value"].shift(1)
    full["previous_qualifier"] = by_indicator["qualifier"].shift(1)
    full["change"] = full["value"] - full["previous"]
    first = full["version"] == all_versions[0]
    differs = full["value"].ne(full["previous"]) & ~(full["value"].isna()
                                                      & full["previous"].isna())
    differs |= full["qualifier"].fillna("").ne(full["previous_qualifier"].fillna("")) \
        & full["value"].notna() & full["previous"].notna()
    full["changed"] = differs & ~first
    present = full["value"].notna() | full["previous"].notna()
    return missing_text_as_none(full.loc[present, columns].reset_index(drop=True))


def _month(text: str | None) -> Month | None:
    return None if text is None else month_of(text)


def latest_period(bind: Engine | Connection, approved_only: bool = False,
                  units: Sequence[str] | None = None) -> Month | None:
    """The newest month with any (approved) version, or None."""
    def run(conn: Connection) -> Month | None:
        stmt = select(func.max(submission.c.period))
        if approved_only:
            stmt = stmt.where(submission.c.status == "approved")
        if units:
            stmt = stmt.where(submission.c.unit_code.in_(list(units)))
        return _month(conn.execute(stmt).scalar())

    return _conn_call(bind, run)


def first_period(bind: Engine | Connection) -> Month | None:
    """The oldest month with any version, or None."""
    return _conn_call(bind, lambda c: _month(
        c.execute(select(func.min(submission.c.period))).scalar()))

"""The deterministic sample history: filled monthly templates of every unit, 2021-01 … 2023-12.

Each file is the real template (``etl.template.template_workbook``) filled with openpyxl the way
a unit fills it: figures in ``Chỉ tiêu`` column D, bullets in ``Hoạt động``, next-month tasks
in ``Kế hoạch``, ``Người lập``/``Ngày lập`` in ``Thông tin``. Everything is derived from seeded
random generators (no wall clock): two builds give the same files, byte for byte.

- Figures: ``demo.values`` (seasonal series, running totals, blanks).
- Wording: ``demo.narrative`` from ``data/sample_texts.yaml``; the office (VP) lists
  3–7 key tasks for the department, other units now and then propose 1–2.
- Follow-up: each form reports progress on the tasks its unit set for the month (the
  «Kế hoạch» sheet's follow-up table the template prefills): mostly done, some in
  progress, a few not started, with a note now and then. In March, June, September and
  December the office also lists 5–7 key tasks for the quarter, half or year to come.
- January 2023 carries exactly the reference report's figures, bullets, footnotes and
  tasks (``demo.reference``, ``data/sample_reference.yaml``); indicators of those units
  the reference does not mention are left blank that month.
- Submissions arrive on working days, mostly between the 1st and the 5th of the next month
  (Vietnam time), later around Tết and public holidays; months up to 2023-11 are approved,
  2023-12 still awaits review.

Untidiness on purpose, so the product shows how it copes:

- TTRA sent nothing for 2022-07 and 2022-08 (no file at all: gaps, never zeros);
- QLKH sent 2022-03 late, on 20/04/2022;
- TTKT resubmitted 2023-05: version 1 has a typing error (an extra digit in the number of
  instruments verified) and was returned by the office; version 2, corrected, came three
  days later and was approved.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from core.catalog import Catalog, load_catalog
from core.messages import t
from core.months import Month, ReportPeriod, month_range
from core.timezone import VN_TZ, to_vn
from demo.narrative import (
    pick_activities,
    pick_followup,
    pick_period_tasks,
    pick_tasks,
    wording_bank,
)
from demo.reference import SampleActivity, reference_month
from demo.values import SEED, generate_values
from etl import layout
from etl.template import PLAN_ROWS, template_file_name, template_workbook
from report import periods_text

FIRST_MONTH = Month(2021, 1)
LAST_MONTH = Month(2023, 12)
LAST_APPROVED = Month(2023, 11)  # later months still await the office's review

MISSING: frozenset[tuple[str, Month]] = frozenset({("TTRA", Month(2022, 7)),
                                                  ("TTRA", Month(2022, 8))})
LATE: dict[tuple[str, Month], datetime] = {
    ("QLKH", Month(2022, 3)): datetime(2022, 4, 20, 15, 10, tzinfo=VN_TZ),
}
RESUBMITTED = ("TTKT", Month(2023, 5))
TYPO_INDICATOR = "TTKT_KD_PTD"
RESUBMIT_AFTER = timedelta(days=3)

# First day of Tết (lunar new year) and fixed public holidays: nobody submits then.
TET = {2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
       2024: date(2024, 2, 10)}
HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
# Day of the next month a unit submits: 1st … 7th, most by the 5th.
SUBMIT_DAY_WEIGHTS = (10, 18, 20, 18, 14, 8, 4)


@dataclass(frozen=True)
class SampleFile:
    """One planned sample submission: who, when, what, and whether the office approves it."""

    unit: str
    month: Month
    file_name: str
    submitted_at: datetime  # aware, UTC
    approve: bool
    author: str
    prepared_on: date  # "Ngày lập" in the file
    values: dict[str, float] = field(default_factory=dict)  # blank figures are absent
    activities: tuple[SampleActivity, ...] = ()
    tasks: tuple[str, ...] = ()
    # the «Kế hoạch» sheet's follow-up: (task planned for this month, status, note)
    followup: tuple[tuple[str, str, str], ...] = ()
    period_tasks: tuple[str, ...] = ()  # tasks for the period that begins next month
    version: int = 1
    return_comment: str | None = None  # set when the office returns this version

    @property
    def user(self) -> str:
        """The account name that uploads it, e.g. ``ttkt.chuyenvien``."""
        return f"{self.unit.lower()}.chuyenvien"

    @property
    def next_period(self) -> str | None:
        """The quarter, half or year that begins next month, named (closing months)."""
        return periods_text.starting_label(self.month)

    def build_content(self, catalog: Catalog | None = None) -> bytes:
        """The filled .xlsx bytes (same bytes on every call)."""
        return fill_template(catalog or sample_catalog(), self)


@lru_cache(maxsize=1)
def sample_catalog() -> Catalog:
    """The catalogue the sample is written against (``data/catalog.yaml``)."""
    return load_catalog()


# --- dates ---------------------------------------------------------------------------------


def _is_working_day(day: date) -> bool:
    if day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
        return False
    tet = TET.get(day.year)
    return not (tet and tet - timedelta(days=2) <= day <= tet + timedelta(days=4))


def _working_day_from(day: date) -> date:
    while not _is_working_day(day):
        day += timedelta(days=1)
    return day


def _office_moment(rng: random.Random, day: date) -> datetime:
    """A time during office hours on ``day`` (Vietnam), as UTC."""
    hour = rng.choice((7, 8, 8, 9, 9, 10, 10, 11, 14, 14, 15, 15, 16))
    local = datetime(day.year, day.month, day.day, hour, rng.randrange(0, 60, 5), tzinfo=VN_TZ)
    return local.astimezone(UTC)


def _submission_moment(rng: random.Random, month: Month) -> datetime:
    offset = rng.choices(range(len(SUBMIT_DAY_WEIGHTS)), SUBMIT_DAY_WEIGHTS)[0]
    day = _working_day_from((month + 1).first_day + timedelta(days=offset))
    return _office_moment(rng, day)


def _prepared_on(rng: random.Random, month: Month, submitted_at: datetime) -> date:
    day = to_vn(submitted_at).date() - timedelta(days=rng.choice((0, 0, 1, 2)))
    return max(day, month.last_day)


# --- the plan ------------------------------------------------------------------------------


def _author(unit: str, month: Month) -> str:
    # The unit's reporting clerk changed in mid-2022 in some units.
    first, second = wording_bank()[unit].authors[:2]
    return first if month < Month(2022, 7) else second


def _typo(value: float) -> float:
    """The value with its last digit typed twice: 5123 → 51233."""
    digits = str(int(value))
    return float(digits + digits[-1])


def _plan_unit_month(catalog: Catalog, unit: str, month: Month, values: dict[str, float],
                     planned: tuple[str, ...] = ()) -> list[SampleFile]:
    """The file(s) of one unit and month; ``planned``: the tasks the unit set for this
    month last month (its form reports progress on them)."""
    rng = random.Random(f"{SEED}/file/{unit}/{month}")
    # Separate generators: the follow-up and next period's tasks leave the draws above
    # (figures, wording, dates) as they were.
    followup = pick_followup(random.Random(f"{SEED}/followup/{unit}/{month}"), month,
                             planned)
    period_tasks: tuple[str, ...] = ()
    reference_unit = reference_month().task_unit
    if unit == reference_unit and periods_text.starting_label(month):
        later = random.Random(f"{SEED}/period-tasks/{unit}/{month}")
        start = month + 1
        period = next(p for kind in ("year", "half", "quarter")
                      if (p := ReportPeriod.containing(kind, start)) is not None
                      and p.first_month == start)
        period_tasks = pick_period_tasks(later, catalog, unit, period.months,
                                         later.randint(5, 7))
    reference = reference_month()
    if month == reference.month:
        # Units the reference quotes figures of report only those figures that month.
        values = dict(reference.values[unit]) if unit in reference.values else values
        activities = reference.activities[unit]
        tasks = reference.tasks if unit == reference.task_unit else ()
    else:
        activities = pick_activities(rng, catalog, unit, month, values)
        count = rng.randint(3, 7) if unit == reference.task_unit else \
            (rng.randint(1, 2) if rng.random() < 0.25 else 0)
        tasks = pick_tasks(rng, catalog, unit, month, count)
    submitted_at = LATE.get((unit, month)) or _submission_moment(rng, month)
    submitted_at = submitted_at.astimezone(UTC)
    planned = SampleFile(
        unit=unit, month=month, file_name=template_file_name(unit, month),
        submitted_at=submitted_at, approve=month <= LAST_APPROVED, author=_author(unit, month),
        prepared_on=_prepared_on(rng, month, submitted_at), values=values,
        activities=activities, tasks=tasks, followup=followup, period_tasks=period_tasks,
    )
    if (unit, month) != RESUBMITTED:
        return [planned]
    first = replace(planned, values={**values, TYPO_INDICATOR: _typo(values[TYPO_INDICATOR])},
                    approve=False, return_comment=t("sample.return_typo"))
    day = _working_day_from(to_vn(submitted_at).date() + RESUBMIT_AFTER)
    second_at = _office_moment(rng, day)
    second = replace(planned, file_name=planned.file_name.replace(".xlsx", "-v2.xlsx"),
                     submitted_at=second_at, prepared_on=to_vn(second_at).date(), version=2)
    return [first, second]


def build_sample_plan(catalog: Catalog | None = None) -> list[SampleFile]:
    """Every sample file, in the order they were submitted (oldest first)."""
    catalog = catalog or sample_catalog()
    months = month_range(FIRST_MONTH, LAST_MONTH)
    units = {u.code for m in months for u in catalog.reporting_units(m)}
    series = {unit: generate_values(catalog, unit, months) for unit in sorted(units)}
    plan: list[SampleFile] = []
    last_tasks: dict[str, tuple[str, ...]] = {}  # unit → tasks it set for the next month
    for month in months:
        for unit in catalog.reporting_units(month):
            planned = last_tasks.pop(unit.code, ())
            if (unit.code, month) in MISSING:
                continue
            files = _plan_unit_month(catalog, unit.code, month, series[unit.code][month],
                                     planned)
            plan.extend(files)
            last_tasks[unit.code] = files[-1].tasks
    return sorted(plan, key=lambda f: (f.submitted_at, f.unit, f.version))


# --- the files -----------------------------------------------------------------------------


def _fill_info(ws, author: str, prepared_on: date) -> None:
    for row in ws.iter_rows(min_col=1, max_col=2):
        label, cell = row[0].value, row[1]
        if label == layout.INFO_AUTHOR:
            cell.value = author
        elif label == layout.INFO_DATE:
            cell.value = prepared_on


def _fill_values(ws, values: dict[str, float]) -> None:
    for row in ws.iter_rows(min_row=2, min_col=1, max_col=4):
        code = row[0].value
        if code in values:
            value = values[code]
            row[3].value = int(value) if float(value).is_integer() else value


def _fill_activities(ws, catalog: Catalog, activities: tuple[SampleActivity, ...]) -> None:
    for row, item in enumerate(activities, start=2):
        section = catalog.section_by_code[item.section]
        # The same wording as the template's dropdown offers.
        ws.cell(row=row, column=1, value=f"{section.code}. {section.title}")
        ws.cell(row=row, column=2, value=item.text)
        if item.footnotes:
            ws.cell(row=row, column=3, value="\n".join(item.footnotes))


def _fill_plan(ws, sample: SampleFile) -> None:
    """Next month's tasks; the status and note of each task of the follow-up table (the
    template prefilled the tasks); next period's tasks under their header."""
    for number, task in enumerate(sample.tasks, start=1):
        ws.cell(row=number + 1, column=1, value=number)
        ws.cell(row=number + 1, column=2, value=task)
    reported = {task: (status, note) for task, status, note in sample.followup}
    period_row = None
    for row in ws.iter_rows(min_row=PLAN_ROWS + 2, max_col=4):  # below next month's tasks
        label = row[1].value
        if label == layout.PERIOD_PLAN_HEADERS[1]:
            period_row = row[1].row + 1
        elif label in reported and row[2].value is None:
            status, note = reported[label]
            row[2].value = layout.PROGRESS_LABELS[status]
            row[3].value = note or None
    for number, task in enumerate(sample.period_tasks):
        if period_row is None:
            raise ValueError(f"no next-period table in the form of {sample.file_name}")
        ws.cell(row=period_row + number, column=1, value=number + 1)
        ws.cell(row=period_row + number, column=2, value=task)



_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(content: bytes, moment: datetime) -> bytes:
    """The same workbook with fixed zip and document timestamps (openpyxl stamps 'now')."""
    local = to_vn(moment)
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(BytesIO(content))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>" + stamp + rb"\g<3>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=local.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def fill_template(catalog: Catalog, sample: SampleFile) -> bytes:
    """The unit's template for the month, filled with the sample's content."""
    wb = template_workbook(catalog, sample.unit, sample.month, sample.author,
                           followup=[task for task, _status, _note in sample.followup],
                           next_period=sample.next_period)
    wb.properties.creator = sample.author
    _fill_info(wb[layout.SHEET_INFO], sample.author, sample.prepared_on)
    _fill_values(wb[layout.SHEET_VALUES], sample.values)
    _fill_activities(wb[layout.SHEET_ACTIVITIES], catalog, sample.activities)
    _fill_plan(wb[layout.SHEET_PLAN], sample)
    buffer = BytesIO()
    wb.save(buffer)
    return _reproducible(buffer.getvalue(), sample.submitted_at)


def write_sample_files(out_dir: Path, plan: list[SampleFile] | None = None) -> list[Path]:
    """Write every sample file into ``out_dir`` (created if needed); returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in plan if plan is not None else build_sample_plan():
        path = out_dir / sample.file_name
        path.write_bytes(sample.build_content())
        paths.append(path)
    return paths

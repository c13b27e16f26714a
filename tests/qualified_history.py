"""One database for every page: a history holding qualified (``khoảng``, ``hơn``), missing
and zero figures, an approved ``khoảng 80`` last-but-one month, a resubmission with figures
carried over, and the four demo accounts — loaded through the real upload action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from actions.accounts import create_account
from actions.review import approve
from actions.submissions import KEEP, ingest
from core.months import Month
from core.timezone import vn_today
from store.catalog_store import read_catalog
from store.database import migrate, open_database
from tests.actors import ADMINISTRATOR, OFFICE, REVIEWER
from tests.etl.etl_files import filled_template

THIS_MONTH = Month.of(vn_today())
LAST_MONTH = THIS_MONTH - 1
ACCOUNTS = {"lanhdao": "viewer", "chuyenvien": "analyst", "vanphong": "editor",
            "quantri": "admin"}
# month offset from this month → unit → figures (blank: missing)
HISTORY: dict[int, dict[str, dict[str, object]]] = {
    -5: {"TTKT": {"TTKT_KD_PTD": 5749, "TTKT_THU_NGHIEM": "khoảng 80", "TTKT_KD_CAN": 0},
         "KHTC": {"KHTC_GIAINGAN": "khoảng 1.234,5", "KHTC_TYLE_GIAINGAN": "85%",
                  "KHTC_DUTOAN": 0}},
    -4: {"TTKT": {"TTKT_KD_PTD": "hơn 5.000", "TTKT_THU_NGHIEM": 0, "TTKT_KD_CONGTO": ""},
         "KHTC": {"KHTC_GIAINGAN": 0, "KHTC_TYLE_GIAINGAN": "hơn 90"}},
    -3: {"TTKT": {"TTKT_KD_PTD": 0, "TTKT_THU_NGHIEM": "hơn 20", "TTKT_KD_CAN": "khoảng 3"}},
    -2: {"TTKT": {"TTKT_KD_PTD": 6000, "TTKT_THU_NGHIEM": "khoảng 80", "TTKT_KD_CAN": 1}},
}
APPROVED = {(-5, "TTKT"), (-5, "KHTC"), (-2, "TTKT")}


def build(path: Path) -> Path:
    url = f"sqlite:///{path}"
    migrate(url)
    engine = open_database(url)
    try:
        _fill(engine)
    finally:
        engine.dispose()
    return path


def _fill(engine: Engine) -> None:
    catalog = read_catalog(engine)
    for username, role in ACCOUNTS.items():
        create_account(engine, ADMINISTRATOR, username, "demo123", role, username,
                       "TTKT" if role == "analyst" else None)
    today = vn_today()
    for offset, units in HISTORY.items():
        month = THIS_MONTH + offset
        for unit, values in units.items():
            content = filled_template(catalog, unit, month, values)
            done = ingest(engine, OFFICE, content, f"{unit}-{month}.xlsx", today=today).value
            if (offset, unit) in APPROVED:
                approve(engine, REVIEWER, done.loaded[0].submission_id, None)
    # A correction listing one row only; the other figures are kept (carried over).
    month = THIS_MONTH - 3
    fix = filled_template(catalog, "TTKT", month, {"TTKT_KD_PTD": 12})
    ingest(engine, OFFICE, fix, "TTKT-fix.xlsx", today=today, missing=KEEP)


def today() -> date:
    return vn_today()

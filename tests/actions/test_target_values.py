"""``actions.catalogue.set_targets`` refuses, on its own, every value that is no target:
whatever a caller passes (a page, a script), nothing is stored and no audit row is written."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from actions import catalogue
from actions.base import ActionError, Actor
from auth.permissions import ADMIN
from core.numbers import LARGEST_TYPED
from store.catalog_admin import targets_of
from store.schema import audit_log

ADMINISTRATOR = Actor("quantri", ADMIN)
COUNTED = "TTKT_KD_PTD"  # a count
AMOUNT = "TTRA_TIENPHAT"  # an amount (money)
PERCENT = "KHTC_TYLE_GIAINGAN"


def _stored(engine: Engine, year: int = 2023) -> dict[str, float]:
    with engine.connect() as conn:
        return {r["indicator_code"]: r["value"] for r in targets_of(conn, year)}


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


@pytest.mark.parametrize(("value", "key"), [
    (-1.0, "admin.target_bad_value"), (-0.5, "admin.target_bad_value"),
    (float("nan"), "admin.target_bad_value"), (float("-inf"), "admin.target_bad_value"),
    ("6.500", "admin.target_bad_value"), (True, "admin.target_bad_value"),
    ([1], "admin.target_bad_value"),
    (float("inf"), "admin.target_too_large"), (LARGEST_TYPED + 1.0, "admin.target_too_large"),
    (1e300, "admin.target_too_large"),
])
@pytest.mark.parametrize("code", [COUNTED, AMOUNT])
def test_no_target_value_is_refused_and_nothing_written(accounts: Engine, code: str,
                                                         value: object, key: str) -> None:
    before, rows = _stored(accounts), _audit_rows(accounts)
    with pytest.raises(ActionError) as refused:
        # a good value first: the bad one refuses the whole call
        catalogue.set_targets(accounts, ADMINISTRATOR, 2023, {PERCENT: 90.0, code: value})
    assert refused.value.key == key
    assert refused.value.params["code"] == code
    message = refused.value.message()
    assert code in message and "{" not in message
    assert _stored(accounts) == before and _audit_rows(accounts) == rows


@pytest.mark.parametrize("value", [6.5, 0.001, 6500.5])
def test_a_count_target_is_whole(accounts: Engine, value: float) -> None:
    before = _stored(accounts)
    with pytest.raises(ActionError) as refused:
        catalogue.set_targets(accounts, ADMINISTRATOR, 2023, {COUNTED: value})
    assert refused.value.key == "admin.target_not_whole"
    assert "số nguyên" in refused.value.message()
    assert _stored(accounts) == before
    # the same figure is an amount's target
    catalogue.set_targets(accounts, ADMINISTRATOR, 2023, {AMOUNT: value})
    assert _stored(accounts)[AMOUNT] == value


@pytest.mark.parametrize(("code", "value", "stored"), [
    (COUNTED, 6500, 6500.0), (COUNTED, 4.9999999999, 5.0), (COUNTED, 0, 0.0),
    (COUNTED, float(LARGEST_TYPED), float(LARGEST_TYPED)), (AMOUNT, 1234.5, 1234.5),
    (PERCENT, 96.15, 96.15),
])
def test_a_good_target_is_stored_as_a_float(accounts: Engine, code: str, value: float,
                                            stored: float) -> None:
    done = catalogue.set_targets(accounts, ADMINISTRATOR, 2023, {code: value})
    got = _stored(accounts)[code]
    assert got == stored and isinstance(got, float)
    assert done.value == 1

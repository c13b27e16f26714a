"""Every admin write leaves its audit row; the catalogue round-trips through YAML."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Engine, select

from actions.accounts import set_role
from actions.base import FORBIDDEN, ActionError
from actions.catalogue import apply_catalog, set_targets
from actions.settings import change_setting
from core.catalog import parse_catalog
from store.audit_queries import audit_rows
from store.catalog_admin import diff_catalog, targets_of
from store.catalog_store import export_yaml, read_catalog
from store.schema import audit_log
from store.settings import get_setting
from tests.actors import ADMINISTRATOR, OFFICE


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars().all()


def test_setting_change_has_validity_dates_and_is_audited(accounts: Engine) -> None:
    change_setting(accounts, ADMINISTRATOR, "report_signer_name", "Lê Văn B", date(2025, 3, 1))
    assert get_setting(accounts, "report_signer_name", date(2025, 3, 1)) == "Lê Văn B"
    assert get_setting(accounts, "report_signer_name", date(2024, 1, 1)) == "Nguyễn Hữu Thắng"
    row = audit_rows(accounts, actions=["setting.change"])[0]
    assert row["before"] == {"value": "Nguyễn Hữu Thắng"} and row["after"]["value"] == "Lê Văn B"
    with pytest.raises(ActionError) as refused:
        change_setting(accounts, OFFICE, "upload_max_mb", 5)
    assert refused.value.key == FORBIDDEN
    with pytest.raises(ActionError) as refused:
        change_setting(accounts, ADMINISTRATOR, "upload_max_mb", "nhiều")
    assert refused.value.key == "admin.setting_bad_value"


def test_targets_edit_is_audited_and_missing_is_not_zero(accounts: Engine) -> None:
    with accounts.connect() as conn:
        before = {r["indicator_code"]: r["value"] for r in targets_of(conn, 2023)}
    code = next(iter(before))
    assert set_targets(accounts, ADMINISTRATOR, 2023, {code: 12345.0}).value == 1
    assert set_targets(accounts, ADMINISTRATOR, 2023, {code: None}).value == 1
    with accounts.connect() as conn:
        assert code not in {r["indicator_code"] for r in targets_of(conn, 2023)}
    rows = audit_rows(accounts, actions=["target.change"])
    assert [r["after"] for r in rows] == [None, {"value": 12345.0}]
    with pytest.raises(ActionError) as refused:
        set_targets(accounts, OFFICE, 2023, {code: 1.0})
    assert refused.value.key == FORBIDDEN


def test_catalogue_export_diff_apply(accounts: Engine) -> None:
    current = read_catalog(accounts)
    again = parse_catalog(export_yaml(accounts))
    assert diff_catalog(current, again) == []
    renamed = replace(again, indicators=[
        replace(i, name=i.name + " (sửa)") if n == 0 else i
        for n, i in enumerate(again.indicators)])
    changes = diff_catalog(current, renamed)
    assert [(c.change, c.fields) for c in changes] == [("changed", ("name",))]
    with pytest.raises(ActionError) as refused:
        apply_catalog(accounts, OFFICE, renamed)
    assert refused.value.key == FORBIDDEN
    apply_catalog(accounts, ADMINISTRATOR, renamed)
    assert read_catalog(accounts).indicators[0].name.endswith("(sửa)")
    assert "catalog.apply" in _actions(accounts)


def test_account_changes_are_audited(accounts: Engine) -> None:
    set_role(accounts, ADMINISTRATOR, "chuyenvien", "viewer")
    row = audit_rows(accounts, actions=["user.role"])[0]
    assert row["before"] == {"role": "analyst", "unit": "TTKT"}
    assert row["after"] == {"role": "viewer", "unit": None}
    assert _actions(accounts).count("user.create") == 4

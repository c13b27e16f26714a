"""Every admin write leaves its audit row; the catalogue round-trips through YAML."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Engine, select

from auth.accounts import set_role
from auth.roles import EDITOR, PermissionDenied
from core.catalog import parse_catalog
from store.audit_queries import audit_rows
from store.catalog_admin import apply_catalog, diff_catalog, set_targets, targets_of
from store.catalog_store import export_yaml, read_catalog
from store.engine import write_transaction
from store.schema import audit_log
from store.settings import SettingError, get_setting, set_setting


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars().all()


def test_setting_change_has_validity_dates_and_is_audited(accounts: Engine) -> None:
    with write_transaction(accounts) as conn:
        set_setting(conn, "report_signer_name", "Lê Văn B", date(2025, 3, 1), None,
                    "quantri", "admin")
    assert get_setting(accounts, "report_signer_name", date(2025, 3, 1)) == "Lê Văn B"
    assert get_setting(accounts, "report_signer_name", date(2024, 1, 1)) == "Nguyễn Hữu Thắng"
    row = audit_rows(accounts, actions=["setting.change"])[0]
    assert row["before"] == {"value": "Nguyễn Hữu Thắng"} and row["after"]["value"] == "Lê Văn B"
    with write_transaction(accounts) as conn, pytest.raises(PermissionDenied):
        set_setting(conn, "upload_max_mb", 5, None, None, "vanphong", EDITOR)
    with write_transaction(accounts) as conn, pytest.raises(SettingError):
        set_setting(conn, "upload_max_mb", "nhiều", None, None, "quantri", "admin")


def test_targets_edit_is_audited_and_missing_is_not_zero(accounts: Engine) -> None:
    with accounts.connect() as conn:
        before = {r["indicator_code"]: r["value"] for r in targets_of(conn, 2023)}
    code = next(iter(before))
    with write_transaction(accounts) as conn:
        assert set_targets(conn, 2023, {code: 12345.0}, "quantri", "admin") == 1
        assert set_targets(conn, 2023, {code: None}, "quantri", "admin") == 1
    with accounts.connect() as conn:
        assert code not in {r["indicator_code"] for r in targets_of(conn, 2023)}
    rows = audit_rows(accounts, actions=["target.change"])
    assert [r["after"] for r in rows] == [None, {"value": 12345.0}]
    with write_transaction(accounts) as conn, pytest.raises(PermissionDenied):
        set_targets(conn, 2023, {code: 1.0}, "vanphong", EDITOR)


def test_catalogue_export_diff_apply(accounts: Engine) -> None:
    current = read_catalog(accounts)
    again = parse_catalog(export_yaml(accounts))
    assert diff_catalog(current, again) == []
    renamed = replace(again, indicators=[
        replace(i, name=i.name + " (sửa)") if n == 0 else i
        for n, i in enumerate(again.indicators)])
    changes = diff_catalog(current, renamed)
    assert [(c.change, c.fields) for c in changes] == [("changed", ("name",))]
    with write_transaction(accounts) as conn, pytest.raises(PermissionDenied):
        apply_catalog(conn, renamed, "vanphong", EDITOR)
    with write_transaction(accounts) as conn:
        apply_catalog(conn, renamed, "quantri", "admin")
    assert read_catalog(accounts).indicators[0].name.endswith("(sửa)")
    assert "catalog.apply" in _actions(accounts)


def test_account_changes_are_audited(accounts: Engine) -> None:
    with write_transaction(accounts) as conn:
        set_role(conn, "chuyenvien", "viewer", None, "quantri", "admin")
    row = audit_rows(accounts, actions=["user.role"])[0]
    assert row["before"] == {"role": "analyst", "unit": "TTKT"}
    assert row["after"] == {"role": "viewer", "unit": None}
    assert _actions(accounts).count("user.create") == 4

"""Docs kept honest: every permission and every setting is documented."""

from __future__ import annotations

from pathlib import Path

from auth.permissions import PERMISSIONS, permissions_table
from core.messages import catalogue
from core.settings_spec import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_security_doc_has_the_current_roles_table() -> None:
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    assert permissions_table() in text
    for action in PERMISSIONS:
        assert f"`{action}`" in text


def test_every_setting_is_documented_and_labelled() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text, f"{setting.name} missing from docs/settings.md"
        assert f"admin.setting_{setting.name}" in catalogue(), setting.name


def test_deploy_doc_names_every_account_command() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    text = readme[readme.index("## Triển khai thật"):]
    for command in ("admin init", "users add", "set-password", "set-role", "disable",
                    "unlock", "admin backup", "admin restore"):
        assert command in text

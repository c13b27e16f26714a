"""The Streamlit server settings the product relies on (``.streamlit/config.toml``): the
security ones (docs/security.md) and the one that keeps a full garbage collection off every
script run's critical path."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("section", "option", "expected"), [
    ("server", "enableXsrfProtection", True),
    ("server", "enableCORS", True),
    ("server", "maxUploadSize", 20),
    ("client", "showErrorDetails", "none"),
    ("client", "toolbarMode", "viewer"),
    ("runner", "magicEnabled", False),
    # Streamlit's default collects all generations after every run while the run's last
    # messages wait: ~0,2 s per click at province scale (bench/README.md).
    ("runner", "postScriptGC", False),
])
def test_server_setting(config: dict, section: str, option: str, expected: object) -> None:
    assert config[section][option] == expected


def test_every_option_is_one_streamlit_knows(config: dict) -> None:
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    for section, options in config.items():
        for option in options:
            assert f"{section}.{option}" in known, f"{section}.{option}"

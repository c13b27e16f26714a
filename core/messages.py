"""The message catalogue: every user-facing text, looked up by key.

Texts live in ``core/locale/<lang>/<area>.yaml``; a key is ``<area>.<name>``
(e.g. ``etl.unknown_indicator``). One catalogue, split by area so each package
owns its file; an English catalogue can follow as ``core/locale/en``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANG = "vi"


@lru_cache(maxsize=4)
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """All messages of one language as a flat ``{"area.name": text}`` dict."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.yaml")):
        area = path.stem
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, text in data.items():
            messages[f"{area}.{name}"] = str(text)
    return messages


def t(key: str, /, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for ``key`` with ``{placeholders}`` filled in.

    A missing key raises KeyError: tests catch it, users never see a raw key.
    """
    text = catalogue(lang)[key]
    return text.format(**params) if params else text

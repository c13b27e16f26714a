"""The message catalogue: every user-facing text, looked up by key.

Texts live in ``core/locale/<lang>/<area>.yaml``; a key is ``<area>.<name>``
(e.g. ``etl.unknown_indicator``). One catalogue, split by area so each package
owns its file; an English catalogue can follow as ``core/locale/en``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANG = "vi"


class _UniqueKeys(yaml.SafeLoader):
    """YAML's safe loader, refusing a key written twice in one file (plain YAML keeps the
    last silently: two people adding the same key would change a text unseen)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"message key {key!r} written twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_messages(text: str) -> dict:
    """One area file's ``{name: text}``; a name written twice is an error."""
    return yaml.load(text, Loader=_UniqueKeys) or {}  # a SafeLoader: plain data only


@lru_cache(maxsize=4)
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """All messages of one language as a flat ``{"area.name": text}`` dict."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.yaml")):
        area = path.stem
        data = read_messages(path.read_text(encoding="utf-8"))
        for name, text in data.items():
            messages[f"{area}.{name}"] = str(text)
    return messages


class Key(str):
    """A message parameter that is itself a catalogue key, translated with the message
    (so a problem can name "a PDF file" without holding Vietnamese text)."""


def t(key: str, /, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for ``key`` with ``{placeholders}`` filled in (``Key`` values translated).

    A missing key raises KeyError: tests catch it, users never see a raw key.
    """
    text = catalogue(lang)[key]
    if not params:
        return text
    shown = {name: t(value, lang=lang) if isinstance(value, Key) else value
             for name, value in params.items()}
    return text.format(**shown)


def json_safe(params: Mapping[str, object]) -> dict[str, object]:
    """Message parameters as JSON values: text, whole and finite numbers, booleans and
    None as they are, lists of them as lists; anything else (a month, a date, NaN) as its
    text.

    >>> from datetime import date
    >>> json_safe({"count": 3, "value": 2.5, "day": date(2023, 1, 31), "x": float("nan")})
    {'count': 3, 'value': 2.5, 'day': '2023-01-31', 'x': 'nan'}
    """
    safe: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, list | tuple) and all(_plain(v) for v in value):
            safe[name] = list(value)
        else:
            safe[name] = value if _plain(value) else str(value)
    return safe


def _plain(value: object) -> bool:
    return value is None or isinstance(value, str | bool | int) or (
        isinstance(value, float) and math.isfinite(value))

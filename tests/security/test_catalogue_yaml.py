"""The catalogue YAML upload: anchors, aliases, nodes and depth bounded before PyYAML
builds anything; the app's own export always passes."""

from __future__ import annotations

import time

import pytest

from core.catalog import CatalogError
from etl import catalog_file
from etl.catalog_file import read_catalog_upload

MB = 1024 * 1024
LAUGHS = b"""version: 1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
units: [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def _refusal(content: bytes) -> str:
    began = time.monotonic()
    with pytest.raises(CatalogError) as refused:
        read_catalog_upload(content, "dm.yaml", 5 * MB)
    assert time.monotonic() - began < 10
    return str(refused.value)


def test_billion_laughs() -> None:
    assert "bí danh" in _refusal(LAUGHS)


def test_a_lone_anchor() -> None:
    assert "neo" in _refusal(b"version: 1\nunits: &u []\n")


def test_nested_too_deep() -> None:
    assert "64 tầng" in _refusal(b"version: 1\nunits: " + b"[" * 100 + b"]" * 100 + b"\n")


def test_too_many_nodes(monkeypatch) -> None:
    monkeypatch.setattr(catalog_file, "MAX_YAML_NODES", 1000)
    message = _refusal(b"version: 1\nunits: [" + b"1, " * 2000 + b"]\n")
    assert "1.000 phần tử" in message


def test_not_utf8() -> None:
    assert "UTF-8" in _refusal("version: 1\nunits: [Sở]\n".encode("utf-16"))


def test_a_syntax_error_still_names_its_line() -> None:
    message = _refusal(b"version: 1\nunits: [\n  - : :\n")
    assert "dòng" in message

"""``python -m etl catalog --json``: the keys the issue asks for, read back from the YAML."""

from __future__ import annotations

import json

import pytest

from cli.etl import main
from core.catalog import Catalog

UNIT_KEYS = {"code", "name", "parent", "sections", "valid_from", "valid_to", "successor"}
SECTION_KEYS = {"code", "title", "order"}
INDICATOR_KEYS = {"code", "name", "aliases", "unit", "section", "org_unit", "aggregation",
                  "direction", "decimals", "headline", "valid_from", "valid_to", "successor"}
TARGET_KEYS = {"indicator", "year", "value"}


def _catalog_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["catalog", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = _catalog_json(capsys)
    assert set(data) >= {"units", "sections", "indicators", "targets"}
    for key, required in (("units", UNIT_KEYS), ("sections", SECTION_KEYS),
                          ("indicators", INDICATOR_KEYS), ("targets", TARGET_KEYS)):
        assert data[key], key
        for item in data[key]:
            assert required <= set(item), (key, required - set(item))


def test_values_are_the_catalogue(capsys: pytest.CaptureFixture[str], catalog: Catalog) -> None:
    data = _catalog_json(capsys)
    assert [u["code"] for u in data["units"]] == [u.code for u in catalog.units]
    ttkt = next(u for u in data["units"] if u["code"] == "TTKT")
    assert ttkt["parent"] == "SKHCN" and ttkt["sections"] == ["3.2"]
    assert ttkt["valid_from"] == "2008-01-01" and ttkt["valid_to"] is None
    ptd = next(i for i in data["indicators"] if i["code"] == "TTKT_KD_PTD")
    assert ptd["unit"] == "phương tiện đo" and ptd["aggregation"] == "sum"
    assert ptd["headline"] is True and ptd["decimals"] == 0
    assert isinstance(ptd["aliases"], list) and "phương tiện đo" in ptd["aliases"]
    old = next(i for i in data["indicators"] if i["code"] == "TTKT_KD_HUYETAP")
    assert old["valid_to"] == "2024-12-31" and old["successor"] == "TTKT_KD_YTE"
    section = next(s for s in data["sections"] if s["code"] == "2.5")
    assert section["title"] == "Công tác kế hoạch – tài chính" and section["order"] == 25
    assert {"indicator": "TTKT_KD_PTD", "year": 2023, "value": 60000} in [
        {k: t[k] for k in TARGET_KEYS} for t in data["targets"]]


def test_summary_without_json(capsys: pytest.CaptureFixture[str], catalog: Catalog) -> None:
    assert main(["catalog"]) == 0
    out = capsys.readouterr().out
    assert str(len(catalog.indicators)) in out and "chỉ tiêu" in out


def test_broken_file_is_reported_not_raised(tmp_path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text("units:\n  - code: X\n    kind: agency\n", encoding="utf-8")
    assert main(["catalog", "--json", "--file", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "dòng" in captured.err

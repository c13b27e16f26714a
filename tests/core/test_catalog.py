"""The catalogue: the real file loads; a broken one is refused naming its line and field."""

from __future__ import annotations

from datetime import date

import pytest

from core.catalog import Catalog, CatalogError, load_catalog, parse_catalog
from core.months import Month

# DOMAIN.md's reference facts (January 2023): section → indicator code and unit noun.
REFERENCE_FACTS = [
    ("2.1", "QLKH_NV_NGHIEMTHU", "nhiệm vụ"),
    ("2.2", "QLCN_THAMDINH_CN", "dự án"),
    ("2.2", "QLCN_GP_BUCXA", "giấy phép"),
    ("2.2", "QLCN_CC_BUCXA", "chứng chỉ"),
    ("2.3", "TDC_HOPCHUAN", "hồ sơ"),
    ("3.1", "TTUD_TINBAI", "tin, bài"),
    ("3.1", "TTUD_VANBAN", "văn bản"),
    ("3.1", "TTUD_THONGBAO", "thông báo"),
    ("3.1", "TTUD_VIDEO", "video"),
    ("3.1", "TTUD_ANPHAM", "ấn phẩm"),
    ("3.1", "TTUD_CHUYENMUC", "chuyên mục"),
    ("3.1", "TTUD_GIONG_NAM", "kg"),
    ("3.1", "TTUD_PHOI_NAM", "bịch"),
    ("3.2", "TTKT_KD_PTD", "phương tiện đo"),
    ("3.2", "TTKT_THU_NGHIEM", "mẫu"),
]
UNITS_2023 = ["VP", "QLKH", "QLCN", "TDC", "TTRA", "KHTC", "TTUD", "TTKT"]


def test_the_real_catalogue_loads(catalog: Catalog) -> None:
    assert len(catalog.indicators) >= 30
    assert [u.code for u in catalog.reporting_units(Month(2023, 1))] == UNITS_2023
    assert {s.code for s in catalog.ordered_sections(Month(2023, 1))} >= {
        "1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3", "3.1", "3.2"}
    assert catalog.unit("SKHCN").parent == "QT"
    assert all(catalog.unit(u).parent == "SKHCN" for u in UNITS_2023)
    assert catalog.indicator("KHTC_GIAINGAN").aggregation == "last"
    assert catalog.target("TTKT_KD_PTD", 2023) == 60000
    assert catalog.target("TTKT_KD_PTD", 1999) is None


@pytest.mark.parametrize(("section", "code", "noun"), REFERENCE_FACTS)
def test_every_reference_fact_has_an_indicator(catalog: Catalog, section: str, code: str,
                                               noun: str) -> None:
    ind = catalog.indicator(code)
    assert (ind.section, ind.unit) == (section, noun)
    assert ind.valid_in(Month(2023, 1))
    assert section in catalog.unit(ind.org_unit).sections


def test_the_2025_merger_is_data(catalog: Catalog) -> None:
    before, after = Month(2025, 2), Month(2025, 3)
    assert "CDS" not in [u.code for u in catalog.reporting_units(before)]
    assert "CDS" in [u.code for u in catalog.reporting_units(after)]
    assert "TTKT_KD_HUYETAP" in [i.code for i in catalog.indicators_for("TTKT", Month(2024, 12))]
    assert "TTKT_KD_HUYETAP" not in [i.code for i in catalog.indicators_for("TTKT", after)]
    assert catalog.indicator("TTKT_KD_HUYETAP").successor == "TTKT_KD_YTE"
    assert catalog.indicator("TTKT_KD_HUYETAP").valid_to == date(2024, 12, 31)


# --- broken catalogues ---------------------------------------------------------------------

GOOD = """\
units:
  - code: QT
    name: UBND tỉnh Quảng Trị
    kind: province
  - code: SKHCN
    name: Sở Khoa học và Công nghệ
    kind: department
    parent: QT
  - code: TTKT
    name: Trung tâm Kỹ thuật
    kind: unit
    parent: SKHCN
    sections: ["3.2"]
    valid_from: 2008-01-01
sections:
  - code: "3.2"
    title: Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng
    order: 32
indicators:
  - code: TTKT_KD_PTD
    name: Phương tiện đo được kiểm định
    unit: phương tiện đo
    section: "3.2"
    org_unit: TTKT
    aggregation: sum
targets:
  - {indicator: TTKT_KD_PTD, year: 2023, value: 60000}
"""


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_small_catalogue_is_valid() -> None:
    catalog = parse_catalog(GOOD)
    assert [u.code for u in catalog.units] == ["QT", "SKHCN", "TTKT"]
    assert catalog.unit("TTKT").valid_from == date(2008, 1, 1)


@pytest.mark.parametrize(("old", "new", "needle", "field"), [
    ("    kind: unit", "    kind: agency", "kind: agency", "kind"),
    ("    name: Trung tâm Kỹ thuật\n", "", "- code: TTKT", "name"),
    ('    section: "3.2"\n    org_unit', '    section: "9.9"\n    org_unit', '"9.9"', "section"),
    ("  - code: SKHCN", "  - code: QT", "- code: QT\n", "code"),
    ("    valid_from: 2008-01-01", "    valid_from: 2008-02-30", "2008-02-30", "valid_from"),
    ("    valid_from: 2008-01-01", "    valid_from: 01/02/2008", "01/02/2008", "valid_from"),
    ("    aggregation: sum", "    aggregation: average", "average", "aggregation"),
    ("    order: 32", "    order: first", "order: first", "order"),
    ("    parent: SKHCN", "    parent: NOPE", "parent: NOPE", "parent"),
    ("year: 2023, value: 60000", "year: 2023, value: -5", "value: -5", "value"),
])
def test_broken_catalogue_names_line_and_field(old: str, new: str, needle: str,
                                               field: str) -> None:
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    if needle == "- code: QT\n":  # the duplicate: the second "- code: QT"
        expected_line = [i for i, line in enumerate(broken.splitlines(), start=1)
                         if line.strip() == "- code: QT"][1]
    else:
        expected_line = _line_of(broken, needle.strip("\n"))
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken)
    assert caught.value.field == field
    assert caught.value.line == expected_line
    message = str(caught.value)
    assert f"dòng {expected_line}" in message and f"'{field}'" in message


def test_yaml_syntax_error_names_the_line() -> None:
    broken = GOOD.replace("    order: 32", "    order: [32")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(broken)
    assert caught.value.line is not None
    assert abs(caught.value.line - _line_of(broken, "order: [32")) <= 2
    assert "YAML" in str(caught.value)


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "units: []\n"])
def test_not_a_catalogue(text: str) -> None:
    with pytest.raises(CatalogError):
        parse_catalog(text)


def test_load_catalog_reads_a_file(tmp_path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_catalog(path).indicator("TTKT_KD_PTD").org_unit == "TTKT"
    path.write_text(GOOD.replace("kind: unit", "kind: agency"), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert "catalog.yaml" in str(caught.value)

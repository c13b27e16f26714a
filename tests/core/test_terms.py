"""Words as people write them: abbreviations, content words, units of measure."""

from __future__ import annotations

import pytest

from core.catalog import Catalog, CatalogError, parse_catalog
from core.terms import Measure, Terms, content_of, words

TERMS = Terms(
    [("PTĐ", "phương tiện đo"), ("KH&CN", "khoa học và công nghệ"), ("tr.đ", "triệu đồng"),
     ("KH và CN", "khoa học và công nghệ"), ("TĐC", "tiêu chuẩn đo lường chất lượng")],
    [("chiếc", "cái"), ("triệu đồng", "triệu"), ("%", "phần trăm", "tỷ lệ")],
)


def test_words_keep_both_forms_and_split_on_punctuation() -> None:
    assert words("Đo-lường, KH&CN 5.749") == [
        ("do", "đo"), ("luong", "lường"), ("kh", "kh"), ("&", "&"), ("cn", "cn"),
        ("5", "5"), ("749", "749")]
    assert words(None) == [] and words("") == [] and words("  -- ") == []
    assert words("HỒ SƠ") == [("ho", "hồ"), ("so", "sơ")]  # lower case, NFC


@pytest.mark.parametrize("text", ["PTĐ", "ptd", "Ptđ", "P T Đ"])
def test_an_abbreviation_is_written_out_in_any_case_and_without_diacritics(text: str) -> None:
    expanded = TERMS.plain_words(text)
    if text == "P T Đ":  # three words are not the one-word abbreviation
        assert expanded == ("p", "t", "d")
    else:
        assert expanded == ("phuong", "tien", "do")


def test_abbreviations_are_whole_words_only() -> None:
    assert TERMS.plain_words("PTĐX") == ("ptdx",)
    assert TERMS.plain_words("ptđ2") == ("ptd2",)
    assert TERMS.plain_words("Sở KH & CN") == ("so", "khoa", "hoc", "va", "cong", "nghe")
    assert TERMS.plain_words("KH và CN") == ("khoa", "hoc", "va", "cong", "nghe")
    assert TERMS.plain_words("KH CN") == ("kh", "cn")  # not a form in the table


def test_the_longest_abbreviation_wins_where_two_start_alike() -> None:
    terms = Terms([("KH", "kế hoạch"), ("KH&CN", "khoa học và công nghệ")])
    assert terms.plain_words("KH&CN") == ("khoa", "hoc", "va", "cong", "nghe")
    assert terms.plain_words("KH năm") == ("ke", "hoach", "nam")


@pytest.mark.parametrize(("a", "b"), [
    ("Số phương tiện đo được kiểm định", "kiểm định PTĐ"),
    ("TỔNG SỐ PHƯƠNG TIỆN ĐO ĐƯỢC KIỂM ĐỊNH", "phương tiện đo kiểm định"),
    ("Số lượng mẫu thử nghiệm trong tháng", "mẫu thử nghiệm"),
    ("phuong tien do duoc kiem dinh", "Phương tiện đo được kiểm định"),
    ("Các loại cân", "cân"),
])
def test_content_words_ignore_order_case_diacritics_and_stop_words(a: str, b: str) -> None:
    assert TERMS.content(a) == TERMS.content(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Hồ sơ công bố", "công bố"),  # "sơ" of hồ sơ is not the stop word "số"
    ("Cơ sở được kiểm tra", "được kiểm tra"),
    ("Đo lường chất lượng", "đo chất"),
    ("Mẫu thử nghiệm đạt", "Mẫu thử nghiệm"),
])
def test_content_words_keep_what_names_a_thing(a: str, b: str) -> None:
    assert TERMS.content(a) != TERMS.content(b)


def test_a_bare_so_may_be_a_content_word_without_diacritics() -> None:
    # Without diacritics "so" could be "số", "sơ" or "sở": it is kept.
    assert "so" in TERMS.content("ho so")
    assert "so" not in TERMS.content("số hồ")
    assert TERMS.content("") == frozenset() and TERMS.content(None) == frozenset()


def test_stop_phrases_are_dropped_only_as_phrases() -> None:
    assert content_of(words("số lượng mẫu")) == {"mau"}
    assert content_of(words("chất lượng mẫu")) == {"chat", "luong", "mau"}
    assert content_of(words("tổng số")) == frozenset()
    assert content_of(words("trong tháng này")) == frozenset()


@pytest.mark.parametrize(("given", "expected"), [
    ("phương tiện", "phương tiện đo"), ("cột", "cột đo"), ("cái", "chiếc"),
    ("tr.đ", "triệu đồng"), ("triệu", "triệu đồng"), ("TRIỆU ĐỒNG", "triệu đồng"),
    ("tỷ lệ", "%"), ("phần trăm", "%"), ("", "lượt"), (None, "lượt"), ("-", "lượt"),
    ("mẫu", "mẫu"), ("tin bài", "tin, bài"),
])
def test_units_of_measure_that_agree(given, expected) -> None:
    assert TERMS.agree(given, expected)
    assert TERMS.agree(expected, given)


@pytest.mark.parametrize(("given", "expected"), [
    ("đồng", "triệu đồng"), ("nghìn đồng", "triệu đồng"), ("tỷ đồng", "triệu đồng"),
    ("người", "lượt"), ("kg", "tấn"), ("%", "lượt"), ("phương tiện", "mẫu"),
    ("lần", "%"),
])
def test_units_of_measure_that_disagree(given: str, expected: str) -> None:
    assert not TERMS.agree(given, expected)
    assert not TERMS.agree(expected, given)


def test_measure_parts() -> None:
    assert TERMS.measure("tr.đ") == Measure(frozenset({"dong"}), frozenset({"trieu"}), False)
    assert TERMS.measure("tỷ lệ %") == Measure(frozenset(), frozenset(), True)
    assert TERMS.measure("  ") is None


def test_a_terms_table_without_entries_changes_nothing() -> None:
    plain = Terms()
    assert plain.plain_words("PTĐ KH&CN") == ("ptd", "kh", "cn")
    assert plain.agree("cái", "chiếc") is False


def test_the_catalogue_carries_its_terms(catalog: Catalog) -> None:
    assert catalog.terms.plain_words("PTĐ") == ("phuong", "tien", "do")
    assert catalog.terms.agree("cái", "chiếc")
    assert ("chiếc", "cái") in catalog.measure_synonyms
    assert "Chi cục TĐC" in catalog.unit("TDC").aliases
    data = catalog.to_json()
    assert {"short": "PTĐ", "full": "phương tiện đo"} in data["abbreviations"]
    assert ["chiếc", "cái"] in data["measure_synonyms"]


MINIMAL = """
units: [{code: U, name: Đơn vị, kind: unit, sections: ["1"]}]
sections: [{code: "1", title: Mục, order: 1}]
indicators: [{code: I, name: Chỉ tiêu, unit: lượt, section: "1", org_unit: U}]
"""


@pytest.mark.parametrize(("extra", "field"), [
    ("abbreviations: [{short: PTĐ}]", "full"),
    ("abbreviations: [{short: PTĐ, full: phương tiện đo}, {short: ptd, full: x y}]", "short"),
    ("abbreviations: [{short: Mẫu, full: mẫu}]", "full"),
    ("measure_synonyms: [[chiếc]]", "measure_synonyms"),
    ("measure_synonyms: [chiếc]", "measure_synonyms"),
    ("measure_synonyms: [[chiếc, cái], [cái, bộ]]", "measure_synonyms"),
])
def test_a_broken_terms_table_is_refused_naming_its_field(extra: str, field: str) -> None:
    with pytest.raises(CatalogError) as refused:
        parse_catalog(MINIMAL + extra)
    assert refused.value.field == field
    assert refused.value.line and str(refused.value)


def test_terms_are_optional() -> None:
    catalog = parse_catalog(MINIMAL)
    assert catalog.abbreviations == [] and catalog.measure_synonyms == []
    assert catalog.unit("U").aliases == ()

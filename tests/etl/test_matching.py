"""Which indicator a row names: code, name, remembered name, content words; suggestions.

A small catalogue made for the rules (two units sharing names, a retired indicator, names
differing by one word) and the real one for the names people write.
"""

from __future__ import annotations

import pytest

from core.catalog import Catalog, parse_catalog
from core.months import Month
from etl.matching import (
    AUTO,
    CODE,
    NAME,
    REMEMBERED,
    IndicatorMatcher,
    Match,
    dice,
    matcher_for,
    review_match,
    unmatched_names,
    unmatched_problem,
)
from etl.problems import Later, error, resolved, warning

JAN = Month(2023, 1)
YAML = """
units:
  - {code: A, name: Phòng A, kind: unit, sections: ["1"]}
  - {code: B, name: Phòng B, kind: unit, sections: ["2"]}
sections:
  - {code: "1", title: Một, order: 1}
  - {code: "2", title: Hai, order: 2}
abbreviations:
  - {short: HS, full: hồ sơ}
measure_synonyms:
  - [chiếc, cái]
indicators:
  - {code: A_HOPCHUAN, name: Hồ sơ công bố hợp chuẩn được tiếp nhận, unit: hồ sơ,
     section: "1", org_unit: A}
  - {code: A_HOPQUY, name: Hồ sơ công bố hợp quy được tiếp nhận, unit: hồ sơ,
     section: "1", org_unit: A}
  - {code: A_CAN, name: Cân được kiểm định, aliases: [cân các loại], unit: chiếc,
     section: "1", org_unit: A}
  - {code: A_TIEN, name: Tiền phạt, unit: triệu đồng, section: "1", org_unit: A}
  - {code: A_MAU, name: Mẫu nước thử nghiệm, unit: mẫu, section: "1", org_unit: A}
  - {code: A_CU, name: Chỉ tiêu cũ, unit: lượt, section: "1", org_unit: A,
     valid_to: 2022-12-31}
  - {code: A_MOI, name: Chỉ tiêu mới, aliases: [chỉ tiêu cũ], unit: lượt, section: "1",
     org_unit: A, valid_from: 2023-01-01}
  - {code: A_CHUNG, name: Văn bản, unit: văn bản, section: "1", org_unit: A}
  - {code: B_CHUNG, name: Văn bản, unit: văn bản, section: "2", org_unit: B}
  - {code: B_KIEMTRA, name: Cơ sở được kiểm tra đột xuất, unit: cơ sở, section: "2",
     org_unit: B}
  - {code: A_BONTU, name: An Bình Cường Đức, unit: lượt, section: "1", org_unit: A}
  - {code: A_NAMTU, name: An Bình Cường Đức Em, unit: lượt, section: "1", org_unit: A}
  - {code: A_SAUTU, name: Gia Hòa Khánh Lâm Minh Nam, unit: lượt, section: "1", org_unit: A}
  - {code: A_Q1, name: Báo cáo quý xuân, unit: lượt, section: "1", org_unit: A}
  - {code: A_Q2, name: Báo cáo quý hạ, unit: lượt, section: "1", org_unit: A}
  - {code: A_Q3, name: Báo cáo quý thu, unit: lượt, section: "1", org_unit: A}
  - {code: A_Q4, name: Báo cáo quý đông, unit: lượt, section: "1", org_unit: A}
"""


@pytest.fixture(scope="module")
def small() -> Catalog:
    return parse_catalog(YAML)


@pytest.fixture(scope="module")
def m(small: Catalog) -> IndicatorMatcher:
    return IndicatorMatcher(small)


def _code(match: Match) -> str | None:
    return match.indicator.code if match.indicator else None


def _codes(indicators) -> list[str]:
    return [i.code for i in indicators]


# --- rule 1: the code ------------------------------------------------------------------


@pytest.mark.parametrize("code", ["A_CAN", "a_can", "  A_CAN ", "A_Can"])
def test_a_code_in_any_case_or_spacing(m: IndicatorMatcher, code: str) -> None:
    found = m.match(code, "tên bất kỳ khác", "B", JAN, measure="tấn")
    assert (_code(found), found.how) == ("A_CAN", CODE)


def test_the_code_wins_over_the_name(m: IndicatorMatcher) -> None:
    assert _code(m.match("A_TIEN", "Cân được kiểm định", "A", JAN)) == "A_TIEN"


def test_an_unknown_code_falls_back_to_the_name(m: IndicatorMatcher) -> None:
    found = m.match("XYZ", "Cân được kiểm định", "A", JAN)
    assert (_code(found), found.how, found.label) == ("A_CAN", NAME, "Cân được kiểm định")


# --- rule 2: the name, the unit's own, the month's ------------------------------------


@pytest.mark.parametrize("name", ["Cân được kiểm định", "CÂN ĐƯỢC KIỂM ĐỊNH",
                                  "can duoc kiem dinh", "  Cân   được kiểm định. ",
                                  "cân các loại"])
def test_a_name_or_alias_however_written(m: IndicatorMatcher, name: str) -> None:
    found = m.match(None, name, "A", JAN)
    assert (_code(found), found.how) == ("A_CAN", NAME)


@pytest.mark.parametrize(("unit", "expected"), [("A", "A_CHUNG"), ("B", "B_CHUNG")])
def test_a_name_two_units_share_is_the_units_own(m: IndicatorMatcher, unit: str,
                                                 expected: str) -> None:
    found = m.match(None, "Văn bản", unit, JAN)
    assert (_code(found), found.how) == (expected, NAME)


def test_a_shared_name_without_a_unit_is_ambiguous(m: IndicatorMatcher) -> None:
    found = m.match(None, "văn bản", None, JAN)
    assert found.indicator is None and found.ambiguous
    assert _codes(found.candidates) == _codes(found.suggestions) == ["A_CHUNG", "B_CHUNG"]


def test_a_shared_name_of_neither_unit_stays_ambiguous(small: Catalog) -> None:
    catalog = parse_catalog(YAML.replace("  - {code: B, name: Phòng B, kind: unit, "
                                         "sections: [\"2\"]}",
                                         "  - {code: B, name: Phòng B, kind: unit, "
                                         "sections: [\"2\"]}\n  - {code: C, name: Phòng C, "
                                         "kind: unit, sections: []}"))
    found = IndicatorMatcher(catalog).match(None, "Văn bản", "C", JAN)
    assert found.ambiguous and _codes(found.candidates) == ["A_CHUNG", "B_CHUNG"]


@pytest.mark.parametrize(("month", "expected"), [(JAN, "A_MOI"), (Month(2022, 12), "A_CU")])
def test_a_name_two_indicators_share_over_time_is_the_months(m: IndicatorMatcher, month: Month,
                                                              expected: str) -> None:
    found = m.match(None, "Chỉ tiêu cũ", "A", month)
    assert (_code(found), found.how) == (expected, NAME)


def test_without_a_month_a_name_shared_over_time_is_ambiguous(m: IndicatorMatcher) -> None:
    found = m.match(None, "Chỉ tiêu cũ", "A", None)
    assert found.ambiguous and _codes(found.candidates) == ["A_CU", "A_MOI"]


def test_a_month_neither_is_valid_in_keeps_both(m: IndicatorMatcher) -> None:
    catalog = parse_catalog(YAML.replace("valid_from: 2023-01-01}",
                                         "valid_from: 2023-01-01, valid_to: 2023-06-30}"))
    found = IndicatorMatcher(catalog).match(None, "Chỉ tiêu cũ", "A", Month(2024, 1))
    assert found.ambiguous


@pytest.mark.parametrize("code_cell", ["Cân được kiểm định", "CAN CAC LOAI"])
def test_a_name_typed_in_the_code_column(m: IndicatorMatcher, code_cell: str) -> None:
    for name in (None, "", "   "):
        found = m.match(code_cell, name, "A", JAN)
        assert (_code(found), found.how) == ("A_CAN", NAME)


def test_nothing_to_match(m: IndicatorMatcher) -> None:
    for code, name in ((None, None), ("", ""), (None, " . "), ("  ", None)):
        found = m.match(code, name, "A", JAN)
        assert found == Match(None)


# --- rule 3: a remembered name --------------------------------------------------------


def test_a_remembered_name_is_used_when_the_catalogue_has_none(m: IndicatorMatcher) -> None:
    remembered = {"so hs chuan da nhan": "A_HOPCHUAN"}
    for written in ("Số HS chuẩn đã nhận", "SO HS CHUAN DA NHAN", "  số hs  chuẩn đã nhận."):
        found = m.match(None, written, "A", JAN, remembered=remembered)
        assert (_code(found), found.how) == ("A_HOPCHUAN", REMEMBERED)
    assert m.match(None, "Số HS chuẩn đã nhận", "A", JAN).how is None
    assert m.match(None, "Số HS chuẩn đã nhận", "A", JAN, remembered={}).how is None


def test_a_remembered_name_never_overrides_the_catalogue(m: IndicatorMatcher) -> None:
    remembered = {"can duoc kiem dinh": "A_TIEN", "a_can": "A_TIEN"}
    assert (_code(m.match(None, "Cân được kiểm định", "A", JAN, remembered=remembered))
            == "A_CAN")
    assert _code(m.match("A_CAN", None, "A", JAN, remembered=remembered)) == "A_CAN"


def test_a_remembered_name_of_an_indicator_gone_from_the_catalogue_is_ignored(
        m: IndicatorMatcher) -> None:
    found = m.match(None, "Tên lạ", "A", JAN, remembered={"ten la": "DA_XOA"})
    assert found.indicator is None and found.how is None


# --- rule 4: content words ------------------------------------------------------------


@pytest.mark.parametrize("label", [
    "công bố hợp quy hồ sơ tiếp nhận",  # reordered
    "HS công bố hợp quy được tiếp nhận",  # an abbreviation
    "HO SO CONG BO HOP QUY TIEP NHAN DUOC",  # upper case, no diacritics, a stop word
    "Số hồ sơ công bố hợp quy tiếp nhận trong tháng",
])
def test_the_same_content_words_are_accepted_as_auto(m: IndicatorMatcher, label: str) -> None:
    found = m.match(None, label, "A", JAN)
    assert (_code(found), found.how, found.label) == ("A_HOPQUY", AUTO, label)


def test_two_indicators_one_word_apart_both_ways(m: IndicatorMatcher) -> None:
    chuan = m.match(None, "tiếp nhận hồ sơ công bố hợp chuẩn", "A", JAN)
    quy = m.match(None, "tiếp nhận hồ sơ công bố hợp quy", "A", JAN)
    assert (_code(chuan), _code(quy)) == ("A_HOPCHUAN", "A_HOPQUY")
    both = m.match(None, "hồ sơ công bố hợp chuẩn hợp quy", "A", JAN)
    assert both.indicator is None
    assert set(_codes(both.suggestions[:2])) == {"A_HOPCHUAN", "A_HOPQUY"}


def test_a_label_naming_part_of_two_names_is_not_accepted(m: IndicatorMatcher) -> None:
    found = m.match(None, "Hồ sơ công bố", "A", JAN)
    assert found.indicator is None
    assert _codes(found.suggestions[:2]) == ["A_HOPCHUAN", "A_HOPQUY"]


def test_a_label_with_a_word_the_name_lacks_is_not_accepted(m: IndicatorMatcher) -> None:
    found = m.match(None, "Mẫu nước thử nghiệm đạt", "A", JAN)
    assert found.indicator is None and _codes(found.suggestions)[0] == "A_MAU"


def test_a_shorter_label_inside_one_name_is_accepted(m: IndicatorMatcher) -> None:
    # 3 of the name's 5 words: score 6/8 = 0.75, the least strong score.
    found = m.match(None, "Mẫu thử nghiệm", "A", JAN)
    assert (_code(found), found.how) == ("A_MAU", AUTO)


def test_a_label_too_short_for_its_name_is_only_suggested(m: IndicatorMatcher) -> None:
    # 2 of the name's 4 words: 4/6 < 0.75.
    found = m.match(None, "Mẫu nước", "A", JAN)
    assert found.indicator is None and _codes(found.suggestions)[0] == "A_MAU"


def test_a_rival_within_the_margin_blocks_the_best(m: IndicatorMatcher) -> None:
    # "An Bình Cường": 6/8 = 0.75 in the four-word name, 6/9 = 0.67 in the five-word one.
    found = m.match(None, "An Bình Cường", "A", JAN)
    assert found.indicator is None
    assert _codes(found.suggestions[:2]) == ["A_BONTU", "A_NAMTU"]


def test_a_rival_beyond_the_margin_does_not_block(m: IndicatorMatcher) -> None:
    # 8/10 = 0.8 in the six-word name; nothing else shares a word.
    found = m.match(None, "Gia Hòa Khánh Lâm", "A", JAN)
    assert (_code(found), found.how) == ("A_SAUTU", AUTO)


def test_an_exact_word_match_beats_a_name_one_word_longer(m: IndicatorMatcher) -> None:
    found = m.match(None, "Đức Cường Bình An", "A", JAN)  # score 1 vs 8/9 = 0.89
    assert (_code(found), found.how) == ("A_BONTU", AUTO)


def test_content_words_look_only_at_the_units_own_indicators(m: IndicatorMatcher) -> None:
    found = m.match(None, "Cơ sở kiểm tra đột xuất", "A", JAN)
    assert found.indicator is None and "B_KIEMTRA" not in _codes(found.suggestions)
    other = m.match(None, "Cơ sở kiểm tra đột xuất", "B", JAN)
    assert (_code(other), other.how) == ("B_KIEMTRA", AUTO)
    anyone = m.match(None, "Cơ sở kiểm tra đột xuất", None, JAN)
    assert (_code(anyone), anyone.how) == ("B_KIEMTRA", AUTO)


def test_a_retired_indicator_is_neither_accepted_nor_a_rival(m: IndicatorMatcher) -> None:
    catalog = parse_catalog(YAML + """
  - {code: A_CU2, name: Số phòng thí nghiệm chuẩn, unit: lượt, section: "1", org_unit: A,
     valid_to: 2022-12-31}
  - {code: A_MOI2, name: Phòng thí nghiệm chuẩn quốc gia, unit: lượt, section: "1",
     org_unit: A}
""")
    matcher = IndicatorMatcher(catalog)
    found = matcher.match(None, "phòng thí nghiệm chuẩn", "A", JAN)
    assert (_code(found), found.how) == ("A_MOI2", AUTO)
    old = matcher.match(None, "phòng thí nghiệm chuẩn", "A", Month(2022, 6))
    assert (_code(old), old.how) == ("A_CU2", AUTO)  # then it had exactly these words


@pytest.mark.parametrize(("measure", "expected"), [
    (None, "A_CAN"), ("", "A_CAN"), ("cái", "A_CAN"), ("chiếc", "A_CAN"), ("tấn", None),
    ("kg", None)])
def test_the_unit_of_measure_must_agree_for_an_auto_match(m: IndicatorMatcher, measure,
                                                          expected) -> None:
    found = m.match(None, "Kiểm định cân", "A", JAN, measure=measure)
    assert _code(found) == expected
    if expected is None:
        assert _codes(found.suggestions)[0] == "A_CAN"


def test_measure_agreement_for_found_indicators(m: IndicatorMatcher, small: Catalog) -> None:
    money = small.indicator("A_TIEN")
    assert m.measure_agrees(money, "triệu đồng") and m.measure_agrees(money, None)
    assert not m.measure_agrees(money, "đồng")


# --- suggestions ----------------------------------------------------------------------


def test_suggestions_are_ranked_best_first(m: IndicatorMatcher) -> None:
    found = m.match(None, "hồ sơ công bố hợp chuẩn kết quả", "A", JAN)  # 0.75 and 0.625
    assert _codes(found.suggestions)[:2] == ["A_HOPCHUAN", "A_HOPQUY"]


def test_a_typo_is_suggested_by_its_letters(m: IndicatorMatcher) -> None:
    found = m.match(None, "Cân đươc kiêm đinhh", "A", JAN)
    assert found.indicator is None and _codes(found.suggestions)[0] == "A_CAN"


def test_a_mistyped_code_suggests_codes(m: IndicatorMatcher) -> None:
    found = m.match("A_CANN", None, "A", JAN)
    assert found.indicator is None and _codes(found.suggestions)[0] == "A_CAN"


def test_suggestions_are_at_most_three_and_never_weak(m: IndicatorMatcher) -> None:
    four = _codes(m.suggest("báo cáo quý", "A", JAN))
    assert len(four) == 3 and set(four) < {"A_Q1", "A_Q2", "A_Q3", "A_Q4"}
    assert m.match(None, "báo cáo quý", "A", JAN).indicator is None  # four equal
    assert m.suggest("xyz qwv", "A", JAN) == []
    assert m.suggest("", "A", JAN) == [] and m.suggest(None, "A", JAN) == []
    assert len(m.suggest("hồ sơ công bố", "A", JAN, limit=1)) == 1


def test_suggestion_threshold(m: IndicatorMatcher) -> None:
    # "cân" alone: 2/(1+1) = 1 with the alias "cân các loại": suggested.
    assert _codes(m.suggest("cân", "A", JAN)) == ["A_CAN"]
    scores = m.scores("tiền thưởng")  # 2/(2+2) = 0.5 with "Tiền phạt": the least kept
    assert max(s for s, _ in scores.values()) == 0.5
    assert "A_TIEN" in _codes(m.suggest("tiền thưởng", "A", JAN))


def test_suggestion_ties_go_to_the_units_own_then_the_months(small: Catalog) -> None:
    matcher = IndicatorMatcher(small)
    assert _codes(matcher.suggest("văn bản mới", None, JAN))[:2] == ["A_CHUNG", "B_CHUNG"]
    assert _codes(matcher.suggest("văn bản mới", "B", JAN))[:1] == ["B_CHUNG"]
    assert _codes(matcher.suggest("chỉ tiêu cũ nhất", "A", JAN))[:2] == ["A_MOI", "A_CU"]
    assert _codes(matcher.suggest("chỉ tiêu cũ nhất", "A", Month(2022, 1)))[:2] == \
        ["A_CU", "A_MOI"]


def test_suggestions_of_a_unit_without_indicators_come_from_all(small: Catalog) -> None:
    assert _codes(IndicatorMatcher(small).suggest("văn bản mới", "Z", JAN))[:2] == \
        ["A_CHUNG", "B_CHUNG"]


# --- the real catalogue: names as people write them -----------------------------------


@pytest.mark.parametrize(("unit", "label", "code", "how"), [
    ("TTKT", "Số PTĐ được KĐ", "TTKT_KD_PTD", AUTO),
    ("TTKT", "kiểm định phương tiện đo", "TTKT_KD_PTD", NAME),
    ("TTKT", "Số lượng mẫu thử nghiệm", "TTKT_THU_NGHIEM", AUTO),
    ("TDC", "tiếp nhận hồ sơ công bố hợp chuẩn", "TDC_HOPCHUAN", AUTO),
    ("TDC", "Hồ sơ hợp quy", "TDC_HOPQUY", AUTO),
    ("QLCN", "Văn bằng bảo hộ SHCN được cấp", "QLCN_VANBANG", AUTO),
    ("TTUD", "Số lượt truy cập cổng TTĐT", "TTUD_LUOT_TRUYCAP", AUTO),
    ("QLKH", "Số nhiệm vụ KH&CN đang triển khai", "QLKH_NV_DANGTRIENKHAI", AUTO),
    ("TTRA", "Tiền phạt VPHC", "TTRA_TIENPHAT", AUTO),
])
def test_names_as_written_in_real_sheets(catalog: Catalog, unit: str, label: str, code: str,
                                         how: str) -> None:
    found = matcher_for(catalog).match(None, label, unit, JAN)
    assert (_code(found), found.how) == (code, how)


@pytest.mark.parametrize(("unit", "label", "measure", "first"), [
    ("TTKT", "Phương tiện đo được kiểm định, hiệu chuẩn", None, "TTKT_HIEUCHUAN"),
    ("TTKT", "Mẫu thử nghiệm không đạt", None, "TTKT_THU_NGHIEM"),
    ("TDC", "Hồ sơ công bố", None, "TDC_HOPCHUAN"),
    ("TTRA", "Tiền phạt VPHC", "đồng", "TTRA_TIENPHAT"),
])
def test_near_misses_in_real_sheets_are_only_suggested(catalog: Catalog, unit: str, label: str,
                                                       measure, first: str) -> None:
    found = matcher_for(catalog).match(None, label, unit, JAN, measure)
    assert found.indicator is None
    assert first in _codes(found.suggestions)


def test_one_matcher_per_catalogue(catalog: Catalog, small: Catalog) -> None:
    assert matcher_for(catalog) is matcher_for(catalog)
    assert matcher_for(small) is not matcher_for(catalog)


def test_dice() -> None:
    assert dice(frozenset("ab"), frozenset("ab")) == 1.0
    assert dice(frozenset("a"), frozenset("abc")) == 0.5
    assert dice(frozenset(), frozenset("a")) == 0.0 and dice(frozenset("a"), frozenset()) == 0.0
    assert dice(frozenset("ab"), frozenset("cd")) == 0.0


# --- what the rows turn into -----------------------------------------------------------


WHERE = ("Chỉ tiêu", 7, "B")


def test_an_unknown_row_names_its_suggestions_for_people_and_programs(
        m: IndicatorMatcher) -> None:
    found = m.match(None, "Hồ sơ công bố", "A", JAN)
    deferred = unmatched_problem(found, WHERE, "A")
    assert isinstance(deferred.params["codes"], Later)  # ranked when the problem is listed
    assert deferred.to_json()["params"]["codes"] == ["A_HOPCHUAN", "A_HOPQUY"]
    problem = resolved(deferred)  # as the problem list does
    assert problem.message == deferred.message
    assert (problem.code, problem.severity, problem.sheet, problem.row, problem.column) == \
        ("unknown_indicator", "error", "Chỉ tiêu", 7, "B")
    assert problem.params["codes"] == ["A_HOPCHUAN", "A_HOPQUY"]
    assert problem.params["unit"] == "A" and problem.params["label"] == "Hồ sơ công bố"
    assert "Hồ sơ công bố hợp chuẩn được tiếp nhận; Hồ sơ công bố hợp quy" in problem.message
    assert problem.to_json()["params"]["codes"] == ["A_HOPCHUAN", "A_HOPQUY"]


def test_an_unknown_row_without_suggestions(m: IndicatorMatcher) -> None:
    problem = resolved(unmatched_problem(m.match(None, "xyz qwv", "A", JAN), WHERE, None))
    assert (problem.params["suggestions"], problem.params["codes"], problem.params["unit"]) \
        == ("—", [], None)


def test_an_ambiguous_row(m: IndicatorMatcher) -> None:
    problem = unmatched_problem(m.match(None, "Văn bản", None, JAN), WHERE, None)
    assert problem.code == "ambiguous_indicator"
    assert problem.params["options"] == "Văn bản; Văn bản"
    assert problem.params["codes"] == ["A_CHUNG", "B_CHUNG"]


def test_review_of_a_found_row(m: IndicatorMatcher) -> None:
    auto = m.match(None, "công bố hợp quy hồ sơ tiếp nhận", "A", JAN)
    assert review_match(m, auto, None, WHERE) == warning(
        "auto_matched", *WHERE, label="công bố hợp quy hồ sơ tiếp nhận",
        name="Hồ sơ công bố hợp quy được tiếp nhận", indicator="A_HOPQUY")
    assert "Ghép tự động" in review_match(m, auto, "hồ sơ", WHERE).message
    for found in (m.match("A_CAN", None), m.match(None, "cân các loại", "A"),
                  m.match(None, "cân lạ", "A", remembered={"can la": "A_CAN"})):
        assert review_match(m, found, "cái", WHERE) is None
        assert review_match(m, found, "tấn", WHERE) == error(
            "measure_mismatch", *WHERE, label=found.label, name="Cân được kiểm định",
            measure="tấn", expected="chiếc")
    assert review_match(m, m.match(None, "xyz"), "tấn", WHERE) is None


def test_unmatched_names_are_asked_once_per_unit_and_name() -> None:
    problems = [
        error("unknown_indicator", "S", 2, "B", label="Tên lạ", suggestions="—", codes=["X"],
              unit="A"),
        error("unknown_indicator", "S", 3, "B", label="TÊN LẠ", suggestions="—", codes=[],
              unit="A"),
        error("unknown_indicator", "S", 4, "B", label="Tên lạ", suggestions="—", codes=[],
              unit="B"),
        error("ambiguous_indicator", "S", 5, "B", label="Văn bản", options="", codes=["P", "Q"],
              unit="A"),
        error("unknown_indicator", "S", 6, "B", label="Không đơn vị", suggestions="—",
              codes=[], unit=None),
        error("not_a_number", "S", 7, "D", value="x", name="y"),
        warning("auto_matched", "S", 8, "B", label="a", name="b", indicator="c"),
    ]
    found = unmatched_names(problems)
    assert [(n.unit, n.label, n.row, n.codes) for n in found] == [
        ("A", "Tên lạ", 2, ("X",)), ("B", "Tên lạ", 4, ()), ("A", "Văn bản", 5, ("P", "Q"))]
    assert found[0].sheet == "S"

"""Work per file is bounded: the problems listed are capped, and the costly "did you
mean" suggestions are worked out only for the problems shown."""

from __future__ import annotations

import pickle
import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from core.catalog import Catalog
from core.text import strip_diacritics
from etl import problems as problem_list
from etl.matching import IndicatorMatcher, matcher_for, unmatched_problem
from etl.pipeline import Context, validate_content
from etl.problems import (
    MAX_PROBLEMS_PER_CODE,
    MAX_PROBLEMS_PER_FILE,
    Later,
    error,
    error_count,
    listed,
    warning,
)
from tests.security.hostile import unknown_rows


def test_a_file_of_unknown_rows_lists_a_bounded_number_and_says_how_many_more(
        catalog: Catalog, monkeypatch) -> None:
    calls: list[str] = []
    real = IndicatorMatcher.suggest

    def counting(self, key, *args, **kwargs):
        calls.append(key)
        return real(self, key, *args, **kwargs)

    monkeypatch.setattr(IndicatorMatcher, "suggest", counting)
    # a different problem at the very end
    content = unknown_rows(3000, last=["TTKT_KD_PTD", "", "", -5, None])
    result = validate_content(content, "la.xlsx", catalog,
                              Context(today=date(2024, 1, 1)))
    codes = [p.code for p in result.problems]
    assert codes.count("unknown_indicator") == MAX_PROBLEMS_PER_CODE
    assert len(result.problems) <= MAX_PROBLEMS_PER_FILE + 1
    assert codes[-1] == "more_problems"
    more = result.problems[-1]
    assert more.params["count"] == 3000 - MAX_PROBLEMS_PER_CODE
    assert more.params["errors"] == 3000 - MAX_PROBLEMS_PER_CODE and more.is_error
    assert "Và 2.950 vấn đề khác không được liệt kê (trong đó 2.950 lỗi)" in more.message
    assert len(calls) == MAX_PROBLEMS_PER_CODE  # suggestions only for the rows shown
    assert error_count(result.problems) == 3001
    assert "negative_value" in codes  # the one different problem, at the very end, is listed
    shown = [p for p in result.problems if p.code == "unknown_indicator"]
    assert all(isinstance(p.params["suggestions"], str) for p in shown)


def test_caps_per_kind_and_per_file() -> None:
    many = [error(f"k{i % 7}", row=i) for i in range(1000)] + [warning("w", row=1)] * 3
    shown = listed(many, per_code=20, per_file=50)
    kept = shown[:-1]
    assert len(kept) == 50 and shown[-1].code == "more_problems"
    assert max(sum(p.code == c for p in kept) for c in {p.code for p in kept}) <= 20
    assert shown[-1].params["count"] == 1003 - 50
    assert shown[-1].params["errors"] == 1000 - 50
    assert [p.row for p in kept[:7]] == list(range(7))  # the order found is kept


def test_only_warnings_hidden_make_a_warning_line() -> None:
    shown = listed([warning("w")] * 5, per_code=2)
    assert shown[-1].code == "more_problems" and not shown[-1].is_error
    assert shown[-1].params == {"count": 3, "errors": 0, "count_text": "3", "errors_text": "0"}
    assert error_count(shown) == 0


def test_nothing_hidden_adds_no_line() -> None:
    few = [error("a"), warning("b")]
    assert listed(few) == few


def test_listing_twice_counts_the_first_lines_hidden_problems() -> None:
    first = listed([error("a")] * 60, per_code=50)
    again = listed([*first, error("b"), warning("c")], per_code=50)
    assert again[-1].params["count"] == 10 and again[-1].params["errors"] == 10
    assert [p.code for p in again].count("more_problems") == 1
    assert error_count(again) == 61


def test_a_later_parameter_is_computed_once_and_only_when_shown() -> None:
    calls: list[int] = []

    def costly(n: int) -> str:
        calls.append(n)
        return f"gợi ý {n}"

    problems = [error("unknown_indicator", label=str(n), suggestions=Later(costly, n))
                for n in range(10)]
    shown = listed(problems, per_code=3)
    assert calls == [0, 1, 2]
    assert shown[0].params["suggestions"] == "gợi ý 0"
    later = Later(costly, 99)
    assert str(later) == "gợi ý 99" and f"{later}" == "gợi ý 99" and calls[-1] == 99
    assert calls.count(99) == 1
    assert pickle.loads(pickle.dumps(Later(costly, 5))) == "gợi ý 5"  # crosses as a value


def test_the_matcher_leaves_suggestions_to_the_problem_list(catalog: Catalog,
                                                            monkeypatch) -> None:
    calls: list[object] = []
    real = IndicatorMatcher.suggest

    def counting(self, text, *args, **kwargs):
        calls.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(IndicatorMatcher, "suggest", counting)
    matcher = matcher_for(catalog)
    where = ("Chỉ tiêu", 2, "B")
    problems = [unmatched_problem(matcher.match(f"KHONG_CO_{n}", f"chỉ tiêu lạ số {n}",
                                                "TTKT"), where, "TTKT")
                for n in range(10)]
    assert calls == []  # matching and making the problems ranked nothing
    shown = listed(problems, per_code=3)
    assert calls == ["chỉ tiêu lạ số 0", "chỉ tiêu lạ số 1", "chỉ tiêu lạ số 2"]
    assert all(isinstance(p.params["suggestions"], str) and isinstance(p.params["codes"], list)
               for p in shown[:3])
    assert shown[-1].code == "more_problems" and shown[-1].params["count"] == 7


def test_the_cap_constants() -> None:
    assert (problem_list.MAX_PROBLEMS_PER_CODE, problem_list.MAX_PROBLEMS_PER_FILE) == (50, 100)


def _reference_strip(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) != "Mn")


@given(st.text())
def test_faster_diacritics_removal_is_the_same_function(text: str) -> None:
    assert strip_diacritics(text) == _reference_strip(text)

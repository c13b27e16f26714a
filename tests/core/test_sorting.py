"""Vietnamese alphabetical order."""

from __future__ import annotations

import random

import pytest

from core.sorting import vn_sort_key, vn_sorted

ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n",
            "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]


def test_letters_follow_the_vietnamese_alphabet() -> None:
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert vn_sorted(shuffled) == ALPHABET


@pytest.mark.parametrize(("words", "expected"), [
    (["Đào", "Dung", "Ánh", "Âu", "An", "Bình"], ["An", "Ánh", "Âu", "Bình", "Dung", "Đào"]),
    (["Ơn", "Ôn", "On"], ["On", "Ôn", "Ơn"]),
    (["Ưng", "Uyên", "Út"], ["Út", "Uyên", "Ưng"]),
    (["Ăn", "Ân", "Anh"], ["Anh", "Ăn", "Ân"]),
    (["Trần", "Lê", "Nguyễn", "Đặng", "Hồ"], ["Đặng", "Hồ", "Lê", "Nguyễn", "Trần"]),
    (["Thanh tra Sở", "Trung tâm", "Chi cục", "Văn phòng Sở", "Phòng Kế hoạch"],
     ["Chi cục", "Phòng Kế hoạch", "Thanh tra Sở", "Trung tâm", "Văn phòng Sở"]),
    # Tones only break ties: ma mà mả mã má mạ.
    (["mạ", "má", "mã", "mả", "mà", "ma"], ["ma", "mà", "mả", "mã", "má", "mạ"]),
    # Letters decide before tones: "mạc" < "mai" although "ạ" has a tone.
    (["mai", "mạc"], ["mạc", "mai"]),
    (["An 2", "An", "An 10"], ["An", "An 10", "An 2"]),
])
def test_words(words: list[str], expected: list[str]) -> None:
    assert vn_sorted(words) == expected


def test_case_and_normalisation_do_not_matter() -> None:
    assert vn_sort_key("đào") == vn_sort_key("ĐÀO")
    decomposed = "Đa\u0300o"  # "Đào" with a combining grave accent
    assert vn_sort_key(decomposed) == vn_sort_key("Đào")


def test_sorted_by_a_key() -> None:
    rows = [{"name": "Đào"}, {"name": "Dung"}]
    assert [r["name"] for r in vn_sorted(rows, key=lambda r: r["name"])] == ["Dung", "Đào"]
    assert vn_sorted([None, "a"], key=lambda x: x or "") == [None, "a"]

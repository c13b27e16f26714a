"""The material-move rule shared by the overview and the summary: stated, and nothing else."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import analytics.material
from analytics.comparisons import Comparison
from analytics.material import (
    LIST_SIZE,
    MIN_BASE,
    MIN_SHARE,
    is_material_change,
    material_moves,
)
from core.months import Month

JAN, LAST_JAN = Month(2023, 1), Month(2022, 1)


def comp(value: float | None, base: float | None) -> Comparison:
    return Comparison("same_month_last_year", JAN, LAST_JAN, value, base)


def test_doctest_examples_hold() -> None:
    assert doctest.testmod(analytics.material).failed == 0


@pytest.mark.parametrize(("value", "base", "unit", "material"), [
    (544, 540, "mẫu", False),  # +0,74%: the example, under 10%
    (7, 5, "dự án", False),  # +40% on a base of 5: the base is below 10
    (2, 1, "cuộc", False),  # +100% on a base of 1
    (11, 10, "văn bản", True),  # exactly 10% on a base of exactly 10: both bounds hold
    (9, 10, "văn bản", True),  # -10% counts as a fall
    (10.99, 10, "văn bản", False),  # 9,9%: under the share
    (1100, 1000, "kg", True),
    (5749, 4000, "phương tiện đo", True),
    (7.3, 3.0, "%", False),  # a rate: "+143%" of a percentage says nothing
    (70.0, 40.0, " % ", False),  # a rate, however the unit is spaced
    (574.3, 18104.7, "triệu đồng", True),  # -96,8%: material when someone compares it
    (None, 100, "mẫu", False),  # the month has no data: never zero
    (100, None, "mẫu", False),  # the base month has no data
    (5, 0, "mẫu", False),  # a zero base has no percentage
    (-20, -10, "mẫu", False),  # a negative base is no meaningful base
    (1e15, 1e12, "lượt", True),  # huge values
    (100, 100, "mẫu", False),  # no change
])
def test_rule_cases(value, base, unit, material):
    assert is_material_change(comp(value, base), unit) is material


def test_bounds_come_from_the_stated_constants():
    assert (MIN_BASE, MIN_SHARE, LIST_SIZE) == (10.0, 0.10, 3)
    just_under = MIN_BASE - 0.01
    assert not is_material_change(comp(just_under * 2, just_under), "mẫu")
    assert is_material_change(comp(MIN_BASE * 2, MIN_BASE), "mẫu")


def test_largest_relative_first_rises_and_falls_apart_at_most_three():
    changes = [
        ("A", comp(110, 100), "mẫu"),  # +10%
        ("B", comp(300, 100), "mẫu"),  # +200%
        ("C", comp(150, 100), "mẫu"),  # +50%
        ("D", comp(125, 100), "mẫu"),  # +25%
        ("E", comp(50, 100), "mẫu"),  # -50%
        ("F", comp(80, 100), "mẫu"),  # -20%
        ("G", comp(101, 100), "mẫu"),  # +1%: not material, never listed
        ("H", comp(4, 2), "mẫu"),  # +100% on a tiny base: not listed either
    ]
    rises, falls = material_moves(changes)
    assert [m.key for m in rises] == ["B", "C", "D"]
    assert [m.key for m in falls] == ["E", "F"]
    assert all(m.rise for m in rises) and not any(m.rise for m in falls)
    rises, falls = material_moves(reversed(changes), limit=1)  # order of input is irrelevant
    assert [m.key for m in rises] == ["B"] and [m.key for m in falls] == ["E"]
    assert material_moves([], limit=5) == ([], [])


def test_equal_percentages_larger_change_first_then_code():
    changes = [("Z", comp(20, 10), "a"), ("A", comp(20, 10), "a"), ("M", comp(2000, 1000), "a")]
    rises, _ = material_moves(changes)
    assert [m.key for m in rises] == ["M", "A", "Z"]


@given(st.lists(st.tuples(st.floats(0, 1e9), st.floats(0, 1e9)), max_size=40),
       st.integers(0, 6))
def test_every_listed_move_obeys_the_rule(pairs, limit):
    changes = [(f"K{i}", comp(v, b), "cái") for i, (v, b) in enumerate(pairs)]
    rises, falls = material_moves(changes, limit)
    assert len(rises) <= limit and len(falls) <= limit
    for moves in (rises, falls):
        ratios = [abs(m.comparison.ratio) for m in moves]
        assert ratios == sorted(ratios, reverse=True)
        for m in moves:
            assert m.comparison.base >= MIN_BASE
            assert abs(m.comparison.ratio) >= MIN_SHARE
    # nothing material is left out while a shorter list has room
    material = [c for c in changes if is_material_change(c[1], "cái")]
    assert len(rises) + len(falls) == min(len([c for c in material if c[1].change > 0]), limit) \
        + min(len([c for c in material if c[1].change < 0]), limit)

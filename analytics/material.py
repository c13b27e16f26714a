"""The material-move rule: which changes are worth naming, and in what order.

One rule for the overview's "Biến động đáng chú ý" and the report's summary, so the two
never disagree about what moved. A change of an indicator between two months or periods
(an ``analytics.comparisons.Comparison``) is *material* when all of these hold:

1. both values are there (a missing month is never taken as zero);
2. the indicator is not a rate (unit ``%``): a rate moves in points, and a relative change
   of a percentage (3% → 7% "+133%") says nothing;
3. the base is at least ``MIN_BASE`` (10) in the indicator's own unit: on a smaller base a
   change of one or two makes a large percentage out of nothing (1 → 2 is "+100%");
4. the change is at least ``MIN_SHARE`` (10%) of the base.

Material moves are ranked by the size of the relative change, largest first (equal sizes:
the larger absolute change, then the indicator code), rises and falls in separate lists
of at most ``LIST_SIZE`` (3) each. Nothing else filters them: a list says "từ 10% trở
lên" because that is the whole rule.

>>> from core.months import Month
>>> small = Comparison("x", Month(2023, 1), Month(2022, 1), 2.0, 1.0)
>>> big = Comparison("x", Month(2023, 1), Month(2022, 1), 132.0, 120.0)
>>> tiny = Comparison("x", Month(2023, 1), Month(2022, 1), 544.0, 540.0)
>>> [is_material_change(c, "mẫu") for c in (small, big, tiny)]
[False, True, False]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from analytics.comparisons import Comparison

MIN_BASE = 10.0
MIN_SHARE = 0.10
LIST_SIZE = 3
RATE_UNIT = "%"

K = TypeVar("K")


@dataclass(frozen=True)
class Move(Generic[K]):
    """A material change of ``key`` (an indicator or its code)."""

    key: K
    comparison: Comparison

    @property
    def rise(self) -> bool:
        return (self.comparison.change or 0) > 0


def is_material_change(comp: Comparison, unit: str) -> bool:
    """Rule 1–4 of the module docstring for one change of an indicator measured in
    ``unit``."""
    if not comp.ok or unit.strip() == RATE_UNIT:
        return False
    if comp.base < MIN_BASE or comp.ratio is None:
        return False
    return abs(comp.ratio) >= MIN_SHARE


def _order(move: Move) -> tuple[float, float, str]:
    comp = move.comparison
    return (-abs(comp.ratio), -abs(comp.change), str(getattr(move.key, "code", move.key)))


def material_moves(changes: Iterable[tuple[K, Comparison, str]], limit: int = LIST_SIZE
                   ) -> tuple[list[Move[K]], list[Move[K]]]:
    """The material rises and falls among ``changes`` (``key, comparison, unit``), each
    list largest first and at most ``limit`` long."""
    moves = [Move(key, comp) for key, comp, unit in changes if is_material_change(comp, unit)]
    rises = sorted((m for m in moves if m.rise), key=_order)
    falls = sorted((m for m in moves if not m.rise), key=_order)
    return rises[:limit], falls[:limit]

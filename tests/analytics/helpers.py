"""Small builders for analytics tests: a catalogue and figures frames from tables."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.catalog import Catalog, Indicator, OrgUnit, Section, Target


def unit(code: str, parent: str = "D", successor: str | None = None,
         valid_to: date | None = None, valid_from: date | None = None) -> OrgUnit:
    return OrgUnit(code, f"Đơn vị {code}", "unit", parent, ("S",), valid_from, valid_to,
                   successor)


def indicator(code: str, owner: str = "A", aggregation: str = "sum", headline: bool = False,
              valid_from: date | None = None, valid_to: date | None = None,
              successor: str | None = None, name: str | None = None) -> Indicator:
    return Indicator(code, name or f"Chỉ tiêu {code}", (), "cái", "S", owner, aggregation,
                     "up", 0, headline, valid_from, valid_to, successor)


def catalog(indicators=(), units=None, targets=()) -> Catalog:
    units = list(units) if units is not None else [unit("A"), unit("B")]
    dept = OrgUnit("D", "Sở", "department", None, (), None, None, None)
    return Catalog([dept, *units], [Section("S", "Mục", None, 1, None, None)],
                   list(indicators) or [indicator("X")],
                   [Target(*t) for t in targets])


def figures(rows) -> pd.DataFrame:
    """Rows of (unit, period, indicator, value) as a figures frame."""
    frame = pd.DataFrame(list(rows), columns=["unit", "period", "indicator", "value"])
    frame["value"] = frame["value"].astype("float64")
    return frame


def monthly(indicator_code: str, values: dict[str, float], unit_code: str = "A"
            ) -> pd.DataFrame:
    return figures((unit_code, p, indicator_code, v) for p, v in values.items())

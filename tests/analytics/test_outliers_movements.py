import pandas as pd
import pytest

from analytics.movements import FALL, OUTLIER, RISE, notable_movements
from analytics.outliers import RECENT, SAME_MONTH, check, flagged_months, modified_z
from analytics.series import indicator_series
from core.months import Month
from tests.analytics.helpers import catalog, indicator, monthly


def _steady(months: int, start: str = "2020-01", level: float = 100.0) -> dict[str, float]:
    periods = pd.period_range(start, periods=months, freq="M")
    return {str(p): level + (i % 5) - 2 for i, p in enumerate(periods)}


@pytest.mark.parametrize(("history_months", "value", "basis", "flagged"), [
    (12, 300.0, RECENT, True),  # far above a steady history
    (12, 101.0, RECENT, False),  # ordinary
    (3, 300.0, None, False),  # too little history: no verdict
    (0, 300.0, None, False),  # first month ever
    (48, 300.0, SAME_MONTH, True),  # enough earlier Januaries: same-month basis
])
def test_outlier_rule(history_months, value, basis, flagged):
    cat = catalog([indicator("X")])
    values = _steady(history_months, start="2019-01") if history_months else {}
    month = Month(2019, 1) + history_months
    values[str(month)] = value
    result = check(indicator_series(monthly("X", values), cat, "X"), month)
    assert result.basis == basis
    assert result.flagged == flagged
    assert result.month == month and result.value == value
    assert all(isinstance(m, Month) and m < month for m in result.history_months)


def test_gaps_are_not_zero_in_history():
    cat = catalog([indicator("X")])
    values = _steady(12)
    del values["2020-05"]
    values["2021-01"] = 100.0
    result = check(indicator_series(monthly("X", values), cat, "X"), Month(2021, 1))
    assert "2020-05" not in [str(m) for m in result.history_months]
    assert not result.flagged


def test_constant_history_gives_no_score():
    assert modified_z(5.0, pd.Series([2.0] * 8)) is None


def test_flagged_months_lists_the_spike():
    cat = catalog([indicator("X")])
    values = _steady(24)
    values["2020-10"] = 1000.0
    flagged = flagged_months(indicator_series(monthly("X", values), cat, "X"))
    assert [c.month for c in flagged] == [Month(2020, 10)]


def test_movements_name_both_numbers():
    cat = catalog([indicator("UP", name="Mẫu thử nghiệm"), indicator("DOWN", name="Cân"),
                   indicator("GAP")])
    frame = pd.concat([
        monthly("UP", {"2022-01": 400, "2022-12": 500, "2023-01": 750}),
        monthly("DOWN", {"2022-01": 300, "2022-12": 200, "2023-01": 150}),
        monthly("GAP", {"2023-01": 50}),  # no base: never a movement
    ], ignore_index=True)
    series = {c: indicator_series(frame, cat, c) for c in ("UP", "DOWN", "GAP")}
    moves = notable_movements(cat, series, Month(2023, 1))
    texts = [m.text for m in moves]
    assert any(m.kind == RISE and m.indicator == "UP" for m in moves)
    assert any(m.kind == FALL and m.indicator == "DOWN" for m in moves)
    assert not any(m.indicator == "GAP" for m in moves)
    rise = next(t for t in texts if t.startswith("Mẫu thử nghiệm") and "12/2022" in t)
    assert "750" in rise and "500" in rise and "tăng 250" in rise and "50,00%" in rise
    fall = next(t for t in texts if t.startswith("Cân") and "01/2022" in t)
    assert "150" in fall and "300" in fall and "giảm" in fall


def test_movements_include_outliers():
    cat = catalog([indicator("X", name="Phương tiện đo")])
    values = _steady(24)
    values["2022-01"] = 5000.0
    moves = notable_movements(cat, {"X": indicator_series(monthly("X", values), cat, "X")},
                              Month(2022, 1))
    outlier = [m for m in moves if m.kind == OUTLIER]
    assert outlier and "5.000" in outlier[0].text and "bất thường" in outlier[0].text
